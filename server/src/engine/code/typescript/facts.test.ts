// The plaintext and secret facts of the JavaScript/TypeScript front end, read from the model itself:
// what each fact records (kind, name, env variable, handler, range), and that odd input never throws.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCode } from '../index';

function slice(text: string, range: { start: number; end: number }): string {
  return text.slice(range.start, range.end);
}

describe('plaintext and secret facts', () => {
  it('records a secret with its signal, context, name and the env variable it falls back for', () => {
    const text = `const JWT_SECRET = process.env.JWT_SECRET || 'k3y-9f8e7d6c';
const key = 'AKIA2E0A8F3B244C9986';
function sign(payload, secret = 'p4ss-default-77') { return payload; }`;
    const code = analyzeCode({ path: 'a.js', text });
    assert.deepEqual(
      code.secrets.map((secret) => ({ text: slice(text, secret.location.range), kind: secret.kind, signal: secret.signal, context: secret.context, name: secret.name, env: secret.envVariable })),
      [
        { text: "'k3y-9f8e7d6c'", kind: 'secret', signal: 'name', context: 'env-fallback', name: 'JWT_SECRET', env: 'JWT_SECRET' },
        { text: "'AKIA2E0A8F3B244C9986'", kind: 'AWS access key id', signal: 'shape', context: 'variable', name: 'key', env: undefined },
        { text: "'p4ss-default-77'", kind: 'secret', signal: 'name', context: 'parameter', name: 'secret', env: undefined },
      ],
    );
    assert.match(code.secrets[0].description, /fallback of `process\.env\.JWT_SECRET`/);
  });

  it('attributes logs, leaks, writes and mass assignments to the handler whose function holds them', () => {
    const text = `const AWS = require('aws-sdk');
const db = new AWS.DynamoDB.DocumentClient();
function helper(event) { console.log(event.headers); }
exports.main = async (evt) => {
  const data = JSON.parse(evt.body);
  console.log(data);
  try {
    await db.put({ TableName: 't', Item: { ...data, password: data.password } }).promise();
  } catch (err) {
    return { statusCode: 500, body: err.stack };
  }
};`;
    const code = analyzeCode({ path: 'a.js', text });
    assert.deepEqual(code.logs.map((log) => [log.kind, log.what, log.handler ?? null]), [['headers', 'event.headers', null], ['body', 'data', 'main']]);
    assert.deepEqual(code.sensitiveWrites.map((write) => [write.field, write.category, write.service, write.parameter, write.handler]), [['password', 'password', 'DynamoDB', 'Item', 'main']]);
    assert.deepEqual(code.massAssignments.map((fact) => [fact.store, fact.shape, fact.what, fact.handler]), [['DynamoDB Item', 'spread-first', '{ ...data, password: data.password }', 'main']]);
    assert.deepEqual(code.responseLeaks.map((leak) => [leak.kind, leak.what, leak.handler]), [['stack-trace', 'err.stack', 'main']]);
  });

  it('records plain URLs with the call they reach and TLS settings with where they are', () => {
    const text = `const https = require('https');
const BASE = 'http://orders.partner.com';
const options = { url: BASE + '/x', rejectUnauthorized: false };
exports.handler = async () => https.request(options);`;
    const code = analyzeCode({ path: 'a.js', text });
    assert.deepEqual(code.insecureTransport.map((fact) => [fact.kind, fact.what, fact.via, slice(text, fact.location.range)]), [
      ['plaintext-url', 'http://orders.partner.com', 'https.request', "'http://orders.partner.com'"],
      ['tls-verification-disabled', 'rejectUnauthorized: false', '', 'rejectUnauthorized: false'],
    ]);
  });

  it('never throws on broken or deeply nested code, and a skipped file has no facts', () => {
    const broken = analyzeCode({ path: 'b.ts', text: `exports.handler = async (event) => { console.log(event.headers; const x = { password: ` });
    assert.equal(broken.skipped, undefined);
    assert.deepEqual(broken.logs.map((log) => log.kind), ['headers']);
    const nested = analyzeCode({ path: 'n.js', text: `const a = ${'['.repeat(3000)}${']'.repeat(3000)};` });
    // Either skipped as too deep or analysed: never an internal error, never an exception.
    assert.ok(!nested.issues.some((issue) => issue.message.startsWith('internal error')), JSON.stringify(nested.issues));
    assert.deepEqual(nested.secrets, []);
    const minified = analyzeCode({ path: 'm.min.js', text: `var password='s3cr3t-Pa55';` });
    assert.ok(minified.skipped);
    assert.deepEqual(minified.secrets, []);
  });
});

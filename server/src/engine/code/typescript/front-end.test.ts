// The front end's structure facts: export forms and handler candidates, wrappers, imports,
// re-exports and relative imports through a reader (fixtures in test/fixtures/code), auth facts,
// AWS SDK calls, and bad input (minified, generated, too large, broken, cyclic).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeCode, type CodeDocument, type ModuleReader } from '../index';

const FIXTURES = resolve(__dirname, '../../../../../test/fixtures/code');

/** The test's reader: resolves like Node (extensions, index files) inside the fixtures only. */
const fixtureReader: ModuleReader = (fromPath, specifier) => {
  const base = join(dirname(fromPath), specifier);
  if (!base.startsWith(FIXTURES)) return undefined;
  for (const candidate of [base, `${base}.js`, `${base}.ts`, join(base, 'index.js')]) {
    if (existsSync(candidate) && !candidate.endsWith('/')) {
      try {
        return { path: candidate, text: readFileSync(candidate, 'utf8') };
      } catch {
        continue;
      }
    }
  }
  return undefined;
};

function flowsOf(document: CodeDocument): string[] {
  return [...new Set(document.flows.map((flow) => `${flow.handler}: ${document.sources[flow.sourceId].kind} -> ${document.sinks[flow.sinkId].kind}`))].sort();
}

function handlerNames(text: string, path = 'handler.js'): string[] {
  return analyzeCode({ path, text }).handlers.map((handler) => handler.exportName).sort();
}

describe('export forms', () => {
  const cases: Array<[string, string, string[], string?]> = [
    ['exports.x =', `exports.handler = async (event) => ({ statusCode: 200 });`, ['handler']],
    ['module.exports.x =', `module.exports.main = function (event, context) { return 1; };`, ['main']],
    ['module.exports = { x }', `async function hello(event) { return 1; }\nconst bye = async (evt) => 2;\nmodule.exports = { hello, goodbye: bye, async third(event) { return 3; } };`, ['goodbye', 'hello', 'third']],
    ['module.exports = fn', `module.exports = async (event) => 1;`, ['default']],
    ['export const', `export const handler = async (event) => 1;`, ['handler'], 'h.mjs'],
    ['export async function', `export async function handler(event) { return 1; }`, ['handler'], 'h.mjs'],
    ['export default', `export default async function (event) { return 1; }`, ['default'], 'h.mjs'],
    ['export { a as b }', `const impl = async (event) => 1;\nexport { impl as handler };`, ['handler'], 'h.mjs'],
    ['typed TypeScript handler', `import { APIGatewayProxyHandler } from 'aws-lambda';\nexport const handler: APIGatewayProxyHandler = async (e) => ({ statusCode: 200, body: '' });`, ['handler'], 'h.ts'],
    ['destructured first parameter', `export const handler = async ({ Records }) => Records.length;`, ['handler'], 'h.mjs'],
    ['local wrapper', `const wrap = (fn) => async (event) => fn(event);\nexport const handler = wrap(async (event) => event.body);`, ['handler'], 'h.mjs'],
    ['middy().handler(fn)', `import middy from '@middy/core';\nexport const handler = middy().use(cors()).handler(async (event) => 1);`, ['handler'], 'h.mjs'],
    ['class method bound (Powertools)', `class Lambda { async handler(event, context) { return 1; } }\nconst instance = new Lambda();\nexport const handler = instance.handler.bind(instance);`, ['handler'], 'h.ts'],
    ['(event, context, callback) under another name', `export const step1 = (data_, context, callBack) => callBack(null, data_);`, ['step1'], 'h.mjs'],
    ['request-like names count only with a handler-like export name', `export const handler = async (req) => req.body;\nexport const http = (request, response) => response.send('hi');\nexport const onClick = (e) => e.preventDefault();\nexport default async ({ github, context }) => github;`, ['handler'], 'h.mjs'],
    ['not a handler: Azure (context, req)', `module.exports = async function (context, req) { context.res = { body: 'hi' }; };`, []],
    ['not a handler: no event-like parameter', `export const add = (a, b) => a + b;\nexport const VERSION = '1';`, []],
  ];
  for (const [name, code, expected, path] of cases) {
    it(name, () => assert.deepEqual(handlerNames(code, path), expected));
  }

  it('takes the exports a template names as handlers, each with its own trigger', () => {
    const text = `const { exec } = require('child_process');\nexports.api = async (input) => exec(input.body);\nexports.queue = async (input) => { for (const r of input.Records) exec(r.body); };`;
    const document = analyzeCode({ path: 'h.js', text, handlers: [{ exportName: 'api', trigger: 'api-rest' }, { exportName: 'queue', trigger: 'sqs' }, { exportName: 'gone' }] });
    assert.deepEqual(document.handlers.map((handler) => [handler.exportName, handler.trigger, handler.reasons[0]]), [
      ['api', 'api-rest', 'named as the handler by a template'],
      ['queue', 'sqs', 'named as the handler by a template'],
    ]);
    assert.deepEqual(flowsOf(document), ['api: event.body -> command', 'queue: sqs.body -> command']);
    assert.match(document.issues.map((issue) => issue.message).join('\n'), /names export `gone`/);
  });

  it('lists every export, functions or not', () => {
    const document = analyzeCode({ path: 'h.mjs', text: `export const VERSION = '1';\nexport const handler = async (event) => 1;` });
    assert.deepEqual(document.exports.map((entry) => [entry.name, entry.isFunction]), [['VERSION', false], ['handler', true]]);
  });

  it('records wrappers outermost first, including middy middlewares', () => {
    const text = readFileSync(join(FIXTURES, 'middy/handler.ts.txt'), 'utf8');
    const document = analyzeCode({ path: join(FIXTURES, 'middy/handler.ts'), text });
    assert.equal(document.handlers.length, 1);
    const [handler] = document.handlers;
    assert.deepEqual(handler.wrappedBy, ['middy', '.use(jsonBodyParser)', '.use(validator)']);
    assert.equal(handler.triggerHint, 'api-rest');
    assert.equal(text.slice(handler.functionLocation.range.start, handler.functionLocation.range.start + 13), 'async (event:');
    assert.deepEqual(flowsOf(document), ['handler: event.body -> command']);
    const guard = document.guards.find((candidate) => candidate.library === '@middy/validator');
    assert.ok(guard);
    assert.deepEqual(guard.cuts, []);
    // `eventSchema: {}` is read: it constrains nothing.
    assert.match(guard.note ?? '', /free fields stay tainted: value/);
  });
});

describe('export aliases', () => {
  const SHELL = "const { exec } = require('child_process');\n";
  const aliased = (text: string, path = 'h.js') => analyzeCode({ path, text: `${SHELL}${text}`, handlers: [{ exportName: 'handler', trigger: 'api-rest' }] });
  const cases: Array<[string, string, string[], string?]> = [
    ['exports.handler = exports.h0', `exports.h0 = async (event) => exec(event.body);\nexports.handler = exports.h0;`, ['h0: event.body -> command', 'handler: event.body -> command']],
    ['module.exports.handler = module.exports.h0', `module.exports.h0 = function (event) { exec(event.body); };\nmodule.exports.handler = module.exports.h0;`, ['h0: event.body -> command', 'handler: event.body -> command']],
    ["CommonJS forms mixed, in brackets, through a constant", `module.exports = { h0: async (event) => exec(event.body) };\nconst same = exports['h0'];\nexports.handler = same;`, ['h0: event.body -> command', 'handler: event.body -> command']],
    ['an alias of an alias', `exports.h0 = async (event) => exec(event.body);\nexports.h1 = exports.h0;\nexports.handler = module.exports.h1;`, ['h0: event.body -> command', 'h1: event.body -> command', 'handler: event.body -> command']],
    ['exports.handler = exports.h0 = fn', `exports.handler = exports.h0 = async (event) => exec(event.body);`, ['h0: event.body -> command', 'handler: event.body -> command']],
    ['export { h0 as handler }', `export const h0 = async (event) => exec(event.body);\nexport { h0 as handler };`, ['h0: event.body -> command', 'handler: event.body -> command'], 'h.mjs'],
  ];
  for (const [name, code, expected, path] of cases) {
    it(`gives the handler its target's flows: ${name}`, () => {
      const document = aliased(code, path);
      assert.deepEqual(flowsOf(document), expected);
      assert.deepEqual(document.issues, []);
      assert.ok(document.exports.find((entry) => entry.name === 'handler')?.isFunction);
    });
  }

  it('takes no function from an export assigned only after the alias reads it, or from an alias of itself', () => {
    for (const code of [`exports.handler = exports.h0;\nexports.h0 = async (event) => exec(event.body);`, `exports.handler = exports.handler;`, `exports.handler = exports.h1;\nexports.h1 = exports.handler;`]) {
      const document = aliased(code);
      assert.deepEqual(document.handlers.map((handler) => handler.exportName).filter((name) => name === 'handler'), [], code);
      assert.deepEqual(document.issues.map((issue) => issue.message), ['the template names export `handler`, which is not a function this analysis can read (a value a call or a library builds, or an alias of one); its code is not analysed'], code);
    }
  });

  it('follows an alias of a web app behind an adapter', () => {
    const document = aliased(`const serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\napp.get('/run', (req, res) => { exec(req.query.cmd); res.end(); });\nexports.api = serverless(app);\nexports.handler = exports.api;`);
    assert.deepEqual(document.handlers.map((handler) => [handler.exportName, handler.webApp]), [['api', { framework: 'express', routes: ['GET /run'] }], ['handler', { framework: 'express', routes: ['GET /run'] }]]);
    assert.deepEqual(flowsOf(document), ['api: event.queryStringParameters -> command', 'handler: event.queryStringParameters -> command']);
  });
});

describe('imports', () => {
  it('records ESM, CommonJS and dynamic imports with their names', () => {
    const text = `import fs, { readFile as rf } from 'node:fs';\nimport * as s3 from '@aws-sdk/client-s3';\nconst { exec } = require('child_process');\nconst lib = require('./lib');\nexport const handler = async (event) => { const m = await import('lodash'); };`;
    const document = analyzeCode({ path: 'h.mjs', text });
    const summary = document.imports.map((entry) => `${entry.style} ${entry.specifier} ${entry.isRelative ? 'relative' : entry.packageName} [${entry.names.map((name) => `${name.imported}:${name.local}`).join(',')}]`);
    assert.deepEqual(summary, [
      'esm node:fs fs [default:fs,readFile:rf]',
      'esm @aws-sdk/client-s3 @aws-sdk/client-s3 [*:s3]',
      'commonjs child_process child_process [exec:exec]',
      'commonjs ./lib relative [*:lib]',
      'dynamic lodash lodash [*:m]',
    ]);
  });
});

describe('re-exports and relative imports through the reader', () => {
  it('follows a re-exported handler and `export *` into their modules', () => {
    const path = join(FIXTURES, 'reexport/index.js');
    const document = analyzeCode({ path, text: readFileSync(path, 'utf8'), trigger: 'api-rest', readModule: fixtureReader });
    assert.deepEqual(document.reExports.map((entry) => [entry.specifier, entry.isStar, entry.names.map((name) => `${name.imported}->${name.exported}`)]), [
      ['./impl.js', false, ['handler->main']],
      ['./more.js', true, []],
    ]);
    assert.deepEqual(document.handlers.map((handler) => handler.exportName).sort(), ['main', 'other']);
    const main = document.handlers.find((handler) => handler.exportName === 'main')!;
    assert.equal(main.functionLocation.path, join(FIXTURES, 'reexport/impl.js'));
    assert.deepEqual(flowsOf(document), ['main: event.queryStringParameters -> command', 'other: event.body -> url']);
    const flow = document.flows.find((candidate) => candidate.handler === 'main')!;
    assert.equal(document.sinks[flow.sinkId].location.path, join(FIXTURES, 'reexport/impl.js'));
  });

  it('`export *` re-exports every name but `default`, at any depth; `module.exports = require()` keeps it', () => {
    const modules: Record<string, string> = {
      '/app/impl.ts': `import { exec } from 'child_process';\nexport const handler = async (event: any) => { exec('impl ' + event.queryStringParameters.q); };\nexport default async (event: any) => { exec('impldef ' + event.queryStringParameters.q); };`,
      '/app/mid.ts': `export { default } from './impl';\nexport * from './impl';`,
      '/app/impl.js': `const { exec } = require('child_process');\nexports.handler = async (event) => { exec('a ' + event.body); };\nexports.default = async (event) => { exec('b ' + event.body); };`,
    };
    const reader = (from: string, specifier: string) => {
      const path = join(dirname(from), specifier);
      const found = [path, `${path}.ts`].find((name) => modules[name] !== undefined);
      return found ? { path: found, text: modules[found] } : undefined;
    };
    const exportsOf = (text: string, path = '/app/index.ts', handlers?: string[]) => {
      const document = analyzeCode({ path, text, trigger: 'api-http', readModule: reader, ...(handlers && { handlers: handlers.map((exportName) => ({ exportName })) }) });
      return { names: document.handlers.map((handler) => handler.exportName).sort(), issues: document.issues.map((issue) => issue.message) };
    };
    assert.deepEqual(exportsOf(`export * from './impl';`).names, ['handler']);
    assert.deepEqual(exportsOf(`export * from './mid';`).names, ['handler']);
    assert.deepEqual(exportsOf(`export { default as main } from './mid';`).names, ['main']);
    const named = exportsOf(`export * from './impl';`, '/app/index.ts', ['default']);
    assert.ok(!named.names.includes('default'), JSON.stringify(named.names));
    assert.ok(named.issues.some((message) => /exports no function by that name/.test(message)), JSON.stringify(named.issues));
    assert.deepEqual(exportsOf(`module.exports = require('./impl.js');`, '/app/index.js').names, ['default', 'handler']);
  });

  it('without a reader, says re-exports were not followed', () => {
    const document = analyzeCode({ path: 'index.js', text: `export { handler } from './impl.js';` });
    assert.deepEqual(document.handlers, []);
    assert.match(document.issues[0].message, /not followed: no module reader/);
  });

  it('ends a re-export cycle with a reason', () => {
    const path = join(FIXTURES, 'cycle/a.js');
    const document = analyzeCode({ path, text: readFileSync(path, 'utf8'), readModule: fixtureReader });
    assert.ok(document.issues.some((issue) => /re-export cycle: .*a\.js -> .*b\.js -> .*a\.js/.test(issue.message)), JSON.stringify(document.issues));
    assert.deepEqual(document.handlers.map((handler) => handler.exportName), ['handler']);
  });

  it('follows one level of relative imports: a sink in the helper, a throwing validator, a sanitiser', () => {
    const path = join(FIXTURES, 'relative-import/handler.js');
    const document = analyzeCode({ path, text: readFileSync(path, 'utf8'), trigger: 'api-rest', readModule: fixtureReader });
    assert.deepEqual(flowsOf(document), ['handler: event.body -> command']);
    // body.report reaches execSync in lib/report.js; body.name (asserted) and body.other (sanitised) do not.
    assert.equal(document.flows.length, 1);
    const flow = document.flows[0];
    assert.equal(document.sinks[flow.sinkId].location.path, join(FIXTURES, 'relative-import/lib/report.js'));
    assert.ok(flow.steps.some((step) => step.description === 'argument 1 of `runReport`'));
    const text = readFileSync(path, 'utf8');
    const argumentStep = flow.steps.find((step) => step.description === 'argument 1 of `runReport`')!;
    assert.equal(text.slice(argumentStep.location.range.start, argumentStep.location.range.end), 'body.report');
  });

  it('ends a circular import with a reason and still follows the helper', () => {
    const path = join(FIXTURES, 'circular-import/handler.js');
    const document = analyzeCode({ path, text: readFileSync(path, 'utf8'), trigger: 'api-rest', readModule: fixtureReader });
    assert.deepEqual(flowsOf(document), ['handler: event.body -> command']);
    assert.ok(document.issues.some((issue) => /circular import: '\.\/handler'/.test(issue.message)), JSON.stringify(document.issues));
  });

  it('does not follow imports of the imported module (one level)', () => {
    const text = `const { viaDeeper } = require('./lib/report');\nexports.handler = async (event) => viaDeeper(event.body);`;
    const document = analyzeCode({ path: join(FIXTURES, 'relative-import/second.js'), text, trigger: 'api-rest', readModule: fixtureReader });
    assert.deepEqual(document.flows, []);
  });

  it('a reader that throws or returns nothing leaves the call unknown', () => {
    const text = `const { run } = require('./missing');\nexports.handler = async (event) => run(event.body);`;
    for (const readModule of [() => undefined, () => { throw new Error('boom'); }] as ModuleReader[]) {
      const document = analyzeCode({ path: 'h.js', text, trigger: 'api-rest', readModule });
      assert.deepEqual(document.flows, []);
      assert.equal(document.handlers.length, 1);
    }
  });
});

describe('auth facts', () => {
  it('tells verified from unverified tokens, and authorizer claims', () => {
    const text = [
      `const jwt = require('jsonwebtoken');`,
      `const { jwtVerify, decodeJwt } = require('jose');`,
      `const { CognitoJwtVerifier } = require('aws-jwt-verify');`,
      `const { jwtDecode } = require('jwt-decode');`,
      `const verifier = CognitoJwtVerifier.create({ userPoolId: 'x', tokenUse: 'access', clientId: 'y' });`,
      `exports.handler = async (event) => {`,
      `  const token = event.headers.Authorization;`,
      `  jwt.verify(token, 'secret');`,
      `  jwt.decode(token);`,
      `  await jwtVerify(token, key);`,
      `  decodeJwt(token);`,
      `  await verifier.verify(token);`,
      `  jwtDecode(token);`,
      `  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64').toString());`,
      `  const user = event.requestContext.authorizer.claims.sub;`,
      `};`,
    ].join('\n');
    const document = analyzeCode({ path: 'h.js', text, trigger: 'api-rest' });
    const facts = document.authFacts.map((fact) => `${fact.kind} ${fact.via} ${text.slice(fact.location.range.start, fact.location.range.end).slice(0, 24)}`);
    assert.deepEqual(facts.sort(), [
      'authorizer-claims requestContext.authorizer event.requestContext.aut',
      'jwt-unverified jose.decodeJwt decodeJwt(token)',
      'jwt-unverified jsonwebtoken.decode jwt.decode(token)',
      'jwt-unverified jwt-decode jwtDecode(token)',
      'jwt-unverified manual base64 decode Buffer.from(token.split(',
      'jwt-verified aws-jwt-verify verifier.verify(token)',
      'jwt-verified jose.jwtVerify jwtVerify(token, key)',
      "jwt-verified jsonwebtoken.verify jwt.verify(token, 'secre",
    ]);
  });

  it('reads the authorizer context in bracket notation and through an `in` test (the Wild Rydes workshop\'s guard)', () => {
    const text = [
      `exports.handler = async (event) => {`,
      `  if (!("authorizer" in event["requestContext"])) return { statusCode: 403 };`,
      `  const company = event["requestContext"]["authorizer"]["CompanyID"];`,
      `  const authorizerLike = event.requestContext.identity;`,
      `  return { statusCode: 200, body: company };`,
      `};`,
    ].join('\n');
    const document = analyzeCode({ path: 'h.js', text, trigger: 'api-rest' });
    assert.deepEqual(
      document.authFacts.map((fact) => `${fact.kind} ${text.slice(fact.location.range.start, fact.location.range.end)}`),
      ['authorizer-claims "authorizer" in event["requestContext"]', 'authorizer-claims event["requestContext"]["authorizer"]'],
    );
  });

  it('finds a token payload decoded by hand through a variable, destructuring, or a base64url helper', () => {
    const text = [
      `const jose = require('node-jose');`,
      `const b64 = require('base64url');`,
      `import { base64url } from 'jose';`,
      `exports.a = async (event) => {`,
      `  const sections = event.headers.Authorization.split('.');`,
      `  return JSON.parse(jose.util.base64url.decode(sections[1])).username;`,
      `};`,
      `exports.b = async (event) => {`,
      `  const [, payload] = event.headers.authorization.split('.');`,
      `  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).sub;`,
      `};`,
      `exports.c = async (event) => JSON.parse(b64.decode(event.headers.token.split('.')[1])).sub;`,
      `exports.d = async (event) => JSON.parse(new TextDecoder().decode(base64url.decode(event.headers.token.split('.')[1]))).sub;`,
      // Not a token's payload: another separator, the header part, a plain base64 body.
      `exports.e = async (event) => {`,
      `  const fields = event.body.split(',');`,
      `  const parts = event.headers.token.split('.');`,
      `  return [Buffer.from(fields[1], 'base64'), Buffer.from(parts[0], 'base64'), atob(event.body)];`,
      `};`,
    ].join('\n');
    const document = analyzeCode({ path: 'h.js', text, trigger: 'api-rest' });
    const lines = document.authFacts.filter((fact) => fact.kind === 'jwt-unverified').map((fact) => text.slice(0, fact.location.range.start).split('\n').length);
    assert.deepEqual(lines, [6, 10, 12, 13]);
  });
});

describe('AWS SDK calls', () => {
  it('records v3 commands, aggregated v3 clients, v2 services and DocumentClient methods', () => {
    const text = [
      `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';`,
      `import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';`,
      `import { SQS } from '@aws-sdk/client-sqs';`,
      `import AWS from 'aws-sdk';`,
      `const s3 = new S3Client({});`,
      `const sqs = new SQS({});`,
      `const legacy = new AWS.S3();`,
      `const doc = new AWS.DynamoDB.DocumentClient();`,
      `export const handler = async (event) => {`,
      `  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));`,
      `  await docClient.send(new QueryCommand({ TableName: 't' }));`,
      `  await sqs.sendMessage({ QueueUrl: 'q', MessageBody: 'm' });`,
      `  await legacy.getObject({ Bucket: 'b', Key: 'k' }).promise();`,
      `  await doc.put({ TableName: 't', Item: {} }).promise();`,
      `};`,
    ].join('\n');
    const document = analyzeCode({ path: 'h.mjs', text });
    assert.deepEqual(document.awsCalls.map((call) => `v${call.sdkVersion} ${call.packageName} ${call.service}.${call.operation}`), [
      'v3 @aws-sdk/client-s3 S3.PutObject',
      'v3 @aws-sdk/lib-dynamodb DynamoDB.DocumentClient.Query',
      'v3 @aws-sdk/client-sqs SQS.SendMessage',
      'v2 aws-sdk S3.getObject',
      'v2 aws-sdk DynamoDB.DocumentClient.put',
    ]);
    const first = document.awsCalls[0];
    assert.match(text.slice(first.location.range.start, first.location.range.end), /^new PutObjectCommand\(/);
  });
});

describe('bad input', () => {
  it('skips minified code, bundles, generated files and files over 1 MB with a reason', () => {
    const minified = `exports.handler=async e=>{${'var a=1;'.repeat(2000)}};`;
    assert.match(analyzeCode({ path: 'h.js', text: minified }).skipped ?? '', /minified/);
    assert.match(analyzeCode({ path: 'vendor.min.js', text: 'var a;' }).skipped ?? '', /minified/);
    assert.match(analyzeCode({ path: 'h.js', text: `// Code generated by protoc. DO NOT EDIT.\nexports.x = 1;` }).skipped ?? '', /generated/);
    assert.match(analyzeCode({ path: 'h.js', text: `(function(modules){ function __webpack_require__(id){} })([]);` }).skipped ?? '', /bundled/);
    const large = `exports.handler = async (event) => 1;\n${'// padding line of a big file\n'.repeat(40_000)}`;
    const document = analyzeCode({ path: 'h.js', text: large });
    assert.match(document.skipped ?? '', /over 1 MB/);
    assert.deepEqual(document.handlers, []);
    assert.match(analyzeCode({ path: 'app.py', text: 'def handler(event, context): pass' }).skipped ?? '', /not a JavaScript or TypeScript/);
  });

  it('analyses what parses when the file is broken mid-typing', () => {
    const text = `const { exec } = require('child_process');\nexports.handler = async (event) => {\n  exec(event.body);\n  const x = {\n  if (\n};\n`;
    const document = analyzeCode({ path: 'h.js', text, trigger: 'api-rest' });
    assert.match(document.issues[0].message, /syntax error/);
    assert.deepEqual(flowsOf(document), ['handler: event.body -> command']);
  });

  it('never throws on odd syntax', () => {
    const texts = ['', '}}}{{{', 'export default', 'exports.handler = ', 'module.exports = require', '<div>{</div>', 'class { handler(', 'export { a as } from', 'for await (const x of event.Records) {', '@decorator class A { @x() m(event) {} }'];
    for (const text of texts) {
      for (const path of ['h.js', 'h.tsx', 'h.ts']) {
        const document = analyzeCode({ path, text, trigger: 'api-rest' });
        assert.equal(document.path, path);
      }
    }
  });

  it('skips code nested too deeply to walk, with a reason', () => {
    const text = `exports.handler = async (event) => ${'f(\n'.repeat(3000)}event.body${')\n'.repeat(3000)};`;
    const document = analyzeCode({ path: 'h.js', text, trigger: 'api-rest' });
    assert.match(document.skipped ?? '', /nests too deeply/);
  });

  it('stops at the work budget and says so', () => {
    const body = Array.from({ length: 200 }, (_, index) => `  exec('echo ' + event.queryStringParameters.p${index});`).join('\n');
    const text = `const { exec } = require('child_process');\nexports.handler = async (event) => {\n${body}\n};`;
    const limited = analyzeCode({ path: 'h.js', text, trigger: 'api-rest', workBudget: 500 });
    assert.match(limited.issues.map((issue) => issue.message).join('\n'), /analysis budget reached in handler `handler`/);
    assert.ok(limited.flows.length > 0 && limited.flows.length < 200, `${limited.flows.length} flows before the budget`);
    assert.equal(analyzeCode({ path: 'h.js', text, trigger: 'api-rest' }).flows.length, 200);
  });

  it('ends recursion and mutual recursion between helpers', () => {
    const text = `const { exec } = require('child_process');\nfunction a(x, n) { return n ? b(x, n - 1) : exec(x); }\nfunction b(x, n) { return a(x, n); }\nconst self = (x) => self(x);\nexports.handler = async (event) => { a(event.body, 3); self(event.body); };`;
    const document = analyzeCode({ path: 'h.js', text, trigger: 'api-rest' });
    assert.deepEqual(flowsOf(document), ['handler: event.body -> command']);
  });

  it('stays linear on a generated 6,000-line file of chained helpers (a blow-up guard, not a benchmark)', (context) => {
    const count = 600;
    const lines: string[] = [`const { exec } = require('child_process');`, `const fs = require('fs');`];
    for (let index = 0; index < count; index++) {
      // Each helper calls the previous one: summaries nest, and paths and steps must not grow with the chain.
      lines.push(`function helper${index}(value) {`, `  const trimmed = value.trim();`, `  const parts = trimmed.split(',').map((part) => part.toLowerCase());`, `  if (parts.length > 3) return helper${Math.max(0, index - 1)}(parts[0]);`, `  return \`item-\${parts.join('-')}\`;`, `}`);
    }
    lines.push(`exports.handler = async (event) => {`);
    for (let index = 0; index < count; index++) lines.push(`  const v${index} = helper${index}(event.queryStringParameters.p${index});`, `  if (v${index}.length > 10) fs.readFileSync('/data/' + v${index});`, `  await exec('echo ' + v${index});`, `  console.log(v${index});`);
    lines.push(`};`);
    const text = lines.join('\n');
    const before = process.cpuUsage();
    const document = analyzeCode({ path: 'big.js', text, trigger: 'api-rest' });
    const used = process.cpuUsage(before);
    const milliseconds = (used.user + used.system) / 1000;
    context.diagnostic(`${lines.length} lines analysed in ${milliseconds.toFixed(0)} ms of CPU`);
    assert.equal(document.issues.length, 0, JSON.stringify(document.issues));
    assert.equal(document.flows.length, 2 * count);
    assert.ok(document.flows.every((flow) => flow.steps.length <= 24));
    // Linear: about 0.3-0.6 s of CPU on the shared machine. The quadratic version this guards against took over 10 s.
    assert.ok(milliseconds < 4000, `took ${milliseconds} ms of CPU`);
  });
});

describe('web apps behind a Lambda adapter', () => {
  const EXPRESS = "const express = require('express');\nconst app = express();\napp.get('/a', (req, res) => res.json({}));\napp.post('/b', (req, res) => res.json({}));\n";
  const forms: Array<{ name: string; path?: string; code: string; framework: string }> = [
    { name: 'serverless-http, CommonJS export', code: `${EXPRESS}const serverless = require('serverless-http');\nmodule.exports.handler = serverless(app);`, framework: 'express' },
    { name: 'serverless-http through a constant, exported by name', code: `${EXPRESS}const serverless = require('serverless-http');\nconst handler = serverless(app, { binary: ['image/*'] });\nmodule.exports = { handler };`, framework: 'express' },
    { name: '@vendia/serverless-express with { app }, ES module', path: 'app.mjs', code: `import express from 'express';\nimport serverlessExpress from '@vendia/serverless-express';\nconst app = express();\napp.get('/a', (req, res) => res.json({}));\napp.post('/b', (req, res) => res.json({}));\nexport const handler = serverlessExpress({ app });`, framework: 'express' },
    { name: '@codegenie/serverless-express configure', code: `${EXPRESS}const serverlessExpress = require('@codegenie/serverless-express');\nexports.handler = serverlessExpress.configure({ app: app });`, framework: 'express' },
    { name: '@fastify/aws-lambda', path: 'app.ts', code: `import Fastify from 'fastify';\nimport awsLambdaFastify from '@fastify/aws-lambda';\nconst app = Fastify();\napp.get('/a', async () => ({}));\napp.post('/b', async () => ({}));\nexport const handler = awsLambdaFastify(app);`, framework: 'fastify' },
    { name: 'a Koa app and its router behind serverless-http', code: `const serverless = require('serverless-http');\nconst Koa = require('koa');\nconst Router = require('koa-router');\nconst app = new Koa();\nconst router = new Router();\nrouter.get('/a', (ctx) => { ctx.body = {}; });\nrouter.post('/b', (ctx) => { ctx.body = {}; });\napp.use(router.routes());\nmodule.exports.handler = serverless(app);`, framework: 'koa' },
  ];
  for (const form of forms) {
    it(`finds the routes: ${form.name}`, () => {
      const document = analyzeCode({ path: `/app/${form.path ?? 'app.js'}`, text: form.code, handlers: [{ exportName: 'handler', trigger: 'api-http' }] });
      assert.deepEqual(document.issues.filter((issue) => /exports no function/.test(issue.message)), []);
      assert.deepEqual(document.handlers.map((handler) => ({ exportName: handler.exportName, webApp: handler.webApp })), [{ exportName: 'handler', webApp: { framework: form.framework, routes: ['GET /a', 'POST /b'] } }]);
    });
  }

  it('takes no app for a handler when the adapter wraps something else, or nothing registers a route', () => {
    const notAnApp = analyzeCode({ path: '/app/a.js', text: "const serverless = require('serverless-http');\nconst app = require('./app');\nmodule.exports.handler = serverless(app);", handlers: [{ exportName: 'handler' }] });
    assert.deepEqual(notAnApp.handlers, []);
    assert.deepEqual(notAnApp.issues.map((issue) => issue.message), ["the template names export `handler`, which hands its event to serverless-http with the app of './app', which could not be read as an Express, Fastify or Koa app: its input is not followed"]);
    const noRoutes = analyzeCode({ path: '/app/b.js', text: "const serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\nmodule.exports.handler = serverless(app);", handlers: [{ exportName: 'handler' }] });
    assert.deepEqual(noRoutes.handlers, []);
    assert.deepEqual(noRoutes.issues.map((issue) => issue.message), ["the template names export `handler`, which hands its event to serverless-http, but the app's routes are registered neither in this file nor in a module it mounts (routes registered by plugins are not read): its input is not followed"]);
  });

  /** An in-memory reader of relative modules under /app. */
  const readerOf = (files: Record<string, string>) => (from: string, specifier: string) => {
    const base = from.slice(0, from.lastIndexOf('/'));
    const path = `${base}/${specifier.replace(/^\.\//, '')}`;
    for (const candidate of [path, `${path}.js`, `${path}.ts`]) if (files[candidate] !== undefined) return { path: candidate, text: files[candidate] };
    return undefined;
  };
  const ROUTES = "app.get('/run', (req, res) => { exec('ls ' + req.query.dir); res.json({}); });\n";
  const SHELL = "const { exec } = require('child_process');\n";

  const forwarding: Array<{ name: string; code: string; adapter: string }> = [
    { name: 'aws-serverless-express: proxy(createServer(app), event, context)', adapter: 'aws-serverless-express', code: `${SHELL}const express = require('express');\nconst awsServerlessExpress = require('aws-serverless-express');\nconst app = express();\n${ROUTES}const server = awsServerlessExpress.createServer(app);\nexports.handler = (event, context) => awsServerlessExpress.proxy(server, event, context);` },
    { name: "aws-serverless-express's PROMISE mode, named imports, server made on first use", adapter: 'aws-serverless-express', code: `${SHELL}import express from 'express';\nimport { createServer, proxy } from 'aws-serverless-express';\nconst app = express();\n${ROUTES}let cached;\nasync function bootstrap() { if (!cached) cached = createServer(app); return cached; }\nexport const handler = async (event, context) => { cached = await bootstrap(); return proxy(cached, event, context, 'PROMISE').promise; };` },
    { name: 'serverless-http kept in a constant and called with the event', adapter: 'serverless-http', code: `${SHELL}const serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\n${ROUTES}const wrapped = serverless(app);\nmodule.exports.handler = async (event, context) => { const result = await wrapped(event, context); return result; };` },
    { name: "serverless-express's asynchronous set-up (the instance assigned in a set-up function)", adapter: '@vendia/serverless-express', code: `${SHELL}const serverlessExpress = require('@vendia/serverless-express');\nconst express = require('express');\nconst app = express();\n${ROUTES}let instance;\nasync function setup(event, context) {\n  instance = serverlessExpress({ app });\n  return instance(event, context);\n}\nfunction handler(event, context) {\n  if (instance) return instance(event, context);\n  return setup(event, context);\n}\nexports.handler = handler;` },
    { name: 'serverless-http assigned with ??= inside the handler', adapter: 'serverless-http', code: `${SHELL}const serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\n${ROUTES}let wrapped;\nexports.handler = async (event, context) => { wrapped ??= serverless(app); return wrapped(event, context); };` },
  ];
  for (const form of forwarding) {
    it(`follows a function that hands its event to the adapter: ${form.name}`, () => {
      const document = analyzeCode({ path: '/app/index.js', text: form.code, handlers: [{ exportName: 'handler', trigger: 'api-http' }] });
      assert.deepEqual(document.handlers.map((handler) => ({ exportName: handler.exportName, wrappedBy: handler.wrappedBy, webApp: handler.webApp })), [{ exportName: 'handler', wrappedBy: [form.adapter], webApp: { framework: 'express', routes: ['GET /run'] } }]);
      assert.deepEqual(flowsOf(document), ['handler: event.queryStringParameters -> command']);
    });
  }

  it('reads an app built in a relative module (require, default import, named import), and the routers it mounts', () => {
    const appModule = `${SHELL}const express = require('express');\nconst app = express();\n${ROUTES}app.use('/users', require('./routes/users'));\nmodule.exports = app;`;
    const users = `${SHELL}const router = require('express').Router();\nrouter.get('/', (req, res) => exec(req.query.user));\nmodule.exports = router;`;
    const files = { '/app/app.js': appModule, '/app/routes/users.js': users, '/app/named.ts': `import express from 'express';\n${SHELL}export const app = express();\n${ROUTES}` };
    const entries = [
      `const awsServerlessExpress = require('aws-serverless-express');\nconst app = require('./app');\nconst server = awsServerlessExpress.createServer(app);\nexports.handler = (event, context) => awsServerlessExpress.proxy(server, event, context);`,
      `import serverless from 'serverless-http';\nimport app from './app';\nexport const handler = serverless(app);`,
      `import serverless from 'serverless-http';\nimport { app } from './named';\nexport const handler = serverless(app);`,
    ];
    for (const text of entries) {
      const document = analyzeCode({ path: '/app/index.js', text, handlers: [{ exportName: 'handler', trigger: 'api-http' }], readModule: readerOf(files) });
      const mountsUsers = !text.includes('./named');
      assert.deepEqual(document.handlers.map((handler) => handler.webApp), [{ framework: 'express', routes: mountsUsers ? ['GET /run', 'GET /users'] : ['GET /run'] }], text);
      assert.deepEqual(flowsOf(document), ['handler: event.queryStringParameters -> command'], text);
      const sinkPaths = document.flows.map((flow) => document.sinks[flow.sinkId].location.path).sort();
      assert.deepEqual(sinkPaths, mountsUsers ? ['/app/app.js', '/app/routes/users.js'] : ['/app/named.ts'], text);
      assert.match(document.handlers[0].reasons.join('\n'), /the app is built in \/app\/(app\.js|named\.ts)/);
    }
  });

  it('reads a Nest app: the controllers of the root module and of the modules it imports, with decorated parameters as input', () => {
    const main = `import { Handler } from 'aws-lambda';\nimport serverlessExpress from '@vendia/serverless-express';\nimport { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nlet server: Handler;\nasync function bootstrap(): Promise<Handler> {\n  const app = await NestFactory.create(AppModule);\n  await app.init();\n  const expressApp = app.getHttpAdapter().getInstance();\n  return serverlessExpress({ app: expressApp });\n}\nexport const handler: Handler = async (event, context, callback) => {\n  server = server ?? (await bootstrap());\n  return server(event, context, callback);\n};`;
    const files: Record<string, string> = {
      '/app/src/app.module.ts': `import { Module } from '@nestjs/common';\nimport { AppController } from './app.controller';\nimport UsersModule from './users/users.module';\n@Module({ imports: [UsersModule], controllers: [AppController], providers: [] })\nexport class AppModule {}`,
      '/app/src/app.controller.ts': `import { Controller, Get, Query } from '@nestjs/common';\nimport { exec } from 'child_process';\n@Controller()\nexport class AppController {\n  @Get('hello')\n  hello(@Query('name') name: string): string {\n    return 'Hello ' + name;\n  }\n  @Get('ping')\n  ping(@Query('host') host: string) {\n    exec('ping -c 1 ' + host);\n  }\n}`,
      '/app/src/users/users.module.ts': `import { Module } from '@nestjs/common';\nimport { UsersController } from './users.controller';\n@Module({ controllers: [UsersController] })\nexport default class UsersModule {}`,
      '/app/src/users/users.controller.ts': `import { Body, Controller, Headers, Param, Post, Req } from '@nestjs/common';\nimport { execSync } from 'child_process';\nimport * as fs from 'fs';\n@Controller('users')\nexport class UsersController {\n  @Post(':id/avatar')\n  upload(@Param('id') id: string, @Body() body: { file: string }, @Headers('x-trace') trace: string, @Req() req: any) {\n    fs.writeFileSync('/tmp/' + body.file, id);\n    execSync(\`echo \${req.query.note}\`);\n    return { id, trace };\n  }\n  helper(value: string) { execSync(value); }\n}`,
    };
    const document = analyzeCode({ path: '/app/src/lambda.ts', text: main, handlers: [{ exportName: 'handler', trigger: 'api-rest' }], readModule: readerOf(files) });
    assert.deepEqual(document.handlers.map((handler) => [handler.exportName, handler.wrappedBy, handler.webApp]), [['handler', ['@vendia/serverless-express'], { framework: 'nest', routes: ['GET /hello', 'GET /ping', 'POST /users/:id/avatar'] }]]);
    // `hello` returns text built from the query: Nest sends a string with res.send, as text/html.
    assert.deepEqual(flowsOf(document), ['handler: event.body -> path', 'handler: event.queryStringParameters -> command', 'handler: event.queryStringParameters -> html']);
    const paths = document.flows.map((flow) => document.sinks[flow.sinkId].location.path).sort();
    assert.deepEqual(paths, ['/app/src/app.controller.ts', '/app/src/app.controller.ts', '/app/src/users/users.controller.ts', '/app/src/users/users.controller.ts']);
    assert.deepEqual(document.issues, []);
  });

  it('follows a Nest route into the services its controller injects, in its module or another, and into its own methods', () => {
    const main = `import serverlessExpress from '@vendia/serverless-express';\nimport { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nlet server;\nexport const handler = async (event, context) => {\n  if (!server) { const app = await NestFactory.create(AppModule); await app.init(); server = serverlessExpress({ app: app.getHttpAdapter().getInstance() }); }\n  return server(event, context);\n};`;
    const controller = `import { Body, Controller, Get, Post, Query } from '@nestjs/common';\nimport { OrdersService } from './orders.service';\nimport ReportsService from './reports.service';\nimport { Pool } from 'pg';\nconst pool = new Pool();\nclass LocalAudit {\n  record(note: string) { return pool.query(\`INSERT INTO audit VALUES ('\${note}')\`); }\n}\n@Controller('orders')\nexport class OrdersController {\n  constructor(private readonly orders: OrdersService, private reports: ReportsService, private readonly audit: LocalAudit, plain: OrdersService) {}\n  @Post()\n  create(@Body() body: { sku: string; note: string }) {\n    this.audit.record(body.note);\n    return this.orders.create(body.sku);\n  }\n  @Get('report')\n  report(@Query('format') format: string) {\n    return this.render(format);\n  }\n  @Get('safe')\n  safe(@Query('id') id: string) {\n    return this.orders.find(Number(id));\n  }\n  private render(format: string) { return this.reports.build(format); }\n}`;
    const service = `import { Injectable } from '@nestjs/common';\nimport { execSync } from 'child_process';\n@Injectable()\nexport class OrdersService {\n  create(sku: string) {\n    return execSync('./reserve ' + sku).toString();\n  }\n  find(id: number) {\n    return execSync('./lookup ' + id).toString();\n  }\n}`;
    const reports = `import { Injectable } from '@nestjs/common';\nimport { exec } from 'child_process';\n@Injectable()\nexport default class ReportsService {\n  build = (format: string) => { exec('report --format ' + format); return 'ok'; };\n}`;
    const files = {
      '/app/app.module.ts': `import { Module } from '@nestjs/common';\nimport { OrdersController } from './orders.controller';\nimport { OrdersService } from './orders.service';\n@Module({ controllers: [OrdersController], providers: [OrdersService] })\nexport class AppModule {}`,
      '/app/orders.controller.ts': controller,
      '/app/orders.service.ts': service,
      '/app/reports.service.ts': reports,
    };
    const document = analyzeCode({ path: '/app/lambda.ts', text: main, handlers: [{ exportName: 'handler', trigger: 'api-rest' }], readModule: readerOf(files) });
    const sinks = document.flows.map((flow) => {
      const sink = document.sinks[flow.sinkId];
      return `${document.sources[flow.sourceId].eventPath} -> ${sink.kind} in ${sink.location.path}`;
    });
    // `safe` turns the id into a number first; the service's sink is the same as `create`'s.
    assert.deepEqual(sinks.sort(), ['event.body -> command in /app/orders.service.ts', 'event.body -> sql in /app/orders.controller.ts', 'event.queryStringParameters -> command in /app/reports.service.ts']);
    assert.deepEqual(document.issues, []);
  });

  it('takes a Nest route that sets a JSON content type, takes the response, or returns an object as no HTML sink', () => {
    const main = `import serverlessExpress from '@vendia/serverless-express';\nimport { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nlet server;\nexport const handler = async (event, context) => {\n  if (!server) { const app = await NestFactory.create(AppModule); await app.init(); server = serverlessExpress({ app: app.getHttpAdapter().getInstance() }); }\n  return server(event, context);\n};`;
    const controller = `import { Controller, Get, Header, Query, Res } from '@nestjs/common';\n@Controller('x')\nexport class XController {\n  @Get('a')\n  @Header('Cache-Control', 'no-store')\n  @Header('Content-Type', 'application/json')\n  a(@Query('q') q: string) { return q; }\n  @Get('b')\n  b(@Query('q') q: string, @Res() res) { res.json({ q }); }\n  @Get('c')\n  c(@Query('q') q: string) { return { q }; }\n  @Get('d')\n  @Header('Content-Type', 'text/html')\n  d(@Query('q') q: string) { return '<p>' + q; }\n}`;
    const files = { '/app/app.module.ts': `import { Module } from '@nestjs/common';\nimport { XController } from './x.controller';\n@Module({ controllers: [XController] })\nexport class AppModule {}`, '/app/x.controller.ts': controller };
    const document = analyzeCode({ path: '/app/lambda.ts', text: main, handlers: [{ exportName: 'handler', trigger: 'api-rest' }], readModule: readerOf(files) });
    assert.deepEqual(document.handlers.map((handler) => handler.webApp), [{ framework: 'nest', routes: ['GET /x/a', 'GET /x/b', 'GET /x/c', 'GET /x/d'] }]);
    assert.deepEqual(document.flows.map((flow) => document.sinks[flow.sinkId].location.range.start), [controller.indexOf("'<p>' + q")]);
  });

  it('analyses a function that hands its event to an app with no readable routes (a Nest app whose modules cannot be read) as itself, and says so', () => {
    const text = `import { createServer, proxy } from 'aws-serverless-express';\nimport { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nlet cachedServer;\nasync function bootstrapServer() {\n  const expressApp = require('express')();\n  const nestApp = await NestFactory.create(AppModule, expressApp);\n  await nestApp.init();\n  cachedServer = createServer(expressApp);\n  return cachedServer;\n}\nexport const handler = async (event, context) => {\n  cachedServer = await bootstrapServer();\n  return proxy(cachedServer, event, context, 'PROMISE').promise;\n};`;
    const document = analyzeCode({ path: '/app/main.ts', text, handlers: [{ exportName: 'handler', trigger: 'api-rest' }] });
    assert.deepEqual(document.handlers.map((handler) => [handler.exportName, handler.webApp]), [['handler', undefined]]);
    assert.deepEqual(document.issues.map((issue) => [issue.severity, issue.message]), [['warning', 'the template names export `handler`, which hands its event to aws-serverless-express with a Nest app whose controllers could not be read through its modules: its input is not followed']]);
  });

  it('reports input in a string sent as the body of an Express or Koa response (text/html), not an object sent as JSON', () => {
    const koa = (body: string, extra = '') => `const serverless = require('serverless-http');\nconst Koa = require('koa');\nconst Router = require('@koa/router');\nconst app = new Koa();\nconst router = new Router();\nrouter.get('/hello', (ctx) => {\n  const name = ctx.query.name;\n${extra}  ctx.body = ${body};\n});\napp.use(router.routes());\nmodule.exports.handler = serverless(app);`;
    const express = (body: string) => `const serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\napp.get('/hello', (req, res) => {\n  const name = req.query.name;\n  res.send(${body});\n});\nmodule.exports.handler = serverless(app);`;
    const cases: Array<[string, string[]]> = [
      [koa('`<h1>Hello ${name}</h1>`'), ['handler: event.queryStringParameters -> html']],
      [koa('name'), ['handler: event.queryStringParameters -> html']],
      [koa('`<h1>Hello ${name}</h1>`', "  ctx.type = 'text/plain';\n"), []],
      [koa('`<h1>Hello ${name}</h1>`', "  ctx.set('Content-Type', 'application/json');\n"), []],
      [koa('{ greeting: name }'), []],
      [koa('ctx.query'), []],
      [express('`<h1>Hello ${name}</h1>`'), ['handler: event.queryStringParameters -> html']],
      [express('{ greeting: name }'), []],
      [express('[name]'), []],
      // A member of the query may be a string the caller chose (qs reads `?name=<b>`): sent as HTML. The whole query map is JSON.
      [express('name'), ['handler: event.queryStringParameters -> html']],
      [express('req.query'), []],
      [express('req.body'), []],
    ];
    for (const [text, expected] of cases) {
      const document = analyzeCode({ path: '/app/index.js', text, handlers: [{ exportName: 'handler', trigger: 'api-http' }] });
      assert.deepEqual(flowsOf(document), expected, text);
    }
  });

  it("reads Fastify's app.route({ method, url, handler }), and its reply.send as HTML only with an HTML type", () => {
    const fastify = (routes: string) => `import Fastify from 'fastify';\nimport awsLambdaFastify from '@fastify/aws-lambda';\nconst app = Fastify();\n${routes}\nexport const handler = awsLambdaFastify(app);`;
    const declared = analyzeCode({ path: '/app/app.ts', text: fastify("app.route({ method: ['GET', 'HEAD'], url: '/a', handler: async (request, reply) => reply.send('Hello ' + request.query.name) });\napp.route({ method: 'POST', url: '/b', handler(request, reply) { reply.type('text/html').send('<p>' + request.body.name + '</p>'); } });"), handlers: [{ exportName: 'handler', trigger: 'api-http' }] });
    assert.deepEqual(declared.handlers.map((handler) => handler.webApp), [{ framework: 'fastify', routes: ['GET,HEAD /a', 'POST /b'] }]);
    // A string goes out as text/plain from Fastify; the second route sets text/html.
    assert.deepEqual(declared.sinks.map((sink) => sink.callee), ['reply.send (text/html)']);
    assert.deepEqual(flowsOf(declared), ['handler: event.body -> html']);
    const express = (chain: string) => `const serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\napp.get('/a', (req, res) => res.${chain}('<p>' + req.query.name + '</p>'));\nmodule.exports.handler = serverless(app);`;
    const cases: Array<[string, string[]]> = [
      ['type(\'html\').send', ['handler: event.queryStringParameters -> html']],
      ["set('Content-Type', 'text/html; charset=utf-8').send", ['handler: event.queryStringParameters -> html']],
      ["set('Cache-Control', 'no-store').send", ['handler: event.queryStringParameters -> html']],
      ["type('text/plain').send", []],
      ["set('Content-Type', 'application/json').send", []],
      ['json', []],
    ];
    for (const [chain, expected] of cases) assert.deepEqual(flowsOf(analyzeCode({ path: '/app/index.js', text: express(chain), handlers: [{ exportName: 'handler', trigger: 'api-http' }] })), expected, chain);
  });

  it('keeps a plain handler plain when it hands its event to a function that is no adapter', () => {
    const text = `${SHELL}const serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\napp.get('/a', (req, res) => res.json({}));\nmodule.exports.api = serverless(app);\nconst process = (event) => exec(event.body);\nmodule.exports.worker = async (event) => process(event);`;
    const document = analyzeCode({ path: '/app/index.js', text, handlers: [{ exportName: 'api', trigger: 'api-http' }, { exportName: 'worker', trigger: 'api-http' }] });
    assert.deepEqual(document.handlers.map((handler) => [handler.exportName, handler.webApp?.framework]), [['api', 'express'], ['worker', undefined]]);
    assert.deepEqual(flowsOf(document), ['worker: event.body -> command']);
  });
});

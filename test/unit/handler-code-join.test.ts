// Templates joined with their handlers' code (`project/handler-code.ts`): the inventory gains what
// each route's handler does, and a route without an authorizer whose handler verifies a token
// itself drops to info and says where.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { analyze, analyzeCode, defineRule, joinHandlerCode, summariseHandlerCode, type RuleModule } from '../../server/src/engine';

const TEMPLATE = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  me:
    handler: src/me.handler
    events:
      - httpApi: GET /me
  open:
    handler: src/open.handler
    events:
      - httpApi: GET /open
`;

const VERIFYING = `import jwt from 'jsonwebtoken';
export const handler = async (event) => {
  const claims = jwt.verify(event.headers.authorization, process.env.PUBLIC_KEY);
  return { statusCode: 200, body: JSON.stringify({ sub: claims.sub }) };
};
`;

const DECODING = `import jwt from 'jsonwebtoken';
import { execSync } from 'child_process';
export const handler = async (event) => {
  const claims = jwt.decode(event.headers.authorization);
  const id = event.queryStringParameters.id;
  if (!['a', 'b'].includes(id)) return { statusCode: 400 };
  execSync('report ' + event.queryStringParameters.name);
  execSync('lookup ' + id);
  return { statusCode: 200, body: JSON.stringify({ sub: claims.sub, id }) };
};
`;

describe('joinHandlerCode', () => {
  const result = analyze({ path: 'serverless.yml', text: TEMPLATE, rules: allRules });
  const me = summariseHandlerCode(analyzeCode({ path: 'src/me.js', text: VERIFYING, handlers: [{ exportName: 'handler' }] }), 'handler');
  const open = summariseHandlerCode(analyzeCode({ path: 'src/open.js', text: DECODING, handlers: [{ exportName: 'handler' }] }), 'handler');

  it('summarises what a handler does', () => {
    assert.equal(me.auth, 'verified');
    assert.equal(me.authVia, 'jsonwebtoken.verify');
    assert.deepEqual(me.sinks, []);
    assert.equal(open.auth, 'unverified');
    assert.deepEqual(open.sinks, ['command']);
    assert.deepEqual(open.validators, ['allow-list']);
  });

  it('counts checks of input as validation, not a comparison that routes or authenticates', () => {
    const routing = `export const handler = async (event) => {\n  if (event.httpMethod !== 'GET') return { statusCode: 405 };\n  if (event.headers['x-signature'] !== process.env.SIGNATURE) return { statusCode: 401 };\n  return { statusCode: 200, body: event.pathParameters.id };\n};\n`;
    assert.deepEqual(summariseHandlerCode(analyzeCode({ path: 'src/routing.js', text: routing, handlers: [{ exportName: 'handler' }] }), 'handler').validators, []);
    const checking = `export const handler = async (event) => {\n  const id = event.pathParameters.id;\n  if (!/^[0-9a-f]{8}$/.test(id)) return { statusCode: 400 };\n  require('child_process').execSync('show ' + id);\n};\n`;
    assert.deepEqual(summariseHandlerCode(analyzeCode({ path: 'src/checking.js', text: checking, handlers: [{ exportName: 'handler' }] }), 'handler').validators, ['regex-test']);
    // A type check validates the type, even where a string could still carry input to some sink.
    const typed = `import { MongoClient } from 'mongodb';\nconst users = new MongoClient('mongodb://x').db('d').collection('u');\nexport const handler = async (event) => {\n  const body = JSON.parse(event.body);\n  if (typeof body.user !== 'string') return { statusCode: 400 };\n  return users.findOne({ user: body.user });\n};\n`;
    assert.deepEqual(summariseHandlerCode(analyzeCode({ path: 'src/typed.js', text: typed, handlers: [{ exportName: 'handler' }] }), 'handler').validators, ['typeof']);
  });

  it('credits a verification in an imported helper to the handler that calls it, not to its siblings', () => {
    const helper = `import jwt from 'jsonwebtoken';\nexport const verified = (event) => jwt.verify(event.headers.authorization, process.env.PUBLIC_KEY);\n`;
    const text = `import { verified } from './auth';\nexport const me = async (event) => ({ statusCode: 200, body: verified(event).sub });\nexport const open = async (event) => ({ statusCode: 200, body: 'hello' });\n`;
    const code = analyzeCode({ path: 'src/both.js', text, handlers: [{ exportName: 'me' }, { exportName: 'open' }], readModule: (_from, specifier) => (specifier === './auth' ? { path: 'src/auth.js', text: helper } : undefined) });
    const me = summariseHandlerCode(code, 'me');
    assert.deepEqual([me.auth, me.authVia, me.authLocation?.path], ['verified', 'jsonwebtoken.verify', 'src/auth.js']);
    assert.equal(summariseHandlerCode(code, 'open').auth, 'none');
  });

  it('does not credit a verification that fails open when the handler uses its result unchecked', () => {
    const helper = `const jwt = require('jsonwebtoken');\nexports.verifyToken = (token) => {\n  try { return jwt.verify(token, process.env.KEY); } catch (error) { return null; }\n};\n`;
    const readModule = (_from: string, specifier: string) => (specifier === './auth' ? { path: 'src/auth.js', text: helper } : undefined);
    const unchecked = `const { verifyToken } = require('./auth');\nexports.handler = async (event) => getCart(verifyToken(event.headers.Authorization)?.sub);\n`;
    const checked = `const { verifyToken } = require('./auth');\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  if (!user) return { statusCode: 401 };\n  return getCart(user.sub);\n};\n`;
    assert.equal(summariseHandlerCode(analyzeCode({ path: 'src/cart.js', text: unchecked, handlers: [{ exportName: 'handler' }], readModule }), 'handler').auth, 'none');
    assert.equal(summariseHandlerCode(analyzeCode({ path: 'src/cart.js', text: checked, handlers: [{ exportName: 'handler' }], readModule }), 'handler').auth, 'verified');
  });

  it('drops route-missing-auth to info on the route whose handler verifies a token, and only there', () => {
    const before = result.findings.filter((finding) => finding.ruleId === 'route-missing-auth');
    assert.equal(before.length, 2);
    assert.ok(before.every((finding) => finding.severity !== 'info'));
    const joined = joinHandlerCode(result, new Map([['me', me], ['open', open]]));
    const after = joined.findings.filter((finding) => finding.ruleId === 'route-missing-auth');
    const onMe = after.find((finding) => finding.message.includes('/me'));
    const onOpen = after.find((finding) => finding.message.includes('/open'));
    assert.equal(onMe?.severity, 'info');
    assert.match(onMe!.message, /verifies a token itself \(jsonwebtoken\.verify\)/);
    assert.deepEqual(onMe!.related?.map((place) => place.path), ['src/me.js']);
    assert.equal(onOpen?.severity, before[1].severity);
    assert.deepEqual(joined.endpoints.map((endpoint) => endpoint.handler?.auth), ['verified', 'unverified']);
    // The cached analysis it was given is not changed.
    assert.ok(result.findings.filter((finding) => finding.ruleId === 'route-missing-auth').every((finding) => finding.severity !== 'info'));
  });

  it('keeps route-missing-auth loud when the handler only reads the authorizer context: an open route has none', () => {
    // The Wild Rydes workshop: the company comes from the authorizer's context when there is one, and the handler
    // goes on without it. On a route with no authorizer, nobody put an identity there.
    const claims = `exports.handler = async (event) => {
  let company;
  if ("authorizer" in event["requestContext"]) company = event["requestContext"]["authorizer"]["CompanyID"];
  return { statusCode: 200, body: JSON.stringify({ company }) };
};
`;
    const reader = summariseHandlerCode(analyzeCode({ path: 'src/me.js', text: claims, handlers: [{ exportName: 'handler' }] }), 'handler');
    assert.deepEqual([reader.auth, reader.authVia, reader.authFromAuthorizerContext], ['verified', 'requestContext.authorizer', true]);
    const joined = joinHandlerCode(result, new Map([['me', reader], ['open', open]]));
    const onMe = joined.findings.find((finding) => finding.ruleId === 'route-missing-auth' && finding.message.includes('/me'));
    assert.notEqual(onMe?.severity, 'info');
    assert.doesNotMatch(onMe!.message, /verifies a token/);
    // A token verified in code as well: that is what counts, and what the message names.
    const both = summariseHandlerCode(analyzeCode({ path: 'src/me.js', text: VERIFYING.replace('return {', 'const ctx = event.requestContext.authorizer;\n  return {'), handlers: [{ exportName: 'handler' }] }), 'handler');
    assert.deepEqual([both.authVia, both.authFromAuthorizerContext], ['jsonwebtoken.verify', undefined]);
  });

  it("does not credit a handler with a sibling's token check, but does with a helper's", () => {
    const siblings = `import jwt from 'jsonwebtoken';
export const checked = async (event) => ({ statusCode: 200, body: jwt.verify(event.headers.authorization, process.env.PUBLIC_KEY).sub });
export const open = async (event) => ({ statusCode: 200, body: 'hello' });
`;
    const both = analyzeCode({ path: 'src/many.js', text: siblings, handlers: [{ exportName: 'checked' }, { exportName: 'open' }] });
    assert.equal(summariseHandlerCode(both, 'checked').auth, 'verified');
    assert.equal(summariseHandlerCode(both, 'open').auth, 'none');
    // A check in a helper of the file (outside every handler) counts for the handlers: any of them may call it.
    const helper = `import jwt from 'jsonwebtoken';
const claimsOf = (event) => jwt.verify(event.headers.authorization, process.env.PUBLIC_KEY);
export const helped = async (event) => ({ statusCode: 200, body: claimsOf(event).sub });
`;
    assert.equal(summariseHandlerCode(analyzeCode({ path: 'src/helped.js', text: helper, handlers: [{ exportName: 'helped' }] }), 'helped').auth, 'verified');
  });

  it('returns the same result when no handler was read', () => {
    assert.equal(joinHandlerCode(result, new Map()), result);
  });
});

describe('handler summaries: the actions a handler calls', () => {
  it('lists the actions of its own calls and of helpers outside every handler, not a sibling\'s, and says when the list is incomplete', () => {
    const code = analyzeCode({
      path: '/app/h.mjs',
      text: `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const sqs = new SQSClient({}); const sns = new SNSClient({});
const notify = () => sns.send(new PublishCommand({ TopicArn: 't', Message: 'x' }));
export const a = async (event, command) => { await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: 'x' })); await sqs.send(command); return notify(); };
export const b = async () => notify();`,
      handlers: [{ exportName: 'a' }, { exportName: 'b' }],
    });
    const a = summariseHandlerCode(code, 'a');
    const b = summariseHandlerCode(code, 'b');
    assert.deepEqual(a.actions, ['sns:Publish', 'sqs:SendMessage']);
    assert.deepEqual(a.actionsIncomplete, ['`sqs.send(command)` sends a command built elsewhere']);
    assert.deepEqual(b.actions, ['sns:Publish']);
    assert.equal(b.actionsIncomplete, undefined);
  });
});

describe('handler code join: wildcard actions refined by what the code calls', () => {
  // SAM, JSON: a function's own Policies statement with a service wildcard.
  const template = JSON.stringify({
    Transform: 'AWS::Serverless-2016-10-31',
    Resources: { create: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'handler.create', CodeUri: 'src/', Runtime: 'nodejs20.x', Policies: [{ Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }] }] } } },
  }, null, 2);
  const summary = (actions: string[], incomplete?: string[]) => ({ path: '/app/src/handler.js', exportName: 'create', auth: 'none' as const, validators: [], sinks: [], actions, ...(incomplete ? { actionsIncomplete: incomplete } : {}) });

  it('the wildcard finding names the actions the code calls and offers the rewrite first', () => {
    const result = analyze({ path: 'template.json', text: template, rules: allRules });
    const wildcard = result.findings.find((finding) => finding.ruleId === 'iam-wildcard-action');
    assert.ok(wildcard, 'an iam-wildcard-action finding');
    const joined = joinHandlerCode(result, new Map([['create', summary(['dynamodb:GetItem', 'dynamodb:PutItem'])]]), { rules: allRules });
    const refined = joined.findings.find((finding) => finding.ruleId === 'iam-wildcard-action')!;
    assert.equal(refined.message, wildcard.message.replace(/\.$/, '; of what this statement grants, its code calls only `dynamodb:GetItem` and `dynamodb:PutItem`.'));
    const edit = refined.fixes[0].edits[0];
    const fixed = JSON.parse(template.slice(0, edit.range.start) + edit.newText + template.slice(edit.range.end));
    assert.deepEqual(fixed.Resources.create.Properties.Policies[0].Statement[0].Action, ['dynamodb:GetItem', 'dynamodb:PutItem']);
    assert.deepEqual(result.findings.find((finding) => finding.ruleId === 'iam-wildcard-action'), wildcard, 'the cached analysis is not changed');
  });

  it('stays as it was when the code\'s calls are not all known', () => {
    const result = analyze({ path: 'template.json', text: template, rules: allRules });
    const wildcard = result.findings.find((finding) => finding.ruleId === 'iam-wildcard-action');
    const joined = joinHandlerCode(result, new Map([['create', summary(['dynamodb:GetItem'], ['imports dynamoose, which may call AWS for the code'])]]), { rules: allRules });
    assert.deepEqual(joined.findings.find((finding) => finding.ruleId === 'iam-wildcard-action'), wildcard);
  });
});

describe("handler code join: a rule that refines its findings once the code is known ('refines')", () => {
  const text = `service: orders
provider:
  name: aws
functions:
  create:
    handler: src/handler.create
`;
  const summary = { path: '/app/src/handler.js', exportName: 'create', auth: 'none' as const, validators: [], sinks: [], actions: ['sqs:SendMessage'] };
  const refining = (throwWithCode: boolean): RuleModule =>
    defineRule({
      meta: { id: 'test-refining', title: 't', category: 'iam', severity: 'warning', confidence: 'high', description: 'd', remediation: 'r', equivalents: [], references: [], targets: ['serverless'], messages: { m: 'found{{code}}.' }, fix: 'none', readsHandlerCode: 'refines' },
      check({ model, handlers, report }) {
        if (handlers && throwWithCode) throw new Error('broken with the code');
        const node = model.functions[0]?.declaration;
        if (node) report({ messageId: 'm', data: { code: handlers ? `; the code calls ${[...handlers.values()][0].actions?.join(', ')}` : '' }, node });
      },
    });

  it('runs without the code in analyze(), and its findings with the code replace the first ones', () => {
    const rule = refining(false);
    const first = analyze({ path: 'serverless.yml', text, rules: [rule] });
    assert.deepEqual(first.findings.map((finding) => finding.message), ['found.']);
    const joined = joinHandlerCode(first, new Map([['create', summary]]), { rules: [rule] });
    assert.deepEqual(joined.findings.map((finding) => finding.message), ['found; the code calls sqs:SendMessage.']);
    assert.deepEqual(first.findings.map((finding) => finding.message), ['found.'], 'the cached analysis is not changed');
  });

  it('keeps the first findings when the run with the code fails, and records the failure', () => {
    const rule = refining(true);
    const first = analyze({ path: 'serverless.yml', text, rules: [rule] });
    const joined = joinHandlerCode(first, new Map([['create', summary]]), { rules: [rule] });
    assert.deepEqual(joined.findings.map((finding) => finding.message), ['found.']);
    assert.equal(joined.internalErrors.length, 1);
    assert.match(joined.internalErrors[0], /^test-refining: Error: broken with the code/);
  });
});

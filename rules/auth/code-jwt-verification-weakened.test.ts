// Data-driven cases for code-jwt-verification-weakened: each weakness in JavaScript and TypeScript, CommonJS and ES
// imports, options held in a const, options that cannot be read, an authorizer against a public route, and the fixes.
import rule from './code-jwt-verification-weakened';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeBinding, testCodeRule, underline } from '../input/support/code-rule-tester';
import { analyzeHandlerFile, type HandlerBinding } from '../../server/src/engine';

const ID = 'code-jwt-verification-weakened';
const JWT = `const jwt = require('jsonwebtoken');`;

/** A function a template names as a Lambda authorizer (`isAuthorizer` trigger). */
const namedAuthorizer: HandlerBinding = {
  ...routeBinding('handler', 'GET /x'),
  triggers: [{ kind: 'unknown', description: 'Lambda authorizer TokenAuth', auth: 'none', isAuthorizer: true, location: { path: 'serverless.yml', range: { start: 1, end: 5 } } }],
  exposure: 'unknown',
  exposureReason: 'API Gateway calls it as a Lambda authorizer',
};

testCodeRule(rule, {
  valid: [
    { name: 'verify with one asymmetric algorithm', code: `${JWT}\nexports.handler = async (event) => jwt.verify(event.headers.authorization, process.env.PUBLIC_KEY, { algorithms: ['RS256'] });`, bindings: [routeBinding('handler', 'GET /me')] },
    { name: 'verify with ignoreExpiration: false and a TypeScript ES import', path: 'handler.ts', code: `import jwt from 'jsonwebtoken';\nexport const handler = async (event: { headers: Record<string, string> }) => jwt.verify(event.headers.authorization, process.env.KEY!, { ignoreExpiration: false, algorithms: ['HS256'] });` },
    { name: 'an options object built by a function: not read', code: `${JWT}\nconst options = buildOptions();\nexports.handler = async (event) => jwt.verify(event.headers.authorization, process.env.KEY, options);` },
    { name: 'an options parameter: not read', code: `${JWT}\nfunction check(token, options) { return jwt.verify(token, process.env.KEY, options); }\nexports.handler = async (event) => check(event.headers.authorization, { ignoreExpiration: true });` },
    { name: 'a let options object may change before the call: not read', code: `${JWT}\nlet options = { ignoreExpiration: true };\nexports.handler = async (event) => jwt.verify(event.headers.authorization, process.env.KEY, options);` },
    { name: 'a spread after ignoreExpiration may set it again: not read', code: `${JWT}\nexports.handler = async (event) => jwt.verify(event.headers.authorization, process.env.KEY, { ignoreExpiration: true, ...strictOptions });` },
    { name: "'none' as a variable in algorithms: not read", code: `${JWT}\nconst NONE = 'none';\nexports.handler = async (event) => jwt.verify(event.headers.authorization, process.env.KEY, { algorithms: [NONE] });` },
    { name: 'a verify of another library with the same options', code: `const jwt = require('./my-jwt');\nexports.handler = async (event) => jwt.verify(event.headers.authorization, process.env.KEY, { ignoreExpiration: true });` },
    { name: 'sign with RS256', code: `${JWT}\nexports.handler = async (event) => ({ statusCode: 200, body: jwt.sign({ sub: 'u' }, process.env.PRIVATE_KEY, { algorithm: 'RS256', expiresIn: '15m' }) });` },
    { name: 'a Cognito verifier with tokenUse and clientId', path: 'handler.mjs', code: `import { CognitoJwtVerifier } from 'aws-jwt-verify';\nconst verifier = CognitoJwtVerifier.create({ userPoolId: process.env.POOL, tokenUse: 'access', clientId: process.env.CLIENT });\nexport const handler = async (event) => verifier.verify(event.headers.authorization);` },
    { name: 'jose jwtVerify with a clockTolerance: not reported', path: 'handler.mjs', code: `import { jwtVerify } from 'jose';\nexport const handler = async (event) => jwtVerify(event.headers.authorization, key, { clockTolerance: '2 hours' });` },
  ],
  invalid: [
    {
      name: 'ignoreExpiration: true on a public route (require)',
      code: `${JWT}\nexports.handler = async (event) => {\n${underline(`  const claims = jwt.verify(event.headers.authorization, process.env.KEY, { algorithms: ['HS256'], ignoreExpiration: true });`, 'ignoreExpiration: true', ID)}\n  return claims.sub;\n};`,
      bindings: [routeBinding('handler', 'GET /me')],
      errors: [{ messageId: 'expirationIgnored', severity: 'warning', messageIncludes: ['`jwt.verify` is given `ignoreExpiration: true`'] }],
      output: `${JWT}\nexports.handler = async (event) => {\n  const claims = jwt.verify(event.headers.authorization, process.env.KEY, { algorithms: ['HS256'] });\n  return claims.sub;\n};`,
    },
    {
      name: 'ignoreExpiration: true alone, in a Lambda authorizer (destructured ES import, TypeScript)',
      path: 'authorizer.ts',
      code: `import { verify } from 'jsonwebtoken';\nexport const handler = async (event: { authorizationToken: string; methodArn: string }) => {\n${underline(`  const claims = verify(event.authorizationToken, process.env.KEY!, { ignoreExpiration: true }) as { sub: string };`, 'ignoreExpiration: true', ID)}\n  return { principalId: claims.sub, policyDocument: allow(event.methodArn) };\n};`,
      bindings: [namedAuthorizer],
      errors: [{ messageId: 'expirationIgnored', severity: 'warning', messageIncludes: ['`verify` is given'] }],
      output: `import { verify } from 'jsonwebtoken';\nexport const handler = async (event: { authorizationToken: string; methodArn: string }) => {\n  const claims = verify(event.authorizationToken, process.env.KEY!, {}) as { sub: string };\n  return { principalId: claims.sub, policyDocument: allow(event.methodArn) };\n};`,
    },
    {
      name: 'ignoreExpiration in an options const, first of several properties',
      code: `${JWT}\nconst VERIFY_OPTIONS = {\n${underline(`  ignoreExpiration: true,`, 'ignoreExpiration: true', ID)}\n  algorithms: ['RS256'],\n};\nexports.handler = async (event) => jwt.verify(event.headers.authorization, process.env.PUBLIC_KEY, VERIFY_OPTIONS).sub;`,
      errors: [{ messageId: 'expirationIgnored', severity: 'warning', related: [{ at: 'jwt.verify(event.headers.authorization, process.env.PUBLIC_KEY, VERIFY_OPTIONS)', messageIncludes: 'is given the options object holding it here' }] }],
      output: `${JWT}\nconst VERIFY_OPTIONS = {\n  algorithms: ['RS256'],\n};\nexports.handler = async (event) => jwt.verify(event.headers.authorization, process.env.PUBLIC_KEY, VERIFY_OPTIONS).sub;`,
    },
    {
      name: "'none' in algorithms, written in place with the whole module required (Semgrep and Sonar)",
      code: `${JWT}\nexports.handler = async (event) => {\n${underline(`  return jwt.verify(event.headers.authorization, process.env.KEY, { algorithms: ['HS256', 'none'] });`, "'none'", ID)}\n};`,
      bindings: [routeBinding('handler', 'GET /me')],
      errors: [{ messageId: 'noneAccepted', severity: 'warning', messageIncludes: ["lists `'none'` in `algorithms`", 'whenever the key it is given is empty'] }],
      output: `${JWT}\nexports.handler = async (event) => {\n  return jwt.verify(event.headers.authorization, process.env.KEY, { algorithms: ['HS256'] });\n};`,
    },
    {
      name: "'none' first, with other options, ES import in TypeScript",
      path: 'handler.ts',
      code: `import * as jwt from 'jsonwebtoken';\nexport const handler = async (event: { headers: Record<string, string> }) =>\n${underline(`  jwt.verify(event.headers.authorization, process.env.KEY!, { algorithms: ['none', 'RS256'], issuer: 'me' });`, "'none'", ID)}`,
      errors: [{ messageId: 'noneAccepted', severity: 'warning' }],
      output: `import * as jwt from 'jsonwebtoken';\nexport const handler = async (event: { headers: Record<string, string> }) =>\n  jwt.verify(event.headers.authorization, process.env.KEY!, { algorithms: ['RS256'], issuer: 'me' });`,
    },
    {
      name: "'none' alone: no fix (an empty list refuses every token)",
      code: `${JWT}\n${underline(`const options = { algorithms: ['none'] };`, "'none'", ID)}\nexports.handler = async (event) =>\n  jwt.verify(event.headers.authorization, process.env.KEY, options, (error, claims) => claims);`,
      errors: [{ messageId: 'noneAccepted' }],
      output: null,
    },
    {
      name: "sign with algorithm: 'none' in a token endpoint",
      code: `${JWT}\nexports.handler = async (event) => {\n  const user = await login(JSON.parse(event.body));\n${underline(`  return { statusCode: 200, body: jwt.sign({ sub: user.id }, '', { algorithm: 'none' }) };`, "algorithm: 'none'", ID)}\n};`,
      bindings: [routeBinding('handler', 'POST /login')],
      errors: [{ messageId: 'noneSigned', severity: 'error', messageIncludes: ['`jwt.sign` signs with'] }],
      output: null,
    },
    {
      name: "sign with algorithm: 'none' (destructured require, TypeScript)",
      path: 'token.ts',
      code: `const { sign } = require('jsonwebtoken');\nexport const handler = async () =>\n${underline(`  sign({ sub: 'svc' }, undefined, { expiresIn: '1h', algorithm: 'none' });`, "algorithm: 'none'", ID)}`,
      errors: [{ messageId: 'noneSigned' }],
    },
    {
      name: 'a Cognito verifier with tokenUse: null and clientId: null',
      path: 'handler.mjs',
      code: `import { CognitoJwtVerifier } from 'aws-jwt-verify';\nconst verifier = CognitoJwtVerifier.create({\n  userPoolId: process.env.POOL,\n${underline(`  tokenUse: null,`, 'tokenUse: null', ID)}\n${underline(`  clientId: null,`, 'clientId: null', ID)}\n});\nexport const handler = async (event) => verifier.verify(event.headers.authorization);`,
      bindings: [routeBinding('handler', 'GET /orders')],
      errors: [
        { messageId: 'tokenUseUnchecked', severity: 'info', messageIncludes: ['an ID token is accepted where an access token is meant'] },
        { messageId: 'clientIdUnchecked', severity: 'warning', messageIncludes: ['any app client of the user pool'] },
      ],
    },
    {
      name: 'a Cognito verifier of several pools, required',
      code: `const { CognitoJwtVerifier } = require('aws-jwt-verify');\nconst verifier = CognitoJwtVerifier.create([\n  { userPoolId: 'a', tokenUse: 'id', clientId: 'x' },\n${underline(`  { userPoolId: 'b', tokenUse: 'id', clientId: null },`, 'clientId: null', ID)}\n]);\nexports.handler = async (event) => verifier.verify(event.headers.authorization);`,
      errors: [{ messageId: 'clientIdUnchecked', severity: 'warning' }],
    },
  ],
});

/** Which other tools each finding names: Sonar S5659 on every 'none' finding, Semgrep jwt-none-alg only on its own pattern. */
describe(`${ID} equivalents`, () => {
  const equivalentsOf = (text: string, path = 'handler.js') =>
    analyzeHandlerFile({ path, text, rules: [rule], strict: true }).findings.map((finding) => [finding.messageId, ...finding.equivalents].join(' '));
  const SEMGREP = 'javascript.jsonwebtoken.security.jwt-none-alg.jwt-none-alg';
  it('names Semgrep and Sonar on a required module with the object written in place', () => {
    assert.deepEqual(equivalentsOf(`${JWT}\nexports.handler = async (e) => jwt.verify(e.token, k, { algorithms: ['RS256', 'none'] });`), [`noneAccepted S5659 ${SEMGREP}`]);
  });
  it('names only Sonar for an ES import, a destructured verify or a const options object', () => {
    assert.deepEqual(equivalentsOf(`import jwt from 'jsonwebtoken';\nexport const handler = async (e) => jwt.verify(e.token, k, { algorithms: ['none'] });`, 'handler.mjs'), ['noneAccepted S5659']);
    assert.deepEqual(equivalentsOf(`const { verify } = require('jsonwebtoken');\nexports.handler = async (e) => verify(e.token, k, { algorithms: ['none'] });`), ['noneAccepted S5659']);
    assert.deepEqual(equivalentsOf(`${JWT}\nconst o = { algorithms: ['none'] };\nexports.handler = async (e) => jwt.verify(e.token, k, o);`), ['noneAccepted S5659']);
  });
  it("names Sonar on a sign with 'none', and nothing on ignoreExpiration or the Cognito options", () => {
    assert.deepEqual(equivalentsOf(`${JWT}\nexports.handler = async () => jwt.sign({}, '', { algorithm: 'none' });`), ['noneSigned S5659']);
    assert.deepEqual(equivalentsOf(`${JWT}\nexports.handler = async (e) => jwt.verify(e.token, k, { ignoreExpiration: true });`), ['expirationIgnored']);
    assert.deepEqual(equivalentsOf(`const { CognitoJwtVerifier } = require('aws-jwt-verify');\nconst v = CognitoJwtVerifier.create({ userPoolId: 'p', tokenUse: null, clientId: 'c' });\nexports.handler = async (e) => v.verify(e.token);`), ['tokenUseUnchecked']);
  });
});

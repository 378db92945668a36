// Data-driven cases for code-unverified-jwt: each decode form, verification in the handler or a helper,
// routes with and without an authorizer, unbound handlers and Lambda authorizer functions.
import rule from './code-unverified-jwt';
import { internalBinding, routeBinding, testCodeRule, underline } from '../input/support/code-rule-tester';
import type { HandlerBinding, ModuleReader } from '../../server/src/engine';

const ID = 'code-unverified-jwt';
const JWT = `const jwt = require('jsonwebtoken');`;

/** A function the template declares with no event: a Lambda authorizer, or one invoked directly. */
const authorizerFunction: HandlerBinding = { ...routeBinding('handler', 'GET /x'), triggers: [], exposure: 'unknown', exposureReason: 'no event invokes it in the template (an authorizer or a direct invoke)' };

/** A function a template names as a Lambda authorizer (`isAuthorizer` trigger). */
const namedAuthorizer: HandlerBinding = {
  ...routeBinding('handler', 'GET /x'),
  triggers: [{ kind: 'unknown', description: 'Lambda authorizer TokenAuth', auth: 'none', isAuthorizer: true, location: { path: 'serverless.yml', range: { start: 1, end: 5 } } }],
  exposure: 'unknown',
  exposureReason: 'API Gateway calls it as a Lambda authorizer',
};

/** Serves `./auth` (and `../lib/auth`) from one text. */
function helperModule(text: string): ModuleReader {
  return (_from, specifier) => (specifier === './auth' || specifier === '../lib/auth' ? { path: 'lib/auth.js', text } : undefined);
}
const DECODING_HELPER = `${JWT}\nexports.currentUser = (event) => jwt.decode(event.headers.Authorization.replace('Bearer ', ''));\nexports.verifiedUser = (event) => jwt.verify(event.headers.Authorization.replace('Bearer ', ''), process.env.KEY);`;
const MANUAL_HELPER = `export function claimsOf(header) {\n  const token = header.split(' ')[1];\n  return JSON.parse(Buffer.from(token.split('.')[1], 'base64').toString());\n}`;

testCodeRule(rule, {
  valid: [
    { name: 'decode for the key id, then verify', code: `${JWT}\nexports.handler = async (event) => {\n  const token = event.headers.Authorization;\n  const { header } = jwt.decode(token, { complete: true });\n  const claims = jwt.verify(token, keys[header.kid]);\n  return claims.sub;\n};`, bindings: [routeBinding('handler', 'GET /me')] },
    { name: 'verification in a helper of the same file', code: `${JWT}\nfunction verified(token) { return jwt.verify(token, process.env.KEY); }\nexports.handler = async (event) => {\n  const token = event.headers.authorization;\n  verified(token);\n  return jwt.decode(token).sub;\n};` },
    { name: 'the route has a Cognito authorizer: the token was verified at the edge', code: `${JWT}\nexports.handler = async (event) => jwt.decode(event.headers.Authorization).sub;`, bindings: [routeBinding('handler', 'GET /me', 'cognito')] },
    { name: 'claims read from requestContext.authorizer', code: `const jwtDecode = require('jwt-decode');\nexports.handler = async (event) => {\n  const sub = event.requestContext.authorizer.claims.sub;\n  const raw = jwtDecode(event.headers.Authorization);\n  return sub === raw.sub;\n};` },
    { name: 'a queue consumer is not a route', code: `${JWT}\nexports.handler = async (event) => jwt.decode(JSON.parse(event.Records[0].body).token);`, bindings: [internalBinding('handler', 'sqs', 'SQS queue Jobs')] },
    { name: 'a library file with no handler', path: 'lib/token.js', code: `${JWT}\nmodule.exports.claimsOf = (token) => jwt.decode(token);` },
    { name: 'an imported helper that verifies counts for its caller', code: `const { verifiedUser } = require('./auth');\nconst jwt = require('jsonwebtoken');\nexports.handler = async (event) => {\n  verifiedUser(event);\n  return jwt.decode(event.headers.Authorization.replace('Bearer ', '')).sub;\n};`, readModule: helperModule(DECODING_HELPER), bindings: [routeBinding('handler', 'GET /me')] },
    { name: 'an imported helper that reads the claims API Gateway verified', code: `const { callerOf } = require('./auth');\nconst jwt = require('jsonwebtoken');\nexports.handler = async (event) => {\n  const caller = callerOf(event);\n  return caller.sub === jwt.decode(event.headers.Authorization).sub;\n};`, readModule: helperModule(`exports.callerOf = (event) => event.requestContext.authorizer.claims;`) },
    { name: 'an imported decoding helper on a route with an authorizer', code: `const { currentUser } = require('./auth');\nexports.handler = async (event) => currentUser(event).sub;`, readModule: helperModule(DECODING_HELPER), bindings: [routeBinding('handler', 'GET /me', 'jwt')] },
    { name: 'an imported decoding helper that the handler never calls', code: `const { currentUser } = require('./auth');\nexports.handler = async (event) => ({ statusCode: 200, body: 'ok' });`, readModule: helperModule(DECODING_HELPER) },
    { name: 'aws-jwt-verify', path: 'handler.mjs', code: `import { CognitoJwtVerifier } from 'aws-jwt-verify';\nimport { decodeJwt } from 'jose';\nconst verifier = CognitoJwtVerifier.create({ userPoolId: 'x', tokenUse: 'id', clientId: 'y' });\nexport const handler = async (event) => {\n  const token = event.headers.authorization;\n  await verifier.verify(token);\n  return decodeJwt(token).email;\n};` },
  ],
  invalid: [
    {
      name: 'jsonwebtoken.decode on a public route',
      code: `${JWT}\nexports.handler = async (event) => {\n${underline(`  const user = jwt.decode(event.headers.Authorization);`, 'jwt.decode(event.headers.Authorization)', ID)}\n  return db.get(user.sub);\n};`,
      bindings: [routeBinding('handler', 'GET /cart')],
      errors: [{ messageId: 'unverifiedToken', severity: 'error', messageIncludes: ['`jsonwebtoken.decode` reads', 'nothing in handler `handler` verifies it', '(GET /cart is public)'] }],
    },
    {
      name: 'jwt-decode in an unbound TypeScript handler',
      path: 'handler.ts',
      code: `import jwtDecode from 'jwt-decode';\nexport const handler = async (event: { headers: Record<string, string> }) => {\n${underline(`  const claims = jwtDecode<{ sub: string }>(event.headers.authorization);`, 'jwtDecode<{ sub: string }>(event.headers.authorization)', ID)}\n  return claims.sub;\n};`,
      errors: [{ messageId: 'unverifiedToken', severity: 'warning', messageIncludes: ['`jwt-decode`', 'no template names this handler'] }],
    },
    {
      name: 'a manual base64 decode of the payload',
      code: `exports.handler = async (event) => {\n  const token = event.headers.Authorization.replace('Bearer ', '');\n${underline(`  const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64').toString());`, "Buffer.from(token.split('.')[1], 'base64')", ID)}\n  return payload.email;\n};`,
      bindings: [routeBinding('handler', 'GET /profile')],
      errors: [{ messageId: 'unverifiedToken', severity: 'error', messageIncludes: ['manual base64 decode'] }],
    },
    {
      name: 'a Lambda authorizer function that decodes without verifying',
      code: `${JWT}\nexports.handler = async (event) => {\n${underline(`  const claims = jwt.decode(event.authorizationToken);`, 'jwt.decode(event.authorizationToken)', ID)}\n  return { principalId: claims.sub, policyDocument: allow(event.methodArn) };\n};`,
      bindings: [authorizerFunction],
      errors: [{ messageId: 'unverifiedToken', severity: 'warning', messageIncludes: ['(no event invokes it in the template'] }],
    },
    {
      name: 'a Lambda authorizer that a template names as one (isAuthorizer trigger)',
      code: `${JWT}\nexports.handler = async (event) => {\n${underline(`  const claims = jwt.decode(event.authorizationToken);`, 'jwt.decode(event.authorizationToken)', ID)}\n  return { principalId: claims.sub, policyDocument: allow(event.methodArn) };\n};`,
      bindings: [namedAuthorizer],
      errors: [{ messageId: 'unverifiedToken' }],
    },
    {
      name: 'an imported helper that decodes with jsonwebtoken, reported at the call',
      code: `const { currentUser } = require('./auth');\nexports.handler = async (event) => {\n${underline(`  const user = currentUser(event);`, 'currentUser(event)', ID)}\n  return getCart(user.sub);\n};`,
      readModule: helperModule(DECODING_HELPER),
      bindings: [routeBinding('handler', 'GET /cart')],
      errors: [{ messageId: 'unverifiedTokenInHelper', severity: 'error', messageIncludes: ['`currentUser` (imported) reads the token\'s claims with `jsonwebtoken.decode`', '(GET /cart is public)'] }],
    },
    {
      name: 'an imported helper (namespace import) that decodes by hand',
      path: 'src/handler.mjs',
      code: `import * as auth from '../lib/auth';\nexport const handler = async (event) => {\n${underline(`  const { sub } = auth.claimsOf(event.headers.authorization);`, 'auth.claimsOf(event.headers.authorization)', ID)}\n  return load(sub);\n};`,
      readModule: helperModule(MANUAL_HELPER),
      errors: [{ messageId: 'unverifiedTokenInHelper', messageIncludes: ['`manual base64 decode`'] }],
    },
    {
      name: 'a helper that verifies, called by a sibling handler only, does not count',
      code: `const { currentUser, verifiedUser } = require('./auth');\nexports.login = async (event) => verifiedUser(event);\nexports.handler = async (event) => {\n${underline(`  return currentUser(event).sub;`, 'currentUser(event)', ID)}\n};`,
      readModule: helperModule(DECODING_HELPER),
      bindings: [routeBinding('handler', 'GET /me'), routeBinding('login', 'POST /login')],
      errors: [{ messageId: 'unverifiedTokenInHelper', severity: 'error' }],
    },
    {
      name: 'verification in another handler does not count',
      code: `${JWT}\nexports.login = async (event) => jwt.verify(event.headers.Authorization, process.env.KEY);\nexports.handler = async (event) => {\n${underline(`  return jwt.decode(event.headers.Authorization).sub;`, 'jwt.decode(event.headers.Authorization)', ID)}\n};`,
      bindings: [routeBinding('handler', 'GET /me'), routeBinding('login', 'POST /login')],
      errors: [{ messageId: 'unverifiedToken', severity: 'error' }],
    },
  ],
});

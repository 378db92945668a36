// Data-driven cases for code-fail-open-auth: helpers that return null/undefined/false/{} when verification
// fails (try/catch, jose's .catch, a swallowed error), in the file or one relative import away, and
// handlers that check the result, only log it, or use it unchecked; routes with and without an authorizer.
import rule from './code-fail-open-auth';
import { internalBinding, routeBinding, testCodeRule, underline } from '../input/support/code-rule-tester';
import type { ModuleReader } from '../../server/src/engine';

const ID = 'code-fail-open-auth';
const JWT = `const jwt = require('jsonwebtoken');`;
const HELPER = `${JWT}\nfunction verifyToken(token) {\n  try {\n    return jwt.verify(token, process.env.KEY);\n  } catch (error) {\n    return null;\n  }\n}`;
const THROWING = `${JWT}\nfunction verifyToken(token) {\n  try {\n    return jwt.verify(token, process.env.KEY);\n  } catch (error) {\n    throw new Error('Unauthorized');\n  }\n}`;

/** A reader that serves one helper module as `./auth`. */
function moduleAt(text: string, path = 'lib/auth.js'): ModuleReader {
  return (_from, specifier) => (specifier === './auth' || specifier === './lib/auth' ? { path, text } : undefined);
}

const IMPORTED_JOSE = `import { createRemoteJWKSet, jwtVerify } from 'jose';\nconst JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL));\nexport async function currentUser(event) {\n  const token = (event.headers.authorization || '').replace('Bearer ', '');\n  return jwtVerify(token, JWKS).then((result) => result.payload).catch(() => undefined);\n}`;

testCodeRule(rule, {
  valid: [
    { name: 'the handler answers 401 when the result is null', code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  if (!user) return { statusCode: 401, body: 'Unauthorized' };\n  return getCart(user.sub);\n};`, bindings: [routeBinding('handler', 'GET /cart')] },
    { name: 'a check on a claim with optional chaining', code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  if (!user?.sub) throw new Error('Unauthorized');\n  return getCart(user.sub);\n};` },
    { name: 'a comparison with null', code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  if (user == null) return { statusCode: 403 };\n  return getCart(user.sub);\n};` },
    { name: 'the helper throws instead of returning null', code: `${THROWING}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  return getCart(user.sub);\n};` },
    { name: 'the result is only logged', code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  console.log('caller', user);\n  return { statusCode: 200 };\n};` },
    { name: 'a check through an assert helper', code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  assertAuthenticated(user);\n  return getCart(user.sub);\n};` },
    { name: 'a claim copied into a name, then checked', code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  const userId = user?.sub;\n  if (!userId) return { statusCode: 401 };\n  return getCart(userId);\n};` },
    { name: 'optional identity: private items only inside if (user)', code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  const items = await listPublic();\n  if (user) items.push(...(await listPrivate(user.sub)));\n  return items;\n};` },
    { name: 'a ternary on the result', code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  return user ? getCart(user.sub) : { statusCode: 401 };\n};` },
    { name: 'the route has a Cognito authorizer', code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  return getCart(user?.sub);\n};`, bindings: [routeBinding('handler', 'GET /cart', 'cognito')] },
    { name: 'a queue consumer carries no caller token', code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(JSON.parse(event.Records[0].body).token);\n  return save(user?.sub);\n};`, bindings: [internalBinding('handler', 'sqs', 'SQS queue Jobs')] },
    { name: 'an imported jose helper whose result is checked', path: 'handler.mjs', code: `import { currentUser } from './auth';\nexport const handler = async (event) => {\n  const user = await currentUser(event);\n  if (!user) return { statusCode: 401 };\n  return getCart(user.sub);\n};`, readModule: moduleAt(IMPORTED_JOSE, 'auth.mjs') },
    { name: 'an access helper that verifies before returning true (jwt.verify throws on a bad token)', code: `${JWT}\nfunction isAuthorized(event) {\n  jwt.verify(event.headers.Authorization, process.env.KEY);\n  return true;\n}\nexports.handler = async (event) => {\n  if (!isAuthorized(event)) return { statusCode: 401 };\n  return removeAll();\n};` },
    { name: 'an access helper that can return false, or throws first', code: `function isManager(user) {\n  if (!user || !user.groups) return false;\n  return true;\n}\nfunction checkAccess(event) {\n  if (event.headers['x-role'] !== 'ops') throw new Error('Forbidden');\n  return true;\n}\nexports.handler = async (event) => {\n  if (isManager(event.requestContext.authorizer)) await purge();\n  if (checkAccess(event)) await purge();\n};` },
    { name: 'a helper that always returns true but is not named as a check', code: `function shouldRetry(error) {\n  return true;\n}\nexports.handler = async (event) => {\n  if (shouldRetry(event)) await again();\n};` },
    { name: 'an always-true check on a route with a Cognito authorizer', code: `function isAdmin() {\n  return true;\n}\nexports.handler = async (event) => {\n  if (isAdmin(event)) await purge();\n};`, bindings: [routeBinding('handler', 'POST /purge', 'cognito')] },
    { name: 'a helper that checks nothing itself (no verification inside)', code: `async function lookup(key) {\n  try {\n    return await db.get(key);\n  } catch (error) {\n    return null;\n  }\n}\nexports.handler = async (event) => {\n  const item = await lookup(event.pathParameters.id);\n  return item.name;\n};` },
  ],
  invalid: [
    {
      name: 'an admin check whose first statement that ends it is return true (the lookup after it never runs)',
      code: `function isStaff(event) {\n  const id = event.body.staffId;\n  const fetchRecord = async (key) => table.get(key);\n  const record = fetchRecord(id);\n  return true;\n  return record.staff === true;\n}\nexports.handler = async (event) => {\n${underline(`  if (isStaff(event)) {`, 'isStaff(event)', ID)}\n    return runCommand(event.body.command);\n  }\n  return { statusCode: 403 };\n};`,
      errors: [{ messageId: 'alwaysAllows', messageIncludes: ['`isStaff`'] }],
    },
    {
      name: 'a negated, awaited check of an arrow that returns true, on a public route',
      code: `const hasPermission = async (event) => true;\nexports.handler = async (event) => {\n${underline(`  if (!(await hasPermission(event))) return { statusCode: 403 };`, 'hasPermission(event)', ID)}\n  return deleteAccount(event.pathParameters.id);\n};`,
      bindings: [routeBinding('handler', 'DELETE /accounts/{id}')],
      errors: [{ messageId: 'alwaysAllows', severity: 'error' }],
    },
    {
      name: 'the result used as a DynamoDB key on a public route',
      code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n${underline(`  const cart = await doc.get({ TableName: 'Carts', Key: { userId: user.sub } }).promise();`, 'user.sub', ID)}\n  return cart.Item;\n};`,
      bindings: [routeBinding('handler', 'GET /cart')],
      errors: [{ messageId: 'failOpen', severity: 'error', messageIncludes: ['uses the result of `verifyToken` without checking it', '`user.sub` as `userId`', 'returns `null`', '(GET /cart is public)'] }],
    },
    {
      name: 'optional chaining passed to a helper, after a log line',
      code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n  console.log('user', user);\n${underline(`  return getCart(user?.id);`, 'user?.id', ID)}\n};`,
      errors: [{ messageId: 'failOpen', severity: 'warning', messageIncludes: ['`user?.id` passed to `getCart`'] }],
    },
    {
      name: 'a default object after the call is no check (`|| {}`)',
      code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization) || {};\n${underline(`  return getCart(user.sub);`, 'user.sub', ID)}\n};`,
      errors: [{ messageId: 'failOpen', messageIncludes: ['`user.sub` passed to `getCart`'] }],
    },
    {
      name: 'a claim copied into a name and used unchecked',
      code: `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n${underline(`  const userId = user?.sub;`, 'user?.sub', ID)}\n  return getCart(userId);\n};`,
      errors: [{ messageId: 'failOpen' }],
    },
    {
      name: 'a swallowed error: the helper falls off its end',
      code: `${JWT}\nconst verify = (token) => {\n  try {\n    return jwt.verify(token, process.env.KEY);\n  } catch (error) {\n    console.warn('bad token', error.message);\n  }\n};\nexports.handler = async (event) => {\n  const claims = verify(event.headers.Authorization);\n${underline(`  return loadProfile(claims?.sub);`, 'claims?.sub', ID)}\n};`,
      errors: [{ messageId: 'failOpen', messageIncludes: ['returns `undefined`'] }],
    },
    {
      name: 'jose jwtVerify(...).catch(() => undefined) in an imported module',
      path: 'handler.mjs',
      code: `import { currentUser } from './auth';\nexport const handler = async (event) => {\n  const user = await currentUser(event);\n${underline(`  return { statusCode: 200, body: JSON.stringify(await getOrders(user?.sub)) };`, 'user?.sub', ID)}\n};`,
      readModule: moduleAt(IMPORTED_JOSE, 'auth.mjs'),
      bindings: [routeBinding('handler', 'GET /orders')],
      errors: [{ messageId: 'failOpen', severity: 'error', messageIncludes: ['`currentUser`', 'returns `undefined`'] }],
    },
    {
      name: 'a helper of an imported module returning false, used in place',
      code: `const auth = require('./auth');\nexports.handler = async (event) => {\n${underline(`  return getCart((await auth.check(event.headers.Authorization)).sub);`, '(await auth.check(event.headers.Authorization)).sub', ID)}\n};`,
      readModule: moduleAt(`const { CognitoJwtVerifier } = require('aws-jwt-verify');\nconst verifier = CognitoJwtVerifier.create({ userPoolId: 'p', tokenUse: 'id', clientId: 'c' });\nexports.check = async (token) => {\n  try {\n    return await verifier.verify(token);\n  } catch {\n    return false;\n  }\n};`),
      errors: [{ messageId: 'failOpen', messageIncludes: ['`auth.check`', 'returns `false`'] }],
    },
    {
      name: 'a Lambda authorizer function is judged too',
      code: `${HELPER}\nexports.handler = async (event) => {\n  const claims = verifyToken(event.authorizationToken);\n${underline(`  return { principalId: claims?.sub, policyDocument: policyFor(claims?.groups) };`, 'claims?.sub', ID)}\n};`,
      bindings: [{ ...routeBinding('handler', 'GET /x'), triggers: [{ kind: 'unknown', description: 'Lambda authorizer Auth', auth: 'none', isAuthorizer: true, location: { path: 'serverless.yml', range: { start: 1, end: 5 } } }], exposure: 'unknown', exposureReason: 'a Lambda authorizer' }],
      errors: [{ messageId: 'failOpen' }],
    },
  ],
});

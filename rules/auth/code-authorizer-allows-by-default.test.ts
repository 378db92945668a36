// Data-driven cases for code-authorizer-allows-by-default: Allow from a catch (try/catch, .catch, a
// callback), Allow unless listed (a flipped effect, a flipped statement, a switch default, a deny-list
// test), an authorizer that allows everyone, admin checks on the first group; and the standard
// patterns that stay silent (Deny by default, callback('Unauthorized'), isAuthorized: false in catch).
import rule from './code-authorizer-allows-by-default';
import { routeBinding, testCodeRule, underline } from '../input/support/code-rule-tester';
import type { HandlerBinding } from '../../server/src/engine';

const ID = 'code-authorizer-allows-by-default';
const JWT = `const jwt = require('jsonwebtoken');`;
const POLICY = `function generatePolicy(principalId, effect, resource) {\n  return { principalId, policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] } };\n}`;

/** A function a template names as a Lambda authorizer. */
const authorizerBinding: HandlerBinding = {
  ...routeBinding('handler', 'GET /x'),
  triggers: [{ kind: 'unknown', description: 'Lambda authorizer TokenAuth', auth: 'none', isAuthorizer: true, location: { path: 'serverless.yml', range: { start: 1, end: 5 } } }],
  exposure: 'unknown',
  exposureReason: 'API Gateway calls it as a Lambda authorizer',
};

testCodeRule(rule, {
  valid: [
    { name: 'Deny by default, Allow after verify, Unauthorized from the catch', code: `${JWT}\n${POLICY}\nexports.handler = async (event) => {\n  try {\n    const claims = jwt.verify(event.authorizationToken, process.env.KEY);\n    return generatePolicy(claims.sub, 'Allow', event.methodArn);\n  } catch (error) {\n    throw new Error('Unauthorized');\n  }\n};`, bindings: [authorizerBinding] },
    { name: 'callback(\'Unauthorized\') on failure', code: `${JWT}\n${POLICY}\nexports.handler = (event, context, callback) => {\n  jwt.verify(event.authorizationToken, process.env.KEY, (error, decoded) => {\n    if (error) return callback('Unauthorized');\n    return callback(null, generatePolicy(decoded.sub, 'Allow', event.methodArn));\n  });\n};` },
    { name: 'isAuthorized: false in the catch (HTTP API simple response)', path: 'auth.mjs', code: `import { CognitoJwtVerifier } from 'aws-jwt-verify';\nconst verifier = CognitoJwtVerifier.create({ userPoolId: 'p', tokenUse: 'access', clientId: 'c' });\nexport const handler = async (event) => {\n  try {\n    const claims = await verifier.verify(event.headers.authorization);\n    return { isAuthorized: true, context: { sub: claims.sub } };\n  } catch {\n    return { isAuthorized: false };\n  }\n};` },
    { name: 'a switch whose default denies', code: `${POLICY}\nexports.handler = function (event, context, callback) {\n  switch (event.authorizationToken) {\n    case 'allow':\n      callback(null, generatePolicy('user', 'Allow', event.methodArn));\n      break;\n    case 'deny':\n      callback(null, generatePolicy('user', 'Deny', event.methodArn));\n      break;\n    default:\n      callback(null, generatePolicy('user', 'Deny', event.methodArn));\n  }\n};` },
    { name: 'an allow-list: only listed keys are let in', code: `${POLICY}\nconst KEYS = new Set([process.env.KEY_A, process.env.KEY_B]);\nexports.handler = async (event) => {\n  if (!KEYS.has(event.headers['x-api-key'])) throw new Error('Unauthorized');\n  return generatePolicy('client', 'Allow', event.methodArn);\n};` },
    { name: 'a Deny built into a variable that becomes Allow after the check', code: `${JWT}\nexports.handler = async (event) => {\n  let effect = 'Deny';\n  try {\n    jwt.verify(event.authorizationToken, process.env.KEY);\n    effect = 'Allow';\n  } catch (error) {\n    console.log(error);\n  }\n  return { principalId: 'user', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: event.methodArn }] } };\n};` },
    { name: 'an empty statement list with an Allow pushed only for a verified token', code: `${JWT}\nexports.handler = async (event) => {\n  const statements = [];\n  try {\n    const claims = jwt.verify(event.authorizationToken, process.env.KEY);\n    statements.push({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: event.methodArn });\n  } catch (error) {\n    statements.push({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' });\n  }\n  return { principalId: 'user', policyDocument: { Version: '2012-10-17', Statement: statements } };\n};`, bindings: [authorizerBinding] },
    { name: 'a simple response that starts as false and is set to true on a match', code: `exports.handler = async (event) => {\n  let response = { isAuthorized: false };\n  if (event.headers.authorization === process.env.TOKEN) response = { isAuthorized: true };\n  return response;\n};` },
    { name: 'a group check with includes', code: `exports.handler = async (event) => {\n  const groups = event.requestContext.authorizer.claims['cognito:groups'] || [];\n  if (!groups.includes('admin')) return { statusCode: 403 };\n  return { statusCode: 200 };\n};` },
    { name: 'a route handler (not an authorizer) that answers a policy-like shape from a catch', code: `exports.handler = async (event) => {\n  try {\n    return await work(event);\n  } catch (error) {\n    return { isAuthorized: true, statusCode: 200 };\n  }\n};`, bindings: [routeBinding('handler', 'POST /items')] },
    { name: 'the verifier throws before the unconditional Allow', path: 'auth.mjs', code: `import { CognitoJwtVerifier } from 'aws-jwt-verify';\nconst verifier = CognitoJwtVerifier.create({ userPoolId: 'p', tokenUse: 'access', clientId: 'c' });\nexport const handler = async (event) => {\n  const claims = await verifier.verify(event.authorizationToken);\n  return { principalId: claims.sub, policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] } };\n};` },
  ],
  invalid: [
    {
      name: 'a catch that returns an Allow policy',
      code: `${JWT}\n${POLICY}\nexports.handler = async (event) => {\n  try {\n    const claims = jwt.verify(event.authorizationToken, process.env.KEY);\n    return generatePolicy(claims.sub, 'Allow', event.methodArn);\n  } catch (error) {\n${underline(`    return generatePolicy('anonymous', 'Allow', event.methodArn);`, "return generatePolicy('anonymous', 'Allow', event.methodArn);", ID)}\n  }\n};`,
      bindings: [authorizerBinding],
      errors: [{ messageId: 'allowOnError', severity: 'error', messageIncludes: ['The authorizer `handler` allows when its check fails'] }],
    },
    {
      name: 'callback(null, Allow) in the catch of an unbound authorizer',
      code: `${JWT}\n${POLICY}\nexports.auth = (event, context, callback) => {\n  try {\n    const decoded = jwt.verify(event.authorizationToken.split(' ')[1], process.env.KEY);\n    callback(null, generatePolicy(decoded.sub, 'Allow', event.methodArn));\n  } catch (error) {\n${underline(`    callback(null, generatePolicy('guest', 'Allow', event.methodArn));`, "callback(null, generatePolicy('guest', 'Allow', event.methodArn))", ID)}\n  }\n};`,
      errors: [{ messageId: 'allowOnError' }],
    },
    {
      name: 'isAuthorized: true from .catch of an HTTP API simple authorizer',
      path: 'auth.mjs',
      code: `import { createRemoteJWKSet, jwtVerify } from 'jose';\nconst JWKS = createRemoteJWKSet(new URL(process.env.JWKS));\nexport const handler = async (event) =>\n  jwtVerify(event.headers.authorization, JWKS)\n    .then(() => ({ isAuthorized: true }))\n${underline(`    .catch(() => { return { isAuthorized: true }; });`, 'return { isAuthorized: true };', ID)}`,
      errors: [{ messageId: 'allowOnError' }],
    },
    {
      name: 'a swallowed error falls through to the Allow at the end',
      code: `${JWT}\n${POLICY}\nexports.handler = async (event) => {\n  try {\n    jwt.verify(event.authorizationToken, process.env.KEY);\n${underline(`  } catch (error) {`, 'catch', ID)}\n    console.log('invalid token', error);\n  }\n  return generatePolicy('user', 'Allow', event.methodArn);\n};`,
      errors: [{ messageId: 'allowOnError', messageIncludes: ['swallows the failed check'] }],
    },
    {
      name: 'an effect that starts as Allow and is flipped for a deny-list',
      code: `${POLICY}\nconst BLOCKED = ['evil-key'];\nexports.handler = async (event) => {\n  let effect = 'Allow';\n${underline(`  if (BLOCKED.includes(event.authorizationToken)) effect = 'Deny';`, "effect = 'Deny'", ID)}\n  return generatePolicy('user', effect, event.methodArn);\n};`,
      bindings: [authorizerBinding],
      errors: [{ messageId: 'allowUnlessListed', messageIncludes: ['`effect` starts as Allow'] }],
    },
    {
      name: 'an Allow statement on * flipped to Deny for banned IPs',
      code: `const banned = new Set(process.env.BANNED.split(','));\nexports.handler = async (event) => {\n  const policy = { principalId: 'user', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }] } };\n  if (banned.has(event.requestContext.identity.sourceIp)) {\n${underline(`    policy.policyDocument.Statement[0].Effect = 'Deny';`, "policy.policyDocument.Statement[0].Effect = 'Deny'", ID)}\n  }\n  return policy;\n};`,
      errors: [{ messageId: 'allowUnlessListed', messageIncludes: ['`policy` starts as Allow'] }],
    },
    {
      name: 'a statement list that allows * and then has a Deny pushed for a block-list',
      path: 'authz.ts',
      code: `const BLOCKED = ['u1', 'u2'];\nexport const handler = async (event: any) => {\n  const statements: any[] = [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }];\n${underline(`  if (BLOCKED.includes(event.authorizationToken)) statements.push({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' });`, "statements.push({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' })", ID)}\n  return { principalId: 'user', policyDocument: { Version: '2012-10-17', Statement: statements } };\n};`,
      bindings: [authorizerBinding],
      errors: [{ messageId: 'allowUnlessListed', messageIncludes: ['`statements` starts as Allow'] }],
    },
    {
      name: 'a policy document in a variable whose Statement gets a Deny pushed',
      code: `exports.handler = async (event) => {\n  const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }] };\n${underline(`  if (REVOKED.has(event.authorizationToken)) policy.Statement.push({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' });`, "policy.Statement.push({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' })", ID)}\n  return { principalId: 'user', policyDocument: policy };\n};`,
      bindings: [authorizerBinding],
      errors: [{ messageId: 'allowUnlessListed', messageIncludes: ['`policy` starts as Allow'] }],
    },
    {
      name: 'a simple response that starts as true and is set to false for listed IPs',
      code: `exports.handler = async (event) => {\n  const response = { isAuthorized: true };\n  if (BLOCKED_IPS.includes(event.requestContext.http.sourceIp)) {\n${underline(`    response.isAuthorized = false;`, 'response.isAuthorized = false', ID)}\n  }\n  return response;\n};`,
      errors: [{ messageId: 'allowUnlessListed', messageIncludes: ['`response` starts as Allow'] }],
    },
    {
      name: 'a switch whose default allows',
      code: `${POLICY}\nexports.handler = function (event, context, callback) {\n  switch (event.authorizationToken) {\n    case 'revoked':\n      callback(null, generatePolicy('user', 'Deny', event.methodArn));\n      break;\n${underline(`    default:`, 'default', ID)}\n      callback(null, generatePolicy('user', 'Allow', event.methodArn));\n  }\n};`,
      errors: [{ messageId: 'allowUnlessListed', messageIncludes: ['`default` of the switch'] }],
    },
    {
      name: 'a deny-list test, then Allow for everyone else',
      code: `${POLICY}\nconst REVOKED = ['k1', 'k2'];\nexports.handler = async (event) => {\n  const key = event.headers['x-api-key'];\n${underline(`  if (REVOKED.indexOf(key) !== -1) {`, 'REVOKED.indexOf(key) !== -1', ID)}\n    return generatePolicy('user', 'Deny', event.methodArn);\n  }\n  return generatePolicy('user', 'Allow', event.methodArn);\n};`,
      errors: [{ messageId: 'allowUnlessListed', messageIncludes: ['everyone else reaches the Allow'] }],
    },
    {
      name: 'an authorizer that allows everyone',
      code: `module.exports.auth = async (event, context) => {\n${underline(`  return { principalId: 'user', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] } };`, "return { principalId: 'user', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] } };", ID)}\n};`,
      errors: [{ messageId: 'allowEveryone', messageIncludes: ['The authorizer `auth` answers Allow to every caller'] }],
    },
    {
      name: 'an admin check on the first Cognito group (a route handler)',
      code: `exports.handler = async (event) => {\n  const claims = event.requestContext.authorizer.claims;\n${underline(`  if (claims['cognito:groups'][0] === 'admin') return deleteUser(event.pathParameters.id);`, "claims['cognito:groups'][0]", ID)}\n  return { statusCode: 403 };\n};`,
      bindings: [routeBinding('handler', 'DELETE /users/{id}', 'cognito')],
      errors: [{ messageId: 'firstGroupOnly', messageIncludes: ["`claims['cognito:groups'][0] === 'admin'` decides by the first group only", "groups.includes('admin')"] }],
    },
    {
      name: 'the first of a comma-separated group list, through a variable',
      code: `exports.handler = async (event) => {\n  const groups = event.requestContext.authorizer.claims['cognito:groups'];\n${underline(`  const role = groups.split(',')[0];`, "groups.split(',')[0]", ID)}\n  return role === 'admin' ? adminView() : userView();\n};`,
      errors: [{ messageId: 'firstGroupOnly' }],
    },
  ],
});

// The auth facts of the JavaScript/TypeScript front end (typescript/auth-facts.ts), read from the model
// itself: how a verification fails open and where, what a handler does with the result, auth calls in
// imported helpers with the call that reaches them, authorizer defaults, first-group checks, SQL writes;
// and that odd input (syntax errors, an import of itself, no reader) never throws.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCode } from '../index';
import type { ModuleReader } from '../model';

function slice(text: string, range: { start: number; end: number }): string {
  return text.slice(range.start, range.end);
}

const JWT = `const jwt = require('jsonwebtoken');`;

function reader(modules: Record<string, string>): ModuleReader {
  return (_from, specifier) => {
    const path = `${specifier.replace(/^\.\//, '')}.js`;
    return modules[path] === undefined ? undefined : { path, text: modules[path] };
  };
}

describe('fail-open verifications', () => {
  const cases: Array<{ name: string; helper: string; value?: string; at?: string }> = [
    { name: 'catch returns null', helper: `function check(t) {\n  try { return jwt.verify(t, 'k'); } catch (e) { return null; }\n}`, value: 'null', at: 'return null;' },
    { name: 'a bare return in the catch', helper: `function check(t) {\n  try { return jwt.verify(t, 'k'); } catch (e) { return; }\n}`, value: 'undefined', at: 'return;' },
    { name: 'false', helper: `const check = (t) => {\n  try { return jwt.verify(t, 'k'); } catch { return false; }\n};`, value: 'false', at: 'return false;' },
    { name: 'an empty object', helper: `function check(t) {\n  try { return jwt.verify(t, 'k'); } catch (e) { return {}; }\n}`, value: '{}', at: 'return {};' },
    { name: 'a swallowed error at the end of the function', helper: `function check(t) {\n  try { return jwt.verify(t, 'k'); } catch (e) { console.log(e); }\n}`, value: 'undefined', at: 'catch (e) { console.log(e); }' },
    { name: 'a variable never set on failure', helper: `function check(t) {\n  let claims;\n  try { claims = jwt.verify(t, 'k'); } catch (e) { console.log(e); }\n  return claims;\n}`, value: 'undefined', at: 'catch (e) { console.log(e); }' },
    { name: 'a callback verify whose error branch resolves the promise with null', helper: `function check(t) {\n  return new Promise((resolve) => {\n    jwt.verify(t, 'k', (err, claims) => {\n      if (err) return resolve(null);\n      resolve(claims);\n    });\n  });\n}`, value: 'null', at: 'resolve(null)' },
    { name: 'a callback verify in an arrow that resolves with nothing on error', helper: `const check = (t) => new Promise((done) => jwt.verify(t, 'k', (error, claims) => {\n  if (error) { console.error(error); done(); return; }\n  done(claims);\n}));`, value: 'undefined', at: 'done()' },
    { name: 'a callback verify that rejects on error', helper: `function check(t) {\n  return new Promise((resolve, reject) => {\n    jwt.verify(t, 'k', (err, claims) => {\n      if (err) return reject(err);\n      resolve(claims);\n    });\n  });\n}` },
    { name: 'a callback verify that resolves on success only (if (!err))', helper: `function check(t) {\n  return new Promise((resolve, reject) => {\n    jwt.verify(t, 'k', (err, claims) => {\n      if (!err) return resolve(claims);\n      reject(err);\n    });\n  });\n}` },
    { name: 'a verify inside a .then callback (not followed: a known limit)', helper: `const check = (t) => verifyAsync(t).then(() => jwt.verify(t, 'k')).catch(() => {});`, value: undefined },
    { name: 'a rethrow', helper: `function check(t) {\n  try { return jwt.verify(t, 'k'); } catch (e) { throw new Error('Unauthorized'); }\n}` },
    { name: 'a check inside the helper before returning', helper: `async function check(t) {\n  const claims = await jose.jwtVerify(t, KEY).catch(() => null);\n  if (!claims) throw new Error('Unauthorized');\n  return claims;\n}` },
    { name: 'no try at all', helper: `function check(t) {\n  return jwt.verify(t, 'k');\n}` },
  ];
  for (const entry of cases) {
    it(`${entry.name}: ${entry.value ?? 'not fail-open'}`, () => {
      const text = `${JWT}\nconst jose = require('jose');\n${entry.helper}`;
      const code = analyzeCode({ path: 'lib.js', text });
      const marked = code.authFacts.filter((fact) => fact.failOpen);
      if (!entry.value) {
        assert.deepEqual(marked, []);
        return;
      }
      assert.equal(marked.length, 1);
      assert.equal(marked[0].failOpen!.value, entry.value);
      assert.equal(marked[0].failOpen!.helper, 'check');
      assert.equal(slice(text, marked[0].failOpen!.location.range), entry.at);
    });
  }

  it('jose jwtVerify(...).catch(() => null) returned by the helper', () => {
    const text = `import { jwtVerify } from 'jose';\nexport const check = (t) => jwtVerify(t, KEY).then((r) => r.payload).catch(() => null);`;
    const code = analyzeCode({ path: 'lib.mjs', text });
    assert.deepEqual(code.authFacts.map((fact) => [fact.via, fact.failOpen?.value, fact.failOpen && slice(text, fact.failOpen.location.range)]), [['jose.jwtVerify', 'null', 'null']]);
  });
});

describe('verification results in handlers', () => {
  const HELPER = `${JWT}\nfunction verifyToken(t) {\n  try { return jwt.verify(t, 'k'); } catch (e) { return null; }\n}`;
  const statusOf = (body: string) => {
    const text = `${HELPER}\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization);\n${body}\n};`;
    const code = analyzeCode({ path: 'handler.js', text });
    assert.equal(code.verificationResults.length, 1);
    const result = code.verificationResults[0];
    assert.equal(result.handler, 'handler');
    assert.equal(result.helper, 'verifyToken');
    assert.equal(result.name, 'user');
    assert.equal(slice(text, result.call.range), 'verifyToken(event.headers.Authorization)');
    assert.equal(slice(text, result.failure.location.range), 'return null;');
    return { status: result.status, use: result.use && [slice(text, result.use.location.range), result.use.description] };
  };

  it('checked: an early return, a throw on a claim, a comparison with null, a ternary, an assert call', () => {
    for (const body of ['  if (!user) return { statusCode: 401 };\n  return user.sub;', '  if (!user?.sub) throw new Error();\n  return user.sub;', '  if (user === null) return 403;', '  return user ? user.sub : null;', '  requireUser(user);\n  return user.sub;']) {
      assert.deepEqual(statusOf(body), { status: 'checked', use: undefined }, body);
    }
  });

  it('unchecked: the first use, after any logging, with what it is', () => {
    assert.deepEqual(statusOf(`  console.log(user);\n  return getCart(user?.id);`), { status: 'unchecked', use: ['user?.id', '`user?.id` passed to `getCart`'] });
    assert.deepEqual(statusOf(`  return db.get({ Key: { userId: user.sub } });`), { status: 'unchecked', use: ['user.sub', '`user.sub` as `userId`'] });
    assert.deepEqual(statusOf('  return `cart-${user.sub}`;'), { status: 'unchecked', use: ['user.sub', '`user.sub` in a template string'] });
  });

  it('logged only, unused, and handed on as it is', () => {
    assert.deepEqual(statusOf(`  console.log('caller', user);\n  return { statusCode: 200 };`), { status: 'logged-only', use: undefined });
    assert.deepEqual(statusOf(`  return { statusCode: 200 };`), { status: 'unused', use: undefined });
    assert.deepEqual(statusOf(`  return user;`), { status: 'unused', use: undefined });
  });

  it('a helper that hands on a fail-open helper\'s result is followed (two levels), one that checks it is not', () => {
    const resultsOf = (middle: string, handlerBody: string) => {
      const text = `${HELPER}\n${middle}\nexports.handler = async (event) => {\n${handlerBody}\n};`;
      return analyzeCode({ path: 'handler.js', text }).verificationResults.map((result) => [result.helper, result.status, result.use && slice(text, result.use.location.range), slice(text, result.failure.location.range)]);
    };
    const cartOfUser = '  const user = await authenticate(event);\n  return getCart(user.sub);';
    assert.deepEqual(resultsOf('const authenticate = async (event) => verifyToken(event.headers.Authorization);', cartOfUser), [['authenticate', 'unchecked', 'user.sub', 'return null;']]);
    assert.deepEqual(resultsOf('async function authenticate(event) {\n  const claims = await verifyToken(event.headers.Authorization);\n  return claims;\n}', cartOfUser), [['authenticate', 'unchecked', 'user.sub', 'return null;']]);
    assert.deepEqual(resultsOf('const bearer = (event) => verifyToken(event.headers.Authorization);\nconst authenticate = (event) => bearer(event);', cartOfUser), [['authenticate', 'unchecked', 'user.sub', 'return null;']]);
    assert.deepEqual(resultsOf('async function authenticate(event) {\n  const claims = await verifyToken(event.headers.Authorization);\n  if (!claims) throw new Error(\'Unauthorized\');\n  return claims;\n}', cartOfUser), []);
  });

  it('a destructured result: null or undefined throws on destructuring, {} or a default goes on with undefined fields', () => {
    const resultOf = (helper: string, line: string) => {
      const text = `${JWT}\n${helper}\nexports.handler = async (event) => {\n${line}\n  return getCart(sub);\n};`;
      return analyzeCode({ path: 'handler.js', text }).verificationResults.map((result) => [result.status, result.name, result.use && slice(text, result.use.location.range)]);
    };
    const returnsNull = `function verifyToken(t) {\n  try { return jwt.verify(t, 'k'); } catch (e) { return null; }\n}`;
    const returnsEmpty = `function verifyToken(t) {\n  try { return jwt.verify(t, 'k'); } catch (e) { return {}; }\n}`;
    assert.deepEqual(resultOf(returnsNull, '  const { sub } = verifyToken(event.headers.Authorization);'), [['checked', undefined, undefined]]);
    assert.deepEqual(resultOf(returnsNull, '  const { sub } = verifyToken(event.headers.Authorization) || {};'), [['unchecked', 'sub', 'sub']]);
    assert.deepEqual(resultOf(returnsEmpty, '  const { sub, email } = verifyToken(event.headers.Authorization);'), [['unchecked', 'sub', 'sub']]);
    assert.deepEqual(resultOf(returnsEmpty, '  const { sub } = verifyToken(event.headers.Authorization);\n  if (!sub) return { statusCode: 401 };'), [['checked', 'sub', undefined]]);
  });

  it('a helper in a relatively imported module: the auth fact carries the call and the handler, the result its failure there', () => {
    const text = `const { verifyToken, decodeOnly } = require('./auth');\nexports.a = async (event) => getCart(verifyToken(event.headers.Authorization)?.sub);\nexports.b = async (event) => decodeOnly(event.headers.Authorization).sub;`;
    const helper = `${HELPER}\nexports.verifyToken = verifyToken;\nexports.decodeOnly = (t) => jwt.decode(t);`;
    const code = analyzeCode({ path: 'handler.js', text, readModule: reader({ 'auth.js': helper }) });
    assert.deepEqual(
      code.authFacts.map((fact) => [fact.kind, fact.location.path, slice(helper, fact.location.range), fact.callSite?.handler, fact.callSite?.helper, fact.callSite && slice(text, fact.callSite.location.range), fact.failOpen?.value]),
      [
        ['jwt-verified', 'auth.js', "jwt.verify(t, 'k')", 'a', 'verifyToken', 'verifyToken(event.headers.Authorization)', 'null'],
        ['jwt-unverified', 'auth.js', 'jwt.decode(t)', 'b', 'decodeOnly', 'decodeOnly(event.headers.Authorization)', undefined],
      ],
    );
    assert.deepEqual(
      code.verificationResults.map((result) => [result.handler, result.status, result.use && slice(text, result.use.location.range), result.failure.location.path]),
      [['a', 'unchecked', 'verifyToken(event.headers.Authorization)?.sub', 'auth.js']],
    );
  });

  it('never throws: no reader, an import of itself, a syntax error mid-typing', () => {
    const text = `const { verifyToken } = require('./handler');\nexports.handler = async (event) => {\n  const user = verifyToken(event.headers.Authorization\n  return user.sub;\n};`;
    for (const readModule of [undefined, reader({ 'handler.js': text })]) {
      const code = analyzeCode({ path: 'handler.js', text, readModule });
      assert.deepEqual(code.issues.filter((issue) => issue.message.startsWith('internal error')), []);
      assert.deepEqual(code.verificationResults, []);
    }
  });
});

describe('authorizer defaults', () => {
  const POLICY = `function policy(principalId, effect, resource) {\n  return { principalId, policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] } };\n}`;
  const kindsOf = (body: string, params = 'event') => {
    const text = `${JWT}\n${POLICY}\nexports.handler = async (${params}) => {\n${body}\n};`;
    const code = analyzeCode({ path: 'auth.js', text });
    return code.authorizerDefaults.map((fact) => [fact.kind, fact.shape, slice(text, fact.location.range), fact.allowLocation && slice(text, fact.allowLocation.range)]);
  };

  it('Allow from a catch, through a policy builder, with the Allow it comes from', () => {
    assert.deepEqual(kindsOf(`  try {\n    return policy(jwt.verify(event.authorizationToken, 'k').sub, 'Allow', event.methodArn);\n  } catch (e) {\n    return policy('x', 'Allow', '*');\n  }`), [
      ['allow-on-error', 'iam-policy', "return policy('x', 'Allow', '*');", "'Allow'"],
    ]);
  });

  it('a builder that calls a builder (generateAllow -> policy) is read too', () => {
    const text = `${JWT}\n${POLICY}\nconst generateAllow = (principalId, resource) => policy(principalId, 'Allow', resource);\nexports.handler = (event, context, callback) => {\n  try {\n    jwt.verify(event.authorizationToken, 'k');\n    callback(null, generateAllow('me', event.methodArn));\n  } catch (e) {\n    callback(null, generateAllow('guest', event.methodArn));\n  }\n};`;
    const code = analyzeCode({ path: 'auth.js', text });
    assert.deepEqual(code.authorizerDefaults.map((fact) => [fact.kind, slice(text, fact.location.range)]), [['allow-on-error', "callback(null, generateAllow('guest', event.methodArn))"]]);
  });

  it('a starting Allow flipped to Deny, a switch default, a deny-list test', () => {
    assert.deepEqual(kindsOf(`  let effect = 'Allow';\n  if (deny.has(event.authorizationToken)) effect = 'Deny';\n  return policy('u', effect, event.methodArn);`), [['allow-unless-listed', 'iam-policy', "effect = 'Deny'", "'Allow'"]]);
    assert.deepEqual(kindsOf(`  switch (event.authorizationToken) {\n    case 'bad': return policy('u', 'Deny', '*');\n    default: return policy('u', 'Allow', '*');\n  }`), [['allow-unless-listed', 'iam-policy', 'default', "'Allow'"]]);
    assert.deepEqual(kindsOf(`  if (event.authorizationToken in revoked) throw new Error('Unauthorized');\n  return policy('u', 'Allow', event.methodArn);`), [['allow-unless-listed', 'iam-policy', 'event.authorizationToken in revoked', "'Allow'"]]);
  });

  it('a statement list that allows `*` and then has a Deny pushed for listed callers', () => {
    const ALLOW = `{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' }`;
    const DENY = `{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' }`;
    const push = `statements.push(${DENY})`;
    assert.deepEqual(kindsOf(`  const statements = [${ALLOW}];\n  if (BLOCKED.includes(event.authorizationToken)) ${push};\n  return { principalId: 'user', policyDocument: { Version: '2012-10-17', Statement: statements } };`), [['allow-unless-listed', 'iam-policy', push, "'Allow'"]]);
    // The list in shorthand, and the document in a variable whose Statement gets the push.
    assert.deepEqual(kindsOf(`  const Statement = [${ALLOW}];\n  if (BLOCKED.has(event.authorizationToken)) Statement.unshift(${DENY});\n  return { principalId: 'user', policyDocument: { Version: '2012-10-17', Statement } };`), [['allow-unless-listed', 'iam-policy', `Statement.unshift(${DENY})`, "'Allow'"]]);
    assert.deepEqual(kindsOf(`  const policy = { Version: '2012-10-17', Statement: [${ALLOW}] };\n  if (BLOCKED.includes(event.authorizationToken)) policy.Statement.push(${DENY});\n  return { principalId: 'user', policyDocument: policy };`), [['allow-unless-listed', 'iam-policy', `policy.Statement.push(${DENY})`, "'Allow'"]]);
    assert.deepEqual(kindsOf(`  const response = { principalId: 'user', policyDocument: { Version: '2012-10-17', Statement: [${ALLOW}] } };\n  if (BLOCKED.includes(event.authorizationToken)) response.policyDocument.Statement.push(${DENY});\n  return response;`), [['allow-unless-listed', 'iam-policy', `response.policyDocument.Statement.push(${DENY})`, "'Allow'"]]);
  });

  it('a statement list that starts empty or denies, with an Allow pushed for a verified token, records nothing', () => {
    const ALLOW = `{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: event.methodArn }`;
    assert.deepEqual(kindsOf(`  const statements = [];\n  const claims = jwt.verify(event.authorizationToken, 'k');\n  if (claims.sub) statements.push(${ALLOW});\n  return { principalId: claims.sub, policyDocument: { Version: '2012-10-17', Statement: statements } };`), []);
    assert.deepEqual(kindsOf(`  const statements = [{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' }];\n  const claims = jwt.verify(event.authorizationToken, 'k');\n  if (claims.sub) statements.push(${ALLOW});\n  return { principalId: claims.sub, policyDocument: { Version: '2012-10-17', Statement: statements } };`), []);
    assert.deepEqual(kindsOf(`  const statements = [{ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' }];\n  try {\n    jwt.verify(event.authorizationToken, 'k');\n    statements[0].Effect = 'Allow';\n  } catch (e) {}\n  return { principalId: 'user', policyDocument: { Version: '2012-10-17', Statement: statements } };`), []);
  });

  it('Allow for everyone only when no credential is read and nothing can deny', () => {
    assert.deepEqual(kindsOf(`  return { isAuthorized: true };`), [['allow-unconditional', 'simple', 'return { isAuthorized: true };', 'true']]);
    assert.deepEqual(kindsOf(`  const token = event.headers.authorization;\n  return { isAuthorized: true, context: { token } };`), []);
    assert.deepEqual(kindsOf(`  await validate(event);\n  return { isAuthorized: true };`), []);
  });

  it('the standard patterns record nothing', () => {
    assert.deepEqual(kindsOf(`  try {\n    const claims = jwt.verify(event.authorizationToken, 'k');\n    return policy(claims.sub, 'Allow', event.methodArn);\n  } catch (e) {\n    return policy('x', 'Deny', event.methodArn);\n  }`), []);
    assert.deepEqual(kindsOf(`  jwt.verify(event.authorizationToken, 'k', (err, decoded) => {\n    if (err) return callback('Unauthorized');\n    callback(null, policy(decoded.sub, 'Allow', event.methodArn));\n  });`, 'event, context, callback'), []);
    assert.deepEqual(kindsOf(`  if (!allowed.includes(event.authorizationToken)) return policy('u', 'Deny', '*');\n  return policy('u', 'Allow', event.methodArn);`), []);
  });

  it('admin checks on the first group, directly or through a variable; includes is fine', () => {
    const text = `exports.handler = async (event) => {\n  const claims = event.requestContext.authorizer.jwt.claims;\n  const groups = claims['cognito:groups'];\n  const first = groups[0];\n  if (first !== 'admin') return { statusCode: 403 };\n  if (claims['cognito:groups'].includes('admin')) return ok();\n};`;
    const code = analyzeCode({ path: 'h.js', text });
    assert.deepEqual(code.authorizerDefaults.map((fact) => [fact.kind, fact.handler, slice(text, fact.location.range), fact.description]), [['first-group-only', 'handler', 'groups[0]', "`first !== 'admin'` decides by the first group only"]]);
  });
});

describe('SQL writes', () => {
  it('reads the statement from a literal, a template head, a constant, an object and a tagged template; SELECT is not a write', () => {
    const text = `import pg from 'pg';
import { sql } from '@vercel/postgres';
import { RDSDataClient, ExecuteStatementCommand } from '@aws-sdk/client-rds-data';
const pool = new pg.Pool();
const UPSERT = '/* keep */ INSERT INTO t VALUES ($1) ON CONFLICT DO NOTHING';
export const handler = async (event) => {
  await pool.query('SELECT * FROM t');
  await pool.query(\`  update t set a = \${1}\`);
  await pool.query(UPSERT, [1]);
  await pool.query({ text: 'DELETE FROM t WHERE id = $1', values: [1] });
  await sql\`TRUNCATE t\`;
  await new RDSDataClient({}).send(new ExecuteStatementCommand({ sql: 'DROP TABLE t', resourceArn: 'a', secretArn: 'b' }));
  await somethingElse.query('DELETE FROM t');
};`;
    const code = analyzeCode({ path: 'h.mjs', text });
    assert.deepEqual(
      code.dataWrites.map((write) => [write.statement, write.via, write.handler]),
      [
        ['UPDATE', 'pg.Pool.query', 'handler'],
        ['INSERT', 'pg.Pool.query', 'handler'],
        ['DELETE', 'pg.Pool.query', 'handler'],
        ['TRUNCATE', '@vercel/postgres.sql', 'handler'],
        ['DROP', '@aws-sdk/client-rds-data.ExecuteStatementCommand', 'handler'],
      ],
    );
  });
});

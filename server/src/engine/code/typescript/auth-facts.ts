/**
 * Auth facts that need more than a call's name, from syntax alone (no solver): verification helpers
 * that fail open and what each handler does with their result, token checks and decodes inside helpers
 * of relatively imported modules (one level), Lambda authorizer decisions that default to Allow, admin
 * checks that read only the first group, and SQL statements that write. It never runs or requires the
 * analysed code, and never throws on odd syntax (unknown shapes yield no fact).
 */
import ts from 'typescript';
import type { AuthFact, AuthFactKind, AuthorizerDefault, CodeDocument, CodeLocation, FailValue } from '../model';
import { describeQualifiedName, memberName, propertyNameText, qualifiedNameOf, resolveFunction, unwrapExpression, type FunctionNode, type ModuleScan } from './module-scan';
import { SINKS } from './tables';

/** One module as these facts need it: its scan, its auth calls (from the site scan) and how to locate a node. */
export interface AuthModule {
  scan: ModuleScan;
  authCalls: ReadonlyArray<{ kind: AuthFactKind; via: string; node: ts.Node }>;
  /** The SQL sink sites of the site scan: the query argument (or its `text`/`sql` property), the call, the callee. */
  sqlSites: ReadonlyArray<{ node: ts.Node; construct: ts.Node; callee: string }>;
  locate(node: ts.Node): CodeLocation;
}

export interface AuthHandler {
  fn: FunctionNode;
  exportName: string;
}

interface FailOpen {
  value: FailValue;
  node: ts.Node;
}

const LOG_RECEIVER = /^(console|logger|log|LOGGER|Logger|this\.logger|this\.log)$/;
/** A call that takes the value to check it, not to use it: `assertUser(user)`, `requireAuth(user)`. */
const CHECK_CALLEE = /(^|\.)(assert\w*|check\w*|require\w*|ensure\w*|validate\w*|verify\w*|guard\w*|authori[sz]e\w*|isValid\w*|isAuth\w*|unauthori[sz]ed\w*|forbidden\w*|deny\w*)$/i;
/** Where a request carries a credential; an authorizer that reads none of them checks nobody. */
const CREDENTIAL_FIELDS = /^(authorizationToken|headers|multiValueHeaders|identitySource|queryStringParameters|multiValueQueryStringParameters|cookies|authorization|Authorization|token|body|requestContext)$/;
const SQL_WRITE = /^\s*(?:(?:\/\*[\s\S]*?\*\/|--[^\n]*\n)\s*)*(INSERT|UPDATE|DELETE|REPLACE|MERGE|DROP|TRUNCATE|ALTER|UPSERT)\b/i;
/**
 * Cheap gates read over the whole text, comments included, before a walk. They are named here because
 * `document-reuse.ts` must know every whole-text read: an edit in a comment can open or close one.
 */
export const WHOLE_TEXT_GATES = {
  authorizerResponse: /\b(policyDocument|isAuthorized)\b/,
  groups: /groups/i,
  writingSql: /\b(INSERT|UPDATE|DELETE|REPLACE|MERGE|DROP|TRUNCATE|ALTER|UPSERT)\b/i,
} as const;
const SQL_MODELS = SINKS.filter((model) => model.kind === 'sql');
const SQL_TAG_MODULES: ReadonlySet<string> = new Set(['postgres', '@vercel/postgres', '@neondatabase/serverless', 'slonik', 'sql-template-strings', '@databases/pg', '@databases/mysql']);

/** Package names (`mysql2` for `mysql2/promise`) whose import makes a SQL write possible. */
const SQL_PACKAGES: ReadonlySet<string> = new Set([...SQL_MODELS.flatMap((model) => model.modules), ...SQL_TAG_MODULES].map((name) => (name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0])));

function isFunctionLike(node: ts.Node): node is FunctionNode {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
}

function nearestFunction(node: ts.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionLike(current)) return current;
  return undefined;
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return outer.pos <= inner.pos && inner.end <= outer.end;
}

function short(text: string, max = 50): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Skips parentheses, `await`, `as` and `!` upwards: the node whose parent gives the value's use. */
function outerValue(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAwaitExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent) || ts.isSatisfiesExpression(current.parent))) current = current.parent;
  return current;
}

/** `null`, `undefined`, `false`, `{}`, `void 0`: what a failed check returns instead of throwing. */
function failValueOf(node: ts.Expression | undefined): FailValue | undefined {
  if (!node) return 'undefined';
  const expr = unwrapExpression(node);
  if (expr.kind === ts.SyntaxKind.NullKeyword) return 'null';
  if (expr.kind === ts.SyntaxKind.FalseKeyword) return 'false';
  if (ts.isIdentifier(expr) && expr.text === 'undefined') return 'undefined';
  if (ts.isVoidExpression(expr)) return 'undefined';
  if (ts.isObjectLiteralExpression(expr) && expr.properties.length === 0) return '{}';
  return undefined;
}

/** Returns and throws whose function is `fn`, inside `within`. */
function exitsIn(within: ts.Node, fn: ts.Node): { returns: ts.ReturnStatement[]; throws: ts.ThrowStatement[] } {
  const returns: ts.ReturnStatement[] = [];
  const throws: ts.ThrowStatement[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node) && node !== fn) return;
    if (ts.isReturnStatement(node)) returns.push(node);
    if (ts.isThrowStatement(node)) throws.push(node);
    ts.forEachChild(node, visit);
  };
  visit(within);
  return { returns, throws };
}

/** Whether a callback passed to `.catch(...)` yields a fail value: `() => null`, `() => ({})`, `() => {}`, `(e) => { log(e); return false; }`. */
function callbackFailValue(callback: ts.Expression | undefined): { value: FailValue; node: ts.Node } | undefined {
  if (!callback) return undefined;
  const fn = unwrapExpression(callback);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  if (!ts.isBlock(fn.body)) {
    const value = failValueOf(fn.body);
    return value ? { value, node: fn.body } : undefined;
  }
  const { returns, throws } = exitsIn(fn.body, fn);
  if (throws.length > 0) return undefined;
  if (returns.length === 0) return { value: 'undefined', node: fn };
  for (const statement of returns) {
    const value = failValueOf(statement.expression);
    if (value) return { value, node: statement };
  }
  return undefined;
}

/**
 * How the function holding a verification call `call` fails open, if it does: a `catch` around the call
 * that returns a fail value (or swallows the error and lets the function end), or a `.catch(() => null)`
 * on the call whose result the function returns.
 */
function failOpenOf(fn: FunctionNode, call: ts.Node): FailOpen | undefined {
  for (let current: ts.Node = call; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (ts.isTryStatement(parent) && parent.tryBlock === current && parent.catchClause) {
      const { returns, throws } = exitsIn(parent.catchClause.block, fn);
      for (const statement of returns) {
        const value = failValueOf(statement.expression);
        if (value) return { value, node: statement };
      }
      if (returns.length > 0 || throws.length > 0) return undefined;
      // The error is swallowed: what the function returns next decides.
      const block = parent.parent;
      if (!ts.isBlock(block) || block.parent !== fn) return undefined;
      const after = block.statements.slice(block.statements.indexOf(parent) + 1);
      const next = after.find((statement) => exitsIn(statement, fn).returns.length > 0 || exitsIn(statement, fn).throws.length > 0);
      if (!next) return { value: 'undefined', node: parent.catchClause };
      if (ts.isReturnStatement(next)) {
        const value = failValueOf(next.expression);
        if (value) return { value, node: parent.catchClause };
        // `let claims; try { claims = verify() } catch {} return claims;`: undefined when the check failed.
        if (next.expression && ts.isIdentifier(unwrapExpression(next.expression)) && declaredEmpty(fn, (unwrapExpression(next.expression) as ts.Identifier).text)) return { value: 'undefined', node: parent.catchClause };
      }
      return undefined;
    }
    if (ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'catch' && contains(parent.expression.expression, call)) {
      const fail = callbackFailValue(parent.arguments[0]);
      if (!fail) return undefined;
      const use = outerValue(parent);
      const returned = (ts.isReturnStatement(use.parent) && use.parent.expression === use) || (ts.isArrowFunction(use.parent) && use.parent.body === use && use.parent === fn);
      if (returned) return fail;
      if (ts.isVariableDeclaration(use.parent) && ts.isIdentifier(use.parent.name)) {
        const name = use.parent.name.text;
        const { returns } = exitsIn(fn, fn);
        const checked = mentionsInCondition(fn, name);
        if (!checked && returns.some((statement) => statement.expression && ts.isIdentifier(unwrapExpression(statement.expression)) && (unwrapExpression(statement.expression) as ts.Identifier).text === name)) return fail;
      }
      return undefined;
    }
  }
  return undefined;
}

/**
 * The functions of the same module whose result `fn` returns as it is: `return verifyToken(t)`,
 * `return await verifyToken(t)`, an arrow whose body is the call, or `const user = await verifyToken(t);
 * return user;` with no test of `user` in between.
 */
function returnedHelperCalls(module: AuthModule, fn: FunctionNode): FunctionNode[] {
  const out: FunctionNode[] = [];
  const calleeOf = (expression: ts.Expression | undefined): FunctionNode | undefined => {
    if (!expression) return undefined;
    let value = unwrapExpression(expression);
    if (ts.isAwaitExpression(value)) value = unwrapExpression(value.expression);
    if (!ts.isCallExpression(value) || !ts.isIdentifier(value.expression)) return undefined;
    return module.scan.functions.get(value.expression.text) as FunctionNode | undefined;
  };
  const body = fn.body;
  if (body && !ts.isBlock(body)) {
    const direct = calleeOf(body as ts.Expression);
    if (direct) out.push(direct);
    return out;
  }
  for (const statement of exitsIn(fn, fn).returns) {
    const direct = calleeOf(statement.expression);
    if (direct) {
      out.push(direct);
      continue;
    }
    const returned = statement.expression && unwrapExpression(statement.expression);
    if (!returned || !ts.isIdentifier(returned) || mentionsInCondition(fn, returned.text)) continue;
    const declared = declarationIn(fn, returned.text);
    const viaVariable = declared && calleeOf(declared);
    if (viaVariable) out.push(viaVariable);
  }
  return out;
}

/** The initialiser of `const name = ...` in the function, when there is one such declaration. */
function declarationIn(fn: ts.Node, name: string): ts.Expression | undefined {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) found.push(node.initializer);
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found.length === 1 ? found[0] : undefined;
}

/** The function a verification belongs to: the one holding it, or the one returning the promise whose executor holds it. */
function verificationOwner(node: ts.Node): FunctionNode | undefined {
  const nearest = nearestFunction(node);
  return promiseOwner(nearest)?.owner ?? nearest;
}

/**
 * When `executor` is the function of a `new Promise(executor)` that a function returns (`return new
 * Promise(...)`, or an arrow whose body it is): that function, and the name of the executor's resolve.
 */
function promiseOwner(executor: FunctionNode | undefined): { owner: FunctionNode; resolve: string } | undefined {
  const construct = executor?.parent;
  if (!executor || !construct || !ts.isNewExpression(construct) || !ts.isIdentifier(construct.expression) || construct.expression.text !== 'Promise') return undefined;
  const resolve = executor.parameters[0]?.name;
  if (!resolve || !ts.isIdentifier(resolve)) return undefined;
  const value = outerValue(construct);
  const owner = nearestFunction(construct);
  if (!owner) return undefined;
  const isReturned = (value.parent && ts.isReturnStatement(value.parent)) || (ts.isArrowFunction(owner) && owner.body === value);
  return isReturned ? { owner, resolve: resolve.text } : undefined;
}

/**
 * A callback verification (`jwt.verify(token, key, (err, claims) => { if (err) return resolve(null); ... })`)
 * inside a promise executor fails open when its error branch resolves the promise with a fail value
 * (or with nothing) instead of rejecting it.
 */
function callbackFailOpen(call: ts.Node, resolve: string): FailOpen | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const callback = call.arguments.length > 0 ? unwrapExpression(call.arguments[call.arguments.length - 1]) : undefined;
  if (!callback || (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback))) return undefined;
  const error = callback.parameters[0]?.name;
  if (!error || !ts.isIdentifier(error) || !ts.isBlock(callback.body)) return undefined;
  let found: FailOpen | undefined;
  const visit = (node: ts.Node): void => {
    if (found || (isFunctionLike(node) && node !== callback)) return;
    if (ts.isIfStatement(node) && mentions(node.expression, error.text) && !ts.isPrefixUnaryExpression(unwrapExpression(node.expression))) {
      const resolved = firstCallOf(node.thenStatement, resolve);
      if (resolved) {
        const value = resolved.arguments.length === 0 ? 'undefined' : failValueOf(resolved.arguments[0]);
        if (value) found = { value, node: resolved };
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(callback.body);
  return found;
}

function mentions(node: ts.Node, name: string): boolean {
  if (ts.isIdentifier(node)) return node.text === name;
  return ts.forEachChild(node, (child) => mentions(child, name) || undefined) === true;
}

/** The first call of `name(...)` in a statement, outside nested functions. */
function firstCallOf(statement: ts.Node, name: string): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

/** `let x;` or `let x = null` in the function. */
function declaredEmpty(fn: ts.Node, name: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && (!node.initializer || failValueOf(node.initializer))) found = true;
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

function mentionsInCondition(fn: ts.Node, name: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && node.text === name && isConditionUse(node)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

/** Whether a reference sits where its truth is tested: `if (!user)`, `user?.sub ? a : b`, `user && ...`, `user == null`. */
function isConditionUse(reference: ts.Node): boolean {
  let current: ts.Node = reference;
  for (;;) {
    const parent = current.parent;
    if (!parent) return false;
    if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === current) current = parent;
    else if (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent) || ts.isTypeOfExpression(parent)) current = parent;
    else if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) current = parent;
    else if (ts.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      const comparison = [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.InstanceOfKeyword, ts.SyntaxKind.InKeyword].includes(operator);
      const logical = [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(operator);
      if (logical && parent.left === current) return true;
      if (comparison) current = parent;
      else if (logical) current = parent;
      else return false;
    } else if ((ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) && parent.expression === current) return true;
    else if (ts.isConditionalExpression(parent) && parent.condition === current) return true;
    else if (ts.isSwitchStatement(parent) && parent.expression === current) return true;
    else if (ts.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression)) {
      const callee = parent.expression.getText();
      return CHECK_CALLEE.test(callee) || /^(assert|ok|Boolean)$/.test(callee);
    } else return false;
  }
}

function isLoggingArgument(node: ts.Node, stop: ts.Node): boolean {
  for (let current = node.parent; current && current !== stop; current = current.parent) {
    if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && LOG_RECEIVER.test(current.expression.expression.getText())) return true;
    if (isFunctionLike(current)) return false;
  }
  return false;
}

/** The outermost member chain starting at a reference: `user.sub`, `user?.profile.id`. */
function memberChain(reference: ts.Node): ts.Node {
  let current = reference;
  while (current.parent && (ts.isPropertyAccessExpression(current.parent) || ts.isElementAccessExpression(current.parent) || ts.isNonNullExpression(current.parent)) && (current.parent as ts.PropertyAccessExpression).expression === current) current = current.parent;
  return current;
}

function describeUse(chain: ts.Node): string {
  const text = `\`${short(chain.getText())}\``;
  const value = outerValue(chain);
  const parent = value.parent;
  if (parent && ts.isCallExpression(parent) && parent.arguments.includes(value as ts.Expression)) return `${text} passed to \`${short(parent.expression.getText(), 40)}\``;
  if (parent && ts.isPropertyAssignment(parent) && parent.initializer === value) return `${text} as \`${propertyNameText(parent.name) ?? short(parent.name.getText(), 30)}\``;
  if (parent && ts.isShorthandPropertyAssignment(parent)) return `${text} as \`${parent.name.text}\``;
  if (parent && ts.isTemplateSpan(parent)) return `${text} in a template string`;
  return text;
}

export function collectAuthFacts(main: AuthModule, handlers: readonly AuthHandler[], document: CodeDocument, readImport: (specifier: string) => AuthModule | undefined): void {
  // One read per specifier: a handler may call an imported helper many times.
  const imports = new Map<string, AuthModule | undefined>();
  const importModule = (specifier: string) => {
    if (!imports.has(specifier)) imports.set(specifier, readImport(specifier));
    return imports.get(specifier);
  };
  const failOpenCache = new Map<ts.Node, FailOpen | null>();
  /** The fail-open way of a function of `module`, from the verification calls it holds. */
  type FailingFunction = { fail: FailOpen; fact: { kind: AuthFactKind; via: string; node: ts.Node } };
  /** Per function (the whole answer, depth 0): a handler file calls the same helpers from every handler. */
  const failingFunctions = new Map<ts.Node, FailingFunction | null>();
  const failOpenOfFunction = (module: AuthModule, fn: FunctionNode): FailingFunction | undefined => {
    let known = failingFunctions.get(fn);
    if (known === undefined) failingFunctions.set(fn, (known = failOpenWithin(module, fn, 0) ?? null));
    return known ?? undefined;
  };
  const failOpenWithin = (module: AuthModule, fn: FunctionNode, depth: number): FailingFunction | undefined => {
    for (const fact of module.authCalls) {
      if (fact.kind !== 'jwt-verified') continue;
      const owner = nearestFunction(fact.node);
      // `return new Promise((resolve) => jwt.verify(t, key, (err, claims) => ...))`: the helper owns the verification.
      const promised = owner !== fn ? promiseOwner(owner) : undefined;
      if (owner !== fn && promised?.owner !== fn) continue;
      let cached = failOpenCache.get(fact.node);
      if (cached === undefined) {
        cached = (promised ? callbackFailOpen(fact.node, promised.resolve) : failOpenOf(fn, fact.node)) ?? null;
        failOpenCache.set(fact.node, cached);
      }
      if (cached) return { fail: cached, fact };
    }
    // A helper that hands on another helper's fail-open result unchecked fails open the same way:
    // `const authenticate = async (event) => verifyToken(bearer(event))`, two levels at most.
    if (depth >= 2) return undefined;
    for (const inner of returnedHelperCalls(module, fn)) {
      const failing = inner !== fn ? failOpenWithin(module, inner, depth + 1) : undefined;
      if (failing) return failing;
    }
    return undefined;
  };

  // Fail-open marks on this document's own verifications.
  for (const fact of main.authCalls) {
    if (fact.kind !== 'jwt-verified') continue;
    const fn = verificationOwner(fact.node);
    const fail = fn && failOpenOfFunction(main, fn);
    if (!fn || !fail || fail.fact !== fact) continue;
    const recorded = findFact(document, main.locate(fact.node));
    if (recorded) recorded.failOpen = { value: fail.fail.value, location: main.locate(fail.fail.node), helper: functionName(fn) };
  }

  const seenImported = new Set<string>();
  // Without a token check in the file and without a relative import, no call can reach a verification helper.
  const hasHelpers = main.authCalls.some((fact) => fact.kind !== 'authorizer-claims') || main.scan.relativeBindings.size > 0;
  for (const handler of hasHelpers ? handlers : []) {
    const body = handler.fn.body;
    if (!body) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const target = helperTarget(main, node, importModule);
        if (target) {
          if (target.module !== main) recordImportedFacts(target.module, target.fn, node, handler.exportName, target.name);
          const failing = target.fn !== handler.fn ? failOpenOfFunction(target.module, target.fn) : undefined;
          if (failing) recordResult(handler, node, target, failing);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
  }

  function recordImportedFacts(module: AuthModule, fn: FunctionNode, call: ts.CallExpression, handler: string, helper: string): void {
    // The helper's own calls, and those of the module's functions it calls by name (one step).
    const functions = new Set<ts.Node>([fn]);
    const collect = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const local = module.scan.functions.get(node.expression.text);
        if (local) functions.add(local);
      }
      ts.forEachChild(node, collect);
    };
    collect(fn);
    for (const fact of module.authCalls) {
      if (![...functions].some((owner) => contains(owner, fact.node))) continue;
      const location = module.locate(fact.node);
      const key = `${handler}|${location.path}|${location.range.start}`;
      if (seenImported.has(key)) continue;
      seenImported.add(key);
      const owner = verificationOwner(fact.node);
      const failing = owner && fact.kind === 'jwt-verified' ? failOpenOfFunction(module, owner) : undefined;
      document.authFacts.push({
        kind: fact.kind,
        via: fact.via,
        location,
        callSite: { location: main.locate(call), handler, helper },
        ...(failing && failing.fact === fact && owner && { failOpen: { value: failing.fail.value, location: module.locate(failing.fail.node), helper: functionName(owner) } }),
      });
    }
  }

  function recordResult(handler: AuthHandler, call: ts.CallExpression, target: HelperTarget, failing: { fail: FailOpen }): void {
    const base = { handler: handler.exportName, helper: target.name, call: main.locate(call), failure: { value: failing.fail.value, location: target.module.locate(failing.fail.node) } };
    let value = outerValue(call);
    let isDefaulted = false;
    // `verify(token) || {}` and `?? {}` give the same unchecked value a default: the result is what the handler holds.
    while (value.parent && ts.isBinaryExpression(value.parent) && value.parent.left === value && [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(value.parent.operatorToken.kind) && isDefaultValue(value.parent.right)) {
      value = outerValue(value.parent);
      isDefaulted = true;
    }
    const parent = value.parent;
    if (parent && ts.isVariableDeclaration(parent) && parent.initializer === value && ts.isObjectBindingPattern(parent.name)) {
      // `const { sub } = await verifyToken(t)`: destructuring null or undefined throws a TypeError, so the request fails
      // and no identity is used; `false`, `{}` or a default (`|| {}`) give undefined fields, and the handler goes on with them.
      if (!isDefaulted && (failing.fail.value === 'null' || failing.fail.value === 'undefined')) return void document.verificationResults.push({ ...base, status: 'checked' });
      let outcome: FirstUse = { status: 'unused' };
      let bound: string | undefined;
      for (const element of parent.name.elements) {
        if (!ts.isIdentifier(element.name)) continue;
        const use = firstUse(handler.fn, element.name.text, value.end, 1);
        if (use.status === 'unchecked') {
          outcome = use;
          bound = element.name.text;
          break;
        }
        if (use.status === 'checked' || (use.status === 'logged-only' && outcome.status === 'unused')) {
          outcome = use;
          bound ??= element.name.text;
        }
      }
      return void document.verificationResults.push(outcome.status === 'unchecked' ? { ...base, ...(bound && { name: bound }), status: 'unchecked', use: { location: main.locate(outcome.use), description: describeUse(outcome.use) } } : { ...base, ...(bound && { name: bound }), status: outcome.status });
    }
    let name: string | undefined;
    if (parent && ts.isVariableDeclaration(parent) && parent.initializer === value && ts.isIdentifier(parent.name)) name = parent.name.text;
    else if (parent && ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === value && ts.isIdentifier(parent.left)) name = parent.left.text;
    if (name === undefined) {
      // Used in place: `getCart((await verify(token))?.sub)`, `if (!(await verify(token)))`.
      if (isConditionUse(value)) return void document.verificationResults.push({ ...base, status: 'checked' });
      if (ts.isExpressionStatement(parent) || (parent && ts.isVariableDeclaration(parent))) return void document.verificationResults.push({ ...base, status: 'unused' });
      const chain = memberChain(value);
      if (chain === value && !(parent && ts.isCallExpression(parent) && parent.arguments.includes(value as ts.Expression))) return void document.verificationResults.push({ ...base, status: 'unused' });
      if (isLoggingArgument(chain, handler.fn)) return void document.verificationResults.push({ ...base, status: 'logged-only' });
      return void document.verificationResults.push({ ...base, status: 'unchecked', use: { location: main.locate(chain), description: describeUse(chain) } });
    }
    const outcome = firstUse(handler.fn, name, value.end, 1);
    document.verificationResults.push(outcome.status === 'unchecked' ? { ...base, name, status: 'unchecked', use: { location: main.locate(outcome.use), description: describeUse(outcome.use) } } : { ...base, name, status: outcome.status });
  }

  collectAuthorizerDefaults(main, handlers, document);
  collectFirstGroupChecks(main, handlers, document);
  collectDataWrites(main, handlers, document);
}

/** A fallback that is no check: a literal, an object or array literal, `null` (never a throw, nor a call that may answer 401). */
function isDefaultValue(node: ts.Expression): boolean {
  const expr = unwrapExpression(node);
  return ts.isObjectLiteralExpression(expr) || ts.isArrayLiteralExpression(expr) || ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr) || ts.isNumericLiteral(expr) || expr.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(expr) && expr.text === 'undefined');
}

type FirstUse = { status: 'checked' | 'logged-only' | 'unused' } | { status: 'unchecked'; use: ts.Node };

/**
 * What a handler does first with a value bound to `name` (after `after`), logging aside. A claim copied
 * into another name (`const id = user?.sub`) is followed one hop: `if (!id) return 401` checks it.
 */
function firstUse(fn: FunctionNode, name: string, after: number, hops: number): FirstUse {
  let logged = false;
  for (const reference of referencesAfter(fn, name, after)) {
    if (isLoggingArgument(reference, fn)) {
      logged = true;
      continue;
    }
    if (isConditionUse(reference)) return { status: 'checked' };
    const chain = memberChain(reference);
    const outer = outerValue(chain);
    // `return user` hands the value on as it is; it uses no identity here.
    if (chain === reference && outer.parent && ts.isReturnStatement(outer.parent)) continue;
    if (chain === reference && outer.parent && ts.isBinaryExpression(outer.parent) && outer.parent.left === outer && outer.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) continue;
    if (hops > 0 && outer.parent && ts.isVariableDeclaration(outer.parent) && outer.parent.initializer === outer && ts.isIdentifier(outer.parent.name)) {
      const alias = firstUse(fn, outer.parent.name.text, outer.end, hops - 1);
      return alias.status === 'unchecked' ? { status: 'unchecked', use: chain } : alias;
    }
    return { status: 'unchecked', use: chain };
  }
  return { status: logged ? 'logged-only' : 'unused' };
}

function findFact(document: CodeDocument, location: CodeLocation): AuthFact | undefined {
  return document.authFacts.find((fact) => fact.location.path === location.path && fact.location.range.start === location.range.start && fact.location.range.end === location.range.end);
}

function functionName(fn: FunctionNode): string {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn)) && fn.name) return fn.name.getText();
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent)) return propertyNameText(parent.name) ?? 'function';
  if (parent && ts.isBinaryExpression(parent)) return memberName(parent.left) ?? 'function';
  return 'function';
}

function referencesAfter(fn: ts.Node, name: string, after: number): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && node.pos >= after) {
      const parent = node.parent;
      // A property name (`x.user`, `{ user: 1 }`) is not the variable.
      const isName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node) || (ts.isBindingElement(parent) && parent.propertyName === node);
      if (!isName) out.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return out;
}

interface HelperTarget {
  module: AuthModule;
  fn: FunctionNode;
  /** As written at the call: `verifyToken`, `auth.getUser`. */
  name: string;
}

/** The function a call runs: a function of this file, or (one level) an export of a relatively imported module. */
function helperTarget(main: AuthModule, call: ts.CallExpression, importModule: (specifier: string) => AuthModule | undefined): HelperTarget | undefined {
  const callee = unwrapExpression(call.expression);
  let specifier: string | undefined;
  let imported: string | undefined;
  if (ts.isIdentifier(callee)) {
    const local = main.scan.functions.get(callee.text);
    if (local) return { module: main, fn: local, name: callee.text };
    const bound = main.scan.relativeBindings.get(callee.text);
    if (!bound) return undefined;
    specifier = bound.specifier;
    imported = bound.imported === '*' ? 'default' : bound.imported;
  } else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const bound = main.scan.relativeBindings.get(callee.expression.text);
    if (!bound || bound.imported !== '*') return undefined;
    specifier = bound.specifier;
    imported = callee.name.text;
  } else return undefined;
  const module = importModule(specifier);
  if (!module) return undefined;
  const entry = module.scan.exports.find((candidate) => candidate.name === imported);
  const resolved = entry ? resolveFunction(module.scan, entry.node) : undefined;
  return resolved ? { module, fn: resolved.fn, name: callee.getText(main.scan.sourceFile) } : undefined;
}

// --- Lambda authorizers -------------------------------------------------------------------------

type Decision = 'allow' | 'deny' | 'unknown';

interface Response {
  shape: 'iam-policy' | 'simple';
  decision: Decision;
  /** The `'Allow'` literal (or `isAuthorized: true`) the decision comes from. */
  allowNode?: ts.Node;
  /** A local variable holding the effect or the whole response, for "starts as Allow, flipped to Deny". */
  variable?: string;
}

interface Outcome {
  node: ts.Node;
  decision: Decision;
  response?: Response;
}

function stringValue(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  const expr = ts.isExpression(node) ? unwrapExpression(node) : node;
  return ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr) ? expr.text : undefined;
}

function effectWord(node: ts.Node | undefined): 'allow' | 'deny' | undefined {
  const text = stringValue(node)?.toLowerCase();
  return text === 'allow' ? 'allow' : text === 'deny' ? 'deny' : undefined;
}

/** The variable declarations of a function by name (the last one wins; shadowing is rare in authorizers). */
function localDeclarations(fn: ts.Node): Map<string, ts.VariableDeclaration> {
  const out = new Map<string, ts.VariableDeclaration>();
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) out.set(node.name.text, node);
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return out;
}

/** Per file: which functions build an authorizer response, so a helper's text is read once, not at every call. */
type BuilderCache = Map<ts.Node, 'iam-policy' | 'simple' | undefined>;

class AuthorizerReader {
  private declarationsByName?: Map<string, ts.VariableDeclaration>;
  constructor(
    private readonly scan: ModuleScan,
    private readonly fn: FunctionNode,
    private readonly builders: BuilderCache,
  ) {}

  /** Read on the first identifier that needs it: most returns are literals or builder calls. */
  private get declarations(): Map<string, ts.VariableDeclaration> {
    this.declarationsByName ??= localDeclarations(this.fn);
    return this.declarationsByName;
  }

  private isBuilder(fn: FunctionNode, depth = 0): 'iam-policy' | 'simple' | undefined {
    if (this.builders.has(fn)) return this.builders.get(fn);
    this.builders.set(fn, undefined);
    const text = fn.getText(this.scan.sourceFile);
    let shape: 'iam-policy' | 'simple' | undefined = /\bpolicyDocument\b/.test(text) ? 'iam-policy' : /\bisAuthorized\b/.test(text) ? 'simple' : undefined;
    // A builder of a builder: `const generateAllow = (p, r) => generatePolicy(p, 'Allow', r)`.
    if (!shape && depth < 2) {
      const returned = ts.isArrowFunction(fn) && !ts.isBlock(fn.body) ? [fn.body] : exitsIn(fn, fn).returns.map((statement) => statement.expression);
      for (const expression of returned) {
        const inner = expression && unwrapExpression(expression);
        const callee = inner && ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) ? this.scan.functions.get(inner.expression.text) : undefined;
        shape = callee && callee !== fn ? this.isBuilder(callee, depth + 1) : undefined;
        if (shape) break;
      }
    }
    this.builders.set(fn, shape);
    return shape;
  }

  /** The decision of a value built from effect words: a literal, or a local variable initialised with one. */
  private effectOf(node: ts.Node): { decision: Decision; allowNode?: ts.Node; variable?: string } {
    const word = effectWord(node);
    if (word) return { decision: word, allowNode: word === 'allow' ? node : undefined };
    const expr = ts.isExpression(node) ? unwrapExpression(node) : node;
    if (ts.isIdentifier(expr)) {
      const declaration = this.declarations.get(expr.text);
      const initial = declaration?.initializer && effectWord(declaration.initializer);
      if (initial) return { decision: initial, allowNode: initial === 'allow' ? declaration!.initializer : undefined, variable: expr.text };
    }
    return { decision: 'unknown' };
  }

  responseOf(node: ts.Node | undefined, depth = 0): Response | undefined {
    if (!node || depth > 2) return undefined;
    const expr = ts.isExpression(node) ? unwrapExpression(node) : node;
    if (ts.isObjectLiteralExpression(expr)) {
      const keys = new Map<string, ts.Node>();
      for (const property of expr.properties) {
        const key = propertyNameText(property.name);
        const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
        if (key !== undefined && value) keys.set(key, value);
      }
      const authorized = keys.get('isAuthorized');
      if (authorized) {
        const inner = unwrapExpression(authorized as ts.Expression);
        const decision: Decision = inner.kind === ts.SyntaxKind.TrueKeyword ? 'allow' : inner.kind === ts.SyntaxKind.FalseKeyword ? 'deny' : 'unknown';
        return { shape: 'simple', decision, allowNode: decision === 'allow' ? authorized : undefined };
      }
      const policy = keys.get('policyDocument');
      if (!policy) return undefined;
      return { shape: 'iam-policy', ...this.policyDecision(policy) };
    }
    if (ts.isIdentifier(expr)) {
      const declaration = this.declarations.get(expr.text);
      const inner = declaration?.initializer && this.responseOf(declaration.initializer, depth + 1);
      return inner ? { ...inner, variable: inner.variable ?? expr.text } : undefined;
    }
    if (ts.isCallExpression(expr) && ts.isIdentifier(unwrapExpression(expr.expression))) {
      const helper = this.scan.functions.get((unwrapExpression(expr.expression) as ts.Identifier).text);
      const shape = helper && this.isBuilder(helper);
      if (!helper || !shape) return undefined;
      for (const argument of expr.arguments) {
        const effect = this.effectOf(argument);
        if (effect.decision !== 'unknown') return { shape, ...effect };
      }
      // A builder with no effect parameter (`generateAllow(principal, arn)`) decides by what it returns.
      const takesEffect = helper.parameters.some((parameter) => /effect|allow|decision|permission|authori[sz]ed/i.test(parameter.name.getText(this.scan.sourceFile)));
      if (!takesEffect) {
        const returned = new AuthorizerReader(this.scan, helper, this.builders);
        const expressions = ts.isArrowFunction(helper) && !ts.isBlock(helper.body) ? [helper.body] : exitsIn(helper, helper).returns.map((statement) => statement.expression);
        for (const expression of expressions) {
          const inner = returned.responseOf(expression, depth + 1);
          if (inner && inner.decision !== 'unknown') return { shape, decision: inner.decision, allowNode: inner.decision === 'allow' ? expr : undefined };
        }
      }
      return { shape, decision: 'unknown' };
    }
    return undefined;
  }

  /**
   * The decision of a policy document: its statements' effects, read in the literal, in a local variable holding the
   * document (`policyDocument: policy`) or the statement list (`Statement: statements`). Such a variable is the
   * response's `variable`, so a Deny pushed onto it later (`statements.push({ Effect: 'Deny' })`) is a flip.
   */
  private policyDecision(policy: ts.Node): { decision: Decision; allowNode?: ts.Node; variable?: string } {
    const effects: Array<{ decision: Decision; allowNode?: ts.Node; variable?: string }> = [];
    let variable: string | undefined;
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAssignment(node) && propertyNameText(node.name) === 'Effect') effects.push(this.effectOf(node.initializer));
      const statements = ts.isPropertyAssignment(node) && propertyNameText(node.name) === 'Statement' ? unwrapExpression(node.initializer) : ts.isShorthandPropertyAssignment(node) && node.name.text === 'Statement' ? node.name : undefined;
      const list = statements && ts.isIdentifier(statements) ? this.declarations.get(statements.text)?.initializer : undefined;
      if (list) {
        variable ??= (statements as ts.Identifier).text;
        visit(list);
      }
      ts.forEachChild(node, visit);
    };
    let root = ts.isExpression(policy) ? unwrapExpression(policy) : policy;
    if (ts.isIdentifier(root)) {
      const initializer = this.declarations.get(root.text)?.initializer;
      if (initializer) {
        variable = root.text;
        root = initializer;
      }
    }
    visit(root);
    if (effects.length === 0) return { decision: 'unknown' };
    if (effects.some((effect) => effect.decision === 'deny')) return { decision: 'deny' };
    if (effects.every((effect) => effect.decision === 'allow')) return variable && !effects[0].variable ? { ...effects[0], variable } : effects[0];
    return { decision: 'unknown' };
  }

  /** Whether what `fn` returns is the function's answer: the function itself, or a callback of a promise chain (`.then`, `.catch`). */
  private answersFor(fn: ts.Node | undefined): boolean {
    if (fn === this.fn) return true;
    const parent = fn?.parent;
    return !!parent && ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && /^(then|catch|finally)$/.test(parent.expression.name.text);
  }

  /** Every way the function answers: returns of responses, `callback(null, response)`, `callback('Unauthorized')`, throws. */
  outcomes(): Outcome[] {
    const out: Outcome[] = [];
    const callbackName = this.fn.parameters[2] && ts.isIdentifier(this.fn.parameters[2].name) ? this.fn.parameters[2].name.text : undefined;
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionDeclaration(node) && node !== this.fn) return;
      if (ts.isReturnStatement(node) && node.expression && this.answersFor(nearestFunction(node))) {
        const response = this.responseOf(node.expression);
        if (response) out.push({ node, decision: response.decision, response });
      }
      if (ts.isArrowFunction(node) && !ts.isBlock(node.body) && node !== this.fn && this.answersFor(node)) {
        const response = this.responseOf(node.body);
        if (response) out.push({ node: node.body, decision: response.decision, response });
      }
      if (ts.isThrowStatement(node)) out.push({ node, decision: 'deny' });
      // Only a call of the callback parameter or of `context.*` can answer; other callees are not read as text.
      const expression = ts.isCallExpression(node) ? node.expression : undefined;
      const isAnswerCall = !!expression && ((ts.isIdentifier(expression) && expression.text === callbackName) || (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'context'));
      if (ts.isCallExpression(node) && isAnswerCall) {
        const callee = node.expression.getText(this.scan.sourceFile);
        if ((callbackName && callee === callbackName) || /^context\.(succeed|done)$/.test(callee)) {
          const [first, second] = node.arguments;
          const isError = callee.endsWith('succeed') ? false : first && first.kind !== ts.SyntaxKind.NullKeyword && !(ts.isIdentifier(first) && first.text === 'undefined');
          if (isError) out.push({ node, decision: 'deny' });
          else {
            const response = this.responseOf(callee.endsWith('succeed') ? first : second);
            if (response) out.push({ node, decision: response.decision, response });
          }
        }
        if (/^context\.fail$/.test(callee)) out.push({ node, decision: 'deny' });
      }
      ts.forEachChild(node, visit);
    };
    if (this.fn.body) visit(this.fn.body);
    return out;
  }
}

/** Whether `node` sits in a branch of the function: an if, a switch case, a conditional, a loop, a try or catch block, a logical operand. */
function isConditional(node: ts.Node, fn: ts.Node): boolean {
  for (let current = node; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent) || ts.isConditionalExpression(parent) || ts.isCatchClause(parent) || ts.isTryStatement(parent)) return true;
    if (ts.isForStatement(parent) || ts.isForOfStatement(parent) || ts.isForInStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) return true;
    if (ts.isBinaryExpression(parent) && [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(parent.operatorToken.kind)) return true;
  }
  return false;
}

/** The catch an outcome answers from: a `catch` clause of the function, or a callback of `.catch(...)`. */
function enclosingCatch(node: ts.Node, fn: ts.Node): ts.Node | undefined {
  for (let current = node; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (ts.isCatchClause(parent)) return parent;
    if (isFunctionLike(current) && ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'catch') return parent.expression.name;
    if (isFunctionLike(current) && ts.isCallExpression(parent) && ts.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === 'then' && parent.arguments[1] === current) return current;
  }
  return undefined;
}

/** `list.includes(x)`, `set.has(x)`, `list.indexOf(x) !== -1`, `x in map`: a membership test that is true for listed callers. */
function isPositiveMembership(condition: ts.Expression): boolean {
  const expr = unwrapExpression(condition);
  if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && /^(includes|has|some)$/.test(expr.expression.name.text)) return true;
  if (ts.isBinaryExpression(expr)) {
    if (expr.operatorToken.kind === ts.SyntaxKind.InKeyword) return true;
    if ([ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken].includes(expr.operatorToken.kind)) return isPositiveMembership(expr.left) || isPositiveMembership(expr.right);
    const left = unwrapExpression(expr.left);
    if (ts.isCallExpression(left) && ts.isPropertyAccessExpression(left.expression) && left.expression.name.text === 'indexOf') {
      const right = expr.right.getText();
      const operator = expr.operatorToken.kind;
      return (right === '-1' && [ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken, ts.SyntaxKind.GreaterThanToken].includes(operator)) || (right === '0' && operator === ts.SyntaxKind.GreaterThanEqualsToken);
    }
  }
  return false;
}

function collectAuthorizerDefaults(main: AuthModule, handlers: readonly AuthHandler[], document: CodeDocument): void {
  // Every authorizer response this module recognises names one of these keys, in a literal or in a builder helper.
  if (!WHOLE_TEXT_GATES.authorizerResponse.test(main.scan.text)) return;
  const sourceFile = main.scan.sourceFile;
  const builders: BuilderCache = new Map();
  // A handler can answer an authorizer response only if its text names a response key or a function that builds one.
  // Two rounds, for a builder that calls a builder (`generateAllow` -> `generatePolicy`), as `responseOf` reads them.
  const namesPattern = (names: string[]) => new RegExp(`(^|[^\\w$])(${['policyDocument', 'isAuthorized', ...names.map((name) => name.replace(/[$]/g, '\\$&'))].join('|')})(?![\\w$])`);
  let mayAnswer = namesPattern([]);
  for (let round = 0; round < 2; round++) {
    const pattern = mayAnswer;
    mayAnswer = namesPattern([...main.scan.functions].filter(([, fn]) => pattern.test(fn.getText(sourceFile))).map(([name]) => name));
  }
  for (const handler of handlers) {
    if (!handler.fn.body || !mayAnswer.test(handler.fn.getText(sourceFile))) continue;
    const reader = new AuthorizerReader(main.scan, handler.fn, builders);
    const outcomes = reader.outcomes();
    const responses = outcomes.filter((outcome) => outcome.response);
    if (responses.length === 0) continue;
    const shape = responses[0].response!.shape;
    const allows = outcomes.filter((outcome) => outcome.decision === 'allow');
    const denies = outcomes.filter((outcome) => outcome.decision !== 'allow');
    const push = (entry: Omit<AuthorizerDefault, 'handler' | 'shape'>) => {
      if (!document.authorizerDefaults.some((known) => known.kind === entry.kind && known.location.range.start === entry.location.range.start)) document.authorizerDefaults.push({ ...entry, handler: handler.exportName, shape });
    };
    const allowAt = (outcome: Outcome) => main.locate(outcome.response?.allowNode ?? outcome.node);

    // (b) An Allow answered from a catch: the check failed, and the caller is let in.
    for (const outcome of allows) {
      const handlerOfCatch = enclosingCatch(outcome.node, handler.fn);
      if (handlerOfCatch) push({ kind: 'allow-on-error', location: main.locate(outcome.node), allowLocation: allowAt(outcome), description: `\`${short(outcome.node.getText(sourceFile))}\` answers Allow when the check throws` });
    }
    // A swallowed error that falls through to an Allow at the end.
    const body = handler.fn.body;
    if (ts.isBlock(body)) {
      body.statements.forEach((statement, index) => {
        if (!ts.isTryStatement(statement) || !statement.catchClause) return;
        const catchExits = exitsIn(statement.catchClause.block, handler.fn);
        const catchAnswers = outcomes.some((outcome) => contains(statement.catchClause!, outcome.node));
        if (catchExits.returns.length > 0 || catchExits.throws.length > 0 || catchAnswers) return;
        const checks = outcomes.some((outcome) => outcome.decision !== 'allow' && contains(statement.tryBlock, outcome.node)) || hasAwaitOrVerify(statement.tryBlock, main);
        if (!checks) return;
        const fallThrough = allows.find((outcome) => body.statements.slice(index + 1).some((later) => contains(later, outcome.node)) && !isConditional(outcome.node, handler.fn));
        if (fallThrough) push({ kind: 'allow-on-error', location: main.locate(statement.catchClause.getChildAt(0, sourceFile)), allowLocation: allowAt(fallThrough), description: 'the catch swallows the failed check, and the function goes on to the Allow at its end' });
      });
    }

    // (a) Allow unless listed: a starting Allow flipped to Deny for some callers.
    for (const outcome of allows) {
      const variable = outcome.response?.variable;
      if (!variable) continue;
      const flip = findFlipToDeny(handler.fn, variable, reader);
      if (flip) push({ kind: 'allow-unless-listed', location: main.locate(flip), allowLocation: allowAt(outcome), description: `\`${variable}\` starts as Allow and only \`${short(flip.getText(sourceFile))}\` turns it to Deny` });
    }
    const visitSwitches = (node: ts.Node): void => {
      if (ts.isSwitchStatement(node)) {
        const defaultClause = node.caseBlock.clauses.find((clause): clause is ts.DefaultClause => ts.isDefaultClause(clause));
        const defaultAllow = defaultClause && allows.find((outcome) => contains(defaultClause, outcome.node));
        const caseDeny = node.caseBlock.clauses.some((clause) => ts.isCaseClause(clause) && denies.some((outcome) => contains(clause, outcome.node)));
        if (defaultClause && defaultAllow && caseDeny) push({ kind: 'allow-unless-listed', location: main.locate(defaultClause.getChildAt(0, sourceFile)), allowLocation: allowAt(defaultAllow), description: 'the `default` of the switch answers Allow: every value no case lists is let in' });
      }
      if (isFunctionLike(node) && node !== handler.fn) return;
      ts.forEachChild(node, visitSwitches);
    };
    visitSwitches(body);
    if (denies.length > 0) {
      const guards = denies.map((outcome) => membershipGuardOf(outcome.node, handler.fn));
      const unguardedAllow = allows.find((outcome) => !isConditional(outcome.node, handler.fn));
      if (unguardedAllow && guards.every((guard) => guard !== undefined)) {
        push({ kind: 'allow-unless-listed', location: main.locate(guards[0]!.expression), allowLocation: allowAt(unguardedAllow), description: `only callers for whom \`${short(guards[0]!.expression.getText(sourceFile))}\` holds are denied; everyone else reaches the Allow` });
      }
    }

    // Allow for everyone: no way to deny, and no credential read.
    if (allows.length > 0 && denies.length === 0 && !readsCredential(handler.fn) && !callsWithEvent(handler.fn, main.scan, reader)) {
      push({ kind: 'allow-unconditional', location: main.locate(allows[0].node), allowLocation: allowAt(allows[0]), description: 'the authorizer answers Allow to every caller: it reads no token and has no way to deny' });
    }
  }
}

/** An `if (membership) { deny }` around a deny outcome, for "allow unless listed". */
function membershipGuardOf(node: ts.Node, fn: ts.Node): ts.IfStatement | undefined {
  for (let current = node; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === current) return isPositiveMembership(parent.expression) ? parent : undefined;
    if (ts.isIfStatement(parent) || ts.isCaseClause(parent) || ts.isCatchClause(parent)) return undefined;
  }
  return undefined;
}

function hasAwaitOrVerify(block: ts.Node, main: AuthModule): boolean {
  if (main.authCalls.some((fact) => fact.kind === 'jwt-verified' && contains(block, fact.node))) return true;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isAwaitExpression(node)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(block);
  return found;
}

/**
 * `effect = 'Deny'`, `policy.policyDocument.Statement[0].Effect = 'Deny'`, `policy.policyDocument.Statement.push({ Effect: 'Deny' })`,
 * `response.isAuthorized = false`, `response = { isAuthorized: false }` or `policy = generatePolicy(p, 'Deny', arn)`.
 */
function findFlipToDeny(fn: ts.Node, variable: string, reader: AuthorizerReader): ts.Node | undefined {
  let found: ts.Node | undefined;
  const rootOf = (node: ts.Expression): string | undefined => {
    let current = unwrapExpression(node);
    while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
    return ts.isIdentifier(current) ? current.text : undefined;
  };
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && rootOf(node.left) === variable) {
      const right = unwrapExpression(node.right);
      const isWholeValue = ts.isIdentifier(unwrapExpression(node.left));
      if (effectWord(right) === 'deny' || (memberName(node.left) === 'isAuthorized' && right.kind === ts.SyntaxKind.FalseKeyword) || (isWholeValue && reader.responseOf(right)?.decision === 'deny')) found = node;
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(push|unshift)$/.test(node.expression.name.text) && rootOf(node.expression.expression) === variable && /\bEffect\s*:\s*['"`]Deny['"`]/i.test(node.arguments.map((argument) => argument.getText()).join(' '))) found = node;
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

/** Whether the function reads where a request carries a credential (outside logging calls). */
function readsCredential(fn: FunctionNode): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    const name = ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ? memberName(node) : ts.isBindingElement(node) ? propertyNameText(node.propertyName ?? (ts.isIdentifier(node.name) ? node.name : undefined)) : undefined;
    if (name !== undefined && CREDENTIAL_FIELDS.test(name) && !isLoggingArgument(node, fn)) found = true;
    ts.forEachChild(node, visit);
  };
  visit(fn);
  // A destructured first parameter reads its fields by name too.
  return found;
}

/** Whether the function passes its event (or anything) to a call that may check it: anything but a policy builder or a logger. */
function callsWithEvent(fn: FunctionNode, scan: ModuleScan, reader: AuthorizerReader): boolean {
  const event = fn.parameters[0] && ts.isIdentifier(fn.parameters[0].name) ? fn.parameters[0].name.text : undefined;
  if (!event) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && !reader.responseOf(node) && !isLoggingArgument(node.arguments[0] ?? node, fn) && !/^(console\.\w+|JSON\.stringify)$/.test(node.expression.getText(scan.sourceFile))) {
      if (node.arguments.some((argument) => ts.isIdentifier(unwrapExpression(argument)) && (unwrapExpression(argument) as ts.Identifier).text === event)) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

// --- First group only ---------------------------------------------------------------------------

/** Whether an expression holds the caller's groups: `claims['cognito:groups']`, a name bound to it, `groups.split(',')`. */
function holdsGroups(node: ts.Expression, declarations: Map<string, ts.VariableDeclaration>, depth = 0): boolean {
  if (depth > 3) return false;
  const expr = unwrapExpression(node);
  if (/cognito:groups/.test(expr.getText())) return true;
  if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === 'split') return holdsGroups(expr.expression.expression, declarations, depth + 1);
  if (ts.isIdentifier(expr)) {
    const initializer = declarations.get(expr.text)?.initializer;
    if (initializer) return holdsGroups(initializer, declarations, depth + 1);
    return /^(cognito)?_?(user)?_?groups$/i.test(expr.text);
  }
  if (ts.isPropertyAccessExpression(expr) && /^(cognito)?_?(user)?_?groups$/i.test(expr.name.text)) return true;
  return false;
}

function comparedWithString(node: ts.Node): ts.BinaryExpression | undefined {
  const outer = outerValue(node);
  const parent = outer.parent;
  if (!parent || !ts.isBinaryExpression(parent)) return undefined;
  if (![ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(parent.operatorToken.kind)) return undefined;
  const other = parent.left === outer ? parent.right : parent.left;
  return stringValue(other) !== undefined ? parent : undefined;
}

function collectFirstGroupChecks(main: AuthModule, handlers: readonly AuthHandler[], document: CodeDocument): void {
  const scan = main.scan;
  if (!WHOLE_TEXT_GATES.groups.test(scan.text)) return;
  const declarations = localDeclarations(scan.sourceFile);
  const handlerOf = (node: ts.Node) => handlers.find((handler) => contains(handler.fn, node))?.exportName;
  const visit = (node: ts.Node): void => {
    if (ts.isElementAccessExpression(node) && ts.isNumericLiteral(node.argumentExpression) && node.argumentExpression.text === '0' && holdsGroups(node.expression, declarations)) {
      let comparison = comparedWithString(node);
      if (!comparison) {
        // `const role = groups[0]; if (role === 'admin')`.
        const outer = outerValue(node);
        if (ts.isVariableDeclaration(outer.parent) && ts.isIdentifier(outer.parent.name)) {
          const fn = nearestFunction(node) ?? scan.sourceFile;
          for (const reference of referencesAfter(fn, outer.parent.name.text, outer.end)) {
            comparison = comparedWithString(reference);
            if (comparison) break;
          }
        }
      }
      if (comparison) {
        document.authorizerDefaults.push({ kind: 'first-group-only', handler: handlerOf(node), location: main.locate(node), description: `\`${short(comparison.getText(scan.sourceFile))}\` decides by the first group only` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(scan.sourceFile);
}

// --- SQL writes ---------------------------------------------------------------------------------

/** The constant text a query starts with: a literal, a template's head, a concatenation's left end, a constant of the function or file. */
function leadingText(node: ts.Expression | undefined, scan: ModuleScan, declarations: Map<ts.Node, Map<string, ts.VariableDeclaration>>, depth = 0): string | undefined {
  if (!node || depth > 3) return undefined;
  const expr = unwrapExpression(node);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  if (ts.isTemplateExpression(expr)) return expr.head.text;
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) return leadingText(expr.left, scan, declarations, depth + 1);
  if (ts.isIdentifier(expr)) {
    const fn = nearestFunction(expr);
    if (fn && !declarations.has(fn)) declarations.set(fn, localDeclarations(fn));
    const local = fn ? declarations.get(fn)!.get(expr.text) : undefined;
    const initializer = local && ts.isVariableDeclarationList(local.parent) && local.parent.flags & ts.NodeFlags.Const ? local.initializer : scan.constants.get(expr.text);
    return leadingText(initializer, scan, declarations, depth + 1);
  }
  if (ts.isObjectLiteralExpression(expr)) {
    for (const property of expr.properties) {
      const key = propertyNameText(property.name);
      if ((key === 'sql' || key === 'text' || key === 'Sql') && ts.isPropertyAssignment(property)) return leadingText(property.initializer, scan, declarations, depth + 1);
    }
  }
  return undefined;
}

function collectDataWrites(main: AuthModule, handlers: readonly AuthHandler[], document: CodeDocument): void {
  const scan = main.scan;
  // Cheap gates first: a SQL client imported, and a writing statement somewhere in the text.
  if (!scan.imports.some((entry) => entry.packageName !== undefined && SQL_PACKAGES.has(entry.packageName))) return;
  if (!WHOLE_TEXT_GATES.writingSql.test(scan.text)) return;
  const handlerOf = (node: ts.Node) => handlers.find((handler) => contains(handler.fn, node))?.exportName;
  const declarations = new Map<ts.Node, Map<string, ts.VariableDeclaration>>();
  const found: Array<{ statement: string; via: string; construct: ts.Node }> = [];
  // The query calls are the site scan's SQL sinks (the same table of clients), so no call is resolved twice.
  for (const site of main.sqlSites) {
    const match = SQL_WRITE.exec(leadingText(site.node as ts.Expression, scan, declarations) ?? '');
    if (match && !found.some((entry) => entry.construct === site.construct)) found.push({ statement: match[1].toUpperCase(), via: site.callee.split(' ')[0], construct: site.construct });
  }
  // Tagged templates (`sql\`DELETE ...\``) are no call sites; they are looked for only when a tagging client is imported.
  if (scan.imports.some((entry) => entry.packageName !== undefined && SQL_TAG_MODULES.has(entry.packageName))) {
    const visit = (node: ts.Node): void => {
      if (ts.isTaggedTemplateExpression(node)) {
        const template = node.template;
        const match = SQL_WRITE.exec(ts.isNoSubstitutionTemplateLiteral(template) ? template.text : template.head.text);
        const name = match ? qualifiedNameOf(scan, node.tag) : undefined;
        if (match && name && SQL_TAG_MODULES.has(name.module)) found.push({ statement: match[1].toUpperCase(), via: describeQualifiedName(name), construct: node });
      }
      ts.forEachChild(node, visit);
    };
    visit(scan.sourceFile);
  }
  found.sort((a, b) => a.construct.pos - b.construct.pos);
  for (const entry of found) document.dataWrites.push({ store: 'sql', statement: entry.statement, via: entry.via, handler: handlerOf(entry.construct), location: main.locate(entry.construct) });
}

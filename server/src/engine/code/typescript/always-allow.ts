/**
 * Access checks that always pass: a handler's `if` asks a helper of the same file whose name says it
 * checks the caller (`isAdmin`, `isAuthorized`, `checkAuth`, `hasPermission`), and the helper returns
 * `true` whatever it is given: its first top-level statement that ends it is `return true`, and nothing
 * before that can refuse (no other `return`, no `throw`, no call that may throw). The `if` then guards
 * nothing. It must not guess: a helper that calls anything before `return true` (a `jwt.verify` or an
 * `assert` that throws on a bad caller) is silent, except logging and un-awaited calls of the file's
 * own async functions, which cannot throw into it.
 */
import ts from 'typescript';
import type { CodeDocument, CodeLocation } from '../model';
import { resolveFunction, type FunctionNode, type ModuleScan } from './module-scan';

/** A helper name that reads as a check of the caller: a verb of checking, then a word of identity or permission. */
const CHECK_NAME =
  /^(is|has|can|check|verify|validate|ensure|require|assert|authori[sz]e|authenticate)_?(user_?)?(admin|super_?user|staff|root|owner|auth|authori[sz]ed|authenticated|allowed|permitted|permissions?|privileged?|access|valid_?(user|token|session|signature|secret|api_?key|key|caller|request)|logged_?in|signed_?in|token|caller|user|request)/i;

/**
 * The check calls of each function's own conditions, kept by node: finding them reads the function's
 * subtree alone (not nested functions), and TypeScript's incremental parser hands back the same function
 * node, with the same subtree, when an edit is elsewhere. What the called helper returns is read again
 * each time, since the helper may be the statement that changed.
 */
const checkCallsOf = new WeakMap<FunctionNode, Array<{ call: ts.CallExpression; name: string }>>();

function checkCallsIn(fn: FunctionNode): Array<{ call: ts.CallExpression; name: string }> {
  const kept = checkCallsOf.get(fn);
  if (kept) return kept;
  const found: Array<{ call: ts.CallExpression; name: string }> = [];
  const body = fn.body;
  if (body) {
    const visit = (node: ts.Node): void => {
      // A nested function is another flow of control: only the handler's own conditions count.
      if (node !== body && isFunctionLike(node)) return;
      if (ts.isIfStatement(node) || ts.isConditionalExpression(node)) {
        const call = checkCallOf(ts.isIfStatement(node) ? node.expression : node.condition);
        const name = call && calleeName(call);
        if (call && name && CHECK_NAME.test(name)) found.push({ call, name });
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
  }
  checkCallsOf.set(fn, found);
  return found;
}

export function collectAlwaysAllowChecks(scan: ModuleScan, handlers: ReadonlyArray<{ fn: FunctionNode; exportName: string }>, document: CodeDocument, locate: (node: ts.Node) => CodeLocation): void {
  const verdicts = new Map<FunctionNode, ts.Node | null>();
  for (const { fn, exportName } of handlers) {
    for (const { call, name } of checkCallsIn(fn)) {
      const resolved = resolveFunction(scan, call.expression);
      if (!resolved || resolved.fn === fn) continue;
      let verdict = verdicts.get(resolved.fn);
      if (verdict === undefined) verdicts.set(resolved.fn, (verdict = alwaysTrueReturn(scan, resolved.fn) ?? null));
      if (verdict) {
        (document.alwaysAllowChecks ??= []).push({
          handler: exportName,
          helper: name,
          location: locate(call),
          returnsTrue: locate(verdict),
          description: `\`${name}\` returns \`true\` whatever it is given`,
        });
      }
    }
  }
}

/** The call an `if` asks, alone or negated, awaited or not: `isAdmin(event)`, `!(await checkAuth(event))`. */
function checkCallOf(condition: ts.Expression): ts.CallExpression | undefined {
  let expression: ts.Expression = condition;
  for (;;) {
    if (ts.isParenthesizedExpression(expression) || ts.isAwaitExpression(expression)) expression = expression.expression;
    else if (ts.isPrefixUnaryExpression(expression) && expression.operator === ts.SyntaxKind.ExclamationToken) expression = expression.operand;
    else break;
  }
  return ts.isCallExpression(expression) ? expression : undefined;
}

function calleeName(call: ts.CallExpression): string | undefined {
  return ts.isIdentifier(call.expression) ? call.expression.text : undefined;
}

/**
 * The `return true` that ends the helper on every path, or undefined when it may refuse. The helper's
 * top-level statements are read in order up to the first that always ends it; every `return` and `throw`
 * before that (nested in an `if`, a loop, a `try`) would be a way to refuse, and so would any call but
 * logging or an un-awaited call of a local async function.
 */
function alwaysTrueReturn(scan: ModuleScan, fn: FunctionNode): ts.Node | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return isTrue(body) ? body : undefined;
  // The helper's own async arrows and functions (`const load = async (id) => ...`), declared before use.
  const localAsync = new Set<string>();
  for (const statement of body.statements) {
    if (ts.isReturnStatement(statement)) return statement.expression && isTrue(statement.expression) ? statement : undefined;
    if (mayRefuse(scan, statement, localAsync)) return undefined;
    if (ts.isFunctionDeclaration(statement) && statement.name && isAsync(statement)) localAsync.add(statement.name.text);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (ts.isIdentifier(declaration.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) && isAsync(init)) localAsync.add(declaration.name.text);
      }
    }
  }
  return undefined;
}

function isAsync(fn: ts.FunctionLikeDeclarationBase): boolean {
  return !!ts.getModifiers(fn as ts.FunctionDeclaration)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
}

function mayRefuse(scan: ModuleScan, statement: ts.Statement, localAsync: ReadonlySet<string>): boolean {
  let refuses = false;
  const visit = (node: ts.Node): void => {
    if (refuses) return;
    // A nested function's body runs only when called; its call is judged where it is made.
    if (isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node) || ts.isAwaitExpression(node) || ts.isYieldExpression(node)) {
      refuses = true;
      return;
    }
    if (ts.isNewExpression(node) || (ts.isCallExpression(node) && !isLogging(node) && !isUnawaitedAsyncLocal(scan, node, localAsync))) {
      refuses = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return refuses;
}

/** A call of an async function of this file, not awaited: it returns a promise, and its failure rejects that promise instead of throwing here. */
function isUnawaitedAsyncLocal(scan: ModuleScan, call: ts.CallExpression, localAsync: ReadonlySet<string>): boolean {
  if (!ts.isIdentifier(call.expression)) return false;
  if (localAsync.has(call.expression.text)) return true;
  const resolved = resolveFunction(scan, call.expression);
  return !!resolved && isAsync(resolved.fn);
}

function isTrue(expression: ts.Expression): boolean {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return inner.kind === ts.SyntaxKind.TrueKeyword;
}

function isLogging(node: ts.CallExpression): boolean {
  const callee = node.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && /^(console|logger|log)$/.test(callee.expression.text);
}

function isFunctionLike(node: ts.Node): boolean {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) || ts.isClassDeclaration(node);
}

/**
 * Denials that do not stop the handler: an `if` whose branch answers 401 or 403 through the Lambda
 * callback (`callback(null, { statusCode: 401 })`), `context.succeed`/`fail`/`done`, or an Express-style
 * `res.status(403).send(...)`, with no `return` or `throw` after it, while the handler goes on to do
 * work below the `if`. The caller gets the refusal only after the protected code has run: in
 * Snyk's serverless-goof the admin API invokes its backup function for anyone who sends a wrong secret.
 * Found per handler function, in its own statements (not in nested functions).
 */
import ts from 'typescript';
import type { CodeDocument, CodeLocation } from '../model';
import type { FunctionNode } from './module-scan';

/** A denial's words, for a callback given an error or a string rather than a response. */
const DENIAL_TEXT = /unauthori[sz]ed|forbidden|access denied|not authori[sz]ed|invalid (admin )?(token|secret|key|credentials)|permission denied/i;

/** A denial found in one function, by node: its locations are read when the document is built, so a kept one is still right after the function moved. */
interface FoundDenial {
  denial: ts.CallExpression;
  status: string;
  after: ts.Node;
  description: string;
}

/**
 * The denials of each function, kept by node. What a function yields depends on its own subtree alone
 * (the walk does not enter nested functions and climbs no higher than the function), and TypeScript's
 * incremental parser hands back the same function node, with the same subtree, when an edit is elsewhere.
 */
const kept = new WeakMap<FunctionNode, FoundDenial[]>();

export function collectDenialFallThroughs(handlers: ReadonlyArray<{ fn: FunctionNode; exportName: string }>, document: CodeDocument, locate: (node: ts.Node) => CodeLocation): void {
  for (const { fn, exportName } of handlers) {
    let found = kept.get(fn);
    if (!found) {
      found = denialsIn(fn);
      // A function that is not function-like here (a constructor, an accessor) lets the climb in `workAfter` leave it: not kept.
      if (isFunctionLike(fn)) kept.set(fn, found);
    }
    for (const { denial, status, after, description } of found) {
      (document.denialFallThroughs ??= []).push({ handler: exportName, location: locate(denial), status, continuesAt: locate(after), description });
    }
  }
}

function denialsIn(fn: FunctionNode): FoundDenial[] {
  const found: FoundDenial[] = [];
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return found;
  const callback = parameterName(fn, 2);
  const context = parameterName(fn, 1);
  const visit = (node: ts.Node): void => {
    if (node !== body && isFunctionLike(node)) return;
    if (ts.isIfStatement(node)) check(node);
    ts.forEachChild(node, visit);
  };
  const check = (statement: ts.IfStatement): void => {
    if (statement.elseStatement) return;
    const denial = denialIn(statement.thenStatement, callback, context);
    if (!denial || endsFlow(statement.thenStatement)) return;
    const after = workAfter(statement);
    if (!after) return;
    found.push({ denial: denial.node, status: denial.status, after, description: `\`${short(denial.node.getText())}\` answers ${denial.status}, and the handler goes on to \`${short(after.getText())}\`` });
  };
  visit(body);
  return found;
}

/** The denial an `if` branch answers: a 401/403 response or a refusal given to the Lambda callback or `res`. */
function denialIn(branch: ts.Statement, callback: string | undefined, context: string | undefined): { node: ts.CallExpression; status: string } | undefined {
  let found: { node: ts.CallExpression; status: string } | undefined;
  const locals = new Map<string, ts.Expression>();
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) locals.set(node.name.text, node.initializer);
    if (ts.isCallExpression(node)) {
      const status = denialOfCall(node, callback, context, locals);
      if (status) {
        found = { node, status };
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(branch);
  return found;
}

function denialOfCall(call: ts.CallExpression, callback: string | undefined, context: string | undefined, locals: ReadonlyMap<string, ts.Expression>): string | undefined {
  const callee = call.expression;
  const args = call.arguments;
  // callback(null, response) / callback(new Error('Unauthorized')) / callback('Unauthorized')
  if (callback && ts.isIdentifier(callee) && callee.text === callback) return (args[1] && statusOf(args[1], locals)) ?? (args[0] && refusalText(args[0]));
  // context.succeed(response) / context.fail('Unauthorized') / context.done(error, response)
  if (context && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === context) {
    const method = callee.name.text;
    if (method === 'succeed') return args[0] && statusOf(args[0], locals);
    if (method === 'fail') return args[0] && refusalText(args[0]);
    if (method === 'done') return (args[1] && statusOf(args[1], locals)) ?? (args[0] && refusalText(args[0]));
  }
  // res.status(401).send(...) / res.sendStatus(403)
  if (ts.isPropertyAccessExpression(callee)) {
    const inner = callee.expression;
    if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'status' && inner.arguments[0] && isDenialStatus(inner.arguments[0])) return inner.arguments[0].getText();
    if (callee.name.text === 'sendStatus' && args[0] && isDenialStatus(args[0])) return args[0].getText();
  }
  return undefined;
}

/** `{ statusCode: 401, ... }`, directly or through a variable of the branch. */
function statusOf(node: ts.Expression, locals: ReadonlyMap<string, ts.Expression>): string | undefined {
  const value = ts.isIdentifier(node) ? locals.get(node.text) : node;
  if (!value || !ts.isObjectLiteralExpression(value)) return undefined;
  for (const property of value.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText().replace(/['"]/g, '') === 'statusCode' && isDenialStatus(property.initializer)) return property.initializer.getText();
  }
  return undefined;
}

function isDenialStatus(node: ts.Expression): boolean {
  return (ts.isNumericLiteral(node) || ts.isStringLiteralLike(node)) && (node.text === '401' || node.text === '403');
}

/** An error or a string whose words refuse the caller: `new Error('Unauthorized')`, `'Forbidden'`. */
function refusalText(node: ts.Expression): string | undefined {
  const text = ts.isStringLiteralLike(node) ? node.text : ts.isNewExpression(node) && node.arguments?.[0] && ts.isStringLiteralLike(node.arguments[0]) ? node.arguments[0].text : undefined;
  return text !== undefined && DENIAL_TEXT.test(text) ? `'${text}'` : undefined;
}

/** True when the branch cannot complete normally: it returns or throws on every path (a last statement that does). */
function endsFlow(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && endsFlow(last);
  }
  if (ts.isIfStatement(statement)) return statement.elseStatement !== undefined && endsFlow(statement.thenStatement) && endsFlow(statement.elseStatement);
  // `process.exit()` and the like are not how handlers stop; anything else completes.
  return false;
}

/** The first statement after the `if` (in its block, or the blocks around it up to the function) that does work: a call other than logging. */
function workAfter(statement: ts.IfStatement): ts.Node | undefined {
  let current: ts.Node = statement;
  while (current.parent && !isFunctionLike(current.parent)) {
    const parent: ts.Node = current.parent;
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) {
      const siblings = parent.statements;
      for (let index = siblings.indexOf(current as ts.Statement) + 1; index < siblings.length; index++) {
        const work = firstWork(siblings[index]);
        if (work) return work;
        // A statement that always returns or throws ends what follows.
        if (endsFlow(siblings[index])) return undefined;
      }
    }
    // Past a loop or a try, the flow is too varied to say what runs next.
    if (ts.isIterationStatement(parent, false) || ts.isTryStatement(parent) || ts.isSwitchStatement(parent) || ts.isCaseClause(parent)) return undefined;
    current = parent;
  }
  return undefined;
}

/** The first call in a statement that is not logging, not a nested function's. */
function firstWork(statement: ts.Statement): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && !isLogging(node)) {
      found = statement;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

function isLogging(node: ts.CallExpression | ts.NewExpression): boolean {
  const callee = node.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && /^(console|logger|log)$/.test(callee.expression.text);
}

function isFunctionLike(node: ts.Node): boolean {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) || ts.isClassDeclaration(node);
}

function parameterName(fn: FunctionNode, index: number): string | undefined {
  const parameter = fn.parameters[index];
  return parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
}

function short(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * JWT calls whose options switch off part of the check (`JwtWeakness` in `../model.ts`), from syntax alone:
 * jsonwebtoken `verify` with `ignoreExpiration: true` or `'none'` in `algorithms`, jsonwebtoken `sign` with
 * `algorithm: 'none'`, and aws-jwt-verify `CognitoJwtVerifier.create` with `tokenUse: null` or `clientId: null`.
 * Options are read only from an object literal written at the call or held in a top-level `const` of the file
 * the call names: an options object built elsewhere, spread over later, or computed gives nothing (a missed
 * finding rather than a wrong one).
 *
 * Left out on purpose, after reading the libraries:
 * - an `algorithms` list mixing HMAC and RSA/EC/PS algorithms: jsonwebtoken 9 (`verify.js`) refuses an `HS*` token
 *   unless the key is a secret key and an `RS*`/`PS*`/`ES*` one unless it is a public key, so the algorithm
 *   confusion attack (CVE-2022-23541) needs jsonwebtoken before 9, and the code model does not know the version;
 * - jose `clockTolerance`: jose documents it only as clock skew tolerance, with no stated risk.
 */
import ts from 'typescript';
import type { CodeDocument, CodeLocation, JwtWeakness } from '../model';
import type { TextRange } from '../../types';
import { propertyNameText, qualifiedNameOf, unwrapExpression, type ModuleScan } from './module-scan';
import { matchesModel } from './sites';
import { nodeOrderOf } from './node-order';

/** The packages whose calls are read; a file importing neither is not walked at all. */
const JWT_PACKAGES: ReadonlySet<string> = new Set(['jsonwebtoken', 'aws-jwt-verify']);

type Locate = (node: ts.Node) => CodeLocation;

export function collectJwtWeaknesses(scan: ModuleScan, document: CodeDocument, locate: Locate): void {
  if (!scan.imports.some((entry) => JWT_PACKAGES.has(entry.packageName ?? entry.specifier))) return;
  const found: JwtWeakness[] = [];
  // The listing the other whole-file walks share, in the same order as a recursive walk: no traversal of its own per keystroke.
  for (const node of nodeOrderOf(scan.sourceFile).nodes) if (ts.isCallExpression(node)) weaknessesOfCall(scan, node, locate, found);
  if (found.length > 0) document.jwtWeaknesses = found;
}

function weaknessesOfCall(scan: ModuleScan, call: ts.CallExpression, locate: Locate, out: JwtWeakness[]): void {
  const name = qualifiedNameOf(scan, call.expression);
  if (!name) return;
  const callee = call.expression.getText(scan.sourceFile);
  const base = { callee, call: locate(call) };
  if (matchesModel(name, ['jsonwebtoken'], ['verify'])) {
    const options = readOptions(scan, call.arguments[2]);
    if (!options) return;
    const ignore = lastProperty(options.object, 'ignoreExpiration');
    if (ignore && unwrapExpression(ignore.initializer).kind === ts.SyntaxKind.TrueKeyword) {
      out.push({ kind: 'ignore-expiration', via: 'jsonwebtoken.verify', ...base, location: locate(ignore.property), options: options.how, optionNames: namesOf(options.object), removal: removalOf(options.object.properties, ignore.property, options.object, locate) });
    }
    const algorithms = lastProperty(options.object, 'algorithms');
    const list = algorithms && unwrapExpression(algorithms.initializer);
    if (list && ts.isArrayLiteralExpression(list)) {
      const none = list.elements.find((element) => ts.isStringLiteralLike(element) && element.text === 'none');
      // With `'none'` the only entry, deleting it leaves `algorithms: []`, which refuses every token: no fix.
      const others = list.elements.filter((element) => element !== none);
      if (none) out.push({ kind: 'none-accepted', via: 'jsonwebtoken.verify', ...base, location: locate(none), options: options.how, optionNames: namesOf(options.object), removal: others.length > 0 ? removalOf(list.elements, none, list, locate) : undefined });
    }
    return;
  }
  if (matchesModel(name, ['jsonwebtoken'], ['sign'])) {
    const options = readOptions(scan, call.arguments[2]);
    const algorithm = options && lastProperty(options.object, 'algorithm');
    const value = algorithm && unwrapExpression(algorithm.initializer);
    // No removal: without `algorithm` jsonwebtoken signs HS256 and needs a key the call may not pass.
    if (value && ts.isStringLiteralLike(value) && value.text === 'none') out.push({ kind: 'none-signed', via: 'jsonwebtoken.sign', ...base, location: locate(algorithm.property), options: options.how, optionNames: namesOf(options.object) });
    return;
  }
  if (name.module === 'aws-jwt-verify' && name.members.join('.') === 'CognitoJwtVerifier.create') {
    // One pool (an object) or several (an array of objects), each read the same way.
    const argument = call.arguments[0] && unwrapExpression(call.arguments[0]);
    const pools = argument && ts.isArrayLiteralExpression(argument) ? argument.elements : call.arguments.slice(0, 1);
    for (const pool of pools) {
      const options = readOptions(scan, pool);
      if (!options) continue;
      for (const [property, kind] of [['tokenUse', 'token-use-unchecked'], ['clientId', 'client-id-unchecked']] as const) {
        const found = lastProperty(options.object, property);
        // `null` is aws-jwt-verify's documented "skip this check"; leaving the property out is a type error there.
        if (found && unwrapExpression(found.initializer).kind === ts.SyntaxKind.NullKeyword) out.push({ kind, via: 'CognitoJwtVerifier.create', ...base, location: locate(found.property), options: options.how, optionNames: namesOf(options.object) });
      }
    }
  }
}

function namesOf(object: ts.ObjectLiteralExpression): string[] {
  return object.properties.map((property) => (ts.isSpreadAssignment(property) ? '...' : (propertyNameText(property.name) ?? '[computed]')));
}

/** The options object: a literal at the call, or a top-level `const` holding one. */
function readOptions(scan: ModuleScan, argument: ts.Expression | undefined): { object: ts.ObjectLiteralExpression; how: 'literal' | 'const' } | undefined {
  if (!argument) return undefined;
  const expr = unwrapExpression(argument);
  if (ts.isObjectLiteralExpression(expr)) return { object: expr, how: 'literal' };
  if (ts.isIdentifier(expr)) {
    const held = scan.constants.get(expr.text);
    const value = held && unwrapExpression(held);
    if (value && ts.isObjectLiteralExpression(value) && isConstDeclared(value)) return { object: value, how: 'const' };
  }
  return undefined;
}

/** `scan.constants` holds top-level `let`/`var` too in some shapes; only a `const` cannot be changed before the call. */
function isConstDeclared(value: ts.Node): boolean {
  let current: ts.Node | undefined = value.parent;
  while (current && (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current))) current = current.parent;
  if (!current || !ts.isVariableDeclaration(current) || !ts.isVariableDeclarationList(current.parent)) return false;
  return (current.parent.flags & ts.NodeFlags.Const) !== 0;
}

/**
 * The property that decides `name`: the last one written with that name, as JavaScript keeps the last. A spread
 * after it may set it again, and a spread or computed key may hide it: then it is not read.
 */
function lastProperty(object: ts.ObjectLiteralExpression, name: string): { property: ts.PropertyAssignment; initializer: ts.Expression } | undefined {
  let found: ts.PropertyAssignment | undefined;
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name) found = property;
  }
  if (!found) return undefined;
  const index = object.properties.indexOf(found);
  if (object.properties.slice(index + 1).some((property) => ts.isSpreadAssignment(property))) return undefined;
  return { property: found, initializer: found.initializer };
}

/**
 * What to delete to remove `item` from its list, separator included: up to the next item when there is one,
 * else from the end of the previous one; an only item leaves the brackets empty.
 */
function removalOf(items: ts.NodeArray<ts.Node>, item: ts.Node, container: ts.Node, locate: Locate): TextRange {
  const index = items.indexOf(item);
  const at = locate(item).range;
  if (index + 1 < items.length) return { start: at.start, end: locate(items[index + 1]).range.start };
  if (index > 0) return { start: locate(items[index - 1]).range.end, end: at.end };
  const outer = locate(container).range;
  return { start: outer.start + 1, end: outer.end - 1 };
}

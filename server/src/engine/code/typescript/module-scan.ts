/**
 * One syntactic pass over a JavaScript/TypeScript file: its imports, exports and re-exports, the
 * module each name is bound to (`exec` -> child_process.exec, `pool` -> pg.Pool()), file-level
 * functions and constants, and the handler each export resolves to through wrappers. It parses
 * with `ts.createSourceFile` only (no Program, no checker) and never runs the analysed code.
 */
import ts from 'typescript';
import { textChangeBetween, type SyntaxTreeCache } from '../syntax-cache';
import { nodeOrderOf } from './node-order';
import type { CodeImport, CodeIssue, ReExport, TriggerKind } from '../model';
import { AWS_LAMBDA_TYPE_TRIGGERS, EVENT_PARAMETER_NAMES, HANDLER_EXPORT_NAMES, WEAK_EVENT_PARAMETER_NAMES } from './tables';

/** A callee named by module and member path: `{ module: 'pg', members: ['Pool', '()', 'query'] }`; module '' is a global. */
export interface QualifiedName {
  module: string;
  members: string[];
}

export type FunctionNode = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration;

export interface ExportEntry {
  name: string;
  node: ts.Node;
  range: { start: number; end: number };
}

export interface ResolvedFunction {
  fn: FunctionNode;
  wrappedBy: string[];
  /** Type text written on the exported variable (`APIGatewayProxyHandler`). */
  declaredType?: string;
}

export interface ModuleScan {
  path: string;
  text: string;
  sourceFile: ts.SourceFile;
  issues: CodeIssue[];
  imports: CodeImport[];
  exports: ExportEntry[];
  reExports: ReExport[];
  /** File-wide, scope-insensitive: a name bound to a module value. */
  bindings: Map<string, QualifiedName>;
  /** Names bound to a relative import: `helper` -> ('./lib', 'helper'). */
  relativeBindings: Map<string, { specifier: string; imported: string }>;
  /** Names declared in the file that are not module values (so `exec` is not a global). */
  localNames: Set<string>;
  /** Top-level functions and `const f = () => ...` by name. */
  functions: Map<string, FunctionNode>;
  /** Top-level `const X = <expr>` initialisers by name (schemas, allow-lists, regexes). */
  constants: Map<string, ts.Expression>;
  /** Class declarations by name, for `new Lambda().handler` exports. */
  classes: Map<string, ts.ClassDeclaration>;
}

export function scriptKindFor(path: string): ts.ScriptKind {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (lower.endsWith('.ts') || lower.endsWith('.mts') || lower.endsWith('.cts')) return ts.ScriptKind.TS;
  return ts.ScriptKind.JS;
}

export function normaliseModule(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice(5) : specifier;
}

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
}

function packageNameOf(specifier: string): string {
  const parts = normaliseModule(specifier).split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Wrappers that leave the value as it is; a switch on the kind, because every walk calls this on most nodes. */
export function unwrapExpression(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    switch (current.kind) {
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.AwaitExpression:
        current = (current as ts.ParenthesizedExpression | ts.AsExpression | ts.NonNullExpression | ts.SatisfiesExpression | ts.TypeAssertion | ts.AwaitExpression).expression;
        break;
      default:
        return current;
    }
  }
}

function stringArgument(node: ts.CallExpression, index = 0): string | undefined {
  const arg = node.arguments[index];
  return arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) ? arg.text : undefined;
}

/** A CommonJS `require` call or a dynamic `import` of a string: the specifier. */
export function moduleLoadSpecifier(node: ts.Node): string | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  if (ts.isIdentifier(node.expression) && node.expression.text === 'require') return stringArgument(node);
  if (node.expression.kind === ts.SyntaxKind.ImportKeyword) return stringArgument(node);
  return undefined;
}

export function memberName(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node) && (ts.isStringLiteral(node.argumentExpression) || ts.isNoSubstitutionTemplateLiteral(node.argumentExpression))) return node.argumentExpression.text;
  return undefined;
}

export function propertyNameText(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteral(name.expression)) return name.expression.text;
  return undefined;
}

/** The module value an expression denotes, from the file-wide bindings; undefined when it is not one. */
export function qualifiedNameOf(scan: ModuleScan, node: ts.Expression, depth = 0): QualifiedName | undefined {
  if (depth > 12) return undefined;
  const expr = unwrapExpression(node);
  const loaded = moduleLoadSpecifier(expr);
  if (loaded !== undefined) return isRelativeSpecifier(loaded) ? undefined : { module: normaliseModule(loaded), members: [] };
  if (ts.isIdentifier(expr)) {
    const bound = scan.bindings.get(expr.text);
    if (bound) return bound;
    if (scan.localNames.has(expr.text) || scan.relativeBindings.has(expr.text)) return undefined;
    return { module: '', members: [expr.text] };
  }
  const member = memberName(expr);
  if (member !== undefined && (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr))) {
    const base = qualifiedNameOf(scan, expr.expression, depth + 1);
    return base && { module: base.module, members: [...base.members, member] };
  }
  if (ts.isCallExpression(expr) || ts.isNewExpression(expr)) {
    const callee = qualifiedNameOf(scan, expr.expression, depth + 1);
    if (!callee) return undefined;
    // util.promisify(exec) is exec, returning a promise.
    if (callee.module === 'util' && callee.members.join('.') === 'promisify' && expr.arguments?.[0]) return qualifiedNameOf(scan, expr.arguments[0], depth + 1);
    if (callee.module === '' && callee.members.length === 1 && /^(require|import)$/.test(callee.members[0])) return undefined;
    return { module: callee.module, members: [...callee.members, '()'] };
  }
  return undefined;
}

export function describeQualifiedName(name: QualifiedName): string {
  const members = name.members.filter((member) => member !== '()');
  return [name.module, ...members].filter(Boolean).join('.');
}

function bindPattern(scan: ModuleScan, name: ts.BindingName, value: QualifiedName | undefined, relative?: string): void {
  if (ts.isIdentifier(name)) {
    if (value) scan.bindings.set(name.text, value);
    else scan.localNames.add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    const key = element.propertyName ? propertyNameText(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
    if (relative !== undefined && ts.isIdentifier(element.name) && key) {
      scan.relativeBindings.set(element.name.text, { specifier: relative, imported: key });
      continue;
    }
    const inner = value && key && !element.dotDotDotToken && ts.isObjectBindingPattern(name) ? { module: value.module, members: [...value.members, key] } : undefined;
    bindPattern(scan, element.name, inner);
  }
}

function recordImport(scan: ModuleScan, specifier: string, range: { start: number; end: number }, style: CodeImport['style'], names: CodeImport['names']): void {
  const isRelative = isRelativeSpecifier(specifier);
  scan.imports.push({ specifier, isRelative, packageName: isRelative ? undefined : packageNameOf(specifier), names, range, style });
}

function bindingNames(name: ts.BindingName): CodeImport['names'] {
  // A variable bound to a whole required module holds the module object, like a namespace import.
  if (ts.isIdentifier(name)) return [{ imported: '*', local: name.text }];
  const out: CodeImport['names'] = [];
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element) || !ts.isIdentifier(element.name)) continue;
    out.push({ imported: propertyNameText(element.propertyName) ?? element.name.text, local: element.name.text });
  }
  return out;
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
}

function isDefaultExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
}

function rangeOf(node: ts.Node, sourceFile: ts.SourceFile): { start: number; end: number } {
  return { start: node.getStart(sourceFile), end: node.getEnd() };
}

/** `module.exports` or `exports`, and `module.exports.x` / `exports.x` as [target, name]. */
function commonJsExportTarget(node: ts.Expression): { whole: boolean; name?: string } | undefined {
  const isModuleExports = (expr: ts.Expression) => ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === 'module' && expr.name.text === 'exports';
  if (isModuleExports(node)) return { whole: true };
  const name = memberName(node);
  if (name !== undefined && (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node))) {
    const base = node.expression;
    if ((ts.isIdentifier(base) && base.text === 'exports') || isModuleExports(base)) return { whole: false, name };
  }
  return undefined;
}

/** Export aliases followed one after another at most (`exports.handler = exports.h0`, where `exports.h0 = exports.h1`...). */
const MAX_EXPORT_ALIASES = 8;

/**
 * The value an export alias reads: `exports.h0` or `module.exports.h0` (as in `exports.handler = exports.h0`)
 * is the value of the last export `h0` assigned before it (`exports.h0 = ...`, `module.exports = { h0 }`),
 * followed through further aliases. Undefined when the expression reads no export, when that export is
 * assigned only after the read (it is still undefined when the alias runs), or past a cycle or eight aliases.
 */
export function exportAliasTarget(scan: ModuleScan, node: ts.Expression): ts.Node | undefined {
  let expr = unwrapExpression(node);
  let value: ts.Node | undefined;
  const seen = new Set<ts.Node>();
  for (let hops = 0; hops < MAX_EXPORT_ALIASES; hops++) {
    const target = commonJsExportTarget(expr);
    // A node the scan made (`export { a as b }` gives an identifier) has no position to compare.
    if (target?.name === undefined || target.whole || expr.pos < 0) return value;
    const at = expr.pos;
    const assigned = scan.exports.filter((entry) => entry.name === target.name && entry.range.end <= at).pop();
    if (!assigned || seen.has(assigned.node)) return undefined;
    seen.add(assigned.node);
    value = assigned.node;
    if (!ts.isExpression(value)) return value;
    expr = unwrapExpression(value);
  }
  return undefined;
}

/** The syntax tree of a text: through the caller's cache when given (an incremental re-parse of the last version), else parsed whole. */
export function parseSource(path: string, text: string, trees?: SyntaxTreeCache): ts.SourceFile {
  if (!trees) return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindFor(path));
  return trees.treeFor<ts.SourceFile>('typescript', path, text, (previous) => {
    const change = previous ? textChangeBetween(previous.text, text) : undefined;
    if (!previous || !change) return ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKindFor(path));
    // The same parser, reusing the nodes outside the edit; TypeScript's language service relies on it on every keystroke.
    return ts.updateSourceFile(previous.tree, text, { span: { start: change.start, length: change.oldLength }, newLength: change.newLength });
  });
}

export function scanModule(path: string, text: string, trees?: SyntaxTreeCache): ModuleScan {
  const sourceFile = parseSource(path, text, trees);
  const scan: ModuleScan = { path, text, sourceFile, issues: [], imports: [], exports: [], reExports: [], bindings: new Map(), relativeBindings: new Map(), localNames: new Set(), functions: new Map(), constants: new Map(), classes: new Map() };
  // parseDiagnostics is not public API, but it is the only syntax-only view of the errors; the tree is complete regardless.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (diagnostics.length > 0) {
    const first = diagnostics[0];
    const what = ts.flattenDiagnosticMessageText(first.messageText, ' ').replace(/\.$/, '');
    const count = diagnostics.length === 1 ? 'a syntax error' : `${diagnostics.length} syntax errors, the first`;
    scan.issues.push({ message: `${count} here (${what}); the rest of the file was still analysed`, range: { start: first.start, end: first.start + first.length }, severity: 'warning', kind: 'syntax' });
  }

  const topLevel = new Set<ts.Node>(sourceFile.statements);
  /** Reads one node; false: its subtree holds nothing more for the scan. */
  const visit = (node: ts.Node): boolean => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const specifier = node.moduleSpecifier.text;
      const names: CodeImport['names'] = [];
      const clause = node.importClause;
      const relative = isRelativeSpecifier(specifier);
      const module = normaliseModule(specifier);
      if (clause?.name) {
        names.push({ imported: 'default', local: clause.name.text });
        if (relative) scan.relativeBindings.set(clause.name.text, { specifier, imported: 'default' });
        else scan.bindings.set(clause.name.text, { module, members: [] });
      }
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        names.push({ imported: '*', local: bindings.name.text });
        if (relative) scan.relativeBindings.set(bindings.name.text, { specifier, imported: '*' });
        else scan.bindings.set(bindings.name.text, { module, members: [] });
      } else if (bindings) {
        for (const element of bindings.elements) {
          const imported = element.propertyName ? propertyNameText(element.propertyName) ?? element.name.text : element.name.text;
          names.push({ imported, local: element.name.text });
          if (relative) scan.relativeBindings.set(element.name.text, { specifier, imported });
          else scan.bindings.set(element.name.text, { module, members: imported === 'default' ? [] : [imported] });
        }
      }
      recordImport(scan, specifier, rangeOf(node, sourceFile), 'esm', names);
      return false;
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      const specifier = node.moduleReference.expression.text;
      recordImport(scan, specifier, rangeOf(node, sourceFile), 'commonjs', [{ imported: '*', local: node.name.text }]);
      if (isRelativeSpecifier(specifier)) scan.relativeBindings.set(node.name.text, { specifier, imported: '*' });
      else scan.bindings.set(node.name.text, { module: normaliseModule(specifier), members: [] });
      return false;
    }
    if (ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const clause = node.exportClause;
        const names = clause && ts.isNamedExports(clause) ? clause.elements.map((element) => ({ imported: element.propertyName ? propertyNameText(element.propertyName) ?? element.name.text : element.name.text, exported: element.name.text })) : [];
        if (clause && ts.isNamespaceExport(clause)) names.push({ imported: '*', exported: clause.name.text });
        scan.reExports.push({ specifier: node.moduleSpecifier.text, names, isStar: !clause, range: rangeOf(node, sourceFile) });
        recordImport(scan, node.moduleSpecifier.text, rangeOf(node, sourceFile), 'esm', names.map((name) => ({ imported: name.imported, local: name.exported })));
      } else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const element of node.exportClause.elements) {
          const local = element.propertyName ? propertyNameText(element.propertyName) ?? element.name.text : element.name.text;
          scan.exports.push({ name: element.name.text, node: ts.factory.createIdentifier(local), range: rangeOf(element, sourceFile) });
        }
      }
      return false;
    }
    if (ts.isExportAssignment(node)) scan.exports.push({ name: 'default', node: node.expression, range: rangeOf(node, sourceFile) });
    if (ts.isFunctionDeclaration(node)) {
      if (node.name) {
        scan.localNames.add(node.name.text);
        if (!scan.functions.has(node.name.text) || topLevel.has(node)) scan.functions.set(node.name.text, node);
      }
      if (topLevel.has(node) && isExported(node)) scan.exports.push({ name: isDefaultExport(node) ? 'default' : node.name?.text ?? 'default', node, range: rangeOf(node, sourceFile) });
    }
    if (ts.isClassDeclaration(node)) {
      if (node.name) {
        scan.localNames.add(node.name.text);
        scan.classes.set(node.name.text, node);
      }
      if (topLevel.has(node) && isExported(node)) scan.exports.push({ name: isDefaultExport(node) ? 'default' : node.name?.text ?? 'default', node, range: rangeOf(node, sourceFile) });
    }
    if (ts.isVariableDeclaration(node)) {
      const init = node.initializer;
      const loaded = init ? moduleLoadSpecifier(unwrapExpression(init)) : undefined;
      if (loaded !== undefined) recordImport(scan, loaded, rangeOf(node, sourceFile), unwrapExpression(init!).kind === ts.SyntaxKind.CallExpression && (unwrapExpression(init!) as ts.CallExpression).expression.kind === ts.SyntaxKind.ImportKeyword ? 'dynamic' : 'commonjs', bindingNames(node.name));
      if (loaded !== undefined && isRelativeSpecifier(loaded)) {
        if (ts.isIdentifier(node.name)) scan.relativeBindings.set(node.name.text, { specifier: loaded, imported: '*' });
        else bindPattern(scan, node.name, undefined, loaded);
      } else {
        // Destructuring from a required module (or a member of it) resolves through qualifiedNameOf.
        const value = init && (loaded !== undefined || ts.isCallExpression(unwrapExpression(init)) || ts.isNewExpression(unwrapExpression(init)) || ts.isPropertyAccessExpression(unwrapExpression(init)) || ts.isIdentifier(unwrapExpression(init))) ? qualifiedNameOf(scan, init) : undefined;
        bindPattern(scan, node.name, value && value.module !== '' ? value : undefined);
      }
      const statement = node.parent?.parent;
      if (ts.isIdentifier(node.name) && init && statement && topLevel.has(statement)) {
        scan.constants.set(node.name.text, init);
        const inner = unwrapExpression(init);
        if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) scan.functions.set(node.name.text, inner);
        if (isExported(statement)) scan.exports.push({ name: node.name.text, node: init, range: rangeOf(node, sourceFile) });
      } else if (ts.isIdentifier(node.name) && init) {
        const inner = unwrapExpression(init);
        if ((ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) && !scan.functions.has(node.name.text)) scan.functions.set(node.name.text, inner);
      }
    }
    if (ts.isParameter(node) || ts.isBindingElement(node)) {
      if (ts.isIdentifier(node.name) && !scan.bindings.has(node.name.text)) scan.localNames.add(node.name.text);
    }
    if (ts.isCallExpression(node) && !ts.isVariableDeclaration(node.parent)) {
      const loaded = moduleLoadSpecifier(node);
      if (loaded !== undefined && !(ts.isAwaitExpression(node.parent) && ts.isVariableDeclaration(node.parent.parent))) recordImport(scan, loaded, rangeOf(node, sourceFile), node.expression.kind === ts.SyntaxKind.ImportKeyword ? 'dynamic' : 'commonjs', []);
      if (loaded !== undefined && isRelativeSpecifier(loaded) && ts.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const target = commonJsExportTarget(node.parent.left);
        if (target?.whole) scan.reExports.push({ specifier: loaded, names: [], isStar: true, isCommonJs: true, range: rangeOf(node.parent, sourceFile) });
      }
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isExpressionStatement(node.parent) && topLevel.has(node.parent)) {
      const target = commonJsExportTarget(node.left);
      if (target?.name !== undefined) {
        scan.exports.push({ name: target.name, node: node.right, range: rangeOf(node, sourceFile) });
        // `exports.handler = exports.h0 = fn`: each name in the chain is exported with the last value.
        let inner = unwrapExpression(node.right);
        while (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const innerTarget = commonJsExportTarget(inner.left);
          if (innerTarget?.name !== undefined) scan.exports.push({ name: innerTarget.name, node: inner.right, range: rangeOf(inner, sourceFile) });
          inner = unwrapExpression(inner.right);
        }
      } else if (target?.whole) {
        const right = unwrapExpression(node.right);
        if (ts.isObjectLiteralExpression(right)) {
          for (const property of right.properties) {
            const name = propertyNameText(property.name);
            if (name === undefined) continue;
            const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : ts.isMethodDeclaration(property) ? property : undefined;
            if (value) scan.exports.push({ name, node: value, range: rangeOf(property, sourceFile) });
          }
        } else if (!moduleLoadSpecifier(right)) scan.exports.push({ name: 'default', node: node.right, range: rangeOf(node, sourceFile) });
      }
    }
    return true;
  };
  // The nodes in forEachChild order (a walk shared with the sink sites and the facts); a subtree the scan does not enter is skipped.
  const { nodes, subtreeEnds } = nodeOrderOf(sourceFile);
  for (let index = 0; index < nodes.length; ) index = visit(nodes[index]) ? index + 1 : subtreeEnds[index];
  return scan;
}

function calleeText(node: ts.Expression, sourceFile: ts.SourceFile): string {
  const text = unwrapExpression(node).getText(sourceFile);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Resolves an exported expression to the function that runs, through wrappers; undefined when it is not one. */
export function resolveFunction(scan: ModuleScan, node: ts.Node, depth = 0, seen = new Set<ts.Node>()): ResolvedFunction | undefined {
  if (depth > 8 || seen.has(node)) return undefined;
  seen.add(node);
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) return node.body ? { fn: node, wrappedBy: [] } : undefined;
  if (!ts.isExpression(node)) return undefined;
  const expr = unwrapExpression(node);
  if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) return { fn: expr, wrappedBy: [] };
  if (ts.isIdentifier(expr)) {
    const fn = scan.functions.get(expr.text);
    if (fn) {
      const declaration = fn.parent;
      const declaredType = declaration && ts.isVariableDeclaration(declaration) && declaration.type ? declaration.type.getText(scan.sourceFile) : undefined;
      return { fn, wrappedBy: [], declaredType };
    }
    const init = scan.constants.get(expr.text);
    if (init) {
      const resolved = resolveFunction(scan, init, depth + 1, seen);
      const declaration = init.parent;
      if (resolved && declaration && ts.isVariableDeclaration(declaration) && declaration.type) resolved.declaredType ??= declaration.type.getText(scan.sourceFile);
      return resolved;
    }
    return undefined;
  }
  // `exports.handler = exports.h0`: the handler is h0's function.
  const aliased = exportAliasTarget(scan, expr);
  if (aliased) return resolveFunction(scan, aliased, depth + 1, seen);
  // `exports.handler = exports.h0 = async (event) => ...`: an assignment's value is its right side.
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.EqualsToken) return resolveFunction(scan, expr.right, depth + 1, seen);
  if (ts.isPropertyAccessExpression(expr)) {
    // `new Lambda().handler` or `instance.handler` where `const instance = new Lambda()`.
    let receiver = unwrapExpression(expr.expression);
    if (ts.isIdentifier(receiver)) receiver = scan.constants.get(receiver.text) ?? receiver;
    receiver = unwrapExpression(receiver);
    if (ts.isNewExpression(receiver) && ts.isIdentifier(receiver.expression)) {
      const cls = scan.classes.get(receiver.expression.text);
      const method = cls?.members.find((member) => ts.isMethodDeclaration(member) && propertyNameText(member.name) === expr.name.text) as ts.MethodDeclaration | undefined;
      if (method?.body) return { fn: method, wrappedBy: [] };
    }
    return undefined;
  }
  if (ts.isCallExpression(expr)) {
    const callee = unwrapExpression(expr.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (method === 'bind') return resolveFunction(scan, callee.expression, depth + 1, seen);
      if (method === 'handler' && expr.arguments[0]) {
        const inner = resolveFunction(scan, expr.arguments[0], depth + 1, seen);
        if (inner) return { ...inner, wrappedBy: [...wrapperChain(scan, callee.expression), ...inner.wrappedBy] };
      }
      if (['use', 'before', 'after', 'onError'].includes(method)) {
        const inner = resolveFunction(scan, callee.expression, depth + 1, seen);
        if (inner) {
          const argument = expr.arguments[0];
          const label = argument && ts.isCallExpression(unwrapExpression(argument)) ? calleeText((unwrapExpression(argument) as ts.CallExpression).expression, scan.sourceFile) : argument ? calleeText(argument, scan.sourceFile) : '';
          return { ...inner, wrappedBy: [...inner.wrappedBy, `.${method}(${label})`] };
        }
        return undefined;
      }
    }
    for (const argument of expr.arguments) {
      const inner = resolveFunction(scan, argument, depth + 1, seen);
      if (inner) return { ...inner, wrappedBy: [calleeText(expr.expression, scan.sourceFile), ...inner.wrappedBy] };
    }
  }
  return undefined;
}

/** `middy().use(a).use(b)` -> ['middy', '.use(a)', '.use(b)'] for `middy().use(...).handler(fn)`. */
function wrapperChain(scan: ModuleScan, node: ts.Expression): string[] {
  const expr = unwrapExpression(node);
  if (ts.isCallExpression(expr)) {
    const callee = unwrapExpression(expr.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      const argument = expr.arguments[0];
      const label = argument && ts.isCallExpression(unwrapExpression(argument)) ? calleeText((unwrapExpression(argument) as ts.CallExpression).expression, scan.sourceFile) : argument ? calleeText(argument, scan.sourceFile) : '';
      return [...wrapperChain(scan, callee.expression), `.${callee.name.text}(${label})`];
    }
    return [calleeText(expr.expression, scan.sourceFile)];
  }
  return [];
}

export function triggerFromTypeText(typeText: string | undefined): TriggerKind | undefined {
  if (!typeText) return undefined;
  for (const word of typeText.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
    for (const [pattern, trigger] of AWS_LAMBDA_TYPE_TRIGGERS) if (pattern.test(word)) return trigger;
  }
  return undefined;
}

/** Why a function looks like a Lambda handler (empty: it does not). */
export function handlerReasons(scan: ModuleScan, resolved: ResolvedFunction, exportName: string): { reasons: string[]; triggerHint?: TriggerKind; eventParameter?: string } {
  const reasons: string[] = [];
  const first = resolved.fn.parameters[0];
  const eventParameter = first ? (ts.isIdentifier(first.name) ? first.name.text : '{...}') : undefined;
  if (first && ts.isIdentifier(first.name) && EVENT_PARAMETER_NAMES.test(first.name.text)) reasons.push(`first parameter is named \`${first.name.text}\``);
  const isHandlerName = HANDLER_EXPORT_NAMES.test(exportName);
  if (isHandlerName && first && ts.isIdentifier(first.name) && WEAK_EVENT_PARAMETER_NAMES.test(first.name.text)) reasons.push(`first parameter is named \`${first.name.text}\` and the export \`${exportName}\``);
  if (isHandlerName && first && ts.isObjectBindingPattern(first.name)) reasons.push(`first parameter is destructured and the export is named \`${exportName}\``);
  // The Lambda signature (event, context[, callback]) whatever the event is called.
  const second = resolved.fn.parameters[1];
  const third = resolved.fn.parameters[2];
  if (second && ts.isIdentifier(second.name) && /^_?(context|ctx|lambdaContext)$/.test(second.name.text) && (!third || (ts.isIdentifier(third.name) && /^_?(callback|cb|callBack|done)$/.test(third.name.text)))) reasons.push('takes (event, context[, callback])');
  const typeText = [first?.type?.getText(scan.sourceFile), resolved.declaredType].filter(Boolean).join(' ');
  const triggerHint = triggerFromTypeText(typeText);
  const importsAwsLambdaTypes = scan.imports.some((entry) => entry.packageName === 'aws-lambda' || entry.packageName === '@types/aws-lambda');
  if (triggerHint || (importsAwsLambdaTypes && /\b(Handler|Context|Event)\b|Event\b/.test(typeText))) reasons.push('typed with `aws-lambda` types');
  if (resolved.wrappedBy.some((wrapper) => /middy|powertools|makeIdempotent|captureLambdaHandler|withRequest|lambda/i.test(wrapper))) reasons.push(`wrapped by \`${resolved.wrappedBy[0]}\``);
  if (reasons.length > 0 && /^(handler|main|lambdaHandler|run)$/.test(exportName)) reasons.push(`exported as \`${exportName}\``);
  return { reasons, triggerHint, eventParameter };
}

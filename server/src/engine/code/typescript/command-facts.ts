/**
 * The facts a fix needs to rewrite `child_process.exec`/`execSync` of a template string or a
 * concatenation into `execFile`/`execFileSync`: the command's parts with their ranges, the callee
 * name to rename, and where `execFile` joins the import or destructuring that bound `exec`. It only
 * describes the syntax; whether the rewrite is safe (no shell syntax) is the rule's question.
 */
import ts from 'typescript';
import type { CommandPart, ShellCommandFacts } from '../model';
import { moduleLoadSpecifier, normaliseModule, qualifiedNameOf, unwrapExpression, type ModuleScan } from './module-scan';

function rangeOf(node: ts.Node, sourceFile: ts.SourceFile) {
  return { start: node.getStart(sourceFile), end: node.getEnd() };
}

/** A template string's or a `+` chain's parts; the right operand of `+` is never split further (`'a' + (b + c)` may add numbers). */
function commandParts(node: ts.Expression, sourceFile: ts.SourceFile): CommandPart[] | undefined {
  const expr = unwrapExpression(node);
  if (ts.isTemplateExpression(expr)) {
    const parts: CommandPart[] = [{ text: expr.head.text, range: rangeOf(expr.head, sourceFile) }];
    for (const span of expr.templateSpans) {
      parts.push({ expression: rangeOf(span.expression, sourceFile) });
      parts.push({ text: span.literal.text, range: rangeOf(span.literal, sourceFile) });
    }
    return parts;
  }
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = ts.isBinaryExpression(expr.left) || ts.isTemplateExpression(expr.left) ? commandParts(expr.left, sourceFile) : operand(expr.left, sourceFile);
    return left && [...left, ...operand(expr.right, sourceFile)];
  }
  return undefined;
}

function operand(node: ts.Expression, sourceFile: ts.SourceFile): CommandPart[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [{ text: node.text, range: rangeOf(node, sourceFile) }];
  return [{ expression: rangeOf(node, sourceFile) }];
}

/** Where `exec` was bound: a named import of child_process, or a destructuring of its `require` call. */
function bindingOf(scan: ModuleScan, local: string): ShellCommandFacts['binding'] | string {
  const sourceFile = scan.sourceFile;
  for (const statement of sourceFile.statements) {
    let elements: ReadonlyArray<ts.ImportSpecifier | ts.BindingElement> | undefined;
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && normaliseModule(statement.moduleSpecifier.text) === 'child_process') {
      const named = statement.importClause?.namedBindings;
      if (named && ts.isNamedImports(named) && !statement.importClause?.isTypeOnly) elements = named.elements;
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isObjectBindingPattern(declaration.name) || !declaration.initializer) continue;
        const specifier = moduleLoadSpecifier(unwrapExpression(declaration.initializer));
        if (specifier !== undefined && normaliseModule(specifier) === 'child_process') elements = declaration.name.elements;
      }
    }
    if (!elements || elements.length === 0) continue;
    const element = elements.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === local);
    if (!element) continue;
    const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : local;
    if (imported !== local) return `\`${local}\` is \`${imported}\` renamed`;
    if (elements.some((candidate) => ts.isBindingElement(candidate) && candidate.dotDotDotToken)) return 'the destructuring has a rest element';
    const binds = (name: string) => elements!.some((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name && (!candidate.propertyName || (ts.isIdentifier(candidate.propertyName) && candidate.propertyName.text === name)));
    return { insertAt: elements[elements.length - 1].getEnd(), hasExecFile: binds('execFile'), hasExecFileSync: binds('execFileSync') };
  }
  return `\`${local}\` is not bound by a top-level import or destructuring of child_process`;
}

export function shellCommandFacts(scan: ModuleScan, call: ts.CallExpression | ts.NewExpression, argument: ts.Expression): ShellCommandFacts | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const sourceFile = scan.sourceFile;
  const parts = commandParts(argument, sourceFile);
  if (!parts) return undefined;
  const callee = unwrapExpression(call.expression);
  if (ts.isIdentifier(callee)) {
    const method = callee.text;
    if (method !== 'exec' && method !== 'execSync') return undefined;
    const facts: ShellCommandFacts = { method, calleeName: rangeOf(callee, sourceFile), parts };
    const binding = bindingOf(scan, method);
    if (typeof binding === 'string') facts.unsafe = binding;
    else facts.binding = binding;
    const wanted = method === 'exec' ? 'execFile' : 'execFileSync';
    const existing = scan.bindings.get(wanted);
    if ((existing && !(existing.module === 'child_process' && existing.members.join('.') === wanted)) || (!existing && scan.localNames.has(wanted))) facts.unsafe = `\`${wanted}\` is already a different local name`;
    return facts;
  }
  if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'exec' || callee.name.text === 'execSync')) {
    const owner = qualifiedNameOf(scan, callee.expression);
    if (!owner || owner.module !== 'child_process' || owner.members.length > 0) return undefined;
    return { method: callee.name.text, calleeName: rangeOf(callee.name, sourceFile), parts };
  }
  return undefined;
}

/**
 * Finds the comments of a parsed JavaScript/TypeScript file that carry a directive (`slsward-ignore`),
 * by asking TypeScript for the comment trivia before each token, so a directive inside a string, a
 * template or a regex literal is never mistaken for one. It reads the tree only; it never re-parses.
 */
import ts from 'typescript';
import type { CodeComment } from '../model';

const DIRECTIVE = 'slsward-ignore';

/** False when the text cannot hold a directive: `directiveComments` then finds none without reading the tree. */
export function mayHoldDirective(text: string): boolean {
  return text.includes(DIRECTIVE);
}

export function directiveComments(sourceFile: ts.SourceFile): CodeComment[] {
  const text = sourceFile.text;
  // Most files hold no directive: skip the token walk (which builds every node's children) at once.
  if (!mayHoldDirective(text)) return [];
  const out: CodeComment[] = [];
  const seen = new Set<number>();
  const collect = (ranges: ts.CommentRange[] | undefined, leads?: ts.Node) => {
    for (const comment of ranges ?? []) {
      if (seen.has(comment.pos)) continue;
      seen.add(comment.pos);
      const raw = text.slice(comment.pos, comment.end);
      if (!raw.includes(DIRECTIVE)) continue;
      const body = comment.kind === ts.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, raw.endsWith('*/') ? -2 : undefined);
      const statement = leads ? statementStartingAt(leads, sourceFile) : undefined;
      out.push({ range: { start: comment.pos, end: comment.end }, text: body.trim(), ...(statement ? { covers: { start: statement.getStart(sourceFile), end: statement.end } } : {}) });
    }
  };
  const visit = (node: ts.Node): void => {
    // JSDoc nodes lie inside a comment (found from the next token), and JSX text is not trivia.
    if (ts.isJSDoc(node) || (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) || node.kind === ts.SyntaxKind.JsxText) return;
    const children = node.getChildren(sourceFile);
    if (children.length === 0) {
      // A token: comments after it on its line are its trailing trivia; the ones on later lines lead the next token.
      collect(ts.getLeadingCommentRanges(text, node.pos), node);
      collect(ts.getTrailingCommentRanges(text, node.end));
      return;
    }
    for (const child of children) visit(child);
  };
  try {
    visit(sourceFile);
  } catch {
    // Nesting deep enough to exhaust the stack: keep the directives found so far.
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

/**
 * The statement (or class member, or object property) that begins with this token: what a comment
 * on the line above it is about, so that a directive covers a call written over several lines.
 */
function statementStartingAt(token: ts.Node, sourceFile: ts.SourceFile): ts.Node | undefined {
  const start = token.getStart(sourceFile);
  let found: ts.Node | undefined;
  for (let node: ts.Node | undefined = token; node && node.kind !== ts.SyntaxKind.SourceFile; node = node.parent) {
    if (node.getStart(sourceFile) !== start) break;
    const parent = node.parent;
    if (parent && (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isModuleBlock(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent) || ts.isClassLike(parent) || ts.isObjectLiteralExpression(parent))) found = node;
  }
  return found && !definesFunction(found, sourceFile) ? found : undefined;
}

/**
 * True when the statement defines a function or class on its first line (`export const handler = async
 * (event) => {`, `function f() {`): a directive above it covers that line, never the whole body, so
 * one comment cannot silence a rule for a whole handler.
 */
function definesFunction(statement: ts.Node, sourceFile: ts.SourceFile): boolean {
  if (ts.isFunctionDeclaration(statement) || ts.isClassLike(statement) || ts.isMethodDeclaration(statement)) return true;
  const firstLine = sourceFile.getLineAndCharacterOfPosition(statement.getStart(sourceFile)).line;
  let budget = 2_000;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || --budget < 0) return;
    if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && ts.isBlock(node.body) && sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line === firstLine) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found || budget < 0;
}

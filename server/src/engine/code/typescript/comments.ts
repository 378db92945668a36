/**
 * Finds the comments of a parsed JavaScript/TypeScript file that carry a directive (`slsward-ignore`),
 * by asking TypeScript for the comment trivia before each token, so a directive inside a string, a
 * template or a regex literal is never mistaken for one. It reads the tree only; it never re-parses.
 */
import ts from 'typescript';
import type { CodeComment } from '../model';

const DIRECTIVE = 'slsward-ignore';

export function directiveComments(sourceFile: ts.SourceFile): CodeComment[] {
  const text = sourceFile.text;
  // Most files hold no directive: skip the token walk (which builds every node's children) at once.
  if (!text.includes(DIRECTIVE)) return [];
  const out: CodeComment[] = [];
  const seen = new Set<number>();
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const comment of ranges ?? []) {
      if (seen.has(comment.pos)) continue;
      seen.add(comment.pos);
      const raw = text.slice(comment.pos, comment.end);
      if (!raw.includes(DIRECTIVE)) continue;
      const body = comment.kind === ts.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, raw.endsWith('*/') ? -2 : undefined);
      out.push({ range: { start: comment.pos, end: comment.end }, text: body.trim() });
    }
  };
  const visit = (node: ts.Node): void => {
    // JSDoc nodes lie inside a comment (found from the next token), and JSX text is not trivia.
    if (ts.isJSDoc(node) || (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) || node.kind === ts.SyntaxKind.JsxText) return;
    const children = node.getChildren(sourceFile);
    if (children.length === 0) {
      // A token: comments after it on its line are its trailing trivia; the ones on later lines lead the next token.
      collect(ts.getLeadingCommentRanges(text, node.pos));
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

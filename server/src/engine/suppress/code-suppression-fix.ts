/**
 * The "ignore with a reason" edit for a finding in handler code: a `// slsward-ignore <rule>: <reason>`
 * line above the flagged line, at its indentation, which `analyzeHandlerFile` honours like the
 * templates' `# slsward-ignore`. The reason is a placeholder the user must replace: a suppression
 * without a reason is itself reported.
 */
import type { Finding, Fix, TextRange } from '../types';
import { REASON_PLACEHOLDER } from './suppressions';

export function codeSuppressionFix(text: string, finding: Finding): Fix | undefined {
  if (finding.range.start < 0 || finding.range.start > text.length) return undefined;
  const lineStart = text.lastIndexOf('\n', finding.range.start - 1) + 1;
  let column = lineStart;
  while (column < text.length && (text[column] === ' ' || text[column] === '\t')) column++;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return {
    title: `Ignore ${finding.ruleId} with a reason`,
    edits: [{ range: { start: lineStart, end: lineStart }, newText: `${text.slice(lineStart, column)}// slsward-ignore ${finding.ruleId}: ${REASON_PLACEHOLDER}${eol}` }],
  };
}

/**
 * The same line for a finding of inline code (`ZipFile`, `InlineCode`), already moved into its
 * template: inserted above the flagged template line, at that line's indentation (the block's and
 * the code's own), so the code Lambda gets holds the comment above the flagged line. Only a literal
 * block scalar (`|`, or `!Sub |`) keeps a new line as a line of code; in a folded block, a quoted
 * string or a `!Join` the line would fold into its neighbour or need escaping, so no edit is offered.
 */
export function inlineCodeSuppressionFix(templateText: string, inline: { range: TextRange }, finding: Finding): Fix | undefined {
  const headerEnd = templateText.indexOf('\n', inline.range.start);
  if (headerEnd < 0) return undefined;
  const header = templateText.slice(inline.range.start, headerEnd).replace(/\r$/, '');
  if (!/^(?:!Sub[ \t]+)?\|[1-9+-]{0,2}[ \t]*(?:#.*)?$/.test(header)) return undefined;
  if (finding.range.start <= headerEnd || finding.range.start > inline.range.end) return undefined;
  const lineStart = templateText.lastIndexOf('\n', finding.range.start - 1) + 1;
  let column = lineStart;
  while (column < templateText.length && (templateText[column] === ' ' || templateText[column] === '\t')) column++;
  const eol = templateText[headerEnd - 1] === '\r' ? '\r\n' : '\n';
  return {
    title: `Ignore ${finding.ruleId} with a reason`,
    edits: [{ range: { start: lineStart, end: lineStart }, newText: `${templateText.slice(lineStart, column)}// slsward-ignore ${finding.ruleId}: ${REASON_PLACEHOLDER}${eol}` }],
  };
}

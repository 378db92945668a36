/**
 * The "ignore with a reason" edit for a finding in handler code: a `// slsward-ignore <rule>: <reason>`
 * line above the flagged line, at its indentation, which `analyzeHandlerFile` honours like the
 * templates' `# slsward-ignore`. The reason is a placeholder the user must replace: a suppression
 * without a reason is itself reported.
 */
import type { Finding, Fix } from '../types';
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

/**
 * Inline suppressions: `# slsward-ignore <rule-id>: <reason>` on the line or
 * the line above (YAML), and `Metadata.slsward.ignore` on a resource (JSON and
 * YAML). A reason is required; a suppression without one is itself reported.
 */
import { modify } from 'jsonc-parser';
import { endOfLine, indentUnitOf } from '../fix/edits';
import type { AppModel, Suppression } from '../model/types';
import { isMap, mapEntries, scalarText, seqItems, valueOf } from '../parse/tree';
import type { RuleMeta } from '../rule';
import { RULE_DOCS_BASE } from '../rule';
import type { Finding, Fix, ParsedDocument } from '../types';

export const SUPPRESSIONS_DOC_URL = RULE_DOCS_BASE.replace(/\/rules$/, '/docs/suppressions.md');
export const MISSING_REASON_RULE_ID = 'slsward-ignore-missing-reason';
/** What the "ignore" quick fix writes; it does not count as a reason until the user replaces it. */
export const REASON_PLACEHOLDER = '<why this is acceptable>';

const COMMENT = /(^|\s)#\s*slsward-ignore\s+([A-Za-z0-9_-]+)\s*(?::\s*(.*?))?\s*$/;

export function collectSuppressions(model: AppModel, honourInline: boolean): Suppression[] {
  if (!honourInline) return [];
  const suppressions: Suppression[] = [];
  const document = model.document;
  if (document.format === 'yaml') collectComments(document.text, suppressions);
  for (const resource of model.resources) {
    for (const item of seqItems(valueOf(valueOf(valueOf(resource.declaration, 'Metadata'), 'slsward'), 'ignore'))) {
      const ruleId = scalarText(valueOf(item, 'rule'));
      if (!ruleId) continue;
      suppressions.push({ ruleId, reason: reasonOf(scalarText(valueOf(item, 'reason'))), range: item.range, appliesTo: { start: resource.keyRange.start, end: resource.declaration.range.end }, via: 'Metadata.slsward.ignore' });
    }
  }
  return suppressions;
}

export function reasonOf(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed || trimmed === REASON_PLACEHOLDER || /^<.*>$/.test(trimmed)) return undefined;
  return trimmed;
}

function collectComments(text: string, out: Suppression[]): void {
  if (!text.includes('slsward-ignore')) return;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const lineEnd = endOfLine(text, lineStart);
    const line = text.slice(lineStart, lineEnd);
    const match = line.includes('slsward-ignore') ? COMMENT.exec(line) : null;
    if (match) {
      const commentStart = lineStart + match.index + match[1].length;
      const isOwnLine = line.slice(0, match.index + match[1].length).trim() === '';
      const next = text.indexOf('\n', lineEnd);
      // A comment alone on its line covers the next line; a trailing one covers its own line.
      const appliesTo = isOwnLine && next >= 0 ? { start: next + 1, end: endOfLine(text, next + 1) } : { start: lineStart, end: lineEnd };
      out.push({ ruleId: match[2], reason: reasonOf(match[3]), range: { start: commentStart, end: lineEnd }, appliesTo, via: 'slsward-ignore' });
    }
    const next = text.indexOf('\n', lineEnd);
    if (next < 0) break;
    lineStart = next + 1;
  }
}

export function missingReasonFinding(suppression: Suppression, target: RuleMeta | undefined): Finding {
  return {
    ruleId: MISSING_REASON_RULE_ID,
    messageId: 'missingReason',
    message: `This suppression of '${suppression.ruleId}' gives no reason, so it is not applied. Write why the finding is acceptable after a colon.`,
    severity: 'warning',
    category: target?.category ?? 'auth',
    range: suppression.range,
    fixes: [],
    equivalents: [],
    docsUrl: SUPPRESSIONS_DOC_URL,
  };
}

/** The "ignore with a reason" quick fix: a comment above the line (YAML), or a Metadata entry (JSON). */
export function suppressionFix(document: ParsedDocument, finding: Finding): Fix | undefined {
  const title = `Ignore ${finding.ruleId} with a reason`;
  const text = document.text;
  if (document.format === 'yaml') {
    const lineStart = text.lastIndexOf('\n', finding.range.start - 1) + 1;
    const line = text.slice(lineStart, endOfLine(text, lineStart));
    // Same indent as the flagged line; for a sequence item, the column of its dash.
    const column = line.length - line.trimStart().length;
    return { title, edits: [{ range: { start: lineStart, end: lineStart }, newText: `${' '.repeat(column)}# slsward-ignore ${finding.ruleId}: ${REASON_PLACEHOLDER}\n` }] };
  }
  const resources = valueOf(document.root, 'Resources');
  const logicalId = finding.resource && isMap(valueOf(resources, finding.resource)) ? finding.resource : mapEntries(resources).find((entry) => entry.value && entry.value.range.start <= finding.range.start && finding.range.end <= entry.value.range.end)?.key.value;
  if (logicalId === undefined || logicalId === null) return undefined;
  const edits = modify(text, ['Resources', String(logicalId), 'Metadata', 'slsward', 'ignore', -1], { rule: finding.ruleId, reason: REASON_PLACEHOLDER }, {
    formattingOptions: { insertSpaces: true, tabSize: indentUnitOf(text), eol: text.includes('\r\n') ? '\r\n' : '\n' },
    isArrayInsertion: true,
  });
  return { title, edits: edits.map((edit) => ({ range: { start: edit.offset, end: edit.offset + edit.length }, newText: edit.content })) };
}

/**
 * Other tools' suppressions, honoured so that a team can switch without
 * losing its reviewed exceptions: Checkov (`# checkov:skip=ID:reason` inside a
 * resource or a Serverless function, `Metadata.checkov.skip`), cfn_nag
 * (`Metadata.cfn_nag.rules_to_suppress`), cfn-lint (`Metadata.cfn-lint.config.ignore_checks`
 * on a resource or the template) and Semgrep (`# nosemgrep[: id]` on the line or
 * the line above). Each applies only to rules whose `equivalents` name its id;
 * one that names no equivalent does nothing. Nothing here reads files.
 */
import { endOfLine } from '../fix/edits';
import type { AppModel } from '../model/types';
import { nodeAt, oneOrMany, scalarText, seqItems, valueOf } from '../parse/tree';
import type { Finding, SourceNode, TextRange } from '../types';

export type SuppressionTool = 'checkov' | 'cfn_nag' | 'cfn-lint' | 'semgrep';

export interface OtherToolSuppression {
  tool: SuppressionTool;
  /** The id the suppression names: `CKV_AWS_20`, `W35`, `W3005`, a Semgrep rule id, or '' for a bare `# nosemgrep`. */
  toolRuleId: string;
  /** The tool's own reason, when it has one (Checkov's comment, cfn_nag's `reason`). */
  reason?: string;
  /** The comment or Metadata entry. */
  range: TextRange;
  /** Findings that start inside this span are covered (the resource, the line, or the whole template). */
  appliesTo: TextRange;
  /** Findings on this resource are covered wherever they are reported. */
  resource?: string;
  /** `checkov:skip`, `Metadata.checkov.skip`, `Metadata.cfn_nag.rules_to_suppress`, `Metadata.cfn-lint.config.ignore_checks`, `nosemgrep`. */
  via: string;
}

/** Checkov's own grammar: `checkov:skip=` (or the older `bridgecrew:skip=`), an id, then an optional `:reason`. */
const CHECKOV_COMMENT = /#.*?\b(?:checkov|bridgecrew):skip=\s*([A-Za-z0-9_]+)(?::([^\n]*))?/;
/** `# nosemgrep`, `# nosemgrep: id`, `# nosemgrep: id1, id2`. */
const NOSEMGREP_COMMENT = /#\s*nosemgrep\b(?:\s*:\s*([^\n#]*))?/;

interface Unit {
  resource: string;
  range: TextRange;
}

export function collectOtherToolSuppressions(model: AppModel): OtherToolSuppression[] {
  const out: OtherToolSuppression[] = [];
  const document = model.document;
  const units: Unit[] = [
    ...model.resources.map((resource) => ({ resource: resource.logicalId, range: { start: resource.keyRange.start, end: resource.declaration.range.end } })),
    ...(model.kind === 'serverless' ? model.functions.map((fn) => ({ resource: fn.resource, range: { start: fn.nameRange.start, end: fn.declaration.range.end } })) : []),
  ];
  if (document.format === 'yaml') collectComments(document.text, units, out);

  for (const resource of model.resources) {
    const metadata = valueOf(resource.declaration, 'Metadata');
    const appliesTo = { start: resource.keyRange.start, end: resource.declaration.range.end };
    const add = (tool: SuppressionTool, via: string, idNode: SourceNode | null | undefined, range: TextRange, reason?: string) => {
      const id = scalarText(idNode)?.trim();
      if (id) out.push({ tool, toolRuleId: id, reason: reason?.trim() || undefined, range, appliesTo, resource: resource.logicalId, via });
    };
    for (const item of seqItems(nodeAt(metadata, ['cfn_nag', 'rules_to_suppress']))) {
      add('cfn_nag', 'Metadata.cfn_nag.rules_to_suppress', valueOf(item, 'id'), item.range, scalarText(valueOf(item, 'reason')));
    }
    for (const item of oneOrMany(nodeAt(metadata, ['checkov', 'skip']))) {
      add('checkov', 'Metadata.checkov.skip', valueOf(item, 'id'), item.range, scalarText(valueOf(item, 'comment')));
    }
    for (const item of oneOrMany(nodeAt(metadata, ['cfn-lint', 'config', 'ignore_checks']))) {
      add('cfn-lint', 'Metadata.cfn-lint.config.ignore_checks', item, item.range);
    }
  }
  // cfn-lint also reads `ignore_checks` in the template's own Metadata: it covers the whole template.
  for (const item of oneOrMany(nodeAt(document.root, ['Metadata', 'cfn-lint', 'config', 'ignore_checks']))) {
    const id = scalarText(item)?.trim();
    if (id) out.push({ tool: 'cfn-lint', toolRuleId: id, range: item.range, appliesTo: { start: 0, end: document.text.length }, via: 'Metadata.cfn-lint.config.ignore_checks' });
  }
  return out;
}

function collectComments(text: string, units: Unit[], out: OtherToolSuppression[]): void {
  const hasCheckov = /(checkov|bridgecrew):skip=/.test(text);
  const hasSemgrep = text.includes('nosemgrep');
  if (!hasCheckov && !hasSemgrep) return;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const lineEnd = endOfLine(text, lineStart);
    const line = text.slice(lineStart, lineEnd);
    const checkov = hasCheckov ? CHECKOV_COMMENT.exec(line) : null;
    if (checkov && isComment(line, checkov.index)) {
      // Checkov scopes a skip comment to the resource (or Serverless function) whose lines hold it.
      const offset = lineStart + checkov.index;
      const unit = units.filter((candidate) => candidate.range.start <= offset && offset <= endOfLine(text, candidate.range.end)).sort((a, b) => a.range.end - a.range.start - (b.range.end - b.range.start))[0];
      if (unit) {
        out.push({ tool: 'checkov', toolRuleId: checkov[1], reason: checkov[2]?.trim() || undefined, range: { start: offset, end: lineEnd }, appliesTo: unit.range, resource: unit.resource, via: 'checkov:skip' });
      }
    }
    const semgrep = hasSemgrep ? NOSEMGREP_COMMENT.exec(line) : null;
    if (semgrep && isComment(line, semgrep.index)) {
      const offset = lineStart + semgrep.index;
      const isOwnLine = line.slice(0, semgrep.index).trim() === '';
      const next = text.indexOf('\n', lineEnd);
      // Semgrep honours the comment on the finding's first line, or alone on the line above it.
      const appliesTo = isOwnLine && next >= 0 ? { start: next + 1, end: endOfLine(text, next + 1) } : { start: lineStart, end: lineEnd };
      const ids = (semgrep[1] ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
      for (const id of ids.length > 0 ? ids : ['']) {
        out.push({ tool: 'semgrep', toolRuleId: id, range: { start: offset, end: lineEnd }, appliesTo, via: 'nosemgrep' });
      }
    }
    const next = text.indexOf('\n', lineEnd);
    if (next < 0) break;
    lineStart = next + 1;
  }
}

/** The match is in a comment: a `#` that starts the line or follows whitespace, outside quotes (a cheap check). */
function isComment(line: string, index: number): boolean {
  if (line[index] !== '#') return false;
  if (index > 0 && !/\s/.test(line[index - 1])) return false;
  const before = line.slice(0, index);
  return (before.split("'").length - 1) % 2 === 0 && (before.split('"').length - 1) % 2 === 0;
}

/**
 * Semgrep rule ids are dotted paths (`yaml.cloudformation.security.x`); no
 * other tool's ids hold a dot, so an equivalent with a dot is a Semgrep id.
 * `# nosemgrep: x` may give the full id or its last segment.
 */
export function isSemgrepId(id: string): boolean {
  return id.includes('.');
}

/** Whether `suppression` names an equivalent of the finding's rule and covers where (or what) it is. */
export function otherToolSuppressionCovers(suppression: OtherToolSuppression, finding: Finding): boolean {
  const isInScope =
    (suppression.appliesTo.start <= finding.range.start && finding.range.start <= suppression.appliesTo.end) ||
    (suppression.resource !== undefined && finding.resource === suppression.resource);
  if (!isInScope) return false;
  const wanted = suppression.toolRuleId.toLowerCase();
  if (suppression.tool === 'semgrep') {
    return finding.equivalents.some((equivalent) => {
      if (!isSemgrepId(equivalent)) return false;
      const id = equivalent.toLowerCase();
      return wanted === '' || id === wanted || id.endsWith(`.${wanted}`) || wanted.endsWith(`.${id}`);
    });
  }
  return finding.equivalents.some((equivalent) => equivalent.toLowerCase() === wanted);
}

/** What the report shows as the reason: the tool's own, or that it gave none. */
export function reasonOfOtherTool(suppression: OtherToolSuppression): string {
  return suppression.reason ?? `no reason given (honoured from ${suppression.tool})`;
}

/**
 * The hover over a finding: what the rule checks, why it matters, how to fix
 * it, the same check in other tools, references and the rule's page; and over
 * a computed value (`!Ref`, `!Sub`, `!If`, a Serverless variable, a SAM Globals
 * property), the chain that produced it. It reads rule metadata and one cached
 * analysis (and its resolver); it never analyses by itself.
 */
import type { Hover } from 'vscode-languageserver/node';
import type { ExplanationStep, Finding, LineIndex, RuleMeta, ValueExplanation } from '../engine';
import type { DocumentAnalysis } from './document-analyses';
import { toLspRange } from './diagnostics';

const SEVERITY_ORDER: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** The metadata a hover shows; template and code rules both have it. */
export type HoverRuleMeta = Pick<RuleMeta, 'title' | 'description' | 'remediation' | 'equivalents' | 'references'>;

export function hoverAt(analysis: DocumentAnalysis, offset: number, rulesById: ReadonlyMap<string, HoverRuleMeta>): Hover | null {
  if (analysis.result.kind === null && !analysis.result.code) return null;
  // Most severe first: an open route matters more than the advice on the same key.
  const findings = analysis.result.findings
    .filter((finding) => finding.range.start <= offset && offset <= finding.range.end)
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  const explanation = analysis.result.model?.resolver.explainAt(offset);
  if (findings.length === 0 && !explanation) return null;
  const sections = findings.map((finding) => describeFinding(finding, rulesById.get(finding.ruleId), analysis.lineIndex));
  if (explanation) sections.push(describeValue(explanation));
  // The innermost finding decides the highlighted range; all of them are described.
  const innermost = findings.length > 0 ? findings.reduce((best, finding) => (finding.range.end - finding.range.start < best.range.end - best.range.start ? finding : best)) : undefined;
  return {
    // MarkupKind.Markdown; the worker that builds hovers does not load the LSP library for one constant.
    contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') },
    range: toLspRange(analysis.lineIndex, innermost?.range ?? explanation!.range),
  };
}

/**
 * The resolved value and how it came about, as nested bullets. Template text
 * is already in code spans (the engine strips backticks from it), so the
 * steps are shown as they are.
 */
export function describeValue(explanation: ValueExplanation): string {
  const lines = [`**Serverless Ward: value** ${explanation.summary}`, ''];
  const walk = (steps: ExplanationStep[], depth: number) => {
    for (const step of steps) {
      lines.push(`${'  '.repeat(depth)}- ${step.text}`);
      walk(step.children, depth + 1);
    }
  };
  walk(explanation.steps, 0);
  return lines.join('\n');
}

/**
 * Rule metadata is our own Markdown and is shown as written; the message
 * quotes the user's template (names, values), so it is escaped.
 */
export function describeFinding(finding: Finding, meta: HoverRuleMeta | undefined, lineIndex?: LineIndex): string {
  const lines: string[] = [];
  const title = meta?.title ?? finding.ruleId;
  lines.push(`**Serverless Ward: ${title}** \`${finding.ruleId}\` (${finding.severity})`);
  lines.push('', escapeMarkdown(finding.message));
  // A handler finding's path from the event to the sink, step by step.
  if (finding.steps?.length) {
    lines.push('', '**Path from source to sink:**', '');
    finding.steps.forEach((step, index) => {
      const where = step.path !== undefined ? escapeMarkdown(step.path.split(/[\\/]/).pop() ?? step.path) : lineIndex ? `line ${lineIndex.positionAt(step.range.start).line + 1}` : '';
      lines.push(`${index + 1}. ${escapeMarkdown(step.message)}${where ? ` (${where})` : ''}`);
    });
  }
  for (const place of finding.related ?? []) lines.push('', `**See also:** ${escapeMarkdown(place.message)}${place.path ? ` (${escapeMarkdown(place.path.split(/[\\/]/).pop() ?? place.path)})` : ''}`);
  if (meta?.description) lines.push('', `**Why it matters.** ${meta.description}`);
  if (meta?.remediation) lines.push('', `**How to fix.** ${meta.remediation}`);
  const equivalents = finding.equivalents.length > 0 ? finding.equivalents : (meta?.equivalents ?? []);
  if (equivalents.length > 0) lines.push('', `**Same check in other tools:** ${equivalents.map((id) => `\`${id.replace(/`/g, '')}\``).join(', ')}`);
  const references = meta?.references ?? [];
  if (references.length > 0) lines.push('', `**References:** ${references.map(referenceLink).join(', ')}`);
  if (finding.docsUrl) lines.push('', `[Rule documentation](${finding.docsUrl})`);
  return lines.join('\n');
}

function referenceLink(reference: string): string {
  if (/^https?:\/\//i.test(reference)) return `[${shortenUrl(reference)}](${reference})`;
  const cwe = /^CWE-(\d+)$/i.exec(reference);
  if (cwe) return `[${reference}](https://cwe.mitre.org/data/definitions/${cwe[1]}.html)`;
  return reference;
}

function shortenUrl(url: string): string {
  return url.replace(/^https?:\/\//i, '').replace(/\/$/, '');
}

/** Messages quote template text (names, values); it must not turn into links, HTML or emphasis. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (character) => `\\${character}`);
}

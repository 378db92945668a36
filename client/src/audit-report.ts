/**
 * Renders an audit report as a Markdown document (the report panel's
 * Markdown export): counts, the endpoint inventory, the functions and the
 * IAM actions their code calls, and the findings per file. Pure (no `vscode`), so it is tested
 * outside the editor.
 */
import type { AuditReport, ReportFinding, Severity } from './protocol';

export interface RenderOptions {
  /** How a file is named in the report, usually relative to its workspace folder. */
  displayPath(path: string): string;
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export function renderAuditReport(report: AuditReport, options: RenderOptions): string {
  const name = (path: string) => options.displayPath(path);
  const lines: string[] = ['# Serverless Ward audit', ''];
  if (report.cancelled) lines.push('> The audit was cancelled; the results below are partial.', '');
  const severityCounts = SEVERITY_ORDER.map((severity) => `${report.counts.bySeverity[severity] ?? 0} ${severity}`);
  lines.push(
    `${plural(report.files.length, 'template')} analysed, ${plural(report.findings.length, 'finding')} (${severityCounts.join(', ')}), ` +
      `${report.suppressed.length} suppressed, ${plural(report.skipped.length, 'file')} skipped.`,
    '',
  );

  lines.push('| Severity | Findings |', '| --- | ---: |');
  for (const severity of SEVERITY_ORDER) lines.push(`| ${severity} | ${report.counts.bySeverity[severity] ?? 0} |`);
  lines.push('');
  lines.push('| Category | Findings |', '| --- | ---: |');
  for (const [category, count] of Object.entries(report.counts.byCategory)) lines.push(`| ${cell(category)} | ${count} |`);
  lines.push('');

  lines.push('## Endpoint inventory', '');
  if (report.endpoints.length === 0) {
    lines.push('No endpoints found.', '');
  } else {
    lines.push('| Method | Path | Auth | Function | Findings | File |', '| --- | --- | --- | --- | --- | --- |');
    for (const endpoint of report.endpoints) {
      const auth = endpoint.authorizer ? `${endpoint.auth} (${endpoint.authorizer})` : endpoint.auth;
      const findings = endpoint.findings.length > 0 ? endpoint.findings.map((id) => `\`${code(id)}\``).join(', ') : '—';
      lines.push(`| ${cell(endpoint.method)} | ${cell(endpoint.route)} | ${cell(auth)} | ${cell(endpoint.functionName ?? '—')} | ${findings} | ${cell(`${name(endpoint.path)}:${endpoint.line + 1}`)} |`);
    }
    lines.push('');
  }

  // What each function's code calls against what its role grants (functions whose handler was read).
  const read = (report.functions ?? []).filter((entry) => entry.status === 'file');
  if (read.length > 0) {
    lines.push('## Functions', '', '| Function | Handler | IAM actions used | Not granted | File |', '| --- | --- | --- | --- | --- |');
    for (const entry of read) {
      const handler = entry.handler ? `${name(entry.handler.path)} (${entry.handler.exportName})` : '—';
      const used = entry.codeNotRead ? `not read (${inline(entry.codeNotRead)})` : entry.actions && entry.actions.length > 0 ? entry.actions.map((action) => `\`${code(action)}\``).join(', ') : 'no AWS call';
      const notGranted = entry.actionsNotGranted && entry.actionsNotGranted.length > 0 ? entry.actionsNotGranted.map((action) => `\`${code(action)}\``).join(', ') : '—';
      lines.push(`| ${cell(entry.functionName)} | ${cell(handler)} | ${used} | ${notGranted} | ${cell(`${name(entry.path)}:${entry.line + 1}`)} |`);
    }
    lines.push('');
  }

  lines.push('## Findings', '');
  if (report.findings.length === 0) lines.push('No findings.', '');
  for (const [path, findings] of groupByPath(report.findings)) {
    lines.push(`### ${inline(name(path))}`, '');
    for (const finding of findings) {
      const docs = finding.docsUrl ? ` ([docs](${finding.docsUrl}))` : '';
      lines.push(`- **${finding.severity}** \`${code(finding.ruleId)}\` ${inline(name(path))}:${finding.start.line + 1}: ${inline(finding.message)}${docs}`);
    }
    lines.push('');
  }

  if (report.issues && report.issues.length > 0) {
    lines.push('## Problems reading the files', '');
    for (const issue of report.issues) lines.push(`- ${inline(name(issue.path))}:${issue.start.line + 1}: ${inline(issue.message)}`);
    lines.push('');
  }
  if (report.suppressed.length > 0) {
    lines.push('## Suppressed', '');
    for (const entry of report.suppressed) {
      // Another tool's suppression names the tool and its id, so reviewers see where the exception came from.
      const origin = entry.tool ? ` (${inline(entry.tool)}${entry.toolRuleId ? ` \`${code(entry.toolRuleId)}\`` : ''} via ${inline(entry.via)})` : '';
      lines.push(`- \`${code(entry.ruleId)}\` ${inline(name(entry.path))}:${entry.line + 1}${origin}: ${inline(entry.reason)}`);
    }
    lines.push('');
  }
  if (report.skipped.length > 0) {
    lines.push('## Skipped files', '');
    for (const entry of report.skipped) lines.push(`- ${inline(name(entry.path))}: ${inline(entry.reason)}`);
    lines.push('');
  }
  if (report.internalErrors.length > 0) {
    lines.push('## Internal errors', '', 'These are bugs in Serverless Ward; the output channel has the details.', '');
    for (const entry of report.internalErrors) lines.push(`- ${inline(name(entry.path))}: ${inline(entry.message.split('\n')[0])}`);
    lines.push('');
  }
  return lines.join('\n');
}

function groupByPath(findings: ReportFinding[]): Map<string, ReportFinding[]> {
  const groups = new Map<string, ReportFinding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.path) ?? [];
    group.push(finding);
    groups.set(finding.path, group);
  }
  return groups;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Text inside a code span is literal: only a backtick (or a table's pipe) could break it. */
function code(text: string): string {
  return text.replace(/[`|\r\n]/g, '');
}

/** Text inside a table cell: a pipe or a line break would end the cell. */
function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

/** Template text (names, messages) must not become links, HTML or emphasis. */
function inline(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>#]/g, (character) => `\\${character}`);
}

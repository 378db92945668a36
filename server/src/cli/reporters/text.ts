/**
 * The human report: one line per finding (`path:line:col  severity  ruleId
 * message`, clickable in terminals and editors), grouped by file, then a
 * summary and the endpoint inventory.
 */
import type { AuditReport } from '../../workspace';

export function formatText(report: AuditReport): string {
  const out: string[] = [];
  let currentPath: string | undefined;
  for (const finding of report.findings) {
    if (currentPath !== undefined && finding.path !== currentPath) out.push('');
    currentPath = finding.path;
    const location = `${finding.path}:${finding.start.line + 1}:${finding.start.character + 1}`;
    out.push(`${location}  ${finding.severity.padEnd(7)}  ${finding.ruleId}  ${finding.message}`);
  }
  if (report.findings.length > 0) out.push('');
  if (report.issues.length > 0) {
    // Syntax problems do not stop the analysis, but findings after them may be missing.
    out.push('Syntax problems (analysis used what parsed)');
    for (const issue of report.issues) out.push(`  ${issue.path}:${issue.start.line + 1}:${issue.start.character + 1}  ${issue.severity}  ${issue.message}`);
    out.push('');
  }
  out.push(summaryLine(report));

  if (report.suppressed.length > 0) {
    out.push('', 'Suppressed');
    for (const entry of report.suppressed) {
      // Another tool's suppression names the tool and its id: `(checkov CKV_AWS_26 via checkov:skip)`.
      const via = entry.tool ? `${entry.tool}${entry.toolRuleId ? ` ${entry.toolRuleId}` : ''} via ${entry.via}` : entry.via;
      out.push(`  ${entry.path}:${entry.line + 1}  ${entry.ruleId}  (${via}) ${entry.reason}`);
    }
  }

  if (report.endpoints.length > 0) {
    out.push('', 'Endpoints');
    const rows = report.endpoints.map((endpoint) => [
      endpoint.method,
      endpoint.route,
      endpoint.authorizer ? `${endpoint.auth} (${shortName(endpoint.authorizer)})` : endpoint.auth,
      endpoint.functionName ?? '-',
      endpoint.findings.length > 0 ? endpoint.findings.join(', ') : '-',
      `${endpoint.path}:${endpoint.line + 1}`,
    ]);
    out.push(...table(['METHOD', 'PATH', 'AUTH', 'FUNCTION', 'FINDINGS', 'LOCATION'], rows));
  }
  return `${out.join('\n')}\n`;
}

export function summaryLine(report: AuditReport): string {
  const { error, warning, info } = report.counts.bySeverity;
  const total = report.findings.length;
  const parts = [
    `${total} ${plural(total, 'finding')} (${error} ${plural(error, 'error')}, ${warning} ${plural(warning, 'warning')}, ${info} info)`,
    `in ${report.files.length} ${plural(report.files.length, 'file')}`,
  ];
  const extras: string[] = [];
  if (report.suppressed.length > 0) {
    const byOtherTools = report.suppressed.filter((entry) => entry.tool).length;
    extras.push(`${report.suppressed.length} suppressed${byOtherTools > 0 ? ` (${byOtherTools} by other tools' suppressions)` : ''}`);
  }
  if (report.skipped.length > 0) extras.push(`${report.skipped.length} skipped`);
  if (report.internalErrors.length > 0) extras.push(`${report.internalErrors.length} internal ${plural(report.internalErrors.length, 'error')}`);
  return `${parts.join(' ')}${extras.length > 0 ? `; ${extras.join(', ')}` : ''}`;
}

/** The last part of an ARN (`userpool/eu-west-1_Ab12`), so that the table stays readable. */
function shortName(name: string): string {
  return name.startsWith('arn:') ? name.slice(name.lastIndexOf(':') + 1) : name;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const render = (row: string[]) => `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ')}`.trimEnd();
  return [render(header), ...rows.map(render)];
}

/**
 * The human report: one line per finding (`path:line:col  severity  ruleId
 * message`, clickable in terminals and editors), grouped by file, then a
 * summary and the endpoint inventory. Every text that comes from a template
 * or a file name goes through `escapeControlCharacters`, so a template cannot
 * move the cursor, rewrite lines or reorder text in a terminal or CI log.
 */
import type { AuditReport, LocatedPlace } from '..';

/**
 * C0 controls (tab included: a tab in a resource name is never meant), DEL,
 * C1 controls (0x9B is a one-byte CSI in some terminals), and the bidi
 * embeddings, overrides and isolates that make text display in another order
 * than it is stored ("Trojan Source").
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Shows each control character as a visible escape (`\x1b`, `\r`, `\n`, `\u202e`), leaving every other character as it is. */
export function escapeControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, (ch) => {
    const named = NAMED_ESCAPES[ch];
    if (named) return named;
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const clean = escapeControlCharacters;

export function formatText(report: AuditReport): string {
  const out: string[] = [];
  let currentPath: string | undefined;
  for (const finding of report.findings) {
    if (currentPath !== undefined && finding.path !== currentPath) out.push('');
    currentPath = finding.path;
    const location = `${clean(finding.path)}:${finding.start.line + 1}:${finding.start.character + 1}`;
    out.push(`${location}  ${clean(finding.severity).padEnd(7)}  ${clean(finding.ruleId)}  ${clean(finding.message)}`);
    // A code finding's path from source to sink, then where the template declares the route or function.
    for (const step of finding.flow ?? []) out.push(`    ${step === finding.flow?.[0] ? 'from' : '  ->'} ${placeText(step)}`);
    for (const place of finding.relatedPlaces ?? []) out.push(`    see ${placeText(place)}`);
  }
  if (report.findings.length > 0) out.push('');
  if (report.issues.length > 0) {
    // Syntax problems and unread parts (limits, ${file()} not read) do not stop the analysis, but findings there may be missing.
    out.push('Problems reading the files (the analysis used what it could read)');
    for (const issue of report.issues) out.push(`  ${clean(issue.path)}:${issue.start.line + 1}:${issue.start.character + 1}  ${clean(issue.severity)}  ${clean(issue.message)}`);
    out.push('');
  }
  out.push(summaryLine(report));

  if (report.suppressed.length > 0) {
    out.push('', 'Suppressed');
    for (const entry of report.suppressed) {
      // Another tool's suppression names the tool and its id: `(checkov CKV_AWS_26 via checkov:skip)`.
      const via = entry.tool ? `${entry.tool}${entry.toolRuleId ? ` ${entry.toolRuleId}` : ''} via ${entry.via}` : entry.via;
      out.push(`  ${clean(entry.path)}:${entry.line + 1}  ${clean(entry.ruleId)}  (${clean(via)}) ${clean(entry.reason)}`);
    }
  }

  if (report.endpoints.length > 0) {
    out.push('', 'Endpoints');
    const functions = new Map(report.functions.map((entry) => [`${entry.path}\u0000${entry.functionName}`, entry]));
    const rows = report.endpoints.map((endpoint) =>
      [
        endpoint.method,
        endpoint.route,
        endpoint.authorizer ? `${endpoint.auth} (${shortName(endpoint.authorizer)})` : endpoint.auth,
        endpoint.functionName ?? '-',
        validationText(endpoint),
        handlerText(endpoint, endpoint.functionName === undefined ? undefined : functions.get(`${endpoint.path}\u0000${endpoint.functionName}`)),
        endpoint.findings.length > 0 ? endpoint.findings.join(', ') : '-',
        // An operation of an OpenAPI file is located in that file; a route whose API definition was not read says why its auth is unknown.
        endpoint.definition ? `${endpoint.definition.path}:${endpoint.definition.line + 1}` : `${endpoint.path}:${endpoint.line + 1}${endpoint.definitionNotRead ? ` (${endpoint.definitionNotRead})` : ''}`,
      ].map(clean),
    );
    out.push(...table(['METHOD', 'PATH', 'AUTH', 'FUNCTION', 'VALIDATION', 'HANDLER', 'FINDINGS', 'LOCATION'], rows));
  }

  // What each function's code calls, against what its role grants (only functions whose handler was read).
  const read = report.functions.filter((entry) => entry.status === 'file');
  if (read.length > 0) {
    out.push('', 'Functions');
    const rows = read.map((entry) =>
      [
        entry.functionName,
        entry.handler ? `${entry.handler.path} (${entry.handler.exportName})` : '-',
        entry.codeNotRead ? '?' : entry.actions ? actionsText(entry.actions) : 'no AWS call',
        entry.actionsNotGranted ? entry.actionsNotGranted.join(', ') : '-',
        entry.codeNotRead ? `not read (${entry.codeNotRead})` : entry.actionsIncomplete ? 'incomplete' : 'complete',
        `${entry.path}:${entry.line + 1}`,
      ].map(clean),
    );
    out.push(...table(['FUNCTION', 'HANDLER', 'CALLS', 'NOT GRANTED', 'CALLS READ', 'LOCATION'], rows));
  }
  return `${out.join('\n')}\n`;
}

/** Where the input is validated: at the edge (API Gateway), in the code, both, or nowhere; `?` when the template does not say. */
function validationText(endpoint: AuditReport['endpoints'][number]): string {
  const inCode = (endpoint.handler?.validators.length ?? 0) > 0;
  if (endpoint.edgeValidation === true) return inCode ? 'edge+code' : 'edge';
  if (inCode) return 'code';
  return endpoint.edgeValidation === false ? 'none' : '?';
}

function actionsText(actions: readonly string[]): string {
  return actions.length <= 4 ? actions.join(', ') : `${actions.slice(0, 4).join(', ')} and ${actions.length - 4} more`;
}

/** What the handler does: a token check in code, and the sinks event input reaches. `-` when no handler was read. */
function handlerText(endpoint: AuditReport['endpoints'][number], inventory: AuditReport['functions'][number] | undefined): string {
  const handler = endpoint.handler;
  if (!handler) return handlerNotRead(inventory) ?? '-';
  const parts: string[] = handler.inline ? ['inline code'] : [];
  if (handler.auth === 'verified') parts.push(handler.authFromAuthorizerContext ? `reads the authorizer's identity (${handler.authVia})` : `verifies token (${handler.authVia})`);
  if (handler.auth === 'unverified') parts.push(`decodes token unverified (${handler.authVia})`);
  if (handler.webApp) parts.push(`${handler.webApp.framework === 'fastify' ? 'Fastify' : handler.webApp.framework === 'koa' ? 'Koa' : handler.webApp.framework === 'nest' ? 'Nest' : handler.webApp.framework === 'hapi' ? 'Hapi' : 'Express'} app: ${webRoutesText(handler.webApp.routes)}`);
  parts.push(handler.sinks.length > 0 ? `reaches ${handler.sinks.join('/')}` : handler.analysisIncomplete ? 'no sink found' : 'no sink reached');
  if (handler.analysisIncomplete) parts.push(`analysis incomplete: ${handler.analysisIncomplete}`);
  if (handler.actions) parts.push(`calls ${handler.actions.length <= 3 ? handler.actions.join(', ') : `${handler.actions.slice(0, 3).join(', ')} and ${handler.actions.length - 3} more`}`);
  if (handler.actionsNotGranted) parts.push(`its role does not grant ${handler.actionsNotGranted.join(', ')}`);
  return parts.join('; ');
}

/**
 * Why the route's handler code was not read, from the functions inventory: a runtime not analysed, a path
 * that leaves the workspace or names no file, code the analysis ran out of time on. Undefined when it was read
 * (or when only the template was audited).
 */
export function handlerNotRead(inventory: AuditReport['functions'][number] | undefined): string | undefined {
  if (inventory?.status === 'unresolved' && inventory.reason) return `not read: ${inventory.reason}`;
  if (inventory?.codeNotRead) return `not read: ${inventory.codeNotRead}`;
  return undefined;
}

/** An app's routes for one line: the first four, and how many more. */
export function webRoutesText(routes: readonly string[]): string {
  return routes.length <= 4 ? routes.join(', ') : `${routes.slice(0, 4).join(', ')} and ${routes.length - 4} more`;
}

function placeText(place: LocatedPlace): string {
  return `${clean(place.path)}:${place.start.line + 1}:${place.start.character + 1}  ${clean(place.message)}`;
}

/**
 * The lines the CLI writes to stderr after the report: what was skipped and
 * why, and internal errors. Paths and reasons may hold a file name's control
 * characters, so they are escaped like the report.
 */
export function formatNotices(report: Pick<AuditReport, 'skipped' | 'internalErrors'>): string {
  const lines = [
    ...report.skipped.map((entry) => `slsward: skipped ${clean(entry.path)}: ${clean(entry.reason)}\n`),
    ...report.internalErrors.map((entry) => `slsward: internal error in ${clean(entry.path)}: ${clean(entry.message.split('\n')[0])}\n`),
  ];
  return lines.join('');
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

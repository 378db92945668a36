/**
 * The HTML report: one self-contained document (inline CSS and a small inline
 * script, no remote content) with the summary, a findings table and an endpoint
 * inventory that sort and filter, and a function inventory that sorts. The CLI writes it
 * with `--format html` and the editor's report panel shows the same document
 * (with `webview` set: a nonce in its CSP and a toolbar), so both say the same.
 * Every text that comes from a template or a file name is escaped here and
 * only here; the script reads data attributes and never builds HTML from text.
 */
import { createHash } from 'node:crypto';
import type { AuditReport, LocatedFinding } from '..';
import { escapeControlCharacters, handlerNotRead, summaryLine, webRoutesText } from './text';

export interface HtmlOptions {
  /**
   * Set by the editor's panel: its CSP allows the inline style and script by this nonce (the file
   * variant allows them by hash), rows post messages to the extension, and a toolbar offers refresh
   * and export. The report's content is the same either way.
   */
  webview?: { nonce: string; cspSource: string };
  /** Shown under the title (the CLI's version, the editor's workspace). */
  subtitle?: string;
}

const SEVERITY_ORDER = ['error', 'warning', 'info'] as const;
const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for an element's content or a double-quoted attribute: control characters (and the bidi
 * controls of "Trojan Source") become visible escapes, as in the text report, then the five
 * characters HTML gives meaning are entities. Nothing a template holds can open a tag, end an
 * attribute or hide text.
 */
export function escapeHtml(text: string): string {
  return escapeControlCharacters(String(text)).replace(/[&<>"']/g, (character) => ENTITIES[character]);
}

/** Only an https link to a rule's documentation becomes a link; anything else is text. */
function safeHref(url: string | undefined): string | undefined {
  return url !== undefined && /^https:\/\/[^\s"'<>]+$/.test(url) ? escapeHtml(url) : undefined;
}

export function formatHtml(report: AuditReport, options: HtmlOptions = {}): string {
  const body = renderBody(report, options);
  const csp = options.webview
    ? `default-src 'none'; img-src ${escapeHtml(options.webview.cspSource)} data:; style-src 'nonce-${escapeHtml(options.webview.nonce)}'; script-src 'nonce-${escapeHtml(options.webview.nonce)}';`
    : `default-src 'none'; img-src data:; style-src '${sha256(REPORT_CSS)}'; script-src '${sha256(REPORT_SCRIPT)}';`;
  const nonce = options.webview ? ` nonce="${escapeHtml(options.webview.nonce)}"` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Serverless Ward audit</title>',
    `<style${nonce}>${REPORT_CSS}</style>`,
    '</head>',
    `<body${options.webview ? ' class="webview"' : ''}>`,
    body,
    `<script${nonce}>${REPORT_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A CSP source for an inline block: the file variant has no nonce, so each block is allowed by its hash. */
function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function renderBody(report: AuditReport, options: HtmlOptions): string {
  const out: string[] = [];
  out.push('<header>', '<h1>Serverless Ward audit</h1>');
  if (options.subtitle) out.push(`<p class="subtitle">${escapeHtml(options.subtitle)}</p>`);
  if (options.webview) {
    // Buttons only post a message; the extension runs the audit or asks where to save.
    out.push(
      '<nav class="toolbar" aria-label="Report actions">',
      '<button type="button" data-action="refresh">Refresh</button>',
      '<span class="toolbar-label">Export:</span>',
      ...['markdown', 'html', 'sarif', 'json'].map((format) => `<button type="button" data-action="export" data-format="${format}">${format === 'markdown' ? 'Markdown' : format.toUpperCase()}</button>`),
      '</nav>',
    );
  }
  out.push('</header>', '<main>');
  if (report.cancelled) out.push('<p class="notice">The audit was cancelled; the results below are partial.</p>');
  out.push(`<p class="summary" id="summary-line">${escapeHtml(summaryLine(report))}</p>`);
  out.push(...renderSummary(report));
  out.push(...renderFindings(report));
  out.push(...renderEndpoints(report));
  out.push(...renderFunctions(report));
  out.push(...renderOtherSections(report));
  out.push('</main>');
  return out.join('\n');
}

function renderSummary(report: AuditReport): string[] {
  const out = ['<section id="summary" aria-label="Summary">', '<div class="cards">'];
  for (const severity of SEVERITY_ORDER) {
    const count = report.counts.bySeverity[severity] ?? 0;
    out.push(`<div class="card sev-${severity}"><span class="count">${count}</span><span class="label">${severity}</span></div>`);
  }
  out.push('</div>');
  out.push('<table class="categories"><thead><tr><th scope="col">Category</th><th scope="col" class="num">Findings</th></tr></thead><tbody>');
  for (const [category, count] of Object.entries(report.counts.byCategory)) {
    out.push(`<tr><td>${escapeHtml(category)}</td><td class="num">${count}</td></tr>`);
  }
  out.push('</tbody></table>', '</section>');
  return out;
}

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function select(name: string, label: string, values: string[]): string {
  const options = values.map((value) => `<option value="${escapeHtml(value)}">${escapeHtml(value)}</option>`).join('');
  return `<label>${label} <select data-filter="${name}"><option value="">All</option>${options}</select></label>`;
}

/**
 * A header that sorts its table by the rows' `data-<column>` attribute (severity by its rank); the
 * script compares those, never cell text it would parse, and numerically when `numeric` is set.
 * Its button makes it a control for the keyboard and screen readers; aria-sort says the order.
 */
function sortHeader(column: string, label: string, numeric = false): string {
  return `<th scope="col" data-sort="${column}"${numeric ? ' data-type="number"' : ''} aria-sort="none"><button type="button" class="sort">${label}</button></th>`;
}

/** The sort key of a location: by file, then numerically by line (and column). */
function locationKey(path: string, ...numbers: number[]): string {
  return [path, ...numbers.map((value) => String(value).padStart(9, '0'))].join('\u0000');
}

function renderFindings(report: AuditReport): string[] {
  const findings = report.findings;
  const out = ['<section id="findings" aria-labelledby="findings-title">', `<h2 id="findings-title">Findings</h2>`];
  if (findings.length === 0) {
    out.push('<p>No findings.</p>', '</section>');
    return out;
  }
  out.push(
    '<div class="filters">',
    select('severity', 'Severity', SEVERITY_ORDER.filter((severity) => findings.some((finding) => finding.severity === severity))),
    select('category', 'Category', distinct(findings.map((finding) => finding.category))),
    select('rule', 'Rule', distinct(findings.map((finding) => finding.ruleId))),
    select('file', 'File', distinct(findings.map((finding) => finding.path))),
    '<label>Search <input type="search" data-filter="text" placeholder="Text in any column"></label>',
    `<span class="shown" aria-live="polite" data-total="${findings.length}">${findings.length} of ${findings.length} shown</span>`,
    '</div>',
  );
  out.push(
    '<table class="findings sortable"><thead><tr>',
    sortHeader('severity', 'Severity'),
    sortHeader('rule', 'Rule'),
    sortHeader('category', 'Category'),
    sortHeader('location', 'Location'),
    sortHeader('message', 'Message'),
    '</tr></thead><tbody>',
  );
  findings.forEach((finding, index) => out.push(findingRow(finding, index)));
  out.push('</tbody></table>', '</section>');
  return out;
}

function findingRow(finding: LocatedFinding, index: number): string {
  const location = `${finding.path}:${finding.start.line + 1}:${finding.start.character + 1}`;
  const docs = safeHref(finding.docsUrl);
  const rule = docs ? `<a href="${docs}">${escapeHtml(finding.ruleId)}</a>` : escapeHtml(finding.ruleId);
  const details: string[] = [];
  if (finding.resource) details.push(`<div class="detail">Resource: ${escapeHtml(finding.resource)}</div>`);
  if (finding.equivalents.length > 0) details.push(`<div class="detail">Equivalents: ${escapeHtml(finding.equivalents.join(', '))}</div>`);
  for (const [position, step] of (finding.flow ?? []).entries()) {
    details.push(`<div class="detail">${position === 0 ? 'from' : '→'} ${escapeHtml(`${step.path}:${step.start.line + 1}`)} ${escapeHtml(step.message)}</div>`);
  }
  for (const place of finding.relatedPlaces ?? []) details.push(`<div class="detail">see ${escapeHtml(`${place.path}:${place.start.line + 1}`)} ${escapeHtml(place.message)}</div>`);
  const searchable = [finding.severity, finding.ruleId, finding.category, location, finding.message, finding.resource ?? '', ...finding.equivalents].join(' ').toLowerCase();
  const attributes = [
    `data-index="${index}"`,
    `data-severity="${escapeHtml(finding.severity)}"`,
    `data-severity-rank="${SEVERITY_RANK[finding.severity] ?? 3}"`,
    `data-category="${escapeHtml(finding.category)}"`,
    `data-rule="${escapeHtml(finding.ruleId)}"`,
    `data-file="${escapeHtml(finding.path)}"`,
    `data-line="${finding.start.line + 1}"`,
    `data-location="${escapeHtml(locationKey(finding.path, finding.start.line, finding.start.character))}"`,
    `data-message="${escapeHtml(finding.message.toLowerCase())}"`,
    `data-text="${escapeHtml(searchable)}"`,
  ].join(' ');
  return (
    `<tr class="finding" tabindex="0" title="Open ${escapeHtml(location)}" ${attributes}>` +
    `<td><span class="sev sev-${escapeHtml(finding.severity)}">${escapeHtml(finding.severity)}</span></td>` +
    `<td class="rule">${rule}</td>` +
    `<td>${escapeHtml(finding.category)}</td>` +
    `<td class="location">${escapeHtml(location)}</td>` +
    `<td>${escapeHtml(finding.message)}${details.join('')}</td>` +
    '</tr>'
  );
}

type Endpoint = AuditReport['endpoints'][number];

/** Where the input is validated, as the text report says it. */
function validationOf(endpoint: Endpoint): string {
  const inCode = (endpoint.handler?.validators.length ?? 0) > 0;
  if (endpoint.edgeValidation === true) return inCode ? `edge + code (${endpoint.handler?.validators.join(', ')})` : 'edge';
  if (inCode) return `code (${endpoint.handler?.validators.join(', ')})`;
  return endpoint.edgeValidation === false ? 'none' : 'unknown';
}

function renderEndpoints(report: AuditReport): string[] {
  const out = ['<section id="endpoints" aria-labelledby="endpoints-title">', '<h2 id="endpoints-title">Endpoint inventory</h2>'];
  if (report.endpoints.length === 0) {
    out.push('<p>No endpoints found.</p>', '</section>');
    return out;
  }
  // The handler's actions: from the route's handler summary, else from the function inventory.
  const functions = new Map(report.functions.map((entry) => [`${entry.path}\u0000${entry.functionName}`, entry]));
  const total = report.endpoints.length;
  out.push(
    '<div class="filters">',
    select('auth', 'Auth', distinct(report.endpoints.map((endpoint) => endpoint.auth))),
    // Its own name: the findings' search box is `data-filter="text"`, and each box filters its own section's table.
    '<label>Search <input type="search" data-filter="endpoint-text" placeholder="Text in any column"></label>',
    `<span class="endpoints-shown" aria-live="polite" data-total="${total}">${total} of ${total} shown</span>`,
    '</div>',
    '<table class="endpoints sortable"><thead><tr>',
    sortHeader('method', 'Method'),
    sortHeader('route', 'Path'),
    sortHeader('auth', 'Auth'),
    sortHeader('validation', 'Validation'),
    sortHeader('function-name', 'Function'),
    '<th scope="col">Handler</th>',
    sortHeader('iam-actions-count', 'IAM actions used', true),
    sortHeader('not-granted-count', 'Not granted', true),
    sortHeader('findings-count', 'Findings', true),
    sortHeader('location', 'Location'),
    '</tr></thead><tbody>',
  );
  report.endpoints.forEach((endpoint, index) => {
    const inventory = endpoint.functionName === undefined ? undefined : functions.get(`${endpoint.path}\u0000${endpoint.functionName}`);
    const actions = endpoint.handler?.actions ?? inventory?.actions;
    const notGranted = endpoint.handler?.actionsNotGranted ?? inventory?.actionsNotGranted;
    const auth = endpoint.authorizer ? `${endpoint.auth} (${endpoint.authorizer})` : endpoint.auth;
    const handler = endpoint.handler ?? inventory?.handler;
    const handlerParts: string[] = [];
    if (handler) handlerParts.push(endpoint.handler?.inline ? `inline code in ${handler.path}` : `${handler.path} (${handler.exportName})`);
    if (endpoint.handler?.auth === 'verified') handlerParts.push(endpoint.handler.authFromAuthorizerContext ? `reads the authorizer's identity (${endpoint.handler.authVia})` : `verifies a token (${endpoint.handler.authVia ?? 'in code'})`);
    if (endpoint.handler?.auth === 'unverified') handlerParts.push(`decodes a token without verifying it (${endpoint.handler.authVia ?? 'in code'})`);
    if (endpoint.handler?.webApp) handlerParts.push(`${endpoint.handler.webApp.framework === 'fastify' ? 'Fastify' : endpoint.handler.webApp.framework === 'koa' ? 'Koa' : endpoint.handler.webApp.framework === 'nest' ? 'Nest' : endpoint.handler.webApp.framework === 'hapi' ? 'Hapi' : 'Express'} app: ${webRoutesText(endpoint.handler.webApp.routes)}`);
    if (endpoint.handler) handlerParts.push(endpoint.handler.sinks.length > 0 ? `input reaches ${endpoint.handler.sinks.join(', ')}` : endpoint.handler.analysisIncomplete ? 'no sink found' : 'no sink reached');
    if (endpoint.handler?.analysisIncomplete) handlerParts.push(`analysis incomplete: ${endpoint.handler.analysisIncomplete}`);
    const notRead = endpoint.handler ? undefined : handlerNotRead(inventory);
    if (notRead) handlerParts.push(notRead);
    const location = `${endpoint.path}:${endpoint.line + 1}`;
    const validation = validationOf(endpoint);
    const cells = {
      actions: actions && actions.length > 0 ? actions.join(', ') : '—',
      notGranted: notGranted && notGranted.length > 0 ? notGranted.join(', ') : '—',
      findings: endpoint.findings.length > 0 ? endpoint.findings.join(', ') : '—',
    };
    const searchable = [endpoint.method, endpoint.route, auth, validation, endpoint.functionName ?? '', ...handlerParts, cells.actions, cells.notGranted, cells.findings, location].join(' ').toLowerCase();
    // The sort and filter keys; a route whose handler was not read counts no actions.
    const attributes = [
      `data-method="${escapeHtml(endpoint.method)}"`,
      `data-route="${escapeHtml(endpoint.route)}"`,
      `data-auth="${escapeHtml(endpoint.auth)}"`,
      `data-validation="${escapeHtml(validation)}"`,
      `data-function-name="${escapeHtml(endpoint.functionName ?? '')}"`,
      `data-iam-actions-count="${actions?.length ?? 0}"`,
      `data-not-granted-count="${notGranted?.length ?? 0}"`,
      `data-findings-count="${endpoint.findings.length}"`,
      `data-location="${escapeHtml(locationKey(endpoint.path, endpoint.line))}"`,
      `data-text="${escapeHtml(searchable)}"`,
    ].join(' ');
    out.push(
      `<tr class="endpoint" tabindex="0" title="Open ${escapeHtml(location)}" data-endpoint="${index}" data-file="${escapeHtml(endpoint.path)}" data-line="${endpoint.line + 1}" ${attributes}>` +
        `<td>${escapeHtml(endpoint.method)}</td>` +
        `<td>${escapeHtml(endpoint.route)}</td>` +
        `<td class="auth-${endpoint.auth === 'none' ? 'none' : 'some'}">${escapeHtml(auth)}</td>` +
        `<td>${escapeHtml(validation)}</td>` +
        `<td>${escapeHtml(endpoint.functionName ?? '—')}</td>` +
        `<td>${handlerParts.length > 0 ? handlerParts.map((part) => `<div>${escapeHtml(part)}</div>`).join('') : '—'}</td>` +
        `<td>${escapeHtml(cells.actions)}</td>` +
        `<td${cells.notGranted !== '—' ? ' class="not-granted"' : ''}>${escapeHtml(cells.notGranted)}</td>` +
        `<td>${escapeHtml(cells.findings)}</td>` +
        `<td class="location">${escapeHtml(location)}</td>` +
        '</tr>',
    );
  });
  out.push('</tbody></table>', '</section>');
  return out;
}

function renderFunctions(report: AuditReport): string[] {
  if (report.functions.length === 0) return [];
  const out = [
    '<section id="functions" aria-labelledby="functions-title">',
    '<h2 id="functions-title">Functions</h2>',
    '<table class="functions sortable"><thead><tr>',
    sortHeader('function-name', 'Function'),
    sortHeader('handler', 'Handler'),
    sortHeader('iam-actions-count', 'IAM actions used', true),
    sortHeader('not-granted-count', 'Not granted', true),
    '<th scope="col">Calls read</th>',
    sortHeader('location', 'Location'),
    '</tr></thead><tbody>',
  ];
  report.functions.forEach((entry, index) => {
    const handler = entry.handler ? `${entry.handler.path} (${entry.handler.exportName})` : entry.status === 'inline' ? 'inline code' : `not found${entry.reason ? `: ${entry.reason}` : ''}`;
    const actions = entry.codeNotRead ? '?' : entry.actions && entry.actions.length > 0 ? entry.actions.join(', ') : entry.status === 'file' ? 'no AWS call' : '—';
    const notGranted = entry.actionsNotGranted && entry.actionsNotGranted.length > 0 ? entry.actionsNotGranted.join(', ') : '—';
    const complete = entry.status !== 'file' ? '—' : entry.codeNotRead ? `not read: ${entry.codeNotRead}` : entry.actionsIncomplete ? `incomplete: ${entry.actionsIncomplete.join('; ')}` : 'complete';
    const location = `${entry.path}:${entry.line + 1}`;
    // Code that was not read has an unknown number of actions: it sorts below "none".
    const attributes = [
      `data-function-name="${escapeHtml(entry.functionName)}"`,
      `data-handler="${escapeHtml(handler)}"`,
      `data-iam-actions-count="${entry.codeNotRead ? -1 : (entry.actions?.length ?? 0)}"`,
      `data-not-granted-count="${entry.actionsNotGranted?.length ?? 0}"`,
      `data-location="${escapeHtml(locationKey(entry.path, entry.line))}"`,
    ].join(' ');
    out.push(
      `<tr class="function" tabindex="0" title="Open ${escapeHtml(location)}" data-function="${index}" data-file="${escapeHtml(entry.path)}" data-line="${entry.line + 1}" ${attributes}>` +
        `<td>${escapeHtml(entry.functionName)}</td><td>${escapeHtml(handler)}</td><td>${escapeHtml(actions)}</td>` +
        `<td${notGranted !== '—' ? ' class="not-granted"' : ''}>${escapeHtml(notGranted)}</td><td>${escapeHtml(complete)}</td><td class="location">${escapeHtml(location)}</td>` +
        '</tr>',
    );
  });
  out.push('</tbody></table>', '</section>');
  return out;
}

function renderOtherSections(report: AuditReport): string[] {
  const out: string[] = [];
  const list = (id: string, title: string, items: string[], intro?: string) => {
    if (items.length === 0) return;
    out.push(`<section id="${id}" aria-labelledby="${id}-title">`, `<h2 id="${id}-title">${title}</h2>`);
    if (intro) out.push(`<p>${intro}</p>`);
    out.push('<ul>', ...items.map((item) => `<li>${item}</li>`), '</ul>', '</section>');
  };
  list(
    'issues',
    'Problems reading the files',
    report.issues.map((issue) => `${escapeHtml(`${issue.path}:${issue.start.line + 1}:${issue.start.character + 1}`)} ${escapeHtml(issue.severity)}: ${escapeHtml(issue.message)}`),
    'Analysis used what parsed; findings after these may be missing.',
  );
  list(
    'suppressed',
    'Suppressed',
    report.suppressed.map((entry) => {
      // Another tool's suppression names the tool and the id it names, so reviewers see where the exception came from.
      const via = entry.tool ? `${entry.tool}${entry.toolRuleId ? ` ${entry.toolRuleId}` : ''} via ${entry.via}` : entry.via;
      return `${escapeHtml(entry.ruleId)} at ${escapeHtml(`${entry.path}:${entry.line + 1}`)} (${escapeHtml(via)}): ${escapeHtml(entry.reason)}`;
    }),
  );
  list('skipped', 'Skipped files', report.skipped.map((entry) => `${escapeHtml(entry.path)}: ${escapeHtml(entry.reason)}`));
  list(
    'internal-errors',
    'Internal errors',
    report.internalErrors.map((entry) => `${escapeHtml(entry.path)}: ${escapeHtml(entry.message.split('\n')[0])}`),
    'These are bugs in Serverless Ward.',
  );
  return out;
}

/**
 * Theme colours come from VS Code's `--vscode-*` variables in the panel; the fallbacks are what a
 * browser shows for the CLI's file.
 */
export const REPORT_CSS = `
body { font-family: var(--vscode-font-family, system-ui, sans-serif); font-size: var(--vscode-font-size, 14px); color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #ffffff); margin: 0 1.5em 2em; line-height: 1.4; }
h1 { font-size: 1.6em; margin: 0.8em 0 0.2em; }
h2 { font-size: 1.25em; margin: 1.6em 0 0.5em; border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); padding-bottom: 0.2em; }
.subtitle, .summary { color: var(--vscode-descriptionForeground, #57606a); margin: 0.2em 0; }
.notice { padding: 0.5em 0.8em; border-left: 3px solid var(--vscode-editorWarning-foreground, #9a6700); background: var(--vscode-textBlockQuote-background, #f6f8fa); }
.toolbar { display: flex; flex-wrap: wrap; gap: 0.4em; align-items: center; margin: 0.6em 0; }
.toolbar-label { margin-left: 0.8em; color: var(--vscode-descriptionForeground, #57606a); }
button { font: inherit; color: var(--vscode-button-foreground, #ffffff); background: var(--vscode-button-background, #0969da); border: 1px solid var(--vscode-button-border, transparent); padding: 0.25em 0.8em; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground, #0550ae); }
button[data-format] { color: var(--vscode-button-secondaryForeground, #1f2328); background: var(--vscode-button-secondaryBackground, #eaeef2); }
button[data-format]:hover { background: var(--vscode-button-secondaryHoverBackground, #d0d7de); }
.cards { display: flex; gap: 0.8em; margin: 0.8em 0; }
.card { border: 1px solid var(--vscode-panel-border, #d0d7de); border-radius: 4px; padding: 0.4em 1em; min-width: 5em; display: flex; flex-direction: column; align-items: center; }
.card .count { font-size: 1.6em; font-weight: 600; }
.sev-error .count, .sev.sev-error { color: var(--vscode-errorForeground, #cf222e); }
.sev-warning .count, .sev.sev-warning { color: var(--vscode-editorWarning-foreground, #9a6700); }
.sev-info .count, .sev.sev-info { color: var(--vscode-editorInfo-foreground, #0969da); }
.sev { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0; }
table.categories { width: auto; }
th, td { text-align: left; vertical-align: top; padding: 0.25em 0.6em; border-bottom: 1px solid var(--vscode-panel-border, #d0d7de); }
th { font-weight: 600; background: var(--vscode-editorWidget-background, #f6f8fa); position: sticky; top: 0; }
th[data-sort] { cursor: pointer; user-select: none; }
th button.sort { all: unset; cursor: pointer; }
th button.sort:focus-visible { outline: 1px solid var(--vscode-focusBorder, #0969da); outline-offset: 2px; }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
td.num, th.num { text-align: right; }
td { overflow-wrap: anywhere; }
td .sev { white-space: nowrap; }
@media (min-width: 700px) { td.rule { min-width: 11em; } td.location { min-width: 16em; } }
@media (min-width: 1100px) { td.rule { white-space: nowrap; } }
td.location { font-family: var(--vscode-editor-font-family, ui-monospace, monospace); }
tr.finding:hover, tr.endpoint:hover, tr.function:hover { background: var(--vscode-list-hoverBackground, #f3f4f6); }
body.webview tr.finding, body.webview tr.endpoint, body.webview tr.function { cursor: pointer; }
tr:focus { outline: 1px solid var(--vscode-focusBorder, #0969da); outline-offset: -1px; }
.detail { color: var(--vscode-descriptionForeground, #57606a); font-size: 0.9em; }
.not-granted, .auth-none { color: var(--vscode-errorForeground, #cf222e); }
.filters { display: flex; flex-wrap: wrap; gap: 0.8em; align-items: center; margin: 0.5em 0; }
select { max-width: 100%; }
select, input { font: inherit; color: var(--vscode-input-foreground, #1f2328); background: var(--vscode-input-background, #ffffff); border: 1px solid var(--vscode-input-border, #d0d7de); padding: 0.15em 0.3em; }
.shown, .endpoints-shown { color: var(--vscode-descriptionForeground, #57606a); }
a { color: var(--vscode-textLink-foreground, #0969da); }
`;

/**
 * Sorting and filtering over the rows' data attributes, and in the panel, messages to the extension.
 * It reads only attributes and sets only `hidden`, classes and `aria-sort`: it never writes HTML, so
 * the escaping above is the only escaping there is. It is a constant (the file's CSP allows it by hash).
 */
export const REPORT_SCRIPT = `
(function () {
  'use strict';
  var vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
  function all(list) { return Array.prototype.slice.call(list); }
  // Each sortable table (findings, endpoints, functions) has its own sort, and the filters and the
  // "N of M shown" of its own section. Its rows are kept in their original order for stable ties.
  var tables = all(document.querySelectorAll('table.sortable')).map(function (table) {
    var section = table.closest('section');
    return { name: section.id, table: table, rows: all(table.tBodies[0].rows), filters: all(section.querySelectorAll('[data-filter]')), shown: section.querySelector('[data-total]'), sort: null };
  });
  function applyFilters(entry) {
    // A select keeps the rows whose data-<name> is its value; a search box, those whose data-text holds its text.
    var tests = [];
    entry.filters.forEach(function (control) {
      var value = control.value.trim().toLowerCase();
      if (!value) return;
      if (control.tagName === 'INPUT') tests.push(function (row) { return row.getAttribute('data-text').indexOf(value) !== -1; });
      else {
        var attribute = 'data-' + control.getAttribute('data-filter');
        tests.push(function (row) { return (row.getAttribute(attribute) || '').toLowerCase() === value; });
      }
    });
    var visible = 0;
    entry.rows.forEach(function (row) {
      var keep = tests.every(function (test) { return test(row); });
      row.hidden = !keep;
      if (keep) visible++;
    });
    if (entry.shown) entry.shown.textContent = visible + ' of ' + entry.shown.getAttribute('data-total') + ' shown';
  }
  // A column sorts by the rows' data-<column> attribute, except severity, which sorts by its rank.
  var sortKeys = { severity: 'data-severity-rank' };
  function sortBy(entry, header, direction) {
    var column = header.getAttribute('data-sort');
    var key = sortKeys[column] || 'data-' + column;
    var numeric = header.getAttribute('data-type') === 'number';
    var descending = direction ? direction === 'descending' : header.getAttribute('aria-sort') === 'ascending';
    all(header.parentNode.children).forEach(function (other) { if (other.hasAttribute('data-sort')) other.setAttribute('aria-sort', 'none'); });
    header.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    // Each row's key is read once, and the rows go back in one move: thousands of rows sort at once.
    var keyed = entry.rows.map(function (row, index) {
      var value = row.getAttribute(key) || '';
      return { row: row, key: numeric ? Number(value) : value, index: index };
    });
    keyed.sort(function (a, b) {
      var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      return (descending ? -order : order) || a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item.row); });
    entry.table.tBodies[0].appendChild(fragment);
    entry.sort = { column: column, direction: descending ? 'descending' : 'ascending' };
    remember();
  }
  tables.forEach(function (entry) {
    entry.filters.forEach(function (control) { control.addEventListener(control.tagName === 'INPUT' ? 'input' : 'change', function () { applyFilters(entry); }); });
    all(entry.table.querySelectorAll('th[data-sort]')).forEach(function (header) {
      // The header's button gets Enter and Space from the browser as clicks.
      header.addEventListener('click', function () { sortBy(entry, header); });
    });
  });
  // The panel reloads this document when it is shown again or the report changes: each table's
  // filters and sort, and the scroll position, are kept in the webview's state and put back.
  function remember() {
    if (!vscode) return;
    var saved = {};
    tables.forEach(function (entry) {
      var values = {};
      entry.filters.forEach(function (control) { values[control.getAttribute('data-filter')] = control.value; });
      saved[entry.name] = { filters: values, sort: entry.sort };
    });
    vscode.setState({ tables: saved, scrollY: window.scrollY });
  }
  if (!vscode) return;
  function post(row) {
    if (row.hasAttribute('data-index')) vscode.postMessage({ type: 'openFinding', index: Number(row.getAttribute('data-index')) });
    else if (row.hasAttribute('data-endpoint')) vscode.postMessage({ type: 'openEndpoint', index: Number(row.getAttribute('data-endpoint')) });
    else if (row.hasAttribute('data-function')) vscode.postMessage({ type: 'openFunction', index: Number(row.getAttribute('data-function')) });
  }
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target.closest('a')) return;
    var button = target.closest('button[data-action]');
    if (button) { vscode.postMessage({ type: button.getAttribute('data-action'), format: button.getAttribute('data-format') || undefined }); return; }
    var row = target.closest('tr[data-index], tr[data-endpoint], tr[data-function]');
    if (row) post(row);
  });
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter') return;
    var row = event.target.closest && event.target.closest('tr[data-index], tr[data-endpoint], tr[data-function]');
    if (row) post(row);
  });
  var state = vscode.getState() || {};
  function savedOf(entry) { return (state.tables && state.tables[entry.name]) || {}; }
  // Every table's filters first: sorting saves the state, which must not lose a filter not put back yet.
  tables.forEach(function (entry) {
    var filters = savedOf(entry).filters;
    if (filters) entry.filters.forEach(function (control) { var value = filters[control.getAttribute('data-filter')]; if (typeof value === 'string') control.value = value; });
    applyFilters(entry);
  });
  tables.forEach(function (entry) {
    var sort = savedOf(entry).sort;
    if (!sort || (sort.direction !== 'ascending' && sort.direction !== 'descending')) return;
    // The saved column is compared, never put into a selector.
    var header = all(entry.table.querySelectorAll('th[data-sort]')).filter(function (candidate) { return candidate.getAttribute('data-sort') === sort.column; })[0];
    if (header) sortBy(entry, header, sort.direction);
  });
  // The webview lays the document out once it is shown; the scroll position is put back then.
  if (typeof state.scrollY === 'number' && state.scrollY > 0) {
    var scrollY = state.scrollY;
    var restore = function () { if (window.scrollY === 0 && document.documentElement.scrollHeight > scrollY) window.scrollTo(0, scrollY); };
    restore();
    window.addEventListener('load', restore);
    window.addEventListener('resize', restore, { once: true });
  }
  tables.forEach(function (entry) {
    entry.filters.forEach(function (control) {
      control.addEventListener('change', remember);
      control.addEventListener('input', remember);
    });
  });
  var scrollPending = false;
  window.addEventListener('scroll', function () {
    if (scrollPending) return;
    scrollPending = true;
    requestAnimationFrame(function () { scrollPending = false; remember(); });
  });
})();
`;

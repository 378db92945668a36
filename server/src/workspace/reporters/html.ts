/**
 * The HTML report: one self-contained document (inline CSS and a small inline
 * script, no remote content) with the summary, a findings table that sorts and
 * filters, the endpoint inventory and the function inventory. The CLI writes it
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
  // Each header names the data attribute its column sorts by; the script compares those, never cell text it would parse.
  // Its button makes it a control for the keyboard and screen readers; aria-sort says the order.
  out.push(
    '<table class="findings sortable"><thead><tr>',
    '<th scope="col" data-sort="severity" aria-sort="none"><button type="button" class="sort">Severity</button></th>',
    '<th scope="col" data-sort="rule" aria-sort="none"><button type="button" class="sort">Rule</button></th>',
    '<th scope="col" data-sort="category" aria-sort="none"><button type="button" class="sort">Category</button></th>',
    '<th scope="col" data-sort="location" aria-sort="none"><button type="button" class="sort">Location</button></th>',
    '<th scope="col" data-sort="message" aria-sort="none"><button type="button" class="sort">Message</button></th>',
    '</tr></thead><tbody>',
  );
  findings.forEach((finding, index) => out.push(findingRow(finding, index)));
  out.push('</tbody></table>', '</section>');
  return out;
}

function findingRow(finding: LocatedFinding, index: number): string {
  const location = `${finding.path}:${finding.start.line + 1}:${finding.start.character + 1}`;
  // The sort key of a location orders by file, then numerically by line and column.
  const locationKey = `${finding.path}\u0000${String(finding.start.line).padStart(9, '0')}\u0000${String(finding.start.character).padStart(9, '0')}`;
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
    `data-location="${escapeHtml(locationKey)}"`,
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
  out.push(
    '<table class="endpoints"><thead><tr>',
    '<th scope="col">Method</th><th scope="col">Path</th><th scope="col">Auth</th><th scope="col">Validation</th><th scope="col">Function</th>',
    '<th scope="col">Handler</th><th scope="col">IAM actions used</th><th scope="col">Not granted</th><th scope="col">Findings</th><th scope="col">Location</th>',
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
    out.push(
      `<tr class="endpoint" tabindex="0" title="Open ${escapeHtml(location)}" data-endpoint="${index}" data-file="${escapeHtml(endpoint.path)}" data-line="${endpoint.line + 1}">` +
        `<td>${escapeHtml(endpoint.method)}</td>` +
        `<td>${escapeHtml(endpoint.route)}</td>` +
        `<td class="auth-${endpoint.auth === 'none' ? 'none' : 'some'}">${escapeHtml(auth)}</td>` +
        `<td>${escapeHtml(validationOf(endpoint))}</td>` +
        `<td>${escapeHtml(endpoint.functionName ?? '—')}</td>` +
        `<td>${handlerParts.length > 0 ? handlerParts.map((part) => `<div>${escapeHtml(part)}</div>`).join('') : '—'}</td>` +
        `<td>${actions && actions.length > 0 ? escapeHtml(actions.join(', ')) : '—'}</td>` +
        `<td${notGranted && notGranted.length > 0 ? ' class="not-granted"' : ''}>${notGranted && notGranted.length > 0 ? escapeHtml(notGranted.join(', ')) : '—'}</td>` +
        `<td>${endpoint.findings.length > 0 ? escapeHtml(endpoint.findings.join(', ')) : '—'}</td>` +
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
    '<table class="functions"><thead><tr><th scope="col">Function</th><th scope="col">Handler</th><th scope="col">IAM actions used</th><th scope="col">Not granted</th><th scope="col">Calls read</th><th scope="col">Location</th></tr></thead><tbody>',
  ];
  report.functions.forEach((entry, index) => {
    const handler = entry.handler ? `${entry.handler.path} (${entry.handler.exportName})` : entry.status === 'inline' ? 'inline code' : `not found${entry.reason ? `: ${entry.reason}` : ''}`;
    const actions = entry.codeNotRead ? '?' : entry.actions && entry.actions.length > 0 ? entry.actions.join(', ') : entry.status === 'file' ? 'no AWS call' : '—';
    const notGranted = entry.actionsNotGranted && entry.actionsNotGranted.length > 0 ? entry.actionsNotGranted.join(', ') : '—';
    const complete = entry.status !== 'file' ? '—' : entry.codeNotRead ? `not read: ${entry.codeNotRead}` : entry.actionsIncomplete ? `incomplete: ${entry.actionsIncomplete.join('; ')}` : 'complete';
    const location = `${entry.path}:${entry.line + 1}`;
    out.push(
      `<tr class="function" tabindex="0" title="Open ${escapeHtml(location)}" data-function="${index}" data-file="${escapeHtml(entry.path)}" data-line="${entry.line + 1}">` +
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
.shown { color: var(--vscode-descriptionForeground, #57606a); }
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
  var table = document.querySelector('table.findings');
  var filters = Array.prototype.slice.call(document.querySelectorAll('[data-filter]'));
  var shown = document.querySelector('.shown');
  function rows() { return table ? Array.prototype.slice.call(table.tBodies[0].rows) : []; }
  function applyFilters() {
    var wanted = {};
    filters.forEach(function (control) { wanted[control.getAttribute('data-filter')] = control.value.trim().toLowerCase(); });
    var visible = 0;
    rows().forEach(function (row) {
      var keep = (!wanted.severity || row.getAttribute('data-severity') === wanted.severity)
        && (!wanted.category || row.getAttribute('data-category').toLowerCase() === wanted.category)
        && (!wanted.rule || row.getAttribute('data-rule').toLowerCase() === wanted.rule)
        && (!wanted.file || row.getAttribute('data-file').toLowerCase() === wanted.file)
        && (!wanted.text || row.getAttribute('data-text').indexOf(wanted.text) !== -1);
      row.hidden = !keep;
      if (keep) visible++;
    });
    if (shown) shown.textContent = visible + ' of ' + shown.getAttribute('data-total') + ' shown';
  }
  filters.forEach(function (control) { control.addEventListener(control.tagName === 'INPUT' ? 'input' : 'change', applyFilters); });
  var sortKeys = { severity: 'data-severity-rank', rule: 'data-rule', category: 'data-category', location: 'data-location', message: 'data-message' };
  var sorted = null;
  function sortBy(header, direction) {
    var key = sortKeys[header.getAttribute('data-sort')];
    var descending = direction ? direction === 'descending' : header.getAttribute('aria-sort') === 'ascending';
    Array.prototype.forEach.call(header.parentNode.children, function (other) { if (other.hasAttribute('data-sort')) other.setAttribute('aria-sort', 'none'); });
    header.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    // Each row's key is read once, and the rows go back in one move: thousands of rows sort at once.
    var entries = rows().map(function (row) { return { row: row, key: row.getAttribute(key), index: Number(row.getAttribute('data-index')) }; });
    entries.sort(function (a, b) {
      var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      return (descending ? -order : order) || a.index - b.index;
    });
    var fragment = document.createDocumentFragment();
    entries.forEach(function (entry) { fragment.appendChild(entry.row); });
    table.tBodies[0].appendChild(fragment);
    sorted = { column: header.getAttribute('data-sort'), direction: descending ? 'descending' : 'ascending' };
    remember();
  }
  Array.prototype.forEach.call(document.querySelectorAll('th[data-sort]'), function (header) {
    // The header's button gets Enter and Space from the browser as clicks.
    header.addEventListener('click', function () { sortBy(header); });
  });
  // The panel reloads this document when it is shown again or the report changes: the filters, the
  // sort and the scroll position are kept in the webview's state and put back.
  function remember() {
    if (!vscode) return;
    var values = {};
    filters.forEach(function (control) { values[control.getAttribute('data-filter')] = control.value; });
    vscode.setState({ filters: values, sort: sorted, scrollY: window.scrollY });
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
  if (state.filters) filters.forEach(function (control) { var value = state.filters[control.getAttribute('data-filter')]; if (typeof value === 'string') control.value = value; });
  applyFilters();
  var header = state.sort && typeof state.sort.column === 'string' ? document.querySelector('th[data-sort="' + state.sort.column.replace(/[^a-z]/g, '') + '"]') : null;
  if (header && (state.sort.direction === 'ascending' || state.sort.direction === 'descending')) sortBy(header, state.sort.direction);
  // The webview lays the document out once it is shown; the scroll position is put back then.
  if (typeof state.scrollY === 'number' && state.scrollY > 0) {
    var scrollY = state.scrollY;
    var restore = function () { if (window.scrollY === 0 && document.documentElement.scrollHeight > scrollY) window.scrollTo(0, scrollY); };
    restore();
    window.addEventListener('load', restore);
    window.addEventListener('resize', restore, { once: true });
  }
  filters.forEach(function (control) {
    control.addEventListener('change', remember);
    control.addEventListener('input', remember);
  });
  var scrollPending = false;
  window.addEventListener('scroll', function () {
    if (scrollPending) return;
    scrollPending = true;
    requestAnimationFrame(function () { scrollPending = false; remember(); });
  });
})();
`;

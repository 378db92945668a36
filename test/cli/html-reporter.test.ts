/**
 * The HTML report (`formatHtml`), which the CLI writes with `--format html` and
 * the editor's panel shows: every template-controlled string is escaped (tags,
 * quotes, control and bidi characters), the CSP allows exactly the inline
 * style and script, the rows carry the data the script sorts and filters by,
 * and the panel's variant has the same content as the file.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { escapeHtml, formatHtml, REPORT_CSS, REPORT_SCRIPT } from '../../server/src/workspace/reporters/html';
import { emptyReport, type AuditReport, type LocatedFinding } from '../../server/src/workspace/audit';

const HOSTILE = `<script>alert("x")</script>' onmouseover='y' \u001b[2J\r\n\u202eevil\u2066 &amp;`;

function finding(overrides: Partial<LocatedFinding>): LocatedFinding {
  return {
    ruleId: 'route-missing-auth',
    messageId: 'missing',
    message: 'GET /orders has no authorization',
    severity: 'warning',
    category: 'auth',
    range: { start: 10, end: 20 },
    resource: 'functions.list',
    equivalents: ['CKV_AWS_59'],
    docsUrl: 'https://github.com/serverless-ward/serverless-ward/blob/main/rules/auth/route-missing-auth.md',
    path: 'app/serverless.yml',
    start: { line: 11, character: 6 },
    end: { line: 11, character: 20 },
    ...overrides,
  } as LocatedFinding;
}

function sampleReport(): AuditReport {
  const report = emptyReport();
  report.files = ['app/serverless.yml', 'api/template.yaml'];
  report.findings = [
    finding({}),
    finding({ ruleId: 'iam-wildcard-action', severity: 'error', category: 'iam', message: 'Action * on *', path: 'api/template.yaml', start: { line: 3, character: 2 }, end: { line: 3, character: 9 }, resource: 'Role' }),
    finding({ ruleId: 'api-access-logging-disabled', severity: 'info', category: 'logging', message: HOSTILE, resource: HOSTILE, equivalents: [HOSTILE], docsUrl: 'javascript:alert(1)' }),
  ];
  report.counts.bySeverity = { error: 1, warning: 1, info: 1 };
  report.counts.byCategory = { ...report.counts.byCategory, auth: 1, iam: 1, logging: 1 };
  report.endpoints = [
    {
      kind: 'rest',
      method: 'GET',
      path: 'app/serverless.yml',
      route: `/orders/{id}"><img src=x onerror=alert(1)>`,
      auth: 'none',
      functionName: 'list',
      resource: 'functions.list',
      range: { start: 0, end: 1 },
      line: 11,
      findings: ['route-missing-auth'],
      edgeValidation: false,
      handler: { path: 'app/src/list.js', exportName: 'handler', auth: 'none', validators: [], sinks: ['sql'], actions: ['dynamodb:Query'], actionsNotGranted: ['dynamodb:Query'] },
    },
  ];
  report.functions = [
    { path: 'app/serverless.yml', line: 9, functionName: 'list', status: 'file', handler: { path: 'app/src/list.js', exportName: 'handler' }, actions: ['dynamodb:Query', 's3:GetObject'], actionsNotGranted: ['dynamodb:Query'] },
  ];
  report.suppressed = [];
  report.skipped = [{ path: `bad<b>.yaml`, reason: 'binary file' }];
  return report;
}

/** The document's text outside the inline style and script, which are constants. */
function markupOf(html: string): string {
  return html.replace(/<style[^>]*>[\s\S]*?<\/style>/, '').replace(/<script[^>]*>[\s\S]*?<\/script>/, '');
}

describe('escapeHtml', () => {
  it('turns the characters HTML gives meaning into entities', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('shows control and bidi characters as visible escapes, as the text report does', () => {
    assert.equal(escapeHtml('a\u001b[2Jb\rc\nd\u202ee\u2066f\u0085'), 'a\\x1b[2Jb\\rc\\nd\\u202ee\\u2066f\\x85');
  });
});

describe('formatHtml', () => {
  const html = formatHtml(sampleReport(), { subtitle: 'Serverless Ward 0.1.0' });
  const markup = markupOf(html);

  it('never lets template text open a tag, end an attribute or hide text', () => {
    assert.ok(!markup.includes('<script>alert'), 'a <script> tag from the template is in the markup');
    assert.ok(!markup.includes('<img'), 'an <img> tag from a route is in the markup');
    assert.ok(!/onmouseover='/.test(markup), 'a quote from the template ended an attribute');
    assert.ok(markup.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y&#39;'), 'the message is shown escaped');
    assert.ok(markup.includes('/orders/{id}&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'), 'the route is shown escaped');
    assert.ok(markup.includes('\\x1b[2J\\r\\n\\u202eevil\\u2066 &amp;amp;'), 'control characters are visible escapes, and & is escaped once');
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(html), 'a raw control character is in the document');
    assert.ok(markup.includes('bad&lt;b&gt;.yaml: binary file'), 'skipped file names are escaped');
    // Only one <script> element: the report's own.
    assert.equal(html.match(/<script\b/g)?.length, 1);
  });

  it('links rules only to https documentation', () => {
    assert.ok(markup.includes('<a href="https://github.com/serverless-ward/serverless-ward/blob/main/rules/auth/route-missing-auth.md">route-missing-auth</a>'));
    assert.ok(!markup.includes('javascript:'), 'a javascript: URL became a link');
    assert.ok(markup.includes('<td class="rule">api-access-logging-disabled</td>'), 'a rule without a safe link is plain text');
  });

  it('allows exactly its inline style and script in its CSP, and nothing remote', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp, 'no CSP');
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
    assert.equal(csp, `default-src 'none'; img-src data:; style-src ${hash(REPORT_CSS)}; script-src ${hash(REPORT_SCRIPT)};`);
    assert.ok(html.includes(`<style>${REPORT_CSS}</style>`));
    assert.ok(html.includes(`<script>${REPORT_SCRIPT}</script>`));
    assert.ok(!/\b(?:src|href)="(?:https?:)?\/\//.test(markup.replace(/<a href="https:[^"]+">/g, '')), 'something remote is loaded');
  });

  it('gives each finding row the data the script sorts and filters by', () => {
    const rows = [...markup.matchAll(/<tr class="finding"[^>]*>/g)].map((match) => match[0]);
    assert.equal(rows.length, 3);
    assert.match(rows[0], /data-index="0"/);
    assert.match(rows[0], /data-severity="warning" data-severity-rank="1" data-category="auth" data-rule="route-missing-auth" data-file="app\/serverless.yml" data-line="12"/);
    assert.match(rows[1], /data-severity="error" data-severity-rank="0" data-category="iam" data-rule="iam-wildcard-action" data-file="api\/template.yaml" data-line="4"/);
    // The search text holds every column, lower-cased, escaped like any attribute.
    assert.match(rows[2], /data-text="info api-access-logging-disabled logging app\/serverless.yml:12:7 &lt;script&gt;alert\(&quot;x&quot;\)/);
    for (const column of ['severity', 'rule', 'category', 'location', 'message']) assert.ok(markup.includes(`<th scope="col" data-sort="${column}" aria-sort="none"><button type="button" class="sort">`), `column ${column} does not sort`);
    // The filters offer the values present, sorted, severities in their order.
    assert.ok(markup.includes('<select data-filter="severity"><option value="">All</option><option value="error">error</option><option value="warning">warning</option><option value="info">info</option></select>'));
    assert.ok(markup.includes('<select data-filter="rule"><option value="">All</option><option value="api-access-logging-disabled">api-access-logging-disabled</option><option value="iam-wildcard-action">iam-wildcard-action</option><option value="route-missing-auth">route-missing-auth</option></select>'));
    assert.ok(markup.includes('<select data-filter="file"><option value="">All</option><option value="api/template.yaml">api/template.yaml</option><option value="app/serverless.yml">app/serverless.yml</option></select>'));
    assert.ok(markup.includes('<input type="search" data-filter="text"'));
    assert.ok(markup.includes('<span class="shown" aria-live="polite" data-total="3">3 of 3 shown</span>'));
  });

  it('has the summary by severity and category', () => {
    assert.ok(markup.includes('<p class="summary" id="summary-line">3 findings (1 error, 1 warning, 1 info) in 2 files; 1 skipped</p>'));
    assert.ok(markup.includes('<div class="card sev-error"><span class="count">1</span><span class="label">error</span></div>'));
    assert.ok(markup.includes('<tr><td>iam</td><td class="num">1</td></tr>'));
    assert.ok(markup.includes('<tr><td>transit</td><td class="num">0</td></tr>'));
  });

  it('lists the endpoints with auth, validation, function, handler, IAM actions and findings', () => {
    const row = /<tr class="endpoint"[^>]*>.*?<\/tr>/.exec(markup)?.[0];
    assert.ok(row);
    assert.match(row, /data-endpoint="0" data-file="app\/serverless.yml" data-line="12"/);
    const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((match) => match[1]);
    assert.deepEqual(cells, [
      'GET',
      '/orders/{id}&quot;&gt;&lt;img src=x onerror=alert(1)&gt;',
      'none',
      'none',
      'list',
      '<div>app/src/list.js (handler)</div><div>input reaches sql</div>',
      'dynamodb:Query',
      'dynamodb:Query',
      'route-missing-auth',
      'app/serverless.yml:12',
    ]);
  });

  it('sorts the endpoint inventory by its columns (counts numerically) and filters it by auth and text', () => {
    for (const [column, numeric] of [['method', false], ['route', false], ['auth', false], ['validation', false], ['function-name', false], ['iam-actions-count', true], ['not-granted-count', true], ['findings-count', true], ['location', false]] as const) {
      const header = `<th scope="col" data-sort="${column}"${numeric ? ' data-type="number"' : ''} aria-sort="none"><button type="button" class="sort">`;
      assert.ok(/<table class="endpoints sortable">.*<\/table>/s.exec(markup)?.[0].includes(header), `endpoint column ${column} does not sort`);
    }
    const row = /<tr class="endpoint"[^>]*>/.exec(markup)?.[0];
    assert.ok(row);
    assert.match(
      row,
      /data-line="12" data-method="GET" data-route="\/orders\/\{id\}&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;" data-auth="none" data-validation="none" data-function-name="list" data-iam-actions-count="1" data-not-granted-count="1" data-findings-count="1" data-location="app\/serverless.yml\\x00000000011" data-text="get \/orders/,
    );
    // Its own filters and count, named apart from the findings' (each filters its own section's table).
    const filters = /<section id="endpoints".*?<\/div>/s.exec(markup)?.[0] ?? '';
    assert.ok(filters.includes('<select data-filter="auth"><option value="">All</option><option value="none">none</option></select>'));
    assert.ok(filters.includes('<input type="search" data-filter="endpoint-text"'));
    assert.ok(filters.includes('<span class="endpoints-shown" aria-live="polite" data-total="1">1 of 1 shown</span>'));
  });

  it('sorts the functions by name, handler, action counts and location', () => {
    const table = /<table class="functions sortable">.*<\/table>/s.exec(markup)?.[0] ?? '';
    for (const [column, numeric] of [['function-name', false], ['handler', false], ['iam-actions-count', true], ['not-granted-count', true], ['location', false]] as const) {
      assert.ok(table.includes(`<th scope="col" data-sort="${column}"${numeric ? ' data-type="number"' : ''} aria-sort="none"><button type="button" class="sort">`), `function column ${column} does not sort`);
    }
    assert.match(table, /<tr class="function"[^>]* data-function="0" data-file="app\/serverless.yml" data-line="10" data-function-name="list" data-handler="app\/src\/list.js \(handler\)" data-iam-actions-count="2" data-not-granted-count="1" data-location="app\/serverless.yml\\x00000000009">/);
  });

  it('escapes a hostile route and function name in the sort and search attributes', () => {
    const report = sampleReport();
    report.endpoints[0] = { ...report.endpoints[0], route: HOSTILE, functionName: HOSTILE, method: `GET"'>` };
    report.functions[0] = { ...report.functions[0], functionName: HOSTILE };
    const hostile = markupOf(formatHtml(report));
    assert.ok(!hostile.includes('<script>alert'), 'a <script> tag from the template is in the markup');
    assert.ok(!/onmouseover='/.test(hostile), 'a quote from the template ended an attribute');
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&#39;y&#39; \\x1b[2J\\r\\n\\u202eevil\\u2066 &amp;amp;';
    const endpoint = /<tr class="endpoint"[^>]*>/.exec(hostile)?.[0] ?? '';
    assert.ok(endpoint.includes(`data-method="GET&quot;&#39;&gt;"`), endpoint);
    assert.ok(endpoint.includes(`data-route="${escaped}"`), endpoint);
    assert.ok(endpoint.includes(`data-function-name="${escaped}"`), endpoint);
    assert.ok(endpoint.includes(`data-text="get&quot;&#39;&gt; ${escaped.toLowerCase()}`), endpoint);
    const fn = /<tr class="function"[^>]*>/.exec(hostile)?.[0] ?? '';
    assert.ok(fn.includes(`data-function-name="${escaped}"`), fn);
    // Every attribute of every row is still one quoted value: nothing the template holds ended one.
    for (const tag of hostile.match(/<tr class="(?:endpoint|function)"[^>]*>/g) ?? []) assert.match(tag, /^<tr( [a-z-]+="[^"]*")*>$/);
  });

  it('lists the functions with the actions their code uses and those not granted', () => {
    const row = /<tr class="function"[^>]*>.*?<\/tr>/.exec(markup)?.[0];
    assert.ok(row);
    const cells = [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((match) => match[1]);
    assert.deepEqual(cells, ['list', 'app/src/list.js (handler)', 'dynamodb:Query, s3:GetObject', 'dynamodb:Query', 'complete', 'app/serverless.yml:10']);
  });

  it('says so when there is nothing to list', () => {
    const empty = markupOf(formatHtml(emptyReport()));
    assert.ok(empty.includes('<p>No findings.</p>'));
    assert.ok(empty.includes('<p>No endpoints found.</p>'));
    assert.ok(!empty.includes('id="functions"'));
  });

  it('has the same content in the panel, with a nonce, the webview CSP source and a toolbar', () => {
    const panel = formatHtml(sampleReport(), { subtitle: 'Serverless Ward 0.1.0', webview: { nonce: 'abcdefghijklmnop0123', cspSource: 'https://file+.vscode-resource.vscode-cdn.net' } });
    assert.ok(panel.includes(`content="default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net data:; style-src 'nonce-abcdefghijklmnop0123'; script-src 'nonce-abcdefghijklmnop0123';"`));
    assert.ok(panel.includes(`<style nonce="abcdefghijklmnop0123">${REPORT_CSS}</style>`));
    assert.ok(panel.includes(`<script nonce="abcdefghijklmnop0123">${REPORT_SCRIPT}</script>`));
    for (const format of ['markdown', 'html', 'sarif', 'json']) assert.ok(panel.includes(`data-action="export" data-format="${format}"`), `no ${format} export button`);
    assert.ok(panel.includes('data-action="refresh"'));
    const mainOf = (text: string) => /<main>[\s\S]*<\/main>/.exec(text)?.[0];
    assert.equal(mainOf(panel), mainOf(html));
    assert.ok(!markup.includes('data-action'), 'the file has no toolbar');
  });

  it('renders a large report in linear time', () => {
    const report = sampleReport();
    report.findings = Array.from({ length: 20_000 }, (_, index) => finding({ start: { line: index, character: 0 }, message: `finding ${index}` }));
    const started = process.hrtime.bigint();
    const big = formatHtml(report);
    const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(big.match(/<tr class="finding"/g)?.length, 20_000);
    // About 0.4 s here; a quadratic renderer would take minutes.
    assert.ok(milliseconds < 5_000, `took ${milliseconds} ms`);
  });
});

describe('the report script', () => {
  it('never writes HTML: it reads attributes and sets text, hidden and aria-sort only', () => {
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'Function(', 'setTimeout(']) {
      assert.ok(!REPORT_SCRIPT.includes(sink), `the script uses ${sink}`);
    }
    assert.ok(REPORT_SCRIPT.includes('textContent'));
  });
});

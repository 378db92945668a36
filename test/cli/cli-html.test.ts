/**
 * `slsward audit --format html`: one self-contained file with the same
 * findings, endpoints and functions as the JSON report, the same exit code,
 * template text escaped, and the option in `--help`.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertCleanError, runCli } from './helpers';

interface JsonReport {
  findings: Array<{ ruleId: string; severity: string; path: string; message: string; range: { start: { line: number; column: number } } }>;
  endpoints: Array<{ method: string; route: string; path: string; line: number }>;
  functions: Array<{ function: string; path: string; line: number }>;
}

/** Undoes `escapeHtml` for comparing cell text with the JSON report. */
function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

const HOSTILE_TEMPLATE = `service: "svc"
provider:
  name: aws
  runtime: nodejs20.x
functions:
  "x<script>alert(1)</script>":
    handler: handler.main
    events:
      - http:
          path: "/a'\\"><img src=x onerror=alert(2)>"
          method: get
`;

/** The machine is shared: a generous budget keeps a slow moment from skipping a file in one run and not the other. */
const PATIENT = { env: { SLSWARD_ANALYSIS_BUDGET_MS: '30000' } };

let folder: string;
before(() => {
  folder = mkdtempSync(join(tmpdir(), 'slsward-cli-html-'));
  writeFileSync(join(folder, 'serverless.yml'), HOSTILE_TEMPLATE);
});
after(() => rmSync(folder, { recursive: true, force: true }));

describe('slsward audit --format html', () => {
  it('has every finding, endpoint and function of the JSON report, and its exit code', async () => {
    const [htmlRun, jsonRun] = [await runCli(['audit', 'examples', '--format', 'html'], PATIENT), await runCli(['audit', 'examples', '--format', 'json'], PATIENT)];
    assert.equal(htmlRun.code, jsonRun.code);
    assert.equal(htmlRun.stderr, jsonRun.stderr);
    const json = JSON.parse(jsonRun.stdout) as JsonReport;
    const html = htmlRun.stdout;
    assert.ok(html.startsWith('<!DOCTYPE html>\n'));
    assert.ok(html.endsWith('</html>\n'));

    const rows = [...html.matchAll(/<tr class="finding"[^>]*data-rule="([^"]*)" data-file="([^"]*)" data-line="(\d+)"[^>]*>.*?<td class="location">([^<]*)<\/td><td>([^<]*)/g)];
    const fromHtml = rows.map((match) => `${unescape(match[4])} ${unescape(match[1])} ${unescape(match[5])}`);
    const fromJson = json.findings.map((finding) => `${finding.path}:${finding.range.start.line}:${finding.range.start.column} ${finding.ruleId} ${finding.message}`);
    assert.ok(fromJson.length > 10);
    assert.deepEqual(fromHtml, fromJson);

    const endpoints = [...html.matchAll(/<tr class="endpoint"[^>]*><td>([^<]*)<\/td><td>([^<]*)<\/td>.*?<td class="location">([^<]*)<\/td>/g)];
    assert.deepEqual(
      endpoints.map((match) => `${unescape(match[1])} ${unescape(match[2])} ${unescape(match[3])}`),
      json.endpoints.map((endpoint) => `${endpoint.method} ${endpoint.route} ${endpoint.path}:${endpoint.line}`),
    );
    const functions = [...html.matchAll(/<tr class="function"[^>]*><td>([^<]*)<\/td>.*?<td class="location">([^<]*)<\/td>/g)];
    assert.deepEqual(
      functions.map((match) => `${unescape(match[1])} ${unescape(match[2])}`),
      json.functions.map((entry) => `${entry.function} ${entry.path}:${entry.line}`),
    );
  });

  it('is self-contained: nothing loaded from elsewhere, inline style and script allowed by hash', async () => {
    const { stdout: html } = await runCli(['audit', 'examples', '--format', 'html'], PATIENT);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'sha256-[A-Za-z0-9+/]+=*'; script-src 'sha256-[A-Za-z0-9+/]+=*';">/);
    assert.ok(!/<(?:link|iframe|object|embed|img)\b/.test(html));
    assert.ok(!/<script[^>]+src=/.test(html));
    assert.equal(html.match(/<script\b/g)?.length, 1);
  });

  it('escapes what a template names, so a function or route name cannot add markup', async () => {
    const run = await runCli(['audit', '.', '--format', 'html', '--no-code'], { cwd: folder, ...PATIENT });
    assert.equal(run.code, 0, run.stderr);
    const markup = run.stdout.replace(/<script[^>]*>[\s\S]*?<\/script>/, '');
    assert.ok(!markup.includes('<script>alert'), 'the function name opened a script');
    assert.ok(!markup.includes('<img'), 'the route opened an img');
    assert.ok(markup.includes('x&lt;script&gt;alert(1)&lt;/script&gt;'), 'the function name is shown, escaped');
    assert.ok(markup.includes('/a&#39;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;'), 'the route is shown, escaped');
  });

  it('writes the file with --output', async () => {
    const target = join(folder, 'report.html');
    const run = await runCli(['audit', '.', '--format', 'html', '--output', target, '--no-code'], { cwd: folder, ...PATIENT });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    const written = readFileSync(target, 'utf8');
    assert.ok(written.includes('<h1>Serverless Ward audit</h1>'));
    assert.ok(written.includes('route-missing-auth'));
  });

  it('is documented in --help, and refused for rules', async () => {
    const help = await runCli(['--help']);
    assert.match(help.stdout, /--format text\|json\|sarif\|html/);
    const rules = await runCli(['rules', '--format', 'html']);
    assert.equal(rules.code, 2);
    assert.match(rules.stderr, /^slsward: --format must be text or json for rules, not 'html'\n/);
    assertCleanError(rules.stderr);
    const unknown = await runCli(['audit', 'examples', '--format', 'pdf']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--format must be one of text, json, sarif, html, not 'pdf'/);
  });
});

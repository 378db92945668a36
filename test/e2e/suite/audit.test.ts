// The workspace audit in a real VS Code: "Serverless Ward: Audit Workspace" returns the report and
// opens the report panel (a webview, no document to save); a row's message (the one a click posts)
// opens the file at the finding; the report exports to SARIF, HTML, JSON and Markdown at a path
// given to `slsward.exportAuditReport` (the save dialog's stand-in); the Serverless Endpoints view
// in the Explorer lists the routes by API and opens a route and a handler; and an edit that changes
// a template's findings re-runs the audit while the panel is open. The workspace is a copy of
// examples/ and test/e2e/fixtures/.
import * as assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, EXAMPLE_RULE_IDS, EXAMPLES, exampleUri, HANDLER_APP, openExample, revertAndCloseAll, TWO_APIS } from './helpers';

interface AuditFinding {
  ruleId: string;
  severity: string;
  category: string;
  path: string;
  message: string;
  start: { line: number; character: number };
  end: { line: number; character: number };
}

interface AuditEndpoint {
  kind: string;
  method: string;
  path: string;
  route: string;
  auth: string;
  line: number;
  findings: string[];
}

interface AuditReport {
  files: string[];
  findings: AuditFinding[];
  endpoints: AuditEndpoint[];
  suppressed: unknown[];
  counts: { bySeverity: Record<string, number>; byCategory: Record<string, number> };
}

type EndpointNode = { kind: 'group'; group: { label: string; path: string; id: string } } | { kind: 'endpoint'; index: number; endpoint: AuditEndpoint };

/** What the extension's `activate` returns (client/src/extension.ts `ExtensionApi`), as far as these tests use it. */
interface ExtensionApi {
  audits: { onDidAudit: vscode.Event<AuditReport>; report: AuditReport | undefined; auditDiagnostics(uri: vscode.Uri): readonly vscode.Diagnostic[] };
  reportPanel: { isOpen: boolean; report: AuditReport | undefined; onDidRender: vscode.Event<AuditReport>; receive(message: unknown): Promise<void> };
  endpoints: { getChildren(node?: EndpointNode): Promise<EndpointNode[]>; getTreeItem(node: EndpointNode): vscode.TreeItem };
  endpointsView: vscode.TreeView<EndpointNode>;
}

const REPORT_VIEW_TYPE = 'slsward.auditReport';
const sum = (values: Record<string, number>) => Object.values(values).reduce((total, value) => total + value, 0);

function reportTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(REPORT_VIEW_TYPE));
}

/**
 * Resolves with the active editor once it shows `uri` with its selection starting on `line` (any
 * line when absent), checking now and whenever the active editor or a selection changes. The file
 * may already be open elsewhere, so the document alone does not say that the command has landed.
 */
function waitForEditorAt(uri: vscode.Uri, line?: number, timeoutMs = 20_000): Promise<vscode.TextEditor> {
  return new Promise((resolveWait, rejectWait) => {
    const matches = (editor: vscode.TextEditor | undefined): editor is vscode.TextEditor =>
      editor?.document.uri.toString() === uri.toString() && (line === undefined || editor.selection.start.line === line);
    const check = () => {
      const editor = vscode.window.activeTextEditor;
      if (!matches(editor)) return;
      clearTimeout(timer);
      subscriptions.forEach((subscription) => subscription.dispose());
      resolveWait(editor);
    };
    const timer = setTimeout(() => {
      subscriptions.forEach((subscription) => subscription.dispose());
      const active = vscode.window.activeTextEditor;
      rejectWait(new Error(`Timed out waiting for ${uri.fsPath}${line === undefined ? '' : ` at line ${line + 1}`}; the active editor is ${active ? `${active.document.uri.fsPath} at line ${active.selection.start.line + 1}` : 'none'}.`));
    }, timeoutMs);
    const subscriptions = [vscode.window.onDidChangeActiveTextEditor(check), vscode.window.onDidChangeTextEditorSelection(check)];
    check();
  });
}

/** Resolves with the first value of `event` for which `predicate` holds, or rejects after `timeoutMs`. */
function waitForEvent<T>(event: vscode.Event<T>, predicate: (value: T) => boolean, what: string, timeoutMs = 45_000): Promise<T> {
  return new Promise((resolveWait, rejectWait) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      rejectWait(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolveWait(value);
    });
  });
}

/** The report panel's tab. The tab model reaches the extension host after the panel is created, so it may take a moment. */
async function waitForReportTab(): Promise<vscode.Tab> {
  const tab = reportTab();
  if (tab) return tab;
  await waitForEvent(vscode.window.tabGroups.onDidChangeTabs, () => reportTab() !== undefined, 'the report panel\'s tab', 20_000);
  return reportTab()!;
}

describe('audit command, report panel and Endpoints view', () => {
  let api: ExtensionApi;
  let report: AuditReport;
  const exported: string[] = [];

  before(async function () {
    api = (await activateExtension()).exports as ExtensionApi;
    assert.ok(api?.reportPanel, 'activate() returned no API');
    await revertAndCloseAll();
    report = (await vscode.commands.executeCommand('slsward.auditWorkspace')) as AuditReport;
    assert.ok(report, 'slsward.auditWorkspace returned nothing');
  });

  after(async () => {
    for (const file of exported) await rm(file, { force: true });
    await revertAndCloseAll();
    // With the panel closed and the view hidden, reverting the edit re-runs no audit under the next suites.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });

  it('returns the report object', () => {
    assert.ok(Array.isArray(report.files));
    assert.ok(Array.isArray(report.findings));
    assert.ok(Array.isArray(report.endpoints));
    for (const severity of ['error', 'warning', 'info']) {
      assert.equal(typeof report.counts.bySeverity[severity], 'number', `counts.bySeverity.${severity}`);
    }
    assert.equal(typeof report.counts.byCategory, 'object');
    assert.equal(sum(report.counts.bySeverity), report.findings.length, 'counts.bySeverity adds up to the findings');
    assert.equal(sum(report.counts.byCategory), report.findings.length, 'counts.byCategory adds up to the findings');
  });

  it('analyses every example file', () => {
    for (const example of Object.values(EXAMPLES)) {
      const path = exampleUri(example).fsPath;
      assert.ok(report.files.includes(path), `${example} is not in report.files:\n    ${report.files.join('\n    ')}`);
    }
  });

  it('finds every example rule in the insecure examples and nothing in the fixed ones', () => {
    for (const example of [EXAMPLES.serverlessInsecure, EXAMPLES.samInsecure, EXAMPLES.cloudFormationInsecure]) {
      const path = exampleUri(example).fsPath;
      const ruleIds = new Set(report.findings.filter((finding) => finding.path === path).map((finding) => finding.ruleId));
      for (const ruleId of EXAMPLE_RULE_IDS) assert.ok(ruleIds.has(ruleId), `${ruleId} missing for ${example}`);
    }
    for (const example of [EXAMPLES.serverlessFixed, EXAMPLES.samFixed, EXAMPLES.cloudFormationFixed]) {
      const path = exampleUri(example).fsPath;
      const findings = report.findings.filter((finding) => finding.path === path);
      assert.deepEqual(findings.map((finding) => `${finding.ruleId}: ${finding.message}`), [], `findings in ${example}`);
    }
    for (const finding of report.findings) {
      assert.ok(['error', 'warning', 'info'].includes(finding.severity), `severity of ${finding.ruleId}`);
      assert.ok((report.counts.byCategory[finding.category] ?? 0) > 0, `category ${finding.category} is counted`);
    }
  });

  it('lists the endpoints, with the open ones linked to their finding', () => {
    const serverless = exampleUri(EXAMPLES.serverlessInsecure).fsPath;
    const endpoints = report.endpoints.filter((endpoint) => endpoint.path === serverless);
    const describe = (endpoint: AuditEndpoint) => `${endpoint.method} ${endpoint.route}`;
    const getOrders = endpoints.find((endpoint) => endpoint.method === 'GET' && /^\/?orders$/.test(endpoint.route));
    assert.ok(getOrders, `GET orders missing from the inventory: ${endpoints.map(describe).join(', ')}`);
    assert.ok(getOrders.findings.includes('route-missing-auth'));
    const preflight = endpoints.find((endpoint) => endpoint.method === 'OPTIONS');
    assert.ok(preflight, `OPTIONS orders missing from the inventory: ${endpoints.map(describe).join(', ')}`);
    assert.ok(!preflight.findings.includes('route-missing-auth'), 'the CORS preflight route is open on purpose');
    const url = endpoints.find((endpoint) => endpoint.kind === 'url');
    assert.ok(url?.findings.includes('function-url-missing-auth'), 'the public function URL is in the inventory with its finding');
    for (const example of Object.values(EXAMPLES)) {
      const path = exampleUri(example).fsPath;
      assert.ok(report.endpoints.some((endpoint) => endpoint.path === path), `no endpoints for ${example}`);
    }
  });

  it('opens the report in a webview panel, with no document to save', async () => {
    const tab = await waitForReportTab();
    assert.equal(tab.label, 'Serverless Ward Audit');
    assert.ok(api.reportPanel.isOpen);
    assert.equal(api.reportPanel.report, report, 'the panel shows the report the command returned');
    const untitled = vscode.workspace.textDocuments.filter((document) => document.isUntitled || document.isDirty);
    assert.deepEqual(untitled.map((document) => document.uri.toString()), [], 'the audit left a document that asks to be saved');
  });

  it('opens the file at the finding when a row is clicked', async () => {
    const path = exampleUri(EXAMPLES.serverlessInsecure).fsPath;
    const index = report.findings.findIndex((finding) => finding.path === path && finding.ruleId === 'hardcoded-secret-in-environment');
    assert.ok(index >= 0, 'no hardcoded-secret-in-environment finding in the Serverless example');
    const finding = report.findings[index];
    const uri = vscode.Uri.file(finding.path);
    // The message the row's click handler posts (REPORT_SCRIPT in server/src/workspace/reporters/html.ts).
    await api.reportPanel.receive({ type: 'openFinding', index });
    const editor = await waitForEditorAt(uri, finding.start.line);
    assert.deepEqual(
      [editor.selection.start.line, editor.selection.start.character, editor.selection.end.line, editor.selection.end.character],
      [finding.start.line, finding.start.character, finding.end.line, finding.end.character],
    );
    assert.match(editor.document.lineAt(finding.start.line).text, /DB_PASSWORD|STRIPE_SECRET_KEY/);
    assert.ok(reportTab(), 'the panel closed');
  });

  it('keeps the audit findings of a file in Problems after its editor closes', async () => {
    const path = exampleUri(EXAMPLES.cloudFormationInsecure).fsPath;
    const uri = vscode.Uri.file(path);
    const expected = report.findings.filter((finding) => finding.path === path).length;
    assert.ok(expected > 0, 'no findings in the CloudFormation example');
    const fromAudit = () => api.audits.auditDiagnostics(uri).length;
    const waitForAudit = (count: number, what: string) => (fromAudit() === count ? Promise.resolve() : waitForEvent(vscode.languages.onDidChangeDiagnostics, () => fromAudit() === count, what, 20_000).then(() => undefined));
    await waitForAudit(expected, 'the audit findings of the CloudFormation example in Problems');
    // A row opens the file: its live diagnostics take over from the audit's copy.
    await api.reportPanel.receive({ type: 'openFinding', index: report.findings.findIndex((finding) => finding.path === path) });
    const editor = await waitForEditorAt(uri);
    await waitForAudit(0, 'the audit copy to give way to the live diagnostics');
    // Closing it drops the live diagnostics; the audit's findings must come back, not vanish.
    const tab = vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((candidate) => candidate.input instanceof vscode.TabInputText && candidate.input.uri.toString() === editor.document.uri.toString());
    assert.ok(tab);
    await vscode.window.tabGroups.close(tab);
    await waitForAudit(expected, 'the audit findings of the closed example back in Problems');
    const slsward = () => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'slsward').length;
    if (slsward() !== expected) await waitForEvent(vscode.languages.onDidChangeDiagnostics, () => slsward() === expected, 'Problems to hold the audit findings alone', 20_000);
  });

  it('exports SARIF, HTML, JSON and Markdown to the path it is given', async () => {
    const base = join(tmpdir(), `slsward-e2e-export-${process.pid}`);
    const write = async (format: string, extension: string) => {
      const target = `${base}.${extension}`;
      exported.push(target);
      const written = (await vscode.commands.executeCommand('slsward.exportAuditReport', format, vscode.Uri.file(target))) as vscode.Uri | undefined;
      assert.equal(written?.fsPath, target, `the ${format} export was not written`);
      return readFile(target, 'utf8');
    };
    const sarif = JSON.parse(await write('sarif', 'sarif')) as {
      version: string;
      runs: Array<{ tool: { driver: { name: string; rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }> }> }>;
    };
    assert.equal(sarif.version, '2.1.0');
    const [run] = sarif.runs;
    assert.equal(run.tool.driver.name, 'Serverless Ward');
    assert.ok(run.tool.driver.rules.some((rule) => rule.id === 'route-missing-auth'), 'the SARIF run describes the rules');
    assert.equal(run.results.length, report.findings.length + report.suppressed.length);
    // Paths are relative to the workspace folder, as the CLI's are to its working directory.
    const location = (finding: AuditFinding) => `${vscode.workspace.asRelativePath(finding.path, false)}:${finding.start.line + 1} ${finding.ruleId}`;
    const fromSarif = new Set(run.results.map((result) => `${decodeURIComponent(result.locations[0].physicalLocation.artifactLocation.uri)}:${result.locations[0].physicalLocation.region.startLine} ${result.ruleId}`));
    for (const finding of report.findings) assert.ok(fromSarif.has(location(finding)), `${location(finding)} is not in the SARIF export`);
    assert.ok(run.results.every((result) => result.locations[0].physicalLocation.artifactLocation.uriBaseId === '%SRCROOT%'));

    const html = await write('html', 'html');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.ok(html.includes('<h1>Serverless Ward audit</h1>'));
    assert.equal(html.match(/<tr class="finding"/g)?.length, report.findings.length);
    assert.ok(!html.includes('data-action="refresh"'), 'the exported file has the panel toolbar');
    const json = JSON.parse(await write('json', 'json')) as { findings: unknown[]; endpoints: unknown[] };
    assert.equal(json.findings.length, report.findings.length);
    assert.equal(json.endpoints.length, report.endpoints.length);
    const markdown = await write('markdown', 'md');
    assert.ok(markdown.startsWith('# Serverless Ward audit'));
    assert.ok(markdown.includes('serverless/insecure/serverless.yml'));
  });

  it('lists the endpoints by API in the Explorer, and opens a route and a handler', async () => {
    const shown = api.endpointsView.visible ? Promise.resolve() : waitForEvent(api.endpointsView.onDidChangeVisibility, (event) => event.visible, 'the Serverless Endpoints view to show', 20_000);
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.commands.executeCommand('slsward.endpoints.focus');
    await shown;
    assert.ok(api.endpointsView.visible, 'the Serverless Endpoints view is not visible');
    const groups = await api.endpoints.getChildren();
    const items = groups.map((node) => api.endpoints.getTreeItem(node));
    const describeGroups = items.map((item) => `${item.label} ${item.description}`);
    const serverlessRest = groups.find((node, index) => node.kind === 'group' && items[index].label === 'REST API' && items[index].description === EXAMPLES.serverlessInsecure);
    assert.ok(serverlessRest, `no REST API group for ${EXAMPLES.serverlessInsecure}: ${describeGroups.join('; ')}`);
    const routes = await api.endpoints.getChildren(serverlessRest);
    const routeItems = routes.map((node) => api.endpoints.getTreeItem(node));
    const getOrders = routeItems.find((item) => /^GET \/?orders$/.test(String(item.label)));
    assert.ok(getOrders, `no GET orders route: ${routeItems.map((item) => item.label).join(', ')}`);
    assert.match(String(getOrders.description), /^none · \d+ findings?$/);
    assert.equal(getOrders.contextValue?.startsWith('slsward.endpoint'), true);
    assert.equal(getOrders.command?.command, 'slsward.openRoute');
    // Every route of the report the view shows (the latest audit's) is in exactly one group.
    const shownReport = api.audits.report;
    assert.ok(shownReport);
    let count = 0;
    for (const group of groups) count += (await api.endpoints.getChildren(group)).length;
    const perFile = (from: AuditReport) => {
      const counts = new Map<string, number>();
      for (const endpoint of from.endpoints) counts.set(vscode.workspace.asRelativePath(endpoint.path), (counts.get(vscode.workspace.asRelativePath(endpoint.path)) ?? 0) + 1);
      return [...counts].map(([file, n]) => `${file}: ${n}`).join(', ');
    };
    console.log(`endpoints per file: first audit ${perFile(report)}; latest audit ${perFile(shownReport)}`);
    assert.equal(count, shownReport.endpoints.length, `the view's groups hold ${count} routes; its report has ${perFile(shownReport)}`);

    const node = routes[routeItems.indexOf(getOrders)];
    assert.equal(node.kind, 'endpoint');
    const templateUri = exampleUri(EXAMPLES.serverlessInsecure);
    // The template is already open (a finding's row opened it), at another line.
    await vscode.commands.executeCommand('slsward.openRoute', node);
    const routeEditor = await waitForEditorAt(templateUri, node.kind === 'endpoint' ? node.endpoint.line : -1);
    // The route's event: `- http:`, then `path: orders`.
    assert.match(routeEditor.document.lineAt(routeEditor.selection.start.line).text, /^\s*- http:\s*$/);

    const appGroup = groups.find((group, index) => group.kind === 'group' && items[index].description === HANDLER_APP.template);
    assert.ok(appGroup, `no group for ${HANDLER_APP.template}: ${describeGroups.join('; ')}`);
    const [convert] = await api.endpoints.getChildren(appGroup);
    assert.equal(api.endpoints.getTreeItem(convert).contextValue, 'slsward.endpoint.withHandler');
    await vscode.commands.executeCommand('slsward.openHandler', convert);
    // At the export: `exports.handler = async (event) => {` in the fixture.
    const handlerEditor = await waitForEditorAt(exampleUri(HANDLER_APP.handler));
    assert.match(handlerEditor.document.lineAt(handlerEditor.selection.start.line).text, /^exports\.handler = /);
  });

  it('shows each API of a template with several as its own group, and the tree renders them', async () => {
    await vscode.commands.executeCommand('slsward.endpoints.focus');
    const groups = await api.endpoints.getChildren();
    const template = exampleUri(TWO_APIS).fsPath;
    const labels = groups.filter((node) => node.kind === 'group' && node.group.path === template).map((node) => String(api.endpoints.getTreeItem(node).label));
    assert.deepEqual(labels.sort(), ['REST API AdminApi', 'REST API PublicApi']);
    // A repeated tree item id makes VS Code refuse the whole tree ("Element with id ... is already registered").
    const ids: string[] = [];
    for (const group of groups) {
      ids.push(String(api.endpoints.getTreeItem(group).id));
      for (const child of await api.endpoints.getChildren(group)) ids.push(String(api.endpoints.getTreeItem(child).id));
    }
    assert.equal(new Set(ids).size, ids.length, `repeated tree item ids: ${ids.filter((id, index) => ids.indexOf(id) !== index).join(', ')}`);
    const admin = groups.find((node) => node.kind === 'group' && node.group.path === template && api.endpoints.getTreeItem(node).label === 'REST API AdminApi');
    assert.ok(admin);
    const [route] = await api.endpoints.getChildren(admin);
    assert.match(String(api.endpoints.getTreeItem(route).description), /^iam \(AWS_IAM\) · /);
  });

  it('re-runs the audit when a template is created or deleted on disk, with no editor open on it', async () => {
    assert.ok(api.reportPanel.isOpen, 'the panel is not open');
    const folder = exampleUri('added-on-disk').fsPath;
    const template = join(folder, 'serverless.yml');
    const hasRoute = (from: AuditReport) => from.endpoints.some((endpoint) => endpoint.path === template && endpoint.route.replace(/^\//, '') === 'added-on-disk');
    const added = waitForEvent(api.audits.onDidAudit, hasRoute, 'an audit that lists the route of a template written on disk');
    await mkdir(folder, { recursive: true });
    try {
      await writeFile(template, ['service: added', 'provider:', '  name: aws', '  runtime: nodejs20.x', 'functions:', '  hello:', '    handler: handler.hello', '    events:', '      - http:', '          path: added-on-disk', '          method: get', ''].join('\n'));
      await added;
      const removed = waitForEvent(api.audits.onDidAudit, (next) => !hasRoute(next), 'an audit without the route of the deleted template');
      await rm(folder, { recursive: true, force: true });
      await removed;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('re-runs the audit when an edit changes the findings while the panel is open', async () => {
    assert.ok(api.reportPanel.isOpen, 'the panel is not open');
    const editor = await openExample(EXAMPLES.serverlessInsecure);
    const path = editor.document.uri.fsPath;
    const secrets = (from: AuditReport) => from.findings.filter((finding) => finding.path === path && finding.ruleId === 'hardcoded-secret-in-environment').length;
    const before = secrets(api.audits.report ?? report);
    assert.ok(before > 0);
    const line = editor.document.getText().split('\n').findIndex((text) => text.includes('DB_PASSWORD: hunter2'));
    assert.ok(line >= 0);
    // The panel re-renders after the audit: wait for it to show a report without the edited secret.
    const rendered = waitForEvent(api.reportPanel.onDidRender, (next) => secrets(next) === before - 1, 'the panel to show an audit that re-ran after the edit');
    const text = editor.document.lineAt(line).text;
    try {
      const edited = await editor.edit((builder) => builder.replace(editor.document.lineAt(line).range, text.replace(/hunter2-prod-Pa55/, '${ssm:/orders/db-password}')));
      assert.ok(edited);
      const next = await rendered;
      assert.equal(api.reportPanel.report, next, 'the panel shows the new report');
    } finally {
      // The next suites read this example from disk: put the text back before anything else.
      await vscode.window.showTextDocument(editor.document, { preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
      assert.equal(editor.document.isDirty, false, 'the edited example could not be reverted');
      assert.ok(editor.document.getText().includes('hunter2-prod-Pa55'));
    }
  });
});

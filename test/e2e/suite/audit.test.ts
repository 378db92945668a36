// The "Serverless Ward: Audit Workspace" command in a real VS Code: it returns the report object
// and opens the Markdown report in an editor. The workspace is a copy of examples/.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXAMPLE_RULE_IDS, EXAMPLES, exampleUri, revertAndCloseAll } from './helpers';

interface AuditFinding {
  ruleId: string;
  severity: string;
  category: string;
  path: string;
  message: string;
}

interface AuditEndpoint {
  kind: string;
  method: string;
  path: string;
  route: string;
  auth: string;
  findings: string[];
}

interface AuditReport {
  files: string[];
  findings: AuditFinding[];
  endpoints: AuditEndpoint[];
  counts: { bySeverity: Record<string, number>; byCategory: Record<string, number> };
}

const sum = (values: Record<string, number>) => Object.values(values).reduce((total, value) => total + value, 0);

describe('audit command', () => {
  let report: AuditReport;
  let reportEditor: vscode.TextEditor | undefined;
  let reportTabLabel: string | undefined;

  before(async function () {
    await activateExtension();
    await revertAndCloseAll();
    const opened = new Promise<vscode.TextEditor>((resolveOpened) => {
      const subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor?.document.languageId === 'markdown') {
          subscription.dispose();
          resolveOpened(editor);
        }
      });
    });
    report = (await vscode.commands.executeCommand('slsward.auditWorkspace')) as AuditReport;
    assert.ok(report, 'slsward.auditWorkspace returned nothing');
    // The command resolves after showing the report; the event may already have fired.
    const active = vscode.window.activeTextEditor;
    reportEditor = active?.document.languageId === 'markdown' ? active : await opened;
    reportTabLabel = vscode.window.tabGroups.activeTabGroup.activeTab?.label;
  });

  after(async () => {
    await revertAndCloseAll();
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
    // Every app has endpoints, and the fixed apps' endpoints carry no route finding.
    for (const example of Object.values(EXAMPLES)) {
      const path = exampleUri(example).fsPath;
      assert.ok(report.endpoints.some((endpoint) => endpoint.path === path), `no endpoints for ${example}`);
    }
  });

  it('opens the Markdown report in an editor', () => {
    assert.ok(reportEditor, 'no report editor');
    const text = reportEditor.document.getText();
    assert.equal(reportEditor.document.languageId, 'markdown');
    assert.ok(text.includes('Serverless Ward audit'), 'the report has its title');
    assert.ok(text.includes('Endpoint inventory'), 'the report has the endpoint inventory');
    assert.ok(reportTabLabel?.includes('Serverless Ward audit'), `the editor title is "${reportTabLabel}"`);
    // The report names the insecure files and the rules it found.
    assert.ok(text.includes('route-missing-auth'));
  });
});

/**
 * The "Serverless Endpoints" tree view in the Explorer: the audit's endpoint
 * inventory grouped by API (a template's REST APIs, HTTP APIs, function
 * URLs and Application Load Balancers; an API named when the template has several of its kind), each route with its auth and findings, and "Open Route" / "Open
 * Handler" on it. It runs the audit when first revealed and follows every
 * later report; a context key drives its welcome content when the workspace
 * has no templates or no endpoints.
 */
import * as vscode from 'vscode';
import type { AuditService } from './audit-command';
import { displayPath } from './audit-command';
import type { AuditReport, ReportEndpoint } from './protocol';
import { openAt, openHandler } from './report-panel';
import { actionsOfEndpoint, findingsOfEndpoint, groupEndpoints, worstSeverity, type EndpointGroup } from './report-model';

export const ENDPOINTS_VIEW_ID = 'slsward.endpoints';
/** `noTemplates`, `noEndpoints`, `failed`, or unset before the first audit (package.json's viewsWelcome reads it). */
export const ENDPOINTS_STATE_KEY = 'slsward.endpointsState';

export type EndpointNode = { kind: 'group'; group: EndpointGroup } | { kind: 'endpoint'; index: number; endpoint: ReportEndpoint };

const SEVERITY_ICONS: Record<string, { icon: string; color: string }> = {
  error: { icon: 'error', color: 'problemsErrorIcon.foreground' },
  warning: { icon: 'warning', color: 'problemsWarningIcon.foreground' },
  info: { icon: 'info', color: 'problemsInfoIcon.foreground' },
};

export class EndpointsProvider implements vscode.TreeDataProvider<EndpointNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<EndpointNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private report: AuditReport | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly audits: AuditService) {
    this.disposables.push(
      audits.onDidAudit((report) => {
        this.report = report;
        void this.setState(report);
        this.changed.fire(undefined);
      }),
    );
  }

  async getChildren(node?: EndpointNode): Promise<EndpointNode[]> {
    if (!node) {
      // The first reveal runs the audit; later ones show the latest report.
      const report = this.report ?? (await this.audits.ensureReport());
      if (!report) {
        await vscode.commands.executeCommand('setContext', ENDPOINTS_STATE_KEY, 'failed');
        return [];
      }
      this.report = report;
      await this.setState(report);
      return groupEndpoints(report).map((group) => ({ kind: 'group', group }));
    }
    if (node.kind === 'group' && this.report) {
      const report = this.report;
      return node.group.endpoints.map((index) => ({ kind: 'endpoint', index, endpoint: report.endpoints[index] }));
    }
    return [];
  }

  getTreeItem(node: EndpointNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = displayPath(node.group.path);
      item.tooltip = `${node.group.label} of ${node.group.path}: ${node.group.endpoints.length} ${node.group.endpoints.length === 1 ? 'endpoint' : 'endpoints'}`;
      item.iconPath = new vscode.ThemeIcon(node.group.kind === 'url' ? 'link' : node.group.kind === 'alb' ? 'server' : node.group.kind === 'graphql' ? 'symbol-structure' : 'globe');
      item.contextValue = 'slsward.api';
      // Several APIs of one kind in a template are several groups: the id names the API too (a repeated id breaks the whole tree).
      item.id = node.group.id;
      return item;
    }
    const { endpoint } = node;
    const report = this.report;
    const findings = report ? findingsOfEndpoint(report, endpoint) : [];
    const worst = worstSeverity(findings);
    const actions = report ? actionsOfEndpoint(report, endpoint) : { used: [], notGranted: [] };
    const auth = endpoint.authorizer ? `${endpoint.auth} (${endpoint.authorizer})` : endpoint.auth;
    const count = endpoint.findings.length;
    const item = new vscode.TreeItem(`${endpoint.method} ${endpoint.route}`, vscode.TreeItemCollapsibleState.None);
    item.description = `${auth} · ${count === 0 ? 'no findings' : `${count} ${count === 1 ? 'finding' : 'findings'}`}`;
    const icon = count === 0 ? { icon: 'pass', color: 'testing.iconPassed' } : SEVERITY_ICONS[worst ?? 'warning'];
    item.iconPath = new vscode.ThemeIcon(icon.icon, new vscode.ThemeColor(icon.color));
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendText(`${endpoint.method} ${endpoint.route}\n\n`);
    tooltip.appendText(`Auth: ${auth}\n`);
    tooltip.appendText(`Validation: ${endpoint.edgeValidation === true ? 'at the edge' : endpoint.edgeValidation === false ? 'none at the edge' : 'unknown'}\n`);
    tooltip.appendText(`Function: ${endpoint.functionName ?? 'unknown'}\n`);
    if (actions.handlerPath) tooltip.appendText(`Handler: ${displayPath(actions.handlerPath)}${actions.exportName ? ` (${actions.exportName})` : ''}\n`);
    if (actions.used.length > 0) tooltip.appendText(`IAM actions used: ${actions.used.join(', ')}\n`);
    if (actions.notGranted.length > 0) tooltip.appendText(`Not granted by its role: ${actions.notGranted.join(', ')}\n`);
    tooltip.appendText(`Findings: ${count === 0 ? 'none' : endpoint.findings.join(', ')}\n`);
    tooltip.appendText(`${displayPath(endpoint.path)}:${endpoint.line + 1}`);
    item.tooltip = tooltip;
    item.contextValue = actions.handlerPath ? 'slsward.endpoint.withHandler' : 'slsward.endpoint';
    item.id = `endpoint:${endpoint.path}:${endpoint.line}:${endpoint.method}:${endpoint.route}:${node.index}`;
    item.command = { command: 'slsward.openRoute', title: 'Open Route', arguments: [node] };
    return item;
  }

  /** The tree's top level as the view shows it (tests read it through the provider). */
  async roots(): Promise<EndpointNode[]> {
    return this.getChildren();
  }

  private async setState(report: AuditReport): Promise<void> {
    const state = report.files.length === 0 ? 'noTemplates' : report.endpoints.length === 0 ? 'noEndpoints' : 'endpoints';
    await vscode.commands.executeCommand('setContext', ENDPOINTS_STATE_KEY, state);
  }

  /** "Open Route": the template at the route's declaration. */
  async openRoute(node: EndpointNode | undefined): Promise<void> {
    if (node?.kind !== 'endpoint') return;
    await openAt(node.endpoint.path, new vscode.Range(node.endpoint.line, 0, node.endpoint.line, 0));
  }

  /** "Open Handler": the handler file at its export. */
  async openHandler(node: EndpointNode | undefined): Promise<void> {
    if (node?.kind !== 'endpoint') return;
    const actions = this.report ? actionsOfEndpoint(this.report, node.endpoint) : undefined;
    if (!actions?.handlerPath) {
      void vscode.window.showInformationMessage(`Serverless Ward: the handler of ${node.endpoint.method} ${node.endpoint.route} was not found in the workspace.`);
      return;
    }
    await openHandler(actions.handlerPath, actions.exportName);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

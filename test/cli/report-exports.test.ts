/**
 * What the editor's report panel and Endpoints view build on, outside VS Code:
 * `slsward/formatAuditReport` (the server's handler) writes the CLI's files,
 * refuses malformed reports with a message, and the client's pure helpers
 * (display paths, grouping by API, an endpoint's findings and actions, a
 * handler's export line) hold.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { ResponseError } from 'vscode-languageserver/node';
import { actionsOfEndpoint, displayReport, exportLine, findingsOfEndpoint, groupEndpoints, worstSeverity } from '../../client/src/report-model';
import type { AuditReport as ClientReport } from '../../client/src/protocol';
import { allRules, codeRules } from '../../rules';
import { formatHtml } from '../../server/src/workspace/reporters/html';
import { formatJson } from '../../server/src/workspace/reporters/json';
import { formatSarif } from '../../server/src/workspace/reporters/sarif';
import { formatAuditReport, mergeReports } from '../../server/src/lsp/audit';
import { emptyReport, type AuditReport, type LocatedFinding } from '../../server/src/workspace/audit';
import { validateSarif } from './sarif-validate';

function finding(overrides: Partial<LocatedFinding>): LocatedFinding {
  return {
    ruleId: 'route-missing-auth',
    messageId: 'missing',
    message: 'GET /orders has no authorization',
    severity: 'warning',
    category: 'auth',
    range: { start: 10, end: 20 },
    resource: 'functions.list',
    equivalents: [],
    docsUrl: 'https://github.com/serverless-ward/serverless-ward/blob/main/rules/auth/route-missing-auth.md',
    path: '/ws/app/serverless.yml',
    start: { line: 11, character: 6 },
    end: { line: 11, character: 20 },
    ...overrides,
  } as LocatedFinding;
}

function sampleReport(): AuditReport {
  const report = emptyReport();
  report.files = ['/ws/app/serverless.yml', '/ws/api/template.yaml'];
  report.findings = [
    finding({ relatedPlaces: [{ path: '/ws/app/src/list.js', start: { line: 1, character: 0 }, end: { line: 1, character: 5 }, message: 'handler' }] }),
    finding({ ruleId: 'iam-wildcard-action', severity: 'error', category: 'iam', resource: 'functions.list', start: { line: 20, character: 0 }, end: { line: 20, character: 3 } }),
    finding({ ruleId: 'iam-wildcard-action', severity: 'error', category: 'iam', path: '/ws/api/template.yaml', resource: 'Role' }),
  ];
  report.counts.bySeverity = { error: 2, warning: 1, info: 0 };
  report.counts.byCategory = { ...report.counts.byCategory, auth: 1, iam: 2 };
  const endpoint = (overrides: Partial<AuditReport['endpoints'][number]>): AuditReport['endpoints'][number] => ({
    kind: 'rest',
    method: 'GET',
    path: '/ws/app/serverless.yml',
    route: '/orders',
    auth: 'none',
    functionName: 'list',
    resource: 'functions.list',
    range: { start: 0, end: 1 },
    line: 11,
    findings: ['iam-wildcard-action', 'route-missing-auth'],
    ...overrides,
  });
  report.endpoints = [
    endpoint({}),
    endpoint({ kind: 'url', method: '*', route: '/', findings: [], line: 30 }),
    endpoint({ kind: 'http', method: 'POST', route: '/items', auth: 'jwt', authorizer: 'cognito', findings: [], line: 25, handler: { path: '/ws/app/src/items.js', exportName: 'create', auth: 'verified', authVia: 'jose', validators: ['zod'], sinks: [], actions: ['dynamodb:PutItem'], actionsNotGranted: [] } }),
    endpoint({ path: '/ws/api/template.yaml', route: '/health', functionName: 'Health', resource: 'Health', findings: [], line: 4 }),
    endpoint({ method: 'DELETE', route: '/orders/{id}', line: 14, findings: [] }),
  ];
  report.functions = [{ path: '/ws/app/serverless.yml', line: 9, functionName: 'list', status: 'file', handler: { path: '/ws/app/src/list.js', exportName: 'handler' }, actions: ['dynamodb:Query'], actionsNotGranted: ['dynamodb:Query'] }];
  return report;
}

describe('slsward/formatAuditReport', () => {
  it('writes what the CLI reporters write', async () => {
    const report = sampleReport();
    assert.equal((await formatAuditReport({ report, format: 'html', subtitle: 'x' }, '1.2.3')).text, formatHtml(report, { subtitle: 'x' }));
    assert.equal((await formatAuditReport({ report, format: 'json' }, '1.2.3')).text, formatJson(report));
    const sarif = (await formatAuditReport({ report, format: 'sarif' }, '1.2.3')).text;
    assert.equal(sarif, formatSarif(report, { toolVersion: '1.2.3', rules: [...allRules.map((rule) => rule.meta), ...codeRules.map((rule) => rule.meta)] }));
    // The panel exports paths relative to the workspace folder, as the CLI does from its working directory.
    const relative = displayReport(report as unknown as ClientReport, (path) => path.replace('/ws/', '')) as unknown as AuditReport;
    const { results } = validateSarif(JSON.parse((await formatAuditReport({ report: relative, format: 'sarif' }, '1.2.3')).text));
    assert.equal(results.length, 3);
  });

  it('renders the panel variant with the nonce it is given', async () => {
    const { text } = await formatAuditReport({ report: sampleReport(), format: 'html', webview: { nonce: 'Zm9vYmFyYmF6cXV4MTIzNDU2', cspSource: 'vscode-webview://x' } }, '1');
    assert.ok(text.includes(`script-src 'nonce-Zm9vYmFyYmF6cXV4MTIzNDU2'`));
    assert.ok(text.includes('data-action="refresh"'));
  });

  it('fills what an older client leaves out of the report', async () => {
    const report: Partial<AuditReport> = { ...sampleReport() };
    delete report.functions;
    delete (report as { issues?: unknown }).issues;
    const { text } = await formatAuditReport({ report: report as AuditReport, format: 'json' }, '1');
    assert.deepEqual(JSON.parse(text).functions, []);
  });

  it('refuses a malformed request with a message, never a crash', async () => {
    const refusals: Array<[unknown, RegExp]> = [
      [undefined, /needs the report/],
      [{ format: 'html' }, /needs the report/],
      [{ report: { files: 'x' }, format: 'html' }, /needs the report/],
      [{ report: sampleReport(), format: 'pdf' }, /unknown format 'pdf'/],
      [{ report: sampleReport(), format: 'html', webview: { nonce: 'short', cspSource: 'x' } }, /nonce of at least 16/],
      [{ report: sampleReport(), format: 'html', webview: { nonce: `"'><script>`.repeat(3), cspSource: 'x' } }, /nonce of at least 16/],
    ];
    for (const [params, message] of refusals) {
      await assert.rejects(
        () => formatAuditReport(params as never, '1'),
        (error: unknown) => error instanceof ResponseError && message.test(error.message),
        JSON.stringify(params)?.slice(0, 80),
      );
    }
  });

  it('keeps the function inventory when it merges the reports of several folders', () => {
    const first = sampleReport();
    const second = emptyReport();
    second.functions = [{ path: '/other/template.yaml', line: 2, functionName: 'Other', status: 'unresolved', reason: 'not found' }];
    const merged = mergeReports([second, first]);
    assert.deepEqual(merged.functions.map((entry) => `${entry.path} ${entry.functionName}`), ['/other/template.yaml Other', '/ws/app/serverless.yml list']);
  });
});

describe('the report panel and Endpoints view helpers', () => {
  const report = sampleReport() as unknown as ClientReport;

  it('shows every path of the report relative, and leaves the report as it was', () => {
    const shown = displayReport(report, (path) => path.replace(/^\/ws\//, ''));
    assert.deepEqual(shown.files, ['app/serverless.yml', 'api/template.yaml']);
    assert.equal(shown.findings[0].path, 'app/serverless.yml');
    assert.equal(shown.findings[0].relatedPlaces?.[0].path, 'app/src/list.js');
    assert.equal(shown.endpoints[2].handler?.path, 'app/src/items.js');
    assert.equal(shown.functions?.[0].path, 'app/serverless.yml');
    assert.equal(shown.functions?.[0].handler?.path, 'app/src/list.js');
    assert.equal(report.findings[0].path, '/ws/app/serverless.yml', 'the original changed');
  });

  it('groups endpoints by API: per template, REST then HTTP then function URLs', () => {
    const groups = groupEndpoints(report);
    assert.deepEqual(
      groups.map((group) => [group.label, group.path, group.endpoints]),
      [
        ['REST API', '/ws/app/serverless.yml', [0, 4]],
        ['HTTP API', '/ws/app/serverless.yml', [2]],
        ['Function URLs', '/ws/app/serverless.yml', [1]],
        ['REST API', '/ws/api/template.yaml', [3]],
      ],
    );
  });

  it('names the API of each group when a template holds several of one kind', () => {
    const endpoint = (api: string | undefined, route: string) => ({ kind: 'rest' as const, method: 'GET', path: '/ws/two/template.yaml', route, auth: 'none', resource: route, line: 1, findings: [], ...(api && { api }) });
    const groups = groupEndpoints({ endpoints: [endpoint('PublicApi', '/a'), endpoint('AdminApi', '/b'), endpoint('PublicApi', '/c')] });
    assert.deepEqual(groups.map((group) => [group.label, group.endpoints]), [['REST API PublicApi', [0, 2]], ['REST API AdminApi', [1]]]);
    // The Endpoints view uses the id as its tree item's id; a repeated id makes the whole tree fail to render.
    const withUnnamed = groupEndpoints({ endpoints: [endpoint('PublicApi', '/a'), endpoint('AdminApi', '/b'), endpoint(undefined, '/c'), { ...endpoint('PublicApi', '/d'), path: '/ws/other/template.yaml' }] });
    assert.equal(withUnnamed.length, 4);
    assert.equal(new Set(withUnnamed.map((group) => group.id)).size, 4, `repeated group ids: ${withUnnamed.map((group) => group.id).join(', ')}`);
  });

  it('puts AppSync GraphQL APIs after the HTTP routes of their template, one group per API when there are several', () => {
    const endpoint = (kind: 'rest' | 'graphql', api: string, route: string) => ({ kind, method: kind === 'graphql' ? 'POST' : 'GET', path: '/ws/g/template.yaml', route, auth: 'iam', resource: api, line: 1, findings: [], api });
    const groups = groupEndpoints({ endpoints: [endpoint('graphql', 'Orders', '/graphql'), endpoint('rest', 'Rest', '/a'), endpoint('graphql', 'Admin', '/graphql')] });
    assert.deepEqual(groups.map((group) => [group.label, group.endpoints]), [['REST API', [1]], ['AppSync GraphQL API Orders', [0]], ['AppSync GraphQL API Admin', [2]]]);
    assert.deepEqual(groupEndpoints({ endpoints: [endpoint('graphql', 'Orders', '/graphql')] }).map((group) => group.label), ['AppSync GraphQL API']);
  });

  it("groups a WebSocket API's $connect under WebSocket API, apart from the service's HTTP API routes", () => {
    const endpoint = (route: string, api?: string) => ({ kind: 'http' as const, method: 'ANY', path: '/ws/chat/serverless.yml', route, auth: 'none', resource: route, line: 1, findings: [], ...(api && { api }) });
    const groups = groupEndpoints({ endpoints: [endpoint('$connect'), endpoint('/messages'), endpoint('$default')] });
    assert.deepEqual(groups.map((group) => [group.label, group.endpoints]), [['HTTP API', [1, 2]], ['WebSocket API', [0]]]);
    assert.equal(new Set(groups.map((group) => group.id)).size, 2);
  });

  it('puts Application Load Balancer routes after the function URLs of their template, one group per load balancer when there are several', () => {
    const endpoint = (kind: 'url' | 'alb', api: string | undefined, route: string) => ({ kind, method: 'ANY', path: '/ws/l/template.yaml', route, auth: 'none', resource: route, line: 1, findings: [], ...(api && { api }) });
    const groups = groupEndpoints({ endpoints: [endpoint('alb', 'PublicAlb', '/*'), endpoint('url', undefined, '/'), endpoint('alb', 'PublicAlb', '/api/*')] });
    assert.deepEqual(groups.map((group) => [group.label, group.endpoints]), [['Function URLs', [1]], ['Application Load Balancer', [0, 2]]]);
    const two = groupEndpoints({ endpoints: [endpoint('alb', 'PublicAlb', '/*'), endpoint('alb', 'InternalAlb', '/*')] });
    assert.deepEqual(two.map((group) => group.label), ['Application Load Balancer PublicAlb', 'Application Load Balancer InternalAlb']);
  });

  it("finds an endpoint's findings on its resource or function, and their worst severity", () => {
    const findings = findingsOfEndpoint(report, report.endpoints[0]);
    assert.deepEqual(findings.map((entry) => entry.ruleId), ['route-missing-auth', 'iam-wildcard-action']);
    assert.equal(worstSeverity(findings), 'error');
    assert.deepEqual(findingsOfEndpoint(report, report.endpoints[3]), []);
    assert.equal(worstSeverity([]), undefined);
  });

  it("takes a route's IAM actions from its handler, else from the function inventory", () => {
    assert.deepEqual(actionsOfEndpoint(report, report.endpoints[0]), { used: ['dynamodb:Query'], notGranted: ['dynamodb:Query'], handlerPath: '/ws/app/src/list.js', exportName: 'handler' });
    assert.deepEqual(actionsOfEndpoint(report, report.endpoints[2]), { used: ['dynamodb:PutItem'], notGranted: [], handlerPath: '/ws/app/src/items.js', exportName: 'create' });
    assert.deepEqual(actionsOfEndpoint(report, report.endpoints[3]), { used: [], notGranted: [], handlerPath: undefined, exportName: undefined });
  });

  it("finds the line of a handler's export in its source", () => {
    const source = ['const x = 1;', "import a from 'a';", 'export const main = async () => {};', 'exports.legacy = function () {};', 'async function inner() {}', 'export { inner as named, inner };'].join('\n');
    assert.equal(exportLine(source, 'main'), 2);
    assert.equal(exportLine(source, 'legacy'), 3);
    assert.equal(exportLine(source, 'inner'), 5);
    assert.equal(exportLine(source, 'missing'), 0);
    assert.equal(exportLine('module.exports.handler = x;', 'handler'), 0);
    assert.equal(exportLine('\n\nexport async function handler(event) {}', 'handler'), 2);
    // A name with regular-expression characters is taken literally.
    assert.equal(exportLine('\nexport const a$b = 1;', 'a$b'), 1);
  });
});

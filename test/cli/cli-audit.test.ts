/**
 * `slsward audit` on the examples: the JSON shape other tools rely on, the
 * text report, --output, --fail-on, --rule and --no-inline-ignore, and exit
 * codes that follow the findings.
 */
import { strict as assert } from 'node:assert';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { CATEGORIES, describeRun, REPO_ROOT, runCli, SEVERITIES } from './helpers';

interface JsonFinding {
  ruleId: string;
  severity: string;
  category: string;
  message: string;
  path: string;
  range: { start: { line: number; column: number }; end: { line: number; column: number } };
  resource: string | null;
  equivalents: string[];
}

interface JsonReport {
  version: number;
  files: string[];
  findings: JsonFinding[];
  endpoints: Array<{ path: string; line: number; method: string; route: string; auth: string; findings: string[] }>;
  suppressed: Array<JsonFinding & { reason: string; via: string }>;
  skipped: Array<{ path: string; reason: string }>;
  internalErrors: Array<{ path: string; message: string }>;
  functions: Array<{ path: string; line: number; function: string; handler: { path: string; export: string } | null; status: string; actions: string[]; actionsNotGranted: string[]; actionsIncomplete?: string[]; codeNotRead?: string }>;
}

const RANK: Record<string, number> = { info: 0, warning: 1, error: 2 };

async function auditJson(args: string[]): Promise<{ code: number | null; report: JsonReport; stderr: string }> {
  const run = await runCli(['audit', ...args, '--format', 'json']);
  // Exactly one JSON object on stdout: JSON.parse refuses anything around it.
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch (error) {
    throw new Error(`${(error as Error).message}; ${describeRun(run)}`);
  }
  return { code: run.code, report, stderr: run.stderr };
}

function assertFindingShape(finding: JsonFinding): void {
  assert.equal(typeof finding.ruleId, 'string');
  assert.match(finding.ruleId, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  assert.ok(SEVERITIES.includes(finding.severity), finding.severity);
  assert.ok(CATEGORIES.includes(finding.category), finding.category);
  assert.equal(typeof finding.message, 'string');
  assert.ok(finding.message.length > 0);
  assert.ok(!finding.message.includes('{{'), `unfilled placeholder in "${finding.message}"`);
  assert.ok(!finding.path.startsWith('/'), `absolute path ${finding.path}`);
  assert.ok(existsSync(join(REPO_ROOT, finding.path)), finding.path);
  for (const position of [finding.range.start, finding.range.end]) {
    assert.ok(Number.isInteger(position.line) && position.line >= 1, `line ${position.line}`);
    assert.ok(Number.isInteger(position.column) && position.column >= 1, `column ${position.column}`);
  }
  const { start, end } = finding.range;
  assert.ok(end.line > start.line || (end.line === start.line && end.column >= start.column), 'range ends before it starts');
  assert.ok(finding.resource === null || typeof finding.resource === 'string');
  assert.ok(Array.isArray(finding.equivalents) && finding.equivalents.every((id) => typeof id === 'string'));
}

describe('slsward audit --format json', () => {
  let all: { code: number | null; report: JsonReport; stderr: string };
  before(async () => {
    all = await auditJson(['examples']);
  });

  it('prints one report with the documented shape', () => {
    const { report } = all;
    assert.equal(report.version, 1);
    assert.deepEqual(report.files, [
      'examples/cloudformation/fixed/template.json',
      'examples/cloudformation/insecure/template.json',
      'examples/sam/fixed/template.yaml',
      'examples/sam/insecure/template.yaml',
      'examples/serverless/fixed/serverless.yml',
      'examples/serverless/insecure/serverless.yml',
      // The handler files serverless.yml names (`handler: src/orders.list`).
      'examples/serverless/fixed/src/cors.ts',
      'examples/serverless/fixed/src/orders.ts',
      'examples/serverless/insecure/src/cors.ts',
      'examples/serverless/insecure/src/orders.ts',
    ]);
    for (const finding of report.findings) assertFindingShape(finding);
    for (const finding of report.suppressed) assertFindingShape(finding);
    assert.deepEqual(report.internalErrors, []);
    assert.deepEqual(report.skipped, []);
  });

  it('points each range at the text of the file', () => {
    for (const finding of all.report.findings) {
      const lines = readFileSync(join(REPO_ROOT, finding.path), 'utf8').split(/\r?\n/);
      const line = lines[finding.range.start.line - 1];
      assert.ok(line !== undefined, `${finding.path}:${finding.range.start.line} is past the end`);
      assert.ok(finding.range.start.column <= line.length + 1, `${finding.path}:${finding.range.start.line}:${finding.range.start.column} is past the end of the line`);
    }
  });

  it('finds nothing in the fixed examples', () => {
    const inFixed = all.report.findings.filter((finding) => finding.path.includes('/fixed/'));
    assert.deepEqual(inFixed.map((finding) => `${finding.path}:${finding.range.start.line} ${finding.ruleId}`), []);
  });

  it('lists the endpoints, with the CORS preflight routes', () => {
    const routes = all.report.endpoints.map((endpoint) => `${endpoint.path} ${endpoint.method} ${endpoint.route} ${endpoint.auth}`);
    assert.ok(routes.includes('examples/serverless/insecure/serverless.yml GET /orders none'), routes.join('\n'));
    assert.ok(routes.includes('examples/cloudformation/insecure/template.json OPTIONS /orders none'), routes.join('\n'));
    for (const endpoint of all.report.endpoints) {
      assert.ok(endpoint.line >= 1);
      if (endpoint.method === 'OPTIONS') assert.deepEqual(endpoint.findings.filter((id) => /auth/.test(id)), [], `${endpoint.path}:${endpoint.line} preflight flagged`);
    }
  });

  it('exits 1 exactly when a finding is at or above --fail-on', async () => {
    for (const failOn of ['error', 'warning', 'info']) {
      const run = await auditJson(['examples', '--fail-on', failOn]);
      const expected = run.report.findings.some((finding) => RANK[finding.severity] >= RANK[failOn]) ? 1 : 0;
      assert.equal(run.code, expected, `--fail-on ${failOn}`);
    }
    assert.equal(all.code, all.report.findings.some((finding) => finding.severity === 'error') ? 1 : 0);
  });

  it('exits 0 on the fixed examples', async () => {
    const run = await auditJson(['examples/serverless/fixed', 'examples/sam/fixed', 'examples/cloudformation/fixed', '--fail-on', 'info']);
    assert.equal(run.code, 0, JSON.stringify(run.report.findings, null, 2));
  });

  it('turns rules off and changes their severity with --rule', async () => {
    const rules = JSON.parse((await runCli(['rules', '--format', 'json'])).stdout) as Array<{ id: string }>;
    const off = await auditJson(['examples', '--fail-on', 'info', ...rules.flatMap((rule) => ['--rule', `${rule.id}=off`])]);
    assert.deepEqual(off.report.findings.filter((finding) => rules.some((rule) => rule.id === finding.ruleId)), []);
    const firstRuleFound = all.report.findings[0]?.ruleId;
    if (firstRuleFound && rules.some((rule) => rule.id === firstRuleFound)) {
      const info = await auditJson(['examples', '--rule', `${firstRuleFound}=info`]);
      const severities = new Set(info.report.findings.filter((finding) => finding.ruleId === firstRuleFound).map((finding) => finding.severity));
      assert.deepEqual([...severities], ['info']);
    }
  });

  it('skips files matching --exclude, relative to each path', async () => {
    const run = await auditJson(['examples', '--exclude', '**/fixed/**', '--exclude', 'sam/**']);
    assert.deepEqual(run.report.files, [
      'examples/cloudformation/insecure/template.json',
      'examples/serverless/insecure/serverless.yml',
      'examples/serverless/insecure/src/cors.ts',
      'examples/serverless/insecure/src/orders.ts',
    ]);
    // --no-code reads the templates only.
    const templatesOnly = await auditJson(['examples', '--exclude', '**/fixed/**', '--exclude', 'sam/**', '--no-code']);
    assert.deepEqual(templatesOnly.report.files, ['examples/cloudformation/insecure/template.json', 'examples/serverless/insecure/serverless.yml']);
  });

  it('reports suppressed findings when --no-inline-ignore is given', async () => {
    const strict = await auditJson(['examples', '--no-inline-ignore']);
    assert.deepEqual(strict.report.suppressed, []);
    assert.equal(strict.report.findings.length, all.report.findings.length + all.report.suppressed.length);
  });
});

describe('slsward audit --format text', () => {
  it('prints path:line:col lines, a summary and the endpoint table', async () => {
    const run = await runCli(['audit', 'examples']);
    const json = JSON.parse((await runCli(['audit', 'examples', '--format', 'json'])).stdout) as JsonReport;
    for (const finding of json.findings) {
      const line = `${finding.path}:${finding.range.start.line}:${finding.range.start.column}  ${finding.severity.padEnd(7)}  ${finding.ruleId}  ${finding.message}`;
      assert.ok(run.stdout.includes(line), `missing: ${line}`);
    }
    assert.match(run.stdout, new RegExp(`^${json.findings.length} findings? \\(\\d+ errors?, \\d+ warnings?, \\d+ info\\) in 10 files`, 'm'));
    assert.match(run.stdout, /^ {2}METHOD +PATH +AUTH +FUNCTION +VALIDATION +HANDLER +FINDINGS +LOCATION$/m);
    // A handler finding lists its path from source to sink and the route that invokes it.
    assert.match(run.stdout, /^examples\/serverless\/insecure\/src\/orders\.ts:\d+:\d+  error    code-nosql-injection  .*\n    from .*\n(      -> .*\n)+    see examples\/serverless\/insecure\/serverless\.yml:34:9  GET \/orders invokes this handler/m);
    assert.match(run.stdout, /^ {2}OPTIONS +\/orders +none /m);
  });

  it('writes the report to --output and nothing to stdout', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'slsward-output-'));
    try {
      const path = join(directory, 'report.json');
      const run = await runCli(['audit', 'examples/sam', '--format', 'json', '--output', path]);
      assert.equal(run.stdout, '');
      const report = JSON.parse(readFileSync(path, 'utf8')) as JsonReport;
      assert.deepEqual(report.files, ['examples/sam/fixed/template.yaml', 'examples/sam/insecure/template.yaml']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports a directory with no templates without failing', async () => {
    const run = await runCli(['audit', 'server/src/cli']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^0 findings .* in 0 files/m);
    assert.match(run.stderr, /no Serverless Framework, SAM or CloudFormation files found/);
  });
});

describe('slsward audit with .slsward.json', () => {
  it('reads rule settings and excludes from the working directory, and refuses a broken file', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'slsward-config-'));
    try {
      mkdirSync(join(directory, 'app'));
      mkdirSync(join(directory, 'vendor'));
      copyFileSync(join(REPO_ROOT, 'examples/sam/insecure/template.yaml'), join(directory, 'app/template.yaml'));
      copyFileSync(join(REPO_ROOT, 'examples/sam/insecure/template.yaml'), join(directory, 'vendor/template.yaml'));
      const baseline = JSON.parse((await runCli(['audit', '--format', 'json'], { cwd: directory })).stdout) as JsonReport;
      const someRule = baseline.findings[0]?.ruleId;

      writeFileSync(join(directory, '.slsward.json'), JSON.stringify({ exclude: ['vendor/**'], rules: someRule ? { [someRule]: 'off' } : {} }));
      const configured = JSON.parse((await runCli(['audit', '--format', 'json'], { cwd: directory })).stdout) as JsonReport;
      assert.deepEqual(configured.files, ['app/template.yaml']);
      if (someRule) assert.ok(!configured.findings.some((finding) => finding.ruleId === someRule));

      writeFileSync(join(directory, '.slsward.json'), '{ "rules": ');
      const broken = await runCli(['audit'], { cwd: directory });
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /^slsward: \.slsward\.json: not valid JSON/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('lists every function with the IAM actions its handler calls, and whether that list is complete', async () => {
    const { report } = await auditJson(['examples/serverless/fixed']);
    const byName = new Map(report.functions.map((entry) => [entry.function, entry]));
    const create = byName.get('createOrder');
    assert.deepEqual(create && { handler: create.handler, status: create.status, actions: create.actions, actionsNotGranted: create.actionsNotGranted, line: create.line }, {
      handler: { path: join('examples', 'serverless', 'fixed', 'src', 'orders.ts'), export: 'create' },
      status: 'file',
      actions: ['dynamodb:PutItem', 'sns:Publish'],
      actionsNotGranted: [],
      line: 57,
    });
    // orders.ts also starts a program (the export job): its calls may not all be the code's to see.
    assert.ok(create?.actionsIncomplete?.some((reason) => /starts other programs/.test(reason)), JSON.stringify(create?.actionsIncomplete));
    assert.deepEqual(byName.get('ordersPreflight')?.actions, []);
    assert.equal(byName.get('ordersPreflight')?.actionsIncomplete, undefined);
    const text = await runCli(['audit', 'examples/serverless/fixed']);
    assert.match(text.stdout, /\nFunctions\n {2}FUNCTION +HANDLER +CALLS +NOT GRANTED +CALLS READ +LOCATION\n/);
    assert.match(text.stdout, /createOrder +examples\/serverless\/fixed\/src\/orders\.ts \(create\) +dynamodb:PutItem, sns:Publish +- +incomplete/);
  });

  it('says a handler file that was found but not analysed was not read, instead of "no AWS call"', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'slsward-notread-'));
    try {
      writeFileSync(
        join(directory, 'serverless.yml'),
        ['service: s', 'provider:', '  name: aws', '  runtime: nodejs20.x', '  iam:', '    role:', '      statements:', '        - Effect: Allow', '          Action: s3:GetObject', '          Resource: arn:aws:s3:::my-bucket/*', 'functions:', '  f:', '    handler: handler.main', ''].join('\n'),
      );
      // One line of 20,000 characters: the front end takes it for minified code and skips it.
      writeFileSync(join(directory, 'handler.js'), `exports.main = async () => ${'['.repeat(10_000)}${']'.repeat(10_000)};\n`);
      const { report } = await auditJson([directory]);
      const entry = report.functions.find((candidate) => candidate.function === 'f');
      assert.equal(entry?.status, 'file');
      assert.deepEqual(entry?.actions, []);
      assert.match(entry?.codeNotRead ?? '', /minified/);
      // Nothing read, so nothing judged unused either.
      assert.ok(!report.findings.some((finding) => finding.ruleId === 'iam-unused-permission'));
      const text = await runCli(['audit', directory]);
      assert.match(text.stdout, /\n {2}f +\S*handler\.js \(main\) +\? +- +not read \(minified code/);
      assert.doesNotMatch(text.stdout, /no AWS call/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
  it("lists what a route's inline handler code does, with its findings, and judges the role against its calls", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'slsward-inline-'));
    try {
      const code = ["const AWS = require('aws-sdk');", 'exports.handler = async (event) => {', '  eval(event.body);', "  await new AWS.S3().getObject({ Bucket: 'in', Key: 'k' }).promise();", '  return { statusCode: 200 };', '};'];
      writeFileSync(
        join(directory, 'template.yaml'),
        [
          'Transform: AWS::Serverless-2016-10-31',
          'Resources:',
          '  Fn:',
          '    Type: AWS::Serverless::Function',
          '    Properties:',
          '      Runtime: nodejs20.x',
          '      Handler: index.handler',
          '      InlineCode: |',
          ...code.map((line) => `        ${line}`),
          '      Policies:',
          '        - Statement:',
          '            - Effect: Allow',
          '              Action: [s3:GetObject, s3:DeleteObject]',
          '              Resource: arn:aws:s3:::in/*',
          '      Events:',
          '        Api:',
          '          Type: Api',
          '          Properties: { Path: /convert, Method: post }',
          '',
        ].join('\n'),
      );
      const { report } = await auditJson([directory]);
      const endpoint = report.endpoints.find((candidate) => candidate.route === '/convert') as JsonReport['endpoints'][number] & { handler?: { inline?: boolean; sinks: string[]; path: string } };
      assert.ok(endpoint, JSON.stringify(report.endpoints));
      assert.deepEqual(endpoint.handler && { inline: endpoint.handler.inline, sinks: endpoint.handler.sinks }, { inline: true, sinks: ['code-eval'] });
      assert.ok(endpoint.findings.includes('code-eval-injection'), endpoint.findings.join(', '));
      // The inline code is read completely, so the grant it does not use is reported.
      const unused = report.findings.find((finding) => finding.ruleId === 'iam-unused-permission');
      assert.match(unused?.message ?? '', /s3:DeleteObject/);
      assert.deepEqual(report.functions.find((candidate) => candidate.function === 'Fn')?.actions, ['s3:GetObject']);
      const text = await runCli(['audit', directory]);
      assert.match(text.stdout, /POST +\/convert .*inline code; reaches code-eval/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reports the findings of the modules handlers load, transitively, and of no other file', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'slsward-modules-'));
    try {
      mkdirSync(join(directory, 'src', 'lib'), { recursive: true });
      writeFileSync(join(directory, 'serverless.yml'), ['service: s', 'provider:', '  name: aws', '  runtime: nodejs20.x', 'functions:', '  f:', '    handler: src/handler.main', ''].join('\n'));
      writeFileSync(join(directory, 'src', 'handler.js'), "const db = require('./lib/db');\nexports.main = async () => db.ping();\n");
      // db.js loads tls.ts (an ES import with a .js suffix for a TypeScript source), which turns certificate checks off.
      writeFileSync(join(directory, 'src', 'lib', 'db.js'), "import { agent } from './tls.js';\nexport const ping = async () => agent;\n");
      writeFileSync(join(directory, 'src', 'lib', 'tls.ts'), "import https from 'https';\nexport const agent = new https.Agent({ rejectUnauthorized: false });\n");
      // A script no handler loads: not what the function runs.
      writeFileSync(join(directory, 'src', 'seed.js'), "const password = 'Winter2024!Rotate';\nmodule.exports = { password };\n");
      const { report } = await auditJson([directory]);
      const found = report.findings.map((finding) => `${finding.path.replace(directory, '').replaceAll('\\', '/')} ${finding.ruleId}`).filter((line) => line.includes('/src/'));
      assert.deepEqual(found, ['/src/lib/tls.ts code-tls-verification-disabled']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
  it('reports a re-exported handler once, in the file the template names, and not again in its module as a handler no template names', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'slsward-reexports-'));
    try {
      mkdirSync(join(directory, 'src'), { recursive: true });
      const route = (name: string) => [`  ${name}:`, `    handler: src/${name}.handler`, `    events: [{httpApi: {path: /${name}, method: get}}]`];
      writeFileSync(join(directory, 'serverless.yml'), ['service: s', 'provider:', '  name: aws', '  runtime: nodejs20.x', 'functions:', ...route('reexp'), ...route('reexpstar'), ...route('reexpdefault'), ''].join('\n'));
      writeFileSync(join(directory, 'src', 'reexp.ts'), "export { handler } from './impl';\n");
      writeFileSync(join(directory, 'src', 'reexpstar.ts'), "export * from './impl';\n");
      writeFileSync(join(directory, 'src', 'reexpdefault.ts'), "export { default as handler } from './impl';\n");
      // impl.ts: two handlers the templates reach through the re-exports, and one no template names.
      writeFileSync(
        join(directory, 'src', 'impl.ts'),
        "import { exec } from 'child_process';\nexport const handler = async (event: any) => { exec('impl ' + event.queryStringParameters.q); };\nexport default async (event: any) => { exec('impldef ' + event.queryStringParameters.q); };\nexport const other = async (event: any) => { exec('other ' + event.body); };\n",
      );
      const { report } = await auditJson([directory]);
      const found = report.findings
        .filter((finding) => finding.ruleId === 'code-command-injection')
        .map((finding) => `${finding.path.replace(directory, '').replaceAll('\\', '/')}:${finding.range.start.line} ${/no template names this handler/.test(finding.message) ? 'unbound' : 'bound'}`)
        .sort();
      assert.deepEqual(found, ['/src/impl.ts:4 unbound', '/src/reexp.ts:1 bound', '/src/reexpdefault.ts:1 bound', '/src/reexpstar.ts:1 bound']);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
  it('lists the routes of an Express app run through serverless-http on its endpoint, and traces input into them', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'slsward-express-'));
    try {
      mkdirSync(join(directory, 'src'));
      writeFileSync(join(directory, 'serverless.yml'), ['service: s', 'provider:', '  name: aws', '  runtime: nodejs20.x', 'functions:', '  api:', '    handler: src/app.handler', '    events:', "      - httpApi: '*'", ''].join('\n'));
      writeFileSync(
        join(directory, 'src', 'app.js'),
        "const serverless = require('serverless-http');\nconst express = require('express');\nconst { exec } = require('child_process');\nconst app = express();\napp.get('/run', (req, res) => exec('ls ' + req.query.dir, () => res.end()));\napp.post('/users', (req, res) => res.json(req.body));\nmodule.exports.handler = serverless(app);\n",
      );
      const { report } = await auditJson([directory]);
      const endpoint = report.endpoints.find((candidate) => candidate.method === 'ANY') as unknown as { handler: { webApp?: unknown; sinks: string[] } };
      assert.deepEqual(endpoint.handler.webApp, { framework: 'express', routes: ['GET /run', 'POST /users'] });
      assert.deepEqual(endpoint.handler.sinks, ['command']);
      assert.ok(report.findings.some((finding) => finding.ruleId === 'code-command-injection' && /`req\.query` reaches/.test(finding.message)));
      const text = await runCli(['audit', directory]);
      assert.match(text.stdout, /Express app: GET \/run, POST \/users; reaches command/, describeRun(text));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('says where the handler analysis stopped short: in the endpoint, the problems, and SARIF', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'slsward-incomplete-'));
    try {
      // The template names an export the file does not have: nothing of the handler is read.
      writeFileSync(join(directory, 'serverless.yml'), ['service: s', 'provider:', '  name: aws', '  runtime: nodejs20.x', 'functions:', '  api:', '    handler: h.create', '    events:', '      - httpApi: POST /orders', ''].join('\n'));
      writeFileSync(join(directory, 'h.js'), "const { exec } = require('child_process');\nexports.handler = async (event) => exec('ls ' + event.body);\n");
      const reason = 'the template names export `create`, but this file exports no function by that name';
      const { report } = await auditJson([directory]);
      const endpoint = report.endpoints[0] as unknown as { handler: { sinks: string[]; analysisIncomplete?: string } };
      assert.deepEqual(endpoint.handler.sinks, []);
      assert.equal(endpoint.handler.analysisIncomplete, reason);
      const issues = (report as unknown as { issues: Array<{ path: string; severity: string; message: string }> }).issues;
      assert.deepEqual(issues.map((issue) => [issue.path.endsWith('h.js'), issue.severity, issue.message]), [[true, 'warning', `Handler code not fully analysed: ${reason}.`]]);
      const text = await runCli(['audit', directory]);
      assert.match(text.stdout, new RegExp(`no sink found; analysis incomplete: ${reason.replace(/[`]/g, '.')}`), describeRun(text));
      // A handler path that leaves the workspace: the route says why its handler was not read.
      writeFileSync(join(directory, 'serverless.yml'), readFileSync(join(directory, 'serverless.yml'), 'utf8') + ['  outside:', '    handler: ../../etc/passwd.handler', '    events:', '      - httpApi: GET /outside', ''].join('\n'));
      const withOutside = await runCli(['audit', directory]);
      assert.match(withOutside.stdout, /GET +\/outside +none +outside +none +not read: the handler path \.\.\/\.\.\/etc\/passwd leaves the workspace/, describeRun(withOutside));
      const sarif = await runCli(['audit', directory, '--format', 'sarif']);
      const notifications = (JSON.parse(sarif.stdout) as { runs: Array<{ invocations: Array<{ toolExecutionNotifications: Array<{ level: string; message: { text: string } }> }> }> }).runs[0].invocations[0].toolExecutionNotifications;
      assert.deepEqual(notifications.map((notification) => [notification.level, notification.message.text.endsWith(`Handler code not fully analysed: ${reason}.`)]), [['warning', true]]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

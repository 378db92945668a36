// Related places and taint paths in the three reports: a handler finding points at its route in the
// template (`related`) and lists its path from source to sink (`steps`); JSON keeps its shape and adds
// keys, SARIF gives GitHub relatedLocations and codeFlows, and the text report lists the steps.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formatJson } from '../../server/src/workspace/reporters/json';
import { formatSarif } from '../../server/src/workspace/reporters/sarif';
import { formatText } from '../../server/src/workspace/reporters/text';
import { LineIndex, type Finding } from '../../server/src/engine';
import { emptyReport, locate } from '../../server/src/workspace';
import { validateSarif } from './sarif-validate';
import codeCommandInjection from '../../rules/input/code-command-injection';

const handler = `const { exec } = require('child_process');\nexports.handler = async (event) => {\n  const name = event.body;\n  exec(\`convert \${name}\`);\n};\n`;
const template = `service: s\nprovider:\n  name: aws\nfunctions:\n  convert:\n    handler: src/app.handler\n    events:\n      - http: POST /convert\n`;

const at = (text: string, needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length });

const finding: Finding = {
  ruleId: 'code-command-injection',
  messageId: 'flow',
  message: 'event.body reaches child_process.exec (POST /convert is public).',
  severity: 'error',
  category: 'input',
  range: at(handler, 'exec(`convert ${name}`)'),
  fixes: [],
  equivalents: [],
  docsUrl: 'https://example.invalid/rule',
  related: [{ path: 'serverless.yml', range: at(template, 'http: POST /convert'), message: 'POST /convert has no authorizer' }],
  steps: [
    { range: at(handler, 'event.body'), message: 'source: event.body' },
    { range: at(handler, 'name = event.body'), message: 'assigned to `name`' },
    { range: at(handler, '`convert ${name}`'), message: 'reaches child_process.exec' },
  ],
};

function report() {
  const result = emptyReport();
  result.files.push('src/app.js');
  const templateLines = new LineIndex(template);
  result.findings.push(locate(finding, 'src/app.js', new LineIndex(handler), (path) => (path === 'serverless.yml' ? templateLines : undefined)));
  result.counts.bySeverity.error = 1;
  result.counts.byCategory.input = 1;
  return result;
}

describe('related places and taint paths in reports', () => {
  it('JSON adds related and steps with 1-based positions in their own files', () => {
    const json = JSON.parse(formatJson(report()));
    const [only] = json.findings;
    assert.deepEqual(only.related, [{ path: 'serverless.yml', range: { start: { line: 8, column: 9 }, end: { line: 8, column: 28 } }, message: 'POST /convert has no authorizer' }]);
    assert.deepEqual(
      only.steps.map((step: { path: string; range: { start: { line: number } }; message: string }) => [step.path, step.range.start.line, step.message]),
      [
        ['src/app.js', 3, 'source: event.body'],
        ['src/app.js', 3, 'assigned to `name`'],
        ['src/app.js', 4, 'reaches child_process.exec'],
      ],
    );
  });

  it('SARIF carries relatedLocations and one codeFlow with every step, and stays valid', () => {
    const log = JSON.parse(formatSarif(report(), { toolVersion: '0.0.0', rules: [] }));
    const { results } = validateSarif(log);
    const [result] = results as Array<Record<string, any>>;
    assert.equal(result.relatedLocations[0].physicalLocation.artifactLocation.uri, 'serverless.yml');
    assert.equal(result.relatedLocations[0].physicalLocation.region.startLine, 8);
    const steps = result.codeFlows[0].threadFlows[0].locations;
    assert.deepEqual(
      steps.map((step: any) => [step.location.physicalLocation.region.startLine, step.location.message.text]),
      [
        [3, 'source: event.body'],
        [3, 'assigned to `name`'],
        [4, 'reaches child_process.exec'],
      ],
    );
  });

  it("SARIF tags each rule with its CWE in GitHub's form", () => {
    const log = JSON.parse(formatSarif(report(), { toolVersion: '0.0.0', rules: [codeCommandInjection.meta] }));
    const [rule] = log.runs[0].tool.driver.rules as Array<{ id: string; properties: { tags: string[] } }>;
    assert.equal(rule.id, 'code-command-injection');
    assert.ok(rule.properties.tags.includes('external/cwe/cwe-78'), rule.properties.tags.join(', '));
  });

  it('the text report lists the steps under the finding, then the route', () => {
    const lines = formatText(report()).split('\n');
    const index = lines.findIndex((line) => line.startsWith('src/app.js:4:3  error    code-command-injection'));
    assert.ok(index >= 0, lines.join('\n'));
    assert.deepEqual(lines.slice(index + 1, index + 5), [
      '    from src/app.js:3:16  source: event.body',
      '      -> src/app.js:3:9  assigned to `name`',
      '      -> src/app.js:4:8  reaches child_process.exec',
      '    see serverless.yml:8:9  POST /convert has no authorizer',
    ]);
  });

  it('leaves out a place whose file the audit could not read', () => {
    const located = locate({ ...finding, related: [{ path: 'gone.yml', range: { start: 0, end: 1 }, message: 'x' }] }, 'src/app.js', new LineIndex(handler), () => undefined);
    assert.deepEqual(located.relatedPlaces, []);
  });
});

// Live diagnostics in a real VS Code: each insecure example gets slsward diagnostics for every
// example rule, with the rule id and its documentation link as the code; each fixed example gets none.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  DIAGNOSTIC_SOURCE,
  describeDiagnostics,
  EXAMPLE_RULE_IDS,
  EXAMPLES,
  exampleUri,
  openExample,
  revertAndCloseAll,
  ruleIdOf,
  slswardDiagnostics,
  waitForDiagnostics,
  waitForRuleDiagnostics,
} from './helpers';

const insecureExamples = [EXAMPLES.serverlessInsecure, EXAMPLES.samInsecure, EXAMPLES.cloudFormationInsecure];
const fixedExamples = [EXAMPLES.serverlessFixed, EXAMPLES.samFixed, EXAMPLES.cloudFormationFixed];

describe('diagnostics', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await revertAndCloseAll();
  });

  it('registers the audit command', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('slsward.auditWorkspace'), 'slsward.auditWorkspace is not registered');
  });

  for (const example of insecureExamples) {
    it(`reports every example rule in ${example}`, async () => {
      const uri = exampleUri(example);
      await openExample(example);
      const diagnostics = await waitForRuleDiagnostics(uri, EXAMPLE_RULE_IDS);
      const ours = diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
      const found = new Set(ours.map(ruleIdOf));
      for (const ruleId of EXAMPLE_RULE_IDS) assert.ok(found.has(ruleId), `${ruleId} missing in ${example}`);

      for (const diagnostic of ours) {
        // VS Code turns a code with a codeDescription into { value, target }.
        const code = diagnostic.code;
        assert.equal(typeof code, 'object', `code of "${diagnostic.message}" should be { value, target }`);
        const { value, target } = code as { value: string | number; target: vscode.Uri };
        assert.equal(typeof value, 'string');
        assert.ok(target instanceof vscode.Uri, `code.target of ${value} should be a Uri`);
        assert.ok(target.toString(true).includes(String(value)), `the docs link ${target.toString(true)} should name ${value}`);
        assert.ok(diagnostic.message.length > 0);
        assert.ok(
          [vscode.DiagnosticSeverity.Error, vscode.DiagnosticSeverity.Warning, vscode.DiagnosticSeverity.Information].includes(diagnostic.severity),
        );
      }
    });
  }

  it('does not flag the CORS preflight route of the Serverless example', async () => {
    const uri = exampleUri(EXAMPLES.serverlessInsecure);
    const editor = await openExample(EXAMPLES.serverlessInsecure);
    const diagnostics = await waitForRuleDiagnostics(uri, ['route-missing-auth']);
    const routes = diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && ruleIdOf(d) === 'route-missing-auth');
    // GET orders (http) and POST /orders (httpApi); OPTIONS orders stays open on purpose.
    assert.equal(routes.length, 2, `expected two open routes, got:\n    ${describeDiagnostics(routes)}`);
    const preflightLine = editor.document.getText().split('\n').findIndex((line) => /method:\s*options/.test(line));
    assert.ok(preflightLine > 0, 'the example should have an OPTIONS route');
    for (const route of routes) {
      const coversPreflight = route.range.start.line <= preflightLine && route.range.end.line >= preflightLine;
      assert.ok(!coversPreflight, `the OPTIONS route must not be flagged: ${describeDiagnostics([route])}`);
    }
  });

  for (const example of fixedExamples) {
    it(`reports nothing in ${example}`, async () => {
      const uri = exampleUri(example);
      // Until the server has answered, "no diagnostics" proves nothing: wait for its (empty) result.
      const answered = waitForDiagnostics(uri, () => true, 30_000, { requireChange: true });
      await openExample(example);
      await answered;
      assert.deepEqual(
        slswardDiagnostics(uri).map((d) => `${ruleIdOf(d)}: ${d.message}`),
        [],
        `unexpected diagnostics in ${example}:\n    ${describeDiagnostics(slswardDiagnostics(uri))}`,
      );
    });
  }
});

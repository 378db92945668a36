// Entry of `npm run test:e2e` (after `npm run build && npm run package`): compiles the mocha suites,
// runs them in a real VS Code through @vscode/test-electron with our launcher, then runs the UI smoke
// test of the packaged .vsix. Both work on throwaway copies of examples/, so fixes never dirty the
// repository. Exits non-zero when anything fails.
//
// Environment: SLSWARD_E2E_ONLY=extension-host|ui runs one part; SLSWARD_E2E_GREP filters mocha tests;
// SLSWARD_E2E_KEEP=1 keeps the .ci-tmp run folders of passing runs too.
import { runTests } from '@vscode/test-electron';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { copyExamples, createRunFolder, log, repoRoot } from './code-server.mjs';

const tag = 'e2e';
const only = process.env.SLSWARD_E2E_ONLY;
const keep = process.env.SLSWARD_E2E_KEEP === '1';
const launcher = join(repoRoot, 'test/e2e/launcher.mjs');
const suiteOut = join(repoRoot, 'out/test/e2e/suite');

function compileSuites() {
  rmSync(suiteOut, { recursive: true, force: true });
  const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(repoRoot, 'test/e2e/tsconfig.json')], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('Compiling test/e2e/suite failed.');
}

async function runExtensionHostTests() {
  compileSuites();
  const runFolder = createRunFolder('workspace');
  const workspace = copyExamples(runFolder);
  // runTests spawns the launcher directly, so it must be executable (git keeps the bit, but a
  // checkout through some tools does not).
  chmodSync(launcher, 0o755);
  log(tag, `extension-host tests on ${workspace}`);
  try {
    await runTests({
      vscodeExecutablePath: launcher,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(suiteOut, 'index'),
      launchArgs: [
        workspace,
        `--user-data-dir=${join(runFolder, 'user-data')}`,
        `--extensions-dir=${join(runFolder, 'extensions')}`,
      ],
    });
    if (!keep) rmSync(runFolder, { recursive: true, force: true });
    return true;
  } catch (error) {
    log(tag, `extension-host tests failed: ${error.message}; kept ${runFolder}`);
    return false;
  }
}

async function runUiSmokeTest() {
  const child = spawn(process.execPath, [join(repoRoot, 'test/e2e/ui-smoke.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  const [code, signal] = await once(child, 'exit');
  if (code !== 0) log(tag, `UI smoke test failed (${code ?? signal})`);
  return code === 0;
}

const results = {};
const started = Date.now();
try {
  mkdirSync(join(repoRoot, '.ci-tmp'), { recursive: true });
  if (!only || only === 'extension-host') results['extension-host tests'] = await runExtensionHostTests();
  if (!only || only === 'ui') results['UI smoke test'] = await runUiSmokeTest();
} catch (error) {
  log(tag, error.stack ?? String(error));
  results.setup = false;
}
for (const [name, passed] of Object.entries(results)) log(tag, `${passed ? 'PASS' : 'FAIL'} ${name}`);
const passed = Object.keys(results).length > 0 && Object.values(results).every(Boolean);
log(tag, `${passed ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(passed ? 0 : 1);

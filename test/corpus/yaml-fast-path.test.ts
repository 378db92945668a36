/**
 * The YAML fast path (`yaml-cst.ts`) against the library path, over every YAML
 * file of ../shared/corpus/templates and ../shared/corpus/checkov-dev, and over
 * seeded mutations of them (the fuzzer's: deleted, duplicated and repeated
 * spans, truncation, random characters, broken indentation, unbalanced
 * brackets and quotes, spliced templates, changed line breaks):
 * - whenever the fast path takes a text, the library path reports no issue and
 *   gives the identical tree;
 * - `parseYamlText`, the entry point (fast path, else the library's Composer
 *   on the tokens already read), gives what the library path gives, issues and
 *   all.
 * Texts on which either side ran out of stack are counted apart: where the
 * library overflows depends on how deep the stack already is, so even the
 * library path alone does not give one answer for them.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { prescan } from '../../server/src/engine/parse/prescan';
import { parseYamlText, parseYamlTextWithLibrary, type YamlParse } from '../../server/src/engine/parse/yaml';
import { composeFromCst } from '../../server/src/engine/parse/yaml-cst';
import { generateCase, type CorpusTemplate } from '../fuzz/fuzzer';
import { CORPUS_ROOT, corpusMissingReason } from './corpus-helpers';

const missing = corpusMissingReason('templates');
const MUTATED_CASES = Number(process.env.SLSWARD_YAML_FAST_CASES ?? 6000);
const SEED = 20261205;

function yamlFiles(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/i.test(name)) out.push(path);
  }
  return out;
}

function corpusTemplates(): CorpusTemplate[] {
  const roots = readdirSync(CORPUS_ROOT)
    .filter((name) => name === 'templates' || name.startsWith('checkov'))
    .map((name) => resolve(CORPUS_ROOT, name));
  return roots.flatMap((root) => yamlFiles(root).map((path) => ({ name: relative(CORPUS_ROOT, path), path, text: readFileSync(path, 'utf8') })));
}

const ranOutOfStack = (parse: YamlParse) => parse.issues.some((issue) => issue.kind === 'internal' && /call stack/i.test(issue.message));

interface Tally {
  texts: number;
  fast: number;
  declined: number;
  refused: number;
  outOfStack: number;
  failures: string[];
}

/** Compares both paths on one text as `parseYaml` gives it to them (pre-scanned). */
function compare(name: string, raw: string, tally: Tally): void {
  const scanned = prescan(raw, 'yaml');
  if (scanned.refused) {
    tally.refused++;
    return;
  }
  tally.texts++;
  const text = scanned.text;
  const fast = composeFromCst(text);
  const library = parseYamlTextWithLibrary(text);
  const entry = parseYamlText(text);
  if (ranOutOfStack(library) || ranOutOfStack(entry)) {
    tally.outOfStack++;
    return;
  }
  if (fast) {
    tally.fast++;
    if (library.issues.length > 0 || !library.isClean) tally.failures.push(`${name}: the fast path took a text with issues (${library.issues[0]?.message})`);
    else if (!isDeepStrictEqual(fast.root, library.root)) tally.failures.push(`${name}: different trees`);
  } else tally.declined++;
  if (!isDeepStrictEqual(entry, library)) tally.failures.push(`${name}: parseYamlText differs from the library path`);
}

const newTally = (): Tally => ({ texts: 0, fast: 0, declined: 0, refused: 0, outOfStack: 0, failures: [] });

describe('corpus: YAML fast path', () => {
  it('reads every corpus YAML file as the library path does', { skip: missing }, (t) => {
    const templates = corpusTemplates();
    const tally = newTally();
    for (const template of templates) compare(template.name, template.text, tally);
    t.diagnostic(`${templates.length} YAML files: ${tally.fast} took the fast path, ${tally.declined} declined, ${tally.refused} refused by the pre-scan, ${tally.outOfStack} out of stack`);
    assert.deepEqual(tally.failures, []);
    assert.ok(tally.fast >= 0.9 * templates.length, `only ${tally.fast} of ${templates.length} files took the fast path`);
  });

  it(`reads ${MUTATED_CASES} seeded mutations of them as the library path does`, { skip: missing }, (t) => {
    const templates = corpusTemplates();
    const tally = newTally();
    for (let caseNumber = 0; caseNumber < MUTATED_CASES; caseNumber++) {
      const fuzzCase = generateCase(templates, SEED, caseNumber);
      compare(`case ${caseNumber} (${fuzzCase.template}: ${fuzzCase.mutations.join(', ')})`, fuzzCase.text, tally);
    }
    t.diagnostic(`${MUTATED_CASES} mutated texts (seed ${SEED}): ${tally.fast} took the fast path, ${tally.declined} declined, ${tally.refused} refused by the pre-scan, ${tally.outOfStack} out of stack`);
    assert.deepEqual(tally.failures.slice(0, 10), []);
    assert.ok(tally.fast > 0);
  });
});

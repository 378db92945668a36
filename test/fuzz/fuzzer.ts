/**
 * A seeded mutation fuzzer for the engine: each case takes a template from
 * the corpus, applies one to three mutations (spans deleted, duplicated or
 * truncated, random bytes and Unicode, unbalanced brackets and quotes, broken
 * indentation, two templates spliced) and runs `analyze` with every rule in a
 * time-limited worker. A case fails on an exception, an internal error, a
 * crash, or a time over the budget. Case `i` of seed `s` is the same
 * everywhere, so a failure is reproduced from its seed and number alone.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { decodeText } from '../../server/src/workspace/read-file';
import { CaseRunner } from '../hardening/worker-pool';

export const REPO_ROOT = join(__dirname, '../..');
export const SHARED_TEMPLATES = join(REPO_ROOT, '../shared/corpus/templates');

export interface CorpusTemplate {
  /** Relative to the corpus directory it came from, for messages. */
  name: string;
  path: string;
  text: string;
}

export interface Corpus {
  /** Where the templates came from, said in the output when it is the fallback. */
  source: string;
  isFallback: boolean;
  templates: CorpusTemplate[];
}

const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;

/** The shared corpus when present, else the examples and the templates written inline in the rule tests. */
export function loadCorpus(directory: string = SHARED_TEMPLATES): Corpus {
  const shared = readTemplates(directory);
  if (shared.length > 0) return { source: directory, isFallback: false, templates: shared };
  const templates = [...readTemplates(join(REPO_ROOT, 'examples')), ...ruleFixtureTemplates()];
  return { source: `${directory} is absent: examples/ and the templates inline in rules/**/*.test.ts`, isFallback: true, templates };
}

function readTemplates(root: string): CorpusTemplate[] {
  const out: CorpusTemplate[] = [];
  const visit = (directory: string) => {
    let names: string[];
    try {
      names = readdirSync(directory).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(directory, name);
      let info;
      try {
        info = statSync(path);
      } catch {
        continue;
      }
      if (info.isDirectory()) visit(path);
      else if (info.isFile() && TEMPLATE_FILE.test(name) && info.size <= 512 * 1024) {
        const decoded = decodeText(readFileSync(path));
        if ('text' in decoded) out.push({ name: relative(root, path), path, text: decoded.text });
      }
    }
  };
  visit(root);
  return out;
}

/** Template literals in the rule tests that look like templates; their `${...}` placeholders stay as text, which is fuzz too. */
function ruleFixtureTemplates(): CorpusTemplate[] {
  const out: CorpusTemplate[] = [];
  const visit = (directory: string) => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.test.ts')) {
        const source = readFileSync(path, 'utf8');
        let index = 0;
        for (const match of source.matchAll(/`((?:[^`\\]|\\.)*)`/g)) {
          const text = match[1];
          if (!/AWSTemplateFormatVersion|Resources:|^service:|"Resources"/m.test(text) || text.length < 40) continue;
          const isJson = /^\s*\{/.test(text);
          out.push({ name: `${relative(REPO_ROOT, path)}#${index++}`, path: isJson ? 'template.json' : /^service:/m.test(text) ? 'serverless.yml' : 'template.yaml', text });
        }
      }
    }
  };
  visit(join(REPO_ROOT, 'rules'));
  return out;
}

// ---------------------------------------------------------------------------
// Seeded randomness: mulberry32, seeded per case from (seed, case number).
// ---------------------------------------------------------------------------

export type Random = () => number;

function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function caseRandom(seed: number, caseNumber: number): Random {
  // Mixes the two numbers so that neighbouring cases do not share a stream.
  return mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(caseNumber + 1, 0xc2b2ae35));
}

const integer = (random: Random, below: number) => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[integer(random, items.length)];

// ---------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------

const PIECES = [
  ...'[]{}"\':-?,&*!|>#%@`\\\t\r\n ',
  '\u0000', '\u001b', '\u007f', '\u0085', '\u00a0', '\u00e9', '\u2028', '\u202e', '\u2066', '\ufeff', '\ufffd', '\ud800', '\udc00', '\u{1f600}', '\u{1d11e}',
  '!Ref ', '!Sub ', '!GetAtt ', '!If [', '!Condition ', 'Fn::If', '&a ', '*a', '<<: *a', '${self:custom.x}', '${opt:stage, dev}', '${file(./x.yml)}', '${env:X}',
  '- ', ': ', '---\n', '...\n', '? ', '"\\u', "''", '{a: ', '[[', ']]', '\n  ', '\n    - ', 'Resources:', 'Type: AWS::IAM::Role', "Action: '*'",
];

type Mutation = (text: string, random: Random, corpus: CorpusTemplate[]) => string;

function span(random: Random, length: number): [number, number] {
  const start = integer(random, length + 1);
  const size = 1 + integer(random, Math.min(200, Math.max(1, length - start)));
  return [start, Math.min(length, start + size)];
}

const MUTATIONS: Record<string, Mutation> = {
  deleteSpan(text, random) {
    const [start, end] = span(random, text.length);
    return text.slice(0, start) + text.slice(end);
  },
  duplicateSpan(text, random) {
    const [start, end] = span(random, text.length);
    const at = integer(random, text.length + 1);
    return text.slice(0, at) + text.slice(start, end) + text.slice(at);
  },
  truncate(text, random) {
    return text.slice(0, integer(random, text.length + 1));
  },
  insertRandomBytes(text, random) {
    const count = 1 + integer(random, 16);
    let inserted = '';
    for (let index = 0; index < count; index++) inserted += String.fromCharCode(integer(random, 256));
    const at = integer(random, text.length + 1);
    return text.slice(0, at) + inserted + text.slice(at);
  },
  insertPieces(text, random) {
    const count = 1 + integer(random, 4);
    let inserted = '';
    for (let index = 0; index < count; index++) inserted += pick(random, PIECES);
    const at = integer(random, text.length + 1);
    return text.slice(0, at) + inserted + text.slice(at);
  },
  unbalanceBrackets(text, random) {
    const bracket = pick(random, ['[', ']', '{', '}', '"', "'", '(', ')']);
    const positions = [...text.matchAll(/[[\]{}"'()]/g)].map((match) => match.index!);
    // Either remove one existing bracket or quote, or open many at once.
    if (positions.length > 0 && random() < 0.5) {
      const at = pick(random, positions);
      return text.slice(0, at) + text.slice(at + 1);
    }
    const at = integer(random, text.length + 1);
    return text.slice(0, at) + bracket.repeat(1 + integer(random, random() < 0.1 ? 500 : 8)) + text.slice(at);
  },
  breakIndentation(text, random) {
    const lines = text.split('\n');
    const count = 1 + integer(random, 3);
    for (let index = 0; index < count; index++) {
      const line = integer(random, lines.length);
      const indent = pick(random, ['', ' ', '   ', '\t', '        ', ' '.repeat(integer(random, 40))]);
      lines[line] = indent + lines[line].replace(/^[ \t]*/, '');
    }
    return lines.join('\n');
  },
  swapLines(text, random) {
    const lines = text.split('\n');
    const a = integer(random, lines.length);
    const b = integer(random, lines.length);
    [lines[a], lines[b]] = [lines[b], lines[a]];
    return lines.join('\n');
  },
  spliceTemplates(text, random, corpus) {
    const other = pick(random, corpus).text;
    return text.slice(0, integer(random, text.length + 1)) + other.slice(integer(random, other.length + 1));
  },
  repeatSpan(text, random) {
    // Short spans repeated many times: long lines, deep nesting and many keys, where parsers go quadratic.
    const start = integer(random, text.length + 1);
    const piece = text.slice(start, start + 1 + integer(random, 12));
    const at = integer(random, text.length + 1);
    return text.slice(0, at) + piece.repeat(10 + integer(random, random() < 0.1 ? 3000 : 200)) + text.slice(at);
  },
  nestDeeply(text, random) {
    const lines = text.split('\n');
    const line = integer(random, lines.length);
    const match = /^(\s*[^\s:#][^:#]*:\s)(.*)$/.exec(lines[line]);
    if (!match) return text;
    const depth = 1 + integer(random, random() < 0.1 ? 2000 : 100);
    const [open, close] = pick(random, [['[', ']'], ['{a: ', '}'], ['!If [c, ', ', x]'], ['- ', '']]);
    lines[line] = `${match[1]}${open.repeat(depth)}${match[2] || 'x'}${random() < 0.8 ? close.repeat(depth) : ''}`;
    return lines.join('\n');
  },
  changeLineBreaks(text, random) {
    return text.replace(/\r?\n/g, pick(random, ['\r', '\r\n', '\n\r', '\u2028']));
  },
};

export const MUTATION_NAMES = Object.keys(MUTATIONS);

export interface FuzzCase {
  caseNumber: number;
  template: string;
  /** The file name the engine sees, from the template's: it picks the parser. */
  path: string;
  mutations: string[];
  text: string;
}

/** Case `caseNumber` of `seed`, the same on every machine for the same corpus. */
export function generateCase(corpus: CorpusTemplate[], seed: number, caseNumber: number): FuzzCase {
  const random = caseRandom(seed, caseNumber);
  const template = pick(random, corpus);
  const mutations: string[] = [];
  let text = template.text;
  const count = 1 + integer(random, 3);
  for (let index = 0; index < count; index++) {
    const name = pick(random, MUTATION_NAMES);
    mutations.push(name);
    text = MUTATIONS[name](text, random, corpus);
  }
  const extension = /\.json$/i.test(template.path) ? 'json' : /\.template$/i.test(template.path) ? 'template' : 'yaml';
  const path = /serverless\.ya?ml$/i.test(template.path) ? 'serverless.yml' : `template.${extension}`;
  return { caseNumber, template: template.name, path, mutations, text };
}

// ---------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------

export interface FuzzFailure {
  fuzzCase: Omit<FuzzCase, 'text'>;
  kind: 'exception' | 'internal error' | 'crash' | 'timeout' | 'over budget';
  detail: string;
  /** Where the mutated text was saved (set by `saveReproducers`). */
  reproducer?: string;
  text: string;
}

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** Milliseconds one case may take; a case still running at three times this (and half a second) is stopped. */
  budgetMs: number;
  corpus: Corpus;
  /** Case numbers not run: known failures whose reproducers are todo cases in the hostile suite. */
  skipCases?: ReadonlySet<number>;
  /** Only these case numbers (to rerun a reproducer). */
  onlyCases?: readonly number[];
}

export interface FuzzResult {
  seed: number;
  casesRun: number;
  failures: FuzzFailure[];
  slowest: Array<{ fuzzCase: Omit<FuzzCase, 'text'>; milliseconds: number }>;
  totalMilliseconds: number;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const runner = new CaseRunner({ keepSpare: false });
  const started = performance.now();
  const failures: FuzzFailure[] = [];
  const timings: Array<{ fuzzCase: Omit<FuzzCase, 'text'>; milliseconds: number }> = [];
  const numbers = options.onlyCases ?? Array.from({ length: options.cases }, (_, index) => index);
  let casesRun = 0;
  try {
    for (const caseNumber of numbers) {
      if (options.skipCases?.has(caseNumber)) continue;
      const fuzzCase = generateCase(options.corpus.templates, options.seed, caseNumber);
      const { text, ...described } = fuzzCase;
      const outcome = await runner.run({ path: fuzzCase.path, text, withText: false }, options.budgetMs * 3 + 500);
      casesRun++;
      const fail = (kind: FuzzFailure['kind'], detail: string) => failures.push({ fuzzCase: described, kind, detail, text });
      if (outcome.status === 'exception') fail('exception', outcome.message.split('\n').slice(0, 6).join('\n'));
      else if (outcome.status === 'crashed') fail('crash', outcome.message);
      else if (outcome.status === 'timeout') fail('timeout', `still running after ${outcome.milliseconds} ms`);
      else {
        timings.push({ fuzzCase: described, milliseconds: outcome.result.milliseconds });
        if (outcome.result.internalErrors.length > 0) fail('internal error', outcome.result.internalErrors.join('\n'));
        else if (outcome.result.milliseconds > options.budgetMs) fail('over budget', `${Math.round(outcome.result.milliseconds)} ms (budget ${options.budgetMs} ms)`);
      }
    }
  } finally {
    await runner.close();
  }
  timings.sort((a, b) => b.milliseconds - a.milliseconds);
  return { seed: options.seed, casesRun, failures, slowest: timings.slice(0, 5), totalMilliseconds: performance.now() - started };
}

/** Writes each failure's text (and a note of how it was made) into a new temporary directory; returns the directory. */
export function saveReproducers(failures: FuzzFailure[], seed: number): string | undefined {
  if (failures.length === 0) return undefined;
  const directory = mkdtempSync(join(tmpdir(), `slsward-fuzz-${seed}-`));
  for (const failure of failures) {
    const caseDirectory = join(directory, `case-${failure.fuzzCase.caseNumber}`);
    mkdirSync(caseDirectory);
    failure.reproducer = join(caseDirectory, basename(failure.fuzzCase.path));
    writeFileSync(failure.reproducer, failure.text);
    writeFileSync(join(caseDirectory, 'case.json'), `${JSON.stringify({ seed, ...failure.fuzzCase, kind: failure.kind, detail: failure.detail }, null, 2)}\n`);
  }
  return directory;
}

export function describeCase(fuzzCase: Omit<FuzzCase, 'text'>): string {
  return `case ${fuzzCase.caseNumber} (${fuzzCase.template}; ${fuzzCase.mutations.join(', ')})`;
}

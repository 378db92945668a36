/**
 * `npm run fuzz -- --cases N --seed S [--budget MS] [--case I ...] [--corpus DIR]`:
 * the seeded mutation fuzzer (test/fuzz/fuzzer.ts) over the shared corpus of
 * templates. Prints the case count, the seed, the slowest cases and every
 * failure with its reproducer file; exits 1 when a case failed.
 */
import { describeCase, loadCorpus, runFuzz, saveReproducers, SHARED_TEMPLATES } from '../test/fuzz/fuzzer';

const USAGE = 'usage: npm run fuzz -- [--cases N] [--seed S] [--budget MS] [--case I]... [--corpus DIR]';

function parseArguments(argv: string[]): { cases: number; seed: number; budgetMs: number; onlyCases?: number[]; corpus: string } {
  const options = { cases: 1000, seed: Date.now() % 1_000_000, budgetMs: 2000, onlyCases: undefined as number[] | undefined, corpus: SHARED_TEMPLATES };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    const number = () => {
      const parsed = Number(value);
      if (value === undefined || !Number.isInteger(parsed) || parsed < 0) throw new Error(`${flag} needs a whole number`);
      index++;
      return parsed;
    };
    if (flag === '--cases') options.cases = number();
    else if (flag === '--seed') options.seed = number();
    else if (flag === '--budget') options.budgetMs = number();
    else if (flag === '--case') (options.onlyCases ??= []).push(number());
    else if (flag === '--corpus' && value !== undefined) {
      options.corpus = value;
      index++;
    } else throw new Error(`unknown argument ${flag}`);
  }
  return options;
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`fuzz: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const corpus = loadCorpus(options.corpus);
  if (corpus.templates.length === 0) {
    process.stderr.write(`fuzz: no templates found (${corpus.source})\n`);
    return 2;
  }
  process.stdout.write(`corpus: ${corpus.templates.length} templates from ${corpus.source}${corpus.isFallback ? ' (fallback)' : ''}\n`);
  const result = await runFuzz({ seed: options.seed, cases: options.cases, budgetMs: options.budgetMs, corpus, onlyCases: options.onlyCases });
  process.stdout.write(`cases: ${result.casesRun}, seed: ${result.seed}, budget: ${options.budgetMs} ms per case, ${(result.totalMilliseconds / 1000).toFixed(1)} s in all\n`);
  process.stdout.write('slowest:\n');
  for (const slow of result.slowest) process.stdout.write(`  ${slow.milliseconds.toFixed(1).padStart(8)} ms  ${describeCase(slow.fuzzCase)}\n`);
  const directory = saveReproducers(result.failures, result.seed);
  process.stdout.write(`failures: ${result.failures.length}${directory ? `, reproducers in ${directory}` : ''}\n`);
  for (const failure of result.failures) {
    process.stdout.write(`  ${failure.kind}: ${describeCase(failure.fuzzCase)}\n    rerun: npm run fuzz -- --seed ${result.seed} --case ${failure.fuzzCase.caseNumber}\n    reproducer: ${failure.reproducer}\n    ${failure.detail.split('\n').join('\n    ')}\n`);
  }
  return result.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`fuzz: ${String((error as Error)?.stack ?? error)}\n`);
    process.exit(2);
  },
);

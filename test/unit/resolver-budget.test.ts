/**
 * Resolution is memoised and bounded: reference bombs (for every construct the
 * resolver follows, from resolver-bombs.ts) analyse quickly, end as unknown
 * rather than as an exception, and leave the file's other findings in place.
 * The time bounds are generous on purpose (each took from seconds to minutes
 * before); `npm run bench` and the report give the real figures.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { analyze, type ParameterValues } from '../../server/src/engine';
import { RESOLUTION_BOUNDED_MESSAGE } from '../../server/src/engine/analyze';
import { parseDocument } from '../../server/src/engine/parse';
import { nodeAt } from '../../server/src/engine/parse/tree';
import { MAX_EXPLANATION_STEPS, type ExplanationStep } from '../../server/src/engine/resolve/explain';
import { MAX_ALTERNATIVES, MAX_RESOLVED_LENGTH, Resolver } from '../../server/src/engine/resolve/resolver';
import type { ParsedDocument, WorkspaceFileReader } from '../../server/src/engine/types';
import {
  aliasIfFanOut,
  allBombs,
  conditionChain,
  conditionFanOut,
  nestedIf,
  parameterSubFanOut,
  SECRET,
  serverlessChain,
  serverlessFanOut,
  serverlessFileFanOut,
  serverlessIfChain,
  serverlessWideReuse,
  subManyVariables,
  type Bomb,
} from './resolver-bombs';

/**
 * A guard against super-linear work, not a speed measure (that is `npm run bench`): on CPU time, which the
 * other test files running beside this one on a loaded 2-core machine do not inflate the way they inflate
 * wall time (a bomb's 300 hovers took 0.7 s alone and 4.9 s of wall time under a full test run).
 */
const TIME_BOUND_MS = 2_000;

/** CPU time of this process, in milliseconds. */
function cpuNow(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** A reader over the bomb's own files, counting reads. */
function fakeReader(bomb: Bomb): WorkspaceFileReader & { reads: string[] } {
  const reads: string[] = [];
  const reader = ((_from: string, relativePath: string) => {
    const name = relativePath.replace(/^\.\//, '');
    reads.push(name);
    const text = bomb.files?.[name];
    return text === undefined ? undefined : { path: name, text };
  }) as WorkspaceFileReader & { reads: string[] };
  reader.reads = reads;
  return reader;
}

/** The big bombs (300 KB) take a second to parse; each is parsed once here (nothing mutates a parsed document). */
const parsedBombs = new Map<string, ParsedDocument>();
function parsedOf(bomb: Bomb): ParsedDocument {
  const key = `${bomb.path}\u0000${bomb.text}`;
  let parsed = parsedBombs.get(key);
  if (!parsed) {
    parsed = parseDocument(bomb.path, bomb.text);
    parsedBombs.set(key, parsed);
  }
  return parsed;
}

function resolverOf(bomb: Bomb, parameters?: ParameterValues, maxSteps?: number) {
  const document = parsedOf(bomb);
  const resolver = new Resolver(document, bomb.files ? fakeReader(bomb) : undefined, { parameters, maxSteps });
  return { resolver, root: document.root, at: (...path: string[]) => nodeAt(document.root, path) };
}

/** Analyses the (already parsed) bomb with every rule; the parse is the parser's business, not timed here. */
function analyseTimed(bomb: Bomb) {
  const parsed = parsedOf(bomb);
  const start = cpuNow();
  const result = analyze({ path: bomb.path, text: bomb.text, rules: allRules, readFile: bomb.files ? fakeReader(bomb) : undefined, parsed });
  return { result, ms: cpuNow() - start };
}

function stepCount(steps: ExplanationStep[]): number {
  return steps.reduce((count, step) => count + 1 + stepCount(step.children), 0);
}

describe('resolver budget: every bomb analyses quickly and keeps the real finding', () => {
  for (const bomb of allBombs()) {
    it(bomb.name, () => {
      const { result, ms } = analyseTimed(bomb);
      assert.deepEqual(result.internalErrors, [], 'no rule or model builder threw');
      const secret = result.findings.find((finding) => finding.ruleId === 'hardcoded-secret-in-environment');
      assert.ok(secret, 'the hard-coded secret is still reported');
      assert.match(secret.message, /DB_PASSWORD/);
      assert.equal(bomb.text.slice(secret.range.start, secret.range.end), SECRET);
      assert.ok(ms < TIME_BOUND_MS, `analysed in ${ms.toFixed(0)} ms of CPU time`);
    });
  }
});

describe('resolver budget: nested ${env:} fallbacks', () => {
  it('reads 3,000 nested fallbacks as unknown, says so once as a limit issue, and keeps the other findings', () => {
    let value = 'x';
    for (let index = 0; index < 3000; index++) value = `\${env:A${index}, ${value}}`;
    const text = `service: fallbacks
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    DB_PASSWORD: '${SECRET}'
    NESTED: "${value}"
    TWICE: "\${self:provider.environment.NESTED}\${self:provider.environment.NESTED}"
functions:
  hello:
    handler: handler.hello
`;
    const result = analyze({ path: 'serverless.yml', text, rules: allRules });
    assert.deepEqual(result.internalErrors, []);
    assert.ok(result.findings.some((finding) => finding.ruleId === 'hardcoded-secret-in-environment'));
    const limits = result.issues.filter((issue) => issue.kind === 'limit');
    assert.deepEqual(limits.map((issue) => issue.message), [RESOLUTION_BOUNDED_MESSAGE]);
    assert.equal(result.notAnalysed, undefined);
  });
});

describe('resolver budget: values of the bombs', () => {
  it('doubles a ${self:} string while it is short, and gives up past the length cap', () => {
    const { resolver, at } = resolverOf(serverlessFanOut(22, 2));
    // a0 is 10 characters: a12 is 40,960, a13 would be 81,920.
    const a12 = resolver.resolve(at('custom', 'a12'));
    assert.equal(a12.state, 'known');
    assert.equal(String((a12 as { value: string }).value), 'abcdefghij'.repeat(4096));
    assert.ok(10 * 2 ** 13 > MAX_RESOLVED_LENGTH);
    assert.deepEqual(resolver.resolve(at('custom', 'a13')), { state: 'unknown' });
    assert.deepEqual(resolver.resolve(at('provider', 'environment', 'BOMB')), { state: 'unknown' });
    assert.equal(resolver.workDone.isBounded, true);
  });

  it('resolves ten references per level once each', () => {
    const { resolver, at } = resolverOf(serverlessFanOut(7, 10));
    // a3 is 10,000 characters; a4 would be 100,000.
    const a3 = resolver.resolve(at('custom', 'a3'));
    assert.deepEqual(a3, { state: 'known', value: 'abcdefghij'.repeat(1000) });
    assert.deepEqual(resolver.resolve(at('custom', 'a4')), { state: 'unknown' });
    const stepsAfterFirst = resolver.workDone.steps;
    resolver.resolve(at('functions', 'hello', 'environment', 'ALSO'));
    resolver.resolve(at('provider', 'environment', 'BOMB'));
    // Each of the eight levels is a node and a variable, and a lookup of its address: a few dozen steps, not 10^7.
    assert.ok(resolver.workDone.steps < 100, `${resolver.workDone.steps} steps`);
    const again = resolver.workDone.steps;
    resolver.resolve(at('provider', 'environment', 'BOMB'));
    assert.equal(resolver.workDone.steps, again, 'served from memory');
    assert.ok(stepsAfterFirst <= again);
  });

  it('follows a chain of 10,000 references without overflowing the stack, and a short one to its end', () => {
    const long = resolverOf(serverlessChain(10_000));
    assert.equal(long.resolver.resolve(long.at('provider', 'environment', 'LINKED')).state, 'unknown');
    assert.ok(long.resolver.deref(long.at('provider', 'environment', 'LINKED')));
    const short = resolverOf(serverlessChain(30));
    assert.deepEqual(short.resolver.resolve(short.at('provider', 'environment', 'LINKED')), { state: 'known', value: 'end-of-chain' });
    assert.equal(short.resolver.deref(short.at('provider', 'environment', 'LINKED')).node, short.at('custom', 'a0'));
  });

  it('leaves every variable of a cycle unknown, wherever it is entered', () => {
    for (const entry of ['a0', 'a3', 'a9']) {
      const { resolver, at } = resolverOf(serverlessChain(10, true));
      assert.equal(resolver.resolve(at('custom', entry)).state, 'unknown', entry);
      assert.equal(resolver.resolve(at('custom', 'a7')).state, 'unknown');
      assert.equal(resolver.resolve(at('provider', 'environment', 'LINKED')).state, 'unknown');
      // A variable that leads back to itself stays the variable.
      assert.equal(resolver.deref(at('custom', 'a7')).node, at('custom', 'a7'));
    }
    // A cycle longer than the nesting bound is cut there: unknown too.
    const { resolver, at } = resolverOf(serverlessChain(500, true));
    for (const entry of ['a0', 'a3', 'a250']) assert.equal(resolver.resolve(at('custom', entry)).state, 'unknown', entry);
  });

  it('reads each included file once, across files that include each other', () => {
    const bomb = serverlessFileFanOut(22);
    const document = parseDocument(bomb.path, bomb.text);
    const reader = fakeReader(bomb);
    const resolver = new Resolver(document, reader);
    const at = (...path: string[]) => nodeAt(document.root, path);
    assert.deepEqual(resolver.resolve(at('provider', 'environment', 'FROM_FILE')), { state: 'unknown' }, 'too long');
    assert.equal(resolver.resolve(at('provider', 'environment', 'LOOP')).state, 'unknown', 'a key that includes itself');
    assert.deepEqual([...new Set(reader.reads)].sort(), ['a.yml', 'b.yml']);
    assert.equal(reader.reads.length, 2, 'each file read once');
    // Two levels resolve exactly: x2 of a.yml is x1 of b.yml twice, which is x0 of a.yml twice.
    const shallow = { ...bomb, text: bomb.text.replace('${file(./a.yml):x22}', '${file(./a.yml):x2}') };
    const small = resolverOf(shallow);
    assert.deepEqual(small.resolver.resolve(small.at('provider', 'environment', 'FROM_FILE')), { state: 'known', value: 'a-leaf'.repeat(4) });
    assert.deepEqual(small.resolver.resolve(small.at('custom')), { state: 'unknown', reference: 'file(./a.yml)' }, 'a whole map is not a scalar');
  });

  it('decides !And and !Or of shared conditions once each', () => {
    for (const operator of ['And', 'Or'] as const) {
      const bomb = conditionFanOut(8, 10, operator);
      assert.equal(resolverOf(bomb).resolver.evaluateCondition('C8_0'), undefined, 'Stage has no given value');
      const prod = resolverOf(bomb, { Stage: { value: 'prod', source: 'test' } }).resolver;
      assert.equal(prod.evaluateCondition('C8_0'), true);
      assert.ok(prod.workDone.steps < 200, `${prod.workDone.steps} steps`);
      const dev = resolverOf(bomb, { Stage: { value: 'dev', source: 'test' } }).resolver;
      assert.equal(dev.evaluateCondition('C8_0'), false);
    }
  });

  it('leaves out a resource whose shared condition is decided false, and names the parameter once', () => {
    const bomb = conditionFanOut(8, 10);
    const parameters = { Stage: { value: 'prod', source: 'samconfig.toml' } };
    const { resolver, at } = resolverOf(bomb, parameters);
    const outcomes = resolver.outcomes(at('Resources', 'Fn', 'Properties', 'Environment', 'Variables', 'MODE'));
    assert.equal(outcomes.length, 1);
    assert.equal(outcomes[0].state, 'known');
    assert.deepEqual(outcomes[0].state === 'known' && outcomes[0].assumptions, ['condition C8_0 is true (parameter Stage = prod from samconfig.toml)']);
    const dev = analyze({ path: bomb.path, text: bomb.text, rules: allRules, parameters: { Stage: { value: 'dev', source: 'test' } } });
    assert.ok(!dev.model?.resources.some((resource) => resource.logicalId === 'Guarded'));
  });

  it('cuts a chain of 10,000 conditions without overflowing the stack', () => {
    const { resolver } = resolverOf(conditionChain(10_000), { Stage: { value: 'prod', source: 'test' } });
    assert.equal(resolver.evaluateCondition('C10000'), undefined);
    assert.equal(resolver.evaluateCondition('C20'), true);
    assert.equal(resolver.evaluateCondition('C21'), false);
  });

  it('keeps assumptions once each when parameter defaults double', () => {
    const { resolver, at } = resolverOf(parameterSubFanOut(22));
    const p12 = resolver.resolve(nodeAt(at('Parameters'), ['P12', 'Default']));
    assert.equal(p12.state, 'known');
    assert.equal(String((p12 as { value: string }).value).length, 10 * 4096);
    assert.deepEqual((p12 as { assumptions?: string[] }).assumptions, ['parameter P0 keeps its default', 'parameter P1 keeps its default', 'parameter P2 keeps its default', 'parameter P3 keeps its default', 'parameter P4 keeps its default', 'parameter P5 keeps its default', 'parameter P6 keeps its default', 'parameter P7 keeps its default', 'parameter P8 keeps its default', 'parameter P9 keeps its default', 'parameter P10 keeps its default', 'parameter P11 keeps its default']);
    assert.deepEqual(resolver.resolve(at('Resources', 'Fn', 'Properties', 'Environment', 'Variables', 'BIG')), { state: 'unknown' });
  });

  it('resolves a Fn::Sub with 5,000 variables', () => {
    const { resolver, at } = resolverOf(subManyVariables(5_000));
    const resolved = resolver.resolve(at('Resources', 'Fn', 'Properties', 'Environment', 'Variables', 'MANY'));
    assert.deepEqual(resolved, { state: 'known', value: Array.from({ length: 5_000 }, (_, index) => `v${index}`).join('-') });
  });

  it('resolves Fn::Join nested 90 deep, and caps the alternatives of Fn::If nested as deep', () => {
    const { resolver, at } = resolverOf(nestedIf(90));
    const variables = at('Resources', 'Fn', 'Properties', 'Environment', 'Variables');
    const joined = resolver.resolve(nodeAt(variables, ['NESTED_JOIN']));
    assert.deepEqual(joined, { state: 'known', value: [...Array.from({ length: 90 }, (_, index) => `j${89 - index}`), 'end'].join('-') });
    const outcomes = resolver.outcomes(nodeAt(variables, ['NESTED_IF']));
    assert.ok(outcomes.length <= MAX_ALTERNATIVES, `${outcomes.length} outcomes`);
    assert.ok(outcomes.some((outcome) => outcome.state === 'known' && outcome.value === 'x89'), 'the outermost alternative is kept');
  });

  it('caps alternatives that double through aliases and through variables', () => {
    const aliases = resolverOf(aliasIfFanOut(40));
    const key = aliases.at('Resources', 'Topic', 'Properties', 'KmsMasterKeyId');
    assert.ok(aliases.resolver.branches(key).length <= MAX_ALTERNATIVES);
    assert.ok(aliases.resolver.outcomes(key).length <= MAX_ALTERNATIVES);
    assert.ok(aliases.resolver.valuesAt(aliases.at('Resources', 'Topic'), ['Properties', 'KmsMasterKeyId']).length <= MAX_ALTERNATIVES);
    const variables = resolverOf(serverlessIfChain(100));
    const choice = variables.resolver.resolve(variables.at('provider', 'environment', 'CHOICE'));
    assert.equal(choice.state, 'unknown');
    assert.ok(choice.state === 'unknown' && (choice.branches?.length ?? 0) <= MAX_ALTERNATIVES);
    // Twenty levels give 21 alternatives, in one flat list.
    const b20 = variables.resolver.resolve(variables.at('custom', 'b20'));
    assert.deepEqual(b20.state === 'unknown' && b20.branches?.map((branch) => branch.state === 'known' && branch.value), ['leaf', ...Array.from({ length: 20 }, (_, index) => `v${index + 1}`)]);
  });

  it('bounds the characters of all strings built, not only of each', () => {
    const { resolver, at } = resolverOf(serverlessWideReuse(20_000));
    const environment = at('provider', 'environment');
    assert.deepEqual(resolver.resolve(nodeAt(environment, ['V0'])), { state: 'known', value: `${'abcdefghij'.repeat(4096)}-0` });
    const states = Array.from({ length: 20_000 }, (_, index) => resolver.resolve(nodeAt(environment, [`V${index}`])).state);
    // 4 M characters hold about a hundred strings of 40 KB; the rest are unknown.
    const known = states.filter((state) => state === 'known').length;
    assert.ok(known > 90 && known < 110, `${known} known`);
    assert.deepEqual(states.slice(known), Array(20_000 - known).fill('unknown'));
    assert.equal(resolver.workDone.isBounded, true);
  });

  it('ends as unknown, not as an exception, when the work budget is spent', () => {
    const { resolver, at } = resolverOf(serverlessChain(30), undefined, 10);
    assert.equal(resolver.resolve(at('provider', 'environment', 'LINKED')).state, 'unknown');
    assert.equal(resolver.workDone.isBounded, true);
    assert.equal(resolver.workDone.steps, 10);
    assert.deepEqual(resolver.resolve(at('provider', 'environment', 'DB_PASSWORD')), { state: 'known', value: SECRET }, 'a literal costs nothing');
  });
});

describe('resolver budget: hover explanations of the bombs stay short', () => {
  for (const bomb of allBombs()) {
    it(bomb.name, () => {
      const { resolver } = resolverOf(bomb);
      const start = cpuNow();
      let offset = 0;
      let largest = 0;
      let hovers = 0;
      for (const line of bomb.text.split('\n')) {
        const colon = line.indexOf(': ');
        // The first 300 values are enough: the long bombs repeat one shape.
        if (colon >= 0 && hovers < 300) {
          hovers++;
          const explanation = resolver.explainAt(offset + colon + 2);
          if (explanation) largest = Math.max(largest, stepCount(explanation.steps));
        }
        offset += line.length + 1;
      }
      assert.ok(largest <= MAX_EXPLANATION_STEPS + 20, `${largest} steps`);
      const ms = cpuNow() - start;
      assert.ok(ms < TIME_BOUND_MS * 2, `${hovers} hovers in ${ms.toFixed(0)} ms of CPU time`);
    });
  }

  it('explains each shared condition once', () => {
    const bomb = conditionFanOut(3, 10);
    const { resolver } = resolverOf(bomb, { Stage: { value: 'prod', source: 'test' } });
    const explanation = resolver.explainAt(bomb.text.indexOf('C3_0: ') + 6);
    assert.ok(explanation);
    const texts: string[] = [];
    const walk = (steps: ExplanationStep[]) => steps.forEach((step) => (texts.push(step.text), walk(step.children)));
    walk(explanation.steps);
    assert.equal(texts.filter((text) => text === 'condition `C0_0` is true').length, 1);
    assert.ok(texts.some((text) => text === 'condition `C0_0` is true (explained above)'));
    assert.ok(texts.some((text) => /^\.\.\. and \d+ more, not shown$/.test(text)), 'the rest is counted, not listed');
  });
});

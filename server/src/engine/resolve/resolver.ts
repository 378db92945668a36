/**
 * Resolves values to known, partial or unknown: CloudFormation intrinsics
 * (Ref, GetAtt, Sub, Join, If, FindInMap, Select), Conditions, and Serverless
 * variables (`${self:}`, `${opt:}`, `${sls:}`, `${env:}`, `${file()}`, `${ssm:}`...).
 * It never guesses: what depends on deploy-time input stays unknown, and a
 * condition is decided only from constants and parameter values the user gave.
 * Each node, variable and condition is resolved once per resolver (one per
 * document version), within bounds: a reference bomb ends as unknown, never as
 * an exception, a stack overflow or minutes of work.
 */
import { parseDocument } from '../parse';
import { entryOf, intrinsicName, isMap, isScalar, isSeq, nodeAt, scalarText, valueOf } from '../parse/tree';
import type { ParameterValues, ParsedDocument, SourceNode, TextRange, WorkspaceFileReader } from '../types';
import { explainNode, type ValueExplanation } from './explain';

export type ScalarValue = string | number | boolean | null;

export type Resolved =
  /** `assumptions` names what the value rests on, such as a parameter's default. */
  | { state: 'known'; value: ScalarValue; assumptions?: string[] }
  /** A string with unknown parts; `text` shows them as `${...}` placeholders. */
  | { state: 'partial'; text: string; assumptions?: string[] }
  /**
   * `reference` says what it points at when that is known: `ssm:/x`, `resource:MyTable`,
   * `import:Name`, `secretsmanager:...`. `branches` are the outcomes of an unresolved `Fn::If`.
   */
  | { state: 'unknown'; reference?: string; branches?: Resolved[] };

/** One side of an `Fn::If`: the named condition is true or false. */
export interface ConditionAssumption {
  condition: string;
  value: boolean;
}

/** A value a node can take, and the conditions under which it does (empty: always). */
export type Outcome = Resolved & { when: ConditionAssumption[] };

export interface Branch {
  node: SourceNode | null | undefined;
  when: ConditionAssumption[];
  /** Conditions that were decided on the way (`condition IsProd is true: parameter Stage = prod from samconfig.toml`). */
  assumptions?: string[];
}

export interface ResolverOptions {
  /** Parameter values given by the user; used before defaults, and the only ones conditions are decided on. */
  parameters?: ParameterValues;
  /** The work budget (MAX_STEPS unless given); tests give a small one to reach it. */
  maxSteps?: number;
}

/**
 * Text for a message: `` (always), ` when condition IsProd is false`,
 * ` when conditions A is true and B is false`. A condition named twice (a
 * property path and its value under the same `Fn::If`) is said once.
 */
export function describeWhen(when: readonly ConditionAssumption[]): string {
  const unique = when.filter((assumption, index) => when.findIndex((other) => other.condition === assumption.condition) === index);
  if (unique.length === 0) return '';
  const parts = unique.map((assumption) => `${assumption.condition} is ${assumption.value}`);
  return ` when condition${unique.length > 1 ? 's' : ''} ${parts.join(' and ')}`;
}

/** The conditions of both lists, each once, or undefined when they contradict each other (one says C is true, the other false). */
export function combineWhen(a: readonly ConditionAssumption[], b: readonly ConditionAssumption[]): ConditionAssumption[] | undefined {
  const merged = [...a];
  for (const assumption of b) {
    const existing = merged.find((item) => item.condition === assumption.condition);
    if (existing && existing.value !== assumption.value) return undefined;
    if (!existing) merged.push(assumption);
  }
  return merged;
}

/**
 * Where a property path ends on one branch: at a node, nowhere (`absent`: a
 * key is missing or `AWS::NoValue`), or at something that cannot be read as
 * a map (`unknown`: `!Ref SomeParameter` for a whole map, an import).
 */
export type PathBranch =
  | { state: 'present'; node: SourceNode; when: ConditionAssumption[]; assumptions: string[] }
  | { state: 'absent'; when: ConditionAssumption[]; assumptions: string[] }
  | { state: 'unknown'; node: SourceNode; when: ConditionAssumption[]; assumptions: string[] };

/** One value a property path can take, and the conditions and assumptions it rests on. */
export interface PathValue {
  state: 'absent' | 'known' | 'unknown';
  /** The scalar, when `state` is `known` (never null: an explicit null is `absent`). */
  value?: string | number | boolean;
  when: ConditionAssumption[];
  /** What the value rests on, such as "parameter X keeps its default". */
  assumptions: string[];
  /** The node the value was read from; undefined when absent. */
  node?: SourceNode;
}

/** How deep `branches` unwraps nested `Fn::If` around maps and lists. */
const MAX_DEPTH = 25;
/**
 * Resolutions open at once (a chain of references, nested intrinsics, nested
 * condition expressions). Far beyond real templates; it keeps a chain of
 * 10,000 references from overflowing the stack. Past it, a value is unknown.
 */
const MAX_NESTING = 100;
/**
 * Resolutions one resolver may compute (each node, variable and condition
 * counts once, since results are memoised). Real templates need a few
 * thousand; past the budget, what is not yet resolved is unknown.
 */
const MAX_STEPS = 200_000;
/** A string doubled 22 times is 4 million characters; past this length a value is unknown. */
export const MAX_RESOLVED_LENGTH = 64 * 1024;
/**
 * Characters of all strings one resolver builds. A 40 KB string reused by
 * 20,000 variables, each a new string, is 800 MB; past this total a new string is unknown.
 */
const MAX_TOTAL_RESOLVED_LENGTH = 4 * 1024 * 1024;
/** Alternatives one value or path may have (nested `Fn::If`); past this it is unknown rather than a list that doubles per level. */
export const MAX_ALTERNATIVES = 64;
/**
 * The value of a string past MAX_RESOLVED_LENGTH. A string that contains it is
 * too long as well (unknown, not a partial string of placeholders that doubles
 * again at the next level). Frozen: it is shared.
 */
const TOO_LONG: Resolved = Object.freeze({ state: 'unknown' as const });
/** Marks a memo entry whose resolution is under way: meeting it again is a cycle. */
const PENDING = Symbol('pending');
const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::NotificationARNs']);
/** Serverless sources that are fetched at deploy time: opaque, but known to be references. */
const OPAQUE_SERVERLESS_SOURCES = new Set(['ssm', 'cf', 's3', 'aws', 'param', 'secretsmanager', 'sls', 'env', 'opt', 'self', 'file', 'strToBool', 'terraform', 'vault', 'doppler']);

type Memo<K, V> = Map<K, V | typeof PENDING>;

/** One resolution under way; `isCyclic` is set when a resolution it started came back to one still open. */
interface Frame {
  cache: Memo<unknown, unknown>;
  key: unknown;
  isCyclic: boolean;
}

/** Results that differ while a condition is decided (parameter defaults and fallbacks do not count there). */
interface ValueCaches {
  nodes: Memo<SourceNode, Resolved>;
  variables: Memo<string, Resolved>;
}

export class Resolver {
  private readonly fileCache = new Map<string, ParsedDocument | null>();
  private readonly parameters: ParameterValues;
  /** While deciding a condition, parameter defaults do not count: only given values do. */
  private isDecidingCondition = false;
  private readonly valueCaches: ValueCaches = { nodes: new Map(), variables: new Map() };
  private readonly conditionValueCaches: ValueCaches = { nodes: new Map(), variables: new Map() };
  /** Decided conditions, keyed by name and the conditions assumed on the branch. */
  private readonly conditionCache: Memo<string, boolean | undefined> = new Map();
  private readonly conditionBasisCache = new Map<string, string[]>();
  private readonly derefCache: Memo<SourceNode, { node: SourceNode | null | undefined; isForeign: boolean }> = new Map();
  private readonly lookupCache: Memo<string, { node: SourceNode | null | undefined; isForeign: boolean } | undefined> = new Map();
  private readonly sectionCache = new Map<string, Map<string, SourceNode | null>>();
  private readonly frames: Frame[] = [];
  /** Open resolutions plus open condition sub-expressions: what MAX_NESTING bounds. */
  private nesting = 0;
  private steps = 0;
  private readonly maxSteps: number;
  /** Set when a bound (nesting, steps, length, alternatives) made a value unknown. */
  private isBounded = false;
  /** Characters of the strings built so far (MAX_TOTAL_RESOLVED_LENGTH bounds them). */
  private resolvedLength = 0;

  constructor(
    private readonly document: ParsedDocument,
    private readonly readFile?: WorkspaceFileReader,
    options: ResolverOptions = {},
  ) {
    this.parameters = options.parameters ?? {};
    this.maxSteps = options.maxSteps ?? MAX_STEPS;
  }

  get root(): SourceNode | null {
    return this.document.root;
  }

  /** The path of the analysed document (for explanations that name files). */
  get path(): string {
    return this.document.path;
  }

  /** Work done so far: resolutions computed (not served from memory), and whether a bound cut one short. */
  get workDone(): { steps: number; isBounded: boolean } {
    return { steps: this.steps, isBounded: this.isBounded };
  }

  /** The value given for a parameter (`--parameters`, `samconfig.toml`), if any. */
  givenParameter(name: string): { value: string; source: string } | undefined {
    return Object.prototype.hasOwnProperty.call(this.parameters, name) ? this.parameters[name] : undefined;
  }

  /** The declaration of a template parameter (`Parameters.X`), also under a serverless.yml's `resources`. */
  parameterNode(name: string): SourceNode | null | undefined {
    return this.sectionEntry('Parameters', name);
  }

  /** The expression of a named condition (`Conditions.X`), also under a serverless.yml's `resources`. */
  conditionNode(name: string): SourceNode | null | undefined {
    return this.sectionEntry('Conditions', name);
  }

  private sectionEntry(section: string, name: string): SourceNode | null | undefined {
    let entries = this.sectionCache.get(section);
    if (!entries) {
      // Read once: a template with 10,000 conditions would otherwise scan them all at each lookup.
      entries = new Map();
      const maps = [valueOf(this.root, section)];
      if (isMap(this.root) && entryOf(this.root, 'service')) {
        const resources = valueOf(this.root, 'resources');
        for (const fragment of isSeq(resources) ? resources.items : [resources]) maps.push(valueOf(fragment, section));
      }
      // The top-level section wins, then the fragments in order; within a map the last duplicate key wins, as in `valueOf`.
      for (const map of maps.reverse()) {
        if (!isMap(map)) continue;
        const own = new Map<string, SourceNode | null>();
        for (const entry of map.entries) own.set(String(entry.key.value), entry.value);
        for (const [key, value] of own) entries.set(key, value);
      }
      this.sectionCache.set(section, entries);
    }
    return entries.has(name) ? entries.get(name) : undefined;
  }

  /**
   * Memoises one resolution: computed once, then served from `cache`. Meeting a
   * key whose resolution is still open is a cycle: every resolution from that
   * one to the current is part of it and ends as `fallback` (so the result does
   * not depend on where the cycle was entered). Past MAX_NESTING or MAX_STEPS
   * the value is `fallback` too.
   */
  private memo<K, V>(cache: Memo<K, V>, key: K, fallback: V, compute: () => V): V {
    if (cache.has(key)) {
      const cached = cache.get(key);
      if (cached !== PENDING) return cached as V;
      for (let index = this.frames.length - 1; index >= 0; index--) {
        const frame = this.frames[index];
        frame.isCyclic = true;
        if (frame.cache === cache && frame.key === key) break;
      }
      return fallback;
    }
    if (this.nesting >= MAX_NESTING || this.steps >= this.maxSteps) {
      this.isBounded = true;
      return fallback;
    }
    this.steps++;
    const frame: Frame = { cache: cache as Memo<unknown, unknown>, key, isCyclic: false };
    this.frames.push(frame);
    this.nesting++;
    cache.set(key, PENDING);
    let value = fallback;
    try {
      value = compute();
    } finally {
      this.nesting--;
      this.frames.pop();
      cache.set(key, frame.isCyclic ? fallback : value);
    }
    return frame.isCyclic ? fallback : value;
  }

  /** Runs a step of a recursive walk that is not memoised (a condition sub-expression), within MAX_NESTING. */
  private nested<V>(fallback: V, compute: () => V): V {
    if (this.nesting >= MAX_NESTING) {
      this.isBounded = true;
      return fallback;
    }
    this.nesting++;
    try {
      return compute();
    } finally {
      this.nesting--;
    }
  }

  private get caches(): ValueCaches {
    return this.isDecidingCondition ? this.conditionValueCaches : this.valueCaches;
  }

  /**
   * Decides a named condition: true, false, or undefined when it depends on
   * something unknown (a parameter without a given value, a pseudo parameter).
   * `given` are conditions assumed on the current branch. Parameter defaults
   * never decide a condition: the deployer may override them.
   */
  evaluateCondition(name: string, given: readonly ConditionAssumption[] = []): boolean | undefined {
    const assumed = given.find((assumption) => assumption.condition === name);
    if (assumed) return assumed.value;
    const expression = this.conditionNode(name);
    if (expression === undefined || expression === null) return undefined;
    // Once per condition and set of assumed conditions. A condition that refers to itself
    // (directly or not) is invalid; it stays undecided.
    const key = given.length === 0 ? name : `${name}\u0000${whenKey(given)}`;
    return this.memo(this.conditionCache, key, undefined, () => this.evaluateConditionExpression(expression, given));
  }

  /** Decides a condition expression (`Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`). */
  evaluateConditionExpression(node: SourceNode | null | undefined, given: readonly ConditionAssumption[] = []): boolean | undefined {
    if (!node) return undefined;
    if (isScalar(node)) {
      if (typeof node.value === 'boolean') return node.value;
      if (node.value === 'true' || node.value === 'false') return node.value === 'true';
      return undefined;
    }
    const name = intrinsicName(node);
    if (!name || !isMap(node)) return undefined;
    return this.nested(undefined, () => this.evaluateConditionFunction(name, node.entries[0].value, given));
  }

  private evaluateConditionFunction(name: string, argument: SourceNode | null | undefined, given: readonly ConditionAssumption[]): boolean | undefined {
    const items = isSeq(argument) ? argument.items : [];
    {
      switch (name) {
        case 'Condition':
          return this.evaluateCondition(scalarText(argument) ?? '', given);
        case 'Fn::Not': {
          const inner = this.evaluateConditionExpression(isSeq(argument) ? items[0] : argument, given);
          return inner === undefined ? undefined : !inner;
        }
        case 'Fn::And': {
          const values = items.map((item) => this.evaluateConditionExpression(item, given));
          if (values.includes(false)) return false;
          return values.length > 0 && values.every((value) => value === true) ? true : undefined;
        }
        case 'Fn::Or': {
          const values = items.map((item) => this.evaluateConditionExpression(item, given));
          if (values.includes(true)) return true;
          return values.length > 0 && values.every((value) => value === false) ? false : undefined;
        }
        case 'Fn::Equals': {
          if (items.length !== 2) return undefined;
          const [left, right] = items.map((item) => this.resolveForCondition(item));
          if (left.state !== 'known' || right.state !== 'known') return undefined;
          // CloudFormation compares the string forms: `!Equals [!Ref Count, 3]`.
          return String(left.value ?? '') === String(right.value ?? '');
        }
        default:
          return undefined;
      }
    }
  }

  /** Resolves an operand of `Fn::Equals`: like `resolve`, but a parameter counts only with a given value. */
  resolveForCondition(node: SourceNode | null | undefined): Resolved {
    const previous = this.isDecidingCondition;
    this.isDecidingCondition = true;
    try {
      return this.resolve(node);
    } finally {
      this.isDecidingCondition = previous;
    }
  }

  /** Why a condition was decided, for assumptions: `parameter Stage = prod from samconfig.toml`. */
  private conditionBasis(name: string): string[] {
    const cached = this.conditionBasisCache.get(name);
    if (cached) return cached;
    const basis: string[] = [];
    // Each named condition is visited once: `!And` of ten conditions that share theirs is not ten walks.
    const visited = new Set<string>([name]);
    const pending: Array<{ node: SourceNode | null | undefined; depth: number }> = [{ node: this.conditionNode(name), depth: 0 }];
    while (pending.length > 0) {
      const { node, depth } = pending.pop()!;
      if (!node || depth > MAX_NESTING) continue;
      if (intrinsicName(node) === 'Ref' && isMap(node)) {
        const parameter = scalarText(node.entries[0].value) ?? '';
        const given = this.givenParameter(parameter);
        if (given) basis.push(`parameter ${parameter} = ${given.value} from ${given.source}`);
        continue;
      }
      if (intrinsicName(node) === 'Condition' && isMap(node)) {
        const inner = scalarText(node.entries[0].value) ?? '';
        if (!visited.has(inner)) {
          visited.add(inner);
          pending.push({ node: this.conditionNode(inner), depth: depth + 1 });
        }
        continue;
      }
      // Pushed in reverse so that parameters are named in the order they are written.
      if (isMap(node)) for (const entry of [...node.entries].reverse()) pending.push({ node: entry.value, depth: depth + 1 });
      if (isSeq(node)) for (const item of [...node.items].reverse()) pending.push({ node: item, depth: depth + 1 });
    }
    const unique = [...new Set(basis)];
    this.conditionBasisCache.set(name, unique);
    return unique;
  }

  /**
   * Explains how a node's value comes about: the chain of `Ref`, `Sub`,
   * parameters (given values and defaults), conditions, mappings, Serverless
   * variables and SAM `Globals`. For hovers; rules do not need it.
   */
  explain(node: SourceNode | null | undefined): ValueExplanation | undefined {
    return explainNode(this, node);
  }

  /** The explanation of the value under a document offset, if that value is computed (an intrinsic or a variable). */
  explainAt(offset: number): (ValueExplanation & { range: TextRange }) | undefined {
    return explainNode(this, undefined, offset) as (ValueExplanation & { range: TextRange }) | undefined;
  }

  /**
   * Resolves a node that should hold a scalar (a string, a number, a boolean).
   * A literal costs nothing; a variable or an intrinsic is resolved once and remembered.
   */
  resolve(node: SourceNode | null | undefined): Resolved {
    if (!node) return { state: 'known', value: null };
    if (isScalar(node)) {
      const text = node.value;
      if (typeof text === 'string' && text.includes('${') && !this.isCloudFormationSubContext()) {
        return this.memo(this.caches.nodes, node, { state: 'unknown' }, () => this.resolveServerlessString(text));
      }
      return { state: 'known', value: node.value };
    }
    const name = intrinsicName(node);
    if (!name || !isMap(node)) return { state: 'unknown' };
    return this.memo(this.caches.nodes, node, { state: 'unknown' }, () => this.resolveIntrinsic(name, node.entries[0].value));
  }

  private resolveIntrinsic(name: string, argument: SourceNode | null | undefined): Resolved {
    switch (name) {
      case 'Ref':
        return this.resolveRef(scalarText(argument) ?? '');
      case 'Fn::GetAtt': {
        const target = isSeq(argument) ? scalarText(argument.items[0]) : scalarText(argument)?.split('.')[0];
        return { state: 'unknown', reference: `resource:${target ?? '?'}` };
      }
      case 'Fn::Sub':
        return this.resolveSub(argument);
      case 'Fn::Join':
        return this.resolveJoin(argument);
      case 'Fn::If':
        return this.resolveIf(argument);
      case 'Fn::FindInMap':
        return this.resolveFindInMap(argument);
      case 'Fn::Select':
        return this.resolveSelect(argument);
      case 'Fn::ImportValue':
        return { state: 'unknown', reference: `import:${this.display(this.resolve(argument))}` };
      default:
        return { state: 'unknown' };
    }
  }

  /** Resolves to a string when fully known. */
  resolveString(node: SourceNode | null | undefined): string | undefined {
    const resolved = this.resolve(node);
    return resolved.state === 'known' && resolved.value !== null ? String(resolved.value) : undefined;
  }

  /**
   * Every value a node can take: the branches of `Fn::If` (nested ones too),
   * or the value itself. Each outcome says under which conditions it holds
   * (`when`), so that a rule can name the condition in its message.
   */
  outcomes(node: SourceNode | null | undefined, when: ConditionAssumption[] = []): Outcome[] {
    const all = this.branches(node, when).flatMap((branch) => {
      const outcomes = this.outcomesOf(this.resolve(branch.node), branch.when);
      if (!branch.assumptions?.length) return outcomes;
      return outcomes.map((outcome) => (outcome.state === 'unknown' ? outcome : { ...outcome, assumptions: [...(outcome.assumptions ?? []), ...branch.assumptions!] }));
    });
    if (all.length <= MAX_ALTERNATIVES) return all;
    this.isBounded = true;
    return [{ state: 'unknown', when }];
  }

  /**
   * The nodes a value can be: `Fn::If` wrapping a whole map or list (a
   * `BucketEncryption: !If [...]`) is unwrapped into its branches, each with
   * the conditions it holds under; `Ref: AWS::NoValue` becomes `null`, the
   * property being absent. A node without `Fn::If` is its own single branch.
   */
  branches(node: SourceNode | null | undefined, when: ConditionAssumption[] = []): Branch[] {
    const found: Branch[] = [];
    if (this.collectBranches(node, when, 0, [], found)) return found;
    // Too many alternatives (`Fn::If` shared through aliases doubles them at each level): the
    // node itself, an intrinsic that rules read as unknown.
    this.isBounded = true;
    return [{ node, when }];
  }

  /** Adds the branches of `node` to `found`; false when they would be more than MAX_ALTERNATIVES. */
  private collectBranches(node: SourceNode | null | undefined, when: ConditionAssumption[], depth: number, assumptions: string[], found: Branch[]): boolean {
    const add = (target: SourceNode | null | undefined): boolean => {
      found.push(assumptions.length ? { node: target, when, assumptions } : { node: target, when });
      return found.length <= MAX_ALTERNATIVES;
    };
    if (intrinsicName(node) === 'Ref' && isMap(node) && scalarText(node.entries[0].value) === 'AWS::NoValue') return add(null);
    if (intrinsicName(node) !== 'Fn::If' || !isMap(node) || depth > MAX_DEPTH) return add(node);
    const argument = node.entries[0].value;
    if (!isSeq(argument) || argument.items.length < 3) return add(node);
    const condition = scalarText(argument.items[0]) ?? '?';
    // A condition decided by constants, given parameter values or the branch already taken
    // leaves one branch: the other cannot happen, and is not reported.
    const decided = this.evaluateCondition(condition, when);
    if (decided !== undefined) {
      const isAssumedOnThisBranch = when.some((assumption) => assumption.condition === condition);
      const basis = isAssumedOnThisBranch ? [] : [`condition ${condition} is ${decided}${this.describeBasis(condition)}`];
      return this.collectBranches(argument.items[decided ? 1 : 2], when, depth + 1, [...assumptions, ...basis], found);
    }
    return (
      this.collectBranches(argument.items[1], [...when, { condition, value: true }], depth + 1, assumptions, found) &&
      this.collectBranches(argument.items[2], [...when, { condition, value: false }], depth + 1, assumptions, found)
    );
  }

  /**
   * Every place a property path under `root` can end: `Fn::If` is unwrapped
   * at every level (branches that contradict the conditions already taken are
   * dropped), and in a serverless.yml a whole-node variable
   * (`${self:custom.encryption}`) is followed within this file.
   */
  branchesAt(root: SourceNode | null | undefined, path: readonly string[], when: ConditionAssumption[] = []): PathBranch[] {
    let frontier: PathBranch[] = this.pathStep(root, when, []);
    for (const key of path) {
      frontier = frontier.flatMap((branch) => {
        if (branch.state !== 'present') return [branch];
        if (!isMap(branch.node) || intrinsicName(branch.node)) return [{ state: 'unknown' as const, node: branch.node, when: branch.when, assumptions: branch.assumptions }];
        return this.pathStep(entryOf(branch.node, key)?.value, branch.when, branch.assumptions);
      });
      if (frontier.length > MAX_ALTERNATIVES && root) {
        // Alternatives multiply along the path; past the cap the whole path is unknown.
        this.isBounded = true;
        return [{ state: 'unknown', node: root, when, assumptions: [] }];
      }
    }
    return frontier;
  }

  /**
   * Every value the property at `path` under `root` can take (see
   * `branchesAt`), resolved: a branch without the property, or with a null
   * value, is `absent`; one that cannot be resolved is `unknown`, never a
   * value; partial strings are `unknown` too.
   */
  valuesAt(root: SourceNode | null | undefined, path: readonly string[], when: ConditionAssumption[] = []): PathValue[] {
    const values = this.branchesAt(root, path, when).flatMap((branch): PathValue[] => {
      if (branch.state === 'absent') return [{ state: 'absent', when: branch.when, assumptions: branch.assumptions }];
      if (branch.state === 'unknown') return [{ state: 'unknown', when: branch.when, assumptions: branch.assumptions, node: branch.node }];
      return this.outcomes(branch.node, branch.when).map((outcome): PathValue => {
        const assumptions = [...branch.assumptions, ...(outcome.state === 'unknown' ? [] : (outcome.assumptions ?? []))];
        if (outcome.state !== 'known') return { state: 'unknown', when: outcome.when, assumptions, node: branch.node };
        if (outcome.value === null) return { state: 'absent', when: outcome.when, assumptions };
        return { state: 'known', value: outcome.value, when: outcome.when, assumptions, node: branch.node };
      });
    });
    if (values.length <= MAX_ALTERNATIVES) return values;
    this.isBounded = true;
    return [{ state: 'unknown', when, assumptions: [], node: root ?? undefined }];
  }

  /** One level of a path: the branches of a node (after following a whole-node Serverless variable). */
  private pathStep(node: SourceNode | null | undefined, when: ConditionAssumption[], assumptions: string[]): PathBranch[] {
    if (node === null || node === undefined) return [{ state: 'absent', when, assumptions }];
    let target: SourceNode | null | undefined = node;
    if (isScalar(node) && !this.isCloudFormationSubContext()) {
      const followed = this.deref(node);
      if (!followed.isForeign) target = followed.node;
    }
    return this.branches(target, when).map((branch): PathBranch => {
      const all = [...assumptions, ...(branch.assumptions ?? [])];
      return branch.node === null || branch.node === undefined ? { state: 'absent', when: branch.when, assumptions: all } : { state: 'present', node: branch.node, when: branch.when, assumptions: all };
    });
  }

  private describeBasis(condition: string): string {
    const basis = this.conditionBasis(condition);
    return basis.length ? ` (${basis.join(', ')})` : '';
  }

  private outcomesOf(resolved: Resolved, when: ConditionAssumption[]): Outcome[] {
    if (resolved.state !== 'unknown' || !resolved.branches) return [{ ...resolved, when }];
    // An `Fn::If` inside a string (`!Sub` of an `!If`) resolves to branches too; their conditions are
    // not recorded there. `resolveIf` keeps them flat, so this is one level.
    return resolved.branches.map((branch) => ({ ...branch, when }));
  }

  /**
   * Follows a node that is wholly one Serverless variable (`${self:custom.x}`,
   * `${file(./iam.yml):statements}`) to the node it names, so that model
   * builders can read structures declared elsewhere. `isForeign` tells that
   * the node lives in another file, so its ranges are not this document's.
   */
  deref(node: SourceNode | null | undefined): { node: SourceNode | null | undefined; isForeign: boolean } {
    if (!isScalar(node) || typeof node.value !== 'string') return { node, isForeign: false };
    const match = /^\$\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}$/.exec(node.value.trim());
    if (!match) return { node, isForeign: false };
    // A variable that leads back to itself (`a: ${self:custom.b}`, `b: ${self:custom.a}`) stays the variable.
    return this.memo(this.derefCache, node, { node, isForeign: false }, () => {
      const target = this.lookupVariableNode(match[1]);
      if (!target) return { node, isForeign: false };
      const next = this.deref(target.node);
      return { node: next.node, isForeign: target.isForeign || next.isForeign };
    });
  }

  /** Human-readable text of a resolved value, for messages. */
  display(resolved: Resolved): string {
    if (resolved.state === 'known') return String(resolved.value);
    if (resolved.state === 'partial') return resolved.text;
    return resolved.reference ? `<${resolved.reference}>` : '<unknown>';
  }

  // --- CloudFormation -----------------------------------------------------

  private isCloudFormationSubContext(): boolean {
    // `${...}` in a plain CloudFormation string is literal text; only in serverless.yml is it a variable.
    return !isMap(this.root) || !entryOf(this.root, 'service') || !entryOf(this.root, 'provider');
  }

  private resolveRef(name: string): Resolved {
    if (name === 'AWS::NoValue') return { state: 'known', value: null };
    if (PSEUDO_PARAMETERS.has(name)) return { state: 'unknown', reference: `pseudo:${name}` };
    const parameter = this.parameterNode(name);
    if (parameter) {
      const given = this.givenParameter(name);
      if (given) return { state: 'known', value: given.value, assumptions: [`parameter ${name} = ${given.value} from ${given.source}`] };
      // A condition is never decided on a default: the deployer may override it.
      if (this.isDecidingCondition) return { state: 'unknown', reference: `parameter:${name}` };
      const fallback = valueOf(parameter, 'Default');
      if (fallback === undefined || fallback === null) return { state: 'unknown', reference: `parameter:${name}` };
      const resolved = this.resolve(fallback);
      const assumption = `parameter ${name} keeps its default`;
      if (resolved.state === 'known' || resolved.state === 'partial') return { ...resolved, assumptions: [...(resolved.assumptions ?? []), assumption] };
      return resolved;
    }
    return { state: 'unknown', reference: `resource:${name}` };
  }

  private resolveSub(argument: SourceNode | null | undefined): Resolved {
    let template: string | undefined;
    let variables: SourceNode | null | undefined;
    if (isSeq(argument)) {
      template = scalarText(argument.items[0]);
      variables = argument.items[1];
    } else template = scalarText(argument);
    if (template === undefined) return { state: 'unknown' };
    // The variable map read once (the last duplicate key wins, as in `valueOf`): a Sub with
    // thousands of variables would otherwise scan the map for each.
    const table = new Map<string, SourceNode | null>();
    if (isMap(variables)) for (const entry of variables.entries) table.set(String(entry.key.value), entry.value);
    let isPartial = false;
    let isTooLong = false;
    let length = template.length;
    const assumptions: string[] = [];
    const text = template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (isTooLong) return '';
      if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
      let resolved: Resolved;
      if (table.has(inner)) resolved = this.resolve(table.get(inner));
      else if (inner.includes('.')) resolved = { state: 'unknown', reference: `resource:${inner.split('.')[0]}` };
      else resolved = this.resolveRef(inner);
      if (resolved === TOO_LONG) isTooLong = true;
      if (isTooLong) return '';
      let part: string;
      if (resolved.state === 'known') {
        assumptions.push(...(resolved.assumptions ?? []));
        part = resolved.value === null ? '' : String(resolved.value);
      } else {
        isPartial = true;
        part = resolved.state === 'partial' ? resolved.text : whole;
      }
      length += part.length - whole.length;
      if (length > MAX_RESOLVED_LENGTH) isTooLong = true;
      return isTooLong ? '' : part;
    });
    if (isTooLong || !this.isWithinTotalLength(text)) return this.tooLong();
    const withAssumptions = assumptions.length ? { assumptions: [...new Set(assumptions)] } : {};
    if (isPartial) return { state: 'partial', text, ...withAssumptions };
    return { state: 'known', value: text, ...withAssumptions };
  }

  private resolveJoin(argument: SourceNode | null | undefined): Resolved {
    if (!isSeq(argument) || argument.items.length < 2) return { state: 'unknown' };
    const delimiter = scalarText(argument.items[0]) ?? '';
    const list = argument.items[1];
    if (!isSeq(list)) return { state: 'unknown' };
    let isPartial = false;
    let length = 0;
    const parts: string[] = [];
    for (const item of list.items) {
      const resolved = this.resolve(item);
      if (resolved === TOO_LONG) return this.tooLong();
      let part: string;
      if (resolved.state === 'known') part = resolved.value === null ? '' : String(resolved.value);
      else {
        isPartial = true;
        part = resolved.state === 'partial' ? resolved.text : joinPlaceholder(item);
      }
      length += part.length + delimiter.length;
      if (length > MAX_RESOLVED_LENGTH) return this.tooLong();
      parts.push(part);
    }
    const text = parts.join(delimiter);
    if (!this.isWithinTotalLength(text)) return this.tooLong();
    return isPartial ? { state: 'partial', text } : { state: 'known', value: text };
  }

  private resolveIf(argument: SourceNode | null | undefined): Resolved {
    if (!isSeq(argument) || argument.items.length < 3) return { state: 'unknown' };
    const condition = scalarText(argument.items[0]) ?? '';
    const decided = this.evaluateCondition(condition);
    if (decided !== undefined) {
      // The other branch cannot happen; the value rests on the condition being decided.
      const resolved = this.resolve(argument.items[decided ? 1 : 2]);
      if (resolved.state === 'unknown') return resolved;
      return { ...resolved, assumptions: [...(resolved.assumptions ?? []), `condition ${condition} is ${decided}${this.describeBasis(condition)}`] };
    }
    const [first, second] = [this.resolve(argument.items[1]), this.resolve(argument.items[2])];
    if (first.state === 'known' && second.state === 'known' && first.value === second.value) return first;
    const reference = `condition:${scalarText(argument.items[0]) ?? '?'}`;
    // Nested `Fn::If` alternatives are kept in one flat list, each once: an `Fn::If` of an
    // `Fn::If` shared through variables or aliases would otherwise double at each level.
    const branches: Resolved[] = [];
    const seen = new Set<string>();
    for (const alternative of [first, second].flatMap((side) => (side.state === 'unknown' && side.branches ? side.branches : [side]))) {
      const key = JSON.stringify(alternative);
      if (seen.has(key)) continue;
      seen.add(key);
      branches.push(alternative);
      if (branches.length > MAX_ALTERNATIVES) {
        this.isBounded = true;
        return { state: 'unknown', reference };
      }
    }
    return { state: 'unknown', reference, branches };
  }

  private resolveFindInMap(argument: SourceNode | null | undefined): Resolved {
    if (!isSeq(argument) || argument.items.length < 3) return { state: 'unknown' };
    const keys = argument.items.slice(0, 3).map((item) => this.resolve(item));
    if (keys.some((key) => key.state !== 'known')) return { state: 'unknown' };
    const path = keys.map((key) => String((key as { value: ScalarValue }).value));
    const found = nodeAt(valueOf(this.root, 'Mappings'), path);
    return found === undefined ? { state: 'unknown' } : this.resolve(found);
  }

  private resolveSelect(argument: SourceNode | null | undefined): Resolved {
    if (!isSeq(argument) || argument.items.length < 2) return { state: 'unknown' };
    const index = this.resolve(argument.items[0]);
    const list = argument.items[1];
    if (index.state !== 'known' || !isSeq(list)) return { state: 'unknown' };
    const item = list.items[Number(index.value)];
    return item ? this.resolve(item) : { state: 'unknown' };
  }

  /** Counts a string built from parts; false once all of them together pass MAX_TOTAL_RESOLVED_LENGTH. */
  private isWithinTotalLength(text: string): boolean {
    this.resolvedLength += text.length;
    return this.resolvedLength <= MAX_TOTAL_RESOLVED_LENGTH;
  }

  /** A value longer than MAX_RESOLVED_LENGTH: unknown, rather than a string that doubles per level. */
  private tooLong(): Resolved {
    this.isBounded = true;
    return TOO_LONG;
  }

  // --- Serverless Framework variables ---------------------------------------

  private resolveServerlessString(text: string): Resolved {
    const variables = findVariables(text);
    if (variables.length === 0) return { state: 'known', value: text };
    // A string that is exactly one variable takes that variable's value and type.
    if (variables.length === 1 && variables[0].start === 0 && variables[0].end === text.length) {
      return this.resolveVariable(variables[0].inner);
    }
    let isPartial = false;
    let result = '';
    let last = 0;
    for (const variable of variables) {
      result += text.slice(last, variable.start);
      const resolved = this.resolveVariable(variable.inner);
      if (resolved === TOO_LONG) return this.tooLong();
      if (resolved.state === 'known') result += resolved.value === null ? '' : String(resolved.value);
      else {
        isPartial = true;
        result += resolved.state === 'partial' ? resolved.text : text.slice(variable.start, variable.end);
      }
      if (result.length > MAX_RESOLVED_LENGTH) return this.tooLong();
      last = variable.end;
    }
    result += text.slice(last);
    if (result.length > MAX_RESOLVED_LENGTH || !this.isWithinTotalLength(result)) return this.tooLong();
    return isPartial ? { state: 'partial', text: result } : { state: 'known', value: result };
  }

  /** `inner` is the text between `${` and `}`: `self:custom.x, 'fallback'`. The same text means the same value throughout the document. */
  private resolveVariable(inner: string): Resolved {
    return this.memo(this.caches.variables, inner, { state: 'unknown' }, () => {
      const [address, ...fallbacks] = splitTopLevel(inner, ',').map((part) => part.trim());
      const primary = this.resolveAddress(address);
      if (primary.state === 'known' && primary.value !== null) return primary;
      // A fallback is what deploys when no option or variable is given; a condition must not be decided on it.
      if (this.isDecidingCondition) return { state: 'unknown', reference: address };
      for (const fallback of fallbacks) {
        const resolved = this.resolveFallback(fallback);
        if (resolved.state === 'known' && resolved.value !== null) return resolved;
      }
      return primary.state === 'known' ? { state: 'unknown', reference: address } : primary;
    });
  }

  private resolveFallback(fallback: string): Resolved {
    const quoted = /^(['"])(.*)\1$/s.exec(fallback);
    if (quoted) return this.resolveServerlessString(quoted[2]);
    if (/^-?\d+(\.\d+)?$/.test(fallback)) return { state: 'known', value: Number(fallback) };
    if (fallback === 'true' || fallback === 'false') return { state: 'known', value: fallback === 'true' };
    if (fallback === 'null') return { state: 'known', value: null };
    if (fallback.startsWith('${')) return this.resolveServerlessString(fallback);
    return this.resolveAddress(fallback);
  }

  private resolveAddress(address: string): Resolved {
    const source = /^([A-Za-z][\w.-]*)(?:\(([^)]*)\))?:?(.*)$/s.exec(address);
    if (!source) return { state: 'unknown' };
    const [, sourceName] = source;
    if (sourceName === 'self' || sourceName === 'file') {
      const target = this.lookupVariableNode(address);
      if (!target) return { state: 'unknown', reference: address };
      if (isScalar(target.node) || (isMap(target.node) && intrinsicName(target.node))) return this.resolve(target.node);
      return { state: 'unknown', reference: address };
    }
    if (sourceName === 'sls' && source[3] === 'stage') return this.defaultStage();
    if (sourceName === 'opt' && source[3] === 'stage') return { state: 'unknown', reference: 'opt:stage' };
    if (sourceName === 'env') return { state: 'unknown', reference: address };
    if (OPAQUE_SERVERLESS_SOURCES.has(sourceName)) return { state: 'unknown', reference: address };
    return { state: 'unknown', reference: address };
  }

  private defaultStage(): Resolved {
    // `--stage` overrides provider.stage at deploy time, so a condition on the stage stays undecided.
    if (this.isDecidingCondition) return { state: 'unknown', reference: 'sls:stage' };
    const stage = nodeAt(this.root, ['provider', 'stage']);
    if (stage) {
      const resolved = this.resolve(stage);
      if (resolved.state === 'known') return resolved;
    }
    // The Serverless Framework deploys to `dev` unless told otherwise.
    return { state: 'known', value: 'dev', assumptions: ['the default stage dev'] };
  }

  /** Finds the node a `self:` or `file(...)` address names, once per address. */
  private lookupVariableNode(inner: string): { node: SourceNode | null | undefined; isForeign: boolean } | undefined {
    const [address] = splitTopLevel(inner, ',').map((part) => part.trim());
    return this.memo(this.lookupCache, address, undefined, () => this.findVariableNode(address));
  }

  private findVariableNode(address: string): { node: SourceNode | null | undefined; isForeign: boolean } | undefined {
    const self = /^self:(.*)$/s.exec(address);
    if (self) {
      const path = self[1].trim();
      if (path === '') return { node: this.root, isForeign: false };
      // Step by step, following variables on the way: `custom: ${file(./custom.yml)}` makes
      // `${self:custom.table}` a key of that file, and its node a foreign one.
      let current: { node: SourceNode | null | undefined; isForeign: boolean } = { node: this.root, isForeign: false };
      for (const step of this.dottedPath(path)) {
        const next = this.deref(valueOf(current.node, step));
        if (next.node === undefined) return undefined;
        current = { node: next.node, isForeign: current.isForeign || next.isForeign };
      }
      return current;
    }
    const file = /^file\(([^)]*)\)(?::(.*))?$/s.exec(address);
    if (file && this.readFile) {
      const relativePath = this.filePathOf(file[1]);
      // Only data files: `${file(x.js)}` runs code in the framework, and we never execute anything.
      if (relativePath === undefined || !/\.(ya?ml|json)$/i.test(relativePath)) return undefined;
      const parsed = this.loadFile(relativePath);
      if (!parsed) return undefined;
      const subPath = file[2]?.trim();
      const node = subPath ? nodeAt(parsed.root, this.dottedPath(subPath)) : parsed.root;
      return node === undefined ? undefined : { node, isForeign: true };
    }
    return undefined;
  }

  /**
   * Why a `${file(...)}` address gives nothing, if it does: the file is missing, outside the workspace, or
   * code (which Serverless runs and we never do). Asked once per address by `unreadFileIssues`, so that a
   * value that stays unknown because its file was not read is said, whatever the rules asked for.
   */
  fileNotRead(address: string): { relativePath: string; reason: string } | undefined {
    const file = /^file\(([^)]*)\)/s.exec(address.trim());
    if (!file || !this.readFile) return undefined;
    const relativePath = this.filePathOf(file[1]);
    // A path built from a variable whose value is unknown (`${opt:stage}` with no default) names no one file.
    if (relativePath === undefined || relativePath === '') return undefined;
    // Serverless runs `.js` (and its kin) for the value, and reads any other file as plain text.
    if (/\.(c|m)?(j|t)s$/i.test(relativePath)) return { relativePath, reason: 'is code, which Serverless runs for the value and this analysis never runs' };
    if (!/\.(ya?ml|json)$/i.test(relativePath)) return { relativePath, reason: 'is neither YAML nor JSON, and its text is not read here' };
    if (this.loadFile(relativePath)) return undefined;
    const why = this.readFile.whyUnreadable?.(this.document.path, relativePath);
    return { relativePath, reason: why?.reason ?? 'could not be read' };
  }

  /**
   * The path a `file(...)` names, its variables resolved: `./config/${self:provider.stage}.yml` is
   * `./config/dev.yml` on the default stage. Undefined when a part of it is unknown.
   */
  private filePathOf(raw: string): string | undefined {
    const path = raw.trim().replace(/^['"]|['"]$/g, '');
    if (!path.includes('${')) return path;
    const resolved = this.resolveServerlessString(path);
    return resolved.state === 'known' && typeof resolved.value === 'string' ? resolved.value : undefined;
  }

  private dottedPath(path: string): string[] {
    // Paths may themselves hold variables: `${self:custom.${sls:stage}.table}`.
    const resolved = path.includes('${') ? this.resolveServerlessString(path) : { state: 'known' as const, value: path };
    const text = resolved.state === 'known' ? String(resolved.value) : resolved.state === 'partial' ? resolved.text : path;
    return text.split('.').filter((part) => part.length > 0);
  }

  private loadFile(relativePath: string): ParsedDocument | null {
    if (this.fileCache.has(relativePath)) return this.fileCache.get(relativePath) ?? null;
    this.fileCache.set(relativePath, null); // guards against a file that includes itself
    const file = this.readFile?.(this.document.path, relativePath);
    const parsed = file ? parseDocument(file.path, file.text) : null;
    this.fileCache.set(relativePath, parsed);
    return parsed;
  }
}

/** A key for a list of assumed conditions; kept in order, since the first assumption of a condition is the one that counts. */
function whenKey(when: readonly ConditionAssumption[]): string {
  return when.map((assumption) => `${assumption.condition}=${assumption.value ? 1 : 0}`).join(',');
}

/** The top-level `${...}` variables of a string, with balanced braces. */
export function findVariables(text: string): Array<{ start: number; end: number; inner: string }> {
  const found: Array<{ start: number; end: number; inner: string }> = [];
  let index = text.indexOf('${');
  while (index >= 0) {
    let depth = 0;
    let end = -1;
    for (let i = index; i < text.length; i++) {
      if (text[i] === '{' && text[i - 1] === '$') depth++;
      else if (text[i] === '{') depth++;
      else if (text[i] === '}') {
        depth--;
        if (depth === 0) {
          end = i + 1;
          break;
        }
      }
    }
    if (end < 0) break;
    found.push({ start: index, end, inner: text.slice(index + 2, end - 1) });
    index = text.indexOf('${', end);
  }
  return found;
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

/**
 * What an unresolved item of an `Fn::Join` stands for, written as `Fn::Sub` would leave it: `${AWS::AccountId}` for
 * `{Ref: AWS::AccountId}`, `${Bucket}` for a reference, `${Fn.Arn}` for an attribute; `${?}` for anything else. The
 * join and the equivalent Sub then read the same in messages (`arn:aws:iam::${AWS::AccountId}:role/*`), and every
 * consumer of partial text already takes any `${...}` as a value it cannot know.
 */
function joinPlaceholder(item: SourceNode | null | undefined): string {
  const name = intrinsicName(item);
  if (!name || !isMap(item)) return '${?}';
  const argument = item.entries[0].value;
  if (name === 'Ref') {
    const target = scalarText(argument);
    return target && /^[A-Za-z0-9:]+$/.test(target) ? `\${${target}}` : '${?}';
  }
  if (name === 'Fn::GetAtt') {
    const parts = isSeq(argument) ? argument.items.map((part) => scalarText(part)) : (scalarText(argument)?.split('.') ?? []);
    return parts.length === 2 && parts.every((part) => part !== undefined && /^[A-Za-z0-9.]+$/.test(part)) ? `\${${parts.join('.')}}` : '${?}';
  }
  return '${?}';
}

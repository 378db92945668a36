/**
 * Explains a resolved value for the hover: the chain of `Ref`, `Sub`, `Join`,
 * `If` (with its condition decided or not), `FindInMap`, parameters (given
 * values and defaults), Serverless variables and SAM `Globals` that produce
 * it. It only reads the tree through the resolver; it decides nothing itself.
 * An explanation is bounded: each condition and variable is explained once,
 * and past MAX_STEPS steps the rest is summarised, so a reference bomb gives
 * a short hover, not megabytes.
 */
import { entryOf, intrinsicName, isMap, isScalar, isSeq, mapEntries, scalarText, valueOf } from '../parse/tree';
import type { SourceNode, TextRange } from '../types';
import { findVariables, type Resolved, type Resolver } from './resolver';

export interface ExplanationStep {
  /** Markdown: our words, with template text in code spans. */
  text: string;
  children: ExplanationStep[];
}

export interface ValueExplanation {
  /** The value, as the resolver sees it (with every `Fn::If` branch that can happen). */
  resolved: Resolved;
  /** One line: `` `alias/x` ``, `unknown until deploy`. */
  summary: string;
  steps: ExplanationStep[];
  /** The node (or map entry) explained. */
  range: TextRange;
}

const MAX_DEPTH = 12;
/** Steps in one explanation; a hover longer than this is not read anyway. */
export const MAX_EXPLANATION_STEPS = 100;

/** What one explanation has spent, and what it has already explained (named once, then referred to). */
interface ExplainContext {
  budget: number;
  explained: Set<string>;
}

function newContext(): ExplainContext {
  return { budget: MAX_EXPLANATION_STEPS, explained: new Set() };
}

/** Explains `items` in order while the budget lasts; the rest is counted in one step. */
function explainEach<T>(context: ExplainContext, items: readonly T[], explainOne: (item: T) => ExplanationStep): ExplanationStep[] {
  const steps: ExplanationStep[] = [];
  for (let index = 0; index < items.length; index++) {
    if (context.budget <= 0) {
      steps.push({ text: `... and ${items.length - index} more, not shown`, children: [] });
      break;
    }
    steps.push(explainOne(items[index]));
  }
  return steps;
}
const PSEUDO_PARAMETERS = new Set(['AWS::AccountId', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::Partition', 'AWS::URLSuffix', 'AWS::NotificationARNs']);
/** SAM `Globals` sections and the resource types they apply to. */
const GLOBALS_SECTIONS: Record<string, string> = {
  Function: 'AWS::Serverless::Function',
  Api: 'AWS::Serverless::Api',
  HttpApi: 'AWS::Serverless::HttpApi',
  SimpleTable: 'AWS::Serverless::SimpleTable',
  StateMachine: 'AWS::Serverless::StateMachine',
  LayerVersion: 'AWS::Serverless::LayerVersion',
};

/** A code span of template text; backticks inside are dropped so the span cannot break. */
export function code(text: string | number | boolean | null | undefined): string {
  const clean = String(text ?? '').replace(/`/g, "'").replace(/\s+/g, ' ');
  const shown = clean.length > 120 ? `${clean.slice(0, 117)}...` : clean;
  return `\`${shown === '' ? ' ' : shown}\``;
}

function describeResolved(resolver: Resolver, resolved: Resolved): string {
  if (resolved.state === 'known') return resolved.value === null ? 'no value (the property is left out)' : code(resolved.value);
  if (resolved.state === 'partial') return `${code(resolved.text)} (the \`\${...}\` parts are known only at deploy time)`;
  if (resolved.branches?.length) return `one of ${resolved.branches.map((branch) => describeResolved(resolver, branch)).join(', ')}`;
  return 'known only at deploy time';
}

/**
 * With `offset`, finds the computed value under it (an intrinsic, a Serverless
 * variable, or a SAM Globals property) and explains it; otherwise explains `node`.
 */
export function explainNode(resolver: Resolver, node: SourceNode | null | undefined, offset?: number): ValueExplanation | undefined {
  if (offset !== undefined) return explainAtOffset(resolver, offset);
  if (!node || !isComputed(resolver, node)) return undefined;
  const resolved = resolver.resolve(node);
  return { resolved, summary: summaryOf(resolver, node, resolved), steps: [explainValue(resolver, node, 0, newContext())], range: node.range };
}

const CONDITION_FUNCTIONS = new Set(['Condition', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or']);

/** A condition expression is true, false or undecided; any other value is described as resolved. */
function summaryOf(resolver: Resolver, node: SourceNode, resolved: Resolved): string {
  if (CONDITION_FUNCTIONS.has(intrinsicName(node) ?? '')) {
    const value = resolver.evaluateConditionExpression(node);
    return value === undefined ? 'condition undecided: both branches can happen' : `condition ${value}`;
  }
  return describeResolved(resolver, resolved);
}

function isServerless(resolver: Resolver): boolean {
  return isMap(resolver.root) && !!entryOf(resolver.root, 'service') && !!entryOf(resolver.root, 'provider');
}

function isComputed(resolver: Resolver, node: SourceNode): boolean {
  if (intrinsicName(node)) return true;
  return isServerless(resolver) && isScalar(node) && typeof node.value === 'string' && findVariables(node.value).length > 0;
}

function explainAtOffset(resolver: Resolver, offset: number): ValueExplanation | undefined {
  // The chain of nodes (and map keys) from the root down to the offset.
  const path: Array<{ key?: string; node: SourceNode }> = [];
  let current: SourceNode | null | undefined = resolver.root;
  let key: string | undefined;
  let isOnKey = false;
  while (current && (isOnKey || (current.range.start <= offset && offset <= current.range.end))) {
    path.push({ key, node: current });
    if (isOnKey) break;
    let next: SourceNode | null | undefined;
    key = undefined;
    if (isMap(current)) {
      for (const entry of current.entries) {
        if (entry.key.range.start <= offset && offset <= entry.key.range.end) {
          // On a key: its value is what the user asks about.
          next = entry.value;
          key = String(entry.key.value);
          isOnKey = true;
          break;
        }
        if (entry.value && entry.value.range.start <= offset && offset <= entry.value.range.end) {
          next = entry.value;
          key = String(entry.key.value);
          break;
        }
      }
    } else if (isSeq(current)) {
      next = current.items.find((item) => item.range.start <= offset && offset <= item.range.end);
    }
    if (!next || next === current) break;
    current = next;
  }
  const keys = path.map((step) => step.key);
  // A resource's `Condition: IsProd`: whether the resource can exist.
  const last = path[path.length - 1];
  if (keys[1] === 'Resources' && keys[3] === 'Condition' && path.length === 4 && isScalar(last.node)) {
    const name = scalarText(last.node) ?? '';
    const decided = resolver.evaluateCondition(name);
    const summary = decided === undefined ? 'the resource exists only when the condition holds, which is undecided' : decided ? 'the condition holds: the resource exists' : 'the condition is false: the resource is never created, and nothing is reported on it';
    return { resolved: { state: 'known', value: name }, summary, steps: [explainNamedCondition(resolver, name, 0, newContext())], range: last.node.range };
  }
  const target = path.find((step, index) => index > 0 && isComputed(resolver, step.node));
  const globals = globalsSteps(resolver, keys.slice(1) as string[]);
  if (!target && globals.length === 0) return undefined;
  // Without a computed value, the Globals property itself (`Globals.Function.X` or `Resources.Id.Properties.X`).
  const node = target?.node ?? path[Math.min(path.length - 1, keys[1] === 'Globals' ? 3 : 4)].node;
  const resolved = resolver.resolve(node);
  const steps = [...(target ? [explainValue(resolver, target.node, 0, newContext())] : []), ...globals];
  return { resolved, summary: target || isScalar(node) ? summaryOf(resolver, node, resolved) : code(summariseNode(resolver, node)), steps, range: node.range };
}

/** `Globals.Function.Timeout` applies to every function that does not set its own; a function's own value overrides it. */
function globalsSteps(resolver: Resolver, keys: string[]): ExplanationStep[] {
  const resources = mapEntries(valueOf(resolver.root, 'Resources'));
  if (keys[0] === 'Globals' && keys.length >= 3 && GLOBALS_SECTIONS[keys[1]]) {
    const [, section, property] = keys;
    const type = GLOBALS_SECTIONS[section];
    const ofType = resources.filter((entry) => scalarText(valueOf(entry.value, 'Type')) === type);
    const inheriting = ofType.filter((entry) => valueOf(valueOf(entry.value, 'Properties'), property) === undefined).map((entry) => code(entry.key.value));
    const overriding = ofType.filter((entry) => valueOf(valueOf(entry.value, 'Properties'), property) !== undefined).map((entry) => code(entry.key.value));
    const parts = [`${code(`Globals.${section}.${property}`)} applies to every ${code(type)}`];
    if (inheriting.length) parts.push(`used by ${inheriting.join(', ')}`);
    if (overriding.length) parts.push(`set by ${overriding.join(', ')} themselves${property === 'Environment' ? ' (variables are merged, the function\'s win)' : ''}`);
    return [{ text: parts.join('; '), children: [] }];
  }
  if (keys[0] === 'Resources' && keys.length >= 4 && keys[2] === 'Properties') {
    const [, logicalId, , property] = keys;
    const type = scalarText(valueOf(valueOf(valueOf(resolver.root, 'Resources'), logicalId), 'Type'));
    const section = Object.keys(GLOBALS_SECTIONS).find((name) => GLOBALS_SECTIONS[name] === type);
    const global = section ? valueOf(valueOf(valueOf(resolver.root, 'Globals'), section), property) : undefined;
    if (section && global !== undefined) {
      const merged = property === 'Environment' || property === 'Tags' || property === 'Variables';
      return [{ text: `${merged ? 'Merged with' : 'Overrides'} ${code(`Globals.${section}.${property}`)} = ${code(summariseNode(resolver, global))}`, children: [] }];
    }
  }
  return [];
}

function summariseNode(resolver: Resolver, node: SourceNode | null | undefined): string {
  if (isScalar(node) || intrinsicName(node)) return resolver.display(resolver.resolve(node));
  if (isMap(node)) return `{ ${node.entries.map((entry) => String(entry.key.value)).join(', ')} }`;
  if (isSeq(node)) return `[${node.items.length} items]`;
  return '';
}

function nameOf(node: SourceNode, name: string): string {
  return node.shortTag ?? name;
}

function explainValue(resolver: Resolver, node: SourceNode | null | undefined, depth: number, context: ExplainContext): ExplanationStep {
  context.budget--;
  if (!node) return { text: 'no value', children: [] };
  if (depth > MAX_DEPTH) return { text: '...', children: [] };
  if (isScalar(node)) {
    if (isServerless(resolver) && typeof node.value === 'string' && findVariables(node.value).length > 0) return explainServerlessString(resolver, node, depth, context);
    return { text: code(node.value), children: [] };
  }
  const name = intrinsicName(node);
  if (!name || !isMap(node)) return { text: code(summariseNode(resolver, node)), children: [] };
  const argument = node.entries[0].value;
  const tag = nameOf(node, name);
  const items = isSeq(argument) ? argument.items : [];
  switch (name) {
    case 'Ref':
      return explainRef(resolver, scalarText(argument) ?? '', tag, depth, context);
    case 'Fn::GetAtt': {
      const text = isSeq(argument) ? items.map((item) => scalarText(item) ?? '?').join('.') : (scalarText(argument) ?? '?');
      return { text: `${tag} ${code(text)}: an attribute of resource ${code(text.split('.')[0])}, known only at deploy time`, children: [] };
    }
    case 'Fn::ImportValue':
      return { text: `${tag}: the export ${code(resolver.display(resolver.resolve(argument)))} of another stack, known only at deploy time`, children: [] };
    case 'Fn::Sub':
      return explainSub(resolver, node, argument, tag, depth, context);
    case 'Fn::Join':
      return {
        text: `${tag} with ${code(scalarText(items[0]) ?? '')} = ${describeResolved(resolver, resolver.resolve(node))}`,
        children: isSeq(items[1]) ? explainEach(context, items[1].items.filter((item) => !isScalar(item)), (item) => explainValue(resolver, item, depth + 1, context)) : [],
      };
    case 'Fn::If':
      return explainIf(resolver, items, tag, depth, context);
    case 'Fn::FindInMap': {
      const keys = items.slice(0, 3).map((item) => resolver.display(resolver.resolve(item)));
      return {
        text: `${tag} ${code(`Mappings.${keys.join('.')}`)} = ${describeResolved(resolver, resolver.resolve(node))}`,
        children: explainEach(context, items.slice(0, 3).filter((item) => !isScalar(item)), (item) => explainValue(resolver, item, depth + 1, context)),
      };
    }
    case 'Fn::Select':
      return { text: `${tag} item ${code(resolver.display(resolver.resolve(items[0])))} = ${describeResolved(resolver, resolver.resolve(node))}`, children: [] };
    case 'Condition':
    case 'Fn::Equals':
    case 'Fn::Not':
    case 'Fn::And':
    case 'Fn::Or':
      return explainConditionExpression(resolver, node, depth, context);
    default:
      return { text: `${tag}: not evaluated, known only at deploy time`, children: [] };
  }
}

/** `head` is how the reference is written: `!Ref X` by default, `${X}` inside a `!Sub`. */
function explainRef(resolver: Resolver, name: string, tag: string, depth: number, context: ExplainContext, head = `${tag} ${code(name)}`): ExplanationStep {
  context.budget--;
  if (name === 'AWS::NoValue') return { text: `${head}: the property is left out`, children: [] };
  if (PSEUDO_PARAMETERS.has(name)) return { text: `${head}: a pseudo parameter, known only at deploy time`, children: [] };
  const parameter = resolver.parameterNode(name);
  if (parameter !== undefined) {
    const given = resolver.givenParameter(name);
    if (given) return { text: `${head} → parameter ${code(name)} = ${code(given.value)}, given in ${given.source}`, children: [] };
    const fallback = valueOf(parameter, 'Default');
    if (fallback === undefined || fallback === null) return { text: `${head} → parameter ${code(name)} has no default and no given value: known only at deploy time`, children: [] };
    const resolved = resolver.resolve(fallback);
    // A default computed from other parameters is explained the first time only.
    const isFirst = !context.explained.has(`parameter:${name}`);
    context.explained.add(`parameter:${name}`);
    return {
      text: `${head} → parameter ${code(name)} default ${describeResolved(resolver, resolved)} (the deployer may override it; a default never decides a condition)${isScalar(fallback) || isFirst ? '' : ', explained above'}`,
      children: isScalar(fallback) || !isFirst || context.budget <= 0 ? [] : [explainValue(resolver, fallback, depth + 1, context)],
    };
  }
  return { text: `${head}: resource ${code(name)} (its name or id), known only at deploy time`, children: [] };
}

function explainSub(resolver: Resolver, node: SourceNode, argument: SourceNode | null | undefined, tag: string, depth: number, context: ExplainContext): ExplanationStep {
  const template = isSeq(argument) ? scalarText(argument.items[0]) : scalarText(argument);
  const variables = isSeq(argument) ? argument.items[1] : undefined;
  // The variable map read once: a Sub may have thousands of variables.
  const table = new Map(mapEntries(variables).map((entry) => [String(entry.key.value), entry.value] as const));
  const names = [...new Set([...(template ?? '').matchAll(/\$\{([^}!][^}]*)\}/g)].map((match) => match[1]))];
  const children = explainEach(context, names, (inner): ExplanationStep => {
    const own = table.get(inner);
    if (own !== undefined) {
      context.budget--;
      return { text: `${code('${' + inner + '}')} from the variable map:`, children: [explainValue(resolver, own, depth + 1, context)] };
    }
    if (inner.includes('.')) {
      context.budget--;
      return { text: `${code('${' + inner + '}')}: an attribute of resource ${code(inner.split('.')[0])}, known only at deploy time`, children: [] };
    }
    return explainRef(resolver, inner, 'Ref', depth + 1, context, code('${' + inner + '}'));
  });
  return { text: `${tag} ${code(template ?? '')} = ${describeResolved(resolver, resolver.resolve(node))}`, children };
}

function explainIf(resolver: Resolver, items: SourceNode[], tag: string, depth: number, context: ExplainContext): ExplanationStep {
  const condition = scalarText(items[0]) ?? '?';
  const decided = resolver.evaluateCondition(condition);
  const conditionStep = explainNamedCondition(resolver, condition, depth + 1, context);
  const branch = (value: boolean, target: SourceNode | undefined): ExplanationStep => {
    const impossible = decided !== undefined && decided !== value;
    context.budget--;
    return {
      text: `when ${code(condition)} is ${value}${impossible ? ' (cannot happen)' : ''}: ${describeResolved(resolver, resolver.resolve(target))}`,
      children: target && !isScalar(target) && !impossible && context.budget > 0 ? [explainValue(resolver, target, depth + 1, context)] : [],
    };
  };
  return { text: `${tag} on condition ${code(condition)}`, children: [conditionStep, branch(true, items[1]), branch(false, items[2])] };
}

function explainNamedCondition(resolver: Resolver, name: string, depth: number, context: ExplainContext): ExplanationStep {
  context.budget--;
  const expression = resolver.conditionNode(name);
  const decided = resolver.evaluateCondition(name);
  const verdict = decided === undefined ? 'undecided (both branches can happen)' : String(decided);
  if (expression === undefined || expression === null) return { text: `condition ${code(name)} is not defined: undecided`, children: [] };
  // Conditions built from shared conditions (`!And` of ten that share theirs) are each explained once.
  if (context.explained.has(`condition:${name}`)) return { text: `condition ${code(name)} is ${verdict} (explained above)`, children: [] };
  context.explained.add(`condition:${name}`);
  const isExpanded = depth <= MAX_DEPTH && context.budget > 0;
  return { text: `condition ${code(name)} is ${verdict}`, children: isExpanded ? [explainConditionExpression(resolver, expression, depth + 1, context)] : [] };
}

function explainConditionExpression(resolver: Resolver, node: SourceNode, depth: number, context: ExplainContext): ExplanationStep {
  context.budget--;
  const name = intrinsicName(node) ?? '';
  const value = resolver.evaluateConditionExpression(node);
  const verdict = value === undefined ? 'undecided' : String(value);
  const argument = isMap(node) ? node.entries[0].value : undefined;
  const items = isSeq(argument) ? argument.items : argument ? [argument] : [];
  const tag = nameOf(node, name);
  if (depth > MAX_DEPTH) return { text: `${tag}: ${verdict}`, children: [] };
  if (name === 'Condition') return explainNamedCondition(resolver, scalarText(argument) ?? '?', depth + 1, context);
  if (name === 'Fn::Equals') {
    const sides = explainEach(context, items, (item) => {
      context.budget--;
      const resolved = resolver.resolveForCondition(item);
      if (isScalar(item)) return { text: code(item.value), children: [] };
      const parameter = intrinsicName(item) === 'Ref' && isMap(item) ? scalarText(item.entries[0].value) : undefined;
      if (parameter && resolver.parameterNode(parameter) !== undefined && !resolver.givenParameter(parameter)) {
        return { text: `${code(`Ref ${parameter}`)}: parameter without a given value (its default does not decide conditions)`, children: [] };
      }
      return { text: `${explainValue(resolver, item, depth + 1, context).text}${resolved.state === 'known' ? ` → ${code(resolved.value)}` : ''}`, children: [] };
    });
    return { text: `${tag}: ${verdict}`, children: sides };
  }
  return { text: `${tag}: ${verdict}`, children: explainEach(context, items.filter((item) => !isScalar(item)), (item) => explainConditionExpression(resolver, item, depth + 1, context)) };
}

function explainServerlessString(resolver: Resolver, node: SourceNode & { kind: 'scalar' }, depth: number, context: ExplainContext): ExplanationStep {
  const text = String(node.value);
  // A variable written twice in one string (`${self:custom.a}${self:custom.a}`) is explained once.
  const inners = [...new Set(findVariables(text).map((variable) => variable.inner))];
  const children = explainEach(context, inners, (inner) => explainVariable(resolver, inner, depth + 1, context));
  return { text: `${code(text)} = ${describeResolved(resolver, resolver.resolve(node))}`, children };
}

function explainVariable(resolver: Resolver, inner: string, depth: number, context: ExplainContext): ExplanationStep {
  context.budget--;
  const synthetic = (value: string): SourceNode => ({ kind: 'scalar', value, isQuoted: true, range: { start: 0, end: 0 } });
  const whole = '${' + inner + '}';
  const resolved = resolver.resolve(synthetic(whole));
  const [address, ...fallbacks] = inner.split(',').map((part) => part.trim());
  const source = /^([A-Za-z][\w.-]*)/.exec(address)?.[1] ?? '';
  const children: ExplanationStep[] = [];
  let what: string;
  switch (source) {
    case 'self': {
      what = `the value at ${code(address.slice(5))} in this file`;
      const target = resolver.deref(synthetic('${' + address + '}'));
      // A variable used in several places is followed the first time only.
      const isFirst = !context.explained.has(`variable:${address}`);
      context.explained.add(`variable:${address}`);
      const isFollowed = target.node && isFirst && depth <= MAX_DEPTH && context.budget > 0 && isComputed(resolver, target.node);
      if (isFollowed) children.push(explainValue(resolver, target.node, depth + 1, context));
      else if (target.node && !isFirst && isComputed(resolver, target.node)) what += ' (explained above)';
      if (target.isForeign) what += ', read from an included file';
      break;
    }
    case 'file':
      what = 'a value read from another workspace file (data files only; never code)';
      break;
    case 'sls':
      what = address === 'sls:stage' ? 'the stage: `provider.stage`, else the default `dev`' : 'a framework value';
      break;
    case 'opt':
      what = 'a command-line option, known only at deploy time';
      break;
    case 'env':
      what = 'an environment variable of the deploying machine, known only at deploy time';
      break;
    default:
      what = `fetched by the framework at deploy time (${code(source)})`;
  }
  if (fallbacks.length) what += `; fallback ${fallbacks.map((fallback) => code(fallback)).join(', ')}`;
  return { text: `${code(whole)}: ${what} → ${describeResolved(resolver, resolved)}`, children };
}

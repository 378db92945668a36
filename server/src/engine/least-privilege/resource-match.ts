/**
 * Whether a statement's Resource can match the resource a call acts on. Both sides become ARN
 * patterns in one small language: IAM's `*` and `?`, literal text, and an atom for the name of a
 * template resource that the template does not spell out (a generated name: unknown, but the same
 * on both sides and different from every other resource's). The answer is "cannot match" only when
 * that is certain; an entry that cannot be read, a parameter or an import may match anything. Pure.
 */
import type { AppModel, CfnResource } from '../model/types';
import { intrinsicName, isMap, isScalar, isSeq, scalarText } from '../parse/tree';
import type { SourceNode } from '../types';
import type { ResourceKind } from './resource-kinds';

/** An atom opens with this character and closes with ATOM_END: `\uE000Orders\uE001` is Orders' generated name. */
const ATOM_START = '\uE000';
const ATOM_END = '\uE001';
/** Between an atom's logical id and the name the template gives the resource as plain text. */
const ATOM_NAME = '\uE002';

/** How each resource type's ARN is written around its name, what its `Ref` gives, and where its name is set. */
interface ArnShape {
  /** The ARN before the name, with `*` for partition, region and account. */
  prefix: string;
  /** After the name: a secret's ARN ends with a random suffix. */
  suffix?: string;
  /** The property that sets the name. */
  nameProperty?: string;
  /** `Ref` gives the ARN (topics, secrets, state machines) or the name (tables, buckets, functions, streams). */
  ref: 'arn' | 'name' | 'other';
  /** The kinds of call target this resource is, with the text a target of that kind adds after the ARN. */
  kinds: Partial<Record<ResourceKind, string>>;
}

const TABLE: ArnShape = { prefix: 'arn:*:dynamodb:*:*:table/', nameProperty: 'TableName', ref: 'name', kinds: { table: '', index: '/index/*' } };
const STATE_MACHINE: ArnShape = { prefix: 'arn:*:states:*:*:stateMachine:', nameProperty: 'StateMachineName', ref: 'arn', kinds: { 'state-machine': '' } };
const FUNCTION: ArnShape = { prefix: 'arn:*:lambda:*:*:function:', nameProperty: 'FunctionName', ref: 'name', kinds: { function: '*' } };

/**
 * The resource types a call's target is compared for. A function is invoked by its plain or its
 * qualified ARN (`:alias`), so its target ends with `*`: a statement on `${Fn.Arn}:*` may match.
 */
const ARN_SHAPES: Readonly<Record<string, ArnShape>> = {
  'AWS::DynamoDB::Table': TABLE,
  'AWS::DynamoDB::GlobalTable': TABLE,
  'AWS::Serverless::SimpleTable': { ...TABLE, nameProperty: 'TableName' },
  'AWS::S3::Bucket': { prefix: 'arn:*:s3:::', nameProperty: 'BucketName', ref: 'name', kinds: { bucket: '', object: '/*' } },
  // A queue's Ref is its URL: written into an ARN it matches nothing we can tell, so it stays unknown.
  'AWS::SQS::Queue': { prefix: 'arn:*:sqs:*:*:', nameProperty: 'QueueName', ref: 'other', kinds: { queue: '' } },
  'AWS::SNS::Topic': { prefix: 'arn:*:sns:*:*:', nameProperty: 'TopicName', ref: 'arn', kinds: { topic: '' } },
  'AWS::Lambda::Function': FUNCTION,
  'AWS::Serverless::Function': FUNCTION,
  'AWS::SecretsManager::Secret': { prefix: 'arn:*:secretsmanager:*:*:secret:', suffix: '-*', nameProperty: 'Name', ref: 'arn', kinds: { secret: '' } },
  'AWS::StepFunctions::StateMachine': STATE_MACHINE,
  'AWS::Serverless::StateMachine': { ...STATE_MACHINE, nameProperty: 'Name' },
  'AWS::Events::EventBus': { prefix: 'arn:*:events:*:*:event-bus/', nameProperty: 'Name', ref: 'name', kinds: { 'event-bus': '' } },
  'AWS::Kinesis::Stream': { prefix: 'arn:*:kinesis:*:*:stream/', nameProperty: 'Name', ref: 'name', kinds: { stream: '' } },
  'AWS::KinesisFirehose::DeliveryStream': { prefix: 'arn:*:firehose:*:*:deliverystream/', nameProperty: 'DeliveryStreamName', ref: 'name', kinds: { 'delivery-stream': '' } },
  // A key's Ref is its id, not a name it was given: the id is the atom.
  'AWS::KMS::Key': { prefix: 'arn:*:kms:*:*:key/', ref: 'name', kinds: { key: '' } },
};

/**
 * The ARN pattern of each template resource whose ARN shape is known, by logical id, with the
 * resource's atom as its name. The atom carries the name only when the template writes it as plain
 * text: a name built from a stage, an option or a parameter may differ at deploy time.
 */
export function templateResourceArns(model: AppModel): Record<string, string> {
  let out = arnCache.get(model);
  if (!out) {
    out = {};
    for (const resource of model.resources) {
      const shape = ARN_SHAPES[resource.type];
      if (shape) out[resource.logicalId] = shape.prefix + atom(resource.logicalId, plainNameOf(resource, shape)) + (shape.suffix ?? '');
    }
    arnCache.set(model, out);
  }
  return out;
}

const arnCache = new WeakMap<AppModel, Record<string, string>>();

function plainNameOf(resource: CfnResource, shape: ArnShape): string | undefined {
  const named = shape.nameProperty && resource.properties ? resource.properties.entries.find((entry) => entry.key.value === shape.nameProperty)?.value : undefined;
  if (!isScalar(named) || typeof named.value !== 'string' || named.value === '' || named.value.includes('${') || /[*?:\uE000-\uE002]/.test(named.value)) return undefined;
  return named.value;
}

function atom(logicalId: string, name?: string): string {
  return `${ATOM_START}${logicalId}${name === undefined ? '' : ATOM_NAME + name}${ATOM_END}`;
}

/** A name or ARN written by the user has no wildcard of its own here; one that has is kept as IAM would read it. */
function escapeLiteral(text: string): string {
  return text.replace(/[\uE000-\uE002]/g, '');
}

/** The pattern of a call's target: the resource's ARN and what its kind adds (`/*` for objects, `/index/*` for indexes). */
export function targetPattern(arns: Readonly<Record<string, string>>, target: { logicalId: string; type: string }, kind: ResourceKind): string | undefined {
  const arn = arns[target.logicalId];
  const shape = ARN_SHAPES[target.type];
  const tail = shape?.kinds[kind];
  return arn === undefined || tail === undefined ? undefined : arn + tail;
}

/**
 * The Resource entries of a statement as patterns, one per entry and `Fn::If` branch; undefined
 * when the statement may apply to any resource (NotResource, no Resource).
 */
export function resourcePatterns(model: AppModel, nodes: readonly SourceNode[], isNotResource: boolean): string[] | undefined {
  if (isNotResource || nodes.length === 0) return undefined;
  const arns = templateResourceArns(model);
  const out: string[] = [];
  const visit = (node: SourceNode | null | undefined, depth: number): void => {
    if (node === undefined || node === null || depth > 8) return;
    for (const branch of model.resolver.branches(node)) {
      const current = branch.node;
      if (isSeq(current)) for (const item of current.items) visit(item, depth + 1);
      else if (current !== undefined && current !== null) out.push(patternOf(model, arns, current, 0) ?? '*');
    }
  };
  for (const node of nodes) visit(node, 0);
  return out;
}

/** One entry as a pattern; undefined (any) when it cannot be read. */
function patternOf(model: AppModel, arns: Readonly<Record<string, string>>, node: SourceNode, depth: number): string | undefined {
  if (depth > 8) return undefined;
  if (isScalar(node)) {
    // A Serverless variable that stands for a whole node (`${self:custom.tableArn}` naming a `Fn::GetAtt`) is read as that node.
    const target = model.resolver.deref(node).node;
    if (target && target !== node) return patternOf(model, arns, target, depth + 1);
    // Other Serverless variables in a string may take another value at deploy time (`--stage prod`, an
    // option, the environment): each is any text, never the value the resolver assumes.
    if (model.kind === 'serverless' && typeof node.value === 'string' && node.value.includes('${')) return escapeLiteral(node.value.trim()).replace(SERVERLESS_VARIABLE, '*');
    const resolved = model.resolver.resolve(node);
    if (resolved.state === 'known' && typeof resolved.value === 'string') return escapeLiteral(resolved.value.trim());
    if (resolved.state === 'partial') return resolved.text.trim().split(/\$\{[^}]*\}/).map(escapeLiteral).join('*');
    return undefined;
  }
  const name = intrinsicName(node);
  if (!name || !isMap(node)) return undefined;
  const argument = node.entries[0].value;
  switch (name) {
    case 'Ref':
      return referencePattern(model, arns, scalarText(argument) ?? '', node);
    case 'Fn::GetAtt': {
      const [id, attribute] = isSeq(argument) ? [scalarText(argument.items[0]), scalarText(argument.items[1])] : splitOnce(scalarText(argument) ?? '');
      return id && attribute ? attributePattern(model, arns, id, attribute) : undefined;
    }
    case 'Fn::Sub': {
      const template = isSeq(argument) ? scalarText(argument.items[0]) : scalarText(argument);
      const variables = isSeq(argument) && isMap(argument.items[1]) ? argument.items[1] : undefined;
      if (template === undefined) return undefined;
      return template.replace(/\$\{([^}]*)\}|([^$]+|\$)/g, (whole, inner: string | undefined, literal: string | undefined) => {
        if (literal !== undefined) return escapeLiteral(literal);
        if (inner === undefined) return '';
        if (inner.startsWith('!')) return escapeLiteral('${' + inner.slice(1) + '}');
        const variable = variables?.entries.find((entry) => entry.key.value === inner);
        let part: string | undefined;
        if (variable) part = variable.value ? patternOf(model, arns, variable.value, depth + 1) : undefined;
        else if (inner.startsWith('AWS::')) part = '*';
        else if (inner.includes('.')) {
          const [id, attribute] = splitOnce(inner);
          part = id && attribute ? attributePattern(model, arns, id, attribute) : undefined;
        } else part = referencePattern(model, arns, inner);
        // An unreadable part is a wildcard: the entry may match more, never less.
        return part ?? '*';
      });
    }
    case 'Fn::Join': {
      if (!isSeq(argument) || argument.items.length < 2 || !isSeq(argument.items[1])) return undefined;
      const delimiter = scalarText(argument.items[0]) ?? '';
      return argument.items[1].items.map((item) => patternOf(model, arns, item, depth + 1) ?? '*').join(escapeLiteral(delimiter));
    }
    default: {
      const resolved = model.resolver.resolve(node);
      if (resolved.state === 'known' && typeof resolved.value === 'string' && !resolved.assumptions?.length) return escapeLiteral(resolved.value.trim());
      return undefined;
    }
  }
}

/** A Serverless variable, with one level of nested braces (`${self:custom.${sls:stage}}`). */
const SERVERLESS_VARIABLE = /\$\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}/g;

function splitOnce(text: string): [string | undefined, string | undefined] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text, undefined] : [text.slice(0, dot), text.slice(dot + 1)];
}

/**
 * `Ref X`: a template resource's ARN or name; a parameter's value when `node` (the `Ref` itself) resolves
 * to one, else any text (a pseudo parameter, a parameter named inside a `!Sub`).
 */
function referencePattern(model: AppModel, arns: Readonly<Record<string, string>>, name: string, node?: SourceNode): string {
  if (name.startsWith('AWS::')) return '*';
  const resource = model.resources.find((candidate) => candidate.logicalId === name);
  if (!resource) {
    const resolved = node ? model.resolver.resolve(node) : undefined;
    // A value that rests on an assumption (a parameter's default, which the deployer may override) may be any text.
    return resolved?.state === 'known' && typeof resolved.value === 'string' && !resolved.assumptions?.length ? escapeLiteral(resolved.value) : '*';
  }
  const shape = ARN_SHAPES[resource.type];
  const arn = arns[name];
  if (!shape || arn === undefined) return '*';
  if (shape.ref === 'arn') return arn;
  // The name is what the ARN holds between its prefix and suffix.
  if (shape.ref === 'name') return arn.slice(shape.prefix.length, arn.length - (shape.suffix?.length ?? 0));
  return '*';
}

/** `Fn::GetAtt X.Arn` (and a DynamoDB table's `StreamArn`); another attribute may be any text. */
function attributePattern(model: AppModel, arns: Readonly<Record<string, string>>, id: string, attribute: string): string {
  const arn = arns[id];
  const resource = model.resources.find((candidate) => candidate.logicalId === id);
  if (arn === undefined || !resource) return '*';
  if (attribute === 'Arn') return arn;
  if (attribute === 'StreamArn' && ARN_SHAPES[resource.type]?.prefix === TABLE.prefix) return `${arn}/stream/*`;
  return '*';
}

type Token = { kind: 'char'; text: string } | { kind: 'star' } | { kind: 'one' } | { kind: 'atom'; id: string };

/** The tokens of a pattern; `spellNames`: an atom whose name is known becomes that name's characters. */
function tokensOf(pattern: string, spellNames: boolean): Token[] {
  const out: Token[] = [];
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '*') {
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (char === '?') out.push({ kind: 'one' });
    else if (char === ATOM_START) {
      const end = pattern.indexOf(ATOM_END, index + 1);
      if (end < 0) break;
      const [id, name] = pattern.slice(index + 1, end).split(ATOM_NAME);
      if (spellNames && name !== undefined) for (const letter of name) out.push({ kind: 'char', text: letter.toLowerCase() });
      else out.push({ kind: 'atom', id });
      index = end;
    } else out.push({ kind: 'char', text: char.toLowerCase() });
  }
  return out;
}

/**
 * Whether some ARN can match both patterns. IAM matches an ARN's first five components (partition,
 * service, region, account) each on its own, so a wildcard never spans a colon there; the resource
 * part is one text. Case is ignored, which only widens "may". An atom is a name nobody wrote: it is
 * some non-empty text where the other side has literals, equals only itself, and differs from
 * another atom (two resources of a template never share a name).
 */
export function patternsMayMatch(a: string, b: string): boolean {
  if (a === '*' || b === '*') return true;
  const left = componentsOf(a);
  const right = componentsOf(b);
  if (left.length !== right.length) return textsMayMatch(a, b);
  return left.every((component, index) => textsMayMatch(component, right[index]));
}

/** `arn:partition:service:region:account:resource`; anything else is one component. */
function componentsOf(pattern: string): string[] {
  const parts = pattern.split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? [...parts.slice(0, 5), parts.slice(5).join(':')] : [pattern];
}

function textsMayMatch(a: string, b: string): boolean {
  // A name the template writes as plain text is compared letter by letter with a pattern that names no
  // resource symbolically; against another atom, identity decides.
  const left = tokensOf(a, !b.includes(ATOM_START));
  const right = tokensOf(b, !a.includes(ATOM_START));
  const memo = new Map<number, boolean>();
  const width = right.length + 1;
  const onlyStars = (tokens: Token[], from: number) => tokens.slice(from).every((token) => token.kind === 'star');
  const visit = (i: number, j: number): boolean => {
    const key = i * width + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    memo.set(key, false);
    let result: boolean;
    if (i === left.length) result = onlyStars(right, j);
    else if (j === right.length) result = onlyStars(left, i);
    else {
      const x = left[i];
      const y = right[j];
      if (x.kind === 'star') result = visit(i + 1, j) || visit(i, j + 1);
      else if (y.kind === 'star') result = visit(i, j + 1) || visit(i + 1, j);
      else if (x.kind === 'atom' && y.kind === 'atom') result = x.id === y.id && visit(i + 1, j + 1);
      // An atom facing literals takes one character and goes on, or takes it and ends.
      else if (x.kind === 'atom') result = visit(i, j + 1) || visit(i + 1, j + 1);
      else if (y.kind === 'atom') result = visit(i + 1, j) || visit(i + 1, j + 1);
      else if (x.kind === 'one' || y.kind === 'one') result = visit(i + 1, j + 1);
      else result = x.text === y.text && visit(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return visit(0, 0);
}

/** A pattern for messages and tests: an atom reads as `<LogicalId>`, or `<LogicalId=name>` when its name is known. */
export function patternForMessage(pattern: string): string {
  return pattern.replace(new RegExp(`${ATOM_START}([^${ATOM_END}]*)${ATOM_END}`, 'g'), (_whole, inner: string) => `<${inner.replace(ATOM_NAME, '=')}>`);
}

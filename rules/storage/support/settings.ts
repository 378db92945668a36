/**
 * Shared reading of encryption settings for the storage rules: follows a
 * property path through `Fn::If` branches at every level, turns each branch
 * into on / off / absent / unknown with the conditions it holds under, and
 * builds the minimal "set it to true" edits. It never reports by itself, and
 * an unknown value (a parameter without default, an import) is never "off".
 */
import type { Fix, RuleContext } from '../../../server/src/engine';
import { combineWhen, describeWhen, type PathValue } from '../../../server/src/engine/resolve/resolver';
import { insertMapEntries, replaceNode, valueText, type PlainValue } from '../../../server/src/engine/fix/edits';
import type { AppModel, CfnResource } from '../../../server/src/engine/model/types';
import { entryOf, isMap, isScalar } from '../../../server/src/engine/parse/tree';
import type { MapEntry, SourceNode, TextEdit, TextRange } from '../../../server/src/engine/types';

/** One value a setting can take (the resolver's `PathValue`). `absent`: the property is not set on this branch. */
export type SettingValue = PathValue;

/**
 * Every value that `path` under `root` can take, `Fn::If` unwrapped at every
 * level: the resolver's `valuesAt`.
 */
export function settingValues(model: AppModel, root: SourceNode | null | undefined, path: readonly string[]): SettingValue[] {
  return model.resolver.valuesAt(root, path);
}

export { combineWhen };

/** `true`, `'true'`, `'True'` are true; `false`, `'false'` false; anything else undefined. */
export function booleanOf(value: SettingValue): boolean | undefined {
  if (value.state !== 'known') return undefined;
  if (typeof value.value === 'boolean') return value.value;
  if (typeof value.value === 'string') {
    if (/^true$/i.test(value.value)) return true;
    if (/^false$/i.test(value.value)) return false;
  }
  return undefined;
}

/** Text for a message: the condition, and the parameter defaults a value rests on. */
export function describeCircumstances(value: Pick<SettingValue, 'when' | 'assumptions'>): string {
  const parts = [describeWhen(value.when)];
  if (value.assumptions.length > 0) parts.push(` (if ${value.assumptions.join(' and ')})`);
  return parts.join('');
}

/** A resource property's value, when it is written as text that is known (for KeySpec, Engine, ...); undefined when absent, unknown or branching. */
export function knownText(model: AppModel, resource: CfnResource, key: string): string | undefined {
  const values = settingValues(model, resource.properties, [key]);
  if (values.length !== 1 || values[0].state !== 'known') return undefined;
  return String(values[0].value);
}

/** True when the property is set on some branch to something other than null or an empty string (its value may be unknown). */
export function isPropertySet(model: AppModel, resource: CfnResource, key: string): boolean {
  return settingValues(model, resource.properties, [key]).some((value) => value.state === 'unknown' || (value.state === 'known' && value.value !== ''));
}

/** Where to report: the property entry named by `path[0]` when the resource writes it, else the logical id. */
export function reportRange(resource: CfnResource, path: readonly string[]): TextRange {
  const entry: MapEntry | undefined = isMap(resource.properties) ? entryOf(resource.properties, path[0]) : undefined;
  return entry ? entry.key.range : resource.keyRange;
}

/**
 * The edit that makes `path` hold `value` on a resource whose setting is
 * plainly absent or plainly a scalar (no `Fn::If`, no parameter): replaces
 * the scalar, or inserts the missing maps and entry. Undefined when there is
 * no safe place for it.
 */
export function setValueEdit(model: AppModel, resource: CfnResource, path: readonly string[], value: PlainValue): TextEdit | undefined {
  const document = model.document;
  if (!resource.properties) {
    if (entryOf(resource.declaration, 'Properties')) return undefined;
    return insertMapEntries(document, resource.declaration, { Properties: nest(path, value) });
  }
  let map: SourceNode = resource.properties;
  for (let index = 0; index < path.length; index++) {
    if (!isMap(map)) return undefined;
    const entry = entryOf(map, path[index]);
    if (!entry) return insertMapEntries(document, map, nest(path.slice(index), value) as Record<string, PlainValue>);
    if (index === path.length - 1) {
      // Only a literal is replaced: a Serverless variable (`${self:custom.encrypt}`) is fixed where it is defined, by hand.
      if (!isScalar(entry.value) || (typeof entry.value.value === 'string' && entry.value.value.includes('${'))) return undefined;
      return replaceNode(entry.value, valueText(document, entry.value, value));
    }
    if (!isMap(entry.value) || entry.value.entries.length === 0 || isIntrinsic(entry.value)) return undefined;
    map = entry.value;
  }
  return undefined;
}

/**
 * How `path` is written in the resource itself, no intrinsic resolved, no parameter default read: what
 * cdk-nag's `resolveIfPrimitive` (which throws on an intrinsic, giving no verdict) and cfn_nag's cfn-model
 * (which sees an intrinsic as a map) judge. `intrinsic` gives the index in `path` where an intrinsic
 * (`Fn::If`, `Ref`, ...) stands in for the value or one of the maps above it; `-1` is `Properties` itself.
 */
export type WrittenValue = { kind: 'absent' } | { kind: 'scalar'; value: string | number | boolean | null } | { kind: 'intrinsic'; depth: number } | { kind: 'other' };

export function writtenValue(resource: CfnResource, path: readonly string[]): WrittenValue {
  if (!resource.properties) return { kind: 'absent' };
  let node: SourceNode = resource.properties;
  for (let index = 0; index < path.length; index++) {
    if (isIntrinsic(node)) return { kind: 'intrinsic', depth: index - 1 };
    if (!isMap(node)) return { kind: 'other' };
    const entry = entryOf(node, path[index]);
    if (!entry || !entry.value || (isScalar(entry.value) && entry.value.value === null)) return { kind: 'absent' };
    node = entry.value;
  }
  if (isIntrinsic(node)) return { kind: 'intrinsic', depth: path.length - 1 };
  return isScalar(node) ? { kind: 'scalar', value: node.value } : { kind: 'other' };
}

/** A written scalar's truth as CloudFormation reads it (`true`, `'true'`, `'True'`), false for anything else. */
export function isWrittenTrue(written: WrittenValue): boolean {
  return written.kind === 'scalar' && /^true$/i.test(String(written.value));
}

/**
 * cdk-nag's OpenSearch rules (OS2 `OpenSearchNodeToNodeEncryption.ts`, OS8 `OpenSearchEncryptedAtRest.ts`)
 * resolve the options map, fail it undefined, and read its `enabled` with `resolveIfPrimitive`: an options map
 * that is itself an intrinsic has no `enabled` and fails, an intrinsic `Enabled` throws (no verdict), and any
 * primitive other than true fails. cfn_nag's W54 and W85 (`ElasticsearchDomain*OptionsRule.rb`) fail the options
 * nil or `not_truthy?(options['Enabled'])` (nil, or the text `false`): the same on our findings, which are absent
 * or false. True when such a rule fails the setting at `[options, 'Enabled']` as written.
 */
export function failsOptionsFlagAsWritten(resource: CfnResource, path: readonly [string, string]): boolean {
  const written = writtenValue(resource, path);
  if (written.kind === 'absent') return true;
  if (written.kind === 'intrinsic') return written.depth === 0;
  return written.kind === 'scalar' && !isWrittenTrue(written);
}

/**
 * cfn_nag's boolean rules (`BooleanBaseRule`, and the older `x.nil? || x.to_s.casecmp('false').zero?`) fail a
 * property nil or whose text is `false` in any case: cfn-model hands them an intrinsic as a map, which passes.
 * True when such a rule fails the one-level property `key` as written in the resource.
 */
export function failsCfnNagBoolean(resource: CfnResource, key: string): boolean {
  const written = writtenValue(resource, [key]);
  return written.kind === 'absent' || (written.kind === 'scalar' && /^false$/i.test(String(written.value)));
}

/**
 * KICS's `cf_lib.isCloudFormationFalse` (assets/libraries/cloudformation.rego): the boolean `false`, or a string whose
 * lower case is `false` or `no`. An intrinsic is a map there and is never false.
 */
export function isKicsFalse(written: WrittenValue): boolean {
  return written.kind === 'scalar' && (written.value === false || (typeof written.value === 'string' && /^(false|no)$/i.test(written.value)));
}

/**
 * True when the resource writes a `Properties` key, even an empty one (null). KICS's rego binds `resource.Properties`:
 * a rule whose body uses it positively (`properties := resource.Properties`, `f(resource.Properties)`) is undefined,
 * and passes, for a resource without the key, while `not f(resource.Properties)` holds there.
 */
export function hasPropertiesKey(resource: CfnResource): boolean {
  return entryOf(resource.declaration, 'Properties') !== undefined;
}

export const KICS_SQS_SSE_DISABLED = 'KICS:12726829-93ed-4d51-9cbe-13423f4299e1';
/**
 * KICS's "SQS With SSE Disabled" (assets/queries/cloudFormation/aws/sqs_with_sse_disabled/query.rego) fails a queue
 * whose `KmsMasterKeyId` is absent or null (`common_lib.valid_key`: an empty string or an intrinsic is a key) and
 * whose `SqsManagedSseEnabled` is absent, null or `cf_lib.isCloudFormationFalse` (`false`, `'false'`, `'no'`; an
 * intrinsic is not). Its helper takes `resource.Properties` as an argument, which is undefined for a queue without a
 * `Properties` key: such a queue passes. It finds queues by `walk()`, so in any map of `Type`d resources; we name it
 * on CloudFormation and SAM templates only, not having verified that KICS runs its CloudFormation queries on a
 * serverless.yml. Used by sqs-queue-encryption-disabled and store-without-customer-managed-key.
 */
export function failsKicsSqsSse(model: AppModel, resource: CfnResource): boolean {
  if (model.kind === 'serverless' || resource.type !== 'AWS::SQS::Queue' || !hasPropertiesKey(resource)) return false;
  if (writtenValue(resource, ['KmsMasterKeyId']).kind !== 'absent') return false;
  const managed = writtenValue(resource, ['SqsManagedSseEnabled']);
  return managed.kind === 'absent' || isKicsFalse(managed);
}

/**
 * KICS's ElastiCache queries, "ElastiCache With Disabled at Rest Encryption" (`e4ee3903-...`,
 * assets/queries/cloudFormation/aws/elasticache_with_disabled_at_rest_encryption/query.rego) and "ElastiCache With
 * Disabled Transit Encryption" (`3b02569b-...`, elasticache_with_disabled_transit_encryption/query.rego), read an
 * `AWS::ElastiCache::ReplicationGroup` of a document's top-level `Resources` whose `Engine` is written as the text
 * `redis` in any case (`lower(properties.Engine) == "redis"`: an absent engine, which deploys Redis OSS, passes), and
 * fail `key` absent or null or `cf_lib.isCloudFormationFalse`. True when they fail the group as written.
 */
export function failsKicsRedisFlag(model: AppModel, resource: CfnResource, key: string): boolean {
  if (model.kind === 'serverless' || resource.type !== 'AWS::ElastiCache::ReplicationGroup' || !resource.properties || !isMap(resource.properties)) return false;
  const engine = entryOf(resource.properties, 'Engine')?.value;
  if (!engine || !isScalar(engine) || typeof engine.value !== 'string' || engine.value.toLowerCase() !== 'redis') return false;
  const written = writtenValue(resource, [key]);
  return written.kind === 'absent' || isKicsFalse(written);
}

/**
 * The chain of KICS's walk()-based "missing or false" rules: `not common_lib.valid_key(resource.Properties, A)`,
 * `not common_lib.valid_key(resource.Properties.A, B)`, `cf_lib.isCloudFormationFalse(resource.Properties.A.B)`.
 * True when one of them fails the resource as written: a level absent, null or not a map (an intrinsic is a map
 * without the key), `Properties` absent included (`not` holds on an undefined argument), or the last value false.
 */
export function failsKicsMissingOrFalse(resource: CfnResource, path: readonly string[]): boolean {
  let node: SourceNode | null | undefined = resource.properties;
  for (const key of path) {
    if (!node || !isMap(node)) return true;
    node = entryOf(node, key)?.value;
    if (!node || (isScalar(node) && node.value === null)) return true;
  }
  return isScalar(node) && isKicsFalse({ kind: 'scalar', value: node.value });
}

function isIntrinsic(node: SourceNode): boolean {
  return isMap(node) && node.entries.length === 1 && /^(Ref|Condition|Fn::.*)$/.test(String(node.entries[0].key.value));
}

function nest(path: readonly string[], value: PlainValue): Record<string, PlainValue> {
  const [first, ...rest] = path;
  return { [first]: rest.length === 0 ? value : nest(rest, value) };
}

/** A resource type whose encryption is one boolean setting. */
export interface EncryptionFlag {
  type: string;
  /** For messages: `RDS DB instance`. */
  label: string;
  path: readonly string[];
  /** True when AWS encrypts the resource while the setting is absent: then only an explicit `false` is reported. */
  isOnByDefault?: boolean | ((model: AppModel, resource: CfnResource) => boolean);
  /** Properties whose presence means the resource is encrypted, or that its encryption comes from elsewhere (a snapshot, a source cluster). */
  exemptWhenSet?: readonly string[];
  /** Other reasons not to report, such as an Aurora engine or Serverless v1. */
  isExempt?(model: AppModel, resource: CfnResource): boolean;
  /** The quick fix's title; no fix when undefined. */
  fixTitle?: string;
  /**
   * Other tools' checks of this resource type, which a finding on it answers: one rule reads several types,
   * and each check reads one (Checkov's CKV_AWS_16 reads DB instances, CKV_AWS_96 clusters). Declare them in
   * the rule's `findingEquivalents`.
   */
  equivalents?: readonly string[];
  /** When a check names only some findings of the type (an explicit `false`, a literal, not serverless.yml): those checks, per finding. */
  equivalentsOf?(model: AppModel, problem: FlagProblem): readonly string[];
}

export interface FlagProblem {
  flag: EncryptionFlag;
  resource: CfnResource;
  /** `absent`: the setting is not written (and defaults to off); `disabled`: it is false. */
  kind: 'absent' | 'disabled';
  value: SettingValue;
  range: TextRange;
  /** The "set it to true" edit, when the problem holds unconditionally and the setting is plain. */
  edit?: TextEdit;
}

/** The resources of `flags`' types whose encryption setting is off on some branch that can happen, one problem per resource (its first bad branch). */
export function encryptionFlagProblems(model: AppModel, flags: readonly EncryptionFlag[]): FlagProblem[] {
  const problems: FlagProblem[] = [];
  for (const resource of model.resources) {
    const flag = flags.find((candidate) => candidate.type === resource.type);
    if (!flag) continue;
    if (flag.exemptWhenSet?.some((key) => isPropertySet(model, resource, key))) continue;
    if (flag.isExempt?.(model, resource)) continue;
    const values = settingValues(model, resource.properties, flag.path);
    const isOnByDefault = typeof flag.isOnByDefault === 'function' ? flag.isOnByDefault(model, resource) : flag.isOnByDefault === true;
    const bad = values.filter((value) => booleanOf(value) === false || (value.state === 'absent' && !isOnByDefault));
    if (bad.length === 0) continue;
    const first = bad[0];
    const isPlain = values.length === 1 && first.when.length === 0 && first.assumptions.length === 0;
    problems.push({
      flag,
      resource,
      kind: first.state === 'absent' ? 'absent' : 'disabled',
      value: first,
      range: reportRange(resource, flag.path),
      edit: isPlain && flag.fixTitle ? setValueEdit(model, resource, flag.path, true) : undefined,
    });
  }
  return problems;
}

/**
 * Reports each problem of `flags` with the rule's messageId for an absent
 * setting or for a false one, and data `store`, `resource`, `setting` and `when`.
 */
/**
 * A finding's checks: the flag's own and those it computes. In a serverless.yml only Checkov's stay: its Serverless
 * runner reads `resources.Resources`, which cfn_nag and cdk-nag, which read CloudFormation templates, do not.
 */
function flagEquivalents(model: AppModel, problem: FlagProblem): string[] {
  const checks = [...(problem.flag.equivalents ?? []), ...(problem.flag.equivalentsOf?.(model, problem) ?? [])];
  return model.kind === 'serverless' ? checks.filter((check) => check.startsWith('CKV')) : checks;
}

export function reportEncryptionFlags(context: RuleContext, flags: readonly EncryptionFlag[], messageIds: { absent: string; disabled: string }): void {
  for (const problem of encryptionFlagProblems(context.model, flags)) {
    const fixes: Fix[] = problem.edit && problem.flag.fixTitle ? [{ title: problem.flag.fixTitle, edits: [problem.edit] }] : [];
    context.report({
      messageId: problem.kind === 'absent' ? messageIds.absent : messageIds.disabled,
      data: { store: problem.flag.label, resource: problem.resource.logicalId, setting: problem.flag.path.join('.'), when: describeCircumstances(problem.value) },
      node: { range: problem.range },
      resource: problem.resource.logicalId,
      fixes,
      ...((problem.flag.equivalents || problem.flag.equivalentsOf) && { equivalents: flagEquivalents(context.model, problem) }),
    });
  }
}

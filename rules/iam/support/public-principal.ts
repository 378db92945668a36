/**
 * Reading who a resource-based policy statement lets in: `Principal: '*'` or
 * `AWS: '*'` (everyone, in every account, signed or, for S3, anonymous), and
 * whether a Condition narrows that to an account, an organisation, a source
 * resource or a network. Shared by the trust-policy and resource-policy
 * rules; it only reads the model and never guesses unknown values.
 */
import { entryOf, isMap, isSeq, mapEntries, seqItems } from '../../../server/src/engine/parse/tree';
import type { CfnResource, IamStatement } from '../../../server/src/engine/model/types';
import type { ConditionAssumption, Resolver } from '../../../server/src/engine/resolve/resolver';
import type { SourceNode } from '../../../server/src/engine/types';

export interface PublicPrincipal {
  /** The `*` node (or the Principal value when the statement is foreign or uses NotPrincipal). */
  node: SourceNode;
  /** `Principal: '*'`, `AWS: '*'`, or an Allow with `NotPrincipal` (everyone but the listed principals). */
  form: 'star' | 'aws-star' | 'not-principal';
  /** The Fn::If conditions under which the principal is public. */
  when: ConditionAssumption[];
}

/**
 * Condition keys that tie a request to an account, organisation, source
 * resource or network: with one of them (and a value other than `*`), a `*`
 * principal is not the whole internet. Keys are compared case-insensitively,
 * as IAM does. Not here: `kms:ViaService` (it names a service, and any
 * account's principals can call through that service), `sns:Endpoint` (it
 * limits where a subscription delivers, not who subscribes) and
 * `aws:ResourceAccount` (in a resource policy the resource is always yours).
 */
const RESTRICTING_CONDITION_KEYS = new Set(
  [
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalServiceName',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:VpcSourceIp',
    'aws:userid',
    'aws:username',
    'kms:CallerAccount',
    'cognito-identity.amazonaws.com:aud',
    's3:DataAccessPointAccount',
    's3:DataAccessPointArn',
  ].map((key) => key.toLowerCase()),
);

/** Operators that only test presence or negate a value: `Null`, `StringNotEquals`, `ArnNotLike`, ... do not narrow the caller by themselves. */
const NON_RESTRICTING_OPERATOR = /^(?:ForAllValues:|ForAnyValue:)?(?:Null|\w*Not\w*)(?:IfExists)?$/;

/** The public principal of an Allow statement, if it has one. Deny statements are never public grants. */
export function publicPrincipalOf(statement: IamStatement, resolver: Resolver): PublicPrincipal | undefined {
  if (statement.effect !== 'Allow' || !statement.principal) return undefined;
  if (statement.isNotPrincipal) return { node: statement.principal, form: 'not-principal', when: [] };
  for (const branch of resolver.branches(statement.principal)) {
    const principal = branch.node;
    if (!principal) continue;
    if (isStar(principal, resolver)) return { node: principal, form: 'star', when: branch.when };
    for (const awsBranch of resolver.branches(isMap(principal) ? entryOf(principal, 'AWS')?.value : undefined, branch.when)) {
      const items = isSeq(awsBranch.node) ? seqItems(awsBranch.node) : awsBranch.node ? [awsBranch.node] : [];
      const star = items.find((item) => isStar(item, resolver));
      if (star) return { node: star, form: 'aws-star', when: awsBranch.when };
    }
  }
  return undefined;
}

/** True when some value the node can take is the text `*`. */
export function isStar(node: SourceNode, resolver: Resolver): boolean {
  return resolver.outcomes(node).some((outcome) => outcome.state === 'known' && typeof outcome.value === 'string' && outcome.value.trim() === '*');
}

function isEveryAddress(node: SourceNode, resolver: Resolver): boolean {
  return resolver.outcomes(node).every((outcome) => outcome.state === 'known' && (outcome.value === '0.0.0.0/0' || outcome.value === '::/0'));
}

/**
 * True when the statement's Condition narrows who can use it (see
 * RESTRICTING_CONDITION_KEYS), or cannot be read (an `Fn::If`, a reference):
 * an unreadable condition is given the benefit of the doubt.
 */
export function hasRestrictingCondition(statement: IamStatement, resolver: Resolver): boolean {
  const condition = statement.condition;
  if (!condition) return false;
  if (!isMap(condition)) return true;
  for (const operator of mapEntries(condition)) {
    if (!isMap(operator.value)) return true;
    if (NON_RESTRICTING_OPERATOR.test(String(operator.key.value))) continue;
    for (const test of mapEntries(operator.value)) {
      if (!RESTRICTING_CONDITION_KEYS.has(String(test.key.value).toLowerCase())) continue;
      const values = isSeq(test.value) ? seqItems(test.value) : test.value ? [test.value] : [];
      // `aws:SourceAccount: '*'` or `aws:SourceIp: 0.0.0.0/0` narrows nothing; an unknown value (a parameter) is taken as a real restriction.
      const isWildcardOnly = values.length > 0 && values.every((value) => isStar(value, resolver) || isEveryAddress(value, resolver));
      if (!isWildcardOnly) return true;
    }
  }
  return false;
}

/** `s3:GetObject` and friends, as known strings; undefined when any action is unknown or the statement uses NotAction. */
export function knownActions(statement: IamStatement, resolver: Resolver): string[] | undefined {
  if (statement.isNotAction) return undefined;
  const texts: string[] = [];
  for (const action of statement.actions) {
    for (const outcome of resolver.outcomes(action)) {
      if (outcome.state !== 'known' || typeof outcome.value !== 'string') return undefined;
      texts.push(outcome.value.trim());
    }
  }
  return texts;
}

/** The property of each resource-policy type that names what it protects. */
const TARGET_KEYS: Record<string, string> = {
  'AWS::S3::BucketPolicy': 'Bucket',
  'AWS::SQS::QueuePolicy': 'Queues',
  'AWS::SNS::TopicPolicy': 'Topics',
};

/**
 * What a resource policy protects, for messages: the logical ids or names the model resolved, else the
 * policy's target as far as it resolves (`dvsa-receipts-bucket-${AWS::AccountId}` for a name joined with the account id),
 * else `(unknown)`. Display only: a partial name never matches a resource.
 */
export function policyTargetLabel(statement: IamStatement, resources: ReadonlyArray<CfnResource>, resolver: Resolver): string {
  const known = statement.resourcePolicy?.targets.join(', ');
  if (known) return known;
  const policy = resources.find((resource) => resource.logicalId === statement.resource);
  const key = policy && TARGET_KEYS[policy.type];
  const target = key ? entryOf(policy.properties, key)?.value : undefined;
  if (!target) return '(unknown)';
  const items = isSeq(target) ? seqItems(target) : [target];
  const labels = items.map((item) => resolver.display(resolver.resolve(item))).filter((label) => label && label !== '${?}');
  return labels.length > 0 ? labels.join(', ') : '(unknown)';
}

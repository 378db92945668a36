/**
 * Reading resource-policy statements that grant to AWS service principals
 * (`Service: sns.amazonaws.com`), whether a Condition ties the service's
 * request to a source account, organisation or resource, and the text edit
 * that adds `aws:SourceAccount`. Shared by the confused-deputy rule; it only
 * reads the model and never guesses unknown values.
 */
import { insertMapEntries, type PlainValue } from '../../../server/src/engine/fix/edits';
import type { AppModel, IamStatement } from '../../../server/src/engine/model/types';
import { entryOf, intrinsicName, isMap, isScalar, isSeq, mapEntries, seqItems } from '../../../server/src/engine/parse/tree';
import type { ConditionAssumption, Resolver } from '../../../server/src/engine/resolve/resolver';
import type { Fix, MapNode, SourceNode, TextEdit } from '../../../server/src/engine/types';

export interface ServicePrincipal {
  /** `sns.amazonaws.com`, or `logs.${AWS::Region}.amazonaws.com` when part of it is unknown. */
  name: string;
  node: SourceNode;
  when: ConditionAssumption[];
}

/** `s3.amazonaws.com`, `logs.eu-west-1.amazonaws.com`, China's `.amazonaws.com.cn`; unknown parts (`${AWS::Region}`) count as one label. */
export function isServicePrincipalName(name: string): boolean {
  return /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(name.replace(/\$\{[^}]*\}/g, 'x'));
}

/** The service principals an Allow statement names under `Principal.Service`, branch by branch of any `Fn::If`. */
export function servicePrincipalsOf(statement: IamStatement, resolver: Resolver): ServicePrincipal[] {
  if (statement.effect !== 'Allow' || !statement.principal || statement.isNotPrincipal) return [];
  const found: ServicePrincipal[] = [];
  for (const branch of resolver.branches(statement.principal)) {
    if (!isMap(branch.node) || intrinsicName(branch.node)) continue;
    for (const serviceBranch of resolver.branches(entryOf(branch.node, 'Service')?.value, branch.when)) {
      const items = isSeq(serviceBranch.node) ? seqItems(serviceBranch.node) : serviceBranch.node ? [serviceBranch.node] : [];
      for (const item of items) {
        for (const outcome of resolver.outcomes(item, serviceBranch.when)) {
          const name = outcome.state === 'known' && typeof outcome.value === 'string' ? outcome.value.trim() : outcome.state === 'partial' ? outcome.text : undefined;
          if (name && isServicePrincipalName(name) && !found.some((seen) => seen.name === name)) found.push({ name, node: item, when: outcome.when });
        }
      }
    }
  }
  return found;
}

/**
 * True when every branch of the statement's principal names services only
 * (`Principal: { Service: ... }`). A condition on a source key would lock out
 * an account or role listed beside them, whose requests never carry it, so a
 * fix is offered only then.
 */
export function grantsOnlyServices(statement: IamStatement, resolver: Resolver): boolean {
  if (!statement.principal) return false;
  return resolver.branches(statement.principal).every((branch) => isMap(branch.node) && !intrinsicName(branch.node) && mapEntries(branch.node).every((entry) => entry.key.value === 'Service'));
}

/**
 * Keys that tie a service's request to the account, organisation or resource
 * it acts for (the confused-deputy keys), compared case-insensitively as IAM
 * does. `aws:SourceOwner` is the older SNS spelling of `aws:SourceAccount`,
 * and SES once documented `aws:Referer` for the sending account.
 */
const SOURCE_KEYS = new Set(['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths', 'aws:sourceowner', 'aws:referer']);

/**
 * Keys that a service principal's request never carries (they describe an IAM
 * caller or a network path): an Allow that requires one of them with a real
 * value never matches the service, so it is no confused-deputy grant.
 */
const CALLER_ONLY_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:vpcsourceip',
  'aws:userid',
  'aws:username',
]);

/** Operators that only test presence or negate a value: `Null`, `StringNotEquals`, `ArnNotLike`, ... do not tie the request to a source. */
const NON_RESTRICTING_OPERATOR = /^(?:ForAllValues:|ForAnyValue:)?(?:Null|\w*Not\w*)(?:IfExists)?$/;

/**
 * True when the statement's Condition ties the request to a source (see
 * SOURCE_KEYS, `kms:EncryptionContext:*` which binds a key to the resource it
 * encrypts, and `extraKeys` such as `sts:ExternalId`), requires a key the
 * service never sends, or cannot be read (an `Fn::If`, a reference): an
 * unreadable condition is given the benefit of the doubt.
 */
export function hasSourceCondition(statement: IamStatement, resolver: Resolver, extraKeys: readonly string[] = []): boolean {
  const condition = statement.condition;
  if (!condition) return false;
  if (!isMap(condition) || intrinsicName(condition)) return true;
  const extra = new Set(extraKeys.map((key) => key.toLowerCase()));
  for (const operator of mapEntries(condition)) {
    if (!isMap(operator.value) || intrinsicName(operator.value)) return true;
    if (NON_RESTRICTING_OPERATOR.test(String(operator.key.value))) continue;
    for (const test of mapEntries(operator.value)) {
      const key = String(test.key.value).toLowerCase();
      const isSourceKey = SOURCE_KEYS.has(key) || key.startsWith('kms:encryptioncontext:') || extra.has(key);
      if (!isSourceKey && !CALLER_ONLY_KEYS.has(key)) continue;
      const values = isSeq(test.value) ? seqItems(test.value) : test.value ? [test.value] : [];
      if (values.length === 0) continue;
      // `aws:SourceArn: arn:aws:sns:*:*:*` or `'*'` matches every account's resources: no restriction.
      if (!values.every((value) => isWildcardOnly(value, resolver))) return true;
    }
  }
  return false;
}

/**
 * True when every value the node can take matches any source: `*`, an ARN
 * whose account is empty or a wildcard and whose resource part is only a type
 * and wildcards (`arn:aws:s3:::*`, `arn:aws:events:*:*:rule/*`), or an ARN
 * whose account is a wildcard whatever its name (`arn:aws:sns:*:*:orders`):
 * names are chosen freely in each account, so another account can create a
 * topic or rule of that name and be the source. An empty account (S3 bucket
 * ARNs carry none) with a name is left as a restriction. Unknown values (a
 * parameter, an import) are taken as a real restriction.
 */
export function isWildcardOnly(node: SourceNode, resolver: Resolver): boolean {
  return resolver.outcomes(node).every((outcome) => {
    // A partial value (`!Sub 'arn:aws:sns:${AWS::Region}:*:orders'`) is judged on its literal parts: a placeholder
    // (`${...}`, or the pseudo-parameters plugin's `#{...}`) is some value, never a wildcard, so only the fields
    // written as wildcards count.
    const text = outcome.state === 'known' ? outcome.value : outcome.state === 'partial' ? outcome.text : undefined;
    if (typeof text !== 'string') return false;
    const value = text.replace(/[$#]\{[^}]*\}/g, 'x').trim();
    if (/^[*?]+$/.test(value)) return true;
    const arn = /^arn:[^:]*:[^:]*:[^:]*:([^:]*):(.*)$/.exec(value);
    if (!arn) return false;
    const [, account, resource] = arn;
    if (/^[*?]+$/.test(account)) return true;
    const isAnyResource = /^(?:[A-Za-z-]+[/:])?[*?/:]*$/.test(resource);
    return account === '' && isAnyResource;
  });
}

/** `kms:DescribeKey`-style actions only: the service would read metadata, not data. */
const METADATA_READ_ACTIONS = new Set(['s3:getbucketacl', 's3:getbucketlocation', 's3:getbucketpolicy', 's3:getbucketpolicystatus', 'kms:describekey', 'sns:gettopicattributes', 'sqs:getqueueattributes', 'sqs:getqueueurl']);

/** True when every action is known and reads only bucket, key, topic or queue metadata. */
export function readsOnlyMetadata(statement: IamStatement, resolver: Resolver): boolean {
  if (statement.isNotAction || statement.actions.length === 0) return false;
  return statement.actions.every((action) =>
    resolver.outcomes(action).every((outcome) => outcome.state === 'known' && typeof outcome.value === 'string' && METADATA_READ_ACTIONS.has(outcome.value.trim().toLowerCase())),
  );
}

/** The text of an account-id reference in the document's own dialect. */
export type AccountReference = 'cloudformation-yaml' | 'json' | 'serverless';

export function accountReferenceOf(model: AppModel): AccountReference {
  if (model.document.format === 'json') return 'json';
  return model.kind === 'serverless' ? 'serverless' : 'cloudformation-yaml';
}

/** A placeholder scalar that `insertMapEntries` writes plainly and that is then swapped for a short-form intrinsic. */
const PLACEHOLDER = 'SLSWARD_INTRINSIC_PLACEHOLDER';

/**
 * The condition value to add, per dialect: `!Ref AWS::AccountId` in
 * CloudFormation and SAM YAML, `{"Ref": "AWS::AccountId"}` in JSON and
 * `${aws:accountId}` in serverless.yml (the Framework resolves it at deploy).
 */
export function accountIdValue(reference: AccountReference): { value: PlainValue; yamlText?: string } {
  if (reference === 'json') return { value: { Ref: 'AWS::AccountId' } };
  if (reference === 'serverless') return { value: '${aws:accountId}' };
  return { value: PLACEHOLDER, yamlText: '!Ref AWS::AccountId' };
}

/** The log-group ARN pattern of this account, for `kms:EncryptionContext:aws:logs:arn`. */
export function logGroupArnValue(reference: AccountReference): { value: PlainValue; yamlText?: string } {
  if (reference === 'json') return { value: { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*' } };
  if (reference === 'serverless') return { value: 'arn:aws:logs:${aws:region}:${aws:accountId}:*' };
  return { value: PLACEHOLDER, yamlText: "!Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*'" };
}

/** A value given as the raw source text of another node (copied, never re-serialised); undefined when it spans lines. */
export function copiedValue(model: AppModel, node: SourceNode): { value: PlainValue; yamlText?: string } | undefined {
  if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number')) return { value: String(node.value) };
  const text = model.document.text.slice(node.range.start, node.range.end);
  if (text.includes('\n') || text.length === 0) return undefined;
  return { value: PLACEHOLDER, yamlText: text };
}

/**
 * Adds `operator: { key: value }` to a statement's Condition: into the
 * operator's map when the Condition already has one, else as a new operator of
 * the Condition, else as a new Condition of the statement. Undefined when the
 * statement lives in another file, its Condition is not a plain map, or the key
 * is already there (with a wildcard value, which the user must judge).
 */
export function addConditionEdit(model: AppModel, statement: IamStatement, operator: string, key: string, value: { value: PlainValue; yamlText?: string }): TextEdit | undefined {
  if (statement.isForeign || !isMap(statement.declaration)) return undefined;
  const condition = statement.condition;
  let edit: TextEdit;
  if (!condition) {
    if (entryOf(statement.declaration, 'Condition')) return undefined;
    edit = insertMapEntries(model.document, statement.declaration as MapNode, { Condition: { [operator]: { [key]: value.value } } });
  } else {
    if (!isMap(condition) || intrinsicName(condition)) return undefined;
    const operatorEntry = entryOf(condition, operator);
    if (!operatorEntry) edit = insertMapEntries(model.document, condition, { [operator]: { [key]: value.value } });
    else {
      if (!isMap(operatorEntry.value) || intrinsicName(operatorEntry.value)) return undefined;
      if (mapEntries(operatorEntry.value).some((entry) => String(entry.key.value).toLowerCase() === key.toLowerCase())) return undefined;
      edit = insertMapEntries(model.document, operatorEntry.value, { [key]: value.value });
    }
  }
  if (value.yamlText === undefined) return edit;
  if (!edit.newText.includes(PLACEHOLDER)) return undefined;
  return { ...edit, newText: edit.newText.replace(PLACEHOLDER, value.yamlText) };
}

export function fixOf(title: string, edit: TextEdit | undefined): Fix[] {
  return edit ? [{ title, edits: [edit] }] : [];
}

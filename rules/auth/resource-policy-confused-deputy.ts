/**
 * Resource policies (S3 bucket, SNS topic, SQS queue, KMS key, Secrets Manager
 * secret, EventBridge bus, ECR repository) that allow an AWS service principal without a
 * condition naming the source account, organisation or resource: any
 * account's use of that service can then reach the resource (the confused
 * deputy). Also the Cognito SMS role trusted by `cognito-idp.amazonaws.com`
 * without `sts:ExternalId`. Lambda permissions are `lambda-permission-missing-source`.
 */
import { defineRule, type Fix } from '../../server/src/engine';
import type { AppModel, IamStatement, ResourcePolicyService } from '../../server/src/engine/model/types';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import { entryOf, isMap, valueOf } from '../../server/src/engine/parse/tree';
import { describeWhen, type Resolver } from '../../server/src/engine/resolve/resolver';
import type { SourceNode } from '../../server/src/engine/types';
import {
  accountIdValue,
  accountReferenceOf,
  addConditionEdit,
  copiedValue,
  fixOf,
  grantsOnlyServices,
  hasSourceCondition,
  logGroupArnValue,
  readsOnlyMetadata,
  servicePrincipalsOf,
  type ServicePrincipal,
} from './support/service-principal-policy';

type PolicyKind = Exclude<ResourcePolicyService, 'iam-role-trust'>;

const WHAT: Record<PolicyKind, string> = {
  s3: 'bucket',
  sns: 'topic',
  sqs: 'queue',
  kms: 'KMS key',
  secretsmanager: 'secret',
  events: 'event bus',
  ecr: 'repository',
};

/**
 * Service principals that do not send the source keys in a given kind of
 * policy: a condition on them would break the integration, so their statements
 * are not reported. EventBridge's delivery to SNS topics and SQS queues
 * encrypted with a customer managed key calls KMS without `aws:SourceArn`,
 * `aws:SourceAccount` or `aws:SourceOrgID` (AWS's MDAA constructs, citing the
 * SNS guide on encrypted topics); see the rule's doc.
 */
const CANNOT_SEND_SOURCE: Partial<Record<PolicyKind, ReadonlySet<string>>> = {
  kms: new Set(['events.amazonaws.com']),
};

/** CloudWatch Logs (`logs.<region>.amazonaws.com`) proves its source in a key policy by the log group in the encryption context. */
const LOGS_PRINCIPAL = /^logs\.([^.]+\.)?amazonaws\.com(\.cn)?$/i;

export default defineRule({
  meta: {
    id: 'resource-policy-confused-deputy',
    title: 'Resource policy allows an AWS service without a source condition',
    category: 'auth',
    severity: 'warning',
    confidence: 'high',
    description:
      "A bucket, topic, queue, KMS key, secret or event bus policy that allows a service principal (s3.amazonaws.com, events.amazonaws.com, delivery.logs.amazonaws.com...) without aws:SourceAccount, aws:SourceArn or aws:SourceOrgID lets that service act on the resource for any account's bucket, rule, alarm or trail: another account can point its own resource at yours (the confused deputy).",
    remediation:
      "Add a condition with your account (`StringEquals: { 'aws:SourceAccount': !Ref AWS::AccountId }`), or the source's ARN (`ArnLike: { 'aws:SourceArn': ... }`), or your organisation (`aws:SourceOrgID`). For the Cognito SMS role, require the user pool's `sts:ExternalId`.",
    equivalents: [],
    references: [
      'OWASP-Serverless-A5',
      'SAS-3',
      'CWE-441',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/role-trust-and-permissions.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-cognito-userpool-smsconfiguration.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      serviceWithoutSource:
        '{{policy}} lets {{principal}} {{actions}} on {{what}} {{target}} on behalf of any AWS account: the statement has no aws:SourceAccount, aws:SourceArn or aws:SourceOrgID condition that names a source{{when}}.',
      metadataReadWithoutSource:
        '{{policy}} lets {{principal}} {{actions}} on {{what}} {{target}} on behalf of any AWS account (metadata only): the statement has no aws:SourceAccount, aws:SourceArn or aws:SourceOrgID condition that names a source{{when}}.',
      smsRoleWithoutExternalId:
        "Role {{role}} trusts cognito-idp.amazonaws.com without sts:ExternalId (or aws:SourceAccount): a user pool in another account that names this role's ARN can make Cognito assume it and send SMS at your cost{{hint}}.",
    },
    messageSeverity: { metadataReadWithoutSource: 'info', smsRoleWithoutExternalId: 'info' },
    fix: 'suggestion',
    // Not resource-scoped: the SMS role's fix reads the user pool that names the role, which the role does not reference.
  },
  check(context) {
    const { model } = context;
    const resolver = model.resolver;
    for (const { statement, kind, target } of servicePolicyStatements(model)) {
      if (hasSourceCondition(statement, resolver)) continue;
      const skipped = CANNOT_SEND_SOURCE[kind];
      const granted = servicePrincipalsOf(statement, resolver);
      const principals = granted.filter((principal) => !skipped?.has(principal.name.toLowerCase()));
      if (principals.length === 0) continue;
      // A service beside them that sends no source keys would be locked out by the condition: no fix then.
      const fixes = principals.length === granted.length ? sourceFix(model, statement, kind, principals) : [];
      context.report({
        messageId: readsOnlyMetadata(statement, resolver) ? 'metadataReadWithoutSource' : 'serviceWithoutSource',
        data: {
          policy: statement.resource,
          ...principalsAndWhen(principals),
          actions: actionSummary(statement, resolver),
          what: WHAT[kind],
          target,
        },
        node: statement.isForeign ? { range: statement.range } : principals[0].node,
        resource: statement.resource,
        fixes,
      });
    }
    for (const statement of model.iamStatements) {
      if (statement.origin !== 'resource-policy' || statement.resourcePolicy?.service !== 'iam-role-trust') continue;
      const cognito = servicePrincipalsOf(statement, resolver).find((principal) => principal.name.toLowerCase() === 'cognito-idp.amazonaws.com');
      if (!cognito || hasSourceCondition(statement, resolver, ['sts:ExternalId'])) continue;
      const pool = userPoolSendingAs(model, statement.resource);
      // Another service trusted by the same statement (lambda.amazonaws.com) sends no ExternalId: the condition would lock it out.
      const isCognitoAlone = grantsOnlyServices(statement, resolver) && servicePrincipalsOf(statement, resolver).length === 1;
      const externalId = pool?.externalId && isCognitoAlone ? copiedValue(model, pool.externalId) : undefined;
      const edit = externalId ? addConditionEdit(model, statement, 'StringEquals', 'sts:ExternalId', externalId) : undefined;
      const hint = pool?.externalId
        ? isCognitoAlone
          ? `; user pool ${pool.logicalId} sends an ExternalId, require it here`
          : `; user pool ${pool.logicalId} sends an ExternalId: move cognito-idp.amazonaws.com to a statement of its own that requires it`
        : pool
          ? `; set SmsConfiguration.ExternalId on user pool ${pool.logicalId} and require it here`
          : '; give the user pool an SmsConfiguration.ExternalId and require it here';
      context.report({
        messageId: 'smsRoleWithoutExternalId',
        data: { role: statement.resource, hint },
        node: statement.isForeign ? { range: statement.range } : cognito.node,
        resource: statement.resource,
        fixes: fixOf(`Require the ExternalId that user pool ${pool?.logicalId ?? ''} sends (sts:ExternalId)`, edit),
      });
    }
  },
});

interface JudgedStatement {
  statement: IamStatement;
  kind: PolicyKind;
  /** The protected resources, for the message. */
  target: string;
}

/** Every statement of a resource policy the model reads (S3, SNS, SQS, KMS, Secrets Manager, EventBridge buses, ECR repositories). */
function servicePolicyStatements(model: AppModel): JudgedStatement[] {
  const found: JudgedStatement[] = [];
  for (const statement of model.iamStatements) {
    const service = statement.resourcePolicy?.service;
    if (statement.origin !== 'resource-policy' || !service || service === 'iam-role-trust') continue;
    found.push({ statement, kind: service, target: statement.resourcePolicy?.targets.join(', ') || '(unknown)' });
  }
  return found;
}

/**
 * The principals and the conditions under which they are granted, for the message. When they all share the same
 * conditions, these close the sentence; when they differ (`Service: !If [IsProd, sns.amazonaws.com, sqs.amazonaws.com]`),
 * each principal names its own, since no single condition is true for all of them.
 */
function principalsAndWhen(principals: ServicePrincipal[]): { principal: string; when: string } {
  const whens = principals.map((principal) => describeWhen(principal.when));
  if (whens.every((when) => when === whens[0])) return { principal: principals.map((principal) => principal.name).join(', '), when: whens[0] };
  return { principal: principals.map((principal, index) => (whens[index] ? `${principal.name} (${whens[index].trim()})` : principal.name)).join(', '), when: '' };
}

/** `call s3:PutObject` or `call s3:GetObject, s3:PutObject and 2 more`, for the message. */
function actionSummary(statement: IamStatement, resolver: Resolver): string {
  const texts = statement.actions.map((action) => resolver.display(resolver.resolve(action)));
  if (statement.isNotAction) return `call every action except ${texts.join(', ')}`;
  if (texts.length === 0) return 'act';
  return `call ${texts.length > 3 ? `${texts.slice(0, 3).join(', ')} and ${texts.length - 3} more` : texts.join(', ')}`;
}

/**
 * The fix: `StringEquals: { aws:SourceAccount: <this account> }`, merged into
 * the statement's Condition. In a key policy for CloudWatch Logs alone, the
 * documented restriction is the log group in the encryption context instead.
 */
function sourceFix(model: AppModel, statement: IamStatement, kind: PolicyKind, principals: ServicePrincipal[]): Fix[] {
  // An account or role beside the services sends no source keys: the condition would lock it out.
  if (!grantsOnlyServices(statement, model.resolver)) return [];
  // Lambda pulls images from a repository of its own account without a repository statement; one that names
  // lambda.amazonaws.com is for functions in other accounts, which this account's id would lock out. The
  // source to require is theirs (aws:SourceArn of their functions), which the template does not say.
  if (kind === 'ecr') return [];
  const reference = accountReferenceOf(model);
  if (kind === 'kms' && principals.every((principal) => LOGS_PRINCIPAL.test(principal.name.replace(/\$\{[^}]*\}/g, 'region')))) {
    const edit = addConditionEdit(model, statement, 'ArnLike', 'kms:EncryptionContext:aws:logs:arn', logGroupArnValue(reference));
    return fixOf("Allow the key only for this account's log groups (kms:EncryptionContext:aws:logs:arn)", edit);
  }
  const edit = addConditionEdit(model, statement, 'StringEquals', 'aws:SourceAccount', accountIdValue(reference));
  return fixOf('Allow the service only on behalf of this account (aws:SourceAccount)', edit);
}

/** The user pool whose `SmsConfiguration.SnsCallerArn` names this role, and its `ExternalId` node. */
function userPoolSendingAs(model: AppModel, role: string): { logicalId: string; externalId?: SourceNode } | undefined {
  for (const resource of model.resources) {
    if (resource.type !== 'AWS::Cognito::UserPool') continue;
    const sms = valueOf(resource.properties, 'SmsConfiguration');
    if (!isMap(sms) || referencedLogicalId(valueOf(sms, 'SnsCallerArn')) !== role) continue;
    const externalId = entryOf(sms, 'ExternalId')?.value ?? undefined;
    return { logicalId: resource.logicalId, externalId: externalId ?? undefined };
  }
  return undefined;
}

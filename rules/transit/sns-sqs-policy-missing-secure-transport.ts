/**
 * SNS topic policies and SQS queue policies without the HTTPS-only statement
 * (a `Deny` on `aws:SecureTransport: false`). Both services accept plain-HTTP
 * API calls unless the resource policy refuses them. Reported per policy
 * resource, at info level: topics and queues without a policy are not
 * reported (see the doc).
 */
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import type { PlainValue } from '../../server/src/engine/fix/edits';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { CfnResource } from '../../server/src/engine/model/types';
import { oneOrMany, valueOf } from '../../server/src/engine/parse/tree';
import { appendMapItem, SECURE_TRANSPORT_CONDITION, secureTransportVerdict, statementList } from './support/secure-transport';
import { reportNode } from './support/values';

interface PolicyKind {
  label: string;
  targetsKey: string;
  targetType: string;
  action: string;
  /** The target's ARN: a topic's Ref is its ARN; a queue's Ref is its URL. */
  arn: (id: string) => { json: PlainValue; yaml: string };
}

const KINDS: Record<string, PolicyKind> = {
  'AWS::SNS::TopicPolicy': { label: 'Topic policy', targetsKey: 'Topics', targetType: 'AWS::SNS::Topic', action: 'sns:Publish', arn: topicArn },
  'AWS::SNS::TopicInlinePolicy': { label: 'Topic policy', targetsKey: 'TopicArn', targetType: 'AWS::SNS::Topic', action: 'sns:Publish', arn: topicArn },
  'AWS::SQS::QueuePolicy': { label: 'Queue policy', targetsKey: 'Queues', targetType: 'AWS::SQS::Queue', action: 'sqs:*', arn: queueArn },
  'AWS::SQS::QueueInlinePolicy': { label: 'Queue policy', targetsKey: 'Queue', targetType: 'AWS::SQS::Queue', action: 'sqs:*', arn: queueArn },
};

function topicArn(id: string): { json: PlainValue; yaml: string } {
  return { json: { Ref: id }, yaml: `!Ref ${id}` };
}

function queueArn(id: string): { json: PlainValue; yaml: string } {
  return { json: { 'Fn::GetAtt': [id, 'Arn'] }, yaml: `!GetAtt ${id}.Arn` };
}

export default defineRule({
  meta: {
    id: 'sns-sqs-policy-missing-secure-transport',
    title: 'SNS or SQS policy does not require HTTPS',
    category: 'transit',
    severity: 'info',
    confidence: 'high',
    description:
      'SNS and SQS accept API calls over plain HTTP. Unless the topic or queue policy denies requests without TLS, a publisher or consumer configured with an http:// endpoint sends messages in clear text.',
    remediation:
      'Add a statement to the policy: `Effect: Deny`, `Principal: "*"`, `Action: sns:Publish` (topics) or `sqs:*` (queues), the topic or queue ARN as `Resource`, and `Condition: { Bool: { aws:SecureTransport: "false" } }`.',
    // cdk-nag's SNS3 judges topics, SQS4 queues, by the policies that name them: a finding names the one of its
    // policy's kind when cdk-nag fails a target of the policy (cdkNagEquivalents).
    equivalents: [],
    findingEquivalents: ['AwsSolutions-SNS3', 'AwsSolutions-SQS4'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit',
      'https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html#enforce-encryption-data-in-transit',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      missingDeny: '{{kind}} {{resource}} ({{targets}}) does not refuse plain-HTTP requests: it has no Deny statement on aws:SecureTransport false{{when}}.',
    },
    fix: 'suggestion',
  },
  check(context) {
    for (const resource of context.model.resources) {
      const kind = KINDS[resource.type];
      if (!kind) continue;
      const verdict = secureTransportVerdict(context.model, resource);
      if (verdict.state !== 'missing') continue;
      const targets = oneOrMany(valueOf(resource.properties, kind.targetsKey)).map((node) => referencedLogicalId(node) ?? context.model.resolver.display(context.model.resolver.resolve(node)));
      context.report({
        messageId: 'missingDeny',
        data: { kind: kind.label, resource: resource.logicalId, targets: targets.join(', ') || 'no target', when: describeWhen(verdict.when) },
        node: reportNode(resource, ['PolicyDocument']),
        resource: resource.logicalId,
        fixes: denyFix(context, resource, kind),
        equivalents: cdkNagEquivalents(context, resource, kind),
      });
    }
  },
});

/**
 * cdk-nag's AwsSolutions-SNS3 (src/rules/sns/SNSTopicSSLPublishOnly.ts) and AwsSolutions-SQS4
 * (src/rules/sqs/SQSQueueSSLRequestsOnly.ts) judge each `CfnTopic` and `CfnQueue`: compliant when a `CfnTopicPolicy`
 * or `CfnQueuePolicy` naming it holds the HTTPS-only Deny, and SNS3 also when the topic has a `KmsMasterKeyId`. So
 * the finding names the check when one of its targets is a topic (without a key) or queue of this template that no
 * other policy of the kind protects; inline policies are no `CfnTopicPolicy` there, and serverless.yml is not read.
 */
function cdkNagEquivalents(context: RuleContext, policy: CfnResource, kind: PolicyKind): string[] {
  const { model } = context;
  if (model.kind === 'serverless') return [];
  const check = kind.targetType === 'AWS::SNS::Topic' ? 'AwsSolutions-SNS3' : 'AwsSolutions-SQS4';
  const policyType = kind.targetType === 'AWS::SNS::Topic' ? 'AWS::SNS::TopicPolicy' : 'AWS::SQS::QueuePolicy';
  const targetsOf = (resource: CfnResource) => oneOrMany(valueOf(resource.properties, KINDS[resource.type].targetsKey)).map((node) => referencedLogicalId(node));
  const fails = targetsOf(policy).some((id) => {
    const target = model.resources.find((resource) => resource.logicalId === id && resource.type === kind.targetType);
    if (!target) return false;
    if (kind.targetType === 'AWS::SNS::Topic' && valueOf(target.properties, 'KmsMasterKeyId') !== undefined) return false;
    const protectedByAnother = model.resources.some(
      (other) => other !== policy && other.type === policyType && targetsOf(other).includes(id) && secureTransportVerdict(model, other).state !== 'missing',
    );
    return !protectedByAnother;
  });
  return fails ? [check] : [];
}

function denyFix(context: RuleContext, policy: CfnResource, kind: PolicyKind): Fix[] {
  const { model } = context;
  const list = statementList(policy);
  const ids = oneOrMany(valueOf(policy.properties, kind.targetsKey)).map((node) => referencedLogicalId(node));
  const isOwn = (id: string | undefined) => model.resources.some((resource) => resource.logicalId === id && resource.type === kind.targetType);
  if (!list || ids.length === 0 || !ids.every(isOwn)) return [];
  const arns = (ids as string[]).map(kind.arn);
  const resourceJson: PlainValue = arns.length === 1 ? arns[0].json : arns.map((arn) => arn.json);
  const statement: Record<string, PlainValue> = {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: kind.action,
    Resource: resourceJson,
    Condition: SECURE_TRANSPORT_CONDITION,
  };
  const quotedAction = `'${kind.action}'`;
  const yaml = {
    block: (unit: string) => [
      'Sid: DenyInsecureTransport',
      'Effect: Deny',
      "Principal: '*'",
      `Action: ${quotedAction}`,
      ...(arns.length === 1 ? [`Resource: ${arns[0].yaml}`] : ['Resource:', ...arns.map((arn) => `${unit}- ${arn.yaml}`)]),
      'Condition:',
      `${unit}Bool:`,
      `${unit}${unit}aws:SecureTransport: 'false'`,
    ],
    flow: `{ Sid: DenyInsecureTransport, Effect: Deny, Principal: '*', Action: ${quotedAction}, Resource: ${arns.length === 1 ? arns[0].yaml : `[${arns.map((arn) => arn.yaml).join(', ')}]`}, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }`,
  };
  return [{ title: 'Deny requests that do not use HTTPS', edits: [appendMapItem(model.document, list, statement, yaml)] }];
}

/**
 * An SNS topic without server-side encryption: unlike S3, DynamoDB and SQS,
 * SNS does not encrypt messages at rest unless the topic names a KMS key, so
 * only `AWS::SNS::Topic` is reported here. The fix names the AWS managed key,
 * and is not offered when an AWS service publishes to the topic, because that
 * key's policy cannot let a service principal use it.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { insertMapEntries } from '../../server/src/engine/fix/edits';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { AppModel, CfnResource } from '../../server/src/engine/model/types';
import { entryOf, intrinsicName, isScalar, nodeAt, oneOrMany, scalarText, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import type { SourceNode } from '../../server/src/engine/types';

const FIX_TITLE = 'Encrypt this topic with the AWS managed key (alias/aws/sns)';
const AWS_MANAGED_SNS_KEY = 'alias/aws/sns';
const KICS_SNS_WITHOUT_KMS = 'KICS:9d13b150-a2ab-42a1-b6f4-142e41f81e52';

export default defineRule({
  meta: {
    id: 'sns-topic-unencrypted',
    title: 'SNS topic without encryption at rest',
    category: 'storage',
    severity: 'warning',
    confidence: 'high',
    description:
      'SNS stores each message until every subscriber has received it. Without a KMS key the topic has no server-side encryption, unlike S3, DynamoDB and SQS, which AWS encrypts by default, and no key policy can limit who reads what passes through it.',
    remediation:
      'Set `KmsMasterKeyId` on the topic: `alias/aws/sns` for the AWS managed key, or a customer managed key when AWS services (EventBridge, CloudWatch alarms, S3 notifications) publish to it, since they need a key policy that allows them.',
    // Each check reads `AWS::SNS::Topic` resources, none a condition or a Serverless event topic (topicEquivalents);
    // KICS's query needs a `Properties` key (topicEquivalents) and also fails a key written null (nullKeyEquivalents).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_26', 'AwsSolutions-SNS2', 'W47', 'S6327', KICS_SNS_WITHOUT_KMS],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-311',
      'https://docs.aws.amazon.com/sns/latest/dg/sns-server-side-encryption.html',
      'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sns-topic.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      unencrypted: 'SNS topic {{topic}} is not encrypted at rest: it sets no KmsMasterKeyId.',
      unencryptedOnBranch: 'SNS topic {{topic}} is not encrypted at rest{{when}}: KmsMasterKeyId is then absent or empty.',
      serverlessEventTopic:
        'The sns event of function {{function}} creates SNS topic {{topic}}, which is not encrypted at rest: the Serverless Framework gives the topics it creates for events no KMS key. Declare the topic under resources with KmsMasterKeyId and subscribe with `arn: !Ref <Topic>`.',
    },
    fix: 'suggestion',
  },
  check(context) {
    const { resolver } = context.model;
    for (const resource of context.model.resources) {
      if (resource.type !== 'AWS::SNS::Topic') continue;
      const keyEntry = entryOf(resource.properties, 'KmsMasterKeyId');
      if (!keyEntry) {
        // `Properties` that is itself an intrinsic (`!If`) cannot be read here: stay silent rather than guess.
        if (resource.properties === undefined && intrinsicName(valueOf(resource.declaration, 'Properties'))) continue;
        const fix = encryptionFix(context, resource);
        context.report({ messageId: 'unencrypted', data: { topic: resource.logicalId }, node: { range: resource.keyRange }, resource: resource.logicalId, fixes: fix ? [fix] : [], equivalents: topicEquivalents(context.model, resource) });
        continue;
      }
      // `!If [UseKms, !Ref Key, !Ref AWS::NoValue]`: the branch without a key deploys an unencrypted topic.
      const plain = resolver.outcomes(keyEntry.value).find((outcome) => outcome.state === 'known' && (outcome.value === null || outcome.value === ''));
      if (plain) {
        // A key written, even empty or under a condition, passes cfn_nag, cdk-nag and Sonar, and Checkov's versions disagree on an empty one: none is named.
        context.report({ messageId: 'unencryptedOnBranch', data: { topic: resource.logicalId, when: describeWhen(plain.when) }, node: keyEntry, resource: resource.logicalId, equivalents: nullKeyEquivalents(context.model, keyEntry.value) });
      }
    }
    if (context.model.kind === 'serverless') reportServerlessEventTopics(context);
  },
});

/**
 * The checks a topic without `KmsMasterKeyId` answers, as their source reads it: Checkov `CKV_AWS_26`
 * (checkov/cloudformation/checks/resource/aws/SNSTopicEncryption.py), cfn_nag `W47` (SnsTopicKmsMasterKeyIdRule.rb),
 * cdk-nag `AwsSolutions-SNS2` (src/rules/sns/SNSEncryptedKMS.ts) and Sonar `S6327` (DisabledSNSTopicEncryptionCheck.java)
 * all fail an `AWS::SNS::Topic` without the key. In a serverless.yml only Checkov reads `resources.Resources`.
 */
function topicEquivalents(model: AppModel, resource: CfnResource): string[] {
  if (model.kind === 'serverless') return ['CKV_AWS_26'];
  return ['CKV_AWS_26', 'AwsSolutions-SNS2', 'W47', 'S6327', ...(entryOf(resource.declaration, 'Properties') ? [KICS_SNS_WITHOUT_KMS] : [])];
}

/**
 * KICS's "SNS Topic Without KmsMasterKeyId" (assets/queries/cloudFormation/aws/sns_topic_without_kms_master_key_id/query.rego)
 * binds `properties := resource.Properties`, so a topic without a `Properties` key passes it (an empty `Properties:`,
 * null, fails), and fails `not common_lib.valid_key(properties, "KmsMasterKeyId")`: the key absent or null. An
 * intrinsic or an empty string is a value there and passes. It reads top-level `Resources` of CloudFormation and SAM
 * documents, not a serverless.yml's `resources.Resources`. A key written null is our `unencryptedOnBranch` finding.
 */
function nullKeyEquivalents(model: AppModel, value: SourceNode | null | undefined): string[] {
  return model.kind !== 'serverless' && (!value || (isScalar(value) && value.value === null)) ? [KICS_SNS_WITHOUT_KMS] : [];
}

/**
 * `events: [{ sns: orders }]` (or `sns: { topicName: orders }`) makes the
 * Serverless Framework create topic `orders`, with no way to give it a key;
 * `sns: arn:...` or `sns: { arn: ... }` subscribes to an existing topic, which
 * is reported where it is declared. One finding per topic name.
 */
function reportServerlessEventTopics(context: RuleContext): void {
  const { resolver } = context.model;
  const reported = new Set<string>();
  for (const fn of context.model.functions) {
    for (const event of seqItems(valueOf(fn.declaration, 'events'))) {
      const sns = entryOf(event, 'sns');
      if (!sns) continue;
      const value = sns.value;
      if (intrinsicName(value) || valueOf(value, 'arn') !== undefined) continue;
      const nameNode = value && value.kind === 'map' ? valueOf(value, 'topicName') : value;
      const name = resolver.resolveString(nameNode) ?? scalarText(nameNode);
      // An ARN (or a variable that may hold one) names an existing topic.
      if (!name || name.startsWith('arn:') || (name.includes('${') && !resolver.resolveString(nameNode))) continue;
      if (reported.has(name)) continue;
      reported.add(name);
      context.report({ messageId: 'serverlessEventTopic', data: { topic: name, function: fn.name }, node: sns.key, resource: `functions.${fn.name}` });
    }
  }
}

/** Adds `KmsMasterKeyId: alias/aws/sns` to Properties, creating Properties when the topic has none. */
function encryptionFix(context: RuleContext, resource: CfnResource): Fix | undefined {
  const document = context.model.document;
  // alias/aws/sns would silently stop these deliveries; such a topic needs a customer managed key (see the doc).
  if (hasAwsServicePublisher(context.model, resource.logicalId)) return undefined;
  if (resource.properties) return { title: FIX_TITLE, edits: [insertMapEntries(document, resource.properties, { KmsMasterKeyId: AWS_MANAGED_SNS_KEY })] };
  // `Properties:` with no map (empty, or an intrinsic) cannot take a key without rewriting it; a second Properties key would be a duplicate.
  if (entryOf(resource.declaration, 'Properties')) return undefined;
  return { title: FIX_TITLE, edits: [insertMapEntries(document, resource.declaration, { Properties: { KmsMasterKeyId: AWS_MANAGED_SNS_KEY } })] };
}

/**
 * The topics an AWS service publishes to: named by a topic policy granting a service principal,
 * an EventBridge rule target, a CloudWatch alarm action, or an S3 bucket notification. Read once
 * per model: a check per topic over every resource made a template of topics quadratic.
 */
const publishedTopicsByModel = new WeakMap<AppModel, Set<string>>();

function hasAwsServicePublisher(model: AppModel, topicId: string): boolean {
  let published = publishedTopicsByModel.get(model);
  if (!published) publishedTopicsByModel.set(model, (published = awsServicePublishedTopics(model)));
  return published.has(topicId);
}

function awsServicePublishedTopics(model: AppModel): Set<string> {
  const published = new Set<string>();
  const add = (node: SourceNode | null | undefined) => {
    for (const item of oneOrMany(node)) {
      const id = referencedLogicalId(item);
      if (id !== undefined) published.add(id);
    }
  };
  for (const resource of model.resources) {
    const properties = resource.properties;
    switch (resource.type) {
      case 'AWS::SNS::TopicPolicy':
        if (oneOrMany(nodeAt(properties, ['PolicyDocument', 'Statement'])).some((statement) => nodeAt(statement, ['Principal', 'Service']) !== undefined)) add(valueOf(properties, 'Topics'));
        break;
      case 'AWS::Events::Rule':
        for (const target of seqItems(valueOf(properties, 'Targets'))) add(valueOf(target, 'Arn'));
        break;
      case 'AWS::CloudWatch::Alarm':
      case 'AWS::CloudWatch::CompositeAlarm':
        for (const key of ['AlarmActions', 'OKActions', 'InsufficientDataActions']) add(valueOf(properties, key));
        break;
      case 'AWS::S3::Bucket':
        for (const configuration of seqItems(nodeAt(properties, ['NotificationConfiguration', 'TopicConfigurations']))) add(valueOf(configuration, 'Topic'));
        break;
    }
  }
  return published;
}

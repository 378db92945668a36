/**
 * An AWS managed policy that grants a whole service on every resource of the
 * account (`AmazonS3FullAccess`, `AmazonDynamoDBFullAccess`,
 * `AWSLambda_FullAccess`, `SecretsManagerReadWrite`, ...) attached to a role,
 * user or group, or named in SAM `Policies`. Administrator-class policies
 * (AdministratorAccess, IAMFullAccess, PowerUserAccess) are
 * `iam-admin-managed-policy`'s. Customer managed policies that merely share a
 * name, and ARNs that cannot be resolved, are not reported.
 */
import { defineRule } from '../../server/src/engine';
import { awsManagedPolicyName } from '../../server/src/engine/model/sam-policy-templates';
import { managedPolicyUse, replaceManagedPolicyFix } from '../../server/src/engine/least-privilege/managed-policy-use';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { listForMessage } from './support/iam-statements';
import { managedPolicyChecks } from './support/managed-policy-checks';
import { attachmentHolder } from './support/holder';

/** Reported by iam-admin-managed-policy, as errors. */
const ADMIN_CLASS = new Set(['AdministratorAccess', 'IAMFullAccess', 'PowerUserAccess']);
/** Service-wide read-write policies whose names do not say FullAccess, with what they grant. */
const FULL_ACCESS_WITHOUT_THE_NAME: Record<string, string> = {
  SecretsManagerReadWrite: 'read and write access to every secret of the account',
  AmazonAPIGatewayAdministrator: 'every API Gateway action on every API of the account',
  AWSLambdaExecute: 's3:GetObject and s3:PutObject on every bucket, and every CloudWatch Logs action',
};

/** The scoped alternative to suggest, when SAM has one. */
const SCOPED_ALTERNATIVE: Record<string, string> = {
  AmazonDynamoDBFullAccess: 'DynamoDBCrudPolicy (or DynamoDBReadPolicy) with the TableName',
  AmazonS3FullAccess: 'S3CrudPolicy (or S3ReadPolicy) with the BucketName',
  AmazonSQSFullAccess: 'SQSSendMessagePolicy or SQSPollerPolicy with the QueueName',
  AmazonSNSFullAccess: 'SNSPublishMessagePolicy with the TopicName',
  AWSLambda_FullAccess: 'LambdaInvokePolicy with the FunctionName',
  AWSLambdaFullAccess: 'LambdaInvokePolicy with the FunctionName',
  AmazonKinesisFullAccess: 'KinesisStreamReadPolicy or KinesisCrudPolicy with the StreamName',
  SecretsManagerReadWrite: 'AWSSecretsManagerGetSecretValuePolicy with the SecretArn',
  AWSStepFunctionsFullAccess: 'StepFunctionsExecutionPolicy with the StateMachineName',
  AmazonEventBridgeFullAccess: 'EventBridgePutEventsPolicy with the EventBusName',
  CloudWatchFullAccess: 'CloudWatchPutMetricPolicy',
  AmazonSESFullAccess: 'SESCrudPolicy with the IdentityName',
  AmazonKinesisFirehoseFullAccess: 'FirehoseWritePolicy with the DeliveryStreamName',
};

export default defineRule({
  meta: {
    id: 'iam-full-access-managed-policy',
    title: 'Service-wide FullAccess AWS managed policy attached',
    category: 'iam',
    severity: 'warning',
    confidence: 'high',
    description:
      "AWS's *FullAccess managed policies grant every action of a service on every resource of the account: AmazonS3FullAccess reads and deletes every bucket, AmazonDynamoDBFullAccess every table. A function rarely needs more than a few actions on its own resources.",
    remediation:
      'Replace the managed policy with statements (or a SAM policy template such as DynamoDBCrudPolicy) that name the actions the code calls and the ARNs of the resources it uses.',
    // Each check reads the managed policies of some IAM resources only (support/managed-policy-checks.ts).
    equivalents: [],
    findingEquivalents: ['AwsSolutions-IAM4'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-250',
      'CWE-269',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/serverless-policy-templates.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      fullAccess: '{{holder}} {{has}} the AWS managed policy {{policy}}: {{grants}}{{when}}.{{code}}{{hint}}',
    },
    // Once the handlers' calls are known: what they use of the service, and for SAM the policy replaced by a statement of it.
    fix: 'suggestion',
    scope: 'resource',
    readsHandlerCode: 'refines',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const attachment of context.model.managedPolicies) {
      for (const outcome of resolver.outcomes(attachment.node)) {
        const name = awsManagedPolicyName(outcome, attachment.origin === 'sam-policies');
        if (!name || ADMIN_CLASS.has(name) || !(/FullAccess/.test(name) || Object.hasOwn(FULL_ACCESS_WITHOUT_THE_NAME, name))) continue;
        const alternative = SCOPED_ALTERNATIVE[name];
        const use = context.handlers && outcome.when.length === 0 ? managedPolicyUse(context.model, attachment, name, context.handlers) : undefined;
        const fix = use?.replacement && replaceManagedPolicyFix(context.model, attachment, name, use.replacement);
        const whose = use && use.functions.length > 1 ? 'Their code' : 'Its code';
        context.report({
          messageId: 'fullAccess',
          data: {
            holder: attachmentHolder(attachment),
            has: attachment.functions.length > 1 ? 'have' : 'has',
            policy: name,
            grants: Object.hasOwn(FULL_ACCESS_WITHOUT_THE_NAME, name) ? FULL_ACCESS_WITHOUT_THE_NAME[name] : 'every action of the service on every resource of the account',
            when: describeWhen(outcome.when),
            code: !use ? '' : use.used.length === 0 ? ` ${whose} calls none of its actions.` : ` Of what it grants, ${whose.toLowerCase()} calls only ${listForMessage(use.used.map((action) => `\`${action}\``), 5)}.`,
            // With the code read, the fix (or the list of what is called) says more than the generic alternative.
            hint: alternative && attachment.origin === 'sam-policies' && !fix ? ` Use the SAM policy template ${alternative} instead.` : '',
          },
          node: attachment.node,
          resource: attachment.resource,
          fixes: fix ? [fix] : [],
          // cdk-nag's IAM4 fails every AWS managed policy of the IAM resources it reads; W43 and CKV_AWS_274 are about admin-class ones.
          equivalents: managedPolicyChecks(context.model, attachment).filter((check) => check === 'AwsSolutions-IAM4'),
        });
        break;
      }
    }
  },
});

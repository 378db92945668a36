/**
 * An AWS SDK call in a handler whose IAM action the function's role does not grant: the deploy
 * succeeds and the call fails with AccessDenied at run time. An under-grant finding that would not
 * really fail costs the most trust, so the rule speaks only when everything is known: every
 * statement and policy that reaches the role was read (no imported role, no managed policy without
 * a document, no action from a parameter), the call's action is certain, and its target is a
 * resource of the same template, named through an environment variable the template sets for that
 * function (`TABLE: !Ref Orders` and `TableName: process.env.TABLE`), with no resource-based policy
 * that could grant the access instead, and no SDK client in the file given credentials of its own
 * (a tenant's assumed role). An Allow of the action counts when its Resource may match that
 * resource: one on another table's ARN, or on a bucket's ARN for an object action, does not;
 * one whose Resource cannot be read may, and counts.
 */
import { callTargetKind, defineCodeRule, iamActionsForCall, isActionGranted, type AwsSdkCall, type HandlerBinding } from '../../server/src/engine';
import { statementInsertionEdit } from '../../server/src/engine/least-privilege/insert-statement';
import { statementForCall } from '../../server/src/engine/least-privilege/policy';
import { handlerContaining } from '../auth/support/code-handlers';
import { listForMessage } from './support/iam-statements';

/** The parameter that names a call's target, and the resource types it can name, by IAM prefix. */
const TARGETS: Record<string, { parameters: string[]; types: string[] }> = {
  dynamodb: { parameters: ['TableName'], types: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::Serverless::SimpleTable'] },
  s3: { parameters: ['Bucket'], types: ['AWS::S3::Bucket'] },
  sqs: { parameters: ['QueueUrl'], types: ['AWS::SQS::Queue'] },
  sns: { parameters: ['TopicArn', 'TargetArn'], types: ['AWS::SNS::Topic'] },
  lambda: { parameters: ['FunctionName'], types: ['AWS::Lambda::Function', 'AWS::Serverless::Function'] },
  secretsmanager: { parameters: ['SecretId'], types: ['AWS::SecretsManager::Secret'] },
  ssm: { parameters: ['Name'], types: ['AWS::SSM::Parameter'] },
  states: { parameters: ['stateMachineArn', 'StateMachineArn'], types: ['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine'] },
  events: { parameters: ['EventBusName'], types: ['AWS::Events::EventBus'] },
  kinesis: { parameters: ['StreamName', 'StreamARN'], types: ['AWS::Kinesis::Stream'] },
  firehose: { parameters: ['DeliveryStreamName'], types: ['AWS::KinesisFirehose::DeliveryStream'] },
  kms: { parameters: ['KeyId'], types: ['AWS::KMS::Key'] },
};

export default defineCodeRule({
  meta: {
    id: 'code-permission-not-granted',
    title: 'AWS call that the function\'s role does not allow',
    category: 'iam',
    severity: 'warning',
    confidence: 'high',
    description:
      'The handler calls an AWS API whose IAM action no statement of its role allows. CloudFormation deploys the stack anyway, and the call fails with AccessDenied when it runs, often only on the path that tests do not cover.',
    remediation:
      'Add a statement that allows exactly the action on the resource the code uses (the finding names both), in the function\'s own role where the format supports it, rather than widening a shared role with a wildcard.',
    equivalents: [],
    references: ['OWASP-Serverless-A5', 'SAS-4', 'CWE-280', 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      notGranted: '`{{call}}` needs {{actions}} on {{resource}}, and {{role}} (function {{function}}) does not grant it: the call fails with AccessDenied at run time.',
      notGrantedOnResource:
        '`{{call}}` needs {{actions}} on {{resource}}, and {{role}} (function {{function}}) grants it only on other resources: the call fails with AccessDenied at run time.',
    },
    fix: 'suggestion',
  },
  checkCode(context) {
    const document = context.code;
    // A client given credentials of its own (a tenant's assumed role, keys from a secret) does not call as the function's role.
    if (context.bindings.length === 0 || document.awsCalls.length === 0 || document.awsCredentials) return;
    const exported = new Set(context.bindings.map((binding) => binding.exportName));
    for (const call of document.awsCalls) {
      if (call.location.path !== undefined) continue;
      // A call in a handler belongs to it; one in a helper of a file with a single bound handler, to that handler.
      const owner = handlerContaining(document, call.location.range)?.exportName ?? (exported.size === 1 ? [...exported][0] : undefined);
      if (owner === undefined) continue;
      const mapped = iamActionsForCall(call, call.details);
      if (mapped.actions.length === 0) continue;
      const prefix = mapped.actions[0].split(':')[0];
      for (const binding of context.bindings) {
        const permissions = binding.permissions;
        if (binding.exportName !== owner || !permissions) continue;
        const target = targetOf(call, prefix, binding);
        if (!target || target.hasResourcePolicy) continue;
        const answers = mapped.actions.map((action) => ({ action, answer: isActionGranted(permissions, action, { ...target, kind: callTargetKind(call, action) }) }));
        if (answers.some(({ answer }) => answer.state === 'unknown')) continue;
        const missing = answers.filter(({ answer }) => answer.state === 'not-granted').map(({ action }) => action);
        if (missing.length === 0) continue;
        // "Only on other resources" when every missing action is allowed somewhere else; the statements that allow it are shown.
        const missingAnswers = answers.flatMap(({ answer }) => (answer.state === 'not-granted' ? [answer] : []));
        const isOnOtherResources = missingAnswers.every((answer) => (answer.onOtherResources?.length ?? 0) > 0);
        // A statement read from another file (`${file()}`) has its range there: it is not pointed at.
        const elsewhere = new Map(missingAnswers.flatMap((answer) => answer.onOtherResources ?? []).filter((place) => !place.isForeign).map((place) => [place.range.start, place]));
        const related = [
          { location: permissions.roleLocation ?? binding.functionLocation, message: `${permissions.role} grants the function its permissions` },
          { location: target.location, message: `the ${target.type} the call acts on (${target.logicalId})` },
          ...[...elsewhere.values()].map((place) => ({ location: { path: binding.templatePath, range: place.range }, message: `this statement of ${place.by} allows it on other resources than ${target.logicalId}` })),
        ];
        // The fix adds the statement to the template, in the list that gives this function its permissions.
        const statement = permissions.statementInsertion && statementForCall(call, missing, binding.environmentResources);
        const fixes = statement && permissions.statementInsertion
          ? [{ title: `Add ${missing.join(', ')} on ${target.logicalId} to ${permissions.statementInsertion.description}`, edits: [statementInsertionEdit(permissions.statementInsertion, statement)] }]
          : [];
        context.report({
          messageId: isOnOtherResources ? 'notGrantedOnResource' : 'notGranted',
          data: { call: `${call.service}.${call.operation}`, actions: listForMessage(missing.map((action) => `\`${action}\``)), resource: missing.some((action) => callTargetKind(call, action) === 'index') ? `an index of ${target.logicalId} (\`${target.logicalId}.Arn/index/*\`)` : target.logicalId, role: permissions.role, function: binding.functionName },
          range: call.location.range,
          handler: owner,
          related,
          fixes,
        });
      }
    }
  },
});

/** The template resource the call acts on, when an environment variable the template sets for this function names it. */
function targetOf(call: AwsSdkCall, prefix: string, binding: HandlerBinding) {
  const shape = TARGETS[prefix];
  if (!shape) return undefined;
  for (const resource of call.resources ?? []) {
    if (!shape.parameters.includes(resource.parameter) || resource.value.kind !== 'env' || resource.value.prefix !== undefined || resource.value.suffix !== undefined) continue;
    const target = binding.environmentResources?.[resource.value.variable];
    if (target && shape.types.includes(target.type)) return target;
  }
  return undefined;
}

/**
 * A Lambda function without reserved concurrency: it can take the whole of the
 * account's unreserved concurrency in the region, and a flood of events on it
 * throttles every other function there. Hygiene advice, reported as info, as
 * Checkov's CKV_AWS_115 does; an unresolved value is never reported, nor is a
 * function that only serves a custom resource at deploy time.
 */
import { defineRule } from '../../server/src/engine';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { AppModel, LambdaFunction } from '../../server/src/engine/model/types';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, nodeAt, valueOf } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';

export default defineRule({
  meta: {
    id: 'function-missing-reserved-concurrency',
    title: 'Lambda function without reserved concurrency',
    category: 'throttling',
    // Info: reserved concurrency is a capacity decision, not a vulnerability, and it
    // also takes capacity away from the rest of the account. Most well-written samples leave it unset.
    severity: 'info',
    confidence: 'high',
    description:
      'Without reserved concurrency a function can scale up to the account\'s unreserved concurrency in the region (1,000 by default). A flood of requests or events on one function then throttles every other function in the account, and runs up cost and load on what the function calls.',
    remediation:
      'Set the most concurrent executions the function and its downstream services should handle: `reservedConcurrency` in serverless.yml, `ReservedConcurrentExecutions` on the function (or in SAM `Globals.Function`).',
    // Checkov's CKV_AWS_115 reads CloudFormation and SAM functions only (see checkovReads): a finding names it when it does.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_115'],
    references: [
      'OWASP-Serverless-A6',
      'SAS-8',
      'CWE-770',
      'https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-function.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      missingReservedConcurrency:
        'Function {{name}} has no reserved concurrency{{when}}: it can use all of the account\'s unreserved concurrency in the region, and a flood on it throttles every other function there.',
    },
    fix: 'none',
  },
  check(context) {
    const { model } = context;
    const customResourceProviders = customResourceProvidersOf(model);
    for (const lambda of model.functions) {
      // A custom resource provider runs only when CloudFormation deploys the stack: nothing can flood it.
      if (customResourceProviders.has(lambda.name)) continue;
      const when = unreservedWhen(model, lambda);
      if (!when) continue;
      context.report({
        messageId: 'missingReservedConcurrency',
        data: { name: lambda.name, when: describeWhen(when) },
        node: { range: lambda.nameRange },
        resource: lambda.resource,
        equivalents: when.length === 0 && checkovReads(model, lambda) ? ['CKV_AWS_115'] : [],
      });
    }
  },
});

/**
 * The conditions under which the function has no reserved concurrency, or
 * undefined when it always has one (or when that cannot be known).
 */
function unreservedWhen(model: AppModel, lambda: LambdaFunction): ConditionAssumption[] | undefined {
  let setting: SourceNode | null | undefined;
  if (model.kind === 'serverless' && lambda.resource.startsWith('functions.')) {
    setting = valueOf(lambda.declaration, 'reservedConcurrency');
  } else {
    const properties = valueOf(lambda.declaration, 'Properties');
    const isSam = scalarTypeOf(lambda.declaration) === 'AWS::Serverless::Function';
    const own = entryOf(properties, 'ReservedConcurrentExecutions');
    // SAM copies Globals.Function properties into every function that does not set them.
    setting = own ? own.value : isSam ? nodeAt(model.document.root, ['Globals', 'Function', 'ReservedConcurrentExecutions']) : undefined;
  }
  if (setting === undefined || setting === null) return [];
  for (const outcome of model.resolver.outcomes(setting)) {
    // `!Ref AWS::NoValue` in one branch of an `Fn::If` leaves the property unset there.
    if (outcome.state === 'known' && outcome.value === null) return outcome.when;
  }
  return undefined;
}

/**
 * Checkov's CKV_AWS_115 (checkov/cloudformation/checks/resource/aws/LambdaFunctionLevelConcurrentExecutionLimit.py)
 * reads `AWS::Lambda::Function` and `AWS::Serverless::Function` resources (SAM `Globals` applied), passing any
 * written `ReservedConcurrentExecutions`: an `Fn::If` with an `AWS::NoValue` branch passes there, so a conditional
 * finding does not name it. Its Serverless runner runs CloudFormation checks only on `resources.Resources`, never
 * on `functions` (checkov/serverless/runner.py).
 */
function checkovReads(model: AppModel, lambda: LambdaFunction): boolean {
  return !(model.kind === 'serverless' && lambda.resource.startsWith('functions.'));
}

/** Functions named by a custom resource's `ServiceToken`. */
function customResourceProvidersOf(model: AppModel): Set<string> {
  const providers = new Set<string>();
  for (const resource of model.resources) {
    if (!resource.type.startsWith('Custom::') && resource.type !== 'AWS::CloudFormation::CustomResource') continue;
    const id = referencedLogicalId(valueOf(resource.properties, 'ServiceToken'));
    if (id) providers.add(id);
  }
  return providers;
}

function scalarTypeOf(declaration: SourceNode): string | undefined {
  const type = valueOf(declaration, 'Type');
  return type && type.kind === 'scalar' ? String(type.value) : undefined;
}

/**
 * Lambda functions without active X-Ray tracing: `TracingConfig.Mode` on
 * `AWS::Lambda::Function`, `Tracing` on SAM functions (or `Globals.Function`),
 * `tracing` on a Serverless function or `provider.tracing.lambda`. One
 * finding per function; an unresolved setting is never reported.
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, valueOf } from '../../server/src/engine/parse/tree';
import type { LambdaFunction, MapEntry } from '../../server/src/engine';
import { providerSetting, samProperty, scalarOf } from './support/apis';

export default defineRule({
  meta: {
    id: 'function-tracing-disabled',
    title: 'Lambda function without X-Ray tracing',
    category: 'logging',
    severity: 'info',
    confidence: 'high',
    description:
      'Active X-Ray tracing records each invocation and the AWS calls it makes. Without it, what a function did during an incident (which tables, buckets and APIs it touched, and how long each call took) cannot be reconstructed from logs alone.',
    remediation:
      'Set `TracingConfig: { Mode: Active }` on `AWS::Lambda::Function`, `Tracing: Active` on the SAM function or `Globals.Function`, or `provider.tracing.lambda: true` in serverless.yml. The function role needs `xray:PutTraceSegments` (SAM and Serverless add it).',
    equivalents: ['CKV_AWS_50', 'Serverless-LambdaTracing'],
    references: [
      'OWASP-Serverless-A10',
      'SAS-5',
      'CWE-778',
      'https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-function-tracingconfig.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      functionNotTraced: 'Function {{name}} has no active X-Ray tracing{{when}}: set {{setting}}.',
    },
    fix: 'none',
  },
  check(context) {
    const { model } = context;
    const byId = new Map(model.resources.map((resource) => [resource.logicalId, resource]));
    for (const fn of model.functions) {
      if (model.kind === 'serverless') {
        const own = entryOf(fn.declaration, 'tracing');
        const entry = own ?? providerSetting(model, ['tracing', 'lambda']).entry;
        report(context, fn, entry, own ? `functions.${fn.name}.tracing: Active` : 'provider.tracing.lambda: true');
        continue;
      }
      const resource = byId.get(fn.resource);
      if (resource?.type === 'AWS::Lambda::Function') {
        report(context, fn, entryOf(valueOf(resource.properties, 'TracingConfig'), 'Mode'), 'TracingConfig.Mode: Active');
      } else if (resource?.type === 'AWS::Serverless::Function') {
        const setting = samProperty(model, resource, 'Function', 'Tracing');
        report(context, fn, setting.entry, setting.isGlobal ? 'Globals.Function.Tracing: Active' : 'Tracing: Active');
      }
    }
  },
});

function report(context: RuleContext, fn: LambdaFunction, entry: MapEntry | undefined, setting: string): void {
  const when = untracedWhen(context, entry);
  if (!when) return;
  context.report({ messageId: 'functionNotTraced', data: { name: fn.name, setting, when: describeWhen(when) }, node: { range: fn.nameRange }, resource: fn.resource });
}

/** Active is `Active` (CloudFormation, SAM) or `true` / `Active` (Serverless); `PassThrough`, `false` and absent are not. */
function untracedWhen(context: RuleContext, entry: MapEntry | undefined): ConditionAssumption[] | undefined {
  if (!entry) return [];
  for (const branch of context.model.resolver.branches(entry.value)) {
    const value = scalarOf(context.model, branch.node);
    if (value === null || value === 'false' || value === 'passthrough' || value === 'disabled') return branch.when;
  }
  return undefined;
}

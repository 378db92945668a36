/**
 * Lambda functions without active X-Ray tracing: `TracingConfig.Mode` on
 * `AWS::Lambda::Function`, `Tracing` on SAM functions (or `Globals.Function`),
 * `tracing` on a Serverless function or `provider.tracing.lambda`. One
 * finding per function, or one for the file when no function is traced and
 * the provider or Globals would fix them all; unresolved settings are silent.
 */
import { defineRule, type Fix, type RuleContext, type TextEdit } from '../../server/src/engine';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, isScalar, nodeAt, valueOf } from '../../server/src/engine/parse/tree';
import type { LambdaFunction, MapEntry, SourceNode } from '../../server/src/engine';
import { enableSettingEdit, providerSetting, samProperty, scalarOf, serverlessProvider, serverlessProviderKeyRange } from './support/settings';

const KICS_LAMBDA_XRAY = 'KICS:9488c451-074e-4cd3-aee3-7db6104f542c';
const KICS_SERVERLESS_FUNCTION_XRAY = 'KICS:0d7ef70f-e176-44e6-bdba-add3e429788d';

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
    // Checkov, cdk-nag and one KICS query read `AWS::Lambda::Function` only (see lambdaTracingEquivalents), KICS's
    // Serverless query a function's own `tracing` only: a finding names them when they fail too.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_50', 'Serverless-LambdaTracing', KICS_LAMBDA_XRAY, KICS_SERVERLESS_FUNCTION_XRAY],
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
      noFunctionTraced: 'None of the {{count}} functions has active X-Ray tracing: set {{setting}}.',
    },
    fix: 'suggestion',
  },
  check(context) {
    const { model } = context;
    const byId = new Map(model.resources.map((resource) => [resource.logicalId, resource]));
    const untraced: Array<{ fn: LambdaFunction; when: ConditionAssumption[]; setting: string; isShared: boolean; edit?: TextEdit; equivalents: string[] }> = [];
    let tracedCount = 0;
    for (const fn of model.functions) {
      let entry: MapEntry | undefined;
      let setting: string;
      let isShared = false;
      let edit: TextEdit | undefined;
      let lambdaProperties: SourceNode | null | undefined;
      let isLambdaResource = false;
      const isServerlessFunction = model.kind === 'serverless' && fn.resource.startsWith('functions.');
      if (isServerlessFunction) {
        const own = entryOf(fn.declaration, 'tracing');
        entry = own ?? providerSetting(model, ['tracing', 'lambda']).entry;
        isShared = !own;
        setting = own ? `functions.${fn.name}.tracing: Active` : 'provider.tracing.lambda: true';
        edit = own ? enableSettingEdit(model, own, undefined, 'tracing', 'Active') : providerTracingEdit(context);
      } else {
        const resource = byId.get(fn.resource);
        if (resource?.type === 'AWS::Lambda::Function') {
          isLambdaResource = true;
          lambdaProperties = resource.properties;
          entry = entryOf(valueOf(resource.properties, 'TracingConfig'), 'Mode');
          setting = 'TracingConfig.Mode: Active';
        } else if (resource?.type === 'AWS::Serverless::Function') {
          const found = samProperty(model, resource, 'Function', 'Tracing');
          entry = found.entry;
          // SAM adds the X-Ray permissions to the role it creates; a Globals value is everyone's, so only own properties are edited.
          if (!found.isGlobal) edit = enableSettingEdit(model, entry, resource.properties, 'Tracing', 'Active');
          isShared = !entry || found.isGlobal;
          setting = found.isGlobal ? 'Globals.Function.Tracing: Active' : 'Tracing: Active';
        } else continue;
      }
      const when = untracedWhen(context, entry);
      if (!when) {
        tracedCount++;
        continue;
      }
      // Every untraced Serverless function fails KICS's query, which reads the function's own `tracing` only (see lambdaTracingEquivalents).
      const equivalents = isLambdaResource ? lambdaTracingEquivalents(entry, when, model.kind === 'serverless' ? undefined : lambdaProperties) : isServerlessFunction ? [KICS_SERVERLESS_FUNCTION_XRAY] : [];
      untraced.push({ fn, when, setting, isShared: isShared && entry === undefined, edit, equivalents });
    }
    // Nothing traced, and one shared place would fix them all (provider, Globals): one finding, not one per function.
    const sharedSetting = model.kind === 'serverless' ? 'provider.tracing.lambda: true' : model.kind === 'sam' ? 'Globals.Function.Tracing: Active' : undefined;
    if (sharedSetting && tracedCount === 0 && untraced.length > 1 && untraced.every((item) => item.isShared)) {
      // Serverless: on `provider`, where the fix goes, not on a function that is no more at fault than the others.
      // SAM, and a serverless.yml without a `provider` key: on the first function.
      const first = untraced[0].fn;
      const range = (model.kind === 'serverless' ? serverlessProviderKeyRange(model) : undefined) ?? first.nameRange;
      context.report({
        messageId: 'noFunctionTraced',
        data: { count: untraced.length, setting: sharedSetting },
        node: { range },
        resource: model.kind === 'serverless' ? 'provider.tracing.lambda' : 'Globals.Function.Tracing',
        fixes: fixesOf(model.kind === 'serverless' ? providerTracingEdit(context) : globalsTracingEdit(context)),
        // No function sets its own `tracing` here, so KICS's query fails every one of them.
        equivalents: model.kind === 'serverless' ? [KICS_SERVERLESS_FUNCTION_XRAY] : [],
      });
      return;
    }
    for (const item of untraced) {
      context.report({
        messageId: 'functionNotTraced',
        data: { name: item.fn.name, setting: item.setting, when: describeWhen(item.when) },
        node: { range: item.fn.nameRange },
        resource: item.fn.resource,
        fixes: fixesOf(item.edit),
        equivalents: item.equivalents,
      });
    }
  },
});

/** Active is `Active` (CloudFormation, SAM) or `true` / `Active` (Serverless); `PassThrough`, `false` and absent are not. */
function untracedWhen(context: RuleContext, entry: MapEntry | undefined): ConditionAssumption[] | undefined {
  if (!entry) return [];
  for (const branch of context.model.resolver.branches(entry.value)) {
    const value = scalarOf(context.model, branch.node);
    if (value === null || value === 'false' || value === 'passthrough' || value === 'disabled') return branch.when;
  }
  return undefined;
}

/**
 * The checks an untraced `AWS::Lambda::Function` answers, as their source reads it:
 * - cdk-nag `Serverless-LambdaTracing` (src/rules/lambda/LambdaTracing.ts): a `CfnFunction` whose resolved
 *   `tracingConfig.mode` is not `Active`; an intrinsic resolves to itself and fails too.
 * - Checkov `CKV_AWS_50` (checkov/terraform/checks/resource/aws/LambdaXrayEnabled.py), a Terraform check of
 *   `aws_lambda_function`, the resource `AWS::Lambda::Function` deploys: it fails a function without a tracing
 *   mode and passes `PassThrough` as well as `Active`, so it is named only where `Mode` is not written.
 * - KICS "Lambda Functions Without X-Ray Tracing" (assets/queries/cloudFormation/aws/lambda_functions_without_x-ray_tracing):
 *   an `AWS::Lambda::Function` without `TracingConfig` (or with it null), or whose `TracingConfig.Mode` is exactly
 *   `PassThrough`; it passes a `TracingConfig` without `Mode`, and any intrinsic.
 * None reads SAM functions (cdk-nag's `CfnFunction` is Lambda's, not SAM's) nor serverless.yml. KICS's Serverless
 * query (assets/queries/serverlessFW/serverless_function_without_x-ray_tracing) fails each function whose own
 * `tracing` is absent or not exactly `Active`, whatever `provider.tracing.lambda` says: every Serverless finding.
 */
function lambdaTracingEquivalents(entry: MapEntry | undefined, when: ConditionAssumption[], properties: SourceNode | null | undefined): string[] {
  const checks = entry === undefined && when.length === 0 ? ['CKV_AWS_50', 'Serverless-LambdaTracing'] : ['Serverless-LambdaTracing'];
  // Undefined properties: none written, where KICS's query reads nothing, or a function under a serverless.yml's
  // `resources`, which KICS's CloudFormation queries do not read.
  if (properties === undefined) return checks;
  const tracingConfig = entryOf(properties, 'TracingConfig');
  const mode = entry?.value;
  if (!tracingConfig || tracingConfig.value === null || (isScalar(mode) && mode.value === 'PassThrough')) checks.push(KICS_LAMBDA_XRAY);
  return checks;
}

function fixesOf(edit: TextEdit | undefined): Fix[] {
  return edit ? [{ title: 'Turn on active X-Ray tracing', edits: [edit] }] : [];
}

/** `provider.tracing.lambda: true`: into `provider.tracing`, or a new `tracing` map in `provider`. The framework adds the X-Ray permissions. */
function providerTracingEdit(context: RuleContext): TextEdit | undefined {
  const { model } = context;
  const lambda = providerSetting(model, ['tracing', 'lambda']);
  const tracing = providerSetting(model, ['tracing']);
  if (lambda.entry || tracing.entry) return enableSettingEdit(model, lambda.entry, tracing.entry?.value === tracing.node ? tracing.node : undefined, 'lambda', true);
  const provider = serverlessProvider(model);
  if (provider.entry?.value !== provider.node) return undefined;
  return enableSettingEdit(model, undefined, provider.node, 'tracing', { lambda: true });
}

/** `Tracing: Active` in `Globals.Function`, when that map exists. */
function globalsTracingEdit(context: RuleContext): TextEdit | undefined {
  const globalsFunction = nodeAt(context.model.document.root, ['Globals', 'Function']);
  return enableSettingEdit(context.model, undefined, globalsFunction, 'Tracing', 'Active');
}

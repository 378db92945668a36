/**
 * REST API stages without X-Ray tracing: `AWS::ApiGateway::Stage`, the stage
 * of a Deployment with `StageName`, SAM `Api` (own, `Globals.Api`, implicit)
 * and Serverless `provider.tracing.apiGateway`. HTTP and WebSocket APIs do
 * not support X-Ray, so they are never reported.
 */
import { defineRule, type ApiStage, type MapEntry, type RuleContext, type SourceNode, type TextEdit } from '../../server/src/engine';
import { insertMapEntries, replaceNode, valueText } from '../../server/src/engine/fix/edits';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { entryOf, isMap, isScalar, nodeAt } from '../../server/src/engine/parse/tree';

const KICS_STAGE_XRAY = 'KICS:4ab10c48-bedb-4deb-8f3b-ff12783b61de';
const KICS_SERVERLESS_API_XRAY = 'KICS:434945e5-4dfd-41b1-aba1-47075ccd9265';

export default defineRule({
  meta: {
    id: 'api-tracing-disabled',
    title: 'REST API stage without X-Ray tracing',
    category: 'logging',
    severity: 'info',
    confidence: 'high',
    description:
      'X-Ray traces follow a request from API Gateway through the functions and services it calls. Without them, an incident on the API cannot be followed past the edge, and latency or error spikes have no per-request explanation.',
    remediation:
      'Set `TracingEnabled: true` on the stage (or the SAM `Api`, or `Globals.Api`), or `provider.tracing.apiGateway: true` in serverless.yml.',
    // Checkov's CKV_AWS_73 reads REST stages (and SAM Api), cdk-nag's check and KICS's CloudFormation query REST stages: none
    // reads the stage a Deployment creates or an implicit SAM API, so a finding names those of its own kind of stage (tracingEquivalents);
    // KICS's Serverless query reads a written `provider.tracing` only (kicsServerlessEquivalents).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_73', 'Serverless-APIGWXrayEnabled', KICS_STAGE_XRAY, KICS_SERVERLESS_API_XRAY],
    references: [
      'OWASP-Serverless-A10',
      'SAS-5',
      'CWE-778',
      'https://docs.aws.amazon.com/xray/latest/devguide/xray-services-apigateway.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-stage.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      stageNotTraced: '{{api}} has no X-Ray tracing{{when}}: set {{setting}}: true.',
    },
    fix: 'suggestion',
  },
  check(context) {
    for (const api of context.model.apis) {
      for (const stage of api.stages) {
        // Only a Deployment with StageName creates a stage; a service on a shared REST API does not own its stage.
        if (!stage.tracing || stage.hasStageName === false || api.isShared) continue;
        report(context, stage);
      }
    }
  },
});

function report(context: RuleContext, stage: ApiStage): void {
  const tracing = stage.tracing!;
  const untraced = tracing.values.find((value) => value.state === 'absent' || value.state === 'off');
  if (!untraced) return;
  const isServerless = stage.api.form === 'serverless';
  const edit = tracing.host === undefined ? undefined : enableSettingEdit(context, tracing.entry, tracing.host, isServerless ? 'apiGateway' : 'TracingEnabled');
  // A Serverless finding goes on the setting or `provider.tracing` when present, otherwise on `provider` (the stage's range):
  // the fix goes there, and a route is not what is wrong.
  const range = isServerless ? (tracing.hostEntry?.key.range ?? stage.range) : stage.range;
  context.report({
    messageId: 'stageNotTraced',
    data: { api: isServerless ? 'The REST API of this service' : stage.label, setting: tracing.name, when: describeWhen(untraced.when) },
    node: tracing.entry ?? { range },
    resource: isServerless ? 'provider.tracing.apiGateway' : stage.resource,
    fixes: edit ? [{ title: 'Turn on X-Ray tracing for this stage', edits: [edit] }] : [],
    // In a serverless.yml's resources only Checkov reads the stage; cdk-nag and KICS's CloudFormation queries read no serverless.yml.
    equivalents: isServerless
      ? kicsServerlessEquivalents(context)
      : tracingEquivalents(stage, untraced.when.length > 0).filter((check) => context.model.kind !== 'serverless' || check.startsWith('CKV')),
  });
}

/**
 * The checks an untraced REST stage answers, as their source reads it:
 * - Checkov `CKV_AWS_73` (checkov/cloudformation/checks/resource/aws/APIGatewayXray.py): `AWS::ApiGateway::Stage`,
 *   and SAM `Api` in its current fixtures, whose `TracingEnabled` is not `true` (absent fails); an `Fn::If` is
 *   not `true` either, but whether its graph renders the condition first is not read, so conditional findings do not name it.
 * - cdk-nag `Serverless-APIGWXrayEnabled` (src/rules/apigw/APIGWXrayEnabled.ts): REST `CfnStage` whose resolved
 *   `tracingEnabled` is not `true`, intrinsics included.
 * None reads a Deployment's stage, an implicit SAM API or serverless.yml.
 */
function tracingEquivalents(stage: ApiStage, isConditional: boolean): string[] {
  if (stage.form === 'cfn-stage') {
    const kics = failsKicsStageXray(stage) ? [KICS_STAGE_XRAY] : [];
    return isConditional ? ['Serverless-APIGWXrayEnabled', ...kics] : ['CKV_AWS_73', 'Serverless-APIGWXrayEnabled', ...kics];
  }
  if (stage.form === 'sam-api' && !isConditional) return ['CKV_AWS_73'];
  return [];
}

/**
 * KICS's "API Gateway X-Ray Disabled" (assets/queries/cloudFormation/aws/api_gateway_xray_disabled/query.rego) fails an
 * `AWS::ApiGateway::Stage` whose `TracingEnabled` is absent or null, or exactly `false` or `"false"`; any intrinsic
 * (an `Fn::If`, a `Ref` to a parameter) passes, whatever it resolves to, so only those written values name it.
 */
function failsKicsStageXray(stage: ApiStage): boolean {
  const entry = entryOf(stage.declaration?.properties, 'TracingEnabled');
  if (!entry || entry.value === null) return true;
  return isScalar(entry.value) && (entry.value.value === null || entry.value.value === false || entry.value.value === 'false');
}

/**
 * KICS's "Serverless API X-Ray Tracing Disabled" (assets/queries/serverlessFW/serverless_api_xray_tracing_disabled/query.rego)
 * reads `provider.tracing` as written: it fails when that key is present and `apiGateway` in it is absent, null or
 * exactly `false`, and reads nothing when `provider.tracing` is absent (the default, which we report as well).
 */
function kicsServerlessEquivalents(context: RuleContext): string[] {
  const provider = nodeAt(context.model.document.root, ['provider']);
  const tracing = entryOf(provider, 'tracing');
  if (!tracing) return [];
  if (!isMap(tracing.value)) return [KICS_SERVERLESS_API_XRAY];
  const apiGateway = entryOf(tracing.value, 'apiGateway');
  if (!apiGateway || apiGateway.value === null) return [KICS_SERVERLESS_API_XRAY];
  return isScalar(apiGateway.value) && (apiGateway.value.value === null || apiGateway.value.value === false) ? [KICS_SERVERLESS_API_XRAY] : [];
}

/**
 * A quick-fix edit that turns tracing on: flips a literal `false` in place, or
 * adds `key: true` to `map` when the setting is absent. Nothing when the
 * setting is an intrinsic or a variable, or the map is not a non-empty map of
 * this document (a `${file()}` include, `{}` written elsewhere).
 */
function enableSettingEdit(context: RuleContext, entry: MapEntry | undefined, map: SourceNode | null, key: string): TextEdit | undefined {
  const document = context.model.document;
  if (entry) {
    // Only a literal is rewritten: a `${self:...}` leading to false is the user's indirection to change.
    if (!entry.value || !isScalar(entry.value) || (typeof entry.value.value === 'string' && entry.value.value.includes('${'))) return undefined;
    return replaceNode(entry.value, valueText(document, entry.value, true));
  }
  if (!isMap(map) || map.entries.length === 0) return undefined;
  return insertMapEntries(document, map, { [key]: true });
}

/**
 * An API (REST, HTTP or WebSocket) whose stages set no throttling and that no
 * usage plan throttles: only the account-level limit, shared by every API in
 * the region, stands between a flood and the backend. One finding per API, on
 * the API resource, on the `provider` key for a Serverless service's API (where
 * its fix goes), or on the first event of a SAM implicit API, which has no key
 * of its own. APIs whose stages this template does not show are skipped.
 */
import { defineRule, type Api, type AppModel } from '../../server/src/engine';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import { scalarText, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';

const KICS_STAGE_WITHOUT_USAGE_PLAN = 'KICS:7f8f1b60-43df-4c28-aa21-fb836dbd8071';

export default defineRule({
  meta: {
    id: 'api-stage-missing-throttling',
    title: 'API without stage throttling or usage plan',
    category: 'throttling',
    // Info: throttling is a capacity decision, the account-level limit still applies, and
    // most of the well-written samples we test on set none. Teams that require it raise it.
    severity: 'info',
    confidence: 'high',
    description:
      'Without stage throttling, an API accepts up to the account-level limit (10,000 requests per second with bursts of 5,000, shared by every API in the account and region). One client or a flood on one API can then exhaust that limit for all of them, and invoke your functions, and your bill, at that rate.',
    remediation:
      'Set a rate and burst limit on the stage (REST `MethodSettings`, HTTP API `DefaultRouteSettings`), or attach a usage plan with `Throttle` to the stage. In serverless.yml use `provider.apiGateway.usagePlan.throttle`; for `httpApi`, `resources.extensions.HttpApiStage`.',
    // KICS's query reads REST stages that no usage plan names: named per finding (kicsEquivalents).
    equivalents: [],
    findingEquivalents: [KICS_STAGE_WITHOUT_USAGE_PLAN],
    references: [
      'OWASP-Serverless-A6',
      'SAS-8',
      'CWE-770',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigateway-stage-methodsetting.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      missingThrottling:
        '{{api}} sets no throttling: only the account-level limit (10,000 requests per second, shared by every API in the account and region) applies. To limit it, {{remedy}}.',
      serverlessHttpApiMissingThrottling:
        'The HTTP API of this service sets no throttling: only the account-level limit (10,000 requests per second, shared by every API in the account and region) applies. The Serverless Framework has no httpApi throttling setting: set `DefaultRouteSettings` through `resources.extensions.HttpApiStage.Properties`, or use the serverless-api-gateway-throttling plugin.',
    },
    fix: 'none',
  },
  check(context) {
    for (const api of context.model.apis) {
      if (!api.isDeclaredHere || api.isShared || api.throttling.isThrottled || api.throttling.isUnknown) continue;
      const found = unthrottled(api);
      if (!found) continue;
      context.report({
        messageId: found.isServerlessHttpApi ? 'serverlessHttpApiMissingThrottling' : 'missingThrottling',
        data: { api: found.label, remedy: found.remedy },
        node: { range: api.range },
        resource: found.resource,
        equivalents: kicsEquivalents(context.model, api),
      });
    }
  },
});

/**
 * KICS's "API Gateway Stage Without API Gateway UsagePlan Associated"
 * (assets/queries/cloudFormation/aws/api_gateway_stage_without_api_gateway_usage_plan_associated/query.rego) fails an
 * `AWS::ApiGateway::Stage` unless a usage plan's `ApiStages` holds an entry whose `ApiId` equals the stage's
 * `RestApiId` and whose `Stage` equals its `StageName`, as written; it passes a stage a plan names even without
 * `Throttle`, and reads no stage that a Deployment creates. So a finding of ours answers it for a CloudFormation
 * REST API with an `AWS::ApiGateway::Stage` that no plan names that way.
 */
function kicsEquivalents(model: AppModel, api: Api): string[] {
  if (api.form !== 'cfn' || api.protocol !== 'rest') return [];
  // The value as written: a scalar's text, or an intrinsic's source (`!Ref Stage` equals only `!Ref Stage`).
  const text = (node: SourceNode | null | undefined) => scalarText(node) ?? (node ? model.document.text.slice(node.range.start, node.range.end).trim() : undefined);
  const planEntries = model.resources
    .filter((resource) => resource.type === 'AWS::ApiGateway::UsagePlan')
    .flatMap((resource) => seqItems(valueOf(resource.properties, 'ApiStages')));
  const unplanned = api.stages.some((stage) => {
    if (stage.form !== 'cfn-stage' || !stage.declaration) return false;
    const stageName = text(valueOf(stage.declaration.properties, 'StageName'));
    return !planEntries.some((entry) => referencedLogicalId(valueOf(entry, 'ApiId')) === api.id && text(valueOf(entry, 'Stage')) === stageName);
  });
  return unplanned ? [KICS_STAGE_WITHOUT_USAGE_PLAN] : [];
}

const REST_REMEDY = "set `ThrottlingRateLimit` and `ThrottlingBurstLimit` in the stage's `MethodSettings` (`ResourcePath: /*`, `HttpMethod: '*'`), or attach a usage plan with `Throttle`";
const HTTP_REMEDY = "set `ThrottlingRateLimit` and `ThrottlingBurstLimit` in the stage's `DefaultRouteSettings`";

/** How the message names an unthrottled API and what to set, in the document's own terms; undefined when its stages are not in this document. */
function unthrottled(api: Api): { label: string; remedy: string; resource: string; isServerlessHttpApi?: boolean } | undefined {
  switch (api.form) {
    case 'cfn': {
      if (api.protocol === 'rest') {
        // Without a stage in this template the API is deployed elsewhere (or not at all): its settings are unknown here.
        if (!api.stages.some((stage) => stage.hasStageName !== false)) return undefined;
        return { label: `REST API ${api.id}`, remedy: REST_REMEDY, resource: api.id };
      }
      // Quick create (`Target`) makes a `$default` stage without throttling; otherwise the stage must be in this template.
      if (api.stages.length === 0 && !api.hasQuickCreateStage) return undefined;
      const remedy =
        api.stages.length === 0
          ? 'quick create makes a `$default` stage without throttling: set it with `AWS::ApiGatewayV2::ApiGatewayManagedOverrides` (`Stage.DefaultRouteSettings`), or declare the stage'
          : HTTP_REMEDY;
      return { label: `${api.protocol === 'websocket' ? 'WebSocket' : 'HTTP'} API ${api.id}`, remedy, resource: api.id };
    }
    case 'sam':
      return api.protocol === 'rest'
        ? { label: `REST API ${api.id}`, remedy: "set `ThrottlingRateLimit` and `ThrottlingBurstLimit` in `MethodSettings` (`ResourcePath: /*`, `HttpMethod: '*'`), or `Auth.UsagePlan` with `Throttle`", resource: api.id }
        : { label: `HTTP API ${api.id}`, remedy: 'set `ThrottlingRateLimit` and `ThrottlingBurstLimit` in `DefaultRouteSettings`', resource: api.id };
    case 'sam-implicit':
      // The implicit API has no key of its own: reported on the first event that creates it, against its function.
      return api.protocol === 'rest'
        ? { label: 'The implicit REST API (ServerlessRestApi)', remedy: 'set `MethodSettings` with `ThrottlingRateLimit` and `ThrottlingBurstLimit` in `Globals.Api`', resource: api.implicitEvent!.functionName }
        : { label: 'The implicit HTTP API (ServerlessHttpApi)', remedy: 'set `DefaultRouteSettings` with `ThrottlingRateLimit` and `ThrottlingBurstLimit` in `Globals.HttpApi`', resource: api.implicitEvent!.functionName };
    case 'serverless':
      // The fix goes into `provider` (a usage plan, the plugin's settings next to it), and a route is not what is wrong: shown on the `provider` key.
      if (api.protocol === 'rest') {
        return { label: 'The REST API of this service', remedy: 'set `provider.apiGateway.usagePlan.throttle` (`burstLimit`, `rateLimit`), or use the serverless-api-gateway-throttling plugin', resource: 'provider.apiGateway' };
      }
      if (api.protocol === 'http') return { label: 'The HTTP API of this service', remedy: '', resource: 'provider.httpApi', isServerlessHttpApi: true };
      return undefined;
  }
}

/**
 * API Gateway stages without access logging: REST stages (and the stage a
 * Deployment with `StageName` creates), HTTP and WebSocket stages, SAM `Api`
 * and `HttpApi` (explicit, implicit, with `Globals`), and Serverless
 * `provider.logs.restApi` / `httpApi` / `websocket`. One finding per stage
 * or API; an unresolved setting is never reported.
 */
import { defineRule, type ApiStage, type Fix, type RuleContext } from '../../server/src/engine';
import { insertMapEntries, replaceNode, valueText, type PlainValue } from '../../server/src/engine/fix/edits';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import { hasPropertiesKey } from '../storage/support/settings';
import { entryOf, isMap, isScalar, nodeAt, valueOf } from '../../server/src/engine/parse/tree';

const KICS_SERVERLESS_ACCESS_LOGGING = 'KICS:a4d32883-aac7-42e1-b403-9415af0f3846';
const KICS_STAGE_ACCESS_LOG_SETTINGS = 'KICS:80d45af4-4920-4236-a56e-b7ef419d1941';

export default defineRule({
  meta: {
    id: 'api-access-logging-disabled',
    title: 'API Gateway stage without access logging',
    category: 'logging',
    severity: 'info',
    confidence: 'high',
    description:
      'Access logs are the record of who called which route, from where, and with what result. Without them an abuse of the API, a credential-stuffing run or a data exfiltration leaves no trace to investigate.',
    remediation:
      'Send access logs to a CloudWatch log group: `AccessLogSetting` on REST stages and SAM `Api`, `AccessLogSettings` on HTTP/WebSocket stages and SAM `HttpApi`, or `provider.logs.restApi` / `httpApi` / `websocket` in serverless.yml.',
    // Each check reads one kind of stage (accessLogEquivalents): a finding names those of its own. KICS's Serverless
    // query reads only `provider.logs.restApi.accessLogging: false` (serverlessAccessLogEquivalents); its stage query
    // reads two keys as written (failsKicsStageAccessLogSettings).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_76', 'CKV_AWS_95', 'W69', 'W45', 'W46', 'AwsSolutions-APIG1', KICS_SERVERLESS_ACCESS_LOGGING, KICS_STAGE_ACCESS_LOG_SETTINGS],
    references: [
      'OWASP-Serverless-A10',
      'SAS-5',
      'CWE-778',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html',
      'https://www.serverless.com/framework/docs/providers/aws/events/apigateway#logs',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      stageWithoutAccessLogs: '{{api}} has no access logging{{when}}: set {{setting}}.',
      serverlessWithoutAccessLogs: 'The {{api}} of this service has no access logging: set provider.logs.{{key}}.',
    },
    fix: 'suggestion',
  },
  check(context) {
    for (const api of context.model.apis) {
      for (const stage of api.stages) {
        if (stage.api.form === 'serverless') checkServerless(context, stage);
        // Only a Deployment with StageName creates a stage.
        else if (stage.hasStageName !== false) reportMissing(context, stage);
      }
    }
  },
});

/**
 * The checks that read each kind of stage, from their source:
 * - Checkov `CKV_AWS_76` (checkov/cloudformation/checks/resource/aws/APIGatewayAccessLogging.py): REST stages,
 *   and SAM `Api` resources in its current fixtures, without `AccessLogSetting.DestinationArn`; `CKV_AWS_95`
 *   (APIGatewayV2AccessLogging.py): V2 stages and SAM `HttpApi` resources, without `AccessLogSettings.DestinationArn`.
 *   A conditional setting does not match the key path they compare, and no implicit SAM API or serverless.yml
 *   setting is a resource they read.
 * - cfn_nag `W69` (ApiGatewayStageAccessLoggingRule.rb): `AWS::ApiGateway::Stage` with `AccessLogSetting` nil;
 *   `W46` (ApiGatewayV2AccessLoggingRule.rb): `AWS::ApiGatewayV2::Stage` with `AccessLogSettings` nil; `W45`
 *   (ApiGatewayAccessLoggingRule.rb): a Deployment whose `StageDescription` lacks `AccessLogSetting`, or that has no
 *   `StageDescription` and no `AWS::ApiGateway::Stage` names it as `DeploymentId`. An `Fn::If` is not nil.
 * - cdk-nag `AwsSolutions-APIG1` (src/rules/apigw/APIGWAccessLogging.ts): REST and V2 `CfnStage` whose resolved
 *   setting lacks `destinationArn` or `format`; an `Fn::If` resolves to itself and fails.
 * Only unconditional absences name Checkov and cfn_nag; serverless.yml stages and implicit SAM APIs name nothing.
 */
function accessLogEquivalents(context: RuleContext, stage: ApiStage, isConditional: boolean): string[] {
  const checks = accessLogChecks(context, stage, isConditional);
  // In a serverless.yml's resources only Checkov reads the stage; cfn_nag and cdk-nag read no serverless.yml.
  return context.model.kind === 'serverless' ? checks.filter((check) => check.startsWith('CKV')) : checks;
}

function accessLogChecks(context: RuleContext, stage: ApiStage, isConditional: boolean): string[] {
  const always = (checks: string[]): string[] => (isConditional ? [] : checks);
  switch (stage.form) {
    case 'cfn-stage':
      return [...always(['CKV_AWS_76', 'W69']), 'AwsSolutions-APIG1', ...(failsKicsStageAccessLogSettings(stage) ? [KICS_STAGE_ACCESS_LOG_SETTINGS] : [])];
    case 'cfn-v2-stage':
      return [...always(['CKV_AWS_95', 'W46']), 'AwsSolutions-APIG1', ...(failsKicsStageAccessLogSettings(stage) ? [KICS_STAGE_ACCESS_LOG_SETTINGS] : [])];
    case 'cfn-deployment':
      return isConditional || !failsW45(context, stage) ? [] : ['W45'];
    case 'sam-api':
      return always(['CKV_AWS_76']);
    case 'sam-httpapi':
      return always(['CKV_AWS_95']);
    default:
      return [];
  }
}

/**
 * KICS's "API Gateway Stage Access Logging Settings Not Defined"
 * (assets/queries/cloudFormation/aws/api_gateway_stage_access_logging_settings_not_defined/query.rego) reads
 * `AWS::ApiGateway::Stage` and `AWS::ApiGatewayV2::Stage` of a document's top-level `Resources`, binds
 * `properties := resource.Properties` (a stage without the key passes), and fails when both `AccessLogSettings` and
 * `DefaultRouteSettings` are absent or null. It reads the V2 key on REST stages too, whose setting is `AccessLogSetting`:
 * it fails a REST stage with access logs (which we do not report) and passes a V2 stage with route settings and no logs
 * (which we report). Named where it fails as written; the caller keeps it out of serverless.yml.
 */
function failsKicsStageAccessLogSettings(stage: ApiStage): boolean {
  const resource = stage.declaration;
  if (!resource || !hasPropertiesKey(resource)) return false;
  const properties = resource.properties && isMap(resource.properties) ? resource.properties : undefined;
  const written = (key: string) => {
    const value = properties ? entryOf(properties, key)?.value : undefined;
    return !!value && !(isScalar(value) && value.value === null);
  };
  return !written('AccessLogSettings') && !written('DefaultRouteSettings');
}

/** W45 passes a Deployment without `StageDescription` when an `AWS::ApiGateway::Stage` names it by `DeploymentId`. */
function failsW45(context: RuleContext, stage: ApiStage): boolean {
  if (valueOf(stage.declaration?.properties, 'StageDescription') !== undefined) return true;
  return !context.model.resources.some((resource) => resource.type === 'AWS::ApiGateway::Stage' && referencedLogicalId(valueOf(resource.properties, 'DeploymentId')) === stage.resource);
}

function reportMissing(context: RuleContext, stage: ApiStage): void {
  const missing = stage.accessLogging.values.find((value) => value.state === 'absent');
  if (!missing) return;
  context.report({
    messageId: 'stageWithoutAccessLogs',
    data: { api: stage.label, setting: stage.accessLogging.name, when: describeWhen(missing.when) },
    node: { range: stage.range },
    resource: stage.resource,
    equivalents: accessLogEquivalents(context, stage, missing.when.length > 0),
  });
}

const SERVERLESS_KEYS = { 'serverless-rest': ['restApi', 'REST API'], 'serverless-http': ['httpApi', 'HTTP API'], 'serverless-websocket': ['websocket', 'WebSocket API'] } as const;

function checkServerless(context: RuleContext, stage: ApiStage): void {
  if (stage.api.isShared || stage.accessLogging.values[0].state !== 'off') return;
  const [key, api] = SERVERLESS_KEYS[stage.form as keyof typeof SERVERLESS_KEYS];
  // On `provider.logs` when there is one, otherwise on `provider` (the stage's range): the fix goes there, and a route is not what is wrong.
  context.report({
    messageId: 'serverlessWithoutAccessLogs',
    data: { api, key },
    node: { range: stage.accessLogging.hostEntry?.key.range ?? stage.range },
    resource: `provider.logs.${key}`,
    fixes: serverlessFix(context, stage, key),
    equivalents: key === 'restApi' ? serverlessAccessLogEquivalents(context) : [],
  });
}

/**
 * KICS's "Serverless API Access Logging Setting Undefined"
 * (assets/queries/serverlessFW/serverless_api_access_logging_setting_undefined/query.rego) fails only a written
 * `provider.logs.restApi.accessLogging: false`, the boolean, with no variable resolved; despite its name it reads
 * nothing when `provider.logs.restApi` is absent or `false`, which we report as well (access logs are off by default).
 */
function serverlessAccessLogEquivalents(context: RuleContext): string[] {
  const flag = nodeAt(context.model.document.root, ['provider', 'logs', 'restApi', 'accessLogging']);
  return isScalar(flag) && flag.value === false ? [KICS_SERVERLESS_ACCESS_LOGGING] : [];
}

/**
 * Turns access logging on in serverless.yml. `restApi` and `websocket` get
 * `{ fullExecutionData: false }`: access logs on by default, without the
 * request bodies that `true` would also log (see api-data-trace-enabled).
 */
function serverlessFix(context: RuleContext, stage: ApiStage, key: 'restApi' | 'httpApi' | 'websocket'): Fix[] {
  const document = context.model.document;
  const title = `Turn on access logging (provider.logs.${key})`;
  const value: PlainValue = key === 'httpApi' ? true : { fullExecutionData: false };
  const setting = stage.accessLogging;
  if (setting.entry) {
    // `accessLogging: false` chosen explicitly, or `restApi: false`: flip that value.
    const flag = isMap(setting.node) ? entryOf(setting.node, 'accessLogging') : undefined;
    if (flag?.value && isScalar(flag.value)) return [{ title, edits: [replaceNode(flag.value, 'true')] }];
    if (setting.entry.value && isScalar(setting.entry.value)) return [{ title, edits: [replaceNode(setting.entry.value, valueText(document, setting.entry.value, value))] }];
    return [];
  }
  if (setting.hostEntry) return isMap(setting.host) && setting.host === setting.hostEntry.value ? [{ title, edits: [insertMapEntries(document, setting.host, { [key]: value })] }] : [];
  const provider = stage.api.provider;
  if (!isMap(provider?.node) || provider.node !== provider.entry?.value || provider.node.entries.length === 0) return [];
  return [{ title, edits: [insertMapEntries(document, provider.node, { logs: { [key]: value } })] }];
}

/**
 * API Gateway stages without access logging: REST stages (and the stage a
 * Deployment with `StageName` creates), HTTP and WebSocket stages, SAM `Api`
 * and `HttpApi` (explicit, implicit, with `Globals`), and Serverless
 * `provider.logs.restApi` / `httpApi` / `websocket`. One finding per stage
 * or API; an unresolved setting is never reported.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { insertMapEntries, replaceNode, valueText, type PlainValue } from '../../server/src/engine/fix/edits';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, isMap, isScalar, valueOf } from '../../server/src/engine/parse/tree';
import type { CfnResource, MapEntry, TextRange } from '../../server/src/engine';
import { providerSetting, samImplicitApiEvent, samProperty, serverlessApiEvents, serverlessLogFlag, serverlessProvider, serverlessProviderKeyRange } from './support/apis';

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
    equivalents: ['CKV_AWS_76', 'CKV_AWS_95', 'W69', 'W45', 'W46', 'AwsSolutions-APIG1'],
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
    const { model } = context;
    for (const resource of model.resources) {
      switch (resource.type) {
        case 'AWS::ApiGateway::Stage':
          reportMissing(context, resource, entryOf(resource.properties, 'AccessLogSetting'), 'REST API stage', 'AccessLogSetting');
          break;
        case 'AWS::ApiGateway::Deployment': {
          // Only a Deployment with StageName creates a stage; its logging lives in StageDescription.
          if (!valueOf(resource.properties, 'StageName')) break;
          const description = valueOf(resource.properties, 'StageDescription');
          reportMissing(context, resource, entryOf(description, 'AccessLogSetting'), 'REST API stage of deployment', 'StageDescription.AccessLogSetting');
          break;
        }
        case 'AWS::ApiGatewayV2::Stage':
          reportMissing(context, resource, entryOf(resource.properties, 'AccessLogSettings'), 'API stage', 'AccessLogSettings');
          break;
        case 'AWS::Serverless::Api':
          reportMissing(context, resource, samProperty(model, resource, 'Api', 'AccessLogSetting').entry, 'SAM API', 'AccessLogSetting');
          break;
        case 'AWS::Serverless::HttpApi':
          reportMissing(context, resource, samProperty(model, resource, 'HttpApi', 'AccessLogSettings').entry, 'SAM HTTP API', 'AccessLogSettings');
          break;
      }
    }
    if (model.kind === 'sam') {
      // SAM creates ServerlessRestApi / ServerlessHttpApi for events without an API id; only Globals can configure them.
      const rest = samImplicitApiEvent(model, 'Api');
      if (rest) reportImplicit(context, 'ServerlessRestApi', rest.entry, samProperty(model, undefined, 'Api', 'AccessLogSetting').entry, 'implicit SAM API (ServerlessRestApi)', 'Globals.Api.AccessLogSetting');
      const http = samImplicitApiEvent(model, 'HttpApi');
      if (http) reportImplicit(context, 'ServerlessHttpApi', http.entry, samProperty(model, undefined, 'HttpApi', 'AccessLogSettings').entry, 'implicit SAM HTTP API (ServerlessHttpApi)', 'Globals.HttpApi.AccessLogSettings');
    }
    if (model.kind === 'serverless') checkServerless(context);
  },
});

function reportMissing(context: RuleContext, resource: CfnResource, entry: MapEntry | undefined, api: string, setting: string): void {
  const missing = missingWhen(context, entry);
  if (!missing) return;
  context.report({
    messageId: 'stageWithoutAccessLogs',
    data: { api: `${api} ${resource.logicalId}`, setting, when: describeWhen(missing) },
    node: { range: resource.keyRange },
    resource: resource.logicalId,
  });
}

function reportImplicit(context: RuleContext, resource: string, event: MapEntry, entry: MapEntry | undefined, api: string, setting: string): void {
  const missing = missingWhen(context, entry);
  if (!missing) return;
  context.report({ messageId: 'stageWithoutAccessLogs', data: { api, setting, when: describeWhen(missing) }, node: { range: event.key.range }, resource });
}

/** The conditions under which the setting is absent (`Ref: AWS::NoValue` on a branch), or undefined when it is always set. */
function missingWhen(context: RuleContext, entry: MapEntry | undefined): ConditionAssumption[] | undefined {
  if (!entry) return [];
  const absent = context.model.resolver.branches(entry.value).find((branch) => branch.node === null || branch.node === undefined);
  return absent?.when;
}

function checkServerless(context: RuleContext): void {
  const { model } = context;
  const events = serverlessApiEvents(model);
  // On `provider.logs` when there is one, otherwise on `provider`: the fix goes there, and a route is not what is wrong.
  // Only without a `provider` key does it fall back to the first event that creates the API.
  const where = (event: MapEntry): { range: TextRange } => ({ range: providerSetting(model, ['logs']).entry?.key.range ?? serverlessProviderKeyRange(model) ?? event.key.range });
  // A service that attaches to a shared API (`provider.apiGateway.restApiId`, `provider.httpApi.id`) does not own its stage.
  const sharesRestApi = providerSetting(model, ['apiGateway', 'restApiId']).entry !== undefined;
  const sharesHttpApi = providerSetting(model, ['httpApi', 'id']).entry !== undefined;
  const checks: Array<[keyof typeof events, 'restApi' | 'httpApi' | 'websocket', string, boolean]> = [
    ['http', 'restApi', 'REST API', sharesRestApi],
    ['httpApi', 'httpApi', 'HTTP API', sharesHttpApi],
    ['websocket', 'websocket', 'WebSocket API', false],
  ];
  for (const [event, key, api, isShared] of checks) {
    const firstEvent = events[event];
    if (!firstEvent || isShared) continue;
    // `restApi: true` and `websocket: true` turn access logging on (accessLogging defaults to true); `httpApi: true` too.
    if (serverlessLogFlag(model, key, key === 'httpApi' ? undefined : 'accessLogging', true) !== 'off') continue;
    context.report({ messageId: 'serverlessWithoutAccessLogs', data: { api, key }, node: where(firstEvent), resource: `provider.logs.${key}`, fixes: serverlessFix(context, key) });
  }
}

/**
 * Turns access logging on in serverless.yml. `restApi` and `websocket` get
 * `{ fullExecutionData: false }`: access logs on by default, without the
 * request bodies that `true` would also log (see api-data-trace-enabled).
 */
function serverlessFix(context: RuleContext, key: 'restApi' | 'httpApi' | 'websocket'): Fix[] {
  const { model } = context;
  const document = model.document;
  const title = `Turn on access logging (provider.logs.${key})`;
  const value: PlainValue = key === 'httpApi' ? true : { fullExecutionData: false };
  const setting = providerSetting(model, ['logs', key]);
  if (setting.entry) {
    // `accessLogging: false` chosen explicitly, or `restApi: false`: flip that value.
    const flag = isMap(setting.node) ? entryOf(setting.node, 'accessLogging') : undefined;
    if (flag?.value && isScalar(flag.value)) return [{ title, edits: [replaceNode(flag.value, 'true')] }];
    if (setting.entry.value && isScalar(setting.entry.value)) return [{ title, edits: [replaceNode(setting.entry.value, valueText(document, setting.entry.value, value))] }];
    return [];
  }
  const logs = providerSetting(model, ['logs']);
  if (logs.entry) return isMap(logs.node) && logs.node === logs.entry.value ? [{ title, edits: [insertMapEntries(document, logs.node, { [key]: value })] }] : [];
  const provider = serverlessProvider(model).node;
  if (!isMap(provider) || provider !== serverlessProvider(model).entry?.value || provider.entries.length === 0) return [];
  return [{ title, edits: [insertMapEntries(document, provider, { logs: { [key]: value } })] }];
}

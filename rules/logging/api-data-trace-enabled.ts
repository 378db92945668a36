/**
 * API Gateway execution logging with full request and response data
 * (`DataTraceEnabled: true`, Serverless `fullExecutionData`, which defaults
 * to true once `provider.logs.restApi` or `websocket` is on): bodies,
 * headers and parameters of every call land in CloudWatch Logs.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { entryOf, mapEntries, oneOrMany, valueOf } from '../../server/src/engine/parse/tree';
import type { CfnResource, MapEntry, SourceNode } from '../../server/src/engine';
import { insertMapEntries } from '../../server/src/engine/fix/edits';
import { providerSetting, samProperty, scalarOf, serverlessApiEvents, serverlessLogFlag } from './support/apis';

export default defineRule({
  meta: {
    id: 'api-data-trace-enabled',
    title: 'API Gateway logs full request and response data',
    category: 'logging',
    severity: 'warning',
    confidence: 'high',
    description:
      'Data tracing writes the request and response bodies, headers and parameters of every call into CloudWatch Logs: passwords in login bodies, tokens, personal data. Anyone who can read the log group reads them, and they stay as long as the log does.',
    remediation:
      'Set `DataTraceEnabled: false` (keep `LoggingLevel: ERROR` or `INFO` for execution logs), or `fullExecutionData: false` under `provider.logs.restApi` / `websocket` in serverless.yml. Use access logs for the audit trail.',
    equivalents: ['CW4200'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-5',
      'CWE-532',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigateway-stage-methodsetting.html',
      'https://www.serverless.com/framework/docs/providers/aws/events/apigateway#logs',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      dataTrace: '{{api}} logs full request and response data (DataTraceEnabled){{when}}: bodies, headers and tokens end up in CloudWatch Logs.',
      serverlessFullData:
        'provider.logs.{{key}} logs full request and response data{{detail}}: bodies, headers and tokens end up in CloudWatch Logs. Set fullExecutionData: false.',
    },
    fix: 'suggestion',
  },
  check(context) {
    const { model } = context;
    for (const resource of model.resources) {
      const properties = resource.properties;
      switch (resource.type) {
        case 'AWS::ApiGateway::Stage':
          reportFirst(context, resource, `REST API stage ${resource.logicalId}`, methodSettingFlags(valueOf(properties, 'MethodSettings')));
          break;
        case 'AWS::ApiGateway::Deployment': {
          const description = valueOf(properties, 'StageDescription');
          const own = entryOf(description, 'DataTraceEnabled');
          reportFirst(context, resource, `REST API stage of deployment ${resource.logicalId}`, [...(own ? [own] : []), ...methodSettingFlags(valueOf(description, 'MethodSettings'))]);
          break;
        }
        case 'AWS::ApiGatewayV2::Stage': {
          // Only WebSocket APIs have data tracing; HTTP APIs ignore the flag.
          const flags = [entryOf(valueOf(properties, 'DefaultRouteSettings'), 'DataTraceEnabled'), ...mapEntries(valueOf(properties, 'RouteSettings')).map((route) => entryOf(route.value, 'DataTraceEnabled'))];
          reportFirst(context, resource, `WebSocket API stage ${resource.logicalId}`, flags.filter((flag): flag is MapEntry => flag !== undefined));
          break;
        }
        case 'AWS::Serverless::Api': {
          const settings = samProperty(model, resource, 'Api', 'MethodSettings');
          reportFirst(context, resource, `SAM API ${resource.logicalId}${settings.isGlobal ? ' (from Globals.Api)' : ''}`, methodSettingFlags(settings.entry?.value));
          break;
        }
      }
    }
    if (model.kind === 'serverless') checkServerless(context);
  },
});

function methodSettingFlags(settings: SourceNode | null | undefined): MapEntry[] {
  return oneOrMany(settings)
    .map((setting) => entryOf(setting, 'DataTraceEnabled'))
    .filter((flag): flag is MapEntry => flag !== undefined);
}

/** Reports the first flag that is true on a branch that can happen: one finding per stage; the fix turns off every flag of the stage. */
function reportFirst(context: RuleContext, resource: CfnResource, api: string, flags: MapEntry[]): void {
  const { resolver } = context.model;
  const onFlags = flags
    .map((flag) => ({ flag, on: resolver.outcomes(flag.value).find((outcome) => outcome.state === 'known' && String(outcome.value).toLowerCase() === 'true') }))
    .filter((item) => item.on !== undefined);
  if (onFlags.length === 0) return;
  const [first] = onFlags;
  // Only literal `true` values are rewritten; a flag behind Fn::If or a parameter is the user's to change.
  const isAllLiteral = onFlags.every(({ flag }) => flag.value?.kind === 'scalar');
  context.report({
    messageId: 'dataTrace',
    data: { api, when: describeWhen(first.on!.when) },
    node: first.flag,
    resource: resource.logicalId,
    fixes: isAllLiteral ? [{ title: 'Stop logging request and response data', edits: onFlags.map(({ flag }) => ({ range: flag.value!.range, newText: 'false' })) }] : [],
  });
}

function checkServerless(context: RuleContext): void {
  const { model } = context;
  const events = serverlessApiEvents(model);
  for (const [key, event] of [['restApi', events.http], ['websocket', events.websocket]] as const) {
    // Without events there is no stage to log; a shared REST API's stage belongs to another service.
    if (!event) continue;
    if (key === 'restApi' && providerSetting(model, ['apiGateway', 'restApiId']).entry) continue;
    if (serverlessLogFlag(model, key, 'executionLogging', true) !== 'on') continue;
    if (serverlessLogFlag(model, key, 'fullExecutionData', true) !== 'on') continue;
    const setting = providerSetting(model, ['logs', key]);
    const explicit = entryOf(setting.node, 'fullExecutionData');
    const isShorthand = scalarOf(model, setting.node ?? null) === 'true';
    context.report({
      messageId: 'serverlessFullData',
      data: { key, detail: explicit ? '' : ' (fullExecutionData defaults to true)' },
      node: explicit ?? setting.entry!,
      resource: `provider.logs.${key}`,
      fixes: serverlessFix(context, setting.entry!, explicit, isShorthand),
    });
  }
}

function serverlessFix(context: RuleContext, entry: MapEntry, explicit: MapEntry | undefined, isShorthand: boolean): Fix[] {
  const document = context.model.document;
  if (explicit?.value && explicit.value.kind === 'scalar') return [{ title: 'Stop logging request and response data', edits: [{ range: explicit.value.range, newText: 'false' }] }];
  if (document.format !== 'yaml' || !entry.value) return [];
  if (isShorthand) {
    // `restApi: true` -> `restApi: { fullExecutionData: false }`: access and execution logging stay on by default.
    return [{ title: 'Keep the logs, without request and response data', edits: [{ range: entry.value.range, newText: '{ fullExecutionData: false }' }] }];
  }
  if (entry.value.kind === 'map') {
    return [{ title: 'Keep the logs, without request and response data', edits: [insertMapEntries(document, entry.value, { fullExecutionData: false })] }];
  }
  return [];
}

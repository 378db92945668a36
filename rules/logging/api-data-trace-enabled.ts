/**
 * API Gateway execution logging with full request and response data
 * (`DataTraceEnabled: true`, Serverless `fullExecutionData`, which defaults
 * to true once `provider.logs.restApi` or `websocket` is on): bodies,
 * headers and parameters of every call land in CloudWatch Logs. REST and
 * WebSocket stages (SAM implicit ones too, through `Globals.Api`); HTTP APIs
 * have no data tracing.
 */
import { defineRule, type ApiStage, type Fix, type MapEntry, type RuleContext, type StageSetting } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { isScalar } from '../../server/src/engine/parse/tree';
import { insertMapEntries } from '../../server/src/engine/fix/edits';

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
    // cfn_nag's CW4200 reads the MethodSettings of AWS::ApiGateway::Stage only (see reportFirst).
    equivalents: [],
    findingEquivalents: ['CW4200'],
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
    for (const api of context.model.apis) {
      for (const stage of api.stages) {
        if (api.form === 'serverless') checkServerless(context, stage);
        // DataTraceEnabled is "supported only for WebSocket APIs": an HTTP API's stage ignores it.
        else if (stage.protocol !== 'http') reportFirst(context, stage);
      }
    }
  },
});

/** How the message names the stage. */
function stageLabel(stage: ApiStage): string {
  // A V2 stage that can trace data is a WebSocket API's (or one declared elsewhere, which may be one).
  if (stage.form === 'cfn-v2-stage') return `WebSocket API stage ${stage.name}`;
  return `${stage.label}${stage.isDataTraceFromGlobals ? ' (from Globals.Api)' : ''}`;
}

/** Reports the first flag that is true on a branch that can happen: one finding per stage; the fix turns off every flag of the stage. */
function reportFirst(context: RuleContext, stage: ApiStage): void {
  const onFlags = stage.dataTrace
    .map((flag) => ({ flag: flag.entry!, on: flag.values.find((value) => value.state === 'on') }))
    .filter((item) => item.on !== undefined);
  if (onFlags.length === 0) return;
  const [first] = onFlags;
  // Only literal `true` values are rewritten; a flag behind Fn::If or a parameter is the user's to change.
  const isAllLiteral = onFlags.every(({ flag }) => flag.value?.kind === 'scalar');
  context.report({
    messageId: 'dataTrace',
    data: { api: stageLabel(stage), when: describeWhen(first.on!.when) },
    node: first.flag,
    resource: stage.resource,
    fixes: isAllLiteral ? [{ title: 'Stop logging request and response data', edits: onFlags.map(({ flag }) => ({ range: flag.value!.range, newText: 'false' })) }] : [],
    // cfn_nag's CW4200 (ApiGatewayStageDataTraceEnabledRule.rb, a SubPropertyWithListTruthyValueBaseRule) fails an
    // AWS::ApiGateway::Stage with a MethodSettings item whose DataTraceEnabled is truthy as written (text `true`):
    // not a Deployment's StageDescription, SAM, a parameter, a condition, or serverless.yml.
    equivalents:
      context.model.kind !== 'serverless' && stage.form === 'cfn-stage' && onFlags.some(({ flag, on }) => on!.when.length === 0 && isScalar(flag.value) && /^true$/i.test(String(flag.value.value)))
        ? ['CW4200']
        : [],
  });
}

function checkServerless(context: RuleContext, stage: ApiStage): void {
  // A shared REST API's stage belongs to another service; HTTP APIs have no data tracing.
  const fullData: StageSetting | undefined = stage.dataTrace[0];
  if (!fullData || stage.api.isShared) return;
  if (stage.executionLogging?.values[0].state !== 'on' || fullData.values[0].state !== 'on') return;
  const key = stage.form === 'serverless-rest' ? 'restApi' : 'websocket';
  const setting = fullData.hostEntry!;
  const explicit = fullData.entry;
  const resolved = isScalar(fullData.host) ? context.model.resolver.resolve(fullData.host) : undefined;
  const isShorthand = resolved?.state === 'known' && String(resolved.value).toLowerCase() === 'true';
  context.report({
    messageId: 'serverlessFullData',
    data: { key, detail: explicit ? '' : ' (fullExecutionData defaults to true)' },
    node: explicit ?? setting,
    resource: `provider.logs.${key}`,
    fixes: serverlessFix(context, setting, explicit, isShorthand),
  });
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

/**
 * REST API stages without X-Ray tracing: `AWS::ApiGateway::Stage`, the stage
 * of a Deployment with `StageName`, SAM `Api` (own, `Globals.Api`, implicit)
 * and Serverless `provider.tracing.apiGateway`. HTTP and WebSocket APIs do
 * not support X-Ray, so they are never reported.
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, valueOf } from '../../server/src/engine/parse/tree';
import type { MapEntry, SourceNode, TextRange } from '../../server/src/engine';
import { enableSettingEdit, providerSetting, samImplicitApiEvent, samProperty, scalarOf, serverlessApiEvents, serverlessProviderKeyRange } from './support/apis';

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
    equivalents: ['CKV_AWS_73', 'Serverless-APIGWXrayEnabled'],
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
    const { model } = context;
    for (const resource of model.resources) {
      const properties = resource.properties;
      switch (resource.type) {
        case 'AWS::ApiGateway::Stage':
          report(context, resource.logicalId, resource.keyRange, entryOf(properties, 'TracingEnabled'), `REST API stage ${resource.logicalId}`, 'TracingEnabled', properties);
          break;
        case 'AWS::ApiGateway::Deployment':
          if (!valueOf(properties, 'StageName')) break;
          report(context, resource.logicalId, resource.keyRange, entryOf(valueOf(properties, 'StageDescription'), 'TracingEnabled'), `REST API stage of deployment ${resource.logicalId}`, 'StageDescription.TracingEnabled', valueOf(properties, 'StageDescription'));
          break;
        case 'AWS::Serverless::Api': {
          const setting = samProperty(model, resource, 'Api', 'TracingEnabled');
          // A Globals value is shared by every API: the fix edits only the API's own properties.
          report(context, resource.logicalId, resource.keyRange, setting.entry, `SAM API ${resource.logicalId}`, setting.isGlobal ? 'Globals.Api.TracingEnabled' : 'TracingEnabled', setting.isGlobal ? undefined : properties);
          break;
        }
      }
    }
    if (model.kind === 'sam') {
      const implicit = samImplicitApiEvent(model, 'Api');
      if (implicit) report(context, 'ServerlessRestApi', implicit.entry.key.range, samProperty(model, undefined, 'Api', 'TracingEnabled').entry, 'implicit SAM API (ServerlessRestApi)', 'Globals.Api.TracingEnabled');
    }
    const httpEvent = model.kind === 'serverless' ? serverlessApiEvents(model).http : undefined;
    if (httpEvent && !providerSetting(model, ['apiGateway', 'restApiId']).entry) {
      const setting = providerSetting(model, ['tracing', 'apiGateway']);
      // On the setting or `provider.tracing` when present, otherwise on `provider`: the fix goes there, and a route is not
      // what is wrong. Only without a `provider` key does it fall back to the first `http` event, which creates the API.
      const where = setting.entry?.key.range ?? providerSetting(model, ['tracing']).entry?.key.range ?? serverlessProviderKeyRange(model) ?? httpEvent.key.range;
      const tracing = providerSetting(model, ['tracing']);
      report(context, 'provider.tracing.apiGateway', where, setting.entry, 'The REST API of this service', 'provider.tracing.apiGateway', tracing.entry ? tracing.node : undefined, 'apiGateway');
    }
  },
});

function report(context: RuleContext, resource: string, range: TextRange, entry: MapEntry | undefined, api: string, setting: string, map?: SourceNode | null, key = 'TracingEnabled'): void {
  const when = untracedWhen(context, entry);
  if (!when) return;
  const edit = map === undefined ? undefined : enableSettingEdit(context.model, entry, map, key, true);
  context.report({
    messageId: 'stageNotTraced',
    data: { api, setting, when: describeWhen(when) },
    node: entry ?? { range },
    resource,
    fixes: edit ? [{ title: 'Turn on X-Ray tracing for this stage', edits: [edit] }] : [],
  });
}

/** The conditions under which tracing is off (absent or false); undefined when it is on or unknown on every branch. */
function untracedWhen(context: RuleContext, entry: MapEntry | undefined): ConditionAssumption[] | undefined {
  if (!entry) return [];
  for (const branch of context.model.resolver.branches(entry.value)) {
    const value = scalarOf(context.model, branch.node);
    if (value === null || value === 'false') return branch.when;
  }
  return undefined;
}

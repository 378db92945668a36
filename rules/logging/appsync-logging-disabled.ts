/**
 * AppSync GraphQL APIs that write no logs, read from the model (`model.appSyncApis`):
 * `AWS::AppSync::GraphQLApi` without a `LogConfig` role (AppSync logs nothing without one), a SAM
 * `AWS::Serverless::GraphQLApi` with `Logging: false` (SAM turns logging on when the property is
 * absent, so only the explicit opt-out is reported), and a Serverless AppSync plugin API without
 * `logging` (v2) or `logConfig` (v1), or with `logging.enabled: false`.
 */
import { defineRule, type AppSyncApi, type RuleContext } from '../../server/src/engine';
import { entryOf, valueOf } from '../../server/src/engine/parse/tree';
import { describeWhen } from '../../server/src/engine/resolve/resolver';

export default defineRule({
  meta: {
    id: 'appsync-logging-disabled',
    title: 'AppSync GraphQL API without logging',
    category: 'logging',
    severity: 'info',
    confidence: 'high',
    description:
      'Without a log configuration AppSync writes neither request logs nor resolver errors to CloudWatch, so abuse of the GraphQL API (introspection, batching attacks, authorization failures) leaves no trace.',
    remediation:
      'Set `LogConfig` with a `CloudWatchLogsRoleArn` and `FieldLogLevel: ERROR` (keep `ExcludeVerboseContent: true` unless you need headers and mapping templates), or remove `Logging: false` from the SAM GraphQLApi.',
    // Checkov's CKV_AWS_193 (AppSyncLogging.py) reads AWS::AppSync::GraphQLApi only (not SAM's, not the plugin's)
    // and passes one with a key at Properties/LogConfig/CloudWatchLogsRoleArn, whatever its value (an Fn::If that
    // may drop it included); a LogConfig that is itself an intrinsic fails. Named per finding.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_193'],
    references: [
      'OWASP-Serverless-A10',
      'SAS-5',
      'CWE-778',
      'https://docs.aws.amazon.com/appsync/latest/devguide/monitoring.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-appsync-graphqlapi-logconfig.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      noLogConfig: 'AppSync API {{name}} writes no logs{{when}}: set LogConfig with a CloudWatchLogsRoleArn.',
      samLoggingOff: 'SAM GraphQL API {{name}} turns logging off{{when}}: remove Logging: false.',
      pluginNoLogging: 'AppSync API {{name}} writes no logs{{when}}: add {{setting}} with a level (the Serverless AppSync plugin creates the role).',
      pluginLoggingOff: 'AppSync API {{name}} turns logging off{{when}}: remove enabled: false from {{setting}}.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    for (const api of context.model.appSyncApis) if (api.isDeclaredHere) check(context, api);
  },
});

/** One finding per API, on the first branch of its log configuration that publishes nothing. */
function check(context: RuleContext, api: AppSyncApi): void {
  const off = api.logging.branches.find((branch) => branch.state === 'off');
  if (!off) return;
  const when = describeWhen(off.when);
  const isPlugin = api.form === 'serverless-appsync-v1' || api.form === 'serverless-appsync-v2';
  if (off.reason === 'disabled' && api.logging.entry) {
    context.report({ messageId: isPlugin ? 'pluginLoggingOff' : 'samLoggingOff', data: { name: api.name, when, setting: api.logging.name }, node: api.logging.entry, resource: api.resource });
  } else if (isPlugin) {
    context.report({ messageId: 'pluginNoLogging', data: { name: api.name, when, setting: api.logging.name }, node: { range: api.range }, resource: api.resource });
  } else {
    // AppSync needs the role to publish anything; a LogConfig without it logs nothing.
    context.report({ messageId: 'noLogConfig', data: { name: api.name, when }, node: { range: api.range }, resource: api.resource, equivalents: failsCkvAws193(api) ? ['CKV_AWS_193'] : [] });
  }
}

/** A CloudFormation GraphQLApi without the written key Properties.LogConfig.CloudWatchLogsRoleArn. */
function failsCkvAws193(api: AppSyncApi): boolean {
  const declaration = api.declaration;
  if (declaration?.type !== 'AWS::AppSync::GraphQLApi') return false;
  return !entryOf(valueOf(declaration.properties, 'LogConfig'), 'CloudWatchLogsRoleArn');
}

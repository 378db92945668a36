/**
 * AppSync GraphQL APIs that write no logs: `AWS::AppSync::GraphQLApi`
 * without a `LogConfig` role (AppSync logs nothing without one), or a SAM
 * `AWS::Serverless::GraphQLApi` with `Logging: false` (SAM turns logging on
 * when the property is absent, so only the explicit opt-out is reported).
 */
import { defineRule } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { entryOf, valueOf } from '../../server/src/engine/parse/tree';
import { scalarOf } from './support/settings';

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
    equivalents: ['CKV_AWS_193'],
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
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    for (const resource of model.resources) {
      if (resource.type === 'AWS::AppSync::GraphQLApi') {
        for (const branch of model.resolver.branches(valueOf(resource.properties, 'LogConfig'))) {
          // AppSync needs the role to publish anything; a LogConfig without it logs nothing.
          if (branch.node && valueOf(branch.node, 'CloudWatchLogsRoleArn') !== undefined) continue;
          context.report({ messageId: 'noLogConfig', data: { name: resource.logicalId, when: describeWhen(branch.when) }, node: { range: resource.keyRange }, resource: resource.logicalId });
          break;
        }
      } else if (resource.type === 'AWS::Serverless::GraphQLApi') {
        const entry = entryOf(resource.properties, 'Logging');
        if (!entry) continue;
        const off = model.resolver.branches(entry.value).find((branch) => branch.node !== null && branch.node !== undefined && scalarOf(model, branch.node) === 'false');
        if (off) context.report({ messageId: 'samLoggingOff', data: { name: resource.logicalId, when: describeWhen(off.when) }, node: entry, resource: resource.logicalId });
      }
    }
  },
});

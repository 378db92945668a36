/**
 * AppSync field-level logging at `ALL` with verbose content: the evaluated request and response
 * mapping templates of every field of every query (arguments, results, personal data), the request
 * headers (an `Authorization` token) and the context go to CloudWatch Logs. It is API Gateway's
 * `DataTraceEnabled` for GraphQL. With `ExcludeVerboseContent: true` those sections are left out and
 * `ALL` logs tracing only, so it is not reported (SAM's default for a GraphQLApi without `Logging`). Read from
 * the model (`model.appSyncApis`): `AWS::AppSync::GraphQLApi` `LogConfig` (only with the role AppSync
 * needs to publish anything), SAM `AWS::Serverless::GraphQLApi` `Logging`, and the Serverless AppSync
 * plugin (`appSync.logging.level` in v2, `custom.appSync.logConfig.level` in v1, one API or a list).
 */
import { defineRule, type AppModel, type AppSyncApi, type Fix, type RuleContext, type SourceNode } from '../../server/src/engine';
import { combineWhen, describeWhen } from '../../server/src/engine/resolve/resolver';

export default defineRule({
  meta: {
    id: 'appsync-field-logging-all',
    title: 'AppSync logs every field\'s request and response data',
    category: 'logging',
    severity: 'warning',
    confidence: 'high',
    description:
      'With field-level logging at ALL, AppSync writes the resolved request and response of every field of every query into CloudWatch Logs: the arguments and the results, personal data and secrets among them. Unless verbose content is excluded, the request headers (the Authorization token), the context and the evaluated mapping templates go there too. Anyone who can read the log group reads them, as with API Gateway data tracing.',
    remediation:
      'Set the field log level to `ERROR` (`FieldLogLevel: ERROR`; the Serverless AppSync plugin\'s `level: ERROR`), and `ExcludeVerboseContent: true` (`excludeVerboseContent: true`). Turn ALL on only while debugging, on a stage without real data.',
    equivalents: [],
    references: [
      'OWASP-Serverless-A3',
      'SAS-5',
      'CWE-532',
      'https://docs.aws.amazon.com/appsync/latest/APIReference/API_LogConfig.html',
      'https://docs.aws.amazon.com/appsync/latest/devguide/monitoring.html',
      'https://github.com/sid88in/serverless-appsync-plugin/blob/master/doc/general-config.md#logging',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      fieldLogAll: 'AppSync API {{name}} logs the evaluated request and response of every field, with headers and context (field log level ALL, verbose content not excluded){{when}}: arguments, results and tokens end up in CloudWatch Logs.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    for (const api of context.model.appSyncApis) reportLevel(context, api);
  },
});

/**
 * One finding per API at the first branch whose level is ALL while verbose content is not excluded
 * (AppSync's and the plugin's default is to include it); the fix lowers that level to ERROR. A
 * branch that publishes nothing (no role, turned off) is `appsync-logging-disabled`'s.
 */
function reportLevel(context: RuleContext, api: AppSyncApi): void {
  for (const branch of api.logging.branches) {
    if (branch.state !== 'on') continue;
    for (const level of branch.fieldLogLevel.values) {
      if (level.state !== 'known' || level.value !== 'ALL' || !level.node) continue;
      const verbose = branch.excludeVerboseContent.values.find((value) => !(value.state === 'known' && value.value === true) && combineWhen(level.when, value.when) !== undefined);
      if (!verbose) continue;
      const fix = lowerToError(context.model, level.node);
      context.report({
        messageId: 'fieldLogAll',
        data: { name: api.name, when: describeWhen(combineWhen(level.when, verbose.when)!) },
        node: level.node,
        resource: api.resource,
        fixes: fix ? [fix] : [],
      });
      return;
    }
  }
}

/** Writes ERROR in place of ALL, in the value's own quoting. */
function lowerToError(model: AppModel, node: SourceNode): Fix | undefined {
  if (node.kind !== 'scalar' || node.range.end > model.document.text.length) return undefined;
  const written = model.document.text.slice(node.range.start, node.range.end);
  const at = written.search(/ALL/i);
  if (at < 0) return undefined;
  const start = node.range.start + at;
  return { title: 'Log field errors only (ERROR)', edits: [{ range: { start, end: start + 3 }, newText: 'ERROR' }] };
}

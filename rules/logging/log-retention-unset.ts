/**
 * Log groups that keep their data forever: `AWS::Logs::LogGroup` without
 * `RetentionInDays`, and a serverless.yml whose function log groups (which
 * the framework creates in the stack) have no `logRetentionInDays`. Lambda
 * creates SAM and CloudFormation functions' groups outside the stack, so
 * those are out of the template's reach and not reported.
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { insertMapEntries } from '../../server/src/engine/fix/edits';
import { entryOf, isMap } from '../../server/src/engine/parse/tree';
import type { CfnResource, Fix } from '../../server/src/engine';
import { providerSetting, scalarOf, serverlessProvider } from './support/settings';

/** A year: long enough for most audit needs, and the value the quick fix proposes for the user to adjust. */
const PROPOSED_RETENTION_DAYS = 365;

export default defineRule({
  meta: {
    id: 'log-retention-unset',
    title: 'Log group without a retention period',
    category: 'logging',
    severity: 'info',
    confidence: 'high',
    description:
      'A CloudWatch log group without a retention period keeps every event forever: personal data and tokens written by mistake stay readable indefinitely, storage cost grows without bound, and no data-retention policy can be met.',
    remediation:
      'Set `RetentionInDays` on the log group (or `provider.logRetentionInDays` in serverless.yml) to what your audit and privacy requirements need, for example 90, 365 or 3653 days.',
    // Checkov's CKV_AWS_66 (CloudWatchLogGroupRetention.py) and cfn_nag's W86 (LogsLogGroupRetentionRule.rb) read
    // `AWS::Logs::LogGroup` without a `RetentionInDays` key; cfn_nag never reads serverless.yml, and neither
    // reads the function log groups the Serverless Framework creates: named per finding.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_66', 'W86'],
    references: [
      'OWASP-Serverless-A10',
      'SAS-5',
      'CWE-779',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-logs-loggroup.html',
      'https://www.serverless.com/framework/docs/providers/aws/guide/serverless.yml',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      logGroupNeverExpires: 'Log group {{name}} never expires{{when}}: set RetentionInDays.',
      functionLogsNeverExpire: 'The log groups of this service\'s functions never expire ({{functions}}): set provider.logRetentionInDays.',
    },
    fix: 'suggestion',
  },
  check(context) {
    const { model } = context;
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::Logs::LogGroup') continue;
      const entry = entryOf(resource.properties, 'RetentionInDays');
      const absent = entry ? model.resolver.branches(entry.value).find((branch) => branch.node === null || branch.node === undefined) : { when: [] };
      if (!absent) continue;
      context.report({
        messageId: 'logGroupNeverExpires',
        data: { name: resource.logicalId, when: describeWhen(absent.when) },
        node: { range: resource.keyRange },
        resource: resource.logicalId,
        fixes: entry ? [] : logGroupFix(context, resource),
        // A key whose value is an `Fn::If` with `AWS::NoValue` passes both checks: they read the key, not its branches.
        equivalents: entry ? [] : model.kind === 'serverless' ? ['CKV_AWS_66'] : ['CKV_AWS_66', 'W86'],
      });
    }
    if (model.kind === 'serverless') checkServerless(context);
  },
});

function logGroupFix(context: RuleContext, resource: CfnResource): Fix[] {
  const document = context.model.document;
  const title = `Keep these logs for ${PROPOSED_RETENTION_DAYS} days`;
  if (resource.properties) return [{ title, edits: [insertMapEntries(document, resource.properties, { RetentionInDays: PROPOSED_RETENTION_DAYS })] }];
  if (entryOf(resource.declaration, 'Properties')) return [];
  return [{ title, edits: [insertMapEntries(document, resource.declaration, { Properties: { RetentionInDays: PROPOSED_RETENTION_DAYS } })] }];
}

function checkServerless(context: RuleContext): void {
  const { model } = context;
  if (providerSetting(model, ['logRetentionInDays']).entry) return;
  // Functions with a retention of their own (framework v3.x) or with `disableLogs: true` have no never-expiring group.
  const exposed = model.functions.filter((fn) => !entryOf(fn.declaration, 'logRetentionInDays') && scalarOf(model, entryOf(fn.declaration, 'disableLogs')?.value) !== 'true');
  if (exposed.length === 0) return;
  const provider = serverlessProvider(model);
  if (!provider.entry) return;
  // Shown on the `provider` key, where the fix goes: every function listed is equally at fault.
  const fixes: Fix[] = isMap(provider.node) && provider.node.entries.length > 0
    ? [{ title: `Keep function logs for ${PROPOSED_RETENTION_DAYS} days`, edits: [insertMapEntries(model.document, provider.node, { logRetentionInDays: PROPOSED_RETENTION_DAYS })] }]
    : [];
  context.report({ messageId: 'functionLogsNeverExpire', data: { functions: namesOf(exposed.map((fn) => fn.name)) }, node: { range: provider.entry.key.range }, resource: 'provider.logRetentionInDays', fixes });
}

/** `create`, `create and list`, `create, list, get and 2 more`. */
function namesOf(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= 4) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/**
 * Data exfiltration (Checkov CKV_AWS_108): an Allow statement that grants, on
 * `Resource: '*'` and without a constraining Condition, an action that reads
 * stored data or secrets everywhere in the account: `s3:GetObject`,
 * `ssm:GetParameter*`, `secretsmanager:GetSecretValue` (DATA_EXFILTRATION_ACTIONS),
 * written out or through a wildcard (`s3:Get*`, `ssm:*`, `*`). One finding per
 * statement, on its first such entry. `Action: '*'` is reported too, as Checkov
 * does: the message says what data it reaches, which iam-wildcard-action does not.
 */
import { defineRule } from '../../server/src/engine';
import { DATA_EXFILTRATION_ACTIONS, EVERY_ACTION, WHOLE_SERVICE, describeWhen, holderOf, listForMessage, reportNode, resourceForMessage, unconstrainedGrant, type UnconstrainedEntry } from './support/iam-statements';
import { codeUseOf, fixesOf } from './support/code-use';
import { cloudsplainingView, failsDataExfiltration } from './support/cloudsplaining';

export default defineRule({
  meta: {
    id: 'iam-data-exfiltration',
    title: "IAM statement allows reading every secret, parameter or S3 object (Resource '*')",
    category: 'iam',
    severity: 'warning',
    confidence: 'high',
    description:
      "`secretsmanager:GetSecretValue`, `ssm:GetParameter*` and `s3:GetObject` return the data itself: secret values, SecureString parameters, file contents. Granted on `'*'`, whoever controls the function (an injection, a compromised dependency, leaked credentials) can read every secret, parameter and object of the account, not only the ones the function needs.",
    remediation:
      "Scope `Resource` to the secrets, parameters or buckets the function reads (`!Ref DbSecret`, `arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/orders/*`, `arn:${AWS::Partition}:s3:::${Bucket}/*`), or add a Condition (`aws:ResourceTag/...`) that limits them.",
    // Checkov's CKV_AWS_108 reads only some statements: named per finding, where it fails too (see support/cloudsplaining.ts).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_108'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-732',
      'CWE-200',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      'https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-paramstore-access.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      dataExfiltration: "With {{actions}} on {{resource}}, {{holder}} can read {{what}} in the account{{when}}{{code}}.",
    },
    // Once the handlers' calls are known: the Action rewritten to the actions they call.
    fix: 'suggestion',
    scope: 'resource',
    readsHandlerCode: 'refines',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      const grant = unconstrainedGrant(statement, resolver);
      if (!grant) continue;
      const reading = grant.entries.map((entry) => ({ entry, data: dataOf(entry) })).filter((item) => item.data.length > 0);
      if (reading.length === 0) continue;
      const first = reading[0];
      const when = [...first.entry.resource.when, ...first.entry.entry.when];
      // Other entries join the message only when they hold under the same conditions, so that `{{when}}` is true of all.
      const listed = reading.filter((item) => item === first || item.entry.entry.when.every((assumption) => when.some((other) => other.condition === assumption.condition && other.value === assumption.value)));
      const entryNames = [...new Set(listed.map((item) => `'${item.entry.entry.text}'`))];
      const order = [...new Set(DATA_EXFILTRATION_ACTIONS.values())];
      const what = [...new Set(listed.flatMap((item) => item.data))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
      const use = codeUseOf(context, statement);
      context.report({
        messageId: 'dataExfiltration',
        data: { actions: listForMessage(entryNames), resource: resourceForMessage(first.entry.resource), holder: holderOf(statement), what: listForMessage(what), when: describeWhen(when), code: use.text },
        node: reportNode(statement, first.entry.entry.node),
        resource: statement.resource,
        fixes: fixesOf(use),
        // Checkov reads only AWS::IAM::* policies, a literal '*', and five of our seven actions (support/cloudsplaining.ts).
        equivalents: failsDataExfiltration(cloudsplainingView(statement, resolver)) ? ['CKV_AWS_108'] : [],
      });
    }
  },
});

/** What an entry lets its holder read: the descriptions of the data-exfiltration actions it matches. */
function dataOf(entry: UnconstrainedEntry): string[] {
  // Action '*' (administrator access) and `s3:*` (a whole service): iam-wildcard-action reports the entry once,
  // and its finding answers this check too.
  if (EVERY_ACTION.test(entry.entry.text) || WHOLE_SERVICE.test(entry.entry.text)) return [];
  const found: string[] = [];
  for (const action of entry.actions) {
    const what = DATA_EXFILTRATION_ACTIONS.get(action.qualifiedName.toLowerCase());
    if (what !== undefined && !found.includes(what)) found.push(what);
  }
  return found;
}

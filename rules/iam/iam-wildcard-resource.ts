/**
 * An Allow statement with `Resource: '*'` whose actions could name their
 * resources: the IAM action table says which actions support resource-level
 * permissions, so actions that take no resource (`xray:PutTraceSegments`,
 * `ec2:DescribeInstances`, `s3:ListAllMyBuckets`) never make a finding, and
 * unknown services stay silent. Deny statements, NotAction (a rule of its
 * own), administrator statements (iam-wildcard-action) and statements with a
 * constraining Condition are not reported. Entries that grant a data-exfiltration
 * action (`s3:GetObject`, `ssm:GetParameter*`, `secretsmanager:GetSecretValue`,
 * `s3:Get*`) are left to iam-data-exfiltration, which says what they can read.
 */
import { defineRule } from '../../server/src/engine';
import { DATA_EXFILTRATION_ACTIONS, EVERY_ACTION, compatible, describeWhen, expandActionPattern, hasConstrainingCondition, holderOf, isExpandedPolicyTemplate, listForMessage, reportNode, statementValues, wildcardResources } from './support/iam-statements';

/**
 * What AWS's own Lambda execution policies grant on `*`: AWSLambdaBasicExecutionRole
 * (logs) and AWSLambdaVPCAccessExecutionRole (network interfaces, whose ARNs do
 * not exist before Lambda creates them). Writing these out by hand is the same
 * as attaching the managed policy, so it is not reported.
 */
/** `s3:*`, `dynamodb:*`. */
const WHOLE_SERVICE = /^[a-z0-9-]+:\*$/i;

const LAMBDA_EXECUTION_DEFAULTS = new Set([
  'logs:createloggroup',
  'logs:createlogstream',
  'logs:putlogevents',
  'ec2:createnetworkinterface',
  'ec2:deletenetworkinterface',
  'ec2:describenetworkinterfaces',
  'ec2:assignprivateipaddresses',
  'ec2:unassignprivateipaddresses',
]);


export default defineRule({
  meta: {
    id: 'iam-wildcard-resource',
    title: "IAM statement grants scopable actions on Resource '*'",
    category: 'iam',
    severity: 'warning',
    confidence: 'high',
    description:
      "`Resource: '*'` applies the statement's actions to every matching resource in the account, present and future: every table, bucket, queue or key, not only the one the function uses. These actions accept resource ARNs, so the wildcard is a choice, not a necessity.",
    remediation:
      "Replace `'*'` with the ARNs the function uses (`!GetAtt Table.Arn`, `!Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'`). Keep `'*'` only for actions that support no resource type, in a statement of their own.",
    equivalents: ['W11', 'W12', 'W13', 'AwsSolutions-IAM5'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-732',
      'CWE-250',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege',
      'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      wildcardResource: "Resource '*' gives {{holder}} {{actions}} on every resource of the account{{when}}; these actions accept resource ARNs, so scope them to the ones it uses.",
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      if (statement.effect !== 'Allow' || statement.isNotAction || statement.origin === 'resource-policy') continue;
      // SAM's policy templates use '*' where SAM chose to; the user cannot scope them.
      if (isExpandedPolicyTemplate(statement)) continue;
      if (hasConstrainingCondition(statement)) continue;
      const wildcards = wildcardResources(statement, resolver);
      if (wildcards.length === 0) continue;
      const actions = statementValues(statement.actions, resolver).known;
      // Action '*' on Resource '*' is administrator access: iam-wildcard-action says so, with the right words.
      if (actions.some((action) => EVERY_ACTION.test(action.text))) continue;
      for (const resource of wildcards) {
        const scopable = actions.filter((action) => compatible(action.when, resource.when) && isScopable(action.text));
        if (scopable.length === 0) continue;
        const names = [...new Set(scopable.map((action) => action.text))];
        context.report({
          messageId: 'wildcardResource',
          data: { holder: holderOf(statement), actions: listForMessage(names), when: describeWhen([...resource.when, ...scopable[0].when]) },
          node: reportNode(statement, resource.node),
          resource: statement.resource,
        });
        break;
      }
    }
  },
});

/**
 * An action entry could be scoped when the action it names takes a resource
 * type; a wildcard entry when most of the actions it matches do. So
 * `dynamodb:Get*` is reported, and `ec2:Describe*` (a few of about 200
 * describe actions take a resource) is not: `*` is the right resource there.
 */
function isScopable(pattern: string): boolean {
  if (LAMBDA_EXECUTION_DEFAULTS.has(pattern.toLowerCase())) return false;
  // `s3:*`: iam-wildcard-action already asks to list the actions and scope Resource; one finding is enough.
  if (WHOLE_SERVICE.test(pattern)) return false;
  const matched = expandActionPattern(pattern);
  if (!matched || matched.length === 0) return false;
  // Reported by iam-data-exfiltration, with what the entry can read; one finding per entry is enough.
  if (matched.some((action) => DATA_EXFILTRATION_ACTIONS.has(action.qualifiedName.toLowerCase()))) return false;
  const scopable = matched.filter((action) => action.supportsResourceLevel).length;
  return /[*?]/.test(pattern) ? scopable * 2 > matched.length : scopable === matched.length;
}

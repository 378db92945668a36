/**
 * A secret written into a function's environment: in the template, the
 * repository and every deployment, readable by anyone with
 * `lambda:GetFunctionConfiguration`. References (`${ssm:...}`,
 * `{{resolve:...}}`, `!Ref`, `${env:...}`) are resolved at deploy time and
 * are not reported; only literal values are.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { replaceNode, valueText } from '../../server/src/engine/fix/edits';
import { resourceById } from '../../server/src/engine/model/resource-index';
import type { AppModel, EnvironmentVariable } from '../../server/src/engine/model/types';
import { scalarText, valueOf } from '../../server/src/engine/parse/tree';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { classifySecret, isAwsCredentialName } from '../../server/src/engine/secrets/secret-detection';
import { isCheckovAwsKeyValue, isCheckovLambdaSecretValue, isSeenByCkvAws41 } from './support/checkov-aws-keys';

export default defineRule({
  meta: {
    id: 'hardcoded-secret-in-environment',
    title: 'Hard-coded secret in a function environment variable',
    category: 'secrets',
    severity: 'error',
    confidence: 'high',
    description:
      'A literal secret in an environment variable is stored in the template, in version control and in the function configuration, where anyone with lambda:GetFunctionConfiguration or read access to the repository can read it.',
    remediation:
      'Keep the secret in SSM Parameter Store (SecureString) or Secrets Manager and reference it (`${ssm:/service/stage/NAME}`, `{{resolve:secretsmanager:...}}`), or better, pass only its name and read it at run time. Rotate the exposed value: it is in your history.',
    // Checkov's CKV_AWS_45 reads CloudFormation and SAM functions and finds secrets by value; CKV_AWS_41 is its
    // serverless.yml counterpart (support/checkov-aws-keys.ts): each finding names the one that fails it.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_45', 'CKV_AWS_41', 'KICS:2564172f-c92b-4261-9acd-464aed511696'],
    references: ['OWASP-Serverless-A3', 'SAS-7', 'CWE-798', 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html'],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      secretByName: 'Environment variable {{name}} holds a hard-coded {{kind}}{{when}}. Reference it from SSM or Secrets Manager instead.',
      secretByShape: 'Environment variable {{name}} holds what looks like a {{kind}}{{when}}. Reference it from SSM or Secrets Manager instead.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    const variables = [...model.sharedEnvironment, ...model.functions.flatMap((fn) => fn.environment)];
    for (const variable of variables) {
      const valueNode = variable.entry.value;
      if (!valueNode) continue;
      // AWS credentials in serverless.yml's provider are aws-credentials-in-provider's, reported once there.
      if (variable.scope === 'provider' && isAwsCredentialName(variable.name)) continue;
      // Every value the variable can take: both sides of an `Fn::If`, each with the condition it holds under.
      for (const outcome of model.resolver.outcomes(valueNode)) {
        // Only literals: an intrinsic, `${ssm:...}` or `${env:...}` resolves to unknown or partial.
        if (outcome.state !== 'known' || typeof outcome.value !== 'string') continue;
        // A value that came from a parameter's default is passed at deploy time; a secret in the
        // default itself is secret-parameter-default's finding, not this variable's.
        if (outcome.assumptions?.some((assumption) => assumption.startsWith('parameter '))) continue;
        const verdict = classifySecret(variable.name, outcome.value);
        if (!verdict) continue;
        if (variable.scope === 'provider' && verdict.kind === 'AWS access key id') continue;
        context.report({
          messageId: verdict.signal === 'shape' ? 'secretByShape' : 'secretByName',
          data: { name: variable.name, kind: verdict.kind, when: describeWhen(outcome.when) },
          node: valueNode,
          resource: variable.resource,
          fixes: referenceFixes(context, variable),
          // Checkov's CKV_AWS_41 fails an environment value that starts with an AWS key shape in any function's
          // environment, the provider's merged in (support/checkov-aws-keys.ts); the provider's AWS credential
          // names and key ids are aws-credentials-in-provider's findings, and are skipped above.
          equivalents: [
            ...(isSeenByCkvAws41(model, variable) && isCheckovAwsKeyValue(outcome.value) ? ['CKV_AWS_41'] : []),
            ...(isReadByCkvAws45(model, variable) && outcome.when.length === 0 && isCheckovLambdaSecretValue(outcome.value) ? ['CKV_AWS_45'] : []),
            ...(isSeenByKicsLambdaKey(model, variable) && KICS_AWS_KEY.test(outcome.value) ? [KICS_LAMBDA_AWS_KEY] : []),
          ],
        });
        break;
      }
    }
  },
});

/**
 * KICS's "Hardcoded AWS Access Key In Lambda" fails an `AWS::Lambda::Function`'s environment value that holds its key
 * pattern anywhere (an unanchored match); it reads no SAM `AWS::Serverless::Function` and no serverless.yml. Its
 * `A3T` prefix is not an access key id AWS issues today, and we do not report a value that has only that.
 */
const KICS_LAMBDA_AWS_KEY = 'KICS:2564172f-c92b-4261-9acd-464aed511696';
const KICS_AWS_KEY = /(A3T[A-Z0-9]|AKIA|ASIA)[A-Z0-9]{16}/;

function isSeenByKicsLambdaKey(model: AppModel, variable: EnvironmentVariable): boolean {
  if (model.kind === 'serverless' || variable.scope !== 'function') return false;
  return resourceById(model, variable.resource)?.type === 'AWS::Lambda::Function';
}

/**
 * CKV_AWS_45 reads the `Environment.Variables` of CloudFormation and SAM functions, with SAM `Globals` applied by its
 * graph to functions that set no `Environment` of their own; never serverless.yml's `functions` or `provider`.
 */
function isReadByCkvAws45(model: AppModel, variable: EnvironmentVariable): boolean {
  if (variable.scope === 'function') return !(model.kind === 'serverless' && variable.resource.startsWith('functions.'));
  if (variable.scope === 'globals') return model.resources.some((resource) => resource.type === 'AWS::Serverless::Function' && valueOf(valueOf(resource.declaration, 'Properties'), 'Environment') === undefined);
  return false;
}

function referenceFixes(context: RuleContext, variable: EnvironmentVariable): Fix[] {
  const { model } = context;
  const valueNode = variable.entry.value!;
  const document = model.document;
  if (model.kind === 'serverless') {
    const service = scalarText(valueOf(document.root, 'service')) ?? 'service';
    const reference = `\${ssm:/${service}/\${sls:stage}/${variable.name}}`;
    return [{ title: `Read ${variable.name} from SSM Parameter Store`, edits: [replaceNode(valueNode, valueText(document, valueNode, reference))] }];
  }
  // Lambda environment variables accept `{{resolve:secretsmanager:...}}` and `{{resolve:ssm:...}}`
  // (not `ssm-secure`). The secret name is a suggestion the user adjusts.
  const owner = variable.scope === 'globals' ? 'app' : variable.resource;
  return [
    { title: `Read ${variable.name} from Secrets Manager`, edits: [replaceNode(valueNode, valueText(document, valueNode, `{{resolve:secretsmanager:${owner}/${variable.name}}}`))] },
    { title: `Read ${variable.name} from SSM Parameter Store`, edits: [replaceNode(valueNode, valueText(document, valueNode, `{{resolve:ssm:/${owner}/${variable.name}}}`))] },
  ];
}

/**
 * A secret stored in an `AWS::SSM::Parameter` of type String or StringList:
 * the value is in the template, and in Parameter Store without KMS
 * encryption, readable with `ssm:GetParameter` alone. CloudFormation cannot
 * create SecureString parameters, so there is no in-template quick fix.
 */
import { defineRule } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { valueOf } from '../../server/src/engine/parse/tree';
import { classifySecret } from '../../server/src/engine/secrets/secret-detection';

export default defineRule({
  meta: {
    id: 'ssm-parameter-plaintext-secret',
    title: 'Secret in a plain-text SSM parameter',
    category: 'secrets',
    severity: 'error',
    confidence: 'high',
    description:
      'An SSM String or StringList parameter is stored without KMS encryption and can be read by anyone allowed ssm:GetParameter; a literal value is also in the template and its history. CloudFormation cannot create a SecureString, so a secret written here is always in plain text.',
    remediation:
      'Create the secret in Secrets Manager (`AWS::SecretsManager::Secret` with `GenerateSecretString`) and reference it, or create a SecureString parameter outside the template and read it with a `{{resolve:ssm-secure:...}}` dynamic reference where supported. Rotate the exposed value.',
    // CKV_AWS_384 (ParameterStoreCredentials.py) reads a parameter only when its written Name matches
    // `(?i).*secret.*|.*api_?key.*`, passes an intrinsic Value, a value with `${...}`, and a name or value holding
    // `test` or `example`, then fails a value its secret regexes match: named only on findings it reads that way.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_384'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-7',
      'CWE-312',
      'CWE-798',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ssm-parameter.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      plaintextSecret:
        'SSM parameter {{parameter}} ({{type}}) stores a hard-coded {{kind}}{{when}} in plain text. Keep it in Secrets Manager instead; CloudFormation cannot create a SecureString.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::SSM::Parameter') continue;
      const properties = resource.properties;
      const type = model.resolver.resolveString(valueOf(properties, 'Type'));
      if (type !== 'String' && type !== 'StringList') continue;
      // The parameter's own name says what it holds; a partly resolved `!Sub` name keeps its literal words.
      const nameResolved = model.resolver.resolve(valueOf(properties, 'Name'));
      const name = nameResolved.state === 'known' && nameResolved.value !== null ? String(nameResolved.value) : nameResolved.state === 'partial' ? nameResolved.text : resource.logicalId;
      const valueNode = valueOf(properties, 'Value');
      if (!valueNode) continue;
      for (const outcome of model.resolver.outcomes(valueNode)) {
        if (outcome.state !== 'known' || typeof outcome.value !== 'string') continue;
        // A value from a parameter default is secret-parameter-default's finding.
        if (outcome.assumptions?.some((assumption) => assumption.startsWith('parameter '))) continue;
        const verdict = classifySecret(name, outcome.value);
        if (!verdict) continue;
        context.report({
          messageId: 'plaintextSecret',
          data: { parameter: resource.logicalId, type, kind: verdict.kind, when: describeWhen(outcome.when) },
          node: valueNode,
          resource: resource.logicalId,
          equivalents: isReadByCkvAws384(valueOf(properties, 'Name'), valueNode, outcome.value) ? ['CKV_AWS_384'] : [],
        });
        break;
      }
    }
  },
});

/**
 * Whether Checkov's CKV_AWS_384 reads this parameter: a Name written as text that matches `(?i).*secret.*|.*api_?key.*`
 * and a Value written as text without `${`, neither holding `test` or `example`. Its value patterns include a
 * PASSWORD category of a newer `checkov/common/util/secrets.py` than the one read, so the value is left to our
 * own classification.
 */
function isReadByCkvAws384(nameNode: ReturnType<typeof valueOf>, valueNode: ReturnType<typeof valueOf>, value: string): boolean {
  const name = nameNode && nameNode.kind === 'scalar' && typeof nameNode.value === 'string' ? nameNode.value : undefined;
  if (name === undefined || !/secret|api_?key/i.test(name)) return false;
  if (!valueNode || valueNode.kind !== 'scalar') return false;
  if (/\$\{.*\}/.test(value)) return false;
  return !/test|example/i.test(name) && !/test|example/i.test(value);
}

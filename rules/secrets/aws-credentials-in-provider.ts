/**
 * AWS credentials written into a serverless.yml's `provider`: an access key
 * id (`AKIA...`, `ASIA...`) anywhere in it, or a literal value under a
 * credential name (`credentials.secretAccessKey`, `AWS_SECRET_ACCESS_KEY` in
 * `provider.environment`). Profiles, `${env:...}` and `${ssm:...}` are fine.
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import { isMap, isScalar, isSeq, valueOf } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';
import { isAwsAccessKeyId, isAwsCredentialName, looksLikeSecretValue } from '../../server/src/engine/secrets/secret-detection';
import { isCheckovAwsKeyValue } from './support/checkov-aws-keys';
import type { AppModel } from '../../server/src/engine/model/types';

const MAX_DEPTH = 12;

export default defineRule({
  meta: {
    id: 'aws-credentials-in-provider',
    title: 'AWS credentials in the Serverless provider',
    category: 'secrets',
    severity: 'error',
    confidence: 'high',
    description:
      'An AWS access key written into serverless.yml gives whoever reads the repository, a build log or a deployment artefact the permissions of that IAM user, often the deployer with wide rights. Lambda functions get credentials from their execution role and never need keys.',
    remediation:
      'Delete the keys from the file and deactivate them in IAM now: they are in your history. Deploy with a named profile, environment credentials or an assumed role (CI OIDC), and let functions use their execution role.',
    // Each check reads part of the provider only (see otherToolChecks): named per finding.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_41', 'CKV_SECRET_2'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-7',
      'CWE-798',
      'https://www.serverless.com/framework/docs/providers/aws/guide/credentials',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles',
    ],
    targets: ['serverless'],
    messages: {
      accessKeyId: 'provider.{{path}} holds an AWS access key id. Remove it, deactivate the key, and deploy with a profile or role.',
      credentialValue: 'provider.{{path}} holds a hard-coded AWS credential. Remove it, deactivate the key, and deploy with a profile or role.',
    },
    fix: 'none',
  },
  check(context) {
    if (context.model.kind !== 'serverless') return;
    const provider = valueOf(context.model.document.root, 'provider');
    if (isMap(provider)) visit(context, provider, [], undefined, 0);
  },
});

function visit(context: RuleContext, node: SourceNode | null | undefined, path: string[], key: string | undefined, depth: number): void {
  if (!node || depth > MAX_DEPTH) return;
  if (isMap(node)) {
    for (const entry of node.entries) visit(context, entry.value, [...path, String(entry.key.value)], String(entry.key.value), depth + 1);
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, index) => visit(context, item, [...path, String(index)], undefined, depth + 1));
    return;
  }
  if (!isScalar(node)) return;
  // `${self:custom.awsKey}` leads to a literal too; `${env:...}` and `${ssm:...}` stay unknown.
  const resolved = context.model.resolver.resolve(node);
  if (resolved.state !== 'known' || typeof resolved.value !== 'string') return;
  const value = resolved.value;
  const data = { path: path.join('.') };
  const resource = path[0] === 'environment' ? 'provider.environment' : `provider.${path[0]}`;
  if (isAwsAccessKeyId(value)) {
    context.report({ messageId: 'accessKeyId', data, node, resource, equivalents: otherToolChecks(context.model, path, value, node.value === value) });
  } else if (key !== undefined && isAwsCredentialName(key) && looksLikeSecretValue(value.trim())) {
    context.report({ messageId: 'credentialValue', data, node, resource, equivalents: otherToolChecks(context.model, path, value, false) });
  }
}

/**
 * - Checkov `CKV_AWS_41` reads only the environment (the provider's merged into each function's), and fails a
 *   value that starts with an AWS key shape (support/checkov-aws-keys.ts): not `provider.credentials` nor a
 *   deployment bucket setting, and nothing in a service without functions (it runs once per function).
 * - Checkov's secrets scanner `CKV_SECRET_2` (AWS access key) finds a key id written in the file, not one
 *   reached through `${self:...}`; its secret-key form needs a quoted value next to an `aws` name, which this
 *   rule does not check, so a secret key names nothing.
 */
function otherToolChecks(model: AppModel, path: readonly string[], value: string, isKeyIdWritten: boolean): string[] {
  const checks: string[] = [];
  if (path[0] === 'environment' && model.functions.length > 0 && isCheckovAwsKeyValue(value)) checks.push('CKV_AWS_41');
  if (isKeyIdWritten) checks.push('CKV_SECRET_2');
  return checks;
}

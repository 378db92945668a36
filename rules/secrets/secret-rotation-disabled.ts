/**
 * A Secrets Manager secret that no `AWS::SecretsManager::RotationSchedule` in
 * the template rotates. The schedule can name the secret directly or through
 * a `SecretTargetAttachment`. A schedule whose target cannot be read (a
 * secret name, an import, a parameter) may rotate any secret, so then nothing
 * is reported. A schedule that exists only under a condition leaves the
 * secret unrotated when the condition is false, and the message says so.
 * Secrets that another service creates and rotates (RDS
 * `ManageMasterUserPassword`) are not in the template and never reported.
 */
import { defineRule } from '../../server/src/engine';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { CfnResource } from '../../server/src/engine/model/types';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, valueOf } from '../../server/src/engine/parse/tree';

/** Resources whose master password a hosted rotation function can rotate. */
const DATABASE_TYPES = new Set(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::DocDB::DBCluster', 'AWS::Redshift::Cluster', 'AWS::Neptune::DBCluster']);

export default defineRule({
  meta: {
    id: 'secret-rotation-disabled',
    title: 'Secrets Manager secret without automatic rotation',
    category: 'secrets',
    severity: 'info',
    // Many secrets are third-party API keys that no rotation function can renew.
    confidence: 'medium',
    description:
      'A secret that is never rotated stays valid for as long as it exists: a copy that leaked through a log, a laptop or a former colleague keeps working. Database passwords are the usual candidates; Secrets Manager rotates them with a hosted function.',
    remediation:
      'Add an `AWS::SecretsManager::RotationSchedule` with `SecretId: !Ref <Secret>` and a `HostedRotationLambda` (RDS, Aurora, DocumentDB, Redshift) or your own `RotationLambdaARN`. For a key that only its issuer can renew, suppress the finding with that reason.',
    // Security Hub judges the deployed secret, whichever branch deployed it; the other two read no condition (see the report).
    equivalents: ['SecretsManager.1'],
    findingEquivalents: ['CKV2_AWS_57', 'AwsSolutions-SMG4'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-7',
      'CWE-262',
      'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html',
      'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_managed.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-secretsmanager-rotationschedule.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      databaseSecret:
        'Secret {{resource}} holds the password of database {{database}} but is never rotated{{when}}: no AWS::SecretsManager::RotationSchedule names it (a HostedRotationLambda can rotate it).',
      noRotation: 'Secret {{resource}} is never rotated automatically{{when}}: no AWS::SecretsManager::RotationSchedule names it.',
    },
    fix: 'none',
  },
  check(context) {
    const { model } = context;
    const secrets = model.resources.filter((resource) => resource.type === 'AWS::SecretsManager::Secret');
    if (secrets.length === 0) return;
    // A SecretTargetAttachment's Ref is its secret's ARN, so a schedule can name the attachment.
    const secretOfAttachment = new Map<string, string>();
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::SecretsManager::SecretTargetAttachment') continue;
      const secretId = referencedLogicalId(valueOf(resource.properties, 'SecretId'));
      if (secretId) secretOfAttachment.set(resource.logicalId, secretId);
    }
    /** Secret logical id -> the conditions of the schedules that rotate it ('always' for an unconditional one). */
    const rotations = new Map<string, Array<string | 'always'>>();
    for (const schedule of model.resources) {
      if (schedule.type !== 'AWS::SecretsManager::RotationSchedule') continue;
      const branches = model.resolver.branches(valueOf(schedule.properties, 'SecretId'));
      for (const branch of branches) {
        const target = referencedLogicalId(branch.node ?? undefined);
        // A target that cannot be read might be any secret of the template: stay silent.
        if (!target) return;
        const secretId = secretOfAttachment.get(target) ?? target;
        // A schedule that names its secret under one Fn::If branch counts as rotating it.
        rotations.set(secretId, [...(rotations.get(secretId) ?? []), schedule.condition ?? 'always']);
      }
    }
    for (const secret of secrets) {
      const conditions = rotations.get(secret.logicalId) ?? [];
      if (conditions.includes('always') || (secret.condition !== undefined && conditions.includes(secret.condition))) continue;
      // Rotated only under a condition: reported for when it is false, if that is one condition.
      const distinct = [...new Set(conditions)];
      if (distinct.length > 1) continue;
      const when: ConditionAssumption[] = distinct.length === 1 ? [{ condition: distinct[0], value: false }] : [];
      const database = databaseOf(model.resources, model.document.text, secret, secretOfAttachment);
      context.report({
        messageId: database ? 'databaseSecret' : 'noRotation',
        data: { resource: secret.logicalId, database: database ?? '', when: describeWhen(when) },
        node: { range: secret.keyRange },
        resource: secret.logicalId,
        // cdk-nag's SMG4 (src/rules/secretsmanager/SecretsManagerRotationEnabled.ts) fails a CfnSecret that no schedule
        // names, conditions ignored; it reads no serverless.yml. Checkov's CKV2_AWS_57 is a Terraform graph check,
        // named on the same resource here when no schedule names the secret at all.
        equivalents: when.length > 0 ? [] : model.kind === 'serverless' ? ['CKV2_AWS_57'] : ['CKV2_AWS_57', 'AwsSolutions-SMG4'],
      });
    }
  },
});

/** The database whose password the secret holds: one a SecretTargetAttachment names, or whose MasterUserPassword resolves the secret. */
function databaseOf(resources: readonly CfnResource[], text: string, secret: CfnResource, secretOfAttachment: ReadonlyMap<string, string>): string | undefined {
  for (const resource of resources) {
    if (resource.type !== 'AWS::SecretsManager::SecretTargetAttachment' || secretOfAttachment.get(resource.logicalId) !== secret.logicalId) continue;
    const target = referencedLogicalId(valueOf(resource.properties, 'TargetId'));
    if (target) return target;
  }
  const mention = new RegExp(`resolve:secretsmanager:[^}]*\\b${secret.logicalId}\\b|\\b${secret.logicalId}\\b[\\s\\S]*resolve:secretsmanager`);
  for (const resource of resources) {
    if (!DATABASE_TYPES.has(resource.type)) continue;
    const password = entryOf(resource.properties, 'MasterUserPassword')?.value;
    if (password && mention.test(text.slice(password.range.start, password.range.end))) return resource.logicalId;
  }
  return undefined;
}

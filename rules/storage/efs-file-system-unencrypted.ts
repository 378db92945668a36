/**
 * An EFS file system without encryption at rest: CloudFormation creates it
 * unencrypted unless `Encrypted` is true, and it cannot be encrypted later.
 */
import { defineRule } from '../../server/src/engine';
import { isScalar, valueOf } from '../../server/src/engine/parse/tree';
import { failsCfnNagBoolean, isKicsFalse, reportEncryptionFlags, writtenValue, type EncryptionFlag } from './support/settings';

const KICS_EFS_NOT_ENCRYPTED = 'KICS:2ff8e83c-90e1-4d68-a300-6d652112e622';

const FLAGS: readonly EncryptionFlag[] = [
  {
    type: 'AWS::EFS::FileSystem',
    label: 'EFS file system',
    path: ['Encrypted'],
    // A KmsKeyId without Encrypted: true is rejected at deploy time; it states the intent to encrypt.
    exemptWhenSet: ['KmsKeyId'],
    fixTitle: 'Set Encrypted: true (replaces an existing file system and its files: use only on one not yet created)',
    // cdk-nag's EFS1 (src/rules/efs/EFSEncrypted.ts) fails only a primitive `Encrypted` equal to false: an absent one
    // passes there (the CDK's own file systems encrypt by default), and it reads no serverless.yml.
    // cfn_nag's F32 (EFSFileSystemEncryptedRule.rb; F27 in older versions) fails `Encrypted` nil or the text `false`.
    equivalentsOf: (model, problem) => [
      ...(model.kind !== 'serverless' && problem.kind === 'disabled' && problem.value.when.length === 0 && isScalar(valueOf(problem.resource.properties, 'Encrypted')) ? ['AwsSolutions-EFS1'] : []),
      ...(failsCfnNagBoolean(problem.resource, 'Encrypted') ? ['F32'] : []),
      // KICS's "EFS Not Encrypted" (assets/queries/cloudFormation/aws/efs_not_encrypted/query.rego) fails only an
      // `Encrypted` that `cf_lib.isCloudFormationFalse` holds: `false`, or the text `false` or `no` in any case. An
      // absent setting and an intrinsic pass; it reads top-level `Resources`, not a serverless.yml.
      ...(isKicsFalse(writtenValue(problem.resource, ['Encrypted'])) ? [KICS_EFS_NOT_ENCRYPTED] : []),
    ],
  },
];

export default defineRule({
  meta: {
    id: 'efs-file-system-unencrypted',
    title: 'EFS file system without encryption at rest',
    category: 'storage',
    severity: 'warning',
    confidence: 'high',
    description:
      'CloudFormation creates an EFS file system unencrypted unless Encrypted is true (the console encrypts by default, CloudFormation does not). Files that Lambda functions mount from it, and its backups, are then stored in plaintext, and encryption cannot be switched on later.',
    remediation:
      'Set `Encrypted: true` (and `KmsKeyId` for a customer managed key) when you create the file system. For an existing one, create an encrypted file system and copy the data (AWS DataSync), because the change replaces it.',
    // Checkov's CKV_AWS_42 (EFSEncryptionEnabled.py) fails any `Encrypted` that is not true, absent included.
    equivalents: ['CKV_AWS_42'],
    findingEquivalents: ['AwsSolutions-EFS1', 'F32', KICS_EFS_NOT_ENCRYPTED],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-311',
      'https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-efs-filesystem.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      notEnabled: '{{store}} {{resource}} is not encrypted at rest: {{setting}} is not set, and CloudFormation defaults it to false{{when}}.',
      disabled: '{{store}} {{resource}} is not encrypted at rest: {{setting}} is false{{when}}.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    reportEncryptionFlags(context, FLAGS, { absent: 'notEnabled', disabled: 'disabled' });
  },
});

/**
 * Managed database storage without encryption at rest: RDS DB instances and
 * clusters (Aurora and Multi-AZ), DocumentDB, Neptune and Redshift. It reads
 * the CloudFormation setting per branch and skips what inherits encryption
 * from elsewhere (Aurora members, read replicas, restores from a snapshot).
 */
import { defineRule } from '../../server/src/engine';
import { failsCfnNagBoolean, isKicsFalse, knownText, reportEncryptionFlags, writtenValue, type EncryptionFlag, type FlagProblem } from './support/settings';

const REPLACEMENT_WARNING = 'replaces an existing database: use only on one not yet created';
/** Restores and replicas take their encryption from the source, and setting it differently fails or is ignored. */
const RESTORED_FROM = ['SnapshotIdentifier', 'SourceDBClusterIdentifier', 'RestoreType', 'ReplicationSourceIdentifier'];

/**
 * cdk-nag's RDS2 (`RDSStorageEncrypted.ts`) and DOC1 (`DocumentDBClusterEncryptionAtRest.ts`) fail a
 * `storageEncrypted` that is undefined, and otherwise resolve it with `resolveIfPrimitive`, which throws on an
 * intrinsic (an `Fn::If`, a `Ref` to a parameter): no verdict there. So they answer our findings whose setting
 * is absent or a false written as such, not those that rest on a condition or a parameter.
 */
function cdkNagWhenWritten(check: string): (model: unknown, problem: FlagProblem) => readonly string[] {
  return (_model, problem) => {
    const written = writtenValue(problem.resource, problem.flag.path);
    return written.kind === 'absent' || written.kind === 'scalar' ? [check] : [];
  };
}

/**
 * cfn_nag's F27 (DB instance, `RDSDBInstanceStorageEncryptedRule.rb`: without `DBClusterIdentifier`), F26 (DB
 * cluster), F30 (Neptune) and F28 (Redshift) fail the setting nil or written as the text `false`; an intrinsic
 * passes (failsCfnNagBoolean). Each answers our findings whose written value it fails.
 */
function withCfnNag(cdkNag: string | undefined, cfnNag: string): (model: unknown, problem: FlagProblem) => readonly string[] {
  const cdk = cdkNag ? cdkNagWhenWritten(cdkNag) : () => [];
  return (model, problem) => [...cdk(model, problem), ...(failsCfnNagBoolean(problem.resource, problem.flag.path[0]) ? [cfnNag] : [])];
}

const KICS_RDS_STORAGE = 'KICS:5beacce3-4020-4a3d-9e1d-a36f953df630';

/**
 * KICS's "RDS Storage Not Encrypted" (assets/queries/cloudFormation/aws/rds_storage_not_encrypted/query.rego) reads
 * `AWS::RDS::DBInstance` only, found by `walk()`: `StorageEncrypted` absent or null (`not common_lib.valid_key`, which
 * holds without `Properties` too), or `cf_lib.isCloudFormationFalse` (`false`, the text `false` or `no`); an intrinsic
 * passes. It also fails the cluster members, replicas and restores we skip. Named on our DB instance findings so
 * written, outside serverless.yml (flagEquivalents keeps Checkov's alone there: we have not verified that KICS runs its
 * CloudFormation queries on a serverless.yml).
 */
function kicsWhenWritten(model: unknown, problem: FlagProblem): readonly string[] {
  const written = writtenValue(problem.resource, problem.flag.path);
  return written.kind === 'absent' || isKicsFalse(written) ? [KICS_RDS_STORAGE] : [];
}

const FLAGS: readonly EncryptionFlag[] = [
  {
    type: 'AWS::RDS::DBInstance',
    equivalents: ['CKV_AWS_16'],
    equivalentsOf: (model, problem) => [...withCfnNag('AwsSolutions-RDS2', 'F27')(model, problem), ...kicsWhenWritten(model, problem)],
    label: 'RDS DB instance',
    path: ['StorageEncrypted'],
    // An instance of an Aurora cluster is encrypted (or not) by its cluster; replicas and snapshot restores by their source.
    exemptWhenSet: ['KmsKeyId', 'DBClusterIdentifier', 'SourceDBInstanceIdentifier', 'SourceDBClusterIdentifier', 'DBSnapshotIdentifier', 'SourceDbiResourceId'],
    isExempt: (model, resource) => /^aurora/i.test(knownText(model, resource, 'Engine') ?? ''),
    fixTitle: `Set StorageEncrypted: true (${REPLACEMENT_WARNING})`,
  },
  {
    type: 'AWS::RDS::DBCluster',
    equivalents: ['CKV_AWS_96'],
    equivalentsOf: withCfnNag('AwsSolutions-RDS2', 'F26'),
    label: 'RDS DB cluster',
    path: ['StorageEncrypted'],
    exemptWhenSet: ['KmsKeyId', ...RESTORED_FROM],
    // Aurora Serverless v1 clusters are always encrypted.
    isExempt: (model, resource) => knownText(model, resource, 'EngineMode')?.toLowerCase() === 'serverless',
    fixTitle: `Set StorageEncrypted: true (${REPLACEMENT_WARNING})`,
  },
  {
    type: 'AWS::DocDB::DBCluster',
    equivalents: ['CKV_AWS_74'],
    equivalentsOf: cdkNagWhenWritten('AwsSolutions-DOC1'),
    label: 'DocumentDB cluster',
    path: ['StorageEncrypted'],
    exemptWhenSet: ['KmsKeyId', ...RESTORED_FROM],
    fixTitle: `Set StorageEncrypted: true (${REPLACEMENT_WARNING})`,
  },
  {
    type: 'AWS::Neptune::DBCluster',
    equivalents: ['CKV_AWS_44'],
    equivalentsOf: withCfnNag(undefined, 'F30'),
    label: 'Neptune cluster',
    path: ['StorageEncrypted'],
    exemptWhenSet: ['KmsKeyId', ...RESTORED_FROM],
    fixTitle: `Set StorageEncrypted: true (${REPLACEMENT_WARNING})`,
  },
  {
    type: 'AWS::Redshift::Cluster',
    equivalents: ['CKV_AWS_64'],
    equivalentsOf: withCfnNag(undefined, 'F28'),
    label: 'Redshift cluster',
    path: ['Encrypted'],
    // New provisioned clusters are encrypted by default since January 2025; only an explicit `Encrypted: false` is reported.
    isOnByDefault: true,
    exemptWhenSet: ['SnapshotIdentifier'],
    fixTitle: 'Set Encrypted: true (Redshift migrates an existing cluster to encrypted storage, which takes time)',
  },
];

export default defineRule({
  meta: {
    id: 'database-storage-unencrypted',
    title: 'Database storage without encryption at rest (RDS, Aurora, DocumentDB, Neptune, Redshift)',
    category: 'storage',
    severity: 'warning',
    confidence: 'high',
    description:
      'CloudFormation creates RDS instances, Aurora and Multi-AZ clusters, DocumentDB and Neptune clusters unencrypted unless StorageEncrypted is true. Their storage, automated backups, snapshots and read replicas are then in plaintext, and encryption cannot be turned on later without a new database.',
    remediation:
      'Set `StorageEncrypted: true` (and `KmsKeyId` for a customer managed key) when you create the database. An existing database is replaced by that change: migrate it through an encrypted snapshot copy instead.',
    // Each check reads one resource type: a finding names those of its own (FLAGS).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_16', 'CKV_AWS_96', 'CKV_AWS_74', 'CKV_AWS_44', 'CKV_AWS_64', 'AwsSolutions-RDS2', 'AwsSolutions-DOC1', 'F27', 'F26', 'F30', 'F28', KICS_RDS_STORAGE],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-311',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Overview.Encryption.html',
      'https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html',
      'https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html',
      'https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-db-encryption.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html',
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

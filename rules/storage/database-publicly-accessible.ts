/**
 * Data stores that get a public endpoint by configuration: RDS instances and
 * Multi-AZ clusters, Redshift clusters and Serverless workgroups, MSK brokers
 * with public IPs, and DMS replication instances. An explicit setting is
 * reported on every `Fn::If` branch where it can happen; an absent one only
 * where AWS documents a public default (DMS always, RDS instances without a
 * subnet group). Unknown values stay silent.
 */
import { defineRule, type Fix } from '../../server/src/engine';
import type { PlainValue } from '../../server/src/engine/fix/edits';
import type { AppModel, CfnResource } from '../../server/src/engine/model/types';
import { booleanOf, describeCircumstances, isPropertySet, isWrittenTrue, knownText, reportRange, setValueEdit, settingValues, writtenValue, type SettingValue, type WrittenValue } from './support/settings';

interface PublicSetting {
  type: string;
  /** For messages: `RDS DB instance`. */
  label: string;
  path: readonly string[];
  /** True when a known value makes the store public. */
  isPublic(value: SettingValue): boolean;
  /** Why an absent setting is public, when AWS documents a public default for this resource; undefined otherwise. */
  publicDefault?(model: AppModel, resource: CfnResource): string | undefined;
  /** The value that makes it private, for the quick fix. */
  privateValue: PlainValue;
  /**
   * Other tools' checks of this resource type that fail an explicit public value, and those that also fail an
   * absent one (read in their source: Checkov's CKV_AWS_17 passes an absent PubliclyAccessible, CKV_AWS_89
   * and cfn_nag's F22 fail it).
   */
  equivalents: { public: readonly string[]; byDefault?: readonly string[] };
  /**
   * Checks among `equivalents` that judge the value only as written in the resource, and give no verdict (cdk-nag's
   * `resolveIfPrimitive` throws) or pass (cfn_nag's cfn-model sees a map) where an intrinsic stands: each holds on a
   * finding only when this says the written value fails it.
   */
  failsAsWritten?: Readonly<Record<string, (written: WrittenValue) => boolean>>;
}

const isTrue = (value: SettingValue): boolean => booleanOf(value) === true;

const SETTINGS: readonly PublicSetting[] = [
  {
    type: 'AWS::RDS::DBInstance',
    label: 'RDS DB instance',
    path: ['PubliclyAccessible'],
    isPublic: isTrue,
    publicDefault(model, resource) {
      // Aurora instances default to private; replicas and cluster members follow their source.
      if (['DBSubnetGroupName', 'DBClusterIdentifier', 'SourceDBInstanceIdentifier', 'SourceDBClusterIdentifier', 'SourceDbiResourceId'].some((key) => isPropertySet(model, resource, key))) return undefined;
      const engine = knownText(model, resource, 'Engine');
      if (engine === undefined || /^aurora/i.test(engine)) return undefined;
      return 'PubliclyAccessible is not set and, without DBSubnetGroupName, RDS places the instance in the default VPC, where it defaults to true';
    },
    privateValue: false,
    equivalents: { public: ['CKV_AWS_17', 'F22'], byDefault: ['F22'] },
    // cfn_nag's F22 (RDSInstancePubliclyAccessibleRule.rb) fails `publiclyAccessible.nil?` or its text equal to 'true'.
    failsAsWritten: { F22: (written) => written.kind === 'absent' || isWrittenTrue(written) },
  },
  { type: 'AWS::RDS::DBCluster', label: 'RDS DB cluster', path: ['PubliclyAccessible'], isPublic: isTrue, privateValue: false, equivalents: { public: [] } },
  {
    type: 'AWS::Redshift::Cluster',
    label: 'Redshift cluster',
    path: ['PubliclyAccessible'],
    isPublic: isTrue,
    privateValue: false,
    equivalents: { public: ['CKV_AWS_87', 'AwsSolutions-RS8'] },
    // cdk-nag's RS8 (RedshiftClusterPublicAccess.ts) fails `resolveIfPrimitive(publiclyAccessible) === true` only.
    failsAsWritten: { 'AwsSolutions-RS8': isWrittenTrue },
  },
  { type: 'AWS::RedshiftServerless::Workgroup', label: 'Redshift Serverless workgroup', path: ['PubliclyAccessible'], isPublic: isTrue, privateValue: false, equivalents: { public: [] } },
  {
    type: 'AWS::MSK::Cluster',
    label: 'MSK cluster',
    path: ['BrokerNodeGroupInfo', 'ConnectivityInfo', 'PublicAccess', 'Type'],
    isPublic: (value) => value.state === 'known' && String(value.value).toUpperCase() === 'SERVICE_PROVIDED_EIPS',
    privateValue: 'DISABLED',
    equivalents: { public: ['CKV_AWS_291'] },
  },
  {
    type: 'AWS::DMS::ReplicationInstance',
    label: 'DMS replication instance',
    path: ['PubliclyAccessible'],
    isPublic: isTrue,
    publicDefault: () => 'PubliclyAccessible is not set, and DMS defaults it to true',
    privateValue: false,
    equivalents: { public: ['CKV_AWS_89'], byDefault: ['CKV_AWS_89'] },
  },
];

export default defineRule({
  meta: {
    id: 'database-publicly-accessible',
    title: 'Database or broker with a public endpoint (RDS, Redshift, MSK, DMS)',
    category: 'storage',
    severity: 'warning',
    confidence: 'high',
    description:
      'A publicly accessible data store gets a public IP address and a DNS name that resolves to it from the internet. Security groups and the store’s own authentication still apply, so it is not yet open, but one permissive security group rule or a weak password then exposes the data to the whole internet instead of the VPC.',
    remediation:
      'Set `PubliclyAccessible: false` (MSK: `PublicAccess.Type: DISABLED`) and reach the store from inside the VPC, through a VPN, AWS Client VPN, a bastion or Session Manager port forwarding. For an RDS instance, give it a `DBSubnetGroupName` with private subnets.',
    // Each check reads one resource type, and some pass an absent setting: a finding names those of its own (SETTINGS).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_17', 'CKV_AWS_87', 'CKV_AWS_291', 'CKV_AWS_89', 'F22', 'AwsSolutions-RS8'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-284',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html',
      'https://docs.aws.amazon.com/redshift/latest/mgmt/managing-clusters-vpc.html',
      'https://docs.aws.amazon.com/msk/latest/developerguide/public-access.html',
      'https://docs.aws.amazon.com/dms/latest/userguide/CHAP_ReplicationInstance.PublicPrivate.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      public: '{{store}} {{resource}} has a public endpoint: {{setting}} is {{value}}{{when}}. Only its security groups and authentication keep the internet out.',
      publicByDefault: '{{store}} {{resource}} has a public endpoint: {{reason}}{{when}}. Only its security groups and authentication keep the internet out.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    for (const resource of model.resources) {
      const setting = SETTINGS.find((candidate) => candidate.type === resource.type);
      if (!setting) continue;
      const values = settingValues(model, resource.properties, setting.path);
      let reason: string | undefined;
      const bad = values.find((value) => {
        if (setting.isPublic(value)) return true;
        if (value.state !== 'absent' || !setting.publicDefault) return false;
        reason = setting.publicDefault(model, resource);
        return reason !== undefined;
      });
      if (!bad) continue;
      const isPlain = values.length === 1 && bad.when.length === 0 && bad.assumptions.length === 0;
      const edit = isPlain ? setValueEdit(model, resource, setting.path, setting.privateValue) : undefined;
      const settingName = setting.path[setting.path.length - 1] === 'Type' ? 'PublicAccess.Type' : setting.path.join('.');
      const fixes: Fix[] = edit ? [{ title: `Set ${settingName}: ${String(setting.privateValue)} (clients outside the VPC lose access)`, edits: [edit] }] : [];
      const common = { store: setting.label, resource: resource.logicalId, when: describeCircumstances(bad) };
      context.report({
        messageId: bad.state === 'absent' ? 'publicByDefault' : 'public',
        data: bad.state === 'absent' ? { ...common, reason: reason ?? '' } : { ...common, setting: settingName, value: String(bad.value) },
        node: { range: reportRange(resource, setting.path) },
        resource: resource.logicalId,
        fixes,
        // In a serverless.yml only Checkov reads `resources.Resources`; cfn_nag and cdk-nag read no serverless.yml.
        equivalents: [...(bad.state === 'absent' ? (setting.equivalents.byDefault ?? []) : setting.equivalents.public)]
          .filter((check) => model.kind !== 'serverless' || check.startsWith('CKV'))
          .filter((check) => setting.failsAsWritten?.[check]?.(writtenValue(resource, setting.path)) ?? true),
      });
    }
  },
});

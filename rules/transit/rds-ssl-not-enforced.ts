/**
 * RDS and Aurora databases that accept connections without TLS: the
 * parameter group attached in the template does not set `rds.force_ssl`
 * (PostgreSQL, SQL Server) or `require_secure_transport` (MySQL, MariaDB) on,
 * or the database uses its engine's default group where that is off. Knows
 * that RDS for PostgreSQL 15 and later enforce TLS by default. Engines,
 * families and groups it cannot read keep it silent.
 */
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { replaceNode, valueText } from '../../server/src/engine/fix/edits';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { CfnResource } from '../../server/src/engine/model/types';
import { entryOf, intrinsicName, isMap, isScalar, valueOf } from '../../server/src/engine/parse/tree';
import { insertMapEntries } from '../../server/src/engine/fix/edits';
import { propertyEntry, propertyOutcomes, reportNode, textOf } from './support/values';

interface EngineRule {
  parameter: string;
  /** The value to set, and the values that count as on. */
  on: string;
  isOn: (value: string) => boolean;
  /** True when the engine enforces TLS with the parameter absent. */
  isOnByDefault: boolean;
}

const FORCE_SSL = (isOnByDefault: boolean): EngineRule => ({ parameter: 'rds.force_ssl', on: '1', isOn: (value) => /^(1|true|on)$/i.test(value), isOnByDefault });
const SECURE_TRANSPORT: EngineRule = { parameter: 'require_secure_transport', on: '1', isOn: (value) => /^(1|on|true)$/i.test(value), isOnByDefault: false };
const DB2: EngineRule = { parameter: 'db2comm', on: 'SSL', isOn: (value) => /^ssl$/i.test(value), isOnByDefault: false };

/** What enforces TLS for a parameter group family (`postgres16`, `aurora-mysql8.0`, `sqlserver-se-15.0`). */
function engineRuleOfFamily(family: string): EngineRule | undefined {
  const lower = family.toLowerCase();
  const postgres = /^postgres(\d+)/.exec(lower);
  // RDS for PostgreSQL 15 and later default rds.force_ssl to 1.
  if (postgres) return FORCE_SSL(Number(postgres[1]) >= 15);
  if (lower.startsWith('aurora-postgresql')) return FORCE_SSL(false);
  if (lower.startsWith('sqlserver')) return FORCE_SSL(false);
  if (lower.startsWith('mysql') || lower.startsWith('aurora-mysql') || lower.startsWith('aurora5') || lower.startsWith('mariadb')) return SECURE_TRANSPORT;
  if (lower.startsWith('db2')) return DB2;
  return undefined;
}

/** The same, for a database using its engine's default group (`Engine` and `EngineVersion`). */
function engineRuleOfEngine(engine: string, version: string | undefined): EngineRule | undefined {
  const lower = engine.toLowerCase();
  if (lower === 'postgres') {
    // Without a version, RDS picks a current major version (15 or later): enforced by default.
    const major = version ? Number(/^(\d+)/.exec(version)?.[1]) : undefined;
    return FORCE_SSL(major === undefined || Number.isNaN(major) || major >= 15);
  }
  if (lower === 'mysql' || lower === 'mariadb' || lower === 'aurora-mysql' || lower === 'aurora') return SECURE_TRANSPORT;
  if (lower.startsWith('sqlserver')) return FORCE_SSL(false);
  return undefined;
}

export default defineRule({
  meta: {
    id: 'rds-ssl-not-enforced',
    title: 'RDS database accepts connections without TLS',
    category: 'transit',
    severity: 'warning',
    confidence: 'medium',
    description:
      'Unless the parameter group requires TLS, a database accepts plaintext connections: a client with a wrong or missing SSL setting sends credentials and query results unencrypted across the VPC.',
    remediation:
      'In the DB (cluster) parameter group, set `rds.force_ssl: 1` for PostgreSQL and SQL Server, or `require_secure_transport: 1` for MySQL and MariaDB (Aurora: in the cluster parameter group).',
    // Checkov's CKV2_AWS_69 (Terraform graph check RDSEncryptionInTransit.yaml) reads aws_db_instance only: it fails
    // one without a parameter group, or whose group's family matches ^postgres / sqlserver, ^mysql / ^mariadb or
    // db2-ae without rds.force_ssl, require_secure_transport or db2comm equal to "1" ("SSL"). Named on instance
    // findings of that shape with the value written, never on clusters or under a condition.
    equivalents: [],
    findingEquivalents: ['CKV2_AWS_69'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/SQLServer.Concepts.General.SSL.Using.html',
      'https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Security.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      groupNotEnforcing: 'Database {{resource}} accepts connections without TLS: parameter group {{group}} sets {{parameter}} to {{value}}{{when}}.',
      defaultGroup: 'Database {{resource}} accepts connections without TLS: it uses the default {{engine}} parameter group, where {{parameter}} is off.',
    },
    fix: 'suggestion',
  },
  check(context) {
    const byId = new Map(context.model.resources.map((resource) => [resource.logicalId, resource]));
    for (const resource of context.model.resources) {
      if (resource.type === 'AWS::RDS::DBInstance') {
        // Aurora instances take rds.force_ssl / require_secure_transport from their cluster's group.
        if (entryOf(resource.properties, 'DBClusterIdentifier')) continue;
        checkDatabase(context, resource, 'DBParameterGroupName', 'AWS::RDS::DBParameterGroup', byId);
      } else if (resource.type === 'AWS::RDS::DBCluster') {
        checkDatabase(context, resource, 'DBClusterParameterGroupName', 'AWS::RDS::DBClusterParameterGroup', byId);
      }
    }
  },
});

function checkDatabase(context: RuleContext, database: CfnResource, groupKey: string, groupType: string, byId: Map<string, CfnResource>): void {
  const { model } = context;
  const groupEntry = propertyEntry(database, [groupKey]);
  if (!groupEntry) {
    const engine = propertyOutcomes(model, database, ['Engine']);
    const version = propertyOutcomes(model, database, ['EngineVersion']);
    if (engine.length !== 1 || version.length !== 1) return;
    const engineName = textOf(engine[0]);
    if (!engineName || version[0].state !== 'known') return;
    const rule = engineRuleOfEngine(engineName, textOf(version[0]));
    if (!rule || rule.isOnByDefault) return;
    context.report({
      messageId: 'defaultGroup',
      data: { resource: database.logicalId, engine: engineName, parameter: rule.parameter },
      node: reportNode(database, ['Engine']),
      resource: database.logicalId,
      equivalents: database.type === 'AWS::RDS::DBInstance' ? ['CKV2_AWS_69'] : [],
    });
    return;
  }
  const group = byId.get(referencedLogicalId(groupEntry.value) ?? '');
  if (!group || group.type !== groupType) return;
  const family = propertyOutcomes(model, group, ['Family']);
  if (family.length !== 1 || !textOf(family[0])) return;
  const rule = engineRuleOfFamily(textOf(family[0])!);
  if (!rule) return;
  const parameters = valueOf(group.properties, 'Parameters');
  // Parameters from an intrinsic (`!If`, `!FindInMap`) cannot be read.
  if (parameters !== undefined && parameters !== null && (!isMap(parameters) || intrinsicName(parameters))) return;
  const setting = entryOf(parameters, rule.parameter);
  for (const outcome of model.resolver.outcomes(setting?.value)) {
    if (outcome.state !== 'known') continue;
    const isAbsent = outcome.value === null;
    if (isAbsent ? rule.isOnByDefault : rule.isOn(String(outcome.value))) continue;
    context.report({
      messageId: 'groupNotEnforcing',
      data: { resource: database.logicalId, group: group.logicalId, parameter: rule.parameter, value: isAbsent ? 'nothing (off by default)' : String(outcome.value), when: describeWhen(outcome.when) },
      node: groupEntry,
      resource: database.logicalId,
      fixes: enforceFix(context, group, rule),
      equivalents: database.type === 'AWS::RDS::DBInstance' && outcome.when.length === 0 && (!setting || isScalar(setting.value)) && checkovReadsFamily(textOf(family[0])!) ? ['CKV2_AWS_69'] : [],
    });
    return;
  }
}

/** The families CKV2_AWS_69 asks a parameter for: (^postgres|.*sqlserver), ^(mariadb|mysql), .*db2-ae. */
function checkovReadsFamily(family: string): boolean {
  return /^postgres|sqlserver|^(mariadb|mysql)|db2-ae/.test(family);
}

function enforceFix(context: RuleContext, group: CfnResource, rule: EngineRule): Fix[] {
  const document = context.model.document;
  const title = `Set ${rule.parameter}: ${rule.on} in ${group.logicalId} (clients must then connect with TLS)`;
  const parameters = valueOf(group.properties, 'Parameters');
  const setting = entryOf(parameters, rule.parameter);
  if (setting) {
    if (!setting.value || setting.value.kind !== 'scalar') return [];
    return [{ title, edits: [replaceNode(setting.value, valueText(document, setting.value, rule.on))] }];
  }
  if (isMap(parameters)) return [{ title, edits: [insertMapEntries(document, parameters, { [rule.parameter]: rule.on })] }];
  if (parameters === undefined && group.properties) return [{ title, edits: [insertMapEntries(document, group.properties, { Parameters: { [rule.parameter]: rule.on } })] }];
  return [];
}

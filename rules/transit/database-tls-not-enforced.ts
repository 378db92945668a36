/**
 * DocumentDB and Redshift clusters that accept connections without TLS:
 * a DocumentDB cluster parameter group with `tls: disabled` (TLS is on by
 * default), or a Redshift parameter group whose `require_ssl` is false, or
 * absent in a `redshift-1.0` family group (the `redshift-2.0` family and the
 * default group of new clusters require SSL since January 2025). Reported on
 * the cluster that uses the group, or on the group when no cluster in the
 * template uses it and the group turns TLS off explicitly.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { insertMapEntries, replaceNode, valueText } from '../../server/src/engine/fix/edits';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { AppModel, CfnResource } from '../../server/src/engine/model/types';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, intrinsicName, isMap, isScalar, isSeq, oneOrMany, scalarText, valueOf } from '../../server/src/engine/parse/tree';
import type { MapEntry } from '../../server/src/engine/types';
import { appendMapItem } from './support/secure-transport';
import { nodesAt, propertyEntry, propertyOutcomes, textOf } from './support/values';

/** One way a group leaves TLS optional. `value` undefined: the parameter is absent and its default is off. */
interface Problem {
  value?: string;
  when: ConditionAssumption[];
}

export default defineRule({
  meta: {
    id: 'database-tls-not-enforced',
    title: 'DocumentDB or Redshift cluster accepts connections without TLS',
    category: 'transit',
    severity: 'warning',
    confidence: 'high',
    description:
      'A DocumentDB cluster whose parameter group sets tls to disabled, or a Redshift cluster whose parameter group does not require SSL, accepts plaintext connections: a client that omits the TLS option sends credentials and query results unencrypted across the network.',
    remediation:
      'DocumentDB: remove `tls: disabled` from the cluster parameter group or set it to `enabled`. Redshift: set `require_ssl` to `true` in the cluster parameter group, or use a `redshift-2.0` family group. Then connect every client with TLS.',
    // DocumentDB findings answer CKV_AWS_90, Redshift ones CKV_AWS_105 (both read parameter groups) and cdk-nag's
    // RS1 (which reads clusters and their groups); an unused group's finding names its engine's check.
    equivalents: [],
    messageEquivalents: { docdbTlsDisabled: ['CKV_AWS_90'], redshiftSslNotRequired: ['CKV_AWS_105', 'AwsSolutions-RS1'], redshiftDefaultGroup: ['AwsSolutions-RS1'] },
    findingEquivalents: ['CKV_AWS_90', 'CKV_AWS_105'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'https://docs.aws.amazon.com/documentdb/latest/developerguide/security.encryption.ssl.html',
      'https://docs.aws.amazon.com/documentdb/latest/developerguide/cluster_parameter_groups-list_of_parameters.html',
      'https://docs.aws.amazon.com/redshift/latest/mgmt/connecting-ssl-support.html',
      'https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-parameter-groups.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      docdbTlsDisabled: 'DocumentDB cluster {{resource}} accepts connections without TLS: parameter group {{group}} sets tls to {{value}}{{when}}.',
      redshiftSslNotRequired: 'Redshift cluster {{resource}} accepts connections without SSL: parameter group {{group}} {{detail}}{{when}}.',
      redshiftDefaultGroup: 'Redshift cluster {{resource}} accepts connections without SSL: it uses default.redshift-1.0, where require_ssl is false{{when}}.',
      groupTlsDisabled: '{{store}} parameter group {{group}} lets clusters accept connections without TLS: it sets {{parameter}} to {{value}}{{when}}.',
    },
    fix: 'suggestion',
  },
  check(context) {
    const { model } = context;
    const byId = new Map(model.resources.map((resource) => [resource.logicalId, resource]));
    const usedGroups = new Set<string>();
    for (const resource of model.resources) {
      if (resource.type === 'AWS::DocDB::DBCluster') {
        const groupEntry = propertyEntry(resource, ['DBClusterParameterGroupName']);
        const group = byId.get(referencedLogicalId(groupEntry?.value) ?? '');
        if (!groupEntry || !group || group.type !== 'AWS::DocDB::DBClusterParameterGroup') continue;
        usedGroups.add(group.logicalId);
        const problem = docdbProblem(model, group);
        if (!problem) continue;
        context.report({
          messageId: 'docdbTlsDisabled',
          data: { resource: resource.logicalId, group: group.logicalId, value: problem.value ?? '', when: describeWhen(problem.when) },
          node: groupEntry,
          resource: resource.logicalId,
          fixes: docdbFix(context, group, problem),
        });
      } else if (resource.type === 'AWS::Redshift::Cluster') {
        checkRedshiftCluster(context, resource, byId, usedGroups);
      }
    }
    // Groups that no cluster in the template uses are reported only for an explicit "off".
    for (const group of model.resources) {
      if (usedGroups.has(group.logicalId)) continue;
      const problem =
        group.type === 'AWS::DocDB::DBClusterParameterGroup' ? docdbProblem(model, group) : group.type === 'AWS::Redshift::ClusterParameterGroup' ? redshiftProblem(model, group) : undefined;
      if (!problem || problem.value === undefined) continue;
      const isDocdb = group.type === 'AWS::DocDB::DBClusterParameterGroup';
      context.report({
        messageId: 'groupTlsDisabled',
        data: { store: isDocdb ? 'DocumentDB' : 'Redshift', group: group.logicalId, parameter: isDocdb ? 'tls' : 'require_ssl', value: problem.value, when: describeWhen(problem.when) },
        node: propertyEntry(group, ['Parameters']) ?? { range: group.keyRange },
        resource: group.logicalId,
        fixes: isDocdb ? docdbFix(context, group, problem) : redshiftFix(context, group, problem),
        equivalents: [isDocdb ? 'CKV_AWS_90' : 'CKV_AWS_105'],
      });
    }
  },
});

/** The first branch on which a DocumentDB group sets `tls: disabled`; TLS is on by default, so an absent value is fine. */
function docdbProblem(model: AppModel, group: CfnResource): Problem | undefined {
  const disabled = propertyOutcomes(model, group, ['Parameters', 'tls']).find((outcome) => textOf(outcome)?.toLowerCase() === 'disabled');
  return disabled ? { value: textOf(disabled), when: disabled.when } : undefined;
}

function docdbFix(context: RuleContext, group: CfnResource, problem: Problem): Fix[] {
  const setting = propertyEntry(group, ['Parameters', 'tls']);
  if (problem.when.length > 0 || !setting || !isScalar(setting.value)) return [];
  return [{ title: `Set tls: enabled in ${group.logicalId} (clients must then connect with TLS)`, edits: [replaceNode(setting.value, valueText(context.model.document, setting.value, 'enabled'))] }];
}

function checkRedshiftCluster(context: RuleContext, cluster: CfnResource, byId: Map<string, CfnResource>, usedGroups: Set<string>): void {
  const { model } = context;
  const groupEntry = propertyEntry(cluster, ['ClusterParameterGroupName']);
  // Without a group, new and restored clusters use default.redshift-2.0, which requires SSL since January 2025.
  if (!groupEntry) return;
  const names = propertyOutcomes(model, cluster, ['ClusterParameterGroupName']);
  const defaultOne = names.find((outcome) => textOf(outcome)?.toLowerCase() === 'default.redshift-1.0');
  if (defaultOne) {
    context.report({ messageId: 'redshiftDefaultGroup', data: { resource: cluster.logicalId, when: describeWhen(defaultOne.when) }, node: groupEntry, resource: cluster.logicalId });
    return;
  }
  const group = byId.get(referencedLogicalId(groupEntry.value) ?? '');
  if (!group || group.type !== 'AWS::Redshift::ClusterParameterGroup') return;
  usedGroups.add(group.logicalId);
  const problem = redshiftProblem(model, group);
  if (!problem) return;
  const detail = problem.value === undefined ? 'does not set require_ssl, which is false by default in the redshift-1.0 family' : `sets require_ssl to ${problem.value}`;
  context.report({
    messageId: 'redshiftSslNotRequired',
    data: { resource: cluster.logicalId, group: group.logicalId, detail, when: describeWhen(problem.when) },
    node: groupEntry,
    resource: cluster.logicalId,
    fixes: redshiftFix(context, group, problem),
  });
}

/**
 * The first branch on which a Redshift group leaves SSL optional: `require_ssl`
 * set to something other than true, or absent in a `redshift-1.0` group.
 * Lists, items or values that cannot be read keep it silent.
 */
function redshiftProblem(model: AppModel, group: CfnResource): Problem | undefined {
  const families = propertyOutcomes(model, group, ['ParameterGroupFamily']);
  const isOffByDefault = families.length === 1 && textOf(families[0])?.toLowerCase() === 'redshift-1.0';
  for (const list of nodesAt(model, group.properties ?? null, ['Parameters'])) {
    if (list.node === undefined) continue; // an intrinsic: unknown
    if (list.node !== null && !isSeq(list.node)) continue;
    let found: Problem | 'on' | 'unknown' | undefined;
    for (const item of oneOrMany(list.node)) {
      for (const branch of model.resolver.branches(item, list.when)) {
        if (branch.node === null || branch.node === undefined) continue;
        if (!isMap(branch.node) || intrinsicName(branch.node)) {
          found ??= 'unknown';
          continue;
        }
        const names = model.resolver.outcomes(valueOf(branch.node, 'ParameterName'));
        if (names.some((name) => name.state !== 'known')) {
          found ??= 'unknown';
          continue;
        }
        if (!names.some((name) => textOf(name)?.toLowerCase() === 'require_ssl')) continue;
        for (const outcome of model.resolver.outcomes(valueOf(branch.node, 'ParameterValue'))) {
          if (outcome.state !== 'known') {
            found = 'unknown';
            continue;
          }
          const text = textOf(outcome);
          if (text !== undefined && text.toLowerCase() === 'true') {
            found ??= 'on';
            continue;
          }
          const when = [...branch.when, ...outcome.when];
          if (typeof found !== 'object') found = { value: text ?? 'nothing', when };
        }
      }
    }
    if (typeof found === 'object') return found;
    if (found === undefined && isOffByDefault) return { when: list.when };
  }
  return undefined;
}

function redshiftFix(context: RuleContext, group: CfnResource, problem: Problem): Fix[] {
  if (problem.when.length > 0 || !group.properties) return [];
  const document = context.model.document;
  const title = `Set require_ssl to true in ${group.logicalId} (clients must then connect with SSL)`;
  const item = { ParameterName: 'require_ssl', ParameterValue: 'true' };
  const parameters = valueOf(group.properties, 'Parameters');
  if (parameters === undefined) return [{ title, edits: [insertMapEntries(document, group.properties, { Parameters: [item] })] }];
  if (!isSeq(parameters) || parameters.items.length === 0) return [];
  const existing = parameters.items.find((entry) => isMap(entry) && scalarText(valueOf(entry, 'ParameterName'))?.toLowerCase() === 'require_ssl');
  if (existing) {
    const value: MapEntry | undefined = entryOf(existing, 'ParameterValue');
    if (!value || !isScalar(value.value)) return [];
    return [{ title, edits: [replaceNode(value.value, valueText(document, value.value, 'true'))] }];
  }
  return [
    {
      title,
      edits: [
        appendMapItem(document, parameters, item, {
          block: () => ['ParameterName: require_ssl', "ParameterValue: 'true'"],
          flow: "{ ParameterName: require_ssl, ParameterValue: 'true' }",
        }),
      ],
    },
  ];
}

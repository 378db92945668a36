/**
 * Access and audit logging for the non-API resources a serverless app often
 * sits behind or writes to: CloudFront distributions, ELBv2 load balancers,
 * OpenSearch / Elasticsearch domains, MSK clusters, DocumentDB, Neptune and
 * Redshift clusters, and DocumentDB cluster parameter groups that leave
 * `audit_logs` off. One finding per resource, on its key, naming the exact
 * property to set. A value the template cannot decide (a parameter, an import,
 * a GetAtt) counts as logging on: only a branch that surely logs nothing is reported.
 */
import type { AppModel, CfnResource, MapNode, SourceNode } from '../../server/src/engine';
import { defineRule, type RuleContext } from '../../server/src/engine';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import { intrinsicName, isMap, isScalar, isSeq, mapEntries, scalarText, valueOf } from '../../server/src/engine/parse/tree';

type When = ConditionAssumption[];
/** The conditions under which logging is off, or undefined when it is on (or cannot be known) on every branch. */
type Off = When | undefined;

/** A map that is not an intrinsic function (`!Ref`, `!GetAtt`...): those are values the template cannot read. */
function isPlainMap(node: SourceNode | null | undefined): node is MapNode {
  return isMap(node) && intrinsicName(node) === undefined;
}

/** Unwraps `Fn::If` (and `AWS::NoValue`) on `node` and returns the first branch `check` finds off. */
function firstOff(model: AppModel, node: SourceNode | null | undefined, when: When, check: (branch: SourceNode | null | undefined, when: When) => Off): Off {
  for (const branch of model.resolver.branches(node ?? undefined, when)) {
    const off = check(branch.node, branch.when);
    if (off) return off;
  }
  return undefined;
}

/** True when every value `node` can take is a known false (`false`, `'false'`); absent counts as false. */
function surelyFalse(model: AppModel, node: SourceNode | null | undefined): boolean {
  if (node === null || node === undefined) return true;
  return model.resolver.outcomes(node).every((outcome) => outcome.state === 'known' && (outcome.value === null || String(outcome.value).toLowerCase() === 'false'));
}

/** A property that must be present (a map or a value): absent on a branch is off, anything present is on. */
function requirePresent(model: AppModel, node: SourceNode | null | undefined, when: When, inner?: (node: SourceNode, when: When) => Off): Off {
  return firstOff(model, node, when, (branch, branchWhen) => {
    if (branch === null || branch === undefined) return branchWhen;
    if (isScalar(branch) && branch.value === null) return branchWhen;
    return inner ? inner(branch, branchWhen) : undefined;
  });
}

/** `EnableCloudwatchLogsExports` lacks `logType` on some branch (an unknown list or item counts as containing it). */
function exportsLack(model: AppModel, node: SourceNode | null | undefined, when: When, logType: string): Off {
  return firstOff(model, node, when, (branch, branchWhen) => {
    if (branch === null || branch === undefined) return branchWhen;
    if (!isSeq(branch)) {
      const resolved = model.resolver.resolve(branch);
      if (resolved.state !== 'known') return undefined;
      if (resolved.value === null) return branchWhen;
      // A CommaDelimitedList parameter's default, or a single string.
      return String(resolved.value).split(',').map((item) => item.trim().toLowerCase()).includes(logType) ? undefined : branchWhen;
    }
    for (const item of branch.items) {
      // An item that is the log type on any branch, or unknown, counts as present: stay silent.
      if (model.resolver.outcomes(item).some((outcome) => outcome.state !== 'known' || String(outcome.value).toLowerCase() === logType)) return undefined;
    }
    return branchWhen;
  });
}

/** Logical ids an `AWS::Logs::DeliverySource` points at (CloudFront standard logging v2 goes through these). */
function deliverySourceTargets(model: AppModel): Set<string> {
  const targets = new Set<string>();
  const collect = (node: SourceNode | null | undefined): void => {
    if (isScalar(node) && typeof node.value === 'string') {
      for (const match of node.value.matchAll(/[A-Za-z0-9]+/g)) targets.add(match[0]);
    } else if (isMap(node)) {
      for (const entry of node.entries) collect(entry.value);
    } else if (isSeq(node)) {
      for (const item of node.items) collect(item);
    }
  };
  for (const resource of model.resources) {
    if (resource.type === 'AWS::Logs::DeliverySource') collect(valueOf(resource.properties, 'ResourceArn'));
  }
  return targets;
}

function cloudFrontOff(model: AppModel, resource: CfnResource): Off {
  return firstOff(model, valueOf(resource.properties, 'DistributionConfig'), [], (config, when) => {
    if (!isPlainMap(config)) return undefined;
    return requirePresent(model, valueOf(config, 'Logging'), when, (logging, loggingWhen) => (isPlainMap(logging) ? requirePresent(model, valueOf(logging, 'Bucket'), loggingWhen) : undefined));
  });
}

function loadBalancerOff(model: AppModel, resource: CfnResource): Off {
  const type = valueOf(resource.properties, 'Type');
  if (type !== undefined) {
    const resolved = model.resolver.resolve(type);
    // Gateway Load Balancers have no access logs; an unknown type may be one.
    if (resolved.state !== 'known' || String(resolved.value).toLowerCase() === 'gateway') return undefined;
  }
  return firstOff(model, valueOf(resource.properties, 'LoadBalancerAttributes'), [], (attributes, when) => {
    if (attributes === null || attributes === undefined) return when;
    if (!isSeq(attributes)) return undefined;
    let found = false;
    for (const item of attributes.items) {
      for (const branch of model.resolver.branches(item, when)) {
        if (!isPlainMap(branch.node)) {
          if (branch.node !== null && branch.node !== undefined) found = true; // an unknown item may be the one
          continue;
        }
        const key = model.resolver.resolve(valueOf(branch.node, 'Key'));
        if (key.state !== 'known') {
          found = true;
          continue;
        }
        if (String(key.value) !== 'access_logs.s3.enabled') continue;
        found = true;
        for (const outcome of model.resolver.outcomes(valueOf(branch.node, 'Value'))) {
          if (outcome.state === 'known' && (outcome.value === null || String(outcome.value).toLowerCase() !== 'true')) return [...branch.when, ...outcome.when];
        }
      }
    }
    return found ? undefined : when;
  });
}

/** A log publishing option that may publish: a plain map whose `Enabled` is absent, unknown or true on some branch. */
function mayPublish(model: AppModel, option: SourceNode | null): boolean {
  if (!isPlainMap(option)) return option !== null;
  const enabled = valueOf(option, 'Enabled');
  return enabled === undefined || !surelyFalse(model, enabled);
}

/** The domain publishes no log type at all (`'none'`), or has fine-grained access control but no audit logs (`'audit'`). */
function openSearchOff(model: AppModel, resource: CfnResource): { off: When; kind: 'none' | 'audit' } | undefined {
  const fgac = valueOf(valueOf(resource.properties, 'AdvancedSecurityOptions'), 'Enabled');
  const fgacOn = fgac !== undefined && fgac !== null && model.resolver.outcomes(fgac).every((outcome) => outcome.state === 'known' && String(outcome.value).toLowerCase() === 'true');
  let result: { off: When; kind: 'none' | 'audit' } | undefined;
  firstOff(model, valueOf(resource.properties, 'LogPublishingOptions'), [], (options, when) => {
    if (options !== null && options !== undefined && !isPlainMap(options)) return undefined;
    const published = mapEntries(options).filter((entry) => mayPublish(model, entry.value));
    if (fgacOn && !published.some((entry) => scalarText(entry.key) === 'AUDIT_LOGS')) result = { off: when, kind: 'audit' };
    else if (published.length === 0) result = { off: when, kind: 'none' };
    return result?.off;
  });
  return result;
}

function mskOff(model: AppModel, resource: CfnResource): Off {
  return requirePresent(model, valueOf(resource.properties, 'LoggingInfo'), [], (info, infoWhen) =>
    requirePresent(model, valueOf(info, 'BrokerLogs'), infoWhen, (brokerLogs) => {
      if (!isPlainMap(brokerLogs)) return undefined;
      const on = ['CloudWatchLogs', 'Firehose', 'S3'].some((destination) => {
        const target = valueOf(brokerLogs, destination);
        if (target === undefined || target === null) return false;
        if (!isPlainMap(target)) return true;
        return !surelyFalse(model, valueOf(target, 'Enabled'));
      });
      return on ? undefined : infoWhen;
    }),
  );
}

function redshiftOff(model: AppModel, resource: CfnResource): Off {
  return requirePresent(model, valueOf(resource.properties, 'LoggingProperties'), [], (logging, when) => {
    if (!isPlainMap(logging)) return undefined;
    return valueOf(logging, 'BucketName') !== undefined || valueOf(logging, 'LogDestinationType') !== undefined ? undefined : when;
  });
}

/**
 * An Express state machine that logs nothing: Step Functions keeps no execution history for Express workflows,
 * so `LoggingConfiguration` (SAM `Logging`) is their only record. Off when the configuration is absent or its
 * `Level` is absent (the default is OFF) or `OFF`; unknown values count as on. Standard workflows keep 90 days
 * of history in the service, so they are not reported. `type` reads `StateMachineType` (SAM `Type`), default STANDARD.
 */
function expressStateMachineOff(model: AppModel, typeNode: SourceNode | null | undefined, logging: SourceNode | null | undefined, levelKey: string): Off {
  const express = model.resolver.outcomes(typeNode ?? undefined).find((outcome) => outcome.state === 'known' && String(outcome.value).toUpperCase() === 'EXPRESS');
  if (!typeNode || !express) return undefined;
  const off = requirePresent(model, logging, express.when, (config, when) => {
    if (!isPlainMap(config)) return undefined;
    const level = valueOf(config, levelKey);
    if (level === undefined || level === null) return when;
    const offLevel = model.resolver.outcomes(level).find((outcome) => outcome.state === 'known' && String(outcome.value).toUpperCase() === 'OFF');
    return offLevel ? [...when, ...offLevel.when] : undefined;
  });
  return off;
}

export default defineRule({
  meta: {
    id: 'resource-logging-disabled',
    title: 'CloudFront, load balancer, search, streaming, database or Express workflow resource without access or audit logs',
    category: 'logging',
    severity: 'info',
    confidence: 'high',
    description:
      'CloudFront distributions, load balancers, OpenSearch domains, MSK clusters and DocumentDB, Neptune and Redshift clusters keep no access or audit log unless the template asks for one, so requests to the app that bypass the API, or reads and logins on its data stores, leave no trace to investigate. Express state machines keep no execution history at all: without logging, what a workflow did is lost.',
    remediation:
      'Turn on the resource\'s log: CloudFront `DistributionConfig.Logging.Bucket`; ELBv2 `LoadBalancerAttributes` `access_logs.s3.enabled: "true"` with `access_logs.s3.bucket`; OpenSearch `LogPublishingOptions` (`AUDIT_LOGS` with fine-grained access control); MSK `LoggingInfo.BrokerLogs`; DocumentDB and Neptune `EnableCloudwatchLogsExports: [audit]` (with the audit parameter in the cluster parameter group); Redshift `LoggingProperties`; Express state machines `LoggingConfiguration` (SAM `Logging`, the serverless-step-functions plugin\'s `loggingConfig`) with a level other than OFF.',
    // Each check reads one resource type, so each finding names those of its own kind (loggingEquivalents).
    // Checkov's CKV_AWS_84 passes a domain that publishes any log, so it answers only the domain that publishes none.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_86', 'AwsSolutions-CFR3', 'CKV_AWS_91', 'AwsSolutions-ELB2', 'CKV_AWS_84', 'CKV_AWS_317', 'CKV_AWS_80', 'AwsSolutions-MSK6', 'CKV_AWS_85', 'AwsSolutions-DOC5', 'CKV_AWS_101', 'CKV_AWS_71', 'AwsSolutions-RS5', 'CKV_AWS_104', 'AwsSolutions-SF1'],
    references: [
      'OWASP-Serverless-A10',
      'SAS-5',
      'CWE-778',
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/AccessLogs.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html',
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/audit-logs.html',
      'https://docs.aws.amazon.com/msk/latest/developerguide/msk-logging.html',
      'https://docs.aws.amazon.com/documentdb/latest/developerguide/event-auditing.html',
      'https://docs.aws.amazon.com/neptune/latest/userguide/auditing.html',
      'https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html',
      'https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      cloudfront: 'CloudFront distribution {{name}} writes no access logs{{when}}: set DistributionConfig.Logging.Bucket (or deliver ACCESS_LOGS with an AWS::Logs::DeliverySource).',
      loadBalancer: 'Load balancer {{name}} writes no access logs{{when}}: add LoadBalancerAttributes access_logs.s3.enabled: "true" with access_logs.s3.bucket.',
      openSearch: '{{service}} domain {{name}} publishes no logs{{when}}: set LogPublishingOptions (AUDIT_LOGS, ES_APPLICATION_LOGS) with Enabled: true and a CloudWatchLogsLogGroupArn.',
      openSearchAudit: '{{service}} domain {{name}} has fine-grained access control but publishes no audit logs{{when}}: set LogPublishingOptions.AUDIT_LOGS with Enabled: true and a CloudWatchLogsLogGroupArn.',
      msk: 'MSK cluster {{name}} writes no broker logs{{when}}: set LoggingInfo.BrokerLogs with CloudWatchLogs, Firehose or S3 Enabled: true.',
      documentDb: 'DocumentDB cluster {{name}} exports no audit logs{{when}}: add audit to EnableCloudwatchLogsExports (and audit_logs: enabled in its cluster parameter group).',
      neptune: 'Neptune cluster {{name}} exports no audit logs{{when}}: add audit to EnableCloudwatchLogsExports (and neptune_enable_audit_log: 1 in its cluster parameter group).',
      redshift: 'Redshift cluster {{name}} keeps no audit logs{{when}}: set LoggingProperties with a BucketName (or LogDestinationType: cloudwatch and LogExports).',
      stateMachine:
        'Express state machine {{name}} logs nothing{{when}}: Step Functions keeps no execution history for Express workflows, so its runs leave no record. Set {{property}} with Level ALL (or ERROR) and a CloudWatch Logs destination.',
      documentDbAuditParameter:
        'DocumentDB cluster parameter group {{name}} {{state}}{{when}}: its clusters record no audit events, even when they export the audit log. Set audit_logs: enabled (or the event types to audit, such as ddl,dml_write).',
    },
    fix: 'none',
  },
  check(context) {
    const { model } = context;
    let delivered: Set<string> | undefined;
    for (const resource of model.resources) {
      let messageId: string | undefined;
      let off: Off;
      let service: string | undefined;
      switch (resource.type) {
        case 'AWS::CloudFront::Distribution':
          delivered ??= deliverySourceTargets(model);
          if (delivered.has(resource.logicalId)) continue;
          messageId = 'cloudfront';
          off = cloudFrontOff(model, resource);
          break;
        case 'AWS::ElasticLoadBalancingV2::LoadBalancer':
          messageId = 'loadBalancer';
          off = loadBalancerOff(model, resource);
          break;
        case 'AWS::OpenSearchService::Domain':
        case 'AWS::Elasticsearch::Domain': {
          const result = openSearchOff(model, resource);
          service = resource.type === 'AWS::Elasticsearch::Domain' ? 'Elasticsearch' : 'OpenSearch';
          messageId = result?.kind === 'audit' ? 'openSearchAudit' : 'openSearch';
          off = result?.off;
          break;
        }
        case 'AWS::MSK::Cluster':
          messageId = 'msk';
          off = mskOff(model, resource);
          break;
        case 'AWS::DocDB::DBCluster':
          messageId = 'documentDb';
          off = exportsLack(model, valueOf(resource.properties, 'EnableCloudwatchLogsExports'), [], 'audit');
          break;
        case 'AWS::Neptune::DBCluster':
          messageId = 'neptune';
          off = exportsLack(model, valueOf(resource.properties, 'EnableCloudwatchLogsExports'), [], 'audit');
          break;
        case 'AWS::Redshift::Cluster':
          messageId = 'redshift';
          off = redshiftOff(model, resource);
          break;
        case 'AWS::StepFunctions::StateMachine':
          messageId = 'stateMachine';
          off = expressStateMachineOff(model, valueOf(resource.properties, 'StateMachineType'), valueOf(resource.properties, 'LoggingConfiguration'), 'Level');
          break;
        case 'AWS::Serverless::StateMachine':
          messageId = 'stateMachine';
          off = expressStateMachineOff(model, valueOf(resource.properties, 'Type'), valueOf(resource.properties, 'Logging'), 'Level');
          break;
        default:
          continue;
      }
      if (!off) continue;
      context.report({
        messageId,
        data: { name: resource.logicalId, when: describeWhen(off), ...(service ? { service } : {}), property: resource.type === 'AWS::Serverless::StateMachine' ? 'Logging' : 'LoggingConfiguration' },
        node: { range: resource.keyRange },
        resource: resource.logicalId,
        equivalents: loggingEquivalents(model, resource, messageId, off),
      });
    }
    reportDocumentDbAuditParameters(context.model, context.report);
    if (model.kind === 'serverless') reportServerlessStateMachines(context);
  },
});

/**
 * Checkov's check of each kind of finding, read from checkov/cloudformation/checks/resource/aws/: CloudfrontDistributionLogging.py
 * (`Logging.Bucket` present), ELBv2AccessLogs.py (an attribute `access_logs.s3.enabled` equal to the string `"true"`),
 * MSKClusterLogging.py (a destination whose `Enabled` is `True`), DocDBLogging.py (exports holding `audit` and
 * `profiler`), NeptuneClusterLogging.py (`audit` exported), RedshiftClusterLogging.py (`LoggingProperties.BucketName`
 * present); CKV_AWS_84, CKV_AWS_317 and CKV_AWS_104 as earlier read. Each fails our unconditional findings; none
 * decides a condition.
 */
const CHECKOV_CHECKS: Record<string, string[]> = {
  cloudfront: ['CKV_AWS_86'],
  loadBalancer: ['CKV_AWS_91'],
  openSearch: ['CKV_AWS_84', 'CKV_AWS_317'],
  openSearchAudit: ['CKV_AWS_317'],
  msk: ['CKV_AWS_80'],
  documentDb: ['CKV_AWS_85'],
  neptune: ['CKV_AWS_101'],
  redshift: ['CKV_AWS_71'],
  documentDbAuditParameter: ['CKV_AWS_104'],
};

/**
 * The checks an unconditional finding names: Checkov's of its kind, and cdk-nag's where its source fails the same
 * resource (it reads no serverless.yml): ELB2 (ELBLoggingEnabled.ts) any ELBv2 without `access_logs.s3.enabled` "true";
 * CFR3 (CloudFrontDistributionAccessLogging.ts) only a distribution without `Logging`; MSK6 (MSKBrokerLogging.ts)
 * a cluster without a destination whose `Enabled` is truthy (a quoted 'false' is truthy there); DOC5
 * (DocumentDBClusterLogExports.ts) a cluster whose written exports lack `authenticate`, `createIndex` or `dropCollection`, or are absent; RS5 (RedshiftClusterAuditLogging.ts)
 * a cluster without `LoggingProperties`.
 */
function loggingEquivalents(model: AppModel, resource: CfnResource, messageId: string, off: When): string[] {
  if (off.length > 0) return [];
  const checks = [...(CHECKOV_CHECKS[messageId] ?? [])];
  if (model.kind === 'serverless') return checks;
  const properties = resource.properties;
  switch (messageId) {
    case 'loadBalancer':
      checks.push('AwsSolutions-ELB2');
      break;
    case 'cloudfront': {
      const config = valueOf(properties, 'DistributionConfig');
      if (isPlainMap(config) && valueOf(config, 'Logging') === undefined) checks.push('AwsSolutions-CFR3');
      break;
    }
    case 'msk': {
      const brokerLogs = valueOf(valueOf(properties, 'LoggingInfo'), 'BrokerLogs');
      const hasStringFlag = ['CloudWatchLogs', 'Firehose', 'S3'].some((destination) => {
        const enabled = valueOf(valueOf(brokerLogs, destination), 'Enabled');
        return isScalar(enabled) && typeof enabled.value === 'string' && enabled.value !== '';
      });
      if (!hasStringFlag) checks.push('AwsSolutions-MSK6');
      break;
    }
    case 'documentDb': {
      // The version read asks for authenticate, createIndex and dropCollection in the exports, and fails a missing list.
      const exported = valueOf(properties, 'EnableCloudwatchLogsExports');
      const names = isSeq(exported) && exported.items.every(isScalar) ? exported.items.map((item) => scalarText(item)) : undefined;
      if (exported === undefined || (names && !['authenticate', 'createIndex', 'dropCollection'].every((name) => names.includes(name)))) checks.push('AwsSolutions-DOC5');
      break;
    }
    case 'redshift':
      if (valueOf(properties, 'LoggingProperties') === undefined) checks.push('AwsSolutions-RS5');
      break;
    case 'stateMachine':
      // SF1 (StepFunctionStateMachineAllLogsToCloudWatch.ts) fails a CfnStateMachine without a logging configuration
      // or whose level is not ALL; SAM's state machine is not a resource it reads.
      if (resource.type === 'AWS::StepFunctions::StateMachine') checks.push('AwsSolutions-SF1');
      break;
  }
  return checks;
}

/** `audit_logs` values that record nothing; anything else (`enabled`, `all`, `ddl,dml_write`) audits some events. */
const AUDIT_OFF = new Set(['disabled', 'none']);

/**
 * DocumentDB writes audit events only when the cluster's parameter group sets `audit_logs` (it is `disabled` by
 * default) *and* the cluster exports the `audit` log. A group that a cluster of this template uses is reported
 * when `audit_logs` is absent or off; a group no cluster here uses only when it turns the parameter off
 * explicitly, since it may serve clusters that need no audit.
 */
function reportDocumentDbAuditParameters(model: AppModel, report: RuleContext['report']): void {
  const used = new Set<string>();
  for (const resource of model.resources) {
    if (resource.type !== 'AWS::DocDB::DBCluster') continue;
    const group = referencedLogicalId(valueOf(resource.properties, 'DBClusterParameterGroupName'));
    if (group) used.add(group);
  }
  for (const group of model.resources) {
    if (group.type !== 'AWS::DocDB::DBClusterParameterGroup') continue;
    const parameters = valueOf(group.properties, 'Parameters');
    // Parameters from a parameter or an import cannot be read: stay silent.
    if (parameters !== undefined && parameters !== null && !isPlainMap(parameters)) continue;
    const audit = valueOf(parameters ?? undefined, 'audit_logs');
    let off: { when: When; state: string } | undefined;
    if (audit === undefined || audit === null) {
      if (used.has(group.logicalId)) off = { when: [], state: 'does not set audit_logs, which is disabled by default' };
    } else {
      for (const outcome of model.resolver.outcomes(audit)) {
        if (outcome.state !== 'known') continue;
        const value = String(outcome.value).trim().toLowerCase();
        if (AUDIT_OFF.has(value)) {
          off = { when: outcome.when, state: `sets audit_logs to ${value}` };
          break;
        }
      }
    }
    if (!off) continue;
    report({
      messageId: 'documentDbAuditParameter',
      data: { name: group.logicalId, state: off.state, when: describeWhen(off.when) },
      node: { range: group.keyRange },
      resource: group.logicalId,
      equivalents: off.when.length === 0 ? CHECKOV_CHECKS.documentDbAuditParameter : [],
    });
  }
}

/**
 * The serverless-step-functions plugin's `stepFunctions.stateMachines.<name>`: `type: EXPRESS` with no
 * `loggingConfig` (or its `level` OFF) logs nothing, as above.
 */
function reportServerlessStateMachines(context: RuleContext): void {
  const { model } = context;
  for (const machine of mapEntries(valueOf(valueOf(model.document.root, 'stepFunctions'), 'stateMachines'))) {
    if (!isPlainMap(machine.value)) continue;
    const off = expressStateMachineOff(model, valueOf(machine.value, 'type'), valueOf(machine.value, 'loggingConfig'), 'level');
    if (!off) continue;
    const name = String(machine.key.value);
    context.report({
      messageId: 'stateMachine',
      data: { name, when: describeWhen(off), property: 'loggingConfig' },
      node: machine.key,
      resource: `stepFunctions.stateMachines.${name}`,
      equivalents: [],
    });
  }
}

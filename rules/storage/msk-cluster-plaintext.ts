/**
 * An MSK cluster that lets data travel in plaintext: clients to brokers
 * (`ClientBroker: PLAINTEXT` or `TLS_PLAINTEXT`) or between brokers
 * (`InCluster: false`). MSK always encrypts at rest, and its in-transit
 * defaults (TLS, in-cluster on) are safe, so an absent setting is fine.
 */
import { defineRule } from '../../server/src/engine';
import type { CfnResource } from '../../server/src/engine/model/types';
import { entryOf, isScalar, valueOf } from '../../server/src/engine/parse/tree';
import { booleanOf, describeCircumstances, reportRange, settingValues } from './support/settings';

const IN_TRANSIT = ['EncryptionInfo', 'EncryptionInTransit'];

export default defineRule({
  meta: {
    id: 'msk-cluster-plaintext',
    title: 'MSK cluster that allows plaintext traffic',
    category: 'storage',
    severity: 'warning',
    confidence: 'high',
    description:
      'Amazon MSK encrypts data at rest always, and in transit by default. A cluster with ClientBroker PLAINTEXT or TLS_PLAINTEXT accepts unencrypted client connections, and InCluster false sends replication traffic between brokers unencrypted.',
    remediation:
      'Set `EncryptionInfo.EncryptionInTransit.ClientBroker: TLS` once every client connects over TLS (port 9094/9096/9098), and keep `InCluster: true` (changing InCluster replaces the cluster).',
    // Checkov's CKV_AWS_81 (MSKClusterEncryption.py) fails a cluster whose written EncryptionInfo.EncryptionInTransit
    // map has a ClientBroker other than the text TLS (an intrinsic too) or an InCluster that `is False`; an
    // intrinsic in place of either map passes. Named on this rule's findings where it fails the cluster.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_81'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'https://docs.aws.amazon.com/msk/latest/developerguide/msk-encryption.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-msk-cluster-encryptionintransit.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      clientBroker: 'MSK cluster {{resource}} accepts plaintext client connections: ClientBroker is {{value}}{{when}}.',
      inCluster: 'MSK cluster {{resource}} sends traffic between brokers unencrypted: InCluster is false{{when}}.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const model = context.model;
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::MSK::Cluster') continue;
      const range = reportRange(resource, IN_TRANSIT);
      const equivalents = failsCkvAws81(resource) ? ['CKV_AWS_81'] : [];
      const clientBroker = settingValues(model, resource.properties, [...IN_TRANSIT, 'ClientBroker']).find(
        (value) => value.state === 'known' && /^(PLAINTEXT|TLS_PLAINTEXT)$/i.test(String(value.value)),
      );
      if (clientBroker) {
        context.report({
          messageId: 'clientBroker',
          data: { resource: resource.logicalId, value: String(clientBroker.value), when: describeCircumstances(clientBroker) },
          node: { range },
          resource: resource.logicalId,
          equivalents,
        });
      }
      const inCluster = settingValues(model, resource.properties, [...IN_TRANSIT, 'InCluster']).find((value) => booleanOf(value) === false);
      if (inCluster) {
        context.report({
          messageId: 'inCluster',
          data: { resource: resource.logicalId, when: describeCircumstances(inCluster) },
          node: { range },
          resource: resource.logicalId,
          equivalents,
        });
      }
    }
  },
});

/** CKV_AWS_81 on the written properties (its EncryptionInfo-absent failure gives this rule no finding). */
function failsCkvAws81(resource: CfnResource): boolean {
  const transit = valueOf(valueOf(resource.properties, 'EncryptionInfo'), 'EncryptionInTransit');
  const clientBroker = entryOf(transit, 'ClientBroker');
  if (clientBroker && !(isScalar(clientBroker.value) && clientBroker.value.value === 'TLS')) return true;
  const inCluster = entryOf(transit, 'InCluster');
  return !!inCluster && isScalar(inCluster.value) && inCluster.value.value === false;
}

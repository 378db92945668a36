/**
 * An MSK cluster that lets data travel in plaintext: clients to brokers
 * (`ClientBroker: PLAINTEXT` or `TLS_PLAINTEXT`) or between brokers
 * (`InCluster: false`). MSK always encrypts at rest, and its in-transit
 * defaults (TLS, in-cluster on) are safe, so an absent setting is fine.
 */
import { defineRule } from '../../server/src/engine';
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
    equivalents: ['CKV_AWS_81'],
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
      const clientBroker = settingValues(model, resource.properties, [...IN_TRANSIT, 'ClientBroker']).find(
        (value) => value.state === 'known' && /^(PLAINTEXT|TLS_PLAINTEXT)$/i.test(String(value.value)),
      );
      if (clientBroker) {
        context.report({
          messageId: 'clientBroker',
          data: { resource: resource.logicalId, value: String(clientBroker.value), when: describeCircumstances(clientBroker) },
          node: { range },
          resource: resource.logicalId,
        });
      }
      const inCluster = settingValues(model, resource.properties, [...IN_TRANSIT, 'InCluster']).find((value) => booleanOf(value) === false);
      if (inCluster) {
        context.report({
          messageId: 'inCluster',
          data: { resource: resource.logicalId, when: describeCircumstances(inCluster) },
          node: { range },
          resource: resource.logicalId,
        });
      }
    }
  },
});

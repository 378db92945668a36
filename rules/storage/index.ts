/** The storage rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import cacheClusterUnencrypted from './cache-cluster-unencrypted';
import databaseStorageUnencrypted from './database-storage-unencrypted';
import efsFileSystemUnencrypted from './efs-file-system-unencrypted';
import kinesisStreamUnencrypted from './kinesis-stream-unencrypted';
import opensearchDomainUnencrypted from './opensearch-domain-unencrypted';
import snsTopicUnencrypted from './sns-topic-unencrypted';

export const storageRules: readonly RuleModule[] = [
  cacheClusterUnencrypted,
  databaseStorageUnencrypted,
  efsFileSystemUnencrypted,
  kinesisStreamUnencrypted,
  opensearchDomainUnencrypted,
  snsTopicUnencrypted,
];

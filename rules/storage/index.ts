/** The storage rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import apiCacheUnencrypted from './api-cache-unencrypted';
import cacheClusterUnencrypted from './cache-cluster-unencrypted';
import databasePubliclyAccessible from './database-publicly-accessible';
import databaseStorageUnencrypted from './database-storage-unencrypted';
import efsFileSystemUnencrypted from './efs-file-system-unencrypted';
import kinesisStreamUnencrypted from './kinesis-stream-unencrypted';
import kmsKeyRotationDisabled from './kms-key-rotation-disabled';
import mskClusterPlaintext from './msk-cluster-plaintext';
import opensearchDomainUnencrypted from './opensearch-domain-unencrypted';
import s3BucketPublicAccess from './s3-bucket-public-access';
import s3CorsWildcardWrite from './s3-cors-wildcard-write';
import snsTopicUnencrypted from './sns-topic-unencrypted';
import sqsQueueEncryptionDisabled from './sqs-queue-encryption-disabled';
import storeWithoutCustomerManagedKey from './store-without-customer-managed-key';
import type { CodeRuleModule } from '../../server/src/engine/code-rule';
import codeSensitiveFieldPlaintext from './code-sensitive-field-plaintext';

export const storageRules: readonly RuleModule[] = [
  apiCacheUnencrypted,
  cacheClusterUnencrypted,
  databasePubliclyAccessible,
  databaseStorageUnencrypted,
  efsFileSystemUnencrypted,
  kinesisStreamUnencrypted,
  kmsKeyRotationDisabled,
  mskClusterPlaintext,
  opensearchDomainUnencrypted,
  s3BucketPublicAccess,
  s3CorsWildcardWrite,
  snsTopicUnencrypted,
  sqsQueueEncryptionDisabled,
  storeWithoutCustomerManagedKey,
];

/** Code rules of this category: they read handler source (`server/src/engine/code-rule.ts`). */
export const storageCodeRules: readonly CodeRuleModule[] = [codeSensitiveFieldPlaintext];

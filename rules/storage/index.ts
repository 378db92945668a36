/** The storage rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import databaseStorageUnencrypted from './database-storage-unencrypted';
import snsTopicUnencrypted from './sns-topic-unencrypted';

export const storageRules: readonly RuleModule[] = [databaseStorageUnencrypted, snsTopicUnencrypted];

/** The storage rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import snsTopicUnencrypted from './sns-topic-unencrypted';

export const storageRules: readonly RuleModule[] = [snsTopicUnencrypted];

/** The input rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';

export const inputRules: readonly RuleModule[] = [];

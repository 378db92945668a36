/** The throttling rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import apiStageMissingThrottling from './api-stage-missing-throttling';
import functionMissingReservedConcurrency from './function-missing-reserved-concurrency';

export const throttlingRules: readonly RuleModule[] = [apiStageMissingThrottling, functionMissingReservedConcurrency];

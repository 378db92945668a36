/** The logging rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import apiAccessLoggingDisabled from './api-access-logging-disabled';
import apiDataTraceEnabled from './api-data-trace-enabled';

export const loggingRules: readonly RuleModule[] = [apiAccessLoggingDisabled, apiDataTraceEnabled];

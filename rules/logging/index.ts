/** The logging rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import apiAccessLoggingDisabled from './api-access-logging-disabled';
import apiDataTraceEnabled from './api-data-trace-enabled';
import apiTracingDisabled from './api-tracing-disabled';
import appsyncFieldLoggingAll from './appsync-field-logging-all';
import appsyncLoggingDisabled from './appsync-logging-disabled';
import functionTracingDisabled from './function-tracing-disabled';
import logRetentionUnset from './log-retention-unset';
import resourceLoggingDisabled from './resource-logging-disabled';

export const loggingRules: readonly RuleModule[] = [apiAccessLoggingDisabled, apiDataTraceEnabled, apiTracingDisabled, appsyncFieldLoggingAll, appsyncLoggingDisabled, functionTracingDisabled, logRetentionUnset, resourceLoggingDisabled];

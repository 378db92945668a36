/** The input rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import httpApiRouteUnvalidatedInput from './http-api-route-unvalidated-input';
import loadBalancerInvalidHeadersKept from './load-balancer-invalid-headers-kept';
import restRouteMissingRequestValidation from './rest-route-missing-request-validation';
import type { CodeRuleModule } from '../../server/src/engine/code-rule';
import codeMassAssignment from './code-mass-assignment';

export const inputRules: readonly RuleModule[] = [httpApiRouteUnvalidatedInput, loadBalancerInvalidHeadersKept, restRouteMissingRequestValidation];

/** Code rules of this category: they read handler source (`server/src/engine/code-rule.ts`). */
export const inputCodeRules: readonly CodeRuleModule[] = [codeMassAssignment];

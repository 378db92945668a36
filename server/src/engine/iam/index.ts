/**
 * IAM knowledge for the rules: the action table (access levels, resource-level
 * support, wildcard expansion), curated risky action sets, and helpers that
 * read statements through the resolver, and how far a Resource pattern reaches
 * (resource-scope.ts). Pure, like the rest of the engine.
 */
export { allActions, expandActionPattern, isKnownService, lookupAction, patternMatches, IAM_DATA_SOURCE, type AccessLevel, type IamAction } from './action-table';
export { CREDENTIAL_ACTIONS, DATA_EXFILTRATION_ACTIONS, ESCALATION_ACTIONS, PASS_ROLE_COMBINATIONS, effectiveAccessLevel } from './risky-actions';
export { compatible, hasConstrainingCondition, holderOf, isExpandedPolicyTemplate, isScopedByPolicyTemplate, listForMessage, mergeWhen, statementValues, wildcardResources, type StatementValue, type StatementValues } from './statements';
export { everyResourceReached, isWildcardArn, reachesService, parseArnPattern, reachesEveryResourceOfType, resourceTypesOf, resourceTypesOfService, type ActionResourceType, type PatternParts, type ResourceType } from './resource-scope';

/** The input rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { CodeRuleModule, RuleModule } from '../../server/src/engine';
import codeCommandInjection from './code-command-injection';
import codeEvalInjection from './code-eval-injection';
import codeMassAssignment from './code-mass-assignment';
import codeNosqlInjection from './code-nosql-injection';
import codeOpenRedirect from './code-open-redirect';
import codePathTraversal from './code-path-traversal';
import codeReflectedHtml from './code-reflected-html';
import codeRegexInjection from './code-regex-injection';
import codeSqlInjection from './code-sql-injection';
import codeSsrf from './code-ssrf';
import codeUnsafeDeserialization from './code-unsafe-deserialization';
import codeXmlExternalEntities from './code-xml-external-entities';
import functionRuntimeDeprecated from './function-runtime-deprecated';
import httpApiRouteUnvalidatedInput from './http-api-route-unvalidated-input';
import loadBalancerInvalidHeadersKept from './load-balancer-invalid-headers-kept';
import restRouteMissingRequestValidation from './rest-route-missing-request-validation';

export const inputRules: readonly RuleModule[] = [functionRuntimeDeprecated, httpApiRouteUnvalidatedInput, loadBalancerInvalidHeadersKept, restRouteMissingRequestValidation];

export const inputCodeRules: readonly CodeRuleModule[] = [
  codeCommandInjection,
  codeEvalInjection,
  codeMassAssignment,
  codeNosqlInjection,
  codeOpenRedirect,
  codePathTraversal,
  codeReflectedHtml,
  codeRegexInjection,
  codeSqlInjection,
  codeSsrf,
  codeUnsafeDeserialization,
  codeXmlExternalEntities,
];

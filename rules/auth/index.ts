/** The auth rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { CodeRuleModule, RuleModule } from '../../server/src/engine';
import adminRouteSelfSignup from './admin-route-self-signup';
import apiKeyOnlyAuth from './api-key-only-auth';
import appsyncApiKeyOnlyAuth from './appsync-api-key-only-auth';
import authorizerNotAttached from './authorizer-not-attached';
import codeAuthorizerAllowsByDefault from './code-authorizer-allows-by-default';
import codeDenialWithoutReturn from './code-denial-without-return';
import codeFailOpenAuth from './code-fail-open-auth';
import codeJwtVerificationWeakened from './code-jwt-verification-weakened';
import codePublicAdminHandler from './code-public-admin-handler';
import codeUnverifiedJwt from './code-unverified-jwt';
import cognitoIdentityPoolUnauthenticated from './cognito-identity-pool-unauthenticated';
import cognitoPrivilegeAttributeWritable from './cognito-privilege-attribute-writable';
import cognitoUserPoolMfaDisabled from './cognito-user-pool-mfa-disabled';
import cognitoWeakPasswordPolicy from './cognito-weak-password-policy';
import corsWildcardOrigin from './cors-wildcard-origin';
import elasticacheRedisAuthDisabled from './elasticache-redis-auth-disabled';
import functionUrlMissingAuth from './function-url-missing-auth';
import lambdaPermissionMissingSource from './lambda-permission-missing-source';
import lambdaPermissionPublic from './lambda-permission-public';
import openapiHttpScheme from './openapi-http-scheme';
import privateApiOpenToAnyVpcEndpoint from './private-api-open-to-any-vpc-endpoint';
import resourcePolicyConfusedDeputy from './resource-policy-confused-deputy';
import routeMissingAuth from './route-missing-auth';

export const authRules: readonly RuleModule[] = [adminRouteSelfSignup, apiKeyOnlyAuth, appsyncApiKeyOnlyAuth, authorizerNotAttached, cognitoIdentityPoolUnauthenticated, cognitoPrivilegeAttributeWritable, cognitoUserPoolMfaDisabled, cognitoWeakPasswordPolicy, corsWildcardOrigin, elasticacheRedisAuthDisabled, functionUrlMissingAuth, lambdaPermissionMissingSource, lambdaPermissionPublic, openapiHttpScheme, privateApiOpenToAnyVpcEndpoint, resourcePolicyConfusedDeputy, routeMissingAuth];

export const authCodeRules: readonly CodeRuleModule[] = [codeAuthorizerAllowsByDefault, codeDenialWithoutReturn, codeFailOpenAuth, codeJwtVerificationWeakened, codePublicAdminHandler, codeUnverifiedJwt];

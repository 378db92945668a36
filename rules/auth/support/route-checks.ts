/**
 * Which other tools' checks an unauthenticated route answers, per route: each
 * of those checks reads one CloudFormation resource type and the literal
 * `AuthorizationType` written on it, never SAM or Serverless events nor
 * OpenAPI bodies. Read from each tool's source; not a rule.
 */
import type { AppModel, Endpoint } from '../../../server/src/engine/model/types';
import { entryOf, isMap, isScalar, scalarText, valueOf } from '../../../server/src/engine/parse/tree';
import type { MapEntry } from '../../../server/src/engine/types';

/**
 * The checks that fail this open REST method or HTTP API route, as their source reads them:
 * - Checkov `CKV_AWS_59` (checkov/cloudformation/checks/resource/aws/APIGatewayAuthorization.py):
 *   `AWS::ApiGateway::Method` whose `AuthorizationType` is present and equals `"NONE"`, not OPTIONS, and
 *   whose `ApiKeyRequired` is absent or false. An absent AuthorizationType passes there.
 * - cfn_nag `W59` (ApiGatewayMethodAuthorizationTypeRule.rb): `AWS::ApiGateway::Method` whose
 *   AuthorizationType is absent or `none` in any case, not OPTIONS; it ignores ApiKeyRequired.
 * - cdk-nag `AwsSolutions-APIG4` (src/rules/apigw/APIGWAuthorization.ts): `CfnMethod` or `CfnRoute`
 *   whose authorizationType is undefined or `NONE`; a token (an intrinsic) passes.
 * - Checkov `CKV_AWS_309` (checkov/terraform/checks/resource/aws/APIGatewayV2RouteDefinesAuthorizationType.py):
 *   Terraform's `aws_apigatewayv2_route`, the resource `AWS::ApiGatewayV2::Route` deploys, whose
 *   authorization type is not AWS_IAM, CUSTOM or JWT (absent included).
 * - Sonar `S6333` (sonar-iac cloudformation PublicApiCheck.java): `AWS::ApiGateway::Method` whose
 *   AuthorizationType is `NONE`, and `AWS::ApiGatewayV2::Route` whose AuthorizationType is `NONE` and whose
 *   `ApiId` is a `Ref` to an API of the template with ProtocolType `HTTP` (or `WEBSOCKET`, on `$connect`).
 * - KICS `1056dfbb-5802-4762-bf2b-8b9b9684b1b0` (assets/queries/cloudFormation/aws/api_gateway_with_open_access):
 *   `AWS::ApiGateway::Method` whose AuthorizationType equals `NONE`, not OPTIONS; it ignores ApiKeyRequired.
 * A route whose auth hangs on an `Fn::If` names none of them: none of those tools decides a condition. In a
 * serverless.yml only Checkov's remain: its Serverless runner reads `resources.Resources`, which cfn_nag, cdk-nag,
 * Sonar (top-level `Resources` only) and KICS's CloudFormation queries do not.
 */
export function openRouteEquivalents(model: AppModel, endpoint: Endpoint): string[] {
  return onlyCheckovInServerless(model, openRouteChecks(model, endpoint));
}

function onlyCheckovInServerless(model: Pick<AppModel, 'kind'>, checks: string[]): string[] {
  return model.kind === 'serverless' ? checks.filter((check) => check.startsWith('CKV')) : checks;
}

function openRouteChecks(model: AppModel, endpoint: Endpoint): string[] {
  if (endpoint.authBranches) return [];
  if (endpoint.method === 'OPTIONS') return [];
  const authorizationType = literalOf(endpoint.authEntry);
  if (authorizationType === 'unreadable') return [];
  const isAbsent = authorizationType === undefined;
  const checks: string[] = [];
  if (endpoint.form === 'cfn-apigateway-method') {
    const apiKey = literalOf(entryOf(endpoint.declaration, 'ApiKeyRequired'));
    if (authorizationType === 'NONE' && (apiKey === undefined || apiKey === false || apiKey === 'false')) checks.push('CKV_AWS_59');
    if (isAbsent || String(authorizationType).toLowerCase() === 'none') checks.push('W59');
    if (isAbsent || authorizationType === 'NONE') checks.push('AwsSolutions-APIG4');
    if (authorizationType === 'NONE') checks.push('S6333', 'KICS:1056dfbb-5802-4762-bf2b-8b9b9684b1b0');
  } else if (endpoint.form === 'cfn-apigatewayv2-route') {
    if (isAbsent || authorizationType === 'NONE') checks.push('CKV_AWS_309', 'AwsSolutions-APIG4');
    if (authorizationType === 'NONE' && isSonarPublicRoute(model, endpoint)) checks.push('S6333');
  }
  return checks;
}

/** The checks an API-key-only REST method answers: those that ignore ApiKeyRequired (see openRouteEquivalents). */
export function apiKeyRouteEquivalents(model: Pick<AppModel, 'kind'>, endpoint: Endpoint): string[] {
  return onlyCheckovInServerless(model, apiKeyRouteChecks(endpoint));
}

function apiKeyRouteChecks(endpoint: Endpoint): string[] {
  if (endpoint.authBranches || endpoint.form !== 'cfn-apigateway-method' || endpoint.method === 'OPTIONS') return [];
  const authorizationType = literalOf(endpoint.authEntry);
  if (authorizationType === 'unreadable') return [];
  const checks: string[] = [];
  if (authorizationType === undefined || String(authorizationType).toLowerCase() === 'none') checks.push('W59');
  if (authorizationType === undefined || authorizationType === 'NONE') checks.push('AwsSolutions-APIG4');
  if (authorizationType === 'NONE') checks.push('S6333', 'KICS:1056dfbb-5802-4762-bf2b-8b9b9684b1b0');
  return checks;
}

/**
 * The value written in an entry, as the other tools see it before any resolution: a scalar, undefined when
 * the entry is absent (or empty), 'unreadable' for an intrinsic (`!Ref`, `!If`), which none of them fails.
 */
function literalOf(entry: MapEntry | undefined): string | number | boolean | undefined | 'unreadable' {
  if (!entry || entry.value === null) return undefined;
  if (!isScalar(entry.value)) return 'unreadable';
  return entry.value.value ?? undefined;
}

/** Sonar reads an HTTP API route only through `ApiId: !Ref Api`, to an API of the same file whose ProtocolType is HTTP (WEBSOCKET on $connect). */
function isSonarPublicRoute(model: AppModel, endpoint: Endpoint): boolean {
  const apiId = valueOf(endpoint.declaration, 'ApiId');
  const ref = isMap(apiId) && apiId.entries.length === 1 ? scalarText(valueOf(apiId, 'Ref')) : undefined;
  if (ref === undefined) return false;
  const api = model.resources.find((resource) => resource.logicalId === ref);
  const protocol = scalarText(valueOf(api?.properties, 'ProtocolType'));
  return protocol === 'HTTP' || (protocol === 'WEBSOCKET' && endpoint.path === '$connect');
}

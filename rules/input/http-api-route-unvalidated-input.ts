/**
 * An HTTP API (API Gateway v2) route that takes a request body (POST, PUT,
 * PATCH) with no JWT or Lambda authorizer. HTTP APIs cannot validate requests
 * at all, so the function is the only check on the body, and without an
 * authorizer it has no verified caller to check the body against. Routes with
 * IAM auth carry a signed caller identity and are not reported; routes whose
 * auth is unknown (an OpenAPI definition, an imported authorizer) neither.
 */
import { defineRule } from '../../server/src/engine';
import { openRouteEquivalents } from '../auth/support/route-checks';
import { resourceById, takesBody } from './support/request-body';

export default defineRule({
  meta: {
    id: 'http-api-route-unvalidated-input',
    title: 'HTTP API route takes a body with no validation and no authorizer',
    category: 'input',
    // Info: the route is already reported as unauthenticated by route-missing-auth (a
    // warning); this finding adds that nothing at the edge checks what it receives.
    severity: 'info',
    confidence: 'high',
    description:
      'HTTP APIs have no request validation: API Gateway passes any body to the function. Without a JWT or Lambda authorizer the function also gets no verified caller (claims, tenant, scopes) to check the body against, so the handler alone must reject malformed, oversized or forged input.',
    remediation:
      'Attach a JWT or Lambda authorizer, and validate the whole body in the handler against a strict schema. If you need validation at the edge, use a REST API with a request validator and model.',
    // Both checks read only `AWS::ApiGatewayV2::Route` resources (Terraform's aws_apigatewayv2_route for
    // CKV_AWS_309): named on those findings only, as route-missing-auth names them (support/route-checks.ts).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_309', 'AwsSolutions-APIG4'],
    references: [
      'OWASP-Serverless-A1',
      'SAS-1',
      'CWE-20',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      unvalidatedBody:
        '{{method}} {{path}} is an HTTP API route that takes a request body, which API Gateway cannot validate, and no JWT or Lambda authorizer identifies the caller: its backend receives any body from anyone and must validate all of it.',
    },
    fix: 'none',
  },
  check(context) {
    for (const endpoint of context.model.endpoints) {
      if (endpoint.kind !== 'http' || !takesBody(endpoint) || endpoint.auth.type !== 'none') continue;
      // A CloudFormation route's endpoint range is its AuthorizationType when it has one; report on the route.
      const range = endpoint.form === 'cfn-apigatewayv2-route' ? (resourceById(context.model, endpoint.resource)?.keyRange ?? endpoint.range) : endpoint.range;
      context.report({
        messageId: 'unvalidatedBody',
        data: { method: endpoint.method, path: endpoint.path },
        node: { range },
        resource: endpoint.resource,
        equivalents: openRouteEquivalents(context.model, endpoint).filter((check) => check === 'CKV_AWS_309' || check === 'AwsSolutions-APIG4'),
      });
    }
  },
});

/**
 * An API Gateway route (REST or HTTP API) that any caller on the internet can
 * invoke: no IAM, Cognito, JWT or Lambda authorizer. CORS preflight (OPTIONS)
 * routes are meant to be open, and routes whose auth cannot be resolved, or
 * that live on a PRIVATE (VPC-only) REST API, are not reported.
 */
import { defineRule } from '../../server/src/engine';
import { iamAuthFix } from './support/iam-auth-fix';

export default defineRule({
  meta: {
    id: 'route-missing-auth',
    title: 'API route without authentication',
    category: 'auth',
    // A warning, not an error: some APIs are public on purpose (a status page, a
    // signed webhook). Teams that want CI to fail raise it in `slsward.rules`.
    severity: 'warning',
    confidence: 'high',
    description:
      'Without an authorizer, API Gateway invokes the function for any caller on the internet. Every public route is an entry point into your code and your data.',
    remediation:
      'Attach an authorizer: IAM (`aws_iam` / `AWS_IAM`), a Cognito user pool, a JWT authorizer or a Lambda authorizer. Leave only CORS preflight (OPTIONS) routes open.',
    equivalents: ['CKV_AWS_59', 'CKV_AWS_309', 'AwsSolutions-APIG4', 'W59', 'S6333'],
    references: ['OWASP-Serverless-A2', 'SAS-2', 'CWE-306', 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html'],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      missingAuth: '{{method}} {{path}} has no authorization: anyone on the internet can invoke it.',
    },
    fix: 'suggestion',
  },
  check(context) {
    for (const endpoint of context.model.endpoints) {
      if (endpoint.kind === 'url' || endpoint.auth.type !== 'none') continue;
      // CORS preflight must answer without credentials; browsers send none.
      if (endpoint.method === 'OPTIONS') continue;
      // A PRIVATE REST API is reachable only through a VPC endpoint; its resource policy is the control.
      if (endpoint.isPrivateNetwork) continue;
      // A mock integration (API Gateway answers itself) invokes no function and returns only what the template holds.
      if (endpoint.isMockIntegration) continue;
      // A route that requires only an API key is api-key-only-auth's finding: one finding per route.
      if (endpoint.auth.apiKeyRequired) continue;
      const fix = iamAuthFix(context, endpoint);
      context.report({
        messageId: 'missingAuth',
        data: { method: endpoint.method, path: endpoint.path },
        node: { range: endpoint.range },
        resource: endpoint.resource,
        fixes: fix ? [fix] : [],
      });
    }
  },
});

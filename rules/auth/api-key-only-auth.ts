/**
 * An API route whose only protection is an API key (`private: true`,
 * `ApiKeyRequired: true`, an OpenAPI `x-api-key` scheme). API keys identify
 * a client for usage plans; they are not authentication. Routes with no
 * protection at all are route-missing-auth's: one finding per route. A route
 * in this state on one branch of an `Fn::If` only is reported with that branch's conditions.
 */
import { defineRule } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { apiKeyRouteEquivalents } from './support/route-checks';
import { iamAuthFix } from './support/iam-auth-fix';

export default defineRule({
  meta: {
    id: 'api-key-only-auth',
    title: 'API route protected only by an API key',
    category: 'auth',
    severity: 'warning',
    confidence: 'high',
    description:
      'An API key is a shared, long-lived string that ships inside clients and is sent in clear in a header. API Gateway uses it to meter and throttle clients in usage plans; AWS warns not to rely on it for authentication or authorization.',
    remediation:
      'Keep the API key for the usage plan, and add a real authorizer to the route: IAM (SigV4), a Cognito user pool, a JWT or a Lambda authorizer.',
    // cfn_nag W59, cdk-nag APIG4, Sonar S6333 and KICS's open-access query ignore ApiKeyRequired and read only
    // `AWS::ApiGateway::Method`, so each finding names those its method fails (see support/route-checks.ts).
    // Checkov's CKV_AWS_59 passes a method that requires an API key, so it is not one of them.
    equivalents: [],
    findingEquivalents: ['AwsSolutions-APIG4', 'W59', 'S6333', 'KICS:1056dfbb-5802-4762-bf2b-8b9b9684b1b0'],
    references: [
      'OWASP-Serverless-A2',
      'SAS-2',
      'CWE-306',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      apiKeyOnly: '{{method}} {{path}} requires only an API key{{when}}: an API key identifies a client for usage plans, it does not authenticate the caller.',
    },
    fix: 'suggestion',
  },
  check(context) {
    for (const endpoint of context.model.endpoints) {
      if (endpoint.kind === 'url' || endpoint.method === 'OPTIONS' || endpoint.isPrivateNetwork) continue;
      // A mock integration (API Gateway answers itself) invokes no function and returns only what the template holds.
      if (endpoint.isMockIntegration) continue;
      const keyOnly = (endpoint.authBranches ?? [{ auth: endpoint.auth, when: [] }]).filter((branch) => branch.auth.type === 'none' && branch.auth.apiKeyRequired);
      if (keyOnly.length === 0) continue;
      const isConditional = keyOnly.every((branch) => branch.when.length > 0);
      // Setting IAM auth would also change the branches that are meant to differ: no fix for a conditional finding.
      const fix = isConditional ? undefined : iamAuthFix(context, endpoint);
      context.report({
        messageId: 'apiKeyOnly',
        data: { method: endpoint.method, path: endpoint.path, when: isConditional ? keyOnly.map((branch) => describeWhen(branch.when)).join(' or') : '' },
        node: { range: endpoint.range },
        resource: endpoint.resource,
        fixes: fix ? [fix] : [],
        equivalents: apiKeyRouteEquivalents(context.model, endpoint),
      });
    }
  },
});

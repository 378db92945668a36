/**
 * An API (REST, HTTP or WebSocket) whose stages set no throttling and that no
 * usage plan throttles: only the account-level limit, shared by every API in
 * the region, stands between a flood and the backend. One finding per API, on
 * the API resource, on the `provider` key for a Serverless service's API (where
 * its fix goes), or on the first event of a SAM implicit API, which has no key
 * of its own. APIs whose stages this template does not show are skipped.
 */
import { defineRule } from '../../server/src/engine';
import { unthrottledApis } from './support/api-throttling';

export default defineRule({
  meta: {
    id: 'api-stage-missing-throttling',
    title: 'API without stage throttling or usage plan',
    category: 'throttling',
    // Info: throttling is a capacity decision, the account-level limit still applies, and
    // most of the well-written samples we test on set none. Teams that require it raise it.
    severity: 'info',
    confidence: 'high',
    description:
      'Without stage throttling, an API accepts up to the account-level limit (10,000 requests per second with bursts of 5,000, shared by every API in the account and region). One client or a flood on one API can then exhaust that limit for all of them, and invoke your functions, and your bill, at that rate.',
    remediation:
      'Set a rate and burst limit on the stage (REST `MethodSettings`, HTTP API `DefaultRouteSettings`), or attach a usage plan with `Throttle` to the stage. In serverless.yml use `provider.apiGateway.usagePlan.throttle`; for `httpApi`, `resources.extensions.HttpApiStage`.',
    equivalents: ['KICS:7f8f1b60-43df-4c28-aa21-fb836dbd8071'],
    references: [
      'OWASP-Serverless-A6',
      'SAS-8',
      'CWE-770',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigateway-stage-methodsetting.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      missingThrottling:
        '{{api}} sets no throttling: only the account-level limit (10,000 requests per second, shared by every API in the account and region) applies. To limit it, {{remedy}}.',
      serverlessHttpApiMissingThrottling:
        'The HTTP API of this service sets no throttling: only the account-level limit (10,000 requests per second, shared by every API in the account and region) applies. The Serverless Framework has no httpApi throttling setting: set `DefaultRouteSettings` through `resources.extensions.HttpApiStage.Properties`, or use the serverless-api-gateway-throttling plugin.',
    },
    fix: 'none',
  },
  check(context) {
    for (const api of unthrottledApis(context.model)) {
      context.report({
        messageId: api.isServerlessHttpApi ? 'serverlessHttpApiMissingThrottling' : 'missingThrottling',
        data: { api: api.label, remedy: api.remedy },
        node: { range: api.range },
        resource: api.resource,
      });
    }
  },
});

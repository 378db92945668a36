/**
 * A REST API route that takes a request body (POST, PUT, PATCH, ANY) which API
 * Gateway does not validate against a schema: no Serverless `request.schemas`,
 * no SAM `RequestModel` with `ValidateBody: true`, no CloudFormation method
 * with a body-validating `RequestValidatorId` and `RequestModels`. Routes whose
 * validation is defined somewhere this template does not show (an OpenAPI
 * definition, a validator id from a parameter, a plugin) are not reported.
 * Whether the route validates is decided by `requestValidationOf` in the engine,
 * the same function the project model and the endpoint inventory read.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { insertMapEntries, replaceNode, valueText } from '../../server/src/engine/fix/edits';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { Endpoint } from '../../server/src/engine/model/types';
import { isMap, isScalar, valueOf } from '../../server/src/engine/parse/tree';
import { requestValidationOf } from '../../server/src/engine/project/edge-validation';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import type { SourceNode } from '../../server/src/engine/types';
import { resourceById, takesBody } from './support/request-body';

const FIX_TITLE = 'Validate the request body against the RequestModel (ValidateBody: true)';

type Verdict =
  | { messageId: 'missingValidation'; remedy: string }
  | { messageId: 'modelNotValidated'; when: ConditionAssumption[]; fix?: Fix }
  | { messageId: 'validatorSkipsBody'; validator: string; when: ConditionAssumption[] }
  | { messageId: 'noModel'; validator: string };

export default defineRule({
  meta: {
    id: 'rest-route-missing-request-validation',
    title: 'REST API route takes a body that API Gateway does not validate',
    category: 'input',
    // Info: validation at the edge is defence in depth. The handler may validate well,
    // and most sample APIs validate there; what this finding says is that nothing checks
    // the body before the function runs, which a reviewer should know, not that it is exploitable.
    severity: 'info',
    confidence: 'high',
    description:
      'API Gateway can reject a malformed body before it reaches your function, by validating it against a JSON schema (a model). Without it the function receives whatever the caller sends, and every handler must check types, sizes and required fields itself.',
    remediation:
      'Give the route a JSON schema that API Gateway validates: `request.schemas` on a Serverless `http` event, a `RequestModel` with `ValidateBody: true` on a SAM `Api` event, or `RequestValidatorId` (a validator with `ValidateRequestBody: true`) and `RequestModels` on an `AWS::ApiGateway::Method`.',
    // cdk-nag's APIG2 judges a REST API resource, not a route: named where it fails the route's API (apig2Equivalents).
    equivalents: [],
    findingEquivalents: ['AwsSolutions-APIG2'],
    references: [
      'OWASP-Serverless-A1',
      'SAS-1',
      'CWE-20',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html',
      'https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-property-function-requestmodel.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-apigateway-requestvalidator.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      missingValidation: '{{method}} {{path}} takes a request body that API Gateway does not validate: {{remedy}}.',
      modelNotValidated: '{{method}} {{path}} has a RequestModel, but API Gateway does not validate the body against it{{when}}: SAM adds a validator only with `ValidateBody: true`.',
      validatorSkipsBody: '{{method}} {{path}} uses request validator {{validator}}, which does not validate the request body{{when}} (ValidateRequestBody is not true).',
      noModel: '{{method}} {{path}} uses request validator {{validator}}, but sets no RequestModels: there is no schema to validate the body against.',
    },
    fix: 'suggestion',
  },
  check(context) {
    for (const endpoint of context.model.endpoints) {
      if (endpoint.kind !== 'rest' || !takesBody(endpoint)) continue;
      const verdict = verdictOf(context, endpoint);
      if (!verdict) continue;
      const data: Record<string, string> = { method: endpoint.method, path: endpoint.path };
      if ('remedy' in verdict) data.remedy = verdict.remedy;
      if ('when' in verdict) data.when = describeWhen(verdict.when);
      if ('validator' in verdict) data.validator = verdict.validator;
      const fix = verdict.messageId === 'modelNotValidated' ? verdict.fix : undefined;
      // A CloudFormation method's endpoint range is its AuthorizationType; this finding belongs on the method itself.
      const range = endpoint.form === 'cfn-apigateway-method' ? (resourceById(context.model, endpoint.resource)?.keyRange ?? endpoint.range) : endpoint.range;
      const equivalents = verdict.messageId === 'missingValidation' ? apig2Equivalents(context, endpoint) : [];
      context.report({ messageId: verdict.messageId, data, node: { range }, resource: endpoint.resource, fixes: fix ? [fix] : [], equivalents });
    }
  },
});

/**
 * What is wrong with the route's validation, or undefined when it validates (or nobody can tell). Whether API
 * Gateway validates is decided once, in `requestValidationOf` (the project model reads it too); this rule
 * adds only its wording, its fix, and the routes it leaves alone: a MOCK integration, whose body no function
 * receives, and OpenAPI operations.
 */
function verdictOf(context: RuleContext, endpoint: Endpoint): Verdict | undefined {
  if (endpoint.form !== 'serverless-http' && endpoint.form !== 'sam-api' && endpoint.form !== 'cfn-apigateway-method') return undefined;
  if (isMockIntegration(context, endpoint)) return undefined;
  const validation = requestValidationOf(context.model, endpoint);
  switch (validation.state) {
    case 'absent':
      return { messageId: 'missingValidation', remedy: REMEDIES[endpoint.form] };
    case 'model-not-validated':
      return { messageId: 'modelNotValidated', when: validation.when, fix: validateBodyFix(context, validation.requestModel, validation.validateBody) };
    case 'validator-skips-body':
      return { messageId: 'validatorSkipsBody', validator: validation.validator, when: validation.when };
    case 'no-model':
      return { messageId: 'noModel', validator: validation.validator };
    case 'validated':
    case 'unknown':
    case 'unsupported':
      return undefined;
  }
}

/**
 * cdk-nag's AwsSolutions-APIG2 (src/rules/apigw/APIGWRequestValidation.ts) fails a `CfnRestApi` that no
 * `CfnRequestValidator` names by `RestApiId`, whatever its methods use. It reads no SAM API (`AWS::Serverless::Api`
 * is another class) and no serverless.yml, so only an `AWS::ApiGateway::Method` of an `AWS::ApiGateway::RestApi`
 * of this template, which has no validator at all, names it; a route whose validator skips the body does not.
 */
function apig2Equivalents(context: RuleContext, endpoint: Endpoint): string[] {
  if (endpoint.form !== 'cfn-apigateway-method' || context.model.kind === 'serverless') return [];
  const apiId = referencedLogicalId(valueOf(endpoint.declaration, 'RestApiId'));
  if (!apiId || !context.model.resources.some((resource) => resource.logicalId === apiId && resource.type === 'AWS::ApiGateway::RestApi')) return [];
  const hasValidator = context.model.resources.some((resource) => resource.type === 'AWS::ApiGateway::RequestValidator' && referencedLogicalId(valueOf(resource.properties, 'RestApiId')) === apiId);
  return hasValidator ? [] : ['AwsSolutions-APIG2'];
}

const REMEDIES: Record<'serverless-http' | 'sam-api' | 'cfn-apigateway-method', string> = {
  'serverless-http': 'add `request.schemas` with a JSON schema for the body',
  'sam-api': 'add a `RequestModel` with `ValidateBody: true`',
  'cfn-apigateway-method': 'set `RequestValidatorId` to a validator with `ValidateRequestBody: true`, and `RequestModels`',
};

/** A MOCK integration answers from API Gateway itself: no function receives the body. */
function isMockIntegration(context: RuleContext, endpoint: Endpoint): boolean {
  const { resolver } = context.model;
  if (endpoint.form === 'serverless-http') return isMap(endpoint.declaration) && resolver.resolveString(valueOf(endpoint.declaration, 'integration'))?.toLowerCase() === 'mock';
  if (endpoint.form === 'cfn-apigateway-method') return resolver.resolveString(valueOf(valueOf(endpoint.declaration, 'Integration'), 'Type'))?.toUpperCase() === 'MOCK';
  return false;
}

function validateBodyFix(context: RuleContext, requestModel: SourceNode, current: SourceNode | null | undefined): Fix | undefined {
  const document = context.model.document;
  if (current) return isScalar(current) ? { title: FIX_TITLE, edits: [replaceNode(current, valueText(document, current, true))] } : undefined;
  return isMap(requestModel) ? { title: FIX_TITLE, edits: [insertMapEntries(document, requestModel, { ValidateBody: true })] } : undefined;
}

/**
 * A REST API route that takes a request body (POST, PUT, PATCH, ANY) which API
 * Gateway does not validate against a schema: no Serverless `request.schemas`,
 * no SAM `RequestModel` with `ValidateBody: true`, no CloudFormation method
 * with a body-validating `RequestValidatorId` and `RequestModels`. Routes whose
 * validation is defined somewhere this template does not show (an OpenAPI
 * definition, a validator id from a parameter, a plugin) are not reported.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { insertMapEntries, replaceNode, valueText } from '../../server/src/engine/fix/edits';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { Endpoint } from '../../server/src/engine/model/types';
import { describeWhen, type ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, isMap, isScalar, mapEntries, valueOf } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';
import { resourceById, samApiHasDefinition, samEventApi, takesBody } from './support/request-body';

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
    equivalents: ['AwsSolutions-APIG2'],
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
      context.report({ messageId: verdict.messageId, data, node: { range }, resource: endpoint.resource, fixes: fix ? [fix] : [] });
    }
  },
});

/** What is wrong with the route's validation, or undefined when it validates (or nobody can tell). */
function verdictOf(context: RuleContext, endpoint: Endpoint): Verdict | undefined {
  switch (endpoint.form) {
    case 'serverless-http':
      return serverlessVerdict(context, endpoint);
    case 'sam-api':
      return samVerdict(context, endpoint);
    case 'cfn-apigateway-method':
      return cloudFormationVerdict(context, endpoint);
    default:
      return undefined;
  }
}

function serverlessVerdict(context: RuleContext, endpoint: Endpoint): Verdict | undefined {
  const { resolver } = context.model;
  const event = endpoint.declaration;
  const remedy = 'add `request.schemas` with a JSON schema for the body';
  // Shorthand `http: POST orders` has no room for a schema.
  if (!isMap(event)) return isScalar(event) ? { messageId: 'missingValidation', remedy } : undefined;
  // A MOCK integration answers from API Gateway itself: no function receives the body.
  if (resolver.resolveString(valueOf(event, 'integration'))?.toLowerCase() === 'mock') return undefined;
  // serverless-reqvalidator-plugin attaches a validator we cannot see (with models from serverless-aws-documentation).
  if (entryOf(event, 'reqValidatorName')) return undefined;
  const request = resolver.deref(valueOf(event, 'request'));
  if (request.isForeign) return undefined;
  // Serverless v3 `request.schemas`; v1 and v2 `request.schema`. Either makes the framework add a body validator.
  const schemasEntry = entryOf(request.node, 'schemas') ?? entryOf(request.node, 'schema');
  if (!schemasEntry) return request.node === undefined || request.node === null || isMap(request.node) ? { messageId: 'missingValidation', remedy } : undefined;
  const schemas = resolver.deref(schemasEntry.value);
  if (isMap(schemas.node) && schemas.node.entries.length === 0) return { messageId: 'missingValidation', remedy };
  return undefined;
}

function samVerdict(context: RuleContext, endpoint: Endpoint): Verdict | undefined {
  const { model } = context;
  const api = samEventApi(model, endpoint, 'RestApiId', 'AWS::Serverless::Api');
  // An OpenAPI definition may declare x-amazon-apigateway-request-validators for this route.
  if (!api.isKnown || samApiHasDefinition(model, api.api, 'Api')) return undefined;
  const properties = valueOf(endpoint.declaration, 'Properties');
  const requestModel = valueOf(properties, 'RequestModel');
  if (requestModel === undefined || requestModel === null) return { messageId: 'missingValidation', remedy: 'add a `RequestModel` with `ValidateBody: true`' };
  if (!isMap(requestModel)) return undefined;
  const validateEntry = entryOf(requestModel, 'ValidateBody');
  // SAM adds a request validator only when ValidateBody or ValidateParameters is set, and then defaults the other to false.
  for (const outcome of model.resolver.outcomes(validateEntry?.value)) {
    if (outcome.state !== 'known') continue;
    if (outcome.value === null || String(outcome.value).toLowerCase() === 'false') {
      return { messageId: 'modelNotValidated', when: outcome.when, fix: validateBodyFix(context, requestModel, validateEntry?.value) };
    }
  }
  return undefined;
}

function validateBodyFix(context: RuleContext, requestModel: SourceNode, current: SourceNode | null | undefined): Fix | undefined {
  const document = context.model.document;
  if (current) return isScalar(current) ? { title: FIX_TITLE, edits: [replaceNode(current, valueText(document, current, true))] } : undefined;
  return isMap(requestModel) ? { title: FIX_TITLE, edits: [insertMapEntries(document, requestModel, { ValidateBody: true })] } : undefined;
}

function cloudFormationVerdict(context: RuleContext, endpoint: Endpoint): Verdict | undefined {
  const { model } = context;
  const properties = endpoint.declaration;
  if (model.resolver.resolveString(valueOf(valueOf(properties, 'Integration'), 'Type'))?.toUpperCase() === 'MOCK') return undefined;
  const validatorIdNode = valueOf(properties, 'RequestValidatorId');
  if (validatorIdNode === undefined || validatorIdNode === null) {
    return { messageId: 'missingValidation', remedy: 'set `RequestValidatorId` to a validator with `ValidateRequestBody: true`, and `RequestModels`' };
  }
  // A validator id from a parameter, an import or another stack: its settings are unknown.
  const validator = resourceById(model, referencedLogicalId(validatorIdNode));
  if (!validator || validator.type !== 'AWS::ApiGateway::RequestValidator') return undefined;
  for (const outcome of model.resolver.outcomes(valueOf(validator.properties, 'ValidateRequestBody'))) {
    if (outcome.state !== 'known') continue;
    if (outcome.value === null || String(outcome.value).toLowerCase() === 'false') return { messageId: 'validatorSkipsBody', validator: validator.logicalId, when: outcome.when };
  }
  if (model.resolver.outcomes(valueOf(validator.properties, 'ValidateRequestBody')).some((outcome) => outcome.state !== 'known')) return undefined;
  const models = valueOf(properties, 'RequestModels');
  if (models === undefined || models === null || (isMap(models) && mapEntries(models).length === 0)) return { messageId: 'noModel', validator: validator.logicalId };
  return undefined;
}

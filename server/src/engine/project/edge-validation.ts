/**
 * Whether API Gateway validates a route's request body before the function runs: a Serverless
 * `request.schemas`, a SAM `RequestModel` with `ValidateBody: true`, a CloudFormation method with a
 * body-validating `RequestValidatorId` and `RequestModels`, an OpenAPI operation's
 * `x-amazon-apigateway-request-validator`. HTTP APIs, function URLs and ALBs cannot validate.
 * Read-only; it decides the same way as the input rules `rest-route-missing-request-validation`
 * (which reports the missing validation) so the code rules and the template rules agree.
 */
import { referencedLogicalId } from '../model/cloudformation';
import type { AppModel, CfnResource, Endpoint } from '../model/types';
import { entryOf, isMap, isScalar, mapEntries, nodeAt, valueOf } from '../parse/tree';

/** True: validated; false: not; undefined: decided somewhere this template does not show (a plugin, an OpenAPI file, a parameter). */
export function edgeValidationOf(model: AppModel, endpoint: Endpoint): boolean | undefined {
  switch (endpoint.form) {
    case 'serverless-http':
      return serverlessValidation(model, endpoint);
    case 'sam-api':
      return samValidation(model, endpoint);
    case 'cfn-apigateway-method':
      return cloudFormationValidation(model, endpoint);
    case 'openapi-operation':
      return openApiValidation(model, endpoint);
    case 'serverless-httpApi':
    case 'sam-httpapi':
    case 'cfn-apigatewayv2-route':
    case 'serverless-url':
    case 'sam-url':
    case 'cfn-lambda-url':
      // HTTP APIs and function URLs have no request validation at all.
      return false;
  }
}

function serverlessValidation(model: AppModel, endpoint: Endpoint): boolean | undefined {
  const { resolver } = model;
  const event = endpoint.declaration;
  if (!isMap(event)) return isScalar(event) ? false : undefined;
  // serverless-reqvalidator-plugin attaches a validator this file does not show.
  if (entryOf(event, 'reqValidatorName')) return undefined;
  const request = resolver.deref(valueOf(event, 'request'));
  if (request.isForeign) return undefined;
  // v3 `request.schemas`, v1/v2 `request.schema`: either makes the framework add a body validator.
  const schemasEntry = entryOf(request.node, 'schemas') ?? entryOf(request.node, 'schema');
  if (!schemasEntry) return request.node === undefined || request.node === null || isMap(request.node) ? false : undefined;
  const schemas = resolver.deref(schemasEntry.value);
  if (schemas.isForeign) return undefined;
  return !(isMap(schemas.node) && schemas.node.entries.length === 0);
}

function samValidation(model: AppModel, endpoint: Endpoint): boolean | undefined {
  const properties = valueOf(endpoint.declaration, 'Properties');
  const apiId = valueOf(properties, 'RestApiId');
  let api: CfnResource | undefined;
  if (apiId !== undefined && apiId !== null) {
    api = resourceById(model, referencedLogicalId(apiId));
    if (!api || api.type !== 'AWS::Serverless::Api') return undefined;
  }
  // An OpenAPI definition may declare validators for this route.
  const globals = nodeAt(model.document.root, ['Globals', 'Api']);
  if (valueOf(globals, 'DefinitionBody') !== undefined || valueOf(globals, 'DefinitionUri') !== undefined) return undefined;
  if (api && (valueOf(api.properties, 'DefinitionBody') !== undefined || valueOf(api.properties, 'DefinitionUri') !== undefined)) return undefined;
  const requestModel = valueOf(properties, 'RequestModel');
  if (requestModel === undefined || requestModel === null) return false;
  if (!isMap(requestModel)) return undefined;
  const outcomes = model.resolver.outcomes(valueOf(requestModel, 'ValidateBody'));
  return allTrue(outcomes);
}

function cloudFormationValidation(model: AppModel, endpoint: Endpoint): boolean | undefined {
  const properties = endpoint.declaration;
  const validatorId = valueOf(properties, 'RequestValidatorId');
  if (validatorId === undefined || validatorId === null) return false;
  const validator = resourceById(model, referencedLogicalId(validatorId));
  if (!validator || validator.type !== 'AWS::ApiGateway::RequestValidator') return undefined;
  const outcomes = model.resolver.outcomes(valueOf(validator.properties, 'ValidateRequestBody'));
  const validatesBody = allTrue(outcomes);
  if (validatesBody !== true) return validatesBody;
  return mapEntries(valueOf(properties, 'RequestModels')).length > 0;
}

/** `x-amazon-apigateway-request-validator` on the operation or the body's root, naming a validator that checks the body. */
function openApiValidation(model: AppModel, endpoint: Endpoint): boolean | undefined {
  const definition = model.openApiDefinitions?.find((candidate) => candidate.operations.some((operation) => operation.operation === endpoint.declaration));
  if (!definition) return undefined;
  const name = model.resolver.resolveString(valueOf(endpoint.declaration, 'x-amazon-apigateway-request-validator')) ?? model.resolver.resolveString(valueOf(definition.body, 'x-amazon-apigateway-request-validator'));
  if (!name) return false;
  const validator = nodeAt(definition.body, ['x-amazon-apigateway-request-validators', name]);
  if (!isMap(validator)) return undefined;
  return model.resolver.resolveString(valueOf(validator, 'validateRequestBody'))?.toLowerCase() === 'true';
}

/** True when every branch is a known `true`, false when one is a known non-true value, undefined when one cannot be resolved. */
function allTrue(outcomes: ReturnType<AppModel['resolver']['outcomes']>): boolean | undefined {
  let result: boolean | undefined = true;
  for (const outcome of outcomes) {
    if (outcome.state !== 'known') result = undefined;
    else if (outcome.value === null || String(outcome.value).toLowerCase() !== 'true') return false;
  }
  return result;
}

const resourceIndexes = new WeakMap<AppModel, Map<string, CfnResource>>();

function resourceById(model: AppModel, logicalId: string | undefined): CfnResource | undefined {
  if (!logicalId) return undefined;
  let index = resourceIndexes.get(model);
  if (!index) resourceIndexes.set(model, (index = new Map(model.resources.map((resource) => [resource.logicalId, resource]))));
  return index.get(logicalId);
}

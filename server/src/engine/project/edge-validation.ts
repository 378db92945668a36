/**
 * Whether API Gateway validates a route's request body before the function runs, and if not, why: a
 * Serverless `request.schemas`, a SAM `RequestModel` with `ValidateBody: true`, a CloudFormation method
 * with a body-validating `RequestValidatorId` and `RequestModels`, an OpenAPI operation's
 * `x-amazon-apigateway-request-validator`. HTTP APIs, function URLs and ALBs cannot validate.
 * Read-only and the one place this is decided: the project model (`edgeValidationOf`) and the input rule
 * `rest-route-missing-request-validation` (`requestValidationOf`, which words the reason) both read it.
 */
import { referencedLogicalId } from '../model/cloudformation';
import { resourceById } from '../model/resource-index';
import type { AppModel, CfnResource, Endpoint } from '../model/types';
import { entryOf, isMap, isScalar, mapEntries, nodeAt, valueOf } from '../parse/tree';
import type { ConditionAssumption } from '../resolve/resolver';
import type { SourceNode } from '../types';

/**
 * How a route's body is validated at the edge. `unknown`: decided somewhere this template does not show (a
 * plugin, an OpenAPI file, a parameter, a value no deployment tool documents). Every other state but
 * `validated` means the function receives the body unchecked, each for its own reason.
 */
export type RequestValidation =
  | { state: 'validated' }
  | { state: 'unknown' }
  /** HTTP APIs, function URLs and load balancers have no request validation at all. */
  | { state: 'unsupported' }
  /** Nothing asks for validation: no `request.schemas`, no `RequestModel`, no `RequestValidatorId`, no OpenAPI validator. */
  | { state: 'absent' }
  /** A SAM `RequestModel` without `ValidateBody: true` (SAM then adds no body validator); `validateBody` is the entry's value when written. */
  | { state: 'model-not-validated'; when: ConditionAssumption[]; requestModel: SourceNode; validateBody: SourceNode | null | undefined }
  /** A CloudFormation validator whose `ValidateRequestBody` is not true. */
  | { state: 'validator-skips-body'; validator: string; when: ConditionAssumption[] }
  /** A body-validating CloudFormation validator, but no `RequestModels` to validate against. */
  | { state: 'no-model'; validator: string };

/** True: validated; false: not; undefined: decided somewhere this template does not show (a plugin, an OpenAPI file, a parameter). */
export function edgeValidationOf(model: AppModel, endpoint: Endpoint): boolean | undefined {
  const validation = requestValidationOf(model, endpoint);
  if (validation.state === 'validated') return true;
  return validation.state === 'unknown' ? undefined : false;
}

export function requestValidationOf(model: AppModel, endpoint: Endpoint): RequestValidation {
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
      return { state: 'unsupported' };
  }
}

const VALIDATED: RequestValidation = { state: 'validated' };
const UNKNOWN: RequestValidation = { state: 'unknown' };
const ABSENT: RequestValidation = { state: 'absent' };

function serverlessValidation(model: AppModel, endpoint: Endpoint): RequestValidation {
  const { resolver } = model;
  const event = endpoint.declaration;
  // Shorthand `http: POST orders` has no room for a schema.
  if (!isMap(event)) return isScalar(event) ? ABSENT : UNKNOWN;
  // serverless-reqvalidator-plugin attaches a validator this file does not show.
  if (entryOf(event, 'reqValidatorName')) return UNKNOWN;
  const request = resolver.deref(valueOf(event, 'request'));
  if (request.isForeign) return UNKNOWN;
  // v3 `request.schemas`, v1/v2 `request.schema`: either makes the framework add a body validator.
  const schemasEntry = entryOf(request.node, 'schemas') ?? entryOf(request.node, 'schema');
  if (!schemasEntry) return request.node === undefined || request.node === null || isMap(request.node) ? ABSENT : UNKNOWN;
  const schemas = resolver.deref(schemasEntry.value);
  // An empty map asks for nothing, wherever it was written.
  if (isMap(schemas.node) && schemas.node.entries.length === 0) return ABSENT;
  return schemas.isForeign ? UNKNOWN : VALIDATED;
}

function samValidation(model: AppModel, endpoint: Endpoint): RequestValidation {
  const properties = valueOf(endpoint.declaration, 'Properties');
  const apiId = valueOf(properties, 'RestApiId');
  let api: CfnResource | undefined;
  if (apiId !== undefined && apiId !== null) {
    api = resourceById(model, referencedLogicalId(apiId));
    if (!api || api.type !== 'AWS::Serverless::Api') return UNKNOWN;
  }
  // An OpenAPI definition may declare validators for this route.
  const globals = nodeAt(model.document.root, ['Globals', 'Api']);
  if (valueOf(globals, 'DefinitionBody') !== undefined || valueOf(globals, 'DefinitionUri') !== undefined) return UNKNOWN;
  if (api && (valueOf(api.properties, 'DefinitionBody') !== undefined || valueOf(api.properties, 'DefinitionUri') !== undefined)) return UNKNOWN;
  const requestModel = valueOf(properties, 'RequestModel');
  if (requestModel === undefined || requestModel === null) return ABSENT;
  if (!isMap(requestModel)) return UNKNOWN;
  const validateBody = entryOf(requestModel, 'ValidateBody')?.value;
  // SAM adds a request validator only when ValidateBody or ValidateParameters is set, and then defaults the other to false.
  const outcomes = model.resolver.outcomes(validateBody);
  const off = outcomes.find(isKnownFalse);
  if (off) return { state: 'model-not-validated', when: off.when, requestModel, validateBody };
  return allTrue(outcomes) ? VALIDATED : UNKNOWN;
}

function cloudFormationValidation(model: AppModel, endpoint: Endpoint): RequestValidation {
  const properties = endpoint.declaration;
  const validatorId = valueOf(properties, 'RequestValidatorId');
  if (validatorId === undefined || validatorId === null) return ABSENT;
  // A validator id from a parameter, an import or another stack: its settings are unknown.
  const validator = resourceById(model, referencedLogicalId(validatorId));
  if (!validator || validator.type !== 'AWS::ApiGateway::RequestValidator') return UNKNOWN;
  const outcomes = model.resolver.outcomes(valueOf(validator.properties, 'ValidateRequestBody'));
  const off = outcomes.find(isKnownFalse);
  if (off) return { state: 'validator-skips-body', validator: validator.logicalId, when: off.when };
  if (!allTrue(outcomes)) return UNKNOWN;
  const models = valueOf(properties, 'RequestModels');
  if (models === undefined || models === null || (isMap(models) && mapEntries(models).length === 0)) return { state: 'no-model', validator: validator.logicalId };
  return isMap(models) ? VALIDATED : UNKNOWN;
}

/** `x-amazon-apigateway-request-validator` on the operation or the body's root, naming a validator that checks the body. */
function openApiValidation(model: AppModel, endpoint: Endpoint): RequestValidation {
  const definition = model.openApiDefinitions?.find((candidate) => candidate.operations.some((operation) => operation.operation === endpoint.declaration));
  if (!definition) return UNKNOWN;
  const name = model.resolver.resolveString(valueOf(endpoint.declaration, 'x-amazon-apigateway-request-validator')) ?? model.resolver.resolveString(valueOf(definition.body, 'x-amazon-apigateway-request-validator'));
  if (!name) return ABSENT;
  const validator = nodeAt(definition.body, ['x-amazon-apigateway-request-validators', name]);
  if (!isMap(validator)) return UNKNOWN;
  return model.resolver.resolveString(valueOf(validator, 'validateRequestBody'))?.toLowerCase() === 'true' ? VALIDATED : { state: 'validator-skips-body', validator: name, when: [] };
}

type Outcome = ReturnType<AppModel['resolver']['outcomes']>[number];

/** A known `false` (or an absent value, which both SAM and CloudFormation read as false). */
function isKnownFalse(outcome: Outcome): boolean {
  return outcome.state === 'known' && (outcome.value === null || String(outcome.value).toLowerCase() === 'false');
}

/**
 * True when every branch is a known `true`. A value that is neither true nor false (`'yes'`) is not one
 * the services document, so the caller treats it as unknown rather than guess how it is read.
 */
function allTrue(outcomes: readonly Outcome[]): boolean {
  return outcomes.every((outcome) => outcome.state === 'known' && outcome.value !== null && String(outcome.value).toLowerCase() === 'true');
}


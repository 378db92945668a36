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
import { entryOf, isMap, isScalar, mapEntries, nodeAt, plainValueOf, valueOf } from '../parse/tree';
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
    case 'serverless-websocket':
    // The serverless-step-functions plugin has no request validator setting.
    case 'serverless-stepfunctions-http':
    case 'sam-httpapi':
    case 'cfn-apigatewayv2-route':
    case 'serverless-url':
    case 'sam-url':
    case 'cfn-lambda-url':
    // An Application Load Balancer has no request validation: it forwards the body as it came.
    case 'cfn-alb-listener-rule':
    case 'cfn-alb-listener':
    case 'serverless-alb':
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

/**
 * The model API Gateway checks a validated route's body against, as plain data, with the content types it is
 * keyed by: a Serverless `request.schemas` entry (inline, `schema:` inside it, or the name of one of
 * `provider.apiGateway.request.schemas`), a SAM `RequestModel` (the API's or `Globals.Api`'s `Models`), a
 * CloudFormation method's `RequestModels` (an `AWS::ApiGateway::Model`'s `Schema`, a map or JSON text).
 * Undefined when the route is not validated or the schema cannot be read here (a file, a parameter, OpenAPI).
 */
export interface EdgeBodyModel {
  /** The content types the model is declared for (`application/json`, `$default`). */
  contentTypes: string[];
  schema: unknown;
  /** Where the schema (or the model naming it) is written. */
  node: SourceNode;
  name: string;
}

export function edgeBodyModelOf(model: AppModel, endpoint: Endpoint): EdgeBodyModel | undefined {
  if (requestValidationOf(model, endpoint).state !== 'validated') return undefined;
  switch (endpoint.form) {
    case 'serverless-http':
      return serverlessBodyModel(model, endpoint);
    case 'sam-api':
      return samBodyModel(model, endpoint);
    case 'cfn-apigateway-method':
      return cloudFormationBodyModel(model, endpoint);
    default:
      return undefined;
  }
}

function serverlessBodyModel(model: AppModel, endpoint: Endpoint): EdgeBodyModel | undefined {
  const { resolver } = model;
  const request = resolver.deref(valueOf(endpoint.declaration, 'request'));
  const schemasEntry = entryOf(request.node, 'schemas') ?? entryOf(request.node, 'schema');
  const schemas = schemasEntry && resolver.deref(schemasEntry.value);
  if (!schemas || schemas.isForeign || !isMap(schemas.node)) return undefined;
  const entries = mapEntries(schemas.node);
  const contentTypes = entries.map((entry) => String(entry.key.value));
  // One schema stands for all: `$default` when declared (any content type), else application/json, else the first.
  const chosen = entries.find((entry) => entry.key.value === '$default') ?? entries.find((entry) => entry.key.value === 'application/json') ?? entries[0];
  if (!chosen) return undefined;
  const value = resolver.deref(chosen.value);
  if (value.isForeign) return undefined;
  let node = value.node;
  let name = `the request schema for ${String(chosen.key.value)}`;
  // A name of a global model: `provider.apiGateway.request.schemas.<name>.schema`.
  if (isScalar(node)) {
    const global = resolver.deref(nodeAt(model.document.root, ['provider', 'apiGateway', 'request', 'schemas', String(node.value)]));
    if (global.isForeign || !isMap(global.node)) return undefined;
    name = `the model ${String(node.value)}`;
    node = global.node;
  }
  if (!isMap(node)) return undefined;
  const inner = entryOf(node, 'schema');
  if (inner) {
    const schema = resolver.deref(inner.value);
    if (schema.isForeign || !isMap(schema.node)) return undefined;
    node = schema.node;
  }
  return { contentTypes, schema: plainValueOf(node), node: node as SourceNode, name };
}

function samBodyModel(model: AppModel, endpoint: Endpoint): EdgeBodyModel | undefined {
  const properties = valueOf(endpoint.declaration, 'Properties');
  const modelName = model.resolver.resolveString(valueOf(valueOf(properties, 'RequestModel'), 'Model'));
  if (!modelName) return undefined;
  const apiId = valueOf(properties, 'RestApiId');
  const api = apiId !== undefined && apiId !== null ? resourceById(model, referencedLogicalId(apiId)) : undefined;
  const models = api ? valueOf(api.properties, 'Models') : nodeAt(model.document.root, ['Globals', 'Api', 'Models']);
  const schema = valueOf(models, modelName);
  // SAM declares each model for application/json.
  return isMap(schema) ? { contentTypes: ['application/json'], schema: plainValueOf(schema), node: schema, name: `the model ${modelName}` } : undefined;
}

function cloudFormationBodyModel(model: AppModel, endpoint: Endpoint): EdgeBodyModel | undefined {
  const models = valueOf(endpoint.declaration, 'RequestModels');
  if (!isMap(models)) return undefined;
  const entries = mapEntries(models);
  const contentTypes = entries.map((entry) => String(entry.key.value));
  const chosen = entries.find((entry) => entry.key.value === '$default') ?? entries.find((entry) => entry.key.value === 'application/json') ?? entries[0];
  const resource = chosen && resourceById(model, referencedLogicalId(chosen.value));
  if (!resource || resource.type !== 'AWS::ApiGateway::Model') return undefined;
  const schemaNode = valueOf(resource.properties, 'Schema');
  if (isMap(schemaNode)) return { contentTypes, schema: plainValueOf(schemaNode), node: schemaNode, name: `the model ${resource.logicalId}` };
  // The Schema may be JSON text.
  if (isScalar(schemaNode) && typeof schemaNode.value === 'string') {
    try {
      return { contentTypes, schema: JSON.parse(schemaNode.value) as unknown, node: schemaNode, name: `the model ${resource.logicalId}` };
    } catch {
      return undefined;
    }
  }
  return undefined;
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


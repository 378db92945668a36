// Edge validation per endpoint form: each state of `requestValidationOf` from a small template, and
// `edgeValidationOf` (the project model's yes/no/unknown) derived from the same decision.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../model/build';
import type { DocumentKind } from '../types';
import { parseDocument } from '../parse';
import { edgeValidationOf, requestValidationOf } from './edge-validation';

function statesOf(kind: DocumentKind, text: string): string[] {
  const model = buildModel(parseDocument(kind === 'serverless' ? 'serverless.yml' : 'template.yaml', text), kind);
  return model.endpoints.map((endpoint) => {
    const validation = requestValidationOf(model, endpoint);
    const detail = 'validator' in validation ? ` ${validation.validator}` : '';
    return `${endpoint.method} ${endpoint.path}: ${validation.state}${detail} (${String(edgeValidationOf(model, endpoint))})`;
  });
}

const SERVERLESS = `service: shop
provider: { name: aws, runtime: nodejs20.x }
functions:
  a:
    handler: a.main
    events:
      - http: POST plain
      - http:
          method: post
          path: schemas
          request:
            schemas:
              application/json: \${file(schema.json)}
      - http: { method: post, path: empty, request: { schemas: {} } }
      - http: { method: post, path: plugin, reqValidatorName: onlyBody }
      - http: { method: post, path: none }
      - httpApi: { method: POST, path: /api }
`;

const SAM = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      CodeUri: src
      Events:
        Validated: { Type: Api, Properties: { Path: /validated, Method: post, RequestModel: { Model: Order, ValidateBody: true } } }
        Off: { Type: Api, Properties: { Path: /off, Method: post, RequestModel: { Model: Order, ValidateBody: false } } }
        Unset: { Type: Api, Properties: { Path: /unset, Method: post, RequestModel: { Model: Order } } }
        Odd: { Type: Api, Properties: { Path: /odd, Method: post, RequestModel: { Model: Order, ValidateBody: maybe } } }
        NoModel: { Type: Api, Properties: { Path: /nomodel, Method: post } }
        Elsewhere: { Type: Api, Properties: { Path: /elsewhere, Method: post, RestApiId: !ImportValue SharedApi } }
`;

const CLOUDFORMATION = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api: { Type: AWS::ApiGateway::RestApi, Properties: { Name: shop } }
  BodyValidator: { Type: AWS::ApiGateway::RequestValidator, Properties: { RestApiId: !Ref Api, ValidateRequestBody: true } }
  ParamsValidator: { Type: AWS::ApiGateway::RequestValidator, Properties: { RestApiId: !Ref Api, ValidateRequestBody: false, ValidateRequestParameters: true } }
  Validated:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: POST, AuthorizationType: NONE, RequestValidatorId: !Ref BodyValidator, RequestModels: { application/json: Order }, Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: x } }
  SkipsBody:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: PUT, AuthorizationType: NONE, RequestValidatorId: !Ref ParamsValidator, RequestModels: { application/json: Order }, Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: x } }
  NoModels:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: PATCH, AuthorizationType: NONE, RequestValidatorId: !Ref BodyValidator, Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: x } }
  Absent:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: DELETE, AuthorizationType: NONE, Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: x } }
`;

describe('edge validation', () => {
  it('reads Serverless request.schemas, a plugin validator and HTTP APIs', () => {
    assert.deepEqual(statesOf('serverless', SERVERLESS), [
      'POST /plain: absent (false)',
      'POST /schemas: validated (true)',
      'POST /empty: absent (false)',
      'POST /plugin: unknown (undefined)',
      'POST /none: absent (false)',
      'POST /api: unsupported (false)',
    ]);
  });

  it('reads SAM RequestModel and ValidateBody, and leaves an API from another stack unknown', () => {
    assert.deepEqual(statesOf('sam', SAM).sort(), [
      'POST /elsewhere: unknown (undefined)',
      'POST /nomodel: absent (false)',
      'POST /odd: unknown (undefined)',
      'POST /off: model-not-validated (false)',
      'POST /unset: model-not-validated (false)',
      'POST /validated: validated (true)',
    ]);
  });

  it('reads CloudFormation validators and RequestModels', () => {
    assert.deepEqual(statesOf('cloudformation', CLOUDFORMATION).sort(), [
      'DELETE /: absent (false)',
      'PATCH /: no-model BodyValidator (false)',
      'POST /: validated (true)',
      'PUT /: validator-skips-body ParamsValidator (false)',
    ]);
  });
});

// Each endpoint of the inventory names its API when a template can hold several of one kind
// (CloudFormation and SAM), so the report and the Endpoints view can group routes by API.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { allRules } from '../../rules';

const apisOf = (path: string, text: string) => analyze({ path, text, rules: allRules }).endpoints.map((endpoint) => `${endpoint.kind} ${endpoint.method} ${endpoint.path} ${endpoint.api ?? '-'}`);

describe('the API of each endpoint', () => {
  it('SAM: implicit REST and HTTP APIs by their generated ids, an explicit one by its logical id', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  AdminApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.h
      Runtime: nodejs20.x
      Events:
        Implicit:
          Type: Api
          Properties: { Path: /public, Method: get }
        Admin:
          Type: Api
          Properties: { Path: /admin, Method: post, RestApiId: !Ref AdminApi }
        Http:
          Type: HttpApi
          Properties: { Path: /h, Method: get }
`;
    assert.deepEqual(apisOf('template.yaml', text), ['rest GET /public ServerlessRestApi', 'rest POST /admin AdminApi', 'http GET /h ServerlessHttpApi']);
  });

  it('CloudFormation: a method by its RestApiId, a route by its ApiId; Serverless and function URLs name none', () => {
    const cloudformation = `Resources:
  Orders:
    Type: AWS::ApiGateway::RestApi
  Root:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Orders
      ResourceId: !GetAtt Orders.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: h, ProtocolType: HTTP }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Http
      RouteKey: GET /items
`;
    assert.deepEqual(apisOf('template.yaml', cloudformation), ['rest GET / Orders', 'http GET /items Http']);
    const serverless = `service: s
provider:
  name: aws
functions:
  f:
    handler: h.f
    url: true
    events:
      - http: { path: /a, method: get }
`;
    assert.deepEqual(apisOf('serverless.yml', serverless).map((line) => line.split(' ').pop()), ['-', '-']);
  });
});

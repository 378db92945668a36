// A REST method's integration URI built with Fn::Join names the function after a pseudo parameter
// (`!Ref AWS::Region`): the route belongs to the function, not to `AWS::Region`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { analyze } from '../../server/src/engine';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: orders }
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Orders
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Join ['', ['arn:aws:apigateway:', !Ref 'AWS::Region', ':lambda:path/2015-03-31/functions/', !GetAtt OrdersFunction.Arn, '/invocations']]
  OrdersFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: 'exports.handler = async () => 1' }
`;

describe('integration URIs built with Fn::Join', () => {
  it('link the route to the function, past the pseudo parameter', () => {
    const result = analyze({ path: 'template.yaml', text: TEMPLATE, rules: allRules });
    assert.deepEqual(result.endpoints.map((endpoint) => [endpoint.method, endpoint.functionName]), [['GET', 'OrdersFunction']]);
  });
});

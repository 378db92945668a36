// The endpoint inventory names the function an integration URI invokes, read from the part between
// `functions/` and `/invocations` (or a bare function ARN), in every format and intrinsic form; a
// pseudo parameter, a template parameter or a function built from the stack name is unknown, never
// shown as the function.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { analyze, joinHandlerCode, type HandlerCodeSummary } from '../../server/src/engine';

function functionsOf(path: string, text: string): Array<[string, string, string | undefined]> {
  const result = analyze({ path, text, rules: allRules });
  assert.deepEqual(result.internalErrors, []);
  return result.endpoints.map((endpoint) => [endpoint.method, endpoint.path, endpoint.functionName]);
}

const FUNCTIONS = `  OrdersFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: 'exports.handler = async () => 1' }
  OrdersAlias:
    Type: AWS::Lambda::Alias
    Properties: { FunctionName: !Ref OrdersFunction, FunctionVersion: '1', Name: live }
`;

function restMethod(name: string, path: string, uri: string): string {
  return `  ${name}Resource:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: ${path} }
  ${name}:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref ${name}Resource
      HttpMethod: GET
      AuthorizationType: AWS_IAM
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: ${uri}
`;
}

describe('integration URIs in the endpoint inventory', () => {
  it('CloudFormation YAML: Fn::Sub with ${AWS::Region} names the function (response streaming too), not the pseudo parameter; unknown parts and HTTP or service integrations stay unknown', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ExternalFunctionArn: { Type: String }
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
${restMethod('Sub', 'sub', '!Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${OrdersFunction.Arn}/invocations"')}
${restMethod('Partition', 'partition', '!Sub "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${OrdersAlias}/invocations"')}
${restMethod('Parameter', 'parameter', '!Sub "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ExternalFunctionArn}/invocations"')}
${restMethod('StackName', 'stackname', "!Sub 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-Orders/invocations'")}
${restMethod('Streaming', 'streaming', "!Sub 'arn:aws:apigateway:${AWS::Region}:lambda:path/2021-11-15/functions/${OrdersFunction.Arn}/response-streaming-invocations'")}
${restMethod('Http', 'http', '!Sub "http://${LoadBalancerDns}/orders"')}
${restMethod('Sqs', 'sqs', '!Sub "arn:aws:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/${OrdersFunction}"')}
${restMethod('Vars', 'vars', `
          Fn::Sub:
            - arn:aws:apigateway:\${Region}:lambda:path/2015-03-31/functions/\${Target}/invocations
            - Region: !Ref AWS::Region
              Target: !GetAtt OrdersFunction.Arn`)}
${FUNCTIONS}`;
    assert.deepEqual(functionsOf('template.yaml', text), [
      ['GET', '/sub', 'OrdersFunction'],
      ['GET', '/partition', 'OrdersFunction'],
      ['GET', '/parameter', undefined],
      ['GET', '/stackname', undefined],
      ['GET', '/streaming', 'OrdersFunction'],
      ['GET', '/http', undefined],
      ['GET', '/sqs', undefined],
      ['GET', '/vars', 'OrdersFunction'],
    ]);
  });

  it('CloudFormation JSON: Fn::Join with a pseudo parameter, and an HTTP API integration given the function ARN itself', () => {
    const text = JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api' } },
          Get: {
            Type: 'AWS::ApiGateway::Method',
            Properties: {
              RestApiId: { Ref: 'Api' },
              ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
              HttpMethod: 'GET',
              AuthorizationType: 'AWS_IAM',
              Integration: { Type: 'AWS_PROXY', Uri: { 'Fn::Join': ['', ['arn:aws:apigateway:', { Ref: 'AWS::Region' }, ':lambda:path/2015-03-31/functions/', { 'Fn::GetAtt': ['OrdersFunction', 'Arn'] }, '/invocations']] } },
            },
          },
          Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'http', ProtocolType: 'HTTP' } },
          Integration: { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'Http' }, IntegrationType: 'AWS_PROXY', IntegrationUri: { 'Fn::GetAtt': ['OrdersFunction', 'Arn'] } } },
          Route: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Http' }, RouteKey: 'GET /orders', AuthorizationType: 'AWS_IAM', Target: { 'Fn::Join': ['/', ['integrations', { Ref: 'Integration' }]] } } },
          OrdersFunction: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' } } },
        },
      },
      null,
      2,
    );
    assert.deepEqual(functionsOf('template.json', text), [
      ['GET', '/', 'OrdersFunction'],
      ['GET', '/orders', 'OrdersFunction'],
    ]);
  });

  it('SAM: an OpenAPI body whose uri is a Fn::Sub names the function (its alias too); a Fn::Join uri as well', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: AWS_IAM
      DefinitionBody:
        openapi: 3.0.1
        paths:
          /orders:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${OrdersFunction.Alias}/invocations
          /items:
            get:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Join ['', ['arn:aws:apigateway:', !Ref AWS::Region, ':lambda:path/2015-03-31/functions/', !GetAtt ItemsFunction.Arn, '/invocations']]
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties: { Handler: app.h, Runtime: nodejs20.x, AutoPublishAlias: live }
  ItemsFunction:
    Type: AWS::Serverless::Function
    Properties: { Handler: app.h, Runtime: nodejs20.x }
`;
    assert.deepEqual(functionsOf('template.yaml', text), [
      ['GET', '/orders', 'OrdersFunction'],
      ['GET', '/items', 'ItemsFunction'],
    ]);
  });

  it("serverless.yml: a method in resources that invokes a function's generated <Name>LambdaFunction is that function's", () => {
    const text = `service: shop
provider:
  name: aws
functions:
  list-orders:
    handler: src/orders.list
resources:
  Resources:
    Api:
      Type: AWS::ApiGateway::RestApi
      Properties: { Name: api }
    Get:
      Type: AWS::ApiGateway::Method
      Properties:
        RestApiId: !Ref Api
        ResourceId: !GetAtt Api.RootResourceId
        HttpMethod: GET
        AuthorizationType: AWS_IAM
        Integration:
          Type: AWS_PROXY
          Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${ListDashordersLambdaFunction.Arn}/invocations
`;
    assert.deepEqual(functionsOf('serverless.yml', text), [['GET', '/', 'list-orders']]);
  });

  it("lets the handler join find the route's function, so a handler that verifies a token lowers route-missing-auth", () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api }
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        Uri:
          Fn::Sub:
            - arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Target}/invocations
            - Target: !GetAtt OrdersFunction.Arn
${FUNCTIONS}`;
    const result = analyze({ path: 'template.yaml', text, rules: allRules });
    const summary: HandlerCodeSummary = { path: 'src/orders.js', exportName: 'handler', auth: 'verified', authVia: 'jsonwebtoken.verify', validators: [], sinks: [] };
    const before = result.findings.find((finding) => finding.ruleId === 'route-missing-auth');
    assert.equal(before?.severity, 'warning');
    const joined = joinHandlerCode(result, new Map([['OrdersFunction', summary]]));
    const after = joined.findings.find((finding) => finding.ruleId === 'route-missing-auth');
    assert.equal(after?.severity, 'info');
    assert.match(after!.message, /verifies a token itself \(jsonwebtoken\.verify\)/);
    assert.equal(joined.endpoints[0].handler?.auth, 'verified');
  });
});

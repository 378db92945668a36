import rule from './rest-route-missing-request-validation';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: request.schemas (v3) and request.schema (v2), GET and DELETE routes, a mock, a validator plugin',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  create:
    handler: h.create
    events:
      - http:
          path: orders
          method: post
          request:
            schemas:
              application/json: \${file(schemas/order.json)}
      - http:
          path: orders/{id}
          method: put
          request:
            schema:
              application/json: { type: object, required: [name] }
      - http: GET orders
      - http: DELETE orders/{id}
      - http: ANY {proxy+}
      - http:
          path: ping
          method: post
          integration: mock
      - http:
          path: legacy
          method: patch
          reqValidatorName: onlyBody
`,
    },
    {
      name: 'SAM: RequestModel with ValidateBody, an API with an OpenAPI definition, and an API from another template',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Models:
        Order: { type: object, required: [id] }
  OpenApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: ./openapi.yaml
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Create:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: post
            RequestModel:
              Model: Order
              Required: true
              ValidateBody: true
        Defined:
          Type: Api
          Properties:
            RestApiId: !Ref OpenApi
            Path: /orders
            Method: put
        List:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders
            Method: get
`,
    },
    {
      name: 'CloudFormation: a body validator with a model, a validator id from a parameter, a MOCK method',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ValidatorId:
    Type: String
Resources:
  Validator:
    Type: AWS::ApiGateway::RequestValidator
    Properties:
      RestApiId: !Ref Api
      ValidateRequestBody: true
      ValidateRequestParameters: false
  PostMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref OrdersResource
      HttpMethod: POST
      AuthorizationType: AWS_IAM
      RequestValidatorId: !Ref Validator
      RequestModels:
        application/json: !Ref OrderModel
  PutMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref OrdersResource
      HttpMethod: PUT
      AuthorizationType: AWS_IAM
      RequestValidatorId: !Ref ValidatorId
  MockMethod:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref OrdersResource
      HttpMethod: PATCH
      AuthorizationType: AWS_IAM
      Integration:
        Type: MOCK
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: shorthand and long form without schemas',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  create:
    handler: h.create
    events:
      - http: POST orders
#       ^^^^ rest-route-missing-request-validation:missingValidation
      - http:
#       ^^^^ rest-route-missing-request-validation:missingValidation
          path: orders/{id}
          method: patch
          request:
            parameters:
              paths:
                id: true
`,
      errors: [
        { messageId: 'missingValidation', data: { method: 'POST', path: '/orders' } },
        { messageId: 'missingValidation', data: { method: 'PATCH', path: '/orders/{id}' } },
      ],
    },
    {
      name: 'SAM: an implicit API route without RequestModel, and a RequestModel without ValidateBody (fix)',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Models:
        Order: { type: object }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Implicit:
#       ^^^^^^^^ rest-route-missing-request-validation:missingValidation
          Type: Api
          Properties:
            Path: /orders
            Method: post
        Modelled:
#       ^^^^^^^^ rest-route-missing-request-validation:modelNotValidated
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders/{id}
            Method: put
            RequestModel:
              Model: Order # documented only
              Required: true
`,
      errors: [{ messageId: 'missingValidation', data: { method: 'POST', path: '/orders' } }, { messageId: 'modelNotValidated', data: { method: 'PUT' } }],
      fixIndex: 1,
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Models:
        Order: { type: object }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Implicit:
          Type: Api
          Properties:
            Path: /orders
            Method: post
        Modelled:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /orders/{id}
            Method: put
            RequestModel:
              Model: Order # documented only
              Required: true
              ValidateBody: true
`,
    },
    {
      name: 'SAM: ValidateBody false in a flow map; the fix replaces the value',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  Strict: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Create:
#       ^^^^^^ rest-route-missing-request-validation:modelNotValidated
          Type: Api
          Properties:
            Path: /orders
            Method: post
            RequestModel: { Model: Order, ValidateBody: false }
`,
      errors: [{ messageId: 'modelNotValidated' }],
      output: `Transform: AWS::Serverless-2016-10-31
Conditions:
  Strict: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: python3.12
      Events:
        Create:
          Type: Api
          Properties:
            Path: /orders
            Method: post
            RequestModel: { Model: Order, ValidateBody: true }
`,
    },
    {
      name: 'CloudFormation: no validator, a parameters-only validator, and a body validator without a model',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  ParamsOnly:
    Type: AWS::ApiGateway::RequestValidator
    Properties:
      RestApiId: !Ref Api
      ValidateRequestParameters: true
  BodyValidator:
    Type: AWS::ApiGateway::RequestValidator
    Properties:
      RestApiId: !Ref Api
      ValidateRequestBody: true
  OrdersResource:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: orders
  PostMethod:
# ^^^^^^^^^^ rest-route-missing-request-validation:missingValidation
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref OrdersResource
      HttpMethod: POST
      AuthorizationType: AWS_IAM
  PutMethod:
# ^^^^^^^^^ rest-route-missing-request-validation:validatorSkipsBody
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref OrdersResource
      HttpMethod: PUT
      AuthorizationType: AWS_IAM
      RequestValidatorId: !Ref ParamsOnly
      RequestModels:
        application/json: Order
  PatchMethod:
# ^^^^^^^^^^^ rest-route-missing-request-validation:noModel
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref OrdersResource
      HttpMethod: PATCH
      AuthorizationType: AWS_IAM
      RequestValidatorId: !Ref BodyValidator
`,
      errors: [
        { messageId: 'missingValidation', data: { method: 'POST', path: '/orders' } },
        { messageId: 'validatorSkipsBody', data: { validator: 'ParamsOnly' } },
        { messageId: 'noModel', data: { validator: 'BodyValidator' } },
      ],
    },
    {
      name: 'CloudFormation JSON: a POST method without a validator',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "ProxyMethod": {
//  ^^^^^^^^^^^^^ rest-route-missing-request-validation:missingValidation
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "RestApiId": { "Ref": "Api" },
        "ResourceId": { "Ref": "ProxyResource" },
        "HttpMethod": "POST",
        "AuthorizationType": "NONE",
        "Integration": { "Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": { "Fn::Sub": "arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations" } }
      }
    },
    "GetMethod": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": { "RestApiId": { "Ref": "Api" }, "ResourceId": { "Ref": "ProxyResource" }, "HttpMethod": "GET", "AuthorizationType": "NONE" }
    }
  }
}
`,
      errors: [{ messageId: 'missingValidation', data: { method: 'POST' } }],
    },
  ],
});

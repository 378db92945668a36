import rule from './openapi-http-scheme';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'SAM: https only; OpenAPI 3 has no schemes; an external definition is not read',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        swagger: '2.0'
        schemes: [https]
        paths: {}
  Api3:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        openapi: 3.0.1
        servers: [{ url: 'https://example.com' }]
        paths: {}
  External:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: ./swagger.yaml
`,
    },
  ],
  invalid: [
    {
      name: 'SAM: schemes [http], fixed to https',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        swagger: '2.0'
        schemes:
          - http # legacy
#           ^^^^ openapi-http-scheme:httpScheme
        paths: {}
`,
      errors: [{ messageId: 'httpScheme', data: { api: 'Api' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        swagger: '2.0'
        schemes:
          - https # legacy
        paths: {}
`,
    },
    {
      name: 'CloudFormation: an operation-level scheme list with both (no fix)',
      path: 'template.yaml',
      code: `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: '2.0'
        paths:
          /a:
            get:
              schemes: [http, https]
#                       ^^^^ openapi-http-scheme:httpScheme
`,
      errors: [{ messageId: 'httpScheme', data: { where: 'for GET /a' } }],
    },
    {
      name: 'CloudFormation JSON: schemes ["http"], fixed to https',
      path: 'template.json',
      code: `{
  "Resources": {
    "Api": {
      "Type": "AWS::ApiGateway::RestApi",
      "Properties": {
        "Body": { "swagger": "2.0", "schemes": ["http"], "paths": {} }
//                                              ^^^^^^ openapi-http-scheme:httpScheme
      }
    }
  }
}`,
      errors: [{ messageId: 'httpScheme' }],
      output: `{
  "Resources": {
    "Api": {
      "Type": "AWS::ApiGateway::RestApi",
      "Properties": {
        "Body": { "swagger": "2.0", "schemes": ["https"], "paths": {} }
      }
    }
  }
}`,
    },
  ],
});

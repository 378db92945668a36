import assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './appsync-api-key-only-auth';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: Cognito by default, the API key only as an additional provider',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: AMAZON_COGNITO_USER_POOLS
      AdditionalAuthenticationProviders:
        - AuthenticationType: API_KEY
`,
    },
    {
      name: 'SAM: IAM; serverless plugin v2: a Lambda authorizer',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth:
        Type: AWS_IAM
`,
    },
    {
      name: 'CloudFormation: an additional provider that cannot be read gives no finding',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Extra: { Type: String }
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: API_KEY
      AdditionalAuthenticationProviders:
        - AuthenticationType: !Ref Extra
`,
    },
    {
      name: 'an authentication type that cannot be resolved is unknown: no finding',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
appSync:
  name: orders-api
  authentication:
    type: \${ssm:/appsync/auth}
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: an API key alone',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: API_KEY
#                         ^^^^^^^ appsync-api-key-only-auth:apiKeyOnly
`,
      errors: [{ messageId: 'apiKeyOnly', data: { name: 'Api', when: '' } }],
    },
    {
      name: 'CloudFormation JSON: the API key by default, Cognito beside it (info)',
      path: 'template.json',
      code: `{
  "Resources": {
    "Api": {
      "Type": "AWS::AppSync::GraphQLApi",
      "Properties": {
        "Name": "orders",
        "AuthenticationType": "API_KEY",
//                            ^^^^^^^^^ appsync-api-key-only-auth:apiKeyDefault
        "AdditionalAuthenticationProviders": [{ "AuthenticationType": "AMAZON_COGNITO_USER_POOLS" }]
      }
    }
  }
}
`,
      errors: [{ messageId: 'apiKeyDefault', data: { name: 'Api', others: 'AMAZON_COGNITO_USER_POOLS' } }],
    },
    {
      name: 'SAM: Auth.Type API_KEY',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth:
        Type: API_KEY
#             ^^^^^^^ appsync-api-key-only-auth:apiKeyOnly
`,
      errors: [{ messageId: 'apiKeyOnly', data: { name: 'Api' } }],
    },
    {
      name: 'serverless: the AppSync plugin, v2 and v1',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
plugins:
  - serverless-appsync-plugin
appSync:
  name: orders-api
  authentication:
    type: API_KEY
#         ^^^^^^^ appsync-api-key-only-auth:apiKeyOnly
  apiKeys:
    - name: web
custom:
  appSync:
    - name: legacy-api
      authenticationType: API_KEY
#                         ^^^^^^^ appsync-api-key-only-auth:apiKeyDefault
      additionalAuthenticationProviders:
        - authenticationType: AWS_IAM
`,
      errors: [
        { messageId: 'apiKeyOnly', data: { name: 'orders-api' } },
        { messageId: 'apiKeyDefault', data: { name: 'legacy-api', others: 'AWS_IAM' } },
      ],
    },
    {
      name: 'serverless: the plugin v2 additional providers through a variable are read (info)',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
custom:
  providers:
    - type: AWS_IAM
appSync:
  name: orders-api
  authentication:
    type: API_KEY
#         ^^^^^^^ appsync-api-key-only-auth:apiKeyDefault
  additionalAuthentications: \${self:custom.providers}
`,
      errors: [{ messageId: 'apiKeyDefault', data: { name: 'orders-api', others: 'AWS_IAM' } }],
    },
  ],
});

it('appsync-api-key-only-auth: a key alone is a warning, a key beside another provider is info', () => {
  const template = (additional: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: API_KEY
${additional}`;
  const severities = (text: string) => analyze({ path: 'template.yaml', text, rules: [rule] }).findings.map((finding) => finding.severity);
  assert.deepEqual(severities(template('')), ['warning']);
  assert.deepEqual(severities(template('      AdditionalAuthenticationProviders:\n        - AuthenticationType: AWS_IAM\n')), ['info']);
});

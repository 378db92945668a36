import rule from './secret-parameter-default';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: no default, placeholders, pointers and non-secret parameters',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
  ApiKeyParameterName:
    Type: String
    Default: /orders/prod/api-key
  TokenTtl:
    Type: Number
    Default: 3600
  SecretArn:
    Type: String
    Default: arn:aws:secretsmanager:us-east-1:123456789012:secret:db
  AdminPassword:
    Type: String
    NoEcho: true
    Default: ChangeMe
  DbPasswordFromSsm:
    Type: AWS::SSM::Parameter::Value<String>
    Default: orders-db-password
  Stage:
    Type: String
    Default: prod
  TestUserPassword:
    Type: String
    Default: Passw0rd1
Resources:
  Topic:
    Type: AWS::SNS::Topic
`,
    },
    {
      name: 'SAM JSON: a NoEcho parameter without a default',
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Parameters": { "ApiToken": { "Type": "String", "NoEcho": true } },
  "Resources": {}
}
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a password default without NoEcho becomes NoEcho',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  DBPassword:
    Type: String
    Description: Master password # shown in the console
    Default: S3cretPassw0rd!
#            ^^^^^^^^^^^^^^^ secret-parameter-default:secretDefaultShown
    MinLength: 8
Resources:
  Topic:
    Type: AWS::SNS::Topic
`,
      errors: [{ messageId: 'secretDefaultShown', data: { name: 'DBPassword', kind: 'password' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  DBPassword:
    Type: String
    Description: Master password # shown in the console
    NoEcho: true
    MinLength: 8
Resources:
  Topic:
    Type: AWS::SNS::Topic
`,
    },
    {
      name: 'SAM YAML: NoEcho with a literal default is still a secret in the template',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  GithubToken:
    Type: String
    NoEcho: true
    Default: ghp_abcdefghijklmnopqrstuvwxyz0123456789
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ secret-parameter-default:secretDefaultNoEcho
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
`,
      errors: [{ messageId: 'secretDefaultNoEcho', data: { name: 'GithubToken', kind: 'GitHub token' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Parameters:
  GithubToken:
    Type: String
    NoEcho: true
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
`,
    },
    {
      name: 'CloudFormation JSON: an API key default',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {
    "StripeApiKey": {
      "Type": "String",
      "Default": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
//               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ secret-parameter-default:secretDefaultShown
    }
  },
  "Resources": {}
}
`,
      errors: [{ messageId: 'secretDefaultShown', data: { name: 'StripeApiKey' } }],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {
    "StripeApiKey": {
      "Type": "String",
      "NoEcho": true
    }
  },
  "Resources": {}
}
`,
    },
    {
      name: 'serverless: resources.Parameters',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
resources:
  Parameters:
    SlackWebhookSecret:
      Type: String
      Default: 9f8e7d6c5b4a39281706
#              ^^^^^^^^^^^^^^^^^^^^ secret-parameter-default
`,
      errors: [{ messageId: 'secretDefaultShown', data: { name: 'SlackWebhookSecret', kind: 'secret' } }],
    },
  ],
});

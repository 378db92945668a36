import rule from './ssm-parameter-plaintext-secret';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: names that are not secrets, references, placeholders and test values',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Qualifier:
    Type: String
Resources:
  TableName:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /orders/table-name
      Type: String
      Value: akdfaksdfjkasdfjskafjdkfajsdfk345
  BootstrapVersion:
    Type: AWS::SSM::Parameter
    Properties:
      Name: secret
      Type: String
      Value: !Sub '/cdk-bootstrap/\${Qualifier}/version'
  FromResource:
    Type: AWS::SSM::Parameter
    Properties:
      Name: SuperSecret
      Type: String
      Value: !GetAtt Secret.Id
  Example:
    Type: AWS::SSM::Parameter
    Properties:
      Name: MYSECRET2
      Type: String
      Value: akdfaksdfjkaEXAMPLEsdfjskafjdkfajsdfk345
  ForTests:
    Type: AWS::SSM::Parameter
    Properties:
      Name: MYSECRET_TEST
      Type: String
      Value: akdfaksdfjkasdfjskafjdkfajsdfk345
  SecretArn:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /orders/db-secret-arn
      Type: String
      Value: arn:aws:secretsmanager:us-east-1:123456789012:secret:db
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a secret by name, and by shape in a StringList',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  ApiKey:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /myapp/api_key
      Type: String
      Value: akdfaksdfjkasdfjskafjdkfajsdfk345
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ssm-parameter-plaintext-secret:plaintextSecret
  Hooks:
    Type: AWS::SSM::Parameter
    Properties:
      Name: /myapp/hooks
      Type: StringList
      Value: sk_live_4eC39HqLyjWDarjtT1zdp7dc
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ssm-parameter-plaintext-secret:plaintextSecret
`,
      errors: [
        { messageId: 'plaintextSecret', data: { parameter: 'ApiKey', kind: 'key' } },
        { messageId: 'plaintextSecret', data: { parameter: 'Hooks', type: 'StringList', kind: 'Stripe live secret key' } },
      ],
    },
    {
      name: 'CloudFormation YAML: the false branch of an Fn::If is a literal secret',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  DbPassword:
    Type: AWS::SSM::Parameter
    Properties:
      Name: MYSECRET
      Type: String
      Value: !If [IsProd, !GetAtt Secret.Id, 'dev-pa55word-9']
#            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ssm-parameter-plaintext-secret:plaintextSecret
`,
      errors: [{ messageId: 'plaintextSecret', data: { parameter: 'DbPassword', when: 'when condition IsProd is false' } }],
    },
    {
      name: 'CloudFormation JSON',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Token": {
      "Type": "AWS::SSM::Parameter",
      "Properties": { "Name": "/app/slack-token", "Type": "String", "Value": "xoxb-1234567890-abcdefghij" }
//                                                                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ ssm-parameter-plaintext-secret
    }
  }
}
`,
      errors: [{ messageId: 'plaintextSecret', data: { kind: 'Slack token' } }],
    },
    {
      name: 'serverless: a parameter in resources.Resources, value from custom',
      path: 'serverless.yml',
      code: `service: orders
custom:
  dbPassword: hunter2-prod
provider:
  name: aws
resources:
  Resources:
    DbPassword:
      Type: AWS::SSM::Parameter
      Properties:
        Name: /orders/\${sls:stage}/db-password
        Type: String
        Value: \${self:custom.dbPassword}
#              ^^^^^^^^^^^^^^^^^^^^^^^^^ ssm-parameter-plaintext-secret
`,
      errors: [{ messageId: 'plaintextSecret', data: { kind: 'password' } }],
    },
    {
      name: 'SAM YAML',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  ClientSecret:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Name: oauth-client-secret
      Value: 'q8ZfR2xN7vL0pK4s'
#            ^^^^^^^^^^^^^^^^^^ ssm-parameter-plaintext-secret
`,
      errors: [{ messageId: 'plaintextSecret', data: { kind: 'secret' } }],
    },
  ],
});

import rule from './cognito-user-pool-mfa-disabled';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: MFA ON, OPTIONAL, and from a parameter without default',
      path: 'template.yaml',
      code: `Parameters:
  Mfa:
    Type: String
Resources:
  Required:
    Type: AWS::Cognito::UserPool
    Properties:
      MfaConfiguration: 'ON'
      EnabledMfas: [SOFTWARE_TOKEN_MFA]
  Optional:
    Type: AWS::Cognito::UserPool
    Properties:
      MfaConfiguration: OPTIONAL
      EnabledMfas: [SOFTWARE_TOKEN_MFA, SMS_MFA]
  FromParameter:
    Type: AWS::Cognito::UserPool
    Properties:
      MfaConfiguration: !Ref Mfa
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: MfaConfiguration absent; the fix offers authenticator apps',
      path: 'template.yaml',
      code: `Resources:
  Users:
# ^^^^^ cognito-user-pool-mfa-disabled:unset
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: users # the app's users
      UsernameAttributes: [email]
`,
      errors: [{ messageId: 'unset', data: { resource: 'Users', when: '', factors: '' } }],
      output: `Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      UserPoolName: users # the app's users
      UsernameAttributes: [email]
      MfaConfiguration: OPTIONAL
      EnabledMfas:
        - SOFTWARE_TOKEN_MFA
`,
    },
    {
      name: 'CloudFormation: MfaConfiguration OFF with EnabledMfas listed',
      path: 'template.yaml',
      code: `Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      MfaConfiguration: 'OFF' # for now
#     ^^^^^^^^^^^^^^^^ cognito-user-pool-mfa-disabled:off
      EnabledMfas: [SOFTWARE_TOKEN_MFA]
`,
      errors: [{ messageId: 'off', data: { factors: ' (EnabledMfas only chooses the factors once MFA is OPTIONAL or ON)' } }],
      output: `Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      MfaConfiguration: OPTIONAL # for now
      EnabledMfas: [SOFTWARE_TOKEN_MFA]
`,
    },
    {
      name: 'SAM: OFF on one branch of a condition (no fix)',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      MfaConfiguration: !If [IsProd, 'ON', 'OFF']
#     ^^^^^^^^^^^^^^^^ cognito-user-pool-mfa-disabled:off
      EnabledMfas: [SOFTWARE_TOKEN_MFA]
  Authorizer:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
`,
      errors: [{ messageId: 'off', data: { when: ' when condition IsProd is false' } }],
    },
    {
      name: 'serverless.yml: a user pool under resources.Resources',
      path: 'serverless.yml',
      code: `service: accounts
provider:
  name: aws
resources:
  Resources:
    UserPool:
#   ^^^^^^^^ cognito-user-pool-mfa-disabled:unset
      Type: AWS::Cognito::UserPool
      Properties:
        UserPoolName: accounts-\${sls:stage}
`,
      errors: [{ messageId: 'unset', data: { resource: 'UserPool' } }],
      output: `service: accounts
provider:
  name: aws
resources:
  Resources:
    UserPool:
      Type: AWS::Cognito::UserPool
      Properties:
        UserPoolName: accounts-\${sls:stage}
        MfaConfiguration: OPTIONAL
        EnabledMfas:
          - SOFTWARE_TOKEN_MFA
`,
    },
    {
      name: 'CloudFormation JSON: MfaConfiguration OFF',
      path: 'template.json',
      code: `{
  "Resources": {
    "Users": {
      "Type": "AWS::Cognito::UserPool",
      "Properties": {
        "UserPoolName": "users",
        "MfaConfiguration": "OFF"
//      ^^^^^^^^^^^^^^^^^^ cognito-user-pool-mfa-disabled:off
      }
    }
  }
}`,
      errors: [{ messageId: 'off', data: { resource: 'Users' } }],
      output: `{
  "Resources": {
    "Users": {
      "Type": "AWS::Cognito::UserPool",
      "Properties": {
        "UserPoolName": "users",
        "MfaConfiguration": "OPTIONAL",
        "EnabledMfas": [
          "SOFTWARE_TOKEN_MFA"
        ]
      }
    }
  }
}`,
    },
  ],
});

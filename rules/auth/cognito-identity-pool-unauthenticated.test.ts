import rule from './cognito-identity-pool-unauthenticated';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: authenticated identities only, absent (false by default), and a parameter without default',
      path: 'template.yaml',
      code: `Parameters:
  AllowGuests:
    Type: String
Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false
  DefaultPool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      IdentityPoolName: default
  ParamPool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: !Ref AllowGuests
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: guest access, with the role from the role attachment',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: true # for the public map
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cognito-identity-pool-unauthenticated:guestAccess
  Roles:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref Pool
      Roles:
        unauthenticated: !GetAtt GuestRole.Arn
`,
      errors: [{ messageId: 'guestAccess', data: { resource: 'Pool', role: 'GuestRole' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Pool:
    Type: AWS::Cognito::IdentityPool
    Properties:
      AllowUnauthenticatedIdentities: false # for the public map
  Roles:
    Type: AWS::Cognito::IdentityPoolRoleAttachment
    Properties:
      IdentityPoolId: !Ref Pool
      Roles:
        unauthenticated: !GetAtt GuestRole.Arn
`,
    },
    {
      name: 'serverless: guest access on one branch of a condition',
      path: 'serverless.yml',
      code: `service: maps
provider:
  name: aws
resources:
  Conditions:
    IsDemo: { 'Fn::Equals': ['\${sls:stage}', demo] }
  Resources:
    Identities:
      Type: AWS::Cognito::IdentityPool
      Properties:
        AllowUnauthenticatedIdentities: !If [IsDemo, true, false]
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cognito-identity-pool-unauthenticated:guestAccess
`,
      errors: [{ messageId: 'guestAccess', data: { when: 'when condition IsDemo is true' } }],
    },
    {
      name: 'CloudFormation JSON: guest access',
      path: 'template.json',
      code: `{
  "Resources": {
    "Pool": {
      "Type": "AWS::Cognito::IdentityPool",
      "Properties": {
        "AllowUnauthenticatedIdentities": true
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ cognito-identity-pool-unauthenticated:guestAccess
      }
    }
  }
}`,
      errors: [{ messageId: 'guestAccess' }],
      output: `{
  "Resources": {
    "Pool": {
      "Type": "AWS::Cognito::IdentityPool",
      "Properties": {
        "AllowUnauthenticatedIdentities": false
      }
    }
  }
}`,
    },
  ],
});

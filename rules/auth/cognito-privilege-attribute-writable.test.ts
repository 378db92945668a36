import rule from './cognito-privilege-attribute-writable';
import { testRule } from '../support/rule-tester';

const CLIENT = (extra = '') => `  WebClient:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId: !Ref Users
      GenerateSecret: false${extra}
`;

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: the client leaves the attribute out of WriteAttributes',
      path: 'template.yaml',
      code: `Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      Schema:
        - { Name: is_admin, AttributeDataType: String, Mutable: true }
${CLIENT('\n      WriteAttributes: [email, name]')}`,
    },
    {
      name: 'CloudFormation: immutable, and only administrators create users; a developer-only attribute; a harmless name',
      path: 'template.yaml',
      code: `Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      AdminCreateUserConfig:
        AllowAdminCreateUserOnly: true
      Schema:
        - { Name: role, AttributeDataType: String, Mutable: false }
        - { Name: tenant_id, AttributeDataType: String, Mutable: true, DeveloperOnlyAttribute: true }
        - { Name: favorite_color, AttributeDataType: String, Mutable: true }
${CLIENT()}`,
    },
    {
      name: 'CloudFormation: no app client in the template: unknown, not reported',
      path: 'template.yaml',
      code: `Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      Schema:
        - { Name: is_admin, AttributeDataType: String, Mutable: true }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: a mutable is_admin and a client without WriteAttributes (the DVSA shape)',
      path: 'template.yaml',
      code: `Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      UsernameAttributes: [email]
      Schema:
        - AttributeDataType: String
          Name: is_admin
#               ^^^^^^^^ cognito-privilege-attribute-writable:writable
          Mutable: true
${CLIENT()}`,
      errors: [{ messageId: 'writable', data: { pool: 'Users', attribute: 'is_admin', client: 'WebClient', writes: 'has no WriteAttributes, so it writes every writable attribute', what: 'administrator rights' } }],
    },
    {
      name: 'serverless.yml: an immutable tenant id that users give at self sign-up, listed in WriteAttributes',
      path: 'serverless.yml',
      code: `service: saas
provider:
  name: aws
functions:
  api:
    handler: h.api
resources:
  Resources:
    Users:
      Type: AWS::Cognito::UserPool
      Properties:
        Schema:
          - Name: tenant_id
#                 ^^^^^^^^^ cognito-privilege-attribute-writable:writable
            AttributeDataType: String
            Mutable: false
    WebClient:
      Type: AWS::Cognito::UserPoolClient
      Properties:
        UserPoolId:
          Ref: Users
        WriteAttributes: [email, 'custom:tenant_id']
`,
      errors: [{ messageId: 'writable', data: { attribute: 'tenant_id', how: 'users sign themselves up and give the attribute at sign-up', writes: 'lists it in WriteAttributes', what: "another tenant's data" } }],
    },
  ],
});

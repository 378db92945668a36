import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import rule, { adminWordOf } from './admin-route-self-signup';
import { testRule } from '../support/rule-tester';
import { analyze, type WorkspaceFileReader } from '../../server/src/engine';

const SAM_POOL = (poolProperties: string, eventExtra = '', path = '/admin/orders', method = 'delete') => `Transform: AWS::Serverless-2016-10-31
Resources:
  UserPool:
    Type: AWS::Cognito::UserPool
    Properties:
${poolProperties}
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Users
        Authorizers:
          Users:
            UserPoolArn: !GetAtt UserPool.Arn
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Runtime: nodejs20.x
      Events:
        Route:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: ${path}
            Method: ${method}${eventExtra}
`;

describe('admin-route-self-signup: the word list', () => {
  it('matches whole words of paths and operationIds', () => {
    assert.equal(adminWordOf('/admin/users'), 'admin');
    assert.equal(adminWordOf('/api/v1/manage-users'), 'manage');
    assert.equal(adminWordOf('manageMenu'), 'manage');
    assert.equal(adminWordOf('/barista/orders/{id}'), 'barista');
    assert.equal(adminWordOf('/staff'), 'staff');
    assert.equal(adminWordOf('/internal/reindex'), 'internal');
    assert.equal(adminWordOf('/ops/stats'), 'ops');
    assert.equal(adminWordOf('getAdminReport'), 'admin');
    assert.equal(adminWordOf('/ADMIN_PANEL'), 'admin');
  });

  it('does not match words that only contain one', () => {
    for (const text of ['/shops', '/stops/{id}', '/administrative-area', '/badminton', '/orders', '/myadmin', 'listShops', '/topsecret', '/managed-rules', '/international']) {
      assert.equal(adminWordOf(text), undefined, text);
    }
  });
});

testRule(rule, {
  valid: [
    {
      name: 'SAM: the pool allows only administrators to create users',
      path: 'template.yaml',
      code: SAM_POOL(`      AdminCreateUserConfig:
        AllowAdminCreateUserOnly: true`),
    },
    {
      name: 'SAM: the route requires a scope',
      path: 'template.yaml',
      code: SAM_POOL(`      UserPoolName: users`, `
            Auth:
              AuthorizationScopes: [admin/write]`),
    },
    {
      name: 'SAM: a path that only contains an admin word (shops)',
      path: 'template.yaml',
      code: SAM_POOL(`      UserPoolName: users`, '', '/shops/{id}'),
    },
    {
      name: 'SAM: whether users can sign up depends on a parameter',
      path: 'template.yaml',
      code: `Parameters:
  AdminOnly:
    Type: String
${SAM_POOL(`      AdminCreateUserConfig:
        AllowAdminCreateUserOnly: !Ref AdminOnly`)}`,
    },
    {
      name: 'SAM: an IAM route on an admin path is not about user pools',
      path: 'template.yaml',
      code: SAM_POOL(`      UserPoolName: users`, `
            Auth:
              Authorizer: AWS_IAM`),
    },
    {
      name: 'SAM: the pool is in another stack (its ARN is a parameter)',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  PoolArn:
    Type: String
Resources:
  Local:
    Type: AWS::Cognito::UserPool
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Users
        Authorizers:
          Users:
            UserPoolArn: !Ref PoolArn
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Events:
        Route:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /admin
            Method: get
`,
    },
    {
      name: 'OpenAPI: the operation requires a scope of the Cognito scheme',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  UserPool:
    Type: AWS::Cognito::UserPool
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        swagger: '2.0'
        paths:
          /admin/menu:
            put:
              security:
                - Users: [menu/admin]
        securityDefinitions:
          Users:
            type: apiKey
            name: Authorization
            in: header
            x-amazon-apigateway-authtype: cognito_user_pools
            x-amazon-apigateway-authorizer:
              type: cognito_user_pools
              providerARNs: [!GetAtt UserPool.Arn]
`,
    },
  ],
  invalid: [
    {
      name: 'SAM: a DELETE on /admin behind a pool anyone can join (no AdminCreateUserConfig: the default allows sign-up)',
      path: 'template.yaml',
      code: SAM_POOL(`      UserPoolName: users`).replace('        Route:\n', '        Route:\n#       ^^^^^ admin-route-self-signup:selfSignupAdmin\n'),
      errors: [{ messageId: 'selfSignupAdmin', data: { method: 'DELETE', path: '/admin/orders', word: 'admin', pool: 'UserPool' } }],
    },
    {
      name: 'SAM: a barista route, the pool says AllowAdminCreateUserOnly: false',
      path: 'template.yaml',
      code: SAM_POOL(`      AdminCreateUserConfig:
        AllowAdminCreateUserOnly: false`, '', '/barista/orders/{id}', 'put').replace('        Route:\n', '        Route:\n#       ^^^^^ admin-route-self-signup:selfSignupAdmin\n'),
      errors: [{ messageId: 'selfSignupAdmin', data: { method: 'PUT', path: '/barista/orders/{id}', word: 'barista' } }],
    },
    {
      name: 'OpenAPI: an operationId that says manage, a Cognito scheme on a pool of this template, no scope',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  UserPool:
    Type: AWS::Cognito::UserPool
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        swagger: '2.0'
        paths:
          /menu:
            put:
#           ^^^ admin-route-self-signup:selfSignupAdmin
              operationId: manageMenu
              security:
                - Users: []
        securityDefinitions:
          Users:
            type: apiKey
            name: Authorization
            in: header
            x-amazon-apigateway-authtype: cognito_user_pools
            x-amazon-apigateway-authorizer:
              type: cognito_user_pools
              providerARNs: [!GetAtt UserPool.Arn]
`,
      errors: [{ messageId: 'selfSignupAdmin', data: { method: 'PUT', path: '/menu', word: 'manage' } }],
    },
    {
      name: 'SAM HttpApi: a JWT authorizer whose issuer is the pool, on an ops route',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  UserPool:
    Type: AWS::Cognito::UserPool
    Properties:
      AutoVerifiedAttributes: [email]
  Client:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId: !Ref UserPool
  HttpApi:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            IdentitySource: $request.header.Authorization
            JwtConfiguration:
              issuer: !Sub https://cognito-idp.\${AWS::Region}.amazonaws.com/\${UserPool}
              audience: [!Ref Client]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.h
      Events:
        Stats:
#       ^^^^^ admin-route-self-signup:selfSignupAdmin
          Type: HttpApi
          Properties:
            ApiId: !Ref HttpApi
            Path: /ops/stats
            Method: get
`,
      errors: [{ messageId: 'selfSignupAdmin', data: { method: 'GET', path: '/ops/stats', word: 'ops' } }],
    },
    {
      name: 'CloudFormation: a method behind a COGNITO_USER_POOLS authorizer on a pool with self sign-up',
      path: 'template.yaml',
      code: `Resources:
  UserPool:
    Type: AWS::Cognito::UserPool
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: shop
  Staff:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: staff
  Authorizer:
    Type: AWS::ApiGateway::Authorizer
    Properties:
      RestApiId: !Ref Api
      Type: COGNITO_USER_POOLS
      IdentitySource: method.request.header.Authorization
      ProviderARNs: [!GetAtt UserPool.Arn]
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Staff
      HttpMethod: GET
      AuthorizationType: COGNITO_USER_POOLS
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ admin-route-self-signup:selfSignupAdmin
      AuthorizerId: !Ref Authorizer
`,
      errors: [{ messageId: 'selfSignupAdmin', data: { method: 'GET', path: '/staff', word: 'staff' } }],
    },
    {
      name: 'Serverless: an http event with a Cognito authorizer by ARN',
      path: 'serverless.yml',
      code: `service: shop
provider:
  name: aws
functions:
  reindex:
    handler: h.reindex
    events:
      - http:
#       ^^^^ admin-route-self-signup:selfSignupAdmin
          path: internal/reindex
          method: post
          authorizer:
            type: COGNITO_USER_POOLS
            arn: !GetAtt UserPool.Arn
resources:
  Resources:
    UserPool:
      Type: AWS::Cognito::UserPool
`,
      errors: [{ messageId: 'selfSignupAdmin', data: { method: 'POST', path: '/internal/reindex', word: 'internal' } }],
    },
  ],
});

describe('admin-route-self-signup: an operation of an OpenAPI file', () => {
  it('is reported on the DefinitionUri value, names the operation, and points at it in the file', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  UserPool:
    Type: AWS::Cognito::UserPool
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: openapi.yaml
`;
    const spec = `openapi: 3.0.1
paths:
  /barista/orders:
    get:
      security: [{ Users: [] }]
  /orders:
    get:
      security: [{ Users: [] }]
components:
  securitySchemes:
    Users:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: cognito_user_pools
      x-amazon-apigateway-authorizer:
        type: cognito_user_pools
        providerARNs:
          - arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x
`;
    const reader: WorkspaceFileReader = (from, relative) => (relative === 'openapi.yaml' ? { path: '/ws/openapi.yaml', text: spec } : undefined);
    // A DefinitionUri file is deployed as written (no intrinsics), so the pool is named by a literal ARN: not one of this template's.
    const literal = analyze({ path: '/ws/template.yaml', text: template, rules: [rule], readFile: reader, strict: true });
    assert.deepEqual(literal.findings, []);
    // Through AWS::Include, intrinsics in the file are resolved, and the pool is this template's.
    const included = template.replace('      DefinitionUri: openapi.yaml\n', '      DefinitionBody:\n        Fn::Transform:\n          Name: AWS::Include\n          Parameters:\n            Location: openapi.yaml\n');
    const withGetAtt = spec.replace('          - arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x', '          - Fn::GetAtt: [UserPool, Arn]');
    const readerWithGetAtt: WorkspaceFileReader = (from, relative) => (relative === 'openapi.yaml' ? { path: '/ws/openapi.yaml', text: withGetAtt } : undefined);
    const result = analyze({ path: '/ws/template.yaml', text: included, rules: [rule], readFile: readerWithGetAtt, strict: true });
    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.match(finding.message, /^GET \/barista\/orders looks administrative \(barista\)/);
    assert.equal(included.slice(finding.range.start, finding.range.end), 'openapi.yaml');
    assert.equal(finding.severity, 'info');
    assert.deepEqual(finding.related?.map((place) => [place.path, withGetAtt.slice(place.range.start, place.range.end)]), [['/ws/openapi.yaml', 'get']]);
    assert.equal(withGetAtt.slice(0, finding.related![0].range.start).split('\n').length, 4);
  });
});

import { testRule } from '../support/rule-tester';
import rule from './api-cache-unencrypted';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: an encrypted cache, caching without a cluster, an unknown flag, an override inheriting stage-wide encryption',
      path: 'template.yaml',
      code: `Parameters:
  Encrypt:
    Type: String
Resources:
  Encrypted:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      CacheClusterEnabled: true
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          CachingEnabled: true
          CacheDataEncrypted: true
        - ResourcePath: /cats
          HttpMethod: GET
          CachingEnabled: true
  NoCluster:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          CachingEnabled: true
  Unknown:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      CacheClusterEnabled: true
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          CachingEnabled: true
          CacheDataEncrypted: !Ref Encrypt
  ClusterOnly:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      CacheClusterEnabled: true
  Cache:
    Type: AWS::AppSync::ApiCache
    Properties:
      ApiId: !GetAtt Graph.ApiId
      ApiCachingBehavior: FULL_REQUEST_CACHING
      Ttl: 300
      Type: SMALL
      AtRestEncryptionEnabled: true
      TransitEncryptionEnabled: true
  DefaultCache:
    Type: AWS::AppSync::ApiCache
    Properties:
      ApiId: !GetAtt Graph.ApiId
      ApiCachingBehavior: PER_RESOLVER_CACHING
      Ttl: 60
      Type: SMALL
`,
    },
    {
      name: 'CloudFormation JSON: a Deployment whose StageDescription encrypts',
      path: 'template.json',
      code: `{
  "Resources": {
    "Deployment": {
      "Type": "AWS::ApiGateway::Deployment",
      "Properties": {
        "RestApiId": { "Ref": "Api" },
        "StageName": "prod",
        "StageDescription": { "CacheClusterEnabled": true, "CachingEnabled": true, "CacheDataEncrypted": true }
      }
    }
  }
}
`,
    },
    {
      name: 'serverless: plugin caching with dataEncrypted, and caching settings without the plugin',
      path: 'serverless.yml',
      code: `service: cats
provider:
  name: aws
plugins:
  - serverless-api-gateway-caching
custom:
  apiGatewayCaching:
    enabled: true
    dataEncrypted: true
functions:
  list:
    handler: list.handle
    events:
      - http:
          path: /cats
          method: get
          caching:
            enabled: true
`,
    },
    {
      name: 'serverless: plugin enabled, but no endpoint caches',
      path: 'serverless.yml',
      code: `service: cats
provider:
  name: aws
plugins:
  - serverless-api-gateway-caching
custom:
  apiGatewayCaching:
    enabled: true
functions:
  list:
    handler: list.handle
    events:
      - http: GET /cats
`,
    },
    {
      name: 'serverless: AppSync plugin caches that leave encryption unset (the plugin\'s default), or are not enabled',
      path: 'serverless.yml',
      code: `service: graph
provider:
  name: aws
appSync:
  name: graph
  authentication:
    type: AWS_IAM
  caching:
    behavior: FULL_REQUEST_CACHING
custom:
  appSync:
    name: legacy
    authenticationType: AWS_IAM
`,
    },
    {
      name: 'serverless: an AppSync plugin v2 cache turned off',
      path: 'serverless.yml',
      code: `service: graph
provider:
  name: aws
appSync:
  name: graph
  authentication:
    type: AWS_IAM
  caching:
    enabled: false
    behavior: FULL_REQUEST_CACHING
    atRestEncryption: false
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a stage method setting caches without CacheDataEncrypted',
      path: 'template.yaml',
      code: `Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      CacheClusterEnabled: true
      CacheClusterSize: '0.5'
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          CachingEnabled: true # cache everything
#         ^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:restApiCache
          CacheTtlInSeconds: 300
        - ResourcePath: /cats
          HttpMethod: GET
          CachingEnabled: true
          CacheDataEncrypted: false
`,
      errors: [{ messageId: 'restApiCache', data: { api: 'REST API stage Prod', method: " for * /*", detail: 'CacheDataEncrypted is not set, and it defaults to false', when: '' } }],
      output: `Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      CacheClusterEnabled: true
      CacheClusterSize: '0.5'
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          CachingEnabled: true # cache everything
          CacheTtlInSeconds: 300
          CacheDataEncrypted: true
        - ResourcePath: /cats
          HttpMethod: GET
          CachingEnabled: true
          CacheDataEncrypted: true
`,
    },
    {
      name: 'CloudFormation JSON: a Deployment StageDescription with CacheDataEncrypted false',
      path: 'template.json',
      code: `{
  "Resources": {
    "Deployment": {
      "Type": "AWS::ApiGateway::Deployment",
      "Properties": {
        "RestApiId": { "Ref": "Api" },
        "StageName": "prod",
        "StageDescription": {
          "CacheClusterEnabled": true,
          "CachingEnabled": true,
          "CacheDataEncrypted": false
//        ^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:restApiCache
        }
      }
    }
  }
}
`,
      errors: [{ messageId: 'restApiCache', data: { api: 'REST API stage of deployment Deployment', method: ' (StageDescription)', detail: 'CacheDataEncrypted is false' } }],
      output: `{
  "Resources": {
    "Deployment": {
      "Type": "AWS::ApiGateway::Deployment",
      "Properties": {
        "RestApiId": { "Ref": "Api" },
        "StageName": "prod",
        "StageDescription": {
          "CacheClusterEnabled": true,
          "CachingEnabled": true,
          "CacheDataEncrypted": true
        }
      }
    }
  }
}
`,
    },
    {
      name: 'CloudFormation YAML: the cluster and the encryption behind Fn::If',
      path: 'template.yaml',
      code: `Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      CacheClusterEnabled: !If [IsProd, true, false]
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          CachingEnabled: true
          CacheDataEncrypted: !If [IsProd, false, true]
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:restApiCache
`,
      errors: [{ messageId: 'restApiCache', data: { api: 'REST API stage Prod', detail: 'CacheDataEncrypted is false', when: ' when condition IsProd is true' } }],
    },
    {
      name: 'SAM: MethodSettings and the cluster from Globals.Api, for an explicit API and the implicit one',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    CacheClusterEnabled: true
    MethodSettings:
      - ResourcePath: /*
        HttpMethod: '*'
        CachingEnabled: true
#       ^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:restApiCache
#       ^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:restApiCache
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Get:
          Type: Api
          Properties:
            Path: /cats
            Method: get
`,
      errors: [
        { messageId: 'restApiCache', data: { api: 'SAM API Api (MethodSettings from Globals.Api)' } },
        { messageId: 'restApiCache', data: { api: 'SAM implicit API ServerlessRestApi (MethodSettings from Globals.Api)' } },
      ],
    },
    {
      name: 'CloudFormation YAML: a whole method setting behind Fn::If',
      path: 'template.yaml',
      code: `Conditions:
  CacheAll:
    !Equals [!Ref Env, prod]
Resources:
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      CacheClusterEnabled: true
      MethodSettings:
        - !If
#         ^^^ api-cache-unencrypted:restApiCache
          - CacheAll
          - { ResourcePath: /*, HttpMethod: '*', CachingEnabled: true, CacheDataEncrypted: false }
          - { ResourcePath: /*, HttpMethod: '*', CachingEnabled: false }
`,
      errors: [{ messageId: 'restApiCache', data: { detail: 'CacheDataEncrypted is false', when: ' when condition CacheAll is true' } }],
    },
    {
      name: 'SAM: own MethodSettings',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      CacheClusterEnabled: true
      MethodSettings:
        - ResourcePath: /cats
          HttpMethod: GET
          CachingEnabled: true
#         ^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:restApiCache
`,
      errors: [{ messageId: 'restApiCache', data: { api: 'SAM API Api', method: ' for GET /cats' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      CacheClusterEnabled: true
      MethodSettings:
        - ResourcePath: /cats
          HttpMethod: GET
          CachingEnabled: true
          CacheDataEncrypted: true
`,
    },
    {
      name: 'CloudFormation YAML: an AppSync cache with both encryptions off',
      path: 'template.yaml',
      code: `Resources:
  Cache:
    Type: AWS::AppSync::ApiCache
    Properties:
      ApiId: !GetAtt Graph.ApiId
      ApiCachingBehavior: FULL_REQUEST_CACHING
      Ttl: 300
      Type: SMALL
      AtRestEncryptionEnabled: false
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:appSyncCacheAtRest
      TransitEncryptionEnabled: false
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:appSyncCacheInTransit
`,
      errors: [
        { messageId: 'appSyncCacheAtRest', data: { resource: 'Cache', when: '' } },
        { messageId: 'appSyncCacheInTransit', data: { resource: 'Cache' } },
      ],
      output: `Resources:
  Cache:
    Type: AWS::AppSync::ApiCache
    Properties:
      ApiId: !GetAtt Graph.ApiId
      ApiCachingBehavior: FULL_REQUEST_CACHING
      Ttl: 300
      Type: SMALL
      AtRestEncryptionEnabled: true
      TransitEncryptionEnabled: false
`,
    },
    {
      name: 'SAM: a GraphQLApi Cache with encryption at rest off',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Graph:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth: { Type: AWS_IAM }
      Cache:
        ApiCachingBehavior: FULL_REQUEST_CACHING
        Ttl: 60
        Type: SMALL
        AtRestEncryptionEnabled: false
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:appSyncCacheAtRest
`,
      errors: [{ messageId: 'appSyncCacheAtRest', data: { resource: 'Graph.Cache', setting: 'AtRestEncryptionEnabled', when: '' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Graph:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth: { Type: AWS_IAM }
      Cache:
        ApiCachingBehavior: FULL_REQUEST_CACHING
        Ttl: 60
        Type: SMALL
        AtRestEncryptionEnabled: true
`,
    },
    {
      name: 'serverless: the AppSync plugin v2 caching with transit encryption written false',
      path: 'serverless.yml',
      code: `service: graph
provider:
  name: aws
plugins:
  - serverless-appsync-plugin
appSync:
  name: graph
  authentication:
    type: AWS_IAM
  caching:
    behavior: FULL_REQUEST_CACHING
    atRestEncryption: true
    transitEncryption: false
#   ^^^^^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:appSyncCacheInTransit
`,
      errors: [{ messageId: 'appSyncCacheInTransit', data: { resource: 'appSync.caching', setting: 'transitEncryption' } }],
      output: `service: graph
provider:
  name: aws
plugins:
  - serverless-appsync-plugin
appSync:
  name: graph
  authentication:
    type: AWS_IAM
  caching:
    behavior: FULL_REQUEST_CACHING
    atRestEncryption: true
    transitEncryption: true
`,
    },
    {
      name: 'serverless: the AppSync plugin v1 caching with encryption at rest written false through a variable (no fix)',
      path: 'serverless.yml',
      code: `service: graph
provider:
  name: aws
custom:
  encrypt: false
  appSync:
    name: legacy
    authenticationType: AWS_IAM
    caching:
      behavior: PER_RESOLVER_CACHING
      atRestEncryption: \${self:custom.encrypt}
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:appSyncCacheAtRest
      transitEncryption: true
`,
      errors: [{ messageId: 'appSyncCacheAtRest', data: { resource: 'custom.appSync.caching', setting: 'atRestEncryption' } }],
    },
    {
      name: 'serverless.yml resources: an AppSync cache with at-rest encryption off under a condition',
      path: 'serverless.yml',
      code: `service: graph
provider:
  name: aws
resources:
  Conditions:
    IsDev: !Equals ['\${sls:stage}', dev]
  Resources:
    Cache:
      Type: AWS::AppSync::ApiCache
      Properties:
        ApiId: !GetAtt Graph.ApiId
        ApiCachingBehavior: FULL_REQUEST_CACHING
        Ttl: 300
        Type: SMALL
        AtRestEncryptionEnabled: !If [IsDev, false, true]
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:appSyncCacheAtRest
        TransitEncryptionEnabled: true
`,
      errors: [{ messageId: 'appSyncCacheAtRest', data: { resource: 'Cache', when: ' when condition IsDev is true' } }],
    },
    {
      name: 'serverless: the caching plugin without dataEncrypted',
      path: 'serverless.yml',
      code: `service: cats
provider:
  name: aws
plugins:
  - serverless-api-gateway-caching
custom:
  apiGatewayCaching:
# ^^^^^^^^^^^^^^^^^ api-cache-unencrypted:serverlessCache
    enabled: true
    clusterSize: '0.5'
functions:
  get:
    handler: get.handle
    events:
      - http:
          path: /cats/{pawId}
          method: get
          caching:
            enabled: true
`,
      errors: [{ messageId: 'serverlessCache', data: { endpoint: 'GET /cats/{pawId} (function get)', detail: 'is not set, and it defaults to false' } }],
      output: `service: cats
provider:
  name: aws
plugins:
  - serverless-api-gateway-caching
custom:
  apiGatewayCaching:
    enabled: true
    clusterSize: '0.5'
    dataEncrypted: true
functions:
  get:
    handler: get.handle
    events:
      - http:
          path: /cats/{pawId}
          method: get
          caching:
            enabled: true
`,
    },
    {
      name: 'serverless: the caching plugin with dataEncrypted false',
      path: 'serverless.yml',
      code: `service: cats
provider:
  name: aws
plugins:
  - serverless-api-gateway-caching
custom:
  apiGatewayCaching:
    enabled: true
    dataEncrypted: false
#   ^^^^^^^^^^^^^^^^^^^^ api-cache-unencrypted:serverlessCache
functions:
  get:
    handler: get.handle
    events:
      - http:
          path: /cats
          method: get
          caching:
            enabled: true
`,
      errors: [{ messageId: 'serverlessCache', data: { detail: 'is false' } }],
      output: `service: cats
provider:
  name: aws
plugins:
  - serverless-api-gateway-caching
custom:
  apiGatewayCaching:
    enabled: true
    dataEncrypted: true
functions:
  get:
    handler: get.handle
    events:
      - http:
          path: /cats
          method: get
          caching:
            enabled: true
`,
    },
  ],
});

/**
 * The AppSync part of the application model: which GraphQL APIs each format declares
 * (CloudFormation YAML and JSON, SAM, the Serverless AppSync plugin v2 and v1), and each API's auth
 * modes, log configuration, X-Ray, visibility, keys and caches, with where each is written, the
 * defaults each format applies, and values that cannot be resolved kept unknown.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../parse';
import { buildModel } from './build';
import { detectKind } from './kind';
import type { AppModel, AppSyncApi, AppSyncSetting } from './types';

function modelOf(path: string, text: string): AppModel {
  const document = parseDocument(path, text);
  const kind = detectKind(document.root);
  assert.ok(kind, 'a document of ours');
  return buildModel(document, kind);
}

function apiNamed(model: AppModel, name: string): AppSyncApi {
  const api = model.appSyncApis.find((candidate) => candidate.name === name);
  assert.ok(api, `an AppSync API named ${name}`);
  return api;
}

function textOf(model: AppModel, range: { start: number; end: number } | undefined): string | undefined {
  return range && model.document.text.slice(range.start, range.end);
}

/** Each value as `state value [default] (when ...)`, and the text of the node it was read from. */
function valuesOf<T>(model: AppModel, setting: AppSyncSetting<T>): Array<{ state: string; value?: T; isDefault?: boolean; text?: string; when?: string }> {
  return setting.values.map((value) => ({
    state: value.state,
    ...(value.value === undefined ? {} : { value: value.value }),
    ...(value.isDefault ? { isDefault: true } : {}),
    ...(value.node ? { text: textOf(model, value.node.range) } : {}),
    ...(value.when.length ? { when: value.when.map((item) => `${item.condition}=${item.value}`).join(',') } : {}),
  }));
}

describe('model: AppSync in CloudFormation YAML', () => {
  const model = modelOf(
    'template.yaml',
    `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Graph:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: api_key
      AdditionalAuthenticationProviders:
        - AuthenticationType: AMAZON_COGNITO_USER_POOLS
        - AuthenticationType: AWS_IAM
      LogConfig:
        CloudWatchLogsRoleArn: !GetAtt LogsRole.Arn
        FieldLogLevel: ALL
        ExcludeVerboseContent: false
      XrayEnabled: true
      Visibility: PRIVATE
  Key:
    Type: AWS::AppSync::ApiKey
    Properties:
      ApiId: !GetAtt Graph.ApiId
      Expires: 1767225600
  Cache:
    Type: AWS::AppSync::ApiCache
    Properties:
      ApiId: !GetAtt Graph.ApiId
      ApiCachingBehavior: FULL_REQUEST_CACHING
      AtRestEncryptionEnabled: false
      Ttl: 300
      Type: SMALL
  OtherCache:
    Type: AWS::AppSync::ApiCache
    Properties:
      ApiId: !ImportValue shared-graph-id
      ApiCachingBehavior: FULL_REQUEST_CACHING
      Ttl: 300
      Type: SMALL
`,
  );
  const api = apiNamed(model, 'Graph');

  it('reads the API with its auth modes, upper-cased, where each is written', () => {
    assert.equal(api.form, 'cfn');
    assert.equal(api.resource, 'Graph');
    assert.equal(textOf(model, api.range), 'Graph');
    assert.equal(api.isDeclaredHere, true);
    assert.deepEqual(valuesOf(model, api.auth.defaultType), [{ state: 'known', value: 'API_KEY', text: 'api_key' }]);
    assert.equal(api.auth.defaultType.name, 'AuthenticationType');
    assert.equal(textOf(model, api.auth.defaultType.entry?.range), 'AuthenticationType: api_key');
    assert.equal(api.auth.isAdditionalUnknown, false);
    assert.deepEqual(api.auth.additional.map((provider) => provider.type.values.map((value) => value.value)), [['AMAZON_COGNITO_USER_POOLS'], ['AWS_IAM']]);
    assert.equal(textOf(model, api.auth.additionalEntry?.key.range), 'AdditionalAuthenticationProviders');
  });

  it('reads the log configuration: on with the role, ALL with verbose content', () => {
    assert.equal(api.logging.name, 'LogConfig');
    assert.equal(textOf(model, api.logging.entry?.key.range), 'LogConfig');
    assert.equal(api.logging.branches.length, 1);
    const [branch] = api.logging.branches;
    assert.equal(branch.state, 'on');
    assert.deepEqual(valuesOf(model, branch.fieldLogLevel), [{ state: 'known', value: 'ALL', text: 'ALL' }]);
    assert.equal(branch.fieldLogLevel.name, 'LogConfig.FieldLogLevel');
    assert.deepEqual(valuesOf(model, branch.excludeVerboseContent), [{ state: 'known', value: false, text: 'false' }]);
  });

  it('reads X-Ray and visibility', () => {
    assert.deepEqual(valuesOf(model, api.xrayEnabled), [{ state: 'known', value: true, text: 'true' }]);
    assert.deepEqual(valuesOf(model, api.visibility), [{ state: 'known', value: 'PRIVATE', text: 'PRIVATE' }]);
  });

  it('puts keys and caches under the API their ApiId names, and the others under an API declared elsewhere', () => {
    assert.deepEqual(api.apiKeys.map((key) => [key.name, valuesOf(model, key.expires)]), [['Key', [{ state: 'known', value: '1767225600', text: '1767225600' }]]]);
    assert.deepEqual(api.caches.map((cache) => cache.name), ['Cache']);
    const [cache] = api.caches;
    assert.deepEqual(valuesOf(model, cache.atRestEncryption), [{ state: 'known', value: false, text: 'false' }]);
    assert.equal(textOf(model, cache.atRestEncryption.entry?.range), 'AtRestEncryptionEnabled: false');
    // Not written: AppSync decides (it now always encrypts), so no default is claimed.
    assert.deepEqual(valuesOf(model, cache.transitEncryption), [{ state: 'absent' }]);
    assert.ok(cache.transitEncryption.host && textOf(model, cache.transitEncryption.host.range)?.startsWith('ApiId:'), 'the cache Properties, where a fix inserts it');
    const elsewhere = model.appSyncApis.find((candidate) => !candidate.isDeclaredHere);
    assert.ok(elsewhere);
    assert.deepEqual(elsewhere.caches.map((cache) => cache.name), ['OtherCache']);
    assert.deepEqual(elsewhere.auth.defaultType.values.map((value) => value.state), ['unknown']);
    assert.deepEqual(elsewhere.logging.branches.map((branch) => branch.state), ['unknown']);
  });
});

describe('model: AppSync in CloudFormation JSON', () => {
  const model = modelOf(
    'template.json',
    `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "NoLogs": { "Type": "AWS::AppSync::GraphQLApi", "Properties": { "Name": "a", "AuthenticationType": "AWS_IAM" } },
    "NoRole": {
      "Type": "AWS::AppSync::GraphQLApi",
      "Properties": { "Name": "b", "AuthenticationType": "AWS_LAMBDA", "LogConfig": { "FieldLogLevel": "ERROR" } }
    }
  }
}
`,
  );

  it('an API without LogConfig logs nothing, and the configuration would go in its Properties', () => {
    const api = apiNamed(model, 'NoLogs');
    assert.deepEqual(api.logging.branches.map((branch) => [branch.state, branch.reason]), [['off', 'no-config']]);
    assert.equal(api.logging.entry, undefined);
    assert.ok(api.logging.host && textOf(model, api.logging.host.range)?.startsWith('{ "Name": "a"'));
    assert.deepEqual(valuesOf(model, api.auth.defaultType), [{ state: 'known', value: 'AWS_IAM', text: '"AWS_IAM"' }]);
    assert.deepEqual(api.auth.additional, []);
    assert.equal(api.auth.isAdditionalUnknown, false);
  });

  it('a LogConfig without the role logs nothing either, and AWS defaults apply to what is not written', () => {
    const api = apiNamed(model, 'NoRole');
    const [branch] = api.logging.branches;
    assert.deepEqual([branch.state, branch.reason], ['off', 'no-role']);
    assert.deepEqual(valuesOf(model, branch.fieldLogLevel), [{ state: 'known', value: 'ERROR', text: '"ERROR"' }]);
    assert.deepEqual(valuesOf(model, branch.excludeVerboseContent), [{ state: 'known', value: false, isDefault: true }]);
    assert.deepEqual(valuesOf(model, api.xrayEnabled), [{ state: 'known', value: false, isDefault: true }]);
    assert.deepEqual(valuesOf(model, api.visibility), [{ state: 'known', value: 'GLOBAL', isDefault: true }]);
  });
});

describe('model: AppSync values that cannot be resolved, and conditions', () => {
  const model = modelOf(
    'template.yaml',
    `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  AuthType: { Type: String }
  Level: { Type: String }
  Stage: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Graph:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: !Ref AuthType
      AdditionalAuthenticationProviders: !If [IsProd, [], [{ AuthenticationType: API_KEY }]]
      LogConfig: !If
        - IsProd
        - CloudWatchLogsRoleArn: !GetAtt LogsRole.Arn
          FieldLogLevel: !Ref Level
        - !Ref AWS::NoValue
      XrayEnabled: !If [IsProd, true, false]
`,
  );
  const api = apiNamed(model, 'Graph');

  it('a Ref to a parameter without a value is unknown, never a guess', () => {
    assert.deepEqual(valuesOf(model, api.auth.defaultType), [{ state: 'unknown', text: '!Ref AuthType' }]);
  });

  it('a list of additional providers behind a condition is unknown as a whole', () => {
    assert.equal(api.auth.isAdditionalUnknown, true);
    assert.deepEqual(api.auth.additional, []);
  });

  it('a LogConfig under a condition has one branch per outcome, each with its condition', () => {
    assert.deepEqual(
      api.logging.branches.map((branch) => [branch.state, branch.reason, branch.when.map((item) => `${item.condition}=${item.value}`).join(',')]),
      [
        ['on', undefined, 'IsProd=true'],
        ['off', 'no-config', 'IsProd=false'],
      ],
    );
    assert.deepEqual(valuesOf(model, api.logging.branches[0].fieldLogLevel), [{ state: 'unknown', text: '!Ref Level', when: 'IsProd=true' }]);
    // The configuration is not one plain map, so there is no single entry to edit.
    assert.equal(api.logging.entry?.key.value, 'LogConfig');
  });

  it('a flag under a condition has both values', () => {
    assert.deepEqual(valuesOf(model, api.xrayEnabled), [
      { state: 'known', value: true, text: 'true', when: 'IsProd=true' },
      { state: 'known', value: false, text: 'false', when: 'IsProd=false' },
    ]);
  });
});

describe('model: AppSync in SAM', () => {
  const model = modelOf(
    'template.yaml',
    `Transform: AWS::Serverless-2016-10-31
Resources:
  Default:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth:
        Type: API_KEY
        Additional:
          - Type: AWS_IAM
      ApiKeys:
        WebKey:
          ExpiresOn: 1767225600
      Cache:
        ApiCachingBehavior: FULL_REQUEST_CACHING
        AtRestEncryptionEnabled: false
        Ttl: 60
        Type: SMALL
  Off:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth: { Type: AWS_IAM }
      Logging: false
  Configured:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaUri: ./schema.graphql
      Auth: { Type: AMAZON_COGNITO_USER_POOLS }
      Logging:
        FieldLogLevel: ALL
`,
  );

  it('reads Auth.Type and Auth.Additional', () => {
    const api = apiNamed(model, 'Default');
    assert.equal(api.form, 'sam');
    assert.equal(api.auth.defaultType.name, 'Auth.Type');
    assert.deepEqual(valuesOf(model, api.auth.defaultType), [{ state: 'known', value: 'API_KEY', text: 'API_KEY' }]);
    assert.deepEqual(api.auth.additional.map((provider) => valuesOf(model, provider.type)), [[{ state: 'known', value: 'AWS_IAM', text: 'AWS_IAM' }]]);
  });

  it('without Logging, SAM logs at ALL with verbose content excluded (its defaults)', () => {
    const [branch] = apiNamed(model, 'Default').logging.branches;
    assert.equal(branch.state, 'on');
    assert.deepEqual(valuesOf(model, branch.fieldLogLevel), [{ state: 'known', value: 'ALL', isDefault: true }]);
    assert.deepEqual(valuesOf(model, branch.excludeVerboseContent), [{ state: 'known', value: true, isDefault: true }]);
  });

  it('Logging: false turns logging off; a Logging map is used as written (SAM creates the role)', () => {
    const off = apiNamed(model, 'Off').logging;
    assert.deepEqual(off.branches.map((branch) => [branch.state, branch.reason]), [['off', 'disabled']]);
    assert.equal(textOf(model, off.entry?.range), 'Logging: false');
    const [branch] = apiNamed(model, 'Configured').logging.branches;
    assert.equal(branch.state, 'on');
    assert.deepEqual(valuesOf(model, branch.fieldLogLevel), [{ state: 'known', value: 'ALL', text: 'ALL' }]);
    assert.deepEqual(valuesOf(model, branch.excludeVerboseContent), [{ state: 'known', value: false, isDefault: true }]);
  });

  it('reads ApiKeys and the Cache SAM creates with the API', () => {
    const api = apiNamed(model, 'Default');
    assert.deepEqual(api.apiKeys.map((key) => [key.name, key.resource, textOf(model, key.range), valuesOf(model, key.expires)]), [['WebKey', 'Default', 'WebKey', [{ state: 'known', value: '1767225600', text: '1767225600' }]]]);
    assert.equal(api.caches.length, 1);
    const [cache] = api.caches;
    assert.equal(cache.name, 'Default.Cache');
    assert.equal(textOf(model, cache.range), 'Cache');
    assert.deepEqual(valuesOf(model, cache.atRestEncryption), [{ state: 'known', value: false, text: 'false' }]);
    assert.equal(textOf(model, cache.atRestEncryption.entry?.range), 'AtRestEncryptionEnabled: false');
    assert.deepEqual(valuesOf(model, cache.transitEncryption), [{ state: 'absent' }]);
  });
});

describe('model: the Serverless AppSync plugin v2 (appSync)', () => {
  const model = modelOf(
    'serverless.yml',
    `service: orders
provider:
  name: aws
plugins:
  - serverless-appsync-plugin
custom:
  level: ALL
appSync:
  name: orders-api
  authentication:
    type: API_KEY
  additionalAuthentications:
    - type: AMAZON_COGNITO_USER_POOLS
      config:
        userPoolId: \${ssm:/pool/id}
    - type: \${ssm:/auth/extra}
  logging:
    level: \${self:custom.level}
    retentionInDays: 14
  xrayEnabled: true
  apiKeys:
    - john
    - name: jane
      expiresAfter: 1M
  caching:
    behavior: FULL_REQUEST_CACHING
    transitEncryption: true
`,
  );
  const api = apiNamed(model, 'orders-api');

  it('reads the API under appSync with its auth modes; a provider from ${ssm:} is unknown', () => {
    assert.equal(api.form, 'serverless-appsync-v2');
    assert.equal(api.resource, 'appSync');
    assert.equal(textOf(model, api.range), 'appSync');
    assert.equal(api.auth.defaultType.name, 'appSync.authentication.type');
    assert.deepEqual(valuesOf(model, api.auth.defaultType), [{ state: 'known', value: 'API_KEY', text: 'API_KEY' }]);
    assert.deepEqual(
      api.auth.additional.map((provider) => provider.type.values.map((value) => value.state === 'known' ? value.value : value.state)),
      [['AMAZON_COGNITO_USER_POOLS'], ['unknown']],
    );
  });

  it('logs when logging is present (enabled by default), the level resolved through ${self:}, verbose content not excluded', () => {
    const [branch] = api.logging.branches;
    assert.equal(branch.state, 'on');
    assert.deepEqual(valuesOf(model, branch.fieldLogLevel), [{ state: 'known', value: 'ALL', text: '${self:custom.level}' }]);
    assert.deepEqual(valuesOf(model, branch.excludeVerboseContent), [{ state: 'known', value: false, isDefault: true }]);
    assert.equal(branch.excludeVerboseContent.host, branch.config, 'a fix inserts excludeVerboseContent into logging');
  });

  it('reads xrayEnabled, the keys (365 days unless said) and the cache, whose encryption the plugin writes false unless set', () => {
    assert.deepEqual(valuesOf(model, api.xrayEnabled), [{ state: 'known', value: true, text: 'true' }]);
    assert.deepEqual(api.apiKeys.map((key) => [key.name, textOf(model, key.range), key.expires.values.map((value) => value.value)]), [
      ['john', 'john', ['365d']],
      ['jane', 'name', ['1M']],
    ]);
    const [cache] = api.caches;
    assert.equal(cache.name, 'appSync.caching');
    assert.deepEqual(valuesOf(model, cache.isEnabled), [{ state: 'known', value: true, isDefault: true }]);
    assert.deepEqual(valuesOf(model, cache.atRestEncryption), [{ state: 'known', value: false, isDefault: true }]);
    assert.deepEqual(valuesOf(model, cache.transitEncryption), [{ state: 'known', value: true, text: 'true' }]);
  });

  it('without logging, or with enabled: false, the plugin configures no logs', () => {
    const text = (logging: string) => `service: orders\nprovider:\n  name: aws\nappSync:\n  name: api\n  authentication:\n    type: AWS_IAM\n${logging}`;
    const none = apiNamed(modelOf('serverless.yml', text('')), 'api');
    assert.deepEqual(none.logging.branches.map((branch) => [branch.state, branch.reason]), [['off', 'no-config']]);
    const disabled = modelOf('serverless.yml', text('  logging:\n    level: ALL\n    enabled: false\n'));
    assert.deepEqual(apiNamed(disabled, 'api').logging.branches.map((branch) => [branch.state, branch.reason]), [['off', 'disabled']]);
    const unknown = modelOf('serverless.yml', text('  logging:\n    level: ALL\n    enabled: ${opt:logs}\n'));
    assert.deepEqual(apiNamed(unknown, 'api').logging.branches.map((branch) => branch.state), ['unknown']);
  });

  it('an API in another file has unknown settings and no crash', () => {
    const other = modelOf('serverless.yml', 'service: orders\nprovider:\n  name: aws\nappSync: ${file(appsync.yml)}\n');
    assert.equal(other.appSyncApis.length, 1);
    const [only] = other.appSyncApis;
    assert.equal(only.name, '(unnamed)');
    assert.equal(only.host, undefined);
    assert.deepEqual(only.auth.defaultType.values.map((value) => value.state), ['unknown']);
    assert.deepEqual(only.logging.branches.map((branch) => branch.state), ['unknown']);
  });
});

describe('model: the Serverless AppSync plugin v1 (custom.appSync)', () => {
  it('reads a single API', () => {
    const model = modelOf(
      'serverless.yml',
      `service: orders
provider:
  name: aws
custom:
  appSync:
    name: legacy
    authenticationType: AMAZON_COGNITO_USER_POOLS
    additionalAuthenticationProviders:
      - authenticationType: API_KEY
    logConfig:
      level: ERROR
      excludeVerboseContent: true
    caching:
      behavior: PER_RESOLVER_CACHING
      atRestEncryption: false
`,
    );
    const api = apiNamed(model, 'legacy');
    assert.equal(api.form, 'serverless-appsync-v1');
    assert.equal(api.resource, 'custom.appSync');
    assert.equal(textOf(model, api.range), 'appSync');
    assert.deepEqual(valuesOf(model, api.auth.defaultType), [{ state: 'known', value: 'AMAZON_COGNITO_USER_POOLS', text: 'AMAZON_COGNITO_USER_POOLS' }]);
    assert.deepEqual(api.auth.additional.map((provider) => provider.type.values.map((value) => value.value)), [['API_KEY']]);
    const [branch] = api.logging.branches;
    assert.equal(branch.state, 'on', 'the plugin creates the logs role');
    assert.equal(api.logging.name, 'custom.appSync.logConfig');
    assert.deepEqual(valuesOf(model, branch.fieldLogLevel), [{ state: 'known', value: 'ERROR', text: 'ERROR' }]);
    assert.deepEqual(valuesOf(model, branch.excludeVerboseContent), [{ state: 'known', value: true, text: 'true' }]);
    assert.deepEqual(valuesOf(model, api.caches[0].atRestEncryption), [{ state: 'known', value: false, text: 'false' }]);
  });

  it('reads a list of APIs, each where its name is', () => {
    const model = modelOf(
      'serverless.yml',
      `service: orders
provider:
  name: aws
custom:
  appSync:
    - name: public
      authenticationType: API_KEY
    - name: private
      authenticationType: AWS_IAM
      logConfig:
        level: ALL
        loggingRoleArn: { Fn::GetAtt: [AppSyncLoggingRole, Arn] }
`,
    );
    assert.deepEqual(model.appSyncApis.map((api) => [api.name, api.resource, textOf(model, api.range)]), [
      ['public', 'custom.appSync', 'name'],
      ['private', 'custom.appSync', 'name'],
    ]);
    assert.deepEqual(apiNamed(model, 'public').logging.branches.map((branch) => [branch.state, branch.reason]), [['off', 'no-config']]);
    assert.deepEqual(apiNamed(model, 'private').logging.branches[0].fieldLogLevel.values.map((value) => value.value), ['ALL']);
  });

  it('a document without AppSync has no AppSync APIs', () => {
    assert.deepEqual(modelOf('serverless.yml', 'service: a\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.h\n').appSyncApis, []);
  });
});

describe('model: AppSync declarations that make no sense', () => {
  it('odd shapes give APIs with unknown or absent settings, never an exception', () => {
    const serverless = modelOf(
      'serverless.yml',
      `service: orders
provider:
  name: aws
appSync: [1, 2]
custom:
  appSync:
    -
    - just-a-string
    - name: { nested: map }
      authenticationType: [API_KEY]
      logConfig: [level, ALL]
      apiKeys: { not: a-list }
      caching: yes-please
`,
    );
    // A list is no v2 API; each v1 item is an API, however little of it can be read.
    assert.equal(serverless.appSyncApis.length, 3);
    assert.ok(serverless.appSyncApis.every((api) => api.form === 'serverless-appsync-v1' && api.name === '(unnamed)'));
    const last = serverless.appSyncApis[2];
    assert.deepEqual(last.auth.defaultType.values.map((value) => value.state), ['unknown']);
    assert.deepEqual(last.logging.branches.map((branch) => branch.state), ['unknown']);
    assert.deepEqual(last.apiKeys, []);
    assert.deepEqual(last.caches.map((cache) => cache.atRestEncryption.values.map((value) => value.state)), [['unknown']]);

    const template = modelOf(
      'template.yaml',
      `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  NoProperties:
    Type: AWS::AppSync::GraphQLApi
  ListProperties:
    Type: AWS::AppSync::GraphQLApi
    Properties: [a, b]
  Cache:
    Type: AWS::AppSync::ApiCache
`,
    );
    assert.deepEqual(template.appSyncApis.map((api) => [api.name, api.isDeclaredHere]), [['NoProperties', true], ['ListProperties', true], ['', false]]);
    assert.deepEqual(apiNamed(template, 'NoProperties').auth.defaultType.values.map((value) => value.state), ['absent']);
    // Properties that are not a map are no properties (as for every resource): nothing is written.
    assert.deepEqual(apiNamed(template, 'ListProperties').auth.defaultType.values.map((value) => value.state), ['absent']);
    assert.deepEqual(apiNamed(template, 'ListProperties').logging.branches.map((branch) => [branch.state, branch.reason]), [['off', 'no-config']]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCode } from '../code';
import { lookupAction } from '../iam/action-table';
import { COMMON_OPERATIONS } from './common-operations';
import { apiOperationName, iamActionsForCall, mappingTables, partiqlVerbOf, SDK_HELPERS, type CallActions, type CallDetails } from './sdk-operations';
import { iamPrefixFor, SDK_NAME_TO_PREFIX } from './service-prefixes';

const v3 = (packageSuffix: string, operation: string, details?: CallDetails): CallActions =>
  iamActionsForCall({ sdkVersion: 3, packageName: `@aws-sdk/client-${packageSuffix}`, service: '', operation }, details);
const v2 = (service: string, operation: string, details?: CallDetails): CallActions => iamActionsForCall({ sdkVersion: 2, packageName: 'aws-sdk', service, operation }, details);
const sideOf = (result: CallActions): string[] => (result.sideActions ?? []).map((side) => side.action);

describe('SDK calls to IAM actions: the forms of issue 9, point 1', () => {
  // [description, call, certain actions]
  const cases: Array<[string, () => CallActions, string[]]> = [
    ['v3 command, S3 PutObject', () => v3('s3', 'PutObject'), ['s3:PutObject']],
    ['v3 command name with its suffix', () => v3('s3', 'PutObjectCommand'), ['s3:PutObject']],
    ['v3 aggregated client method (new S3({}).putObject)', () => iamActionsForCall({ packageName: '@aws-sdk/client-s3', service: 'S3', operation: 'PutObject' }), ['s3:PutObject']],
    ['v3 lib-dynamodb PutCommand', () => iamActionsForCall({ packageName: '@aws-sdk/lib-dynamodb', service: 'DynamoDB.DocumentClient', operation: 'Put' }), ['dynamodb:PutItem']],
    ['v3 lib-dynamodb UpdateCommand (raw name)', () => iamActionsForCall({ packageName: '@aws-sdk/lib-dynamodb', service: 'DynamoDB.DocumentClient', operation: 'UpdateCommand' }), ['dynamodb:UpdateItem']],
    ['v3 lib-dynamodb aggregated DynamoDBDocument.get', () => iamActionsForCall({ packageName: '@aws-sdk/lib-dynamodb', service: 'DynamoDBDocument', operation: 'get' }), ['dynamodb:GetItem']],
    ['v3 paginator paginateQuery (lib-dynamodb)', () => iamActionsForCall({ packageName: '@aws-sdk/lib-dynamodb', service: 'DynamoDB.DocumentClient', operation: 'paginateQuery' }), ['dynamodb:Query']],
    ['v3 paginator paginateListObjectsV2', () => v3('s3', 'paginateListObjectsV2'), ['s3:ListBucket']],
    ['v3 paginator paginateScan (client-dynamodb)', () => v3('dynamodb', 'paginateScan'), ['dynamodb:Scan']],
    ['v3 waiter waitUntilObjectExists', () => v3('s3', 'waitUntilObjectExists'), ['s3:GetObject']],
    ['v3 waiter waitUntilBucketExists', () => v3('s3', 'waitUntilBucketExists'), ['s3:ListBucket']],
    ['v3 waiter waitUntilTableExists', () => v3('dynamodb', 'waitUntilTableExists'), ['dynamodb:DescribeTable']],
    ['v3 lib-storage Upload', () => iamActionsForCall({ packageName: '@aws-sdk/lib-storage', service: 'S3', operation: 'Upload' }), ['s3:PutObject']],
    ['v3 presigner getSignedUrl with a GetObjectCommand', () => iamActionsForCall({ packageName: '@aws-sdk/s3-request-presigner', service: 'S3', operation: 'getSignedUrl' }, { signedOperation: 'GetObjectCommand' }), ['s3:GetObject']],
    ['v3 presigner getSignedUrl with a PutObjectCommand', () => iamActionsForCall({ packageName: '@aws-sdk/s3-request-presigner', service: 'S3', operation: 'getSignedUrl' }, { signedOperation: 'PutObject' }), ['s3:PutObject']],
    ['v3 presigned POST', () => iamActionsForCall({ packageName: '@aws-sdk/s3-presigned-post', service: 'S3', operation: 'createPresignedPost' }), ['s3:PutObject']],
    ['v2 new AWS.S3().putObject', () => v2('S3', 'putObject'), ['s3:PutObject']],
    ['v2 per-service module aws-sdk/clients/s3', () => iamActionsForCall({ packageName: 'aws-sdk/clients/s3', service: 'S3', operation: 'getObject' }), ['s3:GetObject']],
    ['v2 DocumentClient put', () => v2('DynamoDB.DocumentClient', 'put'), ['dynamodb:PutItem']],
    ['v2 DocumentClient get', () => v2('DynamoDB.DocumentClient', 'get'), ['dynamodb:GetItem']],
    ['v2 DocumentClient query', () => v2('DynamoDB.DocumentClient', 'query'), ['dynamodb:Query']],
    ['v2 DocumentClient scan', () => v2('DynamoDB.DocumentClient', 'scan'), ['dynamodb:Scan']],
    ['v2 DocumentClient update', () => v2('DynamoDB.DocumentClient', 'update'), ['dynamodb:UpdateItem']],
    ['v2 DocumentClient delete', () => v2('DynamoDB.DocumentClient', 'delete'), ['dynamodb:DeleteItem']],
    ['v2 DocumentClient batchGet', () => v2('DynamoDB.DocumentClient', 'batchGet'), ['dynamodb:BatchGetItem']],
    ['v2 DocumentClient batchWrite', () => v2('DynamoDB.DocumentClient', 'batchWrite'), ['dynamodb:BatchWriteItem']],
    ['v2 DocumentClient transactGet', () => v2('DynamoDB.DocumentClient', 'transactGet'), ['dynamodb:GetItem']],
    ['v2 DocumentClient transactWrite with Put and ConditionCheck items', () => v2('DynamoDB.DocumentClient', 'transactWrite', { transactItemKinds: ['Put', 'ConditionCheck'] }), ['dynamodb:ConditionCheckItem', 'dynamodb:PutItem']],
    ['v2 aws-sdk/clients/dynamodb DocumentClient', () => iamActionsForCall({ packageName: 'aws-sdk/clients/dynamodb', service: 'DynamoDB.DocumentClient', operation: 'put' }), ['dynamodb:PutItem']],
    ['v2 s3.getSignedUrl("getObject")', () => v2('S3', 'getSignedUrl', { signedOperation: 'getObject' }), ['s3:GetObject']],
    ['v2 s3.getSignedUrlPromise("putObject")', () => v2('S3', 'getSignedUrlPromise', { signedOperation: 'putObject' }), ['s3:PutObject']],
    ['v2 s3.upload (managed upload)', () => v2('S3', 'upload'), ['s3:PutObject']],
    ['v2 waiter waitFor("objectExists")', () => v2('S3', 'waitFor', { waiterState: 'objectExists' }), ['s3:GetObject']],
    ['Powertools getParameter', () => iamActionsForCall({ packageName: '@aws-lambda-powertools/parameters/ssm', service: 'SSM', operation: 'getParameter' }), ['ssm:GetParameter']],
    ['Powertools getParameters (by path)', () => iamActionsForCall({ packageName: '@aws-lambda-powertools/parameters/ssm', service: 'SSM', operation: 'getParameters' }), ['ssm:GetParametersByPath']],
    ['Powertools getParametersByName', () => iamActionsForCall({ packageName: '@aws-lambda-powertools/parameters/ssm', service: 'SSM', operation: 'getParametersByName' }), ['ssm:GetParameters']],
    ['Powertools getSecret', () => iamActionsForCall({ packageName: '@aws-lambda-powertools/parameters/secrets', service: 'SecretsManager', operation: 'getSecret' }), ['secretsmanager:GetSecretValue']],
    ['Powertools getAppConfig', () => iamActionsForCall({ packageName: '@aws-lambda-powertools/parameters/appconfig', service: 'AppConfigData', operation: 'getAppConfig' }), ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration']],
    ['Powertools DynamoDBProvider.get', () => iamActionsForCall({ packageName: '@aws-lambda-powertools/parameters/dynamodb', service: 'DynamoDB', operation: 'DynamoDBProvider.get' }), ['dynamodb:GetItem']],
    ['Powertools idempotency with DynamoDB', () => iamActionsForCall({ packageName: '@aws-lambda-powertools/idempotency', service: 'DynamoDB', operation: 'makeIdempotent' }), ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']],
    ['Encryption SDK encrypt with a KMS keyring', () => iamActionsForCall({ packageName: '@aws-crypto/client-node', service: 'KMS', operation: 'encrypt' }), ['kms:GenerateDataKey']],
    ['Encryption SDK decrypt', () => iamActionsForCall({ packageName: '@aws-crypto/client-node', service: 'KMS', operation: 'decrypt' }), ['kms:Decrypt']],
    ['boto3-style service and snake_case operation', () => iamActionsForCall({ packageName: 'boto3', service: 'stepfunctions', operation: 'start_execution' }), ['states:StartExecution']],
  ];
  for (const [description, run, expected] of cases) {
    it(description, () => {
      const result = run();
      assert.equal(result.unknown, undefined, result.unknown);
      assert.deepEqual(result.actions, expected);
    });
  }

  it('lists the multipart and tagging actions of an Upload as side actions with their condition', () => {
    const upload = iamActionsForCall({ packageName: '@aws-sdk/lib-storage', service: 'S3', operation: 'Upload' });
    assert.deepEqual(sideOf(upload).slice(0, 3), ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:PutObjectTagging']);
    assert.match(upload.sideActions?.find((side) => side.action === 's3:AbortMultipartUpload')?.when ?? '', /multipart/);
    assert.deepEqual(v2('S3', 'upload'), upload);
  });

  it('adds nothing for a v3 presigner whose command is not known: the command is its own call', () => {
    const result = iamActionsForCall({ packageName: '@aws-sdk/s3-request-presigner', service: 'S3', operation: 'getSignedUrl' });
    assert.deepEqual(result.actions, []);
    assert.equal(result.unknown, undefined);
    assert.match(result.note ?? '', /its own call/);
  });

  it('says unknown, with a reason, when a v2 signed URL or waiter has no known argument', () => {
    assert.match(v2('S3', 'getSignedUrl').unknown ?? '', /signed for/);
    assert.match(v2('S3', 'waitFor').unknown ?? '', /waiter's state/);
    assert.match(v3('s3', 'waitUntilSomethingOdd').unknown ?? '', /waiter SomethingOdd/);
  });
});

describe('the exceptions table', () => {
  const cases: Array<[string, string, string[], string[]?]> = [
    // [client package suffix, operation, actions, some side actions]
    ['s3', 'ListObjectsV2', ['s3:ListBucket']],
    ['s3', 'ListObjects', ['s3:ListBucket']],
    ['s3', 'HeadObject', ['s3:GetObject'], ['kms:Decrypt']],
    ['s3', 'HeadBucket', ['s3:ListBucket']],
    ['s3', 'CopyObject', ['s3:GetObject', 's3:PutObject'], ['s3:GetObjectTagging', 'kms:Decrypt', 'kms:GenerateDataKey']],
    ['s3', 'DeleteObjects', ['s3:DeleteObject'], ['s3:DeleteObjectVersion']],
    ['s3', 'GetObjectTagging', ['s3:GetObjectTagging']],
    ['s3', 'CreateMultipartUpload', ['s3:PutObject'], ['kms:GenerateDataKey']],
    ['s3', 'UploadPart', ['s3:PutObject'], ['kms:Decrypt']],
    ['s3', 'CompleteMultipartUpload', ['s3:PutObject']],
    ['s3', 'AbortMultipartUpload', ['s3:AbortMultipartUpload']],
    ['s3', 'ListObjectVersions', ['s3:ListBucketVersions']],
    ['s3', 'ListMultipartUploads', ['s3:ListBucketMultipartUploads']],
    ['s3', 'ListParts', ['s3:ListMultipartUploadParts']],
    ['s3', 'ListBuckets', ['s3:ListAllMyBuckets']],
    ['s3', 'SelectObjectContent', ['s3:GetObject']],
    ['s3', 'GetObject', ['s3:GetObject'], ['s3:GetObjectVersion', 's3:ListBucket', 'kms:Decrypt']],
    ['s3', 'PutObject', ['s3:PutObject'], ['s3:PutObjectAcl', 's3:PutObjectTagging', 'kms:GenerateDataKey']],
    ['s3', 'GetBucketCors', ['s3:GetBucketCORS']],
    ['s3', 'WriteGetObjectResponse', ['s3-object-lambda:WriteGetObjectResponse']],
    ['dynamodb', 'TransactGetItems', ['dynamodb:GetItem']],
    ['dynamodb', 'GetItem', ['dynamodb:GetItem'], ['kms:Decrypt']],
    ['lambda', 'Invoke', ['lambda:InvokeFunction']],
    ['lambda', 'InvokeWithResponseStream', ['lambda:InvokeFunction']],
    ['lambda', 'InvokeAsync', ['lambda:InvokeAsync']],
    ['sqs', 'SendMessage', ['sqs:SendMessage'], ['kms:GenerateDataKey', 'kms:Decrypt']],
    ['sqs', 'SendMessageBatch', ['sqs:SendMessage'], ['kms:GenerateDataKey']],
    ['sqs', 'DeleteMessageBatch', ['sqs:DeleteMessage']],
    ['sqs', 'ChangeMessageVisibilityBatch', ['sqs:ChangeMessageVisibility']],
    ['sqs', 'ReceiveMessage', ['sqs:ReceiveMessage'], ['kms:Decrypt']],
    ['sns', 'PublishBatch', ['sns:Publish'], ['kms:GenerateDataKey']],
    ['sns', 'Publish', ['sns:Publish'], ['kms:Decrypt']],
    ['kinesis', 'PutRecords', ['kinesis:PutRecords'], ['kms:GenerateDataKey']],
    ['firehose', 'PutRecordBatch', ['firehose:PutRecordBatch']],
    ['sesv2', 'SendEmail', ['ses:SendEmail']],
    ['ses', 'SendRawEmail', ['ses:SendRawEmail']],
    ['sts', 'AssumeRole', ['sts:AssumeRole'], ['sts:TagSession']],
    ['secrets-manager', 'GetSecretValue', ['secretsmanager:GetSecretValue'], ['kms:Decrypt']],
    ['secrets-manager', 'BatchGetSecretValue', ['secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue']],
    ['ssm', 'GetParametersByPath', ['ssm:GetParametersByPath'], ['kms:Decrypt']],
    ['ssm', 'SendCommand', ['ssm:SendCommand']],
    ['kms', 'Decrypt', ['kms:Decrypt']],
    ['kms', 'ReEncrypt', ['kms:ReEncryptFrom', 'kms:ReEncryptTo']],
    ['eventbridge', 'PutEvents', ['events:PutEvents']],
    ['sfn', 'StartExecution', ['states:StartExecution']],
    ['sfn', 'SendTaskSuccess', ['states:SendTaskSuccess']],
    ['scheduler', 'CreateSchedule', ['scheduler:CreateSchedule', 'iam:PassRole']],
    ['cognito-identity-provider', 'AdminCreateUser', ['cognito-idp:AdminCreateUser']],
    ['athena', 'StartQueryExecution', ['athena:StartQueryExecution'], ['glue:GetTable', 's3:PutObject']],
    ['glue', 'StartJobRun', ['glue:StartJobRun']],
    ['glue', 'GetPartitionIndexes', ['glue:GetTable']],
    ['bedrock-runtime', 'InvokeModel', ['bedrock:InvokeModel']],
    ['bedrock-runtime', 'InvokeModelWithResponseStream', ['bedrock:InvokeModelWithResponseStream']],
    ['bedrock-runtime', 'Converse', ['bedrock:InvokeModel']],
    ['bedrock-runtime', 'ConverseStream', ['bedrock:InvokeModelWithResponseStream']],
    ['bedrock-agent-runtime', 'RetrieveAndGenerate', ['bedrock:RetrieveAndGenerate', 'bedrock:Retrieve', 'bedrock:InvokeModel']],
    ['apigatewaymanagementapi', 'PostToConnection', ['execute-api:ManageConnections']],
    ['iot-data-plane', 'Publish', ['iot:Publish']],
    ['rds-data', 'ExecuteStatement', ['rds-data:ExecuteStatement', 'secretsmanager:GetSecretValue']],
    ['pinpoint', 'SendMessages', ['mobiletargeting:SendMessages']],
  ];
  for (const [suffix, operation, actions, sides] of cases) {
    it(`@aws-sdk/client-${suffix} ${operation} → ${actions.join(', ')}`, () => {
      const result = v3(suffix, operation);
      assert.equal(result.unknown, undefined, result.unknown);
      assert.deepEqual(result.actions, actions);
      for (const side of sides ?? []) assert.ok(sideOf(result).includes(side), `${side} among ${sideOf(result).join(', ')}`);
    });
  }

  it('maps the v2 service names to the same prefixes as the v3 packages', () => {
    const pairs: Array<[string, string, string]> = [
      ['SecretsManager', 'getSecretValue', 'secretsmanager:GetSecretValue'],
      ['SSM', 'getParameter', 'ssm:GetParameter'],
      ['EventBridge', 'putEvents', 'events:PutEvents'],
      ['CloudWatchEvents', 'putEvents', 'events:PutEvents'],
      ['StepFunctions', 'startExecution', 'states:StartExecution'],
      ['Firehose', 'putRecord', 'firehose:PutRecord'],
      ['CognitoIdentityServiceProvider', 'adminGetUser', 'cognito-idp:AdminGetUser'],
      ['ApiGatewayManagementApi', 'postToConnection', 'execute-api:ManageConnections'],
      ['IotData', 'publish', 'iot:Publish'],
      ['SES', 'sendEmail', 'ses:SendEmail'],
      ['SESV2', 'sendEmail', 'ses:SendEmail'],
      ['Lambda', 'invoke', 'lambda:InvokeFunction'],
      ['TranscribeService', 'startTranscriptionJob', 'transcribe:StartTranscriptionJob'],
      ['CloudWatchLogs', 'putLogEvents', 'logs:PutLogEvents'],
      ['Kinesis', 'putRecords', 'kinesis:PutRecords'],
      ['IAM', 'getRole', 'iam:GetRole'],
    ];
    for (const [service, operation, action] of pairs) assert.deepEqual(v2(service, operation).actions, [action], `${service}.${operation}`);
  });

  it('needs PartiQL actions by statement verb, and says unknown when the statements are not known', () => {
    assert.deepEqual(v3('dynamodb', 'ExecuteStatement', { statements: ['SELECT * FROM "Orders" WHERE pk = ?'] }).actions, ['dynamodb:PartiQLSelect']);
    assert.deepEqual(v3('dynamodb', 'BatchExecuteStatement', { statements: ['INSERT INTO "T" VALUE {}', 'delete from "T" where pk = 1'] }).actions, ['dynamodb:PartiQLDelete', 'dynamodb:PartiQLInsert']);
    assert.deepEqual(iamActionsForCall({ packageName: '@aws-sdk/lib-dynamodb', service: 'DynamoDB.DocumentClient', operation: 'ExecuteTransaction' }, { statements: ['UPDATE'] }).actions, ['dynamodb:PartiQLUpdate']);
    const unknownStatement = v3('dynamodb', 'ExecuteStatement');
    assert.deepEqual(unknownStatement.actions, []);
    assert.match(unknownStatement.unknown ?? '', /statements are not known/);
    assert.deepEqual(sideOf(unknownStatement), ['dynamodb:PartiQLSelect', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate', 'dynamodb:PartiQLDelete']);
    assert.match(v3('dynamodb', 'ExecuteStatement', { statements: ['EXISTS (SELECT 1)'] }).unknown ?? '', /not SELECT, INSERT/);
    assert.equal(partiqlVerbOf('  select 1'), 'select');
    assert.equal(partiqlVerbOf('WITH x'), undefined);
  });

  it('says unknown for a transactWrite whose items are not known, listing the candidates as side actions', () => {
    const result = v2('DynamoDB.DocumentClient', 'transactWrite');
    assert.deepEqual(result.actions, []);
    assert.match(result.unknown ?? '', /items are not known/);
    assert.ok(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'].every((action) => sideOf(result).includes(action)));
    assert.deepEqual(v3('dynamodb', 'TransactWriteItems', { transactItemKinds: ['Delete'] }).actions, ['dynamodb:DeleteItem']);
  });

  it('knows the calls that need no permission', () => {
    for (const [suffix, operation] of [['sts', 'GetCallerIdentity'], ['dynamodb', 'DescribeEndpoints'], ['cognito-identity-provider', 'InitiateAuth'], ['cognito-identity-provider', 'SignUp'], ['cognito-identity', 'GetId']]) {
      const result = v3(suffix, operation);
      assert.deepEqual(result.actions, [], `${suffix} ${operation}`);
      assert.equal(result.unknown, undefined);
      assert.match(result.note ?? '', /no IAM permission/);
    }
    assert.deepEqual(v2('DynamoDB.DocumentClient', 'createSet'), { actions: [], note: 'createSet makes no AWS request' });
  });
});

describe('never an invented action', () => {
  it('every action the tables, the helpers and the common operations of each service can return exists in the bundled IAM data', () => {
    const returned = new Set<string>();
    const collect = (result: CallActions): void => {
      result.actions.forEach((action) => returned.add(action));
      result.sideActions?.forEach((side) => returned.add(side.action));
    };
    const rows = mappingTables();
    assert.ok(rows.length > 150);
    for (const row of rows) {
      row.actions.forEach((action) => returned.add(action));
      row.sideActions.forEach((side) => returned.add(side.action));
    }
    const unknowns: string[] = [];
    for (const [packageName, operations] of Object.entries(COMMON_OPERATIONS)) {
      for (const operation of operations) {
        const result = iamActionsForCall({ packageName, service: '', operation });
        if (result.unknown) unknowns.push(`${packageName} ${operation}: ${result.unknown}`);
        collect(result);
      }
    }
    for (const helper of SDK_HELPERS) collect(iamActionsForCall(helper));
    assert.deepEqual(unknowns, [], 'every common operation maps');
    const missing = [...returned].filter((action) => lookupAction(action)?.qualifiedName !== action);
    assert.deepEqual(missing, [], 'each action exists, spelt as the IAM data spells it');
    assert.ok(returned.size > 200, `${returned.size} distinct actions`);
  });

  it('an operation with no IAM action of its name, and not in the exceptions, is unknown with a reason', () => {
    const result = v3('s3', 'GetBucketMagic');
    assert.deepEqual(result.actions, []);
    assert.match(result.unknown ?? '', /IAM data has no action s3:GetBucketMagic/);
    // S3's naive names miss often; the ones a table row covers map, the others stay unknown.
    assert.deepEqual(v3('s3', 'PutBucketLifecycle').actions, ['s3:PutLifecycleConfiguration']);
    assert.ok(lookupAction('s3:PutBucketLifecycle') === undefined);
    assert.match(v3('s3', 'GetBucketMetadataTableMagic').unknown ?? '', /no action s3:GetBucketMetadataTableMagic/);
  });

  it('an unknown client is unknown with a reason', () => {
    assert.match(iamActionsForCall({ packageName: '@aws-sdk/client-not-a-service', service: 'NotAService', operation: 'DoThing' }).unknown ?? '', /no IAM service is known for the SDK client NotAService/);
    assert.match(v2('Signers.V4', 'addAuthorization').unknown ?? '', /signs a request the code builds itself/);
  });

  it('takes bad input without throwing', () => {
    assert.match(iamActionsForCall({ packageName: '', service: '', operation: '' }).unknown ?? '', /no operation/);
    assert.match(iamActionsForCall(undefined as never).unknown ?? '', /no operation/);
    assert.match(iamActionsForCall({ packageName: 5, service: null, operation: {} } as never).unknown ?? '', /no operation/);
    assert.ok(iamActionsForCall({ packageName: 'aws-sdk', service: 'S3', operation: 'x'.repeat(10_000) }).unknown);
  });
});

describe('service prefixes', () => {
  it('every prefix the alias table names is a service of the IAM data', () => {
    const prefixes = [...new Set(Object.values(SDK_NAME_TO_PREFIX))];
    assert.deepEqual(prefixes.filter((prefix) => !lookupPrefix(prefix)), []);
  });

  it('resolves packages, v2 names and boto3 names to the same prefix', () => {
    assert.equal(iamPrefixFor('@aws-sdk/client-secrets-manager', 'SecretsManager'), 'secretsmanager');
    assert.equal(iamPrefixFor('boto3', 'cognito-idp'), 'cognito-idp');
    assert.equal(iamPrefixFor('boto3', 'iot-data'), 'iot');
    assert.equal(iamPrefixFor('@aws-sdk/client-s3vectors', 'S3vectors'), 's3vectors');
    assert.equal(iamPrefixFor('@aws-sdk/client-bedrock-agentcore', 'BedrockAgentcore'), 'bedrock-agentcore');
    assert.equal(iamPrefixFor('aws-sdk', 'NotAService'), undefined);
  });

  it('normalises method and command names', () => {
    assert.equal(apiOperationName('putObject'), 'PutObject');
    assert.equal(apiOperationName('put_object'), 'PutObject');
    assert.equal(apiOperationName('listObjectsV2'), 'ListObjectsV2');
  });
});

describe('the front end and the mapping together', () => {
  it('maps the calls the TypeScript front end records, v2 and v3', () => {
    const text = [
      `import { S3Client, PutObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';`,
      `import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';`,
      `import { SSMClient, SendCommandCommand } from '@aws-sdk/client-ssm';`,
      `const AWS = require('aws-sdk');`,
      `const s3 = new S3Client({});`,
      `const doc = new AWS.DynamoDB.DocumentClient();`,
      `export const handler = async () => {`,
      `  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: 'k' }));`,
      `  await s3.send(new ListObjectsV2Command({ Bucket: 'b' }));`,
      `  await docClient.send(new UpdateCommand({ TableName: 't' }));`,
      `  await ssm.send(new SendCommandCommand({ DocumentName: 'd' }));`,
      `  await doc.batchWrite({ RequestItems: {} }).promise();`,
      `  await new AWS.SQS().sendMessageBatch({}).promise();`,
      `};`,
    ].join('\n');
    const calls = analyzeCode({ path: 'h.mjs', text }).awsCalls;
    assert.deepEqual(calls.map((call) => iamActionsForCall(call).actions), [
      ['s3:PutObject'],
      ['s3:ListBucket'],
      ['dynamodb:UpdateItem'],
      ['ssm:SendCommand'],
      ['dynamodb:BatchWriteItem'],
      ['sqs:SendMessage'],
    ]);
  });
});

function lookupPrefix(prefix: string): boolean {
  return iamPrefixFor('', prefix) === prefix;
}

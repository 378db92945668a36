import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { iamActionsForCall } from '../../least-privilege';
import { analyzeCode } from '../index';

/** The calls the front end records, as `service.operation`, with the actions the mapping gives each. */
function callsOf(text: string): Array<[string, string[]]> {
  return analyzeCode({ path: '/app/h.mjs', text }).awsCalls.map((call) => [`${call.service}.${call.operation}`, iamActionsForCall(call).actions]);
}

describe('AWS helpers that call for the code', () => {
  const cases: Array<[string, string, Array<[string, string[]]>]> = [
    ['lib-storage Upload', `import { Upload } from '@aws-sdk/lib-storage'; export const h = (client) => new Upload({ client, params: { Bucket: 'b', Key: 'k', Body: 'x' } }).done();`, [['S3.Upload', ['s3:PutObject']]]],
    ['a v3 paginator', `import { DynamoDBClient, paginateQuery } from '@aws-sdk/client-dynamodb'; export const h = async (client) => { for await (const page of paginateQuery({ client }, { TableName: 't' })) {} };`, [['DynamoDB.paginateQuery', ['dynamodb:Query']]]],
    ['a v3 waiter', `import { waitUntilObjectExists } from '@aws-sdk/client-s3'; export const h = (client) => waitUntilObjectExists({ client, maxWaitTime: 30 }, { Bucket: 'b', Key: 'k' });`, [['S3.waitUntilObjectExists', ['s3:GetObject']]]],
    ['Powertools parameters', `import { getParameter } from '@aws-lambda-powertools/parameters/ssm'; import { getSecret } from '@aws-lambda-powertools/parameters/secrets'; export const h = async () => [await getParameter('/a'), await getSecret('s')];`, [['SSM.getParameter', ['ssm:GetParameter']], ['SecretsManager.getSecret', ['secretsmanager:GetSecretValue']]]],
    ['a Powertools provider', `import { SSMProvider } from '@aws-lambda-powertools/parameters/ssm'; const provider = new SSMProvider(); export const h = () => provider.get('/a');`, [['SSM.SSMProvider.get', ['ssm:GetParameter']]]],
    [
      'the AWS Encryption SDK with a KMS keyring',
      `import { KmsKeyringNode, buildClient, CommitmentPolicy } from '@aws-crypto/client-node';\nconst { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);\nconst keyring = new KmsKeyringNode({ generatorKeyId: process.env.KEY_ARN });\nexport const h = async () => { const { result } = await encrypt(keyring, 'x'); return decrypt(keyring, result); };`,
      [['KMS.encrypt', ['kms:GenerateDataKey']], ['KMS.decrypt', ['kms:Decrypt']]],
    ],
    // A raw AES keyring encrypts locally: no KMS call.
    ['the AWS Encryption SDK with a raw keyring', `import { RawAesKeyringNode, buildClient } from '@aws-crypto/client-node';\nconst client = buildClient();\nexport const h = (keyring) => client.encrypt(keyring, 'x');`, []],
  ];
  for (const [label, text, expected] of cases) it(label, () => assert.deepEqual(callsOf(text), expected));

  it('a v2 request signer is not an AWS call', () => {
    assert.deepEqual(callsOf(`import AWS from 'aws-sdk'; export const h = (request) => new AWS.Signers.V4(request, 'appsync').addAuthorization(AWS.config.credentials, new Date());`), []);
  });
});

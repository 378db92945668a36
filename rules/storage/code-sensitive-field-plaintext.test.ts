import rule from './code-sensitive-field-plaintext';
import { testCodeRule } from '../support/code-facts-tester';

testCodeRule(rule, {
  valid: [
    {
      name: 'a password hashed with bcrypt, directly or through a variable, and argon2',
      code: `const bcrypt = require('bcryptjs');
const argon2 = require('argon2');
const AWS = require('aws-sdk');
const db = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event) => {
  const { email, password } = JSON.parse(event.body);
  const hashed = await bcrypt.hash(password, 10);
  await db.put({ TableName: 'users', Item: { email, password: hashed } }).promise();
  await db.put({ TableName: 'users', Item: { email, password: await argon2.hash(password) } }).promise();
  return { statusCode: 201 };
};`,
    },
    {
      name: 'fields that hold a hash, an expiry or a pointer, and tokens that are cursors',
      code: `import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(client);
export const handler = async (event) => {
  await doc.send(new PutCommand({ TableName: 't', Item: { passwordHash: event.hash, tokenExpiry: 3600, secretArn: 'arn:x', nextToken: event.next, deviceToken: event.device } }));
};`,
    },
    {
      name: 'an encrypted card number (KMS) sent to SQS',
      code: `const { KMSClient, EncryptCommand } = require('@aws-sdk/client-kms');
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  const encrypted = await kms.send(new EncryptCommand({ KeyId: process.env.KEY, Plaintext: Buffer.from(body.cardNumber) }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE, MessageBody: JSON.stringify({ cardNumber: encrypted.CiphertextBlob }) }));
};`,
    },
  ],
  invalid: [
    {
      name: 'a password put in DynamoDB as it came, through a params variable',
      code: `const AWS = require('aws-sdk');
const db = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event) => {
  const { email, password } = JSON.parse(event.body);
  const params = { TableName: process.env.TABLE, Item: { email, password } };
  await db.put(params).promise();
  return { statusCode: 201 };
};`,
      errors: [{ messageId: 'plaintextField', text: 'password', handler: 'handler' }],
    },
    {
      name: 'a card number and CVV in an S3 object body, an SSN in an SNS message, an API key in an update',
      code: `exports.handler = async (event) => {
  const order = JSON.parse(event.body);
  await s3.putObject({ Bucket: 'orders', Key: order.id, Body: JSON.stringify({ id: order.id, cardNumber: order.card, cvv: order.cvv }) }).promise();
  await sns.publish({ TopicArn: process.env.TOPIC, Message: JSON.stringify({ ssn: order.ssn }) }).promise();
  await db.update({ TableName: 't', Key: { id: order.id }, UpdateExpression: 'set apiKey = :apiKey', ExpressionAttributeValues: { ':apiKey': order.key } }).promise();
};`,
      errors: [
        { messageId: 'plaintextField', text: 'cardNumber: order.card' },
        { messageId: 'plaintextField', text: 'cvv: order.cvv' },
        { messageId: 'plaintextField', text: 'ssn: order.ssn' },
        { messageId: 'plaintextField', text: "':apiKey': order.key" },
      ],
    },
    {
      name: 'low-level DynamoDB attribute values',
      code: `const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  await client.send(new PutItemCommand({ TableName: 'users', Item: { id: { S: body.id }, refreshToken: { S: body.refreshToken } } }));
};`,
      errors: [{ messageId: 'plaintextField', text: 'refreshToken: { S: body.refreshToken }' }],
    },
  ],
});

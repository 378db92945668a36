// Orders handlers: the FIXED version of ../../insecure/src/orders.ts.
import { execFile } from 'child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { randomUUID } from 'crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { z } from 'zod';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sns = new SNSClient({});
const table = process.env.ORDERS_TABLE;
const STATUSES = ['open', 'shipped', 'cancelled'];

/** GET /orders?status=...: the status is an allow-listed value, passed as an expression value. */
export const list = async (event: APIGatewayProxyEvent) => {
  const status = event.queryStringParameters?.status ?? 'open';
  if (!STATUSES.includes(status)) return { statusCode: 400, body: 'unknown status' };
  const result = await db.send(
    new ScanCommand({ TableName: table, FilterExpression: 'orderStatus = :status', ExpressionAttributeValues: { ':status': status } }),
  );
  return { statusCode: 200, body: JSON.stringify(result.Items) };
};

const NewOrder = z.object({ sku: z.string().uuid(), quantity: z.number().int().positive() });

/** POST /orders: only the fields the schema allows are stored; the id is ours. */
export const create = async (event: APIGatewayProxyEventV2) => {
  const input = NewOrder.parse(JSON.parse(event.body ?? '{}'));
  const order = { id: randomUUID(), sku: input.sku, quantity: input.quantity };
  await db.send(new PutCommand({ TableName: table, Item: order }));
  await sns.send(new PublishCommand({ TopicArn: process.env.ORDER_EVENTS_TOPIC, Message: JSON.stringify({ type: 'order-created', id: order.id }) }));
  return { statusCode: 201, body: JSON.stringify({ id: order.id }) };
};

/** The function URL (IAM auth): the format is allow-listed and passed as an argument, without a shell. */
export const exportOrders = async (event: APIGatewayProxyEventV2) => {
  const format = event.queryStringParameters?.format === 'json' ? 'json' : 'csv';
  execFile('export-orders', ['--format', format, '--out', '/tmp/orders'], (error) => {
    if (error) console.error('export failed');
  });
  return { statusCode: 202 };
};

export { exportOrders as export };

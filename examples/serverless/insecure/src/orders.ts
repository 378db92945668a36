// Orders handlers: the INSECURE version. Every problem here is deliberate; see ../../../README.md.
import { exec } from 'child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const table = process.env.ORDERS_TABLE;
// A signing secret with a literal fallback: the template never sets JWT_SECRET.
const jwtSecret = process.env.JWT_SECRET || '3ee058420bc2f6a94d1c7e58b0aa9d35';

/** GET /orders?status=...: the status is pasted into the filter expression. */
export const list = async (event: APIGatewayProxyEvent) => {
  const status = event.queryStringParameters?.status ?? 'open';
  const result = await db.send(new ScanCommand({ TableName: table, FilterExpression: `orderStatus = ${status}` }));
  return { statusCode: 200, body: JSON.stringify(result.Items) };
};

/** POST /orders: the whole body becomes the item, so the caller sets any field (price, owner). */
export const create = async (event: APIGatewayProxyEventV2) => {
  console.log('create order', JSON.stringify(event));
  const order = JSON.parse(event.body ?? '{}');
  await db.send(new PutCommand({ TableName: table, Item: order }));
  return { statusCode: 201, body: JSON.stringify({ id: order.id, signedWith: jwtSecret.length }) };
};

/** The function URL: the format is pasted into a shell command. */
export const exportOrders = async (event: APIGatewayProxyEventV2) => {
  const format = event.queryStringParameters?.format ?? 'csv';
  exec(`export-orders --format ${format} --out /tmp/orders`, (error) => {
    if (error) console.error(error);
  });
  return { statusCode: 202 };
};

export { exportOrders as export };

/**
 * The generated Lambda handler sources (TypeScript) and the serverless.yml that names them, which
 * `npm run bench` measures. They are shaped like the handlers in the corpus: AWS SDK v3 clients,
 * typed events, helpers, validation, many exports, and a few taint flows from the event to shell,
 * SQL and fetch sinks, some guarded and some not. Pure text generation, nothing else.
 */

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

/** The line that the keystroke benchmark types into: a comment, so every edit leaves the code valid. */
export const HANDLER_EDIT_MARKER = '// Orders service, bench revision ';
/** Text in a handler's code after the marker; the bench's second series types at its end, inside the string. */
export const HANDLER_CODE_EDIT = "KeyConditionExpression: 'pk = :pk";

const HEADER = `/**
 * Orders service: HTTP routes and queue consumers for the orders platform (generated for the benchmark).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { S3Client, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, SQSEvent } from 'aws-lambda';
import { exec, execFile } from 'node:child_process';
import { Pool } from 'pg';
import { z } from 'zod';

const TABLE_NAME = process.env.TABLE_NAME ?? '';
const BUCKET_NAME = process.env.BUCKET_NAME ?? '';
const QUEUE_URL = process.env.QUEUE_URL ?? '';
const PARTNER_API = process.env.PARTNER_API ?? 'https://partner.example.com';
const ALLOWED_FORMATS = ['png', 'jpg', 'webp'];

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});
const sqs = new SQSClient({});
const secrets = new SecretsManagerClient({});
const pool = new Pool({ max: 2 });

const OrderInput = z.object({
  customerId: z.string().uuid(),
  items: z.array(z.object({ sku: z.string().max(32), quantity: z.number().int().positive() })),
  note: z.string().max(500).optional(),
});

function json(statusCode: number, body: unknown): APIGatewayProxyResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function parseBody(event: APIGatewayProxyEventV2): Record<string, unknown> {
  if (!event.body) return {};
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return JSON.parse(raw) as Record<string, unknown>;
}

function assertId(value: string | undefined): string {
  if (!value || !/^[A-Za-z0-9-]{1,64}$/.test(value)) throw new Error('invalid id');
  return value;
}

let cachedApiKey: string | undefined;
async function partnerApiKey(): Promise<string> {
  if (cachedApiKey) return cachedApiKey;
  const secret = await secrets.send(new GetSecretValueCommand({ SecretId: 'orders/partner-api-key' }));
  cachedApiKey = secret.SecretString ?? '';
  return cachedApiKey;
}

`;

/** One slice: a helper and an exported handler, in one of several shapes (index picks the shape). */
function handlerSlice(index: number): { text: string; exportName: string; isQueue: boolean } {
  const n = index;
  switch (index % 8) {
    case 0:
      return {
        exportName: `getOrder${n}`,
        isQueue: false,
        text: `/** Reads one order by id; the id is validated before it reaches DynamoDB. */
export const getOrder${n} = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  let id: string;
  try {
    id = assertId(event.pathParameters?.id);
  } catch {
    return json(400, { message: 'invalid id' });
  }
  const result = await ddb.send(new GetCommand({ TableName: TABLE_NAME, Key: { pk: \`ORDER#\${id}\`, sk: 'v${n}' } }));
  if (!result.Item) return json(404, { message: 'not found' });
  return json(200, { id, status: result.Item.status, total: result.Item.total });
};

`,
      };
    case 1:
      return {
        exportName: `createOrder${n}`,
        isQueue: false,
        text: `/** Creates an order from a validated body and queues it for fulfilment. */
export const createOrder${n} = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const parsed = OrderInput.safeParse(parseBody(event));
  if (!parsed.success) return json(400, { message: 'invalid order', issues: parsed.error.issues.length });
  const order = { pk: \`CUSTOMER#\${parsed.data.customerId}\`, sk: \`ORDER#\${Date.now()}-${n}\`, items: parsed.data.items, note: parsed.data.note ?? '' };
  await ddb.send(new PutCommand({ TableName: TABLE_NAME, Item: order, ConditionExpression: 'attribute_not_exists(pk)' }));
  await sqs.send(new SendMessageCommand({ QueueUrl: QUEUE_URL, MessageBody: JSON.stringify({ type: 'created', sk: order.sk }) }));
  return json(201, { sk: order.sk });
};

`,
      };
    case 2:
      return {
        exportName: `searchOrders${n}`,
        isQueue: false,
        text: `function searchSql${n}(customer: string, status: string): string {
  // Built by concatenation: the status comes straight from the query string.
  return "SELECT id, total FROM orders_${n} WHERE customer_id = '" + customer + "' AND status = '" + status + "'";
}

/** Searches orders in Postgres; one query is parameterised, the other is not. */
export const searchOrders${n} = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const customer = event.queryStringParameters?.customer ?? '';
  const status = event.queryStringParameters?.status ?? 'open';
  const counted = await pool.query('SELECT count(*) FROM orders_${n} WHERE customer_id = $1', [customer]);
  const rows = await pool.query(searchSql${n}(customer, status));
  return json(200, { count: counted.rows[0].count, orders: rows.rows });
};

`,
      };
    case 3:
      return {
        exportName: `convertImage${n}`,
        isQueue: false,
        text: `/** Converts an uploaded image; the format is checked against an allow-list before the shell sees it. */
export const convertImage${n} = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const format = event.queryStringParameters?.format ?? 'png';
  if (!ALLOWED_FORMATS.includes(format)) return json(400, { message: 'unsupported format' });
  const key = assertId(event.pathParameters?.key);
  const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET_NAME, Key: \`uploads/\${key}\` }));
  const size = object.ContentLength ?? 0;
  await new Promise<void>((resolve, reject) => exec(\`convert /tmp/in-${n} /tmp/out-${n}.\${format}\`, (error) => (error ? reject(error) : resolve())));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET_NAME, Key: \`converted/\${key}.\${format}\`, Body: 'converted' }));
  return json(200, { key, format, size });
};

`,
      };
    case 4:
      return {
        exportName: `archive${n}`,
        isQueue: false,
        text: `/** Archives a folder: the folder name reaches the shell unchecked. */
export const archive${n} = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const body = parseBody(event);
  const folder = String(body.folder ?? 'default');
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    exec('tar czf /tmp/archive-${n}.tgz ' + folder, (error) => (error ? reject(error) : resolve()));
  });
  execFile('ls', ['-la', '/tmp'], () => undefined);
  return json(200, { folder, elapsedMs: Date.now() - started });
};

`,
      };
    case 5:
      return {
        exportName: `notifyPartner${n}`,
        isQueue: false,
        text: `/** Calls the partner API at a fixed host, and a callback URL that the caller chooses. */
export const notifyPartner${n} = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const body = parseBody(event);
  const orderId = assertId(String(body.orderId ?? ''));
  const apiKey = await partnerApiKey();
  const fixed = await fetch(\`\${PARTNER_API}/orders/\${encodeURIComponent(orderId)}\`, { headers: { 'x-api-key': apiKey } });
  const callback = event.headers['x-callback-url'];
  if (callback) await fetch(callback, { method: 'POST', body: JSON.stringify({ orderId, status: fixed.status }) });
  return json(202, { orderId, partnerStatus: fixed.status });
};

`,
      };
    case 6:
      return {
        exportName: `consumeOrders${n}`,
        isQueue: true,
        text: `interface OrderMessage${n} {
  type: string;
  sk: string;
  attempt?: number;
}

/** Consumes the fulfilment queue: marks each order as shipped. */
export const consumeOrders${n} = async (event: SQSEvent): Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }> => {
  const failures: Array<{ itemIdentifier: string }> = [];
  for (const record of event.Records) {
    try {
      const message = JSON.parse(record.body) as OrderMessage${n};
      if (message.type !== 'created') continue;
      await ddb.send(new UpdateCommand({
        TableName: TABLE_NAME,
        Key: { pk: 'QUEUE#${n}', sk: message.sk },
        UpdateExpression: 'SET #s = :s, attempt = :a',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'shipped', ':a': (message.attempt ?? 0) + 1 },
      }));
    } catch {
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};

`,
      };
    default:
      return {
        exportName: `listOrders${n}`,
        isQueue: false,
        text: `/** Lists a customer's orders a page at a time. */
export const listOrders${n} = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const customer = assertId(event.pathParameters?.customer);
  const limit = Math.min(Number(event.queryStringParameters?.limit ?? '20') || 20, 100);
  const result = await ddb.send(new QueryCommand({
    TableName: TABLE_NAME,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': \`CUSTOMER#\${customer}\` },
    Limit: limit,
  }));
  const items = (result.Items ?? []).map((item) => ({ sk: item.sk, total: item.total, status: item.status }));
  return json(200, { items, next: result.LastEvaluatedKey ? Buffer.from(JSON.stringify(result.LastEvaluatedKey)).toString('base64') : null });
};

`,
      };
  }
}

export interface GeneratedHandler {
  /** The TypeScript source. */
  text: string;
  /** The exported handlers, in order, and whether each is a queue consumer (else an HTTP route). */
  exports: Array<{ name: string; isQueue: boolean }>;
}

/** A TypeScript handler module of about `targetLines` lines: the header, then slices until the length is reached. */
export function generateHandler(targetLines: number): GeneratedHandler {
  const parts = [HEADER];
  const exports: GeneratedHandler['exports'] = [];
  let lines = lineCount(HEADER);
  // The comment the keystroke benchmark edits sits in the middle, as a developer's cursor usually does.
  let hasMarker = false;
  for (let index = 0; lines < targetLines; index++) {
    if (!hasMarker && lines >= targetLines / 2) {
      parts.push(`${HANDLER_EDIT_MARKER}${index}\n\n`);
      lines += 2;
      hasMarker = true;
    }
    const slice = handlerSlice(index);
    parts.push(slice.text);
    exports.push({ name: slice.exportName, isQueue: slice.isQueue });
    lines += lineCount(slice.text);
  }
  if (!hasMarker) parts.push(`${HANDLER_EDIT_MARKER}end\n`);
  return { text: parts.join(''), exports };
}

/**
 * A serverless.yml naming every export of `handlerModule` (a path without extension, relative to the
 * template): HTTP API routes, one in three behind a JWT authorizer, and SQS consumers for the queue ones.
 */
export function generateServerlessYaml(handlerModule: string, exports: GeneratedHandler['exports']): string {
  const functions = exports.map(({ name, isQueue }, index) => {
    const events = isQueue
      ? `      - sqs:\n          arn: !GetAtt OrdersQueue.Arn\n`
      : `      - httpApi:\n          method: POST\n          path: /${name.toLowerCase()}/{id}\n${index % 3 === 0 ? '          authorizer:\n            name: jwtAuthorizer\n' : ''}`;
    return `  ${name}:\n    handler: ${handlerModule}.${name}\n    events:\n${events}`;
  });
  return `service: orders-bench
frameworkVersion: '3'
provider:
  name: aws
  runtime: nodejs20.x
  httpApi:
    authorizers:
      jwtAuthorizer:
        identitySource: $request.header.Authorization
        issuerUrl: https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_bench
        audience:
          - bench-client
functions:
${functions.join('')}resources:
  Resources:
    OrdersQueue:
      Type: AWS::SQS::Queue
      Properties:
        KmsMasterKeyId: alias/aws/sqs
`;
}

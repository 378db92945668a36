"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// scripts/_phases.ts
var import_typescript10 = __toESM(require("typescript"));

// scripts/bench-handlers.ts
var lineCount = (text) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
var HANDLER_EDIT_MARKER = "// Orders service, bench revision ";
var HEADER = `/**
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
function handlerSlice(index) {
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

`
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

`
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

`
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

`
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

`
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

`
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

`
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

`
      };
  }
}
function generateHandler(targetLines) {
  const parts = [HEADER];
  const exports2 = [];
  let lines2 = lineCount(HEADER);
  let hasMarker = false;
  for (let index = 0; lines2 < targetLines; index++) {
    if (!hasMarker && lines2 >= targetLines / 2) {
      parts.push(`${HANDLER_EDIT_MARKER}${index}

`);
      lines2 += 2;
      hasMarker = true;
    }
    const slice = handlerSlice(index);
    parts.push(slice.text);
    exports2.push({ name: slice.exportName, isQueue: slice.isQueue });
    lines2 += lineCount(slice.text);
  }
  if (!hasMarker) parts.push(`${HANDLER_EDIT_MARKER}end
`);
  return { text: parts.join(""), exports: exports2 };
}

// server/src/engine/code/typescript/module-scan.ts
var import_typescript = __toESM(require("typescript"));

// server/src/engine/code/syntax-cache.ts
function textChangeBetween(before, after) {
  if (before === after) return void 0;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < shorter - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldLength: before.length - start - suffix, newLength: after.length - start - suffix };
}
var SyntaxTreeCache = class {
  constructor(capacity = 32) {
    this.capacity = capacity;
  }
  capacity;
  entries = /* @__PURE__ */ new Map();
  /**
   * The tree for `text`: the kept one when the text is the same, else `parse(previous)`, where
   * `previous` is the kept tree of an earlier text of the same file, handed over once: an incremental
   * parser may reuse (and move) its nodes, so the cache forgets it before parsing.
   */
  treeFor(owner, path2, text, parse) {
    const entry = this.entries.get(path2);
    if (entry && entry.owner === owner && entry.text === text) {
      this.entries.delete(path2);
      this.entries.set(path2, entry);
      return entry.tree;
    }
    this.entries.delete(path2);
    const tree = parse(entry && entry.owner === owner ? { text: entry.text, tree: entry.tree } : void 0);
    this.entries.set(path2, { text, tree, owner });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value);
    return tree;
  }
  forget(path2) {
    this.entries.delete(path2);
  }
};

// server/src/engine/code/typescript/tables.ts
var SQL_CLIENTS = ["pg", "mysql", "mysql2", "mysql2/promise", "mssql", "sqlite3", "better-sqlite3", "sequelize", "typeorm", "postgres", "@neondatabase/serverless", "@vercel/postgres", "oracledb", "tedious"];
var FS = ["fs", "fs/promises", "fs-extra", "graceful-fs"];
var FS_METHODS = ["readFile", "readFileSync", "writeFile", "writeFileSync", "appendFile", "appendFileSync", "createReadStream", "createWriteStream", "unlink", "unlinkSync", "rm", "rmSync", "rmdir", "rmdirSync", "readdir", "readdirSync", "mkdir", "mkdirSync", "open", "openSync", "copyFile", "copyFileSync", "rename", "renameSync", "remove", "removeSync", "outputFile", "readJson", "readJSON", "writeJson", "sendFile"];
var HTTP_METHODS = ["", "get", "post", "put", "patch", "delete", "head", "options", "request"];
var DYNAMODB = ["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb", "aws-sdk", "aws-sdk/clients/dynamodb", "dynamodb-toolbox"];
var SINKS = [
  { kind: "command", cwe: "CWE-78", modules: ["child_process"], methods: ["exec", "execSync"], args: [0] },
  { kind: "command", cwe: "CWE-78", modules: ["child_process"], methods: ["spawn", "spawnSync", "execFile", "execFileSync"], args: [0, 1], when: "shell-option" },
  { kind: "command", cwe: "CWE-78", modules: ["shelljs"], methods: ["exec"], args: [0] },
  { kind: "command", cwe: "CWE-78", modules: ["execa"], methods: ["execaCommand", "execaCommandSync", "command", "commandSync"], args: [0] },
  { kind: "code-eval", cwe: "CWE-94", modules: [""], methods: ["eval", "Function"], args: "all" },
  { kind: "code-eval", cwe: "CWE-94", modules: [""], methods: ["setTimeout", "setInterval", "setImmediate"], args: [0], when: "string-argument" },
  { kind: "code-eval", cwe: "CWE-94", modules: ["vm"], methods: ["runInNewContext", "runInThisContext", "runInContext", "compileFunction", "Script"], args: [0] },
  { kind: "sql", cwe: "CWE-89", modules: SQL_CLIENTS, methods: ["query", "execute", "exec", "prepare", "unsafe", "run", "all", "get"], args: [0], argProperties: ["text", "sql"] },
  { kind: "sql", cwe: "CWE-89", modules: ["knex", "sequelize", "typeorm", "@prisma/client", "kysely", "drizzle-orm"], methods: ["raw", "whereRaw", "orWhereRaw", "havingRaw", "orderByRaw", "joinRaw", "groupByRaw", "literal", "$queryRawUnsafe", "$executeRawUnsafe"], args: [0] },
  { kind: "sql", cwe: "CWE-89", modules: ["@aws-sdk/client-rds-data"], methods: ["ExecuteStatementCommand", "BatchExecuteStatementCommand", "executeStatement"], args: [], argProperties: ["sql"] },
  { kind: "sql", cwe: "CWE-89", modules: ["@aws-sdk/client-redshift-data", "@aws-sdk/client-athena"], methods: ["ExecuteStatementCommand", "StartQueryExecutionCommand"], args: [], argProperties: ["Sql", "QueryString"] },
  { kind: "nosql", cwe: "CWE-943", modules: DYNAMODB, methods: ["*"], args: [], argProperties: ["FilterExpression", "KeyConditionExpression", "UpdateExpression", "ConditionExpression", "ProjectionExpression", "Statement", "TableName"] },
  { kind: "path", cwe: "CWE-22", modules: FS, methods: FS_METHODS, args: [0] },
  { kind: "url", cwe: "CWE-918", modules: [""], methods: ["fetch"], args: [0] },
  { kind: "url", cwe: "CWE-918", modules: ["node-fetch", "cross-fetch", "isomorphic-fetch"], methods: [""], args: [0] },
  { kind: "url", cwe: "CWE-918", modules: ["axios", "got", "superagent", "needle", "request", "request-promise", "ky", "phin"], methods: HTTP_METHODS, args: [0], argProperties: ["url", "baseURL", "prefixUrl"] },
  { kind: "url", cwe: "CWE-918", modules: ["http", "https", "follow-redirects"], methods: ["request", "get"], args: [0], argProperties: ["host", "hostname"] },
  { kind: "url", cwe: "CWE-918", modules: ["undici"], methods: ["request", "fetch", "stream"], args: [0] },
  { kind: "deserialization", cwe: "CWE-502", modules: ["node-serialize", "serialize-to-js", "funcster"], methods: ["unserialize", "deserialize", "deepDeserialize"], args: [0] },
  { kind: "deserialization", cwe: "CWE-502", modules: ["js-yaml"], methods: ["load", "loadAll"], args: [0], when: "unsafe-yaml-schema" },
  { kind: "xml", cwe: "CWE-611", modules: ["libxmljs", "libxmljs2"], methods: ["parseXml", "parseXmlString", "parseXmlAsync"], args: [0], when: "xml-noent" },
  { kind: "regex", cwe: "CWE-1333", modules: [""], methods: ["RegExp"], args: [0] }
];
var RESPONSE_SINKS = {
  redirect: { kind: "redirect", cwe: "CWE-601", headers: ["location"] },
  html: { kind: "html", cwe: "CWE-79" },
  mongoWhere: { kind: "nosql", cwe: "CWE-943", property: "$where" }
};
var SANITIZERS = [
  // encodeURIComponent leaves no '/', '?', '#', '&' or ':' in a URL, path or Location header, nor markup.
  { modules: [""], methods: ["encodeURIComponent"], cuts: ["url", "path", "redirect", "html", "command"], kind: "encode", library: "encodeURIComponent" },
  { modules: [""], methods: ["Number", "parseInt", "parseFloat", "Boolean", "BigInt"], cuts: "all", kind: "number-check", library: "number conversion" },
  { modules: [""], methods: ["Math"], cuts: "all", kind: "number-check", library: "Math" },
  { modules: ["path"], methods: ["basename"], cuts: ["path"], kind: "escape", library: "path.basename" },
  { modules: ["escape-html", "he", "xss", "sanitize-html", "dompurify", "isomorphic-dompurify", "html-escaper"], methods: ["", "escape", "encode", "sanitize"], cuts: ["html"], kind: "escape", library: "html escaping" },
  { modules: ["validator"], methods: ["escape"], cuts: ["html"], kind: "escape", library: "validator.escape" },
  { modules: ["lodash", "lodash/escape", "underscore"], methods: ["escape"], cuts: ["html"], kind: "escape", library: "lodash.escape" },
  { modules: ["lodash", "lodash/escapeRegExp", "escape-string-regexp"], methods: ["escapeRegExp", ""], cuts: ["regex"], kind: "escape", library: "escapeRegExp" },
  { modules: ["shell-quote"], methods: ["quote"], cuts: ["command"], kind: "escape", library: "shell-quote" },
  { modules: ["shell-escape", "shescape"], methods: ["", "quote", "quoteAll", "escape"], cuts: ["command"], kind: "escape", library: "shell escaping" },
  { modules: ["sqlstring", "mysql", "mysql2", "pg-format"], methods: ["escape", "format", "escapeId", ""], cuts: ["sql"], kind: "escape", library: "SQL escaping" },
  { modules: ["pg"], methods: ["escapeLiteral", "escapeIdentifier"], cuts: ["sql"], kind: "escape", library: "pg escaping" }
];
var URL_LIKE = ["command", "code-eval", "sql", "nosql", "path", "deserialization", "xml", "html", "regex"];
var PREDICATES = [
  { modules: ["validator"], methods: ["isUUID", "isInt", "isNumeric", "isAlphanumeric", "isAlpha", "isEmail", "isBoolean", "isHexadecimal", "isMongoId", "isISO8601", "isDate", "isIn", "isFloat", "isDecimal", "isMobilePhone", "isPostalCode", "matches"], argument: 0, cuts: "all", kind: "validator-function", library: "validator" },
  { modules: ["validator"], methods: ["isURL", "isFQDN"], argument: 0, cuts: URL_LIKE, kind: "validator-function", library: "validator" },
  { modules: ["uuid"], methods: ["validate"], argument: 0, cuts: "all", kind: "validator-function", library: "uuid" },
  { modules: [""], methods: ["Number.isInteger", "Number.isSafeInteger", "Number.isFinite", "isFinite"], argument: 0, cuts: "all", kind: "number-check", library: "Number" }
];
var PROPAGATING_GLOBALS = /* @__PURE__ */ new Set(["String", "JSON.parse", "JSON.stringify", "decodeURIComponent", "decodeURI", "encodeURI", "Object.assign", "Object.values", "Object.entries", "Object.keys", "Object.fromEntries", "Array.from", "Array.of", "Buffer.from", "Promise.all", "Promise.allSettled", "Promise.race", "Promise.any", "Promise.resolve", "atob", "btoa", "structuredClone", "URL", "URLSearchParams", "unescape", "escape"]);
var PROPAGATING_MODULE_FUNCTIONS = [
  { modules: ["path"], methods: ["join", "resolve", "normalize", "relative", "dirname", "extname", "format", "parse"] },
  { modules: ["url"], methods: ["resolve", "parse", "format", "URL", "URLSearchParams", "fileURLToPath"] },
  { modules: ["querystring", "qs"], methods: ["parse", "stringify", "decode", "unescape"] },
  { modules: ["util"], methods: ["format", "inspect"] },
  { modules: ["lodash"], methods: ["get", "pick", "merge", "cloneDeep", "clone", "toString", "trim", "template", "defaults", "assign"] }
];
var PROPAGATING_METHODS = /* @__PURE__ */ new Set([
  "trim",
  "trimStart",
  "trimEnd",
  "toLowerCase",
  "toUpperCase",
  "toLocaleLowerCase",
  "toLocaleUpperCase",
  "slice",
  "substring",
  "substr",
  "replace",
  "replaceAll",
  "split",
  "concat",
  "padStart",
  "padEnd",
  "normalize",
  "at",
  "charAt",
  "repeat",
  "toString",
  "valueOf",
  "join",
  "flat",
  "reverse",
  "sort",
  "values",
  "entries",
  "keys",
  "get",
  "getAll",
  "pop",
  "shift",
  "match",
  "matchAll",
  "exec",
  "toJSON",
  "text",
  "json",
  "transformToString",
  "then",
  "toSorted",
  "toReversed",
  "with"
]);
var ELEMENT_CALLBACK_METHODS = /* @__PURE__ */ new Set(["map", "flatMap", "forEach", "filter", "find", "findLast", "some", "every", "reduce", "reduceRight", "findIndex"]);
var RETURNS_ELEMENTS = /* @__PURE__ */ new Set(["filter", "find", "findLast", "sort", "slice"]);
var AUTH_CALLS = [
  { modules: ["jsonwebtoken"], methods: ["verify"], kind: "jwt-verified", via: "jsonwebtoken.verify" },
  { modules: ["jsonwebtoken"], methods: ["decode"], kind: "jwt-unverified", via: "jsonwebtoken.decode" },
  { modules: ["jose"], methods: ["jwtVerify", "compactVerify", "flattenedVerify", "jwtDecrypt"], kind: "jwt-verified", via: "jose.jwtVerify" },
  { modules: ["jose"], methods: ["decodeJwt", "decodeProtectedHeader"], kind: "jwt-unverified", via: "jose.decodeJwt" },
  { modules: ["aws-jwt-verify"], methods: ["verify", "verifySync"], kind: "jwt-verified", via: "aws-jwt-verify" },
  { modules: ["jwt-decode"], methods: ["", "jwtDecode", "default"], kind: "jwt-unverified", via: "jwt-decode" }
];
var AWS_LAMBDA_TYPE_TRIGGERS = [
  [/^APIGatewayProxy(Event|Handler|Result)?V2|^APIGatewayProxyEventV2|^APIGatewayProxyHandlerV2/, "api-http"],
  [/^APIGatewayProxy|^APIGatewayEvent|^Handler<APIGateway/, "api-rest"],
  [/^LambdaFunctionURL/, "function-url"],
  [/^ALB/, "alb"],
  [/^S3(Event|Handler)/, "s3"],
  [/^SQS(Event|Handler)/, "sqs"],
  [/^SNS(Event|Handler)/, "sns"],
  [/^EventBridge(Event|Handler)/, "eventbridge"],
  [/^Kinesis(Stream)?(Event|Handler)/, "kinesis"],
  [/^DynamoDB(Stream)?(Event|Handler)/, "dynamodb-stream"],
  [/^(Cognito|PreSignUp|PostConfirmation|PreAuthentication|PostAuthentication|PreTokenGeneration|CustomMessage|DefineAuthChallenge|CreateAuthChallenge|VerifyAuthChallenge|UserMigration)/, "cognito"],
  [/^AppSyncResolver/, "appsync"],
  [/^(ScheduledEvent|ScheduledHandler)/, "schedule"],
  [/^CloudFormationCustomResource/, "custom-resource"],
  [/^CloudFront(Request|Response)?(Event|Handler)/, "cloudfront"]
];
var EVENT_PARAMETER_NAMES = /^_?(event|evt|lambdaEvent|awsEvent|rawEvent)$/i;
var WEAK_EVENT_PARAMETER_NAMES = /^_?(e|ev|events|input|request|req|payload|records|data)$/i;
var HANDLER_EXPORT_NAMES = /^(handler|main|lambdaHandler|run)$|Handler$/;
var CHAIN_SCHEMA_LIBRARIES = /* @__PURE__ */ new Set(["zod", "joi", "yup", "@hapi/joi"]);
var OPAQUE_SCHEMA_LIBRARIES = /* @__PURE__ */ new Set(["ajv", "valibot", "superstruct", "@sinclair/typebox", "class-validator", "@middy/validator", "@aws-lambda-powertools/parser", "io-ts", "runtypes", "arktype", "ow"]);
var STRING_REFINEMENTS = {
  uuid: "strict",
  cuid: "strict",
  cuid2: "strict",
  ulid: "strict",
  email: "strict",
  regex: "strict",
  datetime: "strict",
  date: "strict",
  time: "strict",
  ip: "strict",
  ipv4: "strict",
  ipv6: "strict",
  base64: "strict",
  nanoid: "strict",
  emoji: "strict",
  length: "strict",
  guid: "strict",
  alphanum: "strict",
  hex: "strict",
  isoDate: "strict",
  pattern: "strict",
  matches: "strict",
  token: "strict",
  valid: "strict",
  oneOf: "strict",
  domain: "url",
  url: "url",
  uri: "url",
  hostname: "url"
};
var STRICT_SCHEMA_ROOTS = /* @__PURE__ */ new Set(["number", "boolean", "bigint", "enum", "nativeEnum", "literal", "date", "uuid", "email", "coerce.number", "coerce.boolean", "coerce.date", "valid", "mixed.oneOf", "null", "undefined"]);
var URL_LIKE_CUTS = URL_LIKE;

// server/src/engine/code/typescript/module-scan.ts
function scriptKindFor(path2) {
  const lower = path2.toLowerCase();
  if (lower.endsWith(".tsx")) return import_typescript.default.ScriptKind.TSX;
  if (lower.endsWith(".jsx")) return import_typescript.default.ScriptKind.JSX;
  if (lower.endsWith(".ts") || lower.endsWith(".mts") || lower.endsWith(".cts")) return import_typescript.default.ScriptKind.TS;
  return import_typescript.default.ScriptKind.JS;
}
function normaliseModule(specifier) {
  return specifier.startsWith("node:") ? specifier.slice(5) : specifier;
}
function isRelativeSpecifier(specifier) {
  return specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..";
}
function packageNameOf(specifier) {
  const parts = normaliseModule(specifier).split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}
function unwrapExpression(node) {
  let current = node;
  for (; ; ) {
    if (import_typescript.default.isParenthesizedExpression(current) || import_typescript.default.isAsExpression(current) || import_typescript.default.isNonNullExpression(current) || import_typescript.default.isSatisfiesExpression(current) || import_typescript.default.isTypeAssertionExpression(current) || import_typescript.default.isAwaitExpression(current)) current = current.expression;
    else return current;
  }
}
function stringArgument(node, index = 0) {
  const arg = node.arguments[index];
  return arg && (import_typescript.default.isStringLiteral(arg) || import_typescript.default.isNoSubstitutionTemplateLiteral(arg)) ? arg.text : void 0;
}
function moduleLoadSpecifier(node) {
  if (!import_typescript.default.isCallExpression(node)) return void 0;
  if (import_typescript.default.isIdentifier(node.expression) && node.expression.text === "require") return stringArgument(node);
  if (node.expression.kind === import_typescript.default.SyntaxKind.ImportKeyword) return stringArgument(node);
  return void 0;
}
function memberName(node) {
  if (import_typescript.default.isPropertyAccessExpression(node)) return node.name.text;
  if (import_typescript.default.isElementAccessExpression(node) && (import_typescript.default.isStringLiteral(node.argumentExpression) || import_typescript.default.isNoSubstitutionTemplateLiteral(node.argumentExpression))) return node.argumentExpression.text;
  return void 0;
}
function propertyNameText(name) {
  if (!name) return void 0;
  if (import_typescript.default.isIdentifier(name) || import_typescript.default.isStringLiteral(name) || import_typescript.default.isNumericLiteral(name) || import_typescript.default.isPrivateIdentifier(name) || import_typescript.default.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (import_typescript.default.isComputedPropertyName(name) && import_typescript.default.isStringLiteral(name.expression)) return name.expression.text;
  return void 0;
}
function qualifiedNameOf(scan, node, depth = 0) {
  if (depth > 12) return void 0;
  const expr = unwrapExpression(node);
  const loaded = moduleLoadSpecifier(expr);
  if (loaded !== void 0) return isRelativeSpecifier(loaded) ? void 0 : { module: normaliseModule(loaded), members: [] };
  if (import_typescript.default.isIdentifier(expr)) {
    const bound = scan.bindings.get(expr.text);
    if (bound) return bound;
    if (scan.localNames.has(expr.text) || scan.relativeBindings.has(expr.text)) return void 0;
    return { module: "", members: [expr.text] };
  }
  const member = memberName(expr);
  if (member !== void 0 && (import_typescript.default.isPropertyAccessExpression(expr) || import_typescript.default.isElementAccessExpression(expr))) {
    const base = qualifiedNameOf(scan, expr.expression, depth + 1);
    return base && { module: base.module, members: [...base.members, member] };
  }
  if (import_typescript.default.isCallExpression(expr) || import_typescript.default.isNewExpression(expr)) {
    const callee = qualifiedNameOf(scan, expr.expression, depth + 1);
    if (!callee) return void 0;
    if (callee.module === "util" && callee.members.join(".") === "promisify" && expr.arguments?.[0]) return qualifiedNameOf(scan, expr.arguments[0], depth + 1);
    if (callee.module === "" && callee.members.length === 1 && /^(require|import)$/.test(callee.members[0])) return void 0;
    return { module: callee.module, members: [...callee.members, "()"] };
  }
  return void 0;
}
function describeQualifiedName(name) {
  const members = name.members.filter((member) => member !== "()");
  return [name.module, ...members].filter(Boolean).join(".");
}
function bindPattern(scan, name, value, relative) {
  if (import_typescript.default.isIdentifier(name)) {
    if (value) scan.bindings.set(name.text, value);
    else scan.localNames.add(name.text);
    return;
  }
  for (const element of name.elements) {
    if (import_typescript.default.isOmittedExpression(element)) continue;
    const key = element.propertyName ? propertyNameText(element.propertyName) : import_typescript.default.isIdentifier(element.name) ? element.name.text : void 0;
    if (relative !== void 0 && import_typescript.default.isIdentifier(element.name) && key) {
      scan.relativeBindings.set(element.name.text, { specifier: relative, imported: key });
      continue;
    }
    const inner = value && key && !element.dotDotDotToken && import_typescript.default.isObjectBindingPattern(name) ? { module: value.module, members: [...value.members, key] } : void 0;
    bindPattern(scan, element.name, inner);
  }
}
function recordImport(scan, specifier, range, style, names) {
  const isRelative = isRelativeSpecifier(specifier);
  scan.imports.push({ specifier, isRelative, packageName: isRelative ? void 0 : packageNameOf(specifier), names, range, style });
}
function bindingNames(name) {
  if (import_typescript.default.isIdentifier(name)) return [{ imported: "*", local: name.text }];
  const out = [];
  for (const element of name.elements) {
    if (import_typescript.default.isOmittedExpression(element) || !import_typescript.default.isIdentifier(element.name)) continue;
    out.push({ imported: propertyNameText(element.propertyName) ?? element.name.text, local: element.name.text });
  }
  return out;
}
function isExported(node) {
  return import_typescript.default.canHaveModifiers(node) && !!import_typescript.default.getModifiers(node)?.some((modifier) => modifier.kind === import_typescript.default.SyntaxKind.ExportKeyword);
}
function isDefaultExport(node) {
  return import_typescript.default.canHaveModifiers(node) && !!import_typescript.default.getModifiers(node)?.some((modifier) => modifier.kind === import_typescript.default.SyntaxKind.DefaultKeyword);
}
function rangeOf(node, sourceFile) {
  return { start: node.getStart(sourceFile), end: node.getEnd() };
}
function commonJsExportTarget(node) {
  const isModuleExports = (expr) => import_typescript.default.isPropertyAccessExpression(expr) && import_typescript.default.isIdentifier(expr.expression) && expr.expression.text === "module" && expr.name.text === "exports";
  if (isModuleExports(node)) return { whole: true };
  const name = memberName(node);
  if (name !== void 0 && (import_typescript.default.isPropertyAccessExpression(node) || import_typescript.default.isElementAccessExpression(node))) {
    const base = node.expression;
    if (import_typescript.default.isIdentifier(base) && base.text === "exports" || isModuleExports(base)) return { whole: false, name };
  }
  return void 0;
}
function parseSource(path2, text, trees2) {
  if (!trees2) return import_typescript.default.createSourceFile(path2, text, import_typescript.default.ScriptTarget.Latest, true, scriptKindFor(path2));
  return trees2.treeFor("typescript", path2, text, (previous) => {
    const change = previous ? textChangeBetween(previous.text, text) : void 0;
    if (!previous || !change) return import_typescript.default.createSourceFile(path2, text, import_typescript.default.ScriptTarget.Latest, true, scriptKindFor(path2));
    return import_typescript.default.updateSourceFile(previous.tree, text, { span: { start: change.start, length: change.oldLength }, newLength: change.newLength });
  });
}
function scanModule(path2, text, trees2) {
  const sourceFile = parseSource(path2, text, trees2);
  const scan = { path: path2, text, sourceFile, issues: [], imports: [], exports: [], reExports: [], bindings: /* @__PURE__ */ new Map(), relativeBindings: /* @__PURE__ */ new Map(), localNames: /* @__PURE__ */ new Set(), functions: /* @__PURE__ */ new Map(), constants: /* @__PURE__ */ new Map(), classes: /* @__PURE__ */ new Map() };
  const diagnostics = sourceFile.parseDiagnostics ?? [];
  if (diagnostics.length > 0) {
    const first = diagnostics[0];
    scan.issues.push({ message: `${diagnostics.length} syntax error(s), first: ${import_typescript.default.flattenDiagnosticMessageText(first.messageText, " ")}; the rest of the file was still analysed`, range: { start: first.start, end: first.start + first.length }, severity: "warning" });
  }
  const topLevel = new Set(sourceFile.statements);
  const visit = (node) => {
    if (import_typescript.default.isImportDeclaration(node) && import_typescript.default.isStringLiteral(node.moduleSpecifier)) {
      const specifier = node.moduleSpecifier.text;
      const names = [];
      const clause = node.importClause;
      const relative = isRelativeSpecifier(specifier);
      const module2 = normaliseModule(specifier);
      if (clause?.name) {
        names.push({ imported: "default", local: clause.name.text });
        if (relative) scan.relativeBindings.set(clause.name.text, { specifier, imported: "default" });
        else scan.bindings.set(clause.name.text, { module: module2, members: [] });
      }
      const bindings = clause?.namedBindings;
      if (bindings && import_typescript.default.isNamespaceImport(bindings)) {
        names.push({ imported: "*", local: bindings.name.text });
        if (relative) scan.relativeBindings.set(bindings.name.text, { specifier, imported: "*" });
        else scan.bindings.set(bindings.name.text, { module: module2, members: [] });
      } else if (bindings) {
        for (const element of bindings.elements) {
          const imported = element.propertyName ? propertyNameText(element.propertyName) ?? element.name.text : element.name.text;
          names.push({ imported, local: element.name.text });
          if (relative) scan.relativeBindings.set(element.name.text, { specifier, imported });
          else scan.bindings.set(element.name.text, { module: module2, members: imported === "default" ? [] : [imported] });
        }
      }
      recordImport(scan, specifier, rangeOf(node, sourceFile), "esm", names);
      return;
    }
    if (import_typescript.default.isImportEqualsDeclaration(node) && import_typescript.default.isExternalModuleReference(node.moduleReference) && import_typescript.default.isStringLiteral(node.moduleReference.expression)) {
      const specifier = node.moduleReference.expression.text;
      recordImport(scan, specifier, rangeOf(node, sourceFile), "commonjs", [{ imported: "*", local: node.name.text }]);
      if (isRelativeSpecifier(specifier)) scan.relativeBindings.set(node.name.text, { specifier, imported: "*" });
      else scan.bindings.set(node.name.text, { module: normaliseModule(specifier), members: [] });
      return;
    }
    if (import_typescript.default.isExportDeclaration(node)) {
      if (node.moduleSpecifier && import_typescript.default.isStringLiteral(node.moduleSpecifier)) {
        const clause = node.exportClause;
        const names = clause && import_typescript.default.isNamedExports(clause) ? clause.elements.map((element) => ({ imported: element.propertyName ? propertyNameText(element.propertyName) ?? element.name.text : element.name.text, exported: element.name.text })) : [];
        if (clause && import_typescript.default.isNamespaceExport(clause)) names.push({ imported: "*", exported: clause.name.text });
        scan.reExports.push({ specifier: node.moduleSpecifier.text, names, isStar: !clause, range: rangeOf(node, sourceFile) });
        recordImport(scan, node.moduleSpecifier.text, rangeOf(node, sourceFile), "esm", names.map((name) => ({ imported: name.imported, local: name.exported })));
      } else if (node.exportClause && import_typescript.default.isNamedExports(node.exportClause)) {
        for (const element of node.exportClause.elements) {
          const local = element.propertyName ? propertyNameText(element.propertyName) ?? element.name.text : element.name.text;
          scan.exports.push({ name: element.name.text, node: import_typescript.default.factory.createIdentifier(local), range: rangeOf(element, sourceFile) });
        }
      }
      return;
    }
    if (import_typescript.default.isExportAssignment(node)) scan.exports.push({ name: "default", node: node.expression, range: rangeOf(node, sourceFile) });
    if (import_typescript.default.isFunctionDeclaration(node)) {
      if (node.name) {
        scan.localNames.add(node.name.text);
        if (!scan.functions.has(node.name.text) || topLevel.has(node)) scan.functions.set(node.name.text, node);
      }
      if (topLevel.has(node) && isExported(node)) scan.exports.push({ name: isDefaultExport(node) ? "default" : node.name?.text ?? "default", node, range: rangeOf(node, sourceFile) });
    }
    if (import_typescript.default.isClassDeclaration(node)) {
      if (node.name) {
        scan.localNames.add(node.name.text);
        scan.classes.set(node.name.text, node);
      }
      if (topLevel.has(node) && isExported(node)) scan.exports.push({ name: isDefaultExport(node) ? "default" : node.name?.text ?? "default", node, range: rangeOf(node, sourceFile) });
    }
    if (import_typescript.default.isVariableDeclaration(node)) {
      const init = node.initializer;
      const loaded = init ? moduleLoadSpecifier(unwrapExpression(init)) : void 0;
      if (loaded !== void 0) recordImport(scan, loaded, rangeOf(node, sourceFile), unwrapExpression(init).kind === import_typescript.default.SyntaxKind.CallExpression && unwrapExpression(init).expression.kind === import_typescript.default.SyntaxKind.ImportKeyword ? "dynamic" : "commonjs", bindingNames(node.name));
      if (loaded !== void 0 && isRelativeSpecifier(loaded)) {
        if (import_typescript.default.isIdentifier(node.name)) scan.relativeBindings.set(node.name.text, { specifier: loaded, imported: "*" });
        else bindPattern(scan, node.name, void 0, loaded);
      } else {
        const value = init && (loaded !== void 0 || import_typescript.default.isCallExpression(unwrapExpression(init)) || import_typescript.default.isNewExpression(unwrapExpression(init)) || import_typescript.default.isPropertyAccessExpression(unwrapExpression(init)) || import_typescript.default.isIdentifier(unwrapExpression(init))) ? qualifiedNameOf(scan, init) : void 0;
        bindPattern(scan, node.name, value && value.module !== "" ? value : void 0);
      }
      const statement = node.parent?.parent;
      if (import_typescript.default.isIdentifier(node.name) && init && statement && topLevel.has(statement)) {
        scan.constants.set(node.name.text, init);
        const inner = unwrapExpression(init);
        if (import_typescript.default.isArrowFunction(inner) || import_typescript.default.isFunctionExpression(inner)) scan.functions.set(node.name.text, inner);
        if (isExported(statement)) scan.exports.push({ name: node.name.text, node: init, range: rangeOf(node, sourceFile) });
      } else if (import_typescript.default.isIdentifier(node.name) && init) {
        const inner = unwrapExpression(init);
        if ((import_typescript.default.isArrowFunction(inner) || import_typescript.default.isFunctionExpression(inner)) && !scan.functions.has(node.name.text)) scan.functions.set(node.name.text, inner);
      }
    }
    if (import_typescript.default.isParameter(node) || import_typescript.default.isBindingElement(node)) {
      if (import_typescript.default.isIdentifier(node.name) && !scan.bindings.has(node.name.text)) scan.localNames.add(node.name.text);
    }
    if (import_typescript.default.isCallExpression(node) && !import_typescript.default.isVariableDeclaration(node.parent)) {
      const loaded = moduleLoadSpecifier(node);
      if (loaded !== void 0 && !(import_typescript.default.isAwaitExpression(node.parent) && import_typescript.default.isVariableDeclaration(node.parent.parent))) recordImport(scan, loaded, rangeOf(node, sourceFile), node.expression.kind === import_typescript.default.SyntaxKind.ImportKeyword ? "dynamic" : "commonjs", []);
      if (loaded !== void 0 && isRelativeSpecifier(loaded) && import_typescript.default.isBinaryExpression(node.parent) && node.parent.operatorToken.kind === import_typescript.default.SyntaxKind.EqualsToken) {
        const target = commonJsExportTarget(node.parent.left);
        if (target?.whole) scan.reExports.push({ specifier: loaded, names: [], isStar: true, range: rangeOf(node.parent, sourceFile) });
      }
    }
    if (import_typescript.default.isBinaryExpression(node) && node.operatorToken.kind === import_typescript.default.SyntaxKind.EqualsToken && import_typescript.default.isExpressionStatement(node.parent) && topLevel.has(node.parent)) {
      const target = commonJsExportTarget(node.left);
      if (target?.name !== void 0) scan.exports.push({ name: target.name, node: node.right, range: rangeOf(node, sourceFile) });
      else if (target?.whole) {
        const right = unwrapExpression(node.right);
        if (import_typescript.default.isObjectLiteralExpression(right)) {
          for (const property of right.properties) {
            const name = propertyNameText(property.name);
            if (name === void 0) continue;
            const value = import_typescript.default.isPropertyAssignment(property) ? property.initializer : import_typescript.default.isShorthandPropertyAssignment(property) ? property.name : import_typescript.default.isMethodDeclaration(property) ? property : void 0;
            if (value) scan.exports.push({ name, node: value, range: rangeOf(property, sourceFile) });
          }
        } else if (!moduleLoadSpecifier(right)) scan.exports.push({ name: "default", node: node.right, range: rangeOf(node, sourceFile) });
      }
    }
    import_typescript.default.forEachChild(node, visit);
  };
  visit(sourceFile);
  return scan;
}
function calleeText(node, sourceFile) {
  const text = unwrapExpression(node).getText(sourceFile);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
function resolveFunction(scan, node, depth = 0, seen = /* @__PURE__ */ new Set()) {
  if (depth > 8 || seen.has(node)) return void 0;
  seen.add(node);
  if (import_typescript.default.isFunctionDeclaration(node) || import_typescript.default.isMethodDeclaration(node)) return node.body ? { fn: node, wrappedBy: [] } : void 0;
  if (!import_typescript.default.isExpression(node)) return void 0;
  const expr = unwrapExpression(node);
  if (import_typescript.default.isArrowFunction(expr) || import_typescript.default.isFunctionExpression(expr)) return { fn: expr, wrappedBy: [] };
  if (import_typescript.default.isIdentifier(expr)) {
    const fn = scan.functions.get(expr.text);
    if (fn) {
      const declaration = fn.parent;
      const declaredType = declaration && import_typescript.default.isVariableDeclaration(declaration) && declaration.type ? declaration.type.getText(scan.sourceFile) : void 0;
      return { fn, wrappedBy: [], declaredType };
    }
    const init = scan.constants.get(expr.text);
    if (init) {
      const resolved = resolveFunction(scan, init, depth + 1, seen);
      const declaration = init.parent;
      if (resolved && declaration && import_typescript.default.isVariableDeclaration(declaration) && declaration.type) resolved.declaredType ??= declaration.type.getText(scan.sourceFile);
      return resolved;
    }
    return void 0;
  }
  if (import_typescript.default.isPropertyAccessExpression(expr)) {
    let receiver = unwrapExpression(expr.expression);
    if (import_typescript.default.isIdentifier(receiver)) receiver = scan.constants.get(receiver.text) ?? receiver;
    receiver = unwrapExpression(receiver);
    if (import_typescript.default.isNewExpression(receiver) && import_typescript.default.isIdentifier(receiver.expression)) {
      const cls = scan.classes.get(receiver.expression.text);
      const method = cls?.members.find((member) => import_typescript.default.isMethodDeclaration(member) && propertyNameText(member.name) === expr.name.text);
      if (method?.body) return { fn: method, wrappedBy: [] };
    }
    return void 0;
  }
  if (import_typescript.default.isCallExpression(expr)) {
    const callee = unwrapExpression(expr.expression);
    if (import_typescript.default.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      if (method === "bind") return resolveFunction(scan, callee.expression, depth + 1, seen);
      if (method === "handler" && expr.arguments[0]) {
        const inner = resolveFunction(scan, expr.arguments[0], depth + 1, seen);
        if (inner) return { ...inner, wrappedBy: [...wrapperChain(scan, callee.expression), ...inner.wrappedBy] };
      }
      if (["use", "before", "after", "onError"].includes(method)) {
        const inner = resolveFunction(scan, callee.expression, depth + 1, seen);
        if (inner) {
          const argument = expr.arguments[0];
          const label = argument && import_typescript.default.isCallExpression(unwrapExpression(argument)) ? calleeText(unwrapExpression(argument).expression, scan.sourceFile) : argument ? calleeText(argument, scan.sourceFile) : "";
          return { ...inner, wrappedBy: [...inner.wrappedBy, `.${method}(${label})`] };
        }
        return void 0;
      }
    }
    for (const argument of expr.arguments) {
      const inner = resolveFunction(scan, argument, depth + 1, seen);
      if (inner) return { ...inner, wrappedBy: [calleeText(expr.expression, scan.sourceFile), ...inner.wrappedBy] };
    }
  }
  return void 0;
}
function wrapperChain(scan, node) {
  const expr = unwrapExpression(node);
  if (import_typescript.default.isCallExpression(expr)) {
    const callee = unwrapExpression(expr.expression);
    if (import_typescript.default.isPropertyAccessExpression(callee)) {
      const argument = expr.arguments[0];
      const label = argument && import_typescript.default.isCallExpression(unwrapExpression(argument)) ? calleeText(unwrapExpression(argument).expression, scan.sourceFile) : argument ? calleeText(argument, scan.sourceFile) : "";
      return [...wrapperChain(scan, callee.expression), `.${callee.name.text}(${label})`];
    }
    return [calleeText(expr.expression, scan.sourceFile)];
  }
  return [];
}
function triggerFromTypeText(typeText) {
  if (!typeText) return void 0;
  for (const word of typeText.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
    for (const [pattern, trigger] of AWS_LAMBDA_TYPE_TRIGGERS) if (pattern.test(word)) return trigger;
  }
  return void 0;
}
function handlerReasons(scan, resolved, exportName) {
  const reasons = [];
  const first = resolved.fn.parameters[0];
  const eventParameter = first ? import_typescript.default.isIdentifier(first.name) ? first.name.text : "{...}" : void 0;
  if (first && import_typescript.default.isIdentifier(first.name) && EVENT_PARAMETER_NAMES.test(first.name.text)) reasons.push(`first parameter is named \`${first.name.text}\``);
  const isHandlerName = HANDLER_EXPORT_NAMES.test(exportName);
  if (isHandlerName && first && import_typescript.default.isIdentifier(first.name) && WEAK_EVENT_PARAMETER_NAMES.test(first.name.text)) reasons.push(`first parameter is named \`${first.name.text}\` and the export \`${exportName}\``);
  if (isHandlerName && first && import_typescript.default.isObjectBindingPattern(first.name)) reasons.push(`first parameter is destructured and the export is named \`${exportName}\``);
  const second = resolved.fn.parameters[1];
  const third = resolved.fn.parameters[2];
  if (second && import_typescript.default.isIdentifier(second.name) && /^_?(context|ctx|lambdaContext)$/.test(second.name.text) && (!third || import_typescript.default.isIdentifier(third.name) && /^_?(callback|cb|callBack|done)$/.test(third.name.text))) reasons.push("takes (event, context[, callback])");
  const typeText = [first?.type?.getText(scan.sourceFile), resolved.declaredType].filter(Boolean).join(" ");
  const triggerHint = triggerFromTypeText(typeText);
  const importsAwsLambdaTypes = scan.imports.some((entry) => entry.packageName === "aws-lambda" || entry.packageName === "@types/aws-lambda");
  if (triggerHint || importsAwsLambdaTypes && /\b(Handler|Context|Event)\b|Event\b/.test(typeText)) reasons.push("typed with `aws-lambda` types");
  if (resolved.wrappedBy.some((wrapper) => /middy|powertools|makeIdempotent|captureLambdaHandler|withRequest|lambda/i.test(wrapper))) reasons.push(`wrapped by \`${resolved.wrappedBy[0]}\``);
  if (reasons.length > 0 && /^(handler|main|lambdaHandler|run)$/.test(exportName)) reasons.push(`exported as \`${exportName}\``);
  return { reasons, triggerHint, eventParameter };
}

// server/src/engine/code/typescript/solver.ts
var import_typescript4 = __toESM(require("typescript"));

// server/src/engine/code/event-sources.ts
var HTTP = ["api-rest", "api-http", "function-url", "alb", "websocket"];
var EVENT_SOURCES = [
  { triggers: HTTP, path: "body", kind: "event.body" },
  { triggers: HTTP, path: "queryStringParameters", kind: "event.queryStringParameters" },
  { triggers: HTTP, path: "multiValueQueryStringParameters", kind: "event.multiValueQueryStringParameters" },
  { triggers: HTTP, path: "pathParameters", kind: "event.pathParameters" },
  { triggers: HTTP, path: "headers", kind: "event.headers" },
  { triggers: HTTP, path: "multiValueHeaders", kind: "event.multiValueHeaders" },
  { triggers: HTTP, path: "cookies", kind: "event.cookies" },
  { triggers: HTTP, path: "rawPath", kind: "event.rawPath", startsWithSlash: true },
  { triggers: HTTP, path: "rawQueryString", kind: "event.rawQueryString" },
  { triggers: HTTP, path: "path", kind: "event.path", startsWithSlash: true },
  // API Gateway fills requestContext itself; authorizer claims come from a verified token or a Lambda authorizer.
  { triggers: HTTP, path: "requestContext.authorizer", kind: "event.requestContext.authorizer", isTrusted: true },
  { triggers: HTTP, path: "requestContext", kind: "event.requestContext", isTrusted: true },
  { triggers: HTTP, path: "stageVariables", kind: "event.stageVariables", isTrusted: true },
  // Set by API Gateway from the route, not by the caller.
  ...["httpMethod", "resource", "routeKey", "version", "isBase64Encoded"].map((path2) => ({ triggers: HTTP, path: path2, kind: `event.${path2}`, isTrusted: true })),
  { triggers: ["s3"], path: "Records[].s3.object.key", kind: "s3.key" },
  { triggers: ["sqs"], path: "Records[].body", kind: "sqs.body" },
  { triggers: ["sqs"], path: "Records[].messageAttributes", kind: "sqs.messageAttributes" },
  { triggers: ["sns"], path: "Records[].Sns.Message", kind: "sns.message" },
  { triggers: ["sns"], path: "Records[].Sns.Subject", kind: "sns.subject" },
  { triggers: ["sns"], path: "Records[].Sns.MessageAttributes", kind: "sns.messageAttributes" },
  { triggers: ["eventbridge"], path: "detail", kind: "eventbridge.detail" },
  { triggers: ["kinesis"], path: "Records[].kinesis.data", kind: "kinesis.data" },
  { triggers: ["dynamodb-stream"], path: "Records[].dynamodb.NewImage", kind: "dynamodb.image" },
  { triggers: ["dynamodb-stream"], path: "Records[].dynamodb.OldImage", kind: "dynamodb.image" },
  { triggers: ["cognito"], path: "request.userAttributes", kind: "cognito.userAttributes" },
  { triggers: ["cognito"], path: "request.validationData", kind: "cognito.validationData" },
  { triggers: ["cognito"], path: "request.clientMetadata", kind: "cognito.clientMetadata" },
  { triggers: ["appsync"], path: "arguments", kind: "appsync.arguments" },
  { triggers: ["appsync"], path: "identity", kind: "appsync.identity", isTrusted: true },
  // CloudFormation writes every field of a custom resource event; ResourceProperties come from the template's author.
  ...["ResponseURL", "StackId", "RequestId", "LogicalResourceId", "PhysicalResourceId", "ResourceType", "RequestType", "ServiceToken", "ResourceProperties", "OldResourceProperties"].map((path2) => ({ triggers: ["custom-resource"], path: path2, kind: `custom-resource.${path2}`, isTrusted: true })),
  // S3 Object Lambda: S3 supplies the presigned input URL and the output route; the user's request is in userRequest.
  { triggers: ["s3-object-lambda"], path: "getObjectContext", kind: "s3-object-lambda.getObjectContext", isTrusted: true },
  { triggers: ["s3-object-lambda"], path: "userRequest", kind: "s3-object-lambda.userRequest" },
  // Lambda@Edge: the viewer's request is input; the distribution's config and origin are not.
  { triggers: ["cloudfront"], path: "Records[].cf.request.uri", kind: "cloudfront.uri", startsWithSlash: true },
  { triggers: ["cloudfront"], path: "Records[].cf.request.querystring", kind: "cloudfront.querystring" },
  { triggers: ["cloudfront"], path: "Records[].cf.request.headers", kind: "cloudfront.headers" },
  { triggers: ["cloudfront"], path: "Records[].cf.request.body", kind: "cloudfront.body" },
  { triggers: ["cloudfront"], path: "Records[].cf.request.origin", kind: "cloudfront.origin", isTrusted: true },
  { triggers: ["cloudfront"], path: "Records[].cf.config", kind: "cloudfront.config", isTrusted: true }
];
var TRUSTED_BY_DEFAULT = /* @__PURE__ */ new Set(["s3", "sqs", "sns", "eventbridge", "kinesis", "dynamodb-stream", "cognito", "appsync", "schedule", "custom-resource", "s3-object-lambda", "cloudfront"]);
function splitPath(path2) {
  return path2.split(".").flatMap((part) => part.endsWith("[]") ? [part.slice(0, -2), "[]"] : [part]);
}
var SPLIT = EVENT_SOURCES.map((entry) => ({ entry, segments: splitPath(entry.path) }));
function isTrustedByDefault(trigger) {
  return TRUSTED_BY_DEFAULT.has(trigger);
}
function classifyEventPath(path2, trigger) {
  let best;
  let isContainer = false;
  for (const { entry, segments } of SPLIT) {
    if (trigger !== "unknown" && !entry.triggers.includes(trigger)) continue;
    let matches = true;
    const common = Math.min(segments.length, path2.length);
    for (let index = 0; index < common; index++) {
      if (segments[index] !== path2[index]) {
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    if (path2.length >= segments.length) {
      if (!best || segments.length > best.length) best = { entry, length: segments.length };
    } else isContainer = true;
  }
  if (best) return best.entry.isTrusted ? { verdict: "trusted", kind: best.entry.kind } : { verdict: "source", kind: best.entry.kind, ...best.entry.startsWithSlash && { startsWithSlash: true } };
  if (isContainer) return { verdict: "container" };
  if (TRUSTED_BY_DEFAULT.has(trigger)) return { verdict: "trusted" };
  return { verdict: "other-untrusted", kind: "event" };
}
function formatEventPath(path2) {
  let out = "event";
  for (const part of path2) out += part === "[]" ? "[]" : `.${part}`;
  return out;
}

// server/src/engine/code/model.ts
var SINK_KINDS = ["command", "code-eval", "sql", "nosql", "path", "url", "deserialization", "xml", "redirect", "html", "regex"];
function emptyCodeDocument(path2, language, trigger) {
  return { path: path2, language, trigger, assumptions: [], issues: [], imports: [], exports: [], reExports: [], handlers: [], sources: [], sinks: [], flows: [], guards: [], authFacts: [], awsCalls: [], secrets: [], logs: [], sensitiveWrites: [], insecureTransport: [], responseLeaks: [], massAssignments: [], verificationResults: [], authorizerDefaults: [], dataWrites: [] };
}

// server/src/engine/code/typescript/sites.ts
var import_typescript3 = __toESM(require("typescript"));

// server/src/engine/code/typescript/command-facts.ts
var import_typescript2 = __toESM(require("typescript"));
function rangeOf2(node, sourceFile) {
  return { start: node.getStart(sourceFile), end: node.getEnd() };
}
function commandParts(node, sourceFile) {
  const expr = unwrapExpression(node);
  if (import_typescript2.default.isTemplateExpression(expr)) {
    const parts = [{ text: expr.head.text, range: rangeOf2(expr.head, sourceFile) }];
    for (const span of expr.templateSpans) {
      parts.push({ expression: rangeOf2(span.expression, sourceFile) });
      parts.push({ text: span.literal.text, range: rangeOf2(span.literal, sourceFile) });
    }
    return parts;
  }
  if (import_typescript2.default.isBinaryExpression(expr) && expr.operatorToken.kind === import_typescript2.default.SyntaxKind.PlusToken) {
    const left = import_typescript2.default.isBinaryExpression(expr.left) || import_typescript2.default.isTemplateExpression(expr.left) ? commandParts(expr.left, sourceFile) : operand(expr.left, sourceFile);
    return left && [...left, ...operand(expr.right, sourceFile)];
  }
  return void 0;
}
function operand(node, sourceFile) {
  if (import_typescript2.default.isStringLiteral(node) || import_typescript2.default.isNoSubstitutionTemplateLiteral(node)) return [{ text: node.text, range: rangeOf2(node, sourceFile) }];
  return [{ expression: rangeOf2(node, sourceFile) }];
}
function bindingOf(scan, local) {
  const sourceFile = scan.sourceFile;
  for (const statement of sourceFile.statements) {
    let elements;
    if (import_typescript2.default.isImportDeclaration(statement) && import_typescript2.default.isStringLiteral(statement.moduleSpecifier) && normaliseModule(statement.moduleSpecifier.text) === "child_process") {
      const named = statement.importClause?.namedBindings;
      if (named && import_typescript2.default.isNamedImports(named) && !statement.importClause?.isTypeOnly) elements = named.elements;
    } else if (import_typescript2.default.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!import_typescript2.default.isObjectBindingPattern(declaration.name) || !declaration.initializer) continue;
        const specifier = moduleLoadSpecifier(unwrapExpression(declaration.initializer));
        if (specifier !== void 0 && normaliseModule(specifier) === "child_process") elements = declaration.name.elements;
      }
    }
    if (!elements || elements.length === 0) continue;
    const element = elements.find((candidate) => import_typescript2.default.isIdentifier(candidate.name) && candidate.name.text === local);
    if (!element) continue;
    const imported = element.propertyName && import_typescript2.default.isIdentifier(element.propertyName) ? element.propertyName.text : local;
    if (imported !== local) return `\`${local}\` is \`${imported}\` renamed`;
    if (elements.some((candidate) => import_typescript2.default.isBindingElement(candidate) && candidate.dotDotDotToken)) return "the destructuring has a rest element";
    const binds = (name) => elements.some((candidate) => import_typescript2.default.isIdentifier(candidate.name) && candidate.name.text === name && (!candidate.propertyName || import_typescript2.default.isIdentifier(candidate.propertyName) && candidate.propertyName.text === name));
    return { insertAt: elements[elements.length - 1].getEnd(), hasExecFile: binds("execFile"), hasExecFileSync: binds("execFileSync") };
  }
  return `\`${local}\` is not bound by a top-level import or destructuring of child_process`;
}
function shellCommandFacts(scan, call, argument) {
  if (!import_typescript2.default.isCallExpression(call)) return void 0;
  const sourceFile = scan.sourceFile;
  const parts = commandParts(argument, sourceFile);
  if (!parts) return void 0;
  const callee = unwrapExpression(call.expression);
  if (import_typescript2.default.isIdentifier(callee)) {
    const method = callee.text;
    if (method !== "exec" && method !== "execSync") return void 0;
    const facts = { method, calleeName: rangeOf2(callee, sourceFile), parts };
    const binding = bindingOf(scan, method);
    if (typeof binding === "string") facts.unsafe = binding;
    else facts.binding = binding;
    const wanted = method === "exec" ? "execFile" : "execFileSync";
    const existing = scan.bindings.get(wanted);
    if (existing && !(existing.module === "child_process" && existing.members.join(".") === wanted) || !existing && scan.localNames.has(wanted)) facts.unsafe = `\`${wanted}\` is already a different local name`;
    return facts;
  }
  if (import_typescript2.default.isPropertyAccessExpression(callee) && (callee.name.text === "exec" || callee.name.text === "execSync")) {
    const owner = qualifiedNameOf(scan, callee.expression);
    if (!owner || owner.module !== "child_process" || owner.members.length > 0) return void 0;
    return { method: callee.name.text, calleeName: rangeOf2(callee.name, sourceFile), parts };
  }
  return void 0;
}

// server/src/engine/code/typescript/sites.ts
var MODELLED_MODULES = new Set([...SINKS, ...AUTH_CALLS].flatMap((model) => model.modules));
function matchesModel(name, modules, methods) {
  if (!modules.includes(name.module)) return false;
  const members = name.members;
  if (name.module === "") return methods.includes(members.join(".")) || members.length === 1 && methods.includes(members[0]);
  if (members.length === 0) return methods.includes("");
  const last = members[members.length - 1];
  if (last === "()") return false;
  if (methods.includes("*")) return true;
  if (methods.includes(last)) return true;
  return last === "default" && members.length === 1 && methods.includes("");
}
function objectProperty(node, scan, name) {
  if (!node) return void 0;
  let expr = unwrapExpression(node);
  if (import_typescript3.default.isIdentifier(expr)) {
    const constant = scan.constants.get(expr.text);
    if (constant) expr = unwrapExpression(constant);
  }
  if (!import_typescript3.default.isObjectLiteralExpression(expr)) return void 0;
  for (const property of expr.properties) {
    if (propertyNameText(property.name) !== name) continue;
    if (import_typescript3.default.isPropertyAssignment(property)) return property.initializer;
    if (import_typescript3.default.isShorthandPropertyAssignment(property)) return property.name;
  }
  return void 0;
}
function isTrueLiteral(node) {
  return !!node && (node.kind === import_typescript3.default.SyntaxKind.TrueKeyword || import_typescript3.default.isStringLiteral(node) && node.text.length > 0);
}
function conditionHolds(model, call, scan) {
  const args = call.arguments ?? import_typescript3.default.factory.createNodeArray();
  switch (model.when) {
    case void 0:
      return true;
    case "shell-option":
      return args.some((arg, index) => index > 0 && isTrueLiteral(objectProperty(arg, scan, "shell")));
    case "string-argument": {
      const first = args[0] && unwrapExpression(args[0]);
      return !!first && !import_typescript3.default.isArrowFunction(first) && !import_typescript3.default.isFunctionExpression(first) && !(import_typescript3.default.isIdentifier(first) && scan.functions.has(first.text));
    }
    case "unsafe-yaml-schema": {
      const schema = objectProperty(args[1], scan, "schema");
      return !!schema && /FULL|unsafe|js-types/i.test(schema.getText(scan.sourceFile));
    }
    case "xml-noent":
      return isTrueLiteral(objectProperty(args[1], scan, "noent"));
  }
}
function addSite(scan, site) {
  const list = scan.sites.get(site.node);
  if (list) {
    if (!list.some((existing) => existing.kind === site.kind)) list.push(site);
  } else scan.sites.set(site.node, [site]);
}
var SDK_SERVICE_NAMES = {
  s3: "S3",
  dynamodb: "DynamoDB",
  sqs: "SQS",
  sns: "SNS",
  lambda: "Lambda",
  "secrets-manager": "SecretsManager",
  ssm: "SSM",
  kms: "KMS",
  sts: "STS",
  eventbridge: "EventBridge",
  kinesis: "Kinesis",
  sfn: "SFN",
  ses: "SES",
  sesv2: "SESv2",
  "cognito-identity-provider": "CognitoIdentityProvider",
  "rds-data": "RDSData",
  "api-gateway": "APIGateway",
  "apigatewaymanagementapi": "ApiGatewayManagementApi",
  "cloudwatch": "CloudWatch",
  "cloudwatch-logs": "CloudWatchLogs",
  iam: "IAM",
  athena: "Athena",
  firehose: "Firehose",
  textract: "Textract",
  rekognition: "Rekognition",
  comprehend: "Comprehend",
  "bedrock-runtime": "BedrockRuntime",
  translate: "Translate",
  polly: "Polly",
  ec2: "EC2",
  ecs: "ECS"
};
function serviceFromPackage(packageName) {
  if (packageName === "@aws-sdk/lib-dynamodb") return "DynamoDB.DocumentClient";
  const suffix = packageName.replace(/^@aws-sdk\/client-/, "").replace(/^aws-sdk\/clients\//, "");
  return SDK_SERVICE_NAMES[suffix] ?? suffix.split("-").map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join("");
}
var NOT_OPERATIONS = /* @__PURE__ */ new Set(["send", "destroy", "middlewareStack", "config", "promise", "on", "then", "catch", "createReadStream", "from", "constructor"]);
var POWERTOOLS_PARAMETER_SERVICES = {
  "@aws-lambda-powertools/parameters/ssm": "SSM",
  "@aws-lambda-powertools/parameters/secrets": "SecretsManager",
  "@aws-lambda-powertools/parameters/appconfig": "AppConfigData",
  "@aws-lambda-powertools/parameters/dynamodb": "DynamoDB"
};
var NOT_V2_SERVICES = /^(Signers|Config|config|Credentials|CredentialProviderChain|EnvironmentCredentials|SharedIniFileCredentials|TemporaryCredentials|ChainableTemporaryCredentials|WebIdentityCredentials|Endpoint|HttpRequest|util|Request|Response|EventListeners|MetadataService)$/;
function awsHelperCallOf(name, isNew) {
  const members = name.members;
  const last = members[members.length - 1];
  if (name.module === "@aws-sdk/lib-storage" && isNew && members.length === 1 && last === "Upload") return { sdkVersion: 3, packageName: name.module, service: "S3", operation: "Upload" };
  if (name.module === "@aws-sdk/s3-presigned-post" && !isNew && members.length === 1 && last === "createPresignedPost") return { sdkVersion: 3, packageName: name.module, service: "S3", operation: "createPresignedPost" };
  if ((name.module.startsWith("@aws-sdk/client-") || name.module === "@aws-sdk/lib-dynamodb") && !isNew && members.length === 1 && /^(paginate|waitUntil)[A-Z]/.test(last ?? "")) {
    return { sdkVersion: 3, packageName: name.module, service: serviceFromPackage(name.module), operation: last };
  }
  const parameterService = POWERTOOLS_PARAMETER_SERVICES[name.module];
  if (parameterService && !isNew) {
    if (members.length === 1 && /^(get|set)[A-Z]/.test(last ?? "")) return { sdkVersion: 3, packageName: "@aws-lambda-powertools/parameters", service: parameterService, operation: last };
    if (members.length === 3 && members[1] === "()" && /Provider$/.test(members[0])) return { sdkVersion: 3, packageName: "@aws-lambda-powertools/parameters", service: parameterService, operation: `${members[0]}.${last}` };
  }
  if (name.module.startsWith("@aws-lambda-powertools/idempotency") && members.length === 1 && (isNew ? last === "DynamoDBPersistenceLayer" : /^(makeIdempotent|makeHandlerIdempotent|idempotent)$/.test(last ?? ""))) {
    return { sdkVersion: 3, packageName: "@aws-lambda-powertools/idempotency", service: "DynamoDB", operation: last };
  }
  return void 0;
}
function awsCallOf(name, isNew) {
  const members = name.members;
  const last = members[members.length - 1];
  if (!last || last === "()") return void 0;
  const helper = awsHelperCallOf(name, isNew);
  if (helper) return helper;
  if (name.module.startsWith("@aws-sdk/client-") || name.module === "@aws-sdk/lib-dynamodb") {
    if (isNew && /Command$/.test(last) && members.length === 1) return { sdkVersion: 3, packageName: name.module, service: serviceFromPackage(name.module), operation: last.replace(/Command$/, "") };
    if (!isNew && members.length === 3 && members[1] === "()" && !NOT_OPERATIONS.has(last) && !/Client$/.test(members[0])) return { sdkVersion: 3, packageName: name.module, service: serviceFromPackage(name.module), operation: last.charAt(0).toUpperCase() + last.slice(1) };
    return void 0;
  }
  if (name.module === "aws-sdk" || name.module.startsWith("aws-sdk/clients/")) {
    const constructed = members.indexOf("()");
    if (isNew || constructed < 0 || constructed !== members.length - 2 || NOT_OPERATIONS.has(last)) return void 0;
    const serviceParts = members.slice(0, constructed);
    if (serviceParts.length > 0 && NOT_V2_SERVICES.test(serviceParts[0])) return void 0;
    const service = name.module === "aws-sdk" ? serviceParts.join(".") : [serviceFromPackage(name.module), ...serviceParts].join(".");
    if (!service) return void 0;
    return { sdkVersion: 2, packageName: name.module, service, operation: last };
  }
  return void 0;
}
function headerValue(headers, scan, names) {
  if (!headers) return void 0;
  let expr = unwrapExpression(headers);
  if (import_typescript3.default.isIdentifier(expr)) expr = scan.constants.get(expr.text) ?? expr;
  if (!import_typescript3.default.isObjectLiteralExpression(expr)) return void 0;
  for (const property of expr.properties) {
    const key = propertyNameText(property.name);
    if (key === void 0 || !names.includes(key.toLowerCase())) continue;
    if (import_typescript3.default.isPropertyAssignment(property)) return property.initializer;
    if (import_typescript3.default.isShorthandPropertyAssignment(property)) return property.name;
  }
  return void 0;
}
function scanSites(scan) {
  const out = { sites: /* @__PURE__ */ new Map(), authFacts: [], awsCalls: [] };
  const sourceFile = scan.sourceFile;
  const visit = (node) => {
    if ((import_typescript3.default.isCallExpression(node) || import_typescript3.default.isNewExpression(node)) && node.expression.kind !== import_typescript3.default.SyntaxKind.ImportKeyword) {
      const name = qualifiedNameOf(scan, node.expression);
      const args = node.arguments ?? import_typescript3.default.factory.createNodeArray();
      if (name) {
        const callee = describeQualifiedName(name) || node.expression.getText(sourceFile);
        for (const model of MODELLED_MODULES.has(name.module) ? SINKS : []) {
          if (!matchesModel(name, model.modules, model.methods) || !conditionHolds(model, node, scan)) continue;
          const positions = model.args === "all" ? args.map((_, index) => index) : model.args;
          for (const position of positions) {
            const arg = args[position];
            if (!arg || import_typescript3.default.isSpreadElement(arg)) continue;
            const inner = unwrapExpression(arg);
            if (model.argProperties && import_typescript3.default.isObjectLiteralExpression(inner)) continue;
            const shellCommand = model.kind === "command" && name.module === "child_process" && position === 0 ? shellCommandFacts(scan, node, arg) : void 0;
            addSite(out, { kind: model.kind, cwe: model.cwe, callee, node: arg, construct: node, properties: model.argProperties, ...shellCommand && { shellCommand } });
          }
          if (model.argProperties) {
            args.slice(0, 2).forEach((arg, index) => {
              const inner = unwrapExpression(arg);
              const literal = import_typescript3.default.isObjectLiteralExpression(inner) || import_typescript3.default.isIdentifier(inner) && scan.constants.has(inner.text) && import_typescript3.default.isObjectLiteralExpression(unwrapExpression(scan.constants.get(inner.text)));
              if (literal) {
                for (const property of model.argProperties ?? []) {
                  const value = objectProperty(arg, scan, property);
                  if (value) addSite(out, { kind: model.kind, cwe: model.cwe, callee: `${callee} ${property}`, node: value, construct: node });
                }
              } else if (index === 0 && import_typescript3.default.isIdentifier(inner) && model.args !== "all" && model.args.length === 0) {
                addSite(out, { kind: model.kind, cwe: model.cwe, callee: `${callee} params`, node: arg, properties: model.argProperties, construct: node });
              }
            });
          }
        }
        for (const model of MODELLED_MODULES.has(name.module) ? AUTH_CALLS : []) {
          if (matchesModel(name, model.modules, model.methods)) out.authFacts.push({ kind: model.kind, via: model.via, node });
        }
        const aws = awsCallOf(name, import_typescript3.default.isNewExpression(node));
        if (aws) out.awsCalls.push({ ...aws, node });
        const global = name.module === "" ? name.members.join(".") : "";
        if (global === "Buffer.from" && args[1] && /base64/.test(args[1].getText(sourceFile)) || global === "atob") {
          if (args[0] && /\.split\(\s*['"]\.['"]\s*\)/.test(args[0].getText(sourceFile))) out.authFacts.push({ kind: "jwt-unverified", via: "manual base64 decode", node });
        }
      }
    }
    if (import_typescript3.default.isPropertyAccessExpression(node) && node.name.text === "authorizer" && memberName(node.expression) === "requestContext") out.authFacts.push({ kind: "authorizer-claims", via: "requestContext.authorizer", node });
    if (import_typescript3.default.isObjectLiteralExpression(node)) {
      let headers;
      let body;
      for (const property of node.properties) {
        const key = propertyNameText(property.name);
        const value = import_typescript3.default.isPropertyAssignment(property) ? property.initializer : import_typescript3.default.isShorthandPropertyAssignment(property) ? property.name : void 0;
        if (!value) continue;
        if (key === RESPONSE_SINKS.mongoWhere.property) addSite(out, { kind: "nosql", cwe: RESPONSE_SINKS.mongoWhere.cwe, callee: "$where", node: value, construct: node });
        if (key === "headers") headers = value;
        if (key === "body") body = value;
      }
      const location = headerValue(headers, scan, RESPONSE_SINKS.redirect.headers);
      if (location) addSite(out, { kind: "redirect", cwe: RESPONSE_SINKS.redirect.cwe, callee: "Location header", node: location, construct: node });
      const contentType = headerValue(headers, scan, ["content-type"]);
      if (body && contentType && /text\/html/i.test(contentType.getText(sourceFile))) addSite(out, { kind: "html", cwe: RESPONSE_SINKS.html.cwe, callee: "text/html response body", node: body, construct: node });
    }
    if (import_typescript3.default.isCallExpression(node) && import_typescript3.default.isPropertyAccessExpression(node.expression) && node.expression.name.text === "redirect" && node.arguments.length > 0) {
      const receiver = node.expression.expression.getText(sourceFile);
      if (/^(res|response|reply)$/.test(receiver)) addSite(out, { kind: "redirect", cwe: RESPONSE_SINKS.redirect.cwe, callee: `${receiver}.redirect`, node: node.arguments[node.arguments.length - 1], construct: node });
    }
    import_typescript3.default.forEachChild(node, visit);
  };
  visit(sourceFile);
  return out;
}

// server/src/engine/code/typescript/solver.ts
var UNKNOWN_MARK = "\0";
var TAINTED_MARK = "";
var FIXED_URL_PREFIX = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/?#@\u0001]+|\u0000[^/?#\u0001]*)\//i;
var FIXED_HOST_ONLY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\u0001]+$/i;
var CUSTOM_RESOURCE_RESPONSE_URL = "ResponseURL";
var CALLER_WRITTEN_TRIGGERS = /* @__PURE__ */ new Set(["api-rest", "api-http", "function-url", "alb", "websocket", "appsync"]);
var ALL = (1 << SINK_KINDS.length) - 1;
function maskOf(kinds) {
  if (kinds === "all") return ALL;
  let mask = 0;
  for (const kind of kinds) mask |= 1 << SINK_KINDS.indexOf(kind);
  return mask;
}
function kindsOf(mask) {
  return SINK_KINDS.filter((_, index) => (mask & 1 << index) !== 0);
}
var MAX_TRACES = 6;
var MAX_STEPS = 24;
var MAX_INLINE_DEPTH = 4;
var MAX_SUMMARY_DEPTH = 6;
var MAX_PATH = 8;
var MAX_STEP_CHAIN = 200;
function isStepList(item) {
  return "length" in item;
}
function appendSteps(list, item) {
  if (!item) return list;
  const added = isStepList(item) ? item.length : 1;
  if ((list?.length ?? 0) + added > MAX_STEP_CHAIN) return list;
  return { previous: list, item, length: (list?.length ?? 0) + added };
}
function stepsToArray(list) {
  const out = [];
  const pending = list ? [list] : [];
  while (pending.length > 0) {
    const item = pending.pop();
    if (!isStepList(item)) {
      out.push(item);
      continue;
    }
    if (item.previous) pending.push(item.previous);
    pending.push(item.item);
  }
  out.reverse();
  if (out.length < MAX_STEPS) return out;
  const head = MAX_STEPS / 2;
  const tail = MAX_STEPS - head - 2;
  return [...out.slice(0, head), { location: out[head].location, description: `(${out.length - head - tail} more steps)` }, ...out.slice(out.length - tail)];
}
var EMPTY = { traces: [] };
var Scope = class {
  constructor(parent, isFunction) {
    this.parent = parent;
    this.isFunction = isFunction;
  }
  parent;
  isFunction;
  vars = /* @__PURE__ */ new Map();
  narrow = /* @__PURE__ */ new Map();
  lookup(name) {
    for (let scope = this; scope; scope = scope.parent) {
      const value = scope.vars.get(name);
      if (value) return value;
    }
    return void 0;
  }
  owner(name) {
    for (let scope = this; scope; scope = scope.parent) if (scope.vars.has(name)) return scope;
    return void 0;
  }
  narrowing(key) {
    let result;
    for (let scope = this; scope; scope = scope.parent) {
      const found = scope.narrow.get(key);
      if (found) result = result ? { mask: result.mask | found.mask, guards: [...result.guards, ...found.guards], viaThrow: result.viaThrow || found.viaThrow } : found;
    }
    return result;
  }
};
var BudgetExceeded = class extends Error {
};
var ModuleContext = class {
  constructor(scan, isMain, importDepth) {
    this.scan = scan;
    this.isMain = isMain;
    this.importDepth = importDepth;
    this.siteScan = scanSites(scan);
  }
  scan;
  isMain;
  importDepth;
  siteScan;
  summaries = /* @__PURE__ */ new Map();
  moduleValues = /* @__PURE__ */ new Map();
  registeredSinks = /* @__PURE__ */ new Map();
  location(node) {
    const range = { start: node.getStart(this.scan.sourceFile), end: node.getEnd() };
    return this.isMain ? { range } : { range, path: this.scan.path };
  }
};
var Solver = class {
  constructor(options) {
    this.options = options;
    this.budget = options.budget ?? 4e5;
  }
  options;
  work = 0;
  /** False until some guard narrows a name: most code has none, and lookups then skip the scope walk. */
  hasNarrowings = false;
  budget;
  modules = /* @__PURE__ */ new Map();
  flowKeys = /* @__PURE__ */ new Set();
  sourceKeys = /* @__PURE__ */ new Map();
  guardKeys = /* @__PURE__ */ new Map();
  /** Per guard, the sink kinds it cut on some value (a schema cuts field by field, so more than its `cuts`). */
  guardMasks = /* @__PURE__ */ new Map();
  get document() {
    return this.options.document;
  }
  registerModuleSinks(module2) {
    for (const sites of module2.siteScan.sites.values()) for (const site of sites) this.sinkId(module2, site);
  }
  sinkId(module2, site) {
    const known = module2.registeredSinks.get(site);
    if (known !== void 0) return known;
    const id = this.document.sinks.length;
    this.document.sinks.push({ id, kind: site.kind, cwe: site.cwe, callee: site.callee, argumentLocation: module2.location(site.node), location: module2.location(site.construct), note: site.note, ...site.shellCommand && module2.isMain && { shellCommand: site.shellCommand } });
    module2.registeredSinks.set(site, id);
    return id;
  }
  tick() {
    if (++this.work > this.budget) throw new BudgetExceeded();
  }
  /** Reads a relative module through the caller's reader, once. */
  importedModule(from, specifier, scanModule2) {
    if (!this.options.readModule || from.importDepth >= 1) return void 0;
    let read;
    try {
      read = this.options.readModule(from.scan.path, specifier);
    } catch {
      read = void 0;
    }
    if (!read) return void 0;
    if (this.modules.has(read.path)) return this.modules.get(read.path);
    this.modules.set(read.path, void 0);
    if (read.path === this.document.path || read.path === from.scan.path) {
      this.document.issues.push({ message: `circular import: '${specifier}' in ${from.scan.path} leads back to ${read.path}; not followed`, severity: "info" });
      return void 0;
    }
    if (read.text.length > 1e6) {
      this.document.issues.push({ message: `${read.path}: imported module is over 1 MB; calls into it are unknown`, severity: "info" });
      return void 0;
    }
    let module2;
    try {
      module2 = new ModuleContext(scanModule2(read.path, read.text, this.options.syntaxTrees), false, from.importDepth + 1);
    } catch {
      this.document.issues.push({ message: `${read.path}: imported module could not be read (nested too deeply); calls into it are unknown`, severity: "info" });
      return void 0;
    }
    this.modules.set(read.path, module2);
    return module2;
  }
  addSource(kind, eventPath, location, handler) {
    const key = `${handler}|${location.path ?? ""}|${location.range.start}|${eventPath}`;
    const known = this.sourceKeys.get(key);
    if (known !== void 0) return known;
    const id = this.document.sources.length;
    this.document.sources.push({ id, kind, eventPath, location, handler });
    this.sourceKeys.set(key, id);
    return id;
  }
  /** One guard per place and kind; a schema's field guard (`declaration`: the field's `z.string()`) is one per field. */
  addGuard(kind, library, location, cuts, note, declaration) {
    const key = `${location.path ?? ""}|${location.range.start}|${location.range.end}|${kind}${declaration ? `|${declaration.path ?? ""}|${declaration.range.start}` : ""}`;
    const known = this.guardKeys.get(key);
    if (known !== void 0) return known;
    const id = this.document.guards.length;
    this.document.guards.push({ id, kind, library, location, cuts: kindsOf(cuts), cutFlows: [], note, ...declaration && { declaration } });
    this.guardKeys.set(key, id);
    this.guardMasks.set(id, cuts);
    return id;
  }
  /** A guard (a schema) cut `mask` on one of the values it checked. */
  noteGuardCut(guardId, mask) {
    this.guardMasks.set(guardId, (this.guardMasks.get(guardId) ?? 0) | mask);
  }
  addFlow(sourceId, sinkId, handler, steps, assumption, passedGuards) {
    const key = `${sourceId}|${sinkId}|${handler}`;
    if (this.flowKeys.has(key)) return;
    this.flowKeys.add(key);
    this.document.flows.push({ sourceId, sinkId, handler, steps, assumption, passedGuards: [...new Set(passedGuards)] });
  }
  /** Credits the guards of a cut trace that cut this sink's kind; the others (a free `z.string()`) only passed it on. */
  recordCut(guardIds, sourceId, sinkId) {
    const bit = 1 << SINK_KINDS.indexOf(this.document.sinks[sinkId].kind);
    for (const id of guardIds) {
      if (((this.guardMasks.get(id) ?? 0) & bit) === 0) continue;
      const guard = this.document.guards[id];
      if (guard && !guard.cutFlows.some((flow) => flow.sourceId === sourceId && flow.sinkId === sinkId)) guard.cutFlows.push({ sourceId, sinkId });
    }
  }
  /** Analyses one handler function from its event parameter. Returns an issue message when the budget ran out. */
  analyseHandler(module2, fn, handler, trigger, scanModule2) {
    const analysis = new FunctionAnalysis(this, module2, fn, { mode: "handler", handler, trigger, scanModule: scanModule2 }, void 0, 0);
    const location = module2.location(fn.parameters[0] ?? fn);
    const eventValue = { traces: [{ origin: "event", path: [], steps: void 0, cut: 0, guards: [], at: location }] };
    try {
      analysis.run([eventValue]);
    } catch (error) {
      if (error instanceof BudgetExceeded) return `analysis budget reached in handler \`${handler}\`; flows after that point are not reported`;
      if (error instanceof RangeError) return `handler \`${handler}\` nests too deeply to analyse; flows after that point are not reported`;
      throw error;
    }
    return void 0;
  }
};
function withStep(trace, step, keepsText = false) {
  if (!step) return trace;
  const steps = appendSteps(trace.steps, step);
  const isRootedPath = keepsText && trace.isRootedPath;
  if (steps === trace.steps && isRootedPath === !!trace.isRootedPath) return trace;
  return { ...trace, steps, isRootedPath: isRootedPath || void 0 };
}
function traceKey(trace) {
  return `${trace.origin}|${trace.param ?? ""}|${trace.sourceId ?? ""}|${trace.path.join(".")}|${trace.cut}|${trace.isRootedPath ? 1 : 0}`;
}
function mergeTraces(...lists) {
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  for (const list of lists) {
    for (const trace of list) {
      const key = traceKey(trace);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(trace);
      if (out.length >= MAX_TRACES) return out;
    }
  }
  return out;
}
function union(...values) {
  const withTraces = values.filter((value) => value.traces.length > 0);
  if (withTraces.length === 0) return values.find((value) => value.props) ?? EMPTY;
  return { traces: mergeTraces(...withTraces.map((value) => value.traces)) };
}
function allTraces(value, depth = 0) {
  if (!value.props || depth > 3) return value.traces;
  return mergeTraces(value.traces, ...[...value.props.values()].map((inner) => allTraces(inner, depth + 1)));
}
function mapTraces(value, map) {
  const traces = value.traces.map(map).filter((trace) => !!trace);
  const props = value.props ? new Map([...value.props].map(([key, inner]) => [key, mapTraces(inner, map)])) : void 0;
  return { ...value, traces, props };
}
function isOpaqueSchemaModule(module2) {
  const parts = module2.split("/");
  return OPAQUE_SCHEMA_LIBRARIES.has(module2.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
}
function isStrictDeletion(regex, replacement) {
  const match = /^\/\[\^((?:[a-zA-Z0-9_]|\\[wd]|[a-zA-Z0-9]-[a-zA-Z0-9])+)\]\+?\/([a-z]*)$/.exec(regex);
  if (!match || !match[2].includes("g")) return false;
  return !!replacement && (import_typescript4.default.isStringLiteral(replacement) || import_typescript4.default.isNoSubstitutionTemplateLiteral(replacement)) && /^[a-zA-Z0-9_]*$/.test(replacement.text);
}
var HOST_CUTS = ["url", "redirect"];
function combineRefinements(first, second) {
  if (first === "strict" || second === "strict") return "strict";
  if (first === "url" && second === "host" || first === "host" && second === "url") return "strict";
  return second ?? first;
}
function refKey(node) {
  const expr = unwrapExpression(node);
  if (import_typescript4.default.isIdentifier(expr)) return expr.text;
  if (expr.kind === import_typescript4.default.SyntaxKind.ThisKeyword) return "this";
  const member = memberName(expr);
  if (member !== void 0 && (import_typescript4.default.isPropertyAccessExpression(expr) || import_typescript4.default.isElementAccessExpression(expr))) {
    const base = refKey(expr.expression);
    return base === void 0 ? void 0 : `${base}.${member}`;
  }
  return void 0;
}
function isAnchoredRegex(pattern) {
  if (!pattern.startsWith("^") || !pattern.endsWith("$") || pattern.endsWith("\\$")) return false;
  return !/(^|[^\\])\.[*+]|\\S|\[\^/.test(pattern);
}
function terminates(statement) {
  if (import_typescript4.default.isReturnStatement(statement) || import_typescript4.default.isContinueStatement(statement) || import_typescript4.default.isBreakStatement(statement)) return "return";
  if (import_typescript4.default.isThrowStatement(statement)) return "throw";
  if (import_typescript4.default.isBlock(statement) && statement.statements.length > 0) return terminates(statement.statements[statement.statements.length - 1]);
  if (import_typescript4.default.isExpressionStatement(statement)) {
    return void 0;
  }
  return void 0;
}
var FunctionAnalysis = class _FunctionAnalysis {
  constructor(solver, module2, fn, mode, closure, depth, summaryDepth = 0) {
    this.module = module2;
    this.fn = fn;
    this.mode = mode;
    this.depth = depth;
    this.summaryDepth = summaryDepth;
    this.solver = solver;
    this.scope = new Scope(closure, true);
  }
  module;
  fn;
  mode;
  depth;
  summaryDepth;
  scope;
  returns = [];
  sinkHits = [];
  conditional = 0;
  solver;
  get functionScope() {
    return this.scope;
  }
  run(args) {
    const fn = this.fn;
    fn.parameters.forEach((parameter, index) => {
      let value = args[index] ?? EMPTY;
      if (parameter.dotDotDotToken) value = union(...args.slice(index));
      if (parameter.initializer && value.traces.length === 0 && !value.props) value = this.evaluate(parameter.initializer);
      this.bind(parameter.name, value, void 0);
    });
    const body = fn.body;
    if (!body) return EMPTY;
    if (import_typescript4.default.isBlock(body)) this.statements(body.statements);
    else this.returns.push(this.evaluate(body));
    const returned = this.returns.length === 1 ? this.returns[0] : union(...this.returns);
    const withProps = this.returns.find((value) => value.props);
    return withProps && this.returns.length > 1 ? { ...returned, props: withProps.props } : returned;
  }
  /** Summary mode: which parameter paths the body asserts with a throwing guard. */
  asserts() {
    const out = [];
    for (const [key, narrowing] of this.scope.narrow) {
      if (!narrowing.viaThrow) continue;
      const mapped = this.keyToParam(key);
      if (mapped) out.push({ ...mapped, narrowing });
    }
    return out;
  }
  keyToParam(key) {
    const [root, ...path2] = key.split(".");
    const index = this.fn.parameters.findIndex((parameter) => import_typescript4.default.isIdentifier(parameter.name) && parameter.name.text === root);
    return index < 0 ? void 0 : { param: index, path: path2 };
  }
  // ---------------------------------------------------------------------------
  // Statements
  // ---------------------------------------------------------------------------
  statements(list) {
    for (const statement of list) {
      if (import_typescript4.default.isFunctionDeclaration(statement) && statement.name && statement.body) this.scope.vars.set(statement.name.text, { traces: [], fn: { node: statement, module: this.module, closure: this.scope } });
    }
    for (const statement of list) {
      this.statement(statement);
    }
  }
  inBlock(run, narrowings = []) {
    const saved = this.scope;
    this.scope = new Scope(saved, false);
    for (const { key, narrowing } of narrowings) this.scope.narrow.set(key, narrowing);
    if (narrowings.length > 0) this.solver.hasNarrowings = true;
    try {
      run();
    } finally {
      this.scope = saved;
    }
  }
  branch(node, narrowings) {
    if (!node) return;
    this.conditional++;
    try {
      this.inBlock(() => import_typescript4.default.isBlock(node) ? this.statements(node.statements) : this.statement(node), narrowings);
    } finally {
      this.conditional--;
    }
  }
  statement(node) {
    this.solver.tick();
    if (import_typescript4.default.isVariableStatement(node)) {
      for (const declaration of node.declarationList.declarations) {
        const value = declaration.initializer ? this.evaluate(declaration.initializer) : EMPTY;
        this.bindDeclaration(declaration.name, value, declaration.initializer);
      }
      return;
    }
    if (import_typescript4.default.isExpressionStatement(node)) {
      this.evaluate(node.expression);
      this.assertionCall(node.expression);
      return;
    }
    if (import_typescript4.default.isReturnStatement(node)) {
      if (node.expression) this.returns.push(this.evaluate(node.expression));
      return;
    }
    if (import_typescript4.default.isIfStatement(node)) {
      this.evaluate(node.expression);
      const condition = this.condition(node.expression);
      this.branch(node.thenStatement, condition.whenTrue);
      this.branch(node.elseStatement, condition.whenFalse);
      const thenEnds = terminates(node.thenStatement);
      const elseEnds = node.elseStatement ? terminates(node.elseStatement) : void 0;
      if (thenEnds && !elseEnds) for (const item of condition.whenFalse) this.addNarrowing(item, thenEnds === "throw");
      if (elseEnds && !thenEnds) for (const item of condition.whenTrue) this.addNarrowing(item, elseEnds === "throw");
      return;
    }
    if (import_typescript4.default.isBlock(node)) {
      this.inBlock(() => this.statements(node.statements));
      return;
    }
    if (import_typescript4.default.isForOfStatement(node) || import_typescript4.default.isForInStatement(node)) {
      const iterable = this.evaluate(node.expression);
      const element = import_typescript4.default.isForOfStatement(node) ? this.member(iterable, "[]", node.expression) : { traces: iterable.traces };
      this.conditional++;
      try {
        this.inBlock(() => {
          const initializer = node.initializer;
          if (import_typescript4.default.isVariableDeclarationList(initializer)) {
            for (const declaration of initializer.declarations) this.bind(declaration.name, element, this.step(declaration.name, `element of \`${this.text(node.expression)}\``));
          } else this.assign(initializer, element);
          this.loopBody(node.statement);
        });
      } finally {
        this.conditional--;
      }
      return;
    }
    if (import_typescript4.default.isForStatement(node)) {
      this.inBlock(() => {
        if (node.initializer) {
          if (import_typescript4.default.isVariableDeclarationList(node.initializer)) for (const declaration of node.initializer.declarations) this.bindDeclaration(declaration.name, declaration.initializer ? this.evaluate(declaration.initializer) : EMPTY, declaration.initializer);
          else this.evaluate(node.initializer);
        }
        this.conditional++;
        try {
          if (node.condition) this.evaluate(node.condition);
          if (node.incrementor) this.evaluate(node.incrementor);
          this.loopBody(node.statement);
        } finally {
          this.conditional--;
        }
      });
      return;
    }
    if (import_typescript4.default.isWhileStatement(node) || import_typescript4.default.isDoStatement(node)) {
      this.evaluate(node.expression);
      this.conditional++;
      try {
        this.loopBody(node.statement);
      } finally {
        this.conditional--;
      }
      return;
    }
    if (import_typescript4.default.isTryStatement(node)) {
      this.inBlock(() => this.statements(node.tryBlock.statements));
      if (node.catchClause) {
        this.conditional++;
        try {
          this.inBlock(() => {
            if (node.catchClause?.variableDeclaration) this.bind(node.catchClause.variableDeclaration.name, EMPTY, void 0);
            this.statements(node.catchClause.block.statements);
          });
        } finally {
          this.conditional--;
        }
      }
      if (node.finallyBlock) this.inBlock(() => this.statements(node.finallyBlock.statements));
      return;
    }
    if (import_typescript4.default.isSwitchStatement(node)) {
      this.evaluate(node.expression);
      const key = refKey(node.expression);
      for (const clause of node.caseBlock.clauses) {
        const narrowings = [];
        if (key && import_typescript4.default.isCaseClause(clause) && (import_typescript4.default.isStringLiteral(clause.expression) || import_typescript4.default.isNumericLiteral(clause.expression))) {
          narrowings.push({ key, narrowing: { mask: ALL, guards: [this.solver.addGuard("equality", "switch case", this.module.location(clause.expression), ALL)], viaThrow: false } });
        }
        this.conditional++;
        try {
          this.inBlock(() => this.statements(clause.statements), narrowings);
        } finally {
          this.conditional--;
        }
      }
      return;
    }
    if (import_typescript4.default.isThrowStatement(node)) {
      this.evaluate(node.expression);
      return;
    }
    if (import_typescript4.default.isLabeledStatement(node)) {
      this.statement(node.statement);
      return;
    }
    if (import_typescript4.default.isFunctionDeclaration(node) || import_typescript4.default.isClassDeclaration(node) || import_typescript4.default.isInterfaceDeclaration(node) || import_typescript4.default.isTypeAliasDeclaration(node) || import_typescript4.default.isEnumDeclaration(node) || import_typescript4.default.isImportDeclaration(node) || import_typescript4.default.isExportDeclaration(node) || import_typescript4.default.isModuleDeclaration(node)) return;
    import_typescript4.default.forEachChild(node, (child) => {
      if (import_typescript4.default.isExpression(child)) this.evaluate(child);
      else if (import_typescript4.default.isStatement(child)) this.statement(child);
    });
  }
  loopBody(statement) {
    if (import_typescript4.default.isBlock(statement)) this.inBlock(() => this.statements(statement.statements));
    else this.statement(statement);
  }
  addNarrowing(item, viaThrow) {
    this.solver.hasNarrowings = true;
    const existing = this.scope.narrow.get(item.key);
    const narrowing = { ...item.narrowing, viaThrow: viaThrow || item.narrowing.viaThrow };
    this.scope.narrow.set(item.key, existing ? { mask: existing.mask | narrowing.mask, guards: [...existing.guards, ...narrowing.guards], viaThrow: existing.viaThrow || narrowing.viaThrow } : narrowing);
  }
  /** A statement call to a helper that throws on bad input (`assertValid(body)`), or an asserting validator. */
  assertionCall(node) {
    const expr = unwrapExpression(node);
    if (!import_typescript4.default.isCallExpression(expr)) return;
    const name = qualifiedNameOf(this.module.scan, expr.expression);
    if (name && isOpaqueSchemaModule(name.module) && /^(assert|validateOrReject|assertIs|parse)$/.test(name.members[name.members.length - 1] ?? "")) {
      const guard = this.solver.addGuard("schema", name.module, this.module.location(expr), ALL, "schema not inspected; assumed to constrain every field");
      for (const arg of expr.arguments) {
        const key = refKey(arg);
        if (key) this.addNarrowing({ key, narrowing: { mask: ALL, guards: [guard], viaThrow: true } }, true);
      }
      return;
    }
    const summary = this.summaryFor(expr);
    if (!summary) return;
    for (const item of summary.asserts) {
      const arg = expr.arguments[item.param];
      const key = arg && refKey(arg);
      if (key) this.addNarrowing({ key: [key, ...item.path].join("."), narrowing: item.narrowing }, true);
    }
  }
  // ---------------------------------------------------------------------------
  // Binding
  // ---------------------------------------------------------------------------
  step(node, description) {
    return { location: this.module.location(node), description };
  }
  text(node) {
    const text = node.getText(this.module.scan.sourceFile);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  }
  bindDeclaration(name, value, initializer) {
    const description = import_typescript4.default.isIdentifier(name) ? `assigned to \`${name.text}\`` : "destructured";
    this.bind(name, value, this.step(name, description), initializer);
  }
  bind(name, value, step, initializer) {
    if (import_typescript4.default.isIdentifier(name)) {
      let bound = value.traces.length > 0 && step ? mapTraces(value, (trace) => withStep(trace, step, true)) : value;
      if (initializer && !bound.fn) {
        const inner = unwrapExpression(initializer);
        if (import_typescript4.default.isArrowFunction(inner) || import_typescript4.default.isFunctionExpression(inner)) bound = { ...bound, fn: { node: inner, module: this.module, closure: this.scope } };
      }
      this.scope.vars.set(name.text, bound);
      return;
    }
    if (import_typescript4.default.isObjectBindingPattern(name)) {
      const used = /* @__PURE__ */ new Set();
      for (const element of name.elements) {
        if (element.dotDotDotToken) {
          const rest = value.props ? { traces: value.traces, props: new Map([...value.props].filter(([key2]) => !used.has(key2))) } : value;
          this.bind(element.name, rest, import_typescript4.default.isIdentifier(element.name) ? this.step(element.name, `rest of the object into \`${element.name.text}\``) : void 0);
          continue;
        }
        const key = propertyNameText(element.propertyName ?? (import_typescript4.default.isIdentifier(element.name) ? element.name : void 0));
        if (key === void 0) {
          this.bind(element.name, { traces: value.traces }, void 0);
          continue;
        }
        used.add(key);
        let inner = this.member(value, key, element);
        if (inner.traces.length === 0 && !inner.props && element.initializer) inner = this.evaluate(element.initializer);
        this.bind(element.name, inner, import_typescript4.default.isIdentifier(element.name) ? this.step(element.name, `destructured into \`${element.name.text}\``) : void 0);
      }
      return;
    }
    name.elements.forEach((element) => {
      if (import_typescript4.default.isOmittedExpression(element)) return;
      const inner = this.member(value, "[]", element);
      this.bind(element.name, inner, import_typescript4.default.isIdentifier(element.name) ? this.step(element.name, `destructured into \`${element.name.text}\``) : void 0);
    });
  }
  /** `x = v`, `obj.p = v`, `[a, b] = v`. */
  assign(target, value) {
    const expr = unwrapExpression(target);
    if (import_typescript4.default.isIdentifier(expr)) {
      const owner = this.scope.owner(expr.text);
      const step = value.traces.length > 0 ? this.step(expr, `assigned to \`${expr.text}\``) : void 0;
      const stepped = step ? mapTraces(value, (trace) => withStep(trace, step, true)) : value;
      const old = owner?.vars.get(expr.text);
      const next = this.conditional > 0 && old ? { ...union(old, stepped), props: stepped.props ?? old.props, fn: stepped.fn ?? old.fn, qname: stepped.qname ?? old.qname } : stepped;
      (owner ?? this.scope).vars.set(expr.text, next);
      for (let scope = this.scope; scope; scope = scope.parent) {
        for (const key of [...scope.narrow.keys()]) if (key === expr.text || key.startsWith(`${expr.text}.`)) scope.narrow.delete(key);
        if (scope.isFunction) break;
      }
      return;
    }
    if (import_typescript4.default.isObjectLiteralExpression(expr) || import_typescript4.default.isArrayLiteralExpression(expr)) {
      const elements = import_typescript4.default.isArrayLiteralExpression(expr) ? expr.elements : [];
      for (const element of elements) this.assign(import_typescript4.default.isSpreadElement(element) ? element.expression : element, this.member(value, "[]", element));
      if (import_typescript4.default.isObjectLiteralExpression(expr)) {
        for (const property of expr.properties) {
          const key = propertyNameText(property.name);
          if (import_typescript4.default.isShorthandPropertyAssignment(property)) this.assign(property.name, this.member(value, property.name.text, property));
          else if (import_typescript4.default.isPropertyAssignment(property) && key !== void 0) this.assign(property.initializer, this.member(value, key, property));
        }
      }
      return;
    }
    const member = memberName(expr);
    if (member !== void 0 && (import_typescript4.default.isPropertyAccessExpression(expr) || import_typescript4.default.isElementAccessExpression(expr))) {
      const base = unwrapExpression(expr.expression);
      if (import_typescript4.default.isIdentifier(base)) {
        const owner = this.scope.owner(base.text);
        const old = owner?.vars.get(base.text);
        if (owner && old) {
          const props = new Map(old.props ?? []);
          props.set(member, this.conditional > 0 && props.get(member) ? union(props.get(member), value) : value);
          owner.vars.set(base.text, { ...old, props });
        } else if (value.traces.length > 0) {
          this.scope.vars.set(base.text, { traces: [], props: /* @__PURE__ */ new Map([[member, value]]) });
        }
      }
    }
  }
  // ---------------------------------------------------------------------------
  // Expressions
  // ---------------------------------------------------------------------------
  evaluate(node) {
    this.solver.tick();
    const value = this.evaluateInner(node);
    const sites = this.module.siteScan.sites.get(node);
    if (sites) for (const site of sites) this.checkSink(site, value, node);
    return value;
  }
  evaluateInner(node) {
    if (import_typescript4.default.isParenthesizedExpression(node) || import_typescript4.default.isAsExpression(node) || import_typescript4.default.isNonNullExpression(node) || import_typescript4.default.isSatisfiesExpression(node) || import_typescript4.default.isTypeAssertionExpression(node)) return this.evaluate(node.expression);
    if (import_typescript4.default.isAwaitExpression(node)) return this.evaluate(node.expression);
    if (import_typescript4.default.isIdentifier(node)) return this.narrowed(node, this.identifier(node));
    if (import_typescript4.default.isStringLiteral(node) || import_typescript4.default.isNoSubstitutionTemplateLiteral(node) || import_typescript4.default.isNumericLiteral(node) || import_typescript4.default.isRegularExpressionLiteral(node)) return { traces: [], isConstant: true };
    if (node.kind === import_typescript4.default.SyntaxKind.TrueKeyword || node.kind === import_typescript4.default.SyntaxKind.FalseKeyword || node.kind === import_typescript4.default.SyntaxKind.NullKeyword) return { traces: [], isConstant: true };
    if (node.kind === import_typescript4.default.SyntaxKind.ThisKeyword) return this.scope.lookup("this") ?? EMPTY;
    if (import_typescript4.default.isPropertyAccessExpression(node) || import_typescript4.default.isElementAccessExpression(node)) {
      const object = this.evaluate(node.expression);
      if (import_typescript4.default.isElementAccessExpression(node) && memberName(node) === void 0) this.evaluate(node.argumentExpression);
      const name = memberName(node) ?? "[]";
      return this.narrowed(node, this.member(object, name, node));
    }
    if (import_typescript4.default.isTemplateExpression(node)) {
      let prefix = node.head.text;
      const parts = node.templateSpans.map((span) => {
        let value = this.materialise(this.evaluate(span.expression), span.expression);
        if (value.traces.length > 0 && FIXED_URL_PREFIX.test(prefix)) value = this.afterFixedHost(value, node);
        else if (value.traces.length > 0 && FIXED_HOST_ONLY.test(prefix)) value = this.afterFixedHost(value, node, true);
        prefix += (value.traces.length > 0 ? TAINTED_MARK : this.leadingText(span.expression) ?? UNKNOWN_MARK) + span.literal.text;
        return value;
      });
      const step = this.step(node, "template string");
      return { traces: mergeTraces(...parts.map((part) => part.traces)).map((trace) => withStep(trace, step)) };
    }
    if (import_typescript4.default.isTaggedTemplateExpression(node)) {
      if (import_typescript4.default.isTemplateExpression(node.template)) for (const span of node.template.templateSpans) this.evaluate(span.expression);
      return EMPTY;
    }
    if (import_typescript4.default.isBinaryExpression(node)) return this.binary(node);
    if (import_typescript4.default.isConditionalExpression(node)) {
      this.evaluate(node.condition);
      const condition = this.condition(node.condition);
      let whenTrue = EMPTY;
      let whenFalse = EMPTY;
      this.conditional++;
      try {
        this.inBlock(() => whenTrue = this.evaluate(node.whenTrue), condition.whenTrue);
        this.inBlock(() => whenFalse = this.evaluate(node.whenFalse), condition.whenFalse);
      } finally {
        this.conditional--;
      }
      const joined = union(whenTrue, whenFalse);
      return { ...joined, props: whenTrue.props ?? whenFalse.props, fn: whenTrue.fn ?? whenFalse.fn };
    }
    if (import_typescript4.default.isObjectLiteralExpression(node)) return this.objectLiteral(node);
    if (import_typescript4.default.isArrayLiteralExpression(node)) {
      const parts = node.elements.map((element) => import_typescript4.default.isSpreadElement(element) ? this.member(this.evaluate(element.expression), "[]", element) : this.evaluate(element));
      const value = union(...parts);
      return { traces: value.traces, isConstant: parts.every((part) => part.isConstant) };
    }
    if (import_typescript4.default.isArrowFunction(node) || import_typescript4.default.isFunctionExpression(node)) return { traces: [], fn: { node, module: this.module, closure: this.scope } };
    if (import_typescript4.default.isCallExpression(node) || import_typescript4.default.isNewExpression(node)) return this.call(node);
    if (import_typescript4.default.isSpreadElement(node)) return this.evaluate(node.expression);
    if (import_typescript4.default.isPrefixUnaryExpression(node) || import_typescript4.default.isPostfixUnaryExpression(node)) {
      this.evaluate(node.operand);
      return EMPTY;
    }
    if (import_typescript4.default.isTypeOfExpression(node) || import_typescript4.default.isVoidExpression(node) || import_typescript4.default.isDeleteExpression(node)) {
      this.evaluate(node.expression);
      return EMPTY;
    }
    if (import_typescript4.default.isClassExpression(node)) return EMPTY;
    import_typescript4.default.forEachChild(node, (child) => {
      if (import_typescript4.default.isExpression(child)) this.evaluate(child);
    });
    return EMPTY;
  }
  identifier(node) {
    const local = this.scope.lookup(node.text);
    if (local) return local;
    return this.moduleValue(node.text);
  }
  /** A file-level name: a function, a module binding, a relative import or a constant. */
  moduleValue(name) {
    const module2 = this.module;
    const cached = module2.moduleValues.get(name);
    if (cached && cached !== "pending") return cached;
    if (cached === "pending") return EMPTY;
    const scan = module2.scan;
    let value = EMPTY;
    const fn = scan.functions.get(name);
    const bound = scan.bindings.get(name);
    const relative = scan.relativeBindings.get(name);
    const constant = scan.constants.get(name);
    if (fn) value = { traces: [], fn: { node: fn, module: module2 } };
    else if (relative) value = { traces: [], importRef: { ...relative, module: module2 } };
    else if (bound) value = { traces: [], qname: bound };
    else if (constant) {
      module2.moduleValues.set(name, "pending");
      const initial = unwrapExpression(constant);
      const constantValue = this.evaluateModuleConstant(initial);
      value = { ...constantValue, traces: [] };
    } else if (!scan.localNames.has(name)) value = { traces: [], qname: { module: "", members: [name] } };
    module2.moduleValues.set(name, value);
    return value;
  }
  evaluateModuleConstant(node) {
    const schema = this.schemaOf(node, 0);
    if (schema) return { traces: [], schema };
    const name = qualifiedNameOf(this.module.scan, node);
    if (name && name.module !== "") return { traces: [], qname: name };
    if (import_typescript4.default.isArrayLiteralExpression(node) || import_typescript4.default.isStringLiteral(node) || import_typescript4.default.isNumericLiteral(node) || import_typescript4.default.isRegularExpressionLiteral(node)) return { traces: [], isConstant: true };
    if (import_typescript4.default.isNewExpression(node) && import_typescript4.default.isIdentifier(node.expression) && node.expression.text === "Set") return { traces: [], isConstant: true };
    if (import_typescript4.default.isObjectLiteralExpression(node)) return { traces: [], isConstant: true };
    return { traces: [], isConstant: true };
  }
  narrowed(node, value) {
    if (value.traces.length === 0 && !value.props) return value;
    if (!this.solver.hasNarrowings) return value;
    const key = refKey(node);
    if (!key) return value;
    let narrowing;
    const parts = key.split(".");
    for (let length = 1; length <= parts.length; length++) {
      const found = this.scope.narrowing(parts.slice(0, length).join("."));
      if (found) narrowing = narrowing ? { mask: narrowing.mask | found.mask, guards: [...narrowing.guards, ...found.guards], viaThrow: false } : found;
    }
    if (!narrowing) return value;
    const applied = narrowing;
    return mapTraces(value, (trace) => ({ ...trace, cut: trace.cut | applied.mask, guards: [...trace.guards, ...applied.guards] }));
  }
  /** Reading `name` from a value: event fields become sources here. */
  member(value, name, node) {
    if (value.props?.has(name)) return value.props.get(name);
    if (value.schema && name !== "[]") {
      const field = value.schema.fields?.get(name);
      return field ? { traces: [], schema: field } : EMPTY;
    }
    if (value.traces.length === 0) return value.qname && name !== "[]" ? { traces: [], qname: { module: value.qname.module, members: [...value.qname.members, name] } } : EMPTY;
    const location = this.module.location(node);
    const traces = [];
    for (const trace of value.traces) {
      const next = this.extend(trace, name, location);
      if (next) traces.push(next);
    }
    const qname = value.qname && name !== "[]" ? { module: value.qname.module, members: [...value.qname.members, name] } : void 0;
    if (traces.length === 0 && !qname) return EMPTY;
    return { traces, qname };
  }
  extend(trace, name, location) {
    if (trace.origin === "source" && name === CUSTOM_RESOURCE_RESPONSE_URL && !CALLER_WRITTEN_TRIGGERS.has(this.mode.trigger)) return void 0;
    if (trace.origin !== "event" && (trace.origin === "source" || trace.path.length >= MAX_PATH)) return trace.at === location && !trace.isRootedPath ? trace : { ...trace, at: location, isRootedPath: trace.origin === "param" ? trace.isRootedPath : void 0 };
    const path2 = [...trace.path, name];
    if (trace.origin !== "event") return { ...trace, path: path2, at: location };
    const verdict = classifyEventPath(path2, this.mode.trigger);
    if (verdict.verdict === "trusted") return void 0;
    if (verdict.verdict === "container") return { ...trace, path: path2, at: location };
    const sourceId = this.solver.addSource(verdict.kind ?? "event", formatEventPath(path2), location, this.mode.handler);
    return { origin: "source", sourceId, path: path2, steps: void 0, cut: trace.cut, guards: trace.guards, at: location, ...verdict.startsWithSlash && { isRootedPath: true } };
  }
  /** The whole event (or a container in it) used as data: a source of kind `event` unless the trigger's metadata is trusted. */
  materialise(value, node) {
    if (!value.traces.some((trace) => trace.origin === "event")) return value;
    const traces = [];
    for (const trace of value.traces) {
      if (trace.origin !== "event") {
        traces.push(trace);
        continue;
      }
      if (isTrustedByDefault(this.mode.trigger)) continue;
      const location = trace.path.length === 0 ? this.module.location(node) : trace.at;
      const sourceId = this.solver.addSource("event", formatEventPath(trace.path), location, this.mode.handler);
      traces.push({ ...trace, origin: "source", sourceId, steps: void 0 });
    }
    return { ...value, traces };
  }
  binary(node) {
    const operator = node.operatorToken.kind;
    if (operator === import_typescript4.default.SyntaxKind.EqualsToken) {
      const value = this.evaluate(node.right);
      let bound = value;
      const inner = unwrapExpression(node.right);
      if ((import_typescript4.default.isArrowFunction(inner) || import_typescript4.default.isFunctionExpression(inner)) && !bound.fn) bound = { ...bound, fn: { node: inner, module: this.module, closure: this.scope } };
      this.assign(node.left, bound);
      return value;
    }
    if (operator === import_typescript4.default.SyntaxKind.PlusEqualsToken) {
      const left2 = this.evaluate(node.left);
      const right2 = this.materialise(this.evaluate(node.right), node.right);
      const step = right2.traces.length > 0 ? this.step(node, "string concatenation") : void 0;
      const joined = union(left2, mapTraces(right2, (trace) => withStep(trace, step)));
      const key = refKey(node.left);
      if (key && !key.includes(".")) {
        const owner = this.scope.owner(key);
        (owner ?? this.scope).vars.set(key, joined);
      }
      return joined;
    }
    const left = this.evaluate(node.left);
    const right = this.evaluate(node.right);
    switch (operator) {
      case import_typescript4.default.SyntaxKind.PlusToken: {
        const parts = [this.materialise(left, node.left), this.materialise(right, node.right)];
        const leading = parts[1].traces.length > 0 && left.traces.length === 0 ? this.leadingText(node.left) ?? "" : "";
        if (FIXED_URL_PREFIX.test(leading)) parts[1] = this.afterFixedHost(parts[1], node);
        else if (FIXED_HOST_ONLY.test(leading)) parts[1] = this.afterFixedHost(parts[1], node, true);
        if (!parts.some((part) => part.traces.length > 0)) return EMPTY;
        const step = this.step(node, "string concatenation");
        return { traces: mergeTraces(parts[0].traces, parts[1].traces).map((trace) => withStep(trace, step)) };
      }
      case import_typescript4.default.SyntaxKind.BarBarToken:
      case import_typescript4.default.SyntaxKind.QuestionQuestionToken:
      case import_typescript4.default.SyntaxKind.AmpersandAmpersandToken: {
        const joined = union(left, right);
        return { ...joined, props: left.props ?? right.props, fn: left.fn ?? right.fn, qname: left.qname ?? right.qname, schema: left.schema ?? right.schema };
      }
      case import_typescript4.default.SyntaxKind.CommaToken:
        return right;
      default:
        return EMPTY;
    }
  }
  /** The text an untainted string expression starts with, unknown parts as UNKNOWN_MARK; undefined when nothing is known. */
  leadingText(node, depth = 0) {
    const expr = unwrapExpression(node);
    if (depth > 4) return void 0;
    if (import_typescript4.default.isStringLiteral(expr) || import_typescript4.default.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
    if (import_typescript4.default.isTemplateExpression(expr)) return expr.head.text + (expr.templateSpans.length > 0 ? UNKNOWN_MARK : "");
    if (import_typescript4.default.isBinaryExpression(expr) && expr.operatorToken.kind === import_typescript4.default.SyntaxKind.PlusToken) {
      const left = this.leadingText(expr.left, depth + 1);
      return left === void 0 ? void 0 : left + (this.leadingText(expr.right, depth + 1) ?? UNKNOWN_MARK);
    }
    if (import_typescript4.default.isIdentifier(expr) && !this.scope.lookup(expr.text)) {
      const constant = this.module.scan.constants.get(expr.text);
      if (constant) return this.leadingText(constant, depth + 1) ?? UNKNOWN_MARK;
    }
    return UNKNOWN_MARK;
  }
  /** Input after a fixed host; with `onlyRootedPaths` (nothing after the host yet), only request paths, whose `/` ends the host. */
  afterFixedHost(value, node, onlyRootedPaths = false) {
    if (onlyRootedPaths && !allTraces(value).some((trace) => trace.isRootedPath)) return value;
    const mask = maskOf(["url", "redirect"]);
    const guard = this.solver.addGuard("fixed-url-prefix", "URL with a fixed host", this.module.location(node), mask, onlyRootedPaths ? "the input is a request path, which starts with `/`, right after the host: it cannot change the host" : void 0);
    return mapTraces(value, (trace) => onlyRootedPaths && !trace.isRootedPath ? trace : { ...trace, cut: trace.cut | mask, guards: [...trace.guards, guard] });
  }
  objectLiteral(node) {
    const props = /* @__PURE__ */ new Map();
    let traces = [];
    for (const property of node.properties) {
      if (import_typescript4.default.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.expression);
        if (spread.props) for (const [key2, inner] of spread.props) props.set(key2, inner);
        traces = mergeTraces(traces, spread.traces);
        continue;
      }
      const key = propertyNameText(property.name);
      if (import_typescript4.default.isComputedPropertyName(property.name)) this.evaluate(property.name.expression);
      let value = EMPTY;
      if (import_typescript4.default.isPropertyAssignment(property)) value = this.evaluate(property.initializer);
      else if (import_typescript4.default.isShorthandPropertyAssignment(property)) value = this.evaluate(property.name);
      else if (import_typescript4.default.isMethodDeclaration(property)) value = { traces: [], fn: { node: property, module: this.module, closure: this.scope } };
      if (key !== void 0) props.set(key, value);
      else traces = mergeTraces(traces, value.traces);
    }
    return { traces, props };
  }
  // ---------------------------------------------------------------------------
  // Calls
  // ---------------------------------------------------------------------------
  call(node) {
    const callee = unwrapExpression(node.expression);
    const loaded = import_typescript4.default.isCallExpression(node) && (import_typescript4.default.isIdentifier(callee) && callee.text === "require" || callee.kind === import_typescript4.default.SyntaxKind.ImportKeyword) ? node.arguments[0] : void 0;
    if (loaded) {
      const name2 = qualifiedNameOf(this.module.scan, node);
      if (name2) return { traces: [], qname: name2 };
      if (import_typescript4.default.isStringLiteral(loaded)) return { traces: [], importRef: { specifier: loaded.text, imported: "*", module: this.module } };
      return EMPTY;
    }
    let receiver;
    let method;
    let calleeValue;
    if ((import_typescript4.default.isPropertyAccessExpression(callee) || import_typescript4.default.isElementAccessExpression(callee)) && memberName(callee) !== void 0) {
      receiver = this.evaluate(callee.expression);
      method = memberName(callee);
      if (!receiver.schema && receiver.qname && CHAIN_SCHEMA_LIBRARIES.has(receiver.qname.module)) {
        const schema = this.schemaOf(callee.expression, 0);
        if (schema) receiver = { traces: receiver.traces, schema };
      }
      calleeValue = receiver.props?.get(method) ?? (receiver.qname ? { traces: [], qname: { module: receiver.qname.module, members: [...receiver.qname.members, method] } } : EMPTY);
    } else calleeValue = this.evaluate(callee);
    const argNodes = node.arguments ? [...node.arguments] : [];
    const args = argNodes.map((arg) => this.evaluate(arg));
    const name = this.qualifiedName(callee, receiver, method, calleeValue);
    const location = this.module.location(node);
    const label = name ? describeQualifiedName(name) : this.text(callee);
    if (method && receiver && ELEMENT_CALLBACK_METHODS.has(method) && args[0]?.fn) {
      const element = this.member(receiver, "[]", callee);
      const step = this.step(argNodes[0], `element in \`.${method}\` callback`);
      const stepped = mapTraces(element, (trace) => withStep(trace, step));
      const callbackArgs = method.startsWith("reduce") ? [args[1] ?? EMPTY, stepped] : [stepped];
      const returned = this.invoke(args[0].fn, callbackArgs, argNodes[0]);
      if (method === "map" || method === "flatMap" || method.startsWith("reduce")) return returned;
      if (RETURNS_ELEMENTS.has(method)) return receiver;
      return EMPTY;
    }
    if (name) {
      const special = this.modelledCall(node, name, args, argNodes, receiver, location, label);
      if (special) return special;
    }
    if (method && receiver && PROPAGATING_METHODS.has(method) && (receiver.traces.length > 0 || receiver.props)) {
      const step = this.step(callee, `\`.${method}()\``);
      if ((method === "replace" || method === "replaceAll") && argNodes[0] && import_typescript4.default.isRegularExpressionLiteral(argNodes[0]) && isStrictDeletion(argNodes[0].text, argNodes[1])) {
        const guard = this.solver.addGuard("escape", argNodes[0].text, location, ALL);
        return { traces: allTraces(receiver).map((trace) => ({ ...withStep(trace, step), cut: ALL, guards: [...trace.guards, guard] })) };
      }
      if (method === "then" && args[0]?.fn) return this.invoke(args[0].fn, [receiver], argNodes[0]);
      const extra = ["concat", "replace", "replaceAll", "padStart", "padEnd"].includes(method) ? args.map((arg, index) => this.materialise(arg, argNodes[index])) : [];
      const base = this.materialise({ traces: allTraces(receiver) }, callee);
      return { traces: mergeTraces(base.traces, ...extra.map((arg) => arg.traces)).map((trace) => withStep(trace, step)) };
    }
    const target = calleeValue.fn;
    if (target) return this.invoke(target, args, node, label, argNodes);
    if (calleeValue.importRef) {
      const summary = this.importedSummary(calleeValue.importRef.specifier, calleeValue.importRef.imported);
      if (summary) return this.instantiate(summary, args, argNodes, label, node);
    }
    if (receiver?.importRef && method) {
      const summary = this.importedSummary(receiver.importRef.specifier, method);
      if (summary) return this.instantiate(summary, args, argNodes, label, node);
    }
    args.forEach((arg, index) => {
      if (arg.fn && arg.fn.closure) this.invoke(arg.fn, [], argNodes[index]);
    });
    if (name && name.module !== "") return { traces: [], qname: { module: name.module, members: [...name.members, "()"] } };
    return EMPTY;
  }
  qualifiedName(callee, receiver, method, calleeValue) {
    if (receiver?.qname && method) return { module: receiver.qname.module, members: [...receiver.qname.members, method] };
    if (receiver?.schema && method) return { module: "#schema", members: [method] };
    if (calleeValue.qname) return calleeValue.qname;
    if (import_typescript4.default.isIdentifier(callee) && !this.scope.lookup(callee.text)) return qualifiedNameOf(this.module.scan, callee);
    return void 0;
  }
  /** Calls the tables model: sanitizers, propagators, schema parsing, promisify. */
  modelledCall(node, name, args, argNodes, receiver, location, label) {
    const argsTraces = () => mergeTraces(...args.map((arg, index) => this.materialise({ traces: allTraces(arg) }, argNodes[index]).traces));
    if (name.module === "util" && name.members.join(".") === "promisify") return args[0] ?? EMPTY;
    for (const model of SANITIZERS) {
      if (!matchesModel(name, model.modules, model.methods) && !(name.module === "" && model.methods.includes(name.members[0]) && model.modules.includes(""))) continue;
      const mask = maskOf(model.cuts);
      const guard = this.solver.addGuard(model.kind, model.library, location, mask);
      return { traces: argsTraces().map((trace) => ({ ...trace, cut: trace.cut | mask, guards: [...trace.guards, guard] })) };
    }
    const global = name.module === "" ? name.members.join(".") : void 0;
    const isPropagator = global !== void 0 && PROPAGATING_GLOBALS.has(global) || PROPAGATING_MODULE_FUNCTIONS.some((model) => matchesModel(name, model.modules, model.methods));
    if (isPropagator) {
      const step = { location, description: `\`${label}\`` };
      const traces = argsTraces().map((trace) => withStep(trace, step));
      if (global === "Object.assign" || global === "structuredClone" || global === "Promise.resolve") {
        const props = /* @__PURE__ */ new Map();
        for (const arg of args) if (arg.props) for (const [key, inner] of arg.props) props.set(key, inner);
        return { traces: mergeTraces(...args.map((arg) => arg.traces)).map((trace) => withStep(trace, step)), props: props.size > 0 ? props : void 0 };
      }
      return { traces };
    }
    if (receiver?.schema && /^(parse|parseAsync|safeParse|safeParseAsync|validate|validateAsync|validateSync|cast|attempt)$/.test(name.members[name.members.length - 1] ?? "")) {
      const method = name.members[name.members.length - 1];
      const input = args[0] ?? EMPTY;
      const parsed = this.applySchema(receiver.schema, input, location, node);
      if (method.startsWith("safeParse")) return { traces: [], props: /* @__PURE__ */ new Map([["data", parsed], ["success", EMPTY], ["error", EMPTY]]) };
      if (receiver.schema.library.includes("joi") && method === "validate") return { traces: [], props: /* @__PURE__ */ new Map([["value", parsed], ["error", EMPTY]]) };
      return parsed;
    }
    if (CHAIN_SCHEMA_LIBRARIES.has(name.module)) {
      const schema = this.schemaOf(node, 0);
      if (schema) return { traces: [], schema };
      const schemaArg = argNodes[1] && this.schemaOf(argNodes[1], 0);
      if (schemaArg && /^(attempt|assert)$/.test(name.members[name.members.length - 1] ?? "")) return this.applySchema(schemaArg, args[0] ?? EMPTY, location, node);
    }
    if (isOpaqueSchemaModule(name.module) || receiver?.qname && isOpaqueSchemaModule(receiver.qname.module)) {
      const method = name.members[name.members.length - 1] ?? "";
      if (/^(parse|create|mask|Parse|Decode|Clean|Cast|plainToInstance|plainToClass|coerce)$/.test(method)) {
        const guard = this.solver.addGuard("schema", name.module, location, ALL, "schema not inspected; assumed to constrain every field");
        return { traces: argsTraces().map((trace) => ({ ...trace, cut: ALL, guards: [...trace.guards, guard] })) };
      }
    }
    return void 0;
  }
  /** Runs a function value: inline when it closes over this analysis, through its summary otherwise. */
  invoke(target, args, site, label, argNodes) {
    if (target.closure && this.depth < MAX_INLINE_DEPTH) {
      const steppedArgs = label && argNodes ? args.map((arg, index) => mapTraces(arg, (trace) => withStep(trace, this.step(argNodes[index], `argument ${index + 1} of \`${label}\``), true))) : args;
      const inner = new _FunctionAnalysis(this.solver, target.module, target.node, this.mode, target.closure, this.depth + 1, this.summaryDepth);
      const returned = inner.run(steppedArgs);
      for (const hit of inner.sinkHits) this.sinkHits.push(hit);
      return label ? mapTraces(returned, (trace) => withStep(trace, this.step(site, `returned from \`${label}\``), true)) : returned;
    }
    if (target.closure) return EMPTY;
    const summary = this.summary(target);
    if (!summary) return EMPTY;
    return this.instantiate(summary, args, argNodes ?? [], label ?? "callback", site);
  }
  summaryFor(call) {
    const callee = unwrapExpression(call.expression);
    if (import_typescript4.default.isIdentifier(callee)) {
      const local = this.scope.lookup(callee.text);
      const value = local ?? this.moduleValue(callee.text);
      if (value.fn && !value.fn.closure) return this.summary(value.fn);
      if (value.fn?.closure) {
        return this.summary({ node: value.fn.node, module: value.fn.module });
      }
      if (value.importRef) return this.importedSummary(value.importRef.specifier, value.importRef.imported);
    }
    return void 0;
  }
  summary(target) {
    const module2 = target.module;
    const cached = module2.summaries.get(target.node);
    if (cached === "pending") return void 0;
    if (cached) return cached;
    if (this.summaryDepth >= MAX_SUMMARY_DEPTH) return void 0;
    module2.summaries.set(target.node, "pending");
    const mode = { ...this.mode, mode: "summary" };
    const analysis = new _FunctionAnalysis(this.solver, module2, target.node, mode, void 0, 0, this.summaryDepth + 1);
    const params = target.node.parameters.map((_, index) => ({ traces: [{ origin: "param", param: index, path: [], steps: void 0, cut: 0, guards: [], at: module2.location(target.node), isRootedPath: true }] }));
    const returns = analysis.run(params);
    const summary = { returns, sinkHits: analysis.sinkHits, asserts: analysis.asserts() };
    const body = target.node.body;
    const returned = body && !import_typescript4.default.isBlock(body) ? body : body && import_typescript4.default.isBlock(body) && body.statements.length > 0 && import_typescript4.default.isReturnStatement(body.statements[body.statements.length - 1]) ? body.statements[body.statements.length - 1].expression : void 0;
    if (returned) {
      const condition = analysis.condition(returned);
      const toParams = (items) => items.flatMap((item) => {
        const mapped = analysis.keyToParam(item.key);
        return mapped ? [{ ...mapped, narrowing: item.narrowing }] : [];
      });
      summary.predicate = { whenTrue: toParams(condition.whenTrue), whenFalse: toParams(condition.whenFalse) };
    }
    module2.summaries.set(target.node, summary);
    return summary;
  }
  importedSummary(specifier, imported) {
    const module2 = this.solver.importedModule(this.module, specifier, this.mode.scanModule);
    if (!module2) return void 0;
    const entry = module2.scan.exports.find((candidate) => candidate.name === imported) ?? (imported === "*" ? void 0 : void 0);
    if (!entry) return void 0;
    const resolved = resolveFunction(module2.scan, entry.node);
    if (!resolved) return void 0;
    return this.summary({ node: resolved.fn, module: module2 });
  }
  /** A summary applied at a call: parameter traces become the arguments' traces, with the call's steps. */
  instantiate(summary, args, argNodes, label, site) {
    const argStep = (index) => this.step(argNodes[index] ?? site, `argument ${index + 1} of \`${label}\``);
    const substitute = (trace) => {
      if (trace.origin !== "param") return [trace];
      let value = args[trace.param ?? 0] ?? EMPTY;
      value = mapTraces(value, (inner) => withStep(inner, argStep(trace.param ?? 0), true));
      for (const segment of trace.path) value = this.member(value, segment, argNodes[trace.param ?? 0] ?? site);
      return allTraces(value).map((inner) => {
        const out = { ...inner, steps: appendSteps(inner.steps, trace.steps) };
        return { ...out, cut: out.cut | trace.cut, guards: [...out.guards, ...trace.guards], isRootedPath: inner.isRootedPath && trace.isRootedPath || void 0 };
      });
    };
    for (const hit of summary.sinkHits) {
      for (const trace of substitute(hit.trace)) this.reportTrace(trace, hit.sinkId);
    }
    const returnStep = this.step(site, `returned from \`${label}\``);
    const mapValue = (value, depth) => {
      const traces = mergeTraces(...value.traces.map(substitute)).map((trace) => withStep(trace, returnStep, true));
      const props = value.props && depth < 3 ? new Map([...value.props].map(([key, inner]) => [key, mapValue(inner, depth + 1)])) : void 0;
      return { traces, props, fn: value.fn, qname: value.qname, schema: value.schema };
    };
    return mapValue(summary.returns, 0);
  }
  // ---------------------------------------------------------------------------
  // Sinks
  // ---------------------------------------------------------------------------
  checkSink(site, value, node) {
    const sinkId = this.solver.sinkId(this.module, site);
    let checked = value;
    if (site.properties) {
      const parts = site.properties.map((property) => value.props ? value.props.get(property) ?? EMPTY : { traces: value.traces });
      checked = union(...parts);
    } else checked = { traces: allTraces(value) };
    if (site.kind === "code-eval" && value.fn) return;
    checked = this.materialise(checked, node);
    for (const trace of checked.traces) this.reportTrace(trace, sinkId);
  }
  reportTrace(trace, sinkId) {
    const sink = this.solver.document.sinks[sinkId];
    const bit = 1 << SINK_KINDS.indexOf(sink.kind);
    if (trace.origin === "param") {
      if ((trace.cut & bit) === 0) this.sinkHits.push({ trace, sinkId });
      return;
    }
    if (trace.origin !== "source" || trace.sourceId === void 0) return;
    if ((trace.cut & bit) !== 0) {
      this.solver.recordCut(trace.guards, trace.sourceId, sinkId);
      return;
    }
    const assumption = this.mode.trigger === "unknown" ? "trigger unknown: every event field except requestContext is treated as untrusted" : void 0;
    this.solver.addFlow(trace.sourceId, sinkId, this.mode.handler, [...stepsToArray(trace.steps), { location: sink.argumentLocation, description: `reaches \`${sink.callee}\`` }], assumption, trace.guards);
  }
  // ---------------------------------------------------------------------------
  // Guards
  // ---------------------------------------------------------------------------
  condition(node) {
    const none = { whenTrue: [], whenFalse: [] };
    const expr = unwrapExpression(node);
    if (import_typescript4.default.isPrefixUnaryExpression(expr) && expr.operator === import_typescript4.default.SyntaxKind.ExclamationToken) {
      const inner = this.condition(expr.operand);
      return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
    }
    if (import_typescript4.default.isBinaryExpression(expr)) {
      const operator = expr.operatorToken.kind;
      if (operator === import_typescript4.default.SyntaxKind.AmpersandAmpersandToken) {
        const left = this.condition(expr.left);
        const right = this.condition(expr.right);
        const whenFalse = left.whenFalse.flatMap((one) => right.whenFalse.filter((other) => other.key === one.key).map((other) => ({ key: one.key, narrowing: { mask: one.narrowing.mask & other.narrowing.mask, guards: [...one.narrowing.guards, ...other.narrowing.guards], viaThrow: false } })));
        return { whenTrue: [...left.whenTrue, ...right.whenTrue], whenFalse: whenFalse.filter((entry) => entry.narrowing.mask !== 0) };
      }
      if (operator === import_typescript4.default.SyntaxKind.BarBarToken) {
        const left = this.condition(expr.left);
        const right = this.condition(expr.right);
        return { whenTrue: [], whenFalse: [...left.whenFalse, ...right.whenFalse] };
      }
      const isEqual = operator === import_typescript4.default.SyntaxKind.EqualsEqualsEqualsToken || operator === import_typescript4.default.SyntaxKind.EqualsEqualsToken;
      const isNotEqual = operator === import_typescript4.default.SyntaxKind.ExclamationEqualsEqualsToken || operator === import_typescript4.default.SyntaxKind.ExclamationEqualsToken;
      if (isEqual || isNotEqual) {
        const flip = (result) => isEqual ? result : { whenTrue: result.whenFalse, whenFalse: result.whenTrue };
        for (const [a, b] of [[expr.left, expr.right], [expr.right, expr.left]]) {
          const left = unwrapExpression(a);
          const right = unwrapExpression(b);
          if (import_typescript4.default.isTypeOfExpression(left) && import_typescript4.default.isStringLiteral(right)) {
            const key = refKey(left.expression);
            if (!key) continue;
            const mask = ["number", "boolean", "undefined", "bigint"].includes(right.text) ? ALL : 0;
            const guard = this.solver.addGuard("typeof", `typeof === '${right.text}'`, this.module.location(expr), mask, mask === 0 ? `a ${right.text} can still carry input` : void 0);
            return flip({ whenTrue: [{ key, narrowing: { mask, guards: [guard], viaThrow: false } }], whenFalse: [] });
          }
          const isTrustedName = (import_typescript4.default.isIdentifier(right) || import_typescript4.default.isPropertyAccessExpression(right)) && !refKey(left)?.startsWith(this.text(right)) && this.evaluate(right).traces.length === 0 && this.isDeclaredName(right);
          if ((import_typescript4.default.isStringLiteral(right) || import_typescript4.default.isNumericLiteral(right) || import_typescript4.default.isNoSubstitutionTemplateLiteral(right) || isTrustedName) && refKey(left)) {
            const guard = this.solver.addGuard("equality", "comparison with a constant", this.module.location(expr), ALL);
            return flip({ whenTrue: [{ key: refKey(left), narrowing: { mask: ALL, guards: [guard], viaThrow: false } }], whenFalse: [] });
          }
          if (import_typescript4.default.isCallExpression(left) && import_typescript4.default.isPropertyAccessExpression(left.expression) && left.expression.name.text === "indexOf" && import_typescript4.default.isPrefixUnaryExpression(right) && right.operator === import_typescript4.default.SyntaxKind.MinusToken) {
            const inner = this.allowList(left, left.expression.expression, left.arguments[0]);
            return flip({ whenTrue: inner.whenFalse, whenFalse: inner.whenTrue });
          }
        }
        return none;
      }
      if ((operator === import_typescript4.default.SyntaxKind.GreaterThanToken || operator === import_typescript4.default.SyntaxKind.GreaterThanEqualsToken) && import_typescript4.default.isCallExpression(unwrapExpression(expr.left))) {
        const call = unwrapExpression(expr.left);
        if (import_typescript4.default.isPropertyAccessExpression(call.expression) && call.expression.name.text === "indexOf") return this.allowList(call, call.expression.expression, call.arguments[0]);
      }
      if (operator === import_typescript4.default.SyntaxKind.InKeyword) return this.allowList(expr, expr.right, expr.left);
      return none;
    }
    if (import_typescript4.default.isCallExpression(expr)) {
      const callee = unwrapExpression(expr.expression);
      if (import_typescript4.default.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        if (method === "includes" || method === "has") return this.allowList(expr, callee.expression, expr.arguments[0]);
        if (method === "startsWith" && expr.arguments[0]) {
          const contained = this.pathContainment(expr, callee.expression);
          if (contained) return contained;
        }
        if (method === "test" && expr.arguments[0]) {
          const pattern = this.regexPattern(callee.expression);
          const key = refKey(expr.arguments[0]);
          if (pattern !== void 0 && key) {
            const anchored = isAnchoredRegex(pattern);
            const guard = this.solver.addGuard("regex-test", `/${pattern.length > 40 ? `${pattern.slice(0, 37)}...` : pattern}/`, this.module.location(expr), anchored ? ALL : 0, anchored ? void 0 : "the pattern is not anchored at both ends, so it proves nothing about the rest of the value");
            return { whenTrue: [{ key, narrowing: { mask: anchored ? ALL : 0, guards: [guard], viaThrow: false } }], whenFalse: [] };
          }
        }
      }
      const name = qualifiedNameOf(this.module.scan, expr.expression);
      if (name) {
        const global = name.module === "" ? name.members.join(".") : "";
        if ((global === "isNaN" || global === "Number.isNaN") && expr.arguments[0]) {
          const key = refKey(expr.arguments[0]);
          if (key) {
            const guard = this.solver.addGuard("number-check", global, this.module.location(expr), ALL);
            return { whenTrue: [], whenFalse: [{ key, narrowing: { mask: ALL, guards: [guard], viaThrow: false } }] };
          }
        }
        for (const model of PREDICATES) {
          if (!matchesModel(name, model.modules, model.methods)) continue;
          const key = expr.arguments[model.argument] && refKey(expr.arguments[model.argument]);
          if (!key) continue;
          const mask = maskOf(model.cuts);
          const guard = this.solver.addGuard(model.kind, model.library, this.module.location(expr), mask);
          return { whenTrue: [{ key, narrowing: { mask, guards: [guard], viaThrow: false } }], whenFalse: [] };
        }
        const modules = [name.module];
        if (modules.some(isOpaqueSchemaModule) && /^(compile\(\)|validate|Check|is|Validate)$/.test(name.members.slice(-2).join("") === "compile()" ? "compile()" : name.members[name.members.length - 1] ?? "")) {
          const keys = expr.arguments.map((arg) => refKey(arg)).filter((key) => !!key);
          if (keys.length > 0) {
            const guard = this.solver.addGuard("schema", name.module, this.module.location(expr), ALL, "schema not inspected; assumed to constrain every field");
            return { whenTrue: keys.map((key) => ({ key, narrowing: { mask: ALL, guards: [guard], viaThrow: false } })), whenFalse: [] };
          }
        }
      }
      const summary = this.summaryFor(expr);
      if (summary?.predicate) {
        const toKeys = (items) => items.flatMap((item) => {
          const arg = expr.arguments[item.param];
          const key = arg && refKey(arg);
          return key ? [{ key: [key, ...item.path].join("."), narrowing: item.narrowing }] : [];
        });
        return { whenTrue: toKeys(summary.predicate.whenTrue), whenFalse: toKeys(summary.predicate.whenFalse) };
      }
    }
    return none;
  }
  /**
   * `resolved.startsWith(BASE)` where `resolved` was declared in the same function as `path.resolve(...)`,
   * `path.normalize(...)` or `path.join(...)`: those remove `..`, so a prefix check on the result keeps the
   * path inside BASE. A prefix check on the raw input proves nothing (`/data/../etc` starts with `/data`).
   */
  pathContainment(node, receiver) {
    const target = unwrapExpression(receiver);
    if (!import_typescript4.default.isIdentifier(target)) return void 0;
    const prefix = this.evaluate(node.arguments[0]);
    if (prefix.traces.length > 0) return void 0;
    let scope = node.parent;
    while (scope && !import_typescript4.default.isFunctionLike(scope) && !import_typescript4.default.isSourceFile(scope)) scope = scope.parent;
    if (!scope) return void 0;
    let isNormalised = false;
    const visit = (child) => {
      if (isNormalised) return;
      if (import_typescript4.default.isVariableDeclaration(child) && import_typescript4.default.isIdentifier(child.name) && child.name.text === target.text && child.initializer && import_typescript4.default.isCallExpression(unwrapExpression(child.initializer))) {
        const name = qualifiedNameOf(this.module.scan, unwrapExpression(child.initializer).expression);
        if (name && name.module === "path" && ["resolve", "normalize", "join"].includes(name.members[name.members.length - 1] ?? "")) isNormalised = true;
      }
      if (!import_typescript4.default.isFunctionLike(child)) import_typescript4.default.forEachChild(child, visit);
    };
    import_typescript4.default.forEachChild(scope, visit);
    if (!isNormalised) return void 0;
    const mask = maskOf(["path"]);
    const guard = this.solver.addGuard("allow-list", `${target.text}.startsWith(...) after path normalisation`, this.module.location(node), mask, "a prefix check on a normalised path keeps it inside the prefix");
    return { whenTrue: [{ key: target.text, narrowing: { mask, guards: [guard], viaThrow: false } }], whenFalse: [] };
  }
  /** A module constant or `process.env.X`: not `undefined`, which any missing field equals. */
  isDeclaredName(node) {
    if (import_typescript4.default.isIdentifier(node)) return node.text !== "undefined" && (this.module.scan.constants.has(node.text) || this.module.scan.localNames.has(node.text));
    return /^process\.env\./.test(this.text(node));
  }
  allowList(node, collection, item) {
    const key = item && refKey(item);
    if (!key) return { whenTrue: [], whenFalse: [] };
    const set = this.evaluate(collection);
    if (set.traces.length > 0) return { whenTrue: [], whenFalse: [] };
    const guard = this.solver.addGuard("allow-list", this.text(collection), this.module.location(node), ALL);
    return { whenTrue: [{ key, narrowing: { mask: ALL, guards: [guard], viaThrow: false } }], whenFalse: [] };
  }
  regexPattern(node) {
    let expr = unwrapExpression(node);
    if (import_typescript4.default.isIdentifier(expr)) expr = this.module.scan.constants.get(expr.text) ?? expr;
    expr = unwrapExpression(expr);
    if (import_typescript4.default.isRegularExpressionLiteral(expr)) return expr.text.slice(1, expr.text.lastIndexOf("/"));
    if (import_typescript4.default.isNewExpression(expr) && import_typescript4.default.isIdentifier(expr.expression) && expr.expression.text === "RegExp" && expr.arguments?.[0] && import_typescript4.default.isStringLiteral(expr.arguments[0])) return expr.arguments[0].text;
    return void 0;
  }
  // ---------------------------------------------------------------------------
  // Schemas (zod, joi, yup read field by field)
  // ---------------------------------------------------------------------------
  schemaOf(node, depth) {
    if (depth > 24) return void 0;
    const expr = unwrapExpression(node);
    if (import_typescript4.default.isIdentifier(expr)) {
      const local = this.scope.lookup(expr.text);
      if (local?.schema) return local.schema;
      const constant = this.module.scan.constants.get(expr.text);
      return constant && constant !== node ? this.schemaOf(constant, depth + 1) : void 0;
    }
    if (!import_typescript4.default.isCallExpression(expr)) return void 0;
    const callee = unwrapExpression(expr.expression);
    if (!import_typescript4.default.isPropertyAccessExpression(callee)) return void 0;
    const method = callee.name.text;
    const base = callee.expression;
    const rootName = qualifiedNameOf(this.module.scan, base);
    const isRoot = rootName && CHAIN_SCHEMA_LIBRARIES.has(rootName.module) && (rootName.members.length === 0 || rootName.members.length === 1 && ["z", "default", "coerce", "Joi"].includes(rootName.members[0]) || rootName.members.length === 2 && rootName.members[1] === "coerce");
    if (isRoot) {
      const library = rootName.module;
      const prefix = rootName.members.includes("coerce") ? "coerce." : "";
      if (method === "object") {
        const fields = /* @__PURE__ */ new Map();
        const shape = expr.arguments[0] && unwrapExpression(expr.arguments[0]);
        if (shape && import_typescript4.default.isObjectLiteralExpression(shape)) {
          for (const property of shape.properties) {
            const key = propertyNameText(property.name);
            if (key === void 0 || !import_typescript4.default.isPropertyAssignment(property)) continue;
            fields.set(key, this.schemaOf(property.initializer, depth + 1) ?? { library, type: "free" });
          }
        }
        return { library, type: "object", fields, keepsUnknown: library !== "zod" && !shape };
      }
      if (method === "array") {
        const element = expr.arguments[0] ? this.schemaOf(expr.arguments[0], depth + 1) : void 0;
        return { library, type: "array", element: element ?? { library, type: "free" } };
      }
      if (method === "string") return { library, type: "string", location: this.module.location(expr) };
      if (STRICT_SCHEMA_ROOTS.has(prefix + method) || STRICT_SCHEMA_ROOTS.has(method) || STRING_REFINEMENTS[method] === "strict") return { library, type: "strict" };
      if (STRING_REFINEMENTS[method] === "url") return { library, type: "string", refinement: "url", location: this.module.location(expr) };
      return { library, type: "free", location: this.module.location(expr) };
    }
    const inner = this.schemaOf(base, depth + 1);
    if (!inner) return void 0;
    if (method === "passthrough" || method === "unknown" || method === "catchall" || method === "noUnknown") return { ...inner, keepsUnknown: method !== "noUnknown" };
    if ((method === "extend" || method === "keys" || method === "shape") && inner.type === "object") {
      const shape = expr.arguments[0] && unwrapExpression(expr.arguments[0]);
      const fields = new Map(inner.fields);
      if (shape && import_typescript4.default.isObjectLiteralExpression(shape)) {
        for (const property of shape.properties) {
          const key = propertyNameText(property.name);
          if (key !== void 0 && import_typescript4.default.isPropertyAssignment(property)) fields.set(key, this.schemaOf(property.initializer, depth + 1) ?? { library: inner.library, type: "free" });
        }
      }
      return { ...inner, fields, keepsUnknown: method === "keys" ? false : inner.keepsUnknown };
    }
    if (inner.type === "string" && STRING_REFINEMENTS[method]) {
      return { ...inner, refinement: combineRefinements(inner.refinement, STRING_REFINEMENTS[method]), location: this.module.location(expr) };
    }
    if (inner.type === "string" && (method === "refine" || method === "test" || method === "custom")) {
      const checked = this.allowListCallback(expr.arguments);
      if (checked) return { ...inner, refinement: combineRefinements(inner.refinement, checked), location: this.module.location(expr) };
    }
    if (method === "valid" || method === "oneOf" || method === "allow" && inner.type === "free") return method === "allow" ? inner : { library: inner.library, type: "strict" };
    return inner;
  }
  /**
   * A refinement callback `(value) => <check>` whose check is an allow-list (`ALLOWED.includes(x)`, `SET.has(x)`,
   * `x === 'a'`, an anchored regex test, or several joined by `||`/`&&`): `strict` when it checks the value itself,
   * `host` when it checks the host of `new URL(value)`. Anything else proves nothing here.
   */
  allowListCallback(args) {
    const callback = args.map((arg) => unwrapExpression(arg)).find((arg) => import_typescript4.default.isArrowFunction(arg) || import_typescript4.default.isFunctionExpression(arg));
    const parameter = callback?.parameters[0]?.name;
    if (!callback || !parameter || !import_typescript4.default.isIdentifier(parameter)) return void 0;
    let body;
    if (!import_typescript4.default.isBlock(callback.body)) body = callback.body;
    else if (callback.body.statements.length === 1 && import_typescript4.default.isReturnStatement(callback.body.statements[0])) body = callback.body.statements[0].expression;
    if (!body) return void 0;
    const subject = (node) => {
      const expr = unwrapExpression(node);
      if (import_typescript4.default.isIdentifier(expr)) return expr.text === parameter.text ? "strict" : void 0;
      if (import_typescript4.default.isPropertyAccessExpression(expr) && ["hostname", "host", "origin"].includes(expr.name.text)) {
        const base = unwrapExpression(expr.expression);
        if (import_typescript4.default.isNewExpression(base) && import_typescript4.default.isIdentifier(base.expression) && base.expression.text === "URL" && base.arguments?.[0] && subject(base.arguments[0]) === "strict") return "host";
      }
      return void 0;
    };
    const isConstant = (node) => {
      const expr = unwrapExpression(node);
      if (import_typescript4.default.isStringLiteral(expr) || import_typescript4.default.isNoSubstitutionTemplateLiteral(expr) || import_typescript4.default.isArrayLiteralExpression(expr)) return !expr.getText(this.module.scan.sourceFile).includes(parameter.text);
      return import_typescript4.default.isIdentifier(expr) && expr.text !== parameter.text && (this.module.scan.constants.has(expr.text) || this.module.scan.localNames.has(expr.text));
    };
    const check = (node) => {
      const expr = unwrapExpression(node);
      if (import_typescript4.default.isBinaryExpression(expr)) {
        const operator = expr.operatorToken.kind;
        if (operator === import_typescript4.default.SyntaxKind.BarBarToken) {
          const left = check(expr.left);
          const right = check(expr.right);
          return left && right ? left === "strict" && right === "strict" ? "strict" : "host" : void 0;
        }
        if (operator === import_typescript4.default.SyntaxKind.AmpersandAmpersandToken) {
          const left = check(expr.left);
          const right = check(expr.right);
          return left === "strict" || right === "strict" ? "strict" : left ?? right;
        }
        if (operator === import_typescript4.default.SyntaxKind.EqualsEqualsEqualsToken || operator === import_typescript4.default.SyntaxKind.EqualsEqualsToken) {
          if (isConstant(expr.right)) return subject(expr.left);
          if (isConstant(expr.left)) return subject(expr.right);
        }
        return void 0;
      }
      if (import_typescript4.default.isCallExpression(expr) && import_typescript4.default.isPropertyAccessExpression(expr.expression) && expr.arguments[0]) {
        const method = expr.expression.name.text;
        if ((method === "includes" || method === "has") && isConstant(expr.expression.expression)) return subject(expr.arguments[0]);
        if (method === "test") {
          const pattern = this.regexPattern(expr.expression.expression);
          if (pattern !== void 0 && isAnchoredRegex(pattern)) return subject(expr.arguments[0]);
        }
      }
      return void 0;
    };
    return check(body);
  }
  applySchema(schema, input, location, node) {
    const free = [];
    let cutEverywhere = ALL;
    const guardId = this.solver.addGuard("schema", schema.library, location, 0);
    const apply = (shape, value, path2) => {
      switch (shape.type) {
        case "strict":
          this.solver.noteGuardCut(guardId, ALL);
          return mapTraces(value, (trace) => ({ ...trace, cut: ALL, guards: [...trace.guards, guardId] }));
        case "string": {
          if (shape.refinement === "strict") {
            this.solver.noteGuardCut(guardId, ALL);
            return mapTraces({ traces: allTraces(value) }, (trace) => ({ ...trace, cut: ALL, guards: [...trace.guards, guardId] }));
          }
          const isUrl = shape.refinement === "url";
          const mask = isUrl ? maskOf(URL_LIKE_CUTS) : shape.refinement === "host" ? maskOf(HOST_CUTS) : 0;
          const traces = allTraces(value);
          if (traces.length === 0) return { traces };
          free.push(`${path2 || "value"}${isUrl ? " (url)" : ""}`);
          cutEverywhere &= mask;
          this.solver.noteGuardCut(guardId, mask);
          const fieldGuard = shape.location ? this.solver.addGuard("schema", schema.library, location, mask, isUrl ? "accepts any URL: it checks the format, not the host" : shape.refinement === "host" ? "checks the host against an allow-list; the rest of the value is free" : "accepts any string", shape.location) : guardId;
          return { traces: traces.map((trace) => ({ ...trace, cut: trace.cut | mask, guards: [...trace.guards, fieldGuard] })) };
        }
        case "object": {
          const props = /* @__PURE__ */ new Map();
          for (const [key, field] of shape.fields ?? []) props.set(key, apply(field, this.member(value, key, node), path2 ? `${path2}.${key}` : key));
          const traces = shape.keepsUnknown ? value.traces.map((trace) => ({ ...trace, guards: [...trace.guards, guardId] })) : [];
          if (traces.length > 0) cutEverywhere = 0;
          return { traces, props };
        }
        case "array": {
          const element = apply(shape.element ?? { library: shape.library, type: "free" }, this.member(value, "[]", node), `${path2}[]`);
          return { traces: element.traces, props: element.props };
        }
        case "free": {
          if (allTraces(value).length === 0) return value;
          free.push(path2 || "value");
          cutEverywhere = 0;
          const fieldGuard = shape.location ? this.solver.addGuard("schema", schema.library, location, 0, "accepts any value", shape.location) : guardId;
          return mapTraces(value, (trace) => ({ ...trace, guards: [...trace.guards, fieldGuard] }));
        }
      }
    };
    const result = apply(schema, input, "");
    const guard = this.solver.document.guards[guardId];
    guard.cuts = kindsOf(cutEverywhere);
    if (free.length > 0) guard.note = `free fields stay tainted: ${free.slice(0, 6).join(", ")}${free.length > 6 ? ", ..." : ""}`;
    return result;
  }
};

// server/src/engine/code/typescript/aws-call-resources.ts
var import_typescript5 = __toESM(require("typescript"));
var RESOURCE_PARAMETERS = /* @__PURE__ */ new Set([
  "TableName",
  "Bucket",
  "QueueUrl",
  "TopicArn",
  "TargetArn",
  "FunctionName",
  "SecretId",
  "Name",
  "Names",
  "Path",
  "stateMachineArn",
  "StateMachineArn",
  "EventBusName",
  "StreamName",
  "StreamARN",
  "DeliveryStreamName",
  "KeyId",
  "UserPoolId",
  "IndexName"
]);
function resourcesOfCall(scan, call, service, locate) {
  const input = call.arguments?.[0];
  const object = input ? objectLiteralOf(scan, input, 0) : void 0;
  if (!object) return [];
  const out = [];
  collectParameters(scan, object, /^S3\b/.test(service), locate, out, 0);
  return out;
}
function collectParameters(scan, object, isS3, locate, out, depth) {
  for (const property of object.properties) {
    const key = property.name ? propertyNameText(property.name) : void 0;
    const value = import_typescript5.default.isPropertyAssignment(property) ? property.initializer : import_typescript5.default.isShorthandPropertyAssignment(property) ? property.name : void 0;
    if (!value) continue;
    if (key && (RESOURCE_PARAMETERS.has(key) || isS3 && key === "Key")) {
      out.push({ parameter: key, value: resourceValueOf(scan, value, 0), location: locate(value) });
      continue;
    }
    if (depth >= 3) continue;
    const inner = unwrapExpression(value);
    if (key === "RequestItems" && import_typescript5.default.isObjectLiteralExpression(inner)) {
      for (const table of inner.properties) {
        if (!table.name) continue;
        const name = import_typescript5.default.isComputedPropertyName(table.name) ? table.name.expression : table.name;
        out.push({ parameter: "TableName", value: import_typescript5.default.isComputedPropertyName(table.name) ? resourceValueOf(scan, name, 0) : { kind: "literal", text: propertyNameText(table.name) ?? "" }, location: locate(name) });
      }
    } else if (import_typescript5.default.isObjectLiteralExpression(inner)) collectParameters(scan, inner, isS3, locate, out, depth + 1);
    else if (import_typescript5.default.isArrayLiteralExpression(inner)) {
      for (const element of inner.elements) {
        const entry = unwrapExpression(element);
        if (import_typescript5.default.isObjectLiteralExpression(entry)) collectParameters(scan, entry, isS3, locate, out, depth + 1);
      }
    }
  }
}
function resourceValueOf(scan, node, depth) {
  const expr = unwrapExpression(node);
  if (import_typescript5.default.isStringLiteral(expr) || import_typescript5.default.isNoSubstitutionTemplateLiteral(expr)) return { kind: "literal", text: expr.text };
  const env = environmentVariableOf(expr);
  if (env) return { kind: "env", variable: env };
  if (import_typescript5.default.isTemplateExpression(expr) && expr.templateSpans.length === 1) {
    const span = expr.templateSpans[0];
    const inner = depth < 3 ? resourceValueOf(scan, span.expression, depth + 1) : void 0;
    if (inner?.kind === "env" && inner.prefix === void 0 && inner.suffix === void 0) return { kind: "env", variable: inner.variable, ...expr.head.text ? { prefix: expr.head.text } : {}, ...span.literal.text ? { suffix: span.literal.text } : {} };
    if (inner?.kind === "literal") return { kind: "literal", text: expr.head.text + inner.text + span.literal.text };
    return { kind: "unknown" };
  }
  if (import_typescript5.default.isBinaryExpression(expr) && (expr.operatorToken.kind === import_typescript5.default.SyntaxKind.BarBarToken || expr.operatorToken.kind === import_typescript5.default.SyntaxKind.QuestionQuestionToken) && depth < 3) {
    const left = resourceValueOf(scan, expr.left, depth + 1);
    return left.kind === "env" ? left : { kind: "unknown" };
  }
  if (import_typescript5.default.isIdentifier(expr) && depth < 3) {
    const initializer = declarationOf(scan, expr);
    if (initializer === "process.env") return { kind: "env", variable: expr.text };
    if (initializer) return resourceValueOf(scan, initializer, depth + 1);
  }
  return { kind: "unknown" };
}
function isProcessEnv(expr) {
  return import_typescript5.default.isPropertyAccessExpression(expr) && expr.name.text === "env" && import_typescript5.default.isIdentifier(expr.expression) && expr.expression.text === "process";
}
function environmentVariableOf(expr) {
  if (!import_typescript5.default.isPropertyAccessExpression(expr) && !import_typescript5.default.isElementAccessExpression(expr)) return void 0;
  return isProcessEnv(unwrapExpression(expr.expression)) ? memberName(expr) : void 0;
}
function declarationOf(scan, use) {
  for (let scope = use.parent; scope; scope = scope.parent) {
    if (!import_typescript5.default.isBlock(scope) && !import_typescript5.default.isSourceFile(scope)) continue;
    for (const statement of scope.statements) {
      if (!import_typescript5.default.isVariableStatement(statement) || statement.pos > use.pos) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!declaration.initializer) continue;
        if (import_typescript5.default.isIdentifier(declaration.name) && declaration.name.text === use.text) return declaration.initializer;
        if (import_typescript5.default.isObjectBindingPattern(declaration.name) && isProcessEnv(unwrapExpression(declaration.initializer))) {
          if (declaration.name.elements.some((element) => import_typescript5.default.isIdentifier(element.name) && element.name.text === use.text && !element.propertyName)) return "process.env";
        }
      }
    }
  }
  const constant = scan.constants.get(use.text);
  return constant;
}
function callDetailsOf(scan, call, operation) {
  const method = operation.replace(/Command$/, "").toLowerCase();
  const first = call.arguments?.[0];
  if (!first) return void 0;
  if (method === "getsignedurl" || method === "getsignedurlpromise" || method === "waitfor") {
    const value = stringOf(scan, first, 0);
    if (value === void 0) return void 0;
    return method === "waitfor" ? { waiterState: value } : { signedOperation: value };
  }
  const input = objectLiteralOf(scan, first, 0);
  if (!input) return void 0;
  if (method === "executestatement") {
    const statement = propertyOf(input, "Statement");
    const text = statement && stringOf(scan, statement, 0);
    return text === void 0 ? void 0 : { statements: [text] };
  }
  if (method === "batchexecutestatement" || method === "executetransaction") {
    const list = propertyOf(input, method === "executetransaction" ? "TransactStatements" : "Statements");
    const items = list && arrayItemsOf(scan, list);
    if (!items || items.length === 0) return void 0;
    const statements = [];
    for (const item of items) {
      const object = objectLiteralOf(scan, item, 0);
      const statement = object && propertyOf(object, "Statement");
      const text = statement && stringOf(scan, statement, 0);
      if (text === void 0) return void 0;
      statements.push(text);
    }
    return { statements };
  }
  if (method === "transactwriteitems" || method === "transactwrite") {
    const list = propertyOf(input, "TransactItems");
    const items = list && arrayItemsOf(scan, list);
    if (!items || items.length === 0) return void 0;
    const kinds = /* @__PURE__ */ new Set();
    for (const item of items) {
      const object = objectLiteralOf(scan, item, 0);
      const kind = object?.properties.map((property) => property.name ? propertyNameText(property.name) : void 0).find((name) => name !== void 0 && TRANSACT_ITEM_KINDS.has(name));
      if (!kind) return void 0;
      kinds.add(kind);
    }
    return { transactItemKinds: [...kinds] };
  }
  return void 0;
}
var TRANSACT_ITEM_KINDS = /* @__PURE__ */ new Set(["Put", "Update", "Delete", "ConditionCheck"]);
function propertyOf(object, key) {
  for (const property of object.properties) {
    if (!property.name || propertyNameText(property.name) !== key) continue;
    if (import_typescript5.default.isPropertyAssignment(property)) return property.initializer;
    if (import_typescript5.default.isShorthandPropertyAssignment(property)) return property.name;
  }
  return void 0;
}
function arrayItemsOf(scan, node) {
  let expr = unwrapExpression(node);
  if (import_typescript5.default.isIdentifier(expr)) {
    const initializer = declarationOf(scan, expr);
    if (!initializer || initializer === "process.env") return void 0;
    expr = unwrapExpression(initializer);
  }
  if (!import_typescript5.default.isArrayLiteralExpression(expr) || expr.elements.some(import_typescript5.default.isSpreadElement)) return void 0;
  return [...expr.elements];
}
function stringOf(scan, node, depth) {
  const expr = unwrapExpression(node);
  if (import_typescript5.default.isStringLiteral(expr) || import_typescript5.default.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  if (import_typescript5.default.isIdentifier(expr) && depth < 2) {
    const initializer = declarationOf(scan, expr);
    return initializer && initializer !== "process.env" ? stringOf(scan, initializer, depth + 1) : void 0;
  }
  return void 0;
}
function objectLiteralOf(scan, node, depth) {
  const expr = unwrapExpression(node);
  if (import_typescript5.default.isObjectLiteralExpression(expr)) return expr;
  if (import_typescript5.default.isIdentifier(expr) && depth < 3) {
    const initializer = declarationOf(scan, expr);
    return initializer && initializer !== "process.env" ? objectLiteralOf(scan, initializer, depth + 1) : void 0;
  }
  return void 0;
}
function opaqueAwsCalls(scan, locate, recorded = /* @__PURE__ */ new Set()) {
  const out = [];
  const credentials = [];
  if (!scan.imports.some((entry) => entry.isRelative || entry.packageName !== void 0 && (entry.packageName === "aws-sdk" || entry.packageName.startsWith("aws-sdk/") || entry.packageName.startsWith("@aws-sdk/")))) return { opaque: out, credentials };
  const visit = (node) => {
    if (import_typescript5.default.isNewExpression(node) && isSdkClientConstruction(scan, node) && !isFollowedClient(node)) {
      out.push({ location: locate(node), reason: `\`${short(node.getText(scan.sourceFile))}\` is kept where its calls cannot be followed` });
    }
    if (import_typescript5.default.isCallExpression(node) && import_typescript5.default.isPropertyAccessExpression(node.expression) && node.expression.name.text === "promise" && node.arguments.length === 0) {
      const inner = unwrapExpression(node.expression.expression);
      if (import_typescript5.default.isCallExpression(inner) && !recorded.has(inner) && import_typescript5.default.isPropertyAccessExpression(inner.expression) && !qualifiedNameOf(scan, inner.expression)) {
        out.push({ location: locate(inner), reason: `\`${short(inner.getText(scan.sourceFile))}\` looks like an AWS SDK v2 call on a client that could not be resolved` });
      }
    }
    if ((import_typescript5.default.isNewExpression(node) || import_typescript5.default.isCallExpression(node)) && node.arguments?.length) {
      const name = qualifiedNameOf(scan, node.expression);
      if (name && (isSdkV3Module(name.module) || name.module === "aws-sdk" || name.module.startsWith("aws-sdk/"))) {
        const options = unwrapExpression(node.arguments[0]);
        const given = import_typescript5.default.isObjectLiteralExpression(options) ? options.properties.find((property) => property.name && CREDENTIAL_OPTIONS.has(propertyNameText(property.name) ?? "")) : void 0;
        if (given) credentials.push({ location: locate(given), reason: `\`${short(node.expression.getText(scan.sourceFile))}\` is given credentials of its own` });
      }
    }
    if (import_typescript5.default.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      if (import_typescript5.default.isPropertyAccessExpression(callee) && callee.name.text === "send" && node.arguments.length > 0) {
        const receiver = qualifiedNameOf(scan, callee.expression);
        const isClient = receiver && isSdkV3Module(receiver.module) && /^[A-Z]/.test(receiver.members[0] ?? "") && (receiver.members.length === 2 && receiver.members[1] === "()" || receiver.members.length === 3 && receiver.members[1] === "from" && receiver.members[2] === "()");
        if (isClient && !isVisibleCommand(scan, node.arguments[0], 0)) {
          out.push({ location: locate(node), reason: `\`${short(node.getText(scan.sourceFile))}\` sends a command built elsewhere` });
        }
      } else if (import_typescript5.default.isElementAccessExpression(callee) && memberName(callee) === void 0) {
        const receiver = qualifiedNameOf(scan, callee.expression);
        if (receiver && (receiver.module === "aws-sdk" || receiver.module.startsWith("aws-sdk/") || isSdkV3Module(receiver.module))) {
          out.push({ location: locate(node), reason: `\`${short(node.getText(scan.sourceFile))}\` calls an operation chosen at run time` });
        }
      }
    }
    import_typescript5.default.forEachChild(node, visit);
  };
  visit(scan.sourceFile);
  return { opaque: out, credentials };
}
var CREDENTIAL_OPTIONS = /* @__PURE__ */ new Set(["credentials", "accessKeyId", "secretAccessKey", "sessionToken"]);
function isSdkClientConstruction(scan, node) {
  const name = qualifiedNameOf(scan, node.expression);
  if (!name) return false;
  const last = name.members[name.members.length - 1] ?? "";
  if (isSdkV3Module(name.module)) return /^[A-Z]/.test(last) && !/Command$|Exception$/.test(last) && name.members.length === 1;
  if (name.module === "aws-sdk" || name.module.startsWith("aws-sdk/")) return /^[A-Z]/.test(name.members[0] ?? last) && !/^(Signers|Config|Credentials|Endpoint|HttpRequest|.*Credentials)$/.test(name.members[0] ?? last);
  return false;
}
function isFollowedClient(node) {
  let current = node;
  while (current.parent && (import_typescript5.default.isParenthesizedExpression(current.parent) || import_typescript5.default.isAsExpression(current.parent) || import_typescript5.default.isNonNullExpression(current.parent))) current = current.parent;
  const parent = current.parent;
  if (!parent) return false;
  if (import_typescript5.default.isVariableDeclaration(parent) && parent.initializer === current && import_typescript5.default.isIdentifier(parent.name)) return true;
  if ((import_typescript5.default.isCallExpression(parent) || import_typescript5.default.isNewExpression(parent)) && parent.arguments?.includes(current)) return true;
  if (import_typescript5.default.isPropertyAssignment(parent)) return true;
  return import_typescript5.default.isPropertyAccessExpression(parent) && parent.expression === current;
}
function isSdkV3Module(module2) {
  return module2.startsWith("@aws-sdk/client-") || module2 === "@aws-sdk/lib-dynamodb";
}
function isVisibleCommand(scan, node, depth) {
  const expr = unwrapExpression(node);
  if (import_typescript5.default.isNewExpression(expr)) {
    const name = qualifiedNameOf(scan, expr.expression);
    return !!name && isSdkV3Module(name.module) && /Command$/.test(name.members[name.members.length - 1] ?? "");
  }
  if (import_typescript5.default.isIdentifier(expr) && depth < 3) {
    const initializer = declarationOf(scan, expr);
    return !!initializer && initializer !== "process.env" && isVisibleCommand(scan, initializer, depth + 1);
  }
  if (import_typescript5.default.isConditionalExpression(expr)) return isVisibleCommand(scan, expr.whenTrue, depth + 1) && isVisibleCommand(scan, expr.whenFalse, depth + 1);
  return false;
}
function short(text) {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

// server/src/engine/code/typescript/facts.ts
var import_typescript6 = __toESM(require("typescript"));

// server/src/engine/secrets/secret-detection.ts
var TOKEN_SHAPES = [
  [/^(AKIA|ASIA)[A-Z0-9]{16}$/, "AWS access key id"],
  [/-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----/, "private key"],
  [/^(sk|rk)_live_[0-9A-Za-z]{16,}$/, "Stripe live secret key"],
  [/^gh[pousr]_[A-Za-z0-9]{36,}$/, "GitHub token"],
  [/^github_pat_[A-Za-z0-9_]{40,}$/, "GitHub token"],
  [/^xox[abposr]-[A-Za-z0-9-]{10,}$/, "Slack token"],
  [/^https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+$/, "Slack webhook URL"],
  [/^AIza[0-9A-Za-z_-]{35}$/, "Google API key"],
  [/^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/, "SendGrid API key"],
  [/^glpat-[A-Za-z0-9_-]{20,}$/, "GitLab token"],
  [/^npm_[A-Za-z0-9]{36}$/, "npm token"],
  [/^eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}$/, "JSON Web Token"],
  // A connection string with a literal password: scheme://user:password@host
  [/^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:(?!\$\{|\{\{)[^\s@/]{3,}@[^\s]+$/i, "connection string with a password"]
];
var SECRET_WORDS = /* @__PURE__ */ new Set(["password", "passwd", "pass", "pwd", "passphrase", "secret", "token", "apikey", "credential", "credentials", "dsn"]);
var SECRET_PAIRS = /* @__PURE__ */ new Set(["api key", "private key", "access key", "client secret", "signing key", "encryption key", "auth key", "session key", "secret key", "master key", "app key", "license key"]);
var POINTER_WORDS = /* @__PURE__ */ new Set(["arn", "name", "id", "ids", "path", "param", "parameter", "ssm", "url", "uri", "endpoint", "host", "region", "table", "bucket", "queue", "topic", "file", "header", "ttl", "expiry", "expires", "expiration", "length", "min", "max", "type", "enabled", "enable", "required", "policy", "version", "field", "location", "prefix", "suffix", "count", "timeout", "ref", "stage", "mode", "algorithm", "alg", "issuer", "audience", "scope", "scopes", "duration", "format", "size", "label", "source", "provider", "cache", "rotation", "days", "hours", "seconds", "minutes", "user", "username", "usage", "limit", "key"]);
var FIXTURE_WORDS = /* @__PURE__ */ new Set(["test", "tests", "testing", "example", "examples", "sample", "dummy", "fake", "mock"]);
var COMPOUND_ENDINGS = ["password", "passwd", "secret", "token", "apikey", "credentials", "credential"];
function compoundSecretWord(word) {
  return COMPOUND_ENDINGS.find((ending) => word.length > ending.length + 1 && word.endsWith(ending));
}
function wordsOf(name) {
  return name.split(/[_\-.\s/:]+|(?<=[a-z0-9])(?=[A-Z])/).map((word) => word.toLowerCase()).filter(Boolean);
}
var PLACEHOLDER = /x{4,}|\*{3,}|example|^<.*>$|^\$\{?[A-Z_]+\}?$|your[_-]?|change[_-]?me|replace|placeholder|dummy|redacted|^todo$|^fixme$|^(test|demo|sample)$/i;
function secretShapeOf(value) {
  for (const [pattern, kind] of TOKEN_SHAPES) if (pattern.test(value)) return kind;
  return void 0;
}
function secretNameKind(name) {
  const words = wordsOf(name);
  const secretWord = words.find((word) => SECRET_WORDS.has(word)) ?? words.slice(1).map((word, i) => `${words[i]} ${word}`).find((pair) => SECRET_PAIRS.has(pair)) ?? words.map(compoundSecretWord).find((word) => word !== void 0);
  if (!secretWord) return void 0;
  if (words.some((word) => FIXTURE_WORDS.has(word))) return void 0;
  const last = words[words.length - 1];
  if (POINTER_WORDS.has(last) && !SECRET_PAIRS.has(words.slice(-2).join(" "))) return void 0;
  return kindOfName(secretWord);
}
function isPlaceholderValue(value) {
  return PLACEHOLDER.test(value.trim());
}
function kindOfName(word) {
  if (word.startsWith("pass") || word === "pwd") return "password";
  if (word === "token") return "token";
  if (word === "apikey") return "key";
  if (word.includes("key")) return "key";
  if (word === "dsn") return "connection string";
  return "secret";
}
function looksLikeSecretValue(value) {
  if (value.length < 4) return false;
  if (/^(true|false|yes|no|on|off|null|none|undefined|enabled|disabled)$/i.test(value)) return false;
  if (/^\d{1,6}$/.test(value)) return false;
  if (/^arn:/.test(value)) return false;
  if (/\{\{resolve:/.test(value) || /\$\{/.test(value)) return false;
  if (/^\/[\w\-./]+$/.test(value)) return false;
  if (/^https?:\/\/[^@\s]+$/.test(value)) return false;
  if (PLACEHOLDER.test(value)) return false;
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(value)) return false;
  if (/^(abc123|123abc|(0?123456789?0?)|qwerty)$/i.test(value)) return false;
  return true;
}

// server/src/engine/code/typescript/facts.ts
var STRONG_SHAPES = /* @__PURE__ */ new Set(["AWS access key id", "private key", "Stripe live secret key", "GitHub token", "Slack token", "Slack webhook URL", "Google API key", "SendGrid API key", "GitLab token", "npm token"]);
var CREDENTIAL_HEADERS = /* @__PURE__ */ new Set(["authorization", "proxy-authorization", "x-api-key", "api-key", "apikey", "x-auth-token", "x-access-token", "x-amz-security-token", "private-token", "x-gitlab-token", "x-github-token"]);
var SENSITIVE_REQUEST_HEADERS = /* @__PURE__ */ new Set([...CREDENTIAL_HEADERS, "cookie"]);
var LOG_METHODS = /* @__PURE__ */ new Set(["log", "info", "debug", "warn", "warning", "error", "trace", "fatal", "critical", "silly", "verbose", "notice", "dir", "table"]);
var LOGGER_MODULES = /* @__PURE__ */ new Set(["@aws-lambda-powertools/logger", "pino", "winston", "bunyan", "lambda-log", "loglevel", "log4js", "@dazn/lambda-powertools-logger", "consola", "signale", "roarr"]);
var LOGGER_RECEIVER = /^(this\.)?_?(logger|log|LOGGER|LOG|Logger|Log)$/;
var HTTP_CLIENT_MODULES = /* @__PURE__ */ new Set(["node-fetch", "cross-fetch", "isomorphic-fetch", "axios", "got", "http", "https", "undici", "request", "request-promise", "request-promise-native", "superagent", "needle", "ky", "ws", "phin", "bent", "isomorphic-ws", "reconnecting-websocket", "socket.io-client", "make-fetch-happen", "ofetch"]);
var GLOBAL_HTTP = /* @__PURE__ */ new Set(["fetch", "WebSocket", "EventSource", "globalThis.fetch"]);
var URL_KEYS = /* @__PURE__ */ new Set(["url", "uri", "baseURL", "baseUrl", "prefixUrl", "endpoint", "href", "origin", "address"]);
var PROTECTS = /\b(bcrypt|bcryptjs|argon2|scrypt|scryptSync|createHash|createHmac|pbkdf2|pbkdf2Sync|createCipheriv|createCipher|encrypt\w*|\w*Encrypt\w*|hash\w*|\w*Hash|seal|secretbox|crypto_\w+|kms\w*)\s*[.(]/i;
var NOT_THE_SECRET_WORDS = /* @__PURE__ */ new Set(["hash", "hashed", "salt", "salted", "digest", "encrypted", "enc", "cipher", "ciphertext", "iv", "masked", "mask", "last4", "id", "ids", "type", "expiry", "expires", "expiration", "exp", "at", "date", "time", "ttl", "count", "length", "field", "name", "url", "hint", "required", "policy", "changed", "updated", "reset", "version", "enabled", "status", "arn", "key", "ref", "use", "set", "valid", "verified"]);
var HARMLESS_TOKEN_PREFIXES = /* @__PURE__ */ new Set(["device", "push", "fcm", "apns", "next", "pagination", "continuation", "page", "cursor", "idempotency", "registration", "notification", "csrf", "xsrf", "task", "sync", "client", "request", "execution", "callback", "resume", "wait"]);
var SECRET_SETTING_WORDS = /* @__PURE__ */ new Set(["iterations", "rounds", "strength", "complexity", "pattern", "regex", "rules", "lifetime", "validity", "refresh", "interval", "days", "generation", "rotation", "attempts", "retries"]);
function isSecretEnvName(name) {
  const words = wordsOf(name);
  return !!secretNameKind(name) && !SECRET_SETTING_WORDS.has(words[words.length - 1]);
}
var ERROR_PARAMETER = /^(err|error|exception|ex|caughtError|e)$/;
var RESPONSE_RECEIVER = /^(res|response|reply)$/;
function envRead(node) {
  const expr = import_typescript6.default.isExpression(node) ? unwrapExpression(node) : node;
  const isProcessEnv2 = (e) => import_typescript6.default.isPropertyAccessExpression(e) && e.name.text === "env" && import_typescript6.default.isIdentifier(e.expression) && e.expression.text === "process";
  if (isProcessEnv2(expr)) return "";
  if ((import_typescript6.default.isPropertyAccessExpression(expr) || import_typescript6.default.isElementAccessExpression(expr)) && isProcessEnv2(unwrapExpression(expr.expression))) return memberName(expr);
  return void 0;
}
function isStringLike(node) {
  return import_typescript6.default.isStringLiteral(node) || import_typescript6.default.isNoSubstitutionTemplateLiteral(node);
}
function outerOf(node) {
  let current = node;
  while (current.parent && (import_typescript6.default.isParenthesizedExpression(current.parent) || import_typescript6.default.isAsExpression(current.parent) || import_typescript6.default.isNonNullExpression(current.parent) || import_typescript6.default.isSatisfiesExpression(current.parent) || import_typescript6.default.isTypeAssertionExpression(current.parent))) current = current.parent;
  return current;
}
function short2(text, max = 60) {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}\u2026` : flat;
}
function isFunctionNode(node) {
  return import_typescript6.default.isFunctionDeclaration(node) || import_typescript6.default.isFunctionExpression(node) || import_typescript6.default.isArrowFunction(node) || import_typescript6.default.isMethodDeclaration(node);
}
function codeValueLooksSecret(name, value) {
  if (value.trim().split(/\s+/).length >= 3 || /[.!?:]\s*$/.test(value) || /:\s/.test(value)) return false;
  if (/^[A-Za-z][A-Za-z_-]*$/.test(value) && secretNameKind(value)) return false;
  if (/^[A-Za-z]{1,9}$/.test(value) || value.toLowerCase() === name.toLowerCase()) return false;
  if (/^(string|number|boolean|object|array|integer|text|hidden|bearer|basic|none|null)$/i.test(value)) return false;
  if (/^[A-Za-z_-]+(\.[A-Za-z_-]+)+$/.test(value)) return false;
  if (isPlaceholderValue(value)) return false;
  return true;
}
function connectionStringPassword(text) {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/$]{3,})@([^\s/:?]*)/i.exec(text);
  if (!match) return void 0;
  const [, password, host] = match;
  if (/^(password|passwd|pass|pwd|secret|changeme|admin|root|user|test)$/i.test(password) || isPlaceholderValue(password)) return void 0;
  if (isLocalHost(host)) return void 0;
  return password;
}
function isLocalHost(host) {
  const lower = host.toLowerCase().replace(/^\[|\]$/g, "");
  return lower === "localhost" || lower.endsWith(".localhost") || /^127\./.test(lower) || lower === "0.0.0.0" || lower === "::1" || /^169\.254\./.test(lower) || lower === "host.docker.internal" || lower.endsWith(".local") || lower.endsWith(".internal") || lower === "localstack" || /(^|\.)example\.(com|org|net)$/.test(lower) || /\.(test|example|invalid)$/.test(lower);
}
function collectCodeFacts(scan, handlers, document, locate) {
  const sourceFile = scan.sourceFile;
  const handlerOf = new Map(handlers.map((handler) => [handler.fn, handler.exportName]));
  const text = (node) => node.getText(sourceFile);
  const references = /* @__PURE__ */ new Map();
  const declarationsIn = /* @__PURE__ */ new Map();
  const assignments = /* @__PURE__ */ new Map();
  const collectReferences = (node) => {
    if (import_typescript6.default.isIdentifier(node)) {
      const list = references.get(node.text);
      if (list) list.push(node);
      else references.set(node.text, [node]);
      const parent = node.parent;
      if (parent && import_typescript6.default.isVariableDeclaration(parent) && parent.name === node && parent.initializer) {
        const fn = enclosingFunction(parent);
        let byName = declarationsIn.get(fn);
        if (!byName) declarationsIn.set(fn, byName = /* @__PURE__ */ new Map());
        const declarations = byName.get(node.text);
        if (declarations) declarations.push(parent);
        else byName.set(node.text, [parent]);
      } else if (parent && import_typescript6.default.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === import_typescript6.default.SyntaxKind.EqualsToken) {
        const assigned = assignments.get(node.text);
        if (assigned) assigned.push(parent.right);
        else assignments.set(node.text, [parent.right]);
      }
    }
    import_typescript6.default.forEachChild(node, collectReferences);
  };
  collectReferences(sourceFile);
  const classify = (node, scope, depth = 0) => {
    if (depth > 8) return void 0;
    const expr = unwrapExpression(node);
    const env = envRead(expr);
    if (env !== void 0) return env === "" ? "environment" : isSecretEnvName(env) ? "secret-env" : void 0;
    if (import_typescript6.default.isIdentifier(expr)) {
      if (scope.eventNames.has(expr.text)) return "event";
      if (scope.requestNames.has(expr.text)) return "request";
      return scope.aliases.get(expr.text);
    }
    if (import_typescript6.default.isPropertyAccessExpression(expr) || import_typescript6.default.isElementAccessExpression(expr)) {
      const name = memberName(expr);
      if (name === void 0) return void 0;
      const base = classify(expr.expression, scope, depth + 1);
      if (base === "event" || base === "request") {
        if (name === "body") return "body";
        if (name === "headers" || name === "multiValueHeaders") return "headers";
        return void 0;
      }
      if (base === "headers" && SENSITIVE_REQUEST_HEADERS.has(name.toLowerCase())) return "auth-header";
      return void 0;
    }
    if (import_typescript6.default.isCallExpression(expr)) {
      const callee = text(expr.expression);
      if (/^(JSON\.parse|parse|parseBody|safeParse|destr|Object\.assign)$/.test(callee) && expr.arguments.length > 0) {
        const kinds = expr.arguments.map((arg) => classify(arg, scope, depth + 1));
        return kinds.find((kind) => kind === "body");
      }
      return void 0;
    }
    if (import_typescript6.default.isBinaryExpression(expr) && (expr.operatorToken.kind === import_typescript6.default.SyntaxKind.BarBarToken || expr.operatorToken.kind === import_typescript6.default.SyntaxKind.QuestionQuestionToken)) return classify(expr.left, scope, depth + 1);
    if (import_typescript6.default.isConditionalExpression(expr)) return classify(expr.whenTrue, scope, depth + 1) ?? classify(expr.whenFalse, scope, depth + 1);
    return void 0;
  };
  const bindName = (name, init, scope) => {
    if (import_typescript6.default.isIdentifier(name)) {
      const kind2 = classify(init, scope);
      if (kind2) scope.aliases.set(name.text, kind2);
      else scope.aliases.delete(name.text);
      return;
    }
    if (!import_typescript6.default.isObjectBindingPattern(name)) return;
    const kind = classify(init, scope);
    for (const element of name.elements) {
      if (!import_typescript6.default.isIdentifier(element.name)) continue;
      const key = element.propertyName ? propertyNameText(element.propertyName) : element.name.text;
      if (key === void 0 || element.dotDotDotToken) continue;
      let elementKind;
      if (kind === "event" || kind === "request") elementKind = key === "body" ? "body" : key === "headers" || key === "multiValueHeaders" ? "headers" : void 0;
      else if (kind === "headers" && SENSITIVE_REQUEST_HEADERS.has(key.toLowerCase())) elementKind = "auth-header";
      else if (kind === "environment" && isSecretEnvName(key)) elementKind = "secret-env";
      if (elementKind) scope.aliases.set(element.name.text, elementKind);
    }
  };
  const objectOf = (node, depth = 0) => {
    if (!node || depth > 3) return void 0;
    const expr = unwrapExpression(node);
    if (import_typescript6.default.isObjectLiteralExpression(expr)) return expr;
    if (import_typescript6.default.isIdentifier(expr)) {
      const init = initializerOf(expr);
      return init ? objectOf(init, depth + 1) : void 0;
    }
    return void 0;
  };
  const initializerOf = (use) => {
    const useStart = use.getStart(sourceFile);
    let best;
    let bestStart = -1;
    for (const fn of /* @__PURE__ */ new Set([enclosingFunction(use), void 0])) {
      for (const declaration of declarationsIn.get(fn)?.get(use.text) ?? []) {
        const start = declaration.name.getStart(sourceFile);
        if (start > useStart) break;
        if (start > bestStart) {
          best = declaration;
          bestStart = start;
        }
      }
    }
    return best?.initializer;
  };
  const assignedTo = (use) => {
    const out = [];
    const initializer = initializerOf(use);
    if (initializer) out.push(initializer);
    out.push(...assignments.get(use.text) ?? []);
    return out;
  };
  const recordSecret = (literal, value) => {
    const holder = outerOf(literal);
    const parent = holder.parent;
    let name;
    let context = "literal";
    let envVariable;
    let bindingOf2 = holder;
    if (parent && import_typescript6.default.isBinaryExpression(parent) && parent.right === holder && (parent.operatorToken.kind === import_typescript6.default.SyntaxKind.BarBarToken || parent.operatorToken.kind === import_typescript6.default.SyntaxKind.QuestionQuestionToken)) {
      const env = envRead(parent.left);
      if (env) envVariable = env;
      bindingOf2 = outerOf(parent);
    }
    const bindingParent = bindingOf2.parent;
    if (bindingParent) {
      if (import_typescript6.default.isVariableDeclaration(bindingParent) && bindingParent.initializer === bindingOf2 && import_typescript6.default.isIdentifier(bindingParent.name)) {
        name = bindingParent.name.text;
        context = "variable";
      } else if (import_typescript6.default.isPropertyAssignment(bindingParent) && bindingParent.initializer === bindingOf2) {
        name = propertyNameText(bindingParent.name);
        context = name !== void 0 && CREDENTIAL_HEADERS.has(name.toLowerCase()) ? "header" : "property";
      } else if (import_typescript6.default.isBinaryExpression(bindingParent) && bindingParent.right === bindingOf2 && bindingParent.operatorToken.kind === import_typescript6.default.SyntaxKind.EqualsToken) {
        const left = unwrapExpression(bindingParent.left);
        name = import_typescript6.default.isIdentifier(left) ? left.text : memberName(left);
        context = "variable";
      } else if (import_typescript6.default.isParameter(bindingParent) && bindingParent.initializer === bindingOf2 && import_typescript6.default.isIdentifier(bindingParent.name)) {
        name = bindingParent.name.text;
        context = "parameter";
      } else if (import_typescript6.default.isBindingElement(bindingParent) && bindingParent.initializer === bindingOf2) {
        name = bindingParent.propertyName ? propertyNameText(bindingParent.propertyName) : import_typescript6.default.isIdentifier(bindingParent.name) ? bindingParent.name.text : void 0;
        context = "variable";
        const declaration = bindingParent.parent?.parent;
        if (name && declaration && import_typescript6.default.isVariableDeclaration(declaration) && declaration.initializer && envRead(declaration.initializer) === "") envVariable = name;
      } else if ((import_typescript6.default.isCallExpression(bindingParent) || import_typescript6.default.isNewExpression(bindingParent)) && bindingParent.arguments?.includes(bindingOf2)) {
        const callee = qualifiedNameOf(scan, bindingParent.expression);
        const index = bindingParent.arguments.indexOf(bindingOf2);
        const method = callee?.members[callee.members.length - 1];
        if (callee && index === 1 && (/^(jsonwebtoken|jws|jose)$/.test(callee.module) && /^(sign|verify)$/.test(method ?? "") || callee.module === "crypto" && method === "createHmac")) {
          name = callee.module === "crypto" ? "hmacKey" : "jwtSecret";
          context = "argument";
        }
      }
    }
    if (envVariable) context = "env-fallback";
    const trimmed = value.trim();
    let kind;
    let signal = "name";
    const shape = secretShapeOf(trimmed);
    if (shape && STRONG_SHAPES.has(shape) && !isPlaceholderValue(trimmed)) {
      kind = shape;
      signal = "shape";
    } else if (shape === "connection string with a password") {
      if (connectionStringPassword(trimmed)) {
        kind = shape;
        signal = "shape";
      }
    } else if (name !== void 0 || envVariable !== void 0) {
      let checked = trimmed;
      let bindingName = name ?? "";
      if (context === "header" && /^(proxy-)?authorization$/i.test(bindingName)) {
        const match = /^(bearer|basic|token|apikey|digest)\s+(\S+)$/i.exec(trimmed);
        checked = match ? match[2] : trimmed;
        bindingName = "authToken";
      }
      const nameKind = envVariable && secretNameKind(envVariable) || secretNameKind(bindingName) || (context === "argument" ? "key" : void 0);
      const valueOk = context === "argument" ? checked.length > 0 && !isPlaceholderValue(checked) : looksLikeSecretValue(checked) && codeValueLooksSecret(bindingName, checked);
      if (nameKind && valueOk) kind = nameKind;
    }
    if (!kind) return;
    const bound = envVariable ? `the fallback of \`process.env.${envVariable}\`` : context === "argument" ? `the key argument of \`${short2(text(outerOf(literal).parent.expression), 30)}\`` : name !== void 0 ? `\`${name}\` (${context})` : "a string literal";
    document.secrets.push({ kind, signal, context, name, envVariable, location: locate(literal), description: `hard-coded ${kind} in ${bound}` });
  };
  const checkTemplateHeadSecret = (template) => {
    const head = template.head.text;
    if (/:\/\/[^\s:/@]+:[^\s@/$]{3,}@$/.test(head) && connectionStringPassword(`${head}host`)) {
      document.secrets.push({ kind: "connection string with a password", signal: "shape", context: "literal", location: locate(template.head), description: "hard-coded connection string with a password in a template string" });
    }
  };
  const loggerOf = (call) => {
    const callee = call.expression;
    const name = qualifiedNameOf(scan, callee);
    if (name) {
      const members = name.members;
      const last = members[members.length - 1];
      if (name.module === "" && members.length === 2 && members[0] === "console" && LOG_METHODS.has(last)) return `console.${last}`;
      if (LOGGER_MODULES.has(name.module) && (LOG_METHODS.has(last) || members.length === 0)) return describeQualifiedName(name) || name.module;
    }
    if (import_typescript6.default.isPropertyAccessExpression(callee) && LOG_METHODS.has(callee.name.text) && LOGGER_RECEIVER.test(text(callee.expression))) return text(callee);
    return void 0;
  };
  const loggedData = (node, scope, out, depth = 0) => {
    if (depth > 6) return;
    const expr = unwrapExpression(node);
    const kind = classify(expr, scope);
    if (kind && kind !== "request") {
      out.push({ kind, node: expr });
      return;
    }
    if (import_typescript6.default.isCallExpression(expr) && /^(JSON\.stringify|util\.inspect|inspect|String)$/.test(text(expr.expression)) && expr.arguments[0]) loggedData(expr.arguments[0], scope, out, depth + 1);
    else if (import_typescript6.default.isTemplateExpression(expr)) for (const span of expr.templateSpans) loggedData(span.expression, scope, out, depth + 1);
    else if (import_typescript6.default.isBinaryExpression(expr) && expr.operatorToken.kind === import_typescript6.default.SyntaxKind.PlusToken) {
      loggedData(expr.left, scope, out, depth + 1);
      loggedData(expr.right, scope, out, depth + 1);
    } else if (import_typescript6.default.isObjectLiteralExpression(expr)) {
      for (const property of expr.properties) {
        if (import_typescript6.default.isPropertyAssignment(property)) loggedData(property.initializer, scope, out, depth + 1);
        else if (import_typescript6.default.isShorthandPropertyAssignment(property)) loggedData(property.name, scope, out, depth + 1);
        else if (import_typescript6.default.isSpreadAssignment(property)) loggedData(property.expression, scope, out, depth + 1);
      }
    } else if (import_typescript6.default.isArrayLiteralExpression(expr)) for (const element of expr.elements) loggedData(element, scope, out, depth + 1);
  };
  const LOG_WORDS = {
    event: "the whole event (headers with their tokens, the body)",
    headers: "the request headers (Authorization, cookies, API keys)",
    "auth-header": "a credential header",
    body: "the request body",
    "secret-env": "a secret from the environment",
    environment: "the whole environment (every secret the function is given)"
  };
  const checkLog = (call, scope) => {
    const logger = loggerOf(call);
    if (!logger) return;
    const found = [];
    for (const arg of call.arguments) loggedData(arg, scope, found);
    const seen = /* @__PURE__ */ new Set();
    for (const { kind, node } of found) {
      const what = short2(text(node), 50);
      if (seen.has(kind)) continue;
      seen.add(kind);
      document.logs.push({ kind, logger, what, handler: scope.handler, location: locate(node), description: `\`${logger}\` writes ${LOG_WORDS[kind]}: \`${what}\`` });
    }
  };
  const outgoingUse = (start, hops) => {
    let current = start;
    let key;
    for (let guard = 0; guard < 20; guard++) {
      const parent = current.parent;
      if (!parent) return void 0;
      if (import_typescript6.default.isParenthesizedExpression(parent) || import_typescript6.default.isAsExpression(parent) || import_typescript6.default.isNonNullExpression(parent) || import_typescript6.default.isAwaitExpression(parent) || import_typescript6.default.isArrayLiteralExpression(parent) || import_typescript6.default.isBinaryExpression(parent) && parent.operatorToken.kind === import_typescript6.default.SyntaxKind.PlusToken || import_typescript6.default.isConditionalExpression(parent) && parent.condition !== current) {
        current = parent;
      } else if (import_typescript6.default.isTemplateSpan(parent) && parent.expression === current) {
        current = parent.parent;
      } else if (import_typescript6.default.isTemplateExpression(parent) && parent.head === current) {
        current = parent;
      } else if (import_typescript6.default.isPropertyAssignment(parent) && parent.initializer === current) {
        const property = propertyNameText(parent.name);
        if (!property || !URL_KEYS.has(property)) return void 0;
        key = property;
        current = parent.parent;
      } else if (import_typescript6.default.isShorthandPropertyAssignment(parent) && URL_KEYS.has(parent.name.text)) {
        key = parent.name.text;
        current = parent.parent;
      } else if ((import_typescript6.default.isCallExpression(parent) || import_typescript6.default.isNewExpression(parent)) && parent.arguments?.includes(current)) {
        const name = qualifiedNameOf(scan, parent.expression);
        if (!name) return void 0;
        const described = describeQualifiedName(name);
        if (name.module === "" && GLOBAL_HTTP.has(name.members.join("."))) return described;
        if (HTTP_CLIENT_MODULES.has(name.module)) return described || name.module;
        if (key === "endpoint" && (name.module === "aws-sdk" || name.module.startsWith("aws-sdk/") || name.module.startsWith("@aws-sdk/"))) return `${described} endpoint`;
        return void 0;
      } else if (import_typescript6.default.isVariableDeclaration(parent) && parent.initializer === current && import_typescript6.default.isIdentifier(parent.name) && hops < 2) {
        for (const ref of references.get(parent.name.text) ?? []) {
          if (ref === parent.name) continue;
          const via = outgoingUse(ref, hops + 1);
          if (via) return via;
        }
        return void 0;
      } else return void 0;
    }
    return void 0;
  };
  const checkPlainUrl = (literal, urlText, rest) => {
    const match = /^(http|ws):\/\/([^/:?#\s]*)/i.exec(urlText);
    if (!match) return;
    const host = match[2];
    if (host === "" ? /localhost|127\.0\.0\.1|LAMBDA_RUNTIME|localstack|host\.docker|LOCAL/i.test(rest) : isLocalHost(host)) return;
    const via = outgoingUse(literal, 0);
    if (!via) return;
    const what = host ? `${match[1].toLowerCase()}://${host}` : `${match[1].toLowerCase()}://${short2(rest, 30)}`;
    document.insecureTransport.push({ kind: "plaintext-url", what, via, location: locate(literal), description: `\`${via}\` sends a request to \`${what}\` without TLS` });
  };
  const tlsDisabled = (node, what, via) => {
    document.insecureTransport.push({ kind: "tls-verification-disabled", what, via, location: locate(node), description: `certificate verification is off (\`${what}\`${via ? ` in \`${via}\`` : ""}): anyone on the network path can impersonate the server` });
  };
  const enclosingCallee = (node) => {
    for (let current = node.parent, depth = 0; current && depth < 6; current = current.parent, depth++) {
      if (import_typescript6.default.isCallExpression(current) || import_typescript6.default.isNewExpression(current)) {
        const name = qualifiedNameOf(scan, current.expression);
        return name ? describeQualifiedName(name) || short2(text(current.expression), 30) : short2(text(current.expression), 30);
      }
      if (import_typescript6.default.isStatement(current)) break;
    }
    return "";
  };
  const isErrorName = (identifier) => {
    for (let current = identifier.parent; current; current = current.parent) {
      if (import_typescript6.default.isCatchClause(current)) {
        const declared = current.variableDeclaration?.name;
        if (declared && import_typescript6.default.isIdentifier(declared) && declared.text === identifier.text) return true;
      }
      if (isFunctionNode(current)) {
        const index = current.parameters.findIndex((parameter) => import_typescript6.default.isIdentifier(parameter.name) && parameter.name.text === identifier.text);
        if (index < 0) continue;
        const call = current.parent;
        if (call && import_typescript6.default.isCallExpression(call) && import_typescript6.default.isPropertyAccessExpression(call.expression) && call.expression.name.text === "catch") return true;
        return index === 0 && identifier.text !== "e" && ERROR_PARAMETER.test(identifier.text);
      }
    }
    return false;
  };
  const leaks = (node, scope, out, depth = 0) => {
    if (depth > 6) return;
    const expr = unwrapExpression(node);
    if (import_typescript6.default.isIdentifier(expr)) {
      if (isErrorName(expr)) out.push({ kind: "error-object", node: expr });
      else {
        const kind = classify(expr, scope);
        if (kind === "secret-env" || kind === "environment") out.push({ kind: "secret", node: expr });
      }
      return;
    }
    const env = envRead(expr);
    if (env !== void 0) {
      if (env === "" || isSecretEnvName(env)) out.push({ kind: "secret", node: expr });
      return;
    }
    if (import_typescript6.default.isPropertyAccessExpression(expr)) {
      const base = unwrapExpression(expr.expression);
      if (expr.name.text === "stack" && (import_typescript6.default.isIdentifier(base) && (isErrorName(base) || /err|exception/i.test(base.text)) || import_typescript6.default.isNewExpression(base))) out.push({ kind: "stack-trace", node: expr });
      return;
    }
    if (import_typescript6.default.isCallExpression(expr)) {
      const callee = text(expr.expression);
      if (/^(JSON\.stringify|util\.inspect|inspect)$/.test(callee) && expr.arguments[0]) {
        const inner = unwrapExpression(expr.arguments[0]);
        if (import_typescript6.default.isIdentifier(inner) && isErrorName(inner) && expr.arguments[1] && /getOwnPropertyNames/.test(text(expr.arguments[1]))) out.push({ kind: "stack-trace", node: expr });
        else leaks(expr.arguments[0], scope, out, depth + 1);
      }
      return;
    }
    if (import_typescript6.default.isTemplateExpression(expr)) for (const span of expr.templateSpans) leaks(span.expression, scope, out, depth + 1);
    else if (import_typescript6.default.isBinaryExpression(expr) && expr.operatorToken.kind === import_typescript6.default.SyntaxKind.PlusToken) {
      leaks(expr.left, scope, out, depth + 1);
      leaks(expr.right, scope, out, depth + 1);
    } else if (import_typescript6.default.isObjectLiteralExpression(expr)) {
      for (const property of expr.properties) {
        if (import_typescript6.default.isPropertyAssignment(property)) leaks(property.initializer, scope, out, depth + 1);
        else if (import_typescript6.default.isShorthandPropertyAssignment(property)) leaks(property.name, scope, out, depth + 1);
        else if (import_typescript6.default.isSpreadAssignment(property)) leaks(property.expression, scope, out, depth + 1);
      }
    } else if (import_typescript6.default.isConditionalExpression(expr)) {
      leaks(expr.whenTrue, scope, out, depth + 1);
      leaks(expr.whenFalse, scope, out, depth + 1);
    }
  };
  const LEAK_WORDS = { "error-object": "a raw error object", "stack-trace": "a stack trace", secret: "a secret" };
  const recordLeaks = (value, scope, where) => {
    const found = [];
    leaks(value, scope, found);
    for (const { kind, node } of found) {
      const what = short2(text(node), 50);
      document.responseLeaks.push({ kind, what, handler: scope.handler, location: locate(node), description: `${where} returns ${LEAK_WORDS[kind]} to the caller: \`${what}\`` });
    }
  };
  const keysOf = (object) => new Set(object.properties.map((property) => propertyNameText(property.name)).filter((key) => key !== void 0));
  const storeOf = (property, object) => {
    const keys = keysOf(object);
    const parentKey = import_typescript6.default.isPropertyAssignment(object.parent) ? propertyNameText(object.parent.name) : void 0;
    if ((property === "Item" || property === "ExpressionAttributeValues") && (keys.has("TableName") || parentKey === "PutRequest" || parentKey === "Put" || parentKey === "Update")) return "DynamoDB";
    if (property === "Body" && keys.has("Bucket") && keys.has("Key")) return "S3";
    if (property === "MessageBody" && (keys.has("QueueUrl") || keys.has("Id"))) return "SQS";
    if (property === "Message" && (keys.has("TopicArn") || keys.has("TargetArn") || keys.has("PhoneNumber"))) return "SNS";
    return void 0;
  };
  const sensitiveCategory = (field) => {
    const words = wordsOf(field.replace(/^:/, ""));
    if (words.length === 0) return void 0;
    if (words.some((word) => NOT_THE_SECRET_WORDS.has(word) && word !== "key") || NOT_THE_SECRET_WORDS.has(words[words.length - 1])) {
      const pair = words.slice(-2).join(" ");
      if (!(pair === "api key" || pair === "private key" || pair === "secret key") || words.some((word) => word !== "key" && NOT_THE_SECRET_WORDS.has(word))) return void 0;
    }
    const joined = words.join(" ");
    if (words.some((word) => /^(password|passwd|pwd|passcode|passphrase|pin)$/.test(word)) || /password$/.test(words[words.length - 1])) return "password";
    if (/\bcard (number|no|num)\b|\bcc (number|num)\b|^pan$|\bprimary account number\b|^cardnumber$/.test(joined)) return "card number";
    if (words.some((word) => /^(cvv|cvc|cvv2|cvc2|csc)$/.test(word)) || /\bcard (security|verification) code\b/.test(joined)) return "card security code";
    if (words.includes("ssn") || /\bsocial security( number)?\b/.test(joined)) return "social security number";
    if (/\b(api key|secret key|private key)$/.test(joined) || words.includes("apikey")) return joined.includes("private") ? "private key" : "API key";
    if (words.includes("secret")) return "secret";
    if (words.includes("token") && !HARMLESS_TOKEN_PREFIXES.has(words[0])) return "token";
    return void 0;
  };
  const isProtected = (value, depth = 0) => {
    const expr = unwrapExpression(value);
    if (PROTECTS.test(`${text(expr)}(`) && !import_typescript6.default.isIdentifier(expr)) return true;
    if (import_typescript6.default.isIdentifier(expr) && depth < 3) return assignedTo(expr).some((assigned) => isProtected(assigned, depth + 1)) || PROTECTS.test(`${expr.text}(`);
    if ((import_typescript6.default.isPropertyAccessExpression(expr) || import_typescript6.default.isElementAccessExpression(expr)) && depth < 3) return /hash|encrypt|cipher|digest/i.test(text(expr));
    return false;
  };
  const writtenObject = (value, depth = 0) => {
    if (depth > 4) return void 0;
    const expr = unwrapExpression(value);
    if (import_typescript6.default.isCallExpression(expr) && /^(JSON\.stringify|marshall|AWS\.DynamoDB\.Converter\.marshall|Converter\.marshall|Buffer\.from)$/.test(text(expr.expression)) && expr.arguments[0]) return writtenObject(expr.arguments[0], depth + 1);
    return objectOf(expr);
  };
  const checkSensitiveFields = (object, service, parameter, scope, depth = 0) => {
    if (depth > 3) return;
    for (const property of object.properties) {
      const field = propertyNameText(property.name);
      if (field === void 0) continue;
      let value = import_typescript6.default.isPropertyAssignment(property) ? property.initializer : import_typescript6.default.isShorthandPropertyAssignment(property) ? property.name : void 0;
      if (!value) continue;
      let inner = unwrapExpression(value);
      if (import_typescript6.default.isObjectLiteralExpression(inner) && inner.properties.length === 1 && /^(S|N|B)$/.test(propertyNameText(inner.properties[0].name) ?? "") && import_typescript6.default.isPropertyAssignment(inner.properties[0])) {
        value = inner.properties[0].initializer;
        inner = unwrapExpression(value);
      }
      const category = sensitiveCategory(field);
      if (!category) {
        if (import_typescript6.default.isObjectLiteralExpression(inner)) checkSensitiveFields(inner, service, parameter, scope, depth + 1);
        continue;
      }
      if (isStringLike(inner) || import_typescript6.default.isNumericLiteral(inner) || inner.kind === import_typescript6.default.SyntaxKind.NullKeyword || inner.kind === import_typescript6.default.SyntaxKind.TrueKeyword || inner.kind === import_typescript6.default.SyntaxKind.FalseKeyword || import_typescript6.default.isIdentifier(inner) && inner.text === "undefined") continue;
      if (isProtected(value)) continue;
      document.sensitiveWrites.push({ field, category, service, parameter, handler: scope.handler, location: locate(property), description: `${category} \`${field}\` is written to ${service} (${parameter}) in plain text` });
    }
  };
  const bodyShape = (value, scope, depth = 0) => {
    if (depth > 3) return void 0;
    const expr = unwrapExpression(value);
    if (import_typescript6.default.isCallExpression(expr) && /^(marshall|AWS\.DynamoDB\.Converter\.marshall|Converter\.marshall)$/.test(text(expr.expression)) && expr.arguments[0]) return bodyShape(expr.arguments[0], scope, depth + 1);
    if (classify(expr, scope) === "body") return { shape: "whole", node: expr };
    const object = import_typescript6.default.isObjectLiteralExpression(expr) ? expr : import_typescript6.default.isIdentifier(expr) ? objectOf(expr) : void 0;
    if (!object) return void 0;
    const spreads = object.properties.map((property, index) => ({ property, index })).filter(({ property }) => import_typescript6.default.isSpreadAssignment(property) && classify(property.expression, scope) === "body");
    if (spreads.length === 0) return void 0;
    if (object.properties.length === 1) return { shape: "whole", node: expr };
    const last = spreads[spreads.length - 1].index === object.properties.length - 1;
    return { shape: last ? "spread-last" : "spread-first", node: expr };
  };
  const SHAPE_WORDS = {
    whole: "as it is",
    "spread-first": "spread into the stored object (the caller sets every field the code does not set after it)",
    "spread-last": "spread last into the stored object (the caller can even override the fields the code sets)"
  };
  const recordMassAssignment = (value, store, scope) => {
    const found = bodyShape(value, scope);
    if (!found) return;
    const what = short2(text(found.node), 50);
    document.massAssignments.push({ store, shape: found.shape, what, handler: scope.handler, location: locate(found.node), description: `the request body is stored ${SHAPE_WORDS[found.shape]} in ${store}: \`${what}\`` });
  };
  const MONGO_INSERT = /^(insertOne|insertMany|create|bulkCreate|build|insert|save|upsert)$/;
  const MONGO_UPDATE = /^(updateOne|updateMany|findOneAndUpdate|findByIdAndUpdate|replaceOne|findOneAndReplace|findByIdAndReplace)$/;
  const enterFunction = (fn, outer) => {
    const scope = { eventNames: new Set(outer.eventNames), requestNames: new Set(outer.requestNames), aliases: new Map(outer.aliases), handler: handlerOf.get(fn) ?? outer.handler };
    for (const parameter of fn.parameters) {
      if (import_typescript6.default.isIdentifier(parameter.name)) {
        scope.eventNames.delete(parameter.name.text);
        scope.requestNames.delete(parameter.name.text);
        scope.aliases.delete(parameter.name.text);
      }
    }
    const first = fn.parameters[0]?.name;
    const isHandler = handlerOf.has(fn);
    if (first && import_typescript6.default.isIdentifier(first)) {
      if (isHandler || EVENT_PARAMETER_NAMES.test(first.text)) scope.eventNames.add(first.text);
      else if (/^(req|request)$/.test(first.text) && fn.parameters.length >= 2) scope.requestNames.add(first.text);
    } else if (first && import_typescript6.default.isObjectBindingPattern(first) && isHandler) {
      for (const element of first.elements) {
        const key = element.propertyName ? propertyNameText(element.propertyName) : import_typescript6.default.isIdentifier(element.name) ? element.name.text : void 0;
        if (!import_typescript6.default.isIdentifier(element.name) || !key) continue;
        if (key === "body") scope.aliases.set(element.name.text, "body");
        if (key === "headers" || key === "multiValueHeaders") scope.aliases.set(element.name.text, "headers");
      }
    }
    return scope;
  };
  const visit = (node, scope) => {
    if (isFunctionNode(node)) {
      const inner = enterFunction(node, scope);
      import_typescript6.default.forEachChild(node, (child) => visit(child, inner));
      return;
    }
    if (import_typescript6.default.isVariableDeclaration(node) && node.initializer) {
      import_typescript6.default.forEachChild(node, (child) => visit(child, scope));
      bindName(node.name, node.initializer, scope);
      return;
    }
    if (import_typescript6.default.isBinaryExpression(node) && node.operatorToken.kind === import_typescript6.default.SyntaxKind.EqualsToken) {
      const left = unwrapExpression(node.left);
      if (import_typescript6.default.isIdentifier(left)) bindName(left, node.right, scope);
      if (envRead(left) === "NODE_TLS_REJECT_UNAUTHORIZED") {
        const right = unwrapExpression(node.right);
        if (isStringLike(right) && right.text === "0" || import_typescript6.default.isNumericLiteral(right) && right.text === "0") tlsDisabled(node, `NODE_TLS_REJECT_UNAUTHORIZED = ${text(right)}`, "process.env");
      }
    }
    if (isStringLike(node) && node.text.length >= 4 && !isModuleSpecifier(node)) {
      recordSecret(node, node.text);
      if (/^(http|ws):\/\//i.test(node.text)) checkPlainUrl(node, node.text, "");
    } else if (import_typescript6.default.isTemplateExpression(node)) {
      checkTemplateHeadSecret(node);
      if (/^(http|ws):\/\//i.test(node.head.text)) checkPlainUrl(node, node.head.text, text(node));
    }
    if (import_typescript6.default.isPropertyAssignment(node)) {
      const key = propertyNameText(node.name);
      const value = unwrapExpression(node.initializer);
      if ((key === "rejectUnauthorized" || key === "strictSSL") && value.kind === import_typescript6.default.SyntaxKind.FalseKeyword) tlsDisabled(node, `${key}: false`, enclosingCallee(node));
      if (key === "NODE_TLS_REJECT_UNAUTHORIZED" && (isStringLike(value) && value.text === "0" || import_typescript6.default.isNumericLiteral(value) && value.text === "0")) tlsDisabled(node, `NODE_TLS_REJECT_UNAUTHORIZED: ${text(value)}`, enclosingCallee(node));
      if (key && import_typescript6.default.isObjectLiteralExpression(node.parent)) {
        const service = storeOf(key, node.parent);
        if (service) {
          const written = writtenObject(node.initializer);
          if (written) checkSensitiveFields(written, service, key, scope);
          if (service === "DynamoDB" && key === "Item") recordMassAssignment(node.initializer, "DynamoDB Item", scope);
        }
        if (key === "data") {
          const call = node.parent.parent;
          if (call && import_typescript6.default.isCallExpression(call) && import_typescript6.default.isPropertyAccessExpression(call.expression) && /^(create|update|upsert|createMany)$/.test(call.expression.name.text)) recordMassAssignment(node.initializer, `Prisma ${call.expression.name.text} data`, scope);
        }
      }
    }
    if (import_typescript6.default.isObjectLiteralExpression(node)) {
      const keys = keysOf(node);
      if (keys.has("statusCode") && keys.has("body")) {
        for (const property of node.properties) {
          if (propertyNameText(property.name) !== "body") continue;
          const value = import_typescript6.default.isPropertyAssignment(property) ? property.initializer : import_typescript6.default.isShorthandPropertyAssignment(property) ? property.name : void 0;
          if (value) recordLeaks(value, scope, "the response body");
        }
      }
    }
    if (import_typescript6.default.isCallExpression(node)) {
      checkLog(node, scope);
      if (import_typescript6.default.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        let receiver = node.expression.expression;
        while (import_typescript6.default.isCallExpression(receiver) && import_typescript6.default.isPropertyAccessExpression(receiver.expression)) receiver = receiver.expression.expression;
        if (/^(send|json|end|write)$/.test(method) && import_typescript6.default.isIdentifier(receiver) && RESPONSE_RECEIVER.test(receiver.text)) for (const arg of node.arguments) recordLeaks(arg, scope, `\`${receiver.text}.${method}\``);
        if (MONGO_INSERT.test(method) && node.arguments[0] && !import_typescript6.default.isObjectLiteralExpression(unwrapExpression(node.arguments[0]))) recordMassAssignment(node.arguments[0], method, scope);
        else if (MONGO_INSERT.test(method) && node.arguments[0]) {
          const object = unwrapExpression(node.arguments[0]);
          if (!keysOf(object).has("data")) recordMassAssignment(node.arguments[0], method, scope);
        }
        if (MONGO_UPDATE.test(method) && node.arguments[1]) {
          const update = unwrapExpression(node.arguments[1]);
          const set = import_typescript6.default.isObjectLiteralExpression(update) ? update.properties.find((property) => propertyNameText(property.name) === "$set") : void 0;
          recordMassAssignment(set && import_typescript6.default.isPropertyAssignment(set) ? set.initializer : node.arguments[1], method, scope);
        }
      }
    }
    import_typescript6.default.forEachChild(node, (child) => visit(child, scope));
  };
  visit(sourceFile, { eventNames: /* @__PURE__ */ new Set(), requestNames: /* @__PURE__ */ new Set(), aliases: /* @__PURE__ */ new Map() });
}
function isModuleSpecifier(node) {
  const parent = node.parent;
  if (!parent) return false;
  if (import_typescript6.default.isImportDeclaration(parent) || import_typescript6.default.isExportDeclaration(parent) || import_typescript6.default.isExternalModuleReference(parent)) return true;
  return import_typescript6.default.isCallExpression(parent) && (parent.expression.kind === import_typescript6.default.SyntaxKind.ImportKeyword || import_typescript6.default.isIdentifier(parent.expression) && parent.expression.text === "require");
}
function enclosingFunction(node) {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return void 0;
}

// server/src/engine/code/typescript/front-end.ts
var import_typescript9 = __toESM(require("typescript"));

// server/src/engine/code/typescript/comments.ts
var import_typescript7 = __toESM(require("typescript"));
var DIRECTIVE = "slsward-ignore";
function directiveComments(sourceFile) {
  const text = sourceFile.text;
  if (!text.includes(DIRECTIVE)) return [];
  const out = [];
  const seen = /* @__PURE__ */ new Set();
  const collect = (ranges, leads) => {
    for (const comment of ranges ?? []) {
      if (seen.has(comment.pos)) continue;
      seen.add(comment.pos);
      const raw = text.slice(comment.pos, comment.end);
      if (!raw.includes(DIRECTIVE)) continue;
      const body = comment.kind === import_typescript7.default.SyntaxKind.SingleLineCommentTrivia ? raw.slice(2) : raw.slice(2, raw.endsWith("*/") ? -2 : void 0);
      const statement = leads ? statementStartingAt(leads, sourceFile) : void 0;
      out.push({ range: { start: comment.pos, end: comment.end }, text: body.trim(), ...statement ? { covers: { start: statement.getStart(sourceFile), end: statement.end } } : {} });
    }
  };
  const visit = (node) => {
    if (import_typescript7.default.isJSDoc(node) || node.kind >= import_typescript7.default.SyntaxKind.FirstJSDocNode && node.kind <= import_typescript7.default.SyntaxKind.LastJSDocNode || node.kind === import_typescript7.default.SyntaxKind.JsxText) return;
    const children = node.getChildren(sourceFile);
    if (children.length === 0) {
      collect(import_typescript7.default.getLeadingCommentRanges(text, node.pos), node);
      collect(import_typescript7.default.getTrailingCommentRanges(text, node.end));
      return;
    }
    for (const child of children) visit(child);
  };
  try {
    visit(sourceFile);
  } catch {
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}
function statementStartingAt(token, sourceFile) {
  const start = token.getStart(sourceFile);
  let found;
  for (let node = token; node && node.kind !== import_typescript7.default.SyntaxKind.SourceFile; node = node.parent) {
    if (node.getStart(sourceFile) !== start) break;
    const parent = node.parent;
    if (parent && (import_typescript7.default.isBlock(parent) || import_typescript7.default.isSourceFile(parent) || import_typescript7.default.isModuleBlock(parent) || import_typescript7.default.isCaseClause(parent) || import_typescript7.default.isDefaultClause(parent) || import_typescript7.default.isClassLike(parent) || import_typescript7.default.isObjectLiteralExpression(parent))) found = node;
  }
  return found && !definesFunction(found, sourceFile) ? found : void 0;
}
function definesFunction(statement, sourceFile) {
  if (import_typescript7.default.isFunctionDeclaration(statement) || import_typescript7.default.isClassLike(statement) || import_typescript7.default.isMethodDeclaration(statement)) return true;
  const firstLine = sourceFile.getLineAndCharacterOfPosition(statement.getStart(sourceFile)).line;
  let budget = 2e3;
  let found = false;
  const visit = (node) => {
    if (found || --budget < 0) return;
    if ((import_typescript7.default.isArrowFunction(node) || import_typescript7.default.isFunctionExpression(node)) && import_typescript7.default.isBlock(node.body) && sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line === firstLine) {
      found = true;
      return;
    }
    import_typescript7.default.forEachChild(node, visit);
  };
  visit(statement);
  return found || budget < 0;
}

// server/src/engine/code/typescript/auth-facts.ts
var import_typescript8 = __toESM(require("typescript"));
var LOG_RECEIVER = /^(console|logger|log|LOGGER|Logger|this\.logger|this\.log)$/;
var CHECK_CALLEE = /(^|\.)(assert\w*|check\w*|require\w*|ensure\w*|validate\w*|verify\w*|guard\w*|authori[sz]e\w*|isValid\w*|isAuth\w*|unauthori[sz]ed\w*|forbidden\w*|deny\w*)$/i;
var CREDENTIAL_FIELDS = /^(authorizationToken|headers|multiValueHeaders|identitySource|queryStringParameters|multiValueQueryStringParameters|cookies|authorization|Authorization|token|body|requestContext)$/;
var SQL_WRITE = /^\s*(?:(?:\/\*[\s\S]*?\*\/|--[^\n]*\n)\s*)*(INSERT|UPDATE|DELETE|REPLACE|MERGE|DROP|TRUNCATE|ALTER|UPSERT)\b/i;
var SQL_MODELS = SINKS.filter((model) => model.kind === "sql");
var SQL_TAG_MODULES = /* @__PURE__ */ new Set(["postgres", "@vercel/postgres", "@neondatabase/serverless", "slonik", "sql-template-strings", "@databases/pg", "@databases/mysql"]);
var SQL_PACKAGES = new Set([...SQL_MODELS.flatMap((model) => model.modules), ...SQL_TAG_MODULES].map((name) => name.startsWith("@") ? name.split("/").slice(0, 2).join("/") : name.split("/")[0]));
function isFunctionLike(node) {
  return import_typescript8.default.isFunctionDeclaration(node) || import_typescript8.default.isFunctionExpression(node) || import_typescript8.default.isArrowFunction(node) || import_typescript8.default.isMethodDeclaration(node);
}
function nearestFunction(node) {
  for (let current = node.parent; current; current = current.parent) if (isFunctionLike(current)) return current;
  return void 0;
}
function contains(outer, inner) {
  return outer.pos <= inner.pos && inner.end <= outer.end;
}
function short3(text, max = 50) {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 1)}\u2026` : flat;
}
function outerValue(node) {
  let current = node;
  while (current.parent && (import_typescript8.default.isParenthesizedExpression(current.parent) || import_typescript8.default.isAwaitExpression(current.parent) || import_typescript8.default.isAsExpression(current.parent) || import_typescript8.default.isNonNullExpression(current.parent) || import_typescript8.default.isSatisfiesExpression(current.parent))) current = current.parent;
  return current;
}
function failValueOf(node) {
  if (!node) return "undefined";
  const expr = unwrapExpression(node);
  if (expr.kind === import_typescript8.default.SyntaxKind.NullKeyword) return "null";
  if (expr.kind === import_typescript8.default.SyntaxKind.FalseKeyword) return "false";
  if (import_typescript8.default.isIdentifier(expr) && expr.text === "undefined") return "undefined";
  if (import_typescript8.default.isVoidExpression(expr)) return "undefined";
  if (import_typescript8.default.isObjectLiteralExpression(expr) && expr.properties.length === 0) return "{}";
  return void 0;
}
function exitsIn(within, fn) {
  const returns = [];
  const throws = [];
  const visit = (node) => {
    if (isFunctionLike(node) && node !== fn) return;
    if (import_typescript8.default.isReturnStatement(node)) returns.push(node);
    if (import_typescript8.default.isThrowStatement(node)) throws.push(node);
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(within);
  return { returns, throws };
}
function callbackFailValue(callback) {
  if (!callback) return void 0;
  const fn = unwrapExpression(callback);
  if (!import_typescript8.default.isArrowFunction(fn) && !import_typescript8.default.isFunctionExpression(fn)) return void 0;
  if (!import_typescript8.default.isBlock(fn.body)) {
    const value = failValueOf(fn.body);
    return value ? { value, node: fn.body } : void 0;
  }
  const { returns, throws } = exitsIn(fn.body, fn);
  if (throws.length > 0) return void 0;
  if (returns.length === 0) return { value: "undefined", node: fn };
  for (const statement of returns) {
    const value = failValueOf(statement.expression);
    if (value) return { value, node: statement };
  }
  return void 0;
}
function failOpenOf(fn, call) {
  for (let current = call; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (import_typescript8.default.isTryStatement(parent) && parent.tryBlock === current && parent.catchClause) {
      const { returns, throws } = exitsIn(parent.catchClause.block, fn);
      for (const statement of returns) {
        const value = failValueOf(statement.expression);
        if (value) return { value, node: statement };
      }
      if (returns.length > 0 || throws.length > 0) return void 0;
      const block = parent.parent;
      if (!import_typescript8.default.isBlock(block) || block.parent !== fn) return void 0;
      const after = block.statements.slice(block.statements.indexOf(parent) + 1);
      const next = after.find((statement) => exitsIn(statement, fn).returns.length > 0 || exitsIn(statement, fn).throws.length > 0);
      if (!next) return { value: "undefined", node: parent.catchClause };
      if (import_typescript8.default.isReturnStatement(next)) {
        const value = failValueOf(next.expression);
        if (value) return { value, node: parent.catchClause };
        if (next.expression && import_typescript8.default.isIdentifier(unwrapExpression(next.expression)) && declaredEmpty(fn, unwrapExpression(next.expression).text)) return { value: "undefined", node: parent.catchClause };
      }
      return void 0;
    }
    if (import_typescript8.default.isCallExpression(parent) && import_typescript8.default.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === "catch" && contains(parent.expression.expression, call)) {
      const fail = callbackFailValue(parent.arguments[0]);
      if (!fail) return void 0;
      const use = outerValue(parent);
      const returned = import_typescript8.default.isReturnStatement(use.parent) && use.parent.expression === use || import_typescript8.default.isArrowFunction(use.parent) && use.parent.body === use && use.parent === fn;
      if (returned) return fail;
      if (import_typescript8.default.isVariableDeclaration(use.parent) && import_typescript8.default.isIdentifier(use.parent.name)) {
        const name = use.parent.name.text;
        const { returns } = exitsIn(fn, fn);
        const checked = mentionsInCondition(fn, name);
        if (!checked && returns.some((statement) => statement.expression && import_typescript8.default.isIdentifier(unwrapExpression(statement.expression)) && unwrapExpression(statement.expression).text === name)) return fail;
      }
      return void 0;
    }
  }
  return void 0;
}
function returnedHelperCalls(module2, fn) {
  const out = [];
  const calleeOf = (expression) => {
    if (!expression) return void 0;
    let value = unwrapExpression(expression);
    if (import_typescript8.default.isAwaitExpression(value)) value = unwrapExpression(value.expression);
    if (!import_typescript8.default.isCallExpression(value) || !import_typescript8.default.isIdentifier(value.expression)) return void 0;
    return module2.scan.functions.get(value.expression.text);
  };
  const body = fn.body;
  if (body && !import_typescript8.default.isBlock(body)) {
    const direct = calleeOf(body);
    if (direct) out.push(direct);
    return out;
  }
  for (const statement of exitsIn(fn, fn).returns) {
    const direct = calleeOf(statement.expression);
    if (direct) {
      out.push(direct);
      continue;
    }
    const returned = statement.expression && unwrapExpression(statement.expression);
    if (!returned || !import_typescript8.default.isIdentifier(returned) || mentionsInCondition(fn, returned.text)) continue;
    const declared = declarationIn(fn, returned.text);
    const viaVariable = declared && calleeOf(declared);
    if (viaVariable) out.push(viaVariable);
  }
  return out;
}
function declarationIn(fn, name) {
  const found = [];
  const visit = (node) => {
    if (import_typescript8.default.isVariableDeclaration(node) && import_typescript8.default.isIdentifier(node.name) && node.name.text === name && node.initializer) found.push(node.initializer);
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(fn);
  return found.length === 1 ? found[0] : void 0;
}
function verificationOwner(node) {
  const nearest = nearestFunction(node);
  return promiseOwner(nearest)?.owner ?? nearest;
}
function promiseOwner(executor) {
  const construct = executor?.parent;
  if (!executor || !construct || !import_typescript8.default.isNewExpression(construct) || !import_typescript8.default.isIdentifier(construct.expression) || construct.expression.text !== "Promise") return void 0;
  const resolve = executor.parameters[0]?.name;
  if (!resolve || !import_typescript8.default.isIdentifier(resolve)) return void 0;
  const value = outerValue(construct);
  const owner = nearestFunction(construct);
  if (!owner) return void 0;
  const isReturned = value.parent && import_typescript8.default.isReturnStatement(value.parent) || import_typescript8.default.isArrowFunction(owner) && owner.body === value;
  return isReturned ? { owner, resolve: resolve.text } : void 0;
}
function callbackFailOpen(call, resolve) {
  if (!import_typescript8.default.isCallExpression(call)) return void 0;
  const callback = call.arguments.length > 0 ? unwrapExpression(call.arguments[call.arguments.length - 1]) : void 0;
  if (!callback || !import_typescript8.default.isArrowFunction(callback) && !import_typescript8.default.isFunctionExpression(callback)) return void 0;
  const error = callback.parameters[0]?.name;
  if (!error || !import_typescript8.default.isIdentifier(error) || !import_typescript8.default.isBlock(callback.body)) return void 0;
  let found;
  const visit = (node) => {
    if (found || isFunctionLike(node) && node !== callback) return;
    if (import_typescript8.default.isIfStatement(node) && mentions(node.expression, error.text) && !import_typescript8.default.isPrefixUnaryExpression(unwrapExpression(node.expression))) {
      const resolved = firstCallOf(node.thenStatement, resolve);
      if (resolved) {
        const value = resolved.arguments.length === 0 ? "undefined" : failValueOf(resolved.arguments[0]);
        if (value) found = { value, node: resolved };
      }
      return;
    }
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(callback.body);
  return found;
}
function mentions(node, name) {
  if (import_typescript8.default.isIdentifier(node)) return node.text === name;
  return import_typescript8.default.forEachChild(node, (child) => mentions(child, name) || void 0) === true;
}
function firstCallOf(statement, name) {
  let found;
  const visit = (node) => {
    if (found || isFunctionLike(node)) return;
    if (import_typescript8.default.isCallExpression(node) && import_typescript8.default.isIdentifier(node.expression) && node.expression.text === name) found = node;
    else import_typescript8.default.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}
function declaredEmpty(fn, name) {
  let found = false;
  const visit = (node) => {
    if (found) return;
    if (import_typescript8.default.isVariableDeclaration(node) && import_typescript8.default.isIdentifier(node.name) && node.name.text === name && (!node.initializer || failValueOf(node.initializer))) found = true;
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}
function mentionsInCondition(fn, name) {
  let found = false;
  const visit = (node) => {
    if (found) return;
    if (import_typescript8.default.isIdentifier(node) && node.text === name && isConditionUse(node)) found = true;
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}
function isConditionUse(reference) {
  let current = reference;
  for (; ; ) {
    const parent = current.parent;
    if (!parent) return false;
    if ((import_typescript8.default.isPropertyAccessExpression(parent) || import_typescript8.default.isElementAccessExpression(parent)) && parent.expression === current) current = parent;
    else if (import_typescript8.default.isParenthesizedExpression(parent) || import_typescript8.default.isNonNullExpression(parent) || import_typescript8.default.isAwaitExpression(parent) || import_typescript8.default.isAsExpression(parent) || import_typescript8.default.isTypeOfExpression(parent)) current = parent;
    else if (import_typescript8.default.isPrefixUnaryExpression(parent) && parent.operator === import_typescript8.default.SyntaxKind.ExclamationToken) current = parent;
    else if (import_typescript8.default.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      const comparison = [import_typescript8.default.SyntaxKind.EqualsEqualsEqualsToken, import_typescript8.default.SyntaxKind.EqualsEqualsToken, import_typescript8.default.SyntaxKind.ExclamationEqualsEqualsToken, import_typescript8.default.SyntaxKind.ExclamationEqualsToken, import_typescript8.default.SyntaxKind.InstanceOfKeyword, import_typescript8.default.SyntaxKind.InKeyword].includes(operator);
      const logical = [import_typescript8.default.SyntaxKind.AmpersandAmpersandToken, import_typescript8.default.SyntaxKind.BarBarToken, import_typescript8.default.SyntaxKind.QuestionQuestionToken].includes(operator);
      if (logical && parent.left === current) return true;
      if (comparison) current = parent;
      else if (logical) current = parent;
      else return false;
    } else if ((import_typescript8.default.isIfStatement(parent) || import_typescript8.default.isWhileStatement(parent) || import_typescript8.default.isDoStatement(parent)) && parent.expression === current) return true;
    else if (import_typescript8.default.isConditionalExpression(parent) && parent.condition === current) return true;
    else if (import_typescript8.default.isSwitchStatement(parent) && parent.expression === current) return true;
    else if (import_typescript8.default.isCallExpression(parent) && parent.arguments.includes(current)) {
      const callee = parent.expression.getText();
      return CHECK_CALLEE.test(callee) || /^(assert|ok|Boolean)$/.test(callee);
    } else return false;
  }
}
function isLoggingArgument(node, stop) {
  for (let current = node.parent; current && current !== stop; current = current.parent) {
    if (import_typescript8.default.isCallExpression(current) && import_typescript8.default.isPropertyAccessExpression(current.expression) && LOG_RECEIVER.test(current.expression.expression.getText())) return true;
    if (isFunctionLike(current)) return false;
  }
  return false;
}
function memberChain(reference) {
  let current = reference;
  while (current.parent && (import_typescript8.default.isPropertyAccessExpression(current.parent) || import_typescript8.default.isElementAccessExpression(current.parent) || import_typescript8.default.isNonNullExpression(current.parent)) && current.parent.expression === current) current = current.parent;
  return current;
}
function describeUse(chain) {
  const text = `\`${short3(chain.getText())}\``;
  const value = outerValue(chain);
  const parent = value.parent;
  if (parent && import_typescript8.default.isCallExpression(parent) && parent.arguments.includes(value)) return `${text} passed to \`${short3(parent.expression.getText(), 40)}\``;
  if (parent && import_typescript8.default.isPropertyAssignment(parent) && parent.initializer === value) return `${text} as \`${propertyNameText(parent.name) ?? short3(parent.name.getText(), 30)}\``;
  if (parent && import_typescript8.default.isShorthandPropertyAssignment(parent)) return `${text} as \`${parent.name.text}\``;
  if (parent && import_typescript8.default.isTemplateSpan(parent)) return `${text} in a template string`;
  return text;
}
function collectAuthFacts(main, handlers, document, readImport) {
  const imports = /* @__PURE__ */ new Map();
  const importModule = (specifier) => {
    if (!imports.has(specifier)) imports.set(specifier, readImport(specifier));
    return imports.get(specifier);
  };
  const failOpenCache = /* @__PURE__ */ new Map();
  const failingFunctions = /* @__PURE__ */ new Map();
  const failOpenOfFunction = (module2, fn) => {
    let known = failingFunctions.get(fn);
    if (known === void 0) failingFunctions.set(fn, known = failOpenWithin(module2, fn, 0) ?? null);
    return known ?? void 0;
  };
  const failOpenWithin = (module2, fn, depth) => {
    for (const fact of module2.authCalls) {
      if (fact.kind !== "jwt-verified") continue;
      const owner = nearestFunction(fact.node);
      const promised = owner !== fn ? promiseOwner(owner) : void 0;
      if (owner !== fn && promised?.owner !== fn) continue;
      let cached = failOpenCache.get(fact.node);
      if (cached === void 0) {
        cached = (promised ? callbackFailOpen(fact.node, promised.resolve) : failOpenOf(fn, fact.node)) ?? null;
        failOpenCache.set(fact.node, cached);
      }
      if (cached) return { fail: cached, fact };
    }
    if (depth >= 2) return void 0;
    for (const inner of returnedHelperCalls(module2, fn)) {
      const failing = inner !== fn ? failOpenWithin(module2, inner, depth + 1) : void 0;
      if (failing) return failing;
    }
    return void 0;
  };
  for (const fact of main.authCalls) {
    if (fact.kind !== "jwt-verified") continue;
    const fn = verificationOwner(fact.node);
    const fail = fn && failOpenOfFunction(main, fn);
    if (!fn || !fail || fail.fact !== fact) continue;
    const recorded = findFact(document, main.locate(fact.node));
    if (recorded) recorded.failOpen = { value: fail.fail.value, location: main.locate(fail.fail.node), helper: functionName(fn) };
  }
  const seenImported = /* @__PURE__ */ new Set();
  const hasHelpers = main.authCalls.some((fact) => fact.kind !== "authorizer-claims") || main.scan.relativeBindings.size > 0;
  for (const handler of hasHelpers ? handlers : []) {
    const body = handler.fn.body;
    if (!body) continue;
    const visit = (node) => {
      if (import_typescript8.default.isCallExpression(node)) {
        const target = helperTarget(main, node, importModule);
        if (target) {
          if (target.module !== main) recordImportedFacts(target.module, target.fn, node, handler.exportName, target.name);
          const failing = target.fn !== handler.fn ? failOpenOfFunction(target.module, target.fn) : void 0;
          if (failing) recordResult(handler, node, target, failing);
        }
      }
      import_typescript8.default.forEachChild(node, visit);
    };
    visit(body);
  }
  function recordImportedFacts(module2, fn, call, handler, helper) {
    const functions = /* @__PURE__ */ new Set([fn]);
    const collect = (node) => {
      if (import_typescript8.default.isCallExpression(node) && import_typescript8.default.isIdentifier(node.expression)) {
        const local = module2.scan.functions.get(node.expression.text);
        if (local) functions.add(local);
      }
      import_typescript8.default.forEachChild(node, collect);
    };
    collect(fn);
    for (const fact of module2.authCalls) {
      if (![...functions].some((owner2) => contains(owner2, fact.node))) continue;
      const location = module2.locate(fact.node);
      const key = `${handler}|${location.path}|${location.range.start}`;
      if (seenImported.has(key)) continue;
      seenImported.add(key);
      const owner = verificationOwner(fact.node);
      const failing = owner && fact.kind === "jwt-verified" ? failOpenOfFunction(module2, owner) : void 0;
      document.authFacts.push({
        kind: fact.kind,
        via: fact.via,
        location,
        callSite: { location: main.locate(call), handler, helper },
        ...failing && failing.fact === fact && owner && { failOpen: { value: failing.fail.value, location: module2.locate(failing.fail.node), helper: functionName(owner) } }
      });
    }
  }
  function recordResult(handler, call, target, failing) {
    const base = { handler: handler.exportName, helper: target.name, call: main.locate(call), failure: { value: failing.fail.value, location: target.module.locate(failing.fail.node) } };
    let value = outerValue(call);
    let isDefaulted = false;
    while (value.parent && import_typescript8.default.isBinaryExpression(value.parent) && value.parent.left === value && [import_typescript8.default.SyntaxKind.BarBarToken, import_typescript8.default.SyntaxKind.QuestionQuestionToken].includes(value.parent.operatorToken.kind) && isDefaultValue(value.parent.right)) {
      value = outerValue(value.parent);
      isDefaulted = true;
    }
    const parent = value.parent;
    if (parent && import_typescript8.default.isVariableDeclaration(parent) && parent.initializer === value && import_typescript8.default.isObjectBindingPattern(parent.name)) {
      if (!isDefaulted && (failing.fail.value === "null" || failing.fail.value === "undefined")) return void document.verificationResults.push({ ...base, status: "checked" });
      let outcome2 = { status: "unused" };
      let bound;
      for (const element of parent.name.elements) {
        if (!import_typescript8.default.isIdentifier(element.name)) continue;
        const use = firstUse(handler.fn, element.name.text, value.end, 1);
        if (use.status === "unchecked") {
          outcome2 = use;
          bound = element.name.text;
          break;
        }
        if (use.status === "checked" || use.status === "logged-only" && outcome2.status === "unused") {
          outcome2 = use;
          bound ??= element.name.text;
        }
      }
      return void document.verificationResults.push(outcome2.status === "unchecked" ? { ...base, ...bound && { name: bound }, status: "unchecked", use: { location: main.locate(outcome2.use), description: describeUse(outcome2.use) } } : { ...base, ...bound && { name: bound }, status: outcome2.status });
    }
    let name;
    if (parent && import_typescript8.default.isVariableDeclaration(parent) && parent.initializer === value && import_typescript8.default.isIdentifier(parent.name)) name = parent.name.text;
    else if (parent && import_typescript8.default.isBinaryExpression(parent) && parent.operatorToken.kind === import_typescript8.default.SyntaxKind.EqualsToken && parent.right === value && import_typescript8.default.isIdentifier(parent.left)) name = parent.left.text;
    if (name === void 0) {
      if (isConditionUse(value)) return void document.verificationResults.push({ ...base, status: "checked" });
      if (import_typescript8.default.isExpressionStatement(parent) || parent && import_typescript8.default.isVariableDeclaration(parent)) return void document.verificationResults.push({ ...base, status: "unused" });
      const chain = memberChain(value);
      if (chain === value && !(parent && import_typescript8.default.isCallExpression(parent) && parent.arguments.includes(value))) return void document.verificationResults.push({ ...base, status: "unused" });
      if (isLoggingArgument(chain, handler.fn)) return void document.verificationResults.push({ ...base, status: "logged-only" });
      return void document.verificationResults.push({ ...base, status: "unchecked", use: { location: main.locate(chain), description: describeUse(chain) } });
    }
    const outcome = firstUse(handler.fn, name, value.end, 1);
    document.verificationResults.push(outcome.status === "unchecked" ? { ...base, name, status: "unchecked", use: { location: main.locate(outcome.use), description: describeUse(outcome.use) } } : { ...base, name, status: outcome.status });
  }
  collectAuthorizerDefaults(main, handlers, document);
  collectFirstGroupChecks(main, handlers, document);
  collectDataWrites(main, handlers, document);
}
function isDefaultValue(node) {
  const expr = unwrapExpression(node);
  return import_typescript8.default.isObjectLiteralExpression(expr) || import_typescript8.default.isArrayLiteralExpression(expr) || import_typescript8.default.isStringLiteral(expr) || import_typescript8.default.isNoSubstitutionTemplateLiteral(expr) || import_typescript8.default.isNumericLiteral(expr) || expr.kind === import_typescript8.default.SyntaxKind.NullKeyword || import_typescript8.default.isIdentifier(expr) && expr.text === "undefined";
}
function firstUse(fn, name, after, hops) {
  let logged = false;
  for (const reference of referencesAfter(fn, name, after)) {
    if (isLoggingArgument(reference, fn)) {
      logged = true;
      continue;
    }
    if (isConditionUse(reference)) return { status: "checked" };
    const chain = memberChain(reference);
    const outer = outerValue(chain);
    if (chain === reference && outer.parent && import_typescript8.default.isReturnStatement(outer.parent)) continue;
    if (chain === reference && outer.parent && import_typescript8.default.isBinaryExpression(outer.parent) && outer.parent.left === outer && outer.parent.operatorToken.kind === import_typescript8.default.SyntaxKind.EqualsToken) continue;
    if (hops > 0 && outer.parent && import_typescript8.default.isVariableDeclaration(outer.parent) && outer.parent.initializer === outer && import_typescript8.default.isIdentifier(outer.parent.name)) {
      const alias = firstUse(fn, outer.parent.name.text, outer.end, hops - 1);
      return alias.status === "unchecked" ? { status: "unchecked", use: chain } : alias;
    }
    return { status: "unchecked", use: chain };
  }
  return { status: logged ? "logged-only" : "unused" };
}
function findFact(document, location) {
  return document.authFacts.find((fact) => fact.location.path === location.path && fact.location.range.start === location.range.start && fact.location.range.end === location.range.end);
}
function functionName(fn) {
  if ((import_typescript8.default.isFunctionDeclaration(fn) || import_typescript8.default.isMethodDeclaration(fn) || import_typescript8.default.isFunctionExpression(fn)) && fn.name) return fn.name.getText();
  const parent = fn.parent;
  if (parent && import_typescript8.default.isVariableDeclaration(parent) && import_typescript8.default.isIdentifier(parent.name)) return parent.name.text;
  if (parent && import_typescript8.default.isPropertyAssignment(parent)) return propertyNameText(parent.name) ?? "function";
  if (parent && import_typescript8.default.isBinaryExpression(parent)) return memberName(parent.left) ?? "function";
  return "function";
}
function referencesAfter(fn, name, after) {
  const out = [];
  const visit = (node) => {
    if (import_typescript8.default.isIdentifier(node) && node.text === name && node.pos >= after) {
      const parent = node.parent;
      const isName = import_typescript8.default.isPropertyAccessExpression(parent) && parent.name === node || import_typescript8.default.isPropertyAssignment(parent) && parent.name === node || import_typescript8.default.isBindingElement(parent) && parent.propertyName === node;
      if (!isName) out.push(node);
    }
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(fn);
  return out;
}
function helperTarget(main, call, importModule) {
  const callee = unwrapExpression(call.expression);
  let specifier;
  let imported;
  if (import_typescript8.default.isIdentifier(callee)) {
    const local = main.scan.functions.get(callee.text);
    if (local) return { module: main, fn: local, name: callee.text };
    const bound = main.scan.relativeBindings.get(callee.text);
    if (!bound) return void 0;
    specifier = bound.specifier;
    imported = bound.imported === "*" ? "default" : bound.imported;
  } else if (import_typescript8.default.isPropertyAccessExpression(callee) && import_typescript8.default.isIdentifier(callee.expression)) {
    const bound = main.scan.relativeBindings.get(callee.expression.text);
    if (!bound || bound.imported !== "*") return void 0;
    specifier = bound.specifier;
    imported = callee.name.text;
  } else return void 0;
  const module2 = importModule(specifier);
  if (!module2) return void 0;
  const entry = module2.scan.exports.find((candidate) => candidate.name === imported);
  const resolved = entry ? resolveFunction(module2.scan, entry.node) : void 0;
  return resolved ? { module: module2, fn: resolved.fn, name: callee.getText(main.scan.sourceFile) } : void 0;
}
function stringValue(node) {
  if (!node) return void 0;
  const expr = import_typescript8.default.isExpression(node) ? unwrapExpression(node) : node;
  return import_typescript8.default.isStringLiteral(expr) || import_typescript8.default.isNoSubstitutionTemplateLiteral(expr) ? expr.text : void 0;
}
function effectWord(node) {
  const text = stringValue(node)?.toLowerCase();
  return text === "allow" ? "allow" : text === "deny" ? "deny" : void 0;
}
function localDeclarations(fn) {
  const out = /* @__PURE__ */ new Map();
  const visit = (node) => {
    if (import_typescript8.default.isVariableDeclaration(node) && import_typescript8.default.isIdentifier(node.name)) out.set(node.name.text, node);
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(fn);
  return out;
}
var AuthorizerReader = class _AuthorizerReader {
  constructor(scan, fn, builders) {
    this.scan = scan;
    this.fn = fn;
    this.builders = builders;
  }
  scan;
  fn;
  builders;
  declarationsByName;
  /** Read on the first identifier that needs it: most returns are literals or builder calls. */
  get declarations() {
    this.declarationsByName ??= localDeclarations(this.fn);
    return this.declarationsByName;
  }
  isBuilder(fn, depth = 0) {
    if (this.builders.has(fn)) return this.builders.get(fn);
    this.builders.set(fn, void 0);
    const text = fn.getText(this.scan.sourceFile);
    let shape = /\bpolicyDocument\b/.test(text) ? "iam-policy" : /\bisAuthorized\b/.test(text) ? "simple" : void 0;
    if (!shape && depth < 2) {
      const returned = import_typescript8.default.isArrowFunction(fn) && !import_typescript8.default.isBlock(fn.body) ? [fn.body] : exitsIn(fn, fn).returns.map((statement) => statement.expression);
      for (const expression of returned) {
        const inner = expression && unwrapExpression(expression);
        const callee = inner && import_typescript8.default.isCallExpression(inner) && import_typescript8.default.isIdentifier(inner.expression) ? this.scan.functions.get(inner.expression.text) : void 0;
        shape = callee && callee !== fn ? this.isBuilder(callee, depth + 1) : void 0;
        if (shape) break;
      }
    }
    this.builders.set(fn, shape);
    return shape;
  }
  /** The decision of a value built from effect words: a literal, or a local variable initialised with one. */
  effectOf(node) {
    const word = effectWord(node);
    if (word) return { decision: word, allowNode: word === "allow" ? node : void 0 };
    const expr = import_typescript8.default.isExpression(node) ? unwrapExpression(node) : node;
    if (import_typescript8.default.isIdentifier(expr)) {
      const declaration = this.declarations.get(expr.text);
      const initial = declaration?.initializer && effectWord(declaration.initializer);
      if (initial) return { decision: initial, allowNode: initial === "allow" ? declaration.initializer : void 0, variable: expr.text };
    }
    return { decision: "unknown" };
  }
  responseOf(node, depth = 0) {
    if (!node || depth > 2) return void 0;
    const expr = import_typescript8.default.isExpression(node) ? unwrapExpression(node) : node;
    if (import_typescript8.default.isObjectLiteralExpression(expr)) {
      const keys = /* @__PURE__ */ new Map();
      for (const property of expr.properties) {
        const key = propertyNameText(property.name);
        const value = import_typescript8.default.isPropertyAssignment(property) ? property.initializer : import_typescript8.default.isShorthandPropertyAssignment(property) ? property.name : void 0;
        if (key !== void 0 && value) keys.set(key, value);
      }
      const authorized = keys.get("isAuthorized");
      if (authorized) {
        const inner = unwrapExpression(authorized);
        const decision = inner.kind === import_typescript8.default.SyntaxKind.TrueKeyword ? "allow" : inner.kind === import_typescript8.default.SyntaxKind.FalseKeyword ? "deny" : "unknown";
        return { shape: "simple", decision, allowNode: decision === "allow" ? authorized : void 0 };
      }
      const policy = keys.get("policyDocument");
      if (!policy) return void 0;
      return { shape: "iam-policy", ...this.policyDecision(policy) };
    }
    if (import_typescript8.default.isIdentifier(expr)) {
      const declaration = this.declarations.get(expr.text);
      const inner = declaration?.initializer && this.responseOf(declaration.initializer, depth + 1);
      return inner ? { ...inner, variable: inner.variable ?? expr.text } : void 0;
    }
    if (import_typescript8.default.isCallExpression(expr) && import_typescript8.default.isIdentifier(unwrapExpression(expr.expression))) {
      const helper = this.scan.functions.get(unwrapExpression(expr.expression).text);
      const shape = helper && this.isBuilder(helper);
      if (!helper || !shape) return void 0;
      for (const argument of expr.arguments) {
        const effect = this.effectOf(argument);
        if (effect.decision !== "unknown") return { shape, ...effect };
      }
      const takesEffect = helper.parameters.some((parameter) => /effect|allow|decision|permission|authori[sz]ed/i.test(parameter.name.getText(this.scan.sourceFile)));
      if (!takesEffect) {
        const returned = new _AuthorizerReader(this.scan, helper, this.builders);
        const expressions = import_typescript8.default.isArrowFunction(helper) && !import_typescript8.default.isBlock(helper.body) ? [helper.body] : exitsIn(helper, helper).returns.map((statement) => statement.expression);
        for (const expression of expressions) {
          const inner = returned.responseOf(expression, depth + 1);
          if (inner && inner.decision !== "unknown") return { shape, decision: inner.decision, allowNode: inner.decision === "allow" ? expr : void 0 };
        }
      }
      return { shape, decision: "unknown" };
    }
    return void 0;
  }
  policyDecision(policy) {
    const effects = [];
    const visit = (node) => {
      if (import_typescript8.default.isPropertyAssignment(node) && propertyNameText(node.name) === "Effect") effects.push(this.effectOf(node.initializer));
      import_typescript8.default.forEachChild(node, visit);
    };
    let root = import_typescript8.default.isExpression(policy) ? unwrapExpression(policy) : policy;
    if (import_typescript8.default.isIdentifier(root)) root = this.declarations.get(root.text)?.initializer ?? root;
    visit(root);
    if (effects.length === 0) return { decision: "unknown" };
    if (effects.some((effect) => effect.decision === "deny")) return { decision: "deny" };
    if (effects.every((effect) => effect.decision === "allow")) return effects[0];
    return { decision: "unknown" };
  }
  /** Whether what `fn` returns is the function's answer: the function itself, or a callback of a promise chain (`.then`, `.catch`). */
  answersFor(fn) {
    if (fn === this.fn) return true;
    const parent = fn?.parent;
    return !!parent && import_typescript8.default.isCallExpression(parent) && import_typescript8.default.isPropertyAccessExpression(parent.expression) && /^(then|catch|finally)$/.test(parent.expression.name.text);
  }
  /** Every way the function answers: returns of responses, `callback(null, response)`, `callback('Unauthorized')`, throws. */
  outcomes() {
    const out = [];
    const callbackName = this.fn.parameters[2] && import_typescript8.default.isIdentifier(this.fn.parameters[2].name) ? this.fn.parameters[2].name.text : void 0;
    const visit = (node) => {
      if (import_typescript8.default.isFunctionDeclaration(node) && node !== this.fn) return;
      if (import_typescript8.default.isReturnStatement(node) && node.expression && this.answersFor(nearestFunction(node))) {
        const response = this.responseOf(node.expression);
        if (response) out.push({ node, decision: response.decision, response });
      }
      if (import_typescript8.default.isArrowFunction(node) && !import_typescript8.default.isBlock(node.body) && node !== this.fn && this.answersFor(node)) {
        const response = this.responseOf(node.body);
        if (response) out.push({ node: node.body, decision: response.decision, response });
      }
      if (import_typescript8.default.isThrowStatement(node)) out.push({ node, decision: "deny" });
      const expression = import_typescript8.default.isCallExpression(node) ? node.expression : void 0;
      const isAnswerCall = !!expression && (import_typescript8.default.isIdentifier(expression) && expression.text === callbackName || import_typescript8.default.isPropertyAccessExpression(expression) && import_typescript8.default.isIdentifier(expression.expression) && expression.expression.text === "context");
      if (import_typescript8.default.isCallExpression(node) && isAnswerCall) {
        const callee = node.expression.getText(this.scan.sourceFile);
        if (callbackName && callee === callbackName || /^context\.(succeed|done)$/.test(callee)) {
          const [first, second] = node.arguments;
          const isError = callee.endsWith("succeed") ? false : first && first.kind !== import_typescript8.default.SyntaxKind.NullKeyword && !(import_typescript8.default.isIdentifier(first) && first.text === "undefined");
          if (isError) out.push({ node, decision: "deny" });
          else {
            const response = this.responseOf(callee.endsWith("succeed") ? first : second);
            if (response) out.push({ node, decision: response.decision, response });
          }
        }
        if (/^context\.fail$/.test(callee)) out.push({ node, decision: "deny" });
      }
      import_typescript8.default.forEachChild(node, visit);
    };
    if (this.fn.body) visit(this.fn.body);
    return out;
  }
};
function isConditional(node, fn) {
  for (let current = node; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (import_typescript8.default.isIfStatement(parent) || import_typescript8.default.isCaseClause(parent) || import_typescript8.default.isDefaultClause(parent) || import_typescript8.default.isConditionalExpression(parent) || import_typescript8.default.isCatchClause(parent) || import_typescript8.default.isTryStatement(parent)) return true;
    if (import_typescript8.default.isForStatement(parent) || import_typescript8.default.isForOfStatement(parent) || import_typescript8.default.isForInStatement(parent) || import_typescript8.default.isWhileStatement(parent) || import_typescript8.default.isDoStatement(parent)) return true;
    if (import_typescript8.default.isBinaryExpression(parent) && [import_typescript8.default.SyntaxKind.AmpersandAmpersandToken, import_typescript8.default.SyntaxKind.BarBarToken, import_typescript8.default.SyntaxKind.QuestionQuestionToken].includes(parent.operatorToken.kind)) return true;
  }
  return false;
}
function enclosingCatch(node, fn) {
  for (let current = node; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (import_typescript8.default.isCatchClause(parent)) return parent;
    if (isFunctionLike(current) && import_typescript8.default.isCallExpression(parent) && import_typescript8.default.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === "catch") return parent.expression.name;
    if (isFunctionLike(current) && import_typescript8.default.isCallExpression(parent) && import_typescript8.default.isPropertyAccessExpression(parent.expression) && parent.expression.name.text === "then" && parent.arguments[1] === current) return current;
  }
  return void 0;
}
function isPositiveMembership(condition) {
  const expr = unwrapExpression(condition);
  if (import_typescript8.default.isCallExpression(expr) && import_typescript8.default.isPropertyAccessExpression(expr.expression) && /^(includes|has|some)$/.test(expr.expression.name.text)) return true;
  if (import_typescript8.default.isBinaryExpression(expr)) {
    if (expr.operatorToken.kind === import_typescript8.default.SyntaxKind.InKeyword) return true;
    if ([import_typescript8.default.SyntaxKind.AmpersandAmpersandToken, import_typescript8.default.SyntaxKind.BarBarToken].includes(expr.operatorToken.kind)) return isPositiveMembership(expr.left) || isPositiveMembership(expr.right);
    const left = unwrapExpression(expr.left);
    if (import_typescript8.default.isCallExpression(left) && import_typescript8.default.isPropertyAccessExpression(left.expression) && left.expression.name.text === "indexOf") {
      const right = expr.right.getText();
      const operator = expr.operatorToken.kind;
      return right === "-1" && [import_typescript8.default.SyntaxKind.ExclamationEqualsEqualsToken, import_typescript8.default.SyntaxKind.ExclamationEqualsToken, import_typescript8.default.SyntaxKind.GreaterThanToken].includes(operator) || right === "0" && operator === import_typescript8.default.SyntaxKind.GreaterThanEqualsToken;
    }
  }
  return false;
}
function collectAuthorizerDefaults(main, handlers, document) {
  if (!/\b(policyDocument|isAuthorized)\b/.test(main.scan.text)) return;
  const sourceFile = main.scan.sourceFile;
  const builders = /* @__PURE__ */ new Map();
  const namesPattern = (names) => new RegExp(`(^|[^\\w$])(${["policyDocument", "isAuthorized", ...names.map((name) => name.replace(/[$]/g, "\\$&"))].join("|")})(?![\\w$])`);
  let mayAnswer = namesPattern([]);
  for (let round = 0; round < 2; round++) {
    const pattern = mayAnswer;
    mayAnswer = namesPattern([...main.scan.functions].filter(([, fn]) => pattern.test(fn.getText(sourceFile))).map(([name]) => name));
  }
  for (const handler of handlers) {
    if (!handler.fn.body || !mayAnswer.test(handler.fn.getText(sourceFile))) continue;
    const reader = new AuthorizerReader(main.scan, handler.fn, builders);
    const outcomes = reader.outcomes();
    const responses = outcomes.filter((outcome) => outcome.response);
    if (responses.length === 0) continue;
    const shape = responses[0].response.shape;
    const allows = outcomes.filter((outcome) => outcome.decision === "allow");
    const denies = outcomes.filter((outcome) => outcome.decision !== "allow");
    const push = (entry) => {
      if (!document.authorizerDefaults.some((known) => known.kind === entry.kind && known.location.range.start === entry.location.range.start)) document.authorizerDefaults.push({ ...entry, handler: handler.exportName, shape });
    };
    const allowAt = (outcome) => main.locate(outcome.response?.allowNode ?? outcome.node);
    for (const outcome of allows) {
      const handlerOfCatch = enclosingCatch(outcome.node, handler.fn);
      if (handlerOfCatch) push({ kind: "allow-on-error", location: main.locate(outcome.node), allowLocation: allowAt(outcome), description: `\`${short3(outcome.node.getText(sourceFile))}\` answers Allow when the check throws` });
    }
    const body = handler.fn.body;
    if (import_typescript8.default.isBlock(body)) {
      body.statements.forEach((statement, index) => {
        if (!import_typescript8.default.isTryStatement(statement) || !statement.catchClause) return;
        const catchExits = exitsIn(statement.catchClause.block, handler.fn);
        const catchAnswers = outcomes.some((outcome) => contains(statement.catchClause, outcome.node));
        if (catchExits.returns.length > 0 || catchExits.throws.length > 0 || catchAnswers) return;
        const checks = outcomes.some((outcome) => outcome.decision !== "allow" && contains(statement.tryBlock, outcome.node)) || hasAwaitOrVerify(statement.tryBlock, main);
        if (!checks) return;
        const fallThrough = allows.find((outcome) => body.statements.slice(index + 1).some((later) => contains(later, outcome.node)) && !isConditional(outcome.node, handler.fn));
        if (fallThrough) push({ kind: "allow-on-error", location: main.locate(statement.catchClause.getChildAt(0, sourceFile)), allowLocation: allowAt(fallThrough), description: "the catch swallows the failed check, and the function goes on to the Allow at its end" });
      });
    }
    for (const outcome of allows) {
      const variable = outcome.response?.variable;
      if (!variable) continue;
      const flip = findFlipToDeny(handler.fn, variable, reader);
      if (flip) push({ kind: "allow-unless-listed", location: main.locate(flip), allowLocation: allowAt(outcome), description: `\`${variable}\` starts as Allow and only \`${short3(flip.getText(sourceFile))}\` turns it to Deny` });
    }
    const visitSwitches = (node) => {
      if (import_typescript8.default.isSwitchStatement(node)) {
        const defaultClause = node.caseBlock.clauses.find((clause) => import_typescript8.default.isDefaultClause(clause));
        const defaultAllow = defaultClause && allows.find((outcome) => contains(defaultClause, outcome.node));
        const caseDeny = node.caseBlock.clauses.some((clause) => import_typescript8.default.isCaseClause(clause) && denies.some((outcome) => contains(clause, outcome.node)));
        if (defaultClause && defaultAllow && caseDeny) push({ kind: "allow-unless-listed", location: main.locate(defaultClause.getChildAt(0, sourceFile)), allowLocation: allowAt(defaultAllow), description: "the `default` of the switch answers Allow: every value no case lists is let in" });
      }
      if (isFunctionLike(node) && node !== handler.fn) return;
      import_typescript8.default.forEachChild(node, visitSwitches);
    };
    visitSwitches(body);
    if (denies.length > 0) {
      const guards = denies.map((outcome) => membershipGuardOf(outcome.node, handler.fn));
      const unguardedAllow = allows.find((outcome) => !isConditional(outcome.node, handler.fn));
      if (unguardedAllow && guards.every((guard) => guard !== void 0)) {
        push({ kind: "allow-unless-listed", location: main.locate(guards[0].expression), allowLocation: allowAt(unguardedAllow), description: `only callers for whom \`${short3(guards[0].expression.getText(sourceFile))}\` holds are denied; everyone else reaches the Allow` });
      }
    }
    if (allows.length > 0 && denies.length === 0 && !readsCredential(handler.fn) && !callsWithEvent(handler.fn, main.scan, reader)) {
      push({ kind: "allow-unconditional", location: main.locate(allows[0].node), allowLocation: allowAt(allows[0]), description: "the authorizer answers Allow to every caller: it reads no token and has no way to deny" });
    }
  }
}
function membershipGuardOf(node, fn) {
  for (let current = node; current.parent && current !== fn; current = current.parent) {
    const parent = current.parent;
    if (import_typescript8.default.isIfStatement(parent) && parent.thenStatement === current) return isPositiveMembership(parent.expression) ? parent : void 0;
    if (import_typescript8.default.isIfStatement(parent) || import_typescript8.default.isCaseClause(parent) || import_typescript8.default.isCatchClause(parent)) return void 0;
  }
  return void 0;
}
function hasAwaitOrVerify(block, main) {
  if (main.authCalls.some((fact) => fact.kind === "jwt-verified" && contains(block, fact.node))) return true;
  let found = false;
  const visit = (node) => {
    if (found) return;
    if (import_typescript8.default.isAwaitExpression(node)) found = true;
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(block);
  return found;
}
function findFlipToDeny(fn, variable, reader) {
  let found;
  const rootOf = (node) => {
    let current = unwrapExpression(node);
    while (import_typescript8.default.isPropertyAccessExpression(current) || import_typescript8.default.isElementAccessExpression(current)) current = unwrapExpression(current.expression);
    return import_typescript8.default.isIdentifier(current) ? current.text : void 0;
  };
  const visit = (node) => {
    if (found) return;
    if (import_typescript8.default.isBinaryExpression(node) && node.operatorToken.kind === import_typescript8.default.SyntaxKind.EqualsToken && rootOf(node.left) === variable) {
      const right = unwrapExpression(node.right);
      const isWholeValue = import_typescript8.default.isIdentifier(unwrapExpression(node.left));
      if (effectWord(right) === "deny" || memberName(node.left) === "isAuthorized" && right.kind === import_typescript8.default.SyntaxKind.FalseKeyword || isWholeValue && reader.responseOf(right)?.decision === "deny") found = node;
    }
    if (import_typescript8.default.isCallExpression(node) && import_typescript8.default.isPropertyAccessExpression(node.expression) && /^(push|unshift)$/.test(node.expression.name.text) && rootOf(node.expression.expression) === variable && /\bEffect\s*:\s*['"`]Deny['"`]/i.test(node.arguments.map((argument) => argument.getText()).join(" "))) found = node;
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}
function readsCredential(fn) {
  let found = false;
  const visit = (node) => {
    if (found) return;
    const name = import_typescript8.default.isPropertyAccessExpression(node) || import_typescript8.default.isElementAccessExpression(node) ? memberName(node) : import_typescript8.default.isBindingElement(node) ? propertyNameText(node.propertyName ?? (import_typescript8.default.isIdentifier(node.name) ? node.name : void 0)) : void 0;
    if (name !== void 0 && CREDENTIAL_FIELDS.test(name) && !isLoggingArgument(node, fn)) found = true;
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}
function callsWithEvent(fn, scan, reader) {
  const event = fn.parameters[0] && import_typescript8.default.isIdentifier(fn.parameters[0].name) ? fn.parameters[0].name.text : void 0;
  if (!event) return false;
  let found = false;
  const visit = (node) => {
    if (found) return;
    if (import_typescript8.default.isCallExpression(node) && !reader.responseOf(node) && !isLoggingArgument(node.arguments[0] ?? node, fn) && !/^(console\.\w+|JSON\.stringify)$/.test(node.expression.getText(scan.sourceFile))) {
      if (node.arguments.some((argument) => import_typescript8.default.isIdentifier(unwrapExpression(argument)) && unwrapExpression(argument).text === event)) found = true;
    }
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}
function holdsGroups(node, declarations, depth = 0) {
  if (depth > 3) return false;
  const expr = unwrapExpression(node);
  if (/cognito:groups/.test(expr.getText())) return true;
  if (import_typescript8.default.isCallExpression(expr) && import_typescript8.default.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === "split") return holdsGroups(expr.expression.expression, declarations, depth + 1);
  if (import_typescript8.default.isIdentifier(expr)) {
    const initializer = declarations.get(expr.text)?.initializer;
    if (initializer) return holdsGroups(initializer, declarations, depth + 1);
    return /^(cognito)?_?(user)?_?groups$/i.test(expr.text);
  }
  if (import_typescript8.default.isPropertyAccessExpression(expr) && /^(cognito)?_?(user)?_?groups$/i.test(expr.name.text)) return true;
  return false;
}
function comparedWithString(node) {
  const outer = outerValue(node);
  const parent = outer.parent;
  if (!parent || !import_typescript8.default.isBinaryExpression(parent)) return void 0;
  if (![import_typescript8.default.SyntaxKind.EqualsEqualsEqualsToken, import_typescript8.default.SyntaxKind.EqualsEqualsToken, import_typescript8.default.SyntaxKind.ExclamationEqualsEqualsToken, import_typescript8.default.SyntaxKind.ExclamationEqualsToken].includes(parent.operatorToken.kind)) return void 0;
  const other = parent.left === outer ? parent.right : parent.left;
  return stringValue(other) !== void 0 ? parent : void 0;
}
function collectFirstGroupChecks(main, handlers, document) {
  const scan = main.scan;
  if (!/groups/i.test(scan.text)) return;
  const declarations = localDeclarations(scan.sourceFile);
  const handlerOf = (node) => handlers.find((handler) => contains(handler.fn, node))?.exportName;
  const visit = (node) => {
    if (import_typescript8.default.isElementAccessExpression(node) && import_typescript8.default.isNumericLiteral(node.argumentExpression) && node.argumentExpression.text === "0" && holdsGroups(node.expression, declarations)) {
      let comparison = comparedWithString(node);
      if (!comparison) {
        const outer = outerValue(node);
        if (import_typescript8.default.isVariableDeclaration(outer.parent) && import_typescript8.default.isIdentifier(outer.parent.name)) {
          const fn = nearestFunction(node) ?? scan.sourceFile;
          for (const reference of referencesAfter(fn, outer.parent.name.text, outer.end)) {
            comparison = comparedWithString(reference);
            if (comparison) break;
          }
        }
      }
      if (comparison) {
        document.authorizerDefaults.push({ kind: "first-group-only", handler: handlerOf(node), location: main.locate(node), description: `\`${short3(comparison.getText(scan.sourceFile))}\` decides by the first group only` });
      }
    }
    import_typescript8.default.forEachChild(node, visit);
  };
  visit(scan.sourceFile);
}
function leadingText(node, scan, declarations, depth = 0) {
  if (!node || depth > 3) return void 0;
  const expr = unwrapExpression(node);
  if (import_typescript8.default.isStringLiteral(expr) || import_typescript8.default.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  if (import_typescript8.default.isTemplateExpression(expr)) return expr.head.text;
  if (import_typescript8.default.isBinaryExpression(expr) && expr.operatorToken.kind === import_typescript8.default.SyntaxKind.PlusToken) return leadingText(expr.left, scan, declarations, depth + 1);
  if (import_typescript8.default.isIdentifier(expr)) {
    const fn = nearestFunction(expr);
    if (fn && !declarations.has(fn)) declarations.set(fn, localDeclarations(fn));
    const local = fn ? declarations.get(fn).get(expr.text) : void 0;
    const initializer = local && import_typescript8.default.isVariableDeclarationList(local.parent) && local.parent.flags & import_typescript8.default.NodeFlags.Const ? local.initializer : scan.constants.get(expr.text);
    return leadingText(initializer, scan, declarations, depth + 1);
  }
  if (import_typescript8.default.isObjectLiteralExpression(expr)) {
    for (const property of expr.properties) {
      const key = propertyNameText(property.name);
      if ((key === "sql" || key === "text" || key === "Sql") && import_typescript8.default.isPropertyAssignment(property)) return leadingText(property.initializer, scan, declarations, depth + 1);
    }
  }
  return void 0;
}
function collectDataWrites(main, handlers, document) {
  const scan = main.scan;
  if (!scan.imports.some((entry) => entry.packageName !== void 0 && SQL_PACKAGES.has(entry.packageName))) return;
  if (!/\b(INSERT|UPDATE|DELETE|REPLACE|MERGE|DROP|TRUNCATE|ALTER|UPSERT)\b/i.test(scan.text)) return;
  const handlerOf = (node) => handlers.find((handler) => contains(handler.fn, node))?.exportName;
  const declarations = /* @__PURE__ */ new Map();
  const found = [];
  for (const site of main.sqlSites) {
    const match = SQL_WRITE.exec(leadingText(site.node, scan, declarations) ?? "");
    if (match && !found.some((entry) => entry.construct === site.construct)) found.push({ statement: match[1].toUpperCase(), via: site.callee.split(" ")[0], construct: site.construct });
  }
  if (scan.imports.some((entry) => entry.packageName !== void 0 && SQL_TAG_MODULES.has(entry.packageName))) {
    const visit = (node) => {
      if (import_typescript8.default.isTaggedTemplateExpression(node)) {
        const template = node.template;
        const match = SQL_WRITE.exec(import_typescript8.default.isNoSubstitutionTemplateLiteral(template) ? template.text : template.head.text);
        const name = match ? qualifiedNameOf(scan, node.tag) : void 0;
        if (match && name && SQL_TAG_MODULES.has(name.module)) found.push({ statement: match[1].toUpperCase(), via: describeQualifiedName(name), construct: node });
      }
      import_typescript8.default.forEachChild(node, visit);
    };
    visit(scan.sourceFile);
  }
  found.sort((a, b) => a.construct.pos - b.construct.pos);
  for (const entry of found) document.dataWrites.push({ store: "sql", statement: entry.statement, via: entry.via, handler: handlerOf(entry.construct), location: main.locate(entry.construct) });
}

// server/src/engine/code/typescript/front-end.ts
var MAX_CODE_BYTES = 1e6;
var MAX_REEXPORT_DEPTH = 5;
function languageOf(path2) {
  const lower = path2.toLowerCase();
  if (/\.(ts|mts|cts|tsx)$/.test(lower)) return lower.endsWith(".d.ts") ? void 0 : "typescript";
  if (/\.(js|mjs|cjs|jsx)$/.test(lower)) return "javascript";
  return void 0;
}
function skipReason(path2, text) {
  if (text.length > MAX_CODE_BYTES) return `file is over 1 MB (${text.length} characters); skipped`;
  if (text.includes("\0")) return "binary content; skipped";
  const head = text.slice(0, 1500);
  if (/@generated\b|\bDO NOT EDIT\b|\bauto-?generated\b|\bCode generated by\b/i.test(head)) return "generated file (marked in its header); skipped";
  if (/__webpack_require__|webpackBootstrap|\bparcelRequire\b/.test(text.slice(0, 2e4))) return "bundled output (webpack/parcel); skipped";
  if (/\.min\.(js|mjs|cjs)$/i.test(path2)) return "minified file (.min.js); skipped";
  if (text.length > 5e3) {
    let longest = 0;
    let lines2 = 0;
    let start = 0;
    while (start <= text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      longest = Math.max(longest, end - start);
      lines2++;
      start = end + 1;
    }
    if (longest > 5e3 && longest > text.length / 2) return `minified code (a line of ${longest} characters); skipped`;
    if (text.length / lines2 > 400) return `minified code (${Math.round(text.length / lines2)} characters per line on average); skipped`;
  }
  return void 0;
}
function candidatesOf(module2, input, names) {
  const out = [];
  for (const entry of module2.scan.exports) {
    const exportName = names ? names.get(entry.name) : entry.name;
    if (exportName === void 0) continue;
    const resolved = resolveFunction(module2.scan, entry.node);
    if (!resolved) continue;
    const { reasons, triggerHint, eventParameter } = handlerReasons(module2.scan, resolved, exportName);
    const named = input.handlers?.find((handler) => handler.exportName === exportName);
    if (named) reasons.unshift("named as the handler by a template");
    if (reasons.length === 0) continue;
    const given = named?.trigger && named.trigger !== "unknown" ? named.trigger : input.trigger && input.trigger !== "unknown" ? input.trigger : void 0;
    const trigger = given ?? triggerHint ?? "unknown";
    const location = module2.location(resolved.fn);
    out.push({ exportName, module: module2, fn: resolved.fn, candidate: { exportName, functionLocation: location, eventParameter, wrappedBy: resolved.wrappedBy, reasons, triggerHint, trigger } });
  }
  return out;
}
function analyzeTypeScript(input, language) {
  const document = emptyCodeDocument(input.path, language, input.trigger ?? "unknown");
  const reason = skipReason(input.path, input.text);
  if (reason) {
    document.skipped = reason;
    return document;
  }
  let scan;
  let main;
  try {
    scan = scanModule(input.path, input.text, input.syntaxTrees);
    main = new ModuleContext(scan, true, 0);
  } catch (error) {
    document.skipped = error instanceof RangeError ? "nests too deeply to analyse (about a thousand levels); skipped" : `could not be parsed: ${error instanceof Error ? error.message : String(error)}`;
    return document;
  }
  document.issues.push(...scan.issues);
  const comments = directiveComments(scan.sourceFile);
  if (comments.length > 0) document.comments = comments;
  document.imports = scan.imports;
  document.reExports = scan.reExports;
  document.exports = scan.exports.map((entry) => ({ name: entry.name, range: entry.range, isFunction: !!resolveFunction(scan, entry.node) }));
  const solver = new Solver({ document, readModule: input.readModule, budget: input.workBudget, syntaxTrees: input.syntaxTrees });
  try {
    solver.registerModuleSinks(main);
    const candidates = candidatesOf(main, input);
    candidates.push(...followReExports(main, input, document, solver));
    for (const { exportName, module: module2, fn, candidate } of candidates) {
      document.handlers.push(candidate);
      recordMiddlewareGuards(module2, candidate, solver);
      const issue = solver.analyseHandler(module2, fn, exportName, candidate.trigger, scanModule);
      if (issue) document.issues.push({ message: issue, range: candidate.functionLocation.path ? void 0 : candidate.functionLocation.range, severity: "warning" });
    }
    for (const named of input.handlers ?? []) {
      if (!document.handlers.some((handler) => handler.exportName === named.exportName)) document.issues.push({ message: `the template names export \`${named.exportName}\`, but this file exports no function by that name`, severity: "warning" });
    }
    if (document.handlers.some((handler) => handler.trigger === "unknown")) {
      document.assumptions.push("trigger unknown: every event field except requestContext is treated as untrusted (a template naming this handler gives its trigger)");
    }
    for (const fact of main.siteScan.authFacts) document.authFacts.push({ kind: fact.kind, via: fact.via, location: main.location(fact.node) });
    for (const call of main.siteScan.awsCalls) document.awsCalls.push(awsCallOf2(main, call));
    collectImportedAwsCalls(main, solver, document);
    const { opaque, credentials } = opaqueAwsCalls(main.scan, (node) => main.location(node), new Set(main.siteScan.awsCalls.map((call) => call.node)));
    if (opaque.length > 0) document.opaqueAwsCalls = opaque;
    if (credentials.length > 0) document.awsCredentials = credentials;
    collectCodeFacts(main.scan, candidates.filter((entry) => entry.module === main).map(({ fn, exportName }) => ({ fn, exportName })), document, (node) => main.location(node));
    const toAuthModule = (module2) => ({
      scan: module2.scan,
      authCalls: module2.siteScan.authFacts,
      sqlSites: [...module2.siteScan.sites.values()].flat().filter((site) => site.kind === "sql"),
      locate: (node) => module2.location(node)
    });
    collectAuthFacts(toAuthModule(main), candidates.filter((entry) => entry.module === main).map(({ fn, exportName }) => ({ fn, exportName })), document, (specifier) => {
      const module2 = solver.importedModule(main, specifier, scanModule);
      return module2 && toAuthModule(module2);
    });
  } catch (error) {
    if (error instanceof RangeError) document.issues.push({ message: "nests too deeply to analyse; flows after that point are not reported", severity: "warning" });
    else document.issues.push({ message: `internal error while analysing handler code: ${error instanceof Error ? error.message : String(error)}`, severity: "error" });
  }
  return document;
}
function collectImportedAwsCalls(main, solver, document) {
  const incomplete = [];
  const seen = /* @__PURE__ */ new Set();
  for (const entry of main.scan.imports) {
    if (!entry.isRelative || seen.has(entry.specifier)) continue;
    seen.add(entry.specifier);
    const module2 = solver.importedModule(main, entry.specifier, scanModule);
    if (!module2) {
      incomplete.push(`'${entry.specifier}' could not be read`);
      continue;
    }
    for (const call of module2.siteScan.awsCalls) document.awsCalls.push(awsCallOf2(module2, call));
    const deeper = module2.scan.imports.find((inner) => inner.isRelative);
    if (deeper) incomplete.push(`'${entry.specifier}' imports '${deeper.specifier}', which is not read`);
    if (module2.scan.exports.some((exported) => exportsAwsClient(module2.scan, exported.node))) incomplete.push(`'${entry.specifier}' exports an AWS client; the calls made through it are not read`);
  }
  if (incomplete.length > 0) document.awsCallsIncomplete = incomplete;
}
function awsCallOf2(module2, call) {
  const isCall = import_typescript9.default.isCallExpression(call.node) || import_typescript9.default.isNewExpression(call.node);
  const resources = isCall ? resourcesOfCall(module2.scan, call.node, call.service, (node) => module2.location(node)) : [];
  const details = isCall ? callDetailsOf(module2.scan, call.node, call.operation) : void 0;
  return { sdkVersion: call.sdkVersion, packageName: call.packageName, service: call.service, operation: call.operation, location: module2.location(call.node), ...resources.length > 0 ? { resources } : {}, ...details ? { details } : {} };
}
function exportsAwsClient(scan, node, depth = 0) {
  if (depth > 2 || !import_typescript9.default.isExpression(node)) return false;
  const expr = unwrapExpression(node);
  if (import_typescript9.default.isObjectLiteralExpression(expr)) return expr.properties.some((property) => import_typescript9.default.isPropertyAssignment(property) ? exportsAwsClient(scan, property.initializer, depth + 1) : import_typescript9.default.isShorthandPropertyAssignment(property) ? exportsAwsClient(scan, property.name, depth + 1) : false);
  const name = qualifiedNameOf(scan, expr);
  return !!name && (name.module === "aws-sdk" || name.module.startsWith("aws-sdk/") || name.module.startsWith("@aws-sdk/")) && name.members.includes("()");
}
function recordMiddlewareGuards(module2, candidate, solver) {
  for (const wrapper of candidate.wrappedBy) {
    const match = /^\.use\(([A-Za-z_$][\w$]*)/.exec(wrapper);
    const library = match ? module2.scan.bindings.get(match[1])?.module : void 0;
    if (!library || !/^@middy\/validator|^@aws-lambda-powertools\/parser/.test(library)) continue;
    solver.addGuard("schema", library, candidate.functionLocation, 0, `middleware \`${wrapper.slice(1)}\` validates the event; its schema is not read, so flows from the event are kept`);
  }
}
function followReExports(main, input, document, solver) {
  const out = [];
  if (!input.readModule) {
    if (main.scan.reExports.length > 0) document.issues.push({ message: "re-exports are not followed: no module reader was given", severity: "info" });
    return out;
  }
  const visit = (module2, names, chain, depth) => {
    for (const reExport of module2.scan.reExports) {
      let wanted;
      if (reExport.isStar) wanted = names ? new Map(names) : void 0;
      else {
        wanted = /* @__PURE__ */ new Map();
        for (const { imported, exported } of reExport.names) {
          const outer = names ? names.get(exported) : exported;
          if (outer !== void 0 && imported !== "*") wanted.set(imported, outer);
        }
        if (wanted.size === 0) continue;
      }
      let read;
      try {
        read = input.readModule(module2.scan.path, reExport.specifier);
      } catch {
        read = void 0;
      }
      if (!read) {
        document.issues.push({ message: `re-export from '${reExport.specifier}' could not be read; its handlers are unknown`, range: module2.isMain ? reExport.range : void 0, severity: "info" });
        continue;
      }
      if (chain.includes(read.path)) {
        document.issues.push({ message: `re-export cycle: ${[...chain, read.path].join(" -> ")}; stopped there`, range: module2.isMain ? reExport.range : void 0, severity: "warning" });
        continue;
      }
      if (depth >= MAX_REEXPORT_DEPTH) {
        document.issues.push({ message: `re-exports nest deeper than ${MAX_REEXPORT_DEPTH} modules; stopped at '${reExport.specifier}'`, severity: "warning" });
        continue;
      }
      const reason = skipReason(read.path, read.text);
      if (reason) {
        document.issues.push({ message: `${read.path}: ${reason}`, severity: "info" });
        continue;
      }
      const target = new ModuleContext(scanModule(read.path, read.text, input.syntaxTrees), false, 0);
      solver.registerModuleSinks(target);
      out.push(...candidatesOf(target, input, wanted ?? new Map(target.scan.exports.map((entry) => [entry.name, entry.name]))));
      visit(target, wanted, [...chain, read.path], depth + 1);
    }
  };
  visit(main, void 0, [main.scan.path], 0);
  return out;
}

// server/src/engine/code/index.ts
function analyzeCode(input) {
  const language = languageOf(input.path);
  if (!language) {
    const document = emptyCodeDocument(input.path, "javascript", input.trigger ?? "unknown");
    document.skipped = "not a JavaScript or TypeScript source file (.js .mjs .cjs .jsx .ts .mts .cts .tsx); skipped";
    return document;
  }
  if (typeof input.text !== "string") {
    const document = emptyCodeDocument(input.path, language, input.trigger ?? "unknown");
    document.skipped = "no text was given; skipped";
    return document;
  }
  return analyzeTypeScript(input, language);
}

// scripts/_phases.ts
var lines = Number(process.argv[2] ?? 3007);
var g = generateHandler(lines);
var editAt = g.text.indexOf(HANDLER_EDIT_MARKER) + HANDLER_EDIT_MARKER.length;
var trees = new SyntaxTreeCache();
var t = {};
var time = (k, f) => {
  const s = performance.now();
  const r = f();
  (t[k] ??= []).push(performance.now() - s);
  return r;
};
var path = "/a/src/orders.ts";
for (let i = 0; i < 80; i++) {
  const text = i % 2 === 0 ? g.text.slice(0, editAt) + "x" + g.text.slice(editAt) : g.text;
  const scan = time("scanModule", () => scanModule(path, text, trees));
  const m = time("sites", () => new ModuleContext(scan, true, 0));
  time("opaque", () => opaqueAwsCalls(scan, (n) => m.location(n), new Set(m.siteScan.awsCalls.map((c) => c.node))));
  const doc = emptyCodeDocument(path, "typescript", "unknown");
  time("facts", () => collectCodeFacts(scan, [], doc, (n) => m.location(n)));
  time("walk-only", () => {
    let c = 0;
    const v2 = (n) => {
      c++;
      import_typescript10.default.forEachChild(n, v2);
    };
    v2(scan.sourceFile);
    return c;
  });
  time("analyzeCode", () => analyzeCode({ path, text, handlers: g.exports.map((e) => ({ exportName: e.name, trigger: "api-http" })), syntaxTrees: trees }));
}
var count = 0;
var v = (n) => {
  count++;
  import_typescript10.default.forEachChild(n, v);
};
v(scanModule(path, g.text).sourceFile);
console.log("nodes", count);
for (const [k, xs] of Object.entries(t)) {
  const s = xs.slice(20).sort((a, b) => a - b);
  console.log(k.padEnd(12), s[Math.floor(s.length / 2)].toFixed(2));
}

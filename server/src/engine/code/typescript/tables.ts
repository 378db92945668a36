/**
 * JavaScript/TypeScript library models as data: sinks, sanitizers, propagators, guard predicates,
 * auth calls and aliases of module names. A new library is a line here, not code in the solver.
 * A callee is named by its module and member path (`pg` + `Pool() query`); globals use module ''.
 */
import type { AuthFactKind, GuardKind, SinkKind, TriggerKind } from '../model';

export interface SinkModel {
  kind: SinkKind;
  cwe: string;
  modules: readonly string[];
  /** The last member of the callee; '' is the module (or global) called itself, '*' any member. */
  methods: readonly string[];
  /** Argument positions that must not be tainted; 'all' for every argument. */
  args: readonly number[] | 'all';
  /** Properties of an object argument that must not be tainted (`url`, `FilterExpression`). */
  argProperties?: readonly string[];
  /** An extra condition on the call. */
  when?: 'shell-option' | 'string-argument' | 'unsafe-yaml-schema' | 'xml-noent';
}

export const SQL_CLIENTS = ['pg', 'mysql', 'mysql2', 'mysql2/promise', 'mssql', 'sqlite3', 'better-sqlite3', 'sequelize', 'typeorm', 'postgres', '@neondatabase/serverless', '@vercel/postgres', 'oracledb', 'tedious'];
const FS = ['fs', 'fs/promises', 'fs-extra', 'graceful-fs'];
const FS_METHODS = ['readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createReadStream', 'createWriteStream', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'readdir', 'readdirSync', 'mkdir', 'mkdirSync', 'open', 'openSync', 'copyFile', 'copyFileSync', 'rename', 'renameSync', 'remove', 'removeSync', 'outputFile', 'readJson', 'readJSON', 'writeJson', 'sendFile'];
const HTTP_METHODS = ['', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request'];
const DYNAMODB = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', 'aws-sdk', 'aws-sdk/clients/dynamodb', 'dynamodb-toolbox'];

export const SINKS: readonly SinkModel[] = [
  { kind: 'command', cwe: 'CWE-78', modules: ['child_process'], methods: ['exec', 'execSync'], args: [0] },
  { kind: 'command', cwe: 'CWE-78', modules: ['child_process'], methods: ['spawn', 'spawnSync', 'execFile', 'execFileSync'], args: [0, 1], when: 'shell-option' },
  { kind: 'command', cwe: 'CWE-78', modules: ['shelljs'], methods: ['exec'], args: [0] },
  { kind: 'command', cwe: 'CWE-78', modules: ['execa'], methods: ['execaCommand', 'execaCommandSync', 'command', 'commandSync'], args: [0] },
  { kind: 'code-eval', cwe: 'CWE-94', modules: [''], methods: ['eval', 'Function'], args: 'all' },
  { kind: 'code-eval', cwe: 'CWE-94', modules: [''], methods: ['setTimeout', 'setInterval', 'setImmediate'], args: [0], when: 'string-argument' },
  { kind: 'code-eval', cwe: 'CWE-94', modules: ['vm'], methods: ['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script'], args: [0] },
  { kind: 'sql', cwe: 'CWE-89', modules: SQL_CLIENTS, methods: ['query', 'execute', 'exec', 'prepare', 'unsafe', 'run', 'all', 'get'], args: [0], argProperties: ['text', 'sql'] },
  { kind: 'sql', cwe: 'CWE-89', modules: ['knex', 'sequelize', 'typeorm', '@prisma/client', 'kysely', 'drizzle-orm'], methods: ['raw', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orderByRaw', 'joinRaw', 'groupByRaw', 'literal', '$queryRawUnsafe', '$executeRawUnsafe'], args: [0] },
  { kind: 'sql', cwe: 'CWE-89', modules: ['@aws-sdk/client-rds-data'], methods: ['ExecuteStatementCommand', 'BatchExecuteStatementCommand', 'executeStatement'], args: [], argProperties: ['sql'] },
  { kind: 'sql', cwe: 'CWE-89', modules: ['@aws-sdk/client-redshift-data', '@aws-sdk/client-athena'], methods: ['ExecuteStatementCommand', 'StartQueryExecutionCommand'], args: [], argProperties: ['Sql', 'QueryString'] },
  { kind: 'nosql', cwe: 'CWE-943', modules: DYNAMODB, methods: ['*'], args: [], argProperties: ['FilterExpression', 'KeyConditionExpression', 'UpdateExpression', 'ConditionExpression', 'ProjectionExpression', 'Statement', 'TableName'] },
  { kind: 'path', cwe: 'CWE-22', modules: FS, methods: FS_METHODS, args: [0] },
  { kind: 'url', cwe: 'CWE-918', modules: [''], methods: ['fetch'], args: [0] },
  { kind: 'url', cwe: 'CWE-918', modules: ['node-fetch', 'cross-fetch', 'isomorphic-fetch'], methods: [''], args: [0] },
  { kind: 'url', cwe: 'CWE-918', modules: ['axios', 'got', 'superagent', 'request', 'request-promise', 'ky', 'phin'], methods: HTTP_METHODS, args: [0], argProperties: ['url', 'baseURL', 'prefixUrl'] },
  // needle's members take the URL first (`needle.get(url)`); called itself, it takes the method first (`needle('get', url)`).
  { kind: 'url', cwe: 'CWE-918', modules: ['needle'], methods: HTTP_METHODS.filter((method) => method !== ''), args: [0] },
  { kind: 'url', cwe: 'CWE-918', modules: ['needle'], methods: [''], args: [1] },
  { kind: 'url', cwe: 'CWE-918', modules: ['http', 'https', 'follow-redirects'], methods: ['request', 'get'], args: [0], argProperties: ['host', 'hostname'] },
  { kind: 'url', cwe: 'CWE-918', modules: ['undici'], methods: ['request', 'fetch', 'stream'], args: [0] },
  // Raw TCP and TLS connections: `net.connect(port, host)`, `new net.Socket().connect(port, host)`, `tls.connect({ host })`.
  // The host is what the caller must not choose (internal services, the instance metadata endpoint of a container host).
  { kind: 'url', cwe: 'CWE-918', modules: ['net', 'tls'], methods: ['connect', 'createConnection'], args: [1], argProperties: ['host'] },
  { kind: 'deserialization', cwe: 'CWE-502', modules: ['node-serialize', 'serialize-to-js', 'funcster'], methods: ['unserialize', 'deserialize', 'deepDeserialize'], args: [0] },
  { kind: 'deserialization', cwe: 'CWE-502', modules: ['js-yaml'], methods: ['load', 'loadAll'], args: [0], when: 'unsafe-yaml-schema' },
  { kind: 'xml', cwe: 'CWE-611', modules: ['libxmljs', 'libxmljs2'], methods: ['parseXml', 'parseXmlString', 'parseXmlAsync'], args: [0], when: 'xml-noent' },
  { kind: 'regex', cwe: 'CWE-1333', modules: [''], methods: ['RegExp'], args: [0] },
];

/** MongoDB clients: a collection's or model's query methods read their filter's values as operators when they are objects. */
export const MONGO_MODULES: ReadonlySet<string> = new Set(['mongodb', 'mongoose', 'monk', 'mongojs']);
/** Methods whose first argument is a query filter (the driver's and Mongoose's); `find` only with an object, never a callback. */
export const MONGO_FILTER_METHODS: ReadonlySet<string> = new Set([
  'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'findOneAndRemove',
  'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'replaceOne', 'countDocuments', 'count', 'exists', 'where', 'remove',
]);
/** Query operators that take their operand as a value: `{ name: { $eq: input } }` is the documented way to compare safely. */
export const MONGO_LITERAL_OPERATORS: ReadonlySet<string> = new Set(['$eq', '$ne', '$in', '$nin']);

/** Sink kinds of response shapes that are not calls; the solver recognises them in object literals. */
export const RESPONSE_SINKS = {
  redirect: { kind: 'redirect' as SinkKind, cwe: 'CWE-601', headers: ['location'] },
  html: { kind: 'html' as SinkKind, cwe: 'CWE-79' },
  mongoWhere: { kind: 'nosql' as SinkKind, cwe: 'CWE-943', property: '$where' },
};

export interface SanitizerModel {
  modules: readonly string[];
  methods: readonly string[];
  cuts: readonly SinkKind[] | 'all';
  kind: GuardKind;
  library: string;
}

export const SANITIZERS: readonly SanitizerModel[] = [
  // encodeURIComponent leaves no '/', '?', '#', '&' or ':' in a URL, path or Location header, nor markup.
  { modules: [''], methods: ['encodeURIComponent'], cuts: ['url', 'path', 'redirect', 'html', 'command'], kind: 'encode', library: 'encodeURIComponent' },
  { modules: [''], methods: ['Number', 'parseInt', 'parseFloat', 'Boolean', 'BigInt'], cuts: 'all', kind: 'number-check', library: 'number conversion' },
  { modules: [''], methods: ['Math'], cuts: 'all', kind: 'number-check', library: 'Math' },
  { modules: ['path'], methods: ['basename'], cuts: ['path'], kind: 'escape', library: 'path.basename' },
  // Removes every key that starts with `$` (or holds a `.`), so no operator is left in the value.
  { modules: ['mongo-sanitize'], methods: [''], cuts: ['nosql'], kind: 'escape', library: 'mongo-sanitize' },
  { modules: ['escape-html', 'he', 'xss', 'sanitize-html', 'dompurify', 'isomorphic-dompurify', 'html-escaper'], methods: ['', 'escape', 'encode', 'sanitize'], cuts: ['html'], kind: 'escape', library: 'html escaping' },
  { modules: ['validator'], methods: ['escape'], cuts: ['html'], kind: 'escape', library: 'validator.escape' },
  { modules: ['lodash', 'lodash/escape', 'underscore'], methods: ['escape'], cuts: ['html'], kind: 'escape', library: 'lodash.escape' },
  { modules: ['lodash', 'lodash/escapeRegExp', 'escape-string-regexp'], methods: ['escapeRegExp', ''], cuts: ['regex'], kind: 'escape', library: 'escapeRegExp' },
  { modules: ['shell-quote'], methods: ['quote'], cuts: ['command'], kind: 'escape', library: 'shell-quote' },
  { modules: ['shell-escape', 'shescape'], methods: ['', 'quote', 'quoteAll', 'escape'], cuts: ['command'], kind: 'escape', library: 'shell escaping' },
  { modules: ['sqlstring', 'mysql', 'mysql2', 'pg-format'], methods: ['escape', 'format', 'escapeId', ''], cuts: ['sql'], kind: 'escape', library: 'SQL escaping' },
  { modules: ['pg'], methods: ['escapeLiteral', 'escapeIdentifier'], cuts: ['sql'], kind: 'escape', library: 'pg escaping' },
];

/** Predicates that, when true of a value, prove it harmless (a UUID, an integer, a member of a set). */
export interface PredicateModel {
  modules: readonly string[];
  methods: readonly string[];
  /** Which argument the predicate is about. */
  argument: number;
  cuts: readonly SinkKind[] | 'all';
  kind: GuardKind;
  library: string;
}

const URL_LIKE: readonly SinkKind[] = ['command', 'code-eval', 'sql', 'nosql', 'path', 'deserialization', 'xml', 'html', 'regex'];

export const PREDICATES: readonly PredicateModel[] = [
  { modules: ['validator'], methods: ['isUUID', 'isInt', 'isNumeric', 'isAlphanumeric', 'isAlpha', 'isEmail', 'isBoolean', 'isHexadecimal', 'isMongoId', 'isISO8601', 'isDate', 'isIn', 'isFloat', 'isDecimal', 'isMobilePhone', 'isPostalCode', 'matches'], argument: 0, cuts: 'all', kind: 'validator-function', library: 'validator' },
  { modules: ['validator'], methods: ['isURL', 'isFQDN'], argument: 0, cuts: URL_LIKE, kind: 'validator-function', library: 'validator' },
  { modules: ['uuid'], methods: ['validate'], argument: 0, cuts: 'all', kind: 'validator-function', library: 'uuid' },
  { modules: [''], methods: ['Number.isInteger', 'Number.isSafeInteger', 'Number.isFinite', 'isFinite'], argument: 0, cuts: 'all', kind: 'number-check', library: 'Number' },
];

/** Calls whose result carries the taint of their arguments (or receiver), with the step they add. */
export const PROPAGATING_GLOBALS: ReadonlySet<string> = new Set(['String', 'JSON.parse', 'JSON.stringify', 'decodeURIComponent', 'decodeURI', 'encodeURI', 'Object.assign', 'Object.values', 'Object.entries', 'Object.keys', 'Object.fromEntries', 'Array.from', 'Array.of', 'Buffer.from', 'Promise.all', 'Promise.allSettled', 'Promise.race', 'Promise.any', 'Promise.resolve', 'atob', 'btoa', 'structuredClone', 'URL', 'URLSearchParams', 'unescape', 'escape']);

export const PROPAGATING_MODULE_FUNCTIONS: readonly { modules: readonly string[]; methods: readonly string[] }[] = [
  { modules: ['path'], methods: ['join', 'resolve', 'normalize', 'relative', 'dirname', 'extname', 'format', 'parse'] },
  { modules: ['url'], methods: ['resolve', 'parse', 'format', 'URL', 'URLSearchParams', 'fileURLToPath'] },
  { modules: ['querystring', 'qs'], methods: ['parse', 'stringify', 'decode', 'unescape'] },
  { modules: ['util'], methods: ['format', 'inspect'] },
  { modules: ['lodash'], methods: ['get', 'pick', 'merge', 'cloneDeep', 'clone', 'toString', 'trim', 'template', 'defaults', 'assign'] },
  // class-transformer copies the plain object into an instance; it checks nothing (class-validator does).
  { modules: ['class-transformer'], methods: ['plainToInstance', 'plainToClass', 'plainToClassFromExist'] },
];

/** Methods that, called on a tainted receiver, return something as tainted: strings, arrays, buffers. */
export const PROPAGATING_METHODS: ReadonlySet<string> = new Set([
  'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'slice', 'substring', 'substr', 'replace', 'replaceAll',
  'split', 'concat', 'padStart', 'padEnd', 'normalize', 'at', 'charAt', 'repeat', 'toString', 'valueOf', 'join', 'flat', 'reverse', 'sort', 'values', 'entries',
  'keys', 'get', 'getAll', 'pop', 'shift', 'match', 'matchAll', 'exec', 'toJSON', 'text', 'json', 'transformToString', 'transformToByteArray', 'then', 'toSorted', 'toReversed', 'with',
]);

/**
 * Builtins whose result is a JavaScript string or a real array, so that its `length` is a number, not a field
 * the caller could have written (`JSON.parse('{"length": "; rm -rf /"}').length` is text). A method only works on a
 * value that has it, and parsed JSON has no functions, so `x.trim()` that returns at all returned a string.
 * Left out: methods that return an element, an iterator or anything (`at`, `pop`, `get`, `json`, `then`, `keys`).
 */
export const TEXT_RESULT_METHODS: ReadonlySet<string> = new Set([
  'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'slice', 'substring', 'substr', 'replace', 'replaceAll',
  'split', 'concat', 'padStart', 'padEnd', 'normalize', 'charAt', 'repeat', 'toString', 'join', 'flat', 'reverse', 'sort', 'match', 'toSorted', 'toReversed', 'with',
]);
export const TEXT_RESULT_GLOBALS: ReadonlySet<string> = new Set(['String', 'JSON.stringify', 'decodeURIComponent', 'decodeURI', 'encodeURI', 'atob', 'btoa', 'unescape', 'escape', 'Object.keys', 'Object.values', 'Object.entries', 'Array.from', 'Array.of']);

/** Array methods whose callback receives the elements; `map`-like ones return what the callback returns. */
export const ELEMENT_CALLBACK_METHODS: ReadonlySet<string> = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'findLast', 'some', 'every', 'reduce', 'reduceRight', 'findIndex']);
export const RETURNS_ELEMENTS: ReadonlySet<string> = new Set(['filter', 'find', 'findLast', 'sort', 'slice']);

export interface AuthModel {
  modules: readonly string[];
  methods: readonly string[];
  kind: AuthFactKind;
  via: string;
}

export const AUTH_CALLS: readonly AuthModel[] = [
  { modules: ['jsonwebtoken'], methods: ['verify'], kind: 'jwt-verified', via: 'jsonwebtoken.verify' },
  { modules: ['jsonwebtoken'], methods: ['decode'], kind: 'jwt-unverified', via: 'jsonwebtoken.decode' },
  { modules: ['jose'], methods: ['jwtVerify', 'compactVerify', 'flattenedVerify', 'jwtDecrypt'], kind: 'jwt-verified', via: 'jose.jwtVerify' },
  { modules: ['jose'], methods: ['decodeJwt', 'decodeProtectedHeader'], kind: 'jwt-unverified', via: 'jose.decodeJwt' },
  { modules: ['aws-jwt-verify'], methods: ['verify', 'verifySync'], kind: 'jwt-verified', via: 'aws-jwt-verify' },
  { modules: ['jwt-decode'], methods: ['', 'jwtDecode', 'default'], kind: 'jwt-unverified', via: 'jwt-decode' },
];

/** `aws-lambda` type names on a handler or its event parameter, and the trigger they imply. */
export const AWS_LAMBDA_TYPE_TRIGGERS: ReadonlyArray<[RegExp, TriggerKind]> = [
  [/^APIGatewayProxy(Event|Handler|Result)?V2|^APIGatewayProxyEventV2|^APIGatewayProxyHandlerV2/, 'api-http'],
  [/^APIGatewayProxy|^APIGatewayEvent|^Handler<APIGateway/, 'api-rest'],
  [/^LambdaFunctionURL/, 'function-url'],
  [/^ALB/, 'alb'],
  [/^S3(Event|Handler)/, 's3'],
  [/^SQS(Event|Handler)/, 'sqs'],
  [/^SNS(Event|Handler)/, 'sns'],
  [/^EventBridge(Event|Handler)/, 'eventbridge'],
  [/^Kinesis(Stream)?(Event|Handler)/, 'kinesis'],
  [/^DynamoDB(Stream)?(Event|Handler)/, 'dynamodb-stream'],
  [/^(Cognito|PreSignUp|PostConfirmation|PreAuthentication|PostAuthentication|PreTokenGeneration|CustomMessage|DefineAuthChallenge|CreateAuthChallenge|VerifyAuthChallenge|UserMigration)/, 'cognito'],
  [/^AppSyncResolver/, 'appsync'],
  [/^(ScheduledEvent|ScheduledHandler)/, 'schedule'],
  [/^CloudFormationCustomResource/, 'custom-resource'],
  [/^CloudFront(Request|Response)?(Event|Handler)/, 'cloudfront'],
];

/** Names a first parameter has when it is a Lambda event; anything else needs another reason. */
export const EVENT_PARAMETER_NAMES = /^_?(event|evt|lambdaEvent|awsEvent|rawEvent)$/i;
/**
 * Names that are a Lambda event only alongside another sign (a handler-like export name): alone they are
 * just as often a browser event, an Express or Google Cloud request, or a helper's argument.
 */
export const WEAK_EVENT_PARAMETER_NAMES = /^_?(e|ev|events|input|request|req|payload|records|data)$/i;
export const HANDLER_EXPORT_NAMES = /^(handler|main|lambdaHandler|run)$|Handler$/;

/** Schema libraries whose chains are read field by field (`z.string().uuid()`), and the ones taken on trust. */
export const CHAIN_SCHEMA_LIBRARIES: ReadonlySet<string> = new Set(['zod', 'joi', 'yup', '@hapi/joi']);
export const OPAQUE_SCHEMA_LIBRARIES: ReadonlySet<string> = new Set(['ajv', 'valibot', 'superstruct', '@sinclair/typebox', 'class-validator', '@middy/validator', '@aws-lambda-powertools/parser', 'io-ts', 'runtypes', 'arktype', 'ow']);

/**
 * Refinements of a string schema. `strict` fixes the value's alphabet (uuid, enum, regex): it can
 * reach no sink. `url` proves only that the value is a URL, which is exactly what an SSRF needs.
 */
export const STRING_REFINEMENTS: Readonly<Record<string, 'strict' | 'url'>> = {
  uuid: 'strict', cuid: 'strict', cuid2: 'strict', ulid: 'strict', email: 'strict', regex: 'strict', datetime: 'strict', date: 'strict', time: 'strict',
  ip: 'strict', ipv4: 'strict', ipv6: 'strict', base64: 'strict', nanoid: 'strict', emoji: 'strict', length: 'strict', guid: 'strict', alphanum: 'strict',
  hex: 'strict', isoDate: 'strict', pattern: 'strict', matches: 'strict', token: 'strict', valid: 'strict', oneOf: 'strict', domain: 'url',
  url: 'url', uri: 'url', hostname: 'url',
};
/** Schema libraries built from function calls (`v.object({...})`, `object({...})`, `Type.Object({...})`), read field by field. */
export const FUNCTIONAL_SCHEMA_LIBRARIES: ReadonlySet<string> = new Set(['valibot', 'superstruct', '@sinclair/typebox']);

/** Builders of those libraries whose value is a fixed set or a non-string (an enum, a literal, a number). */
export const STRICT_SCHEMA_BUILDERS: ReadonlySet<string> = new Set([
  // valibot
  'picklist', 'literal', 'enum', 'enum_', 'number', 'boolean', 'bigint', 'date', 'nan', 'null', 'null_', 'undefined', 'undefined_', 'void', 'void_',
  // superstruct
  'enums', 'integer',
  // typebox
  'Literal', 'Number', 'Integer', 'Boolean', 'Enum', 'Null', 'Date', 'BigInt', 'KeyOf', 'Undefined', 'Void',
]);

/** Builders that wrap one schema and keep its shape: `v.optional(s)`, `optional(s)`, `Type.Optional(s)`. */
export const WRAPPING_SCHEMA_BUILDERS: ReadonlySet<string> = new Set([
  'optional', 'nullable', 'nullish', 'undefinedable', 'exactOptional', 'nonOptional', 'nonNullable', 'nonNullish', 'fallback', 'readonly',
  'defaulted', 'size', 'trimmed', 'nonempty', 'min', 'max', 'Optional', 'Readonly', 'ReadonlyOptional',
]);

/** valibot pipe actions: `strict` fixes the alphabet, `url` checks only that the value is a URL. */
export const VALIBOT_ACTIONS: Readonly<Record<string, 'strict' | 'url'>> = {
  uuid: 'strict', email: 'strict', rfcEmail: 'strict', ulid: 'strict', cuid2: 'strict', nanoid: 'strict', isoDate: 'strict', isoDateTime: 'strict', isoTime: 'strict',
  isoTimeSecond: 'strict', isoTimestamp: 'strict', isoWeek: 'strict', ip: 'strict', ipv4: 'strict', ipv6: 'strict', hexadecimal: 'strict', hexColor: 'strict',
  digits: 'strict', decimal: 'strict', integer: 'strict', mac: 'strict', mac48: 'strict', mac64: 'strict', base64: 'strict', bic: 'strict', creditCard: 'strict',
  imei: 'strict', octal: 'strict', value: 'strict', values: 'strict', url: 'url',
};

/** JSON Schema `format`s (ajv with ajv-formats, typebox, @middy/validator): `strict` fixes the alphabet, `url` is a URL of any host. */
export const JSON_SCHEMA_FORMATS: Readonly<Record<string, 'strict' | 'url'>> = {
  email: 'strict', 'idn-email': 'strict', uuid: 'strict', date: 'strict', 'date-time': 'strict', time: 'strict', ipv4: 'strict', ipv6: 'strict', duration: 'strict',
  int32: 'strict', int64: 'strict', byte: 'strict', uri: 'url', url: 'url', iri: 'url', 'uri-reference': 'url', 'iri-reference': 'url', 'uri-template': 'url',
  hostname: 'url', 'idn-hostname': 'url',
};

/** class-validator decorators on a field: `strict` fixes the value, `url` checks only that it is a URL, `string` checks only that it is a string. */
export const CLASS_VALIDATOR_DECORATORS: Readonly<Record<string, 'strict' | 'url' | 'string'>> = {
  IsIn: 'strict', IsEnum: 'strict', Equals: 'strict', IsInt: 'strict', IsNumber: 'strict', IsBoolean: 'strict', IsDate: 'strict', IsUUID: 'strict', IsEmail: 'strict',
  IsNumberString: 'strict', IsAlphanumeric: 'strict', IsAlpha: 'strict', IsHexadecimal: 'strict', IsISO8601: 'strict', IsDateString: 'strict', IsPositive: 'strict',
  IsNegative: 'strict', Min: 'strict', Max: 'strict', IsIP: 'strict', IsMongoId: 'strict', IsBooleanString: 'strict', IsDecimal: 'strict', IsLatLong: 'strict',
  IsPort: 'strict', IsSemVer: 'strict', IsHexColor: 'strict', IsBase64: 'strict', IsJWT: 'strict', IsISO31661Alpha2: 'strict', IsISO31661Alpha3: 'strict',
  IsTimeZone: 'strict', IsMilitaryTime: 'strict', IsPostalCode: 'strict', IsMobilePhone: 'strict', IsPhoneNumber: 'strict', IsHash: 'strict', IsULID: 'strict',
  IsUrl: 'url', IsFQDN: 'url', IsString: 'string', IsNotEmpty: 'string', MinLength: 'string', MaxLength: 'string', Length: 'string', IsAscii: 'string',
};

/** Schema roots that are never a free string. */
export const STRICT_SCHEMA_ROOTS: ReadonlySet<string> = new Set(['number', 'boolean', 'bigint', 'enum', 'nativeEnum', 'literal', 'date', 'uuid', 'email', 'coerce.number', 'coerce.boolean', 'coerce.date', 'valid', 'mixed.oneOf', 'null', 'undefined']);
export const URL_LIKE_CUTS = URL_LIKE;

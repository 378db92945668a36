/**
 * Finds, by syntax and the tables alone, every sink site (a call argument, an object property or a
 * response header that must not carry input), every auth call and every AWS SDK call of one file.
 * Whether input reaches a site is the solver's question, not this module's.
 */
import ts from 'typescript';
import type { AuthFact, AwsSdkCall, ShellCommandFacts, SinkKind } from '../model';
import { shellCommandFacts } from './command-facts';
import { nodeOrderOf } from './node-order';
import { describeQualifiedName, memberName, propertyNameText, qualifiedNameOf, unwrapExpression, type ModuleScan, type QualifiedName } from './module-scan';
import { AUTH_CALLS, MONGO_FILTER_METHODS, MONGO_MODULES, RESPONSE_SINKS, SINKS, SQL_CLIENTS, type SinkModel } from './tables';

export interface SinkSite {
  kind: SinkKind;
  cwe: string;
  callee: string;
  /** The expression whose value is checked. */
  node: ts.Node;
  /** When set, properties of the checked value (an identifier holding a params object). */
  properties?: readonly string[];
  /** The call or construct. */
  construct: ts.Node;
  note?: string;
  /** `exec`/`execSync` of a template string or a concatenation: what an `execFile` fix needs. */
  shellCommand?: ShellCommandFacts;
  /** Only a value that may be an object (parsed JSON, an Express body or query) is dangerous here: a MongoDB filter. */
  requiresObject?: boolean;
  /** A whole parsed body or query passed as it is is an object here, answered as JSON: Express's `res.send`. */
  objectIsJson?: boolean;
}

export interface SiteScan {
  /** Keyed by the checked expression. */
  sites: Map<ts.Node, SinkSite[]>;
  authFacts: Array<Omit<AuthFact, 'location'> & { node: ts.Node }>;
  awsCalls: Array<Omit<AwsSdkCall, 'location'> & { node: ts.Node }>;
}

/** Every module a sink or auth line names: most calls name none, and skip the tables at once. */
const MODELLED_MODULES: ReadonlySet<string> = new Set([...SINKS, ...AUTH_CALLS].flatMap((model) => model.modules));

export function matchesModel(name: QualifiedName, modules: readonly string[], methods: readonly string[]): boolean {
  if (!modules.includes(name.module)) return false;
  const members = name.members;
  if (name.module === '') return methods.includes(members.join('.')) || (members.length === 1 && methods.includes(members[0]));
  if (members.length === 0) return methods.includes('');
  const last = members[members.length - 1];
  if (last === '()') return false;
  if (methods.includes('*')) return true;
  if (methods.includes(last)) return true;
  // `axios.default(...)` and a required module's `.default` are the module itself.
  return last === 'default' && members.length === 1 && methods.includes('');
}

function objectProperty(node: ts.Expression | undefined, scan: ModuleScan, name: string): ts.Expression | undefined {
  if (!node) return undefined;
  let expr = unwrapExpression(node);
  if (ts.isIdentifier(expr)) {
    const constant = scan.constants.get(expr.text);
    if (constant) expr = unwrapExpression(constant);
  }
  if (!ts.isObjectLiteralExpression(expr)) return undefined;
  for (const property of expr.properties) {
    if (propertyNameText(property.name) !== name) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

function isTrueLiteral(node: ts.Expression | undefined): boolean {
  return !!node && (node.kind === ts.SyntaxKind.TrueKeyword || (ts.isStringLiteral(node) && node.text.length > 0));
}

function conditionHolds(model: SinkModel, call: ts.CallExpression | ts.NewExpression, scan: ModuleScan): boolean {
  const args = call.arguments ?? ts.factory.createNodeArray();
  switch (model.when) {
    case undefined:
      return true;
    case 'shell-option':
      // spawn(cmd, args, { shell: true }) or spawn(cmd, { shell: true }).
      return args.some((arg, index) => index > 0 && isTrueLiteral(objectProperty(arg, scan, 'shell')));
    case 'string-argument': {
      const first = args[0] && unwrapExpression(args[0]);
      return !!first && !ts.isArrowFunction(first) && !ts.isFunctionExpression(first) && !(ts.isIdentifier(first) && scan.functions.has(first.text));
    }
    case 'unsafe-yaml-schema': {
      const schema = objectProperty(args[1], scan, 'schema');
      return !!schema && /FULL|unsafe|js-types/i.test(schema.getText(scan.sourceFile));
    }
    case 'xml-noent':
      return isTrueLiteral(objectProperty(args[1], scan, 'noent'));
  }
}

function addSite(scan: SiteScan, site: SinkSite): void {
  const list = scan.sites.get(site.node);
  if (list) {
    if (!list.some((existing) => existing.kind === site.kind)) list.push(site);
  } else scan.sites.set(site.node, [site]);
}

const SDK_SERVICE_NAMES: Record<string, string> = {
  s3: 'S3', dynamodb: 'DynamoDB', sqs: 'SQS', sns: 'SNS', lambda: 'Lambda', 'secrets-manager': 'SecretsManager', ssm: 'SSM', kms: 'KMS', sts: 'STS',
  eventbridge: 'EventBridge', kinesis: 'Kinesis', sfn: 'SFN', ses: 'SES', sesv2: 'SESv2', 'cognito-identity-provider': 'CognitoIdentityProvider',
  'rds-data': 'RDSData', 'api-gateway': 'APIGateway', 'apigatewaymanagementapi': 'ApiGatewayManagementApi', 'cloudwatch': 'CloudWatch', 'cloudwatch-logs': 'CloudWatchLogs', iam: 'IAM', athena: 'Athena', firehose: 'Firehose', textract: 'Textract', rekognition: 'Rekognition', comprehend: 'Comprehend', 'bedrock-runtime': 'BedrockRuntime', translate: 'Translate', polly: 'Polly', ec2: 'EC2', ecs: 'ECS',
};

function serviceFromPackage(packageName: string): string {
  if (packageName === '@aws-sdk/lib-dynamodb') return 'DynamoDB.DocumentClient';
  const suffix = packageName.replace(/^@aws-sdk\/client-/, '').replace(/^aws-sdk\/clients\//, '');
  return SDK_SERVICE_NAMES[suffix] ?? suffix.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

const NOT_OPERATIONS = new Set(['send', 'destroy', 'middlewareStack', 'config', 'promise', 'on', 'then', 'catch', 'createReadStream', 'from', 'constructor']);

/** Powertools parameter modules, by the service their functions and providers call. */
const POWERTOOLS_PARAMETER_SERVICES: Readonly<Record<string, string>> = {
  '@aws-lambda-powertools/parameters/ssm': 'SSM',
  '@aws-lambda-powertools/parameters/secrets': 'SecretsManager',
  '@aws-lambda-powertools/parameters/appconfig': 'AppConfigData',
  '@aws-lambda-powertools/parameters/dynamodb': 'DynamoDB',
};

/** v2 members that are not service clients: request signers, credentials, configuration. */
const NOT_V2_SERVICES = /^(Signers|Config|config|Credentials|CredentialProviderChain|EnvironmentCredentials|SharedIniFileCredentials|TemporaryCredentials|ChainableTemporaryCredentials|WebIdentityCredentials|Endpoint|HttpRequest|util|Request|Response|EventListeners|MetadataService)$/;

/**
 * The helpers that call AWS for the code, named as the least-privilege mapping knows them
 * (`least-privilege/sdk-operations.ts`, `SDK_HELPERS`): `new Upload(...)` of lib-storage, v3
 * paginators and waiters, presigned POSTs, Powertools parameters and idempotency.
 */
function awsHelperCallOf(name: QualifiedName, isNew: boolean, kmsKeyring: boolean): Omit<AwsSdkCall, 'location'> | undefined {
  const members = name.members;
  const last = members[members.length - 1];
  // The AWS Encryption SDK (`const { encrypt, decrypt } = buildClient(...)`) calls KMS only through a KMS keyring; a raw AES or RSA keyring calls nothing.
  if (name.module === '@aws-crypto/client-node' && kmsKeyring && !isNew && members.length === 3 && members[0] === 'buildClient' && members[1] === '()' && (last === 'encrypt' || last === 'decrypt')) {
    return { sdkVersion: 3, packageName: name.module, service: 'KMS', operation: last };
  }
  if (name.module === '@aws-sdk/lib-storage' && isNew && members.length === 1 && last === 'Upload') return { sdkVersion: 3, packageName: name.module, service: 'S3', operation: 'Upload' };
  if (name.module === '@aws-sdk/s3-presigned-post' && !isNew && members.length === 1 && last === 'createPresignedPost') return { sdkVersion: 3, packageName: name.module, service: 'S3', operation: 'createPresignedPost' };
  if ((name.module.startsWith('@aws-sdk/client-') || name.module === '@aws-sdk/lib-dynamodb') && !isNew && members.length === 1 && /^(paginate|waitUntil)[A-Z]/.test(last ?? '')) {
    return { sdkVersion: 3, packageName: name.module, service: serviceFromPackage(name.module), operation: last };
  }
  const parameterService = POWERTOOLS_PARAMETER_SERVICES[name.module];
  if (parameterService && !isNew) {
    if (members.length === 1 && /^(get|set)[A-Z]/.test(last ?? '')) return { sdkVersion: 3, packageName: '@aws-lambda-powertools/parameters', service: parameterService, operation: last };
    // new SSMProvider().get('/x'): `SSMProvider.get`.
    if (members.length === 3 && members[1] === '()' && /Provider$/.test(members[0])) return { sdkVersion: 3, packageName: '@aws-lambda-powertools/parameters', service: parameterService, operation: `${members[0]}.${last}` };
  }
  if (name.module.startsWith('@aws-lambda-powertools/idempotency') && members.length === 1 && (isNew ? last === 'DynamoDBPersistenceLayer' : /^(makeIdempotent|makeHandlerIdempotent|idempotent)$/.test(last ?? ''))) {
    return { sdkVersion: 3, packageName: '@aws-lambda-powertools/idempotency', service: 'DynamoDB', operation: last };
  }
  return undefined;
}

function awsCallOf(name: QualifiedName, isNew: boolean, kmsKeyring: boolean): Omit<AwsSdkCall, 'location'> | undefined {
  const members = name.members;
  const last = members[members.length - 1];
  if (!last || last === '()') return undefined;
  const helper = awsHelperCallOf(name, isNew, kmsKeyring);
  if (helper) return helper;
  if (name.module.startsWith('@aws-sdk/client-') || name.module === '@aws-sdk/lib-dynamodb') {
    if (isNew && /Command$/.test(last) && members.length === 1) return { sdkVersion: 3, packageName: name.module, service: serviceFromPackage(name.module), operation: last.replace(/Command$/, '') };
    // Aggregated v3 clients: new S3({}).putObject(...).
    if (!isNew && members.length === 3 && members[1] === '()' && !NOT_OPERATIONS.has(last) && !/Client$/.test(members[0])) return { sdkVersion: 3, packageName: name.module, service: serviceFromPackage(name.module), operation: last.charAt(0).toUpperCase() + last.slice(1) };
    // Aggregated v3 clients built by a factory: DynamoDBDocument.from(new DynamoDBClient({})).get(...).
    if (!isNew && members.length === 4 && members[1] === 'from' && members[2] === '()' && /^[A-Z]/.test(members[0]) && !NOT_OPERATIONS.has(last) && !/Client$/.test(members[0])) {
      return { sdkVersion: 3, packageName: name.module, service: serviceFromPackage(name.module), operation: last.charAt(0).toUpperCase() + last.slice(1) };
    }
    return undefined;
  }
  if (name.module === 'aws-sdk' || name.module.startsWith('aws-sdk/clients/')) {
    const constructed = members.indexOf('()');
    if (isNew || constructed < 0 || constructed !== members.length - 2 || NOT_OPERATIONS.has(last)) return undefined;
    const serviceParts = members.slice(0, constructed);
    if (serviceParts.length > 0 && NOT_V2_SERVICES.test(serviceParts[0])) return undefined;
    const service = name.module === 'aws-sdk' ? serviceParts.join('.') : [serviceFromPackage(name.module), ...serviceParts].join('.');
    if (!service) return undefined;
    return { sdkVersion: 2, packageName: name.module, service, operation: last };
  }
  return undefined;
}

function headerValue(headers: ts.Expression | undefined, scan: ModuleScan, names: readonly string[]): ts.Expression | undefined {
  if (!headers) return undefined;
  let expr = unwrapExpression(headers);
  if (ts.isIdentifier(expr)) expr = scan.constants.get(expr.text) ?? expr;
  if (!ts.isObjectLiteralExpression(expr)) return undefined;
  for (const property of expr.properties) {
    const key = propertyNameText(property.name);
    if (key === undefined || !names.includes(key.toLowerCase())) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

const JWT_SPLIT = /\.split\(\s*['"]\.['"]\s*\)/;

function isBase64Decode(name: QualifiedName, args: readonly ts.Expression[], sourceFile: ts.SourceFile): boolean {
  const path = name.members.join('.');
  if (name.module === '') return (path === 'Buffer.from' && !!args[1] && /base64/.test(args[1].getText(sourceFile))) || path === 'atob';
  if (name.module === 'node-jose') return path === 'util.base64url.decode';
  if (name.module === 'jose') return path === 'base64url.decode';
  if (name.module === 'base64url') return path === 'decode' || path === '';
  if (name.module === 'js-base64') return path === 'Base64.decode' || path === 'decode' || path === 'Base64.atob';
  return false;
}

/**
 * The middle part of a token split at its dots: `token.split('.')[1]` written in place, or reached through a
 * variable of the same function (`const parts = token.split('.'); decode(parts[1])`, `const [, payload] = token.split('.')`).
 * Only the declaration nearest in scope is read, when a decoder call asks: this runs for decoder calls alone.
 */
function isJwtPayloadPart(arg: ts.Expression, sourceFile: ts.SourceFile): boolean {
  const expr = unwrapExpression(arg);
  if (JWT_SPLIT.test(expr.getText(sourceFile))) return true;
  if (ts.isElementAccessExpression(expr) && ts.isIdentifier(expr.expression) && ts.isNumericLiteral(expr.argumentExpression) && expr.argumentExpression.text === '1') {
    const initializer = declarationOf(expr.expression)?.initializer;
    return !!initializer && JWT_SPLIT.test(initializer.getText(sourceFile)) && !ts.isArrayBindingPattern(declarationOf(expr.expression)!.name);
  }
  if (ts.isIdentifier(expr)) {
    const element = bindingElementOf(expr);
    const pattern = element?.parent;
    const declaration = pattern?.parent;
    return !!element && !!pattern && ts.isArrayBindingPattern(pattern) && pattern.elements.indexOf(element) === 1 && !!declaration && ts.isVariableDeclaration(declaration) && !!declaration.initializer && JWT_SPLIT.test(declaration.initializer.getText(sourceFile));
  }
  return false;
}

/** The nearest enclosing block or file's `const/let/var name = ...` declaration of `name` (by text; not a full scope analysis). */
function declarationOf(name: ts.Identifier): ts.VariableDeclaration | undefined {
  let found: ts.VariableDeclaration | undefined;
  scopeWalk(name, (node) => {
    if (!found && ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name.text) found = node;
  });
  return found;
}

function bindingElementOf(name: ts.Identifier): ts.BindingElement | undefined {
  let found: ts.BindingElement | undefined;
  scopeWalk(name, (node) => {
    if (!found && ts.isBindingElement(node) && ts.isIdentifier(node.name) && node.name.text === name.text) found = node;
  });
  return found;
}

/** Visits the statements of the function (or file) that holds `from`, not descending into nested functions. */
function scopeWalk(from: ts.Node, visit: (node: ts.Node) => void): void {
  let scope: ts.Node | undefined = from.parent;
  while (scope && !ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  if (!scope) return;
  const root = scope;
  const walk = (node: ts.Node): void => {
    visit(node);
    if (node !== root && ts.isFunctionLike(node)) return;
    ts.forEachChild(node, walk);
  };
  walk(root);
}

/**
 * A connection the file cannot trace to its SQL client: a parameter or a value handed along a promise chain
 * (`connectToDb(config).then((connection) => connection.query(sql))`, the Wild Rydes workshop's `Database`
 * class). Read as the file's SQL client only when the file imports one and the receiver is named as a
 * connection is: the name carries the claim, since nothing else does.
 */
const CONNECTION_NAME = /^(?:db)?(?:conn|connection|con|client|pool|db|database|sql|mysql|pg|pgClient|dbClient|dbConn)\d*$/i;
const UNTRACED_SQL_METHODS = new Set(['query', 'execute']);

function untracedSqlClient(scan: ModuleScan): string | undefined {
  return scan.imports.find((entry) => entry.packageName !== undefined && SQL_CLIENTS.includes(entry.packageName))?.packageName;
}

/** Shells that run the argument after `-c` (`/c` for cmd, `-Command` for PowerShell) as a command line. */
const SHELL_PROGRAM = /(^|[\\/])(sh|bash|zsh|dash|ksh|ash|cmd(\.exe)?|powershell(\.exe)?|pwsh)$/i;
const SHELL_COMMAND_FLAG = /^(-c|\/c|-command)$/i;

/**
 * `spawn('sh', ['-c', command])`, `execFile('/bin/bash', ['-c', command])`: a shell is the program, so the
 * argument after its command flag is parsed as a command line, as `exec` would.
 */
function explicitShellCommand(node: ts.CallExpression | ts.NewExpression, args: ts.NodeArray<ts.Expression>): { shell: string; flag: string; command: ts.Expression } | undefined {
  const callee = unwrapExpression(node.expression);
  const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  if (!/^(spawn|spawnSync|execFile|execFileSync)$/.test(method)) return undefined;
  const program = args[0] && unwrapExpression(args[0]);
  const list = args[1] && unwrapExpression(args[1]);
  if (!program || !ts.isStringLiteralLike(program) || !SHELL_PROGRAM.test(program.text) || !list || !ts.isArrayLiteralExpression(list)) return undefined;
  const elements = list.elements;
  for (let index = 0; index < elements.length - 1; index++) {
    const element = unwrapExpression(elements[index]);
    if (ts.isStringLiteralLike(element) && SHELL_COMMAND_FLAG.test(element.text) && !ts.isSpreadElement(elements[index + 1])) return { shell: program.text, flag: element.text, command: elements[index + 1] };
  }
  return undefined;
}

/**
 * A MongoDB query filter: the first argument of a query method of a collection or model. Traced to the
 * driver or Mongoose when the file can; otherwise (a model imported from another file, a `db` assigned
 * after connecting) read as one when the file imports a MongoDB client, as untraced SQL connections are.
 */
function mongoFilterSite(scan: ModuleScan, node: ts.CallExpression, name: ReturnType<typeof qualifiedNameOf>, importsMongo: boolean): SinkSite | undefined {
  const callee = unwrapExpression(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || !MONGO_FILTER_METHODS.has(callee.name.text)) return undefined;
  const isTraced = name !== undefined && MONGO_MODULES.has(name.module);
  if (!isTraced && !(importsMongo && (name === undefined || name.module === ''))) return undefined;
  const filter = node.arguments[0];
  const inner = filter && unwrapExpression(filter);
  // `items.find((item) => ...)` is an array's; a filter is an object (written, or held by a variable).
  if (!inner || !(ts.isObjectLiteralExpression(inner) || ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner))) return undefined;
  const receiver = callee.expression.getText(scan.sourceFile);
  const label = `${receiver.length > 40 ? `${receiver.slice(0, 37)}...` : receiver}.${callee.name.text}`;
  return { kind: 'nosql', cwe: 'CWE-943', callee: `${label} filter`, node: filter, construct: node, requiresObject: true, note: 'a value parsed from JSON (or an Express body or query) can be an object such as {"$ne": null}, which MongoDB reads as an operator' };
}

/**
 * `res` (Express) or `reply` (Fastify), or a chain on it (`res.status(404)`): the response a `send` answers
 * with, and the content type the chain sets: `unset`, `html` (`res.type('html')`, `reply.type('text/html')`,
 * `res.set('Content-Type', 'text/html')`), or `other` (another type, `json()`, or one that cannot be read).
 * Headers other than the content type (`res.set('Cache-Control', ...)`) leave it as it was.
 */
function webResponseChain(node: ts.Expression): { receiver: string; framework: 'express' | 'fastify'; type: 'unset' | 'html' | 'other' } | undefined {
  let current = unwrapExpression(node);
  let type: 'unset' | 'html' | 'other' = 'unset';
  // The chain is read from the send back to the receiver: the type set last (nearest the send) wins.
  const setType = (value: ts.Expression | undefined) => {
    if (type !== 'unset') return;
    const literal = value && unwrapExpression(value);
    type = literal && ts.isStringLiteralLike(literal) && /(^|\/)html\b/i.test(literal.text) ? 'html' : 'other';
  };
  for (let depth = 0; depth < 6; depth++) {
    if (ts.isIdentifier(current)) {
      if (/^(res|response)$/.test(current.text)) return { receiver: current.text, framework: 'express', type };
      return /^reply$/.test(current.text) ? { receiver: current.text, framework: 'fastify', type } : undefined;
    }
    if (!ts.isCallExpression(current) || !ts.isPropertyAccessExpression(current.expression)) return undefined;
    const method = current.expression.name.text;
    const [first, second] = current.arguments;
    if (/^(type|contentType)$/.test(method)) setType(first);
    else if (/^(set|header|setHeader)$/.test(method)) {
      const name = first && unwrapExpression(first);
      if (!name || !ts.isStringLiteralLike(name)) setType(undefined);
      else if (/^content-type$/i.test(name.text)) setType(second);
    } else if (/^(format|json|jsonp)$/.test(method)) setType(undefined);
    else if (!/^(status|code|cookie|setCookie|clearCookie|vary|location|append|links|attachment)$/.test(method)) return undefined;
    current = unwrapExpression(current.expression.expression);
  }
  return undefined;
}


/** An object or array written in place: Express and Koa send it as JSON, whatever it holds. */
function isObjectOrArrayLiteral(node: ts.Expression): boolean {
  const expr = unwrapExpression(node);
  return ts.isObjectLiteralExpression(expr) || ts.isArrayLiteralExpression(expr);
}

/** A value a web framework sends as an HTML body, found outside the syntax scan (a Nest route's return value). */
export function addHtmlResponseSite(scan: SiteScan, node: ts.Expression, callee: string): void {
  if (isObjectOrArrayLiteral(node)) return;
  addSite(scan, { kind: 'html', cwe: RESPONSE_SINKS.html.cwe, callee, node, construct: node, objectIsJson: true });
}

const KOA_MODULES: ReadonlySet<string> = new Set(['koa', 'koa-router', '@koa/router']);

/** `ctx.body` or `ctx.response.body` (the context as Koa's middlewares and koa-router name it): the context's name. */
function koaBodyReceiver(target: ts.Expression): string | undefined {
  const expr = unwrapExpression(target);
  if (!ts.isPropertyAccessExpression(expr) || expr.name.text !== 'body') return undefined;
  let owner = unwrapExpression(expr.expression);
  if (ts.isPropertyAccessExpression(owner) && owner.name.text === 'response') owner = unwrapExpression(owner.expression);
  return ts.isIdentifier(owner) && /^(ctx|context)$/.test(owner.text) ? owner.text : undefined;
}

/**
 * Whether the function around a Koa body assignment sets the response type itself (`ctx.type = 'json'`,
 * `ctx.response.type = ...`, `ctx.set('Content-Type', ...)`), anywhere in it: Koa then keeps that type.
 * Anywhere, not only before: a type set after the body is rare, and reporting it would be a guess.
 */
function setsKoaType(assignment: ts.Node, receiver: string): boolean {
  let fn: ts.Node | undefined = assignment.parent;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  if (!fn) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrapExpression(node.left);
      if (ts.isPropertyAccessExpression(left) && left.name.text === 'type') {
        let owner = unwrapExpression(left.expression);
        if (ts.isPropertyAccessExpression(owner) && owner.name.text === 'response') owner = unwrapExpression(owner.expression);
        if (ts.isIdentifier(owner) && owner.text === receiver) found = true;
      }
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && /^(set|type)$/.test(node.expression.name.text)) {
      const owner = unwrapExpression(node.expression.expression);
      const first = node.arguments[0] && unwrapExpression(node.arguments[0]);
      if (ts.isIdentifier(owner) && owner.text === receiver && first && ts.isStringLiteralLike(first) && /^content-type$/i.test(first.text)) found = true;
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(fn);
  return found;
}

export function scanSites(scan: ModuleScan): SiteScan {
  const out: SiteScan = { sites: new Map(), authFacts: [], awsCalls: [] };
  const sourceFile = scan.sourceFile;
  const sqlClient = untracedSqlClient(scan);
  const importsMongo = scan.imports.some((entry) => entry.packageName !== undefined && MONGO_MODULES.has(entry.packageName));
  const importsKoa = scan.imports.some((entry) => entry.packageName !== undefined && KOA_MODULES.has(entry.packageName));
  // A KMS keyring of the AWS Encryption SDK (`KmsKeyringNode`, `KmsMrkAwareSymmetricKeyringNode`...) bound in the file.
  const kmsKeyring = scan.imports.some((entry) => entry.packageName === '@aws-crypto/client-node' && entry.names.some((imported) => /^Kms\w*Keyring/.test(imported.imported) || imported.imported === '*' || imported.imported === 'default'));
  const visit = (node: ts.Node): void => {
    // A CommonJS load or a dynamic import of a computed module name loads and runs whatever module the value names.
    if (ts.isCallExpression(node) && node.arguments.length > 0 && !ts.isStringLiteralLike(unwrapExpression(node.arguments[0])) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require' && !scan.localNames.has('require')))) {
      addSite(out, { kind: 'code-eval', cwe: 'CWE-94', callee: node.expression.kind === ts.SyntaxKind.ImportKeyword ? 'import()' : 'require', node: node.arguments[0], construct: node });
    }
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.expression.kind !== ts.SyntaxKind.ImportKeyword) {
      const name = qualifiedNameOf(scan, node.expression);
      const args = node.arguments ?? ts.factory.createNodeArray();
      const mongoFilter = ts.isCallExpression(node) ? mongoFilterSite(scan, node, name, importsMongo) : undefined;
      if (mongoFilter) addSite(out, mongoFilter);
      if (!name && sqlClient && ts.isCallExpression(node)) {
        const callee = unwrapExpression(node.expression);
        const arg = args[0];
        // `connection.query(sql)`, or `this.pool.query(sql)` in a class that keeps its connection.
        const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
        const receiverName = receiver && ts.isIdentifier(receiver) ? receiver.text : receiver && ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword ? receiver.name.text : undefined;
        if (ts.isPropertyAccessExpression(callee) && UNTRACED_SQL_METHODS.has(callee.name.text) && receiverName !== undefined && CONNECTION_NAME.test(receiverName) && arg && !ts.isSpreadElement(arg) && !ts.isObjectLiteralExpression(unwrapExpression(arg))) {
          addSite(out, { kind: 'sql', cwe: 'CWE-89', callee: `${receiver!.getText(sourceFile)}.${callee.name.text} (${sqlClient})`, node: arg, construct: node });
        }
      }
      if (name) {
        const callee = describeQualifiedName(name) || node.expression.getText(sourceFile);
        for (const model of MODELLED_MODULES.has(name.module) ? SINKS : []) {
          if (!matchesModel(name, model.modules, model.methods) || !conditionHolds(model, node, scan)) continue;
          const positions = model.args === 'all' ? args.map((_, index) => index) : model.args;
          for (const position of positions) {
            const arg = args[position];
            if (!arg || ts.isSpreadElement(arg)) continue;
            const inner = unwrapExpression(arg);
            // An object argument is checked property by property when the model names properties: a literal
            // here, a variable when the solver knows its shape (`request(options)` with a constant `url`).
            if (model.argProperties && ts.isObjectLiteralExpression(inner)) continue;
            const shellCommand = model.kind === 'command' && name.module === 'child_process' && position === 0 ? shellCommandFacts(scan, node, arg) : undefined;
            addSite(out, { kind: model.kind, cwe: model.cwe, callee, node: arg, construct: node, properties: model.argProperties, ...(shellCommand && { shellCommand }) });
          }
          if (model.argProperties) {
            args.slice(0, 2).forEach((arg, index) => {
              const inner = unwrapExpression(arg);
              const literal = ts.isObjectLiteralExpression(inner) || (ts.isIdentifier(inner) && scan.constants.has(inner.text) && ts.isObjectLiteralExpression(unwrapExpression(scan.constants.get(inner.text)!)));
              if (literal) {
                for (const property of model.argProperties ?? []) {
                  const value = objectProperty(arg, scan, property);
                  if (value) addSite(out, { kind: model.kind, cwe: model.cwe, callee: `${callee} ${property}`, node: value, construct: node });
                }
              } else if (index === 0 && ts.isIdentifier(inner) && model.args !== 'all' && model.args.length === 0) {
                // A params object built elsewhere: its properties are checked when the solver knows them.
                addSite(out, { kind: model.kind, cwe: model.cwe, callee: `${callee} params`, node: arg, properties: model.argProperties, construct: node });
              }
            });
          }
        }
        const shellArgument = name.module === 'child_process' ? explicitShellCommand(node, args) : undefined;
        if (shellArgument) addSite(out, { kind: 'command', cwe: 'CWE-78', callee: `${callee} (${shellArgument.shell} ${shellArgument.flag})`, node: shellArgument.command, construct: node });
        for (const model of MODELLED_MODULES.has(name.module) ? AUTH_CALLS : []) {
          if (matchesModel(name, model.modules, model.methods)) out.authFacts.push({ kind: model.kind, via: model.via, node });
        }
        const aws = awsCallOf(name, ts.isNewExpression(node), kmsKeyring);
        if (aws) out.awsCalls.push({ ...aws, node });
        // A JWT payload decoded by hand: Buffer.from(token.split('.')[1], 'base64'), atob(...), or a base64url
        // helper (node-jose's `jose.util.base64url.decode`, jose's `base64url.decode`, the base64url package).
        if (isBase64Decode(name, args, sourceFile) && args[0] && isJwtPayloadPart(args[0], sourceFile)) out.authFacts.push({ kind: 'jwt-unverified', via: 'manual base64 decode', node });
      }
    }
    // event.requestContext.authorizer (or event['requestContext']['authorizer']): API Gateway's verified identity (claims
    // or a Lambda authorizer's context); `'authorizer' in event.requestContext` tests for it (the Wild Rydes workshop's guard).
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && memberName(node) === 'authorizer' && memberName(node.expression) === 'requestContext') out.authFacts.push({ kind: 'authorizer-claims', via: 'requestContext.authorizer', node });
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword && ts.isStringLiteralLike(node.left) && node.left.text === 'authorizer' && memberName(node.right) === 'requestContext') out.authFacts.push({ kind: 'authorizer-claims', via: 'requestContext.authorizer', node });
    if (ts.isObjectLiteralExpression(node)) {
      let headers: ts.Expression | undefined;
      let body: ts.Expression | undefined;
      for (const property of node.properties) {
        const key = propertyNameText(property.name);
        const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
        if (!value) continue;
        if (key === RESPONSE_SINKS.mongoWhere.property) addSite(out, { kind: 'nosql', cwe: RESPONSE_SINKS.mongoWhere.cwe, callee: '$where', node: value, construct: node });
        if (key === 'headers') headers = value;
        if (key === 'body') body = value;
      }
      const location = headerValue(headers, scan, RESPONSE_SINKS.redirect.headers);
      if (location) addSite(out, { kind: 'redirect', cwe: RESPONSE_SINKS.redirect.cwe, callee: 'Location header', node: location, construct: node });
      const contentType = headerValue(headers, scan, ['content-type']);
      if (body && contentType && /text\/html/i.test(contentType.getText(sourceFile))) addSite(out, { kind: 'html', cwe: RESPONSE_SINKS.html.cwe, callee: 'text/html response body', node: body, construct: node });
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'send' && node.arguments.length === 1) {
      // Express's res.send(string) answers `text/html` unless a type was set; Fastify's reply.send(string)
      // answers `text/plain` unless one was. Either with an HTML type set sends markup.
      const chain = webResponseChain(node.expression.expression);
      const isHtml = chain && (chain.type === 'html' || (chain.type === 'unset' && chain.framework === 'express'));
      if (chain && isHtml && !isObjectOrArrayLiteral(node.arguments[0])) addSite(out, { kind: 'html', cwe: RESPONSE_SINKS.html.cwe, callee: chain.type === 'html' ? `${chain.receiver}.send (text/html)` : `${chain.receiver}.send (text/html unless a type is set)`, node: node.arguments[0], construct: node, objectIsJson: true });
    }
    if (importsKoa && ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      // Koa answers a string body as text/html when it starts with `<` (else text/plain), unless a type was set: input in it can be markup.
      const receiver = koaBodyReceiver(node.left);
      if (receiver && !isObjectOrArrayLiteral(node.right) && !setsKoaType(node, receiver)) addSite(out, { kind: 'html', cwe: RESPONSE_SINKS.html.cwe, callee: `${receiver}.body (text/html when the string starts with <)`, node: node.right, construct: node, objectIsJson: true });
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'redirect' && node.arguments.length > 0) {
      // Express-style res.redirect(url) (serverless-http apps).
      const receiver = node.expression.expression.getText(sourceFile);
      if (/^(res|response|reply|ctx)$/.test(receiver)) addSite(out, { kind: 'redirect', cwe: RESPONSE_SINKS.redirect.cwe, callee: `${receiver}.redirect`, node: node.arguments[node.arguments.length - 1], construct: node });
    }
  };
  // Every node, in the order a recursive forEachChild walk would visit them (the walk shared with the module scan).
  for (const node of nodeOrderOf(sourceFile).nodes) visit(node);
  return out;
}

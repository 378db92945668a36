/**
 * What the AWS SDK calls of a JavaScript/TypeScript file act on, and which calls cannot be read: for
 * each call the front end found (`new PutCommand(params)`, `docClient.put(params)`), the resource
 * parameters of its input (`TableName`, `Bucket`, `QueueUrl`...) as a literal, an environment variable
 * (`process.env.TABLE_NAME`, which the template defines) or unknown; and the `client.send(command)`
 * calls whose command is built where we cannot see, or v2 calls whose operation is computed
 * (`s3[method](params)`). Least privilege needs both: the ARNs to scope a statement to, and whether
 * the list of calls is complete enough to say a grant is unused.
 */
import ts from 'typescript';
import type { AwsCallDetails, AwsCallResource, CodeLocation, OpaqueAwsCall, ResourceValue } from '../model';
import { memberName, propertyNameText, qualifiedNameOf, unwrapExpression, type ModuleScan } from './module-scan';
import { nodeOrderOf } from './node-order';

/** Input parameters that name the resource a call acts on, across the services handlers call most. */
export const RESOURCE_PARAMETERS = new Set([
  'TableName',
  // A Query or Scan of a secondary index acts on the index's ARN (`table/T/index/I`), not the table's.
  'IndexName',
  'Bucket',
  'QueueUrl',
  'TopicArn',
  'TargetArn',
  'FunctionName',
  'SecretId',
  'Name',
  'Names',
  'Path',
  'stateMachineArn',
  'StateMachineArn',
  'EventBusName',
  'StreamName',
  'StreamARN',
  'DeliveryStreamName',
  'KeyId',
  'UserPoolId',
  'IndexName',
]);

/**
 * The resource parameters of a call's input object (its first argument), through a variable of the same
 * function or file. S3's `Key` names the object (scoping `arn:aws:s3:::bucket/prefix*`); DynamoDB's `Key` is the item's key, not a resource.
 */
export function resourcesOfCall(scan: ModuleScan, call: ts.CallExpression | ts.NewExpression, service: string, locate: (node: ts.Node) => CodeLocation): AwsCallResource[] {
  const helper = helperInputOf(scan, call, service);
  if (helper && 'resources' in helper) return helper.resources(locate);
  const input = call.arguments?.[helper?.inputIndex ?? 0];
  const object = input ? objectLiteralOf(scan, input, 0) : undefined;
  if (!object) return [];
  const out: AwsCallResource[] = [];
  collectParameters(scan, object, /^S3\b/.test(service), locate, out, 0);
  return out;
}

/**
 * Where the resource of a helper call is written, when not in its first argument's object: the second
 * argument of a v3 paginator, waiter or presigned post (`paginateQuery({ client }, { TableName })`) and
 * of v2 `getSignedUrl('getObject', params)` and `waitFor('tableExists', params)`; the name a Powertools
 * parameter function takes (`getParameter('/app/db')`, `getSecret('my-secret')`, `provider.get(name)`);
 * the `tableName` of a Powertools DynamoDB provider or idempotency persistence layer, given to it or
 * to the `persistenceStore` it is passed as. Undefined for any other call.
 */
function helperInputOf(scan: ModuleScan, call: ts.CallExpression | ts.NewExpression, service: string): { inputIndex: number } | { resources: (locate: (node: ts.Node) => CodeLocation) => AwsCallResource[] } | undefined {
  const name = qualifiedNameOf(scan, call.expression);
  if (!name) return undefined;
  const members = name.members;
  const last = members[members.length - 1] ?? '';
  const isNew = ts.isNewExpression(call);
  if (!isNew && members.length === 1 && (name.module.startsWith('@aws-sdk/client-') || name.module === '@aws-sdk/lib-dynamodb') && /^(paginate|waitUntil)[A-Z]/.test(last)) return { inputIndex: 1 };
  if (!isNew && members.length === 1 && name.module === '@aws-sdk/s3-presigned-post' && last === 'createPresignedPost') return { inputIndex: 1 };
  if (!isNew && (name.module === 'aws-sdk' || name.module.startsWith('aws-sdk/clients/')) && members.includes('()') && /^(getSignedUrl|getSignedUrlPromise|waitFor)$/.test(last)) return { inputIndex: 1 };
  const fromOptions = (node: ts.Expression | undefined, key: string) => (locate: (node: ts.Node) => CodeLocation): AwsCallResource[] => {
    const options = node ? objectLiteralOf(scan, node, 0) : undefined;
    const value = options && propertyOf(options, key);
    return value ? [{ parameter: 'TableName', value: resourceValueOf(scan, value, 0), location: locate(value) }] : [];
  };
  if (name.module.startsWith('@aws-lambda-powertools/parameters') && !isNew) {
    const isProvider = members.length === 3 && members[1] === '()' && /Provider$/.test(members[0]);
    const parameter = service === 'SSM' ? 'Name' : service === 'SecretsManager' ? 'SecretId' : undefined;
    const named = isProvider ? /^(get|set)$/.test(last) : members.length === 1 && /^(getParameter|setParameter|getSecret|setSecret)$/.test(last);
    const first = call.arguments?.[0];
    if (parameter && named && first) return { resources: (locate) => [{ parameter, value: resourceValueOf(scan, first, 0), location: locate(first) }] };
    // new DynamoDBProvider({ tableName }).get('key'), or through the variable that holds the provider.
    if (isProvider && members[0] === 'DynamoDBProvider') return { resources: fromOptions(constructorArgumentOf(scan, call.expression), 'tableName') };
    return { resources: () => [] };
  }
  if (name.module.startsWith('@aws-lambda-powertools/idempotency')) {
    if (isNew && last === 'DynamoDBPersistenceLayer') return { resources: fromOptions(call.arguments?.[0], 'tableName') };
    // makeIdempotent(fn, { persistenceStore }), makeHandlerIdempotent({ persistenceStore }), @idempotent({ persistenceStore }).
    const options = call.arguments?.[last === 'makeIdempotent' ? 1 : 0];
    const object = options ? objectLiteralOf(scan, options, 0) : undefined;
    const store = object && propertyOf(object, 'persistenceStore');
    const layer = store ? newExpressionOf(scan, store) : undefined;
    const layerName = layer ? qualifiedNameOf(scan, layer.expression) : undefined;
    const isLayer = layerName?.module.startsWith('@aws-lambda-powertools/idempotency') && layerName.members.join('.') === 'DynamoDBPersistenceLayer';
    return { resources: isLayer ? fromOptions(layer!.arguments?.[0], 'tableName') : () => [] };
  }
  return undefined;
}

/** The `new X(...)` an expression is, directly or through the `const` that holds it. */
function newExpressionOf(scan: ModuleScan, node: ts.Expression, depth = 0): ts.NewExpression | undefined {
  const expr = unwrapExpression(node);
  if (ts.isNewExpression(expr)) return expr;
  if (ts.isIdentifier(expr) && depth < 3) {
    const initializer = declarationOf(scan, expr);
    return initializer && initializer !== 'process.env' ? newExpressionOf(scan, initializer, depth + 1) : undefined;
  }
  return undefined;
}

/** The first constructor argument of the object a method is called on: `new P(options).get()`, or `p.get()` with `const p = new P(options)`. */
function constructorArgumentOf(scan: ModuleScan, callee: ts.Expression): ts.Expression | undefined {
  const expr = unwrapExpression(callee);
  if (!ts.isPropertyAccessExpression(expr) && !ts.isElementAccessExpression(expr)) return undefined;
  return newExpressionOf(scan, expr.expression)?.arguments?.[0];
}

function collectParameters(scan: ModuleScan, object: ts.ObjectLiteralExpression, isS3: boolean, locate: (node: ts.Node) => CodeLocation, out: AwsCallResource[], depth: number): void {
  for (const property of object.properties) {
    const key = property.name ? propertyNameText(property.name) : undefined;
    const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
    if (!value) continue;
    if (key && (RESOURCE_PARAMETERS.has(key) || (isS3 && key === 'Key'))) {
      out.push({ parameter: key, value: resourceValueOf(scan, value, 0), location: locate(value) });
      continue;
    }
    // Batch and transaction inputs: RequestItems keyed by table name, TransactItems[].Put.TableName, Entries[].EventBusName.
    if (depth >= 3) continue;
    const inner = unwrapExpression(value);
    if (key === 'RequestItems' && ts.isObjectLiteralExpression(inner)) {
      for (const table of inner.properties) {
        if (!table.name) continue;
        const name = ts.isComputedPropertyName(table.name) ? table.name.expression : table.name;
        out.push({ parameter: 'TableName', value: ts.isComputedPropertyName(table.name) ? resourceValueOf(scan, name as ts.Expression, 0) : { kind: 'literal', text: propertyNameText(table.name) ?? '' }, location: locate(name) });
      }
    } else if (ts.isObjectLiteralExpression(inner)) collectParameters(scan, inner, isS3, locate, out, depth + 1);
    else if (ts.isArrayLiteralExpression(inner)) {
      for (const element of inner.elements) {
        const entry = unwrapExpression(element);
        if (ts.isObjectLiteralExpression(entry)) collectParameters(scan, entry, isS3, locate, out, depth + 1);
      }
    }
  }
}

/** A literal, an environment variable (with the text around it), or unknown. */
export function resourceValueOf(scan: ModuleScan, node: ts.Expression, depth: number): ResourceValue {
  const expr = unwrapExpression(node);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return { kind: 'literal', text: expr.text };
  const env = environmentVariableOf(expr);
  if (env) return { kind: 'env', variable: env };
  if (ts.isTemplateExpression(expr) && expr.templateSpans.length === 1) {
    const span = expr.templateSpans[0];
    const inner = depth < 3 ? resourceValueOf(scan, span.expression, depth + 1) : undefined;
    if (inner?.kind === 'env' && inner.prefix === undefined && inner.suffix === undefined) return { kind: 'env', variable: inner.variable, ...(expr.head.text ? { prefix: expr.head.text } : {}), ...(span.literal.text ? { suffix: span.literal.text } : {}) };
    if (inner?.kind === 'literal') return { kind: 'literal', text: expr.head.text + inner.text + span.literal.text };
    return { kind: 'unknown' };
  }
  if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === ts.SyntaxKind.BarBarToken || expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) && depth < 3) {
    // process.env.TABLE || 'orders': the variable when the template sets it.
    const left = resourceValueOf(scan, expr.left, depth + 1);
    return left.kind === 'env' ? left : { kind: 'unknown' };
  }
  if (ts.isIdentifier(expr) && depth < 3) {
    const initializer = declarationOf(scan, expr);
    if (initializer === 'process.env') return { kind: 'env', variable: expr.text };
    if (initializer) return resourceValueOf(scan, initializer, depth + 1);
  }
  return { kind: 'unknown' };
}

function isProcessEnv(expr: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expr) && expr.name.text === 'env' && ts.isIdentifier(expr.expression) && expr.expression.text === 'process';
}

/** `process.env.X` or `process.env['X']`: X. */
function environmentVariableOf(expr: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(expr) && !ts.isElementAccessExpression(expr)) return undefined;
  return isProcessEnv(unwrapExpression(expr.expression)) ? memberName(expr) : undefined;
}

/**
 * The initialiser of the `const` a name refers to: the nearest declaration in an enclosing block or
 * the file. `'process.env'` for a name destructured from it (`const { TABLE } = process.env`).
 */
function declarationOf(scan: ModuleScan, use: ts.Identifier): ts.Expression | 'process.env' | undefined {
  for (let scope: ts.Node | undefined = use.parent; scope; scope = scope.parent) {
    if (!ts.isBlock(scope) && !ts.isSourceFile(scope)) continue;
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement) || statement.pos > use.pos) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!declaration.initializer) continue;
        if (ts.isIdentifier(declaration.name) && declaration.name.text === use.text) return declaration.initializer;
        if (ts.isObjectBindingPattern(declaration.name) && isProcessEnv(unwrapExpression(declaration.initializer))) {
          if (declaration.name.elements.some((element) => ts.isIdentifier(element.name) && element.name.text === use.text && !element.propertyName)) return 'process.env';
        }
      }
    }
  }
  const constant = scan.constants.get(use.text);
  return constant;
}

/**
 * The arguments of an SDK call that decide its actions (`AwsCallDetails`), read from literals and
 * constants only; undefined when there are none or the code computes them. `operation` is the call's
 * operation as the code model names it (`getSignedUrl`, `waitFor`, `ExecuteStatement`, `transactWrite`).
 */
export function callDetailsOf(scan: ModuleScan, call: ts.CallExpression | ts.NewExpression, operation: string): AwsCallDetails | undefined {
  const method = operation.replace(/Command$/, '').toLowerCase();
  const first = call.arguments?.[0];
  if (!first) return undefined;
  if (method === 'getsignedurl' || method === 'getsignedurlpromise' || method === 'waitfor') {
    const value = stringOf(scan, first, 0);
    if (value === undefined) return undefined;
    return method === 'waitfor' ? { waiterState: value } : { signedOperation: value };
  }
  const input = objectLiteralOf(scan, first, 0);
  if (!input) return undefined;
  if (method === 'executestatement') {
    const statement = propertyOf(input, 'Statement');
    const text = statement && stringOf(scan, statement, 0);
    return text === undefined ? undefined : { statements: [text] };
  }
  if (method === 'batchexecutestatement' || method === 'executetransaction') {
    const list = propertyOf(input, method === 'executetransaction' ? 'TransactStatements' : 'Statements');
    const items = list && arrayItemsOf(scan, list);
    if (!items || items.length === 0) return undefined;
    const statements: string[] = [];
    for (const item of items) {
      const object = objectLiteralOf(scan, item, 0);
      const statement = object && propertyOf(object, 'Statement');
      const text = statement && stringOf(scan, statement, 0);
      // One statement the code computes leaves the verbs unknown: then none are given.
      if (text === undefined) return undefined;
      statements.push(text);
    }
    return { statements };
  }
  if (method === 'transactwriteitems' || method === 'transactwrite') {
    const list = propertyOf(input, 'TransactItems');
    const items = list && arrayItemsOf(scan, list);
    if (!items || items.length === 0) return undefined;
    const kinds = new Set<string>();
    for (const item of items) {
      const object = objectLiteralOf(scan, item, 0);
      const kind = object?.properties.map((property) => (property.name ? propertyNameText(property.name) : undefined)).find((name) => name !== undefined && TRANSACT_ITEM_KINDS.has(name));
      if (!kind) return undefined;
      kinds.add(kind);
    }
    return { transactItemKinds: [...kinds] };
  }
  return undefined;
}

const TRANSACT_ITEM_KINDS: ReadonlySet<string> = new Set(['Put', 'Update', 'Delete', 'ConditionCheck']);

function propertyOf(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (!property.name || propertyNameText(property.name) !== key) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
  }
  return undefined;
}

/** The items of an array literal (directly or through a constant); undefined when it has a spread or is not one. */
function arrayItemsOf(scan: ModuleScan, node: ts.Expression): ts.Expression[] | undefined {
  let expr = unwrapExpression(node);
  if (ts.isIdentifier(expr)) {
    const initializer = declarationOf(scan, expr);
    if (!initializer || initializer === 'process.env') return undefined;
    expr = unwrapExpression(initializer);
  }
  if (!ts.isArrayLiteralExpression(expr) || expr.elements.some(ts.isSpreadElement)) return undefined;
  return [...expr.elements];
}

/** A string literal, a template without substitutions, or a constant holding one. */
function stringOf(scan: ModuleScan, node: ts.Expression, depth: number): string | undefined {
  const expr = unwrapExpression(node);
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  if (ts.isIdentifier(expr) && depth < 2) {
    const initializer = declarationOf(scan, expr);
    return initializer && initializer !== 'process.env' ? stringOf(scan, initializer, depth + 1) : undefined;
  }
  return undefined;
}

function objectLiteralOf(scan: ModuleScan, node: ts.Expression, depth: number): ts.ObjectLiteralExpression | undefined {
  const expr = unwrapExpression(node);
  if (ts.isObjectLiteralExpression(expr)) return expr;
  if (ts.isIdentifier(expr) && depth < 3) {
    const initializer = declarationOf(scan, expr);
    return initializer && initializer !== 'process.env' ? objectLiteralOf(scan, initializer, depth + 1) : undefined;
  }
  return undefined;
}

/**
 * SDK calls whose operation cannot be read: a v3 `client.send(command)` whose command is not a
 * `new XCommand(...)` we can see (a parameter, a function's result), and a v2 client called with a
 * computed method name. Each makes the list of the file's AWS calls incomplete.
 */
export function opaqueAwsCalls(scan: ModuleScan, locate: (node: ts.Node) => CodeLocation, recorded: ReadonlySet<ts.Node> = new Set()): { opaque: OpaqueAwsCall[]; credentials: OpaqueAwsCall[] } {
  const out: OpaqueAwsCall[] = [];
  const credentials: OpaqueAwsCall[] = [];
  // One more walk of the file, so only for files that load the SDK or a module of their own (which may hand out a client).
  if (!scan.imports.some((entry) => entry.isRelative || (entry.packageName !== undefined && (entry.packageName === 'aws-sdk' || entry.packageName.startsWith('aws-sdk/') || entry.packageName.startsWith('@aws-sdk/'))))) return { opaque: out, credentials };
  const visit = (node: ts.Node): void => {
    // A client kept where the scan cannot follow it (`this.s3 = new AWS.S3()`, an undeclared global): its calls are not recorded.
    if (ts.isNewExpression(node) && isSdkClientConstruction(scan, node) && !isFollowedClient(node)) {
      out.push({ location: locate(node), reason: `\`${short(node.getText(scan.sourceFile))}\` is kept where its calls cannot be followed` });
    }
    // v2's `client.put(params).promise()` on a client the scan could not resolve (a parameter, one an imported module made).
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'promise' && node.arguments.length === 0) {
      const inner = unwrapExpression(node.expression.expression);
      if (ts.isCallExpression(inner) && !recorded.has(inner) && ts.isPropertyAccessExpression(inner.expression) && !qualifiedNameOf(scan, inner.expression)) {
        out.push({ location: locate(inner), reason: `\`${short(inner.getText(scan.sourceFile))}\` looks like an AWS SDK v2 call on a client that could not be resolved` });
      }
    }
    // A client (or the v2 global config) given credentials of its own: `new DynamoDBClient({ credentials })`,
    // `new AWS.S3({ accessKeyId })`, `AWS.config.update({ credentials })`. Its calls do not run as the function's role.
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.arguments?.length) {
      const name = qualifiedNameOf(scan, node.expression);
      if (name && (isSdkV3Module(name.module) || name.module === 'aws-sdk' || name.module.startsWith('aws-sdk/'))) {
        const options = unwrapExpression(node.arguments[0]);
        const given = ts.isObjectLiteralExpression(options) ? options.properties.find((property) => property.name && CREDENTIAL_OPTIONS.has(propertyNameText(property.name) ?? '')) : undefined;
        if (given) credentials.push({ location: locate(given), reason: `\`${short(node.expression.getText(scan.sourceFile))}\` is given credentials of its own` });
      }
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'send' && node.arguments.length > 0) {
        const receiver = qualifiedNameOf(scan, callee.expression);
        // The receiver must be a client (`new S3Client()`, `DynamoDBDocumentClient.from(...)`), not a value a call returned.
        const isClient = receiver && isSdkV3Module(receiver.module) && /^[A-Z]/.test(receiver.members[0] ?? '') && ((receiver.members.length === 2 && receiver.members[1] === '()') || (receiver.members.length === 3 && receiver.members[1] === 'from' && receiver.members[2] === '()'));
        if (isClient && !isVisibleCommand(scan, node.arguments[0], 0)) {
          out.push({ location: locate(node), reason: `\`${short(node.getText(scan.sourceFile))}\` sends a command built elsewhere` });
        }
      } else if (ts.isPropertyAccessExpression(callee) && !recorded.has(node) && !NOT_CLIENT_OPERATIONS.has(callee.name.text)) {
        // Any other method of a v3 client object (`new S3Client({})`, `DynamoDBDocumentClient.from(...)`) that the scan did not record
        // as a call: what it does is not known, so the list of calls is not complete.
        const receiver = qualifiedNameOf(scan, callee.expression);
        const isClient = receiver && isSdkV3Module(receiver.module) && /^[A-Z]/.test(receiver.members[0] ?? '') && !/Command$/.test(receiver.members[0] ?? '') && ((receiver.members.length === 2 && receiver.members[1] === '()') || (receiver.members.length === 3 && receiver.members[1] === 'from' && receiver.members[2] === '()'));
        if (isClient) out.push({ location: locate(node), reason: `\`${short(node.getText(scan.sourceFile))}\` calls a method of an AWS SDK client that is not mapped to IAM actions` });
      } else if (ts.isElementAccessExpression(callee) && memberName(callee) === undefined) {
        const receiver = qualifiedNameOf(scan, callee.expression);
        if (receiver && (receiver.module === 'aws-sdk' || receiver.module.startsWith('aws-sdk/') || isSdkV3Module(receiver.module))) {
          out.push({ location: locate(node), reason: `\`${short(node.getText(scan.sourceFile))}\` calls an operation chosen at run time` });
        }
      }
    }
  };
  for (const node of nodeOrderOf(scan.sourceFile).nodes) visit(node);
  return { opaque: out, credentials };
}

const CREDENTIAL_OPTIONS = new Set(['credentials', 'accessKeyId', 'secretAccessKey', 'sessionToken']);

/** Methods of a v3 client that call no AWS API (or are followed elsewhere: `send`). */
const NOT_CLIENT_OPERATIONS = new Set(['send', 'destroy', 'middlewareStack', 'config', 'on', 'then', 'catch', 'constructor', 'toString', 'valueOf']);

/** `new AWS.S3()`, `new AWS.DynamoDB.DocumentClient()`, `new S3Client({})`, `new S3({})`: a service client of either SDK. */
function isSdkClientConstruction(scan: ModuleScan, node: ts.NewExpression): boolean {
  const name = qualifiedNameOf(scan, node.expression);
  if (!name) return false;
  const last = name.members[name.members.length - 1] ?? '';
  if (isSdkV3Module(name.module)) return /^[A-Z]/.test(last) && !/Command$|Exception$/.test(last) && name.members.length === 1;
  if (name.module === 'aws-sdk' || name.module.startsWith('aws-sdk/')) return /^[A-Z]/.test(name.members[0] ?? last) && !/^(Signers|Config|Credentials|Endpoint|HttpRequest|.*Credentials)$/.test(name.members[0] ?? last);
  return false;
}

/** True when the scan binds the new client to a name it follows: a declared variable, a wrapper's argument, or an immediate call. */
function isFollowedClient(node: ts.NewExpression): boolean {
  let current: ts.Node = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent))) current = current.parent;
  const parent = current.parent;
  if (!parent) return false;
  if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) return true;
  // DynamoDBDocumentClient.from(new DynamoDBClient({})), AWSXRay.captureAWSv3Client(new S3Client({})), new Upload({ client: new S3Client() }).
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(current as ts.Expression)) return true;
  if (ts.isPropertyAssignment(parent)) return true;
  // new AWS.S3().putObject(...): the call is recorded where it is made.
  return ts.isPropertyAccessExpression(parent) && parent.expression === current;
}

function isSdkV3Module(module: string): boolean {
  return module.startsWith('@aws-sdk/client-') || module === '@aws-sdk/lib-dynamodb';
}

function isVisibleCommand(scan: ModuleScan, node: ts.Expression, depth: number): boolean {
  const expr = unwrapExpression(node);
  if (ts.isNewExpression(expr)) {
    const name = qualifiedNameOf(scan, expr.expression);
    return !!name && isSdkV3Module(name.module) && /Command$/.test(name.members[name.members.length - 1] ?? '');
  }
  if (ts.isIdentifier(expr) && depth < 3) {
    const initializer = declarationOf(scan, expr);
    return !!initializer && initializer !== 'process.env' && isVisibleCommand(scan, initializer, depth + 1);
  }
  // `send(cond ? new A() : new B())`: both branches seen.
  if (ts.isConditionalExpression(expr)) return isVisibleCommand(scan, expr.whenTrue, depth + 1) && isVisibleCommand(scan, expr.whenFalse, depth + 1);
  return false;
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

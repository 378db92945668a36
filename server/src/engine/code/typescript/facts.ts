/**
 * Plaintext and secret facts of one JavaScript/TypeScript file, from one syntax walk: hard-coded
 * credentials, logging of the event or of secrets, sensitive fields stored in plain text, plain HTTP
 * and disabled TLS, errors returned in responses, and the request body stored as it is. It reads the
 * module scan only (no solver): event data is followed through the handler's parameter and the local
 * names assigned from it, which is what these patterns need. It never throws on odd syntax.
 */
import ts from 'typescript';
import type { CodeDocument, CodeLocation, LoggedDataKind } from '../model';
import { isPlaceholderValue, looksLikeSecretValue, secretNameKind, secretShapeOf, wordsOf } from '../../secrets/secret-detection';
import { describeQualifiedName, memberName, propertyNameText, qualifiedNameOf, unwrapExpression, type FunctionNode, type ModuleScan } from './module-scan';
import { nodeOrderOf } from './node-order';
import { EVENT_PARAMETER_NAMES } from './tables';

/** What a local value holds, as far as these facts care. */
type DataKind = 'event' | 'request' | 'headers' | 'auth-header' | 'body' | 'secret-env' | 'environment';

interface Scope {
  eventNames: Set<string>;
  /** Express-style `req` of serverless-http apps: its `body` is the parsed request body. */
  requestNames: Set<string>;
  aliases: Map<string, DataKind>;
  handler?: string;
}

export interface FactHandler {
  fn: FunctionNode;
  exportName: string;
}

/** Vendor formats precise enough to report in any literal, whatever it is bound to. */
const STRONG_SHAPES = new Set(['AWS access key id', 'private key', 'Stripe live secret key', 'GitHub token', 'Slack token', 'Slack webhook URL', 'Google API key', 'SendGrid API key', 'GitLab token', 'npm token']);
/** Request headers whose value is a credential; `Authorization` values drop their scheme first. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'api-key', 'apikey', 'x-auth-token', 'x-access-token', 'x-amz-security-token', 'private-token', 'x-gitlab-token', 'x-github-token']);
/** Headers whose value logged or echoed is a credential. */
const SENSITIVE_REQUEST_HEADERS = new Set([...CREDENTIAL_HEADERS, 'cookie']);
const LOG_METHODS = new Set(['log', 'info', 'debug', 'warn', 'warning', 'error', 'trace', 'fatal', 'critical', 'silly', 'verbose', 'notice', 'dir', 'table']);
const LOGGER_MODULES = new Set(['@aws-lambda-powertools/logger', 'pino', 'winston', 'bunyan', 'lambda-log', 'loglevel', 'log4js', '@dazn/lambda-powertools-logger', 'consola', 'signale', 'roarr']);
const LOGGER_RECEIVER = /^(this\.)?_?(logger|log|LOGGER|LOG|Logger|Log)$/;
const HTTP_CLIENT_MODULES = new Set(['node-fetch', 'cross-fetch', 'isomorphic-fetch', 'axios', 'got', 'http', 'https', 'undici', 'request', 'request-promise', 'request-promise-native', 'superagent', 'needle', 'ky', 'ws', 'phin', 'bent', 'isomorphic-ws', 'reconnecting-websocket', 'socket.io-client', 'make-fetch-happen', 'ofetch']);
const GLOBAL_HTTP = new Set(['fetch', 'WebSocket', 'EventSource', 'globalThis.fetch']);
/** Properties of an options object that hold where a request goes. */
const URL_KEYS = new Set(['url', 'uri', 'baseURL', 'baseUrl', 'prefixUrl', 'endpoint', 'href', 'origin', 'address']);
/** Hashing and encryption, by the name of the call that produced a value. */
const PROTECTS = /\b(bcrypt|bcryptjs|argon2|scrypt|scryptSync|createHash|createHmac|pbkdf2|pbkdf2Sync|createCipheriv|createCipher|encrypt\w*|\w*Encrypt\w*|hash\w*|\w*Hash|seal|secretbox|crypto_\w+|kms\w*)\s*[.(]/i;
/** A field whose name says it holds a protected form or a fact about the secret, not the secret. */
const NOT_THE_SECRET_WORDS = new Set(['hash', 'hashed', 'salt', 'salted', 'digest', 'encrypted', 'enc', 'cipher', 'ciphertext', 'iv', 'masked', 'mask', 'last4', 'id', 'ids', 'type', 'expiry', 'expires', 'expiration', 'exp', 'at', 'date', 'time', 'ttl', 'count', 'length', 'field', 'name', 'url', 'hint', 'required', 'policy', 'changed', 'updated', 'reset', 'version', 'enabled', 'status', 'arn', 'key', 'ref', 'use', 'set', 'valid', 'verified']);
/** Tokens that are identifiers or cursors, not credentials. */
const HARMLESS_TOKEN_PREFIXES = new Set(['device', 'push', 'fcm', 'apns', 'next', 'pagination', 'continuation', 'page', 'cursor', 'idempotency', 'registration', 'notification', 'csrf', 'xsrf', 'task', 'sync', 'client', 'request', 'execution', 'callback', 'resume', 'wait']);
/** Settings about a secret, not the secret: `PASSWORD_ITERATIONS`, `TOKEN_ROUNDS`, `SECRET_ROTATION_DAYS`. */
const SECRET_SETTING_WORDS = new Set(['iterations', 'rounds', 'strength', 'complexity', 'pattern', 'regex', 'rules', 'lifetime', 'validity', 'refresh', 'interval', 'days', 'generation', 'rotation', 'attempts', 'retries']);

/** A secret-named environment variable (`DB_PASSWORD`, `STRIPE_SECRET_KEY`), not a setting about one. */
function isSecretEnvName(name: string): boolean {
  const words = wordsOf(name);
  return !!secretNameKind(name) && !SECRET_SETTING_WORDS.has(words[words.length - 1]);
}
const ERROR_PARAMETER = /^(err|error|exception|ex|caughtError|e)$/;
const RESPONSE_RECEIVER = /^(res|response|reply)$/;

/** `process.env.X` or `process.env['X']`: X; `process.env` alone: ''. */
function envRead(node: ts.Node): string | undefined {
  const expr = ts.isExpression(node) ? unwrapExpression(node) : node;
  const isProcessEnv = (e: ts.Node) => ts.isPropertyAccessExpression(e) && e.name.text === 'env' && ts.isIdentifier(e.expression) && e.expression.text === 'process';
  if (isProcessEnv(expr)) return '';
  if ((ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) && isProcessEnv(unwrapExpression(expr.expression))) return memberName(expr);
  return undefined;
}

function isStringLike(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node);
}

/** Skips the wrappers that do not change a value: parentheses, `as`, `!`, `satisfies`. */
function outerOf(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isNonNullExpression(current.parent) || ts.isSatisfiesExpression(current.parent) || ts.isTypeAssertionExpression(current.parent))) current = current.parent;
  return current;
}

function short(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** By kind: the walk asks this of every node, and of every ancestor of a declaration. */
function isFunctionNode(node: ts.Node): node is FunctionNode {
  const kind = node.kind;
  return kind === ts.SyntaxKind.FunctionDeclaration || kind === ts.SyntaxKind.FunctionExpression || kind === ts.SyntaxKind.ArrowFunction || kind === ts.SyntaxKind.MethodDeclaration;
}

/** The value a code literal must look like to count as a credential, beyond the template rules' filters. */
function codeValueLooksSecret(name: string, value: string): boolean {
  // Messages and labels (`'Password is required'`, `'Invalid token.'`, `'Denied!'`), not secrets; but a password ends
  // with a symbol as often as not (`'Corp123!'`, the Wild Rydes workshop's database password): trailing punctuation
  // marks a message only after words.
  const trimmed = value.trim();
  if (trimmed.split(/\s+/).length >= 3 || /:\s/.test(value)) return false;
  if (/[.!?:]$/.test(trimmed) && (/\s/.test(trimmed) || /^[A-Za-z]+[.!?:]+$/.test(trimmed))) return false;
  // A name as the value (`tokenKey: 'accessToken'`, `field: 'password'`): what the secret is called.
  if (/^[A-Za-z][A-Za-z_-]*$/.test(value) && secretNameKind(value)) return false;
  // A short word (`'access'`, `'Bearer'`, `'admin'`) is a setting or a label; a real credential has digits, symbols or length.
  if (/^[A-Za-z]{1,9}$/.test(value) || value.toLowerCase() === name.toLowerCase()) return false;
  // Type names of schemas and i18n keys.
  if (/^(string|number|boolean|object|array|integer|text|hidden|bearer|basic|none|null)$/i.test(value)) return false;
  if (/^[A-Za-z_-]+(\.[A-Za-z_-]+)+$/.test(value)) return false;
  if (isPlaceholderValue(value)) return false;
  return true;
}

function connectionStringPassword(text: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/$]{3,})@([^\s/:?]*)/i.exec(text);
  if (!match) return undefined;
  const [, password, host] = match;
  if (/^(password|passwd|pass|pwd|secret|changeme|admin|root|user|test)$/i.test(password) || isPlaceholderValue(password)) return undefined;
  if (isLocalHost(host)) return undefined;
  return password;
}

function isLocalHost(host: string): boolean {
  const lower = host.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    lower === 'localhost' ||
    lower.endsWith('.localhost') ||
    /^127\./.test(lower) ||
    lower === '0.0.0.0' ||
    lower === '::1' ||
    /^169\.254\./.test(lower) ||
    lower === 'host.docker.internal' ||
    lower.endsWith('.local') ||
    lower.endsWith('.internal') ||
    lower === 'localstack' ||
    /(^|\.)example\.(com|org|net)$/.test(lower) ||
    /\.(test|example|invalid)$/.test(lower)
  );
}

export function collectCodeFacts(scan: ModuleScan, handlers: readonly FactHandler[], document: CodeDocument, locate: (node: ts.Node) => CodeLocation): void {
  const sourceFile = scan.sourceFile;
  const handlerOf = new Map<ts.Node, string>(handlers.map((handler) => [handler.fn, handler.exportName]));
  const text = (node: ts.Node) => node.getText(sourceFile);
  /** Identifier uses by name, for "this constant is used by that call". */
  const references = new Map<string, ts.Identifier[]>();
  /**
   * Declarations with an initialiser, by the function that holds them (undefined: file level) and name, in
   * document order; and `name = value` assignments by name. Looked up per use: a scan of every reference
   * of a name per use was quadratic in a file of many handlers that all declare `body`.
   */
  const declarationsIn = new Map<ts.Node | undefined, Map<string, ts.VariableDeclaration[]>>();
  const assignments = new Map<string, ts.Expression[]>();
  const collectReferences = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const list = references.get(node.text);
      if (list) list.push(node);
      else references.set(node.text, [node]);
      const parent = node.parent;
      if (parent && ts.isVariableDeclaration(parent) && parent.name === node && parent.initializer) {
        const fn = enclosingFunction(parent);
        let byName = declarationsIn.get(fn);
        if (!byName) declarationsIn.set(fn, (byName = new Map()));
        const declarations = byName.get(node.text);
        if (declarations) declarations.push(parent);
        else byName.set(node.text, [parent]);
      } else if (parent && ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const assigned = assignments.get(node.text);
        if (assigned) assigned.push(parent.right);
        else assignments.set(node.text, [parent.right]);
      }
    }
  };
  for (const node of nodeOrderOf(sourceFile).nodes) collectReferences(node);

  // ---- What a value holds ----------------------------------------------------------------------
  const classify = (node: ts.Expression, scope: Scope, depth = 0): DataKind | undefined => {
    if (depth > 8) return undefined;
    const expr = unwrapExpression(node);
    const env = envRead(expr);
    if (env !== undefined) return env === '' ? 'environment' : isSecretEnvName(env) ? 'secret-env' : undefined;
    if (ts.isIdentifier(expr)) {
      if (scope.eventNames.has(expr.text)) return 'event';
      if (scope.requestNames.has(expr.text)) return 'request';
      return scope.aliases.get(expr.text);
    }
    if (ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) {
      const name = memberName(expr);
      if (name === undefined) return undefined;
      const base = classify(expr.expression, scope, depth + 1);
      if (base === 'event' || base === 'request') {
        if (name === 'body') return 'body';
        if (name === 'headers' || name === 'multiValueHeaders') return 'headers';
        return undefined;
      }
      if (base === 'headers' && SENSITIVE_REQUEST_HEADERS.has(name.toLowerCase())) return 'auth-header';
      return undefined;
    }
    if (ts.isCallExpression(expr)) {
      const callee = text(expr.expression);
      // JSON.parse(event.body) and the body parsers of samples keep the body.
      if (/^(JSON\.parse|parse|parseBody|safeParse|destr|Object\.assign)$/.test(callee) && expr.arguments.length > 0) {
        const kinds = expr.arguments.map((arg) => classify(arg, scope, depth + 1));
        return kinds.find((kind) => kind === 'body');
      }
      return undefined;
    }
    if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === ts.SyntaxKind.BarBarToken || expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return classify(expr.left, scope, depth + 1);
    if (ts.isConditionalExpression(expr)) return classify(expr.whenTrue, scope, depth + 1) ?? classify(expr.whenFalse, scope, depth + 1);
    return undefined;
  };

  const bindName = (name: ts.BindingName, init: ts.Expression, scope: Scope): void => {
    if (ts.isIdentifier(name)) {
      const kind = classify(init, scope);
      if (kind) scope.aliases.set(name.text, kind);
      else scope.aliases.delete(name.text);
      return;
    }
    if (!ts.isObjectBindingPattern(name)) return;
    const kind = classify(init, scope);
    for (const element of name.elements) {
      if (!ts.isIdentifier(element.name)) continue;
      const key = element.propertyName ? propertyNameText(element.propertyName) : element.name.text;
      if (key === undefined || element.dotDotDotToken) continue;
      let elementKind: DataKind | undefined;
      if (kind === 'event' || kind === 'request') elementKind = key === 'body' ? 'body' : key === 'headers' || key === 'multiValueHeaders' ? 'headers' : undefined;
      else if (kind === 'headers' && SENSITIVE_REQUEST_HEADERS.has(key.toLowerCase())) elementKind = 'auth-header';
      else if (kind === 'environment' && isSecretEnvName(key)) elementKind = 'secret-env';
      if (elementKind) scope.aliases.set(element.name.text, elementKind);
    }
  };

  /** The object literal a params value is, directly or through a variable declared in the same function or file. */
  const objectOf = (node: ts.Expression | undefined, depth = 0): ts.ObjectLiteralExpression | undefined => {
    if (!node || depth > 3) return undefined;
    const expr = unwrapExpression(node);
    if (ts.isObjectLiteralExpression(expr)) return expr;
    if (ts.isIdentifier(expr)) {
      const init = initializerOf(expr);
      return init ? objectOf(init, depth + 1) : undefined;
    }
    return undefined;
  };

  /** The initialiser of the nearest declaration of a name before its use (same function, else file level). */
  const initializerOf = (use: ts.Identifier): ts.Expression | undefined => {
    const useStart = use.getStart(sourceFile);
    let best: ts.VariableDeclaration | undefined;
    let bestStart = -1;
    // The last declaration before the use, in the use's function or at file level.
    for (const fn of new Set([enclosingFunction(use), undefined])) {
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

  /** Every expression assigned to a name in its function: `hashed = await bcrypt.hash(...)`. */
  const assignedTo = (use: ts.Identifier): ts.Expression[] => {
    const out: ts.Expression[] = [];
    const initializer = initializerOf(use);
    if (initializer) out.push(initializer);
    out.push(...(assignments.get(use.text) ?? []));
    return out;
  };

  // ---- Secrets ---------------------------------------------------------------------------------
  const recordSecret = (literal: ts.Node, value: string): void => {
    const holder = outerOf(literal);
    const parent = holder.parent;
    let name: string | undefined;
    let context: CodeDocument['secrets'][number]['context'] = 'literal';
    let envVariable: string | undefined;
    let bindingOf: ts.Node | undefined = holder;
    // The syntax other tools' pattern rules match (SecretSyntax); the literal itself is never unwrapped there.
    const written: NonNullable<CodeDocument['secrets'][number]['written']> = { value, isQuoted: ts.isStringLiteral(literal) };
    if (parent && ts.isBinaryExpression(parent) && parent.right === holder && (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      // process.env.JWT_SECRET || '3ee058420bc2': the literal is what runs when the variable is not set.
      const env = envRead(parent.left);
      if (env) envVariable = env;
      bindingOf = outerOf(parent);
      written.isDefaultOperand = true;
    }
    const isDirect = bindingOf === holder && holder === literal;
    const bindingParent = bindingOf.parent;
    if (bindingParent) {
      if (ts.isVariableDeclaration(bindingParent) && bindingParent.initializer === bindingOf && ts.isIdentifier(bindingParent.name)) {
        name = bindingParent.name.text;
        context = 'variable';
        Object.assign(written, { target: name, targetKind: 'declaration', targetIsIdentifier: true });
      } else if (ts.isPropertyAssignment(bindingParent) && bindingParent.initializer === bindingOf) {
        name = propertyNameText(bindingParent.name);
        context = name !== undefined && CREDENTIAL_HEADERS.has(name.toLowerCase()) ? 'header' : 'property';
        Object.assign(written, { target: text(bindingParent.name), targetKind: 'property', targetIsIdentifier: ts.isIdentifier(bindingParent.name) });
      } else if (ts.isBinaryExpression(bindingParent) && bindingParent.right === bindingOf && bindingParent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const left = unwrapExpression(bindingParent.left);
        name = ts.isIdentifier(left) ? left.text : memberName(left);
        context = 'variable';
        Object.assign(written, { target: text(bindingParent.left), targetKind: 'assignment', targetIsIdentifier: ts.isIdentifier(bindingParent.left) });
      } else if (ts.isParameter(bindingParent) && bindingParent.initializer === bindingOf && ts.isIdentifier(bindingParent.name)) {
        name = bindingParent.name.text;
        context = 'parameter';
        Object.assign(written, { target: name, targetKind: 'default', targetIsIdentifier: true });
      } else if (ts.isBindingElement(bindingParent) && bindingParent.initializer === bindingOf) {
        name = bindingParent.propertyName ? propertyNameText(bindingParent.propertyName) : ts.isIdentifier(bindingParent.name) ? bindingParent.name.text : undefined;
        context = 'variable';
        if (ts.isIdentifier(bindingParent.name)) Object.assign(written, { target: bindingParent.name.text, targetKind: 'default', targetIsIdentifier: true });
        // const { JWT_SECRET = 'dev-secret' } = process.env
        const declaration = bindingParent.parent?.parent;
        if (name && declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && envRead(declaration.initializer) === '') envVariable = name;
      } else if ((ts.isCallExpression(bindingParent) || ts.isNewExpression(bindingParent)) && bindingParent.arguments?.includes(bindingOf as ts.Expression)) {
        const callee = qualifiedNameOf(scan, bindingParent.expression);
        const index = bindingParent.arguments.indexOf(bindingOf as ts.Expression);
        const method = callee?.members[callee.members.length - 1];
        // jwt.sign(payload, 'secret') and crypto.createHmac('sha256', 'key'): the literal is the signing key.
        if (callee && index === 1 && ((/^(jsonwebtoken|jws|jose)$/.test(callee.module) && /^(sign|verify)$/.test(method ?? '')) || (callee.module === 'crypto' && method === 'createHmac'))) {
          name = callee.module === 'crypto' ? 'hmacKey' : 'jwtSecret';
          context = 'argument';
          const calleeNode = unwrapExpression(bindingParent.expression);
          written.call = { module: callee.module, method: method ?? '', isMethodOfIdentifier: ts.isPropertyAccessExpression(calleeNode) && ts.isIdentifier(unwrapExpression(calleeNode.expression)) };
        }
      }
    }
    if (envVariable) context = 'env-fallback';
    const trimmed = value.trim();
    let kind: string | undefined;
    let signal: 'shape' | 'name' = 'name';
    const shape = secretShapeOf(trimmed);
    if (shape && STRONG_SHAPES.has(shape) && !isPlaceholderValue(trimmed)) {
      kind = shape;
      signal = 'shape';
    } else if (shape === 'connection string with a password') {
      if (connectionStringPassword(trimmed)) {
        kind = shape;
        signal = 'shape';
      }
    } else if (name !== undefined || envVariable !== undefined) {
      let checked = trimmed;
      let bindingName = name ?? '';
      if (context === 'header' && /^(proxy-)?authorization$/i.test(bindingName)) {
        // `Authorization: 'Bearer abc...'`: the credential is what follows the scheme.
        const match = /^(bearer|basic|token|apikey|digest)\s+(\S+)$/i.exec(trimmed);
        checked = match ? match[2] : trimmed;
        bindingName = 'authToken';
      }
      const nameKind = (envVariable && secretNameKind(envVariable)) || secretNameKind(bindingName) || (context === 'argument' ? 'key' : undefined);
      const valueOk = context === 'argument' ? checked.length > 0 && !isPlaceholderValue(checked) : looksLikeSecretValue(checked) && codeValueLooksSecret(bindingName, checked);
      if (nameKind && valueOk) kind = nameKind;
    }
    if (!kind) return;
    const bound = envVariable ? `the fallback of \`process.env.${envVariable}\`` : context === 'argument' ? `the key argument of \`${short(text((outerOf(literal).parent as ts.CallExpression).expression), 30)}\`` : name !== undefined ? `\`${name}\` (${context})` : 'a string literal';
    if (!isDirect && !written.isDefaultOperand) delete written.target;
    document.secrets.push({ kind, signal, context, name, envVariable, location: locate(literal), description: `hard-coded ${kind} in ${bound}`, written });
  };

  const checkTemplateHeadSecret = (template: ts.TemplateExpression): void => {
    // `postgres://app:${user}...` is partial; `mongodb://admin:s3cret@${host}` has the password whole.
    const head = template.head.text;
    if (/:\/\/[^\s:/@]+:[^\s@/$]{3,}@$/.test(head) && connectionStringPassword(`${head}host`)) {
      document.secrets.push({ kind: 'connection string with a password', signal: 'shape', context: 'literal', location: locate(template.head), description: 'hard-coded connection string with a password in a template string' });
    }
  };

  // ---- Logging ---------------------------------------------------------------------------------
  const loggerOf = (call: ts.CallExpression): string | undefined => {
    const callee = call.expression;
    const name = qualifiedNameOf(scan, callee);
    if (name) {
      const members = name.members;
      const last = members[members.length - 1];
      if (name.module === '' && members.length === 2 && members[0] === 'console' && LOG_METHODS.has(last)) return `console.${last}`;
      if (LOGGER_MODULES.has(name.module) && (LOG_METHODS.has(last) || members.length === 0)) return describeQualifiedName(name) || name.module;
    }
    if (ts.isPropertyAccessExpression(callee) && LOG_METHODS.has(callee.name.text) && LOGGER_RECEIVER.test(text(callee.expression))) return text(callee);
    return undefined;
  };

  /** Event data or secrets inside a logged argument: through JSON.stringify, templates, concatenation and object literals. */
  const loggedData = (node: ts.Expression, scope: Scope, out: Array<{ kind: LoggedDataKind; node: ts.Expression }>, depth = 0): void => {
    if (depth > 6) return;
    const expr = unwrapExpression(node);
    const kind = classify(expr, scope);
    if (kind && kind !== 'request') {
      out.push({ kind, node: expr });
      return;
    }
    if (ts.isCallExpression(expr) && /^(JSON\.stringify|util\.inspect|inspect|String)$/.test(text(expr.expression)) && expr.arguments[0]) loggedData(expr.arguments[0], scope, out, depth + 1);
    else if (ts.isTemplateExpression(expr)) for (const span of expr.templateSpans) loggedData(span.expression, scope, out, depth + 1);
    else if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      loggedData(expr.left, scope, out, depth + 1);
      loggedData(expr.right, scope, out, depth + 1);
    } else if (ts.isObjectLiteralExpression(expr)) {
      for (const property of expr.properties) {
        if (ts.isPropertyAssignment(property)) loggedData(property.initializer, scope, out, depth + 1);
        else if (ts.isShorthandPropertyAssignment(property)) loggedData(property.name, scope, out, depth + 1);
        else if (ts.isSpreadAssignment(property)) loggedData(property.expression, scope, out, depth + 1);
      }
    } else if (ts.isArrayLiteralExpression(expr)) for (const element of expr.elements) loggedData(element, scope, out, depth + 1);
  };

  const LOG_WORDS: Record<LoggedDataKind, string> = {
    event: 'the whole event (headers with their tokens, the body)',
    headers: 'the request headers (Authorization, cookies, API keys)',
    'auth-header': 'a credential header',
    body: 'the request body',
    'secret-env': 'a secret from the environment',
    environment: 'the whole environment (every secret the function is given)',
  };

  const checkLog = (call: ts.CallExpression, scope: Scope): void => {
    const logger = loggerOf(call);
    if (!logger) return;
    const found: Array<{ kind: LoggedDataKind; node: ts.Expression }> = [];
    for (const arg of call.arguments) loggedData(arg, scope, found);
    const seen = new Set<string>();
    for (const { kind, node } of found) {
      const what = short(text(node), 50);
      if (seen.has(kind)) continue;
      seen.add(kind);
      document.logs.push({ kind, logger, what, handler: scope.handler, location: locate(node), description: `\`${logger}\` writes ${LOG_WORDS[kind]}: \`${what}\`` });
    }
  };

  // ---- Plain HTTP and TLS ----------------------------------------------------------------------
  /** The outgoing call a URL value reaches: up through concatenation, templates and URL options, and one hop through a variable. */
  const outgoingUse = (start: ts.Node, hops: number): string | undefined => {
    let current: ts.Node = start;
    let key: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const parent = current.parent;
      if (!parent) return undefined;
      if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent) || ts.isAwaitExpression(parent) || ts.isArrayLiteralExpression(parent) || (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken) || (ts.isConditionalExpression(parent) && parent.condition !== current)) {
        current = parent;
      } else if (ts.isTemplateSpan(parent) && parent.expression === current) {
        current = parent.parent;
      } else if (ts.isTemplateExpression(parent) && parent.head === current) {
        current = parent;
      } else if (ts.isPropertyAssignment(parent) && parent.initializer === current) {
        const property = propertyNameText(parent.name);
        if (!property || !URL_KEYS.has(property)) return undefined;
        key = property;
        current = parent.parent;
      } else if (ts.isShorthandPropertyAssignment(parent) && URL_KEYS.has(parent.name.text)) {
        key = parent.name.text;
        current = parent.parent;
      } else if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(current as ts.Expression)) {
        const name = qualifiedNameOf(scan, parent.expression);
        if (!name) return undefined;
        const described = describeQualifiedName(name);
        if (name.module === '' && GLOBAL_HTTP.has(name.members.join('.'))) return described;
        if (HTTP_CLIENT_MODULES.has(name.module)) return described || name.module;
        if (key === 'endpoint' && (name.module === 'aws-sdk' || name.module.startsWith('aws-sdk/') || name.module.startsWith('@aws-sdk/'))) return `${described} endpoint`;
        return undefined;
      } else if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name) && hops < 2) {
        for (const ref of references.get(parent.name.text) ?? []) {
          if (ref === parent.name) continue;
          const via = outgoingUse(ref, hops + 1);
          if (via) return via;
        }
        return undefined;
      } else return undefined;
    }
    return undefined;
  };

  const checkPlainUrl = (literal: ts.Node, urlText: string, rest: string): void => {
    const match = /^(http|ws):\/\/([^/:?#\s]*)/i.exec(urlText);
    if (!match) return;
    const host = match[2];
    // The Lambda runtime API, local emulators and instance metadata are plain HTTP by design.
    if (host === '' ? /localhost|127\.0\.0\.1|LAMBDA_RUNTIME|localstack|host\.docker|LOCAL/i.test(rest) : isLocalHost(host)) return;
    const via = outgoingUse(literal, 0);
    if (!via) return;
    const what = host ? `${match[1].toLowerCase()}://${host}` : `${match[1].toLowerCase()}://${short(rest, 30)}`;
    const call = literal.parent;
    const index = call && (ts.isCallExpression(call) || ts.isNewExpression(call)) ? (call.arguments?.indexOf(literal as ts.Expression) ?? -1) : -1;
    const urlArgument = index >= 0 ? { index, callee: text((call as ts.CallExpression | ts.NewExpression).expression) } : undefined;
    document.insecureTransport.push({ kind: 'plaintext-url', what, via, isQuoted: ts.isStringLiteral(literal), ...(urlArgument && { urlArgument }), location: locate(literal), description: `\`${via}\` sends a request to \`${what}\` without TLS` });
  };

  const tlsDisabled = (node: ts.Node, what: string, via: string, optionsArgument?: number): void => {
    document.insecureTransport.push({ kind: 'tls-verification-disabled', what, via, ...(optionsArgument !== undefined && { optionsArgument }), location: locate(node), description: `certificate verification is off (\`${what}\`${via ? ` in \`${via}\`` : ''}): anyone on the network path can impersonate the server` });
  };

  /** `call(a, { rejectUnauthorized: false })`: the position of the object literal holding the property among the call's arguments. */
  const optionsArgumentOf = (property: ts.Node): number | undefined => {
    const literal = property.parent;
    let argument: ts.Node = literal;
    while (argument.parent && ts.isParenthesizedExpression(argument.parent)) argument = argument.parent;
    const call = argument.parent;
    if (!call || !(ts.isCallExpression(call) || ts.isNewExpression(call))) return undefined;
    const index = call.arguments ? call.arguments.indexOf(argument as ts.Expression) : -1;
    return index >= 0 ? index : undefined;
  };

  const enclosingCallee = (node: ts.Node): string => {
    for (let current: ts.Node | undefined = node.parent, depth = 0; current && depth < 6; current = current.parent, depth++) {
      if (ts.isCallExpression(current) || ts.isNewExpression(current)) {
        const name = qualifiedNameOf(scan, current.expression);
        return name ? describeQualifiedName(name) || short(text(current.expression), 30) : short(text(current.expression), 30);
      }
      if (ts.isStatement(current)) break;
    }
    return '';
  };

  // ---- Responses -------------------------------------------------------------------------------
  const isErrorName = (identifier: ts.Identifier): boolean => {
    for (let current: ts.Node | undefined = identifier.parent; current; current = current.parent) {
      if (ts.isCatchClause(current)) {
        const declared = current.variableDeclaration?.name;
        if (declared && ts.isIdentifier(declared) && declared.text === identifier.text) return true;
      }
      if (isFunctionNode(current)) {
        const index = current.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === identifier.text);
        if (index < 0) continue;
        const call = current.parent;
        // .catch((e) => ...), a node-style callback's first parameter, or a parameter named like an error.
        if (call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'catch') return true;
        return index === 0 && identifier.text !== 'e' && ERROR_PARAMETER.test(identifier.text);
      }
    }
    return false;
  };

  const leaks = (node: ts.Expression, scope: Scope, out: Array<{ kind: 'error-object' | 'stack-trace' | 'secret'; node: ts.Expression }>, depth = 0): void => {
    if (depth > 6) return;
    const expr = unwrapExpression(node);
    if (ts.isIdentifier(expr)) {
      if (isErrorName(expr)) out.push({ kind: 'error-object', node: expr });
      else {
        const kind = classify(expr, scope);
        if (kind === 'secret-env' || kind === 'environment') out.push({ kind: 'secret', node: expr });
      }
      return;
    }
    const env = envRead(expr);
    if (env !== undefined) {
      if (env === '' || isSecretEnvName(env)) out.push({ kind: 'secret', node: expr });
      return;
    }
    if (ts.isPropertyAccessExpression(expr)) {
      // err.stack is the code's layout; err.message is usually the code's own words, so it is allowed.
      // `.stack` of an error only: a CloudFormation `result.stack` is data.
      const base = unwrapExpression(expr.expression);
      if (expr.name.text === 'stack' && ((ts.isIdentifier(base) && (isErrorName(base) || /err|exception/i.test(base.text))) || ts.isNewExpression(base))) out.push({ kind: 'stack-trace', node: expr });
      return;
    }
    if (ts.isCallExpression(expr)) {
      const callee = text(expr.expression);
      if (/^(JSON\.stringify|util\.inspect|inspect)$/.test(callee) && expr.arguments[0]) {
        const inner = unwrapExpression(expr.arguments[0]);
        // JSON.stringify(err, Object.getOwnPropertyNames(err)) serialises the stack too.
        if (ts.isIdentifier(inner) && isErrorName(inner) && expr.arguments[1] && /getOwnPropertyNames/.test(text(expr.arguments[1]))) out.push({ kind: 'stack-trace', node: expr });
        else leaks(expr.arguments[0], scope, out, depth + 1);
      }
      return;
    }
    if (ts.isTemplateExpression(expr)) for (const span of expr.templateSpans) leaks(span.expression, scope, out, depth + 1);
    else if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      leaks(expr.left, scope, out, depth + 1);
      leaks(expr.right, scope, out, depth + 1);
    } else if (ts.isObjectLiteralExpression(expr)) {
      for (const property of expr.properties) {
        if (ts.isPropertyAssignment(property)) leaks(property.initializer, scope, out, depth + 1);
        else if (ts.isShorthandPropertyAssignment(property)) leaks(property.name, scope, out, depth + 1);
        else if (ts.isSpreadAssignment(property)) leaks(property.expression, scope, out, depth + 1);
      }
    } else if (ts.isConditionalExpression(expr)) {
      leaks(expr.whenTrue, scope, out, depth + 1);
      leaks(expr.whenFalse, scope, out, depth + 1);
    }
  };

  const LEAK_WORDS = { 'error-object': 'a raw error object', 'stack-trace': 'a stack trace', secret: 'a secret' } as const;
  /** True when `identifier` names the parameter of a `try`'s `catch` clause (the nearest binding of its name). */
  const isCatchParameter = (identifier: ts.Identifier): boolean => {
    for (let current: ts.Node | undefined = identifier.parent; current; current = current.parent) {
      if (ts.isCatchClause(current)) {
        const declared = current.variableDeclaration?.name;
        if (declared && ts.isIdentifier(declared) && declared.text === identifier.text) return true;
      }
      if (isFunctionNode(current) && current.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === identifier.text)) return false;
    }
    return false;
  };

  const recordLeaks = (value: ts.Expression, scope: Scope, where: string, sink: 'lambda-body' | 'response-method', method?: string): void => {
    const found: Array<{ kind: 'error-object' | 'stack-trace' | 'secret'; node: ts.Expression }> = [];
    leaks(value, scope, found);
    for (const { kind, node } of found) {
      const what = short(text(node), 50);
      const base = ts.isPropertyAccessExpression(node) ? unwrapExpression(node.expression) : node;
      const reach = { sink, ...(method && { method }), isWholeArgument: unwrapExpression(value) === node, isCatchParameter: ts.isIdentifier(base) && isCatchParameter(base) };
      document.responseLeaks.push({ kind, what, handler: scope.handler, location: locate(node), description: `${where} returns ${LEAK_WORDS[kind]} to the caller: \`${what}\``, reach });
    }
  };

  // ---- Stores ----------------------------------------------------------------------------------
  const keysOf = (object: ts.ObjectLiteralExpression): Set<string> => new Set(object.properties.map((property) => propertyNameText(property.name)).filter((key): key is string => key !== undefined));

  /** Which store a params object with this data property is for, from its sibling keys. */
  const storeOf = (property: string, object: ts.ObjectLiteralExpression): string | undefined => {
    const keys = keysOf(object);
    const parentKey = ts.isPropertyAssignment(object.parent) ? propertyNameText(object.parent.name) : undefined;
    if ((property === 'Item' || property === 'ExpressionAttributeValues') && (keys.has('TableName') || parentKey === 'PutRequest' || parentKey === 'Put' || parentKey === 'Update')) return 'DynamoDB';
    if (property === 'Body' && keys.has('Bucket') && keys.has('Key')) return 'S3';
    if (property === 'MessageBody' && (keys.has('QueueUrl') || keys.has('Id'))) return 'SQS';
    if (property === 'Message' && (keys.has('TopicArn') || keys.has('TargetArn') || keys.has('PhoneNumber'))) return 'SNS';
    return undefined;
  };

  const sensitiveCategory = (field: string): string | undefined => {
    const words = wordsOf(field.replace(/^:/, ''));
    if (words.length === 0) return undefined;
    if (words.some((word) => NOT_THE_SECRET_WORDS.has(word) && word !== 'key') || NOT_THE_SECRET_WORDS.has(words[words.length - 1])) {
      // `apiKey` and `privateKey` end in "key" and are the secret; `passwordHash`, `tokenExpiry`, `secretArn` are not.
      const pair = words.slice(-2).join(' ');
      if (!(pair === 'api key' || pair === 'private key' || pair === 'secret key') || words.some((word) => word !== 'key' && NOT_THE_SECRET_WORDS.has(word))) return undefined;
    }
    const joined = words.join(' ');
    if (words.some((word) => /^(password|passwd|pwd|passcode|passphrase|pin)$/.test(word)) || /password$/.test(words[words.length - 1])) return 'password';
    if (/\bcard (number|no|num)\b|\bcc (number|num)\b|^pan$|\bprimary account number\b|^cardnumber$/.test(joined)) return 'card number';
    if (words.some((word) => /^(cvv|cvc|cvv2|cvc2|csc)$/.test(word)) || /\bcard (security|verification) code\b/.test(joined)) return 'card security code';
    if (words.includes('ssn') || /\bsocial security( number)?\b/.test(joined)) return 'social security number';
    if (/\b(api key|secret key|private key)$/.test(joined) || words.includes('apikey')) return joined.includes('private') ? 'private key' : 'API key';
    if (words.includes('secret')) return 'secret';
    if (words.includes('token') && !HARMLESS_TOKEN_PREFIXES.has(words[0])) return 'token';
    return undefined;
  };

  /** True when the value was hashed or encrypted, directly or where the variable was set. */
  const isProtected = (value: ts.Expression, depth = 0): boolean => {
    const expr = unwrapExpression(value);
    if (PROTECTS.test(`${text(expr)}(`) && !ts.isIdentifier(expr)) return true;
    if (ts.isIdentifier(expr) && depth < 3) return assignedTo(expr).some((assigned) => isProtected(assigned, depth + 1)) || PROTECTS.test(`${expr.text}(`);
    if ((ts.isPropertyAccessExpression(expr) || ts.isElementAccessExpression(expr)) && depth < 3) return /hash|encrypt|cipher|digest/i.test(text(expr));
    return false;
  };

  /** The object written, through JSON.stringify, marshall and Buffer.from, and local variables. */
  const writtenObject = (value: ts.Expression, depth = 0): ts.ObjectLiteralExpression | undefined => {
    if (depth > 4) return undefined;
    const expr = unwrapExpression(value);
    if (ts.isCallExpression(expr) && /^(JSON\.stringify|marshall|AWS\.DynamoDB\.Converter\.marshall|Converter\.marshall|Buffer\.from)$/.test(text(expr.expression)) && expr.arguments[0]) return writtenObject(expr.arguments[0], depth + 1);
    return objectOf(expr);
  };

  const checkSensitiveFields = (object: ts.ObjectLiteralExpression, service: string, parameter: string, scope: Scope, depth = 0): void => {
    if (depth > 3) return;
    for (const property of object.properties) {
      const field = propertyNameText(property.name);
      if (field === undefined) continue;
      let value: ts.Expression | undefined = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
      if (!value) continue;
      let inner = unwrapExpression(value);
      // Low-level DynamoDB attribute values: { password: { S: plain } }.
      if (ts.isObjectLiteralExpression(inner) && inner.properties.length === 1 && /^(S|N|B)$/.test(propertyNameText(inner.properties[0].name) ?? '') && ts.isPropertyAssignment(inner.properties[0])) {
        value = inner.properties[0].initializer;
        inner = unwrapExpression(value);
      }
      const category = sensitiveCategory(field);
      if (!category) {
        if (ts.isObjectLiteralExpression(inner)) checkSensitiveFields(inner, service, parameter, scope, depth + 1);
        continue;
      }
      // Literals (flags, nulls, placeholders) are not user data; a literal secret is code-hardcoded-secret's.
      if (isStringLike(inner) || ts.isNumericLiteral(inner) || inner.kind === ts.SyntaxKind.NullKeyword || inner.kind === ts.SyntaxKind.TrueKeyword || inner.kind === ts.SyntaxKind.FalseKeyword || (ts.isIdentifier(inner) && inner.text === 'undefined')) continue;
      if (isProtected(value)) continue;
      document.sensitiveWrites.push({ field, category, service, parameter, handler: scope.handler, location: locate(property), description: `${category} \`${field}\` is written to ${service} (${parameter}) in plain text` });
    }
  };

  /** The request body as a stored value: whole, or spread into an object literal. */
  const bodyShape = (value: ts.Expression, scope: Scope, depth = 0): { shape: 'whole' | 'spread-first' | 'spread-last'; node: ts.Expression } | undefined => {
    if (depth > 3) return undefined;
    const expr = unwrapExpression(value);
    if (ts.isCallExpression(expr) && /^(marshall|AWS\.DynamoDB\.Converter\.marshall|Converter\.marshall)$/.test(text(expr.expression)) && expr.arguments[0]) return bodyShape(expr.arguments[0], scope, depth + 1);
    if (classify(expr, scope) === 'body') return { shape: 'whole', node: expr };
    const object = ts.isObjectLiteralExpression(expr) ? expr : ts.isIdentifier(expr) ? objectOf(expr) : undefined;
    if (!object) return undefined;
    const spreads = object.properties.map((property, index) => ({ property, index })).filter(({ property }) => ts.isSpreadAssignment(property) && classify(property.expression, scope) === 'body');
    if (spreads.length === 0) return undefined;
    if (object.properties.length === 1) return { shape: 'whole', node: expr };
    const last = spreads[spreads.length - 1].index === object.properties.length - 1;
    return { shape: last ? 'spread-last' : 'spread-first', node: expr };
  };

  const SHAPE_WORDS = {
    whole: 'as it is',
    'spread-first': 'spread into the stored object (the caller sets every field the code does not set after it)',
    'spread-last': 'spread last into the stored object (the caller can even override the fields the code sets)',
  } as const;
  const recordMassAssignment = (value: ts.Expression, store: string, scope: Scope): void => {
    const found = bodyShape(value, scope);
    if (!found) return;
    const what = short(text(found.node), 50);
    document.massAssignments.push({ store, shape: found.shape, what, handler: scope.handler, location: locate(found.node), description: `the request body is stored ${SHAPE_WORDS[found.shape]} in ${store}: \`${what}\`` });
  };

  const MONGO_INSERT = /^(insertOne|insertMany|create|bulkCreate|build|insert|save|upsert)$/;
  const MONGO_UPDATE = /^(updateOne|updateMany|findOneAndUpdate|findByIdAndUpdate|replaceOne|findOneAndReplace|findByIdAndReplace)$/;

  // ---- The walk --------------------------------------------------------------------------------
  const enterFunction = (fn: FunctionNode, outer: Scope): Scope => {
    const scope: Scope = { eventNames: new Set(outer.eventNames), requestNames: new Set(outer.requestNames), aliases: new Map(outer.aliases), handler: handlerOf.get(fn) ?? outer.handler };
    // Parameters shadow what the closure saw.
    for (const parameter of fn.parameters) {
      if (ts.isIdentifier(parameter.name)) {
        scope.eventNames.delete(parameter.name.text);
        scope.requestNames.delete(parameter.name.text);
        scope.aliases.delete(parameter.name.text);
      }
    }
    const first = fn.parameters[0]?.name;
    const isHandler = handlerOf.has(fn);
    if (first && ts.isIdentifier(first)) {
      if (isHandler || EVENT_PARAMETER_NAMES.test(first.text)) scope.eventNames.add(first.text);
      else if (/^(req|request)$/.test(first.text) && fn.parameters.length >= 2) scope.requestNames.add(first.text);
    } else if (first && ts.isObjectBindingPattern(first) && isHandler) {
      for (const element of first.elements) {
        const key = element.propertyName ? propertyNameText(element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
        if (!ts.isIdentifier(element.name) || !key) continue;
        if (key === 'body') scope.aliases.set(element.name.text, 'body');
        if (key === 'headers' || key === 'multiValueHeaders') scope.aliases.set(element.name.text, 'headers');
      }
    }
    return scope;
  };

  /**
   * Reads one node in the scope it is in. The function itself and a declaration with an initialiser are handled by
   * the loop below (a new scope for the function's subtree; the declared name bound after its initialiser is read).
   */
  const check = (node: ts.Node, scope: Scope): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = unwrapExpression(node.left);
      if (ts.isIdentifier(left)) bindName(left, node.right, scope);
      // process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0' turns certificate checks off for the whole process.
      if (envRead(left) === 'NODE_TLS_REJECT_UNAUTHORIZED') {
        const right = unwrapExpression(node.right);
        if ((isStringLike(right) && right.text === '0') || (ts.isNumericLiteral(right) && right.text === '0')) tlsDisabled(node, `NODE_TLS_REJECT_UNAUTHORIZED = ${text(right)}`, 'process.env');
      }
    }
    // Module specifiers and strings under four characters can hold no credential and no URL; most literals are one or the other.
    if (isStringLike(node) && node.text.length >= 4 && !isModuleSpecifier(node)) {
      recordSecret(node, node.text);
      if (/^(http|ws):\/\//i.test(node.text)) checkPlainUrl(node, node.text, '');
    } else if (ts.isTemplateExpression(node)) {
      checkTemplateHeadSecret(node);
      if (/^(http|ws):\/\//i.test(node.head.text)) checkPlainUrl(node, node.head.text, text(node));
    }
    if (ts.isPropertyAssignment(node)) {
      const key = propertyNameText(node.name);
      const value = unwrapExpression(node.initializer);
      if ((key === 'rejectUnauthorized' || key === 'strictSSL') && value.kind === ts.SyntaxKind.FalseKeyword) tlsDisabled(node, `${key}: false`, enclosingCallee(node), optionsArgumentOf(node));
      if (key === 'NODE_TLS_REJECT_UNAUTHORIZED' && ((isStringLike(value) && value.text === '0') || (ts.isNumericLiteral(value) && value.text === '0'))) tlsDisabled(node, `NODE_TLS_REJECT_UNAUTHORIZED: ${text(value)}`, enclosingCallee(node));
      if (key && ts.isObjectLiteralExpression(node.parent)) {
        const service = storeOf(key, node.parent);
        if (service) {
          const written = writtenObject(node.initializer);
          if (written) checkSensitiveFields(written, service, key, scope);
          if (service === 'DynamoDB' && key === 'Item') recordMassAssignment(node.initializer, 'DynamoDB Item', scope);
        }
        // Prisma: prisma.user.create({ data: body }).
        if (key === 'data') {
          const call = node.parent.parent;
          if (call && ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && /^(create|update|upsert|createMany)$/.test(call.expression.name.text)) recordMassAssignment(node.initializer, `Prisma ${call.expression.name.text} data`, scope);
        }
      }
    }
    if (ts.isObjectLiteralExpression(node)) {
      const keys = keysOf(node);
      if (keys.has('statusCode') && keys.has('body')) {
        for (const property of node.properties) {
          if (propertyNameText(property.name) !== 'body') continue;
          const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
          if (value) recordLeaks(value, scope, 'the response body', 'lambda-body');
        }
      }
    }
    if (ts.isCallExpression(node)) {
      checkLog(node, scope);
      if (ts.isPropertyAccessExpression(node.expression)) {
        const method = node.expression.name.text;
        // res.send(err), res.status(500).json(err) in serverless-http apps.
        let receiver: ts.Expression = node.expression.expression;
        while (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression)) receiver = receiver.expression.expression;
        if (/^(send|json|end|write)$/.test(method) && ts.isIdentifier(receiver) && RESPONSE_RECEIVER.test(receiver.text)) for (const arg of node.arguments) recordLeaks(arg, scope, `\`${receiver.text}.${method}\``, 'response-method', method);
        if (MONGO_INSERT.test(method) && node.arguments[0] && !ts.isObjectLiteralExpression(unwrapExpression(node.arguments[0]))) recordMassAssignment(node.arguments[0], method, scope);
        else if (MONGO_INSERT.test(method) && node.arguments[0]) {
          // create({ ...body }) is the body; create({ data: body }) is Prisma's and handled above.
          const object = unwrapExpression(node.arguments[0]) as ts.ObjectLiteralExpression;
          if (!keysOf(object).has('data')) recordMassAssignment(node.arguments[0], method, scope);
        }
        if (MONGO_UPDATE.test(method) && node.arguments[1]) {
          const update = unwrapExpression(node.arguments[1]);
          const set = ts.isObjectLiteralExpression(update) ? update.properties.find((property) => propertyNameText(property.name) === '$set') : undefined;
          recordMassAssignment(set && ts.isPropertyAssignment(set) ? set.initializer : node.arguments[1], method, scope);
        }
      }
    }
  };

  // The nodes in forEachChild pre-order (the listing the other whole-file walks share), with a stack of the
  // subtrees entered: a function's scope holds until its subtree ends, and a declaration binds its name there.
  const { nodes, subtreeEnds } = nodeOrderOf(sourceFile);
  const open: Array<{ end: number; scope: Scope; declaration?: ts.VariableDeclaration }> = [];
  let scope: Scope = { eventNames: new Set(), requestNames: new Set(), aliases: new Map() };
  const closeTo = (index: number): void => {
    while (open.length > 0 && open[open.length - 1].end <= index) {
      const closed = open.pop()!;
      // The scope the subtree was entered from; a declaration's name is bound in it once its initialiser was read.
      scope = closed.scope;
      if (closed.declaration) bindName(closed.declaration.name, closed.declaration.initializer!, scope);
    }
  };
  for (let index = 0; index < nodes.length; index++) {
    closeTo(index);
    const node = nodes[index];
    if (isFunctionNode(node)) {
      open.push({ end: subtreeEnds[index], scope });
      scope = enterFunction(node, scope);
    } else if (ts.isVariableDeclaration(node) && node.initializer) open.push({ end: subtreeEnds[index], scope, declaration: node });
    else check(node, scope);
  }
  closeTo(nodes.length);
}

function isModuleSpecifier(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return true;
  return ts.isCallExpression(parent) && (parent.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(parent.expression) && parent.expression.text === 'require'));
}

function enclosingFunction(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/**
 * Web applications run on Lambda through an adapter: `module.exports.handler = serverless(app)`
 * (serverless-http, for Express or Koa), `serverlessExpress({ app })` (@vendia/@codegenie
 * serverless-express), `awsLambdaFastify(app)` (@fastify/aws-lambda), or a function that hands its
 * event to one: `proxy(createServer(app), event, context)` (aws-serverless-express), or an adapter's
 * handler kept in a variable and called with the event (`server = server ?? serverless(app)`; the
 * async set-up of serverless-express's documentation). The adapter turns the Lambda event into the
 * framework's request and calls the routes. So the
 * functions that see the caller's input are the route callbacks registered on the app
 * (`app.get('/users/:id', (req, res) => ...)`) and on its routers, and each is analysed as the handler
 * with its request as the event: Express and Fastify requests share their field names, and a Koa
 * context holds them and its `request` (see `EXPRESS_REQUEST_FIELDS` and `KOA_CONTEXT_FIELDS` in the solver).
 * Routers in relative modules the app mounts with `use` are listed here (`mounted`, with the path they are
 * mounted at) and read by the front end, breadth first through their own mounts; an app built in a
 * relative module (`import app from './app'` or its CommonJS form) is read there, with its mounts. Nest
 * apps are read by `nest-apps.ts`. A Hapi server made in the file is read when @tepez/hapi-lambda-handler wraps it,
 * or when a function hands a request built from its event to `server.inject` (the way hapi-lambda and hand-written
 * handlers run it); its `server.route(...)` declarations are its routes.
 */
import ts from 'typescript';
import { exportAliasTarget, isRelativeSpecifier, moduleLoadSpecifier, propertyNameText, qualifiedNameOf, resolveFunction, unwrapExpression, type FunctionNode, type ModuleScan } from './module-scan';

/** The Lambda adapters that take a web app: the module, and how the app is passed. */
const ADAPTERS: ReadonlyArray<{ module: string; members: string[]; appIn: 'argument' | 'app-property' }> = [
  { module: 'serverless-http', members: ['()'], appIn: 'argument' },
  { module: '@vendia/serverless-express', members: ['()'], appIn: 'app-property' },
  { module: '@codegenie/serverless-express', members: ['()'], appIn: 'app-property' },
  { module: '@vendia/serverless-express', members: ['configure', '()'], appIn: 'app-property' },
  { module: '@codegenie/serverless-express', members: ['configure', '()'], appIn: 'app-property' },
  { module: '@fastify/aws-lambda', members: ['()'], appIn: 'argument' },
  { module: 'aws-lambda-fastify', members: ['()'], appIn: 'argument' },
  // `exports.handler = HapiLambdaHandler.handlerFromServer(server)` (@tepez/hapi-lambda-handler's README).
  { module: '@tepez/hapi-lambda-handler', members: ['handlerFromServer', '()'], appIn: 'argument' },
];

/** The modules of a Hapi server: a file that imports one may hand its event to the server's `inject`. */
const HAPI_MODULES: ReadonlySet<string> = new Set(['@hapi/hapi', 'hapi']);

/** The modules a file must import for one of its exports to hand its event to an adapter. */
const ADAPTER_MODULES: ReadonlySet<string> = new Set([...ADAPTERS.map((adapter) => adapter.module), 'aws-serverless-express']);

/** The routing methods Express, Fastify and koa-router share (`app.get`, `router.post`, `app.use`, `app.all`...). */
const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'options', 'head', 'all', 'use']);

export type WebFramework = 'express' | 'fastify' | 'koa' | 'hapi';

export interface WebRoute {
  fn: FunctionNode;
  /** `GET /users/:id`, `USE` (a middleware), as written. */
  label: string;
}

export interface WebApp {
  /** The adapter that wraps the app (`serverless-http`). */
  adapter: string;
  framework: WebFramework;
  routes: WebRoute[];
  /** Relative modules mounted with `use` (`app.use('/users', users)` where `users` is `./routes/users`): their routes take requests too. */
  mounted: MountedModule[];
}

/** A relative module mounted with `use`, and the path it is mounted at when that is a literal (`'/users'`). */
export interface MountedModule {
  specifier: string;
  prefix?: string;
}

/** An app that a relative module builds and exports (`import app from './app'` or its CommonJS form): the caller reads that module for its routes. */
export interface ImportedWebApp {
  adapter: string;
  /** The module's specifier as written, and the export that holds the app (`default` for `module.exports = app`). */
  specifier: string;
  exportName: string;
}

/** An app or router value of a framework this file reads routes of. */
function isWebAppOrRouter(scan: ModuleScan, node: ts.Expression): boolean {
  // A Hapi server is often made in an init function and kept in a variable (`let server; ... server = Hapi.server()`).
  return frameworkOf(scan, node) !== undefined || (ts.isIdentifier(node) && hapiServerNamed(scan, node));
}

/** The framework of an app or router value: Express (`express()`, `Router()`), Fastify (`fastify()`), Koa (`new Koa()`, a koa-router `new Router()`), Hapi (`Hapi.server()`, `new Hapi.Server()`). */
function frameworkOf(scan: ModuleScan, node: ts.Expression): WebFramework | undefined {
  const name = qualifiedNameOf(scan, node);
  if (!name || name.members[name.members.length - 1] !== '()') return undefined;
  if (HAPI_MODULES.has(name.module)) {
    const members = name.members[0] === 'default' ? name.members.slice(1) : name.members;
    return members.length === 2 && (members[0] === 'server' || members[0] === 'Server') ? 'hapi' : undefined;
  }
  if (/^(koa|@koa\/router|koa-router)$/.test(name.module)) return name.members.length === 1 || (name.members.length === 2 && name.members[0] === 'default') ? 'koa' : undefined;
  if (name.module === 'fastify') return name.members.length === 1 || (name.members.length === 2 && name.members[0] === 'default') ? 'fastify' : undefined;
  if (name.module !== 'express') return undefined;
  return name.members.length === 1 || (name.members.length === 2 && name.members[0] === 'Router') ? 'express' : undefined;
}

/** The app an exported expression hands to a Lambda adapter (directly, or through a function that gives it its event), or undefined. */
function adaptedApp(scan: ModuleScan, node: ts.Node): { adapter: string; app: ts.Expression } | undefined {
  if (!scan.imports.some((entry) => ADAPTER_MODULES.has(entry.specifier) || HAPI_MODULES.has(entry.specifier))) return undefined;
  // `exports.handler = exports.api`, where `exports.api = serverless(app)`.
  const aliased = ts.isExpression(node) ? exportAliasTarget(scan, node) : undefined;
  if (aliased) return adaptedApp(scan, aliased);
  const direct = ts.isExpression(node) ? adapterCallOf(scan, node) : undefined;
  if (direct) return direct;
  const resolved = resolveFunction(scan, node);
  return resolved && (forwardedApp(scan, resolved.fn, 0, 0) ?? injectedHapiServer(scan, resolved.fn));
}

/**
 * A function that injects a request built from its event into the file's Hapi server: `server.inject(options)`
 * (hapi-lambda's `server.inject(transformRequest(event))`, or options written by hand from `event.path`,
 * `event.body` and `event.headers`), where `server` is a Hapi server made in this file. The function must
 * read its event; the request options are not checked field by field.
 */
function injectedHapiServer(scan: ModuleScan, fn: FunctionNode): { adapter: string; app: ts.Expression } | undefined {
  const parameter = fn.parameters[0];
  if (!parameter || !ts.isIdentifier(parameter.name) || !fn.body || !scan.imports.some((entry) => HAPI_MODULES.has(entry.specifier))) return undefined;
  const event = parameter.name.text;
  let readsEvent = false;
  let server: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === event && node !== parameter.name && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) readsEvent = true;
    if (!server && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'inject') {
      const receiver = unwrapExpression(node.expression.expression);
      if (ts.isIdentifier(receiver) && hapiServerNamed(scan, receiver)) server = receiver;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return server && readsEvent ? { adapter: `${server.getText(scan.sourceFile)}.inject`, app: server } : undefined;
}

/** A name that holds a Hapi server made in this file: a constant, or a variable assigned one anywhere. */
function hapiServerNamed(scan: ModuleScan, name: ts.Identifier): boolean {
  const constant = scan.constants.get(name.text);
  if (constant && frameworkOf(scan, unwrapAwait(constant)) === 'hapi') return true;
  return valuesOf(scan, name).some((value) => frameworkOf(scan, value) === 'hapi');
}

/** `serverless(app)`, `serverlessExpress({ app })`, `awsLambdaFastify(app)`, or a constant holding one: the adapter and the app. */
function adapterCallOf(scan: ModuleScan, node: ts.Expression): { adapter: string; app: ts.Expression } | undefined {
  let expr = unwrapExpression(node);
  // `const handler = serverless(app); module.exports.handler = handler;`
  if (ts.isIdentifier(expr)) expr = unwrapExpression(scan.constants.get(expr.text) ?? expr);
  if (!ts.isCallExpression(expr)) return undefined;
  const callee = qualifiedNameOf(scan, expr.expression);
  if (!callee) return undefined;
  const calleeMembers = [...callee.members, '()'].join('.');
  for (const adapter of ADAPTERS) {
    if (callee.module !== adapter.module || calleeMembers !== adapter.members.join('.')) continue;
    const first = expr.arguments[0] && unwrapExpression(expr.arguments[0]);
    if (!first) return undefined;
    if (adapter.appIn === 'argument') return { adapter: adapter.module, app: first };
    if (!ts.isObjectLiteralExpression(first)) return undefined;
    for (const property of first.properties) {
      if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === 'app') return { adapter: adapter.module, app: unwrapExpression(property.initializer) };
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === 'app') return { adapter: adapter.module, app: property.name };
    }
  }
  return undefined;
}

/** Functions of the file followed from an exported function to the call that hands the event on (`setup(event, context)`). */
const MAX_FORWARD_DEPTH = 2;

/**
 * The adapter a function hands its event (parameter `eventIndex`) to, and its app: a call in its body that
 * passes the event to `proxy(server, event, context)` of aws-serverless-express (the server made by
 * `createServer(app)`), to a variable that holds an adapter's handler (`instance(event, context)` where
 * `instance = serverlessExpress({ app })`, assigned anywhere in the file), or to a function of this file
 * that does (`setup(event, context)`, followed two levels).
 */
function forwardedApp(scan: ModuleScan, fn: FunctionNode, eventIndex: number, depth: number): { adapter: string; app: ts.Expression } | undefined {
  const parameter = fn.parameters[eventIndex];
  if (!parameter || !ts.isIdentifier(parameter.name) || !fn.body) return undefined;
  const event = parameter.name.text;
  let found: { adapter: string; app: ts.Expression } | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const at = node.arguments.findIndex((argument) => {
        const expr = unwrapExpression(argument);
        return ts.isIdentifier(expr) && expr.text === event;
      });
      if (at >= 0) found = adapterInvocation(scan, node, at, depth);
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

function adapterInvocation(scan: ModuleScan, call: ts.CallExpression, eventAt: number, depth: number): { adapter: string; app: ts.Expression } | undefined {
  const callee = unwrapExpression(call.expression);
  const name = qualifiedNameOf(scan, callee);
  if (name?.module === 'aws-serverless-express' && name.members.join('.') === 'proxy' && eventAt === 1 && call.arguments[0]) {
    for (const server of valuesOf(scan, call.arguments[0])) {
      const created = qualifiedNameOf(scan, server.expression);
      if (created?.module === 'aws-serverless-express' && created.members.join('.') === 'createServer' && server.arguments[0]) return { adapter: 'aws-serverless-express', app: unwrapExpression(server.arguments[0]) };
    }
    return undefined;
  }
  if (!ts.isIdentifier(callee)) return undefined;
  if (eventAt === 0) {
    for (const value of valuesOf(scan, callee)) {
      const adapted = adapterCallOf(scan, value) ?? returnedAdapter(scan, value, depth);
      if (adapted) return adapted;
    }
  }
  const helper = scan.functions.get(callee.text);
  return helper && depth < MAX_FORWARD_DEPTH ? forwardedApp(scan, helper, eventAt, depth + 1) : undefined;
}

/** A call of a function of this file that returns an adapter's handler (`server = await bootstrap()`, where `bootstrap` ends with `return serverlessExpress({ app })`). */
function returnedAdapter(scan: ModuleScan, call: ts.CallExpression, depth: number): { adapter: string; app: ts.Expression } | undefined {
  const callee = unwrapExpression(call.expression);
  const fn = ts.isIdentifier(callee) && depth < MAX_FORWARD_DEPTH ? scan.functions.get(callee.text) : undefined;
  if (!fn?.body) return undefined;
  if (!ts.isBlock(fn.body)) return adapterCallOf(scan, unwrapAwait(fn.body));
  let found: { adapter: string; app: ts.Expression } | undefined;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) {
      const returned = unwrapAwait(node.expression);
      found = adapterCallOf(scan, returned) ?? (ts.isIdentifier(returned) ? valuesOf(scan, returned).map((value) => adapterCallOf(scan, value)).find((adapted) => adapted) : undefined);
    }
    if (!found) ts.forEachChild(node, visit);
  };
  fn.body.statements.forEach(visit);
  return found;
}

/** The calls a name is initialised or assigned with anywhere in the file (`await` and casts removed), for the variables that hold an adapter's handler or server. */
function valuesOf(scan: ModuleScan, node: ts.Expression): ts.CallExpression[] {
  const expr = unwrapAwait(node);
  if (ts.isCallExpression(expr)) return [expr];
  if (!ts.isIdentifier(expr)) return [];
  let byName = assignedCalls.get(scan);
  if (!byName) assignedCalls.set(scan, (byName = collectAssignedCalls(scan.sourceFile)));
  return byName.get(expr.text) ?? [];
}

const assignedCalls = new WeakMap<ModuleScan, Map<string, ts.CallExpression[]>>();

/** Plain and logical assignments. A function, not a module-level set: reading `ts.SyntaxKind` on load would load the compiler. */
const isAssignment = (kind: ts.SyntaxKind): boolean =>
  kind === ts.SyntaxKind.EqualsToken || kind === ts.SyntaxKind.QuestionQuestionEqualsToken || kind === ts.SyntaxKind.BarBarEqualsToken;

function collectAssignedCalls(sourceFile: ts.SourceFile): Map<string, ts.CallExpression[]> {
  const out = new Map<string, ts.CallExpression[]>();
  const add = (name: string, value: ts.Expression) => {
    const call = unwrapAwait(value);
    if (!ts.isCallExpression(call)) return;
    const list = out.get(name);
    if (list) list.push(call);
    else out.set(name, [call]);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) add(node.name.text, node.initializer);
    if (ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && isAssignment(node.operatorToken.kind)) {
      add(node.left.text, node.right);
      // `server = server ?? serverless(app)` (or `||`): the right operand is the adapter.
      const right = unwrapExpression(node.right);
      if (ts.isBinaryExpression(right) && (right.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || right.operatorToken.kind === ts.SyntaxKind.BarBarToken)) add(node.left.text, right.right);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return out;
}

function unwrapAwait(node: ts.Expression): ts.Expression {
  let expr = unwrapExpression(node);
  while (ts.isAwaitExpression(expr)) expr = unwrapExpression(expr.expression);
  return expr;
}

/** The Lambda adapter an export hands its event to (directly or through a function), whatever the app: a Nest app is found from here. */
export function adapterOf(scan: ModuleScan, exported: ts.Node): string | undefined {
  return adaptedApp(scan, exported)?.adapter;
}

/**
 * The web app an export runs through a Lambda adapter, with the route callbacks registered in this file
 * on any app or router of its kind (a router is mounted on the app or exported for it; either way its
 * routes take requests); or, for an app a relative module builds, where to read it. Undefined when the
 * export hands no Express, Fastify or Koa app to an adapter.
 */
export function webAppOf(scan: ModuleScan, exported: ts.Node): WebApp | ImportedWebApp | undefined {
  const adapted = adaptedApp(scan, exported);
  if (!adapted) return undefined;
  let app = adapted.app;
  // A Koa app is handed to a Node-server adapter as its request listener: `createServer(app.callback())`.
  if (ts.isCallExpression(app) && app.arguments.length === 0 && ts.isPropertyAccessExpression(app.expression) && app.expression.name.text === 'callback') app = unwrapExpression(app.expression.expression);
  if (ts.isIdentifier(app)) {
    const bound = scan.relativeBindings.get(app.text);
    if (bound) return { adapter: adapted.adapter, specifier: bound.specifier, exportName: bound.imported === '*' ? 'default' : bound.imported };
  }
  const loaded = moduleLoadSpecifier(app);
  if (loaded !== undefined && isRelativeSpecifier(loaded)) return { adapter: adapted.adapter, specifier: loaded, exportName: 'default' };
  const framework = frameworkOf(scan, app) ?? (ts.isIdentifier(app) && hapiServerNamed(scan, app) ? 'hapi' : undefined);
  if (!framework) return undefined;
  return { adapter: adapted.adapter, framework, ...expressRoutesIn(scan) };
}

/** The app a module exports under `exportName` (`module.exports = app`, `export default app`): its framework and routes, or undefined when that export is no app. */
export function exportedWebApp(scan: ModuleScan, exportName: string, adapter: string): WebApp | undefined {
  const exported = scan.exports.find((entry) => entry.name === exportName);
  if (!exported || !ts.isExpression(exported.node)) return undefined;
  const framework = frameworkOf(scan, unwrapExpression(exported.node));
  if (!framework) return undefined;
  return { adapter, framework, ...expressRoutesIn(scan) };
}

export function isImportedWebApp(app: WebApp | ImportedWebApp): app is ImportedWebApp {
  return 'specifier' in app;
}

/** The route callbacks registered on the web apps and routers of a file (Express, Fastify, Koa), and the relative modules they mount. */
export function expressRoutesIn(scan: ModuleScan): { routes: WebRoute[]; mounted: MountedModule[] } {
  const routes: WebRoute[] = [];
  const mounted = new Map<string, MountedModule>();
  const seen = new Set<ts.Node>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      const options = node.arguments[0] && unwrapExpression(node.arguments[0]);
      // Fastify's full declaration, `app.route({ method: 'POST', url: '/x', handler })`, and Hapi's
      // `server.route({ method, path, handler })` (or a list of them; the handler may sit in `options` or `config`).
      const declarations = options && ts.isArrayLiteralExpression(options) ? options.elements.map((element) => unwrapExpression(element)) : options ? [options] : [];
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'route' && isWebAppOrRouter(scan, unwrapExpression(callee.expression))) for (const options of declarations) {
        if (!ts.isObjectLiteralExpression(options)) continue;
        const nested = [objectPropertyValue(options, 'options'), objectPropertyValue(options, 'config')].map((value) => value && unwrapExpression(value)).find((value): value is ts.ObjectLiteralExpression => !!value && ts.isObjectLiteralExpression(value));
        const handler = objectPropertyValue(options, 'handler') ?? (nested && objectPropertyValue(nested, 'handler'));
        const method = objectPropertyValue(options, 'method');
        const methods = method && ts.isArrayLiteralExpression(method) ? method.elements.map((element) => stringOf(element)).filter((text): text is string => !!text) : [stringOf(method)].filter((text): text is string => !!text);
        const url = stringOf(objectPropertyValue(options, 'url') ?? objectPropertyValue(options, 'path'));
        const handlerMethod = [...options.properties, ...(nested?.properties ?? [])].find((property): property is ts.MethodDeclaration => ts.isMethodDeclaration(property) && propertyNameText(property.name) === 'handler' && !!property.body);
        for (const fn of handler ? callbacksOf(scan, handler) : handlerMethod ? [handlerMethod] : []) {
          if (seen.has(fn)) continue;
          seen.add(fn);
          const verb = methods.length > 0 ? methods.map((text) => text.toUpperCase()).join(',') : 'ROUTE';
          routes.push({ fn, label: url !== undefined ? `${verb} ${url}` : verb });
        }
      }
      if (ts.isPropertyAccessExpression(callee) && ROUTE_METHODS.has(callee.name.text)) {
        const receiver = routeReceiver(scan, unwrapExpression(callee.expression));
        if (receiver) {
          const method = callee.name.text === 'del' ? 'DELETE' : callee.name.text.toUpperCase();
          const path = receiver.path ?? stringOf(node.arguments[0]);
          if (callee.name.text === 'use') for (const argument of node.arguments) {
            const specifier = relativeModuleOf(scan, argument);
            // The first mount of a module gives its prefix (`app.use('/users', users)`); a module mounted twice is read once.
            if (specifier !== undefined && !mounted.has(specifier)) mounted.set(specifier, { specifier, ...(path !== undefined && { prefix: path }) });
          }
          for (const argument of node.arguments) {
            for (const fn of callbacksOf(scan, argument)) {
              if (seen.has(fn)) continue;
              seen.add(fn);
              routes.push({ fn, label: path !== undefined ? `${method} ${path}` : method });
            }
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(scan.sourceFile);
  return { routes, mounted: [...mounted.values()] };
}

/**
 * A route's label under the path its module is mounted at: `GET /:id` under `/users` is `GET /users/:id`,
 * `GET /` is `GET /users`, and a label with no path (`USE`) takes the prefix as its path.
 */
export function prefixedLabel(label: string, prefix: string | undefined): string {
  if (prefix === undefined) return label;
  const space = label.indexOf(' ');
  const method = space < 0 ? label : label.slice(0, space);
  const path = space < 0 ? undefined : label.slice(space + 1);
  return `${method} ${joinMountPath(prefix, path)}`;
}

/** Two mount paths joined as Express joins them (`/api` and `/users` give `/api/users`; `/` adds nothing). */
export function joinMountPath(prefix: string, path: string | undefined): string {
  const base = prefix.replace(/\/+$/, '');
  if (path === undefined || path === '' || path === '/') return base === '' ? '/' : base;
  return `${base}${path.startsWith('/') ? path : `/${path}`}`;
}

/** A CommonJS load of `./routes/users`, or a name bound to a relative import: the module's specifier. */
function relativeModuleOf(scan: ModuleScan, argument: ts.Expression): string | undefined {
  let expr = unwrapExpression(argument);
  // A koa-router is mounted through its middleware: `app.use(users.routes())`.
  if (ts.isCallExpression(expr) && expr.arguments.length === 0 && ts.isPropertyAccessExpression(expr.expression) && (expr.expression.name.text === 'routes' || expr.expression.name.text === 'middleware')) expr = unwrapExpression(expr.expression.expression);
  const loaded = moduleLoadSpecifier(expr);
  if (loaded !== undefined) return isRelativeSpecifier(loaded) ? loaded : undefined;
  if (ts.isIdentifier(expr)) {
    const bound = scan.relativeBindings.get(expr.text);
    // `import users from './routes/users'`, or the same loaded with CommonJS: the module's router.
    if (bound && (bound.imported === 'default' || bound.imported === '*')) return bound.specifier;
  }
  return undefined;
}

/** `app`, `router`, or `app.route('/path')` (whose methods take the path from the route). */
function routeReceiver(scan: ModuleScan, receiver: ts.Expression): { path?: string } | undefined {
  if (ts.isCallExpression(receiver)) {
    const inner = unwrapExpression(receiver.expression);
    if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'route') {
      const base = routeReceiver(scan, unwrapExpression(inner.expression));
      return base && { path: stringOf(receiver.arguments[0]) };
    }
    return undefined;
  }
  return isWebAppOrRouter(scan, receiver) ? {} : undefined;
}

/** A property of an object literal as written (`handler: fn`, or the shorthand `handler`). */
function objectPropertyValue(object: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && propertyNameText(property.name) === name) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
    if (ts.isMethodDeclaration(property) && propertyNameText(property.name) === name) return undefined;
  }
  return undefined;
}

function stringOf(node: ts.Expression | undefined): string | undefined {
  const expr = node && unwrapExpression(node);
  return expr && (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) ? expr.text : undefined;
}

/** The functions an argument of a routing call runs: a function, a named function of this file, or a list of them. */
function callbacksOf(scan: ModuleScan, argument: ts.Expression): FunctionNode[] {
  const expr = unwrapExpression(argument);
  if (ts.isArrayLiteralExpression(expr)) return expr.elements.flatMap((element) => callbacksOf(scan, element));
  if (!ts.isArrowFunction(expr) && !ts.isFunctionExpression(expr) && !ts.isIdentifier(expr)) return [];
  const resolved = resolveFunction(scan, expr);
  // A callback takes the request first; `(err, req, res, next)` error handlers get no request there.
  return resolved && resolved.fn.parameters.length <= 3 ? [resolved.fn] : [];
}

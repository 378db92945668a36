/**
 * Web applications run on Lambda through an adapter: `module.exports.handler = serverless(app)`
 * (serverless-http, for Express or Koa), `serverlessExpress({ app })` (@vendia/@codegenie
 * serverless-express), or `awsLambdaFastify(app)` (@fastify/aws-lambda). The export is no function of
 * ours: the adapter turns the Lambda event into the framework's request and calls the routes. So the
 * functions that see the caller's input are the route callbacks registered on the app
 * (`app.get('/users/:id', (req, res) => ...)`) and on its routers, and each is analysed as the handler
 * with its request as the event: Express and Fastify requests share their field names, and a Koa
 * context holds them and its `request` (see `EXPRESS_REQUEST_FIELDS` and `KOA_CONTEXT_FIELDS` in the solver).
 * Routers in relative modules the app mounts with `use` are read one level deep, as other imports are;
 * Nest and Hapi apps are not read yet.
 */
import ts from 'typescript';
import { isRelativeSpecifier, moduleLoadSpecifier, propertyNameText, qualifiedNameOf, resolveFunction, unwrapExpression, type FunctionNode, type ModuleScan } from './module-scan';

/** The Lambda adapters that take a web app: the module, and how the app is passed. */
const ADAPTERS: ReadonlyArray<{ module: string; members: string[]; appIn: 'argument' | 'app-property' }> = [
  { module: 'serverless-http', members: ['()'], appIn: 'argument' },
  { module: '@vendia/serverless-express', members: ['()'], appIn: 'app-property' },
  { module: '@codegenie/serverless-express', members: ['()'], appIn: 'app-property' },
  { module: '@vendia/serverless-express', members: ['configure', '()'], appIn: 'app-property' },
  { module: '@codegenie/serverless-express', members: ['configure', '()'], appIn: 'app-property' },
  { module: '@fastify/aws-lambda', members: ['()'], appIn: 'argument' },
  { module: 'aws-lambda-fastify', members: ['()'], appIn: 'argument' },
];

/** The routing methods Express, Fastify and koa-router share (`app.get`, `router.post`, `app.use`, `app.all`...). */
const ROUTE_METHODS: ReadonlySet<string> = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'options', 'head', 'all', 'use']);

export type WebFramework = 'express' | 'fastify' | 'koa';

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
  mounted: string[];
}

/** An app or router value of a framework this file reads routes of. */
function isWebAppOrRouter(scan: ModuleScan, node: ts.Expression): boolean {
  return frameworkOf(scan, node) !== undefined;
}

/** The framework of an app or router value: Express (`express()`, `Router()`), Fastify (`fastify()`), Koa (`new Koa()`, a koa-router `new Router()`). */
function frameworkOf(scan: ModuleScan, node: ts.Expression): WebFramework | undefined {
  const name = qualifiedNameOf(scan, node);
  if (!name || name.members[name.members.length - 1] !== '()') return undefined;
  if (/^(koa|@koa\/router|koa-router)$/.test(name.module)) return name.members.length === 1 || (name.members.length === 2 && name.members[0] === 'default') ? 'koa' : undefined;
  if (name.module === 'fastify') return name.members.length === 1 || (name.members.length === 2 && name.members[0] === 'default') ? 'fastify' : undefined;
  if (name.module !== 'express') return undefined;
  return name.members.length === 1 || (name.members.length === 2 && name.members[0] === 'Router') ? 'express' : undefined;
}

/** The app an exported expression hands to a Lambda adapter, or undefined. */
function adaptedApp(scan: ModuleScan, node: ts.Node): { adapter: string; app: ts.Expression } | undefined {
  if (!ts.isExpression(node)) return undefined;
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

/**
 * The web app an export runs through a Lambda adapter, with the route callbacks registered in this file
 * on any app or router of its kind (a router is mounted on the app or exported for it; either way its
 * routes take requests). Undefined when the export is no adapted Express, Fastify or Koa app.
 */
export function webAppOf(scan: ModuleScan, exported: ts.Node): WebApp | undefined {
  const adapted = adaptedApp(scan, exported);
  if (!adapted) return undefined;
  const app = adapted.app;
  const framework = frameworkOf(scan, app);
  if (!framework) return undefined;
  return { adapter: adapted.adapter, framework, ...expressRoutesIn(scan) };
}

/** The route callbacks registered on the web apps and routers of a file (Express, Fastify, Koa), and the relative modules they mount. */
export function expressRoutesIn(scan: ModuleScan): { routes: WebRoute[]; mounted: string[] } {
  const routes: WebRoute[] = [];
  const mounted = new Set<string>();
  const seen = new Set<ts.Node>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = unwrapExpression(node.expression);
      if (ts.isPropertyAccessExpression(callee) && ROUTE_METHODS.has(callee.name.text)) {
        const receiver = routeReceiver(scan, unwrapExpression(callee.expression));
        if (receiver) {
          const method = callee.name.text === 'del' ? 'DELETE' : callee.name.text.toUpperCase();
          const path = receiver.path ?? stringOf(node.arguments[0]);
          if (callee.name.text === 'use') for (const argument of node.arguments) {
            const specifier = relativeModuleOf(scan, argument);
            if (specifier !== undefined) mounted.add(specifier);
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
  return { routes, mounted: [...mounted] };
}

/** A CommonJS load of `./routes/users`, or a name bound to a relative import: the module's specifier. */
function relativeModuleOf(scan: ModuleScan, argument: ts.Expression): string | undefined {
  const expr = unwrapExpression(argument);
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

/**
 * Nest applications run on Lambda: the handler file creates the app (`NestFactory.create(AppModule)`)
 * and hands its event to an adapter (serverless-express, aws-serverless-express, serverless-http). The
 * functions that see the caller's input are the route methods of the controllers the root module (and
 * the modules it imports) declare: `@Module({ controllers: [CatsController], imports: [UsersModule] })`,
 * then `@Controller('cats') class CatsController { @Get(':id') find(@Param('id') id: string) {} }`.
 * Only syntax is read, never evaluated: decorators written with string literals (or nothing) give the
 * routes; a dynamic module (`TypeOrmModule.forRoot(...)`) or a prefix built at run time is skipped.
 */
import ts from 'typescript';
import { propertyNameText, qualifiedNameOf, unwrapExpression, type ModuleScan } from './module-scan';

/** Where a parameter of a route method takes its value from: `@Body()`, `@Query('q')`, `@Param('id')`, `@Headers('x')`, `@Req()`. */
export type NestParameter = { from: 'body' | 'query' | 'param' | 'headers'; name?: string } | { from: 'request' } | undefined;

export interface NestRoute {
  fn: ts.MethodDeclaration;
  /** `GET /cats/:id`, as the decorators write it. */
  label: string;
  parameters: NestParameter[];
  /**
   * The values the method returns, when Nest sends them as the response body through Express: a string
   * goes out with `res.send`, as `text/html`. Empty when the method sets another content type
   * (`@Header('Content-Type', 'application/json')`), renders a view, redirects, or takes the response (`@Res()`).
   */
  htmlReturns: ts.Expression[];
}

/** A class named in a module's metadata: in this file (no specifier), or imported from a relative module. */
export interface NestClassRef {
  name: string;
  specifier?: string;
  /** The name the other module exports it under. */
  imported?: string;
}

const HTTP_METHOD_DECORATORS: Record<string, string> = { Get: 'GET', Post: 'POST', Put: 'PUT', Patch: 'PATCH', Delete: 'DELETE', Options: 'OPTIONS', Head: 'HEAD', All: 'ALL' };
const PARAMETER_DECORATORS: Record<string, 'body' | 'query' | 'param' | 'headers' | 'request'> = { Body: 'body', Query: 'query', Param: 'param', Headers: 'headers', Req: 'request', Request: 'request' };

/** `NestFactory.create(AppModule, ...)`: the root module class, or undefined when the file creates no Nest app. */
export function nestRootModule(scan: ModuleScan): NestClassRef | undefined {
  if (!scan.imports.some((entry) => entry.specifier === '@nestjs/core')) return undefined;
  let found: NestClassRef | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const name = qualifiedNameOf(scan, node.expression);
      if (name?.module === '@nestjs/core' && name.members.join('.') === 'NestFactory.create' && node.arguments[0]) found = classRef(scan, node.arguments[0]);
    }
    if (!found) ts.forEachChild(node, visit);
  };
  visit(scan.sourceFile);
  return found;
}

/**
 * The controllers and imported modules a module class declares in `@Module({ ... })`, and its providers as
 * written (`OrdersService`, `{ provide: 'ORDERS', useClass: OrdersService }`, a constant naming one; a spread
 * or a call is left out); undefined when the class is not there or is no module.
 */
export function nestModuleMetadata(scan: ModuleScan, className: string): { controllers: NestClassRef[]; imports: NestClassRef[]; providers: ts.Expression[] } | undefined {
  const declaration = scan.classes.get(className);
  const metadata = declaration && decoratorCall(scan, declaration, 'Module')?.arguments[0];
  const object = metadata && unwrapExpression(metadata);
  if (!object || !ts.isObjectLiteralExpression(object)) return undefined;
  const list = (key: string): NestClassRef[] => {
    const property = object.properties.find((candidate) => ts.isPropertyAssignment(candidate) && propertyNameText(candidate.name) === key) as ts.PropertyAssignment | undefined;
    const value = property && unwrapExpression(property.initializer);
    if (!value || !ts.isArrayLiteralExpression(value)) return [];
    return value.elements.map((element) => classRef(scan, element)).filter((ref): ref is NestClassRef => !!ref);
  };
  const providers = object.properties.find((candidate) => ts.isPropertyAssignment(candidate) && propertyNameText(candidate.name) === 'providers') as ts.PropertyAssignment | undefined;
  const written = providers && unwrapExpression(providers.initializer);
  const entries = written && ts.isArrayLiteralExpression(written) ? written.elements.filter((element) => !ts.isSpreadElement(element)).map((element) => unwrapExpression(element)) : [];
  return { controllers: list('controllers'), imports: list('imports'), providers: entries.filter((entry) => ts.isIdentifier(entry) || ts.isObjectLiteralExpression(entry)) };
}

/** The token of `@Inject(TOKEN)` (from `@nestjs/common`) on a constructor parameter or a property; undefined without one. */
export function nestInjectToken(scan: ModuleScan, node: ts.HasDecorators): ts.Expression | undefined {
  const call = decoratorCall(scan, node, 'Inject');
  return call?.arguments[0] && unwrapExpression(call.arguments[0]);
}

/** The route methods of a controller class: each method with an HTTP method decorator, its path joined to the controller's prefix. */
export function nestRoutesOf(scan: ModuleScan, className: string): NestRoute[] {
  const declaration = scan.classes.get(className);
  const controller = declaration && decoratorCall(scan, declaration, 'Controller');
  if (!declaration || !controller) return [];
  const prefix = pathArgument(controller.arguments[0]);
  const routes: NestRoute[] = [];
  for (const member of declaration.members) {
    if (!ts.isMethodDeclaration(member) || !member.body) continue;
    for (const [decorator, verb] of Object.entries(HTTP_METHOD_DECORATORS)) {
      const call = decoratorCall(scan, member, decorator);
      if (!call) continue;
      const path = pathArgument(call.arguments[0]);
      // A part that is no literal (a constant, a versioned path) is shown as `*`.
      const joined = `/${[prefix ?? '*', path ?? '*'].filter((part) => part !== '').join('/')}`;
      routes.push({ fn: member, label: `${verb} ${joined}`, parameters: member.parameters.map((parameter) => parameterSource(scan, parameter)), htmlReturns: sendsReturnAsHtml(scan, member) ? returnedValues(member) : [] });
      break;
    }
  }
  return routes;
}

function sendsReturnAsHtml(scan: ModuleScan, method: ts.MethodDeclaration): boolean {
  if (decoratorCall(scan, method, 'Render') || decoratorCall(scan, method, 'Redirect')) return false;
  if (method.parameters.some((parameter) => decoratorCall(scan, parameter, 'Res') || decoratorCall(scan, parameter, 'Response'))) return false;
  for (const decorator of ts.getDecorators(method) ?? []) {
    const call = decorator.expression;
    if (!ts.isCallExpression(call)) continue;
    const name = qualifiedNameOf(scan, call.expression);
    if (name?.module !== '@nestjs/common' || name.members.join('.') !== 'Header') continue;
    const [header, value] = call.arguments.map((argument) => unwrapExpression(argument));
    if (header && ts.isStringLiteralLike(header) && /^content-type$/i.test(header.text)) return !!value && ts.isStringLiteralLike(value) && /(^|\/)html\b/i.test(value.text);
  }
  return true;
}

/** The expressions a method returns (not those of the functions inside it). */
function returnedValues(method: ts.MethodDeclaration): ts.Expression[] {
  const out: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) out.push(node.expression);
    ts.forEachChild(node, visit);
  };
  if (method.body) method.body.statements.forEach(visit);
  return out;
}

function parameterSource(scan: ModuleScan, parameter: ts.ParameterDeclaration): NestParameter {
  for (const [decorator, from] of Object.entries(PARAMETER_DECORATORS)) {
    const call = decoratorCall(scan, parameter, decorator);
    if (!call) continue;
    if (from === 'request') return { from };
    const first = call.arguments[0] && unwrapExpression(call.arguments[0]);
    // `@Body(new ValidationPipe())` takes the whole body through a pipe; `@Body('name')` one field.
    return first && ts.isStringLiteralLike(first) ? { from, name: first.text } : { from };
  }
  return undefined;
}

/** `@Name(...)` on a node, where `Name` comes from `@nestjs/common`. */
function decoratorCall(scan: ModuleScan, node: ts.HasDecorators, name: string): ts.CallExpression | undefined {
  for (const decorator of ts.getDecorators(node) ?? []) {
    const expr = decorator.expression;
    if (!ts.isCallExpression(expr)) continue;
    const qualified = qualifiedNameOf(scan, expr.expression);
    if (qualified?.module === '@nestjs/common' && qualified.members.length === 1 && qualified.members[0] === name) return expr;
  }
  return undefined;
}

/** A path written as a string (`'cats'`), or `''` when there is no argument; undefined when it is not a literal (an options object, a constant). */
function pathArgument(node: ts.Expression | undefined): string | undefined {
  if (!node) return '';
  const expr = unwrapExpression(node);
  if (ts.isStringLiteralLike(expr)) return expr.text.replace(/^\/+|\/+$/g, '');
  if (ts.isObjectLiteralExpression(expr)) {
    const path = expr.properties.find((property) => ts.isPropertyAssignment(property) && propertyNameText(property.name) === 'path') as ts.PropertyAssignment | undefined;
    return path ? pathArgument(path.initializer) : '';
  }
  return undefined;
}

function classRef(scan: ModuleScan, node: ts.Expression): NestClassRef | undefined {
  const expr = unwrapExpression(node);
  if (!ts.isIdentifier(expr)) return undefined;
  const bound = scan.relativeBindings.get(expr.text);
  if (bound) return { name: expr.text, specifier: bound.specifier, imported: bound.imported };
  return scan.classes.has(expr.text) ? { name: expr.text } : undefined;
}

/** The name of the class a module exports under `exported` (`default` for `export default class X`). */
export function exportedClassName(scan: ModuleScan, exported: string | undefined): string | undefined {
  if (exported === undefined || exported === '*') return undefined;
  if (exported !== 'default') return scan.classes.has(exported) ? exported : undefined;
  const entry = scan.exports.find((candidate) => candidate.name === 'default');
  const node = entry && (ts.isClassDeclaration(entry.node) ? entry.node : ts.isExpression(entry.node) ? unwrapExpression(entry.node) : undefined);
  if (node && ts.isClassDeclaration(node)) return node.name?.text;
  return node && ts.isIdentifier(node) && scan.classes.has(node.text) ? node.text : undefined;
}

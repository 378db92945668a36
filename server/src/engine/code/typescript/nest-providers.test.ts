// Nest services injected by token (`@Inject('ORDERS')`, `@Inject(ORDERS)`), resolved through the providers
// the app's modules declare (`useClass`, `useExisting`, a `useValue` or `useFactory` that is `new X()`), and a
// class token another class takes the place of. A token the providers do not pin to one class is not followed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCode, type CodeDocument } from '../index';

/** An in-memory reader of relative modules under /app. */
const readerOf = (files: Record<string, string>) => (from: string, specifier: string) => {
  const base = from.slice(0, from.lastIndexOf('/'));
  const path = `${base}/${specifier.replace(/^\.\//, '')}`;
  for (const candidate of [path, `${path}.js`, `${path}.ts`]) if (files[candidate] !== undefined) return { path: candidate, text: files[candidate] };
  return undefined;
};

const MAIN = `import serverlessExpress from '@vendia/serverless-express';\nimport { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nlet server;\nexport const handler = async (event, context) => {\n  if (!server) { const app = await NestFactory.create(AppModule); await app.init(); server = serverlessExpress({ app: app.getHttpAdapter().getInstance() }); }\n  return server(event, context);\n};`;

/** A Nest app whose controller is built with `injection` and whose modules declare `providers` (the orders module's, then the app module's). */
function app(injection: string, providers: string, appProviders = '[]'): Record<string, string> {
  return {
    '/app/app.module.ts': `import { Module } from '@nestjs/common';\nimport { OrdersModule } from './orders.module';\nimport { OrdersService } from './orders.service';\nimport { SafeOrdersService } from './safe-orders.service';\nimport { ORDERS } from './tokens';\n@Module({ imports: [OrdersModule], providers: ${appProviders} })\nexport class AppModule {}`,
    '/app/orders.module.ts': `import { Module } from '@nestjs/common';\nimport { OrdersController } from './orders.controller';\nimport { OrdersService } from './orders.service';\nimport { SafeOrdersService } from './safe-orders.service';\nimport { ORDERS } from './tokens';\nconst ordersProvider = { provide: 'ORDERS', useClass: OrdersService };\n@Module({ controllers: [OrdersController], providers: ${providers} })\nexport class OrdersModule {}`,
    '/app/orders.controller.ts': `import { Body, Controller, Inject, Post } from '@nestjs/common';\nimport { OrdersService } from './orders.service';\nimport { ORDERS } from './tokens';\ninterface Orders { create(sku: string): string }\n@Controller('orders')\nexport class OrdersController {\n  ${injection}\n  @Post()\n  create(@Body() body: { sku: string }) {\n    return { done: this.orders.create(body.sku) };\n  }\n}`,
    '/app/orders.service.ts': `import { Injectable } from '@nestjs/common';\nimport { execSync } from 'child_process';\n@Injectable()\nexport class OrdersService {\n  create(sku: string) { return execSync('./reserve ' + sku).toString(); }\n}`,
    '/app/safe-orders.service.ts': `import { Injectable } from '@nestjs/common';\nimport { execFileSync } from 'child_process';\n@Injectable()\nexport class SafeOrdersService {\n  create(sku: string) { return execFileSync('./reserve', [sku]).toString(); }\n}`,
    '/app/tokens.ts': `export const ORDERS = Symbol('ORDERS');\nexport const ORDERS_NAME = 'ORDERS';`,
  };
}

function sinksReached(files: Record<string, string>): string[] {
  const document: CodeDocument = analyzeCode({ path: '/app/lambda.ts', text: MAIN, handlers: [{ exportName: 'handler', trigger: 'api-rest' }], readModule: readerOf(files) });
  assert.deepEqual(document.issues, []);
  return document.flows.map((flow) => `${document.sources[flow.sourceId].kind} -> ${document.sinks[flow.sinkId].kind} in ${document.sinks[flow.sinkId].location.path}`).sort();
}

const REACHED = ['event.body -> command in /app/orders.service.ts'];
const BY_STRING = "constructor(@Inject('ORDERS') private readonly orders: Orders) {}";
const BY_SYMBOL = 'constructor(@Inject(ORDERS) private readonly orders: Orders) {}';

describe('Nest services injected by token', () => {
  it('follows a string token to the class its provider gives (useClass, a provider constant, useValue or useFactory of new X(), useExisting)', () => {
    const cases: Array<[string, string]> = [
      ["[{ provide: 'ORDERS', useClass: OrdersService }]", 'useClass'],
      ['[ordersProvider]', 'a provider kept in a constant'],
      ["[{ provide: 'ORDERS', useValue: new OrdersService() }]", 'useValue'],
      ["[{ provide: 'ORDERS', useFactory: () => new OrdersService() }]", 'useFactory'],
      ["[{ provide: 'ORDERS', useFactory() { const service = new OrdersService(); return new OrdersService(); } }]", 'useFactory as a method'],
      ["[OrdersService, { provide: 'ORDERS', useExisting: OrdersService }]", 'useExisting'],
      ["[OrdersService, { provide: 'ORDERS', useClass: OrdersService }, { provide: 'ORDERS', useExisting: OrdersService }]", 'two providers that agree'],
    ];
    for (const [providers, name] of cases) assert.deepEqual(sinksReached(app(BY_STRING, providers)), REACHED, name);
  });

  it('follows a token kept in a constant of a relative module (a Symbol by its declaration, a string by its value), and property injection', () => {
    assert.deepEqual(sinksReached(app(BY_SYMBOL, '[{ provide: ORDERS, useClass: OrdersService }]')), REACHED);
    const byName = app('constructor(@Inject(ORDERS_NAME) private readonly orders: Orders) {}', "[{ provide: 'ORDERS', useClass: OrdersService }]");
    byName['/app/orders.controller.ts'] = byName['/app/orders.controller.ts'].replace("import { ORDERS } from './tokens';", "import { ORDERS_NAME } from './tokens';");
    assert.deepEqual(sinksReached(byName), REACHED);
    assert.deepEqual(sinksReached(app("@Inject('ORDERS') private readonly orders: Orders;", "[{ provide: 'ORDERS', useClass: OrdersService }]")), REACHED);
    // The app module provides it: tokens are read across the app's modules.
    assert.deepEqual(sinksReached(app(BY_SYMBOL, '[]', '[{ provide: ORDERS, useClass: OrdersService }]')), REACHED);
  });

  it('follows the class that takes the place of a class token, and falls back on the type when no provider resolves the token', () => {
    assert.deepEqual(sinksReached(app('constructor(private readonly orders: OrdersService) {}', '[{ provide: OrdersService, useClass: SafeOrdersService }]')), []);
    assert.deepEqual(sinksReached(app('constructor(private readonly orders: OrdersService) {}', '[OrdersService]')), REACHED);
    assert.deepEqual(sinksReached(app("constructor(@Inject('OTHER') private readonly orders: OrdersService) {}", '[]')), REACHED);
  });

  it('does not follow a token whose providers give a value, a factory or classes it cannot pin to one', () => {
    const cases: Array<[string, string]> = [
      ['[]', 'no provider'],
      ["[{ provide: 'ORDERS', useValue: { create: (sku) => sku } }]", 'an object value'],
      ["[{ provide: 'ORDERS', useFactory: (config) => config.orders }]", 'a factory that returns something else'],
      ["[{ provide: 'ORDERS', useClass: process.env.SAFE ? SafeOrdersService : OrdersService }]", 'a class chosen at run time'],
      ["[{ provide: 'ORDERS', useClass: SafeOrdersService }, { provide: 'ORDERS', useClass: OrdersService }]", 'two classes for one token'],
      ["[{ provide: 'ORDERS', useExisting: 'ORDERS' }]", 'an alias of itself'],
      ["[{ provide: 'ORDERS', useClass: SafeOrdersService }]", 'the safe class'],
    ];
    for (const [providers, name] of cases) assert.deepEqual(sinksReached(app(BY_STRING, providers)), [], name);
    // A Symbol is its own token: another Symbol('ORDERS') or the string 'ORDERS' is not it.
    assert.deepEqual(sinksReached(app(BY_SYMBOL, "[{ provide: 'ORDERS', useClass: OrdersService }]")), []);
  });
});

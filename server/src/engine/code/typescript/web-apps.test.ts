// Web apps whose routes live away from the handler's file: routers mounted several modules deep
// (breadth first, with the mount paths joined, a cycle read once, bounded), read through an in-memory
// reader that resolves `./` and `../` like Node and records what it was asked for.
import assert from 'node:assert/strict';
import { posix } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeCode, type CodeDocument, type ModuleReader } from '../index';

/** A reader of the given files that resolves relative specifiers (with `.js`, `.ts` or `/index.js`), and the specifiers it was asked for. */
function readerOf(files: Record<string, string>): { reader: ModuleReader; asked: string[] } {
  const asked: string[] = [];
  const reader: ModuleReader = (from, specifier) => {
    asked.push(specifier);
    if (!specifier.startsWith('.')) return undefined;
    const base = posix.join(posix.dirname(from), specifier);
    for (const candidate of [base, `${base}.js`, `${base}.ts`, `${base}/index.js`]) if (files[candidate] !== undefined) return { path: candidate, text: files[candidate] };
    return undefined;
  };
  return { reader, asked };
}

function flowsOf(document: CodeDocument): string[] {
  return document.flows.map((flow) => `${document.sources[flow.sourceId].kind} -> ${document.sinks[flow.sinkId].kind} in ${document.sinks[flow.sinkId].location.path ?? 'main'}`).sort();
}

const HANDLER = "const serverless = require('serverless-http');\nconst app = require('./app');\nmodule.exports.handler = serverless(app);";
const APP = "const express = require('express');\nconst app = express();\napp.use(express.json());\napp.use('/api', require('./routes'));\nmodule.exports = app;";
const INDEX = "const router = require('express').Router();\nrouter.get('/health', (req, res) => res.json({ ok: true }));\nrouter.use('/users', require('./users'));\nmodule.exports = router;";
const router = (body: string) => `const { exec } = require('child_process');\nconst express = require('express');\nconst router = express.Router();\n${body}\nmodule.exports = router;`;

function analyse(files: Record<string, string>, text = HANDLER) {
  const { reader, asked } = readerOf(files);
  const document = analyzeCode({ path: '/app/handler.js', text, handlers: [{ exportName: 'handler', trigger: 'api-http' }], readModule: reader });
  return { document, asked };
}

describe('routers mounted more than one module away', () => {
  it('lists and traces the routes of a router that a mounted router mounts, with the mount paths joined', () => {
    const users = router("router.get('/:id', (req, res) => res.json({ id: req.params.id }));\nrouter.post('/', (req, res) => { exec('useradd ' + req.body.name); res.status(201).end(); });");
    const { document } = analyse({ '/app/app.js': APP, '/app/routes/index.js': INDEX, '/app/routes/users.js': users });
    assert.deepEqual(document.handlers.map((handler) => handler.webApp), [{ framework: 'express', routes: ['GET /api/health', 'GET /api/users/:id', 'POST /api/users'] }]);
    assert.deepEqual(flowsOf(document), ['event.body -> command in /app/routes/users.js']);
    const flow = document.flows[0];
    assert.equal(document.sources[flow.sourceId].location.path, '/app/routes/users.js');
    assert.equal(flow.handler, 'handler');
    assert.deepEqual(document.issues, []);
  });

  it('follows the mounts of an app built in the handler file too, and koa-routers mounted with `.routes()`', () => {
    const express = "const serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\napp.use('/v1', require('./routes/index'));\nexports.handler = serverless(app);";
    const users = router("router.get('/find', (req, res) => { exec(`grep ${req.query.name} users.txt`); res.end(); });");
    const found = analyse({ '/app/routes/index.js': INDEX, '/app/routes/users.js': users }, express).document;
    assert.deepEqual(found.handlers.map((handler) => handler.webApp?.routes), [['GET /v1/health', 'GET /v1/users/find']]);
    assert.deepEqual(flowsOf(found), ['event.queryStringParameters -> command in /app/routes/users.js']);

    const koa = "const serverless = require('serverless-http');\nconst Koa = require('koa');\nconst api = require('./api');\nconst app = new Koa();\napp.use(api.routes());\nmodule.exports.handler = serverless(app);";
    const api = "const Router = require('@koa/router');\nconst items = require('./items');\nconst router = new Router();\nrouter.use('/items', items.routes());\nmodule.exports = router;";
    const items = "const Router = require('@koa/router');\nconst { execSync } = require('child_process');\nconst router = new Router();\nrouter.get('/:name', (ctx) => { ctx.body = { out: String(execSync('cat ' + ctx.params.name)) }; });\nmodule.exports = router;";
    const koaDocument = analyse({ '/app/api.js': api, '/app/items.js': items }, koa).document;
    assert.deepEqual(koaDocument.handlers.map((handler) => handler.webApp), [{ framework: 'koa', routes: ['GET /items/:name'] }]);
    assert.deepEqual(flowsOf(koaDocument), ['event.pathParameters -> command in /app/items.js']);
  });

  it('reads each module of a cycle of mounts once, and ends', () => {
    const a = router("router.get('/a', (req, res) => { exec(req.query.a); res.end(); });\nrouter.use('/b', require('./b'));");
    const b = router("router.get('/b', (req, res) => res.json({}));\nrouter.use('/a', require('./a'));\nrouter.use('/app', require('../app'));");
    const app = "const express = require('express');\nconst app = express();\napp.use('/a', require('./routes/a'));\nmodule.exports = app;";
    const { document } = analyse({ '/app/app.js': app, '/app/routes/a.js': a, '/app/routes/b.js': b });
    assert.deepEqual(document.handlers.map((handler) => handler.webApp?.routes), [['GET /a/a', 'GET /a/b/b']]);
    assert.deepEqual(flowsOf(document), ['event.queryStringParameters -> command in /app/routes/a.js']);
    assert.deepEqual(document.handlers[0].reasons.filter((reason) => /not read/.test(reason)), []);
  });

  it('cuts no flow it should not: a value made a number before the command, a package mounted by name (never asked for), an unreadable module', () => {
    const users = router("router.delete('/:id', (req, res) => { exec('kill ' + Number(req.params.id)); res.end(); });\nrouter.use('/docs', require('swagger-ui-express').serve);\nrouter.use(require('express-validator'));\nrouter.use('/gone', require('./missing'));");
    const index = "const router = require('express').Router();\nrouter.use('/users', require('./users'));\nmodule.exports = router;";
    const { document, asked } = analyse({ '/app/app.js': APP, '/app/routes/index.js': index, '/app/routes/users.js': users });
    assert.deepEqual(document.handlers.map((handler) => handler.webApp?.routes), [['DELETE /api/users/:id']]);
    assert.deepEqual(document.flows, []);
    assert.deepEqual(asked.filter((specifier) => !specifier.startsWith('.')), []);
    assert.ok(asked.includes('./missing'));
    // The same route without the conversion is reported.
    const raw = analyse({ '/app/app.js': APP, '/app/routes/index.js': index, '/app/routes/users.js': users.replace("Number(req.params.id)", 'req.params.id') }).document;
    assert.deepEqual(flowsOf(raw), ['event.pathParameters -> command in /app/routes/users.js']);
  });

  it('stops four mounts away from the app, and says so in the handler\'s reasons', () => {
    const files: Record<string, string> = { '/app/app.js': "const express = require('express');\nconst app = express();\napp.use('/l1', require('./l1'));\nmodule.exports = app;" };
    for (let level = 1; level <= 6; level++) files[`/app/l${level}.js`] = router(`router.get('/r${level}', (req, res) => { exec(req.query.q); res.end(); });\nrouter.use('/l${level + 1}', require('./l${level + 1}'));`);
    const { document } = analyse(files);
    assert.deepEqual(document.handlers.map((handler) => handler.webApp?.routes), [['GET /l1/r1', 'GET /l1/l2/r2', 'GET /l1/l2/l3/r3', 'GET /l1/l2/l3/l4/r4']]);
    assert.deepEqual(flowsOf(document), ['/app/l1.js', '/app/l2.js', '/app/l3.js', '/app/l4.js'].map((path) => `event.queryStringParameters -> command in ${path}`));
    assert.match(document.handlers[0].reasons.join('\n'), /routers mounted more than 4 modules away from the app are not read \('\.\/l5' in \/app\/l4\.js\)/);
  });

  it('reads 20 router modules at most', () => {
    const mounts = Array.from({ length: 25 }, (_, index) => `app.use('/m${index}', require('./m${index}'));`).join('\n');
    const files: Record<string, string> = { '/app/app.js': `const express = require('express');\nconst app = express();\n${mounts}\nmodule.exports = app;` };
    for (let index = 0; index < 25; index++) files[`/app/m${index}.js`] = router(`router.get('/', (req, res) => res.json({}));`);
    const { document } = analyse(files);
    assert.equal(document.handlers[0].webApp?.routes.length, 20);
    assert.match(document.handlers[0].reasons.join('\n'), /more than 20 router modules; '\.\/m20' in \/app\/app\.js and any after it are not read/);
  });
});

describe('Hapi apps', () => {
  // Routes as Hapi registers them: one object, a list, the handler in `options`, a handler method.
  const ROUTES = `server.route({ method: 'POST', path: '/users', handler: async (request, h) => { exec('useradd ' + request.payload.name); return h.response().code(201); } });
server.route([
  { method: 'GET', path: '/files/{name}', options: { auth: false, handler: (request) => fs.readFileSync('/data/' + request.params.name, 'utf8') } },
  { method: 'GET', path: '/search', handler(request) { return db.query("SELECT * FROM t WHERE q = '" + request.query.q + "'"); } },
  { method: 'GET', path: '/me', handler: (request) => exec('id ' + request.auth.credentials.user) },
  { method: 'GET', path: '/safe/{id}', handler: (request) => exec('kill ' + Number(request.params.id)) },
]);`;
  const PRELUDE = "const Hapi = require('@hapi/hapi');\nconst fs = require('fs');\nconst { exec } = require('child_process');\nconst { Pool } = require('pg');\nconst db = new Pool();\n";
  const expectedRoutes = ['POST /users', 'GET /files/{name}', 'GET /search', 'GET /me', 'GET /safe/{id}'];
  const forms: Array<{ name: string; code: string; adapter: string }> = [
    { name: "hapi-lambda's transformRequest, the server made on first use", adapter: 'server.inject', code: `${PRELUDE}const { transformRequest, transformResponse } = require('hapi-lambda');\nlet server;\nasync function init() {\n  server = Hapi.server({ routes: { cors: true } });\n${ROUTES}\n  return server;\n}\nexports.handler = async (event) => {\n  if (!server) await init();\n  const response = await server.inject(transformRequest(event));\n  return transformResponse(response);\n};` },
    { name: 'inject options written from the event', adapter: 'server.inject', code: `${PRELUDE}const server = new Hapi.Server();\n${ROUTES}\nexports.handler = async (event) => {\n  const res = await server.inject({ method: event.httpMethod, url: event.path, payload: event.body, headers: event.headers });\n  return { statusCode: res.statusCode, body: res.payload };\n};` },
    { name: '@tepez/hapi-lambda-handler', adapter: '@tepez/hapi-lambda-handler', code: `${PRELUDE}const HapiLambdaHandler = require('@tepez/hapi-lambda-handler');\nconst server = Hapi.server();\n${ROUTES}\nexports.handler = HapiLambdaHandler.handlerFromServer(server);` },
  ];
  for (const form of forms) {
    it(`reads the routes of a Hapi server run through ${form.name}, with the request's payload, query and params as input`, () => {
      const document = analyzeCode({ path: '/app/handler.js', text: form.code, handlers: [{ exportName: 'handler', trigger: 'api-rest' }] });
      assert.deepEqual(document.handlers.map((handler) => [handler.wrappedBy, handler.webApp]), [[[form.adapter], { framework: 'hapi', routes: expectedRoutes }]]);
      const flows = document.flows.map((flow) => `${document.sources[flow.sourceId].eventPath} -> ${document.sinks[flow.sinkId].kind}`).sort();
      // `request.auth` is what the auth strategy verified, and `Number(...)` leaves no text: neither is reported.
      assert.deepEqual(flows, ['request.params -> path', 'request.payload -> command', 'request.query -> sql']);
      assert.match(document.handlers[0].reasons.join('\n'), /runs a Hapi app through/);
    });
  }

  it('takes no Hapi app when the injected server is not made in the file, or the function does not read its event', () => {
    const imported = `${PRELUDE}const api = require('./api');\nlet server;\nexports.handler = async (event) => {\n  server = server || (await api.init());\n  return server.inject({ url: event.path });\n};`;
    const unread = analyzeCode({ path: '/app/handler.js', text: imported, handlers: [{ exportName: 'handler', trigger: 'api-rest' }] });
    assert.deepEqual(unread.handlers.map((handler) => handler.webApp), [undefined]);
    const warmUp = `${PRELUDE}const server = Hapi.server();\n${ROUTES}\nexports.handler = async () => server.inject({ url: '/health' });`;
    const notForwarded = analyzeCode({ path: '/app/handler.js', text: warmUp, handlers: [{ exportName: 'handler', trigger: 'schedule' }] });
    assert.deepEqual(notForwarded.handlers.map((handler) => handler.webApp), [undefined]);
    assert.deepEqual(notForwarded.flows, []);
  });
});

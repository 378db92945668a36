// Data-driven cases for code-reflected-html: text/html bodies with and without escaping.
import rule from './code-reflected-html';
import { routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-reflected-html';

testCodeRule(rule, {
  valid: [
    { name: 'a JSON body is not HTML', code: `exports.handler = async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: event.queryStringParameters.name }) });`, bindings: [routeBinding('handler', 'GET /hello')] },
    { name: 'an escaped value in HTML', code: `const escape = require('escape-html');\nexports.handler = async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '<h1>' + escape(event.queryStringParameters.name) + '</h1>' });` },
    { name: 'Express: an echoed body is JSON, a typed response is not HTML, and res.json never is', code: `const serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\napp.post('/echo', (req, res) => res.send(req.body));\napp.get('/a', (req, res) => res.type('text/plain').send('Hello ' + req.query.name));\napp.get('/b', (req, res) => res.json({ name: req.query.name }));\nmodule.exports.handler = serverless(app);`, bindings: [routeBinding('handler', 'ANY /{proxy+}')] },
    { name: 'Koa: an object body is JSON, and a body after ctx.type is not HTML', code: `const serverless = require('serverless-http');\nconst Koa = require('koa');\nconst Router = require('@koa/router');\nconst app = new Koa();\nconst router = new Router();\nrouter.get('/a', (ctx) => { ctx.body = { name: ctx.query.name }; });\nrouter.get('/b', (ctx) => { ctx.type = 'text/plain'; ctx.body = 'Hello ' + ctx.query.name; });\napp.use(router.routes());\nmodule.exports.handler = serverless(app);`, bindings: [routeBinding('handler', 'ANY /{proxy+}')] },
  ],
  invalid: [
    {
      name: 'Koa: ctx.body of text built from the query answers text/html, behind aws-serverless-express',
      code: `const awsServerlessExpress = require('aws-serverless-express');\nconst Koa = require('koa');\nconst Router = require('@koa/router');\nconst app = new Koa();\nconst router = new Router();\nrouter.get('/hello', (ctx) => {\n${underline('  ctx.body = `<h1>Hello ${ctx.query.name}</h1>`;', '`<h1>Hello ${ctx.query.name}</h1>`', ID)}\n});\napp.use(router.routes());\nconst server = awsServerlessExpress.createServer(app.callback());\nexports.handler = (event, context) => awsServerlessExpress.proxy(server, event, context);`,
      bindings: [routeBinding('handler', 'ANY /{proxy+}')],
      errors: [{ messageId: 'taintedHtml', severity: 'error', messageIncludes: ['`ctx.query`', 'ctx.body (text/html when the string starts with <)'] }],
    },
    {
      name: 'Express: res.send of text built from the query answers text/html',
      code: `const serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\napp.get('/hello', (req, res) => {\n${underline("  res.status(200).send('<h1>Hello ' + req.query.name + '</h1>');", "'<h1>Hello ' + req.query.name + '</h1>'", ID)}\n});\nmodule.exports.handler = serverless(app);`,
      bindings: [routeBinding('handler', 'ANY /{proxy+}')],
      errors: [{ messageId: 'taintedHtml', severity: 'error', messageIncludes: ['`req.query`', 'res.send (text/html unless a type is set)'] }],
    },
    {
      name: 'a query parameter in an HTML body',
      code: `exports.handler = async (event) => {\n${underline(`  return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '<h1>' + event.queryStringParameters.name + '</h1>' };`, "'<h1>' + event.queryStringParameters.name + '</h1>'", ID)}\n};`,
      bindings: [routeBinding('handler', 'GET /hello')],
      errors: [{ messageId: 'taintedHtml', severity: 'error', messageIncludes: ['is written into the HTML of `text/html response body`'] }],
    },
    {
      name: 'one function exported twice is one finding, judged by the bound export',
      path: 'handler.mjs',
      code: `export const landingPage = async (event) => {\n${underline(`  return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: \`<p>Hey \${event.queryStringParameters.name}</p>\` };`, '`<p>Hey ${event.queryStringParameters.name}</p>`', ID)}\n};\nexport default landingPage;`,
      bindings: [routeBinding('landingPage', 'GET /')],
      errors: [{ messageId: 'taintedHtml', severity: 'error', messageIncludes: ['handler `landingPage`', '(GET / is public)'] }],
    },
  ],
});

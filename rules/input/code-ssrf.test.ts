// Data-driven cases for code-ssrf: fetch, axios, got and https with input as the host; the
// fixed-host cases that are paths, not SSRF (a request path right after a fixed host included); a
// custom resource's ResponseURL carried by a queue or a topic; and validators that do not constrain
// the URL, which the finding points at.
import rule from './code-ssrf';
import { internalBinding, routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-ssrf';

testCodeRule(rule, {
  valid: [
    { name: "needle called with the method from the event: its URL is argument 1, fixed here", code: `const needle = require('needle');\nexports.handler = async (event) => needle(event.queryStringParameters.method, 'https://api.example.com/status');` },
    { name: 'input after a fixed scheme and host is a path', code: `exports.handler = async (event) => {\n  const id = event.pathParameters.id;\n  await fetch(\`https://api.example.com/items/\${id}\`);\n};`, bindings: [routeBinding('handler', 'GET /items/{id}')] },
    { name: 'input in the request body', code: `exports.handler = async (event) => fetch('https://api.example.com/x', { method: 'POST', body: event.body });` },
    { name: 'an encoded query value after a fixed host', code: `const axios = require('axios');\nexports.handler = async (event) => axios.get('https://api.example.com/search?q=' + encodeURIComponent(event.queryStringParameters.q));` },
    {
      name: 'a custom resource event carried by SQS answers CloudFormation at its ResponseURL',
      code: `exports.handler = async (event) => {\n  for (const record of event.Records) {\n    const request = JSON.parse(record.body);\n    await fetch(request.ResponseURL, { method: 'PUT', body: JSON.stringify({ Status: 'SUCCESS', StackId: request.StackId, LogicalResourceId: request.LogicalResourceId }) });\n  }\n};`,
      bindings: [internalBinding('handler', 'sqs', 'queue Finalizer')],
    },
    {
      name: 'a custom resource event carried by SNS, answered through a cfn-response-like helper',
      code: `const https = require('https');\nfunction send(event, status) {\n  const url = new URL(event.ResponseURL);\n  return new Promise((resolve) => https.request({ hostname: url.hostname, path: url.pathname + url.search, method: 'PUT' }, resolve).end(JSON.stringify({ Status: status, RequestId: event.RequestId })));\n}\nexports.handler = async (event) => {\n  const { RequestType, ...rest } = JSON.parse(event.Records[0].Sns.Message);\n  await send({ RequestType, ...rest }, 'SUCCESS');\n  await send(JSON.parse(event.Records[0].Sns.Message), 'SUCCESS');\n};`,
      bindings: [internalBinding('handler', 'sns', 'topic CustomResources')],
    },
    {
      name: 'a custom resource event in a queue message, trigger unknown (the corpus shape)',
      path: 'stop.ts',
      code: `async function send(event: any, status: string): Promise<void> {\n  await fetch(event.ResponseURL, { method: 'PUT', body: JSON.stringify({ Status: status }) });\n}\nexport const handler = async (event: any) => {\n  const resourceInfo = JSON.parse(event.Records[0].body);\n  await send(resourceInfo, 'SUCCESS');\n};`,
    },
    {
      name: 'Lambda@Edge: the request path after the origin domain from the event',
      code: `const axios = require('axios');\nmodule.exports.handler = async (event) => {\n  const cfRequest = event.Records[0].cf.request;\n  const apiUrl = new URL(\`https://\${cfRequest.origin.custom.domainName}\${cfRequest.uri}\`);\n  return forward(apiUrl);\n};\nasync function forward(apiUrl) {\n  return axios({ method: 'GET', url: apiUrl.href });\n}`,
    },
    {
      name: 'Lambda@Edge: the request path after a fixed origin host',
      code: `exports.handler = async (event) => {\n  const request = event.Records[0].cf.request;\n  const { uri } = request;\n  return fetch(\`https://origin.example.com\${uri}\`);\n};`,
      bindings: [internalBinding('handler', 'cloudfront', 'CloudFront distribution')],
    },
    { name: 'an HTTP API proxy: the raw path after a fixed host', code: `const ORIGIN = 'https://backend.example.com';\nexports.handler = async (event) => fetch(ORIGIN + event.rawPath);`, bindings: [routeBinding('handler', 'ANY /{proxy+}')] },
    {
      name: 'a zod URL whose host is checked against an allow-list',
      path: 'handler.mjs',
      code: `import { z } from 'zod';\nconst HOSTS = ['api.example.com', 'cdn.example.com'];\nconst Body = z.object({ callback: z.string().url().refine((value) => HOSTS.includes(new URL(value).hostname)) });\nexport const handler = async (event) => {\n  const { callback } = Body.parse(JSON.parse(event.body));\n  await fetch(callback);\n};`,
      bindings: [routeBinding('handler', 'POST /hooks')],
    },
    {
      name: 'an ajv enum of targets and a valibot picklist',
      path: 'handler.mjs',
      code: `import Ajv from 'ajv';\nimport * as v from 'valibot';\nconst validate = new Ajv().compile({ type: 'object', properties: { target: { type: 'string', enum: ['https://a.example.com', 'https://b.example.com'] } } });\nconst V = v.object({ target: v.picklist(['https://a.example.com']) });\nexport const handler = async (event) => {\n  const b = JSON.parse(event.body);\n  if (!validate(b)) return { statusCode: 400 };\n  await fetch(b.target);\n  await fetch(v.parse(V, JSON.parse(event.body)).target);\n};`,
    },
    {
      name: 'a zod enum of targets',
      path: 'handler.mjs',
      code: `import { z } from 'zod';\nconst Body = z.object({ target: z.enum(['https://a.example.com', 'https://b.example.com']) });\nexport const handler = async (event) => {\n  const { target } = Body.parse(JSON.parse(event.body));\n  await fetch(target);\n};`,
      bindings: [routeBinding('handler', 'POST /hooks')],
    },
  ],
  invalid: [
    {
      name: 'needle called with a URL from the query: argument 1',
      code: `const needle = require('needle');\nexports.handler = async (event) => {\n${underline("  return needle('get', event.queryStringParameters.url);", 'event.queryStringParameters.url', ID)}\n};`,
      bindings: [routeBinding('handler', 'GET /proxy')],
      errors: [{ messageId: 'taintedUrl', severity: 'error' }],
    },
    {
      name: "needle's get member with a URL from the body",
      code: `const needle = require('needle');\nexports.handler = async (event) => {\n  const { url } = JSON.parse(event.body);\n${underline('  return needle.get(url);', 'url', ID)}\n};`,
      bindings: [routeBinding('handler', 'POST /fetch')],
      errors: [{ messageId: 'taintedUrl', severity: 'error' }],
    },
    {
      name: 'Express: a URL from a request header read with req.get',
      code: `const serverless = require('serverless-http');\nconst express = require('express');\nconst axios = require('axios');\nconst app = express();\napp.post('/webhook/test', async (req, res) => {\n${underline("  const answer = await axios.get(req.get('X-Callback-Url'));", "req.get('X-Callback-Url')", ID)}\n  res.json({ status: answer.status });\n});\nmodule.exports.handler = serverless(app);`,
      bindings: [routeBinding('handler', 'ANY /{proxy+}')],
      errors: [{ messageId: 'taintedUrl', severity: 'error', messageIncludes: ['`req.headers`'] }],
    },
    {
      name: 'fetch of a URL from a header',
      code: `exports.handler = async (event) => {\n${underline(`  await fetch(event.headers['x-callback']);`, "event.headers['x-callback']", ID)}\n};`,
      bindings: [routeBinding('handler', 'POST /hooks', 'none', 'function-url')],
      errors: [{ messageId: 'taintedUrl', severity: 'error', messageIncludes: ['trigger: function URL'] }],
    },
    {
      name: 'axios with a URL from the body, through Promise.all',
      code: `const axios = require('axios');\nexports.handler = async (event) => {\n  const { urls } = JSON.parse(event.body);\n${underline(`  await Promise.all(urls.map((item) => axios.get(item.href)));`, 'item.href', ID)}\n};`,
      errors: [{ messageId: 'taintedUrl' }],
    },
    {
      name: 'the host from input in a template string',
      code: `const https = require('https');\nexports.handler = async (event) => {\n${underline('  https.get(`https://${event.queryStringParameters.host}/status`);', '`https://${event.queryStringParameters.host}/status`', ID)}\n};`,
      errors: [{ messageId: 'taintedUrl' }],
    },
    {
      name: 'a ResponseURL in an API request body is the caller\'s',
      code: `exports.handler = async (event) => {\n  const request = JSON.parse(event.body);\n${underline('  await fetch(request.ResponseURL, { method: \'PUT\' });', 'request.ResponseURL', ID)}\n};`,
      bindings: [routeBinding('handler', 'POST /callback')],
      errors: [{ messageId: 'taintedUrl', severity: 'error' }],
    },
    {
      name: 'a query value right after a fixed host can extend the host (`.evil.example`)',
      code: `exports.handler = async (event) => {\n${underline('  return fetch(`https://origin.example.com${event.queryStringParameters.p}`);', '`https://origin.example.com${event.queryStringParameters.p}`', ID)}\n};`,
      bindings: [routeBinding('handler', 'GET /p')],
      errors: [{ messageId: 'taintedUrl' }],
    },
    {
      name: 'a request path without its leading slash after a fixed host',
      code: `exports.handler = async (event) => {\n  const request = event.Records[0].cf.request;\n${underline('  return fetch(`https://origin.example.com${request.uri.slice(1)}`);', '`https://origin.example.com${request.uri.slice(1)}`', ID)}\n};`,
      bindings: [internalBinding('handler', 'cloudfront', 'CloudFront distribution')],
      errors: [{ messageId: 'taintedUrl' }],
    },
    {
      name: 'a free zod string as the URL: the finding points at the schema',
      path: 'handler.mjs',
      code: `import { z } from 'zod';\nconst Body = z.object({ callback: z.string().min(1) });\nexport const handler = async (event) => {\n  const { callback } = Body.parse(JSON.parse(event.body));\n${underline('  await fetch(callback);', 'callback', ID)}\n};`,
      bindings: [routeBinding('handler', 'POST /hooks')],
      errors: [{ messageId: 'taintedUrl', severity: 'error', related: [{ at: 'z.string()', messageIncludes: 'this zod schema accepts any string: it does not constrain the URL' }] }],
    },
    {
      name: 'valibot url(), a typebox uri format and class-validator @IsUrl() check the format, not the host',
      path: 'handler.ts',
      code: `import * as v from 'valibot';\nimport { Type } from '@sinclair/typebox';\nimport { Value } from '@sinclair/typebox/value';\nimport { IsUrl, validateOrReject } from 'class-validator';\nimport { plainToInstance } from 'class-transformer';\nconst V = v.object({ url: v.pipe(v.string(), v.url()) });\nconst T = Type.Object({ url: Type.String({ format: 'uri' }) });\nclass Dto { @IsUrl() url!: string; }\nexport const handler = async (event: any) => {\n  const b = v.parse(V, JSON.parse(event.body));\n${underline('  await fetch(b.url);', 'b.url', ID)}\n  const t = JSON.parse(event.queryStringParameters.t);\n  if (!Value.Check(T, t)) return;\n${underline('  await fetch(t.url);', 't.url', ID)}\n  const d = plainToInstance(Dto, JSON.parse(event.headers.d));\n  await validateOrReject(d);\n${underline('  await fetch(d.url);', 'd.url', ID)}\n};`,
      errors: [
        { messageId: 'taintedUrl', related: [{ at: 'v.url()', messageIncludes: 'this valibot schema accepts any URL: it checks the format, not the host' }] },
        { messageId: 'taintedUrl', related: [{ at: "Type.String({ format: 'uri' })", messageIncludes: 'accepts any URL: it checks the format, not the host' }] },
        { messageId: 'taintedUrl', related: [{ at: '@IsUrl()', messageIncludes: 'accepts any URL: it checks the format, not the host' }] },
      ],
    },
    {
      name: 'a zod url() checks the format, not the host',
      path: 'handler.mjs',
      code: `import { z } from 'zod';\nconst Body = z.object({ callback: z.string().url() });\nexport const handler = async (event) => {\n  const { callback } = Body.parse(JSON.parse(event.body));\n${underline('  await fetch(callback);', 'callback', ID)}\n};`,
      errors: [{ messageId: 'taintedUrl', related: [{ at: 'z.string().url()', messageIncludes: 'accepts any URL: it checks the format, not the host' }] }],
    },
    {
      name: 'a typeof check proves only the type',
      code: `exports.handler = async (event) => {\n  const target = event.queryStringParameters.target;\n  if (typeof target !== 'string') return { statusCode: 400 };\n${underline('  await fetch(target);', 'target', ID)}\n};`,
      errors: [{ messageId: 'taintedUrl', related: [{ at: "typeof target !== 'string'", messageIncludes: "proves only the type: it does not constrain the URL" }] }],
    },
  ],
});

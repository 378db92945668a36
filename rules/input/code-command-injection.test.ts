// Data-driven cases for code-command-injection: sources per trigger, sinks, guards and sanitisers,
// export forms (CommonJS, ESM, TypeScript, re-exported, middy-wrapped) and the execFile fix text.
import rule from './code-command-injection';
import type { HandlerBinding } from '../../server/src/engine';
import { internalBinding, routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const CP = `const { exec, execSync } = require('child_process');`;

/** A REST route whose body API Gateway validates against `schema`, declared for `contentTypes`. */
function validatedRoute(schema: unknown, contentTypes: string[]): HandlerBinding {
  const binding = routeBinding('handler', 'POST /run', 'none', 'api-rest');
  return { ...binding, triggers: binding.triggers.map((trigger) => ({ ...trigger, edgeValidation: true, edgeBodyModel: { name: 'the model Cmd', contentTypes, schema, location: { path: trigger.location.path, range: { start: 100, end: 140 } } } })) };
}
const EDGE_ENUM = { type: 'object', properties: { cmd: { type: 'string', enum: ['ls', 'pwd'] } }, required: ['cmd'], additionalProperties: false };
const EDGE_FREE = { type: 'object', properties: { cmd: { type: 'string', maxLength: 20 } }, additionalProperties: false };
const EDGE_RUN = `${CP}\nexports.handler = async (event) => {\n  const { cmd } = JSON.parse(event.body);\n  exec('run ' + cmd);\n};`;
const EDGE_RUN_FLAGGED = `${CP}\nexports.handler = async (event) => {\n  const { cmd } = JSON.parse(event.body);\n${underline("  exec('run ' + cmd);", "'run ' + cmd", 'code-command-injection')}\n};`;

testCodeRule(rule, {
  valid: [
    { name: 'an unrelated exec of a constant', code: `${CP}\nexports.handler = async (event) => {\n  exec('ls -la /tmp');\n  return { statusCode: 200, body: event.body };\n};` },
    { name: 'spawn with an argument array and no shell', code: `const { spawn } = require('child_process');\nexports.handler = async (event) => { spawn('convert', [event.body, 'out.png']); };` },
    { name: 'execFile with an argument array', code: `const { execFile } = require('child_process');\nexports.handler = async (event) => { execFile('git', ['log', event.body]); };` },
    { name: 'authorizer claims are trusted', code: `${CP}\nexports.handler = async (event) => { exec('id ' + event.requestContext.authorizer.claims.sub); };`, bindings: [routeBinding('handler', 'GET /me', 'cognito')] },
    { name: 'allow-list with an early return', code: `${CP}\nconst ALLOWED = ['status', 'log'];\nexports.handler = async (event) => {\n  const cmd = event.queryStringParameters.cmd;\n  if (!ALLOWED.includes(cmd)) return { statusCode: 400 };\n  exec('git ' + cmd);\n};`, bindings: [routeBinding('handler', 'GET /git')] },
    { name: 'validation in a helper that throws', code: `${CP}\nfunction assertSafe(name) {\n  if (!/^[a-z0-9]+$/.test(name)) throw new Error('bad name');\n}\nexports.handler = async (event) => {\n  const name = event.pathParameters.name;\n  assertSafe(name);\n  exec(\`convert \${name}.png out.jpg\`);\n};`, bindings: [routeBinding('handler', 'POST /convert/{name}')] },
    { name: 'a number conversion with a NaN check', code: `${CP}\nexports.handler = async (event) => {\n  const n = Number(event.queryStringParameters.n);\n  if (Number.isNaN(n)) return { statusCode: 400 };\n  exec('seq ' + n);\n};`, bindings: [routeBinding('handler', 'GET /seq')] },
    { name: 'a zod enum schema', path: 'handler.ts', code: `import { exec } from 'child_process';\nimport { z } from 'zod';\nconst Body = z.object({ format: z.enum(['png', 'jpg']) });\nexport const handler = async (event: any) => {\n  const body = Body.parse(JSON.parse(event.body));\n  exec(\`convert in.tif out.\${body.format}\`);\n};`, bindings: [routeBinding('handler', 'POST /convert')] },
    { name: 'an ajv enum checked before exec', path: 'handler.ts', code: `import Ajv from 'ajv';\nimport { exec } from 'child_process';\nconst validate = new Ajv().compile({ type: 'object', properties: { cmd: { enum: ['ls', 'pwd'] } }, required: ['cmd'] });\nexport const handler = async (event: any) => {\n  const b = JSON.parse(event.body);\n  if (!validate(b)) return { statusCode: 400 };\n  exec(b.cmd);\n};`, bindings: [routeBinding('handler', 'POST /run')] },
    { name: 'valibot, superstruct, typebox and class-validator schemas that fix the command', path: 'handler.ts', code: `import * as v from 'valibot';\nimport { object, enums, assert } from 'superstruct';\nimport { Type } from '@sinclair/typebox';\nimport { Value } from '@sinclair/typebox/value';\nimport { IsIn, validateOrReject } from 'class-validator';\nimport { plainToInstance } from 'class-transformer';\nimport { exec } from 'child_process';\nconst V = v.object({ cmd: v.picklist(['ls', 'pwd']) });\nconst S = object({ cmd: enums(['ls', 'pwd']) });\nconst T = Type.Object({ cmd: Type.Union([Type.Literal('ls'), Type.Literal('pwd')]) });\nclass Dto { @IsIn(['ls', 'pwd']) cmd!: string; }\nexport const handler = async (event: any) => {\n  exec(v.parse(V, JSON.parse(event.body)).cmd);\n  const s = JSON.parse(event.body);\n  assert(s, S);\n  exec(s.cmd);\n  const t = JSON.parse(event.body);\n  if (!Value.Check(T, t)) return;\n  exec(t.cmd);\n  const d = plainToInstance(Dto, JSON.parse(event.body));\n  await validateOrReject(d);\n  exec(d.cmd);\n};`, bindings: [routeBinding('handler', 'POST /run')] },
    { name: 'a zod string with an anchored regex', path: 'handler.ts', code: `import { z } from 'zod';\nimport { exec } from 'child_process';\nconst S = z.object({ cmd: z.string().regex(/^[a-z]+$/) });\nexport const handler = async (event: any) => {\n  const { cmd } = S.parse(JSON.parse(event.body));\n  exec('run ' + cmd);\n};`, bindings: [routeBinding('handler', 'POST /run')] },
    { name: 'an S3 object read with a constant key is the bucket\'s own content', code: `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');\n${CP}\nconst s3 = new S3Client({});\nexports.handler = async (event) => {\n  const obj = await s3.send(new GetObjectCommand({ Bucket: 'config', Key: 'jobs/nightly.txt' }));\n  exec('run ' + await obj.Body.transformToString());\n};`, bindings: [internalBinding('handler', 's3', 'S3 bucket uploads')] },
    { name: 'S3 bucket name is written by AWS', code: `${CP}\nexports.handler = async (event) => { exec('aws s3 ls ' + event.Records[0].s3.bucket.name); };`, bindings: [internalBinding('handler', 's3', 'S3 bucket uploads')] },
    {
      name: 'a suppression with a reason on the line above',
      code: `${CP}\nexports.handler = async (event) => {\n  // slsward-ignore code-command-injection: the body is an enum checked by the API model\n  exec('run ' + event.body);\n};`,
      bindings: [routeBinding('handler', 'POST /run')],
    },
    {
      name: 'a block-comment suppression on the same line',
      code: `${CP}\nexports.handler = async (event) => {\n  exec('run ' + event.body); /* slsward-ignore code-command-injection: fixed list checked at the edge */\n};`,
    },
    {
      name: 'Express behind serverless-http: the user an auth middleware set is not input, and an error handler gets no request first',
      code: `${CP}\nconst serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\napp.get('/me', (req, res) => { exec('id ' + req.user.id); res.send('ok'); });\napp.use((err, req, res, next) => { exec('logger ' + req.query.q); });\nmodule.exports.handler = serverless(app);`,
      bindings: [routeBinding('handler', 'ANY /{proxy+}')],
    },
    { name: 'an Express app that no adapter runs on Lambda is no handler', code: `${CP}\nconst express = require('express');\nconst app = express();\napp.get('/run', (req, res) => exec('ls ' + req.query.dir));\napp.listen(3000);` },
    { name: 'a body API Gateway validates for every content type ($default) against a model that fixes the field', code: EDGE_RUN, bindings: [validatedRoute(EDGE_ENUM, ['$default'])] },
    { name: 'a shell given only a fixed script, and a program that is no shell', code: `const { spawn } = require('child_process');\nexports.handler = async (event) => {\n  spawn('sh', ['-c', 'ls -la /tmp']);\n  spawn('/usr/bin/convert', ['-c', event.body]);\n};`, bindings: [routeBinding('handler', 'POST /run')] },
  ],
  invalid: [
    {
      name: 'a model declared for application/json only: a caller who sends another Content-Type skips the validation',
      code: EDGE_RUN_FLAGGED,
      bindings: [validatedRoute(EDGE_ENUM, ['application/json'])],
      errors: [{ messageId: 'taintedCommand', severity: 'error' }],
    },
    {
      name: 'a $default model that leaves the field a free string',
      code: EDGE_RUN_FLAGGED,
      bindings: [validatedRoute(EDGE_FREE, ['$default'])],
      errors: [{ messageId: 'taintedCommand', severity: 'error' }],
    },
    {
      name: 'Koa behind serverless-http: ctx.params and ctx.request.body are input, ctx.state is not',
      code: `const serverless = require('serverless-http');\nconst Koa = require('koa');\nconst Router = require('@koa/router');\nconst { execSync } = require('child_process');\nconst app = new Koa();\nconst router = new Router();\nrouter.get('/logs/:name', (ctx) => {\n${underline('  ctx.body = execSync(`tail -n 50 /var/log/${ctx.params.name}`);', '`tail -n 50 /var/log/${ctx.params.name}`', 'code-command-injection')}\n});\nrouter.post('/jobs', (ctx) => {\n  execSync('run-job ' + ctx.state.user.id);\n${underline('  execSync(`run-job ${ctx.request.body.job}`);', '`run-job ${ctx.request.body.job}`', 'code-command-injection')}\n});\napp.use(router.routes());\nmodule.exports.handler = serverless(app);`,
      bindings: [routeBinding('handler', 'ANY /{proxy+}')],
      errors: [
        { messageId: 'taintedCommand', severity: 'error', messageIncludes: ['`ctx.params` reaches'] },
        { messageId: 'taintedCommand', severity: 'error', messageIncludes: ['`ctx.request.body` reaches'] },
      ],
    },
    {
      name: 'a shell as the program of spawn or execFile: the argument after -c is a command line',
      code: `const { spawn, execFileSync } = require('child_process');\nexports.handler = async (event) => {\n  const { cmd } = JSON.parse(event.body);\n${underline("  spawn('sh', ['-c', cmd]);", 'cmd', 'code-command-injection')}\n${underline("  execFileSync('/bin/bash', ['-c', `echo ${event.queryStringParameters.msg}`]);", '`echo ${event.queryStringParameters.msg}`', 'code-command-injection')}\n};`,
      bindings: [routeBinding('handler', 'POST /run')],
      errors: [
        { messageId: 'taintedCommand', severity: 'error', messageIncludes: ['`child_process.spawn (sh -c)`'] },
        { messageId: 'taintedCommand', severity: 'error', messageIncludes: ['`child_process.execFileSync (/bin/bash -c)`'] },
      ],
    },
    {
      name: 'Fastify behind @fastify/aws-lambda: request.query is the query string',
      path: 'app.mjs',
      code: `import Fastify from 'fastify';\nimport awsLambdaFastify from '@fastify/aws-lambda';\nimport { execSync } from 'node:child_process';\nconst app = Fastify();\napp.get('/ping', async (request, reply) => {\n${underline('  return execSync(`ping -c 1 ${request.query.host}`).toString();', '`ping -c 1 ${request.query.host}`', 'code-command-injection')}\n});\nexport const handler = awsLambdaFastify(app);`,
      bindings: [routeBinding('handler', 'ANY /{proxy+}')],
      errors: [{ messageId: 'taintedCommand', severity: 'error', messageIncludes: ['`request.query` reaches'] }],
    },
    {
      name: 'Express: a router in a module the app mounts with use is read one level deep',
      code: `const express = require('express');\nconst serverless = require('serverless-http');\nconst users = require('./routes/users');\nconst app = express();\napp.use('/users', users);\n${underline('module.exports.handler = serverless(app);', 'serverless(app)', 'code-command-injection')}`,
      readModule: (fromPath, specifier) => (specifier === './routes/users' ? { path: '/app/routes/users.js', text: "const { Router } = require('express');\nconst { execSync } = require('child_process');\nconst router = Router();\nrouter.get('/:id/report', (req, res) => res.type('text/plain').send(execSync('report --user ' + req.params.id)));\nmodule.exports = router;\n" } : undefined),
      bindings: [routeBinding('handler', 'ANY /{proxy+}')],
      errors: [{ messageId: 'taintedCommand', severity: 'error', messageIncludes: ['`req.params` reaches', '`child_process.execSync`'] }],
    },
    {
      name: 'Express behind serverless-http: a route callback is the handler, and req.query is the query string',
      code: `${CP}\nconst serverless = require('serverless-http');\nconst express = require('express');\nconst app = express();\napp.get('/run', (req, res) => {\n${underline("  exec('ls ' + req.query.dir, (error, out) => res.send(out));", "'ls ' + req.query.dir", 'code-command-injection')}\n});\nmodule.exports.handler = serverless(app);`,
      bindings: [routeBinding('handler', 'ANY /{proxy+}')],
      errors: [{ messageId: 'taintedCommand', severity: 'error', messageIncludes: ['`req.query` reaches', '`child_process.exec`', 'handler `handler`', '(ANY /{proxy+} is public)'] }],
    },
    {
      name: 'an ES module Express router behind @vendia/serverless-express, with a named callback and a route chain',
      path: 'app.ts',
      code: `import { execSync } from 'child_process';\nimport express, { Router } from 'express';\nimport serverlessExpress from '@vendia/serverless-express';\nconst router = Router();\nfunction archive(req: any, res: any) {\n${underline('  execSync(`tar czf out.tgz ${req.body.dir}`);', '`tar czf out.tgz ${req.body.dir}`', 'code-command-injection')}\n  res.sendStatus(204);\n}\nrouter.post('/archive', archive);\nrouter.route('/convert').put((req: any, res: any) => {\n${underline('  execSync(`convert ${req.params.name} out.png`);', '`convert ${req.params.name} out.png`', 'code-command-injection')}\n});\nconst app = express();\napp.use('/api', router);\nexport const handler = serverlessExpress({ app });`,
      bindings: [routeBinding('handler', 'ANY /{proxy+}')],
      errors: [
        { messageId: 'taintedCommand', severity: 'error', messageIncludes: ['`req.body` reaches'] },
        { messageId: 'taintedCommand', severity: 'error', messageIncludes: ['`req.params` reaches'] },
      ],
    },
    {
      name: 'a free ajv string before exec: the finding points at the schema',
      path: 'handler.ts',
      code: `import Ajv from 'ajv';\nimport { exec } from 'child_process';\nconst validate = new Ajv().compile({ type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] });\nexport const handler = async (event: any) => {\n  const b = JSON.parse(event.body);\n  if (!validate(b)) return { statusCode: 400 };\n${underline("  exec('run ' + b.cmd);", "'run ' + b.cmd", 'code-command-injection')}\n};`,
      bindings: [routeBinding('handler', 'POST /run')],
      errors: [{ messageId: 'taintedCommand', severity: 'error', related: [{ at: "{ type: 'string' }", messageIncludes: 'this ajv schema accepts any string: it does not constrain the command' }] }],
    },
    {
      name: 'a zod regex that is not anchored: the finding says why',
      path: 'handler.ts',
      code: `import { z } from 'zod';\nimport { exec } from 'child_process';\nconst S = z.object({ cmd: z.string().regex(/[a-z]+/) });\nexport const handler = async (event: any) => {\n  const { cmd } = S.parse(JSON.parse(event.body));\n${underline("  exec('run ' + cmd);", "'run ' + cmd", 'code-command-injection')}\n};`,
      bindings: [routeBinding('handler', 'POST /run')],
      errors: [{ messageId: 'taintedCommand', severity: 'error', related: [{ at: 'z.string().regex(/[a-z]+/)', messageIncludes: 'this zod schema accepts any string: it does not constrain the command' }] }],
    },
    {
      name: 'free strings of superstruct and class-validator',
      path: 'handler.ts',
      code: `import { object, string, create } from 'superstruct';\nimport { IsString, validateOrReject } from 'class-validator';\nimport { plainToInstance } from 'class-transformer';\nimport { exec } from 'child_process';\nconst S = object({ cmd: string() });\nclass Dto { @IsString() cmd!: string; }\nexport const handler = async (event: any) => {\n  const b = create(JSON.parse(event.body), S);\n${underline("  exec('run ' + b.cmd);", "'run ' + b.cmd", 'code-command-injection')}\n  const d = plainToInstance(Dto, JSON.parse(event.queryStringParameters.q));\n  await validateOrReject(d);\n${underline("  exec('run ' + d.cmd);", "'run ' + d.cmd", 'code-command-injection')}\n};`,
      bindings: [routeBinding('handler', 'POST /run')],
      errors: [
        { messageId: 'taintedCommand', severity: 'error', related: [{ at: 'string()', messageIncludes: 'this superstruct schema accepts any string' }] },
        { messageId: 'taintedCommand', severity: 'error', related: [{ at: '@IsString()', messageIncludes: 'this class-validator schema accepts any string' }] },
      ],
    },
    {
      name: 'a free joi string before exec: the finding points at the schema',
      code: `${CP}\nconst Joi = require('joi');\nconst schema = Joi.object({ name: Joi.string().max(64) });\nexports.handler = async (event) => {\n  const { value } = schema.validate(JSON.parse(event.body));\n${underline('  exec(`convert ${value.name}.png out.jpg`);', '`convert ${value.name}.png out.jpg`', 'code-command-injection')}\n};`,
      bindings: [routeBinding('handler', 'POST /convert')],
      errors: [{ messageId: 'taintedCommand', severity: 'error', related: [{ at: 'Joi.string()', messageIncludes: 'this joi schema accepts any string: it does not constrain the command' }] }],
    },
    {
      name: 'public API body into exec, severity raised by the public route',
      code: `${CP}\nexports.handler = async (event) => {\n  exec(\`convert \${event.body} out.png\`);\n  //   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      bindings: [routeBinding('handler', 'POST /orders')],
      errors: [{ messageId: 'taintedCommand', severity: 'error', messageIncludes: ['`event.body` reaches', '`child_process.exec`', 'handler `handler`', 'trigger: API Gateway HTTP API', '(POST /orders is public)'] }],
      output: `const { exec, execSync, execFile } = require('child_process');\nexports.handler = async (event) => {\n  execFile('convert', [event.body, 'out.png']);\n};`,
    },
    {
      name: 'authenticated route lowers the severity one step',
      code: `${CP}\nexports.handler = async (event) => {\n  execSync('tar czf out.tgz ' + event.queryStringParameters.dir);\n  //       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      bindings: [routeBinding('handler', 'GET /archive', 'jwt')],
      errors: [{ messageId: 'taintedCommand', severity: 'warning', messageIncludes: ['`event.queryStringParameters` reaches', '(GET /archive uses jwt auth)'] }],
      output: `const { exec, execSync, execFileSync } = require('child_process');\nexports.handler = async (event) => {\n  execFileSync('tar', ['czf', 'out.tgz', event.queryStringParameters.dir]);\n};`,
    },
    {
      name: 'an internal S3 trigger lowers the severity and names the trigger',
      code: `const cp = require('child_process');\nexports.handler = async (event) => {\n  for (const record of event.Records) {\n    cp.exec(\`convert "\${record.s3.object.key}" /tmp/out.png\`, (error) => {});\n    //      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ code-command-injection\n  }\n};`,
      bindings: [internalBinding('handler', 's3', 'S3 bucket uploads')],
      errors: [{ messageId: 'taintedCommand', severity: 'warning', messageIncludes: ['`event.Records[].s3.object.key`', 'trigger: S3 event', '(invoked only by S3 bucket uploads)'] }],
      output: `const cp = require('child_process');\nexports.handler = async (event) => {\n  for (const record of event.Records) {\n    cp.execFile('convert', [record.s3.object.key, '/tmp/out.png'], (error) => {});\n  }\n};`,
    },
    {
      name: 'the body of the S3 object the event names (SDK v3) is the uploader\'s, with the internal trigger\'s severity',
      code: `const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');\nconst { exec } = require('child_process');\nconst s3 = new S3Client({});\nexports.handler = async (event) => {\n  for (const rec of event.Records) {\n    const key = decodeURIComponent(rec.s3.object.key.replace(/\\+/g, ' '));\n    const obj = await s3.send(new GetObjectCommand({ Bucket: rec.s3.bucket.name, Key: key }));\n    const text = await obj.Body.transformToString();\n${underline("    exec('process ' + text);", "'process ' + text", 'code-command-injection')}\n  }\n};`,
      bindings: [internalBinding('handler', 's3', 'S3 bucket uploads')],
      errors: [{ messageId: 'taintedCommand', severity: 'warning', messageIncludes: ['`GetObject(event.Records[].s3.object.key).Body` reaches', 'trigger: S3 event', '(invoked only by S3 bucket uploads)'] }],
    },
    {
      name: 'the body of the S3 object the event names (SDK v2 getObject().promise())',
      code: `const AWS = require('aws-sdk');\nconst { execSync } = require('child_process');\nconst s3 = new AWS.S3();\nexports.handler = async (event) => {\n  const data = await s3.getObject({ Bucket: 'uploads', Key: event.Records[0].s3.object.key }).promise();\n${underline("  execSync(`run ${data.Body.toString()}`);", '`run ${data.Body.toString()}`', 'code-command-injection')}\n};`,
      bindings: [internalBinding('handler', 's3', 'S3 bucket uploads')],
      errors: [{ messageId: 'taintedCommand', severity: 'warning', messageIncludes: ['`GetObject(event.Records[].s3.object.key).Body` reaches'] }],
    },
    {
      name: 'an unbound handler says the event is treated as untrusted',
      code: `${CP}\nexports.handler = async (event) => {\n  exec('ping -c 1 ' + event.host);\n  //   ^^^^^^^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      errors: [{ messageId: 'taintedCommand', severity: 'error', messageIncludes: ['`event.host`', 'trigger unknown', '(no template names this handler: the event is treated as untrusted)'] }],
      output: `const { exec, execSync, execFile } = require('child_process');\nexports.handler = async (event) => {\n  execFile('ping', ['-c', '1', event.host]);\n};`,
    },
    {
      name: 'ESM named import: execFile joins the import',
      path: 'handler.mjs',
      code: `import { exec } from 'node:child_process';\nexport const handler = async (event) => {\n  exec(\`git clone \${event.body} /tmp/repo\`, { timeout: 5000 }, (error, stdout) => {});\n  //   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      bindings: [routeBinding('handler', 'POST /clone')],
      errors: [{ messageId: 'taintedCommand', severity: 'error' }],
      output: `import { exec, execFile } from 'node:child_process';\nexport const handler = async (event) => {\n  execFile('git', ['clone', event.body, '/tmp/repo'], { timeout: 5000 }, (error, stdout) => {});\n};`,
    },
    {
      name: 'a word glued to input becomes a template string',
      code: `const { exec, execFile } = require('child_process');\nexports.handler = async (event) => {\n  exec(\`convert -resize \${event.queryStringParameters.w}x100 in.png out.png\`);\n  //   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      bindings: [routeBinding('handler', 'GET /resize')],
      errors: [{ messageId: 'taintedCommand' }],
      output: `const { exec, execFile } = require('child_process');\nexports.handler = async (event) => {\n  execFile('convert', ['-resize', \`\${event.queryStringParameters.w}x100\`, 'in.png', 'out.png']);\n};`,
    },
    {
      name: 'a member of the required module, with quoted words',
      code: `exports.handler = async (event) => {\n${underline(`  return require('child_process').execSync(\`zip -r "my archive.zip" '$HOME' \${event.body}\`, { cwd: '/tmp' });`, `\`zip -r "my archive.zip" '$HOME' \${event.body}\``, 'code-command-injection')}\n};`,
      errors: [{ messageId: 'taintedCommand' }],
      output: `exports.handler = async (event) => {\n  return require('child_process').execFileSync('zip', ['-r', 'my archive.zip', '$HOME', event.body], { cwd: '/tmp' });\n};`,
    },
    {
      name: 'an environment assignment before the program: no fix',
      code: `${CP}\nexports.handler = async (event) => {\n${underline("  execSync('LANG=C sort ' + event.body);", "'LANG=C sort ' + event.body", 'code-command-injection')}\n};`,
      errors: [{ messageId: 'taintedCommand' }],
      output: null,
    },
    {
      name: 'a backslash escape in the command: no fix',
      code: `${CP}\nexports.handler = async (event) => {\n${underline("  execSync('grep a\\\\.b ' + event.body);", "'grep a\\\\.b ' + event.body", 'code-command-injection')}\n};`,
      errors: [{ messageId: 'taintedCommand' }],
      output: null,
    },
    {
      name: 'a local execFile that is something else: no fix',
      code: `${CP}\nconst execFile = (name) => name;\nexports.handler = async (event) => {\n${underline("  exec('cat ' + event.body);", "'cat ' + event.body", 'code-command-injection')}\n};`,
      errors: [{ messageId: 'taintedCommand' }],
      output: null,
    },
    {
      name: 'shell syntax in the command: no fix',
      code: `${CP}\nexports.handler = async (event) => {\n  exec(\`grep \${event.body} /tmp/log | wc -l\`);\n  //   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      errors: [{ messageId: 'taintedCommand' }],
      output: null,
    },
    {
      name: 'the program itself from input: no fix',
      code: `${CP}\nexports.handler = async (event) => {\n  exec(\`\${event.body} --version\`);\n  //   ^^^^^^^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      errors: [{ messageId: 'taintedCommand' }],
      output: null,
    },
    {
      name: 'an aliased import: no fix',
      path: 'handler.mjs',
      code: `import { exec as run } from 'child_process';\nexport const handler = async (event) => {\n  run('echo ' + event.body);\n  //  ^^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      errors: [{ messageId: 'taintedCommand' }],
      output: null,
    },
    {
      name: 'a promisified exec is reported (no fix)',
      code: `const util = require('util');\nconst { exec } = require('child_process');\nconst execAsync = util.promisify(exec);\nexports.handler = async (event) => {\n  await execAsync(\`git \${event.body}\`);\n  //              ^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      errors: [{ messageId: 'taintedCommand' }],
      output: null,
    },
    {
      name: 'spawn with shell: true',
      code: `const { spawn } = require('child_process');\nexports.handler = async (event) => {\n  spawn(event.body, { shell: true });\n  //    ^^^^^^^^^^ code-command-injection\n};`,
      bindings: [routeBinding('handler', 'POST /spawn')],
      errors: [{ messageId: 'taintedCommand', severity: 'error' }],
    },
    {
      name: 'taint through Promise.all and array methods',
      code: `${CP}\nexports.handler = async (event) => {\n  const names = JSON.parse(event.body).files;\n  await Promise.all(names.map((name) => exec('rm /tmp/' + name)));\n  //                                         ^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      bindings: [routeBinding('handler', 'DELETE /files')],
      errors: [{ messageId: 'taintedCommand' }],
    },
    {
      name: 'a same-file helper that builds the command',
      code: `${CP}\nconst build = (name) => \`convert \${name}.png\`;\nexports.handler = async (event) => {\n  exec(build(event.pathParameters.name));\n  //   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      errors: [{ messageId: 'taintedCommand', messageIncludes: ['`event.pathParameters` reaches'] }],
    },
    {
      name: 'a free z.string() does not constrain the value',
      path: 'handler.ts',
      code: `import { exec } from 'child_process';\nimport { z } from 'zod';\nconst Body = z.object({ name: z.string() });\nexport const handler = async (event: any) => {\n  const { name } = Body.parse(JSON.parse(event.body));\n  exec('touch /tmp/' + name);\n  //   ^^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      bindings: [routeBinding('handler', 'POST /touch')],
      errors: [{ messageId: 'taintedCommand' }],
    },
    {
      name: 'a middy-wrapped TypeScript handler',
      path: 'handler.ts',
      code: `import middy from '@middy/core';\nimport jsonBodyParser from '@middy/http-json-body-parser';\nimport { execSync } from 'child_process';\nconst main = async (event: any) => {\n  execSync('convert ' + event.body.file);\n  //       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ code-command-injection\n  return { statusCode: 200 };\n};\nexport const handler = middy(main).use(jsonBodyParser());`,
      bindings: [routeBinding('handler', 'POST /convert', 'none', 'api-rest')],
      errors: [{ messageId: 'taintedCommand', severity: 'error', messageIncludes: ['trigger: API Gateway REST API'] }],
    },
    {
      name: 'a re-exported handler: the sink in the other module is underlined at the re-export',
      code: `export { handler } from './impl';\n#^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ code-command-injection`,
      path: 'index.mjs',
      readModule: (_from, specifier) => (specifier === './impl' ? { path: 'impl.mjs', text: `import { exec } from 'child_process';\nexport const handler = async (event) => { exec('cat ' + event.body); };` } : undefined),
      errors: [{ messageId: 'taintedCommand' }],
    },
    {
      name: 'a suppression without a reason is not applied',
      code: `${CP}\nexports.handler = async (event) => {\n  // slsward-ignore code-command-injection\n  exec('run ' + event.body);\n  //   ^^^^^^^^^^^^^^^^^^^ code-command-injection\n};`,
      errors: [{ messageId: 'taintedCommand' }],
    },
  ],
});

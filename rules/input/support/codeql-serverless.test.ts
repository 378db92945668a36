// CodeQL's taint queries named per finding: the handler bindings ServerLess.qll reads (real projects built from
// templates), and the findings of the code injection rules that name js/command-line-injection, js/code-injection,
// js/path-injection, js/regex-injection, js/unsafe-deserialization, js/xxe and js/request-forgery, or do not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeHandlerFile, type HandlerBinding } from '../../../server/src/engine';
import { buildProject } from '../../../server/src/engine/project';
import commandInjection from '../code-command-injection';
import evalInjection from '../code-eval-injection';
import pathTraversal from '../code-path-traversal';
import regexInjection from '../code-regex-injection';
import ssrf from '../code-ssrf';
import deserialization from '../code-unsafe-deserialization';
import xmlEntities from '../code-xml-external-entities';
import { codeqlHandlerFile, isCodeqlServerlessHandler } from './codeql-serverless';

function bindingsOf(templatePath: string, template: string, files: string[], codePath: string): HandlerBinding[] {
  const set = new Set(files);
  const project = buildProject({ templates: [{ path: templatePath, text: template }], files: { exists: (path) => set.has(path) } });
  return project.bindingsFor(codePath);
}

const SAM = (properties: string, type = 'AWS::Serverless::Function') =>
  `AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: ${type}\n    Properties:\n${properties}\n      Runtime: nodejs20.x\n      Events:\n        Api:\n          Type: HttpApi\n          Properties: { Path: /run, Method: post }\n`;
const SERVERLESS = (handler: string) => `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  run:\n    handler: ${handler}\n    events:\n      - httpApi: 'POST /run'\n`;

describe('CodeQL ServerLess.qll: which bindings make the handler\'s event a remote flow source', () => {
  const cases: Array<{ name: string; templatePath: string; template: string; files: string[]; codePath: string; expected: string | undefined }> = [
    { name: 'serverless.yml handler in a folder', templatePath: 'svc/serverless.yml', template: SERVERLESS('src/run.handler'), files: ['svc/src/run.js'], codePath: 'svc/src/run.js', expected: 'src/run.js' },
    { name: 'SAM CodeUri with a trailing slash and a leading ./', templatePath: 'template.yaml', template: SAM('      CodeUri: ./src/\n      Handler: app.handler'), files: ['src/app.js'], codePath: 'src/app.js', expected: 'src/app.js' },
    { name: 'SAM CodeUri `src/.` is `src/`', templatePath: 'template.yml', template: SAM('      CodeUri: src/.\n      Handler: app.handler'), files: ['src/app.js'], codePath: 'src/app.js', expected: 'src/app.js' },
    { name: 'SAM without CodeUri', templatePath: 'template.yaml', template: SAM('      Handler: app.handler'), files: ['app.js'], codePath: 'app.js', expected: 'app.js' },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const bindings = bindingsOf(testCase.templatePath, testCase.template, testCase.files, testCase.codePath);
      assert.equal(bindings.length, 1);
      assert.equal(codeqlHandlerFile(bindings[0]), testCase.expected);
      assert.equal(isCodeqlServerlessHandler(bindings, 'handler'), true);
    });
  }

  const none: Array<{ name: string; templatePath: string; template: string; files: string[]; codePath: string }> = [
    { name: 'SAM CodeUri without a trailing slash (`src` + `app.js` is `srcapp.js`)', templatePath: 'template.yaml', template: SAM('      CodeUri: src\n      Handler: app.handler'), files: ['src/app.js'], codePath: 'src/app.js' },
    { name: 'a TypeScript handler', templatePath: 'serverless.yml', template: SERVERLESS('src/run.handler'), files: ['src/run.ts'], codePath: 'src/run.ts' },
    { name: 'an .mjs handler', templatePath: 'serverless.yml', template: SERVERLESS('src/run.handler'), files: ['src/run.mjs'], codePath: 'src/run.mjs' },
    { name: 'a CloudFormation AWS::Lambda::Function with a file', templatePath: 'template.yaml', template: `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: app.handler\n      Code: ./\n      Role: arn:aws:iam::123456789012:role/r\n`, files: ['app.js'], codePath: 'app.js' },
    { name: 'a JSON SAM template', templatePath: 'template.json', template: JSON.stringify({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: { CodeUri: 'src/', Handler: 'app.handler', Runtime: 'nodejs20.x' } } } }), files: ['src/app.js'], codePath: 'src/app.js' },
    { name: 'a Handler from Globals', templatePath: 'template.yaml', template: `Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Handler: app.handler\n    Runtime: nodejs20.x\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n`, files: ['src/app.js'], codePath: 'src/app.js' },
    { name: 'a handler path with ./ (concatenated, never normalised)', templatePath: 'serverless.yml', template: SERVERLESS('./src/run.handler'), files: ['src/run.js'], codePath: 'src/run.js' },
  ];
  for (const testCase of none) {
    it(`none: ${testCase.name}`, () => {
      const bindings = bindingsOf(testCase.templatePath, testCase.template, testCase.files, testCase.codePath);
      assert.equal(bindings.length, 1, 'the handler resolves');
      assert.equal(isCodeqlServerlessHandler(bindings, 'handler'), false);
    });
  }

  it('the binding carries the declaration as written, without Globals or intrinsics', () => {
    const [sam] = bindingsOf('template.yaml', SAM('      CodeUri: ./src/\n      Handler: app.handler'), ['src/app.js'], 'src/app.js');
    assert.deepEqual(sam.written, { type: 'AWS::Serverless::Function', handler: 'app.handler', codeUri: './src/' });
    const [sub] = bindingsOf('template.yaml', SAM('      CodeUri: !Sub "src/"\n      Handler: app.handler'), ['src/app.js'], 'src/app.js');
    assert.deepEqual(sub.written, { type: 'AWS::Serverless::Function', handler: 'app.handler', codeUri: null });
    const [serverless] = bindingsOf('serverless.yml', SERVERLESS('src/run.handler'), ['src/run.js'], 'src/run.js');
    assert.deepEqual(serverless.written, { type: 'serverless', handler: 'src/run.handler' });
  });
});

const CP = `const cp = require('child_process');`;

function named(rule: typeof commandInjection, path: string, text: string, bindings: HandlerBinding[], check: string): string[] {
  const result = analyzeHandlerFile({ path, text, rules: [rule], bindings, strict: true });
  assert.deepEqual(result.internalErrors, []);
  const findings = result.findings.filter((finding) => finding.ruleId === rule.meta.id);
  assert.ok(findings.length > 0, 'the rule reports');
  return findings.filter((finding) => finding.equivalents.includes(check)).map((finding) => text.slice(finding.range.start, finding.range.end));
}

describe('js/command-line-injection and js/code-injection named per finding', () => {
  const serverlessJs = bindingsOf('serverless.yml', SERVERLESS('src/run.handler'), ['src/run.js'], 'src/run.js');

  it('a serverless.yml-bound .js handler: named on child_process commands, not on an argument array', () => {
    const text = `${CP}\nconst { spawn } = require('child_process');\nmodule.exports.handler = async (event) => {\n  const body = JSON.parse(event.body);\n  cp.exec('convert ' + body.name.trim());\n  spawn(event.queryStringParameters.cmd, { shell: true });\n  spawn('sh', ['-c', event.body], { shell: true });\n};`;
    assert.deepEqual(named(commandInjection, 'src/run.js', text, serverlessJs, 'js/command-line-injection'), ["'convert ' + body.name.trim()", 'event.queryStringParameters.cmd']);
  });

  it('a serverless.yml-bound .js handler: eval, Function, timers and vm', () => {
    const text = `const vm = require('vm');\nexports.handler = async (event) => {\n  const code = event.body;\n  eval(code);\n  new Function('x', code);\n  setTimeout(code, 10);\n  vm.runInNewContext(code);\n};`;
    assert.deepEqual(named(evalInjection, 'src/run.js', text, serverlessJs, 'js/code-injection'), ['code', 'code', 'code', 'code']);
  });

  it('through a local helper of the file: named; through an imported one or a step CodeQL does not take: not', () => {
    const text = `${CP}\nconst { build } = require('./build');\nfunction wrap(value) { return 'echo ' + value; }\nexports.handler = async (event) => {\n  cp.exec(wrap(event.body));\n  cp.exec(build(event.body));\n  cp.exec(event.body.trimStart());\n};`;
    const readModule = (_from: string, specifier: string) => (specifier === './build' ? { path: 'src/build.js', text: `exports.build = (value) => 'echo ' + value;` } : undefined);
    const result = analyzeHandlerFile({ path: 'src/run.js', text, rules: [commandInjection], bindings: serverlessJs, readModule, strict: true });
    const findings = result.findings.filter((finding) => finding.ruleId === commandInjection.meta.id);
    assert.equal(findings.length, 3);
    assert.deepEqual(findings.filter((finding) => finding.equivalents.includes('js/command-line-injection')).map((finding) => text.slice(finding.range.start, finding.range.end)), ['wrap(event.body)']);
  });

  it('a guard the engine records but does not count, or one it does not read: not named', () => {
    const passed = `${CP}\nexports.handler = async (event) => {\n  if (!/[a-z]/.test(event.body)) return;\n  cp.exec(event.body);\n};`;
    assert.deepEqual(named(commandInjection, 'src/run.js', passed, serverlessJs, 'js/command-line-injection'), []);
    const unread = `${CP}\nconst ALLOWED = { ls: 1 };\nexports.handler = async (event) => {\n  if (!ALLOWED.hasOwnProperty(event.body)) return;\n  cp.exec(event.body);\n};`;
    assert.deepEqual(named(commandInjection, 'src/run.js', unread, serverlessJs, 'js/command-line-injection'), []);
  });

  const text = `${CP}\nexports.handler = async (event) => {\n  cp.exec('ls ' + event.body);\n};`;
  const notNamed: Array<{ name: string; path: string; bindings: HandlerBinding[] }> = [
    { name: 'a .ts handler', path: 'src/run.ts', bindings: bindingsOf('serverless.yml', SERVERLESS('src/run.handler'), ['src/run.ts'], 'src/run.ts') },
    { name: 'a CloudFormation AWS::Lambda::Function file handler', path: 'app.js', bindings: bindingsOf('template.yaml', `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: app.handler\n      Code: ./\n      Role: arn:aws:iam::123456789012:role/r\n`, ['app.js'], 'app.js') },
    { name: 'a JSON SAM template', path: 'src/app.js', bindings: bindingsOf('template.json', JSON.stringify({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: { CodeUri: 'src/', Handler: 'app.handler', Runtime: 'nodejs20.x' } } } }), ['src/app.js'], 'src/app.js') },
    { name: 'a handler file no template names', path: 'src/run.js', bindings: [] },
  ];
  for (const testCase of notNamed) {
    it(`not named: ${testCase.name}`, () => {
      assert.deepEqual(named(commandInjection, testCase.path, text, testCase.bindings, 'js/command-line-injection'), []);
    });
  }

  it('not named: a CloudFormation AWS::Lambda::Function with inline code', () => {
    const template = `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: index.handler\n      Role: arn:aws:iam::123456789012:role/r\n      Code:\n        ZipFile: |\n          const cp = require('child_process');\n          exports.handler = async (event) => { cp.exec('ls ' + event.body); };\n`;
    const project = buildProject({ templates: [{ path: 'template.yaml', text: template }], files: { exists: () => false } });
    const [inline] = project.inlineHandlers('template.yaml');
    assert.ok(inline, 'the inline handler is modelled');
    const bindings = [inline.binding];
    assert.equal(isCodeqlServerlessHandler(bindings, 'handler'), false);
    assert.deepEqual(named(commandInjection, inline.virtualPath, inline.text, bindings, 'js/command-line-injection'), []);
  });
});

describe('js/path-injection, js/regex-injection, js/unsafe-deserialization and js/xxe named per finding', () => {
  const serverlessJs = bindingsOf('serverless.yml', SERVERLESS('src/run.handler'), ['src/run.js'], 'src/run.js');

  it('js/path-injection: fs, fs/promises and fs-extra paths through concatenation, template strings, trim, decodeURIComponent and one path.join', () => {
    const text = `const fs = require('fs');\nconst fsp = require('fs/promises');\nconst fse = require('fs-extra');\nconst path = require('path');\nconst { readFileSync } = require('fs');\nexports.handler = async (event) => {\n  const name = event.pathParameters.name;\n  fs.readFileSync('/data/' + name);\n  await fsp.writeFile(\`/tmp/\${name.trim()}\`, 'x');\n  fse.removeSync(decodeURIComponent(event.body));\n  readFileSync(path.join('/data', event.queryStringParameters.file));\n};`;
    assert.deepEqual(named(pathTraversal, 'src/run.js', text, serverlessJs, 'js/path-injection'), ["'/data/' + name", '`/tmp/${name.trim()}`', 'decodeURIComponent(event.body)', "path.join('/data', event.queryStringParameters.file)"]);
  });

  it('js/path-injection not named: JSON.parse and slice (not steps of its data-flow configuration), a path step followed by concatenation', () => {
    const text = `const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => {\n  fs.readFileSync(JSON.parse(event.body).file);\n  fs.readFileSync(event.body.slice(1));\n  fs.readFileSync('/x' + path.resolve(event.pathParameters.name));\n};`;
    assert.deepEqual(named(pathTraversal, 'src/run.js', text, serverlessJs, 'js/path-injection'), []);
  });

  for (const [name, guard] of [['a startsWith check', `if (!event.body.startsWith('/data/')) throw new Error('x');`], ['a `..` test', `if (event.body.includes('..')) throw new Error('x');`], ['path.isAbsolute', `if (require('path').isAbsolute(event.body)) return;`]] as const) {
    it(`js/path-injection not named: the file has ${name} (a TaintedPath barrier we do not read)`, () => {
      const text = `const fs = require('fs');\nexports.handler = async (event) => {\n  ${guard}\n  fs.readFileSync('/d/' + event.body);\n};`;
      assert.deepEqual(named(pathTraversal, 'src/run.js', text, serverlessJs, 'js/path-injection'), []);
    });
  }

  it('js/path-injection not named: a .ts handler or a node:fs import', () => {
    const text = `const fs = require('node:fs');\nexports.handler = async (event) => fs.readFileSync('/d/' + event.body);`;
    assert.deepEqual(named(pathTraversal, 'src/run.js', text, serverlessJs, 'js/path-injection'), []);
    const ts = `import * as fs from 'fs';\nexport const handler = async (event: any) => fs.readFileSync('/d/' + event.body);`;
    assert.deepEqual(named(pathTraversal, 'src/run.ts', ts, bindingsOf('serverless.yml', SERVERLESS('src/run.handler'), ['src/run.ts'], 'src/run.ts'), 'js/path-injection'), []);
  });

  it('js/regex-injection: RegExp with and without new; not through replace, split or an escaping helper', () => {
    const text = `function escapeRegExp(s) { return s.replace(/[.*+?^\${}()|[\\]\\\\]/g, '\\\\$&'); }\nexports.handler = async (event) => {\n  const q = event.queryStringParameters.q;\n  new RegExp(q.toLowerCase());\n  RegExp('^' + q, 'i');\n  new RegExp(q.replace(/x/g, ''));\n  new RegExp(escapeRegExp(q));\n  new RegExp(q.split(','));\n};`;
    assert.deepEqual(named(regexInjection, 'src/run.js', text, serverlessJs, 'js/regex-injection'), ['q.toLowerCase()', "'^' + q"]);
  });

  it('js/unsafe-deserialization: js-yaml load with DEFAULT_FULL_SCHEMA written inline; not node-serialize, nor a schema through a variable', () => {
    const text = `const yaml = require('js-yaml');\nconst serialize = require('node-serialize');\nconst fullSchema = yaml.DEFAULT_FULL_SCHEMA;\nexports.handler = async (event) => {\n  yaml.load(event.body, { schema: yaml.DEFAULT_FULL_SCHEMA });\n  yaml.load(event.body, { schema: fullSchema });\n  serialize.unserialize(event.body);\n};`;
    assert.deepEqual(named(deserialization, 'src/run.js', text, serverlessJs, 'js/unsafe-deserialization'), ['event.body']);
    const result = analyzeHandlerFile({ path: 'src/run.js', text, rules: [deserialization], bindings: serverlessJs, strict: true });
    assert.deepEqual(result.findings.map((finding) => finding.equivalents.includes('js/unsafe-deserialization')), [true, false, false]);
  });

  it('js/xxe: libxmljs parseXml with noent true; not libxmljs2', () => {
    const text = `const libxmljs = require('libxmljs');\nconst libxmljs2 = require('libxmljs2');\nexports.handler = async (event) => {\n  libxmljs.parseXmlString(event.body, { noent: true });\n  libxmljs2.parseXml(event.body, { noent: true });\n};`;
    const result = analyzeHandlerFile({ path: 'src/run.js', text, rules: [xmlEntities], bindings: serverlessJs, strict: true });
    assert.deepEqual(result.findings.map((finding) => finding.equivalents.includes('js/xxe')), [true, false]);
  });

  it('none named on a handler CodeQL has no source for (a JSON template)', () => {
    const json = bindingsOf('template.json', JSON.stringify({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: { CodeUri: 'src/', Handler: 'run.handler', Runtime: 'nodejs20.x' } } } }), ['src/run.js'], 'src/run.js');
    assert.deepEqual(named(pathTraversal, 'src/run.js', `const fs = require('fs');\nexports.handler = async (event) => fs.readFileSync('/d/' + event.body);`, json, 'js/path-injection'), []);
    assert.deepEqual(named(regexInjection, 'src/run.js', `exports.handler = async (event) => new RegExp(event.body);`, json, 'js/regex-injection'), []);
  });
});

/** For each finding of the rule, in order: the line it is on, trimmed, and whether it names `check`. */
function namedLines(rule: typeof ssrf, path: string, text: string, bindings: HandlerBinding[], check: string, readModule?: (from: string, specifier: string) => { path: string; text: string } | undefined): Array<[string, boolean]> {
  const result = analyzeHandlerFile({ path, text, rules: [rule], bindings, readModule, strict: true });
  assert.deepEqual(result.internalErrors, []);
  return result.findings
    .filter((finding) => finding.ruleId === rule.meta.id)
    .map((finding) => [text.slice(text.lastIndexOf('\n', finding.range.start) + 1, text.indexOf('\n', finding.range.end)).trim(), finding.equivalents.includes(check)]);
}

describe('js/request-forgery named per finding (ClientRequests.qll, NodeJSLib.qll NodeHttpUrlRequest, RequestForgeryQuery.qll)', () => {
  const serverlessJs = bindingsOf('serverless.yml', SERVERLESS('src/run.handler'), ['src/run.js'], 'src/run.js');
  const CHECK = 'js/request-forgery';

  it('each library CodeQL models, at the argument it models', () => {
    const text = `const axios = require('axios');
const got = require('got');
const https = require('https');
const needle = require('needle');
const request = require('request');
const rp = require('request-promise');
const superagent = require('superagent');
const nodeFetch = require('node-fetch');
const net = require('net');
exports.handler = async (event) => {
  const u = event.queryStringParameters.u;
  await fetch(u);
  await nodeFetch(u);
  await axios(u);
  await axios.get(u);
  await axios.post(u, {});
  await axios({ method: 'GET', url: u });
  await got(u);
  await got.post(u, { timeout: 5000 });
  https.get(u);
  https.request('https://example.com/', { host: u });
  needle.get(u);
  needle('get', u);
  request(u);
  request.get(u);
  request({ url: u });
  await rp(u);
  await superagent.get(u);
  new net.Socket().connect(80, u);
  const socket = new net.Socket();
  socket.connect({ host: u, port: 80 });
};`;
    const lines = namedLines(ssrf, 'src/run.js', text, serverlessJs, CHECK);
    assert.equal(lines.length, 19, "one finding per request");
    assert.deepEqual(lines.filter(([, isNamed]) => !isNamed), []);
  });

  it('not named where CodeQL has no model: an axios.create instance, got with baseUrl, http options as argument 0, superagent called, net.connect, tls.connect, ky, undici, follow-redirects', () => {
    const text = `const axios = require('axios');
const got = require('got');
const https = require('https');
const superagent = require('superagent');
const net = require('net');
const tls = require('tls');
const ky = require('ky');
const undici = require('undici');
const { https: redirects } = require('follow-redirects');
const client = axios.create({ timeout: 1000 });
exports.handler = async (event) => {
  const u = event.queryStringParameters.u;
  await client.get(u);
  await got(u, { baseUrl: 'https://api.example.com' });
  https.request({ hostname: u, path: '/' });
  await superagent(u);
  net.connect(80, u);
  tls.connect({ host: u, port: 443 });
  await ky.get(u);
  await undici.request(u);
  redirects.get(u);
};`;
    const lines = namedLines(ssrf, 'src/run.js', text, serverlessJs, CHECK);
    assert.ok(lines.length >= 8, 'the rule reports them');
    assert.deepEqual(lines.filter(([, isNamed]) => isNamed), []);
  });

  it('steps: a literal prefix without ? or #, new URL(x), trim and a local helper are taken; encodeURI, an unknown or query prefix, new URL(path, base) are not', () => {
    const text = `const { build } = require('./build');
function withScheme(host) { return 'https://' + host; }
exports.handler = async (event) => {
  const { host, path } = JSON.parse(event.body);
  await fetch(\`https://\${host}/api/\${path}\`);
  await fetch('https://' + event.queryStringParameters.h + '/status');
  await fetch(new URL(host).href);
  await fetch(host.trim());
  await fetch(withScheme(host));
  await fetch(build(host));
  await fetch(encodeURI(host));
  await fetch(process.env.BASE + host);
  await fetch('#' + host);
  await fetch(new URL('/status', host));
};`;
    const readModule = (_from: string, specifier: string) => (specifier === './build' ? { path: 'src/build.js', text: `exports.build = (host) => 'https://' + host;` } : undefined);
    assert.deepEqual(namedLines(ssrf, 'src/run.js', text, serverlessJs, CHECK, readModule), [
      ['await fetch(`https://${host}/api/${path}`);', true],
      ["await fetch('https://' + event.queryStringParameters.h + '/status');", true],
      ['await fetch(new URL(host).href);', true],
      ['await fetch(host.trim());', true],
      ['await fetch(withScheme(host));', true],
      ['await fetch(build(host));', false],
      ['await fetch(encodeURI(host));', false],
      ['await fetch(process.env.BASE + host);', false],
      ["await fetch('#' + host);", false],
      ["await fetch(new URL('/status', host));", false],
    ]);
  });

  const text = `const axios = require('axios');\nexports.handler = async (event) => {\n  await axios.get(event.queryStringParameters.url);\n};`;
  const notNamed: Array<{ name: string; path: string; bindings: HandlerBinding[] }> = [
    { name: 'a .ts handler', path: 'src/run.ts', bindings: bindingsOf('serverless.yml', SERVERLESS('src/run.handler'), ['src/run.ts'], 'src/run.ts') },
    { name: 'a CloudFormation AWS::Lambda::Function file handler', path: 'app.js', bindings: bindingsOf('template.yaml', `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: app.handler\n      Code: ./\n      Role: arn:aws:iam::123456789012:role/r\n`, ['app.js'], 'app.js') },
    { name: 'a handler file no template names', path: 'src/run.js', bindings: [] },
  ];
  for (const testCase of notNamed) {
    it(`not named: ${testCase.name}`, () => {
      assert.deepEqual(namedLines(ssrf, testCase.path, text, testCase.bindings, CHECK), [['await axios.get(event.queryStringParameters.url);', false]]);
    });
  }

  it('named on a SAM function with its CodeUri; not after a guard the shared configuration reads (hasOwnProperty)', () => {
    const sam = bindingsOf('template.yaml', SAM('      CodeUri: src/\n      Handler: run.handler'), ['src/run.js'], 'src/run.js');
    assert.deepEqual(namedLines(ssrf, 'src/run.js', text, sam, CHECK), [['await axios.get(event.queryStringParameters.url);', true]]);
    const guarded = `const HOSTS = { 'a.example.com': 1 };\nexports.handler = async (event) => {\n  const host = event.queryStringParameters.host;\n  if (!HOSTS.hasOwnProperty(host)) return;\n  await fetch('https://' + host);\n};`;
    assert.deepEqual(namedLines(ssrf, 'src/run.js', guarded, serverlessJs, CHECK), [["await fetch('https://' + host);", false]]);
  });
});

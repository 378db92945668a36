// The project model's handler resolution: Serverless `handler`, SAM and CloudFormation `CodeUri`/`Code`
// plus `Handler`, Globals, esbuild entry points, nested dots, and every unresolved reason. Each case is
// a template and the set of files that exist; the file view is an in-memory set, as a shell would give.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildProject, type ProjectFiles } from '../../server/src/engine/project';

function filesOf(paths: string[], texts: Record<string, string> = {}): ProjectFiles {
  const set = new Set([...paths, ...Object.keys(texts)]);
  return { exists: (path) => set.has(path), read: (path) => texts[path] };
}

interface Case {
  name: string;
  templatePath?: string;
  template: string;
  files: string[];
  /** Files the resolution reads (a tsconfig.json), by path. */
  texts?: Record<string, string>;
  roots?: string[];
  /** functionName -> `codePath#export`, `inline#export`, or `unresolved:<reason>`. */
  expected: Record<string, string>;
}

const cases: Case[] = [
  {
    name: 'Serverless: handler relative to the service folder, TypeScript before JavaScript',
    templatePath: 'svc/serverless.yml',
    template: `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  create:\n    handler: src/orders.create\n  list:\n    handler: src/list.handler\n`,
    files: ['svc/src/orders.ts', 'svc/src/orders.js', 'svc/src/list.mjs'],
    expected: { create: 'svc/src/orders.ts#create', list: 'svc/src/list.mjs#handler' },
  },
  {
    name: 'Serverless: the export is after the LAST dot (nested dots)',
    template: `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  a:\n    handler: src/handlers/orders.v2.create\n  b:\n    handler: handler.hello\n`,
    files: ['src/handlers/orders.v2.js', 'handler.js'],
    expected: { a: 'src/handlers/orders.v2.js#create', b: 'handler.js#hello' },
  },
  {
    name: 'Serverless: ${self:} handler resolved by the model; unknown variable is unresolved',
    template: `service: s\ncustom:\n  dir: src\nprovider:\n  name: aws\n  runtime: nodejs18.x\nfunctions:\n  a:\n    handler: \${self:custom.dir}/app.main\n  b:\n    handler: \${ssm:/x}/app.main\n`,
    files: ['src/app.ts'],
    expected: { a: 'src/app.ts#main', b: 'unresolved:handler-unresolved' },
  },
  {
    name: 'Serverless: path leaving the root, missing file, no export, container image, other runtime',
    template: `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  escape:\n    handler: ../../etc/x.y\n  missing:\n    handler: src/nothing.handler\n  bare:\n    handler: index\n  image:\n    image: my-image\n  java:\n    handler: com.example.Handler::handleRequest\n    runtime: java17\n`,
    files: ['etc/x.js', 'index.js'],
    expected: { escape: 'unresolved:outside-root', missing: 'unresolved:file-not-found', bare: 'unresolved:handler-without-export', image: 'unresolved:container-image', java: 'unresolved:runtime-not-analysed' },
  },
  {
    name: 'Serverless: a Python handler resolves to its module, recorded as not analysed yet',
    template: `service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  a:\n    handler: handler.main\n  b:\n    handler: pkg.module.main\n`,
    files: ['handler.py', 'pkg/module.py'],
    expected: { a: 'unresolved:python-not-analysed', b: 'unresolved:python-not-analysed' },
  },
  {
    name: 'Serverless: no runtime, a JS file found is bound',
    template: `service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: app.main\n`,
    files: ['app.js'],
    expected: { a: 'app.js#main' },
  },
  {
    name: 'SAM: CodeUri plus Handler; Globals CodeUri, Handler and Runtime count',
    templatePath: 'app/template.yaml',
    template: `Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: nodejs20.x\n    CodeUri: src/\n    Handler: app.lambdaHandler\nResources:\n  Hello:\n    Type: AWS::Serverless::Function\n  GetAll:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ./\n      Handler: src/handlers/get-all-items.getAllItemsHandler\n  Dist:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: hello-world\n      Handler: dist/app.handler\n`,
    files: ['app/src/app.js', 'app/src/handlers/get-all-items.mjs', 'app/hello-world/dist/app.js'],
    expected: { Hello: 'app/src/app.js#lambdaHandler', GetAll: 'app/src/handlers/get-all-items.mjs#getAllItemsHandler', Dist: 'app/hello-world/dist/app.js#handler' },
  },
  {
    name: 'SAM: esbuild EntryPoints give the TypeScript entry point',
    template: `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: hello-world/\n      Handler: app.lambdaHandler\n      Runtime: nodejs20.x\n    Metadata:\n      BuildMethod: esbuild\n      BuildProperties:\n        EntryPoints:\n          - app.ts\n  Nested:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ./\n      Handler: index.handler\n      Runtime: nodejs20.x\n    Metadata:\n      BuildMethod: esbuild\n      BuildProperties:\n        EntryPoints:\n          - src/functions/index.ts\n`,
    files: ['hello-world/app.ts', 'src/functions/index.ts'],
    expected: { Fn: 'hello-world/app.ts#lambdaHandler', Nested: 'src/functions/index.ts#handler' },
  },
  {
    name: 'SAM: S3 CodeUri, unresolvable !Ref CodeUri, inline code, image, CodeUri leaving the root',
    template: `Transform: AWS::Serverless-2016-10-31\nParameters:\n  Where:\n    Type: String\nResources:\n  S3Uri:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: s3://bucket/code.zip\n      Handler: app.handler\n      Runtime: nodejs20.x\n  S3Map:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri:\n        Bucket: b\n        Key: k\n      Handler: app.handler\n      Runtime: nodejs20.x\n  RefUri:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: !Ref Where\n      Handler: app.handler\n      Runtime: nodejs20.x\n  Inline:\n    Type: AWS::Serverless::Function\n    Properties:\n      InlineCode: |\n        exports.handler = async () => 1;\n      Handler: index.handler\n      Runtime: nodejs20.x\n  Image:\n    Type: AWS::Serverless::Function\n    Properties:\n      PackageType: Image\n  Up:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ../../elsewhere\n      Handler: app.handler\n      Runtime: nodejs20.x\n`,
    files: ['app.js'],
    expected: { S3Uri: 'unresolved:code-not-local', S3Map: 'unresolved:code-not-local', RefUri: 'unresolved:code-unresolved', Inline: 'inline#handler', Image: 'unresolved:container-image', Up: 'unresolved:outside-root' },
  },
  {
    name: 'SAM: CodeUri naming a single file (SAM zips it alone)',
    template: `Transform: AWS::Serverless-2016-10-31\nResources:\n  One:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/function.js\n      Handler: function.handler\n      Runtime: nodejs20.x\n  Other:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/function.js\n      Handler: app.handler\n      Runtime: nodejs20.x\n  Py:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/function.py\n      Handler: function.lambda_handler\n      Runtime: python3.12\n`,
    files: ['src/function.js', 'src/function.py'],
    expected: { One: 'src/function.js#handler', Other: 'unresolved:file-not-found', Py: 'unresolved:python-not-analysed' },
  },
  {
    name: 'CloudFormation: Code as a local folder, ZipFile inline, S3 object, zip archive',
    templatePath: 'infra/stack.yaml',
    template: `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Local:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: ../lambda\n      Handler: index.handler\n      Runtime: nodejs20.x\n  Zip:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code:\n        ZipFile: "exports.handler = async () => 1;"\n      Handler: index.handler\n      Runtime: nodejs20.x\n  S3:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code:\n        S3Bucket: b\n        S3Key: k.zip\n      Handler: index.handler\n      Runtime: nodejs20.x\n  Archive:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: ./build/fn.zip\n      Handler: index.handler\n      Runtime: nodejs20.x\n  PythonZip:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code:\n        ZipFile: "def handler(e, c): pass"\n      Handler: index.handler\n      Runtime: python3.12\n`,
    files: ['lambda/index.js'],
    expected: { Local: 'lambda/index.js#handler', Zip: 'inline#handler', S3: 'unresolved:code-not-local', Archive: 'unresolved:code-not-local', PythonZip: 'unresolved:python-not-analysed' },
  },
  {
    name: 'Absolute paths: a handler inside the given root resolves; one leaving it does not',
    templatePath: '/ws/app/serverless.yml',
    roots: ['/ws'],
    template: `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  inside:\n    handler: ../lib/a.main\n  outside:\n    handler: ../../other/a.main\n`,
    files: ['/ws/lib/a.ts', '/other/a.ts'],
    expected: { inside: '/ws/lib/a.ts#main', outside: 'unresolved:outside-root' },
  },
  {
    name: "SAM: a handler in the build's output (dist/) is read from the source tsconfig.json compiles it from",
    templatePath: '/ws/template.yaml',
    roots: ['/ws'],
    template: `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: fn/\n      Handler: build/handlers/app.handler\n      Runtime: nodejs20.x\n  Plain:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: plain/\n      Handler: dist/app.handler\n      Runtime: nodejs20.x\n  Built:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: built/\n      Handler: dist/app.handler\n      Runtime: nodejs20.x\n  Missing:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: missing/\n      Handler: dist/app.handler\n      Runtime: nodejs20.x\n`,
    // fn/: outDir build, rootDir lambda (comments and a trailing comma, as tsconfig files have); plain/: no tsconfig, the usual src/;
    // built/: the output itself is there and wins; missing/: no source either.
    files: ['/ws/fn/lambda/handlers/app.ts', '/ws/plain/src/app.ts', '/ws/built/dist/app.js', '/ws/built/src/app.ts'],
    texts: { '/ws/fn/tsconfig.json': '{\n  // compiled before sam build\n  "compilerOptions": { "outDir": "build", "rootDir": "lambda", },\n}\n' },
    expected: { Fn: '/ws/fn/lambda/handlers/app.ts#handler', Plain: '/ws/plain/src/app.ts#handler', Built: '/ws/built/dist/app.js#handler', Missing: 'unresolved:file-not-found' },
  },
];

describe('project handler resolution', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const templatePath = testCase.templatePath ?? 'serverless.yml';
      const project = buildProject({ templates: [{ path: templatePath, text: testCase.template }], files: filesOf(testCase.files, testCase.texts), roots: testCase.roots });
      const actual: Record<string, string> = {};
      for (const fn of project.functions(templatePath)) {
        if (fn.status === 'file') actual[fn.functionName] = `${fn.codePath}#${fn.binding.exportName}`;
        else if (fn.status === 'inline') actual[fn.functionName] = `inline#${fn.binding.exportName}`;
        else actual[fn.functionName] = `unresolved:${fn.unresolved?.reason}`;
      }
      assert.deepEqual(actual, testCase.expected);
    });
  }

  it('says why, in words, for each unresolved reason', () => {
    const project = buildProject({
      templates: [{ path: 'serverless.yml', text: `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  escape:\n    handler: ../../etc/x.y\n  missing:\n    handler: src/nothing.handler\n` }],
      files: filesOf([]),
    });
    const messages = Object.fromEntries(project.unresolved().map((item) => [item.functionName, item.message]));
    assert.match(messages.escape, /leaves the workspace/);
    assert.equal(messages.missing, 'no file src/nothing.{ts,mts,cts,js,mjs,cjs} for handler `src/nothing.handler`');
  });

  it('indexes both directions: a file serving two functions and two exports, and the templates naming it', () => {
    const serverless = `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  create:\n    handler: src/orders.create\n  remove:\n    handler: src/orders.remove\n  list:\n    handler: src/list.handler\n`;
    const sam = `Transform: AWS::Serverless-2016-10-31\nResources:\n  Create:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src\n      Handler: orders.create\n      Runtime: nodejs20.x\n`;
    const project = buildProject({
      templates: [
        { path: 'serverless.yml', text: serverless },
        { path: 'template.yaml', text: sam },
      ],
      files: filesOf(['src/orders.ts', 'src/list.js']),
    });
    const bindings = project.bindingsFor('src/orders.ts');
    assert.deepEqual(
      bindings.map((binding) => `${binding.templatePath}:${binding.functionName}:${binding.exportName}`),
      ['serverless.yml:create:create', 'serverless.yml:remove:remove', 'template.yaml:Create:create'],
    );
    assert.deepEqual(project.bindingsFor('./src/../src/orders.ts').length, 3, 'paths are normalised');
    assert.deepEqual(project.templatesNaming('src/orders.ts'), ['serverless.yml', 'template.yaml']);
    assert.deepEqual(project.filesNamedBy('serverless.yml'), ['src/orders.ts', 'src/list.js']);
    assert.deepEqual(project.handlerFiles(), ['src/list.js', 'src/orders.ts']);
    assert.deepEqual(project.codeHandlersFor('src/orders.ts'), [{ exportName: 'create' }, { exportName: 'remove' }]);
    assert.deepEqual(project.bindingsFor('src/other.ts'), []);
    // The candidates looked up, so a created file can trigger a rebuild.
    assert.ok(project.pathsWatchedBy('serverless.yml').includes('src/orders.ts'));
  });

  it('records where the handler is named, the runtime and the environment (own, provider, SAM Globals)', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: nodejs20.x\n    Environment:\n      Variables:\n        TABLE: t\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src\n      Handler: app.handler\n      Environment:\n        Variables:\n          JWT_SECRET: x\n  Plain:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: src\n      Handler: app.other\n      Runtime: nodejs20.x\n`;
    const project = buildProject({ templates: [{ path: 'template.yaml', text: sam }], files: filesOf(['src/app.js']) });
    const bindings = project.bindingsFor('src/app.js');
    const fn = bindings.find((binding) => binding.functionName === 'Fn')!;
    const plain = bindings.find((binding) => binding.functionName === 'Plain')!;
    assert.deepEqual(fn.environment, ['JWT_SECRET', 'TABLE']);
    assert.deepEqual(plain.environment, [], 'Globals do not reach a plain AWS::Lambda::Function');
    assert.equal(fn.runtime, 'nodejs20.x');
    assert.equal(sam.slice(fn.handlerLocation!.range.start, fn.handlerLocation!.range.end), 'app.handler');
    assert.equal(sam.slice(fn.functionLocation.range.start, fn.functionLocation.range.end), 'Fn');
    const serverless = `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  environment:\n    STAGE: dev\nfunctions:\n  a:\n    handler: app.main\n    environment:\n      API_KEY: k\n`;
    const other = buildProject({ templates: [{ path: 'serverless.yml', text: serverless }], files: filesOf(['app.js']) });
    assert.deepEqual(other.bindingsFor('app.js')[0].environment, ['API_KEY', 'STAGE']);
  });

  it('takes a model from an analysis as well as text, and ignores documents that are not templates', () => {
    const project = buildProject({
      templates: [
        { path: 'notes.yml', text: 'just: a file\n' },
        { path: 'broken.yml', text: '\u0000\u0001' },
      ],
      files: filesOf([]),
    });
    assert.deepEqual(project.functions(), []);
    assert.deepEqual(project.handlerFiles(), []);
  });

  it('survives a file view that throws', () => {
    const project = buildProject({
      templates: [{ path: 'serverless.yml', text: `service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: app.main\n` }],
      files: {
        exists: () => {
          throw new Error('denied');
        },
      },
    });
    assert.equal(project.unresolved()[0].reason, 'file-not-found');
  });
});

describe('project model on malformed templates', () => {
  const hostile: Array<[string, string]> = [
    ['serverless.yml', 'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: { not: text }\n    events: oops\n  b:\n    handler: 42\n    events:\n      - 7\n      - http: [1, 2]\n      - stream: { arn: { Fn::GetAtt: [] } }\n      - websocket: {}\n  c: null\n'],
    ['serverless.yml', 'service: s\nprovider:\n  name: aws\nfunctions:\n  - a:\n      handler: a.b\n  - ${file(more.yml)}\n'],
    ['template.yaml', 'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function: 3\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: [a, b]\n      Handler: !Join [".", [a]]\n      InlineCode: 5\n      Events: [1]\n    Metadata: { BuildMethod: esbuild, BuildProperties: { EntryPoints: { a: b } } }\n'],
    ['stack.json', '{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"F":{"Type":"AWS::Lambda::Function","Properties":{"Code":12,"Handler":"."}},"P":{"Type":"AWS::Lambda::Permission","Properties":{"FunctionName":{"Ref":"F"},"Principal":{"Fn::If":[]}}},"R":{"Type":"AWS::ApiGatewayV2::Route","Properties":{"ApiId":{"Ref":"F"},"Target":{"Fn::Sub":[]}}},"L":{"Type":"AWS::ElasticLoadBalancingV2::Listener","Properties":{"DefaultActions":"x"}}}}'],
    ['stack.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  F:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code:\n        ZipFile: |\n      Handler: index.handler\n      Runtime: nodejs20.x\n"],
  ];
  for (const [path, text] of hostile) {
    it(`builds without throwing: ${text.slice(0, 60).replace(/\n/g, ' ')}`, () => {
      const project = buildProject({ templates: [{ path, text }], files: filesOf(['a.js']) });
      for (const fn of project.functions()) {
        assert.ok(['file', 'inline', 'unresolved'].includes(fn.status));
        if (fn.status === 'unresolved') assert.ok(fn.unresolved && fn.unresolved.message.length > 0);
        assert.ok(['public', 'authenticated', 'internal', 'unknown'].includes(fn.binding.exposure));
      }
    });
  }
});

// `this` state that a class builds once: fields its initialisers and its constructor assign (an instance of
// a class of the file or of a relative import, a function, a constructor parameter), followed when a method
// calls through them; fields assigned anywhere else are not read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCode, type CodeDocument } from '../index';

function flowsOf(document: CodeDocument): string[] {
  return [...new Set(document.flows.map((flow) => `${document.sources[flow.sourceId].kind} -> ${document.sinks[flow.sinkId].kind}${document.sinks[flow.sinkId].location.path ? ` in ${document.sinks[flow.sinkId].location.path}` : ''}`))].sort();
}

/** An in-memory reader of relative modules under /app. */
const readerOf = (files: Record<string, string>) => (from: string, specifier: string) => {
  const base = from.slice(0, from.lastIndexOf('/'));
  const path = `${base}/${specifier.replace(/^\.\//, '')}`;
  for (const candidate of [path, `${path}.js`, `${path}.ts`]) if (files[candidate] !== undefined) return { path: candidate, text: files[candidate] };
  return undefined;
};

const analyse = (text: string, files: Record<string, string> = {}) => analyzeCode({ path: '/app/handler.ts', text, trigger: 'api-rest', readModule: readerOf(files) });

const REPO = `class OrdersRepo {\n  save(order: string) { return execSync('./save ' + order); }\n  count(id: number) { return execSync('./count ' + id); }\n}\n`;
const SHELL = `import { execSync } from 'child_process';\n`;

describe('fields a class assigns when it is built', () => {
  it('follows a method call through an instance the constructor assigns, and through a property initialiser', () => {
    for (const fields of ['constructor() { this.repo = new OrdersRepo(); }', 'private repo = new OrdersRepo();', 'private readonly repo: OrdersRepo = new OrdersRepo();']) {
      const text = `${SHELL}${REPO}class OrdersService {\n  ${fields}\n  create(body: string) { return this.repo.save(body); }\n  total(body: string) { return this.repo.count(Number(body)); }\n}\nconst service = new OrdersService();\nexport const handler = async (event) => service.create(event.body);\nexport const safe = async (event) => service.total(event.body);`;
      const document = analyzeCode({ path: '/app/handler.ts', text, trigger: 'api-rest', handlers: [{ exportName: 'handler' }, { exportName: 'safe' }] });
      assert.deepEqual(document.flows.map((flow) => `${flow.handler}: ${document.sources[flow.sourceId].kind} -> ${document.sinks[flow.sinkId].kind}`), ['handler: event.body -> command'], fields);
      const steps = document.flows[0].steps.map((step) => step.description);
      assert.ok(steps.includes('argument 1 of `this.repo.save`'), steps.join(' | '));
    }
  });

  it('follows a constructor parameter assigned to a field (typed with a class), and a function-valued field the constructor assigns', () => {
    const text = `${SHELL}${REPO}function runCommand(command: string) { return execSync(command); }\nclass Jobs {\n  private repo: OrdersRepo;\n  constructor(repo: OrdersRepo, private readonly name = 'jobs') {\n    this.repo = repo;\n    this.run = runCommand;\n    this.echo = (value: string) => execSync('echo ' + value);\n    this.quiet = (value: string) => execSync('true');\n  }\n  a(body: string) { return this.repo.save(body); }\n  b(body: string) { return this.run('ls ' + body); }\n  c(body: string) { return this.echo(body); }\n  d(body: string) { return this.quiet(body); }\n}\nconst jobs = new Jobs(new OrdersRepo());\nexport const a = async (event) => jobs.a(event.body);\nexport const b = async (event) => jobs.b(event.queryStringParameters.dir);\nexport const c = async (event) => jobs.c(event.pathParameters.id);\nexport const d = async (event) => jobs.d(event.headers.x);`;
    const document = analyzeCode({ path: '/app/handler.ts', text, trigger: 'api-rest', handlers: ['a', 'b', 'c', 'd'].map((exportName) => ({ exportName })) });
    assert.deepEqual(document.flows.map((flow) => `${flow.handler}: ${document.sources[flow.sourceId].kind}`).sort(), ['a: event.body', 'b: event.queryStringParameters', 'c: event.pathParameters']);
    assert.deepEqual(document.issues, []);
  });

  it('follows a field built from a class of a relative import into that module, read for its declarations', () => {
    const service = `import { OrdersRepo } from './orders.repo';\nimport SafeRepo from './safe.repo';\nexport class OrdersService {\n  private readonly safe = new SafeRepo();\n  private repo: OrdersRepo;\n  constructor() { this.repo = new OrdersRepo(); }\n  create(body: string) { this.safe.save(body); return this.repo.save(body); }\n}`;
    const files = {
      '/app/orders.service.ts': service,
      '/app/orders.repo.ts': `import { execSync } from 'child_process';\nexport class OrdersRepo {\n  save(order: string) { return execSync('./save ' + order); }\n}`,
      '/app/safe.repo.ts': `import { execFileSync } from 'child_process';\nexport default class SafeRepo {\n  save(order: string) { return execFileSync('./save', [order]); }\n}`,
    };
    const text = `import { OrdersService } from './orders.service';\nconst service = new OrdersService();\nexport const handler = async (event) => service.create(event.body);`;
    const document = analyse(text, files);
    assert.deepEqual(flowsOf(document), ['event.body -> command in /app/orders.repo.ts']);
    assert.deepEqual(document.issues, []);
  });

  it('reads no field a method assigns, and no field whose class cannot be read', () => {
    const text = `${SHELL}${REPO}import { Remote } from './remote';\nclass OrdersService {\n  private repo;\n  private remote = new Remote();\n  init() { this.repo = new OrdersRepo(); }\n  create(body: string) { this.remote.save(body); return this.repo.save(body); }\n}\nconst service = new OrdersService();\nexport const handler = async (event) => { service.init(); return service.create(event.body); };`;
    const document = analyse(text);
    assert.deepEqual(flowsOf(document), []);
  });

  it('ends on classes that build each other, and on a constructor that calls its own methods', () => {
    const text = `${SHELL}class A {\n  private b = new B();\n  constructor() { this.setup(); }\n  setup() { this.b.ready(); }\n  go(value: string) { return this.b.run(value); }\n}\nclass B {\n  private a = new A();\n  ready() { return this.a.go('x'); }\n  run(value: string) { execSync(value); return this.a.go(value); }\n}\nconst a = new A();\nexport const handler = async (event) => a.go(event.body);`;
    const document = analyse(text);
    assert.deepEqual(flowsOf(document), ['event.body -> command']);
    assert.deepEqual(document.issues, []);
  });
});

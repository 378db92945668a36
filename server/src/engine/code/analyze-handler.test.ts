// The engine entry for code rules: bindings give handlers their trigger, severity follows exposure with
// the reason in the message, findings carry related template locations and steps, rule settings and
// slsward-ignore comments apply, and nothing throws (a throwing rule becomes an internal error).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineCodeRule, type CodeRuleModule, type HandlerBinding, type Severity } from '../index';
import { analyzeHandlerFile } from './analyze-handler';
import { reExportedHandlers } from './index';

const TEMPLATE = 'serverless.yml';

function binding(exportName: string, overrides: Partial<HandlerBinding> = {}): HandlerBinding {
  return {
    exportName,
    templatePath: TEMPLATE,
    functionName: `${exportName}Fn`,
    functionLocation: { path: TEMPLATE, range: { start: 5, end: 9 } },
    triggers: [{ kind: 'api-http', description: 'POST /orders', auth: 'none', method: 'POST', path: '/orders', location: { path: TEMPLATE, range: { start: 30, end: 50 } } }],
    exposure: 'public',
    exposureReason: 'POST /orders is public',
    environment: [],
    ...overrides,
  };
}

const internal = (exportName: string) =>
  binding(exportName, { triggers: [{ kind: 'sqs', description: 'SQS queue Jobs', location: { path: TEMPLATE, range: { start: 60, end: 70 } } }], exposure: 'internal', exposureReason: 'invoked only by SQS queue Jobs' });
const authenticated = (exportName: string) =>
  binding(exportName, { triggers: [{ kind: 'api-rest', description: 'GET /me', auth: 'cognito', authorizer: 'pool', location: { path: TEMPLATE, range: { start: 80, end: 90 } } }], exposure: 'authenticated', exposureReason: 'GET /me uses the Cognito authorizer' });

/** A rule that reports every flow at its sink, with the flow's steps and one related location of its own. */
function flowRule(severity: Severity, follows = true): CodeRuleModule {
  return defineCodeRule({
    meta: {
      id: 'code-test-flow',
      title: 'test',
      category: 'input',
      severity,
      severityFollowsExposure: follows,
      confidence: 'high',
      description: 'a test rule that reports flows',
      remediation: 'nothing to remediate, it is a test',
      equivalents: ['X1'],
      references: ['CWE-78'],
      languages: ['javascript', 'typescript'],
      messages: { flow: '{{source}} reaches {{sink}}' },
      fix: 'none',
    },
    checkCode(context) {
      for (const flow of context.code.flows) {
        const sink = context.code.sinks[flow.sinkId];
        context.report({
          messageId: 'flow',
          data: { source: context.code.sources[flow.sourceId].eventPath, sink: sink.callee },
          range: sink.argumentLocation.range,
          handler: flow.handler,
          steps: flow.steps,
          related: [{ location: sink.location, message: 'the call' }],
        });
      }
    },
  });
}

const EXEC = `const { exec } = require('child_process');\nexports.handler = async (event) => {\n  exec('ls ' + event.body);\n};\n`;

describe('analyzeHandlerFile', () => {
  it('returns the code model with kind null and no template endpoints', () => {
    const result = analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [] });
    assert.equal(result.kind, null);
    assert.equal(result.code?.language, 'javascript');
    assert.deepEqual(result.endpoints, []);
    assert.equal(result.code?.handlers[0].exportName, 'handler');
  });

  it('gives each bound export the trigger of its first HTTP trigger', () => {
    const mixed = binding('handler', { triggers: [internal('x').triggers[0], binding('x').triggers[0]] });
    const result = analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [], bindings: [mixed] });
    assert.equal(result.code?.handlers[0].trigger, 'api-http');
    const queue = analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [], bindings: [internal('handler')] });
    assert.equal(queue.code?.handlers[0].trigger, 'sqs');
  });

  const severities: Array<{ base: Severity; bindings: HandlerBinding[]; expected: Severity; reason: string; text?: string }> = [
    { base: 'warning', bindings: [binding('handler')], expected: 'error', reason: '(POST /orders is public)' },
    { base: 'warning', bindings: [], expected: 'warning', reason: '(no template names this handler: the event is treated as untrusted)' },
    { base: 'error', bindings: [authenticated('handler')], expected: 'warning', reason: '(GET /me uses the Cognito authorizer)' },
    { base: 'warning', bindings: [binding('handler', { exposure: 'unknown', exposureReason: 'the auth of POST /orders is unknown' })], expected: 'warning', reason: '(the auth of POST /orders is unknown)' },
    { base: 'info', bindings: [internal('handler')], expected: 'info', reason: '(invoked only by SQS queue Jobs)', text: EXEC.replace('event.body', 'event.Records[0].body') },
    // Bound to two functions: the most exposed decides.
    { base: 'warning', bindings: [internal('handler'), binding('handler')], expected: 'error', reason: '(POST /orders is public)' },
    // A binding of another export does not make this handler bound.
    { base: 'warning', bindings: [binding('other')], expected: 'warning', reason: '(no template names this handler' },
  ];
  for (const { base, bindings, expected, reason, text } of severities) {
    it(`severity ${base} becomes ${expected} ${reason}`, () => {
      const result = analyzeHandlerFile({ path: 'h.js', text: text ?? EXEC, rules: [flowRule(base)], bindings, strict: true });
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0].severity, expected);
      assert.match(result.findings[0].message, /^event\.(body|Records\[\]\.body) reaches child_process\.exec \(/);
      assert.ok(result.findings[0].message.includes(reason), result.findings[0].message);
    });
  }

  it('leaves severity and message alone for a rule whose severity does not follow exposure', () => {
    const result = analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [flowRule('warning', false)], bindings: [binding('handler')], strict: true });
    assert.equal(result.findings[0].severity, 'warning');
    assert.equal(result.findings[0].message, 'event.body reaches child_process.exec');
  });

  it('points at the route for an HTTP trigger and at the function otherwise, then the rule\'s own related places, and copies the steps', () => {
    const [finding] = analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [flowRule('warning')], bindings: [binding('handler'), internal('handler')], strict: true }).findings;
    assert.deepEqual(finding.related, [
      { path: TEMPLATE, range: { start: 30, end: 50 }, message: 'POST /orders invokes this handler (function handlerFn)' },
      { path: TEMPLATE, range: { start: 5, end: 9 }, message: 'function handlerFn names this handler' },
      { range: { start: EXEC.indexOf("exec('ls"), end: EXEC.indexOf(';\n};') }, message: 'the call' },
    ]);
    assert.deepEqual(
      finding.steps?.map((step) => step.message),
      ['string concatenation', 'reaches `child_process.exec`'],
    );
    assert.equal(finding.steps?.[0].path, undefined, 'a step in this document has no path');
    assert.equal(finding.docsUrl.endsWith('/rules/input/code-test-flow.md'), true);
    assert.deepEqual(finding.equivalents, ['X1']);
  });

  it('honours off and a severity override (the reason is still given)', () => {
    assert.deepEqual(analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [flowRule('warning')], settings: { rules: { 'code-test-flow': 'off' } } }).findings, []);
    const [finding] = analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [flowRule('warning')], bindings: [binding('handler')], settings: { rules: { 'code-test-flow': 'info' } } }).findings;
    assert.equal(finding.severity, 'info');
    assert.ok(finding.message.endsWith('(POST /orders is public)'));
  });

  describe('slsward-ignore in code', () => {
    const withComment = (line: string, comment: string) => EXEC.replace("  exec('ls ' + event.body);", line.replace('%', comment));
    const cases: Array<{ name: string; text: string; suppressed: boolean; missingReason?: boolean }> = [
      { name: 'a line comment above', text: withComment("  %\n  exec('ls ' + event.body);", '// slsward-ignore code-test-flow: reviewed, ls of a fixed folder'), suppressed: true },
      { name: 'a trailing line comment', text: withComment("  exec('ls ' + event.body); %", '// slsward-ignore code-test-flow: reviewed'), suppressed: true },
      { name: 'a block comment above', text: withComment("  %\n  exec('ls ' + event.body);", '/* slsward-ignore code-test-flow: reviewed */'), suppressed: true },
      { name: 'a JSDoc-style block comment above', text: withComment("  %\n  exec('ls ' + event.body);", '/** slsward-ignore code-test-flow: reviewed */'), suppressed: true },
      { name: 'a line comment above a call written over several lines', text: withComment("  %\n  exec(\n    'ls ' +\n      event.body,\n  );", '// slsward-ignore code-test-flow: reviewed, ls of a fixed folder'), suppressed: true },
      { name: 'a comment above the handler covers its first line, not its body', text: EXEC.replace('exports.handler =', '// slsward-ignore code-test-flow: reviewed\nexports.handler ='), suppressed: false },
      { name: 'a comment two lines above', text: withComment("  %\n\n  exec('ls ' + event.body);", '// slsward-ignore code-test-flow: reviewed'), suppressed: false },
      { name: 'another rule id', text: withComment("  %\n  exec('ls ' + event.body);", '// slsward-ignore code-other: reviewed'), suppressed: false },
      { name: 'the directive inside a string is not a comment', text: withComment("  const s = '// slsward-ignore code-test-flow: x'; exec('ls ' + event.body);", ''), suppressed: false },
      { name: 'the directive inside a template string is not a comment', text: withComment("  const s = `\n// slsward-ignore code-test-flow: x\n`;\n  exec('ls ' + event.body);", ''), suppressed: false },
      { name: 'no reason: not applied, and reported', text: withComment("  %\n  exec('ls ' + event.body);", '// slsward-ignore code-test-flow'), suppressed: false, missingReason: true },
      { name: 'the placeholder is no reason', text: withComment("  %\n  exec('ls ' + event.body);", '// slsward-ignore code-test-flow: <why this is acceptable>'), suppressed: false, missingReason: true },
    ];
    for (const testCase of cases) {
      it(testCase.name, () => {
        const result = analyzeHandlerFile({ path: 'h.js', text: testCase.text, rules: [flowRule('warning')], strict: true });
        assert.equal(result.suppressed.length, testCase.suppressed ? 1 : 0);
        assert.equal(result.findings.filter((finding) => finding.ruleId === 'code-test-flow').length, testCase.suppressed ? 0 : 1);
        const missing = result.findings.filter((finding) => finding.ruleId === 'slsward-ignore-missing-reason');
        assert.equal(missing.length, testCase.missingReason ? 1 : 0);
        if (testCase.suppressed) assert.equal(result.suppressed[0].via, 'slsward-ignore');
        if (testCase.missingReason) assert.equal(missing[0].category, 'input');
      });
    }

    it('is refused when inline ignores are off', () => {
      const text = withComment("  %\n  exec('ls ' + event.body);", '// slsward-ignore code-test-flow: reviewed');
      const result = analyzeHandlerFile({ path: 'h.js', text, rules: [flowRule('warning')], settings: { honourInlineIgnores: false } });
      assert.equal(result.findings.length, 1);
      assert.equal(result.suppressed.length, 0);
    });
  });

  it('turns a throwing rule into an internal error and keeps the other rules', () => {
    const throwing = defineCodeRule({ meta: { ...flowRule('warning').meta, id: 'code-test-throws' }, checkCode: () => { throw new Error('boom'); } });
    const result = analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [throwing, flowRule('warning')] });
    assert.equal(result.internalErrors.length, 1);
    assert.match(result.internalErrors[0], /^code-test-throws: Error: boom/);
    assert.equal(result.findings.length, 1);
    assert.throws(() => analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [throwing], strict: true }), /boom/);
  });

  it('drops an unknown messageId, and throws on it only in strict mode', () => {
    const wrong = defineCodeRule({ meta: { ...flowRule('warning').meta, id: 'code-test-wrong' }, checkCode: (context) => context.report({ messageId: 'nope', range: { start: 0, end: 1 } }) });
    assert.deepEqual(analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [wrong] }).findings, []);
    assert.throws(() => analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [wrong], strict: true }), /unknown messageId 'nope'/);
  });

  it('skips a rule for another language', () => {
    const python = defineCodeRule({ ...flowRule('warning'), meta: { ...flowRule('warning').meta, languages: ['python'] } });
    assert.deepEqual(analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [python] }).findings, []);
  });

  it('reports a skipped file as not analysed only when a template names it', () => {
    const minified = `exports.handler=async e=>{${'x=1;'.repeat(3000)}}`;
    const bound = analyzeHandlerFile({ path: 'h.min.js', text: minified, rules: [flowRule('warning')], bindings: [binding('handler')] });
    assert.match(bound.notAnalysed?.reason ?? '', /^Not analysed: minified/);
    assert.deepEqual(bound.findings, []);
    const unbound = analyzeHandlerFile({ path: 'h.min.js', text: minified, rules: [flowRule('warning')] });
    assert.equal(unbound.notAnalysed, undefined);
    assert.deepEqual(unbound.findings, []);
  });

  it('says where the analysis stopped short, as a limit issue, and lists syntax errors as syntax issues', () => {
    // A work budget of 1 ends the handler's taint analysis at once.
    const budget = analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [flowRule('warning')], bindings: [binding('handler')], workBudget: 1 });
    assert.deepEqual(
      budget.issues.map((issue) => [issue.kind, issue.severity, issue.message]),
      [['limit', 'warning', 'Handler code not fully analysed: analysis budget reached in handler `handler`; flows after that point are not reported.']],
    );
    const missing = analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [flowRule('warning')], bindings: [binding('create')] });
    assert.deepEqual(
      missing.issues.map((issue) => issue.message),
      ['Handler code not fully analysed: the template names export `create`, but this file exports no function by that name.'],
    );
    const syntax = analyzeHandlerFile({ path: 'h.js', text: `${EXEC}\nconst broken = ;\n`, rules: [flowRule('warning')], bindings: [binding('handler')] });
    assert.match(syntax.code?.issues[0]?.message ?? '', /syntax error/);
    // A report lists it (the code was read only as far as it parses); the editor drops it (its TypeScript shows it).
    assert.deepEqual(
      syntax.issues.map((issue) => [issue.kind, issue.severity, issue.message]),
      [['syntax', 'warning', "Handler code has a syntax error here (Expression expected); the rest of the file was still analysed."]],
    );
    assert.deepEqual(analyzeHandlerFile({ path: 'h.js', text: EXEC, rules: [flowRule('warning')], bindings: [binding('handler')] }).issues, []);
  });

  it('never throws on bad input', () => {
    for (const text of ['', '\u0000\u0001', 'exports.handler = async (event) => { exec(', '('.repeat(5000), undefined as unknown as string]) {
      const result = analyzeHandlerFile({ path: 'h.ts', text, rules: [flowRule('warning')], bindings: [binding('handler')] });
      assert.deepEqual(result.internalErrors, []);
    }
    const notCode = analyzeHandlerFile({ path: 'README.md', text: '# hi', rules: [flowRule('warning')] });
    assert.deepEqual(notCode.findings, []);
  });
});

describe('handlers re-exported by a template-named file', () => {
  const modules: Record<string, string> = {
    '/app/impl.ts': `import { exec } from 'child_process';\nexport const handler = async (event: any) => { exec('a ' + event.body); };\nexport default async (event: any) => { exec('b ' + event.body); };\nexport const other = async (event: any) => { exec('c ' + event.body); };\n`,
    '/app/mid.ts': `export * from './impl';\n`,
  };
  const readModule = (from: string, specifier: string) => {
    const path = `/app/${specifier.replace(/^\.\//, '')}.ts`;
    return modules[path] !== undefined ? { path, text: modules[path] } : undefined;
  };

  it('lists the module exports a named export is, by name, through named, default and star re-exports at any depth', () => {
    const of = (text: string, exportNames: string[]) => reExportedHandlers({ path: '/app/index.ts', text, exportNames, readModule }).map((entry) => `${entry.path} ${entry.exportName}`);
    assert.deepEqual(of(`export { handler } from './impl';`, ['handler']), ['/app/impl.ts handler']);
    assert.deepEqual(of(`export { default as main } from './impl';`, ['main']), ['/app/impl.ts default']);
    assert.deepEqual(of(`export * from './mid';`, ['handler', 'default']), ['/app/mid.ts handler', '/app/impl.ts handler']);
    assert.deepEqual(of(`export * from './impl';\nexport const handler = async () => {};`, ['handler']), []);
    assert.deepEqual(of(`export const handler = async () => {};`, ['handler']), []);
  });

  it('leaves out the findings of those exports in the module, and keeps the others', () => {
    const rule = defineCodeRule({
      meta: { id: 'code-test-flow', title: 't', category: 'input', severity: 'warning', confidence: 'high', description: 'd', remediation: 'r', equivalents: [], references: [], languages: ['typescript'], messages: { flow: 'flow in `{{handler}}`' }, fix: 'none' },
      checkCode: (context) => {
        for (const flow of context.code.flows) context.report({ messageId: 'flow', data: { handler: flow.handler }, range: context.code.sinks[flow.sinkId].location.range, handler: flow.handler });
      },
    });
    const handlersOf = (reExportedElsewhere?: string[], bindings: HandlerBinding[] = []) =>
      analyzeHandlerFile({ path: '/app/impl.ts', text: modules['/app/impl.ts'], rules: [rule], bindings, reExportedElsewhere }).findings.map((finding) => finding.message.replace(/ \(.*/, '')).sort();
    assert.deepEqual(handlersOf(), ['flow in `default`', 'flow in `handler`', 'flow in `other`']);
    assert.deepEqual(handlersOf(['handler', 'default']), ['flow in `other`']);
    // A template that names the module's export itself keeps it.
    assert.deepEqual(handlersOf(['handler', 'default'], [binding('handler')]), ['flow in `handler`', 'flow in `other`']);
  });
});

/**
 * A small data-driven tester for code rules: each case is a handler source (and, when the template
 * matters, the bindings a template would give), analysed by the real front end and checked by the
 * rule's `checkCode`. Expected findings name a messageId and the exact text underlined, in order,
 * so a test asserts what is reported and where, never only a count.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCode } from '../../server/src/engine/code';
import type { CodeReportDescriptor, CodeRuleModule } from '../../server/src/engine/code-rule';
import type { HandlerBinding } from '../../server/src/engine/project/types';

export interface CodeCase {
  name: string;
  code: string;
  /** Defaults to `handler.js`. */
  path?: string;
  bindings?: HandlerBinding[];
}

export interface InvalidCodeCase extends CodeCase {
  errors: Array<{ messageId: string; text: string; handler?: string }>;
}

/** A binding as a template would give it; only what the test sets matters. */
export function binding(overrides: Partial<HandlerBinding> = {}): HandlerBinding {
  const location = { path: 'serverless.yml', range: { start: 0, end: 1 } };
  return {
    exportName: 'handler',
    templatePath: 'serverless.yml',
    functionName: 'fn',
    functionLocation: location,
    triggers: [{ kind: 'api-http', description: 'POST /items', method: 'POST', path: '/items', location }],
    exposure: 'public',
    exposureReason: 'POST /items is public',
    environment: [],
    ...overrides,
  };
}

export function runCodeRule(rule: CodeRuleModule, testCase: CodeCase): CodeReportDescriptor[] {
  const path = testCase.path ?? 'handler.js';
  const bindings = testCase.bindings ?? [];
  const code = analyzeCode({ path, text: testCase.code, handlers: bindings.map((entry) => ({ exportName: entry.exportName, trigger: entry.triggers[0]?.kind })) });
  assert.equal(code.skipped, undefined, `the case is analysed: ${code.skipped}`);
  const reports: CodeReportDescriptor[] = [];
  rule.checkCode({
    code,
    bindings,
    text: testCase.code,
    report(descriptor) {
      assert.ok(descriptor.messageId in rule.meta.messages, `unknown messageId ${descriptor.messageId}`);
      for (const [key, value] of Object.entries(descriptor.data ?? {})) assert.notEqual(String(value), 'undefined', `data.${key} is set`);
      reports.push(descriptor);
    },
  });
  return reports;
}

export function testCodeRule(rule: CodeRuleModule, cases: { valid: CodeCase[]; invalid: InvalidCodeCase[] }): void {
  describe(rule.meta.id, () => {
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, () => {
        const reports = runCodeRule(rule, testCase);
        assert.deepEqual(reports.map((report) => `${report.messageId} ${testCase.code.slice(report.range.start, report.range.end)}`), []);
      });
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, () => {
        const reports = runCodeRule(rule, testCase);
        const actual = reports.map((report) => ({ messageId: report.messageId, text: testCase.code.slice(report.range.start, report.range.end), ...(report.handler !== undefined && testCase.errors.some((error) => error.handler !== undefined) ? { handler: report.handler } : {}) }));
        assert.deepEqual(actual, testCase.errors);
      });
    }
  });
}

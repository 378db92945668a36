/**
 * The RuleTester of code rules: valid and invalid handler sources, expected spans marked inline with
 * carets on a `//` line under the flagged text (as in `rules/support/rule-tester.ts`), severities and
 * message parts asserted per finding, and fix outputs asserted in full (after a fix the file still
 * parses and the finding is gone). Bindings are built by hand with the helpers below.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeHandlerFile, type AuthType, type CodeRuleModule, type Finding, type HandlerBinding, type ModuleReader, type Severity, type TriggerKind } from '../../../server/src/engine';
import { analyzeCode } from '../../../server/src/engine/code';
import { applyEdits, stripAnnotations } from '../../support/rule-tester';

export interface CodeValidCase {
  name: string;
  code: string;
  /** Default `handler.js`; the extension picks JavaScript or TypeScript. */
  path?: string;
  bindings?: HandlerBinding[];
  readModule?: ModuleReader;
}

export interface CodeInvalidCase extends CodeValidCase {
  /** Expected findings in order of position; spans come from the caret annotations, one per finding. */
  /**
   * `related`: places in this file the finding must point at besides the template (a guard that did not
   * constrain the value): each by the first occurrence of `at` in the code and a part of its message.
   */
  errors: Array<{ messageId: string; severity?: Severity; messageIncludes?: string[]; related?: Array<{ at: string; messageIncludes: string }> }>;
  /** The text after applying the first fix of the finding at `fixIndex` (default 0); null: the finding offers no fix. */
  output?: string | null;
  fixIndex?: number;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, column: offset - (before.lastIndexOf('\n') + 1) };
}

function run(rule: CodeRuleModule, testCase: CodeValidCase, text: string): Finding[] {
  const result = analyzeHandlerFile({ path: testCase.path ?? 'handler.js', text, rules: [rule], bindings: testCase.bindings, readModule: testCase.readModule, strict: true });
  assert.deepEqual(result.internalErrors, []);
  return result.findings.filter((finding) => finding.ruleId === rule.meta.id);
}

function assertParses(path: string, text: string): void {
  const issues = analyzeCode({ path, text }).issues.filter((issue) => /syntax error/.test(issue.message));
  assert.deepEqual(issues, [], 'the code parses');
}

export function testCodeRule(rule: CodeRuleModule, cases: { valid: CodeValidCase[]; invalid: CodeInvalidCase[] }): void {
  describe(rule.meta.id, () => {
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, () => {
        const { text } = stripAnnotations(testCase.code);
        assertParses(testCase.path ?? 'handler.js', text);
        assert.deepEqual(run(rule, testCase, text).map((finding) => finding.message), [], 'expected no findings');
      });
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, () => {
        const path = testCase.path ?? 'handler.js';
        const { text, annotations } = stripAnnotations(testCase.code);
        assertParses(path, text);
        const findings = run(rule, testCase, text);
        assert.deepEqual(findings.map((finding) => finding.messageId), testCase.errors.map((error) => error.messageId), `messageIds (${findings.map((f) => f.message).join(' | ')})`);
        assert.equal(annotations.length, findings.length, 'one caret annotation per finding');
        findings.forEach((finding, index) => {
          const annotation = annotations[index];
          assert.equal(annotation.ruleId, rule.meta.id);
          const start = lineAndColumn(text, finding.range.start);
          const end = lineAndColumn(text, finding.range.end);
          assert.deepEqual(start, { line: annotation.line, column: annotation.startColumn }, `start of finding ${index} (${finding.message})`);
          if (end.line === start.line) assert.equal(end.column, annotation.endColumn, `end of finding ${index}`);
          const expected = testCase.errors[index];
          if (expected.severity) assert.equal(finding.severity, expected.severity, `severity of finding ${index}`);
          for (const part of expected.messageIncludes ?? []) assert.ok(finding.message.includes(part), `message '${finding.message}' includes '${part}'`);
          if (expected.related) {
            const inCode = (finding.related ?? []).filter((entry) => entry.path === undefined);
            assert.deepEqual(
              inCode.map((entry) => ({ at: text.slice(entry.range.start, entry.range.end), message: entry.message })).map((entry) => entry.at),
              expected.related.map((entry) => text.slice(text.indexOf(entry.at), text.indexOf(entry.at) + entry.at.length)),
              `related places of finding ${index}`,
            );
            expected.related.forEach((entry, position) => {
              assert.equal(inCode[position].range.start, text.indexOf(entry.at), `related ${position} starts at '${entry.at}'`);
              assert.ok(inCode[position].message.includes(entry.messageIncludes), `related message '${inCode[position].message}' includes '${entry.messageIncludes}'`);
            });
          }
        });
        if (testCase.output === null) assert.deepEqual(findings[testCase.fixIndex ?? 0].fixes, [], 'no fix is offered');
        else if (testCase.output !== undefined) {
          const target = findings[testCase.fixIndex ?? 0];
          assert.ok(target.fixes.length > 0, 'the finding offers a fix');
          const fixed = applyEdits(text, target.fixes[0].edits);
          assert.equal(fixed, testCase.output);
          assertParses(path, fixed);
          assert.equal(run(rule, testCase, fixed).length, findings.length - 1, 'the finding is gone after the fix');
        }
      });
    }
  });
}

const TEMPLATE = 'serverless.yml';

/** A function bound to one HTTP route: public when `auth` is none, else authenticated. */
export function routeBinding(exportName: string, route: string, auth: AuthType = 'none', kind: TriggerKind = 'api-http'): HandlerBinding {
  const [method, path] = route.split(' ');
  const isPublic = auth === 'none';
  return {
    exportName,
    templatePath: TEMPLATE,
    functionName: exportName,
    functionLocation: { path: TEMPLATE, range: { start: 10, end: 20 } },
    triggers: [{ kind, description: route, auth, ...(isPublic ? {} : { authorizer: auth === 'iam' ? undefined : 'main' }), method, path, location: { path: TEMPLATE, range: { start: 40, end: 60 } } }],
    exposure: isPublic ? 'public' : 'authenticated',
    exposureReason: isPublic ? `${route} is public` : `${route} uses ${auth} auth`,
    environment: [],
  };
}

/** A function invoked only by an AWS-side trigger (a queue, a bucket, a schedule). */
export function internalBinding(exportName: string, kind: TriggerKind, description: string): HandlerBinding {
  return {
    exportName,
    templatePath: TEMPLATE,
    functionName: exportName,
    functionLocation: { path: TEMPLATE, range: { start: 10, end: 20 } },
    triggers: [{ kind, description, location: { path: TEMPLATE, range: { start: 70, end: 90 } } }],
    exposure: 'internal',
    exposureReason: `invoked only by ${description}`,
    environment: [],
  };
}

/** `line` followed by an annotation that underlines the first occurrence of `flagged` in it (at column 2 or later). */
export function underline(line: string, flagged: string, ruleId: string): string {
  const column = line.indexOf(flagged);
  if (column < 2) throw new Error(`'${flagged}' must occur in '${line}' at column 2 or later`);
  return `${line}\n${' '.repeat(column - 2)}//${'^'.repeat(flagged.length)} ${ruleId}`;
}

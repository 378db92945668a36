/**
 * A RuleTester in the spirit of ESLint's: valid and invalid cases per format,
 * expected spans marked inline with carets, fix outputs asserted in full, and
 * after every fix the file still parses and the finding is gone.
 *
 * An annotation is a line of its own under the flagged line:
 *     Action: 'dynamodb:*'
 *   #         ^^^^^^^^^^^^ iam-wildcard-action:wildcardAction
 * (`//` works too, so JSON fixtures can be annotated). Annotation lines are
 * removed before the document is analysed.
 *
 * A span that starts at column 0 cannot have a caret under its first character,
 * because the comment marker sits there. For that case an annotation line that
 * starts with `#^` at column 0 marks a span from column 0, and the `#` counts as
 * its first caret:
 *     provider:
 *     #^^^^^^^ api-tracing-disabled:restApiTracingDisabled
 * marks `provider` (8 characters). Anywhere else, `#` is only the comment marker.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type Finding, type RuleModule, type TextEdit } from '../../server/src/engine';
import { parseDocument } from '../../server/src/engine/parse';

export interface ValidCase {
  name: string;
  path: string;
  code: string;
}

export interface InvalidCase extends ValidCase {
  /** Expected messageIds in order; spans come from the caret annotations, one per finding. */
  errors: Array<{ messageId: string; data?: Record<string, string> }>;
  /** The text after applying the first fix of the finding at `fixIndex` (default 0). */
  output?: string;
  fixIndex?: number;
}

interface Annotation {
  line: number;
  startColumn: number;
  endColumn: number;
  ruleId: string;
  messageId?: string;
}

const ANNOTATION = /^(\s*(?:#|\/\/)\s*?)(\s*)(\^+)\s+([a-z0-9-]+)(?::(\w+))?\s*$/;

export function stripAnnotations(code: string): { text: string; annotations: Annotation[] } {
  const kept: string[] = [];
  const annotations: Annotation[] = [];
  for (const line of code.split('\n')) {
    const match = ANNOTATION.exec(line);
    if (match) {
      // `#^` at column 0: the `#` is the first caret of a span that starts at column 0.
      const isColumnZero = line.startsWith('#^');
      const start = isColumnZero ? 0 : line.indexOf('^');
      const length = match[3].length + (isColumnZero ? 1 : 0);
      annotations.push({ line: kept.length - 1, startColumn: start, endColumn: start + length, ruleId: match[4], messageId: match[5] });
    } else kept.push(line);
  }
  return { text: kept.join('\n'), annotations };
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.range.start) + edit.newText + result.slice(edit.range.end);
  return result;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) };
}

function run(rule: RuleModule, path: string, text: string): Finding[] {
  const result = analyze({ path, text, rules: [rule], strict: true });
  assert.deepEqual(result.internalErrors, []);
  return result.findings.filter((finding) => finding.ruleId === rule.meta.id);
}

export function testRule(rule: RuleModule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    for (const testCase of cases.valid) {
      it(`valid: ${testCase.name}`, () => {
        const { text } = stripAnnotations(testCase.code);
        const findings = run(rule, testCase.path, text);
        assert.deepEqual(findings.map((f) => `${f.messageId}: ${f.message}`), [], 'expected no findings');
      });
    }
    for (const testCase of cases.invalid) {
      it(`invalid: ${testCase.name}`, () => {
        const { text, annotations } = stripAnnotations(testCase.code);
        assert.equal(parseDocument(testCase.path, text).issues.length, 0, 'the fixture itself must parse');
        const findings = run(rule, testCase.path, text);
        assert.deepEqual(findings.map((f) => f.messageId), testCase.errors.map((e) => e.messageId), 'messageIds');
        assert.equal(annotations.length, findings.length, 'one caret annotation per finding');
        findings.forEach((finding, index) => {
          const annotation = annotations[index];
          assert.equal(annotation.ruleId, rule.meta.id);
          if (annotation.messageId) assert.equal(annotation.messageId, finding.messageId);
          const start = lineAndColumn(text, finding.range.start);
          const end = lineAndColumn(text, finding.range.end);
          assert.deepEqual({ line: start.line, column: start.column }, { line: annotation.line, column: annotation.startColumn }, `start of finding ${index} (${finding.message})`);
          if (end.line === start.line) assert.equal(end.column, annotation.endColumn, `end of finding ${index}`);
          const expectedData = testCase.errors[index].data;
          if (expectedData) for (const value of Object.values(expectedData)) assert.ok(finding.message.includes(value), `message '${finding.message}' includes '${value}'`);
        });
        if (testCase.output !== undefined) {
          const target = findings[testCase.fixIndex ?? 0];
          assert.ok(target.fixes.length > 0, 'the finding offers a fix');
          const fixed = applyEdits(text, target.fixes[0].edits);
          assert.equal(fixed, testCase.output);
          assert.deepEqual(parseDocument(testCase.path, fixed).issues, [], 'the fixed file parses');
          const after = run(rule, testCase.path, fixed);
          const same = (f: Finding) => f.ruleId === target.ruleId && f.resource === target.resource;
          assert.equal(after.filter(same).length, findings.filter(same).length - 1, 'the finding is gone after the fix');
        }
      });
    }
  });
}

/**
 * Inline Lambda code (`ZipFile`, `InlineCode`) that the code front end refuses (too large, one over-long line,
 * nested too deeply) is listed as skipped with its reason, and the template's own findings stay.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules, codeRules } from '../../../rules';
import { analyze } from '../engine';
import { emptyReport } from './audit';
import { auditInlineHandlers, handlersOfTemplate } from './audit-code';

function templateWithInlineCode(code: string): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/app
      Code:
        ZipFile: |
${code.split('\n').map((line) => `          ${line}`).join('\n')}
`;
}

function auditInline(code: string) {
  const path = '/ws/template.yaml';
  const text = templateWithInlineCode(code);
  const analysis = analyze({ path, text, rules: allRules });
  const handlers = handlersOfTemplate(path, analysis.model!, { exists: () => false }, ['/ws']);
  const report = emptyReport();
  auditInlineHandlers(path, text, handlers.inline, { rules: codeRules, settings: {} }, report);
  return { analysis, report };
}

describe('auditInlineHandlers: hostile inline code', () => {
  const sink = "exports.handler = async (e) => { require('child_process').exec(e.body); return (";
  it('reports the findings of ordinary inline code', () => {
    const { report } = auditInline(`${sink}1); };`);
    assert.deepEqual(report.skipped, []);
    assert.ok(report.findings.some((finding) => finding.ruleId === 'code-command-injection'));
  });

  for (const [name, code, reason] of [
    ['nested thousands of levels deep', `${sink}\n${'[\n'.repeat(30000)}e.body\n${']\n'.repeat(30000)}); };`, /nests too deeply/],
    ['over 1 MB', `${sink}1); };\n${Array.from({ length: 80000 }, (_, index) => `const v${index} = ${index};`).join('\n')}`, /over 1 MB/],
    ['minified, one very long line', `${sink}${'['.repeat(20000)}e.body${']'.repeat(20000)}); };`, /minified/],
  ] as const) {
    it(`refuses inline code ${name} with a reason, and the template is still analysed`, () => {
      const { analysis, report } = auditInline(code);
      assert.equal(analysis.notAnalysed, undefined);
      assert.ok(analysis.findings.length > 0, 'the template has its own findings');
      assert.deepEqual(report.findings, []);
      assert.equal(report.skipped.length, 1);
      assert.equal(report.skipped[0].path, '/ws/template.yaml');
      assert.match(report.skipped[0].reason, /^inline code of function Fn: Not analysed: /);
      assert.match(report.skipped[0].reason, reason);
    });
  }
});

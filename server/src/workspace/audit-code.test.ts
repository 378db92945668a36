/**
 * Inline Lambda code (`ZipFile`, `InlineCode`) that the code front end refuses (too large, one over-long line,
 * nested too deeply) is listed as skipped with its reason, and the template's own findings stay.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules, codeRules } from '../../../rules';
import { analyze, inlineCodeSuppressionFix } from '../engine';
import { emptyReport } from './audit';
import { analyzeInlineHandler, auditInlineHandlers, handlersOfTemplate } from './audit-code';

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

function templateWithHeader(header: string, code: string): string {
  return templateWithInlineCode(code).replace('ZipFile: |', `ZipFile: ${header}`);
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

describe('inlineCodeSuppressionFix: the "ignore" line of an inline code finding', () => {
  const code = "const { exec } = require('child_process');\nexports.handler = async (e) => {\n  exec(e.body);\n};";
  const injectionIn = (text: string) => {
    const path = '/ws/template.yaml';
    const [handler] = handlersOfTemplate(path, analyze({ path, text, rules: allRules }).model!, { exists: () => false }, ['/ws']).inline;
    const analysis = analyzeInlineHandler(handler, { rules: codeRules });
    assert.ok('findings' in analysis);
    const finding = analysis.findings.find((item) => item.ruleId === 'code-command-injection');
    assert.ok(finding);
    return { handler, finding };
  };

  it('goes above the flagged line of a literal block, at its indentation, and the code then honours it', () => {
    const text = templateWithHeader('|', code);
    const { handler, finding } = injectionIn(text);
    const fix = inlineCodeSuppressionFix(text, handler, finding);
    assert.ok(fix);
    const [edit] = fix.edits;
    const edited = text.slice(0, edit.range.start) + edit.newText.replace('<why this is acceptable>', 'a fixed list of names') + text.slice(edit.range.end);
    assert.match(edited, /\n {12}\/\/ slsward-ignore code-command-injection: a fixed list of names\n {12}exec\(e\.body\);/);
    const path = '/ws/template.yaml';
    const [after] = handlersOfTemplate(path, analyze({ path, text: edited, rules: allRules }).model!, { exists: () => false }, ['/ws']).inline;
    const analysis = analyzeInlineHandler(after, { rules: codeRules });
    assert.ok('findings' in analysis);
    assert.deepEqual(analysis.findings.map((item) => item.ruleId), []);
  });

  it('is not offered where a new line would not stay a line of code (a folded block)', () => {
    const text = templateWithHeader('>', code.replace(/\n/g, '\n\n'));
    const { handler, finding } = injectionIn(text);
    assert.equal(inlineCodeSuppressionFix(text, handler, finding), undefined);
  });
});

/**
 * The worker's conversion of one analysis into diagnostics, in process: syntax
 * problems are capped with one summary, an internal error goes to the log and
 * never into the Problems view, a document the engine could not analyse gets
 * one diagnostic and one log line, and a finding's data only locates it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex, type AnalysisResult, type Finding } from '../../server/src/engine';
import { diagnosticsOf, MAX_PARSE_DIAGNOSTICS } from '../../server/src/lsp/diagnostics';
import type { DocumentAnalysis } from '../../server/src/lsp/document-analyses';

const TEXT = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n';

function analysisOf(result: Partial<AnalysisResult> & Record<string, unknown>): DocumentAnalysis {
  return {
    uri: 'file:///work/template.yaml',
    version: 3,
    path: '/work/template.yaml',
    parsed: { path: '/work/template.yaml', text: TEXT, format: 'yaml', root: null, issues: [] },
    lineIndex: new LineIndex(TEXT),
    result: { path: '/work/template.yaml', kind: 'cloudformation', findings: [], suppressed: [], issues: [], endpoints: [], internalErrors: [], ...result } as AnalysisResult,
  };
}

const isRule = () => true;

describe('diagnosticsOf', () => {
  it('shows at most the first syntax problems and sums up the rest in one diagnostic', () => {
    const issues = Array.from({ length: 250 }, (_, index) => ({ message: `problem ${index}`, range: { start: 11, end: 12 }, severity: 'error' as const, kind: 'syntax' as const }));
    const logs: string[] = [];
    const diagnostics = diagnosticsOf(analysisOf({ issues }), { isRule, log: (line) => logs.push(line) });
    assert.equal(diagnostics.length, MAX_PARSE_DIAGNOSTICS + 1);
    assert.deepEqual(diagnostics.slice(0, 2).map((diagnostic) => diagnostic.message), ['problem 0', 'problem 1']);
    assert.equal(diagnostics[MAX_PARSE_DIAGNOSTICS].message, `${250 - MAX_PARSE_DIAGNOSTICS} more syntax problems not shown`);
    assert.ok(diagnostics.every((diagnostic) => diagnostic.code === 'parse-error'));
    assert.deepEqual(logs, []);
  });

  it('logs an internal error (an issue of kind internal) instead of showing it as a syntax problem', () => {
    const logs: string[] = [];
    const issues = [
      { message: 'YAML could not be parsed: Maximum call stack size exceeded', range: { start: 0, end: 1 }, severity: 'error' as const, kind: 'internal' as const },
      { message: 'reading the anchors failed', range: { start: 0, end: 1 }, severity: 'error' as const, kind: 'internal' as const },
      { message: 'Unexpected end of flow sequence', range: { start: 11, end: 12 }, severity: 'error' as const, kind: 'syntax' as const },
    ];
    const diagnostics = diagnosticsOf(analysisOf({ issues }), { isRule, log: (line) => logs.push(line) });
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.message), ['Unexpected end of flow sequence']);
    assert.equal(logs.length, 2);
    assert.match(logs[0], /^Internal error while analysing file:\/\/\/work\/template\.yaml \(version 3\): YAML could not be parsed: Maximum call stack size exceeded/);
    assert.match(logs[1], /reading the anchors failed/);
  });

  it('gives a document the engine could not analyse one diagnostic and one log line', () => {
    const logs: string[] = [];
    const result = { kind: null, notAnalysed: { reason: 'it looks like a template but does not parse (line 1: unexpected token)' }, issues: [{ message: 'unexpected token', range: { start: 0, end: 1 }, severity: 'error' as const, kind: 'syntax' as const }] };
    const diagnostics = diagnosticsOf(analysisOf(result), { isRule, log: (line) => logs.push(line) });
    assert.deepEqual(
      diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message, diagnostic.range.start.line]),
      [['not-analysed', 'Serverless Ward: not analysed: it looks like a template but does not parse (line 1: unexpected token)', 0]],
    );
    assert.deepEqual(logs, ['Not analysed: file:///work/template.yaml (version 3): it looks like a template but does not parse (line 1: unexpected token)']);
  });

  it('puts in a finding diagnostic only what finds the finding again, not its edits', () => {
    const finding: Finding = {
      ruleId: 'sns-topic-unencrypted',
      messageId: 'unencrypted',
      message: 'The topic is not encrypted.',
      severity: 'warning',
      category: 'storage',
      range: { start: 13, end: 18 },
      fixes: [{ title: 'Encrypt', edits: [{ range: { start: 40, end: 40 }, newText: '\n    Properties:\n      KmsMasterKeyId: alias/aws/sns' }] }],
      equivalents: [],
      docsUrl: 'https://example.invalid/sns',
    };
    const [diagnostic] = diagnosticsOf(analysisOf({ findings: [finding] }), { isRule, log: () => {} });
    assert.deepEqual(diagnostic.data, { ruleId: 'sns-topic-unencrypted', uri: 'file:///work/template.yaml', version: 3, fixCount: 1, index: 0, offsets: { start: 13, end: 18 }, canIgnore: true });
    assert.deepEqual(diagnostic.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 7 } });
  });
});

// Runs the JavaScript/TypeScript handler front end over every JS/TS file of the shared corpus
// (../shared/corpus/handlers, third-party code, never copied here): no file may throw, and the log
// prints handlers found, flows by sink kind and the files skipped with their reason. Skips with a
// message when the corpus is absent. Relative imports are read from the corpus itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeCode, type CodeDocument } from '../../server/src/engine/code';
import { codeFilesUnder, CORPUS_ROOT, corpusMissingReason, corpusModuleReader, table } from './corpus-helpers';

const missing = corpusMissingReason('handlers');

describe('handler code front end over the corpus', { skip: missing }, () => {
  it('analyses every JS/TS handler file without an exception', (context) => {
    const root = resolve(CORPUS_ROOT, 'handlers');
    const files = codeFilesUnder(root);
    const readModule = corpusModuleReader(root);
    const flowsByKind = new Map<string, number>();
    const sourcesByKind = new Map<string, number>();
    const skipped: string[] = [];
    const failures: string[] = [];
    const samples: string[] = [];
    let handlers = 0;
    let filesWithHandlers = 0;
    let awsCalls = 0;
    let authFacts = 0;
    let guards = 0;
    let slowest = { path: '', milliseconds: 0 };
    let total = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const started = performance.now();
      let document: CodeDocument;
      try {
        document = analyzeCode({ path, text, readModule });
      } catch (error) {
        failures.push(`${relative(root, path)}: ${error instanceof Error ? error.stack : String(error)}`);
        continue;
      }
      const milliseconds = performance.now() - started;
      total += milliseconds;
      if (milliseconds > slowest.milliseconds) slowest = { path: relative(root, path), milliseconds };
      if (document.skipped) {
        skipped.push(`${relative(root, path)}: ${document.skipped}`);
        continue;
      }
      const internal = document.issues.filter((issue) => issue.message.startsWith('internal error'));
      for (const issue of internal) failures.push(`${relative(root, path)}: ${issue.message}`);
      handlers += document.handlers.length;
      if (document.handlers.length > 0) filesWithHandlers++;
      awsCalls += document.awsCalls.length;
      authFacts += document.authFacts.length;
      guards += document.guards.length;
      for (const flow of document.flows) {
        const sink = document.sinks[flow.sinkId];
        const source = document.sources[flow.sourceId];
        flowsByKind.set(sink.kind, (flowsByKind.get(sink.kind) ?? 0) + 1);
        sourcesByKind.set(source.kind, (sourcesByKind.get(source.kind) ?? 0) + 1);
        const sinkText = sink.location.path ? `${relative(root, sink.location.path)}@${sink.location.range.start}` : text.slice(sink.location.range.start, Math.min(sink.location.range.end, sink.location.range.start + 70)).replace(/\s+/g, ' ');
        samples.push(`${relative(root, path)} [${flow.handler}] ${source.eventPath} -> ${sink.kind} ${sink.callee}: ${sinkText}`);
      }
    }
    context.diagnostic(`${files.length} JS/TS files, ${files.length - skipped.length} analysed, ${filesWithHandlers} with handlers, ${handlers} handler candidates, ${awsCalls} AWS SDK calls, ${authFacts} auth facts, ${guards} guards; ${total.toFixed(0)} ms in all, slowest ${slowest.path} ${slowest.milliseconds.toFixed(0)} ms`);
    context.diagnostic(`flows by sink kind:\n${table(['sink', 'flows'], [...flowsByKind].sort())}`);
    context.diagnostic(`flows by source kind:\n${table(['source', 'flows'], [...sourcesByKind].sort())}`);
    context.diagnostic(`skipped (${skipped.length}):\n${skipped.join('\n')}`);
    if (process.env.SLSWARD_PRINT_FLOWS) context.diagnostic(`flows:\n${samples.join('\n')}`);
    assert.deepEqual(failures, []);
    assert.ok(files.length > 0);
  });
});

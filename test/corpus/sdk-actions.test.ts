// Maps every AWS SDK call the JavaScript/TypeScript front end finds in ../shared/corpus/handlers
// (third-party code, never copied here) to the IAM actions it needs, and prints: calls found, mapped,
// unknown by reason (top 30), the call shapes left unknown, and actions by service. Every action named
// must exist in the bundled IAM data; no file may throw. Skips with a message when the corpus is absent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeCode } from '../../server/src/engine/code';
import { lookupAction } from '../../server/src/engine/iam/action-table';
import { iamActionsForCall } from '../../server/src/engine/least-privilege';
import { codeFilesUnder, CORPUS_ROOT, corpusMissingReason, corpusModuleReader, table } from './corpus-helpers';

const missing = corpusMissingReason('handlers');

function countInto(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function top(map: Map<string, number>, limit: number): Array<[string, number]> {
  return [...map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit);
}

describe('SDK calls of the corpus handlers to IAM actions', { skip: missing }, () => {
  it('maps every call the front end finds, and names only actions of the IAM data', (context) => {
    const root = resolve(CORPUS_ROOT, 'handlers');
    const readModule = corpusModuleReader(root);
    const files = codeFilesUnder(root);
    let calls = 0;
    let mapped = 0;
    let partlyKnown = 0;
    let filesWithCalls = 0;
    const unknownReasons = new Map<string, number>();
    const unknownShapes = new Map<string, string>();
    const actionsByService = new Map<string, Set<string>>();
    const callsByService = new Map<string, number>();
    const invented: string[] = [];
    const failures: string[] = [];
    for (const path of files) {
      let document;
      try {
        document = analyzeCode({ path, text: readFileSync(path, 'utf8'), readModule });
      } catch (error) {
        failures.push(`${relative(root, path)}: ${(error as Error).message}`);
        continue;
      }
      // A call in a relatively imported module is counted where it is written: that module is a file of its own here.
      const ownCalls = document.awsCalls.filter((call) => call.location.path === undefined);
      if (ownCalls.length > 0) filesWithCalls++;
      for (const call of ownCalls) {
        calls++;
        const result = iamActionsForCall(call, call.details);
        for (const action of [...result.actions, ...(result.sideActions ?? []).map((side) => side.action)]) {
          if (lookupAction(action)?.qualifiedName !== action) invented.push(`${action} (${call.service}.${call.operation})`);
        }
        if (result.unknown) {
          if (result.actions.length > 0) partlyKnown++;
          // The reason without the call's own label, so equal reasons group.
          countInto(unknownReasons, result.unknown.replace(/^[^:]*: /, ''));
          const shape = `${call.packageName} | ${call.service} | ${call.operation}`;
          if (!unknownShapes.has(shape)) unknownShapes.set(shape, `${relative(root, path)} — ${result.unknown}`);
          continue;
        }
        mapped++;
        for (const action of result.actions) {
          const service = action.split(':')[0];
          if (!actionsByService.has(service)) actionsByService.set(service, new Set());
          actionsByService.get(service)!.add(action);
          countInto(callsByService, service);
        }
      }
    }
    context.diagnostic(`${files.length} files, ${filesWithCalls} with SDK calls; calls found ${calls}, mapped ${mapped} (${calls === 0 ? 0 : ((mapped * 100) / calls).toFixed(1)}%), unknown ${calls - mapped} (${partlyKnown} of them partly known)`);
    context.diagnostic(`unknown by reason (top 30):\n${table(['calls', 'reason'], top(unknownReasons, 30).map(([reason, count]) => [count, reason]))}`);
    context.diagnostic(`call shapes left unknown, with an example file:\n${[...unknownShapes].map(([shape, example]) => `  ${shape}  ${example}`).join('\n')}`);
    context.diagnostic(`actions by service:\n${table(['service', 'call × action pairs', 'distinct actions'], [...actionsByService].sort((a, b) => a[0].localeCompare(b[0])).map(([service, actions]) => [service, callsByService.get(service) ?? 0, [...actions].sort().join(' ')]))}`);
    assert.deepEqual(failures, []);
    assert.deepEqual(invented, []);
    assert.ok(calls > 0, 'the corpus has SDK calls');
  });
});

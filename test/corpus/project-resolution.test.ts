// The project model over the shared corpus (../shared/corpus, third-party data, never copied here):
// templates/ and handlers/ hold the same apps at the same paths, so laying one over the other gives
// each app its template and its code. The file view answers from both folders; nothing is copied.
// For every template: build its project, count functions, handlers resolved to a file (by language)
// and unresolved ones by reason, and assert no exception and a high resolved share for Node.js.
// Skips with a message when the corpus is absent.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { buildProject, type ProjectFiles } from '../../server/src/engine/project';
import { CORPUS_ROOT, corpusMissingReason, table } from './corpus-helpers';

const missing = corpusMissingReason('templates') ?? corpusMissingReason('handlers');

function listTemplates(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) listTemplates(path, out);
    else if (/\.(ya?ml|json|template)$/.test(name)) out.push(path);
  }
  return out;
}

/** The overlay: a workspace-relative path exists when either folder has it (a file or a folder). */
function overlayFiles(roots: string[]): ProjectFiles {
  const cache = new Map<string, boolean>();
  return {
    exists(path) {
      let known = cache.get(path);
      if (known === undefined) {
        known = roots.some((root) => existsSync(join(root, path)) && statSync(join(root, path)).isFile());
        cache.set(path, known);
      }
      return known;
    },
  };
}

/** Node.js functions, and those with no runtime whose handler file turned out to be JS/TS. */
function isNodeFunction(runtime: string | undefined, language: string | undefined): boolean {
  return runtime ? /^nodejs/i.test(runtime) : language === 'javascript' || language === 'typescript';
}

describe('project model over the corpus (templates overlaid with handlers)', { skip: missing }, () => {
  it('resolves the handlers of every app without an exception', (context) => {
    const templatesRoot = resolve(CORPUS_ROOT, 'templates');
    const handlersRoot = resolve(CORPUS_ROOT, 'handlers');
    const files = overlayFiles([handlersRoot, templatesRoot]);
    const failures: string[] = [];
    const byLanguage = new Map<string, number>();
    const byReason = new Map<string, number>();
    const nodeByReason = new Map<string, number>();
    const samples = new Map<string, string[]>();
    const nodeMisses: string[] = [];
    let templates = 0;
    let functions = 0;
    let inline = 0;
    let nodeFunctions = 0;
    let nodeResolved = 0;
    let withHttp = 0;
    const exposures = new Map<string, number>();
    const started = performance.now();
    for (const absolute of listTemplates(templatesRoot)) {
      const path = relative(templatesRoot, absolute).split('\\').join('/');
      const text = readFileSync(absolute, 'utf8');
      let project;
      try {
        project = buildProject({ templates: [{ path, text }], files });
      } catch (error) {
        failures.push(`${path}: ${(error as Error).stack}`);
        continue;
      }
      const found = project.functions();
      if (found.length > 0) templates++;
      for (const fn of found) {
        functions++;
        exposures.set(fn.binding.exposure, (exposures.get(fn.binding.exposure) ?? 0) + 1);
        if (fn.binding.triggers.some((trigger) => trigger.auth !== undefined)) withHttp++;
        const isNode = isNodeFunction(fn.runtime, fn.language);
        if (isNode) nodeFunctions++;
        if (fn.status === 'file') {
          byLanguage.set(fn.language ?? '?', (byLanguage.get(fn.language ?? '?') ?? 0) + 1);
          if (isNode) nodeResolved++;
        } else if (fn.status === 'inline') {
          inline++;
          if (isNode) nodeResolved++;
        } else if (fn.unresolved) {
          const reason = fn.unresolved.reason;
          byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
          if (reason === 'python-not-analysed') byLanguage.set('python (found, not analysed yet)', (byLanguage.get('python (found, not analysed yet)') ?? 0) + 1);
          if (isNode) {
            nodeByReason.set(reason, (nodeByReason.get(reason) ?? 0) + 1);
            nodeMisses.push(`${path} ${fn.functionName} (${fn.runtime ?? 'no runtime'}): ${fn.unresolved.message}`);
          }
          const list = samples.get(reason) ?? [];
          if (list.length < 6) list.push(`${path} ${fn.functionName} (${fn.runtime ?? 'no runtime'}): ${fn.unresolved.message}`);
          samples.set(reason, list);
        }
      }
    }
    const milliseconds = performance.now() - started;
    // One diagnostic per line: the test log escapes newlines inside one.
    const print = (text: string) => {
      for (const line of text.split('\n')) context.diagnostic(line);
    };
    const share = nodeFunctions === 0 ? 1 : nodeResolved / nodeFunctions;
    print(`${templates} templates with functions, ${functions} functions, ${functions - [...byReason.values()].reduce((a, b) => a + b, 0)} resolved (${inline} inline), ${withHttp} with an HTTP trigger; ${milliseconds.toFixed(0)} ms`);
    print(`Node.js functions: ${nodeFunctions}, resolved to a file or inline code: ${nodeResolved} (${(share * 100).toFixed(1)} %)`);
    print(`resolved files by language:\n${table(['language', 'functions'], [...byLanguage].sort())}`);
    print(`unresolved by reason (all runtimes / Node.js):\n${table(['reason', 'all', 'node'], [...byReason].sort().map(([reason, count]) => [reason, count, nodeByReason.get(reason) ?? 0]))}`);
    print(`exposure:\n${table(['exposure', 'functions'], [...exposures].sort())}`);
    print(`every unresolved Node.js function (${nodeMisses.length}):\n  ${nodeMisses.join('\n  ')}`);
    for (const [reason, list] of [...samples].sort()) print(`samples of ${reason}:\n  ${list.join('\n  ')}`);
    assert.deepEqual(failures, []);
    assert.ok(functions > 500, `expected the corpus to declare many functions, saw ${functions}`);
    assert.ok(share >= NODE_RESOLVED_FLOOR, `Node.js handlers resolved: ${(share * 100).toFixed(1)} % < ${NODE_RESOLVED_FLOOR * 100} %`);
  });
});

// Measured 97.5 % (307 of 315) on 2026-12-03; every Node.js miss is listed in the log and reviewed in docs/project-model.md.
const NODE_RESOLVED_FLOOR = 0.95;

/**
 * Profiles handler keystrokes in process: the 305- or 3,007-line bench handler, typed into at its
 * edit marker (one character in, then out), analysed by `analyzeHandlerFile` with a kept syntax-tree
 * cache and kept code models as the server's worker does. Prints median and p95; run under `node --cpu-prof` for a profile.
 * Usage: node --import tsx scripts/profile-handler.ts [lines] [iterations]
 * (SLSWARD_PROFILE_IN_CODE=1 types in a handler's code; SLSWARD_PROFILE_NO_REUSE=1 keeps no code models)
 */
import { codeRules } from '../rules';
import { analyzeHandlerFile, buildProject } from '../server/src/engine';
import { CodeDocumentCache } from '../server/src/engine/code/document-cache';
import { SyntaxTreeCache } from '../server/src/engine/code/syntax-cache';
import { generateHandler, generateServerlessYaml, HANDLER_CODE_EDIT, HANDLER_EDIT_MARKER } from './bench-handlers';

const lines = Number(process.argv[2] ?? 305);
const iterations = Number(process.argv[3] ?? 200);
const generated = generateHandler(lines);
const template = generateServerlessYaml('src/orders', generated.exports);
const root = '/bench-app';
const codePath = `${root}/src/orders.ts`;
const project = buildProject({ templates: [{ path: `${root}/serverless.yml`, text: template }], files: { exists: (path) => path === codePath }, roots: [root] });
const bindings = project.bindingsFor(codePath);
const syntaxTrees = new SyntaxTreeCache();
// SLSWARD_PROFILE_NO_REUSE=1: without the kept code models, as before they were kept.
const documents = process.env.SLSWARD_PROFILE_NO_REUSE ? undefined : new CodeDocumentCache();
const markerAt = generated.text.indexOf(HANDLER_EDIT_MARKER) + HANDLER_EDIT_MARKER.length;
// SLSWARD_PROFILE_IN_CODE=1: type inside the next handler's query string, as the bench's second series does.
const editAt = process.env.SLSWARD_PROFILE_IN_CODE ? generated.text.indexOf(HANDLER_CODE_EDIT, markerAt) + HANDLER_CODE_EDIT.length : markerAt;
const samples: number[] = [];
const cpuSamples: number[] = [];
let findings = 0;
for (let i = 0; i < iterations + 20; i++) {
  const text = i % 2 === 0 ? generated.text.slice(0, editAt) + "x" + generated.text.slice(editAt) : generated.text;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = analyzeHandlerFile({ path: codePath, text, rules: codeRules, bindings, syntaxTrees, documents });
  const used = process.cpuUsage(cpu);
  if (i >= 20) {
    samples.push(performance.now() - started);
    cpuSamples.push((used.user + used.system) / 1000);
  }
  findings = result.findings.length;
}
samples.sort((a, b) => a - b);
cpuSamples.sort((a, b) => a - b);
const at = (sorted: number[], q: number) => sorted[Math.ceil(sorted.length * q) - 1].toFixed(2);
// CPU time (this process, GC threads included) is steadier than wall time on a shared machine.
console.log(`${generated.text.split('\n').length} lines, ${findings} findings: wall median ${at(samples, 0.5)} ms, p95 ${at(samples, 0.95)} ms; CPU median ${at(cpuSamples, 0.5)} ms`);

const { Worker, isMainThread } = require('node:worker_threads');
if (isMainThread) { new Worker(__filename, { resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 48 } }); return; }
require('tsx/cjs');
const { readFileSync } = require('node:fs');
const { analyzeHandlerFile, analyzeCode } = require('../server/src/engine');
const { codeRules } = require('../rules');
const text = readFileSync('/work/tmp/hostile-code/d/h.js', 'utf8');
const loc = { path: '/x/serverless.yml', range: { start: 0, end: 1 } };
const binding = { exportName: 'handler', templatePath: '/x/serverless.yml', functionName: 'f', functionLocation: loc, triggers: [{ kind: 'http', method: 'POST', path: '/x', auth: { kind: 'none' }, location: loc }], exposure: 'public', exposureReason: 'POST /x is public', environment: [] };
const code = analyzeCode({ path: '/x/h.js', text, handlers: [{ exportName: 'handler' }] });
console.log('code: skipped', code.skipped, 'issues', JSON.stringify(code.issues), 'handlers', code.handlers.length, 'sinks', code.sinks.length, 'sources', code.sources?.length, 'flows', code.flows.length);
const r = analyzeHandlerFile({ path: '/x/h.js', text, rules: codeRules, bindings: [binding] });
console.log('file: skipped', r.code?.skipped, 'issues', JSON.stringify(r.issues), 'findings', r.findings.map((f) => f.ruleId), 'handlers', r.code?.handlers.length);

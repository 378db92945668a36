/**
 * Where GitHub CodeQL's JavaScript taint queries would report the flow of a code injection finding, so that the
 * finding names one only there. Read from github/codeql (javascript/ql/lib/semmle/javascript/...):
 *
 * - Source (`frameworks/ServerLess.qll`): the only Lambda source is parameter 0 of the function a module exports
 *   under the name a `.yml`/`.yaml` file gives: a mapping whose `Type` matches `.*::Serverless::Function`, with its
 *   own `Properties.Handler` and `Properties.CodeUri` (`""` without one), or a top-level `functions.<name>.handler`
 *   (code folder `""`). The handler splits at its last dot into file and export; the file is
 *   `<template folder>/<CodeUri><file>.js`, the CodeUri with a leading `./` and a trailing `.` after `/` dropped, by
 *   string concatenation (so `CodeUri: src` gives `srcindex.js`, and `..` or `./` inside never match a real path).
 *   So: no CloudFormation `AWS::Lambda::Function`, no JSON template, no `Globals` value, no `.ts`/`.mjs`/`.cjs`
 *   handler. Whatever the binding of this file, we ask that one binding computes to this very file.
 * - Steps (`dataflow/TaintTracking.qll`): property reads of a tainted object, destructuring, assignments, string
 *   concatenation and template strings, the String methods it lists (not `trimStart`/`trimEnd`), `JSON.parse`,
 *   `decodeURI(Component)`, calls of functions of the same file. We name a finding only when every step of one of
 *   its flows is of these kinds and lies in this file; a step of any other kind (a library we model and CodeQL may
 *   not, a callback, an imported helper, an elided path) and the finding is not named.
 * - Barriers: the queries' own (none for command injection; `JSON.stringify` for code injection, which we never
 *   pass) and the guards every taint configuration shares: regular expression tests, `includes`/`indexOf`
 *   membership, `===` with a constant, `in`, `has`/`hasOwnProperty`/`hasOwn`/`contains`. Our engine cuts or records
 *   the first four kinds; a flow that passed any guard, or a file that calls the others or `match` anywhere, is
 *   not named.
 *
 * Data only: rules call `codeqlChecks` from their report wrapper.
 */
import type { CodeReportDescriptor, CodeRuleContext, HandlerBinding, SinkKind, TaintFlow, TaintSink } from '../../../server/src/engine';
import { folderOf, joinPath, normalisePath } from '../../../server/src/engine/project/paths';

/** The file CodeQL's ServerLess.qll takes this binding's handler to be in, relative to the template's folder; undefined for none. */
export function codeqlHandlerFile(binding: HandlerBinding): string | undefined {
  const written = binding.written;
  if (!written || written.handler === undefined || !/\.(ya?ml|raml)$/i.test(binding.templatePath)) return undefined;
  if (written.type !== 'serverless' && !/^.*::Serverless::Function$/.test(written.type)) return undefined;
  let codeUri = written.type === 'serverless' ? '' : (written.codeUri ?? '');
  if (written.codeUri === null) return undefined;
  if (/^.*\/\.$/s.test(codeUri)) codeUri = codeUri.slice(0, -1);
  if (codeUri.startsWith('./')) codeUri = codeUri.slice(2);
  const split = /^(.*)\.(.*)$/s.exec(written.handler);
  if (!split || split[2] !== binding.exportName) return undefined;
  const path = `${codeUri}${split[1]}.js`;
  // The path is concatenated, not normalised: any `.`, `..` or empty segment names no file.
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..') || path.includes('\\')) return undefined;
  return path;
}

/** True when some template binding names this export in a way ServerLess.qll reads, in this very file (a `.js` one). */
export function isCodeqlServerlessHandler(bindings: readonly HandlerBinding[], exportName: string): boolean {
  return bindings.some((binding) => {
    if (binding.exportName !== exportName || binding.inline || !binding.codePath || !binding.codePath.endsWith('.js')) return false;
    const file = codeqlHandlerFile(binding);
    return file !== undefined && normalisePath(joinPath(folderOf(binding.templatePath), file)) === normalisePath(binding.codePath);
  });
}

const STRING_METHODS = new Set(['trim', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'slice', 'substring', 'substr', 'replace', 'replaceAll', 'split', 'concat', 'padStart', 'padEnd', 'repeat', 'toString', 'valueOf', 'join']);
const GLOBALS = new Set(['JSON.parse', 'decodeURIComponent', 'decodeURI', 'encodeURIComponent', 'encodeURI']);

function escapeName(name: string): string {
  return name.replace(/[$]/g, '\\$');
}

/** A function of this file under `name` (a declaration or a function bound to a `const`/`let`/`var`), not an import. */
function isLocalFunction(context: CodeRuleContext, name: string): boolean {
  if (context.code.imports.some((entry) => entry.names.some((bound) => bound.local === name))) return false;
  const n = escapeName(name);
  return new RegExp(`\\bfunction\\s*\\*?\\s*${n}\\s*\\(|\\b(?:const|let|var)\\s+${n}\\s*=\\s*(?:async\\s+)?(?:function\\b|\\([^()]*\\)\\s*=>|[\\w$]+\\s*=>)`).test(context.text);
}

function isCodeqlStep(context: CodeRuleContext, description: string): boolean {
  if (/^(assigned to|destructured into) `[^`]+`$/.test(description)) return true;
  if (description === 'template string' || description === 'string concatenation') return true;
  const method = /^`\.([\w$]+)\(\)`$/.exec(description);
  if (method) return STRING_METHODS.has(method[1]);
  const global = /^`([\w$.]+)`$/.exec(description);
  if (global) return GLOBALS.has(global[1]);
  const call = /^(?:argument \d+ of|returned from) `([\w$]+)`$/.exec(description);
  if (call) return isLocalFunction(context, call[1]);
  return /^reaches `/.test(description);
}

/** Guards every CodeQL taint configuration shares that our engine does not read as guards. */
const UNREAD_GUARDS = /\.\s*(?:hasOwnProperty|hasOwn|contains|match)\s*\(/;

/** One of the finding's flows CodeQL's taint tracking follows from the ServerLess.qll event to the sink, or undefined. */
function codeqlFlow(context: CodeRuleContext, descriptor: CodeReportDescriptor, kind: SinkKind): { sink: TaintSink; flow: TaintFlow } | undefined {
  const document = context.code;
  if (descriptor.handler === undefined || UNREAD_GUARDS.test(context.text)) return undefined;
  const candidate = document.handlers.find((entry) => entry.exportName === descriptor.handler);
  if (!candidate || candidate.functionLocation.path !== undefined || candidate.wrappedBy.length > 0 || candidate.webApp || !candidate.eventParameter || !/^[\w$]+$/.test(candidate.eventParameter)) return undefined;
  if (!isCodeqlServerlessHandler(context.bindings, descriptor.handler)) return undefined;
  const sink = document.sinks.find((entry) => entry.kind === kind && entry.argumentLocation.path === undefined && entry.location.path === undefined && entry.argumentLocation.range.start === descriptor.range.start && entry.argumentLocation.range.end === descriptor.range.end);
  if (!sink) return undefined;
  const flow = document.flows.find((entry) => {
    if (entry.sinkId !== sink.id || entry.handler !== descriptor.handler || entry.passedGuards.length > 0) return false;
    const source = document.sources[entry.sourceId];
    return !!source && source.location.path === undefined && entry.steps.every((step) => step.location.path === undefined && isCodeqlStep(context, step.description));
  });
  return flow ? { sink, flow } : undefined;
}

/** The call as written from its start to the argument's start (`cp.exec(`), for telling which argument the sink is. */
function headOf(context: CodeRuleContext, sink: TaintSink): string {
  return context.text.slice(sink.location.range.start, sink.argumentLocation.range.start);
}

function imports(context: CodeRuleContext, specifier: string): boolean {
  return context.code.imports.some((entry) => entry.specifier === specifier && entry.style !== 'dynamic');
}

/** The argument is the call's first: only the callee and `(` come before it. Returns the callee as written. */
function firstArgumentOf(head: string): string | undefined {
  return /^(?:new\s+)?([\w$.]+)\s*\(\s*$/.exec(head)?.[1];
}

/**
 * js/command-line-injection (`CommandInjectionCustomizations.qll`, `CommandInjectionQuery.qll`, NodeJSLib's
 * `ChildProcessMethodCall`): the first argument of `exec`, `execSync`, `execFile`, `execFileSync`, `spawn`,
 * `spawnSync` and `fork` of `child_process` (also promisified); no sanitiser of its own. Our sinks there are the
 * command of `exec`/`execSync` and of the others with `shell: true`. Not shelljs or execa (other models, not read).
 */
function commandChecks(context: CodeRuleContext, sink: TaintSink): string[] {
  if (!imports(context, 'child_process') || !/^child_process\.(exec|execSync|execFile|execFileSync|spawn|spawnSync)$/.test(sink.callee)) return [];
  return firstArgumentOf(headOf(context, sink)) ? ['js/command-line-injection'] : [];
}

/**
 * js/code-injection (`CodeInjectionCustomizations.qll`, `CodeInjectionQuery.qll`): the first argument of the global
 * `eval`, `setTimeout`, `setInterval`, `setImmediate`; any argument of the global `Function`; the first argument
 * of `vm`'s `Script`, `SourceTextModule`, `compileFunction`, `runInContext`, `runInNewContext`, `runInThisContext`
 * (NodeJSLib's `VmModuleMemberInvocation`). Its sanitiser is `JSON.stringify`, a step we do not accept.
 */
function codeEvalChecks(context: CodeRuleContext, sink: TaintSink): string[] {
  const head = headOf(context, sink);
  const callee = firstArgumentOf(head);
  if (callee && /^(eval|setTimeout|setInterval|setImmediate)$/.test(callee) && sink.callee === callee) return ['js/code-injection'];
  if (/^(?:new\s+)?Function\s*\(/.test(head) && /^Function$/.test(sink.callee)) return ['js/code-injection'];
  if (callee && imports(context, 'vm') && /^vm\.(Script|SourceTextModule|compileFunction|runInContext|runInNewContext|runInThisContext)$/.test(sink.callee)) return ['js/code-injection'];
  return [];
}

const CHECKS: Partial<Record<SinkKind, (context: CodeRuleContext, sink: TaintSink) => string[]>> = {
  command: commandChecks,
  'code-eval': codeEvalChecks,
};

/** The CodeQL queries (ids) that report this finding's flow into a sink of `kind`. */
export function codeqlChecks(context: CodeRuleContext, descriptor: CodeReportDescriptor, kind: SinkKind): string[] {
  const check = CHECKS[kind];
  if (!check) return [];
  const found = codeqlFlow(context, descriptor, kind);
  return found ? check(context, found.sink) : [];
}

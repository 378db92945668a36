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
 * - js/path-injection is a data-flow configuration with flow states (`TaintedPathQuery.qll`,
 *   `TaintedPathCustomizations.qll`), not taint tracking: it takes only value flow, property reads, string
 *   concatenation and template strings, `decodeURI(Component)`, the argumentless case and `trim` methods, and the
 *   `path` functions it models (see `pathStep`), and its barriers include `startsWith` and `isAbsolute` checks,
 *   `..` tests and `path-is-inside`/`is-path-inside`, which our engine does not read (a file with any is not named).
 * - js/request-forgery is taint tracking (`RequestForgeryQuery.qll`) with one more step, `new URL(x)`, one more
 *   barrier, `encodeURI(Component)`, and a barrier out of an operand of a concatenation whose prefix holds `?` or `#`
 *   or a value CodeQL does not know (`sanitizingPrefixEdge`, `UrlConcatenation.qll`): see `forgeryStep`. Its sinks
 *   are the URL and host of `ClientRequest`s (`frameworks/ClientRequests.qll`, NodeJSLib's `NodeHttpUrlRequest`):
 *   see `forgeryChecks`.
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

/**
 * TaintedPath's own barrier guards (`StartsWithDotDotSanitizer`, `StartsWithDirSanitizer`, `IsAbsoluteSanitizer`,
 * `ContainsDotDotSanitizer`, `ContainsDotDotRegExpSanitizer`, `RelativePathStartsWithSanitizer`,
 * `IsInsideCheckSanitizer`): a file that calls `startsWith` or `isAbsolute`, writes `..` in a string or regular
 * expression, or loads path-is-inside or is-path-inside is not named.
 */
const PATH_GUARDS = /\b(?:startsWith|isAbsolute)\s*\(|\.\.(?=[/'"`\\])|(?<=['"`/])\.\.|\\\.\\\.|\bpath-is-inside\b|\bis-path-inside\b/;

/** `RegExpSanitizationCall`: a call whose callee name says it escapes regular expression characters. */
const REGEXP_SANITIZER_NAME = /^(?:(?:escape|saniti[sz]e)regexp?|regexp?(?:escape|saniti[sz]e))$/i;

type StepTest = (context: CodeRuleContext, description: string, index: number, steps: readonly string[], flow: TaintFlow) => boolean;

/** One of the finding's flows CodeQL follows from the ServerLess.qll event to the sink, or undefined. */
function codeqlFlow(context: CodeRuleContext, descriptor: CodeReportDescriptor, kind: SinkKind, stepTest: StepTest = (c, d) => isCodeqlStep(c, d)): { sink: TaintSink; flow: TaintFlow } | undefined {
  const document = context.code;
  if (descriptor.handler === undefined || UNREAD_GUARDS.test(context.text)) return undefined;
  if (kind === 'path' && PATH_GUARDS.test(context.text)) return undefined;
  const candidate = document.handlers.find((entry) => entry.exportName === descriptor.handler);
  if (!candidate || candidate.functionLocation.path !== undefined || candidate.wrappedBy.length > 0 || candidate.webApp || !candidate.eventParameter || !/^[\w$]+$/.test(candidate.eventParameter)) return undefined;
  if (!isCodeqlServerlessHandler(context.bindings, descriptor.handler)) return undefined;
  const sink = document.sinks.find((entry) => entry.kind === kind && entry.argumentLocation.path === undefined && entry.location.path === undefined && entry.argumentLocation.range.start === descriptor.range.start && entry.argumentLocation.range.end === descriptor.range.end);
  if (!sink) return undefined;
  const flow = document.flows.find((entry) => {
    if (entry.sinkId !== sink.id || entry.handler !== descriptor.handler || entry.passedGuards.length > 0) return false;
    const source = document.sources[entry.sourceId];
    const descriptions = entry.steps.map((step) => step.description);
    return !!source && source.location.path === undefined && entry.steps.every((step, index) => step.location.path === undefined && stepTest(context, step.description, index, descriptions, entry));
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

/** The local names a whole-module import of `specifier` binds (`import * as path from 'path'` and its CommonJS form). */
function moduleLocals(context: CodeRuleContext, specifier: string): string[] {
  return context.code.imports
    .filter((entry) => entry.specifier === specifier && entry.style !== 'dynamic')
    .flatMap((entry) => entry.names.filter((name) => name.imported === '*' || name.imported === 'default').map((name) => name.local));
}

const ARGUMENTLESS_PATH_METHODS = new Set(['trim', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase']);
const PATH_FUNCTIONS = new Set(['join', 'normalize', 'resolve', 'dirname']);
/** Steps that keep the value as it is: after a `path` function's state change, only these may follow. */
const VALUE_STEP = /^(?:(?:assigned to|destructured into) `[^`]+`|(?:argument \d+ of|returned from) `[\w$]+`|reaches `.*)$/;

/**
 * The steps of `TaintedPath::isAdditionalFlowStep` and value flow. `path.join`/`normalize`/`resolve`/`dirname` (through
 * a whole-module `path` import) change the flow state (normalised, absolute): one of them per flow, followed only by
 * value steps, so that no state rule (a `path.join` or concatenation operand that cannot hold `../`) ends the flow.
 * Not taken: `JSON.parse`, `encodeURI`, `slice`/`substring` (only with a constant index), `replace` (depends on the
 * pattern), `split`, and the others TaintTracking adds.
 */
function pathStep(context: CodeRuleContext, description: string, index: number, steps: readonly string[]): boolean {
  if (/^(assigned to|destructured into) `[^`]+`$/.test(description)) return true;
  if (description === 'template string' || description === 'string concatenation') return true;
  if (/^reaches `/.test(description)) return true;
  const method = /^`\.([\w$]+)\(\)`$/.exec(description);
  if (method) return ARGUMENTLESS_PATH_METHODS.has(method[1]);
  const call = /^(?:argument \d+ of|returned from) `([\w$]+)`$/.exec(description);
  if (call) return isLocalFunction(context, call[1]);
  const global = /^`([\w$]+)`$/.exec(description);
  if (global) return global[1] === 'decodeURIComponent' || global[1] === 'decodeURI';
  const pathCall = /^`([\w$]+)\.([\w$]+)`$/.exec(description);
  if (pathCall && PATH_FUNCTIONS.has(pathCall[2]) && moduleLocals(context, 'path').includes(pathCall[1])) {
    return steps.slice(index + 1).every((later) => VALUE_STEP.test(later));
  }
  return false;
}

/**
 * TaintTracking's steps, without the ones RegExpInjection's sanitisers sit on (`replace` calls, escaping functions) and
 * without `split`, whose array `isInterpretedAsRegExp` (it asks that the value may be a string) does not take.
 */
function regexStep(context: CodeRuleContext, description: string): boolean {
  if (/^`\.(replace|replaceAll|split)\(\)`$/.test(description)) return false;
  const call = /^(?:argument \d+ of|returned from) `([\w$]+)`$/.exec(description);
  if (call && REGEXP_SANITIZER_NAME.test(call[1])) return false;
  return isCodeqlStep(context, description);
}

const FS_MODULES = new Set(['fs', 'fs/promises', 'graceful-fs', 'fs-extra']);
/**
 * `fsFileParam`: methods whose parameter 0 the Node.js externs (`javascript/externs/nodejs/fs.js`) name `filename`
 * or `path`/`oldPath`, and fs-extra's list (`fsExtraExtensionFileParam`, which NodeJSLib applies to every fs module).
 */
const FS_PATH_METHODS = new Set([
  'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createReadStream', 'createWriteStream', 'unlink', 'unlinkSync',
  'rmdir', 'rmdirSync', 'readdir', 'readdirSync', 'mkdir', 'mkdirSync', 'open', 'openSync', 'rename', 'renameSync', 'copyFile', 'copyFileSync', 'rm', 'rmSync',
  'remove', 'removeSync', 'outputFile', 'readJson', 'readJSON', 'writeJson',
]);

/**
 * js/path-injection (`TaintedPathCustomizations.qll`'s `FsPathSink`, NodeJSLib's `NodeJSFileSystemAccess` and
 * `FS::moduleMember`): the path argument of a method of `fs`, `fs/promises`, `graceful-fs` or `fs-extra` (also
 * the `promises` member of `fs`), imported under that exact name. Named on argument 0 of the methods above.
 */
function pathChecks(context: CodeRuleContext, sink: TaintSink): string[] {
  const split = /^(.*)\.([\w$]+)$/.exec(sink.callee);
  if (!split || !FS_PATH_METHODS.has(split[2])) return [];
  const module = split[1] === 'fs.promises' ? 'fs' : split[1];
  if (!FS_MODULES.has(module) || !imports(context, module)) return [];
  const head = headOf(context, sink);
  return /^(?:[\w$]+\.){0,2}[\w$]+\s*\(\s*$/.test(head) ? ['js/path-injection'] : [];
}

/**
 * js/regex-injection (`RegExpInjectionCustomizations.qll`, `isInterpretedAsRegExp` in `Regexp.qll`): argument 0 of the
 * global `RegExp`, with or without `new`.
 */
function regexChecks(context: CodeRuleContext, sink: TaintSink): string[] {
  return sink.callee === 'RegExp' && firstArgumentOf(headOf(context, sink)) === 'RegExp' ? ['js/regex-injection'] : [];
}

/**
 * js/unsafe-deserialization (`UnsafeDeserializationCustomizations.qll`'s `JsYamlUnsafeLoad`): argument 0 of js-yaml's
 * `load`/`loadAll`/`safeLoad`/`safeLoadAll` given a `schema` that refers to `DEFAULT_FULL_SCHEMA` (or js-yaml-js-types).
 * Named on `<yaml>.load(x, { schema: <yaml>.DEFAULT_FULL_SCHEMA })` written inline, `<yaml>` the whole js-yaml module;
 * not node-serialize, serialize-to-js or funcster (no model read).
 */
function deserializationChecks(context: CodeRuleContext, sink: TaintSink): string[] {
  const tail = context.text.slice(sink.argumentLocation.range.end, sink.location.range.end);
  const callee = firstArgumentOf(headOf(context, sink));
  return moduleLocals(context, 'js-yaml').some((local) => {
    const n = escapeName(local);
    return callee !== undefined && new RegExp(`^${n}\\.(load|loadAll)$`).test(callee) && new RegExp(`^\\s*,\\s*\\{\\s*schema\\s*:\\s*${n}\\.DEFAULT_FULL_SCHEMA\\s*,?\\s*\\}\\s*\\)$`).test(tail);
  })
    ? ['js/unsafe-deserialization']
    : [];
}

/**
 * js/xxe (`XxeCustomizations.qll`, `XML.qll`'s `LibXmlJsParserInvocation`): argument 0 of a `parseXml*` member of
 * `libxmljs` (not libxmljs2) whose option argument 1 has `noent` true. Named with the options written inline.
 */
function xxeChecks(context: CodeRuleContext, sink: TaintSink): string[] {
  const tail = context.text.slice(sink.argumentLocation.range.end, sink.location.range.end);
  const callee = firstArgumentOf(headOf(context, sink));
  const named = moduleLocals(context, 'libxmljs').some((local) => callee !== undefined && new RegExp(`^${escapeName(local)}\\.parseXml[\\w$]*$`).test(callee));
  return named && /^\s*,\s*\{[^{}]*\bnoent\s*:\s*true\b[^{}]*\}\s*\)$/.test(tail) ? ['js/xxe'] : [];
}

/** A piece of an expression as written: its text and its offset in the file. */
interface Piece {
  text: string;
  start: number;
}

/**
 * `text` (from offset `start`) split at `separator` where it stands at the top level: outside strings, template
 * strings, comments are not expected, and outside brackets. Undefined when the text does not close what it opens.
 */
function splitTopLevel(text: string, start: number, separator: ',' | '+'): Piece[] | undefined {
  const pieces: Piece[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = closingQuote(text, i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '`') {
      const end = templateEnd(text, i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth < 0) return undefined;
    } else if (c === separator && depth === 0) {
      // `++` and `+=` are not concatenation operands' separators: such text is not read.
      if (separator === '+' && (text[i + 1] === '+' || text[i + 1] === '=' || text[i - 1] === '+')) return undefined;
      pieces.push(trimmed(text.slice(from, i), start + from));
      from = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  pieces.push(trimmed(text.slice(from), start + from));
  return pieces;
}

function trimmed(text: string, start: number): Piece {
  const lead = text.length - text.trimStart().length;
  return { text: text.trim(), start: start + lead };
}

function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === text[open]) return i;
  }
  return -1;
}

/** The offset of the backtick that closes the template string opened at `open`, across nested `${...}`. */
function templateEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '`') return i;
    else if (text[i] === '$' && text[i + 1] === '{') {
      const end = substitutionEnd(text, i + 1);
      if (end < 0) return -1;
      i = end;
    }
  }
  return -1;
}

/** The offset of the `}` that closes the `${` whose brace is at `brace`. */
function substitutionEnd(text: string, brace: number): number {
  let depth = 0;
  for (let i = brace; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i = closingQuote(text, i);
      if (i < 0) return -1;
    } else if (c === '`') {
      i = templateEnd(text, i);
      if (i < 0) return -1;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/**
 * The operands of a concatenation (`a + b`) or of a template string, in order, each constant text (a string literal,
 * a template string without substitutions, the template's literal parts) or an expression. Undefined for other text.
 */
function concatenationOperands(text: string, start: number): Array<Piece & { constant?: string }> | undefined {
  if (text.startsWith('`') && templateEnd(text, 0) === text.length - 1) {
    const operands: Array<Piece & { constant?: string }> = [];
    let from = 1;
    for (let i = 1; i < text.length - 1; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '$' && text[i + 1] === '{') {
        const end = substitutionEnd(text, i + 1);
        if (end < 0) return undefined;
        if (i > from) operands.push({ text: text.slice(from, i), start: start + from, constant: text.slice(from, i) });
        operands.push(trimmed(text.slice(i + 2, end), start + i + 2));
        from = end + 1;
        i = end;
      }
    }
    if (text.length - 1 > from) operands.push({ text: text.slice(from, -1), start: start + from, constant: text.slice(from, -1) });
    return operands;
  }
  const pieces = splitTopLevel(text, start, '+');
  if (!pieces || pieces.length < 2) return undefined;
  return pieces.map((piece) => {
    const literal = /^(['"])([\s\S]*)\1$/.exec(piece.text) ?? /^`([^`$\\]*)`$/.exec(piece.text);
    return literal ? { ...piece, constant: literal[literal.length - 1] } : piece;
  });
}

/**
 * The pieces of `pieces` the taint enters by, as far as the flow tells: the one holding the previous step (or the
 * source) when that lies inside this step, the ones that read the name the previous step assigned, else all of
 * them that are not constant text.
 */
function taintedPieces<T extends Piece & { constant?: string }>(context: CodeRuleContext, flow: TaintFlow, index: number, pieces: readonly T[]): T[] {
  const step = flow.steps[index];
  const previous = index > 0 ? flow.steps[index - 1].location : context.code.sources[flow.sourceId]?.location;
  const inside = previous && previous.path === undefined && previous.range.start >= step.location.range.start && previous.range.end <= step.location.range.end;
  if (previous && inside) {
    const holding = pieces.filter((piece) => previous.range.start >= piece.start && previous.range.end <= piece.start + piece.text.length);
    if (holding.length > 0) return holding;
  }
  const assigned = index > 0 ? /^(?:assigned to|destructured into) `([\w$]+)`$/.exec(flow.steps[index - 1].description) : null;
  if (assigned) {
    const reading = pieces.filter((piece) => piece.constant === undefined && new RegExp(`^${escapeName(assigned[1])}(?![\\w$])`).test(piece.text));
    if (reading.length > 0) return reading;
  }
  return pieces.filter((piece) => piece.constant === undefined);
}

/**
 * RequestForgery's `isBarrierOut(sanitizingPrefixEdge)` (`UrlConcatenation.qll`): an operand of a concatenation or
 * template string stops there when an operand before it holds `?` or `#`, or is a value CodeQL does not know in full
 * (`isIncomplete`) not followed by a text ending in `/`. We take the step only when every operand the taint may
 * enter by has only constant text without `?` or `#` before it: an expression before it, whose value we do not
 * read, and the step is not taken.
 */
function prefixKeepsTaint(context: CodeRuleContext, flow: TaintFlow, index: number): boolean {
  const range = flow.steps[index].location.range;
  const operands = concatenationOperands(context.text.slice(range.start, range.end), range.start);
  if (!operands) return false;
  const tainted = taintedPieces(context, flow, index, operands);
  return tainted.length > 0 && tainted.every((operand) => operands.slice(0, operands.indexOf(operand)).every((before) => before.constant !== undefined && !/[?#]/.test(before.constant)));
}

/**
 * RequestForgery's steps: TaintTracking's, without `encodeURI`/`encodeURIComponent` (its `UriEncodingSanitizer`) and
 * `concat`/`join` (concatenations whose prefix we do not read), with `isAdditionalRequestForgeryStep`'s
 * `new URL(x)` (the global `URL`, the taint in its first argument), and a concatenation or template string only
 * where `sanitizingPrefixEdge` does not stop it.
 */
function forgeryStep(context: CodeRuleContext, description: string, index: number, steps: readonly string[], flow: TaintFlow): boolean {
  if (/^`(encodeURI|encodeURIComponent)`$/.test(description) || /^`\.(concat|join)\(\)`$/.test(description)) return false;
  if (description === 'template string' || description === 'string concatenation') return prefixKeepsTaint(context, flow, index);
  if (description === '`URL`') {
    const range = flow.steps[index].location.range;
    const call = /^new\s+URL\s*\(([\s\S]*)\)$/.exec(context.text.slice(range.start, range.end));
    if (!call || context.code.imports.some((entry) => entry.names.some((name) => name.local === 'URL'))) return false;
    const open = range.start + context.text.slice(range.start, range.end).indexOf('(') + 1;
    const args = splitTopLevel(call[1], open, ',');
    if (!args) return false;
    const tainted = taintedPieces(context, flow, index, args);
    return tainted.length > 0 && tainted.every((arg) => arg === args[0]);
  }
  return isCodeqlStep(context, description);
}

/** `HTTP::RequestMethodName` in lower case: the members `httpMethodName()` names in `ClientRequests.qll`. */
const HTTP_METHOD_NAMES = new Set(['checkout', 'copy', 'delete', 'get', 'head', 'lock', 'merge', 'mkactivity', 'mkcol', 'move', 'm-search', 'notify', 'options', 'patch', 'post', 'purge', 'put', 'report', 'search', 'subscribe', 'trace', 'unlock', 'unsubscribe']);
const GOT_METHODS = new Set(['stream', 'get', 'post', 'put', 'patch', 'head', 'delete']);
const NEEDLE_METHODS = new Set(['get', 'head', 'post', 'put', 'patch', 'delete', 'request']);
/** A simple argument before the one we look at: a number, a string, a name or a member chain. */
const SIMPLE_ARGUMENT = String.raw`(?:\d+|'[^'\\]*'|"[^"\\]*"|\x60[^\x60$\\]*\x60|[\w$]+(?:\.[\w$]+)*)`;
/** The callee as written before its `(`: a name or a member chain, with `new`. */
const CALLEE = String.raw`(?:new\s+)?[\w$.]+\s*`;
/** For a socket's `connect`, whatever the receiver: from the member on. */
const CONNECT = String.raw`\.connect\s*`;

/**
 * The position (0 or 1) of the object literal that holds the sink as its top-level property `property`, from the
 * call as written up to the value; undefined when the property is deeper, computed, or after a complex argument.
 */
function optionPosition(head: string, argument: string, property: string, callee = CALLEE): number | undefined {
  const value = argument === property ? '$' : `(?:${property}|'${property}'|"${property}")\\s*:\\s*$`;
  const inObject = (before: string) => new RegExp(`^${callee}\\(\\s*${before}\\{(?:[^{}]*,)?\\s*${value}`).test(head);
  if (inObject('')) return 0;
  if (inObject(`${SIMPLE_ARGUMENT}\\s*,\\s*`)) return 1;
  return undefined;
}

/** The position (0 or 1) of the sink argument in the call, from the call as written up to it. */
function argumentPosition(head: string, callee = CALLEE): number | undefined {
  if (new RegExp(`^${callee}\\(\\s*$`).test(head)) return 0;
  if (new RegExp(`^${callee}\\(\\s*${SIMPLE_ARGUMENT}\\s*,\\s*$`).test(head)) return 1;
  return undefined;
}

/**
 * js/request-forgery's sinks (`RequestForgeryCustomizations.qll`'s `ClientRequestUrlAsSink`: `getUrl()` and
 * `getHost()` of every `ClientRequest`), for the client requests our `url` sinks record. From `ClientRequests.qll` and
 * NodeJSLib's `NodeHttpUrlRequest`:
 * - the global `fetch`, and `node-fetch`, `cross-fetch`, `isomorphic-fetch` called: argument 0;
 * - axios called, or its member of an HTTP method name or `request`: argument 0, or the `url`/`uri` property of the
 *   options (argument 0 for a call or `request`, 1 for `get`/`delete`/`head`, 2 for `post`/`put`/`patch`); its
 *   `host` option. Not an instance of `axios.create`, not `axios.default.*`;
 * - got called, `got.extend(...)`, or its `stream`/`get`/`post`/`put`/`patch`/`head`/`delete`: argument 0 when
 *   argument 1 has no `baseUrl`; argument 1's `host`/`hostname`;
 * - `http`/`https` `request`, `get` (and members of other method names): argument 0; argument 1's `host`/`hostname`;
 * - needle's `get`, `head`, `post`, `put`, `patch`, `delete`, `request`: argument 0 (`needle(method, url)`: argument 1);
 * - request and request-promise(-any, -native), called or a member of an HTTP method name: argument 0, or argument 0's
 *   `url`/`uri`;
 * - superagent's members of an HTTP method name (not the module called): argument 0;
 * - `connect` of a `new net.Socket()`: argument 0 or 1, or argument 0's `host`. Not `net.connect`, `tls.connect`.
 * Plus the models-as-data row `axios` `interceptors.request.use` callback's `url` (`ext/axios.model.yml`), which we
 * do not record. ky, phin, undici, follow-redirects and `net.connect`/`tls.connect`, which we record, it models not.
 */
function forgeryChecks(context: CodeRuleContext, sink: TaintSink): string[] {
  const head = headOf(context, sink);
  const argument = context.text.slice(sink.argumentLocation.range.start, sink.argumentLocation.range.end);
  const tail = context.text.slice(sink.argumentLocation.range.end, sink.location.range.end);
  // `<module>[.<member path>][ <property>]`: `axios.get`, `https.request host`, `net.Socket.connect`, `axios.create.get`.
  const split = /^([\w$-]+)(?:\.([\w$.]+))?(?: ([\w$]+))?$/.exec(sink.callee);
  if (!split) return [];
  const [, module, member, property] = split;
  if (!imports(context, module) && module !== 'fetch') return [];
  const direct = property === undefined && firstArgumentOf(head) !== undefined;
  const named = (holds: boolean) => (holds ? ['js/request-forgery'] : []);
  switch (module) {
    case 'fetch':
      return named(member === undefined && property === undefined && firstArgumentOf(head) === 'fetch' && !context.code.imports.some((entry) => entry.names.some((name) => name.local === 'fetch')));
    case 'node-fetch':
    case 'cross-fetch':
    case 'isomorphic-fetch':
      return named(member === undefined && direct);
    case 'axios': {
      const method = member ?? 'request';
      if (member !== undefined && !HTTP_METHOD_NAMES.has(member) && member !== 'request') return [];
      if (property === undefined) return named(direct);
      const optionsAt = method === 'request' ? 0 : /^(get|delete|head)$/.test(method) ? 1 : undefined;
      // Our axios sinks record the `url` of argument 0 or 1 (not `uri`, nor the `host` CodeQL also models).
      return named(property === 'url' && optionsAt !== undefined && optionPosition(head, argument, property) === optionsAt);
    }
    case 'got':
      if (member !== undefined && !GOT_METHODS.has(member)) return [];
      // `getUrl()` holds only without a `baseUrl` option; an argument 1 we cannot see whole might hold one.
      return named(direct && (/^\s*\)$/.test(tail) || (/^\s*,\s*\{[^{}]*\}\s*\)$/.test(tail) && !/\bbaseUrl\b/.test(tail))));
    case 'http':
    case 'https':
      if (member === undefined || (member !== 'request' && !HTTP_METHOD_NAMES.has(member))) return [];
      if (property === undefined) return named(direct);
      return named((property === 'host' || property === 'hostname') && optionPosition(head, argument, property) === 1);
    case 'needle':
      // `needle(method, url)` takes the URL second, where our sink records it too.
      if (member === undefined) return named(property === undefined && argumentPosition(head) === 1);
      return named(NEEDLE_METHODS.has(member) && direct);
    case 'request':
    case 'request-promise':
      if (member !== undefined && !HTTP_METHOD_NAMES.has(member)) return [];
      if (property === undefined) return named(direct);
      return named(property === 'url' && optionPosition(head, argument, property) === 0);
    case 'superagent':
      return named(member !== undefined && HTTP_METHOD_NAMES.has(member) && direct);
    case 'net':
      if (member !== 'Socket.connect' || !/\.connect\s*\(/.test(head)) return [];
      if (property === undefined) return named(argumentPosition(head.slice(head.lastIndexOf('.connect')), CONNECT) !== undefined);
      return named(property === 'host' && optionPosition(head.slice(head.lastIndexOf('.connect')), argument, property, CONNECT) === 0);
    default:
      return [];
  }
}

const CHECKS: Partial<Record<SinkKind, { check: (context: CodeRuleContext, sink: TaintSink) => string[]; steps?: StepTest }>> = {
  command: { check: commandChecks },
  'code-eval': { check: codeEvalChecks },
  path: { check: pathChecks, steps: pathStep },
  regex: { check: regexChecks, steps: (context, description) => regexStep(context, description) },
  deserialization: { check: deserializationChecks },
  xml: { check: xxeChecks },
  url: { check: forgeryChecks, steps: forgeryStep },
};

/** The CodeQL queries (ids) that report this finding's flow into a sink of `kind`. */
export function codeqlChecks(context: CodeRuleContext, descriptor: CodeReportDescriptor, kind: SinkKind): string[] {
  const entry = CHECKS[kind];
  if (!entry) return [];
  const found = codeqlFlow(context, descriptor, kind, entry.steps);
  return found ? entry.check(context, found.sink) : [];
}

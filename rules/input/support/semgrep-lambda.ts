/**
 * Where Semgrep's `javascript.aws-lambda.security.*` taint rules (semgrep/semgrep-rules, javascript/aws-lambda/security/)
 * fire, so that a code injection finding names one only where it would also fire. Read from their YAML:
 *
 * - Source: every use of the handler's first parameter `$EVENT`, inside `exports.handler = function ($EVENT, ...) {...}`
 *   (arrow and async functions match, as their tests show) or a function that `exports.handler = $FUNC` names.
 *   So: the export named `handler`, written as `exports.handler = ...` (not `module.exports.handler`, not an ES
 *   `export`), its first parameter a plain name. Semgrep's open-source taint is intraprocedural: we ask that the
 *   source, every step and the sink lie in this file, inside the handler's own function.
 * - Sinks, per rule, each with the module it asks the file to import (see `SINKS`). The rules have no sanitiser
 *   but `dynamodb-request-object`'s (any object literal), which is why that one is not named: our NoSQL sinks are
 *   properties of an object literal.
 *
 * Data only; the rules call `namingSemgrepLambda` around `reportFlowsInto`.
 */
import type { CodeDocument, CodeReportDescriptor, CodeRuleContext, SinkKind, TaintSink, TextRange } from '../../../server/src/engine';
import { codeqlChecks } from './codeql-serverless';

const PREFIX = 'javascript.aws-lambda.security.';

interface SinkCall {
  /** The call as written, from its start to the argument's start (`cp.exec(`). */
  head: string;
  /** The argument as written. */
  argument: string;
  /** The text after the argument up to the call's end (`, opts)`). */
  tail: string;
  /** The whole sink location's text (for HTML sinks: the response object). */
  whole: string;
}

function callOf(text: string, sink: TaintSink): SinkCall {
  const start = sink.location.range.start;
  const end = sink.location.range.end;
  const argument = sink.argumentLocation.range;
  return {
    head: text.slice(start, argument.start),
    argument: text.slice(argument.start, argument.end),
    tail: text.slice(argument.end, end),
    whole: text.slice(start, end),
  };
}

/** The argument is the call's first: only the callee and `(` come before it. */
function isFirst(call: SinkCall, callee: RegExp): boolean {
  const match = /^(?:new\s+)?([\w$.]+)\s*\(\s*$/.exec(call.head);
  return !!match && callee.test(match[1]);
}

/** The argument is the call's last: only `)` follows it. */
function isLast(call: SinkCall): boolean {
  return /^\s*,?\s*\)$/.test(call.tail);
}

function imports(document: CodeDocument, specifiers: readonly string[], style?: 'commonjs'): boolean {
  return document.imports.some((entry) => specifiers.includes(entry.specifier) && (style === undefined ? entry.style !== 'dynamic' : entry.style === style));
}

/** The local name `const $X = require ('<specifier>')` binds (a whole-module require), as the SSRF rules ask. */
function requiredAs(document: CodeDocument, specifier: string): string[] {
  return document.imports
    .filter((entry) => entry.specifier === specifier && entry.style === 'commonjs')
    .flatMap((entry) => entry.names.filter((name) => name.imported === '*' || name.imported === 'default').map((name) => name.local));
}

const SQL_WORDS = /\b(select|delete|insert|create|update|alter|drop)\b/i;
const escape = (name: string) => name.replace(/[$]/g, '\\$');

/** tainted-sql-string and tainted-html-string: a template literal with `${...}`, or a string literal joined with `+`. */
function builtString(texts: readonly string[], words: RegExp): boolean {
  return texts.some((text) => {
    const trimmed = text.trim();
    if (/^`[\s\S]*\$\{[\s\S]*`$/.test(trimmed)) return words.test(trimmed);
    const literal = /^(["'])((?:\\.|(?!\1)[^\\])*)\1\s*\+/.exec(trimmed);
    return !!literal && words.test(literal[2]);
  });
}

type SinkRule = (document: CodeDocument, call: SinkCall, sink: TaintSink, texts: readonly string[]) => string[];

const SINKS: Partial<Record<SinkKind, SinkRule>> = {
  // detect-child-process: exec/execSync/spawn/spawnSync (bare or `$CP.`), the command as first argument, in a file
  // that requires or imports 'child_process'.
  command: (document, call, sink) =>
    sink.callee.startsWith('child_process.') && imports(document, ['child_process']) && isFirst(call, /^(?:[\w$]+\.)?(exec|execSync|spawn|spawnSync)$/)
      ? ['detect-child-process']
      : [],
  // tainted-eval: eval($CODE), (new) Function(..., $CODE). vm-runincontext-injection: the vm calls and constructors
  // (bare or `$VM.`), the code as first argument, in a file that requires or imports 'vm'.
  'code-eval': (document, call) => {
    if (/^eval\s*\(\s*$/.test(call.head) && isLast(call)) return ['tainted-eval'];
    if (/^(?:new\s+)?Function\s*\(/.test(call.head) && isLast(call)) return ['tainted-eval'];
    if (imports(document, ['vm']) && isFirst(call, /^(?:[\w$]+\.)?(runInContext|runInNewContext|runInThisContext|compileFunction|Script|SourceTextModule)$/)) return ['vm-runincontext-injection'];
    return [];
  },
  // tainted-sql-string: the SQL text built in the handler; mysql-sqli, pg-sqli, sequelize-sqli: `$X.query($Q, ...)`
  // (mysql also `.execute`) in a file importing the driver; knex-sqli: `.raw`, `.whereRaw`, `.fromRaw` with knex.
  sql: (document, call, _sink, texts) => {
    const out: string[] = [];
    if (builtString(texts, SQL_WORDS)) out.push('tainted-sql-string');
    if (imports(document, ['mysql', 'mysql2', 'mysql2/promise']) && isFirst(call, /\.(query|execute)$/)) out.push('mysql-sqli');
    if (imports(document, ['pg']) && isFirst(call, /\.query$/)) out.push('pg-sqli');
    if (imports(document, ['sequelize']) && isFirst(call, /\.query$/)) out.push('sequelize-sqli');
    if (imports(document, ['knex']) && isFirst(call, /\.(raw|whereRaw|fromRaw)$/)) out.push('knex-sqli');
    return out;
  },
  // fetch-ssrf: fetch($URL, ...). axios-ssrf: `$AXIOS = require ('axios')`, then $AXIOS.get/delete/head/options/put/
  // patch (no post) or $AXIOS.default.<same>, or $AXIOS($URL) with a URL. request-ssrf: `$REQ = require ('request')`,
  // then $REQ.get/post/put/patch/del/head/options or $REQ($URL). Object-literal forms (`{ url }`) are not named.
  url: (document, call) => {
    const out: string[] = [];
    if (isFirst(call, /^fetch$/)) out.push('fetch-ssrf');
    for (const local of requiredAs(document, 'axios')) {
      if (isFirst(call, new RegExp(`^${escape(local)}(?:\\.default)?(?:\\.(get|delete|head|options|put|patch))?$`))) out.push('axios-ssrf');
    }
    for (const local of requiredAs(document, 'request')) {
      if (isFirst(call, new RegExp(`^${escape(local)}(?:\\.(get|post|put|patch|del|head|options))?$`))) out.push('request-ssrf');
    }
    return [...new Set(out)];
  },
  // tainted-html-response: the `body` of an object literal whose `headers` hold 'Content-Type': 'text/html' exactly.
  // tainted-html-string: HTML text (`<tag`) built in the handler.
  html: (_document, call, _sink, texts) => {
    const out: string[] = [];
    if (/headers\s*:\s*\{[^{}]*['"]Content-Type['"]\s*:\s*['"]text\/html['"]/.test(call.whole) && /\bbody\s*:/.test(call.whole)) out.push('tainted-html-response');
    if (builtString(texts, /<\w+/)) out.push('tainted-html-string');
    return out;
  },
};

/**
 * javascript.lang.security.audit.detect-non-literal-regexp (javascript/lang/security/audit/detect-non-literal-regexp.yaml):
 * taint from a parameter of the enclosing function into `new RegExp($ARG, ...)` or `RegExp($ARG, ...)`, not a
 * literal. Named on flows from the handler's event parameter that stay in the handler's own function.
 */
const REGEX: SinkRule = (_document, call) =>
  isFirst(call, /^RegExp$/) ? ['javascript.lang.security.audit.detect-non-literal-regexp.detect-non-literal-regexp'] : [];

const within = (inner: TextRange, outer: TextRange) => inner.start >= outer.start && inner.end <= outer.end;

/** The Semgrep aws-lambda rules (full ids) that fire on this finding of a flow into a sink of `kind`. */
export function semgrepLambdaChecks(context: CodeRuleContext, descriptor: CodeReportDescriptor, kind: SinkKind): string[] {
  // detect-non-literal-regexp takes any parameter of the enclosing function as its source, whatever the export.
  const anyExport = kind === 'regex';
  const sinkRule = anyExport ? REGEX : SINKS[kind];
  const document = context.code;
  if (!sinkRule || descriptor.handler === undefined || (!anyExport && descriptor.handler !== 'handler')) return [];
  const candidate = document.handlers.find((entry) => entry.exportName === descriptor.handler);
  if (!candidate || candidate.functionLocation.path !== undefined || !candidate.eventParameter || !/^[\w$]+$/.test(candidate.eventParameter)) return [];
  const written = document.exports.find((entry) => entry.name === 'handler');
  if (!anyExport && (!written || !/^exports\.handler\s*=/.test(context.text.slice(written.range.start, written.range.end)))) return [];
  const body = candidate.functionLocation.range;
  const sink = document.sinks.find((entry) => entry.kind === kind && entry.argumentLocation.path === undefined && entry.argumentLocation.range.start === descriptor.range.start && entry.argumentLocation.range.end === descriptor.range.end);
  if (!sink || !within(sink.location.range, body)) return [];
  const flows = document.flows.filter((flow) => flow.sinkId === sink.id && flow.handler === descriptor.handler);
  const local = flows.filter((flow) => {
    const source = document.sources[flow.sourceId];
    return !!source && source.location.path === undefined && within(source.location.range, body) && flow.steps.every((step) => step.location.path === undefined && within(step.location.range, body));
  });
  if (local.length === 0) return [];
  const texts = [...new Set(local.flatMap((flow) => flow.steps.map((step) => context.text.slice(step.location.range.start, step.location.range.end))))];
  texts.push(context.text.slice(sink.argumentLocation.range.start, sink.argumentLocation.range.end));
  return sinkRule(document, callOf(context.text, sink), sink, texts).map((id) => (anyExport ? id : `${PREFIX}${id}`));
}

/**
 * Sonar's S2755 in SonarJS (packages/jsts/src/rules/S2755/rule.ts) is not a taint rule: it reports a call whose fully
 * qualified name is `libxmljs.parseXml` or `libxmljs.parseXmlString` with a `noent` option whose value is the literal
 * `true`, whatever the input. Named on our XML findings at such a call with the options written inline.
 */
export function sonarXxeChecks(context: CodeRuleContext, descriptor: CodeReportDescriptor): string[] {
  const sink = context.code.sinks.find((entry) => entry.kind === 'xml' && entry.argumentLocation.path === undefined && entry.argumentLocation.range.start === descriptor.range.start && entry.argumentLocation.range.end === descriptor.range.end);
  if (!sink || (sink.callee !== 'libxmljs.parseXml' && sink.callee !== 'libxmljs.parseXmlString')) return [];
  const { tail } = callOf(context.text, sink);
  return /^\s*,\s*\{[^{}]*\bnoent\s*:\s*true\b[^{}]*\}\s*\)$/.test(tail) ? ['S2755'] : [];
}

/**
 * The context to give `reportFlowsInto`: each finding names the Semgrep aws-lambda rules (for XML Sonar's S2755 instead)
 * that fire on it, and the CodeQL queries that report its flow (support/codeql-serverless.ts).
 */
export function namingSemgrepLambda(context: CodeRuleContext, kind: SinkKind): CodeRuleContext {
  return {
    ...context,
    report: (descriptor) => {
      const named = [...(kind === 'xml' ? sonarXxeChecks(context, descriptor) : semgrepLambdaChecks(context, descriptor, kind)), ...codeqlChecks(context, descriptor, kind)];
      context.report(named.length > 0 ? { ...descriptor, equivalents: [...(descriptor.equivalents ?? []), ...named] } : descriptor);
    },
  };
}

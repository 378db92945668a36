/**
 * What the code injection rules share: each reports the flows of the code model whose sink has one
 * kind, once per sink and handler, naming the source, the sink and the trigger, with the flow's
 * steps and the validators it passed that do not constrain it. The rules differ only in their
 * metadata, their sink kind and (for commands) a fix.
 */
import type { CodeDocument, CodeLocation, CodeRuleContext, Fix, FlowStep, Guard, SinkKind, TaintFlow, TaintSink, TextRange, TriggerKind } from '../../../server/src/engine';

const TRIGGER_LABELS: Record<TriggerKind, string> = {
  'api-rest': 'API Gateway REST API',
  'api-http': 'API Gateway HTTP API',
  'function-url': 'function URL',
  alb: 'Application Load Balancer',
  websocket: 'WebSocket API',
  s3: 'S3 event',
  sqs: 'SQS message',
  sns: 'SNS message',
  eventbridge: 'EventBridge event',
  kinesis: 'Kinesis record',
  'dynamodb-stream': 'DynamoDB stream record',
  cognito: 'Cognito trigger',
  appsync: 'AppSync resolver',
  schedule: 'schedule',
  'custom-resource': 'CloudFormation custom resource',
  's3-object-lambda': 'S3 Object Lambda',
  cloudfront: 'CloudFront (Lambda@Edge)',
  unknown: 'unknown trigger',
};

export function triggerLabel(trigger: TriggerKind): string {
  return TRIGGER_LABELS[trigger] ?? trigger;
}

/** What a sink of each kind takes from the value, for "it does not constrain the URL". */
const SINK_NOUNS: Record<SinkKind, string> = {
  command: 'the command',
  'code-eval': 'the evaluated code',
  sql: 'the SQL',
  nosql: 'the query',
  path: 'the file path',
  url: 'the URL',
  deserialization: 'the deserialised data',
  xml: 'the XML',
  redirect: 'the redirect target',
  html: 'the HTML',
  regex: 'the regular expression',
};

/** At most this many guards are named per finding: the first ones on the path are where a fix belongs. */
const MAX_GUARDS_NAMED = 3;

/**
 * Why a guard the flow went through did not stop it, in words for `related`; undefined for guards that
 * are not validation (a fixed URL host is about URLs, and says nothing about other sinks).
 */
export function guardMessage(guard: Guard, sinkKind: SinkKind): string | undefined {
  const noun = SINK_NOUNS[sinkKind];
  const library = guard.library ?? guard.kind;
  switch (guard.kind) {
    case 'schema': {
      const note = guard.note ?? '';
      if (note.startsWith('accepts any string')) return `this ${library} schema accepts any string: it does not constrain ${noun}`;
      if (note.startsWith('accepts any value')) return `this ${library} schema accepts any value: it does not constrain ${noun}`;
      if (note.startsWith('accepts any URL')) return `this ${library} schema accepts any URL: it checks the format, not the host, so it does not constrain ${noun}`;
      if (note.startsWith('checks the host')) return `this ${library} schema checks only the URL's host: it does not constrain ${noun}`;
      // API Gateway's request validation, for a model that covers some content types only (`edge-schema.ts`).
      if (note.startsWith('only for Content-Type')) return `${library} validates the body ${note}, so it does not constrain ${noun}`;
      const free = /^free fields stay tainted: (.*)$/.exec(note);
      if (free) return `this ${library} schema leaves ${free[1]} free: it does not constrain ${noun}`;
      return `this ${library} schema does not constrain ${noun}`;
    }
    case 'typeof':
      return `\`${library}\` proves only the type: it does not constrain ${noun}`;
    case 'regex-test':
      return `the pattern ${library} is not anchored at both ends: it does not constrain ${noun}`;
    case 'encode':
    case 'escape':
      return `\`${library}\` does not make ${noun} safe`;
    case 'validator-function':
      return `this ${library} check does not constrain ${noun}`;
    case 'allow-list':
      return `this check (\`${library}\`) does not constrain ${noun}`;
    case 'number-check':
    case 'equality':
    case 'fixed-url-prefix':
      return undefined;
  }
}

/** The guards the flows passed without being cut, in the order they were met, each with its message. */
function passedGuardsOf(document: CodeDocument, flows: readonly TaintFlow[], sinkKind: SinkKind): Array<{ location: CodeLocation; message: string }> {
  const out: Array<{ location: CodeLocation; message: string }> = [];
  const seen = new Set<number>();
  for (const flow of flows) {
    for (const id of flow.passedGuards ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      const guard = document.guards[id];
      const message = guard && guardMessage(guard, sinkKind);
      // A schema field's declaration (`z.string()`) is where the fix goes; other guards are where they run.
      if (message) out.push({ location: guard.declaration ?? guard.location, message });
      if (out.length >= MAX_GUARDS_NAMED) return out;
    }
  }
  return out;
}

export interface FlowReportOptions {
  /** Fixes for one reported sink (built from the model and the text, never by re-parsing). */
  fixesOf?: (sink: TaintSink, text: string) => Fix[];
}

/** Where to underline a sink: its argument here, or (for a sink in an imported module) the last step of the flow in this document. */
function rangeInThisDocument(document: CodeDocument, sink: TaintSink, steps: FlowStep[], handler: string): TextRange | undefined {
  if (sink.argumentLocation.path === undefined) return sink.argumentLocation.range;
  const local = [...steps].reverse().find((step) => step.location.path === undefined);
  if (local) return local.location.range;
  const candidate = document.handlers.find((entry) => entry.exportName === handler);
  if (candidate && candidate.functionLocation.path === undefined) return candidate.functionLocation.range;
  // A handler re-exported from another module: the re-export is this document's part of the flow.
  const reExport = document.reExports.find((entry) => entry.names.some((name) => name.exported === handler)) ?? document.reExports.find((entry) => entry.isStar);
  return reExport?.range;
}

/**
 * Reports every flow into a sink of `kind`: one finding per (sink, handler function), whose message names the
 * sources (`event.body`), the sink (`child_process.exec`), the handler and its trigger, or the
 * assumption made when the trigger is unknown.
 */
export function reportFlowsInto(context: CodeRuleContext, kind: SinkKind, messageId: string, options: FlowReportOptions = {}): void {
  const document = context.code;
  const groups = new Map<string, typeof document.flows>();
  // One function exported under two names (`export const landingPage = ...; export default landingPage`) is one handler.
  // Looked up once per handler, not once per flow: a file can export hundreds of handlers.
  const functionKeys = new Map<string, string>();
  for (const entry of document.handlers) if (!functionKeys.has(entry.exportName)) functionKeys.set(entry.exportName, `${entry.functionLocation.path ?? ''}@${entry.functionLocation.range.start}`);
  const functionOf = (handler: string) => functionKeys.get(handler) ?? handler;
  const bound = new Set(context.bindings.map((binding) => binding.exportName));
  const isBound = (handler: string) => bound.has(handler);
  for (const flow of [...document.flows].sort((a, b) => Number(isBound(b.handler)) - Number(isBound(a.handler)))) {
    const sink = document.sinks[flow.sinkId];
    if (!sink || sink.kind !== kind) continue;
    const key = `${flow.sinkId}|${functionOf(flow.handler)}`;
    const group = groups.get(key);
    if (group) group.push(flow);
    else groups.set(key, [flow]);
  }
  for (const flows of groups.values()) {
    // The first flow is of a bound export when one is: its binding decides the severity.
    const first = flows[0];
    const sink = document.sinks[first.sinkId];
    const range = rangeInThisDocument(document, sink, first.steps, first.handler);
    if (!range) continue;
    const sources = [...new Set(flows.filter((flow) => flow.handler === first.handler).map((flow) => document.sources[flow.sourceId]).filter((source) => source !== undefined).map((source) => `\`${source.eventPath}\``))];
    const source = document.sources[first.sourceId];
    const candidate = document.handlers.find((entry) => entry.exportName === first.handler);
    const trigger = candidate?.trigger ?? document.trigger;
    const steps: FlowStep[] = source ? [{ location: source.location, description: `\`${source.eventPath}\` is read (${source.kind})` }, ...first.steps] : first.steps;
    // A validator that ran but let the value through is where the fix belongs: the finding points at it.
    const related = passedGuardsOf(document, flows.filter((flow) => flow.handler === first.handler), sink.kind);
    context.report({
      messageId,
      data: {
        source: sources.length > 2 ? `${sources.slice(0, 2).join(', ')} and ${sources.length - 2} more` : sources.join(' and '),
        sink: `\`${sink.callee}\``,
        handler: first.handler,
        trigger: first.assumption ?? `trigger: ${triggerLabel(trigger)}`,
      },
      range,
      handler: first.handler,
      steps,
      ...(related.length > 0 && { related }),
      fixes: options.fixesOf && sink.argumentLocation.path === undefined ? options.fixesOf(sink, context.text) : undefined,
    });
  }
}

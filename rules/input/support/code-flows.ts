/**
 * What the code injection rules share: each reports the flows of the code model whose sink has one
 * kind, once per sink and handler, naming the source, the sink and the trigger, with the flow's
 * steps. The rules differ only in their metadata, their sink kind and (for commands) a fix.
 */
import type { CodeDocument, CodeRuleContext, Fix, FlowStep, SinkKind, TaintSink, TextRange, TriggerKind } from '../../../server/src/engine';

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
  const functionOf = (handler: string) => {
    const location = document.handlers.find((entry) => entry.exportName === handler)?.functionLocation;
    return location ? `${location.path ?? ''}@${location.range.start}` : handler;
  };
  const isBound = (handler: string) => context.bindings.some((binding) => binding.exportName === handler);
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
      fixes: options.fixesOf && sink.argumentLocation.path === undefined ? options.fixesOf(sink, context.text) : undefined,
    });
  }
}

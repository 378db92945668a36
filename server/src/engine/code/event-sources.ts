/**
 * Which fields of a Lambda event an attacker controls, per trigger, as data. The paths are the
 * event's JSON shape (`Records[].s3.object.key`), the same in every language, so every front end
 * shares this table; it never looks at code.
 */
import type { TriggerKind } from './model';

export interface EventSourceEntry {
  triggers: readonly TriggerKind[];
  /** Dot path with `[]` for any array element. */
  path: string;
  /** The source kind reported: `event.body`, `s3.key`, ... */
  kind: string;
  /** Trusted fields end a flow: authorizer claims are set by API Gateway after it verified the caller. */
  isTrusted?: boolean;
  /**
   * The field is a request path, which the service always gives with a leading `/`: placed right after a
   * fixed `scheme://host`, it ends the host and can change only the path.
   */
  startsWithSlash?: boolean;
}

const HTTP: readonly TriggerKind[] = ['api-rest', 'api-http', 'function-url', 'alb', 'websocket'];

export const EVENT_SOURCES: readonly EventSourceEntry[] = [
  { triggers: HTTP, path: 'body', kind: 'event.body' },
  { triggers: HTTP, path: 'queryStringParameters', kind: 'event.queryStringParameters' },
  { triggers: HTTP, path: 'multiValueQueryStringParameters', kind: 'event.multiValueQueryStringParameters' },
  { triggers: HTTP, path: 'pathParameters', kind: 'event.pathParameters' },
  { triggers: HTTP, path: 'headers', kind: 'event.headers' },
  { triggers: HTTP, path: 'multiValueHeaders', kind: 'event.multiValueHeaders' },
  { triggers: HTTP, path: 'cookies', kind: 'event.cookies' },
  { triggers: HTTP, path: 'rawPath', kind: 'event.rawPath', startsWithSlash: true },
  { triggers: HTTP, path: 'rawQueryString', kind: 'event.rawQueryString' },
  { triggers: HTTP, path: 'path', kind: 'event.path', startsWithSlash: true },
  // API Gateway fills requestContext itself; authorizer claims come from a verified token or a Lambda authorizer.
  { triggers: HTTP, path: 'requestContext.authorizer', kind: 'event.requestContext.authorizer', isTrusted: true },
  { triggers: HTTP, path: 'requestContext', kind: 'event.requestContext', isTrusted: true },
  { triggers: HTTP, path: 'stageVariables', kind: 'event.stageVariables', isTrusted: true },
  // Set by API Gateway from the route, not by the caller.
  ...['httpMethod', 'resource', 'routeKey', 'version', 'isBase64Encoded'].map((path) => ({ triggers: HTTP, path, kind: `event.${path}`, isTrusted: true })),
  { triggers: ['s3'], path: 'Records[].s3.object.key', kind: 's3.key' },
  { triggers: ['sqs'], path: 'Records[].body', kind: 'sqs.body' },
  { triggers: ['sqs'], path: 'Records[].messageAttributes', kind: 'sqs.messageAttributes' },
  { triggers: ['sns'], path: 'Records[].Sns.Message', kind: 'sns.message' },
  { triggers: ['sns'], path: 'Records[].Sns.Subject', kind: 'sns.subject' },
  { triggers: ['sns'], path: 'Records[].Sns.MessageAttributes', kind: 'sns.messageAttributes' },
  { triggers: ['eventbridge'], path: 'detail', kind: 'eventbridge.detail' },
  { triggers: ['kinesis'], path: 'Records[].kinesis.data', kind: 'kinesis.data' },
  { triggers: ['dynamodb-stream'], path: 'Records[].dynamodb.NewImage', kind: 'dynamodb.image' },
  { triggers: ['dynamodb-stream'], path: 'Records[].dynamodb.OldImage', kind: 'dynamodb.image' },
  { triggers: ['cognito'], path: 'request.userAttributes', kind: 'cognito.userAttributes' },
  { triggers: ['cognito'], path: 'request.validationData', kind: 'cognito.validationData' },
  { triggers: ['cognito'], path: 'request.clientMetadata', kind: 'cognito.clientMetadata' },
  { triggers: ['appsync'], path: 'arguments', kind: 'appsync.arguments' },
  { triggers: ['appsync'], path: 'identity', kind: 'appsync.identity', isTrusted: true },
  // CloudFormation writes every field of a custom resource event; ResourceProperties come from the template's author.
  ...['ResponseURL', 'StackId', 'RequestId', 'LogicalResourceId', 'PhysicalResourceId', 'ResourceType', 'RequestType', 'ServiceToken', 'ResourceProperties', 'OldResourceProperties'].map((path) => ({ triggers: ['custom-resource'] as TriggerKind[], path, kind: `custom-resource.${path}`, isTrusted: true })),
  // S3 Object Lambda: S3 supplies the presigned input URL and the output route; the user's request is in userRequest.
  { triggers: ['s3-object-lambda'], path: 'getObjectContext', kind: 's3-object-lambda.getObjectContext', isTrusted: true },
  { triggers: ['s3-object-lambda'], path: 'userRequest', kind: 's3-object-lambda.userRequest' },
  // Lambda@Edge: the viewer's request is input; the distribution's config and origin are not.
  { triggers: ['cloudfront'], path: 'Records[].cf.request.uri', kind: 'cloudfront.uri', startsWithSlash: true },
  { triggers: ['cloudfront'], path: 'Records[].cf.request.querystring', kind: 'cloudfront.querystring' },
  { triggers: ['cloudfront'], path: 'Records[].cf.request.headers', kind: 'cloudfront.headers' },
  { triggers: ['cloudfront'], path: 'Records[].cf.request.body', kind: 'cloudfront.body' },
  { triggers: ['cloudfront'], path: 'Records[].cf.request.origin', kind: 'cloudfront.origin', isTrusted: true },
  { triggers: ['cloudfront'], path: 'Records[].cf.config', kind: 'cloudfront.config', isTrusted: true },
];

/**
 * Record-shaped triggers carry mostly AWS-written metadata (region, ARNs, timestamps), so a field no
 * line names is trusted; for HTTP triggers, and when the trigger is unknown, it is not.
 */
const TRUSTED_BY_DEFAULT: ReadonlySet<TriggerKind> = new Set(['s3', 'sqs', 'sns', 'eventbridge', 'kinesis', 'dynamodb-stream', 'cognito', 'appsync', 'schedule', 'custom-resource', 's3-object-lambda', 'cloudfront']);

export interface EventFieldVerdict {
  /** `source`: a table line matched; `container`: a prefix of a source path (keep following); `trusted`; `other-untrusted`. */
  verdict: 'source' | 'container' | 'trusted' | 'other-untrusted';
  kind?: string;
  /** The source is a request path that always starts with `/` (`EventSourceEntry.startsWithSlash`). */
  startsWithSlash?: boolean;
}

function splitPath(path: string): string[] {
  return path.split('.').flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), '[]'] : [part]));
}

const SPLIT = EVENT_SOURCES.map((entry) => ({ entry, segments: splitPath(entry.path) }));

export function isTrustedByDefault(trigger: TriggerKind): boolean {
  return TRUSTED_BY_DEFAULT.has(trigger);
}

/** Classifies an access path from the event root (`['Records', '[]', 's3', 'object', 'key']`). */
export function classifyEventPath(path: readonly string[], trigger: TriggerKind): EventFieldVerdict {
  let best: { entry: EventSourceEntry; length: number } | undefined;
  let isContainer = false;
  for (const { entry, segments } of SPLIT) {
    if (trigger !== 'unknown' && !entry.triggers.includes(trigger)) continue;
    let matches = true;
    const common = Math.min(segments.length, path.length);
    for (let index = 0; index < common; index++) {
      if (segments[index] !== path[index]) {
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    if (path.length >= segments.length) {
      if (!best || segments.length > best.length) best = { entry, length: segments.length };
    } else isContainer = true;
  }
  if (best) return best.entry.isTrusted ? { verdict: 'trusted', kind: best.entry.kind } : { verdict: 'source', kind: best.entry.kind, ...(best.entry.startsWithSlash && { startsWithSlash: true }) };
  if (isContainer) return { verdict: 'container' };
  if (TRUSTED_BY_DEFAULT.has(trigger)) return { verdict: 'trusted' };
  return { verdict: 'other-untrusted', kind: 'event' };
}

export function formatEventPath(path: readonly string[]): string {
  let out = 'event';
  for (const part of path) out += part === '[]' ? '[]' : `.${part}`;
  return out;
}

/**
 * Logging calls (`console.*`, Powertools Logger, pino, winston, bunyan, a `logger`/`log` object) that
 * write the whole event, its headers, its body or a secret-named environment variable to CloudWatch
 * Logs. Logging the event is the most common line in Lambda samples, so it is information, and only
 * for events that carry caller credentials (HTTP requests and authorizer events): a queue record or
 * a schedule event logged whole carries no token. Headers and secrets are warnings.
 */
import type { CodeDocument } from '../../server/src/engine/code/model';
import { defineCodeRule, type CodeRuleContext } from '../../server/src/engine/code-rule';

const HTTP_TRIGGERS = new Set(['api-rest', 'api-http', 'function-url', 'alb', 'websocket']);
/** Event fields only HTTP and authorizer events have: reading one says what the event is when no template does. */
const HTTP_EVENT_PATHS = /^event\.(body|headers|multiValueHeaders|queryStringParameters|multiValueQueryStringParameters|pathParameters|cookies|rawPath|rawQueryString|authorizationToken)\b/;

/** True when the handler's event carries callers' headers or tokens: by its template trigger, its type, or the fields it reads. */
function carriesCredentials(context: CodeRuleContext, code: CodeDocument, handler: string | undefined): boolean {
  if (handler === undefined) return false;
  const bound = context.bindings.filter((binding) => binding.exportName === handler).flatMap((binding) => binding.triggers.map((trigger) => trigger.kind));
  if (bound.length > 0) return bound.some((kind) => HTTP_TRIGGERS.has(kind));
  const trigger = code.handlers.find((candidate) => candidate.exportName === handler)?.trigger ?? 'unknown';
  if (trigger !== 'unknown') return HTTP_TRIGGERS.has(trigger);
  return code.sources.some((source) => source.handler === handler && HTTP_EVENT_PATHS.test(source.eventPath));
}

export default defineCodeRule({
  meta: {
    id: 'code-secret-logged',
    title: 'Handler logs the event, its headers or a secret',
    category: 'secrets',
    severity: 'warning',
    confidence: 'medium',
    description:
      'CloudWatch Logs keep what a function prints for as long as the log group retains it, readable by anyone with logs:GetLogEvents or a log subscription. The event carries the Authorization header, cookies and API keys of every caller and whatever the body holds (passwords, personal data); a secret printed once is exposed for the retention period.',
    remediation:
      'Log the fields you need (the request id, the route, a user id), not the event; redact headers and bodies (Powertools Logger can log a redacted event). Never log secrets; log whether they are set.',
    // CodeQL's js/clear-text-logging (CleartextLoggingCustomizations.qll) takes password-named reads and the object
    // process.env as sources, never the event, its body or headers: named on logging the whole process.env to console.
    equivalents: [],
    findingEquivalents: ['js/clear-text-logging'],
    references: ['OWASP-Serverless-A3', 'SAS-5', 'CWE-532', 'https://docs.powertools.aws.dev/lambda/typescript/latest/core/logger/'],
    languages: ['javascript', 'typescript'],
    messages: {
      eventLogged: '`{{logger}}` logs the whole event (`{{what}}`), with every caller\'s headers and body: tokens and personal data end up in CloudWatch Logs.',
      bodyLogged: '`{{logger}}` logs the request body (`{{what}}`); passwords and personal data in it end up in CloudWatch Logs.',
      headersLogged: '`{{logger}}` logs {{headers}} (`{{what}}`): callers\' tokens, cookies or API keys end up in CloudWatch Logs.',
      secretLogged: '`{{logger}}` logs {{secret}} (`{{what}}`) to CloudWatch Logs.',
    },
    messageSeverity: { eventLogged: 'info', bodyLogged: 'info' },
    fix: 'none',
  },
  checkCode(context) {
    for (const log of context.code.logs) {
      if (log.location.path) continue;
      const base = { range: log.location.range, handler: log.handler };
      const data = { logger: log.logger, what: log.what };
      switch (log.kind) {
        case 'event':
          if (carriesCredentials(context, context.code, log.handler)) context.report({ ...base, messageId: 'eventLogged', data });
          break;
        case 'body':
          context.report({ ...base, messageId: 'bodyLogged', data });
          break;
        case 'headers':
        case 'auth-header':
          context.report({ ...base, messageId: 'headersLogged', data: { ...data, headers: log.kind === 'headers' ? 'the request headers' : 'a credential header' } });
          break;
        case 'secret-env':
        case 'environment':
          context.report({ ...base, messageId: 'secretLogged', data: { ...data, secret: log.kind === 'environment' ? 'the whole environment, every secret the function is given' : 'a secret environment variable' }, equivalents: log.kind === 'environment' && log.logger.startsWith('console.') ? ['js/clear-text-logging'] : [] });
          break;
      }
    }
  },
});

/**
 * Logging calls (`console.*`, Powertools Logger, pino, winston, bunyan, a `logger`/`log` object) that
 * write the whole event, its headers, its body or a secret-named environment variable to CloudWatch
 * Logs. Logging the event is the most common line in Lambda samples, so it is information; headers
 * and secrets carry credentials outright, so they are warnings.
 */
import { defineCodeRule } from '../../server/src/engine/code-rule';

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
    equivalents: ['js/clear-text-logging'],
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
          context.report({ ...base, messageId: 'eventLogged', data });
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
          context.report({ ...base, messageId: 'secretLogged', data: { ...data, secret: log.kind === 'environment' ? 'the whole environment, every secret the function is given' : 'a secret environment variable' } });
          break;
      }
    }
  },
});

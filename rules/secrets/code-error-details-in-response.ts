/**
 * Response bodies (`{ statusCode, body }` objects and `res.send`/`res.json` of serverless-http apps)
 * that return a caught error object as it is, its stack trace, or a secret. `err.message` alone is
 * not reported: it is usually the code's own words ("Item not found"), and flagging every such line
 * would bury the stack traces and serialised errors that do disclose the code and its infrastructure.
 */
import { defineCodeRule, type CodeRuleContext } from '../../server/src/engine/code-rule';
import type { ResponseLeak } from '../../server/src/engine/code/model';

/**
 * CodeQL's js/stack-trace-exposure (`StackTraceExposureCustomizations.qll`, `StackTraceExposureQuery.qll`): sources
 * are the parameters of `try` statements' `catch` clauses; barriers are reads of a property other than `stack`,
 * `toString()` and string concatenation; sinks are `Http::ResponseBody`, which the web frameworks model (Express
 * and Fastify `send`, ...) and no Lambda `{ statusCode, body }` return does (`ServerLess.qll` models the event
 * only). Named on an error or its `stack` given whole to `res.send`/`reply.send` in a file that loads Express or
 * Fastify, the error being a `catch` clause's parameter.
 */
function equivalentsOf(context: CodeRuleContext, leak: ResponseLeak): string[] {
  const reach = leak.reach;
  if (!reach || leak.kind === 'secret' || reach.sink !== 'response-method' || reach.method !== 'send' || !reach.isWholeArgument || !reach.isCatchParameter) return [];
  const isWebApp = context.code.imports.some((entry) => entry.specifier === 'express' || entry.specifier === 'fastify');
  return isWebApp ? ['js/stack-trace-exposure'] : [];
}

export default defineCodeRule({
  meta: {
    id: 'code-error-details-in-response',
    title: 'Handler returns an error object, a stack trace or a secret to the caller',
    category: 'secrets',
    severity: 'error',
    confidence: 'medium',
    description:
      'A serialised error carries the AWS request id, ARNs, table and bucket names, SQL and driver details; a stack trace shows file paths, libraries and their versions. Returned to the caller, they map the system for an attacker. A secret in a response body is disclosed to everyone who can call the route.',
    remediation:
      'Log the error (with its stack) and return a generic message with a correlation id: `{ statusCode: 500, body: JSON.stringify({ message: "Internal error", requestId }) }`. Map known errors to specific, safe messages.',
    // CodeQL's query models web frameworks' responses only: named per finding (equivalentsOf).
    equivalents: [],
    findingEquivalents: ['js/stack-trace-exposure'],
    references: ['OWASP-Serverless-A3', 'SAS-10', 'CWE-209', 'CWE-200'],
    languages: ['javascript', 'typescript'],
    severityFollowsExposure: true,
    messages: {
      errorObject: '{{where}} returns the caught error as it is (`{{what}}`): its fields (request ids, ARNs, query details) reach the caller. Return a generic message and log the error.',
      stackTrace: '{{where}} returns a stack trace (`{{what}}`) to the caller. Return a generic message and log the stack.',
      secretInResponse: '{{where}} returns a secret (`{{what}}`) to the caller.',
    },
    messageSeverity: { errorObject: 'warning', stackTrace: 'warning' },
    fix: 'none',
  },
  checkCode(context) {
    for (const leak of context.code.responseLeaks) {
      if (leak.location.path) continue;
      const where = leak.description.slice(0, leak.description.indexOf(' returns '));
      const data = { where: where.charAt(0).toUpperCase() + where.slice(1), what: leak.what };
      const messageId = leak.kind === 'error-object' ? 'errorObject' : leak.kind === 'stack-trace' ? 'stackTrace' : 'secretInResponse';
      context.report({ messageId, data, range: leak.location.range, handler: leak.handler, equivalents: equivalentsOf(context, leak) });
    }
  },
});

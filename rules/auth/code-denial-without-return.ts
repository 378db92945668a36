/**
 * A handler that refuses the caller (401 or 403 through the Lambda callback, `context.succeed`/`fail`/
 * `done`, or `res.status`) without returning, and goes on to do the work the check was guarding: the
 * callback only records the answer, so the code below the `if` runs for the refused caller too. The
 * classic case is Snyk's serverless-goof admin API, which invokes its backup function for anyone who
 * sends a wrong secret. It reads the code model's `denialFallThroughs`; a branch that returns or throws,
 * an `if` with an `else`, and a denial with nothing but logging after it are silent.
 */
import { defineCodeRule } from '../../server/src/engine';

export default defineCodeRule({
  meta: {
    id: 'code-denial-without-return',
    title: 'A 401 or 403 answered without stopping the handler',
    category: 'auth',
    severity: 'warning',
    severityFollowsExposure: true,
    confidence: 'high',
    description:
      "Calling the Lambda callback (or context.succeed, or res.status(403).send) does not end the function: it records the answer and execution goes on. A check that answers 401 and then falls through runs the protected code anyway, for the caller it refused: the data is deleted, the admin action invoked, before Lambda returns the 401.",
    remediation: 'End the branch: `return callback(null, { statusCode: 401, ... });` (or `throw`), or put the protected work in an `else`. Better, write the handler as an async function that returns its responses.',
    equivalents: [],
    references: ['OWASP-Serverless-A2', 'SAS-2', 'CWE-705', 'CWE-285', 'https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html#nodejs-handler-callback'],
    languages: ['javascript', 'typescript'],
    messages: {
      fallsThrough: 'Handler `{{handler}}` answers {{status}} here but does not return: the code below (`{{next}}`) still runs for the caller it refused. Return (or throw) after the refusal.',
    },
    fix: 'none',
  },
  checkCode(context) {
    for (const denial of context.code.denialFallThroughs ?? []) {
      if (denial.location.path !== undefined) continue;
      const next = context.text.slice(denial.continuesAt.range.start, denial.continuesAt.range.end).replace(/\s+/g, ' ');
      context.report({
        messageId: 'fallsThrough',
        data: { handler: denial.handler, status: denial.status, next: next.length > 60 ? `${next.slice(0, 59)}…` : next },
        range: denial.location.range,
        handler: denial.handler,
        related: [{ location: denial.continuesAt, message: 'this still runs after the refusal' }],
      });
    }
  },
});

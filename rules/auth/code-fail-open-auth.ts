/**
 * A handler that calls a verification helper which returns `null`, `undefined`, `false` or `{}` when
 * the token is bad (instead of throwing), and goes on to use the result without checking it: the
 * caller with a forged or expired token is served as user `undefined`. It reads the code model's
 * `verificationResults` (helpers in the file or one relative import away); a result that is checked,
 * only logged or never read is silent, and so is a helper that throws. It also reports a handler whose `if`
 * asks a check helper of its file (`isAdmin(event)`) that returns `true` whatever it is given
 * (`alwaysAllowChecks`): the most open a check can fail.
 */
import { defineCodeRule } from '../../server/src/engine';
import { bindingsOf, isHttp } from './support/code-handlers';

export default defineCodeRule({
  meta: {
    id: 'code-fail-open-auth',
    title: 'Auth check that fails open: a helper returns null on a bad token, or always true, and the handler goes on',
    category: 'auth',
    severity: 'warning',
    severityFollowsExposure: true,
    confidence: 'medium',
    description:
      'A helper that catches the verification error and returns `null` (or `undefined`, `false`, `{}`) turns "this token is forged" into "no user". A handler that then reads `user?.sub` or passes the result on serves the request anyway, as an anonymous or undefined user: carts, profiles or records keyed by `undefined` are shared by every attacker.',
    remediation:
      'Check the result before using it and answer 401 (`if (!user) return { statusCode: 401 }`), or let the helper throw and turn the error into a 401 in one place. Better, attach a JWT, Cognito or Lambda authorizer to the route so that a bad token never reaches the handler.',
    // Not claimed: CodeQL's js/user-controlled-bypass (ConditionalBypassCustomizations.qll) reports a condition on remote
    // input that guards a sensitive action; a fail-open default is not that shape.
    equivalents: [],
    references: ['OWASP-Serverless-A2', 'SAS-2', 'CWE-636', 'CWE-287', 'https://owasp.org/www-community/Fail_securely'],
    languages: ['javascript', 'typescript'],
    messages: {
      failOpen:
        'Handler `{{handler}}` uses the result of `{{helper}}` without checking it ({{use}}), and `{{helper}}` returns `{{value}}` when the token does not verify: a forged or expired token is served instead of refused with 401.',
      alwaysAllows:
        'Handler `{{handler}}` decides on `{{helper}}`, which returns `true` whatever it is given: the check lets every caller through. Make `{{helper}}` decide from a verified identity and return false (or throw) otherwise.',
    },
    fix: 'none',
  },
  checkCode(context) {
    for (const result of context.code.verificationResults) {
      if (result.status !== 'unchecked' || !result.use || result.use.location.path !== undefined) continue;
      const bound = bindingsOf(context.bindings, result.handler);
      // A route with an authorizer never lets a bad token through to the handler, and an AWS-side trigger carries no caller's token.
      if (bound.length > 0 && !bound.some((binding) => binding.triggers.length === 0 || binding.triggers.some((trigger) => trigger.isAuthorizer || (isHttp(trigger) && (trigger.auth === 'none' || trigger.auth === 'unknown' || trigger.auth === undefined))))) continue;
      context.report({
        messageId: 'failOpen',
        data: { handler: result.handler, use: result.use.description, helper: result.helper, value: result.failure.value },
        range: result.use.location.range,
        handler: result.handler,
        related: [
          { location: result.failure.location, message: `\`${result.helper}\` returns \`${result.failure.value}\` here when verification fails` },
          { location: result.call, message: `the result of \`${result.helper}\` is taken here and never checked` },
        ],
      });
    }
    for (const check of context.code.alwaysAllowChecks ?? []) {
      if (check.location.path !== undefined) continue;
      const bound = bindingsOf(context.bindings, check.handler);
      // Behind an authorizer or IAM on every route, or invoked only by AWS, the edge has already decided who calls.
      if (bound.length > 0 && !bound.some((binding) => binding.triggers.length === 0 || binding.triggers.some((trigger) => isHttp(trigger) && (trigger.auth === 'none' || trigger.auth === 'unknown' || trigger.auth === undefined)))) continue;
      context.report({
        messageId: 'alwaysAllows',
        data: { handler: check.handler, helper: check.helper },
        range: check.location.range,
        handler: check.handler,
        related: [{ location: check.returnsTrue, message: `\`${check.helper}\` returns \`true\` here on every path` }],
      });
    }
  },
});

/**
 * A Lambda authorizer whose decision defaults to Allow: it answers Allow from a `catch` (or after
 * swallowing the error), starts from Allow and denies only listed callers, or allows everyone without
 * reading a token; and an admin check that reads only the first of the caller's `cognito:groups`.
 * It reads the code model's `authorizerDefaults`: a function counts as an authorizer when a template
 * names it as one, or when no template binds it and its code returns an authorizer response.
 */
import { defineCodeRule, type AuthorizerDefault } from '../../server/src/engine';
import { bindingsOf } from './support/code-handlers';

const MESSAGE_IDS: Record<AuthorizerDefault['kind'], string> = {
  'allow-on-error': 'allowOnError',
  'allow-unless-listed': 'allowUnlessListed',
  'allow-unconditional': 'allowEveryone',
  'first-group-only': 'firstGroupOnly',
};

export default defineCodeRule({
  meta: {
    id: 'code-authorizer-allows-by-default',
    title: 'Lambda authorizer that allows by default, or an admin check that reads only the first group',
    category: 'auth',
    severity: 'error',
    confidence: 'medium',
    description:
      'An authorizer is the only gate in front of every route that uses it. One that answers Allow when verification throws lets in every forged, expired or malformed token; one that starts from Allow and denies a list lets in everyone the list forgot; one that never reads a token lets in the internet. An admin check on `cognito:groups[0]` decides by whichever group happens to be listed first.',
    remediation:
      'Start from Deny: verify the token, then build the Allow policy from the verified claims, and answer `Unauthorized` (throw, or `callback(\'Unauthorized\')`) or a Deny policy (`isAuthorized: false`) from every `catch`. Check group membership with `groups.includes(\'admin\')`.',
    // Not claimed: CodeQL's js/user-controlled-bypass (ConditionalBypassCustomizations.qll) reports a condition on remote
    // input that guards a sensitive action; a fail-open default is not that shape.
    equivalents: [],
    references: ['OWASP-Serverless-A2', 'SAS-2', 'CWE-285', 'CWE-863', 'CWE-636', 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      allowOnError: 'The authorizer `{{handler}}` allows when its check fails: {{description}}. A token that makes verification throw (forged, expired, malformed) is let in.',
      allowUnlessListed: 'The authorizer `{{handler}}` allows by default: {{description}}. Start from Deny and allow only after the token is verified.',
      allowEveryone: 'The authorizer `{{handler}}` answers Allow to every caller: it reads no token and has no way to deny, so the routes behind it are public.',
      firstGroupOnly: '{{description}}: `cognito:groups` lists every group of the user in no promised order, so this admin check depends on which group comes first. Check membership (`groups.includes(\'admin\')`).',
    },
    fix: 'none',
  },
  checkCode(context) {
    for (const fact of context.code.authorizerDefaults) {
      if (fact.location.path !== undefined) continue;
      if (fact.kind !== 'first-group-only') {
        if (!fact.handler) continue;
        // A template that binds the function to routes or queues, and never as an authorizer, says it is something else.
        const bound = bindingsOf(context.bindings, fact.handler);
        if (bound.length > 0 && !bound.some((binding) => binding.triggers.length === 0 || binding.triggers.some((trigger) => trigger.isAuthorizer))) continue;
      }
      context.report({
        messageId: MESSAGE_IDS[fact.kind],
        data: { handler: fact.handler ?? '', description: fact.description },
        range: fact.location.range,
        handler: fact.handler,
        related: fact.allowLocation ? [{ location: fact.allowLocation, message: 'the Allow that is answered by default' }] : undefined,
      });
    }
  },
});

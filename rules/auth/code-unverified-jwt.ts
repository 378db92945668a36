/**
 * A handler that takes the caller's identity from a token it decodes without verifying the signature
 * (`jsonwebtoken.decode`, `jwt-decode`, jose `decodeJwt`, a hand-made base64 decode of the payload),
 * with nothing in the handler (or a helper of the file, or an imported helper it calls) that verifies
 * it, on a route with no authorizer, a Lambda authorizer function or a handler no template names. A
 * decode inside a relatively imported helper is reported at the handler's call of it. When the route has an authorizer, API Gateway verified
 * the token already and decoding it again is fine: silent.
 */
import { defineCodeRule } from '../../server/src/engine';
import type { CodeRuleContext, HandlerCandidate } from '../../server/src/engine';
import { bindingsOf, handlerContaining, isHttp, servesHandler } from './support/code-handlers';

export default defineCodeRule({
  meta: {
    id: 'code-unverified-jwt',
    title: 'Identity taken from a token that is never verified',
    category: 'auth',
    severity: 'warning',
    severityFollowsExposure: true,
    confidence: 'medium',
    description:
      'Decoding a JWT only base64-decodes its payload: anyone can write a token with any `sub`, `email` or `cognito:groups` claim. A handler that trusts those claims without checking the signature (or an authorizer that did) lets any caller act as any user.',
    remediation:
      'Verify the token (`jsonwebtoken.verify` with the issuer\'s key, jose `jwtVerify` with a JWKS, `aws-jwt-verify` for Cognito) before reading claims, or attach a JWT, Cognito or Lambda authorizer to the route and read the verified claims from `event.requestContext.authorizer`.',
    // S5659 (SonarJS S5659/rule.ts) reports jsonwebtoken sign/verify calls whose options allow the 'none' algorithm,
    // not a decode without verify: not claimed.
    // Semgrep's jwt-decode-without-verify (javascript/jsonwebtoken/security/audit/jwt-decode-without-verify.yaml) needs
    // `$JWT = require ('jsonwebtoken')` (the whole module) and `$JWT.decode($TOKEN, ...)` with no `$JWT.verify($TOKEN, ...)` around it:
    // named on a decode written so in this file (not a destructured `decode`, an ES import or a helper's decode).
    equivalents: [],
    findingEquivalents: ['javascript.jsonwebtoken.security.audit.jwt-decode-without-verify'],
    references: ['OWASP-Serverless-A2', 'SAS-2', 'CWE-347', 'CWE-287', 'https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      unverifiedToken:
        '`{{via}}` reads the token\'s claims without checking its signature, and nothing in {{where}} verifies it: anyone can forge the identity it gives.',
      unverifiedTokenInHelper:
        '`{{helper}}` (imported) reads the token\'s claims with `{{via}}` without checking its signature, and nothing in {{where}} verifies it: anyone can forge the identity it gives.',
    },
    fix: 'none',
  },
  checkCode(context) {
    const document = context.code;
    const verifies = document.authFacts.filter((fact) => fact.kind === 'jwt-verified' || fact.kind === 'authorizer-claims');
    /** A verification serves a handler when it lies in it or in a helper of the file, or when the handler calls the imported helper holding it. */
    const verifiedFor = (handler: HandlerCandidate | undefined) =>
      verifies.some((verified) => (verified.location.path === undefined ? servesHandler(document, verified.location.range, handler) : verified.callSite !== undefined && (handler === undefined || verified.callSite.handler === handler.exportName)));
    for (const fact of document.authFacts) {
      if (fact.kind !== 'jwt-unverified') continue;
      // A decode in an imported helper is reported at the handler's call of it; one in a re-exported module, where that module is analysed.
      if (fact.location.path !== undefined && !fact.callSite) continue;
      const at = fact.callSite ? fact.callSite.location.range : fact.location.range;
      const handler = fact.callSite ? document.handlers.find((candidate) => candidate.exportName === fact.callSite!.handler) : handlerContaining(document, fact.location.range);
      // A decode in a file with no handler is a library; its callers are judged where they are analysed.
      if (!handler && document.handlers.length === 0) continue;
      if (verifiedFor(handler)) continue;
      const names = handler ? [handler.exportName] : document.handlers.map((candidate) => candidate.exportName);
      const bound = names.flatMap((name) => bindingsOf(context.bindings, name));
      // Bound: report only when some binding has no trigger (a direct invoke), is a Lambda authorizer, or has an HTTP trigger
      // without auth; an authorizer at the edge verified the token, and a queue carries no caller's token.
      if (bound.length > 0 && !bound.some((binding) => binding.triggers.length === 0 || binding.triggers.some((trigger) => trigger.isAuthorizer || (isHttp(trigger) && trigger.auth === 'none')))) continue;
      const where = handler ? `handler \`${handler.exportName}\`` : 'this file';
      context.report({
        messageId: fact.callSite ? 'unverifiedTokenInHelper' : 'unverifiedToken',
        data: { via: fact.via, where, helper: fact.callSite?.helper ?? '' },
        range: at,
        handler: handler?.exportName,
        equivalents: !fact.callSite && semgrepDecodeWithoutVerify(context, fact.via, fact.location.range) ? ['javascript.jsonwebtoken.security.audit.jwt-decode-without-verify'] : [],
        related: fact.callSite ? [{ location: fact.location, message: `\`${fact.callSite.helper}\` decodes the token here (\`${fact.via}\`) without checking its signature` }] : undefined,
      });
    }
  },
});

/** Whether Semgrep's jwt-decode-without-verify matches this decode: `<local>.decode(token)` where `const <local>` is the whole jsonwebtoken module required, and no `<local>.verify(token` in the file. */
function semgrepDecodeWithoutVerify(context: CodeRuleContext, via: string, range: { start: number; end: number }): boolean {
  if (via !== 'jsonwebtoken.decode') return false;
  const call = context.text.slice(range.start, range.end);
  return context.code.imports.some((entry) => {
    if (entry.specifier !== 'jsonwebtoken' || entry.style !== 'commonjs') return false;
    return entry.names.some(({ imported, local }) => {
      if (imported !== '*' && imported !== 'default') return false;
      const match = new RegExp(`^${local.replace(/[$]/g, '\\$')}\\.decode\\(\\s*([^,)]+)`).exec(call);
      return !!match && !context.text.includes(`${local}.verify(${match[1].trim()}`);
    });
  });
}

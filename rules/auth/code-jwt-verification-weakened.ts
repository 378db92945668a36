/**
 * A JWT verification (or signing) whose options switch off what makes it a check: jsonwebtoken `verify` with
 * `ignoreExpiration: true` or `'none'` in `algorithms`, jsonwebtoken `sign` with `algorithm: 'none'`, and an
 * aws-jwt-verify `CognitoJwtVerifier` created with `tokenUse: null` or `clientId: null` (facts from
 * `server/src/engine/code/typescript/jwt-options.ts`).
 *
 * A rule of its own rather than more messages on code-unverified-jwt: that rule asks "is the token verified at
 * all" and is silent behind an authorizer, while these calls do verify, and the weakness lies in the call itself
 * whatever the route; one messageId per weakness keeps each suppressible and documented on its own.
 */
import { defineCodeRule } from '../../server/src/engine';
import type { CodeRuleContext, JwtWeakness } from '../../server/src/engine';
import { handlerContaining } from './support/code-handlers';

const SEMGREP_NONE = 'javascript.jsonwebtoken.security.jwt-none-alg.jwt-none-alg';
const SONAR_NONE = 'S5659';

const MESSAGE_OF: Record<JwtWeakness['kind'], string> = {
  'ignore-expiration': 'expirationIgnored',
  'none-accepted': 'noneAccepted',
  'none-signed': 'noneSigned',
  'token-use-unchecked': 'tokenUseUnchecked',
  'client-id-unchecked': 'clientIdUnchecked',
};

export default defineCodeRule({
  meta: {
    id: 'code-jwt-verification-weakened',
    title: 'JWT verification weakened by its options',
    category: 'auth',
    // Fixed severities, not the route's exposure: these calls are the authentication itself (in an authorizer or a
    // handler without one), so where they run does not make them safer; what each weakness opens does differ.
    severity: 'error',
    messageSeverity: { expirationIgnored: 'warning', noneAccepted: 'warning', clientIdUnchecked: 'warning', tokenUseUnchecked: 'info' },
    confidence: 'high',
    description:
      'A token check whose options turn part of it off: `ignoreExpiration: true` accepts a stolen token forever, `\'none\'` in `algorithms` accepts unsigned tokens whenever the key is empty, `algorithm: \'none\'` issues tokens anyone can forge, and a Cognito verifier with `tokenUse: null` or `clientId: null` accepts tokens meant for another use or another app client.',
    remediation:
      'Remove the option: let jsonwebtoken check `exp` (use a short `expiresIn` and refresh tokens instead), list only the algorithm the issuer signs with (`algorithms: [\'RS256\']`), sign with a real algorithm and key, and give `CognitoJwtVerifier.create` the `tokenUse` and `clientId` the API expects.',
    // SonarJS S5659 (`packages/jsts/src/rules/S5659/rule.ts`): `jsonwebtoken.sign` whose third argument (a literal or
    // a variable's single value) has `algorithm: 'none'`, and `jsonwebtoken.verify` whose `algorithms` array holds the
    // literal 'none' (and a verify with no `algorithms` and a null key, which we do not report): named on our 'none' findings.
    // Semgrep jwt-none-alg (`javascript/jsonwebtoken/security/jwt-none-alg.yaml`): `$JWT` bound by a CommonJS require of "jsonwebtoken", then
    // `$JWT.verify($P, $X, {algorithms:[...,'none',...]},...)`: named only on such a call with the object written in place.
    equivalents: [],
    findingEquivalents: [SONAR_NONE, SEMGREP_NONE],
    references: ['OWASP-Serverless-A2', 'SAS-2', 'CWE-347', 'CWE-613', 'CWE-287', 'https://github.com/auth0/node-jsonwebtoken#jwtverifytoken-secretorpublickey-options-callback', 'https://github.com/awslabs/aws-jwt-verify#cognitojwtverifier-verify-parameters'],
    languages: ['javascript', 'typescript'],
    messages: {
      expirationIgnored: '`{{callee}}` is given `ignoreExpiration: true`: an expired token is accepted forever, so a leaked or stolen token never stops working.',
      noneAccepted: '`{{callee}}` lists `\'none\'` in `algorithms`: jsonwebtoken then accepts an unsigned token whenever the key it is given is empty (an unset variable, a key lookup that finds nothing), and anyone can write such a token.',
      noneSigned: '`{{callee}}` signs with `algorithm: \'none\'`: the token it issues carries no signature, so anyone can write one with any claims.',
      tokenUseUnchecked: '`CognitoJwtVerifier.create` is given `tokenUse: null`: the `token_use` claim is not checked, so an ID token is accepted where an access token is meant (and the other way round).',
      clientIdUnchecked: '`CognitoJwtVerifier.create` is given `clientId: null`: the token\'s app client is not checked, so a token issued to any app client of the user pool is accepted.',
    },
    fix: 'suggestion',
  },
  checkCode(context) {
    for (const weakness of context.code.jwtWeaknesses ?? []) {
      if (weakness.location.path !== undefined) continue;
      const handler = handlerContaining(context.code, weakness.call.range);
      context.report({
        messageId: MESSAGE_OF[weakness.kind],
        data: { callee: weakness.callee },
        range: weakness.location.range,
        handler: handler?.exportName,
        equivalents: equivalentsOf(context, weakness),
        related: weakness.options === 'const' ? [{ location: weakness.call, message: `\`${weakness.callee}\` is given the options object holding it here` }] : undefined,
        // Deleting the property or the 'none' entry restores the library's own check and changes nothing else.
        fixes: weakness.removal ? [{ title: weakness.kind === 'ignore-expiration' ? 'Remove `ignoreExpiration: true`' : "Remove 'none' from `algorithms`", edits: [{ range: weakness.removal, newText: '' }] }] : undefined,
      });
    }
  },
});

/** The other tools' ids whose source reports this very call (see the comment on `findingEquivalents`). */
function equivalentsOf(context: CodeRuleContext, weakness: JwtWeakness): string[] {
  if (weakness.kind === 'none-signed') return [SONAR_NONE];
  if (weakness.kind !== 'none-accepted') return [];
  return semgrepNoneAlg(context, weakness) ? [SONAR_NONE, SEMGREP_NONE] : [SONAR_NONE];
}

/**
 * Whether Semgrep's jwt-none-alg matches: the call is `<local>.verify(...)` where `<local>` is the whole jsonwebtoken
 * module required (CommonJS), and the options are an object literal at the call holding only `algorithms`
 * (the rule's test file has no other property; whether its pattern matches an object with more was not checked).
 */
function semgrepNoneAlg(context: CodeRuleContext, weakness: JwtWeakness): boolean {
  if (weakness.options !== 'literal' || weakness.via !== 'jsonwebtoken.verify') return false;
  const dot = weakness.callee.indexOf('.');
  if (dot < 0 || weakness.callee.slice(dot) !== '.verify') return false;
  const local = weakness.callee.slice(0, dot);
  const required = context.code.imports.some((entry) => entry.specifier === 'jsonwebtoken' && entry.style === 'commonjs' && entry.names.some(({ imported, local: name }) => name === local && (imported === '*' || imported === 'default')));
  if (!required) return false;
  return weakness.optionNames.length === 1 && weakness.optionNames[0] === 'algorithms';
}

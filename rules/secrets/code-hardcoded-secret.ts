/**
 * Hard-coded credentials in handler source: a literal bound to a secret-named variable, property,
 * header or signing-key argument, a literal with a vendor token shape, and the literal fallback of a
 * secret environment variable (`process.env.JWT_SECRET || '...'`). The front end finds them with the
 * same detector and placeholder rules as the template rules; this rule decides how loud each is.
 */
import { defineCodeRule } from '../../server/src/engine/code-rule';
import type { CodeSecret } from '../../server/src/engine/code/model';

const JWT_SECRET = 'javascript.jsonwebtoken.security.jwt-hardcode.hardcoded-jwt-secret';
const HMAC_KEY = 'javascript.lang.security.audit.hardcoded-hmac-key.hardcoded-hmac-key';
/** SonarJS S2068's default credential words, matched case-sensitively in the target's source text. */
const SONAR_PASSWORD_WORDS = ['password', 'pwd', 'passwd'];
/** SonarJS S6418's default secret words, each a case-insensitive regular expression on an identifier. */
const SONAR_SECRET_WORDS = [/api[_.-]?key/i, /auth/i, /credential/i, /secret/i, /token/i];
/** S6418's post-validation: 16 to 1,024 characters of this set. */
const SONAR_SECRET_VALUE = /[a-zA-Z0-9_.+/~$-]([a-zA-Z0-9_.+/=~$-]|\\\\\\\\(?![ntr"])){14,1022}[a-zA-Z0-9_.+/=~$-]/;

/**
 * The checks that fire on this literal as their sources match it (docs/coverage.md, the handler code table):
 * - Semgrep hardcoded-jwt-secret (`jwt-hardcode.yaml`, taint mode): a literal second argument of `$JWT.sign` or
 *   `$JWT.verify`, `$JWT` bound to `jsonwebtoken` by require or import;
 * - Semgrep hardcoded-hmac-key (`hardcoded-hmac-key.yaml`): a literal second argument of `$CRYPTO.createHmac`;
 * - SonarJS S2068 (`S2068/rule.ts`): a non-empty string literal that is the whole value of a declaration, an
 *   assignment or a property whose target's text holds `password`, `pwd` or `passwd`, or a literal holding `password=`;
 * - SonarJS S6418 (`S6418/rule.ts`): a string literal assigned to an identifier (a variable, an unquoted key, a
 *   default; through `||`/`??` in an assignment expression) named like a secret, of 16 characters or more from
 *   its set and with a Shannon entropy above 5 bits.
 * A literal bound through a variable (`const KEY = '...'; jwt.sign(p, KEY)`) matches Semgrep too; we do not
 * follow it, so those findings do not name the Semgrep checks.
 */
function equivalentsOf(secret: CodeSecret): string[] {
  const written = secret.written;
  if (!written) return [];
  const checks: string[] = [];
  if (written.call?.isMethodOfIdentifier && written.call.module === 'jsonwebtoken') checks.push(JWT_SECRET);
  if (written.call?.isMethodOfIdentifier && written.call.module === 'crypto' && written.call.method === 'createHmac') checks.push(HMAC_KEY);
  const isDirectValue = written.target !== undefined && !written.isDefaultOperand && written.targetKind !== 'default';
  if (
    written.isQuoted &&
    ((isDirectValue && written.value.length > 0 && SONAR_PASSWORD_WORDS.some((word) => written.target!.includes(word))) || SONAR_PASSWORD_WORDS.some((word) => new RegExp(`${word}=.+`).test(written.value)))
  ) {
    checks.push('S2068');
  }
  const isS6418Target = written.targetIsIdentifier === true && (!written.isDefaultOperand || written.targetKind === 'assignment');
  if (
    written.isQuoted &&
    isS6418Target &&
    SONAR_SECRET_WORDS.some((word) => word.test(written.target!)) &&
    SONAR_SECRET_VALUE.test(written.value) &&
    shannonEntropy(written.value) > 5
  ) {
    checks.push('S6418');
  }
  return checks;
}

/** Bits per character, as S6418 computes it. */
function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  const length = [...value].length;
  let entropy = 0;
  for (const count of counts.values()) entropy -= (count / length) * Math.log2(count / length);
  return entropy;
}

export default defineCodeRule({
  meta: {
    id: 'code-hardcoded-secret',
    title: 'Hard-coded secret in handler code',
    category: 'secrets',
    severity: 'error',
    confidence: 'medium',
    description:
      'A credential written into the source is in the repository, in every deployment package and in the function code anyone with lambda:GetFunction can download; it cannot be rotated without a release. A literal fallback of an environment variable is the value that runs whenever the variable is missing.',
    remediation:
      'Read the secret at run time from Secrets Manager or SSM Parameter Store (the Parameters and Secrets Lambda Extension caches it), and fail when it is missing instead of falling back to a literal. Rotate the exposed value: it is in your history.',
    // js/hardcoded-credentials is not claimed: its sinks are credential positions (AWS config keys, ...), not any
    // literal of a secret's shape or name, which is what this rule finds.
    // Each names the syntax it matches: named per finding (equivalentsOf).
    equivalents: [],
    findingEquivalents: [JWT_SECRET, HMAC_KEY, 'S2068', 'S6418'],
    references: ['OWASP-Serverless-A3', 'SAS-7', 'CWE-798', 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      secretByShape: 'This literal looks like a {{kind}}{{bound}}. Keep it in Secrets Manager or SSM Parameter Store and read it at run time.',
      secretByName: 'Hard-coded {{kind}}{{bound}}. Keep it in Secrets Manager or SSM Parameter Store and read it at run time.',
      fallbackNotSet: 'Hard-coded {{kind}} as the fallback of process.env.{{variable}}, which the template never sets for {{functions}}: this literal is the secret in production.',
      fallback: 'Hard-coded {{kind}} as the fallback of process.env.{{variable}}: whenever the variable is missing, this literal is the secret. Fail instead of falling back.',
    },
    messageSeverity: { secretByName: 'warning', fallback: 'warning' },
    fix: 'none',
  },
  checkCode(context) {
    for (const secret of context.code.secrets) {
      if (secret.location.path) continue;
      const range = secret.location.range;
      if (secret.signal === 'shape') {
        context.report({ messageId: 'secretByShape', data: { kind: secret.kind, bound: secret.name ? ` (in \`${secret.name}\`)` : '' }, range, equivalents: equivalentsOf(secret) });
        continue;
      }
      if (secret.envVariable) {
        // Louder when a template names this file and none of its functions sets the variable: then the fallback always runs.
        const missing = context.bindings.filter((binding) => !binding.environment.includes(secret.envVariable!));
        if (missing.length > 0) {
          context.report({
            messageId: 'fallbackNotSet',
            data: { kind: secret.kind, variable: secret.envVariable, functions: missing.map((binding) => binding.functionName).join(', ') },
            range,
            handler: missing[0].exportName,
            related: missing.map((binding) => ({ location: binding.functionLocation, message: `function ${binding.functionName} sets no ${secret.envVariable}` })),
            equivalents: equivalentsOf(secret),
          });
        } else context.report({ messageId: 'fallback', data: { kind: secret.kind, variable: secret.envVariable }, range, equivalents: equivalentsOf(secret) });
        continue;
      }
      const bound = secret.context === 'argument' ? ' (a signing key argument)' : secret.name ? ` in \`${secret.name}\`` : '';
      context.report({ messageId: 'secretByName', data: { kind: secret.kind, bound }, range, equivalents: equivalentsOf(secret) });
    }
  },
});

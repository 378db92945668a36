/**
 * Hard-coded credentials in handler source: a literal bound to a secret-named variable, property,
 * header or signing-key argument, a literal with a vendor token shape, and the literal fallback of a
 * secret environment variable (`process.env.JWT_SECRET || '...'`). The front end finds them with the
 * same detector and placeholder rules as the template rules; this rule decides how loud each is.
 */
import { defineCodeRule } from '../../server/src/engine/code-rule';

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
    equivalents: ['hardcoded-jwt-secret', 'hardcoded-hmac-key', 'S2068', 'S6418'],
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
        context.report({ messageId: 'secretByShape', data: { kind: secret.kind, bound: secret.name ? ` (in \`${secret.name}\`)` : '' }, range });
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
          });
        } else context.report({ messageId: 'fallback', data: { kind: secret.kind, variable: secret.envVariable }, range });
        continue;
      }
      const bound = secret.context === 'argument' ? ' (a signing key argument)' : secret.name ? ` in \`${secret.name}\`` : '';
      context.report({ messageId: 'secretByName', data: { kind: secret.kind, bound }, range });
    }
  },
});

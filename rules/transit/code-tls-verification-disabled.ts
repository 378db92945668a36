/**
 * Certificate verification turned off in handler code: `rejectUnauthorized: false` (https, tls,
 * undici, pg and mysql `ssl` options), request's `strictSSL: false`, and
 * `NODE_TLS_REJECT_UNAUTHORIZED = '0'`, which turns it off for every connection of the process,
 * the AWS SDK's included; that one is an error, an option on one client a warning.
 */
import { defineCodeRule } from '../../server/src/engine/code-rule';

/** Semgrep's id, in full so that `nosemgrep` finds it. */
const BYPASS_TLS = 'problem-based-packs.insecure-transport.js-node.bypass-tls-verification.bypass-tls-verification';

export default defineCodeRule({
  meta: {
    id: 'code-tls-verification-disabled',
    title: 'TLS certificate verification disabled',
    category: 'transit',
    severity: 'error',
    confidence: 'high',
    description:
      'Without certificate verification TLS still encrypts, but to whoever answers: anyone who can intercept the connection presents any certificate and reads or changes the traffic, credentials included.',
    remediation:
      'Remove the option. For a private CA, pass its certificate (`ca`), and for RDS use the RDS certificate bundle (`ssl: { ca: fs.readFileSync("global-bundle.pem") }`) instead of `rejectUnauthorized: false`.',
    // CodeQL's js/disabling-certificate-validation (DisablingCertificateValidation.ql) fires on a write of the string
    // '0' to process.env.NODE_TLS_REJECT_UNAUTHORIZED, and on `rejectUnauthorized: false` only in options reaching an
    // http(s) client request, https.Agent, tls.connect/createServer or TLSSocket (not pg or mysql `ssl`): named on the
    // process-wide finding that writes '0', and on options of https.request, https.Agent and tls.connect. SonarJS's S4830
    // (S4830/rule.ts) reads `rejectUnauthorized: false` only in the options of https.request and request.get (first
    // argument) and tls.connect (third): named on the first two. Semgrep's bypass-tls-verification
    // (js-node/bypass-tls-verification.yaml) matches `{rejectUnauthorized:false}` in any object literal and
    // `process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = 0` (a number): named on those as written (bypassesTls).
    equivalents: [],
    findingEquivalents: ['js/disabling-certificate-validation', 'S4830', BYPASS_TLS],
    references: ['OWASP-Serverless-A3', 'SAS-3', 'CWE-295', 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      optionDisabled: 'Certificate verification is off (`{{what}}`{{via}}): anyone on the network path can impersonate the server.',
      processWide: '`{{what}}` turns certificate verification off for every connection of this function, the AWS SDK\'s included.',
    },
    messageSeverity: { optionDisabled: 'warning' },
    fix: 'none',
  },
  checkCode(context) {
    for (const fact of context.code.insecureTransport) {
      if (fact.kind !== 'tls-verification-disabled' || fact.location.path) continue;
      if (fact.what.startsWith('NODE_TLS_REJECT_UNAUTHORIZED')) {
        const written = context.text.slice(fact.location.range.start, fact.location.range.end);
        // The pattern's form: the bracket access and the number 0 (a string '0' is another literal to Semgrep).
        const bypasses = /^process\.env\[\s*(['"])NODE_TLS_REJECT_UNAUTHORIZED\1\s*\]\s*=\s*0$/.test(written.trim());
        context.report({
          messageId: 'processWide',
          data: { what: fact.what },
          range: fact.location.range,
          equivalents: [...(/=\s*(['"`])0\1/.test(fact.what) ? ['js/disabling-certificate-validation'] : []), ...(bypasses ? [BYPASS_TLS] : [])],
        });
      } else
        context.report({
          messageId: 'optionDisabled',
          data: { what: fact.what, via: fact.via ? ` in \`${fact.via}\`` : '' },
          range: fact.location.range,
          equivalents: [
            ...(fact.what.startsWith('rejectUnauthorized') && ['https.request', 'https.Agent', 'tls.connect'].includes(fact.via ?? '') ? ['js/disabling-certificate-validation'] : []),
            ...(failsSonarS4830(fact) ? ['S4830'] : []),
            ...(fact.what === 'rejectUnauthorized: false' ? [BYPASS_TLS] : []),
          ],
        });
    }
  },
});

/**
 * SonarJS S4830 (S4830/rule.ts) reads `rejectUnauthorized: false` in one argument of three calls: the first of
 * `https.request` and `request.get`, the third of `tls.connect(port, host, options)`.
 */
function failsSonarS4830(fact: { what: string; via: string; optionsArgument?: number }): boolean {
  if (!fact.what.startsWith('rejectUnauthorized')) return false;
  const position: Record<string, number> = { 'https.request': 0, 'request.get': 0, 'tls.connect': 2 };
  return Object.hasOwn(position, fact.via) && fact.optionsArgument === position[fact.via];
}

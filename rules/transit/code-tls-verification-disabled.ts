/**
 * Certificate verification turned off in handler code: `rejectUnauthorized: false` (https, tls,
 * undici, pg and mysql `ssl` options), request's `strictSSL: false`, and
 * `NODE_TLS_REJECT_UNAUTHORIZED = '0'`, which turns it off for every connection of the process,
 * the AWS SDK's included; that one is an error, an option on one client a warning.
 */
import { defineCodeRule } from '../../server/src/engine/code-rule';

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
    equivalents: ['bypass-tls-verification', 'S4830', 'js/disabling-certificate-validation'],
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
      if (fact.what.startsWith('NODE_TLS_REJECT_UNAUTHORIZED')) context.report({ messageId: 'processWide', data: { what: fact.what }, range: fact.location.range });
      else context.report({ messageId: 'optionDisabled', data: { what: fact.what, via: fact.via ? ` in \`${fact.via}\`` : '' }, range: fact.location.range });
    }
  },
});

/**
 * Event input that becomes a redirect target: a `Location` header in the response, or `res.redirect`
 * in a serverless-http app. Input after a fixed `scheme://host/` stays on that host and is not reported.
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';

export default defineCodeRule({
  meta: {
    id: 'code-open-redirect',
    title: 'Event input chooses where a redirect goes',
    category: 'input',
    severity: 'warning',
    severityFollowsExposure: true,
    confidence: 'medium',
    description:
      'A redirect to a URL from the request sends your users, with your domain in the link they clicked, to any site: a phishing page that looks like yours, or a page that receives the OAuth code or token you append.',
    remediation:
      'Redirect only to relative paths you check (starting with a single `/`, not `//`), or to URLs whose host is on an allow-list.',
    // Not claimed: Sonar's S5146 is a rule of its closed taint engine, whose sources we cannot read.
    equivalents: [],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-601', 'https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedRedirect:
        '{{source}} becomes the redirect target of {{sink}} in handler `{{handler}}` ({{trigger}}): a link on your domain can send users to any site.',
    },
    fix: 'none',
  },
  checkCode: (context) => reportFlowsInto(context, 'redirect', 'taintedRedirect'),
});

/**
 * Event input written unescaped into a response body served as `text/html` (reflected cross-site
 * scripting).
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';
import { namingSemgrepLambda } from './support/semgrep-lambda';

export default defineCodeRule({
  meta: {
    id: 'code-reflected-html',
    title: 'Event input is written into an HTML response',
    category: 'input',
    severity: 'warning',
    severityFollowsExposure: true,
    confidence: 'medium',
    description:
      'Input placed in an HTML page without escaping can add a `<script>` that runs on your domain in the victim\'s browser: it reads their cookies and tokens and acts as them.',
    remediation:
      'Escape every value placed in HTML (a template engine that escapes by default, or an HTML escaping function), or return JSON and render it on the client.',
    // Semgrep's rules only where their source and sinks reach (support/semgrep-lambda.ts); Sonar's S5131 is a rule of
    // its closed taint engine, whose sources we cannot read: not claimed.
    equivalents: [],
    findingEquivalents: ['javascript.aws-lambda.security.tainted-html-response', 'javascript.aws-lambda.security.tainted-html-string'],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-79', 'https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedHtml:
        '{{source}} is written into the HTML of {{sink}} in handler `{{handler}}` ({{trigger}}): a crafted link runs script on your domain.',
    },
    fix: 'none',
  },
  checkCode: (context) => reportFlowsInto(namingSemgrepLambda(context, 'html'), 'html', 'taintedHtml'),
});

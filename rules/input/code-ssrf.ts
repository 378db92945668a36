/**
 * Event input that chooses the host of an outgoing request: `fetch`, axios, got, `http(s).request`/`get`,
 * undici and request. Input placed after a fixed `scheme://host/` is a path, not an SSRF, and the front
 * end does not report it.
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';
import { namingSemgrepLambda } from './support/semgrep-lambda';

export default defineCodeRule({
  meta: {
    id: 'code-ssrf',
    title: 'Event input chooses where an outgoing request goes',
    category: 'input',
    severity: 'warning',
    severityFollowsExposure: true,
    confidence: 'medium',
    description:
      'A request to a URL from the event lets the caller make the function call internal endpoints, other AWS services with its role\'s signature, or any host on the internet from your account, and read the answer when the function returns it.',
    remediation:
      'Build the URL from a fixed scheme and host and put input only in the path or query (encoded), or check the host against an allow-list after parsing the URL with `new URL`.',
    // Semgrep's rules only where their source and sinks reach (support/semgrep-lambda.ts); CodeQL's js/request-forgery
    // only on a client request ClientRequests.qll models, at the argument it models, where ServerLess.qll's event
    // reaches it by its steps and no sanitising prefix (support/codeql-serverless.ts). Sonar's S5144 is a rule of its
    // closed taint engine, whose sources we cannot read: not claimed.
    equivalents: [],
    findingEquivalents: ['javascript.aws-lambda.security.axios-ssrf', 'javascript.aws-lambda.security.fetch-ssrf', 'javascript.aws-lambda.security.request-ssrf', 'js/request-forgery'],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-918', 'https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedUrl:
        '{{source}} chooses the URL of {{sink}} in handler `{{handler}}` ({{trigger}}): the caller decides which host the function calls.',
    },
    fix: 'none',
  },
  checkCode: (context) => reportFlowsInto(namingSemgrepLambda(context, 'url'), 'url', 'taintedUrl'),
});

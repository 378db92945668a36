/**
 * Event input compiled as a regular expression (`new RegExp(input)`), which allows catastrophic
 * backtracking (ReDoS).
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';
import { namingSemgrepLambda } from './support/semgrep-lambda';

export default defineCodeRule({
  meta: {
    id: 'code-regex-injection',
    title: 'Event input is compiled as a regular expression',
    category: 'input',
    severity: 'warning',
    severityFollowsExposure: true,
    confidence: 'medium',
    description:
      'A pattern from the caller can backtrack for minutes on a short input (`(a+)+$`): each request holds the function until its timeout, which costs money and exhausts its concurrency.',
    remediation:
      'Escape the input before placing it in a pattern (replace `[.*+?^${}()|[\\]\\\\]` with a backslash and the character), or match it with `includes`/`startsWith` instead of a regex.',
    // Semgrep's rule only on flows from the handler's parameter into RegExp inside the handler (support/semgrep-lambda.ts);
    // CodeQL's query only where its source, steps and sink reach (support/codeql-serverless.ts); Sonar's S2631 is a rule of its closed taint engine, whose sources we cannot read: not claimed.
    equivalents: [],
    findingEquivalents: ['javascript.lang.security.audit.detect-non-literal-regexp.detect-non-literal-regexp', 'js/regex-injection'],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-1333', 'https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedRegex:
        '{{source}} is compiled as a regular expression by {{sink}} in handler `{{handler}}` ({{trigger}}): a crafted pattern can hold the function until its timeout.',
    },
    fix: 'none',
  },
  checkCode: (context) => reportFlowsInto(namingSemgrepLambda(context, 'regex'), 'regex', 'taintedRegex'),
});

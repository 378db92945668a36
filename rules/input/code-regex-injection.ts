/**
 * Event input compiled as a regular expression (`new RegExp(input)`), which allows catastrophic
 * backtracking (ReDoS).
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';

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
    equivalents: ['javascript.lang.security.audit.detect-non-literal-regexp.detect-non-literal-regexp', 'S2631'],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-1333', 'https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedRegex:
        '{{source}} is compiled as a regular expression by {{sink}} in handler `{{handler}}` ({{trigger}}): a crafted pattern can hold the function until its timeout.',
    },
    fix: 'none',
  },
  checkCode: (context) => reportFlowsInto(context, 'regex', 'taintedRegex'),
});

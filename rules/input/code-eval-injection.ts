/**
 * Event input that is evaluated as JavaScript: `eval`, `new Function`, `vm.run*`, `setTimeout` and
 * `setInterval` with a string.
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';
import { namingSemgrepLambda } from './support/semgrep-lambda';

export default defineCodeRule({
  meta: {
    id: 'code-eval-injection',
    title: 'Event input is evaluated as code',
    category: 'input',
    severity: 'error',
    severityFollowsExposure: true,
    confidence: 'high',
    description:
      'Code built from the event runs with the function\'s role: the caller can read its environment (credentials included), call AWS with its permissions and change its behaviour for later invocations of the same execution environment.',
    remediation:
      'Never evaluate input. Parse data with `JSON.parse`, map names to functions through a fixed object, and pass a function, not a string, to timers.',
    // Semgrep's rules and CodeQL's query only where their source and sinks reach (support/semgrep-lambda.ts,
    // support/codeql-serverless.ts); Sonar's S5334 is a rule of its closed taint engine, whose sources we cannot read:
    // not claimed.
    equivalents: [],
    findingEquivalents: ['javascript.aws-lambda.security.tainted-eval', 'javascript.aws-lambda.security.vm-runincontext-injection', 'js/code-injection'],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-94', 'https://nodejs.org/api/vm.html#vm-executing-javascript'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedCode:
        '{{source}} reaches {{sink}} in handler `{{handler}}` ({{trigger}}): the caller\'s text runs as code with the function\'s role.',
    },
    fix: 'none',
  },
  checkCode: (context) => reportFlowsInto(namingSemgrepLambda(context, 'code-eval'), 'code-eval', 'taintedCode'),
});

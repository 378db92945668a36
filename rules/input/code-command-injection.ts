/**
 * Event input that reaches a shell command: `child_process.exec`/`execSync`, `spawn`/`execFile` with
 * `shell: true` (also through `util.promisify`), shelljs and execa command strings. Offers the
 * `execFile` rewrite when the command starts with a constant program and uses no shell syntax.
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';
import { namingSemgrepLambda } from './support/semgrep-lambda';
import { execFileFix } from './support/exec-file-fix';

export default defineCodeRule({
  meta: {
    id: 'code-command-injection',
    title: 'Event input reaches a shell command',
    category: 'input',
    severity: 'error',
    severityFollowsExposure: true,
    confidence: 'high',
    description:
      'A shell parses the whole command string, so input that reaches it can add `;`, `|`, `$(...)` or backticks and run any program with the function\'s role and environment (its credentials are in the environment variables).',
    remediation:
      'Run the program with `execFile`/`spawn` and an argument array (no shell), and check the input against an allow-list or a strict pattern first; never build a command string from the event.',
    // Semgrep's rule and CodeQL's query only where their source and sinks reach (support/semgrep-lambda.ts,
    // support/codeql-serverless.ts); Sonar's S2076 is a rule of its closed taint engine, whose sources we cannot read:
    // not claimed.
    equivalents: [],
    findingEquivalents: ['javascript.aws-lambda.security.detect-child-process', 'js/command-line-injection'],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-78', 'https://nodejs.org/api/child_process.html#child_processexecfilefile-args-options-callback'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedCommand:
        '{{source}} reaches the shell command of {{sink}} in handler `{{handler}}` ({{trigger}}): the caller can run any command with the function\'s role.',
    },
    fix: 'suggestion',
  },
  checkCode: (context) => reportFlowsInto(namingSemgrepLambda(context, 'command'), 'command', 'taintedCommand', { fixesOf: execFileFix }),
});

/**
 * Event input that chooses a file path (`fs` reads, writes and deletes, fs-extra, fs/promises), S3
 * object keys written under `/tmp` included.
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';
import { namingSemgrepLambda } from './support/semgrep-lambda';

export default defineCodeRule({
  meta: {
    id: 'code-path-traversal',
    title: 'Event input chooses a file path',
    category: 'input',
    severity: 'warning',
    severityFollowsExposure: true,
    confidence: 'medium',
    description:
      'A path from the event can climb out of the intended folder with `../` or be absolute: the caller reads the function\'s own code and `/proc/self/environ` (its credentials), or overwrites files in `/tmp` that later invocations trust.',
    remediation:
      'Take only the base name (`path.basename`) or an id checked against a strict pattern, join it to a fixed folder, and check that the resolved path still starts with that folder.',
    // CodeQL's query only where its source, data-flow steps and sinks reach and none of its path barriers is in the
    // file (support/codeql-serverless.ts). Not claimed: Semgrep's path-join-resolve-traversal matches path.join/resolve
    // of a function parameter after `$PATH = require ('path')`, not file-system sinks; Sonar's S2083 is a rule of its
    // closed taint engine.
    equivalents: [],
    findingEquivalents: ['js/path-injection'],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-22', 'https://owasp.org/www-community/attacks/Path_Traversal'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedPath:
        '{{source}} chooses the file path of {{sink}} in handler `{{handler}}` ({{trigger}}): `../` in it reaches files outside the intended folder.',
    },
    fix: 'none',
  },
  checkCode: (context) => reportFlowsInto(namingSemgrepLambda(context, 'path'), 'path', 'taintedPath'),
});

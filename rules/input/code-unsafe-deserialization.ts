/**
 * Event input deserialised by a library that can create functions or run code: `node-serialize`
 * `unserialize`, `serialize-to-js` and `funcster`, `js-yaml` `load` with an unsafe schema.
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';
import { namingSemgrepLambda } from './support/semgrep-lambda';

export default defineCodeRule({
  meta: {
    id: 'code-unsafe-deserialization',
    title: 'Event input is deserialised by a library that can run code',
    category: 'input',
    severity: 'error',
    severityFollowsExposure: true,
    confidence: 'high',
    description:
      'These formats can describe functions, and `node-serialize` runs an immediately invoked one while it reads: the caller gets code execution with the function\'s role.',
    remediation:
      'Use `JSON.parse` for data, `js-yaml` `load` with its default (safe) schema, and never `node-serialize` on anything a caller can write.',
    // CodeQL's query only at js-yaml loads with its full schema, where its source and steps reach
    // (support/codeql-serverless.ts). Not claimed: Sonar's S5135 is a rule of its closed taint engine, whose sources we
    // cannot read.
    equivalents: [],
    findingEquivalents: ['js/unsafe-deserialization'],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-502', 'https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedDeserialization:
        '{{source}} is deserialised by {{sink}} in handler `{{handler}}` ({{trigger}}): a crafted payload runs code with the function\'s role.',
    },
    fix: 'none',
  },
  checkCode: (context) => reportFlowsInto(namingSemgrepLambda(context, 'deserialization'), 'deserialization', 'taintedDeserialization'),
});

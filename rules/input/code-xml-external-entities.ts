/**
 * Event input parsed as XML with external entity expansion turned on (`libxmljs` `parseXml` with
 * `noent: true`).
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';
import { namingSemgrepLambda } from './support/semgrep-lambda';

export default defineCodeRule({
  meta: {
    id: 'code-xml-external-entities',
    title: 'Event input is parsed as XML with external entities enabled',
    category: 'input',
    severity: 'warning',
    severityFollowsExposure: true,
    confidence: 'high',
    description:
      'With entity expansion on, a document from the caller can declare an entity that points at `file:///proc/self/environ` or an internal URL and have the parser read it into the result: the function\'s credentials, or an SSRF.',
    remediation:
      'Parse without `noent` (the default keeps entities unexpanded), or use a parser that does not resolve external entities at all.',
    // Sonar's S2755 (SonarJS S2755/rule.ts) reports libxmljs parseXml/parseXmlString with `noent: true` written,
    // whatever the input: named on findings at such a call (support/semgrep-lambda.ts). CodeQL's js/xxe only at libxmljs
    // with `noent: true`, where its source and steps reach (support/codeql-serverless.ts).
    equivalents: [],
    findingEquivalents: ['S2755', 'js/xxe'],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-611', 'https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedXml:
        '{{source}} is parsed by {{sink}} with external entities expanded in handler `{{handler}}` ({{trigger}}): the document can read local files or internal URLs.',
    },
    fix: 'none',
  },
  checkCode: (context) => reportFlowsInto(namingSemgrepLambda(context, 'xml'), 'xml', 'taintedXml'),
});

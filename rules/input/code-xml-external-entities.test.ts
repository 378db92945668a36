// Data-driven cases for code-xml-external-entities: libxmljs with and without noent.
import rule from './code-xml-external-entities';
import { routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-xml-external-entities';

testCodeRule(rule, {
  valid: [
    { name: 'libxmljs without noent', code: `const libxmljs = require('libxmljs');\nexports.handler = async (event) => libxmljs.parseXml(event.body);`, bindings: [routeBinding('handler', 'POST /xml')] },
    { name: 'noent on a constant document', code: `const libxmljs = require('libxmljs');\nexports.handler = async (event) => libxmljs.parseXml('<a/>', { noent: true });` },
  ],
  invalid: [
    {
      name: 'libxmljs with noent: true on the body',
      code: `const libxmljs = require('libxmljs');\nexports.handler = async (event) => {\n${underline(`  return libxmljs.parseXml(event.body, { noent: true });`, 'event.body', ID)}\n};`,
      bindings: [routeBinding('handler', 'POST /xml', 'iam')],
      errors: [{ messageId: 'taintedXml', severity: 'info', messageIncludes: ['with external entities expanded'] }],
    },
  ],
});

// Data-driven cases for code-unsafe-deserialization: node-serialize and js-yaml with an unsafe schema.
import rule from './code-unsafe-deserialization';
import { routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-unsafe-deserialization';

testCodeRule(rule, {
  valid: [
    { name: 'js-yaml load with the default schema', code: `const yaml = require('js-yaml');\nexports.handler = async (event) => yaml.load(event.body);`, bindings: [routeBinding('handler', 'POST /config')] },
    { name: 'JSON.parse', code: `exports.handler = async (event) => JSON.parse(event.body);` },
  ],
  invalid: [
    {
      name: 'node-serialize unserialize of the body',
      code: `const serialize = require('node-serialize');\nexports.handler = async (event) => {\n${underline(`  return serialize.unserialize(event.body);`, 'event.body', ID)}\n};`,
      bindings: [routeBinding('handler', 'POST /session')],
      errors: [{ messageId: 'taintedDeserialization', severity: 'error', messageIncludes: ['is deserialised by `node-serialize.unserialize`'] }],
    },
    {
      name: 'js-yaml load with the full schema',
      code: `const yaml = require('js-yaml');\nexports.handler = async (event) => {\n${underline(`  return yaml.load(event.body, { schema: yaml.DEFAULT_FULL_SCHEMA });`, 'event.body', ID)}\n};`,
      errors: [{ messageId: 'taintedDeserialization' }],
    },
  ],
});

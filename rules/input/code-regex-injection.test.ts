// Data-driven cases for code-regex-injection: new RegExp from input, constant patterns and escaping.
import rule from './code-regex-injection';
import { internalBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-regex-injection';

testCodeRule(rule, {
  valid: [
    { name: 'a constant pattern tested on input', code: `exports.handler = async (event) => /^[a-z]+$/.test(event.body);` },
    { name: 'includes instead of a pattern', code: `exports.handler = async (event) => names.filter((n) => n.includes(event.queryStringParameters.q));` },
  ],
  invalid: [
    {
      name: 'AppSync arguments compiled as a pattern',
      code: `exports.handler = async (event) => {\n${underline(`  return new RegExp(event.arguments.pattern).test('x');`, 'event.arguments.pattern', ID)}\n};`,
      bindings: [internalBinding('handler', 'appsync', 'AppSync resolver Query.search')],
      errors: [{ messageId: 'taintedRegex', severity: 'info', messageIncludes: ['trigger: AppSync resolver'] }],
    },
    {
      name: 'a query parameter compiled as a pattern, unbound',
      code: `exports.handler = async (event) => {\n  const q = event.queryStringParameters.q;\n${underline(`  return items.filter((i) => new RegExp(q, 'i').test(i.name));`, 'q', ID).replace(/\/\/\^ /, '//^ ')}\n};`,
      errors: [{ messageId: 'taintedRegex', severity: 'warning' }],
    },
  ],
});

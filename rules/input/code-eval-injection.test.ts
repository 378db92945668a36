// Data-driven cases for code-eval-injection: eval, new Function, vm and string timers, with guards.
import rule from './code-eval-injection';
import { internalBinding, routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-eval-injection';
const handler = (...lines: string[]) => `exports.handler = async (event) => {\n${lines.join('\n')}\n};`;

testCodeRule(rule, {
  valid: [
    { name: 'JSON.parse of the body is not evaluation', code: handler(`  const data = JSON.parse(event.body);`, `  return { statusCode: 200, body: JSON.stringify(data) };`), bindings: [routeBinding('handler', 'POST /data')] },
    { name: 'setTimeout with a function', code: handler(`  setTimeout(() => console.log(event.body), 10);`) },
    { name: 'eval of a constant', code: handler(`  eval('1 + 1');`, `  return event.body;`) },
    { name: 'an allow-list guard with an early return', code: `const OPS = ['sum', 'avg'];\n` + handler(`  const op = event.queryStringParameters.op;`, `  if (!OPS.includes(op)) return { statusCode: 400 };`, `  return eval(op + '(values)');`), bindings: [routeBinding('handler', 'GET /calc')] },
    { name: 'require and import() of constant or computed-but-fixed names', code: `const path = require('path');\nconst NAME = 'default';\nexports.handler = async (event) => {\n  const a = require(path.join(__dirname, 'config.json'));\n  const b = await import(\`./plugins/\${NAME}.js\`);\n  return { statusCode: 200, body: JSON.stringify([a, b, event.body]) };\n};`, bindings: [routeBinding('handler', 'POST /run')] },
  ],
  invalid: [
    {
      name: 'a module name from the event, loaded with require or import()',
      code: `exports.handler = async (event) => {\n  const { plugin } = JSON.parse(event.body);\n${underline('  const loaded = require(`./plugins/${plugin}`);', '`./plugins/${plugin}`', 'code-eval-injection')}\n${underline('  const other = await import(event.queryStringParameters.mod);', 'event.queryStringParameters.mod', 'code-eval-injection')}\n  return loaded.run(other);\n};`,
      bindings: [routeBinding('handler', 'POST /run')],
      errors: [
        { messageId: 'taintedCode', severity: 'error', messageIncludes: ['`event.body` reaches `require`'] },
        { messageId: 'taintedCode', severity: 'error', messageIncludes: ['reaches `import()`'] },
      ],
    },
    {
      name: 'eval of the body on a public route',
      code: handler(underline(`  return eval(event.body);`, 'event.body', ID)),
      bindings: [routeBinding('handler', 'POST /calc')],
      errors: [{ messageId: 'taintedCode', severity: 'error', messageIncludes: ['`event.body` reaches `eval`', '(POST /calc is public)'] }],
    },
    {
      name: 'new Function from a query parameter',
      code: handler(`  const expr = event.queryStringParameters.f;`, underline(`  const fn = new Function('x', 'return ' + expr);`, "'return ' + expr", ID)),
      bindings: [routeBinding('handler', 'GET /plot', 'cognito')],
      errors: [{ messageId: 'taintedCode', severity: 'warning' }],
    },
    {
      name: 'vm.runInNewContext of a Kinesis record (internal)',
      code: `const vm = require('vm');\nexports.handler = async (event) => {\n  for (const r of event.Records) {\n${underline(`    vm.runInNewContext(Buffer.from(r.kinesis.data, 'base64').toString());`, "Buffer.from(r.kinesis.data, 'base64').toString()", ID)}\n  }\n};`,
      bindings: [internalBinding('handler', 'kinesis', 'Kinesis stream Events')],
      errors: [{ messageId: 'taintedCode', severity: 'warning', messageIncludes: ['trigger: Kinesis record', '(invoked only by Kinesis stream Events)'] }],
    },
    {
      name: 'setTimeout with a string from an SNS message, unbound',
      code: handler(underline(`  setTimeout(event.Records[0].Sns.Message, 10);`, 'event.Records[0].Sns.Message', ID)),
      errors: [{ messageId: 'taintedCode', severity: 'error', messageIncludes: ['no template names this handler'] }],
    },
  ],
});

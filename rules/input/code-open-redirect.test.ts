// Data-driven cases for code-open-redirect: Location headers and res.redirect, fixed hosts excepted.
import rule from './code-open-redirect';
import { routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-open-redirect';

testCodeRule(rule, {
  valid: [
    { name: 'a redirect to a fixed host with input in the path', code: `exports.handler = async (event) => ({ statusCode: 302, headers: { Location: 'https://app.example.com/orders/' + event.pathParameters.id } });`, bindings: [routeBinding('handler', 'GET /go/{id}')] },
    { name: 'the request path after a fixed host', code: `exports.handler = async (event) => ({ statusCode: 301, headers: { Location: \`https://www.example.com\${event.rawPath}\` } });`, bindings: [routeBinding('handler', 'GET /{proxy+}')] },
    { name: 'a constant Location', code: `exports.handler = async (event) => ({ statusCode: 302, headers: { Location: '/login' }, body: event.body });` },
  ],
  invalid: [
    {
      name: 'Location from a query parameter',
      code: `exports.handler = async (event) => {\n${underline(`  return { statusCode: 302, headers: { Location: event.queryStringParameters.next } };`, 'event.queryStringParameters.next', ID)}\n};`,
      bindings: [routeBinding('handler', 'GET /login')],
      errors: [{ messageId: 'taintedRedirect', severity: 'error', messageIncludes: ['becomes the redirect target of `Location header`'] }],
    },
    {
      name: 'input after a bare slash can be //evil.example',
      code: `exports.handler = async (event) => {\n  const h = event.queryStringParameters.h;\n${underline(`  return { statusCode: 301, headers: { location: '/' + h } };`, "'/' + h", ID)}\n};`,
      errors: [{ messageId: 'taintedRedirect' }],
    },
    {
      name: 'a query value right after a fixed host (`https://www.example.com.evil.example`)',
      code: `exports.handler = async (event) => {\n${underline('  return { statusCode: 302, headers: { Location: `https://www.example.com${event.queryStringParameters.rest}` } };', '`https://www.example.com${event.queryStringParameters.rest}`', ID)}\n};`,
      errors: [{ messageId: 'taintedRedirect' }],
    },
  ],
});

/**
 * A public route (no authorizer, no IAM) whose handler writes or deletes through the AWS SDK, or whose
 * path says admin, with no auth anywhere in the handler's file: no token verified, no authorizer
 * claims read, not even a token decoded. Only handlers that a template binds to a route are judged;
 * a route whose auth is unknown is not public.
 */
import { defineCodeRule, type HandlerTrigger } from '../../server/src/engine';
import { bindingsOf, firstLine, handlerContaining, isHttp } from './support/code-handlers';

/** SDK operations that change data: v3 command names and v2 method names. */
const WRITE_OPERATION = /^(put|delete|update|batchWrite|transactWrite|batchDelete|remove|terminate|create(?!MultipartUpload)|attach|detach|adminCreate|adminDelete|adminUpdate|adminSet|adminAdd|adminRemove|adminDisable)/i;
const ADMIN_PATH = /(^|[/_.-])admin([/_.-]|$|\{)/i;

export default defineCodeRule({
  meta: {
    id: 'code-public-admin-handler',
    title: 'Public route whose handler writes data or serves an admin path, with no auth anywhere',
    category: 'auth',
    severity: 'error',
    confidence: 'medium',
    description:
      'A route with no authorizer whose handler changes data (DynamoDB, S3, Cognito writes or deletes) or serves an admin path, while its code checks no token either, lets anyone on the internet perform that change: the only thing between them and your data is knowing the URL.',
    remediation:
      'Attach an authorizer (IAM, Cognito, JWT or Lambda) to the route, or verify the caller\'s token in the handler before it writes, and check that the caller may change that item (owner or admin group).',
    equivalents: ['CKV_AWS_59', 'AwsSolutions-APIG4'],
    references: ['OWASP-Serverless-A2', 'SAS-2', 'CWE-306', 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      publicWrite: 'Handler `{{handler}}` {{work}}, and {{route}} lets anyone call it: no authorizer at the edge and no token check in the code.',
      publicAdmin: 'Handler `{{handler}}` serves the admin path of {{route}}, which anyone can call: no authorizer at the edge and no token check in the code.',
    },
    fix: 'none',
  },
  checkCode(context) {
    const document = context.code;
    // Any auth fact (even an unverified decode, reported by code-unverified-jwt) means the code tries to know its caller.
    if (document.authFacts.length > 0 || context.bindings.length === 0) return;
    for (const handler of document.handlers) {
      const routes: HandlerTrigger[] = bindingsOf(context.bindings, handler.exportName).flatMap((binding) => binding.triggers.filter((trigger) => isHttp(trigger) && trigger.auth === 'none'));
      if (routes.length === 0) continue;
      const local = handler.functionLocation.path === undefined;
      const head = local ? firstLine(context.text, handler.functionLocation.range) : document.reExports.find((entry) => entry.isStar || entry.names.some((name) => name.exported === handler.exportName))?.range;
      if (!head) continue;
      const adminRoute = routes.find((route) => ADMIN_PATH.test(route.path ?? route.description));
      if (adminRoute) {
        context.report({ messageId: 'publicAdmin', data: { handler: handler.exportName, route: adminRoute.description }, range: head, handler: handler.exportName });
        continue;
      }
      // Writes in the handler, or anywhere in the file when it has one handler only (its helpers).
      const writes = document.awsCalls.filter((call) => call.location.path === undefined && WRITE_OPERATION.test(call.operation) && (document.handlers.length === 1 || handlerContaining(document, call.location.range) === handler));
      if (writes.length === 0) continue;
      const first = writes[0];
      context.report({
        messageId: 'publicWrite',
        data: { handler: handler.exportName, work: `calls ${first.service} \`${first.operation}\``, route: routes[0].description },
        range: local ? first.location.range : head,
        handler: handler.exportName,
      });
    }
  },
});

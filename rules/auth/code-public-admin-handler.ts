/**
 * A public route (no authorizer, no IAM) whose handler writes or deletes through the AWS SDK or a SQL
 * statement (INSERT, UPDATE, DELETE, REPLACE, MERGE, DROP, TRUNCATE, ALTER), or whose path says admin, with no auth anywhere in the handler's file: no token verified, no authorizer
 * claims read, not even a token decoded. Only handlers that a template binds to a route are judged;
 * a route whose auth is unknown is not public.
 */
import { defineCodeRule, type CodeLocation, type HandlerCandidate, type HandlerTrigger } from '../../server/src/engine';
import { bindingsOf, firstLine, handlerContaining, isHttp } from './support/code-handlers';

/** SDK operations that change data: v3 command names and v2 method names. */
const WRITE_OPERATION = /^(put|delete|update|batchWrite|transactWrite|batchDelete|remove|terminate|create(?!MultipartUpload)|attach|detach|adminCreate|adminDelete|adminUpdate|adminSet|adminAdd|adminRemove|adminDisable)/i;
/**
 * Puts that send a message or telemetry rather than change stored data, like `SendMessage` and `Publish`
 * (which the pattern never matched): an event or a metric from a public route is not admin work.
 */
const MESSAGE_PUT = /^(putEvents|putRecords?|putRecordBatch|putMetricData|putLogEvents|putTraceSegments|putTelemetryRecords|putPartnerEvents)$/i;
/** WebSocket `$connect`/`$disconnect`: storing and deleting the connection id is the documented bookkeeping of every WebSocket API. */
const CONNECTION_ROUTE = /\$(connect|disconnect)\b/;
const ADMIN_PATH = /(^|[/_.-])admin([/_.-]|$|\{)/i;

export default defineCodeRule({
  meta: {
    id: 'code-public-admin-handler',
    title: 'Public route whose handler writes data or serves an admin path, with no auth anywhere',
    category: 'auth',
    severity: 'error',
    confidence: 'medium',
    description:
      'A route with no authorizer whose handler changes data (DynamoDB, S3, Cognito writes or deletes, SQL INSERT/UPDATE/DELETE) or serves an admin path, while its code checks no token either, lets anyone on the internet perform that change: the only thing between them and your data is knowing the URL.',
    remediation:
      'Attach an authorizer (IAM, Cognito, JWT or Lambda) to the route, or verify the caller\'s token in the handler before it writes, and check that the caller may change that item (owner or admin group).',
    // Checkov's CKV_AWS_59 and cdk-nag's APIG4 read template resources, never handler code: the route's own finding
    // (route-missing-auth) names them where they hold, and this code finding names none (see the doc).
    equivalents: [],
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
    // The handler each write lies in, found once per write rather than once per write and handler.
    const owners = new Map<CodeLocation, HandlerCandidate | undefined>();
    const ownerOf = (location: CodeLocation) => {
      if (!owners.has(location)) owners.set(location, handlerContaining(document, location.range));
      return owners.get(location);
    };
    for (const handler of document.handlers) {
      const routes: HandlerTrigger[] = bindingsOf(context.bindings, handler.exportName).flatMap((binding) =>
        binding.triggers.filter((trigger) => isHttp(trigger) && trigger.auth === 'none' && !(trigger.kind === 'websocket' && CONNECTION_ROUTE.test(trigger.path ?? trigger.description))),
      );
      if (routes.length === 0) continue;
      const local = handler.functionLocation.path === undefined;
      const head = local ? firstLine(context.text, handler.functionLocation.range) : document.reExports.find((entry) => entry.isStar || entry.names.some((name) => name.exported === handler.exportName))?.range;
      if (!head) continue;
      const adminRoute = routes.find((route) => ADMIN_PATH.test(route.path ?? route.description));
      if (adminRoute) {
        context.report({ messageId: 'publicAdmin', data: { handler: handler.exportName, route: adminRoute.description }, range: head, handler: handler.exportName });
        continue;
      }
      // Writes in the handler, or anywhere in the file when it has one handler only (its helpers): SDK calls that change
      // data and SQL statements that do (INSERT, UPDATE, DELETE...), in source order.
      const ownsWrite = (location: CodeLocation) => location.path === undefined && (document.handlers.length === 1 || ownerOf(location) === handler);
      const writes = [
        ...document.awsCalls.filter((call) => WRITE_OPERATION.test(call.operation) && !MESSAGE_PUT.test(call.operation) && ownsWrite(call.location)).map((call) => ({ location: call.location, work: `calls ${call.service} \`${call.operation}\`` })),
        ...document.dataWrites.filter((write) => ownsWrite(write.location)).map((write) => ({ location: write.location, work: `runs SQL \`${write.statement}\` through \`${write.via}\`` })),
      ].sort((a, b) => a.location.range.start - b.location.range.start);
      if (writes.length === 0) continue;
      const first = writes[0];
      context.report({
        messageId: 'publicWrite',
        data: { handler: handler.exportName, work: first.work, route: routes[0].description },
        range: local ? first.location.range : head,
        handler: handler.exportName,
      });
    }
  },
});

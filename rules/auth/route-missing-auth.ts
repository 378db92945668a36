/**
 * An API Gateway route (REST or HTTP API) that any caller on the internet can
 * invoke: no IAM, Cognito, JWT or Lambda authorizer. CORS preflight (OPTIONS)
 * routes are meant to be open, and routes whose auth cannot be resolved, or
 * that live on a PRIVATE (VPC-only) REST API, are not reported.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { columnOf, indentUnitOf, insertMapEntries, replaceNode, valueText, yamlBlockEntry } from '../../server/src/engine/fix/edits';
import type { Endpoint } from '../../server/src/engine/model/types';
import { entryOf, isMap, isScalar, valueOf } from '../../server/src/engine/parse/tree';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';

const FIX_TITLE = 'Require IAM auth on this route';

export default defineRule({
  meta: {
    id: 'route-missing-auth',
    title: 'API route without authentication',
    category: 'auth',
    // A warning, not an error: some APIs are public on purpose (a status page, a
    // signed webhook). Teams that want CI to fail raise it in `slsward.rules`.
    severity: 'warning',
    confidence: 'high',
    description:
      'Without an authorizer, API Gateway invokes the function for any caller on the internet. Every public route is an entry point into your code and your data.',
    remediation:
      'Attach an authorizer: IAM (`aws_iam` / `AWS_IAM`), a Cognito user pool, a JWT authorizer or a Lambda authorizer. Leave only CORS preflight (OPTIONS) routes open.',
    equivalents: ['CKV_AWS_59', 'CKV_AWS_309', 'AwsSolutions-APIG4', 'W59', 'S6333'],
    references: ['OWASP-Serverless-A2', 'SAS-2', 'CWE-306', 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html'],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      missingAuth: '{{method}} {{path}} has no authorization: anyone on the internet can invoke it.',
      apiKeyOnly: '{{method}} {{path}} requires only an API key. An API key identifies a client for throttling; it does not authenticate a caller.',
    },
    fix: 'suggestion',
  },
  check(context) {
    for (const endpoint of context.model.endpoints) {
      if (endpoint.kind === 'url' || endpoint.auth.type !== 'none') continue;
      // CORS preflight must answer without credentials; browsers send none.
      if (endpoint.method === 'OPTIONS') continue;
      // A PRIVATE REST API is reachable only through a VPC endpoint; its resource policy is the control.
      if (endpoint.isPrivateNetwork) continue;
      const fix = iamAuthFix(context, endpoint);
      context.report({
        messageId: endpoint.auth.apiKeyRequired ? 'apiKeyOnly' : 'missingAuth',
        data: { method: endpoint.method, path: endpoint.path },
        node: { range: endpoint.range },
        resource: endpoint.resource,
        fixes: fix ? [fix] : [],
      });
    }
  },
});

/** Sets IAM auth in the form the file already uses. */
function iamAuthFix(context: RuleContext, endpoint: Endpoint): Fix | undefined {
  const document = context.model.document;
  const declaration = endpoint.declaration;
  switch (endpoint.form) {
    case 'serverless-http':
    case 'serverless-httpApi': {
      const authorizer = endpoint.form === 'serverless-http' ? 'aws_iam' : { type: 'aws_iam' };
      if (isMap(declaration)) return { title: FIX_TITLE, edits: [insertMapEntries(document, declaration, { authorizer })] };
      if (!isScalar(declaration) || typeof declaration.value !== 'string' || document.format !== 'yaml') return undefined;
      // Shorthand `http: GET users` becomes the long form, which can hold an authorizer.
      const text = declaration.value.trim();
      const [method, ...rest] = text.split(/\s+/);
      const path = rest.join(' ');
      if (!path || text === '*') return undefined;
      const indent = columnOf(document.text, endpoint.range.start) + indentUnitOf(document.text);
      const lines = [
        yamlBlockEntry('path', path, indent, 2),
        yamlBlockEntry('method', method.toLowerCase(), indent, 2),
        endpoint.form === 'serverless-http' ? yamlBlockEntry('authorizer', 'aws_iam', indent, 2) : yamlBlockEntry('authorizer', { type: 'aws_iam' }, indent, indentUnitOf(document.text)),
      ];
      const colon = document.text.lastIndexOf(':', declaration.range.start);
      return { title: FIX_TITLE, edits: [{ range: { start: colon + 1, end: declaration.range.end }, newText: '\n' + lines.join('\n') }] };
    }
    case 'sam-api':
      return samEventFix(context, endpoint);
    case 'sam-httpapi': {
      // SAM accepts AWS_IAM on an HTTP API event only when the API enables the IAM authorizer.
      const apiId = referencedLogicalId(valueOf(valueOf(declaration, 'Properties'), 'ApiId'));
      const api = context.model.resources.find((resource) => resource.logicalId === apiId && resource.type === 'AWS::Serverless::HttpApi');
      if (!api?.properties) return undefined;
      const eventFix = samEventFix(context, endpoint);
      if (!eventFix) return undefined;
      const auth = valueOf(api.properties, 'Auth');
      if (isMap(auth) && entryOf(auth, 'EnableIamAuthorizer')) return eventFix;
      const apiEdit = isMap(auth) ? insertMapEntries(document, auth, { EnableIamAuthorizer: true }) : insertMapEntries(document, api.properties, { Auth: { EnableIamAuthorizer: true } });
      return { title: FIX_TITLE, edits: [...eventFix.edits, apiEdit] };
    }
    case 'cfn-apigateway-method':
    case 'cfn-apigatewayv2-route':
      if (endpoint.authEntry?.value) return { title: FIX_TITLE, edits: [replaceNode(endpoint.authEntry.value, valueText(document, endpoint.authEntry.value, 'AWS_IAM'))] };
      if (isMap(declaration)) return { title: FIX_TITLE, edits: [insertMapEntries(document, declaration, { AuthorizationType: 'AWS_IAM' })] };
      return undefined;
    default:
      return undefined;
  }
}

/** `Auth: { Authorizer: AWS_IAM }` in a SAM event's Properties. */
function samEventFix(context: RuleContext, endpoint: Endpoint): Fix | undefined {
  const document = context.model.document;
  const properties = valueOf(endpoint.declaration, 'Properties');
  if (!isMap(properties)) return undefined;
  if (endpoint.authEntry?.value) return { title: FIX_TITLE, edits: [replaceNode(endpoint.authEntry.value, valueText(document, endpoint.authEntry.value, 'AWS_IAM'))] };
  const auth = valueOf(properties, 'Auth');
  if (isMap(auth)) return { title: FIX_TITLE, edits: [insertMapEntries(document, auth, { Authorizer: 'AWS_IAM' })] };
  return { title: FIX_TITLE, edits: [insertMapEntries(document, properties, { Auth: { Authorizer: 'AWS_IAM' } })] };
}

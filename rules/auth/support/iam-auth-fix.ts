/**
 * The quick fix shared by the route auth rules: require IAM auth on a route,
 * in the form the file already uses (Serverless, SAM event, CloudFormation).
 */
import type { Fix, RuleContext } from '../../../server/src/engine';
import { columnOf, indentUnitOf, insertMapEntries, replaceNode, valueText, yamlBlockEntry } from '../../../server/src/engine/fix/edits';
import type { Endpoint } from '../../../server/src/engine/model/types';
import { entryOf, isMap, isScalar, valueOf } from '../../../server/src/engine/parse/tree';
import { referencedLogicalId } from '../../../server/src/engine/model/cloudformation';

const FIX_TITLE = 'Require IAM auth on this route';

/** Sets IAM auth in the form the file already uses. */
export function iamAuthFix(context: RuleContext, endpoint: Endpoint): Fix | undefined {
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

/**
 * A Lambda function URL with `AuthType: NONE`: a public HTTPS endpoint that
 * invokes the function for anyone who knows the URL, bypassing API Gateway
 * and its throttling, authorizers and WAF. A URL open on one branch of an
 * `Fn::If` only is reported with that branch's conditions.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { columnOf, indentUnitOf, insertMapEntries, replaceNode, valueText, yamlBlockEntry } from '../../server/src/engine/fix/edits';
import type { Endpoint } from '../../server/src/engine/model/types';
import { isMap, isScalar } from '../../server/src/engine/parse/tree';

const FIX_TITLE = 'Require IAM auth on this function URL';

export default defineRule({
  meta: {
    id: 'function-url-missing-auth',
    title: 'Function URL without authentication',
    category: 'auth',
    severity: 'warning',
    confidence: 'high',
    description:
      'A function URL with auth type NONE can be invoked by anyone on the internet who learns the URL, with no authorizer, no throttling beyond the function\'s concurrency, and no WAF in front.',
    remediation:
      'Set the auth type to AWS_IAM (Serverless: `url: { authorizer: aws_iam }`) and sign requests with SigV4, or put the function behind API Gateway with an authorizer. A public webhook must at least verify a signature in its handler.',
    // Checkov's CKV_AWS_258 (LambdaFunctionURLAuth.py) reads only `AWS::Lambda::Url` and its literal
    // `AuthType: NONE`: named on those findings only, not on SAM `FunctionUrlConfig` nor serverless.yml `url`.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_258'],
    references: ['OWASP-Serverless-A2', 'SAS-2', 'CWE-306', 'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html'],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      publicUrl: 'The function URL of {{function}} has no authentication{{when}}: anyone with the URL can invoke the function.',
    },
    fix: 'suggestion',
  },
  check(context) {
    for (const endpoint of context.model.endpoints) {
      if (endpoint.kind !== 'url') continue;
      const open = (endpoint.authBranches ?? [{ auth: endpoint.auth, when: [] }]).filter((branch) => branch.auth.type === 'none');
      if (open.length === 0) continue;
      const isConditional = open.every((branch) => branch.when.length > 0);
      // Setting AWS_IAM would also change the branches that are meant to differ: no fix for a conditional finding.
      const fix = isConditional ? undefined : iamAuthFix(context, endpoint);
      context.report({
        messageId: 'publicUrl',
        data: { function: endpoint.functionName ?? endpoint.resource, when: isConditional ? open.map((branch) => describeWhen(branch.when)).join(' or') : '' },
        node: { range: endpoint.range },
        resource: endpoint.resource,
        fixes: fix ? [fix] : [],
        equivalents: endpoint.form === 'cfn-lambda-url' && !endpoint.authBranches && isScalar(endpoint.authEntry?.value) && endpoint.authEntry.value.value === 'NONE' ? ['CKV_AWS_258'] : [],
      });
    }
  },
});

function iamAuthFix(context: RuleContext, endpoint: Endpoint): Fix | undefined {
  const document = context.model.document;
  const declaration = endpoint.declaration;
  if (endpoint.authEntry?.value) {
    const value = endpoint.form === 'serverless-url' ? 'aws_iam' : 'AWS_IAM';
    return { title: FIX_TITLE, edits: [replaceNode(endpoint.authEntry.value, valueText(document, endpoint.authEntry.value, value))] };
  }
  if (endpoint.form === 'serverless-url') {
    if (isMap(declaration)) return { title: FIX_TITLE, edits: [insertMapEntries(document, declaration, { authorizer: 'aws_iam' })] };
    if (isScalar(declaration) && document.format === 'yaml') {
      // `url: true` becomes `url:` with an authorizer under it.
      const indent = columnOf(document.text, endpoint.range.start) + indentUnitOf(document.text);
      const colon = document.text.lastIndexOf(':', declaration.range.start);
      return { title: FIX_TITLE, edits: [{ range: { start: colon + 1, end: declaration.range.end }, newText: '\n' + yamlBlockEntry('authorizer', 'aws_iam', indent, 2) }] };
    }
    return undefined;
  }
  if (isMap(declaration)) return { title: FIX_TITLE, edits: [insertMapEntries(document, declaration, { AuthType: 'AWS_IAM' })] };
  return undefined;
}

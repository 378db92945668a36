/**
 * An `AWS::Lambda::Permission` with `Principal: '*'` and nothing that narrows
 * it (SourceArn, SourceAccount, PrincipalOrgID): any AWS account may invoke
 * the function. The permission a public function URL needs
 * (`FunctionUrlAuthType: NONE`, `InvokedViaFunctionUrl`) is left to
 * function-url-missing-auth, so one exposure gives one finding.
 */
import { defineRule } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { entryOf, isScalar, valueOf } from '../../server/src/engine/parse/tree';
import { branchesWithout } from './support/lambda-permission';

export default defineRule({
  meta: {
    id: 'lambda-permission-public',
    title: "Lambda permission granted to Principal '*'",
    category: 'auth',
    severity: 'error',
    confidence: 'high',
    description:
      "A Lambda permission with Principal '*' and no SourceArn, SourceAccount or PrincipalOrgID lets any AWS account invoke the function (or, with FunctionUrlAuthType AWS_IAM, call its URL with any account's credentials).",
    remediation:
      'Name the principal that needs access: an account id, a service principal with SourceArn and SourceAccount, or PrincipalOrgID for your organisation.',
    // cfn_nag's F13 (LambdaPermissionWildcardPrincipalRule.rb, cfn-model's LambdaPrincipal.wildcard?) fails a Principal
    // that is a string holding `*`, whatever SourceArn says; an intrinsic is no string there, and it reads no serverless.yml.
    // KICS's "Lambda Permission Principal Is Wildcard" (assets/queries/cloudFormation/aws/lambda_permission_principal_is_wildcard/
    // query.rego) fails the same, `contains(properties.Principal, "*")` on permissions found by walk(); we name it outside
    // serverless.yml only, not having verified that KICS runs its CloudFormation queries on a serverless.yml.
    equivalents: [],
    findingEquivalents: ['F13', 'KICS:1d6e16f1-5d8a-4379-bfb3-2dadd38ed5a7'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-3',
      'CWE-284',
      'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      publicInvoke: "{{resource}} grants {{action}} to any AWS account: Principal is '*' with no SourceArn, SourceAccount or PrincipalOrgID{{when}}.",
      anyAccountUrl: "{{resource}} lets IAM principals of any AWS account call the function URL: Principal is '*' with FunctionUrlAuthType AWS_IAM{{when}}.",
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::Lambda::Permission' || !resource.properties) continue;
      const principalEntry = entryOf(resource.properties, 'Principal');
      if (!principalEntry) continue;
      const urlAuth = model.resolver.resolveString(valueOf(resource.properties, 'FunctionUrlAuthType'))?.toUpperCase();
      const urlAuthEntry = entryOf(resource.properties, 'FunctionUrlAuthType');
      // A public function URL requires exactly this permission; its finding belongs to function-url-missing-auth.
      if (urlAuth === 'NONE') continue;
      if (model.resolver.resolveString(valueOf(resource.properties, 'InvokedViaFunctionUrl')) === 'true') continue;
      // An auth type that cannot be resolved may be NONE: stay silent.
      if (urlAuthEntry && urlAuth === undefined) continue;
      const action = model.resolver.resolveString(valueOf(resource.properties, 'Action')) ?? 'lambda:InvokeFunction';
      const unrestricted = branchesWithout(model, resource, ['SourceArn', 'SourceAccount', 'PrincipalOrgID']);
      if (unrestricted.length === 0) continue;
      for (const outcome of model.resolver.outcomes(principalEntry.value)) {
        if (outcome.state !== 'known' || outcome.value !== '*') continue;
        for (const sourceWhen of unrestricted) {
          const when = [...outcome.when, ...sourceWhen.filter((a) => !outcome.when.some((b) => b.condition === a.condition))];
          if (when.some((a) => when.some((b) => a.condition === b.condition && a.value !== b.value))) continue;
          context.report({
            messageId: urlAuth === 'AWS_IAM' ? 'anyAccountUrl' : 'publicInvoke',
            data: { resource: resource.logicalId, action, when: describeWhen(when) },
            node: principalEntry,
            resource: resource.logicalId,
            equivalents: [
              ...(model.kind !== 'serverless' && isScalar(principalEntry.value) && String(principalEntry.value.value).includes('*') ? ['F13'] : []),
              ...(model.kind !== 'serverless' && isScalar(principalEntry.value) && typeof principalEntry.value.value === 'string' && principalEntry.value.value.includes('*')
                ? ['KICS:1d6e16f1-5d8a-4379-bfb3-2dadd38ed5a7']
                : []),
            ],
          });
          break;
        }
      }
    }
  },
});

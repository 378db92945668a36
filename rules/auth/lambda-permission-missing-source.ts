/**
 * An `AWS::Lambda::Permission` for an AWS service principal without
 * `SourceArn` or `SourceAccount`: the service will invoke the function on
 * behalf of any account's resource (the confused deputy problem).
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import type { CfnResource } from '../../server/src/engine/model/types';
import type { MapEntry } from '../../server/src/engine/types';
import { insertMapEntries } from '../../server/src/engine/fix/edits';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { entryOf, valueOf } from '../../server/src/engine/parse/tree';
import { branchesWithout, isServicePrincipal } from './support/lambda-permission';
import { isWildcardOnly } from './support/service-principal-policy';

/**
 * Checkov's CKV_AWS_364 (checkov/cloudformation/checks/resource/aws/LambdaServicePermission.py) splits a string
 * `Principal` on dots and judges it only when the second and third parts are `amazonaws` and `com`
 * (`s3.amazonaws.com`); a regional principal (`logs.eu-west-1.amazonaws.com`) gets no verdict. It fails when
 * neither `SourceArn` nor `SourceAccount` is truthy, so a condition that leaves them out passes there.
 */
function checkovFails(principal: string): boolean {
  const parts = principal.split('.');
  return parts[1] === 'amazonaws' && parts[2] === 'com';
}

export default defineRule({
  meta: {
    id: 'lambda-permission-missing-source',
    title: 'Lambda permission for an AWS service without SourceArn or SourceAccount',
    category: 'auth',
    severity: 'warning',
    confidence: 'high',
    description:
      'A service principal such as s3.amazonaws.com or events.amazonaws.com without SourceArn or SourceAccount lets that service invoke the function for resources in any AWS account: another account can point its bucket, topic or rule at your function.',
    remediation:
      'Add SourceAccount (your account id) and, where the source ARN carries an account, SourceArn. For S3, SourceAccount is the one that protects: bucket ARNs have no account id.',
    // Checkov's CKV_AWS_364 judges global service principals and written properties only (checkovFails).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_364'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-3',
      'CWE-441',
      'https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      missingSource: '{{resource}} lets {{principal}} invoke the function for resources in any AWS account: it has no SourceArn or SourceAccount{{when}}.',
      wildcardSource:
        '{{resource}} lets {{principal}} invoke the function for resources in any AWS account: its SourceArn {{arn}} matches every account\'s resources of that kind, and it has no SourceAccount.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::Lambda::Permission' || !resource.properties) continue;
      const principalEntry = entryOf(resource.properties, 'Principal');
      if (!principalEntry) continue;
      // Alexa-style principals prove themselves with an event source token instead.
      if (valueOf(resource.properties, 'EventSourceToken')) continue;
      const unrestricted = branchesWithout(model, resource, ['SourceArn', 'SourceAccount']);
      if (unrestricted.length === 0) {
        reportWildcardSource(context, resource, principalEntry);
        continue;
      }
      for (const outcome of model.resolver.outcomes(principalEntry.value)) {
        if (outcome.state !== 'known' || typeof outcome.value !== 'string' || !isServicePrincipal(outcome.value)) continue;
        const sourceWhen = unrestricted.find((when) => when.every((a) => outcome.when.every((b) => a.condition !== b.condition || a.value === b.value)));
        if (!sourceWhen) continue;
        const when = [...outcome.when, ...sourceWhen.filter((a) => !outcome.when.some((b) => b.condition === a.condition))];
        const hasSourceEntries = !!entryOf(resource.properties, 'SourceArn') || !!entryOf(resource.properties, 'SourceAccount');
        const fix: Fix | undefined = hasSourceEntries
          ? undefined
          : { title: 'Restrict the permission to this account (SourceAccount)', edits: [insertMapEntries(model.document, resource.properties, { SourceAccount: { Ref: 'AWS::AccountId' } })] };
        context.report({
          messageId: 'missingSource',
          data: { resource: resource.logicalId, principal: outcome.value, when: describeWhen(when) },
          node: principalEntry,
          resource: resource.logicalId,
          fixes: fix ? [fix] : [],
          equivalents: when.length === 0 && checkovFails(outcome.value) ? ['CKV_AWS_364'] : [],
        });
        break;
      }
    }
  },
});

/**
 * A SourceArn that names no source: `*`, or an ARN whose account is a wildcard (`arn:aws:sns:*:*:orders`: another
 * account can create a topic of that name) or empty with only wildcards for the resource (`arn:aws:s3:::*`), with
 * no SourceAccount beside it. The service then invokes the function for any account's resource, as with none.
 */
function reportWildcardSource(context: RuleContext, resource: CfnResource, principalEntry: MapEntry): void {
  const { model } = context;
  const properties = resource.properties;
  const sourceArn = valueOf(properties, 'SourceArn');
  if (!sourceArn || entryOf(properties, 'SourceAccount') || !isWildcardOnly(sourceArn, model.resolver)) return;
  const principal = model.resolver.outcomes(principalEntry.value).find((outcome) => outcome.state === 'known' && typeof outcome.value === 'string' && isServicePrincipal(outcome.value));
  if (!principal || principal.state !== 'known' || !properties) return;
  context.report({
    messageId: 'wildcardSource',
    data: { resource: resource.logicalId, principal: String(principal.value), arn: model.resolver.display(model.resolver.resolve(sourceArn)) },
    node: entryOf(properties, 'SourceArn') ?? principalEntry,
    resource: resource.logicalId,
    fixes: [{ title: 'Restrict the permission to this account (SourceAccount)', edits: [insertMapEntries(model.document, properties, { SourceAccount: { Ref: 'AWS::AccountId' } })] }],
  });
}

/**
 * A resource-based policy (S3 bucket policy, SQS queue policy, SNS topic
 * policy, KMS key policy, Secrets Manager resource policy) with an Allow
 * statement for `Principal: '*'` or `AWS: '*'` and no condition tying the
 * caller to an account, an organisation, a source or a network. Deny
 * statements (`aws:SecureTransport` guards) are never reported, and a bucket
 * policy that only lets everyone read objects is left to
 * `s3-bucket-policy-public-read`, which reports it as the deliberate choice
 * it usually is. OpenSearch and Elasticsearch domains (`AccessPolicies`) are
 * read here too: the model keeps no statements for them, so the rule reads
 * the domain's property itself.
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import { statementsOf } from '../../server/src/engine/model/cloudformation';
import type { CfnResource, IamStatement, ResourcePolicyService } from '../../server/src/engine/model/types';
import { entryOf, isMap, isScalar, isSeq, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import { describeWhen, type Resolver } from '../../server/src/engine/resolve/resolver';
import { hasRestrictingCondition, policyTargetLabel, publicPrincipalOf } from './support/public-principal';
import { isPublicObjectReadOnly } from './support/s3-public-read';

const WHAT: Record<Exclude<ResourcePolicyService, 'iam-role-trust'>, string> = {
  s3: 'bucket',
  sqs: 'queue',
  sns: 'topic',
  kms: 'KMS key',
  secretsmanager: 'secret',
};

export default defineRule({
  meta: {
    id: 'resource-policy-public',
    title: 'Resource policy allows any principal',
    category: 'iam',
    severity: 'error',
    confidence: 'high',
    description:
      "A bucket, queue, topic, KMS key, secret or OpenSearch domain policy that allows Principal '*' without a restricting condition opens the resource to every AWS account (and, for S3 and OpenSearch, to anonymous requests): anyone can read, write or use it within the allowed actions.",
    remediation:
      'Name the principals (an account, a role, a service such as events.amazonaws.com), or keep * only with a condition such as aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or kms:CallerAccount.',
    // Each check reads one kind of policy, and none reads NotPrincipal: a `*` principal's finding names those of
    // its own kind (PUBLIC_PRINCIPAL_EQUIVALENTS).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_33', 'F16', 'F18', 'F21', '5c666ed9-b586-49ab-9873-c495a833b705'],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-284',
      'CWE-732',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
      'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html',
      'https://docs.aws.amazon.com/opensearch-service/latest/developerguide/ac.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      publicPrincipal: "The policy {{policy}} lets any AWS principal, in any account, {{actions}} on {{what}} {{target}}: it allows Principal {{principal}} without a condition on the caller's account, organisation or source{{when}}.",
      notPrincipal: 'The policy {{policy}} lets every principal except the listed ones {{actions}} on {{what}} {{target}}: it allows with NotPrincipal{{when}}.',
      publicDomain:
        "The access policy of {{what}} {{target}} lets anyone who can reach its endpoint, signed or anonymous, {{actions}}: it allows Principal {{principal}} without a condition on the caller's IP address, account or organisation{{when}}.",
      notPrincipalDomain: 'The access policy of {{what}} {{target}} lets every principal except the listed ones {{actions}}: it allows with NotPrincipal{{when}}.',
    },
    // KICS's "Elasticsearch Without IAM Authentication" reads AWS::Elasticsearch::Domain only: named per finding.
    messageEquivalents: { publicDomain: ['AwsSolutions-OS5'], notPrincipalDomain: ['AwsSolutions-OS5'] },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const resolver = context.model.resolver;
    for (const statement of context.model.iamStatements) {
      const service = statement.resourcePolicy?.service;
      if (statement.origin !== 'resource-policy' || !service || service === 'iam-role-trust') continue;
      const principal = publicPrincipalOf(statement, resolver);
      if (!principal || hasRestrictingCondition(statement, resolver)) continue;
      if (service === 's3' && principal.form !== 'not-principal' && isPublicObjectReadOnly(statement, resolver)) continue;
      context.report({
        messageId: principal.form === 'not-principal' ? 'notPrincipal' : 'publicPrincipal',
        data: {
          policy: statement.resource,
          actions: actionSummary(statement, resolver),
          what: WHAT[service],
          target: policyTargetLabel(statement, context.model.resources, resolver),
          principal: principal.form === 'star' ? "'*'" : "{ AWS: '*' }",
          when: describeWhen(principal.when),
        },
        node: statement.isForeign ? { range: statement.range } : principal.node,
        resource: statement.resource,
        equivalents: principal.form === 'not-principal' ? [] : publicPrincipalEquivalents(service, context.model.resources.find((resource) => resource.logicalId === statement.resource)),
      });
    }
    reportPublicDomains(context);
  },
});

/**
 * The checks that fail a `*` principal in each kind of policy, read from their source: Checkov's CKV_AWS_33
 * (KMS key policies, `Principal: '*'` or `AWS: '*'`, conditions ignored; its CKV_AWS_70 for S3 bucket policies is
 * Terraform only and never named); cfn_nag's F16 (bucket), F18 (topic) and F21 (queue) policies, conditions ignored.
 */
const PUBLIC_PRINCIPAL_EQUIVALENTS: Partial<Record<ResourcePolicyService, string[]>> = {
  kms: ['CKV_AWS_33'],
  s3: ['F16'],
  sns: ['F18'],
  sqs: ['F21'],
};

/**
 * A kind's checks for a finding. CKV_AWS_33 (KMSKeyWildCardPrincipal.py) only where it fails the key: an
 * AWS::KMS::Key whose written KeyPolicy map has a written Statement list with a non-Deny statement whose Principal
 * (or its AWS entry) is the text '*' or a list holding it; an intrinsic, or a policy written as JSON text, passes.
 */
function publicPrincipalEquivalents(service: ResourcePolicyService, resource: CfnResource | undefined): string[] {
  const checks = PUBLIC_PRINCIPAL_EQUIVALENTS[service] ?? [];
  return service === 'kms' && !failsCkvAws33(resource) ? checks.filter((check) => check !== 'CKV_AWS_33') : checks;
}

function failsCkvAws33(key: CfnResource | undefined): boolean {
  if (key?.type !== 'AWS::KMS::Key') return false;
  const statements = valueOf(valueOf(key.properties, 'KeyPolicy'), 'Statement');
  if (!isSeq(statements)) return false;
  return seqItems(statements).some((statement) => {
    const effect = valueOf(statement, 'Effect');
    if (isScalar(effect) && effect.value === 'Deny') return false;
    let principal = valueOf(statement, 'Principal');
    if (isMap(principal) && entryOf(principal, 'AWS')) principal = valueOf(principal, 'AWS');
    if (isScalar(principal)) return principal.value === '*';
    return isSeq(principal) && seqItems(principal).some((item) => isScalar(item) && item.value === '*');
  });
}

const DOMAIN_TYPES: Record<string, string> = {
  'AWS::OpenSearchService::Domain': 'OpenSearch domain',
  'AWS::Elasticsearch::Domain': 'Elasticsearch domain',
};

/**
 * OpenSearch and Elasticsearch domains whose `AccessPolicies` allow `*` with
 * no condition on the caller (`aws:SourceIp` narrows it, as for the other
 * policies). A domain in a VPC (`VPCOptions`) is reachable only from that
 * network, and a domain with fine-grained access control
 * (`AdvancedSecurityOptions.Enabled: true`) authenticates every request itself,
 * where AWS recommends an open domain policy: neither is reported.
 */
function reportPublicDomains(context: RuleContext): void {
  const { model } = context;
  const resolver = model.resolver;
  for (const resource of model.resources) {
    const what = DOMAIN_TYPES[resource.type];
    if (!what || !resource.properties) continue;
    if (valueOf(resource.properties, 'VPCOptions')) continue;
    const fineGrained = resolver.valuesAt(resource.properties, ['AdvancedSecurityOptions', 'Enabled']);
    if (fineGrained.some((value) => value.state === 'unknown' || (value.state === 'known' && (value.value === true || String(value.value).toLowerCase() === 'true')))) continue;
    for (const statement of statementsOf(valueOf(resource.properties, 'AccessPolicies'), 'resource-policy', resource.logicalId, [], model)) {
      const principal = publicPrincipalOf(statement, resolver);
      if (!principal || hasRestrictingCondition(statement, resolver)) continue;
      context.report({
        messageId: principal.form === 'not-principal' ? 'notPrincipalDomain' : 'publicDomain',
        data: {
          what,
          target: resource.logicalId,
          actions: actionSummary(statement, resolver),
          principal: principal.form === 'star' ? "'*'" : "{ AWS: '*' }",
          when: describeWhen(principal.when),
        },
        node: statement.isForeign ? { range: statement.range } : principal.node,
        resource: resource.logicalId,
        equivalents: principal.form !== 'not-principal' && resource.type === 'AWS::Elasticsearch::Domain' ? ['5c666ed9-b586-49ab-9873-c495a833b705'] : [],
      });
    }
  }
}

/** `call s3:GetObject, s3:PutObject` or `call every action except ...`, for the message. */
function actionSummary(statement: IamStatement, resolver: Resolver): string {
  const texts = statement.actions.map((action) => resolver.display(resolver.resolve(action)));
  if (statement.isNotAction) return `call every action except ${texts.join(', ')}`;
  if (texts.length === 0) return 'act';
  const shown = texts.length > 3 ? `${texts.slice(0, 3).join(', ')} and ${texts.length - 3} more` : texts.join(', ');
  return `call ${shown}`;
}

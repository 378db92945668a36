/**
 * A resource-based policy (S3 bucket policy, SQS queue policy, SNS topic
 * policy, KMS key policy, Secrets Manager resource policy, EventBridge bus
 * policy, ECR repository policy) with an Allow
 * statement for `Principal: '*'` or `AWS: '*'` and no condition tying the
 * caller to an account, an organisation, a source or a network. Deny
 * statements (`aws:SecureTransport` guards) are never reported, and a bucket
 * policy that only lets everyone read objects is left to
 * `s3-bucket-policy-public-read`, which reports it as the deliberate choice
 * it usually is. OpenSearch and Elasticsearch domains (`AccessPolicies`) are
 * read here too: the model keeps no statements for them, so the rule reads
 * the domain's property itself. So are Lambda layer permissions (and a
 * serverless.yml layer's `allowedAccounts: ['*']`), which share a layer's
 * code with every account, and the legacy form of an EventBridge bus policy
 * (`Principal: '*'` without its organisation `Condition`).
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import { referencedLogicalId, statementsOf } from '../../server/src/engine/model/cloudformation';
import { resourceById } from '../../server/src/engine/model/resource-index';
import type { AppModel, CfnResource, IamStatement, ResourcePolicyService } from '../../server/src/engine/model/types';
import { entryOf, intrinsicName, isMap, isScalar, isSeq, mapEntries, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';
import { describeWhen, type Resolver } from '../../server/src/engine/resolve/resolver';
import { hasRestrictingCondition, isStar, knownActions, policyTargetLabel, publicPrincipalOf, type PublicPrincipal } from './support/public-principal';
import { isPublicObjectReadOnly } from './support/s3-public-read';

/** KICS's CloudFormation queries of resource policies, each read in its source (see kicsEquivalents and docs/coverage.md). */
const KICS_SNS_PUBLIC = 'KICS:ae53ce91-42b5-46bf-a84f-9a13366a4f13';
const KICS_KMS_WILDCARD = 'KICS:f6049677-ec4a-43af-8779-5190b6d03cba';
const KICS_S3_ALL_PERMISSIONS = 'KICS:4ae8af91-5108-42cb-9471-3bdbe596eac9';
const KICS_SQS_PUBLIC = 'KICS:9b6a3f5b-5fd6-40ee-9bc0-ed604911212d';
const KICS_ES_NO_IAM = 'KICS:5c666ed9-b586-49ab-9873-c495a833b705';
const KICS_ECR_PUBLIC = 'KICS:75be209d-1948-41f6-a8c8-e22dd0121134';

/**
 * ECR actions that only read a repository (pull an image, list or describe it): a public statement of these alone
 * exposes the images, which is bad; one that also lets anyone push replaces what the functions run, which is worse.
 */
const ECR_READ_ACTION = /^ecr:(?:BatchGet|BatchCheck|Get|Describe|List)[A-Za-z*]*$/i;

const WHAT: Record<Exclude<ResourcePolicyService, 'iam-role-trust'>, string> = {
  s3: 'bucket',
  sqs: 'queue',
  sns: 'topic',
  kms: 'KMS key',
  secretsmanager: 'secret',
  events: 'event bus',
  ecr: 'repository',
};

export default defineRule({
  meta: {
    id: 'resource-policy-public',
    title: 'Resource policy allows any principal',
    category: 'iam',
    severity: 'error',
    confidence: 'high',
    description:
      "A bucket, queue, topic, KMS key, secret, event bus, container repository or OpenSearch domain policy that allows Principal '*' without a restricting condition opens the resource to every AWS account (and, for S3 and OpenSearch, to anonymous requests): anyone can read, write or use it within the allowed actions. A public event bus takes forged events to its rules' targets; a public repository lets anyone pull the function's image, or push one. A layer shared with every account gives anyone its code.",
    remediation:
      'Name the principals (an account, a role, a service such as events.amazonaws.com), or keep * only with a condition such as aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID or kms:CallerAccount.',
    // Each check reads one kind of policy, and none reads NotPrincipal: a `*` principal's finding names those of
    // its own kind (PUBLIC_PRINCIPAL_EQUIVALENTS).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_33', 'CKV_AWS_32', 'F16', 'F18', 'F21', KICS_SNS_PUBLIC, KICS_KMS_WILDCARD, KICS_S3_ALL_PERMISSIONS, KICS_SQS_PUBLIC, KICS_ES_NO_IAM, KICS_ECR_PUBLIC],
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
      'https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policies.html',
      'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/permissions-layer-cross-account.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      publicPrincipal: "The policy {{policy}} lets any AWS principal, in any account, {{actions}} on {{what}} {{target}}: it allows Principal {{principal}} without a condition on the caller's account, organisation or source{{when}}.",
      notPrincipal: 'The policy {{policy}} lets every principal except the listed ones {{actions}} on {{what}} {{target}}: it allows with NotPrincipal{{when}}.',
      publicDomain:
        "The access policy of {{what}} {{target}} lets anyone who can reach its endpoint, signed or anonymous, {{actions}}: it allows Principal {{principal}} without a condition on the caller's IP address, account or organisation{{when}}.",
      notPrincipalDomain: 'The access policy of {{what}} {{target}} lets every principal except the listed ones {{actions}}: it allows with NotPrincipal{{when}}.',
      publicRepositoryRead:
        "The policy of repository {{target}} lets any AWS principal, in any account, pull its images ({{actions}}): it allows Principal {{principal}} without a condition on the caller's account, organisation or source{{when}}. Whatever the images hold, code, configuration or credentials, is readable by anyone.",
      publicLayer:
        "{{how}} lets every AWS account download the code of layer {{target}}{{when}}: whatever the layer bundles, code, configuration or credentials, is readable by anyone. Name the accounts, or an organisation (OrganizationId), unless the layer is published on purpose.",
    },
    messageSeverity: { publicRepositoryRead: 'warning', publicLayer: 'warning' },
    // KICS's "Elasticsearch Without IAM Authentication" reads AWS::Elasticsearch::Domain only: named per finding
    // (failsKicsElasticsearch).
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
      const readOnlyRepository = service === 'ecr' && principal.form !== 'not-principal' && knownActions(statement, resolver)?.every((action) => ECR_READ_ACTION.test(action));
      context.report({
        messageId: principal.form === 'not-principal' ? 'notPrincipal' : readOnlyRepository ? 'publicRepositoryRead' : 'publicPrincipal',
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
        equivalents: [
          ...(principal.form === 'not-principal' ? [] : publicPrincipalEquivalents(service, resourceById(context.model, statement.resource))),
          ...kicsEquivalents(context.model, statement, principal),
          ...(service === 'ecr' && failsCkvAws32(context.model, statement, principal) ? ['CKV_AWS_32'] : []),
        ],
      });
    }
    reportPublicDomains(context);
    reportLegacyBusPolicies(context);
    reportPublicLayers(context);
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

/** Where each KICS query reads the policy of a resource type (a document's top-level `Resources`, or `walk()`). */
const KICS_POLICY_KEY: Record<string, string> = {
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::Elasticsearch::Domain': 'AccessPolicies',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
};

/** The actions KICS's "SQS Policy With Public Access" fails, compared as written (case included). */
const KICS_SQS_DANGEROUS_ACTIONS = new Set(['SQS:AddPermission', 'SQS:CreateQueue', 'SQS:DeleteQueue', 'SQS:RemovePermission', 'SQS:TagQueue', 'SQS:UnTagQueue']);

/** Condition keys whose presence (any operator, any value) passes KICS's "SNS Topic is Publicly Accessible". */
const KICS_SNS_ACCOUNT_KEYS = new Set(['aws:sourceowner', 'aws:sourceaccount', 'aws:resourceaccount', 'aws:principalaccount', 'aws:vpceaccount']);

/**
 * The KICS queries a `publicPrincipal` finding answers, read in their source (assets/queries/cloudFormation/aws/):
 * each reads a document's top-level `Resources` (S3: `walk()`, not named in a serverless.yml all the same) and the
 * policy as written, with no intrinsic resolved. A finding names one only where its statement is written in the
 * policy map (not in an `Fn::If`, a JSON string or another file), its `Effect` is absent or exactly `Allow`
 * (`common_lib.is_allow_effect`) and its `*` is written as such (not a parameter):
 * - `sns_topic_is_publicly_accessible`: `AWS::SNS::TopicPolicy`, `Principal: '*'` with no condition key of
 *   KICS_SNS_ACCOUNT_KEYS. The version read first also fails `AWS: '*'` (`common_lib.any_principal`), an older one
 *   compares `Principal` with `*` only and reads no condition: named where both fail.
 * - `kms_allows_wildcard_principal`: `AWS::KMS::Key`, `equalsOrInArray(Principal, "*")`, so `Principal: '*'` only
 *   (not `AWS: '*'`); conditions not read.
 * - `s3_bucket_with_all_permissions`: `AWS::S3::BucketPolicy`, `Principal: '*'` and an `Action` that is `*` or a
 *   list holding it; conditions not read.
 * - `sqs_policy_with_public_access`: `AWS::SQS::QueuePolicy` with no `Condition` key, an `Action` holding one of
 *   KICS_SQS_DANGEROUS_ACTIONS as written, and `Principal: '*'` or a principal map whose list holds `*`
 *   (`AWS: ['*']`; `AWS: '*'` alone passes it).
 */
function kicsEquivalents(model: AppModel, statement: IamStatement, principal: PublicPrincipal): string[] {
  if (principal.form === 'not-principal') return [];
  const declaration = writtenStatement(model, statement, principal);
  if (!declaration || !isKicsAllow(declaration)) return [];
  const type = resourceById(model, statement.resource)?.type;
  const writtenStar = principal.form === 'star';
  switch (type) {
    case 'AWS::SNS::TopicPolicy':
      return writtenStar && !hasKicsSnsAccountCondition(declaration) ? [KICS_SNS_PUBLIC] : [];
    case 'AWS::KMS::Key':
      return writtenStar ? [KICS_KMS_WILDCARD] : [];
    case 'AWS::S3::BucketPolicy':
      return writtenStar && writtenTexts(valueOf(declaration, 'Action')).includes('*') ? [KICS_S3_ALL_PERMISSIONS] : [];
    case 'AWS::SQS::QueuePolicy': {
      const inList = principal.form === 'aws-star' && isSeq(valueOf(valueOf(declaration, 'Principal'), 'AWS'));
      const dangerous = writtenTexts(valueOf(declaration, 'Action')).some((action) => KICS_SQS_DANGEROUS_ACTIONS.has(action));
      return (writtenStar || inList) && dangerous && !entryOf(declaration, 'Condition') ? [KICS_SQS_PUBLIC] : [];
    }
    case 'AWS::ECR::Repository':
      return writtenStar ? [KICS_ECR_PUBLIC] : [];
    default:
      return [];
  }
}

/**
 * Checkov's CKV_AWS_32 (ECRPolicy.py): an `AWS::ECR::Repository` (also in a serverless.yml's `resources`) whose
 * `RepositoryPolicyText` `Statement` list has a statement whose `Principal` it iterates to a `'*'`: a string
 * (iterated by character) or a list holding `'*'`; a principal map iterates to its keys, so `AWS: '*'` passes.
 * `Effect` is not read, and only `ForAllValues:StringEquals` on `aws:PrincipalOrgID` passes a condition. Named on
 * our `Principal: '*'` findings whose statement is written in such a list, outside `Fn::If`; a policy written as
 * JSON text, which Checkov parses, is not named (its statements are not nodes of the template).
 */
function failsCkvAws32(model: AppModel, statement: IamStatement, principal: PublicPrincipal): boolean {
  if (principal.form !== 'star' || principal.when.length > 0 || statement.isForeign) return false;
  if (!(isScalar(principal.node) && principal.node.value === '*')) return false;
  const repository = resourceById(model, statement.resource);
  const statements = valueOf(valueOf(repository?.properties, 'RepositoryPolicyText'), 'Statement');
  return repository?.type === 'AWS::ECR::Repository' && isSeq(statements) && seqItems(statements).includes(statement.declaration as SourceNode);
}

/**
 * The legacy form of `AWS::Events::EventBusPolicy`: `Action` (events:PutEvents), `Principal` (an account id or
 * `'*'`) and an optional `Condition` of `Type`/`Key`/`Value`, which AWS allows only on `aws:PrincipalOrgID`. A
 * `'*'` without that condition lets every account put events on the bus, and so reach its rules' targets.
 */
function reportLegacyBusPolicies(context: RuleContext): void {
  const { model } = context;
  const resolver = model.resolver;
  for (const resource of model.resources) {
    if (resource.type !== 'AWS::Events::EventBusPolicy' || !resource.properties || entryOf(resource.properties, 'Statement')) continue;
    const principal = valueOf(resource.properties, 'Principal');
    if (!principal || entryOf(resource.properties, 'Condition')) continue;
    for (const branch of resolver.branches(principal)) {
      if (!branch.node || !isStar(branch.node, resolver)) continue;
      const bus = valueOf(resource.properties, 'EventBusName');
      context.report({
        messageId: 'publicPrincipal',
        data: {
          policy: resource.logicalId,
          actions: `call ${resolver.display(resolver.resolve(valueOf(resource.properties, 'Action'))) || 'events:PutEvents'}`,
          what: WHAT.events,
          target: bus ? resolver.display(resolver.resolve(bus)) : 'default',
          principal: "'*'",
          when: describeWhen(branch.when),
        },
        node: branch.node,
        resource: resource.logicalId,
      });
      break;
    }
  }
}

/**
 * Lambda layer permissions for every account: an `AWS::Lambda::LayerVersionPermission` whose `Principal` is `'*'`
 * with no `OrganizationId`, and a serverless.yml layer whose `allowedAccounts` holds `'*'` (the Framework writes
 * that permission for it). Layers that vendors publish on purpose are the exception, hence a warning.
 */
function reportPublicLayers(context: RuleContext): void {
  const { model } = context;
  const resolver = model.resolver;
  for (const resource of model.resources) {
    if (resource.type !== 'AWS::Lambda::LayerVersionPermission' || !resource.properties || entryOf(resource.properties, 'OrganizationId')) continue;
    const principal = valueOf(resource.properties, 'Principal');
    for (const branch of resolver.branches(principal)) {
      if (!branch.node || !isStar(branch.node, resolver)) continue;
      const layer = valueOf(resource.properties, 'LayerVersionArn');
      context.report({
        messageId: 'publicLayer',
        data: {
          how: `Layer permission ${resource.logicalId} (Principal '*', no OrganizationId)`,
          target: referencedLogicalId(layer) ?? (resolver.display(resolver.resolve(layer)) || '(unknown)'),
          when: describeWhen(branch.when),
        },
        node: branch.node,
        resource: resource.logicalId,
      });
      break;
    }
  }
  if (model.kind !== 'serverless') return;
  for (const layer of mapEntries(valueOf(model.document.root, 'layers'))) {
    const accounts = valueOf(layer.value, 'allowedAccounts');
    const star = (isSeq(accounts) ? seqItems(accounts) : accounts ? [accounts] : []).find((account) => isStar(account, resolver));
    if (!star) continue;
    context.report({
      messageId: 'publicLayer',
      data: { how: `allowedAccounts: ['*']`, target: String(layer.key.value), when: '' },
      node: star,
      resource: `layers.${String(layer.key.value)}`,
    });
  }
}

/**
 * KICS's "Elasticsearch Without IAM Authentication" (elasticsearch_without_iam_authentication/query.rego):
 * `AWS::Elasticsearch::Domain` found by `walk()`, each `AccessPolicies.Statement` entry that
 * `common_lib.any_principal` holds for: a `Principal` string holding `*`, an `AWS` entry (or one of its list)
 * holding `*`, or no `Principal` key at all (a `NotPrincipal` statement); `Effect` and `Condition` not read, and the
 * policy not parsed from a JSON string. Named where the statement and its `*` are written, outside serverless.yml.
 */
function failsKicsElasticsearch(model: AppModel, domain: CfnResource, statement: IamStatement, principal: PublicPrincipal): boolean {
  if (domain.type !== 'AWS::Elasticsearch::Domain') return false;
  const declaration = writtenStatement(model, statement, principal);
  if (!declaration) return false;
  return principal.form !== 'not-principal' || !entryOf(declaration, 'Principal');
}

/**
 * The statement map, when KICS reads it as written: outside serverless.yml, in the policy map of its resource
 * (KICS_POLICY_KEY) whose `Statement` is that map or a list holding it, outside any `Fn::If`, with its `*` written
 * as a plain `'*'` (a `NotPrincipal` statement has none).
 */
function writtenStatement(model: AppModel, statement: IamStatement, principal: PublicPrincipal): SourceNode | undefined {
  if (model.kind === 'serverless' || statement.isForeign || principal.when.length > 0) return undefined;
  if (principal.form !== 'not-principal' && !(isScalar(principal.node) && principal.node.value === '*')) return undefined;
  const resource = resourceById(model, statement.resource);
  const key = resource && KICS_POLICY_KEY[resource.type];
  const document = key ? valueOf(resource.properties, key) : undefined;
  if (!isMap(document) || intrinsicName(document) !== undefined) return undefined;
  const statements = valueOf(document, 'Statement');
  const declaration = statement.declaration;
  const isWritten = statements === declaration || (isSeq(statements) && seqItems(statements).includes(declaration));
  return isWritten && isMap(declaration) ? declaration : undefined;
}

/** `common_lib.is_allow_effect`: no `Effect`, or exactly `Allow`. */
function isKicsAllow(declaration: SourceNode): boolean {
  const effect = entryOf(declaration, 'Effect');
  return !effect || (isScalar(effect.value) && effect.value.value === 'Allow');
}

function hasKicsSnsAccountCondition(declaration: SourceNode): boolean {
  const condition = valueOf(declaration, 'Condition');
  return mapEntries(condition).some((operator) => mapEntries(operator.value).some((test) => KICS_SNS_ACCOUNT_KEYS.has(String(test.key.value).toLowerCase())));
}

/** The texts of a value written as a string or a list of strings (an intrinsic holds none). */
function writtenTexts(node: SourceNode | null | undefined): string[] {
  const items = isSeq(node) ? seqItems(node) : node ? [node] : [];
  return items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [item.value] : []));
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
        equivalents: failsKicsElasticsearch(model, resource, statement, principal) ? [KICS_ES_NO_IAM] : [],
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

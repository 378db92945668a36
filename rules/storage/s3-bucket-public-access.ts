/**
 * An S3 bucket made public by its canned ACL (`AccessControl: PublicReadWrite`,
 * `PublicRead` or `AuthenticatedRead`). When the template enables ACLs and lets
 * public ones through, the message says who gets what. When it leaves both to
 * the defaults, the request is still wrong: since April 2023 a new bucket has
 * ACLs disabled and the stack fails, while an older bucket becomes public. Only
 * a template that disables ACLs or blocks public ones itself is not reported.
 * Bucket policies are left to `resource-policy-public` and `s3-bucket-policy-public-read`.
 */
import { defineRule } from '../../server/src/engine';
import { replaceNode, valueText } from '../../server/src/engine/fix/edits';
import type { AppModel, CfnResource } from '../../server/src/engine/model/types';
import { describeWhen, type Outcome, type Resolver } from '../../server/src/engine/resolve/resolver';
import { entryOf, intrinsicName, isMap, isScalar, oneOrMany, scalarText, valueOf } from '../../server/src/engine/parse/tree';

/** The public canned ACLs, worst first: the order in which one of several `Fn::If` outcomes is chosen for the finding. */
const PUBLIC_ACLS = ['PublicReadWrite', 'PublicRead', 'AuthenticatedRead'] as const;
type PublicAcl = (typeof PUBLIC_ACLS)[number];

/**
 * The checks that fail each canned ACL, read from their source: Checkov `CKV_AWS_20` (S3PublicACLRead.py, a
 * negative value check) fails PublicRead and PublicReadWrite, `CKV_AWS_57` (S3PublicACLWrite.py) only
 * PublicReadWrite; cfn_nag `W31` only PublicRead, `F14` only PublicReadWrite. None of them fails AuthenticatedRead.
 * Sonar's S6265 (BucketsAccessCheck.java) fails all three when written as text.
 */
const CHECKOV_ACL_CHECKS: Record<PublicAcl, string[]> = {
  PublicReadWrite: ['CKV_AWS_20', 'CKV_AWS_57'],
  PublicRead: ['CKV_AWS_20'],
  AuthenticatedRead: [],
};
/**
 * KICS's "S3 Bucket ACL Allows Read to All Users" (assets/queries/cloudFormation/aws/s3_bucket_acl_allows_read_to_all_users/
 * query.rego) fails `properties.AccessControl == "PublicRead"`, the text exactly, on buckets found by `walk()`; nothing
 * else (not PublicReadWrite, an intrinsic or the ownership and public access block settings). Named outside
 * serverless.yml only: we have not verified that KICS runs its CloudFormation queries on a serverless.yml.
 */
const KICS_ACL_PUBLIC_READ = 'KICS:219f4c95-aa50-44e0-97de-cf71f4641170';
const CFN_NAG_ACL_CHECKS: Record<PublicAcl, string[]> = { PublicReadWrite: ['F14'], PublicRead: ['W31'], AuthenticatedRead: [] };

/**
 * The checks a finding names: none when the ACL is public only under a condition (an `Fn::If` matches none of
 * them); Checkov also on a parameter's default (it resolves them); cfn_nag and Sonar on a written ACL only, and not
 * in serverless.yml, which neither reads (Sonar reads a template's top-level `Resources`).
 */
function aclEquivalents(kind: AppModel['kind'], acl: PublicAcl, isUnconditional: boolean, isLiteral: boolean): string[] {
  if (!isUnconditional) return [];
  return [...CHECKOV_ACL_CHECKS[acl], ...(isLiteral && kind !== 'serverless' ? [...CFN_NAG_ACL_CHECKS[acl], 'S6265'] : [])];
}
const FIX_TITLE = 'Make the bucket ACL private (AccessControl: Private)';

export default defineRule({
  meta: {
    id: 's3-bucket-public-access',
    title: 'S3 bucket ACL grants public access',
    category: 'storage',
    // A website bucket's listing, and a public ACL that a bucket created since 2023 refuses, are warnings.
    severity: 'error',
    messageSeverity: { publicReadWebsite: 'warning', publicAclOnDefaults: 'warning' },
    confidence: 'high',
    description:
      'A PublicReadWrite bucket ACL lets anyone on the internet upload, overwrite and delete objects; PublicRead lets anyone list every object key, and AuthenticatedRead lets any AWS account, not only yours, do so. The grant is real only when the template enables ACLs (OwnershipControls ObjectWriter or BucketOwnerPreferred) and turns off BlockPublicAcls and IgnorePublicAcls, and then it is reported.',
    remediation:
      'Set AccessControl to Private (or remove it), keep Object Ownership BucketOwnerEnforced and Block Public Access on; grant access with a bucket policy naming the principals, or serve public files through CloudFront with origin access control.',
    // Checkov and cfn_nag each fail some canned ACLs only, Sonar only written ones: each finding names those its ACL fails (aclEquivalents).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_20', 'CKV_AWS_57', 'W31', 'F14', 'S6265', KICS_ACL_PUBLIC_READ],
    references: [
      'OWASP-Serverless-A5',
      'SAS-4',
      'CWE-284',
      'CWE-732',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-s3-bucket.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      publicReadWrite:
        'Anyone on the internet can upload, overwrite and delete objects in bucket {{bucket}}: AccessControl PublicReadWrite{{when}}, with ACLs enabled (ObjectOwnership {{ownership}}) and public ACLs neither blocked nor ignored.',
      publicRead:
        'Anyone on the internet can list every object key in bucket {{bucket}}: AccessControl PublicRead{{when}}, with ACLs enabled (ObjectOwnership {{ownership}}) and public ACLs neither blocked nor ignored.',
      publicReadWebsite:
        'Anyone on the internet can list every object key in website bucket {{bucket}}: AccessControl PublicRead{{when}}, with ACLs enabled (ObjectOwnership {{ownership}}) and public ACLs neither blocked nor ignored. A website needs only s3:GetObject on its files (a bucket policy, or CloudFront); the listing also shows files the site never links.',
      publicAclOnDefaults:
        'Bucket {{bucket}} asks for the public ACL {{acl}}{{when}} and relies on the defaults for the rest: a bucket created since April 2023 disables ACLs, so the stack fails to create it, while an older bucket without Block Public Access becomes public. Remove AccessControl.',
      authenticatedRead:
        'Every AWS account, not only yours, can list every object key in bucket {{bucket}}: AccessControl AuthenticatedRead{{when}}, with ACLs enabled (ObjectOwnership {{ownership}}) and public ACLs neither blocked nor ignored.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    const resolver = model.resolver;
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::S3::Bucket') continue;
      const entry = entryOf(resource.properties, 'AccessControl');
      if (!entry?.value) continue;
      const outcome = worstPublicOutcome(resolver.outcomes(entry.value));
      if (!outcome) continue;
      const acl = outcome.value;
      // A literal, not a `${self:...}` variable that other places may share.
      const isLiteral = entry.value.kind === 'scalar' && !String(scalarText(entry.value)).includes('${');
      const failsKics = model.kind !== 'serverless' && isScalar(entry.value) && entry.value.value === 'PublicRead';
      const equivalents = [...aclEquivalents(model.kind, acl, outcome.when.length === 0, isLiteral), ...(failsKics ? [KICS_ACL_PUBLIC_READ] : [])];
      const fixes = isLiteral ? [{ title: FIX_TITLE, edits: [replaceNode(entry.value, valueText(model.document, entry.value, 'Private'))] }] : [];
      const ownership = ownershipOf(resource, resolver);
      const publicAcls = publicAclBlockOf(resource, resolver);
      // A template that disables ACLs or blocks public ones itself is not exposed; unreadable settings keep us silent.
      if (ownership === 'enforced' || publicAcls === 'blocked' || ownership === 'unknown' || publicAcls === 'unknown') continue;
      if (ownership === 'absent' || publicAcls === 'absent') {
        // Left to the defaults the ACL is refused on a new bucket, and applied on a bucket older than April 2023:
        // broken or public, the request for a public ACL is wrong either way (Checkov CKV_AWS_20/57 agree).
        context.report({ messageId: 'publicAclOnDefaults', data: { bucket: resource.logicalId, acl, when: describeWhen(outcome.when) }, node: entry, resource: resource.logicalId, fixes, equivalents });
        continue;
      }
      const isWebsite = acl === 'PublicRead' && isPresent(valueOf(resource.properties, 'WebsiteConfiguration'));
      context.report({
        messageId: acl === 'PublicReadWrite' ? 'publicReadWrite' : acl === 'AuthenticatedRead' ? 'authenticatedRead' : isWebsite ? 'publicReadWebsite' : 'publicRead',
        data: { bucket: resource.logicalId, ownership, when: describeWhen(outcome.when) },
        node: entry,
        resource: resource.logicalId,
        fixes,
        equivalents,
      });
    }
  },
});

/** The most permissive public canned ACL among the values `AccessControl` can take; unknown values are not public. */
function worstPublicOutcome(outcomes: Outcome[]): (Outcome & { value: PublicAcl }) | undefined {
  for (const acl of PUBLIC_ACLS) {
    const outcome = outcomes.find((candidate) => candidate.state === 'known' && candidate.value === acl);
    if (outcome) return outcome as Outcome & { value: PublicAcl };
  }
  return undefined;
}

/**
 * Object Ownership: `enforced` (ACLs disabled: `BucketOwnerEnforced`), the
 * setting that enables ACLs (`ObjectWriter`, `BucketOwnerPreferred`), `absent`
 * (the default of a bucket created since April 2023 is enforced), or `unknown`.
 */
function ownershipOf(resource: CfnResource, resolver: Resolver): 'enforced' | 'absent' | 'unknown' | 'ObjectWriter' | 'BucketOwnerPreferred' {
  const controls = valueOf(resource.properties, 'OwnershipControls');
  if (!isPresent(controls)) return 'absent';
  if (!isMap(controls) || intrinsicName(controls)) return 'unknown';
  const settings = oneOrMany(valueOf(controls, 'Rules')).map((rule) => resolver.resolveString(valueOf(rule, 'ObjectOwnership')));
  if (settings.includes('BucketOwnerEnforced')) return 'enforced';
  if (settings.length === 0 || settings.some((setting) => setting !== 'ObjectWriter' && setting !== 'BucketOwnerPreferred')) return 'unknown';
  return settings[0] as 'ObjectWriter' | 'BucketOwnerPreferred';
}

/**
 * Block Public Access for ACLs: `blocked` when `BlockPublicAcls` or
 * `IgnorePublicAcls` is true, `allowed` when the configuration is given and
 * neither is (an absent flag is false, as in PutPublicAccessBlock), `absent`
 * without the property (a new bucket then has it fully on), `unknown` when a
 * flag cannot be resolved.
 */
function publicAclBlockOf(resource: CfnResource, resolver: Resolver): 'blocked' | 'allowed' | 'absent' | 'unknown' {
  const block = valueOf(resource.properties, 'PublicAccessBlockConfiguration');
  if (!isPresent(block)) return 'absent';
  if (!isMap(block) || intrinsicName(block)) return 'unknown';
  let state: 'allowed' | 'unknown' = 'allowed';
  for (const flag of ['BlockPublicAcls', 'IgnorePublicAcls']) {
    const node = valueOf(block, flag);
    if (node === undefined || node === null) continue;
    const resolved = resolver.resolve(node);
    if (resolved.state !== 'known') state = 'unknown';
    else if (resolved.value === true || String(resolved.value).toLowerCase() === 'true') return 'blocked';
  }
  return state;
}

/** True when a property is set to something other than `Ref: AWS::NoValue`. */
function isPresent(node: ReturnType<typeof valueOf>): boolean {
  if (node === undefined || node === null) return false;
  return !(intrinsicName(node) === 'Ref' && isMap(node) && scalarText(node.entries[0].value) === 'AWS::NoValue');
}

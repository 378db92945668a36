/**
 * An S3 bucket made public by its canned ACL (`AccessControl: PublicReadWrite`,
 * `PublicRead` or `AuthenticatedRead`), reported only when the ACL really takes
 * effect: since April 2023 a new bucket has ACLs disabled (Object Ownership
 * `BucketOwnerEnforced`) and Block Public Access on, so the template must turn
 * both off explicitly for the grant to exist. Bucket policies are left to
 * `resource-policy-public` and `s3-bucket-policy-public-read`.
 */
import { defineRule } from '../../server/src/engine';
import { replaceNode, valueText } from '../../server/src/engine/fix/edits';
import type { CfnResource } from '../../server/src/engine/model/types';
import { describeWhen, type Outcome, type Resolver } from '../../server/src/engine/resolve/resolver';
import { entryOf, intrinsicName, isMap, oneOrMany, scalarText, valueOf } from '../../server/src/engine/parse/tree';

/** The public canned ACLs, worst first: the order in which one of several `Fn::If` outcomes is chosen for the finding. */
const PUBLIC_ACLS = ['PublicReadWrite', 'PublicRead', 'AuthenticatedRead'] as const;
type PublicAcl = (typeof PUBLIC_ACLS)[number];

const FIX_TITLE = 'Make the bucket ACL private (AccessControl: Private)';

export default defineRule({
  meta: {
    id: 's3-bucket-public-access',
    title: 'S3 bucket ACL grants public access',
    category: 'storage',
    severity: 'error',
    confidence: 'high',
    description:
      'A PublicReadWrite bucket ACL lets anyone on the internet upload, overwrite and delete objects; PublicRead lets anyone list every object key, and AuthenticatedRead lets any AWS account, not only yours, do so. The grant is real only when the template enables ACLs (OwnershipControls ObjectWriter or BucketOwnerPreferred) and turns off BlockPublicAcls and IgnorePublicAcls, and then it is reported.',
    remediation:
      'Set AccessControl to Private (or remove it), keep Object Ownership BucketOwnerEnforced and Block Public Access on; grant access with a bucket policy naming the principals, or serve public files through CloudFront with origin access control.',
    equivalents: ['CKV_AWS_20', 'CKV_AWS_57', 'W31', 'F14', 'S6265'],
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
      authenticatedRead:
        'Every AWS account, not only yours, can list every object key in bucket {{bucket}}: AccessControl AuthenticatedRead{{when}}, with ACLs enabled (ObjectOwnership {{ownership}}) and public ACLs neither blocked nor ignored.',
    },
    fix: 'suggestion',
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
      // The defaults of a new bucket disable ACLs and block public ones: only a template that turns both off is exposed.
      const ownership = aclOwnershipOf(resource, resolver);
      if (ownership === undefined || !arePublicAclsAllowed(resource, resolver)) continue;
      const acl = outcome.value;
      const isWebsite = acl === 'PublicRead' && isPresent(valueOf(resource.properties, 'WebsiteConfiguration'));
      // A literal, not a `${self:...}` variable that other places may share.
      const isLiteral = entry.value.kind === 'scalar' && !String(scalarText(entry.value)).includes('${');
      context.report({
        messageId: acl === 'PublicReadWrite' ? 'publicReadWrite' : acl === 'AuthenticatedRead' ? 'authenticatedRead' : isWebsite ? 'publicReadWebsite' : 'publicRead',
        data: { bucket: resource.logicalId, ownership, when: describeWhen(outcome.when) },
        node: entry,
        resource: resource.logicalId,
        fixes: isLiteral ? [{ title: FIX_TITLE, edits: [replaceNode(entry.value, valueText(model.document, entry.value, 'Private'))] }] : [],
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
 * The Object Ownership setting when it explicitly enables ACLs (`ObjectWriter`,
 * `BucketOwnerPreferred`). Undefined when ACLs are disabled (`BucketOwnerEnforced`,
 * which is also the default of a bucket created since April 2023) or when the
 * setting cannot be read.
 */
function aclOwnershipOf(resource: CfnResource, resolver: Resolver): string | undefined {
  const controls = valueOf(resource.properties, 'OwnershipControls');
  if (!isMap(controls) || intrinsicName(controls)) return undefined;
  const settings = oneOrMany(valueOf(controls, 'Rules')).map((rule) => resolver.resolveString(valueOf(rule, 'ObjectOwnership')));
  if (settings.length === 0 || settings.some((setting) => setting !== 'ObjectWriter' && setting !== 'BucketOwnerPreferred')) return undefined;
  return settings[0];
}

/**
 * True when `PublicAccessBlockConfiguration` is given and neither blocks nor
 * ignores public ACLs. Without the property a new bucket has Block Public
 * Access fully on; inside it, an absent flag is false (PutPublicAccessBlock).
 * A flag that cannot be resolved counts as blocking: right before loud.
 */
function arePublicAclsAllowed(resource: CfnResource, resolver: Resolver): boolean {
  const block = valueOf(resource.properties, 'PublicAccessBlockConfiguration');
  if (!isMap(block) || intrinsicName(block)) return false;
  return ['BlockPublicAcls', 'IgnorePublicAcls'].every((flag) => {
    const node = valueOf(block, flag);
    if (node === undefined || node === null) return true;
    const resolved = resolver.resolve(node);
    return resolved.state === 'known' && (resolved.value === false || String(resolved.value).toLowerCase() === 'false');
  });
}

/** True when a property is set to something other than `Ref: AWS::NoValue`. */
function isPresent(node: ReturnType<typeof valueOf>): boolean {
  if (node === undefined || node === null) return false;
  return !(intrinsicName(node) === 'Ref' && isMap(node) && scalarText(node.entries[0].value) === 'AWS::NoValue');
}

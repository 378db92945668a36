/** The iam rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import iamAdminManagedPolicy from './iam-admin-managed-policy';
import iamFullAccessManagedPolicy from './iam-full-access-managed-policy';
import iamRoleSharedByFunctions from './iam-role-shared-by-functions';
import iamTrustPolicyPublic from './iam-trust-policy-public';
import iamWildcardAction from './iam-wildcard-action';
import resourcePolicyPublic from './resource-policy-public';
import s3BucketPolicyPublicRead from './s3-bucket-policy-public-read';

export const iamRules: readonly RuleModule[] = [iamAdminManagedPolicy, iamFullAccessManagedPolicy, iamRoleSharedByFunctions, iamTrustPolicyPublic, iamWildcardAction, resourcePolicyPublic, s3BucketPolicyPublicRead];

/** The iam rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { CodeRuleModule, RuleModule } from '../../server/src/engine';
import codePermissionNotGranted from './code-permission-not-granted';
import iamAdminManagedPolicy from './iam-admin-managed-policy';
import iamAllowNotAction from './iam-allow-not-action';
import iamAllowNotResource from './iam-allow-not-resource';
import iamCredentialExposure from './iam-credential-exposure';
import iamDataExfiltration from './iam-data-exfiltration';
import iamFullAccessManagedPolicy from './iam-full-access-managed-policy';
import iamPassRoleWildcard from './iam-pass-role-wildcard';
import iamPermissionsManagement from './iam-permissions-management';
import iamPrivilegeEscalation from './iam-privilege-escalation';
import iamRoleSharedByFunctions from './iam-role-shared-by-functions';
import iamTrustPolicyPublic from './iam-trust-policy-public';
import iamWildcardAction from './iam-wildcard-action';
import iamWildcardResource from './iam-wildcard-resource';
import resourcePolicyPublic from './resource-policy-public';
import s3BucketPolicyPublicRead from './s3-bucket-policy-public-read';

export const iamRules: readonly RuleModule[] = [
  iamAdminManagedPolicy,
  iamAllowNotAction,
  iamAllowNotResource,
  iamCredentialExposure,
  iamDataExfiltration,
  iamFullAccessManagedPolicy,
  iamPassRoleWildcard,
  iamPermissionsManagement,
  iamPrivilegeEscalation,
  iamRoleSharedByFunctions,
  iamTrustPolicyPublic,
  iamWildcardAction,
  iamWildcardResource,
  resourcePolicyPublic,
  s3BucketPolicyPublicRead,
];

export const iamCodeRules: readonly CodeRuleModule[] = [codePermissionNotGranted];

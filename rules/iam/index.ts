/** The iam rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import iamAdminManagedPolicy from './iam-admin-managed-policy';
import iamAllowNotAction from './iam-allow-not-action';
import iamAllowNotResource from './iam-allow-not-resource';
import iamCredentialExposure from './iam-credential-exposure';
import iamPassRoleWildcard from './iam-pass-role-wildcard';
import iamPermissionsManagement from './iam-permissions-management';
import iamPrivilegeEscalation from './iam-privilege-escalation';
import iamWildcardAction from './iam-wildcard-action';
import iamWildcardResource from './iam-wildcard-resource';

export const iamRules: readonly RuleModule[] = [
  iamAdminManagedPolicy,
  iamAllowNotAction,
  iamAllowNotResource,
  iamCredentialExposure,
  iamPassRoleWildcard,
  iamPermissionsManagement,
  iamPrivilegeEscalation,
  iamWildcardAction,
  iamWildcardResource,
];

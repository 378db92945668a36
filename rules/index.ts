/**
 * The rule registry: every rule, sorted by id. Shells pass `allRules` to the
 * engine; nothing registers itself as an import side effect.
 */
import type { RuleModule } from '../server/src/engine';
import functionUrlMissingAuth from './auth/function-url-missing-auth';
import routeMissingAuth from './auth/route-missing-auth';
import iamAdminManagedPolicy from './iam/iam-admin-managed-policy';
import iamWildcardAction from './iam/iam-wildcard-action';
import hardcodedSecretInEnvironment from './secrets/hardcoded-secret-in-environment';
import snsTopicUnencrypted from './storage/sns-topic-unencrypted';

export const allRules: readonly RuleModule[] = [
  functionUrlMissingAuth,
  hardcodedSecretInEnvironment,
  iamAdminManagedPolicy,
  iamWildcardAction,
  routeMissingAuth,
  snsTopicUnencrypted,
];

export function ruleById(id: string): RuleModule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}

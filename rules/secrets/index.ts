/** The secrets rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import hardcodedSecretInEnvironment from './hardcoded-secret-in-environment';

export const secretsRules: readonly RuleModule[] = [hardcodedSecretInEnvironment];

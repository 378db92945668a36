/** The secrets rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import awsCredentialsInProvider from './aws-credentials-in-provider';
import hardcodedSecretInEnvironment from './hardcoded-secret-in-environment';
import secretParameterDefault from './secret-parameter-default';
import secretRotationDisabled from './secret-rotation-disabled';
import ssmParameterPlaintextSecret from './ssm-parameter-plaintext-secret';

export const secretsRules: readonly RuleModule[] = [awsCredentialsInProvider, hardcodedSecretInEnvironment, secretParameterDefault, secretRotationDisabled, ssmParameterPlaintextSecret];

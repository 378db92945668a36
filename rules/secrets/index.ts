/** The secrets rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import awsCredentialsInProvider from './aws-credentials-in-provider';
import deployTimeSecretInEnvironment from './deploy-time-secret-in-environment';
import hardcodedSecretInEnvironment from './hardcoded-secret-in-environment';
import secretParameterDefault from './secret-parameter-default';
import secretRotationDisabled from './secret-rotation-disabled';
import ssmParameterPlaintextSecret from './ssm-parameter-plaintext-secret';
import type { CodeRuleModule } from '../../server/src/engine/code-rule';
import codeErrorDetailsInResponse from './code-error-details-in-response';
import codeHardcodedSecret from './code-hardcoded-secret';
import codeSecretLogged from './code-secret-logged';

export const secretsRules: readonly RuleModule[] = [awsCredentialsInProvider, deployTimeSecretInEnvironment, hardcodedSecretInEnvironment, secretParameterDefault, secretRotationDisabled, ssmParameterPlaintextSecret];

/** Code rules of this category: they read handler source (`server/src/engine/code-rule.ts`). */
export const secretsCodeRules: readonly CodeRuleModule[] = [codeErrorDetailsInResponse, codeHardcodedSecret, codeSecretLogged];

/**
 * A Cognito user pool whose written password policy accepts passwords shorter than 8 characters.
 * Without `Policies.PasswordPolicy` Cognito applies its own default (8 characters, with upper- and
 * lower-case letters, numbers and symbols), so only a written minimum below 8 is reported; length is
 * what makes a password hard to guess (NIST SP 800-63B asks for at least 8), and the message says
 * which character classes the policy also stopped requiring. Values that cannot be read are skipped.
 */
import { defineRule } from '../../server/src/engine';
import { flagOf, numberOf } from './support/resolved-values';
import { nodeAt } from '../../server/src/engine/parse/tree';

const MINIMUM = 8;
const CLASSES: ReadonlyArray<[string, string]> = [
  ['RequireUppercase', 'upper-case letters'],
  ['RequireLowercase', 'lower-case letters'],
  ['RequireNumbers', 'numbers'],
  ['RequireSymbols', 'symbols'],
];

export default defineRule({
  meta: {
    id: 'cognito-weak-password-policy',
    title: 'Cognito user pool accepts passwords shorter than 8 characters',
    category: 'auth',
    severity: 'warning',
    confidence: 'high',
    description:
      "A short password falls to guessing and to lists of breached passwords; Cognito's own default policy asks for 8 characters with mixed classes, and a written MinimumLength below that weakens every account of the pool.",
    remediation:
      'Set `Policies.PasswordPolicy.MinimumLength` to at least 8 (12 or more is better), or remove the policy to get Cognito\'s default; turn on MFA for accounts that matter.',
    equivalents: [],
    findingEquivalents: ['AwsSolutions-COG1'],
    references: [
      'OWASP-Serverless-A2',
      'SAS-2',
      'CWE-521',
      'https://pages.nist.gov/800-63-3/sp800-63b.html#memsecret',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-policies.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      short: 'User pool {{pool}} accepts passwords of {{length}} characters{{classes}}: set MinimumLength to at least 8.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    for (const pool of model.resources) {
      if (pool.type !== 'AWS::Cognito::UserPool') continue;
      const lengthNode = nodeAt(pool.properties, ['Policies', 'PasswordPolicy', 'MinimumLength']);
      const length = numberOf(model, lengthNode);
      if (length === undefined || length >= MINIMUM || !lengthNode) continue;
      const dropped = CLASSES.filter(([key]) => flagOf(model, nodeAt(pool.properties, ['Policies', 'PasswordPolicy', key])) === false).map(([, label]) => label);
      context.report({
        messageId: 'short',
        data: { pool: pool.logicalId, length: String(length), classes: dropped.length > 0 ? `, and requires no ${dropped.join(', ').replace(/, ([^,]*)$/, ' or $1')}` : '' },
        node: lengthNode,
        resource: pool.logicalId,
        // cdk-nag's COG1 (src/rules/cognito/CognitoUserPoolStrongPasswordPolicy.ts) fails a primitive minimumLength under 8
        // on a CfnUserPool; it reads no serverless.yml and no intrinsic as a number.
        equivalents: model.kind !== 'serverless' && lengthNode.kind === 'scalar' ? ['AwsSolutions-COG1'] : [],
      });
    }
  },
});


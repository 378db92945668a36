/**
 * A Cognito user pool that offers no multi-factor authentication:
 * `MfaConfiguration` absent (Cognito's default is OFF) or `OFF`. `OPTIONAL`
 * counts as configured: users can enrol a second factor, and whether to force
 * it on every user is a product decision. `EnabledMfas` alone does not turn
 * MFA on. Values that cannot be read are not reported.
 */
import { defineRule, type Fix } from '../../server/src/engine';
import { insertMapEntries, replaceNode, valueText } from '../../server/src/engine/fix/edits';
import { entryOf, isMap, isScalar } from '../../server/src/engine/parse/tree';
import type { TextEdit } from '../../server/src/engine/types';
import { describeCircumstances, isPropertySet, reportRange, settingValues } from '../storage/support/settings';

const FIX_TITLE = 'Offer MFA: MfaConfiguration: OPTIONAL with authenticator apps (users opt in; the app must handle the MFA challenge)';

export default defineRule({
  meta: {
    id: 'cognito-user-pool-mfa-disabled',
    title: 'Cognito user pool without multi-factor authentication',
    category: 'auth',
    severity: 'info',
    confidence: 'high',
    description:
      'With MFA off, a password is the only thing between an attacker and a user account: a phished, reused or guessed password is enough, and Cognito gives users no way to add a second factor.',
    remediation:
      'Set `MfaConfiguration: OPTIONAL` (users can enrol) or `ON` (every user must), with `EnabledMfas` such as `SOFTWARE_TOKEN_MFA`, and handle the MFA challenge in the sign-in flow.',
    // Both read only what is written on the resource, never a parameter or a condition (mfaEquivalents).
    equivalents: [],
    findingEquivalents: ['AwsSolutions-COG2', 'KICS:74a18d1a-cf02-4a31-8791-ed0967ad7fdc'],
    references: [
      'OWASP-Serverless-A2',
      'SAS-2',
      'CWE-308',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpool.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      unset: 'Cognito user pool {{resource}} offers no multi-factor authentication: MfaConfiguration is not set (OFF by default){{when}}{{factors}}.',
      off: 'Cognito user pool {{resource}} offers no multi-factor authentication: MfaConfiguration is OFF{{when}}{{factors}}.',
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::Cognito::UserPool') continue;
      const values = settingValues(model, resource.properties, ['MfaConfiguration']);
      const bad = values.find((value) => value.state === 'absent' || (value.state === 'known' && String(value.value).toUpperCase() === 'OFF'));
      if (!bad) continue;
      const hasFactors = isPropertySet(model, resource, 'EnabledMfas');
      const isPlain = values.length === 1 && bad.when.length === 0 && bad.assumptions.length === 0;
      const edits = isPlain ? offerMfaEdits(context.model, resource, hasFactors) : undefined;
      const fixes: Fix[] = edits ? [{ title: FIX_TITLE, edits }] : [];
      context.report({
        messageId: bad.state === 'absent' ? 'unset' : 'off',
        data: {
          resource: resource.logicalId,
          when: describeCircumstances(bad),
          factors: hasFactors ? ' (EnabledMfas only chooses the factors once MFA is OPTIONAL or ON)' : '',
        },
        node: { range: reportRange(resource, ['MfaConfiguration']) },
        resource: resource.logicalId,
        fixes,
        equivalents: model.kind === 'serverless' || bad.when.length > 0 || bad.assumptions.length > 0 ? [] : mfaEquivalents(entryOf(resource.properties, 'MfaConfiguration')),
      });
    }
  },
});

/**
 * The checks an unconditional finding answers, as their source reads the property: cdk-nag's COG2
 * (src/rules/cognito/CognitoUserPoolMFA.ts) fails a `CfnUserPool` whose primitive `mfaConfiguration` is undefined or
 * not `ON` (an intrinsic is no primitive there); KICS's query (assets/queries/cloudFormation/aws/cognito_userpool_without_mfa)
 * fails an `AWS::Cognito::UserPool` without the key or with exactly `OFF`. Neither reads serverless.yml.
 */
function mfaEquivalents(entry: ReturnType<typeof entryOf>): string[] {
  if (!entry || entry.value === null) return ['AwsSolutions-COG2', 'KICS:74a18d1a-cf02-4a31-8791-ed0967ad7fdc'];
  if (!isScalar(entry.value)) return [];
  return entry.value.value === 'OFF' ? ['AwsSolutions-COG2', 'KICS:74a18d1a-cf02-4a31-8791-ed0967ad7fdc'] : ['AwsSolutions-COG2'];
}

/** `MfaConfiguration: OPTIONAL` (replacing a literal OFF or added), plus `EnabledMfas: [SOFTWARE_TOKEN_MFA]` when no factor is listed. */
function offerMfaEdits(model: Parameters<typeof settingValues>[0], resource: Parameters<typeof isPropertySet>[1], hasFactors: boolean): TextEdit[] | undefined {
  const properties = resource.properties;
  if (!isMap(properties) || entryOf(properties, 'Fn::If')) return undefined;
  const entry = entryOf(properties, 'MfaConfiguration');
  if (entry) {
    if (!isScalar(entry.value) || String(entry.value.value).includes('${')) return undefined;
    const edits = [replaceNode(entry.value, valueText(model.document, entry.value, 'OPTIONAL'))];
    if (!hasFactors) {
      if (entryOf(properties, 'EnabledMfas')) return undefined;
      edits.push(insertMapEntries(model.document, properties, { EnabledMfas: ['SOFTWARE_TOKEN_MFA'] }));
    }
    return edits;
  }
  if (hasFactors) return [insertMapEntries(model.document, properties, { MfaConfiguration: 'OPTIONAL' })];
  if (entryOf(properties, 'EnabledMfas')) return undefined;
  return [insertMapEntries(model.document, properties, { MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] })];
}

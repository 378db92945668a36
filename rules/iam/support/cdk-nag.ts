/**
 * Which IAM statements cdk-nag's AwsSolutions rules read. Data only; not a rule.
 *
 * cdk-nag `src/rules/iam/IAMNoWildcardPermissions.ts` (AwsSolutions-IAM5) reads the inline policies of
 * `CfnRole`, `CfnUser` and `CfnGroup` and the document of `CfnPolicy` and `CfnManagedPolicy`, and fails any
 * document whose JSON holds a `*` anywhere. cdk-nag sees CloudFormation resources (a template brought in with
 * `CfnInclude` becomes them); a SAM function's `Policies` are an `AWS::Serverless::Function` property, and
 * serverless.yml is no template, so it reads neither.
 */
import type { AppModel, IamStatement } from '../../../server/src/engine/model/types';

const IAM_RESOURCE_ORIGINS: ReadonlySet<IamStatement['origin']> = new Set(['iam-role-inline', 'iam-policy', 'iam-managed-policy', 'iam-user-inline', 'iam-group-inline']);

/** True when AwsSolutions-IAM5 reads this statement; a wildcard in it then fails the check. */
export function isReadByCdkNagIam5(model: Pick<AppModel, 'kind'>, statement: Pick<IamStatement, 'origin'>): boolean {
  return model.kind !== 'serverless' && IAM_RESOURCE_ORIGINS.has(statement.origin);
}

/**
 * Which cfn_nag rule of a per-resource-type family (F3/F4/F5, W11/W12/W13, ...)
 * an IAM statement would fail, from the resource that holds it. Data only; not a rule.
 *
 * cfn_nag reads CloudFormation and SAM templates, never serverless.yml (its `resources` section is not at the
 * top level, so cfn_nag cannot parse the file as a template). Its SAM transform (cfn-model
 * `lib/cfn-model/transforms/serverless.rb`) replaces each `AWS::Serverless::Function` with a function and a role
 * that holds only `AWSLambdaBasicExecutionRole`: the function's `Policies` are dropped, so cfn_nag never reads
 * their statements, and none of its IAM rules is named on them.
 */
import type { AppModel, IamStatement } from '../../../server/src/engine/model/types';

/**
 * The rule of the family `[role, policy, managed policy]` (each cfn_nag rule reads one of
 * `AWS::IAM::Role`, `AWS::IAM::Policy`, `AWS::IAM::ManagedPolicy`) that reads this statement, if any.
 */
export function cfnNagRuleFor(model: Pick<AppModel, 'kind'>, statement: Pick<IamStatement, 'origin'>, family: readonly [role: string, policy: string, managedPolicy: string]): string | undefined {
  if (model.kind === 'serverless') return undefined;
  switch (statement.origin) {
    case 'iam-role-inline':
      return family[0];
    case 'iam-policy':
      return family[1];
    case 'iam-managed-policy':
      return family[2];
    default:
      return undefined;
  }
}

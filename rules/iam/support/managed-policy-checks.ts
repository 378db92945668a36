/**
 * Which other tools' checks an AWS managed policy attachment answers, per attachment, read from their source.
 * Data only; not a rule.
 *
 * - cdk-nag `AwsSolutions-IAM4` (src/rules/iam/IAMNoManagedPolicies.ts) reads the `managedPolicyArns` of `CfnRole`,
 *   `CfnUser` and `CfnGroup` and fails any entry whose JSON, up to its first `/`, holds neither 12 digits nor
 *   `AWS::AccountId`: every AWS managed policy, written, `!Sub` or under an `Fn::If`. It reads no SAM function's
 *   `Policies` (SAM's `CfnFunction` is another class) and no serverless.yml.
 * - cfn_nag `W43` (IamRoleElevatedManagedPolicyRule.rb) reads `AWS::IAM::Role` only, and fails an entry that is a
 *   string including `arn:aws:iam::aws:policy/AdministratorAccess`, `PowerUserAccess` or `IAMFullAccess` (an
 *   intrinsic is a Hash there, which includes no such text). cfn-model's SAM transform drops SAM `Policies`.
 * - Checkov `CKV_AWS_274` (checkov/terraform/checks/resource/aws/IAMManagedAdminPolicy.py) is a Terraform check of
 *   roles and of user, group and role policy attachments holding `arn:aws:iam::aws:policy/AdministratorAccess`;
 *   named here on the same CloudFormation resources (`ManagedPolicyArns` of a role, user or group) with that ARN written.
 */
import type { AppModel, ManagedPolicyAttachment } from '../../../server/src/engine/model/types';
import { isScalar } from '../../../server/src/engine/parse/tree';

const IAM_RESOURCE_ORIGINS: ReadonlySet<ManagedPolicyAttachment['origin']> = new Set(['iam-role', 'iam-user', 'iam-group']);
const W43_ARNS = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess'].map((name) => `arn:aws:iam::aws:policy/${name}`);

export function managedPolicyChecks(model: Pick<AppModel, 'kind'>, attachment: ManagedPolicyAttachment): string[] {
  if (model.kind === 'serverless' || !IAM_RESOURCE_ORIGINS.has(attachment.origin)) return [];
  const checks = ['AwsSolutions-IAM4'];
  const written = isScalar(attachment.node) && typeof attachment.node.value === 'string' ? attachment.node.value : undefined;
  if (written !== undefined && attachment.origin === 'iam-role' && W43_ARNS.some((arn) => written.includes(arn))) checks.push('W43');
  if (written !== undefined && written.includes('arn:aws:iam::aws:policy/AdministratorAccess')) checks.push('CKV_AWS_274');
  return checks;
}

/**
 * Who receives a managed policy, for messages: the functions when the model
 * knows them, else the role, user or group that holds it. Reads the model only.
 */
import type { ManagedPolicyAttachment } from '../../../server/src/engine/model/types';

/** Starts a sentence: `Function list`, `Functions a, b and 2 more`, `Role FnRole`, `User Deployer`. */
export function attachmentHolder(attachment: ManagedPolicyAttachment): string {
  const names = attachment.functions;
  if (names.length === 1) return `Function ${names[0]}`;
  if (names.length > 1 && names.length <= 3) return `Functions ${names.join(', ')}`;
  if (names.length > 3) return `Functions ${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
  switch (attachment.origin) {
    case 'iam-role':
      return `Role ${attachment.resource}`;
    case 'iam-user':
      return `User ${attachment.resource}`;
    case 'iam-group':
      return `Group ${attachment.resource}`;
    case 'serverless-provider-role':
      return `The provider role (${attachment.resource})`;
    default:
      return attachment.resource;
  }
}

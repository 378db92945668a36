/**
 * What the code of a statement's functions calls of what the statement grants, for the IAM rules
 * that say more once the handlers are known (`readsHandlerCode: 'refines'`): a clause for the
 * message, and the rewrite of the statement's Action to exactly those actions. Judged as
 * `iam-unused-permission` judges a statement (`statementUse`): every function on the role must have
 * a handler whose calls were all read, and the role must serve nothing but those functions.
 * Otherwise nothing: silence beats a wrong rewrite.
 */
import type { RuleContext } from '../../../server/src/engine';
import { actionRewriteFix, resourceScopeFix, scopedResources, statementUse } from '../../../server/src/engine/least-privilege/statement-use';
import type { IamStatement } from '../../../server/src/engine/model/types';
import type { Fix } from '../../../server/src/engine/types';
import { listForMessage } from './iam-statements';

export interface CodeUse {
  /** `; of what this statement grants, its code calls only ...`, or '' (the message's `{{code}}`). */
  text: string;
  fix?: Fix;
}

const UNKNOWN: CodeUse = { text: '' };

/** Per statement, once per check: several findings of one statement share the answer. */
export function codeUseOf(context: RuleContext, statement: IamStatement): CodeUse {
  if (!context.handlers) return UNKNOWN;
  const use = statementUse(context.model, statement, context.handlers);
  // Nothing granted goes unused: the actions are right (what is left is the finding's own point), and a rewrite would change nothing.
  if (!use || use.unused.length === 0) return UNKNOWN;
  const whose = use.functions.length === 1 ? 'its code' : 'their code';
  // Nothing called, but Lambda uses some of it (logs, an event source's polling): "none" would invite deleting what it needs.
  // Nothing called, but its calls may need a side permission of it (an encrypted table's key): likewise.
  if (use.used.length === 0) return use.platform.length > 0 || (use.side?.length ?? 0) > 0 ? UNKNOWN : { text: `; ${whose} calls none of what this statement grants` };
  const used = use.used.map((action) => `\`${action}\``);
  return { text: `; of what this statement grants, ${whose} calls only ${listForMessage(used, 5)}`, fix: actionRewriteFix(context.model, use) };
}

/** The fixes of a finding with this use: the rewrite, when there is one. */
export function fixesOf(use: CodeUse): Fix[] {
  return use.fix ? [use.fix] : [];
}

/**
 * For a statement on a wildcard Resource: the fix that scopes it to the resources its code calls
 * (and its Action to the actions called), when every call's resource is known from the template (a
 * `!Ref`/`!GetAtt` or resource name passed to the code through an environment variable), with a
 * clause for the message. Undefined otherwise: the Resource is left for the user to scope.
 */
export function resourceScopeOf(context: RuleContext, statement: IamStatement): CodeUse | undefined {
  if (!context.handlers) return undefined;
  const use = statementUse(context.model, statement, context.handlers);
  if (!use || use.used.length === 0) return undefined;
  const resources = scopedResources(use, context.handlers);
  const fix = resources && resourceScopeFix(context.model, statement, use, resources);
  if (!fix) return undefined;
  const whose = use.functions.length === 1 ? 'its code' : 'their code';
  const called = use.used.map((action) => `\`${action}\``);
  return { text: `; ${whose} calls ${listForMessage(called, 5)} only on ${fix.title.replace(/^Grant only .* on /, '')}`, fix };
}

/**
 * A statement of a function's role that grants actions no function on that role calls, judged from
 * the handlers' code: the AWS SDK calls of each function's handler (its own function, the helpers of
 * its file and the modules it imports) give the actions it needs, and what the platform does for the
 * function (logs, tracing, VPC interfaces, event-source polling, dead-letter and destination sends,
 * environment decryption) is never counted as unused. Silence beats a wrong rewrite, so a statement
 * is judged only when every function it reaches has a handler whose calls were all read, the role
 * serves nothing but those functions, and the statement's actions are all known.
 */
import { defineRule } from '../../server/src/engine';
import { effectiveAccessLevel, lookupAction } from '../../server/src/engine/iam';
import type { IamStatement } from '../../server/src/engine';
import { inlineTemplateFix } from '../../server/src/engine/least-privilege/inline-template';
import { actionRewriteFix, policyTemplateUse, statementUse } from '../../server/src/engine/least-privilege/statement-use';
import { isReadByCdkNagIam5 } from './support/cdk-nag';
import { listForMessage } from './support/iam-statements';

export default defineRule({
  meta: {
    id: 'iam-unused-permission',
    title: 'Role statement that grants actions its functions never call',
    category: 'iam',
    severity: 'warning',
    // A template that neither a rename nor an inline statement can fix exactly: worth knowing, not a warning.
    messageSeverity: { unusedRead: 'info', nothingUsedRead: 'info', nothingUsedHereRead: 'info', unusedTemplate: 'info' },
    confidence: 'medium',
    description:
      'The statement grants actions that no function on the role calls, judged from the AWS SDK calls of their handlers. Unused write, delete and permission actions are what an attacker who gets code execution in the function (an injection, a compromised dependency) uses to do damage beyond what the function does.',
    remediation: 'Grant exactly the actions the code calls (the finding lists them, and its fix rewrites the statement to them), and give each function its own role where the format supports it.',
    // cdk-nag's IAM5 fails wildcards in the policies of IAM resources, whatever the code calls: named only on a finding
    // whose statement it reads and that holds a '*' (support/cdk-nag.ts), never on a SAM policy template.
    equivalents: [],
    findingEquivalents: ['AwsSolutions-IAM5'],
    references: ['OWASP-Serverless-A5', 'SAS-4', 'CWE-250', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege'],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      unusedWrite: '{{holder}} granted {{unused}}, which no function on the role calls; {{used}}.',
      unusedRead: '{{holder}} granted {{unused}}, which no function on the role calls (read access); {{used}}.',
      nothingUsed: '{{holder}} granted {{unused}} by this statement, and its code calls none of them.',
      nothingUsedHere: '{{holder}} granted {{unused}} by this statement; its code calls {{elsewhere}}, but only on resources this statement\'s Resource does not cover.',
      nothingUsedRead: '{{holder}} granted {{unused}} by this statement (read access), and its code calls none of them.',
      nothingUsedHereRead: '{{holder}} granted {{unused}} by this statement (read access); its code calls {{elsewhere}}, but only on resources this statement\'s Resource does not cover.',
      unusedTemplate: '{{holder}} granted {{unused}} by the {{template}} policy template, which no function on the role calls; {{used}}.',
      narrowerTemplate: '{{holder}} granted {{unused}} by the {{template}} policy template, which no function on the role calls; {{used}}: {{narrower}} grants what is used.',
      inlineTemplate: '{{holder}} granted {{unused}} by the {{template}} policy template, which no function on the role calls; {{used}}, and no narrower template grants just that: an inline statement of those actions on the template\'s resources does.',
    },
    fix: 'suggestion',
    readsHandlerCode: true,
  },
  check({ model, handlers, report }) {
    if (!handlers || handlers.size === 0) return;
    for (const statement of model.iamStatements) {
      const use = statementUse(model, statement, handlers);
      if (!use || use.unused.length === 0) continue;
      // A statement none of whose actions is used names them all; otherwise the writes lead; the most damaging first either way.
      const shown = mostDamagingFirst(use.unusedWrites.length > 0 && use.kept.length > 0 ? use.unusedWrites : use.unused).map((action) => `\`${action}\``);
      const unusedText = use.unused.length > shown.length || use.unused.length > 3 ? `${listForMessage(shown.slice(0, 3), 3)}${use.unused.length > 3 ? ` (${use.unused.length} actions in all)` : ''}` : listForMessage(shown);
      const functions = use.functions;
      const holder = functions.length === 1 ? `Function ${functions[0]} is` : `The ${functions.length} functions on this role (${listForMessage(functions)}) are`;
      const readOnly = use.unusedWrites.length === 0;
      const messageId = use.kept.length === 0 ? (use.usedElsewhere ? (readOnly ? 'nothingUsedHereRead' : 'nothingUsedHere') : readOnly ? 'nothingUsedRead' : 'nothingUsed') : readOnly ? 'unusedRead' : 'unusedWrite';
      const fix = actionRewriteFix(model, use);
      report({
        messageId,
        data: { holder, unused: unusedText, used: usedText(use.used, use.usedElsewhere, use.side, use.platform), elsewhere: listForMessage((use.usedElsewhere ?? []).map((action) => `\`${action}\``)) },
        node: use.actionEntry ?? use.actionNode ?? { range: statement.range },
        resource: statement.resource,
        fixes: fix ? [fix] : [],
        equivalents: isReadByCdkNagIam5(model, statement) && !statement.isForeign && model.document.text.slice(statement.declaration.range.start, statement.declaration.range.end).includes('*') ? ['AwsSolutions-IAM5'] : [],
      });
    }
    // SAM policy templates, each judged whole (all its statements), with a narrower template of SAM's list as the fix.
    const templates = new Map<string, IamStatement[]>();
    for (const statement of model.iamStatements) {
      if (statement.policyTemplate === undefined) continue;
      const key = `${statement.policyTemplate}@${statement.range.start}`;
      templates.set(key, [...(templates.get(key) ?? []), statement]);
    }
    for (const statements of templates.values()) {
      const use = policyTemplateUse(model, statements, handlers);
      // A template's read-only leftovers (DescribeTable with a read template) are SAM's shape, not worth a finding.
      if (!use || use.unusedWrites.length === 0) continue;
      const functions = use.functions;
      const holder = functions.length === 1 ? `Function ${functions[0]} is` : `The ${functions.length} functions on this role (${listForMessage(functions)}) are`;
      const shown = use.unusedWrites.map((action) => `\`${action}\``);
      const range = statements[0].range;
      const nameAt = templateNameOffset(model.document.text, range, use.name);
      // A narrower sibling is the smallest edit; otherwise the template becomes an inline statement of the used actions.
      const rename = use.narrower && nameAt !== undefined ? { title: `Use ${use.narrower}`, edits: [{ range: { start: nameAt, end: nameAt + use.name.length }, newText: use.narrower }] } : undefined;
      const inline = rename || use.used.length === 0 ? undefined : inlineTemplateFix(model.document, statements, use);
      const fixes = rename ? [rename] : inline ? [inline] : [];
      report({
        messageId: rename ? 'narrowerTemplate' : inline ? 'inlineTemplate' : 'unusedTemplate',
        data: {
          holder,
          template: use.name,
          unused: shown.length > 3 ? `${listForMessage(shown.slice(0, 3), 3)} (${use.unused.length} unused actions in all)` : listForMessage(shown),
          used: use.used.length > 0 ? `its code calls only ${listForMessage(use.used.map((action) => `\`${action}\``))}` : 'its code calls none of the template\'s actions',
          narrower: use.narrower ?? '',
        },
        node: { range },
        resource: statements[0].resource,
        fixes,
      });
    }
  },
});

/** What the code calls through the statement, and what it calls only on resources outside the statement's Resource. */
function usedText(used: readonly string[], elsewhere: readonly string[] = [], side: readonly string[] = [], platform: readonly string[] = []): string {
  const quoted = (actions: readonly string[]) => listForMessage(actions.map((action) => `\`${action}\``));
  // Side permissions (`kms:Decrypt` for an encrypted table) are kept but not called: never named as what the code calls.
  const calls = used.length > 0 ? `its code calls only ${quoted(used)}` : side.length > 0 ? `its code's calls may need only ${quoted(side)} (side permissions)` : `the statement's other actions${platform.length > 0 && platform.length <= 3 ? ` (${quoted(platform)})` : ''} are what Lambda itself uses for the function`;
  return elsewhere.length === 0 ? calls : `${calls} (and ${quoted(elsewhere)} only on resources this statement's Resource does not cover)`;
}

/** Where the template's name is written in its entry (`- DynamoDBCrudPolicy:` or `{"DynamoDBCrudPolicy": ...}`). */
function templateNameOffset(text: string, range: { start: number; end: number }, name: string): number | undefined {
  const at = text.indexOf(name, range.start);
  return at >= 0 && at + name.length <= range.end ? at : undefined;
}

/**
 * The actions to name first in a message: what deletes or stops (`logs:DeleteLogGroup`, `ec2:TerminateInstances`,
 * `kms:ScheduleKeyDeletion`), then permissions management (`kms:PutKeyPolicy`), then the rest, each in its order.
 */
function mostDamagingFirst(actions: readonly string[]): string[] {
  const rank = (action: string): number => {
    if (/:(Delete|Terminate|Schedule|Disable|Purge|Stop)/.test(action)) return 0;
    const known = lookupAction(action);
    return known && effectiveAccessLevel(known) === 'Permissions management' ? 1 : 2;
  };
  return actions.map((action, index) => ({ action, index, rank: rank(action) })).sort((a, b) => a.rank - b.rank || a.index - b.index).map((entry) => entry.action);
}

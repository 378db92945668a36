/**
 * The IAM rules that say more once the handlers' code is known (`readsHandlerCode: 'refines'`):
 * each names what the code calls of the statement's grants, and its fix rewrites the Action to that.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, joinHandlerCode, parseDocument, type HandlerCodeSummary, type RuleModule } from '../../../server/src/engine';
import credentialExposure from '../iam-credential-exposure';
import dataExfiltration from '../iam-data-exfiltration';
import permissionsManagement from '../iam-permissions-management';
import privilegeEscalation from '../iam-privilege-escalation';

const summary = (actions: string[], extra: Partial<HandlerCodeSummary> = {}): HandlerCodeSummary => ({ path: '/app/src/handler.js', exportName: 'create', auth: 'none', validators: [], sinks: [], actions, ...extra });

function service(actions: string[]): string {
  return `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
${actions.map((action) => `            - ${action}`).join('\n')}
          Resource: '*'
functions:
  create:
    handler: src/handler.create
`;
}

const cases: Array<[RuleModule, string, string]> = [
  [dataExfiltration, 's3:GetObject', 's3:PutObject'],
  [credentialExposure, 'sts:AssumeRole', 'sqs:SendMessage'],
  [privilegeEscalation, 'iam:CreatePolicyVersion', 'sqs:SendMessage'],
  [permissionsManagement, 'sqs:SetQueueAttributes', 'sqs:SendMessage'],
];

describe('IAM findings refined by what the code calls', () => {
  for (const [rule, risky, used] of cases) {
    it(`${rule.meta.id}: '${risky}' that the code never calls`, () => {
      const text = service([risky, used]);
      const alone = analyze({ path: 'serverless.yml', text, rules: [rule], strict: true });
      assert.deepEqual(alone.internalErrors, []);
      assert.equal(alone.findings.length, 1, 'the rule reports the statement without the code');
      assert.doesNotMatch(alone.findings[0].message, /calls|\{\{/);
      assert.deepEqual(alone.findings[0].fixes, []);

      const joined = joinHandlerCode(alone, new Map([['create', summary([used])]]), { rules: [rule] });
      assert.deepEqual(joined.internalErrors, []);
      assert.equal(joined.findings.length, 1);
      assert.equal(joined.findings[0].message, alone.findings[0].message.replace(/\.$/, `; of what this statement grants, its code calls only \`${used}\`.`));
      const [fix] = joined.findings[0].fixes;
      assert.ok(fix, 'the rewrite is offered');
      const edits = [...fix.edits].sort((a, b) => b.range.start - a.range.start);
      const output = edits.reduce((current, edit) => current.slice(0, edit.range.start) + edit.newText + current.slice(edit.range.end), text);
      assert.deepEqual(parseDocument('serverless.yml', output).issues, []);
      assert.ok(output.includes(used) && !output.includes(risky), output);
      assert.deepEqual(analyze({ path: 'serverless.yml', text: output, rules: [rule] }).findings, [], 'the finding is gone after the fix');

      // A handler whose calls are not all known: the finding stays as it was.
      const unknown = joinHandlerCode(alone, new Map([['create', summary([used], { actionsIncomplete: ['a dynamic client'] })]]), { rules: [rule] });
      assert.deepEqual(unknown.findings, alone.findings);
    });
  }
});

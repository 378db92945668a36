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
import wildcardAction from '../iam-wildcard-action';
import wildcardResource from '../iam-wildcard-resource';

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

describe('iam-wildcard-resource, once the handlers are known', () => {
  it("names what the code calls of a statement on Resource '*', and narrows its Action (the Resource stays to scope)", () => {
    const text = service(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);
    const alone = analyze({ path: 'serverless.yml', text, rules: [wildcardResource], strict: true });
    assert.equal(alone.findings.length, 1);
    assert.doesNotMatch(alone.findings[0].message, /calls/);
    const joined = joinHandlerCode(alone, new Map([['create', summary(['s3:GetObject'])]]), { rules: [wildcardResource] });
    assert.equal(joined.findings[0].message, alone.findings[0].message.replace(/\.$/, '; of what this statement grants, its code calls only `s3:GetObject`.'));
    const [fix] = joined.findings[0].fixes;
    const output = [...fix.edits].sort((a, b) => b.range.start - a.range.start).reduce((current, edit) => current.slice(0, edit.range.start) + edit.newText + current.slice(edit.range.end), text);
    assert.ok(output.includes('Action:\n            [s3:GetObject]') && output.includes("Resource: '*'"), output);
    assert.deepEqual(parseDocument('serverless.yml', output).issues, []);
  });
});

describe('nothing to add when the code calls every action granted', () => {
  it('iam-wildcard-resource keeps its message and offers no rewrite that would change nothing', () => {
    const text = service(['s3:GetObject']);
    const alone = analyze({ path: 'serverless.yml', text, rules: [wildcardResource], strict: true });
    const joined = joinHandlerCode(alone, new Map([['create', summary(['s3:GetObject'])]]), { rules: [wildcardResource] });
    assert.deepEqual(joined.findings, alone.findings);
  });
});

describe('the rewrite keeps what Lambda itself does with the role', () => {
  const apply = (text: string, fix: { edits: Array<{ range: { start: number; end: number }; newText: string }> }) =>
    [...fix.edits].sort((a, b) => b.range.start - a.range.start).reduce((current, edit) => current.slice(0, edit.range.start) + edit.newText + current.slice(edit.range.end), text);
  const joinedWildcards = (text: string, actions: string[]) => {
    const alone = analyze({ path: 'serverless.yml', text, rules: [wildcardAction], strict: true });
    return joinHandlerCode(alone, new Map([['create', summary(actions)]]), { rules: [wildcardAction] });
  };

  it("an SQS consumer's polling actions stay when sqs:* is narrowed to the sends of its code", () => {
    const text = `${service(['sqs:*']).replace("Resource: '*'", 'Resource: !GetAtt Jobs.Arn')}    events:
      - sqs:
          arn: !GetAtt Jobs.Arn
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
`;
    const result = joinedWildcards(text, ['sqs:SendMessage']);
    assert.equal(result.findings.length, 1);
    assert.match(result.findings[0].message, /its code calls only `sqs:SendMessage`\.$/);
    const output = apply(text, result.findings[0].fixes[0]);
    for (const action of ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage', 'sqs:SendMessage']) assert.ok(output.includes(action), `${action} in ${output}`);
    assert.ok(!output.includes('sqs:*'));
  });

  it('a wildcard over logs, X-Ray, network interfaces or KMS is narrowed to what Lambda itself does with them', () => {
    const text = service(['logs:*', 's3:*']);
    const result = joinedWildcards(text, ['s3:GetObject']);
    const s3 = result.findings.find((finding) => finding.message.startsWith("Action 's3:*'"));
    assert.ok(s3, result.findings.map((finding) => finding.message).join('\n'));
    const output = apply(text, s3.fixes[0]);
    assert.ok(output.includes('Action:\n            [logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents, s3:GetObject]'), output);
  });

  it('says nothing of a statement the code never calls when Lambda uses some of it', () => {
    const result = joinedWildcards(service(['logs:*']), []);
    assert.equal(result.findings.length, 1);
    assert.doesNotMatch(result.findings[0].message, /calls/);
    assert.deepEqual(result.findings[0].fixes, []);
  });
});

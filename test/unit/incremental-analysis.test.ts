// Incremental re-analysis (`engine/incremental/rule-results.ts`): a keystroke re-runs the
// resource-scoped rules only on the resources it can change, and the result equals a full analysis.
// The corpus sessions (test/corpus/incremental-analysis.test.ts) compare at scale; these pin the
// dependency cases one by one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { analyze, defineRule, type AnalysisResult, type RuleModule } from '../../server/src/engine';
import { lastPlanStats } from '../../server/src/engine/incremental/rule-results';

const path = 'template.yaml';

/** Analyses `before`, then `after` reusing it; checks `after` against a full analysis and returns both. */
function step(before: string, after: string, rules: readonly RuleModule[] = allRules, settings?: Parameters<typeof analyze>[0]['settings']) {
  const first = analyze({ path, text: before, rules, settings, incremental: {} });
  const second = analyze({ path, text: after, rules, settings, incremental: { previous: first.ruleResults } });
  const stats = { ...lastPlanStats };
  const reference = analyze({ path, text: after, rules, settings });
  assert.deepEqual(visible(second), visible(reference));
  return { first, second, stats };
}

function visible(result: AnalysisResult) {
  return { findings: result.findings, suppressed: result.suppressed, endpoints: result.endpoints, issues: result.issues };
}

const role = (name: string) => `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: all
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: 's3:*'
                Resource: '*'
`;

const fn = (name: string, roleName: string, description = 'd') => `  ${name}:
    Type: AWS::Lambda::Function
    Properties:
      Description: ${description}
      Runtime: nodejs20.x
      Handler: index.handler
      Code: { ZipFile: 'exports.handler = async () => 1' }
      Role: !GetAtt ${roleName}.Arn
`;

const queue = (name: string, encrypted: boolean) => `  ${name}:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: ${encrypted}
`;

const template = (...resources: string[]) => `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${resources.join('')}`;

describe('incremental re-analysis', () => {
  it('re-checks only the edited resource and moves the findings after it', () => {
    const before = template(queue('A', false), queue('B', false), queue('C', false), queue('D', true));
    const after = template(queue('A', false).replace('SqsManagedSseEnabled', 'VisibilityTimeout: 60\n      SqsManagedSseEnabled'), queue('B', false), queue('C', false), queue('D', true));
    const { second, stats } = step(before, after);
    assert.equal(stats.mode, 'incremental');
    assert.equal(stats.dirty, 1);
    assert.equal(second.findings.filter((finding) => finding.ruleId === 'sqs-queue-encryption-disabled').length, 3);
  });

  it('updates a role finding when a function starts or stops using the role (the message names the functions)', () => {
    // Unrelated queues keep the re-checked share (both roles and both functions) under half.
    const queues = [1, 2, 3, 4, 5].map((index) => queue(`Q${index}`, false));
    const before = template(role('SharedRole'), fn('First', 'SharedRole'), fn('Second', 'OtherRole'), role('OtherRole'), ...queues);
    const after = template(role('SharedRole'), fn('First', 'SharedRole'), fn('Second', 'SharedRole'), role('OtherRole'), ...queues);
    const { first, second, stats } = step(before, after);
    assert.equal(stats.mode, 'incremental');
    const messages = (result: AnalysisResult) => result.findings.filter((finding) => finding.resource === 'SharedRole' && finding.ruleId === 'iam-wildcard-action').map((finding) => finding.message);
    assert.notDeepEqual(messages(first), messages(second));
    assert.match(messages(second).join(), /Second/);
  });

  it('updates a policy attached to a role when a function of that role changes (policy -> role <- function)', () => {
    const policy = `  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref SharedRole]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: 'iam:*'
            Resource: '*'
`;
    const before = template(role('SharedRole'), policy, fn('First', 'SharedRole'), fn('Second', 'OtherRole'), role('OtherRole'), queue('Q', false));
    const after = template(role('SharedRole'), policy, fn('First', 'OtherRole'), fn('Second', 'OtherRole'), role('OtherRole'), queue('Q', false));
    const { second } = step(before, after);
    assert.ok(second.findings.some((finding) => finding.resource === 'Extra'));
  });

  it('is a full analysis when the context changes, and still right', () => {
    const before = `AWSTemplateFormatVersion: '2010-09-09'\nParameters:\n  Sse:\n    Type: String\n    Default: 'false'\nResources:\n${queue('A', false).replace('false', '!Ref Sse')}${queue('B', true)}`;
    const after = before.replace("Default: 'false'", "Default: 'true'");
    const { first, second, stats } = step(before, after);
    assert.equal(stats.mode, 'full');
    const unencrypted = (result: AnalysisResult) => result.findings.some((finding) => finding.resource === 'A' && finding.ruleId === 'sqs-queue-encryption-disabled');
    assert.ok(unencrypted(first));
    assert.ok(!unencrypted(second));
  });

  it('is a full analysis when the settings change', () => {
    const text = template(queue('A', false), queue('B', false));
    const first = analyze({ path, text, rules: allRules, incremental: {} });
    const second = analyze({ path, text, rules: allRules, settings: { rules: { 'sqs-queue-encryption-disabled': 'error' } }, incremental: { previous: first.ruleResults } });
    assert.equal(lastPlanStats.mode, 'full');
    assert.ok(second.findings.filter((finding) => finding.ruleId === 'sqs-queue-encryption-disabled').every((finding) => finding.severity === 'error'));
  });

  it('moves cached fix edits with their resource', () => {
    const before = template(queue('A', true), queue('B', false));
    const after = template(queue('A', true).replace('Properties:', 'Properties:\n      DelaySeconds: 5'), queue('B', false));
    const { second } = step(before, after);
    const finding = second.findings.find((candidate) => candidate.resource === 'B' && candidate.ruleId === 'sqs-queue-encryption-disabled');
    assert.ok(finding && finding.fixes.length > 0);
    for (const edit of finding.fixes[0].edits) assert.ok(edit.range.start >= after.indexOf('  B:'), 'the edit lies in B');
  });

  it('runs a resource-scoped rule that reports outside its resource on the whole model from then on', () => {
    let calls = 0;
    const misbehaving = defineRule({
      meta: { ...allRules[0].meta, id: 'test-outside', messages: { m: 'm' }, messageSeverity: undefined, messageEquivalents: undefined, targets: ['cloudformation'], scope: 'resource', fix: 'none' },
      check(context) {
        calls++;
        // Reports on the document's first key, which is not a resource.
        for (const resource of context.model.resources) context.report({ messageId: 'm', node: { range: { start: 0, end: 5 } }, resource: resource.logicalId });
      },
    });
    const before = template(queue('A', false), queue('B', false), queue('C', false));
    const after = template(queue('A', false), queue('B', true), queue('C', false));
    const first = analyze({ path, text: before, rules: [misbehaving], incremental: {} });
    assert.ok(first.ruleResults?.unbounded.has('test-outside'));
    calls = 0;
    const second = analyze({ path, text: after, rules: [misbehaving], incremental: { previous: first.ruleResults } });
    assert.equal(calls, 1);
    assert.deepEqual(second.findings, analyze({ path, text: after, rules: [misbehaving] }).findings);
  });

  it('gives a resource-scoped rule only the dirty resources and what they reference', () => {
    const seen: string[][] = [];
    const counting = defineRule({
      meta: { ...allRules[0].meta, id: 'test-counting', messages: { m: 'm' }, messageSeverity: undefined, messageEquivalents: undefined, targets: ['cloudformation'], scope: 'resource', fix: 'none' },
      check(context) {
        seen.push(context.model.resources.map((resource) => resource.logicalId));
        for (const resource of context.model.resources) context.report({ messageId: 'm', node: { range: resource.declaration.range }, resource: resource.logicalId });
      },
    });
    const before = template(role('R'), fn('F', 'R'), queue('Q1', false), queue('Q2', false), queue('Q3', false));
    const after = template(role('R'), fn('F', 'R', 'edited'), queue('Q1', false), queue('Q2', false), queue('Q3', false));
    const first = analyze({ path, text: before, rules: [counting], incremental: {} });
    seen.length = 0;
    const second = analyze({ path, text: after, rules: [counting], incremental: { previous: first.ruleResults } });
    assert.deepEqual(seen, [['R', 'F']]);
    assert.deepEqual(second.findings, analyze({ path, text: after, rules: [counting] }).findings);
  });

  it('falls back to a full analysis on a parse issue, and for Serverless services', () => {
    const before = template(queue('A', false), queue('B', false));
    step(before, before.replace('SqsManagedSseEnabled: false\n', 'SqsManagedSseEnabled: [false\n'));
    assert.equal(lastPlanStats.mode, 'full');
    const service = 'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n';
    const first = analyze({ path: 'serverless.yml', text: service, rules: allRules, incremental: {} });
    assert.equal(first.ruleResults, undefined);
  });
});

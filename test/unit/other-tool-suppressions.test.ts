/**
 * Other tools' suppressions: honoured when they name an equivalent of the
 * rule, on that resource (or line, for nosemgrep); reported with tool and id;
 * ignored when they name no equivalent; off with the settings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, defineRule, type RuleModule } from '../../server/src/engine';

/** Reports every SNS topic and every Serverless function, so suppressions have something to hide. */
const topicRule: RuleModule = defineRule({
  meta: {
    id: 'test-topic',
    title: 'Topic',
    category: 'storage',
    severity: 'warning',
    confidence: 'high',
    description: 'd',
    remediation: 'r',
    equivalents: ['CKV_AWS_26', 'W47', 'W3005', 'yaml.cloudformation.security.sns-unencrypted'],
    references: [],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: { topic: 'Topic {{id}}', fn: 'Function {{id}}' },
    fix: 'none',
  },
  check(context) {
    for (const resource of context.model.resources) {
      if (resource.type === 'AWS::SNS::Topic') context.report({ messageId: 'topic', data: { id: resource.logicalId }, node: { range: resource.keyRange }, resource: resource.logicalId });
    }
    for (const fn of context.model.functions) context.report({ messageId: 'fn', data: { id: fn.name }, node: { range: fn.nameRange }, resource: fn.resource });
  },
});

const run = (path: string, text: string, settings = {}) => analyze({ path, text, rules: [topicRule], settings, strict: true });
const summary = (result: ReturnType<typeof run>) => ({
  findings: result.findings.map((finding) => finding.resource),
  suppressed: result.suppressed.map((entry) => [entry.finding.resource, entry.tool, entry.toolRuleId, entry.via, entry.reason]),
});

describe("other tools' suppressions", () => {
  it('checkov:skip inside a resource covers that resource only', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Skipped:
    # checkov:skip=CKV_AWS_26:internal events only
    Type: AWS::SNS::Topic
  Other:
    Type: AWS::SNS::Topic
  NotEquivalent:
    Type: AWS::SNS::Topic # checkov:skip=CKV_AWS_999:not ours
`;
    assert.deepEqual(summary(run('t.yaml', text)), {
      findings: ['Other', 'NotEquivalent'],
      suppressed: [['Skipped', 'checkov', 'CKV_AWS_26', 'checkov:skip', 'internal events only']],
    });
  });

  it('checkov:skip in a serverless.yml function and resource', () => {
    const text = `service: s
provider:
  name: aws
functions:
  hello:
    # checkov:skip=CKV_AWS_26
    handler: h.main
  other:
    handler: o.main
resources:
  Resources:
    Topic:
      Type: AWS::SNS::Topic # checkov:skip=W47:wrong tool name, still an equivalent id
`;
    assert.deepEqual(summary(run('serverless.yml', text)), {
      findings: ['functions.other'],
      suppressed: [
        ['Topic', 'checkov', 'W47', 'checkov:skip', 'wrong tool name, still an equivalent id'],
        ['functions.hello', 'checkov', 'CKV_AWS_26', 'checkov:skip', 'no reason given (honoured from checkov)'],
      ],
    });
  });

  it('cfn_nag rules_to_suppress, Checkov and cfn-lint Metadata, in JSON', () => {
    const text = JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Nag: { Type: 'AWS::SNS::Topic', Metadata: { cfn_nag: { rules_to_suppress: [{ id: 'W47', reason: 'no data' }] } } },
        Lint: { Type: 'AWS::SNS::Topic', Metadata: { 'cfn-lint': { config: { ignore_checks: ['W3005'] } } } },
        Chk: { Type: 'AWS::SNS::Topic', Metadata: { checkov: { skip: [{ id: 'CKV_AWS_26', comment: 'dev only' }] } } },
        NagOther: { Type: 'AWS::SNS::Topic', Metadata: { cfn_nag: { rules_to_suppress: [{ id: 'W11', reason: 'unrelated' }] } } },
      },
    }, null, 2);
    assert.deepEqual(summary(run('t.json', text)), {
      findings: ['NagOther'],
      suppressed: [
        ['Nag', 'cfn_nag', 'W47', 'Metadata.cfn_nag.rules_to_suppress', 'no data'],
        ['Lint', 'cfn-lint', 'W3005', 'Metadata.cfn-lint.config.ignore_checks', 'no reason given (honoured from cfn-lint)'],
        ['Chk', 'checkov', 'CKV_AWS_26', 'Metadata.checkov.skip', 'dev only'],
      ],
    });
  });

  it('cfn-lint ignore_checks in the template Metadata covers every resource', () => {
    const text = "Metadata:\n  cfn-lint:\n    config:\n      ignore_checks: [W3005]\nResources:\n  A:\n    Type: AWS::SNS::Topic\n  B:\n    Type: AWS::SNS::Topic\n";
    assert.deepEqual(summary(run('t.yaml', text)).findings, []);
    assert.equal(run('t.yaml', text).suppressed.length, 2);
  });

  it('nosemgrep on the line or the line above, by full id, last segment, or bare', () => {
    const text = `Resources:
  # nosemgrep: yaml.cloudformation.security.sns-unencrypted
  Full:
    Type: AWS::SNS::Topic
  Short: # nosemgrep: sns-unencrypted
    Type: AWS::SNS::Topic
  Bare: # nosemgrep
    Type: AWS::SNS::Topic
  Other: # nosemgrep: some.other-rule
    Type: AWS::SNS::Topic
  # nosemgrep: sns-unencrypted

  TooFar:
    Type: AWS::SNS::Topic
`;
    assert.deepEqual(summary(run('t.yaml', text)), {
      findings: ['Other', 'TooFar'],
      suppressed: [
        ['Full', 'semgrep', 'yaml.cloudformation.security.sns-unencrypted', 'nosemgrep', 'no reason given (honoured from semgrep)'],
        ['Short', 'semgrep', 'sns-unencrypted', 'nosemgrep', 'no reason given (honoured from semgrep)'],
        ['Bare', 'semgrep', '', 'nosemgrep', 'no reason given (honoured from semgrep)'],
      ],
    });
  });

  it('a bare nosemgrep does nothing for a rule without a Semgrep equivalent', () => {
    const rule = defineRule({ ...topicRule, meta: { ...topicRule.meta, equivalents: ['CKV_AWS_26'] } });
    const result = analyze({ path: 't.yaml', text: 'Resources:\n  A: # nosemgrep\n    Type: AWS::SNS::Topic\n', rules: [rule] });
    assert.equal(result.findings.length, 1);
  });

  it('text that only looks like a suppression is not one', () => {
    const text = "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: 'x # checkov:skip=CKV_AWS_26'\n";
    assert.equal(run('t.yaml', text).findings.length, 1);
  });

  it('settings turn them off: honourOtherToolSuppressions, and honourInlineIgnores for all', () => {
    const text = "Resources:\n  A:\n    Type: AWS::SNS::Topic # checkov:skip=CKV_AWS_26:x\n  B: # slsward-ignore test-topic: reviewed\n    Type: AWS::SNS::Topic\n";
    assert.deepEqual(summary(run('t.yaml', text)).findings, []);
    assert.deepEqual(summary(run('t.yaml', text, { honourOtherToolSuppressions: false })).findings, ['A']);
    assert.deepEqual(summary(run('t.yaml', text, { honourInlineIgnores: false })).findings, ['A', 'B']);
  });
});

// Hardening: `Action: '*'` on an ARN pattern expands to every action of AWS, and six IAM rules read
// each statement's grant. An early version of pattern reading took over a minute on this template
// (each action matched against its types per rule); the bound is generous, the point is the order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/engine';
import { allRules } from '../..';

describe('IAM grants on ARN patterns: cost', () => {
  it('analyses 50 Action * statements on ARN patterns and 50 service wildcards on arn:aws:*:*:*:* in seconds, with their findings', () => {
    const statements = Array.from(
      { length: 50 },
      (_, index) => `        - Effect: Allow\n          Action: '*'\n          Resource: 'arn:aws:s3:::bucket${index}*/*'\n        - Effect: Allow\n          Action: ['iam:*', 's3:*', 'ec2:*']\n          Resource: 'arn:aws:*:*:*:*'`,
    ).join('\n');
    const text = `service: x\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n${statements}\nfunctions:\n  f:\n    handler: h.f\n`;
    const started = performance.now();
    const result = analyze({ path: '/app/serverless.yml', text, rules: allRules });
    const elapsed = performance.now() - started;
    assert.deepEqual(result.internalErrors, []);
    // Each service wildcard on every ARN of every service is reported, naming the pattern.
    const onEverything = result.findings.filter((finding) => finding.ruleId === 'iam-wildcard-action' && finding.message.includes("Resource 'arn:aws:*:*:*:*'"));
    assert.equal(onEverything.length, 150);
    assert.ok(elapsed < 15_000, `took ${Math.round(elapsed)} ms`);
  });
});

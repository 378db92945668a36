import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { testRule } from '../support/rule-tester';
import rule from './sqs-queue-encryption-disabled';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: queues with default SSE-SQS, SSE-SQS on, a KMS key, SSE-SQS off with a KMS key, and a parameter without default',
      path: 'template.yaml',
      code: `Parameters:
  Managed:
    Type: String
Resources:
  Default:
    Type: AWS::SQS::Queue
  On:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: true
  Kms:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: alias/aws/sqs
  KmsAndOff:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false
      KmsMasterKeyId: !Ref QueueKey
  Unknown:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: !Ref Managed
`,
    },
    {
      name: 'CloudFormation JSON: a queue with only a visibility timeout',
      path: 'template.json',
      code: `{ "Resources": { "Jobs": { "Type": "AWS::SQS::Queue", "Properties": { "VisibilityTimeout": 60 } } } }
`,
    },
    {
      name: 'CloudFormation: the key and the switch depend on the same condition, consistently',
      path: 'template.yaml',
      code: `Conditions:
  UseKey: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: !If [UseKey, false, true]
      KmsMasterKeyId: !If [UseKey, alias/jobs, !Ref AWS::NoValue]
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: SSE-SQS switched off without a key is switched back on (safe)',
      path: 'template.yaml',
      code: `Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
      SqsManagedSseEnabled: false # legacy consumer
#     ^^^^^^^^^^^^^^^^^^^^ sqs-queue-encryption-disabled:disabled
`,
      errors: [{ messageId: 'disabled', data: { resource: 'Jobs' } }],
      output: `Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
      SqsManagedSseEnabled: true # legacy consumer
`,
    },
    {
      name: 'serverless: a queue in resources.Resources with SSE-SQS off',
      path: 'serverless.yml',
      code: `service: jobs
provider:
  name: aws
functions:
  worker:
    handler: handler.worker
    events:
      - sqs:
          arn: !GetAtt Jobs.Arn
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
      Properties: { SqsManagedSseEnabled: 'false' }
#                   ^^^^^^^^^^^^^^^^^^^^ sqs-queue-encryption-disabled:disabled
`,
      errors: [{ messageId: 'disabled' }],
      output: `service: jobs
provider:
  name: aws
functions:
  worker:
    handler: handler.worker
    events:
      - sqs:
          arn: !GetAtt Jobs.Arn
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
      Properties: { SqsManagedSseEnabled: true }
`,
    },
    {
      name: 'SAM: the switch is off on one branch, with no key on that branch',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsDev: !Equals [!Ref AWS::AccountId, '111111111111']
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: !If [IsDev, false, true]
#     ^^^^^^^^^^^^^^^^^^^^ sqs-queue-encryption-disabled:disabled
`,
      errors: [{ messageId: 'disabled', data: { when: 'when condition IsDev is true' } }],
    },
    {
      name: 'CloudFormation JSON: SSE-SQS off and an empty key',
      path: 'template.json',
      code: `{
  "Resources": {
    "Jobs": {
      "Type": "AWS::SQS::Queue",
      "Properties": {
        "KmsMasterKeyId": "",
        "SqsManagedSseEnabled": false
//      ^^^^^^^^^^^^^^^^^^^^^^ sqs-queue-encryption-disabled:disabled
      }
    }
  }
}
`,
      errors: [{ messageId: 'disabled' }],
    },
  ],
});

describe("sqs-queue-encryption-disabled: KICS's SQS With SSE Disabled", () => {
  const KICS = 'KICS:12726829-93ed-4d51-9cbe-13423f4299e1';
  const kicsOn = (path: string, text: string) => {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]);
  };

  it('is named on SSE-SQS written false (boolean or string) without a KmsMasterKeyId key, not on an empty key, a condition or a serverless.yml', () => {
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Off:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false
  OffText:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: 'false'
  OffEmptyKey:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false
      KmsMasterKeyId: ''
  OffInProd:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: !If [IsProd, false, true]
`;
    assert.deepEqual(kicsOn('template.yaml', template), [
      ['Off', true],
      ['OffText', true],
      ['OffEmptyKey', false],
      ['OffInProd', false],
    ]);
    const service = `service: orders
provider:
  name: aws
resources:
  Resources:
    Off:
      Type: AWS::SQS::Queue
      Properties:
        SqsManagedSseEnabled: false
`;
    assert.deepEqual(kicsOn('serverless.yml', service), [['Off', false]]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { testRule } from '../support/rule-tester';
import rule from './kinesis-stream-unencrypted';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: streams with the AWS managed key, a customer managed key, and a parameter without default',
      path: 'template.yaml',
      code: `Parameters:
  EncryptionType:
    Type: String
Resources:
  Managed:
    Type: AWS::Kinesis::Stream
    Properties:
      StreamEncryption:
        EncryptionType: KMS
        KeyId: alias/aws/kinesis
  Customer:
    Type: AWS::Kinesis::Stream
    Properties:
      StreamEncryption: { EncryptionType: KMS, KeyId: !Ref StreamKey }
  Unknown:
    Type: AWS::Kinesis::Stream
    Properties:
      StreamEncryption: { EncryptionType: !Ref EncryptionType, KeyId: alias/aws/kinesis }
`,
    },
    {
      name: 'serverless: StreamEncryption from SSM is unknown, not a finding',
      path: 'serverless.yml',
      code: `service: events
provider:
  name: aws
resources:
  Resources:
    Events:
      Type: AWS::Kinesis::Stream
      Properties:
        ShardCount: 1
        StreamEncryption: \${ssm:/platform/stream-encryption}
`,
    },
    {
      name: 'CloudFormation JSON: an encrypted stream',
      path: 'template.json',
      code: `{ "Resources": { "Events": { "Type": "AWS::Kinesis::Stream", "Properties": { "StreamEncryption": { "EncryptionType": "KMS", "KeyId": "alias/aws/kinesis" } } } } }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a stream without StreamEncryption gets the AWS managed key (suggestion)',
      path: 'template.yaml',
      code: `Resources:
  Events:
# ^^^^^^ kinesis-stream-unencrypted:notEnabled
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1 # one is enough
`,
      errors: [{ messageId: 'notEnabled', data: { resource: 'Events' } }],
      output: `Resources:
  Events:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1 # one is enough
      StreamEncryption:
        EncryptionType: KMS
        KeyId: alias/aws/kinesis
`,
    },
    {
      name: 'serverless: a stream in resources.Resources, and one whose encryption is conditional',
      path: 'serverless.yml',
      code: `service: events
provider:
  name: aws
functions:
  consume:
    handler: handler.consume
    events:
      - stream:
          type: kinesis
          arn: !GetAtt Events.Arn
resources:
  Conditions:
    IsProd: !Equals ['\${sls:stage}', prod]
  Resources:
    Events:
#   ^^^^^^ kinesis-stream-unencrypted:notEnabled
      Type: AWS::Kinesis::Stream
      Properties: { ShardCount: 1 }
    Audit:
      Type: AWS::Kinesis::Stream
      Properties:
        StreamEncryption: !If [IsProd, { EncryptionType: KMS, KeyId: alias/aws/kinesis }, !Ref AWS::NoValue]
#       ^^^^^^^^^^^^^^^^ kinesis-stream-unencrypted:notEnabled
`,
      errors: [{ messageId: 'notEnabled', data: { resource: 'Events' } }, { messageId: 'notEnabled', data: { resource: 'Audit', when: 'when condition IsProd is false' } }],
      output: `service: events
provider:
  name: aws
functions:
  consume:
    handler: handler.consume
    events:
      - stream:
          type: kinesis
          arn: !GetAtt Events.Arn
resources:
  Conditions:
    IsProd: !Equals ['\${sls:stage}', prod]
  Resources:
    Events:
      Type: AWS::Kinesis::Stream
      Properties: { ShardCount: 1, StreamEncryption: { EncryptionType: KMS, KeyId: alias/aws/kinesis } }
    Audit:
      Type: AWS::Kinesis::Stream
      Properties:
        StreamEncryption: !If [IsProd, { EncryptionType: KMS, KeyId: alias/aws/kinesis }, !Ref AWS::NoValue]
`,
    },
    {
      name: 'CloudFormation YAML: EncryptionType NONE',
      path: 'template.yaml',
      code: `Resources:
  Events:
    Type: AWS::Kinesis::Stream
    Properties:
      StreamEncryption:
#     ^^^^^^^^^^^^^^^^ kinesis-stream-unencrypted:disabled
        EncryptionType: NONE
`,
      errors: [{ messageId: 'disabled', data: { value: 'NONE' } }],
    },
    {
      name: 'CloudFormation JSON: a stream without Properties',
      path: 'template.json',
      code: `{
  "Resources": {
    "Events": {
//  ^^^^^^^^ kinesis-stream-unencrypted:notEnabled
      "Type": "AWS::Kinesis::Stream"
    }
  }
}
`,
      errors: [{ messageId: 'notEnabled' }],
      output: `{
  "Resources": {
    "Events": {
      "Type": "AWS::Kinesis::Stream",
      "Properties": {
        "StreamEncryption": {
          "EncryptionType": "KMS",
          "KeyId": "alias/aws/kinesis"
        }
      }
    }
  }
}
`,
    },
  ],
});

describe("kinesis-stream-unencrypted: KICS's Kinesis SSE Not Configured", () => {
  const KICS = 'KICS:7f65be75-90ab-4036-8c2a-410aef7bb650';
  const kicsOn = (path: string, text: string) => {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]);
  };

  it('is named unless StreamEncryption writes both EncryptionType and KeyId (NONE with a KeyId passes KICS), and not in a serverless.yml', () => {
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Bare:
    Type: AWS::Kinesis::Stream
  NoEncryption:
    Type: AWS::Kinesis::Stream
    Properties:
      ShardCount: 1
  NoneWithoutKey:
    Type: AWS::Kinesis::Stream
    Properties:
      StreamEncryption:
        EncryptionType: NONE
  NoneWithKey:
    Type: AWS::Kinesis::Stream
    Properties:
      StreamEncryption:
        EncryptionType: NONE
        KeyId: alias/aws/kinesis
  Conditional:
    Type: AWS::Kinesis::Stream
    Properties:
      StreamEncryption: !If [IsProd, { EncryptionType: KMS, KeyId: alias/aws/kinesis }, !Ref AWS::NoValue]
  Encrypted:
    Type: AWS::Kinesis::Stream
    Properties:
      StreamEncryption:
        EncryptionType: KMS
        KeyId: alias/aws/kinesis
`;
    assert.deepEqual(kicsOn('template.yaml', template), [
      ['Bare', true],
      ['NoEncryption', true],
      ['NoneWithoutKey', true],
      ['NoneWithKey', false],
      ['Conditional', true],
    ]);
    const service = `service: orders
provider:
  name: aws
resources:
  Resources:
    Events:
      Type: AWS::Kinesis::Stream
      Properties:
        ShardCount: 1
`;
    assert.deepEqual(kicsOn('serverless.yml', service), [['Events', false]]);
  });
});

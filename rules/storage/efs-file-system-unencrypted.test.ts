import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { testRule } from '../support/rule-tester';
import rule from './efs-file-system-unencrypted';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: encrypted file systems, one with a customer managed key, one from a parameter without default',
      path: 'template.yaml',
      code: `Parameters:
  Encrypt:
    Type: String
Resources:
  Files:
    Type: AWS::EFS::FileSystem
    Properties:
      Encrypted: true
  KeyFiles:
    Type: AWS::EFS::FileSystem
    Properties:
      Encrypted: true
      KmsKeyId: !GetAtt FilesKey.Arn
  Unknown:
    Type: AWS::EFS::FileSystem
    Properties:
      Encrypted: !Ref Encrypt
`,
    },
    {
      name: 'CloudFormation JSON: an encrypted file system',
      path: 'template.json',
      code: `{ "Resources": { "Files": { "Type": "AWS::EFS::FileSystem", "Properties": { "Encrypted": true } } } }
`,
    },
  ],
  invalid: [
    {
      name: 'SAM: a file system mounted by a function, without Encrypted, gets it (suggestion)',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Files:
# ^^^^^ efs-file-system-unencrypted:notEnabled
    Type: AWS::EFS::FileSystem
    Properties:
      PerformanceMode: generalPurpose
  AccessPoint:
    Type: AWS::EFS::AccessPoint
    Properties:
      FileSystemId: !Ref Files
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      FileSystemConfigs:
        - Arn: !GetAtt AccessPoint.Arn
          LocalMountPath: /mnt/data
`,
      errors: [{ messageId: 'notEnabled', data: { resource: 'Files' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Files:
    Type: AWS::EFS::FileSystem
    Properties:
      PerformanceMode: generalPurpose
      Encrypted: true
  AccessPoint:
    Type: AWS::EFS::AccessPoint
    Properties:
      FileSystemId: !Ref Files
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      FileSystemConfigs:
        - Arn: !GetAtt AccessPoint.Arn
          LocalMountPath: /mnt/data
`,
    },
    {
      name: 'CloudFormation YAML: Encrypted false on one branch of a condition',
      path: 'template.yaml',
      code: `Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
Resources:
  Files:
    Type: AWS::EFS::FileSystem
    Properties:
      Encrypted: !If [IsProd, true, false]
#     ^^^^^^^^^ efs-file-system-unencrypted:disabled
`,
      errors: [{ messageId: 'disabled', data: { when: 'when condition IsProd is false' } }],
    },
    {
      name: 'serverless: a file system without Properties in resources.Resources',
      path: 'serverless.yml',
      code: `service: files
provider:
  name: aws
resources:
  Resources:
    Files:
#   ^^^^^ efs-file-system-unencrypted:notEnabled
      Type: AWS::EFS::FileSystem
`,
      errors: [{ messageId: 'notEnabled' }],
      output: `service: files
provider:
  name: aws
resources:
  Resources:
    Files:
      Type: AWS::EFS::FileSystem
      Properties:
        Encrypted: true
`,
    },
    {
      name: 'CloudFormation JSON: Encrypted false',
      path: 'template.json',
      code: `{
  "Resources": {
    "Files": {
      "Type": "AWS::EFS::FileSystem",
      "Properties": {
        "Encrypted": false
//      ^^^^^^^^^^^ efs-file-system-unencrypted:disabled
      }
    }
  }
}
`,
      errors: [{ messageId: 'disabled' }],
      output: `{
  "Resources": {
    "Files": {
      "Type": "AWS::EFS::FileSystem",
      "Properties": {
        "Encrypted": true
      }
    }
  }
}
`,
    },
  ],
});

describe("efs-file-system-unencrypted: KICS's EFS Not Encrypted", () => {
  const KICS = 'KICS:2ff8e83c-90e1-4d68-a300-6d652112e622';
  const kicsOn = (path: string, text: string) => {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]);
  };

  it('is named on Encrypted written false (or the text false), not on an absent setting, a condition or a serverless.yml', () => {
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Absent:
    Type: AWS::EFS::FileSystem
    Properties:
      PerformanceMode: generalPurpose
  Off:
    Type: AWS::EFS::FileSystem
    Properties:
      Encrypted: false
  OffText:
    Type: AWS::EFS::FileSystem
    Properties:
      Encrypted: 'FALSE'
  OffInTest:
    Type: AWS::EFS::FileSystem
    Properties:
      Encrypted: !If [IsProd, true, false]
`;
    assert.deepEqual(kicsOn('template.yaml', template), [
      ['Absent', false],
      ['Off', true],
      ['OffText', true],
      ['OffInTest', false],
    ]);
    const service = `service: files
provider:
  name: aws
resources:
  Resources:
    Off:
      Type: AWS::EFS::FileSystem
      Properties:
        Encrypted: false
`;
    assert.deepEqual(kicsOn('serverless.yml', service), [['Off', false]]);
  });
});

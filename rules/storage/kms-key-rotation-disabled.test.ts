import { testRule } from '../support/rule-tester';
import rule from './kms-key-rotation-disabled';

const POLICY = `      KeyPolicy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root' }
            Action: 'kms:*'
            Resource: '*'`;

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: a rotating key; asymmetric, HMAC, imported and unknown-spec keys, which cannot or may not rotate',
      path: 'template.yaml',
      code: `Parameters:
  Spec:
    Type: String
Resources:
  Rotating:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
${POLICY}
  Signing:
    Type: AWS::KMS::Key
    Properties:
      KeySpec: ECC_NIST_P256
      KeyUsage: SIGN_VERIFY
${POLICY}
  Rsa:
    Type: AWS::KMS::Key
    Properties:
      KeySpec: RSA_4096
${POLICY}
  Hmac:
    Type: AWS::KMS::Key
    Properties:
      KeySpec: HMAC_256
      KeyUsage: GENERATE_VERIFY_MAC
${POLICY}
  Imported:
    Type: AWS::KMS::Key
    Properties:
      Origin: EXTERNAL
${POLICY}
  FromParameter:
    Type: AWS::KMS::Key
    Properties:
      KeySpec: !Ref Spec
${POLICY}
`,
    },
    {
      name: 'CloudFormation JSON: a rotating key',
      path: 'template.json',
      code: `{ "Resources": { "Key": { "Type": "AWS::KMS::Key", "Properties": { "EnableKeyRotation": true, "KeySpec": "SYMMETRIC_DEFAULT" } } } }
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a symmetric key without EnableKeyRotation gets it (safe)',
      path: 'template.yaml',
      code: `Resources:
  DataKey:
# ^^^^^^^ kms-key-rotation-disabled:notEnabled
    Type: AWS::KMS::Key
    Properties:
      Description: orders data
${POLICY}
`,
      errors: [{ messageId: 'notEnabled', data: { resource: 'DataKey' } }],
      output: `Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      Description: orders data
${POLICY}
      EnableKeyRotation: true
`,
    },
    {
      name: 'serverless: EnableKeyRotation false in resources.Resources',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
resources:
  Resources:
    DataKey:
      Type: AWS::KMS::Key
      Properties:
        KeySpec: SYMMETRIC_DEFAULT
        EnableKeyRotation: false
#       ^^^^^^^^^^^^^^^^^ kms-key-rotation-disabled:disabled
`,
      errors: [{ messageId: 'disabled' }],
      output: `service: orders
provider:
  name: aws
resources:
  Resources:
    DataKey:
      Type: AWS::KMS::Key
      Properties:
        KeySpec: SYMMETRIC_DEFAULT
        EnableKeyRotation: true
`,
    },
    {
      name: 'SAM: rotation only on one branch',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
Resources:
  DataKey:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: !If [IsProd, true, false]
#     ^^^^^^^^^^^^^^^^^ kms-key-rotation-disabled:disabled
`,
      errors: [{ messageId: 'disabled', data: { when: 'when condition IsProd is false' } }],
    },
    {
      name: 'CloudFormation JSON: a key without Properties',
      path: 'template.json',
      code: `{
  "Resources": {
    "DataKey": {
//  ^^^^^^^^^ kms-key-rotation-disabled:notEnabled
      "Type": "AWS::KMS::Key"
    }
  }
}
`,
      errors: [{ messageId: 'notEnabled' }],
      output: `{
  "Resources": {
    "DataKey": {
      "Type": "AWS::KMS::Key",
      "Properties": {
        "EnableKeyRotation": true
      }
    }
  }
}
`,
    },
  ],
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { testRule } from '../support/rule-tester';
import rule from './s3-bucket-public-access';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: ACLs enabled but public ACLs blocked or ignored, ACLs disabled explicitly, and private ACLs',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Ignored:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicReadWrite
      OwnershipControls: { Rules: [{ ObjectOwnership: ObjectWriter }] }
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
        IgnorePublicAcls: true
  Blocked:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
      OwnershipControls: { Rules: [{ ObjectOwnership: BucketOwnerPreferred }] }
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
  Enforced:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
      OwnershipControls: { Rules: [{ ObjectOwnership: BucketOwnerEnforced }] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false }
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: LogDeliveryWrite
      OwnershipControls: { Rules: [{ ObjectOwnership: ObjectWriter }] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false }
  Private:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: Private
`,
    },
    {
      name: 'CloudFormation: unknown values stay silent (an ACL, an ownership and a flag from parameters)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Acl:
    Type: String
  Ownership:
    Type: String
  IgnoreAcls:
    Type: String
Resources:
  FromParameter:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: !Ref Acl
      OwnershipControls: { Rules: [{ ObjectOwnership: ObjectWriter }] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false }
  OwnershipFromParameter:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
      OwnershipControls: { Rules: [{ ObjectOwnership: !Ref Ownership }] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false }
  FlagFromParameter:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
      OwnershipControls: { Rules: [{ ObjectOwnership: ObjectWriter }] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: !Ref IgnoreAcls }
`,
    },
    {
      name: 'CloudFormation: a public bucket policy is left to the iam rules',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      WebsiteConfiguration: { IndexDocument: index.html }
      PublicAccessBlockConfiguration: { BlockPublicPolicy: false, RestrictPublicBuckets: false }
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: !Sub '\${Site.Arn}/*'
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: public ACLs left to the defaults (no OwnershipControls, or no PublicAccessBlockConfiguration): refused on a new bucket, public on an old one',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
#     ^^^^^^^^^^^^^^^^^^^^^^^^^ s3-bucket-public-access:publicAclOnDefaults
      WebsiteConfiguration: { IndexDocument: index.html }
  Drop:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicReadWrite
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3-bucket-public-access:publicAclOnDefaults
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
        IgnorePublicAcls: false
  Shared:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: AuthenticatedRead
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3-bucket-public-access:publicAclOnDefaults
      OwnershipControls:
        Rules:
          - ObjectOwnership: ObjectWriter
`,
      errors: [
        { messageId: 'publicAclOnDefaults', data: { bucket: 'Site', acl: 'PublicRead' } },
        { messageId: 'publicAclOnDefaults', data: { bucket: 'Drop', acl: 'PublicReadWrite' } },
        { messageId: 'publicAclOnDefaults', data: { bucket: 'Shared', acl: 'AuthenticatedRead' } },
      ],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: Private
      WebsiteConfiguration: { IndexDocument: index.html }
  Drop:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicReadWrite
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
        IgnorePublicAcls: false
  Shared:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: AuthenticatedRead
      OwnershipControls:
        Rules:
          - ObjectOwnership: ObjectWriter
`,
    },
    {
      name: 'CloudFormation YAML: PublicReadWrite with ACLs enabled and public ACLs allowed',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicReadWrite # legacy uploader
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3-bucket-public-access:publicReadWrite
      OwnershipControls:
        Rules:
          - ObjectOwnership: ObjectWriter
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
        BlockPublicPolicy: true
        IgnorePublicAcls: false
        RestrictPublicBuckets: true
`,
      errors: [{ messageId: 'publicReadWrite', data: { bucket: 'Uploads', ownership: 'ObjectWriter', when: '' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: Private # legacy uploader
      OwnershipControls:
        Rules:
          - ObjectOwnership: ObjectWriter
      PublicAccessBlockConfiguration:
        BlockPublicAcls: false
        BlockPublicPolicy: true
        IgnorePublicAcls: false
        RestrictPublicBuckets: true
`,
    },
    {
      name: 'CloudFormation YAML: PublicRead on a website bucket; flags absent from the block configuration are false',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: 'PublicRead'
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3-bucket-public-access:publicReadWebsite
      WebsiteConfiguration:
        IndexDocument: index.html
      OwnershipControls:
        Rules:
          - ObjectOwnership: BucketOwnerPreferred
      PublicAccessBlockConfiguration:
        BlockPublicPolicy: false
`,
      errors: [{ messageId: 'publicReadWebsite', data: { bucket: 'Site', ownership: 'BucketOwnerPreferred' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: Private
      WebsiteConfiguration:
        IndexDocument: index.html
      OwnershipControls:
        Rules:
          - ObjectOwnership: BucketOwnerPreferred
      PublicAccessBlockConfiguration:
        BlockPublicPolicy: false
`,
    },
    {
      name: 'CloudFormation JSON: PublicRead without a website',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Reports": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "AccessControl": "PublicRead",
//      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3-bucket-public-access:publicRead
        "OwnershipControls": { "Rules": [{ "ObjectOwnership": "ObjectWriter" }] },
        "PublicAccessBlockConfiguration": { "BlockPublicAcls": false, "IgnorePublicAcls": false }
      }
    }
  }
}
`,
      errors: [{ messageId: 'publicRead', data: { bucket: 'Reports' } }],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Reports": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "AccessControl": "Private",
        "OwnershipControls": { "Rules": [{ "ObjectOwnership": "ObjectWriter" }] },
        "PublicAccessBlockConfiguration": { "BlockPublicAcls": false, "IgnorePublicAcls": false }
      }
    }
  }
}
`,
    },
    {
      name: 'serverless: AuthenticatedRead on a bucket in resources.Resources',
      path: 'serverless.yml',
      code: `service: reports
provider:
  name: aws
functions:
  build:
    handler: h.build
resources:
  Resources:
    Exports:
      Type: AWS::S3::Bucket
      Properties:
        AccessControl: AuthenticatedRead
#       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3-bucket-public-access:authenticatedRead
        OwnershipControls:
          Rules:
            - ObjectOwnership: ObjectWriter
        PublicAccessBlockConfiguration:
          BlockPublicAcls: false
          IgnorePublicAcls: false
`,
      errors: [{ messageId: 'authenticatedRead', data: { bucket: 'Exports' } }],
      output: `service: reports
provider:
  name: aws
functions:
  build:
    handler: h.build
resources:
  Resources:
    Exports:
      Type: AWS::S3::Bucket
      Properties:
        AccessControl: Private
        OwnershipControls:
          Rules:
            - ObjectOwnership: ObjectWriter
        PublicAccessBlockConfiguration:
          BlockPublicAcls: false
          IgnorePublicAcls: false
`,
    },
    {
      name: 'SAM: PublicReadWrite with string flags',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Inbox:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicReadWrite
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3-bucket-public-access:publicReadWrite
      OwnershipControls: { Rules: [{ ObjectOwnership: ObjectWriter }] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: 'false', IgnorePublicAcls: 'false' }
  Processor:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref Inbox
            Events: s3:ObjectCreated:*
`,
      errors: [{ messageId: 'publicReadWrite', data: { bucket: 'Inbox' } }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Inbox:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: Private
      OwnershipControls: { Rules: [{ ObjectOwnership: ObjectWriter }] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: 'false', IgnorePublicAcls: 'false' }
  Processor:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref Inbox
            Events: s3:ObjectCreated:*
`,
    },
    {
      name: 'CloudFormation: a public ACL on one branch of a condition names the condition, without a fix',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage:
    Type: String
Conditions:
  IsDemo: !Equals [!Ref Stage, demo]
Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: !If [IsDemo, PublicRead, Private]
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ s3-bucket-public-access:publicRead
      OwnershipControls: { Rules: [{ ObjectOwnership: ObjectWriter }] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false }
`,
      errors: [{ messageId: 'publicRead', data: { bucket: 'Assets', when: 'when condition IsDemo is true' } }],
    },
  ],
});

describe('s3-bucket-public-access: each finding names the checks its ACL fails', () => {
  it('names CKV_AWS_57 and F14 on PublicReadWrite only, W31 on PublicRead only, and no Checkov or cfn_nag check on AuthenticatedRead', () => {
    const bucket = (name: string, acl: string) => `  ${name}:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: ${acl}
      OwnershipControls: { Rules: [{ ObjectOwnership: ObjectWriter }] }
      PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false }
`;
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${bucket('Uploads', 'PublicReadWrite')}${bucket('Assets', 'PublicRead')}${bucket('Partners', 'AuthenticatedRead')}  Defaults:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: PublicRead\n`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.messageId, [...finding.equivalents].sort()]),
      [
        ['Uploads', 'publicReadWrite', ['CKV_AWS_20', 'CKV_AWS_57', 'F14', 'S6265']],
        ['Assets', 'publicRead', ['CKV_AWS_20', 'KICS:219f4c95-aa50-44e0-97de-cf71f4641170', 'S6265', 'W31']],
        ['Partners', 'authenticatedRead', ['S6265']],
        ['Defaults', 'publicAclOnDefaults', ['CKV_AWS_20', 'KICS:219f4c95-aa50-44e0-97de-cf71f4641170', 'S6265', 'W31']],
      ],
    );
  });
});

describe('s3-bucket-public-access: other tools suppressions follow the finding equivalents', () => {
  it('honours checkov:skip=CKV_AWS_57 on a PublicReadWrite bucket, not on a PublicRead one, which Checkov passes for that check', () => {
    const bucket = (name: string, acl: string) => `  ${name}:
    Type: AWS::S3::Bucket # checkov:skip=CKV_AWS_57:reviewed
    Properties:
      AccessControl: ${acl}
`;
    const text = `Resources:\n${bucket('Uploads', 'PublicReadWrite')}${bucket('Assets', 'PublicRead')}`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(result.suppressed.map((entry) => [entry.finding.resource, entry.toolRuleId]), [['Uploads', 'CKV_AWS_57']]);
    assert.deepEqual(result.findings.map((finding) => finding.resource), ['Assets']);
  });
});

describe("s3-bucket-public-access: KICS's S3 Bucket ACL Allows Read to All Users", () => {
  it('is named on AccessControl written PublicRead only: not PublicReadWrite, a condition or a serverless.yml', () => {
    const KICS = 'KICS:219f4c95-aa50-44e0-97de-cf71f4641170';
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  Read:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
  ReadWrite:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicReadWrite
  ReadInTest:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: !If [IsProd, Private, PublicRead]
`;
    const result = analyze({ path: 'template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]),
      [
        ['Read', true],
        ['ReadWrite', false],
        ['ReadInTest', false],
      ],
    );
    const service = `service: site
provider:
  name: aws
resources:
  Resources:
    Read:
      Type: AWS::S3::Bucket
      Properties:
        AccessControl: PublicRead
`;
    const served = analyze({ path: 'serverless.yml', text: service, rules: [rule], strict: true });
    assert.deepEqual(served.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]), [['Read', false]]);
  });
});

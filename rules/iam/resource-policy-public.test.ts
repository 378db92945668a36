import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './resource-policy-public';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: TLS-only Deny for *, a public-read website bucket (another rule), and a queue policy restricted by aws:SourceArn',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  SiteBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref SiteBucket
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource: [!Sub '\${SiteBucket.Arn}/*']
            Condition: { Bool: { aws:SecureTransport: 'false' } }
          - Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: !Sub '\${SiteBucket.Arn}/*'
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: '*' }
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnEquals: { aws:SourceArn: !Ref Topic }
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: '*' }
            Action: [SNS:Publish, SNS:Subscribe]
            Resource: !Ref Topic
            Condition:
              StringEquals: { AWS:SourceOwner: !Ref AWS::AccountId }
          - Effect: Allow
            Principal: { Service: events.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Topic
`,
    },
    {
      name: 'CloudFormation: a KMS key policy for the account root (CKV_AWS_33 PASSED fixtures), a Deny for *, and * with kms:CallerAccount',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: 2010-09-09
Resources:
  Root:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal:
              AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root'
            Action: 'kms:*'
            Resource: '*'
          - Effect: Deny
            Principal: { AWS: '*' }
            Action: kms:*
            Resource: '*'
          - Effect: Allow
            Principal: { AWS: '*' }
            Action: [kms:Encrypt, kms:Decrypt, kms:GenerateDataKey*]
            Resource: '*'
            Condition:
              StringEquals:
                kms:CallerAccount: !Ref AWS::AccountId
                kms:ViaService: !Sub 'sqs.\${AWS::Region}.amazonaws.com'
`,
    },
    {
      name: 'OpenSearch: domains narrowed by an IP condition, in a VPC, with fine-grained access control, or naming an account',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  IpLimited:
    Type: AWS::OpenSearchService::Domain
    Properties:
      AccessPolicies:
        Statement:
          - Effect: Allow
            Principal: { AWS: '*' }
            Action: es:ESHttp*
            Resource: '*'
            Condition:
              IpAddress:
                aws:SourceIp: [203.0.113.0/24]
  InVpc:
    Type: AWS::OpenSearchService::Domain
    Properties:
      VPCOptions:
        SubnetIds: [subnet-0abc]
      AccessPolicies:
        Statement:
          - Effect: Allow
            Principal: { AWS: '*' }
            Action: es:*
            Resource: '*'
  FineGrained:
    Type: AWS::OpenSearchService::Domain
    Properties:
      AdvancedSecurityOptions:
        Enabled: true
        InternalUserDatabaseEnabled: true
      AccessPolicies:
        Statement:
          - Effect: Allow
            Principal: { AWS: '*' }
            Action: es:ESHttp*
            Resource: '*'
  AccountOnly:
    Type: AWS::Elasticsearch::Domain
    Properties:
      AccessPolicies:
        Statement:
          - Effect: Allow
            Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }
            Action: es:*
            Resource: '*'
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: an Elasticsearch domain that allows everyone but one role (NotPrincipal)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Search:
    Type: AWS::Elasticsearch::Domain
    Properties:
      AccessPolicies:
        Statement:
          - Effect: Allow
            NotPrincipal: { AWS: arn:aws:iam::123456789012:role/ops }
#                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ resource-policy-public:notPrincipalDomain
            Action: es:*
            Resource: '*'
`,
      errors: [{ messageId: 'notPrincipalDomain', data: { what: 'Elasticsearch domain Search' } }],
    },
    {
      name: 'CloudFormation YAML: an OpenSearch domain open to AWS * (and an open IP range does not narrow it)',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      AccessPolicies:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              AWS: '*'
#                  ^^^ resource-policy-public:publicDomain
            Action: es:*
            Resource: !Sub 'arn:aws:es:\${AWS::Region}:\${AWS::AccountId}:domain/search/*'
            Condition:
              IpAddress:
                aws:SourceIp: 0.0.0.0/0
`,
      errors: [{ messageId: 'publicDomain', data: { what: 'OpenSearch domain Search', actions: 'call es:*' } }],
    },
    {
      name: 'serverless.yml resources: an Elasticsearch domain with Principal *',
      path: 'serverless.yml',
      code: `service: search
provider:
  name: aws
resources:
  Resources:
    Logs:
      Type: AWS::Elasticsearch::Domain
      Properties:
        ElasticsearchVersion: '7.10'
        AccessPolicies:
          Statement:
            - Effect: Allow
              Principal: '*'
#                        ^^^ resource-policy-public:publicDomain
              Action: [es:ESHttpGet, es:ESHttpPost]
              Resource: '*'
`,
      errors: [{ messageId: 'publicDomain', data: { what: 'Elasticsearch domain Logs' } }],
    },
    {
      name: 'SAM JSON: an OpenSearch domain policy in JSON, on one branch of a condition',
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Conditions": { "Open": { "Fn::Equals": [{ "Ref": "Stage" }, "dev"] } },
  "Resources": {
    "Search": {
      "Type": "AWS::OpenSearchService::Domain",
      "Properties": {
        "AccessPolicies": {
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": { "AWS": { "Fn::If": ["Open", "*", { "Fn::Sub": "arn:aws:iam::\${AWS::AccountId}:root" }] } },
//                                                       ^^^ resource-policy-public:publicDomain
              "Action": "es:*",
              "Resource": "*"
            }
          ]
        }
      }
    }
  }
}`,
      errors: [{ messageId: 'publicDomain', data: { when: ' when condition Open is true' } }],
    },
    {
      name: 'CloudFormation: KMS key policies with AWS * and * (CKV_AWS_33 FAILED fixtures); kms:ViaService alone does not restrict the account',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: 2010-09-09
Resources:
  AwsWildcardList:
    Type: 'AWS::KMS::Key'
    Properties:
      KeyPolicy:
        Statement:
          - Sid: Enable IAM User Permissions
            Effect: Allow
            Principal:
              AWS:
                - '*'
#                 ^^^ resource-policy-public:publicPrincipal
                - 'arn:aws:iam::123456789012:root'
            Action: 'kms:*'
            Resource: '*'
  Wildcard:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: '*'
#                      ^^^ resource-policy-public:publicPrincipal
            Action: [kms:Decrypt]
            Resource: '*'
            Condition:
              StringEquals: { kms:ViaService: s3.eu-west-1.amazonaws.com }
`,
      errors: [
        { messageId: 'publicPrincipal', data: { policy: 'AwsWildcardList', actions: 'call kms:*', what: 'KMS key AwsWildcardList' } },
        { messageId: 'publicPrincipal', data: { policy: 'Wildcard', actions: 'call kms:Decrypt' } },
      ],
    },
    {
      name: 'serverless: a bucket policy in resources that lets anyone write, and a queue open to every account',
      path: 'serverless.yml',
      code: `service: uploads
provider:
  name: aws
functions:
  ingest:
    handler: h.ingest
resources:
  Resources:
    UploadsPolicy:
      Type: AWS::S3::BucketPolicy
      Properties:
        Bucket: { Ref: Uploads }
        PolicyDocument:
          Statement:
            - Effect: Allow
              Principal: '*'
#                        ^^^ resource-policy-public:publicPrincipal
              Action: [s3:GetObject, s3:PutObject]
              Resource: { 'Fn::Sub': '\${Uploads.Arn}/*' }
    JobsPolicy:
      Type: AWS::SQS::QueuePolicy
      Properties:
        Queues: [{ Ref: Jobs }]
        PolicyDocument:
          Statement:
            - Effect: Allow
              Principal: { AWS: '*' }
#                               ^^^ resource-policy-public:publicPrincipal
              Action: sqs:*
              Resource: { 'Fn::GetAtt': [Jobs, Arn] }
              Condition:
                IpAddress: { aws:SourceIp: 0.0.0.0/0 }
`,
      errors: [
        { messageId: 'publicPrincipal', data: { policy: 'UploadsPolicy', actions: 'call s3:GetObject, s3:PutObject', what: 'bucket Uploads' } },
        { messageId: 'publicPrincipal', data: { policy: 'JobsPolicy', what: 'queue Jobs' } },
      ],
    },
    {
      name: 'SAM: a topic policy open to everyone, a secret with NotPrincipal, under an Fn::If',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  Shared: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  AlertsPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Alerts]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !If [Shared, '*', !Ref AWS::AccountId] }
#                                          ^^^ resource-policy-public:publicPrincipal
            Action: sns:Subscribe
            Resource: !Ref Alerts
  SecretPolicy:
    Type: AWS::SecretsManager::ResourcePolicy
    Properties:
      SecretId: !Ref DbSecret
      ResourcePolicy:
        Statement:
          - Effect: Allow
            NotPrincipal: { AWS: arn:aws:iam::123456789012:role/ops }
#                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ resource-policy-public:notPrincipal
            Action: secretsmanager:GetSecretValue
            Resource: '*'
`,
      errors: [
        { messageId: 'publicPrincipal', data: { what: 'topic Alerts', when: ' when condition Shared is true' } },
        { messageId: 'notPrincipal', data: { what: 'secret DbSecret' } },
      ],
    },
    {
      name: 'CloudFormation JSON: a bucket policy with NotAction for *',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "DataPolicy": {
      "Type": "AWS::S3::BucketPolicy",
      "Properties": {
        "Bucket": "data-bucket-123",
        "PolicyDocument": {
          "Statement": [{ "Effect": "Allow", "Principal": "*", "NotAction": "s3:DeleteBucket", "Resource": "arn:aws:s3:::data-bucket-123/*" }]
//                                                        ^^^ resource-policy-public:publicPrincipal
        }
      }
    }
  }
}
`,
      errors: [{ messageId: 'publicPrincipal', data: { actions: 'call every action except s3:DeleteBucket', what: 'bucket data-bucket-123' } }],
    },
  ],
});

describe('resource-policy-public: equivalents per finding', () => {
  it("names the checks of each kind of policy, none on NotPrincipal, and KICS's check on Elasticsearch domains only", () => {
    const text = `Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }] }
  Topic:
    Type: AWS::SNS::Topic
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: '*', Action: 'sns:Publish', Resource: !Ref Topic }] }
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument: { Statement: [{ Effect: Allow, NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sqs:SendMessage', Resource: !GetAtt Queue.Arn }] }
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      AccessPolicies: { Statement: [{ Effect: Allow, Principal: { AWS: '*' }, Action: 'es:*', Resource: '*' }] }
  LegacySearch:
    Type: AWS::Elasticsearch::Domain
    Properties:
      AccessPolicies: { Statement: [{ Effect: Allow, Principal: { AWS: '*' }, Action: 'es:*', Resource: '*' }] }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.messageId, [...finding.equivalents].sort()]),
      [
        ['Key', 'publicPrincipal', ['CKV_AWS_33']],
        ['TopicPolicy', 'publicPrincipal', ['F18', 'KICS:ae53ce91-42b5-46bf-a84f-9a13366a4f13']],
        ['QueuePolicy', 'notPrincipal', []],
        ['Search', 'publicDomain', ['AwsSolutions-OS5']],
        ['LegacySearch', 'publicDomain', ['AwsSolutions-OS5', 'KICS:5c666ed9-b586-49ab-9873-c495a833b705']],
      ],
    );
  });
});

describe('resource-policy-public: naming what the policy protects', () => {
  it('names a bucket whose name is joined with the account id as far as it resolves, and a referenced one by its logical id', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Uploads:
    Type: AWS::S3::Bucket
  JoinedPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Join ['', ['shared-drop-', !Ref AWS::AccountId]]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: s3:PutObject
            Resource: !Join ['', ['arn:aws:s3:::shared-drop-', !Ref AWS::AccountId, '/*']]
  UploadsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Uploads
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: s3:PutObject
            Resource: !Sub '\${Uploads.Arn}/*'
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    const messages = result.findings.map((finding) => finding.message);
    assert.equal(messages.length, 2);
    assert.ok(messages[0].includes('on bucket shared-drop-${AWS::AccountId}'), messages[0]);
    assert.ok(messages[1].includes('on bucket Uploads'), messages[1]);
  });
});

describe("resource-policy-public: KICS's resource-policy queries, from their own fixtures", () => {
  const SNS = 'KICS:ae53ce91-42b5-46bf-a84f-9a13366a4f13';
  const KMS = 'KICS:f6049677-ec4a-43af-8779-5190b6d03cba';
  const S3 = 'KICS:4ae8af91-5108-42cb-9471-3bdbe596eac9';
  const SQS = 'KICS:9b6a3f5b-5fd6-40ee-9bc0-ed604911212d';
  const ES = 'KICS:5c666ed9-b586-49ab-9873-c495a833b705';
  const KICS = [SNS, KMS, S3, SQS, ES];
  const named = (path: string, text: string) => {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.map((finding) => [finding.resource, finding.equivalents.filter((id) => KICS.includes(id))]);
  };

  it('names each query on its positive fixture, and reports none of its negatives', () => {
    // sns_topic_is_publicly_accessible test/positive1.yaml and negative2.yaml (aws:SourceAccount); kms_allows_wildcard_principal
    // test/positive1.yaml and negative1.yaml (an account root); s3_bucket_with_all_permissions test/positive2.json (aws:Referer
    // narrows no caller); sqs_policy_with_public_access test/negative5.json (an account), adapted to one template each.
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  snsPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [arn:aws:sns:us-east-1:123456789012:MyTopic]
      PolicyDocument:
        Statement: [{ "Sid": "MyTopicPolicy", "Effect": "Allow", "Principal": "*", "Action": ["sns:Publish"], "Resource": "arn:aws:sns:MyTopic" }]
  snsPolicyNegative2:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [arn:aws:sns:us-east-1:123456789012:MyTopic]
      PolicyDocument:
        Statement: [{ "Sid": "MyTopicPolicy", "Effect": "Allow", "Principal": "*", "Action": ["sns:Publish"], "Resource": "arn:aws:sns:MyTopic", "Condition": { "StringEquals": { "aws:SourceAccount": "123456789012" } } }]
  myKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: '2012-10-17'
        Statement:
        - Sid: Enable IAM User Permissions
          Effect: Allow
          Principal: "*"
          Action: kms:*
          Resource: '*'
        - Sid: Allow use of the key
          Effect: Allow
          Principal:
            AWS: arn:aws:iam::123456789012:user/Bob
          Action: [kms:DescribeKey, kms:Encrypt, kms:Decrypt]
          Resource: '*'
  myKeyNegative1:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
        - Sid: Enable IAM User Permissions
          Effect: Allow
          Principal:
            AWS: arn:aws:iam::111122223333:root
          Action: kms:*
          Resource: '*'
  SampleBucketPolicy4:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: { "Ref": "DOC-EXAMPLE-BUCKET" }
      PolicyDocument:
        Statement: [{ "Action": "*", "Effect": "Allow", "Resource": "*", "Principal": "*", "Condition": { "StringLike": { "aws:Referer": ["http://www.example.com/*", "http://example.net/*"] } } }]
  SampleSQSPolicy2:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: ["https://sqs:us-east-2.amazonaws.com/444455556666/queue2"]
      PolicyDocument:
        Statement: [{ "Action": ["SQS:SendMessage", "SQS:CreateQueue"], "Effect": "Allow", "Resource": "arn:aws:sqs:us-east-2:444455556666:queue2", "Principal": { "AWS": ["111122223333"] } }]
`;
    assert.deepEqual(named('template.yaml', text), [
      ['snsPolicy', [SNS]],
      ['myKey', [KMS]],
      ['SampleBucketPolicy4', [S3]],
    ]);
  });

  it('SQS: names a listed * with a dangerous action written as KICS compares it; its positive2 (an account wildcard) is not public to us', () => {
    // sqs_policy_with_public_access test/positive2.yaml: `arn:aws:iam::437628376:*` matches KICS's `^(\w*:)*\*$`, but it is
    // no principal of every account (and not a valid principal at all), so we do not report it. PublicList adapts it to `*`.
    const text = `Resources:
  SampleSQSPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: ["https://sqs:us-east-2.amazonaws.com/444455556666/queue2"]
      PolicyDocument:
        Statement:
          - Action: ["SQS:SendMessage", "SQS:AddPermission"]
            Effect: "Allow"
            Resource: "arn:aws:sqs:us-east-2:444455556666:queue2"
            Principal:
              AWS: ["111122223333", "arn:aws:iam::437628376:*"]
  PublicList:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q]
      PolicyDocument:
        Statement:
          - { Action: ["SQS:SendMessage", "SQS:AddPermission"], Effect: Allow, Resource: r, Principal: { AWS: ["111122223333", "*"] } }
  PublicString:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q]
      PolicyDocument:
        Statement:
          - { Action: ["SQS:SendMessage", "SQS:AddPermission"], Effect: Allow, Resource: r, Principal: { AWS: "*" } }
  LowerCase:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q]
      PolicyDocument:
        Statement:
          - { Action: "sqs:DeleteQueue", Effect: Allow, Resource: r, Principal: "*" }
  SendOnly:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q]
      PolicyDocument:
        Statement:
          - { Action: "SQS:SendMessage", Effect: Allow, Resource: r, Principal: "*" }
`;
    // KICS passes AWS: '*' as a string (it looks for a list in the map), compares the actions case and all, and reads only
    // the six management actions: those findings are ours alone.
    assert.deepEqual(named('template.yaml', text), [
      ['PublicList', [SQS]],
      ['PublicString', []],
      ['LowerCase', []],
      ['SendOnly', []],
    ]);
  });

  it('names none where the query passes what we report: AWS * in a key or topic policy, an account-free condition, a condition, a parameter, serverless.yml', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  Open: !Equals [!Ref AWS::Region, us-east-1]
Parameters:
  Anyone:
    Type: String
    Default: '*'
Resources:
  AwsStarKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' }] }
  AwsStarTopic:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [t]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: { AWS: '*' }, Action: 'sns:Publish', Resource: '*' }] }
  ResourceAccountTopic:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [t]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: '*', Action: 'sns:Publish', Resource: '*', Condition: { StringEquals: { 'aws:ResourceAccount': '123456789012' } } }] }
  ConditionalBucket:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: !If [Open, '*', 'arn:aws:iam::123456789012:root'], Action: '*', Resource: '*' }] }
  ParameterBucket:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: !Ref Anyone, Action: '*', Resource: '*' }] }
  PutBucket:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: '*', Action: 's3:PutObject', Resource: '*' }] }
  NotPrincipalDomain:
    Type: AWS::Elasticsearch::Domain
    Properties:
      AccessPolicies: { Statement: [{ Effect: Allow, NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'es:*', Resource: '*' }] }
`;
    // aws:ResourceAccount narrows nothing in a resource policy (the resource is always yours), so we report it; KICS's SNS
    // query passes any statement with that key. A NotPrincipal statement has no Principal key, which any_principal fails.
    assert.deepEqual(named('template.yaml', text), [
      ['AwsStarKey', []],
      ['AwsStarTopic', []],
      ['ResourceAccountTopic', []],
      ['ConditionalBucket', []],
      ['ParameterBucket', []],
      ['PutBucket', []],
      ['NotPrincipalDomain', [ES]],
    ]);
    const service = `service: queues
provider:
  name: aws
resources:
  Resources:
    Key:
      Type: AWS::KMS::Key
      Properties:
        KeyPolicy: { Statement: [{ Effect: Allow, Principal: '*', Action: 'kms:*', Resource: '*' }] }
    Legacy:
      Type: AWS::Elasticsearch::Domain
      Properties:
        AccessPolicies: { Statement: [{ Effect: Allow, Principal: '*', Action: 'es:*', Resource: '*' }] }
`;
    assert.deepEqual(named('serverless.yml', service), [
      ['Key', []],
      ['Legacy', []],
    ]);
  });
});

describe('resource-policy-public: event buses, container repositories and layers', () => {
  const findings = (path: string, text: string) => {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.map((finding) => ({ id: finding.messageId, severity: finding.severity, resource: finding.resource, message: finding.message, equivalents: finding.equivalents }));
  };

  it('CloudFormation YAML: a bus open to every account in both forms, a repository anyone may push to, one anyone may pull from, a public layer', () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: orders
      Policy:
        Version: '2012-10-17'
        Statement:
          - Sid: AnyonePuts
            Effect: Allow
            Principal: '*'
            Action: events:PutEvents
            Resource: !Sub arn:aws:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/orders
  LegacyBusPolicy:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: everyone
      Action: events:PutEvents
      Principal: '*'
  StatementBusPolicy:
    Type: AWS::Events::EventBusPolicy
    Properties:
      EventBusName: !Ref Bus
      StatementId: everyone-too
      Statement:
        Effect: Allow
        Principal: { AWS: '*' }
        Action: events:PutEvents
        Resource: !GetAtt Bus.Arn
  Images:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryPolicyText:
        Version: '2012-10-17'
        Statement:
          - Sid: AllowPushPull
            Effect: Allow
            Principal: '*'
            Action: [ecr:GetDownloadUrlForLayer, ecr:BatchGetImage, ecr:BatchCheckLayerAvailability, ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload]
  PullImages:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryPolicyText:
        Statement:
          - Effect: Allow
            Principal: { AWS: '*' }
            Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, 'ecr:Describe*']
  Layer:
    Type: AWS::Lambda::LayerVersion
    Properties:
      Content: { S3Bucket: artefacts, S3Key: layer.zip }
  LayerForEveryone:
    Type: AWS::Lambda::LayerVersionPermission
    Properties:
      Action: lambda:GetLayerVersion
      LayerVersionArn: !Ref Layer
      Principal: '*'
`;
    const found = findings('template.yaml', text);
    assert.deepEqual(
      found.map(({ id, severity, resource }) => [id, severity, resource]),
      [
        ['publicPrincipal', 'error', 'Bus'],
        ['publicPrincipal', 'error', 'LegacyBusPolicy'],
        ['publicPrincipal', 'error', 'StatementBusPolicy'],
        ['publicPrincipal', 'error', 'Images'],
        ['publicRepositoryRead', 'warning', 'PullImages'],
        ['publicLayer', 'warning', 'LayerForEveryone'],
      ],
    );
    assert.match(found[0].message, /call events:PutEvents on event bus Bus/);
    assert.match(found[1].message, /^The policy LegacyBusPolicy lets any AWS principal, in any account, call events:PutEvents on event bus default/);
    assert.match(found[2].message, /on event bus Bus: it allows Principal \{ AWS: '\*' \}/);
    assert.match(found[3].message, /call ecr:GetDownloadUrlForLayer, ecr:BatchGetImage, ecr:BatchCheckLayerAvailability and 4 more on repository Images/);
    assert.match(found[4].message, /^The policy of repository PullImages lets any AWS principal, in any account, pull its images \(call ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:Describe\*\)/);
    assert.match(found[5].message, /^Layer permission LayerForEveryone \(Principal '\*', no OrganizationId\) lets every AWS account download the code of layer Layer/);
    // Checkov's CKV_AWS_32 and KICS's ECR query fail `Principal: '*'` in a statement list, not `AWS: '*'` (their sources, see the rule).
    assert.deepEqual(found[3].equivalents.sort(), ['CKV_AWS_32', 'KICS:75be209d-1948-41f6-a8c8-e22dd0121134']);
    assert.deepEqual(found[4].equivalents, []);
  });

  it('is silent on an organisation, a named account, a service with a source, and a layer for an organisation', () => {
    const text = `Resources:
  OrgBus:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: org
      Action: events:PutEvents
      Principal: '*'
      Condition: { Type: StringEquals, Key: aws:PrincipalOrgID, Value: o-abc123 }
  AccountBus:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: partner
      Action: events:PutEvents
      Principal: '111122223333'
  OrgStatementBus:
    Type: AWS::Events::EventBusPolicy
    Properties:
      StatementId: org-statement
      Statement:
        Effect: Allow
        Principal: '*'
        Action: events:PutEvents
        Resource: !Sub arn:aws:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/default
        Condition: { StringEquals: { aws:PrincipalOrgID: o-abc123 } }
  Images:
    Type: AWS::ECR::Repository
    Properties:
      RepositoryPolicyText:
        Statement:
          - Effect: Allow
            Principal: { AWS: arn:aws:iam::111122223333:root }
            Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: [ecr:BatchGetImage, ecr:GetDownloadUrlForLayer]
            Condition: { StringLike: { aws:sourceArn: !Sub 'arn:aws:lambda:\${AWS::Region}:\${AWS::AccountId}:function:*' } }
          - Effect: Deny
            Principal: '*'
            Action: ecr:DeleteRepository
  OrgLayer:
    Type: AWS::Lambda::LayerVersionPermission
    Properties:
      Action: lambda:GetLayerVersion
      LayerVersionArn: arn:aws:lambda:eu-west-1:123456789012:layer:shared:3
      Principal: '*'
      OrganizationId: o-abc123
  AccountLayer:
    Type: AWS::Lambda::LayerVersionPermission
    Properties:
      Action: lambda:GetLayerVersion
      LayerVersionArn: arn:aws:lambda:eu-west-1:123456789012:layer:shared:3
      Principal: '111122223333'
`;
    assert.deepEqual(findings('template.yaml', text), []);
  });

  it('CloudFormation JSON: a repository policy written as JSON text, and a layer under an Fn::If', () => {
    const text = `{
  "Conditions": { "Share": { "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] } },
  "Resources": {
    "Images": {
      "Type": "AWS::ECR::Repository",
      "Properties": {
        "RepositoryPolicyText": "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"ecr:*\\"}]}"
      }
    },
    "Share": {
      "Type": "AWS::Lambda::LayerVersionPermission",
      "Properties": {
        "Action": "lambda:GetLayerVersion",
        "LayerVersionArn": { "Ref": "Layer" },
        "Principal": { "Fn::If": ["Share", "*", { "Ref": "AWS::AccountId" }] }
      }
    }
  }
}
`;
    const found = findings('template.json', text);
    assert.deepEqual(found.map(({ id, resource }) => [id, resource]), [['publicPrincipal', 'Images'], ['publicLayer', 'Share']]);
    assert.match(found[0].message, /call ecr:\* on repository Images/);
    assert.match(found[1].message, / when condition Share is true: /);
    // A policy written as JSON text: neither Checkov's check (not named, see failsCkvAws32) nor KICS's (not a written map) is named.
    assert.deepEqual(found[0].equivalents, []);
  });

  it("serverless.yml: a layer shared with allowedAccounts ['*'], and a bus in resources", () => {
    const text = `service: shared-libs
provider:
  name: aws
layers:
  common:
    path: layer
    allowedAccounts:
      - '111122223333'
      - '*'
  private:
    path: private
    allowedAccounts: ['111122223333']
resources:
  Resources:
    Bus:
      Type: AWS::Events::EventBus
      Properties:
        Name: partners
        Policy:
          Statement:
            - Effect: Allow
              Principal: '*'
              Action: events:PutEvents
              Resource: { 'Fn::Sub': 'arn:aws:events:\${AWS::Region}:\${AWS::AccountId}:event-bus/partners' }
`;
    const found = findings('serverless.yml', text);
    assert.deepEqual(found.map(({ id, resource }) => [id, resource]), [['publicLayer', 'layers.common'], ['publicPrincipal', 'Bus']]);
    assert.match(found[0].message, /^allowedAccounts: \['\*'\] lets every AWS account download the code of layer common/);
  });
});

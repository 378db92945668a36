import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './sns-topic-unencrypted';
import { stripAnnotations, testRule } from '../support/rule-tester';

// AWS services cannot use the AWS managed key: for topics they publish to, the finding comes without that fix.
const SERVICE_PUBLISHED_TOPICS = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Events:
# ^^^^^^ sns-topic-unencrypted:unencrypted
    Type: AWS::SNS::Topic
  EventsRule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: { source: [aws.ec2] }
      Targets:
        - Arn: !Ref Events
          Id: sns
  EventsPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Events]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: events.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Events
  Alarms:
# ^^^^^^ sns-topic-unencrypted:unencrypted
    Type: AWS::SNS::Topic
    Properties:
      TopicName: alarms
  ErrorsAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      MetricName: Errors
      Namespace: AWS/Lambda
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
      AlarmActions: [!Ref Alarms]
`;

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: S3, DynamoDB and SQS without encryption settings are encrypted by AWS by default',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
`,
    },
    {
      name: 'CloudFormation: topics with the AWS managed key, a customer managed key, and a key from a parameter',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  KeyArn:
    Type: String
Resources:
  Managed:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: alias/aws/sns
  Customer:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !GetAtt TopicKey.Arn
  FromParameter:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !Ref KeyArn
`,
    },
    {
      name: 'serverless: an encrypted topic in resources, and S3/DynamoDB/SQS without settings',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  notify:
    handler: h.notify
resources:
  Resources:
    Topic:
      Type: AWS::SNS::Topic
      Properties:
        KmsMasterKeyId: alias/aws/sns
    Uploads:
      Type: AWS::S3::Bucket
    Orders:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
        KeySchema: [{ AttributeName: id, KeyType: HASH }]
    Jobs:
      Type: AWS::SQS::Queue
`,
    },
    {
      name: 'SAM JSON: an encrypted topic',
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Resources": {
    "Topic": { "Type": "AWS::SNS::Topic", "Properties": { "KmsMasterKeyId": "alias/aws/sns" } }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: the key is added to Properties',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Alerts:
# ^^^^^^ sns-topic-unencrypted:unencrypted
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub '\${AWS::StackName}-alerts' # shown on dashboards
  Bucket:
    Type: AWS::S3::Bucket
`,
      errors: [{ messageId: 'unencrypted', data: { topic: 'Alerts' } }],
      output: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Alerts:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub '\${AWS::StackName}-alerts' # shown on dashboards
      KmsMasterKeyId: alias/aws/sns
  Bucket:
    Type: AWS::S3::Bucket
`,
    },
    {
      name: 'SAM YAML: a topic without Properties gets a Properties map',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Events:
# ^^^^^^ sns-topic-unencrypted:unencrypted
    Type: AWS::SNS::Topic
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Sns:
          Type: SNS
          Properties:
            Topic: !Ref Events
`,
      errors: [{ messageId: 'unencrypted' }],
      output: `Transform: AWS::Serverless-2016-10-31
Resources:
  Events:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: alias/aws/sns
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Events:
        Sns:
          Type: SNS
          Properties:
            Topic: !Ref Events
`,
    },
    {
      name: 'serverless: a topic in resources.Resources, with a flow-style Properties map',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  notify:
    handler: h.notify
resources:
  Resources:
    OrderEvents:
#   ^^^^^^^^^^^ sns-topic-unencrypted:unencrypted
      Type: AWS::SNS::Topic
      Properties: { TopicName: order-events }
    Uploads:
      Type: AWS::S3::Bucket
`,
      errors: [{ messageId: 'unencrypted', data: { topic: 'OrderEvents' } }],
      output: `service: orders
provider:
  name: aws
functions:
  notify:
    handler: h.notify
resources:
  Resources:
    OrderEvents:
      Type: AWS::SNS::Topic
      Properties: { TopicName: order-events, KmsMasterKeyId: alias/aws/sns }
    Uploads:
      Type: AWS::S3::Bucket
`,
    },
    {
      name: 'serverless: a topic in resources.Resources with a block Properties map',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
resources:
  Resources:
    OrderEvents:
#   ^^^^^^^^^^^ sns-topic-unencrypted
      Type: AWS::SNS::Topic
      Properties:
        TopicName: \${self:service}-\${sls:stage}-events
`,
      errors: [{ messageId: 'unencrypted' }],
      output: `service: orders
provider:
  name: aws
resources:
  Resources:
    OrderEvents:
      Type: AWS::SNS::Topic
      Properties:
        TopicName: \${self:service}-\${sls:stage}-events
        KmsMasterKeyId: alias/aws/sns
`,
    },
    {
      name: 'CloudFormation JSON: the key is added to Properties',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Alerts": {
//  ^^^^^^^^ sns-topic-unencrypted:unencrypted
      "Type": "AWS::SNS::Topic",
      "Properties": {
        "TopicName": "alerts"
      }
    }
  }
}
`,
      errors: [{ messageId: 'unencrypted' }],
      output: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Alerts": {
      "Type": "AWS::SNS::Topic",
      "Properties": {
        "TopicName": "alerts",
        "KmsMasterKeyId": "alias/aws/sns"
      }
    }
  }
}
`,
    },
    {
      name: 'CloudFormation JSON: a topic without Properties',
      path: 'template.json',
      code: `{
  "Resources": {
    "Alerts": {
//  ^^^^^^^^ sns-topic-unencrypted:unencrypted
      "Type": "AWS::SNS::Topic"
    }
  }
}
`,
      errors: [{ messageId: 'unencrypted' }],
      output: `{
  "Resources": {
    "Alerts": {
      "Type": "AWS::SNS::Topic",
      "Properties": {
        "KmsMasterKeyId": "alias/aws/sns"
      }
    }
  }
}
`,
    },
    {
      name: 'CloudFormation: topics that EventBridge and a CloudWatch alarm publish to are reported',
      path: 'template.yaml',
      code: SERVICE_PUBLISHED_TOPICS,
      errors: [{ messageId: 'unencrypted', data: { topic: 'Events' } }, { messageId: 'unencrypted', data: { topic: 'Alarms' } }],
    },
    {
      name: 'CloudFormation YAML: a key on one branch of Fn::If only; the condition is named',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: { Type: String }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Events:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !If [IsProd, alias/aws/sns, !Ref AWS::NoValue]
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ sns-topic-unencrypted:unencryptedOnBranch
`,
      errors: [{ messageId: 'unencryptedOnBranch', data: { topic: 'Events', when: ' when condition IsProd is false' } }],
    },
    {
      name: 'serverless.yml: topics the Framework creates for sns events; existing topics by ARN are not reported',
      path: 'serverless.yml',
      code: `service: notes
provider:
  name: aws
custom:
  topic: \${self:service}-analyze
functions:
  analyze:
    handler: h.analyze
    events:
      - sns: \${self:custom.topic}
#       ^^^ sns-topic-unencrypted:serverlessEventTopic
      - sns:
#       ^^^ sns-topic-unencrypted:serverlessEventTopic
          topicName: alerts
          displayName: Alerts
  audit:
    handler: h.audit
    events:
      - sns: \${self:custom.topic}
      - sns: arn:aws:sns:eu-west-1:123456789012:existing
      - sns:
          arn: !Ref Existing
          topicName: existing
      - sns: \${ssm:/topics/arn}
resources:
  Resources:
    Existing:
      Type: AWS::SNS::Topic
      Properties:
        KmsMasterKeyId: alias/aws/sns
`,
      errors: [
        { messageId: 'serverlessEventTopic', data: { topic: 'notes-analyze', function: 'analyze' } },
        { messageId: 'serverlessEventTopic', data: { topic: 'alerts', function: 'analyze' } },
      ],
    },
    {
      name: 'CloudFormation YAML: an empty Properties entry is reported without a fix',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Alerts:
# ^^^^^^ sns-topic-unencrypted:unencrypted
    Type: AWS::SNS::Topic
    Properties:
`,
      errors: [{ messageId: 'unencrypted' }],
    },
  ],
});

describe('sns-topic-unencrypted: the AWS managed key fix', () => {
  it('is not offered for topics that AWS services publish to', () => {
    const { text } = stripAnnotations(SERVICE_PUBLISHED_TOPICS);
    const result = analyze({ path: 'template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.fixes.length]),
      [
        ['Events', 0],
        ['Alarms', 0],
      ],
    );
  });
});

describe("sns-topic-unencrypted: KICS's SNS Topic Without KmsMasterKeyId", () => {
  const KICS = 'KICS:9d13b150-a2ab-42a1-b6f4-142e41f81e52';
  const kicsOn = (path: string, text: string) => {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]);
  };

  it('is named where KICS binds Properties and finds no KmsMasterKeyId (absent or null), not on a topic without Properties', () => {
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  NoProperties:
    Type: AWS::SNS::Topic
  NullProperties:
    Type: AWS::SNS::Topic
    Properties:
  NoKey:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: orders
  NullKey:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId:
  Encrypted:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: alias/aws/sns
`;
    assert.deepEqual(kicsOn('template.yaml', template), [
      ['NoProperties', false],
      ['NullProperties', true],
      ['NoKey', true],
      ['NullKey', true],
    ]);
  });

  it('is not named on a key empty only under a condition, nor in a serverless.yml', () => {
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  UseKms: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  Branch:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !If [UseKms, alias/aws/sns, !Ref AWS::NoValue]
`;
    assert.deepEqual(kicsOn('template.yaml', template), [['Branch', false]]);
    const service = `service: orders
provider:
  name: aws
resources:
  Resources:
    Orders:
      Type: AWS::SNS::Topic
      Properties:
        TopicName: orders
`;
    assert.deepEqual(kicsOn('serverless.yml', service), [['Orders', false]]);
  });
});

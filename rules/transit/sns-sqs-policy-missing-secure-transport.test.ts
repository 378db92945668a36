import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './sns-sqs-policy-missing-secure-transport';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: policies with the HTTPS-only deny, and a topic and queue without policies',
      path: 'template.yaml',
      code: `Resources:
  Topic:
    Type: AWS::SNS::Topic
  Queue:
    Type: AWS::SQS::Queue
  Lonely:
    Type: AWS::SQS::Queue
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: events.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Topic
          - Effect: Deny
            Principal: '*'
            Action: sns:Publish
            Resource: !Ref Topic
            Condition: { Bool: { 'aws:SecureTransport': 'false' } }
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          Effect: Deny
          Principal: '*'
          Action: 'sqs:*'
          Resource: !GetAtt Queue.Arn
          Condition:
            Bool:
              aws:SecureTransport: false
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: a topic policy gets the deny appended',
      path: 'template.yaml',
      code: `Resources:
  Topic:
    Type: AWS::SNS::Topic
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics:
        - !Ref Topic
      PolicyDocument:
#     ^^^^^^^^^^^^^^^ sns-sqs-policy-missing-secure-transport:missingDeny
        Statement:
          - Effect: Allow
            Principal: { Service: events.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Topic
`,
      errors: [{ messageId: 'missingDeny', data: { kind: 'Topic policy', resource: 'TopicPolicy', targets: 'Topic' } }],
      output: `Resources:
  Topic:
    Type: AWS::SNS::Topic
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics:
        - !Ref Topic
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: events.amazonaws.com }
            Action: sns:Publish
            Resource: !Ref Topic
          - Sid: DenyInsecureTransport
            Effect: Deny
            Principal: '*'
            Action: 'sns:Publish'
            Resource: !Ref Topic
            Condition:
              Bool:
                aws:SecureTransport: 'false'
`,
    },
    {
      name: 'serverless: a queue policy for two queues, with a flow Statement list',
      path: 'serverless.yml',
      code: `service: jobs
provider:
  name: aws
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
    Dead:
      Type: AWS::SQS::Queue
    JobsPolicy:
      Type: AWS::SQS::QueuePolicy
      Properties:
        Queues: [!Ref Jobs, !Ref Dead]
        PolicyDocument:
#       ^^^^^^^^^^^^^^^ sns-sqs-policy-missing-secure-transport:missingDeny
          Statement: [{ Effect: Allow, Principal: { Service: sns.amazonaws.com }, Action: 'sqs:SendMessage', Resource: '*' }]
`,
      errors: [{ messageId: 'missingDeny', data: { kind: 'Queue policy', targets: 'Jobs, Dead' } }],
      output: `service: jobs
provider:
  name: aws
resources:
  Resources:
    Jobs:
      Type: AWS::SQS::Queue
    Dead:
      Type: AWS::SQS::Queue
    JobsPolicy:
      Type: AWS::SQS::QueuePolicy
      Properties:
        Queues: [!Ref Jobs, !Ref Dead]
        PolicyDocument:
          Statement: [{ Effect: Allow, Principal: { Service: sns.amazonaws.com }, Action: 'sqs:SendMessage', Resource: '*' }, { Sid: DenyInsecureTransport, Effect: Deny, Principal: '*', Action: 'sqs:*', Resource: [!GetAtt Jobs.Arn, !GetAtt Dead.Arn], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]
`,
    },
    {
      name: 'SAM YAML: a queue inline policy for a queue from another stack gets no fix',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  QueueUrl:
    Type: String
Resources:
  Inline:
    Type: AWS::SQS::QueueInlinePolicy
    Properties:
      Queue: !Ref QueueUrl
      PolicyDocument:
#     ^^^^^^^^^^^^^^^ sns-sqs-policy-missing-secure-transport:missingDeny
        Statement:
          - Effect: Allow
            Principal: { Service: s3.amazonaws.com }
            Action: sqs:SendMessage
            Resource: '*'
`,
      errors: [{ messageId: 'missingDeny', data: { resource: 'Inline' } }],
    },
    {
      name: 'CloudFormation JSON: a queue policy gets the deny appended',
      path: 'template.json',
      code: `{
  "Resources": {
    "Queue": { "Type": "AWS::SQS::Queue" },
    "QueuePolicy": {
      "Type": "AWS::SQS::QueuePolicy",
      "Properties": {
        "Queues": [{ "Ref": "Queue" }],
        "PolicyDocument": {
//      ^^^^^^^^^^^^^^^^^ sns-sqs-policy-missing-secure-transport:missingDeny
          "Statement": [
            { "Effect": "Allow", "Principal": { "Service": "sns.amazonaws.com" }, "Action": "sqs:SendMessage", "Resource": "*" }
          ]
        }
      }
    }
  }
}
`,
      errors: [{ messageId: 'missingDeny' }],
      output: `{
  "Resources": {
    "Queue": { "Type": "AWS::SQS::Queue" },
    "QueuePolicy": {
      "Type": "AWS::SQS::QueuePolicy",
      "Properties": {
        "Queues": [{ "Ref": "Queue" }],
        "PolicyDocument": {
          "Statement": [
            { "Effect": "Allow", "Principal": { "Service": "sns.amazonaws.com" }, "Action": "sqs:SendMessage", "Resource": "*" },
            {
              "Sid": "DenyInsecureTransport",
              "Effect": "Deny",
              "Principal": "*",
              "Action": "sqs:*",
              "Resource": {
                "Fn::GetAtt": [
                  "Queue",
                  "Arn"
                ]
              },
              "Condition": {
                "Bool": {
                  "aws:SecureTransport": "false"
                }
              }
            }
          ]
        }
      }
    }
  }
}
`,
    },
  ],
});

describe('sns-sqs-policy-missing-secure-transport: equivalents per finding', () => {
  it('names SNS3 on a topic policy and SQS4 on a queue policy', () => {
    const text = `Resources:
  Topic:
    Type: AWS::SNS::Topic
  Queue:
    Type: AWS::SQS::Queue
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: events.amazonaws.com }, Action: 'sns:Publish', Resource: !Ref Topic }] }
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: events.amazonaws.com }, Action: 'sqs:SendMessage', Resource: !GetAtt Queue.Arn }] }
`;
    const result = analyze({ path: '/app/template.yaml', text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(result.findings.map((finding) => [finding.resource, finding.equivalents]), [['TopicPolicy', ['AwsSolutions-SNS3']], ['QueuePolicy', ['AwsSolutions-SQS4']]]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../model/build';
import { detectKind } from '../model/kind';
import type { AppModel } from '../model/types';
import { parseDocument } from '../parse';
import { functionGrants, isActionGranted } from './grants';
import { patternForMessage, patternsMayMatch, resourcePatterns, targetPattern, templateResourceArns } from './resource-match';

function modelOf(path: string, text: string): AppModel {
  const document = parseDocument(path, text);
  const kind = detectKind(document.root);
  assert.ok(kind, 'a document of ours');
  return buildModel(document, kind);
}

/** The Resource patterns of every statement of the model, in order, atoms shown as `<Id>`. */
function patternsOf(model: AppModel): Array<string[] | undefined> {
  return model.iamStatements.map((statement) => resourcePatterns(model, statement.resources, statement.isNotResource)?.map(patternForMessage));
}

describe('patternsMayMatch', () => {
  it('reads IAM wildcards on both sides', () => {
    assert.equal(patternsMayMatch('arn:aws:s3:::reports/*', 'arn:*:s3:::reports/*'), true);
    assert.equal(patternsMayMatch('arn:aws:s3:::reports', 'arn:*:s3:::reports/*'), false, 'a bucket ARN is no object ARN');
    assert.equal(patternsMayMatch('arn:aws:s3:::rep?rts*', 'arn:*:s3:::reports'), true);
    assert.equal(patternsMayMatch('arn:aws:dynamodb:*:*:table/orders', 'arn:*:dynamodb:*:*:table/invoices'), false);
    assert.equal(patternsMayMatch('arn:aws:sqs:*:*:jobs', 'arn:*:dynamodb:*:*:table/jobs'), false, 'another service');
    assert.equal(patternsMayMatch('*', 'arn:*:dynamodb:*:*:table/jobs'), true);
  });

  it('an atom equals itself, differs from another atom, and may be any text against literals', () => {
    const orders = templateResourceArns(modelOf('t.yaml', 'AWSTemplateFormatVersion: 2010-09-09\nResources:\n  Orders:\n    Type: AWS::DynamoDB::Table\n  Other:\n    Type: AWS::DynamoDB::Table\n  Named:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: named-table\n'));
    assert.equal(patternsMayMatch(orders.Orders, orders.Orders), true);
    assert.equal(patternsMayMatch(orders.Other, orders.Orders), false, 'two resources of a template never share a name');
    assert.equal(patternsMayMatch(`${orders.Other}/index/*`, `${orders.Orders}/index/*`), false);
    assert.equal(patternsMayMatch('arn:aws:dynamodb:us-east-1:123456789012:table/orders', orders.Orders), true, 'a generated name may be anything');
    assert.equal(patternsMayMatch('arn:aws:dynamodb:us-east-1:123456789012:table/orders', orders.Named), false, 'a name written as plain text is compared');
    assert.equal(patternsMayMatch('arn:aws:dynamodb:us-east-1:123456789012:table/named-*', orders.Named), true);
    assert.equal(patternsMayMatch('arn:aws:s3:::named-table', orders.Orders), false, 'an S3 ARN never names a table');
  });
});

describe('resourcePatterns', () => {
  it('CloudFormation: GetAtt, Sub, Join and Ref in the forms templates use', () => {
    const model = modelOf('template.yaml', `AWSTemplateFormatVersion: 2010-09-09
Parameters:
  TableArn:
    Type: String
  Stage:
    Type: String
    Default: dev
Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Topic:
    Type: AWS::SNS::Topic
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: s3:PutObject
                Resource:
                  - !GetAtt Bucket.Arn
                  - !Sub '\${Bucket.Arn}/*'
                  - !Sub 'arn:\${AWS::Partition}:s3:::\${Bucket}/uploads/*'
                  - !Join ['', ['arn:aws:s3:::', !Ref Bucket, '/*']]
                  - !Ref Topic
                  - !Ref TableArn
                  - !Sub 'arn:aws:s3:::reports-\${Stage}/*'
                  - !If [IsProd, 'arn:aws:s3:::prod/*', !Ref AWS::NoValue]
              - Effect: Allow
                NotResource: arn:aws:s3:::secret/*
                Action: s3:GetObject
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
`);
    assert.deepEqual(patternsOf(model), [
      ['arn:*:s3:::<Bucket>', 'arn:*:s3:::<Bucket>/*', 'arn:*:s3:::<Bucket>/uploads/*', 'arn:aws:s3:::<Bucket>/*', 'arn:*:sns:*:*:<Topic>', '*', 'arn:aws:s3:::reports-*/*', 'arn:aws:s3:::prod/*'],
      undefined,
    ]);
  });

  it('SAM: a policy template names its resource through its parameters', () => {
    const model = modelOf('template.yaml', `Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::Serverless::SimpleTable
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref Table
`);
    assert.deepEqual(patternsOf(model), [['arn:*:dynamodb:*:*:table/<Table>', 'arn:*:dynamodb:*:*:table/<Table>/index/*']]);
  });

  it('Serverless: a variable may take another value at deploy time, and stands for any text', () => {
    const model = modelOf('serverless.yml', `service: orders
custom:
  tableArn:
    Fn::GetAtt: [OrdersTable, Arn]
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: dynamodb:PutItem
          Resource:
            - arn:aws:dynamodb:\${aws:region}:*:table/\${self:service}-\${sls:stage}
            - \${self:custom.tableArn}
            - !GetAtt OrdersTable.StreamArn
functions:
  create:
    handler: src/handler.create
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: orders
`);
    assert.deepEqual(patternsOf(model), [['arn:aws:dynamodb:*:*:table/*-*', 'arn:*:dynamodb:*:*:table/<OrdersTable=orders>', 'arn:*:dynamodb:*:*:table/<OrdersTable=orders>/stream/*']]);
  });
});

describe('isActionGranted with a target', () => {
  const template = (resource: string, extra = '') => `AWSTemplateFormatVersion: 2010-09-09
Parameters:
  OtherTableArn:
    Type: String
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Invoices:
    Type: AWS::DynamoDB::Table
  Uploads:
    Type: AWS::S3::Bucket
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [dynamodb:PutItem, s3:PutObject, s3:ListBucket]
                Resource: ${resource}
${extra}  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      Handler: index.handler
      Runtime: nodejs20.x
      Code: { S3Bucket: b, S3Key: k }
`;
  const answer = (resource: string, action: string, target: { logicalId: string; type: string }) => {
    const grants = functionGrants(modelOf('template.yaml', template(resource))).get('Fn');
    assert.ok(grants);
    return isActionGranted(grants, action, target);
  };
  const orders = { logicalId: 'Orders', type: 'AWS::DynamoDB::Table' };
  const uploads = { logicalId: 'Uploads', type: 'AWS::S3::Bucket' };

  it('an Allow on another table does not grant a write to this one, and says where it is', () => {
    const result = answer('!GetAtt Invoices.Arn', 'dynamodb:PutItem', orders);
    assert.equal(result.state, 'not-granted');
    assert.equal(result.state === 'not-granted' && result.onOtherResources?.map((place) => place.by).join(), 'Role');
    assert.equal(answer('!GetAtt Orders.Arn', 'dynamodb:PutItem', orders).state, 'granted');
    assert.equal(answer('!GetAtt Invoices.Arn', 'dynamodb:PutItem', undefined as never).state, 'granted', 'without a target, any resource counts');
  });

  it('a bucket ARN does not grant object actions, and an object ARN does not grant bucket actions', () => {
    assert.equal(answer('!GetAtt Uploads.Arn', 's3:PutObject', uploads).state, 'not-granted');
    assert.equal(answer("!Sub '${Uploads.Arn}/*'", 's3:PutObject', uploads).state, 'granted');
    assert.equal(answer("!Sub '${Uploads.Arn}/*'", 's3:ListBucket', uploads).state, 'not-granted');
    assert.equal(answer("!Sub 'arn:${AWS::Partition}:s3:::${Uploads}/in/*'", 's3:PutObject', uploads).state, 'granted', 'a prefix of keys may hold the key');
  });

  it('a Resource that cannot be read may match, and grants', () => {
    assert.equal(answer('!Ref OtherTableArn', 'dynamodb:PutItem', orders).state, 'granted');
    assert.equal(answer("'*'", 'dynamodb:PutItem', orders).state, 'granted');
    assert.equal(answer('arn:aws:dynamodb:us-east-1:123456789012:table/orders', 'dynamodb:PutItem', orders).state, 'granted', 'the generated name is not known');
    assert.equal(answer('!ImportValue shared-table-arn', 'dynamodb:PutItem', orders).state, 'granted');
  });

  it('a target whose type is not the action\'s kind is not compared', () => {
    assert.equal(answer('!GetAtt Invoices.Arn', 'dynamodb:PutItem', uploads).state, 'granted');
    assert.equal(targetPattern({}, orders, 'table'), undefined);
  });
});

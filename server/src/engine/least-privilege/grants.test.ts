import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../model/build';
import { detectKind } from '../model/kind';
import type { AppModel } from '../model/types';
import { parseDocument } from '../parse';
import { expandActionPattern } from '../iam';
import { functionGrants, grantedActionsOf, isActionGranted } from './grants';
import { MANAGED_POLICY_DOCUMENTS } from './managed-policies';

function modelOf(path: string, text: string): AppModel {
  const document = parseDocument(path, text);
  const kind = detectKind(document.root);
  assert.ok(kind, 'a document of ours');
  return buildModel(document, kind);
}

/** `granted`, `not-granted` or `unknown` for each action, for one function. */
function answers(path: string, text: string, functionName: string, actions: string[]): Record<string, string> {
  const grants = functionGrants(modelOf(path, text)).get(functionName);
  assert.ok(grants, `function ${functionName} is in the model`);
  return Object.fromEntries(actions.map((action) => [action, isActionGranted(grants, action).state]));
}

describe('functionGrants: Serverless Framework', () => {
  const base = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
`;
  it('provider statements reach every function; wildcards and case follow IAM', () => {
    const text = `${base}  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:GetItem, 's3:get*']
          Resource: '*'
functions:
  read:
    handler: src/read.handler
`;
    assert.deepEqual(answers('serverless.yml', text, 'read', ['dynamodb:GetItem', 's3:GetObject', 'dynamodb:PutItem']), { 'dynamodb:GetItem': 'granted', 's3:GetObject': 'granted', 'dynamodb:PutItem': 'not-granted' });
  });

  it('an existing role named by ARN cannot be read: every answer is unknown', () => {
    const text = `${base}  iam:
    role: arn:aws:iam::123456789012:role/orders
functions:
  read:
    handler: src/read.handler
`;
    const grants = functionGrants(modelOf('serverless.yml', text)).get('read')!;
    const answer = isActionGranted(grants, 'dynamodb:GetItem');
    assert.equal(answer.state, 'unknown');
    assert.match(answer.state === 'unknown' ? answer.reason : '', /existing role/);
  });

  it('an action list built from an unresolvable variable leaves what it does not list unknown', () => {
    const text = `${base}  iam:
    role:
      statements:
        - Effect: Allow
          Action: [sqs:SendMessage, '\${param:extraAction}']
          Resource: '*'
functions:
  send:
    handler: src/send.handler
`;
    assert.deepEqual(answers('serverless.yml', text, 'send', ['sqs:SendMessage', 'sns:Publish']), { 'sqs:SendMessage': 'granted', 'sns:Publish': 'unknown' });
  });
});

describe('functionGrants: SAM', () => {
  const sam = (policies: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
${policies}`;

  it('a policy template grants exactly what SAM expands it to', () => {
    const text = sam(`        - DynamoDBReadPolicy:
            TableName: !Ref Table
`);
    assert.deepEqual(answers('template.yaml', text, 'Fn', ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']), { 'dynamodb:GetItem': 'granted', 'dynamodb:Query': 'granted', 'dynamodb:PutItem': 'not-granted' });
  });

  it('an AWS managed policy whose document is not known makes other actions unknown; the execution roles do not', () => {
    const withS3 = sam(`        - AWSLambdaBasicExecutionRole
        - AmazonS3FullAccess
`);
    assert.deepEqual(answers('template.yaml', withS3, 'Fn', ['s3:GetObject']), { 's3:GetObject': 'unknown' });
    const basicOnly = sam(`        - AWSLambdaBasicExecutionRole
        - Statement:
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: '*'
`);
    assert.deepEqual(answers('template.yaml', basicOnly, 'Fn', ['sqs:SendMessage', 'sns:Publish']), { 'sqs:SendMessage': 'granted', 'sns:Publish': 'not-granted' });
  });
});

describe('functionGrants: CloudFormation', () => {
  const template = (extra: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: own
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: dynamodb:*
                Resource: '*'
              - Effect: Deny
                Action: dynamodb:DeleteTable
                Resource: '*'
${extra}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !GetAtt Role.Arn
      Code: { ZipFile: 'exports.handler = async () => 1' }
`;

  it('inline statements, an AWS::IAM::Policy on the role, and an unconditional Deny', () => {
    const text = template(`  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sqs:SendMessage
            Resource: '*'`);
    assert.deepEqual(answers('template.yaml', text, 'Fn', ['dynamodb:PutItem', 'dynamodb:DeleteTable', 'sqs:SendMessage', 'sns:Publish']), {
      'dynamodb:PutItem': 'granted',
      'dynamodb:DeleteTable': 'not-granted',
      'sqs:SendMessage': 'granted',
      'sns:Publish': 'not-granted',
    });
  });

  it('a customer managed policy of the template attached through ManagedPolicyArns counts; an ARN from elsewhere is unknown', () => {
    const local = template(`      ManagedPolicyArns: [!Ref Publish]
  Publish:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sns:Publish
            Resource: '*'`);
    assert.deepEqual(answers('template.yaml', local, 'Fn', ['sns:Publish', 'sqs:SendMessage']), { 'sns:Publish': 'granted', 'sqs:SendMessage': 'not-granted' });
    const foreign = template(`      ManagedPolicyArns: [arn:aws:iam::123456789012:policy/shared]`);
    assert.deepEqual(answers('template.yaml', foreign, 'Fn', ['sqs:SendMessage']), { 'sqs:SendMessage': 'unknown' });
  });

  it('grantedActionsOf expands a wildcard to the concrete actions, and refuses NotAction', () => {
    const grants = functionGrants(modelOf('template.yaml', template(''))).get('Fn')!;
    const dynamo = grantedActionsOf(grants.allows[0]);
    assert.ok(dynamo && dynamo.includes('dynamodb:GetItem') && dynamo.includes('dynamodb:DeleteTable') && dynamo.every((action) => action.startsWith('dynamodb:')));
  });
});

describe('functionGrants: Serverless per-function roles', () => {
  const service = (plugin: string, extra: string) => `service: orders
${plugin}provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: sqs:SendMessage
          Resource: '*'
functions:
  own:
    handler: src/own.handler
${extra}    iamRoleStatements:
      - Effect: Allow
        Action: dynamodb:GetItem
        Resource: '*'
`;
  const plugin = 'plugins:\n  - serverless-iam-roles-per-function\n';

  it('with the plugin, the function\'s own statements are its role', () => {
    assert.deepEqual(answers('serverless.yml', service(plugin, ''), 'own', ['dynamodb:GetItem', 'sqs:SendMessage']), { 'dynamodb:GetItem': 'granted', 'sqs:SendMessage': 'not-granted' });
  });

  it('without the plugin, or told to inherit the provider\'s statements, what it lacks is unknown', () => {
    assert.equal(answers('serverless.yml', service('', ''), 'own', ['sqs:SendMessage'])['sqs:SendMessage'], 'unknown');
    assert.equal(answers('serverless.yml', service(plugin, '    iamRoleStatementsInherit: true\n'), 'own', ['sqs:SendMessage'])['sqs:SendMessage'], 'unknown');
    const defaultInherit = service(plugin, '').replace('functions:', 'custom:\n  serverless-iam-roles-per-function:\n    defaultInherit: true\nfunctions:');
    assert.equal(answers('serverless.yml', defaultInherit, 'own', ['sqs:SendMessage'])['sqs:SendMessage'], 'unknown');
  });
});

describe('functionGrants: bundled AWS managed policies', () => {
  const sam = (policies: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
${policies}`;

  it('a read-only policy grants what it lists, never a write, and may grant reads it does not list', () => {
    const text = sam('        - AmazonS3ReadOnlyAccess\n');
    assert.deepEqual(answers('template.yaml', text, 'Fn', ['s3:GetObject', 's3:ListBucket', 's3:PutObject', 'dynamodb:PutItem', 'dynamodb:GetItem']), {
      's3:GetObject': 'granted',
      's3:ListBucket': 'granted',
      's3:PutObject': 'not-granted',
      'dynamodb:PutItem': 'not-granted',
      'dynamodb:GetItem': 'unknown',
    });
    const grants = functionGrants(modelOf('template.yaml', text)).get('Fn');
    assert.ok(grants);
    const answer = isActionGranted(grants, 's3:GetObject');
    assert.equal(answer.state === 'granted' && answer.by, 'AmazonS3ReadOnlyAccess');
    assert.equal(text.slice(answer.state === 'granted' ? answer.range.start : 0, answer.state === 'granted' ? answer.range.end : 0), 'AmazonS3ReadOnlyAccess');
  });

  it('named by ARN, in any partition, in CloudFormation and Serverless', () => {
    const cloudformation = `AWSTemplateFormatVersion: 2010-09-09
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/AmazonDynamoDBReadOnlyAccess
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      Handler: index.handler
      Runtime: nodejs20.x
      Code: { ZipFile: 'exports.handler = async () => 1' }
`;
    assert.deepEqual(answers('template.yaml', cloudformation, 'Fn', ['dynamodb:Query', 'dynamodb:PartiQLSelect', 'dynamodb:UpdateItem']), { 'dynamodb:Query': 'granted', 'dynamodb:PartiQLSelect': 'granted', 'dynamodb:UpdateItem': 'not-granted' });
    const serverless = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/AWSLambdaExecute
functions:
  read:
    handler: src/read.handler
`;
    // AWSLambdaExecute has not changed since 2015: what it does not list, it does not grant, reads included.
    assert.deepEqual(answers('serverless.yml', serverless, 'read', ['s3:PutObject', 'logs:PutLogEvents', 's3:ListBucket', 'dynamodb:GetItem']), { 's3:PutObject': 'granted', 'logs:PutLogEvents': 'granted', 's3:ListBucket': 'not-granted', 'dynamodb:GetItem': 'not-granted' });
  });

  it('a policy of AWS without a bundled document, or a customer policy that shares a name, stays unknown', () => {
    assert.deepEqual(answers('template.yaml', sam('        - AmazonDynamoDBFullAccess\n'), 'Fn', ['dynamodb:PutItem']), { 'dynamodb:PutItem': 'unknown' });
    const customer = sam('        - arn:aws:iam::123456789012:policy/AmazonS3ReadOnlyAccess\n');
    assert.deepEqual(answers('template.yaml', customer, 'Fn', ['s3:PutObject']), { 's3:PutObject': 'unknown' });
  });
});

describe('bundled managed policy documents', () => {
  it('every action pattern they list names actions of the IAM data', () => {
    for (const [name, document] of MANAGED_POLICY_DOCUMENTS) {
      for (const pattern of document.allows) assert.ok((expandActionPattern(pattern) ?? []).length > 0, `${name}: ${pattern}`);
      assert.match(document.source, /^https:\/\/docs\.aws\.amazon\.com\/aws-managed-policy\/latest\/reference\/\w+\.html \(v\d+/);
    }
  });
});

describe('functionGrants: what an event source adds to a generated role', () => {
  const samFunction = (events: string, role = '') => `Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Stream:
    Type: AWS::Kinesis::Stream
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
${role}      Events:
${events}`;

  it('SAM attaches the poller\'s AWS managed policy for an SQS, Kinesis or DynamoDB event', () => {
    const sqs = samFunction('        Q:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt Queue.Arn\n');
    assert.deepEqual(answers('template.yaml', sqs, 'Fn', ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:SendMessage']), {
      'sqs:ReceiveMessage': 'granted',
      'sqs:DeleteMessage': 'granted',
      'sqs:GetQueueAttributes': 'granted',
      'sqs:SendMessage': 'not-granted',
    });
    const grants = functionGrants(modelOf('template.yaml', sqs)).get('Fn')!;
    const answer = isActionGranted(grants, 'sqs:DeleteMessage');
    assert.equal(answer.state === 'granted' && answer.by, 'AWSLambdaSQSQueueExecutionRole (SAM attaches it for the SQS event Q)');
    const kinesis = samFunction('        K:\n          Type: Kinesis\n          Properties:\n            Stream: !GetAtt Stream.Arn\n            StartingPosition: LATEST\n');
    assert.deepEqual(answers('template.yaml', kinesis, 'Fn', ['kinesis:DescribeStream', 'kinesis:GetRecords', 'kinesis:PutRecord']), { 'kinesis:DescribeStream': 'granted', 'kinesis:GetRecords': 'granted', 'kinesis:PutRecord': 'not-granted' });
    const dynamodb = samFunction('        D:\n          Type: DynamoDB\n          Properties:\n            Stream: arn:aws:dynamodb:us-east-1:123456789012:table/T/stream/1\n            StartingPosition: LATEST\n');
    assert.deepEqual(answers('template.yaml', dynamodb, 'Fn', ['dynamodb:GetRecords', 'dynamodb:GetItem']), { 'dynamodb:GetRecords': 'granted', 'dynamodb:GetItem': 'not-granted' });
  });

  it('SAM attaches nothing to a role the function names', () => {
    const text = samFunction('        Q:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt Queue.Arn\n', '      Role: !GetAtt Role.Arn\n').replace('Resources:\n', 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n');
    assert.deepEqual(answers('template.yaml', text, 'Fn', ['sqs:DeleteMessage']), { 'sqs:DeleteMessage': 'not-granted' });
  });

  it('an AWS managed poller policy on a role or in SAM Policies grants what its document lists', () => {
    const cloudformation = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaDynamoDBExecutionRole
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      Handler: index.handler
      Runtime: nodejs20.x
      Code: { ZipFile: 'exports.handler = async () => 1' }
`;
    assert.deepEqual(answers('template.yaml', cloudformation, 'Fn', ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:SendMessage', 'dynamodb:GetShardIterator', 'dynamodb:PutItem']), {
      'sqs:ReceiveMessage': 'granted',
      'sqs:DeleteMessage': 'granted',
      'sqs:SendMessage': 'not-granted',
      'dynamodb:GetShardIterator': 'granted',
      'dynamodb:PutItem': 'not-granted',
    });
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - AWSLambdaKinesisExecutionRole
        - AWSLambdaMSKExecutionRole
`;
    assert.deepEqual(answers('template.yaml', sam, 'Fn', ['kinesis:DescribeStream', 'kinesis:PutRecords', 'kafka:GetBootstrapBrokers', 'kafka:CreateCluster']), {
      'kinesis:DescribeStream': 'granted',
      'kinesis:PutRecords': 'not-granted',
      'kafka:GetBootstrapBrokers': 'granted',
      'kafka:CreateCluster': 'not-granted',
    });
  });

  const serverless = (events: string, provider = '') => `service: poll
provider:
  name: aws
  runtime: nodejs20.x
${provider}functions:
  worker:
    handler: src/app.handler
    events:
${events}resources:
  Resources:
    Queue:
      Type: AWS::SQS::Queue
    Other:
      Type: AWS::SQS::Queue
    Stream:
      Type: AWS::Kinesis::Stream
`;

  it('the Serverless Framework allows the polling actions on the event\'s queue or stream, and nothing on others', () => {
    const text = serverless('      - sqs:\n          arn: !GetAtt Queue.Arn\n');
    const grants = functionGrants(modelOf('serverless.yml', text)).get('worker')!;
    const on = (logicalId: string, action: string) => isActionGranted(grants, action, { logicalId, type: 'AWS::SQS::Queue' }).state;
    assert.deepEqual([on('Queue', 'sqs:ReceiveMessage'), on('Queue', 'sqs:DeleteMessage'), on('Queue', 'sqs:GetQueueAttributes'), on('Queue', 'sqs:SendMessage'), on('Other', 'sqs:DeleteMessage')], ['granted', 'granted', 'granted', 'not-granted', 'not-granted']);
    const short = functionGrants(modelOf('serverless.yml', serverless('      - sqs: !GetAtt Queue.Arn\n'))).get('worker')!;
    assert.equal(isActionGranted(short, 'sqs:DeleteMessage', { logicalId: 'Queue', type: 'AWS::SQS::Queue' }).state, 'granted');
    const stream = functionGrants(modelOf('serverless.yml', serverless('      - stream:\n          type: kinesis\n          arn: !GetAtt Stream.Arn\n'))).get('worker')!;
    const onStream = (action: string) => isActionGranted(stream, action, { logicalId: 'Stream', type: 'AWS::Kinesis::Stream' }).state;
    assert.deepEqual([onStream('kinesis:DescribeStream'), onStream('kinesis:GetRecords'), onStream('kinesis:PutRecord')], ['granted', 'granted', 'not-granted']);
  });

  it('the Serverless Framework adds nothing to a role the provider names', () => {
    const text = serverless('      - sqs:\n          arn: !GetAtt Queue.Arn\n', '  iam:\n    role: MyRole\n').replace('  Resources:\n', '  Resources:\n    MyRole:\n      Type: AWS::IAM::Role\n      Properties:\n        AssumeRolePolicyDocument: {}\n');
    assert.deepEqual(answers('serverless.yml', text, 'worker', ['sqs:DeleteMessage']), { 'sqs:DeleteMessage': 'not-granted' });
  });
});

describe('functionGrants: an AWS::IAM::Policy\'s Roles, by name', () => {
  const template = (roleName: string, roles: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
${roleName}      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !GetAtt Role.Arn
      Code: { ZipFile: 'exports.handler = async () => 1' }
  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: ${roles}
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: dynamodb:PutItem
            Resource: '*'
`;

  it('a literal name that is a role\'s RoleName attaches the policy to that role', () => {
    const text = template('      RoleName: my-fn-role\n', '[my-fn-role]');
    assert.deepEqual(answers('template.yaml', text, 'Fn', ['dynamodb:PutItem', 'dynamodb:DeleteItem']), { 'dynamodb:PutItem': 'granted', 'dynamodb:DeleteItem': 'not-granted' });
    const json = JSON.stringify({
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'my-fn-role', AssumeRolePolicyDocument: {} } },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'x' } } },
        Extra: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'extra', Roles: ['my-fn-role'], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: '*' }] } } },
      },
    }, null, 2);
    assert.deepEqual(answers('template.json', json, 'Fn', ['dynamodb:PutItem', 'dynamodb:DeleteItem']), { 'dynamodb:PutItem': 'granted', 'dynamodb:DeleteItem': 'not-granted' });
  });

  it('a name of a role defined elsewhere leaves the function\'s grants known', () => {
    const text = template('      RoleName: my-fn-role\n', '[someone-elses-role]');
    assert.deepEqual(answers('template.yaml', text, 'Fn', ['dynamodb:PutItem']), { 'dynamodb:PutItem': 'not-granted' });
  });

  it('an entry that cannot be matched to a role makes every answer unknown, never "not granted"', () => {
    const select = template('', "\n        - !Select [1, !Split ['/', !GetAtt Role.Arn]]");
    const answer = isActionGranted(functionGrants(modelOf('template.yaml', select)).get('Fn')!, 'dynamodb:DeleteItem');
    assert.equal(answer.state, 'unknown');
    assert.match(answer.state === 'unknown' ? answer.reason : '', /Extra is attached to a role named by a value that cannot be matched/);
    // A role whose own name cannot be read may be the one a literal entry names.
    const subName = template("      RoleName: !Sub '${AWS::StackName}-fn'\n", '[orders-fn]');
    assert.deepEqual(answers('template.yaml', subName, 'Fn', ['dynamodb:DeleteItem']), { 'dynamodb:DeleteItem': 'unknown' });
  });
});

describe('functionGrants: the Serverless Framework\'s generated role in resources', () => {
  const service = (resources: string, fnExtra = '') => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:GetItem]
          Resource: '*'
functions:
  create:
    handler: src/app.handler
  own:
    handler: src/own.handler
    role: OwnRole
${fnExtra}resources:
  Resources:
    OwnRole:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument: {}
${resources}`;

  it('an AWS::IAM::Policy on !Ref IamRoleLambdaExecution reaches the functions on the generated role', () => {
    const text = service(`    ExtraPolicy:
      Type: AWS::IAM::Policy
      Properties:
        PolicyName: extra
        Roles: [!Ref IamRoleLambdaExecution]
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: dynamodb:PutItem
              Resource: '*'
`);
    assert.deepEqual(answers('serverless.yml', text, 'create', ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem']), { 'dynamodb:GetItem': 'granted', 'dynamodb:PutItem': 'granted', 'dynamodb:DeleteItem': 'not-granted' });
    assert.deepEqual(answers('serverless.yml', text, 'own', ['dynamodb:PutItem']), { 'dynamodb:PutItem': 'not-granted' });
  });

  it('resources that override the generated role make its grant unknown, not "not granted"', () => {
    const text = service(`    IamRoleLambdaExecution:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument: {}
        Policies:
          - PolicyName: p
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: dynamodb:PutItem
                  Resource: '*'
`);
    const answer = isActionGranted(functionGrants(modelOf('serverless.yml', text)).get('create')!, 'dynamodb:DeleteItem');
    assert.equal(answer.state, 'unknown');
    assert.match(answer.state === 'unknown' ? answer.reason : '', /overrides the generated role IamRoleLambdaExecution/);
    // A function with a role of its own is not on the generated role.
    assert.deepEqual(answers('serverless.yml', text, 'own', ['dynamodb:DeleteItem']), { 'dynamodb:DeleteItem': 'not-granted' });
  });

  it("a service with a WebSocket route: the Framework's generated role may post to its connections", () => {
    const text = `service: s
provider:
  name: aws
  runtime: nodejs20.x
functions:
  connect:
    handler: index.connect
    events:
      - websocket: $connect
  notify:
    handler: index.notify
  own:
    handler: index.own
    role: arn:aws:iam::123456789012:role/own
`;
    const grants = functionGrants(modelOf('serverless.yml', text));
    assert.equal(isActionGranted(grants.get('connect')!, 'execute-api:ManageConnections').state, 'granted');
    // Every function on the generated role gets it, not only the WebSocket ones; a role of its own does not.
    assert.equal(isActionGranted(grants.get('notify')!, 'execute-api:ManageConnections').state, 'granted');
    assert.notEqual(isActionGranted(grants.get('own')!, 'execute-api:ManageConnections').state, 'granted');
  });

  it('serverless-lift constructs make the generated role unknown: each adds statements at package time', () => {
    const text = `service: s
plugins:
  - serverless-lift
constructs:
  jobs:
    type: queue
    worker:
      handler: index.consumer
provider:
  name: aws
  runtime: nodejs20.x
functions:
  producer:
    handler: index.producer
`;
    const answer = isActionGranted(functionGrants(modelOf('serverless.yml', text)).get('producer')!, 'sqs:SendMessage');
    assert.equal(answer.state, 'unknown');
    assert.match(answer.state === 'unknown' ? answer.reason : '', /serverless-lift constructs/);
  });
});

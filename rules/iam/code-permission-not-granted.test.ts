import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeHandlerFile, buildProject, parseDocument, type Finding } from '../../server/src/engine';
import rule from './code-permission-not-granted';

/** The rule's findings on a handler, bound by a template laid out as `/app/<template>` and `/app/src/handler.<ext>`. */
function findingsOf(templateName: string, template: string, code: string, extension = 'js'): Finding[] {
  const codePath = `/app/src/handler.${extension}`;
  const project = buildProject({ templates: [{ path: `/app/${templateName}`, text: template }], files: { exists: (path) => path === codePath }, roots: ['/app'] });
  const bindings = project.bindingsFor(codePath);
  assert.ok(bindings.length > 0, 'the template names the handler');
  const result = analyzeHandlerFile({ path: codePath, text: code, rules: [rule], bindings, strict: true });
  assert.deepEqual(result.internalErrors, []);
  return result.findings;
}

/** The template after a finding's fix: its one edit goes to the template, after the text it expects there. */
function fixedTemplate(template: string, finding: Finding): string {
  const [edit] = finding.fixes[0].edits;
  assert.equal(edit.path?.endsWith(`/app/${edit.path.split('/').pop()}`), true, 'the edit is to the template');
  assert.equal(template.slice(edit.range.start - (edit.expectedBefore?.length ?? 0), edit.range.start), edit.expectedBefore);
  return template.slice(0, edit.range.start) + edit.newText + template.slice(edit.range.end);
}

const serverless = (statements: string, extra = '') => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
${statements}
functions:
  create:
    handler: src/handler.create
    environment:
      TABLE: !Ref OrdersTable
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
${extra}`;

const putItem = `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
exports.create = async (event) => {
  await doc.send(new PutCommand({ TableName: process.env.TABLE, Item: JSON.parse(event.body) }));
  return { statusCode: 201 };
};`;

describe('code-permission-not-granted', () => {
  it('Serverless: a read-only provider role and a handler that writes', () => {
    const findings = findingsOf('serverless.yml', serverless(`        - Effect: Allow
          Action: [dynamodb:GetItem, dynamodb:Query]
          Resource: !GetAtt OrdersTable.Arn`), putItem);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].messageId, 'notGranted');
    assert.equal(
      findings[0].message,
      '`DynamoDB.DocumentClient.Put` needs `dynamodb:PutItem` on OrdersTable, and the role the Serverless Framework generates (function create) does not grant it: the call fails with AccessDenied at run time.',
    );
    assert.equal(putItem.slice(findings[0].range.start, findings[0].range.end).startsWith('new PutCommand('), true);
    const related = findings[0].related?.map((place) => place.message) ?? [];
    assert.ok(related.includes('the role the Serverless Framework generates grants the function its permissions'));
    assert.ok(related.includes('the AWS::DynamoDB::Table the call acts on (OrdersTable)'));
    assert.equal(findings[0].fixes[0].title, 'Add dynamodb:PutItem on OrdersTable to provider.iam.role.statements');
    const template = serverless(`        - Effect: Allow
          Action: [dynamodb:GetItem, dynamodb:Query]
          Resource: !GetAtt OrdersTable.Arn # the orders table`);
    const after = fixedTemplate(template, findingsOf('serverless.yml', template, putItem)[0]);
    assert.equal(
      after,
      serverless(`        - Effect: Allow
          Action: [dynamodb:GetItem, dynamodb:Query]
          Resource: !GetAtt OrdersTable.Arn # the orders table
        - Effect: Allow
          Action:
            - dynamodb:PutItem
          Resource:
            - !GetAtt OrdersTable.Arn`),
    );
    assert.deepEqual(findingsOf('serverless.yml', after, putItem), [], 'after the fix the role grants the call');
  });

  it('SAM: a read policy template and a v2 DocumentClient put', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::Serverless::SimpleTable
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: handler.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          TABLE_NAME: !Ref Table
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref Table
`;
    const code = `const AWS = require('aws-sdk');
const db = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event) => {
  const item = await db.get({ TableName: process.env.TABLE_NAME, Key: { id: '1' } }).promise();
  await db.put({ TableName: process.env.TABLE_NAME, Item: { id: '2' } }).promise();
  return item;
};`;
    const findings = findingsOf('template.yaml', template, code);
    assert.deepEqual(findings.map((finding) => finding.message), ['`DynamoDB.DocumentClient.put` needs `dynamodb:PutItem` on Table, and the role SAM generates for Fn (function Fn) does not grant it: the call fails with AccessDenied at run time.']);
    assert.equal(findings[0].fixes[0].title, 'Add dynamodb:PutItem on Table to Policies of Fn');
    const after = fixedTemplate(template, findings[0]);
    assert.equal(
      after,
      template.replace(
        '            TableName: !Ref Table\n',
        `            TableName: !Ref Table
        - Statement:
            - Effect: Allow
              Action:
                - dynamodb:PutItem
              Resource:
                - !Sub 'arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${Table}'
`,
      ),
    );
    assert.deepEqual(findingsOf('template.yaml', after, code), [], 'after the fix the role grants the call');

    // The same template as JSON: the policy document joins the Policies array.
    const json = JSON.stringify({
      Transform: 'AWS::Serverless-2016-10-31',
      Resources: {
        Table: { Type: 'AWS::Serverless::SimpleTable' },
        Fn: { Type: 'AWS::Serverless::Function', Properties: { CodeUri: 'src/', Handler: 'handler.handler', Runtime: 'nodejs20.x', Environment: { Variables: { TABLE_NAME: { Ref: 'Table' } } }, Policies: [{ DynamoDBReadPolicy: { TableName: { Ref: 'Table' } } }] } },
      },
    }, null, 2);
    const jsonFinding = findingsOf('template.json', json, code)[0];
    const fixedJson = JSON.parse(fixedTemplate(json, jsonFinding));
    assert.deepEqual(fixedJson.Resources.Fn.Properties.Policies[1], { Statement: [{ Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}' }] }] });
    assert.deepEqual(findingsOf('template.json', fixedTemplate(json, jsonFinding), code), []);
  });

  it('CloudFormation: a role that may send to a queue, and a handler that publishes to a topic', () => {
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: send
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: sqs:SendMessage
                Resource: '*'
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: src/handler.handler
      Runtime: nodejs20.x
      Role: !GetAtt Role.Arn
      Code: ./
      Environment:
        Variables:
          TOPIC: !Ref Topic
`;
    const code = `import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
const sns = new SNSClient({});
export const handler = async () => sns.send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: 'done' }));`;
    const findings = findingsOf('template.yaml', template, code, 'mjs');
    assert.equal(findings.length, 1);
    // A role of the template's own (`Role:`) is not edited from a handler: the finding has no fix.
    assert.deepEqual(findings[0].fixes, []);
    assert.match(findings[0].message, /needs `sns:Publish` on Topic, and Role \(function Fn\) does not grant it/);
    const roleRelated = findings[0].related?.find((place) => place.message === 'Role grants the function its permissions');
    assert.ok(roleRelated && 'path' in roleRelated && roleRelated.path === '/app/template.yaml');
  });

  it('SAM: an AWS managed read-only policy (its document bundled) and a handler that writes', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: handler.create
      Runtime: nodejs20.x
      Environment:
        Variables:
          TABLE: !Ref Table
      Policies:
        - AmazonDynamoDBReadOnlyAccess # reads only
`;
    const findings = findingsOf('template.yaml', template, putItem);
    assert.deepEqual(findings.map((finding) => finding.message), ['`DynamoDB.DocumentClient.Put` needs `dynamodb:PutItem` on Table, and the role SAM generates for Fn (function Fn) does not grant it: the call fails with AccessDenied at run time.']);
    const after = fixedTemplate(template, findings[0]);
    assert.equal(
      after,
      `${template}        - Statement:
            - Effect: Allow
              Action:
                - dynamodb:PutItem
              Resource:
                - !GetAtt Table.Arn
`,
    );
    assert.deepEqual(parseDocument('/app/template.yaml', after).issues, []);
    assert.deepEqual(findingsOf('template.yaml', after, putItem), [], 'after the fix the role grants the call');
    // A read the policy lists is granted; the code's own reads raise nothing.
    assert.deepEqual(findingsOf('template.yaml', template, putItem.replace('PutCommand', 'GetCommand').replace('PutCommand({', 'GetCommand({').replace('Item: JSON.parse(event.body)', "Key: { id: '1' }")), []);
  });

  describe('resources compared', () => {
    it('Serverless: the provider role allows the write on another table', () => {
      const withInvoices = (statements: string) => serverless(statements, `    InvoicesTable:
      Type: AWS::DynamoDB::Table
`);
      const template = withInvoices(`        - Effect: Allow
          Action: [dynamodb:PutItem, dynamodb:GetItem]
          Resource: !GetAtt InvoicesTable.Arn # invoices only`);
      const [finding, ...rest] = findingsOf('serverless.yml', template, putItem);
      assert.deepEqual(rest, []);
      assert.equal(finding.messageId, 'notGrantedOnResource');
      assert.equal(
        finding.message,
        '`DynamoDB.DocumentClient.Put` needs `dynamodb:PutItem` on OrdersTable, and the role the Serverless Framework generates (function create) grants it only on other resources: the call fails with AccessDenied at run time.',
      );
      const statementPlace = finding.related?.find((place) => place.message.endsWith('allows it on other resources than OrdersTable'));
      assert.ok(statementPlace && 'path' in statementPlace, 'the statement that allows it elsewhere is shown');
      assert.equal(template.slice(statementPlace.range.start, statementPlace.range.end).startsWith('Effect: Allow'), true);
      const after = fixedTemplate(template, finding);
      assert.equal(
        after,
        withInvoices(`        - Effect: Allow
          Action: [dynamodb:PutItem, dynamodb:GetItem]
          Resource: !GetAtt InvoicesTable.Arn # invoices only
        - Effect: Allow
          Action:
            - dynamodb:PutItem
          Resource:
            - !GetAtt OrdersTable.Arn`),
      );
      assert.deepEqual(parseDocument('/app/serverless.yml', after).issues, []);
      assert.deepEqual(findingsOf('serverless.yml', after, putItem), [], 'after the fix the role grants the call');
      // The same statement on the table the code writes grants it.
      assert.deepEqual(findingsOf('serverless.yml', template.replace('!GetAtt InvoicesTable.Arn', 'Fn::GetAtt: [OrdersTable, Arn]'), putItem), []);
    });

    const samBucket = (policies: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Uploads:
    Type: AWS::S3::Bucket
  Archive:
    Type: AWS::S3::Bucket
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: handler.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          BUCKET: !Ref Uploads
      Policies:
${policies}`;
    const putObject = `import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const handler = async (event) => s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: 'in/' + event.id, Body: 'x' }));`;

    it('SAM: a bucket ARN without /* does not grant an object write', () => {
      const template = samBucket(`        - Statement:
            - Effect: Allow
              Action: [s3:PutObject, s3:ListBucket]
              Resource: !GetAtt Uploads.Arn
`);
      const findings = findingsOf('template.yaml', template, putObject, 'mjs');
      assert.deepEqual(findings.map((finding) => finding.messageId), ['notGrantedOnResource']);
      assert.match(findings[0].message, /needs `s3:PutObject` on Uploads, .* grants it only on other resources/);
      const after = fixedTemplate(template, findings[0]);
      assert.equal(
        after,
        samBucket(`        - Statement:
            - Effect: Allow
              Action: [s3:PutObject, s3:ListBucket]
              Resource: !GetAtt Uploads.Arn
        - Statement:
            - Effect: Allow
              Action:
                - s3:PutObject
              Resource:
                - !Sub '\${Uploads.Arn}/*'
`),
      );
      assert.deepEqual(parseDocument('/app/template.yaml', after).issues, []);
      assert.deepEqual(findingsOf('template.yaml', after, putObject, 'mjs'), []);
      assert.deepEqual(findingsOf('template.yaml', template.replace('Resource: !GetAtt Uploads.Arn', "Resource: !Sub '${Uploads.Arn}/*'"), putObject, 'mjs'), [], 'the objects\' ARN grants it');
    });

    it('SAM: a policy template on another bucket does not grant the write', () => {
      const template = samBucket(`        - S3CrudPolicy:
            BucketName: !Ref Archive
`);
      const findings = findingsOf('template.yaml', template, putObject, 'mjs');
      assert.deepEqual(findings.map((finding) => finding.messageId), ['notGrantedOnResource']);
      const after = fixedTemplate(template, findings[0]);
      assert.deepEqual(parseDocument('/app/template.yaml', after).issues, []);
      assert.deepEqual(findingsOf('template.yaml', after, putObject, 'mjs'), []);
      assert.deepEqual(findingsOf('template.yaml', template.replace('!Ref Archive', '!Ref Uploads'), putObject, 'mjs'), [], 'the template on the bucket the code writes grants it');
    });

    it('CloudFormation JSON: a role allowed to write a table by its literal ARN, and a table named otherwise', () => {
      const template = (resource: unknown) => JSON.stringify({
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          Orders: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders' } },
          Role: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
              Policies: [{ PolicyName: 'write', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: resource }] } }],
            },
          },
          Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'src/handler.create', Runtime: 'nodejs20.x', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: './', Environment: { Variables: { TABLE: { Ref: 'Orders' } } } } },
        },
      }, null, 2);
      const findings = findingsOf('template.json', template('arn:aws:dynamodb:eu-west-1:123456789012:table/invoices'), putItem);
      assert.deepEqual(findings.map((finding) => finding.messageId), ['notGrantedOnResource']);
      assert.match(findings[0].message, /needs `dynamodb:PutItem` on Orders, and Role \(function Fn\) grants it only on other resources/);
      // A role of the template's own is not edited from a handler.
      assert.deepEqual(findings[0].fixes, []);
      assert.deepEqual(findingsOf('template.json', template('arn:aws:dynamodb:eu-west-1:123456789012:table/orders'), putItem), [], 'the table\'s own name');
      assert.deepEqual(findingsOf('template.json', template({ 'Fn::Sub': 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Orders}' }), putItem), []);
    });

    const mayMatch: Array<{ name: string; resource: string; extra?: string }> = [
      { name: 'a parameter without a default', resource: '!Ref TableArn' },
      { name: 'an import', resource: '!ImportValue shared-table' },
      { name: 'a literal ARN, and a table whose generated name is not known', resource: 'arn:aws:dynamodb:us-east-1:123456789012:table/orders-prod' },
      { name: 'a Serverless variable that may take another value at deploy time', resource: 'arn:aws:dynamodb:${aws:region}:*:table/${opt:table, "invoices"}' },
    ];
    for (const { name, resource } of mayMatch) {
      it(`silent: a Resource that may be the table (${name})`, () => {
        const template = serverless(`        - Effect: Allow
          Action: dynamodb:PutItem
          Resource: ${resource}`).replace('service: orders\n', 'service: orders\nparameters: {}\n');
        assert.deepEqual(findingsOf('serverless.yml', template, putItem), []);
      });
    }
  });

  const silent: Array<{ name: string; template: string; code?: string }> = [
    {
      name: 'the action is granted through a wildcard',
      template: serverless(`        - Effect: Allow
          Action: dynamodb:*
          Resource: '*'`),
    },
    {
      name: 'a managed policy without a document here might grant it',
      template: serverless(`        - Effect: Allow
          Action: dynamodb:GetItem
          Resource: '*'
      managedPolicies:
        - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess`),
    },
    {
      name: 'the table is named by a literal: it may be another stack\'s, with its own resource policy',
      template: serverless(`        - Effect: Allow
          Action: dynamodb:GetItem
          Resource: '*'`),
      code: putItem.replace('process.env.TABLE', "'orders'"),
    },
    {
      name: 'an AWS::IAM::RolePolicy in the template may grant it',
      template: serverless(
        `        - Effect: Allow
          Action: dynamodb:GetItem
          Resource: '*'`,
        `    Extra:
      Type: AWS::IAM::RolePolicy
      Properties:
        RoleName: x
        PolicyName: y
        PolicyDocument: { Statement: [] }
`,
      ),
    },
    {
      name: 'the role is an existing one, named by ARN',
      template: serverless('').replace(/ {2}iam:\n[\s\S]*?functions:/, '  iam:\n    role: arn:aws:iam::123456789012:role/orders\nfunctions:'),
    },
  ];
  for (const { name, template, code } of silent) {
    it(`silent: ${name}`, () => {
      assert.deepEqual(findingsOf('serverless.yml', template, code ?? putItem), []);
    });
  }

  it('silent: a client given credentials of its own (a tenant\'s assumed role) does not call as the function\'s role', () => {
    const template = serverless(`        - Effect: Allow
          Action: dynamodb:GetItem
          Resource: '*'`);
    const code = putItem.replace('new DynamoDBClient({})', 'new DynamoDBClient({ credentials: tenantCredentials })');
    assert.deepEqual(findingsOf('serverless.yml', template, code), []);
  });

  it('silent: a queue whose resource policy may grant the role what its own policy does not', () => {
    const template = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { AWS: !GetAtt Role.Arn }
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: src/handler.handler
      Runtime: nodejs20.x
      Role: !GetAtt Role.Arn
      Code: ./
      Environment:
        Variables:
          QUEUE_URL: !Ref Queue
`;
    const code = `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async () => sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: 'x' }));`;
    assert.deepEqual(findingsOf('template.yaml', template, code), []);
  });
  it('a Query of a secondary index acts on the index: a grant on the table alone misses it, one on its indexes covers it', () => {
    const queryIndex = `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, QueryCommand } = require('@aws-sdk/lib-dynamodb');
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
exports.create = async () => doc.send(new QueryCommand({ TableName: process.env.TABLE, IndexName: 'byStatus', KeyConditionExpression: 'st = :s', ExpressionAttributeValues: { ':s': 'open' } }));`;
    const onTable = serverless(`        - Effect: Allow
          Action: [dynamodb:Query]
          Resource: !GetAtt OrdersTable.Arn`);
    const findings = findingsOf('serverless.yml', onTable, queryIndex);
    assert.equal(findings.length, 1);
    assert.equal(
      findings[0].message,
      '`DynamoDB.DocumentClient.Query` needs `dynamodb:Query` on an index of OrdersTable (`OrdersTable.Arn/index/*`), and the role the Serverless Framework generates (function create) grants it only on other resources: the call fails with AccessDenied at run time.',
    );
    const after = fixedTemplate(onTable, findings[0]);
    assert.ok(after.includes("- !Sub '${OrdersTable.Arn}/index/*'"), after);
    assert.deepEqual(findingsOf('serverless.yml', after, queryIndex), [], 'after the fix the role grants the call');
    const onIndexes = serverless(`        - Effect: Allow
          Action: [dynamodb:Query]
          Resource: !Sub '\${OrdersTable.Arn}/index/*'`);
    assert.deepEqual(findingsOf('serverless.yml', onIndexes, queryIndex), []);
  });

  describe('what an event source or a poller\'s managed policy grants', () => {
    const consume = `const { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, SendMessageCommand } = require('@aws-sdk/client-sqs');
const sqs = new SQSClient({});
exports.handler = async () => {
  await sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.QUEUE_URL }));
  await sqs.send(new DeleteMessageCommand({ QueueUrl: process.env.QUEUE_URL, ReceiptHandle: 'r' }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: 'again' }));
};`;
    /** The actions the findings name: only the send, which no poller's grant allows. */
    const named = (findings: Finding[]) => findings.map((finding) => /needs `([^`]+)`/.exec(finding.message)?.[1]);

    it('SAM: an SQS event attaches AWSLambdaSQSQueueExecutionRole to the generated role', () => {
      const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: src/handler.handler
      Environment:
        Variables:
          QUEUE_URL: !Ref Queue
      Events:
        Q:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
`;
      assert.deepEqual(named(findingsOf('template.yaml', template, consume)), ['sqs:SendMessage']);
    });

    it('Serverless: an sqs event allows receive, delete and attributes on its queue', () => {
      const template = `service: poll
provider:
  name: aws
  runtime: nodejs20.x
functions:
  worker:
    handler: src/handler.handler
    environment:
      QUEUE_URL: !Ref Queue
    events:
      - sqs:
          arn: !GetAtt Queue.Arn
resources:
  Resources:
    Queue:
      Type: AWS::SQS::Queue
`;
      assert.deepEqual(named(findingsOf('serverless.yml', template, consume)), ['sqs:SendMessage']);
    });

    it('CloudFormation: a role with the AWS managed AWSLambdaSQSQueueExecutionRole', () => {
      const template = `Resources:
  Queue:
    Type: AWS::SQS::Queue
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: src/handler.handler
      Code: ./
      Role: !GetAtt Role.Arn
      Environment:
        Variables:
          QUEUE_URL: !Ref Queue
`;
      assert.deepEqual(named(findingsOf('template.yaml', template, consume)), ['sqs:SendMessage']);
    });
  });

  it('Serverless: an AWS::IAM::Policy on the generated role grants the write; an override of that role silences', () => {
    const readOnly = `        - Effect: Allow
          Action: [dynamodb:GetItem]
          Resource: !GetAtt OrdersTable.Arn`;
    const withPolicy = serverless(readOnly, `    ExtraPolicy:
      Type: AWS::IAM::Policy
      Properties:
        PolicyName: extra
        Roles: [!Ref IamRoleLambdaExecution]
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: dynamodb:PutItem
              Resource: !GetAtt OrdersTable.Arn
`);
    assert.deepEqual(findingsOf('serverless.yml', withPolicy, putItem), []);
    assert.equal(findingsOf('serverless.yml', withPolicy.replace('Action: dynamodb:PutItem', 'Action: dynamodb:DeleteItem'), putItem).length, 1, 'a policy that allows something else does not');
    const override = serverless(readOnly, `    IamRoleLambdaExecution:
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument: {}
`);
    assert.deepEqual(findingsOf('serverless.yml', override, putItem), []);
  });
});

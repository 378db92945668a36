import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, analyzeCode, joinHandlerCode, summariseHandlerCode, type AnalysisResult, type HandlerCodeSummary } from '../../server/src/engine';
import rule from './iam-unused-permission';

/** A summary as the shells give it: the actions a function's handler calls. */
function handler(actions: string[], extra: Partial<HandlerCodeSummary> = {}): HandlerCodeSummary {
  return { path: '/app/src/handler.js', exportName: 'handler', auth: 'none', validators: [], sinks: [], ...(actions.length > 0 ? { actions } : {}), ...extra };
}

function joined(path: string, text: string, handlers: Record<string, HandlerCodeSummary>): AnalysisResult {
  const result = analyze({ path, text, rules: [rule], strict: true });
  assert.deepEqual(result.internalErrors, []);
  assert.equal(result.findings.length, 0, 'analyze() alone does not run a rule that reads handler code');
  return joinHandlerCode(result, new Map(Object.entries(handlers)), { rules: [rule] });
}

/** The text after applying a finding's fix. */
function fixed(text: string, result: AnalysisResult, index = 0): string {
  const edits = [...result.findings[index].fixes[0].edits].sort((a, b) => b.range.start - a.range.start);
  return edits.reduce((current, edit) => current.slice(0, edit.range.start) + edit.newText + current.slice(edit.range.end), text);
}

const serverless = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        # the orders table
        - Effect: Allow
          Action:
            - dynamodb:*
          Resource: !GetAtt Orders.Arn
functions:
  create:
    handler: src/handler.create
  list:
    handler: src/handler.list
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
`;

describe('iam-unused-permission', () => {
  it('Serverless: dynamodb:* on a shared provider role, where the code puts and queries', () => {
    const result = joined('serverless.yml', serverless, { create: handler(['dynamodb:PutItem']), list: handler(['dynamodb:Query']) });
    assert.equal(result.findings.length, 1);
    const finding = result.findings[0];
    assert.equal(finding.messageId, 'unusedWrite');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /^The 2 functions on this role \(create and list\) are granted `dynamodb:/);
    assert.match(finding.message, /its code calls only `dynamodb:PutItem` and `dynamodb:Query`\.$/);
    assert.equal(fixed(serverless, result), serverless.replace('Action:\n            - dynamodb:*', 'Action:\n            [dynamodb:PutItem, dynamodb:Query]'));
  });

  describe("Action: '*'", () => {
    const putWithKey = handler(['dynamodb:PutItem'], { sideActions: ['kms:Decrypt'] });

    it('SAM: the fix lists the used actions, the side permission and Lambda\'s logs; the message names only what the code calls', () => {
      const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/handler.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: '*'
              Resource: '*'
`;
      const result = joined('template.yaml', sam, { Fn: putWithKey });
      assert.equal(result.findings.length, 1);
      assert.match(result.findings[0].message, /\(2\d\d\d\d actions in all\), which no function on the role calls; its code calls only `dynamodb:PutItem`\.$/);
      assert.equal(result.findings[0].fixes[0].title, 'Grant only dynamodb:PutItem, kms:Decrypt, logs:CreateLogGroup and 2 more');
      assert.equal(fixed(sam, result), sam.replace("Action: '*'", 'Action: [dynamodb:PutItem, kms:Decrypt, logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents]'));
    });

    it('Serverless: a function with tracing also keeps the trace uploads', () => {
      const text = serverless.replace('            - dynamodb:*', "            - '*'").replace('  runtime: nodejs20.x\n', '  runtime: nodejs20.x\n  tracing:\n    lambda: true\n');
      const result = joined('serverless.yml', text, { create: handler(['dynamodb:PutItem']), list: handler(['dynamodb:Query']) });
      assert.equal(result.findings.length, 1);
      assert.equal(
        fixed(text, result),
        text.replace("Action:\n            - '*'", 'Action:\n            [dynamodb:PutItem, dynamodb:Query, logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents, xray:GetSamplingRules, xray:GetSamplingStatisticSummaries, xray:GetSamplingTargets, xray:PutTelemetryRecords, xray:PutTraceSegments]'),
      );
    });

    it('CloudFormation JSON: the same rewrite in JSON', () => {
      const json = JSON.stringify({
        Resources: {
          Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, Policies: [{ PolicyName: 'all', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }] } },
          Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'src/handler.handler', Runtime: 'nodejs20.x', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: { ZipFile: 'x' } } },
        },
      }, null, 2);
      const result = joined('template.json', json, { Fn: putWithKey });
      assert.equal(result.findings.length, 1);
      assert.equal(fixed(json, result), json.replace('"Action": "*"', '"Action": [\n                    "dynamodb:PutItem",\n                    "kms:Decrypt",\n                    "logs:CreateLogGroup",\n                    "logs:CreateLogStream",\n                    "logs:PutLogEvents"\n                  ]'));
    });
  });

  it('read-only leftovers are info; an exact unused action is dropped from the list', () => {
    const text = serverless.replace('            - dynamodb:*', '            - dynamodb:GetItem\n            - dynamodb:Query');
    const result = joined('serverless.yml', text, { create: handler(['dynamodb:Query']), list: handler(['dynamodb:Query']) });
    assert.equal(result.findings[0].messageId, 'unusedRead');
    assert.equal(result.findings[0].severity, 'info');
    assert.equal(fixed(text, result), text.replace('Action:\n            - dynamodb:GetItem\n            - dynamodb:Query', 'Action:\n            [dynamodb:Query]'));
  });

  it('SAM: an inline statement in Policies, in JSON', () => {
    const text = JSON.stringify(
      {
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: {
          Queue: { Type: 'AWS::SQS::Queue' },
          Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', Runtime: 'nodejs20.x', CodeUri: 'src/', Policies: [{ Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage', 'sqs:DeleteQueue'], Resource: '*' }] }] } },
        },
      },
      null,
      2,
    );
    const result = joined('template.json', text, { Fn: handler(['sqs:SendMessage']) });
    assert.equal(result.findings.length, 1);
    assert.match(result.findings[0].message, /^Function Fn is granted `sqs:DeleteQueue`, which no function on the role calls; its code calls only `sqs:SendMessage`\.$/);
    const after = JSON.parse(fixed(text, result));
    assert.deepEqual(after.Resources.Fn.Properties.Policies[0].Statement[0].Action, ['sqs:SendMessage']);
  });

  const cloudformation = (trusted: string) => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ${trusted} }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:PutObject, s3:DeleteObject]
                Resource: '*'
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Role: !GetAtt Role.Arn
      Code: ./
`;

  it('CloudFormation: a role trusted by Lambda alone', () => {
    const text = cloudformation('lambda.amazonaws.com');
    const result = joined('template.yaml', text, { Fn: handler(['s3:GetObject']) });
    assert.equal(result.findings.length, 1);
    assert.match(result.findings[0].message, /is granted `s3:DeleteObject` and `s3:PutObject`/);
    assert.equal(fixed(text, result), text.replace('Action: [s3:GetObject, s3:PutObject, s3:DeleteObject]', 'Action: [s3:GetObject]'));
  });

  it("names cdk-nag's IAM5 only on an IAM resource's statement that holds a '*' (cdk-nag's IAMNoWildcardPermissions.ts)", () => {
    const text = cloudformation('lambda.amazonaws.com');
    assert.deepEqual(joined('template.yaml', text, { Fn: handler(['s3:GetObject']) }).findings.map((finding) => finding.equivalents), [['AwsSolutions-IAM5']]);
    const exact = text.replace("Resource: '*'", 'Resource: arn:aws:s3:::reports/summary.csv');
    assert.deepEqual(joined('template.yaml', exact, { Fn: handler(['s3:GetObject']) }).findings.map((finding) => finding.equivalents), [[]]);
  });

  const silent: Array<[string, string, string, Record<string, HandlerCodeSummary>]> = [
    ['a role that a state machine may also assume', 'template.yaml', cloudformation('[lambda.amazonaws.com, states.amazonaws.com]'), { Fn: handler(['s3:GetObject']) }],
    ['a function whose handler was not read', 'serverless.yml', serverless, { create: handler(['dynamodb:PutItem']) }],
    ['a handler whose calls are not all known', 'serverless.yml', serverless, { create: handler(['dynamodb:PutItem']), list: handler(['dynamodb:Query'], { actionsIncomplete: ['imports dynamoose, which may call AWS for the code'] }) }],
    ['every action granted is called', 'template.yaml', cloudformation('lambda.amazonaws.com'), { Fn: handler(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) }],
    [
      'Serverless: resources override the generated role IamRoleLambdaExecution (merged into it at deploy)',
      'serverless.yml',
      `${serverless}    IamRoleLambdaExecution:\n      Type: AWS::IAM::Role\n      Properties:\n        AssumeRolePolicyDocument: {}\n`,
      { create: handler(['dynamodb:PutItem']), list: handler(['dynamodb:Query']) },
    ],
  ];
  for (const [name, path, text, handlers] of silent) {
    it(`silent: ${name}`, () => assert.deepEqual(joined(path, text, handlers).findings, []));
  }

  it('platform actions (logs, event-source polling) are never unused; nothingUsed has no fix', () => {
    const text = serverless.replace('            - dynamodb:*', '            - logs:CreateLogStream\n            - sqs:ReceiveMessage\n            - sns:Publish');
    const result = joined('serverless.yml', text, { create: handler([]), list: handler([]) });
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].messageId, 'unusedWrite');
    assert.match(result.findings[0].message, /are granted `sns:Publish`, which no function on the role calls; the statement's other actions \(`logs:CreateLogStream` and `sqs:ReceiveMessage`\) are what Lambda itself uses for the function\.$/);
    assert.equal(fixed(text, result), serverless.replace('Action:\n            - dynamodb:*', 'Action:\n            [logs:CreateLogStream, sqs:ReceiveMessage]'));
    // A statement whose every action is unused: no rewrite can keep it; the message says so and there is no fix.
    const unusedOnly = serverless.replace('            - dynamodb:*', '            - sns:Publish');
    const nothing = joined('serverless.yml', unusedOnly, { create: handler([]), list: handler([]) });
    assert.equal(nothing.findings[0].messageId, 'nothingUsed');
    assert.match(nothing.findings[0].message, /are granted `sns:Publish` by this statement, and its code calls none of them/);
    assert.deepEqual(nothing.findings[0].fixes, []);
  });

  describe('logs, X-Ray, EC2, KMS and CloudWatch: only what Lambda itself calls is exempt', () => {
    const sam = (action: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/handler.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: ${action}
              Resource: '*'
`;

    it('destructive actions of those services are unused like any other (warning, the destructive ones named first)', () => {
      const text = sam('[kms:ScheduleKeyDeletion, kms:PutKeyPolicy, ec2:TerminateInstances, cloudwatch:DeleteAlarms, logs:DeleteLogGroup]');
      const result = joined('template.yaml', text, { Fn: handler([]) });
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0].messageId, 'nothingUsed');
      assert.equal(result.findings[0].severity, 'warning');
      assert.equal(result.findings[0].message, 'Function Fn is granted `cloudwatch:DeleteAlarms`, `ec2:TerminateInstances` and `kms:ScheduleKeyDeletion` (5 actions in all) by this statement, and its code calls none of them.');
      assert.deepEqual(result.findings[0].fixes, []);
    });

    it("Lambda's own actions (logs, traces, VPC interfaces, the environment's key) are never unused, whatever the template says", () => {
      const own = '[logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents, xray:PutTraceSegments, xray:PutTelemetryRecords, ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface, kms:Decrypt]';
      assert.deepEqual(joined('template.yaml', sam(own), { Fn: handler([]) }).findings, []);
    });

    it('logs:* grants the three logs actions Lambda uses and many more: the rest is a warning, and the fix keeps the three', () => {
      const text = sam("'logs:*'");
      const result = joined('template.yaml', text, { Fn: handler([]) });
      assert.equal(result.findings.length, 1);
      const finding = result.findings[0];
      assert.equal(finding.messageId, 'unusedWrite');
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, /^Function Fn is granted `logs:Delete\w+`, `logs:Delete\w+` and `logs:Delete\w+` \(\d+ actions in all\), which no function on the role calls; the statement's other actions \(`logs:CreateLogGroup`, `logs:CreateLogStream` and `logs:PutLogEvents`\) are what Lambda itself uses for the function\.$/);
      assert.equal(fixed(text, result), sam('[logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents]'));
    });

    it('kms:* keeps the side permissions of the calls and kms:Decrypt; the JSON fix writes a list', () => {
      const json = JSON.stringify({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'src/handler.handler', Runtime: 'nodejs20.x', Policies: [{ Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }] } } } }, null, 2);
      const result = joined('template.json', json, { Fn: handler(['sqs:SendMessage'], { sideActions: ['kms:GenerateDataKey', 'kms:Decrypt'] }) });
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0].messageId, 'unusedWrite');
      assert.match(result.findings[0].message, /\(\d+ actions in all\), which no function on the role calls; its code's calls may need only `kms:Decrypt` and `kms:GenerateDataKey` \(side permissions\)\.$/);
      assert.equal(JSON.parse(fixed(json, result)).Resources.Fn.Properties.Policies[0].Statement[0].Action.join(), 'kms:Decrypt,kms:GenerateDataKey');
    });

    it('xray:* and ec2:* in Serverless keep what Lambda calls there', () => {
      const text = serverless.replace('            - dynamodb:*', "            - 'xray:*'\n            - 'ec2:*'");
      const result = joined('serverless.yml', text, { create: handler([]), list: handler([]) });
      assert.equal(result.findings.length, 1);
      assert.deepEqual([result.findings[0].messageId, result.findings[0].severity], ['unusedWrite', 'warning']);
      assert.match(result.findings[0].message, /granted `ec2:Delete\w+`, /);
      const after = fixed(text, result);
      assert.match(after, /Action:\n            \[xray:GetSamplingRules, xray:GetSamplingStatisticSummaries, xray:GetSamplingTargets, xray:PutTelemetryRecords, xray:PutTraceSegments, ec2:AssignPrivateIpAddresses, ec2:CreateNetworkInterface, /);
    });

    it('read-only CloudWatch and X-Ray actions nothing calls are info', () => {
      const result = joined('template.yaml', sam('[cloudwatch:GetMetricData, xray:GetTraceSummaries]'), { Fn: handler([]) });
      assert.deepEqual(result.findings.map((finding) => [finding.messageId, finding.severity]), [['nothingUsedRead', 'info']]);
      assert.equal(result.findings[0].message, 'Function Fn is granted `cloudwatch:GetMetricData` and `xray:GetTraceSummaries` by this statement (read access), and its code calls none of them.');
      const withLogs = joined('template.yaml', sam('[cloudwatch:GetMetricData, logs:PutLogEvents]'), { Fn: handler([]) });
      assert.deepEqual(withLogs.findings.map((finding) => [finding.messageId, finding.severity]), [['unusedRead', 'info']]);
    });
  });

  describe('Serverless: an AWS::IAM::Policy attached to the generated role', () => {
    const onGenerated = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  create:
    handler: src/handler.create
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
    ExtraPolicy:
      Type: AWS::IAM::Policy
      Properties:
        PolicyName: extra
        Roles: [!Ref IamRoleLambdaExecution]
        PolicyDocument:
          Statement:
            - Effect: Allow
              Action: [dynamodb:PutItem, dynamodb:DeleteItem]
              Resource: !GetAtt Orders.Arn
`;

    it('is judged like the provider\'s statements', () => {
      const result = joined('serverless.yml', onGenerated, { create: handler(['dynamodb:PutItem']) });
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0].messageId, 'unusedWrite');
      assert.equal(result.findings[0].message, 'Function create is granted `dynamodb:DeleteItem`, which no function on the role calls; its code calls only `dynamodb:PutItem`.');
      assert.equal(fixed(onGenerated, result), onGenerated.replace('Action: [dynamodb:PutItem, dynamodb:DeleteItem]', 'Action: [dynamodb:PutItem]'));
    });

    const silentOnGenerated: Array<[string, string]> = [
      // Without serverless-iam-roles-per-function, a function's own statements are ignored and it may run with the generated role.
      ['a function whose own statements make its role uncertain', onGenerated.replace('    handler: src/handler.create\n', '    handler: src/handler.create\n  other:\n    handler: src/handler.other\n    iamRoleStatements: []\n')],
      ['the generated role overridden in resources', `${onGenerated}    IamRoleLambdaExecution:\n      Type: AWS::IAM::Role\n      Properties:\n        AssumeRolePolicyDocument: {}\n`],
      ['the policy also attached to a user', onGenerated.replace('        Roles: [!Ref IamRoleLambdaExecution]\n', '        Roles: [!Ref IamRoleLambdaExecution]\n        Users: [deployer]\n')],
    ];
    for (const [name, text] of silentOnGenerated) {
      it(`silent: ${name}`, () => assert.deepEqual(joined('serverless.yml', text, { create: handler(['dynamodb:PutItem']), other: handler([]) }).findings, []));
    }
  });

  it('from the code: a handler file modelled as the shells model it', () => {
    const code = analyzeCode({
      path: '/app/src/handler.js',
      text: `const AWS = require('aws-sdk'); const db = new AWS.DynamoDB.DocumentClient();
exports.create = async (event) => db.put({ TableName: process.env.TABLE, Item: {} }).promise();
exports.list = async () => db.query({ TableName: process.env.TABLE }).promise();`,
      handlers: [{ exportName: 'create' }, { exportName: 'list' }],
    });
    const result = joined('serverless.yml', serverless, { create: summariseHandlerCode(code, 'create'), list: summariseHandlerCode(code, 'list') });
    assert.match(result.findings[0].message, /its code calls only `dynamodb:PutItem` and `dynamodb:Query`/);
  });

  describe('the resources the code calls an action on', () => {
    // Two tables, one statement each: the code writes to Orders and only reads Audit.
    const twoTables = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:PutItem, dynamodb:Query]
          Resource: !GetAtt Orders.Arn
        - Effect: Allow
          Action: [dynamodb:PutItem, dynamodb:Query]
          Resource:
            - !GetAtt Audit.Arn
functions:
  create:
    handler: src/handler.create
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
    Audit:
      Type: AWS::DynamoDB::Table
`;
    const onTables = (resources: Record<string, HandlerCodeSummary['actionResources'] extends infer R ? R extends Record<string, infer V> ? V : never : never>) =>
      handler(Object.keys(resources), { actionResources: resources });

    it('an action granted on a table the code never calls it on is unused there', () => {
      const result = joined('serverless.yml', twoTables, {
        create: onTables({ 'dynamodb:PutItem': [{ 'Fn::GetAtt': ['Orders', 'Arn'] }], 'dynamodb:Query': [{ 'Fn::GetAtt': ['Orders', 'Arn'] }, { 'Fn::GetAtt': ['Audit', 'Arn'] }] }),
      });
      assert.equal(result.findings.length, 1, 'the Orders statement is all used');
      const finding = result.findings[0];
      assert.equal(finding.messageId, 'unusedWrite');
      assert.equal(
        finding.message,
        'Function create is granted `dynamodb:PutItem`, which no function on the role calls; its code calls only `dynamodb:Query` (and `dynamodb:PutItem` only on resources this statement\'s Resource does not cover).',
      );
      assert.equal(fixed(twoTables, result), twoTables.replace('Action: [dynamodb:PutItem, dynamodb:Query]\n          Resource:\n            - !GetAtt Audit.Arn', 'Action: [dynamodb:Query]\n          Resource:\n            - !GetAtt Audit.Arn'));
    });

    it('a statement whose every action is called only elsewhere says so', () => {
      const result = joined('serverless.yml', twoTables, {
        create: onTables({ 'dynamodb:PutItem': [{ 'Fn::GetAtt': ['Orders', 'Arn'] }], 'dynamodb:Query': [{ 'Fn::Sub': '${Orders.Arn}/index/*' }] }),
      });
      // The Orders statement's Query is unused too: a query of an index needs the index's ARN, which the table's does not cover.
      assert.deepEqual(result.findings.map((finding) => finding.messageId), ['unusedRead', 'nothingUsedHere']);
      assert.match(result.findings[0].message, /granted `dynamodb:Query`, .*its code calls only `dynamodb:PutItem` \(and `dynamodb:Query` only on resources/);
      assert.match(result.findings[1].message, /granted `dynamodb:PutItem` and `dynamodb:Query` by this statement; its code calls `dynamodb:PutItem` and `dynamodb:Query`, but only on resources this statement's Resource does not cover\.$/);
      assert.deepEqual(result.findings[1].fixes, []);
    });

    it('read-only: a statement of reads called only elsewhere is info', () => {
      const reads = twoTables.replace(/Action: \[dynamodb:PutItem, dynamodb:Query\]\n          Resource:\n            - !GetAtt Audit\.Arn/, 'Action: [dynamodb:Query]\n          Resource:\n            - !GetAtt Audit.Arn');
      const result = joined('serverless.yml', reads, { create: onTables({ 'dynamodb:PutItem': [{ 'Fn::GetAtt': ['Orders', 'Arn'] }], 'dynamodb:Query': [{ 'Fn::GetAtt': ['Orders', 'Arn'] }] }) });
      assert.deepEqual(result.findings.map((finding) => [finding.messageId, finding.severity]), [['nothingUsedHereRead', 'info']]);
      assert.match(result.findings[0].message, /granted `dynamodb:Query` by this statement \(read access\); its code calls `dynamodb:Query`, but only on resources/);
    });

    it('JSON CloudFormation: a bucket statement and a queue the code sends to', () => {
      const text = JSON.stringify(
        {
          Resources: {
            Uploads: { Type: 'AWS::S3::Bucket' },
            Archive: { Type: 'AWS::S3::Bucket' },
            Role: {
              Type: 'AWS::IAM::Role',
              Properties: {
                AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
                Policies: [{ PolicyName: 'archive', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: { 'Fn::Sub': '${Archive.Arn}/*' } }] } }],
              },
            },
            Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: './' } },
          },
        },
        null,
        2,
      );
      const result = joined('template.json', text, { Fn: onTables({ 's3:GetObject': [{ 'Fn::Sub': '${Archive.Arn}/*' }], 's3:PutObject': [{ 'Fn::Sub': '${Uploads.Arn}/*' }] }) });
      assert.equal(result.findings.length, 1);
      assert.match(result.findings[0].message, /^Function Fn is granted `s3:PutObject`, .* \(and `s3:PutObject` only on resources/);
      assert.deepEqual(JSON.parse(fixed(text, result)).Resources.Role.Properties.Policies[0].PolicyDocument.Statement[0].Action, ['s3:GetObject']);
    });

    const used: Array<[string, HandlerCodeSummary['actionResources']]> = [
      ['a call whose resource is not known (null)', { 'dynamodb:PutItem': null, 'dynamodb:Query': [{ 'Fn::GetAtt': ['Audit', 'Arn'] }] }],
      ['a call on *', { 'dynamodb:PutItem': ['*'], 'dynamodb:Query': [{ 'Fn::GetAtt': ['Audit', 'Arn'] }] }],
      ['a call on a !Sub of pseudo parameters', { 'dynamodb:PutItem': [{ 'Fn::Sub': 'arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Name}' }], 'dynamodb:Query': [{ 'Fn::GetAtt': ['Audit', 'Arn'] }] }],
      ['one of the calls is on this statement\'s table', { 'dynamodb:PutItem': [{ 'Fn::GetAtt': ['Orders', 'Arn'] }, { 'Fn::GetAtt': ['Audit', 'Arn'] }], 'dynamodb:Query': [{ 'Fn::GetAtt': ['Audit', 'Arn'] }] }],
    ];
    for (const [name, resources] of used) {
      it(`still used through the statement: ${name}`, () => {
        const result = joined('serverless.yml', twoTables, { create: onTables({ ...resources }) });
        assert.deepEqual(result.findings.filter((finding) => finding.range.start > twoTables.indexOf('Audit.Arn') - 100), []);
      });
    }

    it('silent when the statement\'s Resource is *', () => {
      const text = twoTables.replace('            - !GetAtt Audit.Arn', "            - '*'");
      const result = joined('serverless.yml', text, { create: onTables({ 'dynamodb:PutItem': [{ 'Fn::GetAtt': ['Orders', 'Arn'] }], 'dynamodb:Query': [{ 'Fn::GetAtt': ['Orders', 'Arn'] }] }) });
      assert.deepEqual(result.findings, []);
    });
  });

  it('a reasoned slsward-ignore on the statement moves the finding to suppressed', () => {
    const text = serverless.replace('          Action:\n            - dynamodb:*', '          # slsward-ignore iam-unused-permission: a migration job shares this role\n          Action:\n            - dynamodb:*');
    const result = joined('serverless.yml', text, { create: handler(['dynamodb:PutItem']), list: handler(['dynamodb:Query']) });
    assert.deepEqual(result.findings, []);
    assert.equal(result.suppressed[0]?.finding.ruleId, 'iam-unused-permission');
  });

  describe('SAM policy templates', () => {
    // JSON, as `sam build` writes it: one function, one policy template on a table or a bucket.
    const sam = (template: string, parameter: Record<string, unknown>) =>
      JSON.stringify(
        {
          Transform: 'AWS::Serverless-2016-10-31',
          Resources: {
            Orders: { Type: 'AWS::DynamoDB::Table' },
            Uploads: { Type: 'AWS::S3::Bucket' },
            Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', Runtime: 'nodejs20.x', CodeUri: 'src/', Policies: [{ [template]: parameter }] } },
          },
        },
        null,
        2,
      );

    it('a Crud template for a function that only reads: the Read template is the fix', () => {
      const text = sam('DynamoDBCrudPolicy', { TableName: { Ref: 'Orders' } });
      const result = joined('template.json', text, { Fn: handler(['dynamodb:GetItem', 'dynamodb:Query']) });
      assert.equal(result.findings.length, 1);
      const finding = result.findings[0];
      assert.equal(finding.messageId, 'narrowerTemplate');
      assert.match(finding.message, /^Function Fn is granted `dynamodb:BatchWriteItem`, `dynamodb:DeleteItem` and `dynamodb:PutItem` \(\d+ unused actions in all\) by the DynamoDBCrudPolicy policy template, which no function on the role calls; its code calls only `dynamodb:GetItem` and `dynamodb:Query`: DynamoDBReadPolicy grants what is used\.$/);
      assert.equal(fixed(text, result), text.replace('DynamoDBCrudPolicy', 'DynamoDBReadPolicy'));
    });

    it('no narrower template covers reads and writes: the fix replaces the template with an inline statement (JSON)', () => {
      const text = sam('S3CrudPolicy', { BucketName: { Ref: 'Uploads' } });
      const result = joined('template.json', text, { Fn: handler(['s3:GetObject', 's3:PutObject']) });
      assert.equal(result.findings.length, 1);
      const finding = result.findings[0];
      assert.equal(finding.messageId, 'inlineTemplate');
      assert.equal(finding.severity, 'warning');
      assert.match(finding.message, /`s3:DeleteObject`.* by the S3CrudPolicy policy template, which no function on the role calls; its code calls only `s3:GetObject` and `s3:PutObject`, and no narrower template grants just that/);
      assert.equal(finding.fixes[0].title, 'Replace S3CrudPolicy with a statement of s3:GetObject, s3:PutObject');
      const after = fixed(text, result);
      const policies = { Statement: [{ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:${AWS::Partition}:s3:::${BucketName}', 'arn:${AWS::Partition}:s3:::${BucketName}/*'].map((arn) => ({ 'Fn::Sub': [arn, { BucketName: { Ref: 'Uploads' } }] })) }] };
      const expected = JSON.parse(text);
      expected.Resources.Fn.Properties.Policies = [policies];
      assert.equal(after, JSON.stringify(expected, null, 2), 'the same document, the template replaced in the file\'s own layout');
      assert.deepEqual(joined('template.json', after, { Fn: handler(['s3:GetObject', 's3:PutObject']) }).findings, [], 'the rewritten policy grants what the code uses');
    });

    const samYaml = (policies: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Uploads:
    Type: AWS::S3::Bucket
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        # uploads, read and written by the handler
${policies}
`;

    it('the inline rewrite in YAML, block and flow, keeps the comments and the other entries', () => {
      const text = samYaml(`        - S3CrudPolicy:
            BucketName: !Ref Uploads # the bucket
        - AWSXRayDaemonWriteAccess`);
      const result = joined('template.yaml', text, { Fn: handler(['s3:GetObject', 's3:PutObject']) });
      assert.deepEqual(result.findings.map((finding) => finding.messageId), ['inlineTemplate']);
      const after = fixed(text, result);
      assert.equal(
        after,
        samYaml(`        - Statement:
            - Effect: Allow
              Action:
                - s3:GetObject
                - s3:PutObject
              Resource:
                - !Sub ['arn:\${AWS::Partition}:s3:::\${BucketName}', {BucketName: !Ref Uploads}]
                - !Sub ['arn:\${AWS::Partition}:s3:::\${BucketName}/*', {BucketName: !Ref Uploads}] # the bucket
        - AWSXRayDaemonWriteAccess`),
      );
      const again = analyze({ path: 'template.yaml', text: after, rules: [rule] });
      assert.deepEqual(again.issues, [], 'the fixed template parses');
      assert.deepEqual(joined('template.yaml', after, { Fn: handler(['s3:GetObject', 's3:PutObject']) }).findings, []);

      const flow = samYaml('        - {S3CrudPolicy: {BucketName: !Ref Uploads}}');
      const flowResult = joined('template.yaml', flow, { Fn: handler(['s3:GetObject', 's3:PutObject']) });
      assert.equal(
        fixed(flow, flowResult),
        samYaml("        - {Statement: [{Effect: Allow, Action: [s3:GetObject, s3:PutObject], Resource: [!Sub ['arn:${AWS::Partition}:s3:::${BucketName}', {BucketName: !Ref Uploads}], !Sub ['arn:${AWS::Partition}:s3:::${BucketName}/*', {BucketName: !Ref Uploads}]]}]}"),
      );
    });

    it('the comments of the template entry stay in the rewrite', () => {
      const text = samYaml(`        - S3CrudPolicy: # the handler reads and writes uploads
            # the one bucket
            BucketName: !Ref Uploads`);
      const result = joined('template.yaml', text, { Fn: handler(['s3:GetObject', 's3:PutObject']) });
      assert.equal(
        fixed(text, result),
        samYaml(`        - Statement: # the handler reads and writes uploads
            # the one bucket
            - Effect: Allow
              Action:
                - s3:GetObject
                - s3:PutObject
              Resource:
                - !Sub ['arn:\${AWS::Partition}:s3:::\${BucketName}', {BucketName: !Ref Uploads}]
                - !Sub ['arn:\${AWS::Partition}:s3:::\${BucketName}/*', {BucketName: !Ref Uploads}]`),
      );
    });

    it('no fix when a parameter is written over several lines: the finding stays at info', () => {
      const text = samYaml(`        - S3CrudPolicy:
            BucketName:
              Ref: Uploads`);
      const result = joined('template.yaml', text, { Fn: handler(['s3:GetObject', 's3:PutObject']) });
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0].messageId, 'unusedTemplate');
      assert.equal(result.findings[0].severity, 'info');
      assert.deepEqual(result.findings[0].fixes, []);
    });

    it('silent when the template\'s unused actions only read', () => {
      const text = sam('DynamoDBReadPolicy', { TableName: { Ref: 'Orders' } });
      assert.deepEqual(joined('template.json', text, { Fn: handler(['dynamodb:GetItem']) }).findings, []);
    });
  });
});

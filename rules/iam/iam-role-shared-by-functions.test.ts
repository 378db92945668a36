import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionResourcesOf, analyze, analyzeCode, buildProject, joinHandlerCode, parseDocument, summariseHandlerCode, type HandlerCodeSummary } from '../../server/src/engine';
import rule from './iam-role-shared-by-functions';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: two functions on the provider role, and three that only write logs',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [sqs:SendMessage, sqs:ReceiveMessage]
          Resource: !GetAtt Queue.Arn
functions:
  sender:
    handler: h.send
  receiver:
    handler: h.receive
`,
    },
    {
      name: 'serverless: per-function iamRoleStatements and roles give functions their own roles; a logging-only provider role',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [logs:CreateLogStream, logs:PutLogEvents, xray:PutTraceSegments]
          Resource: '*'
      managedPolicies:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole
functions:
  a:
    handler: h.a
  b:
    handler: h.b
  c:
    handler: h.c
  d:
    handler: h.d
    iamRoleStatements:
      - Effect: Allow
        Action: dynamodb:GetItem
        Resource: !GetAtt Table.Arn
`,
    },
    {
      name: 'SAM: every function gets its own generated role',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.h, Runtime: nodejs20.x, Policies: [DynamoDBReadPolicy: { TableName: !Ref T }] }
  B:
    Type: AWS::Serverless::Function
    Properties: { Handler: b.h, Runtime: nodejs20.x, Policies: [DynamoDBCrudPolicy: { TableName: !Ref T }] }
  C:
    Type: AWS::Serverless::Function
    Properties: { Handler: c.h, Runtime: nodejs20.x, Policies: [DynamoDBCrudPolicy: { TableName: !Ref T }] }
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: the provider role shared by a CRUD service',
      path: 'serverless.yml',
      code: `service: todos
provider:
  name: aws
  iam:
# ^^^ iam-role-shared-by-functions:sharedProviderRole
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:Query, dynamodb:GetItem, dynamodb:PutItem, dynamodb:DeleteItem]
          Resource: arn:aws:dynamodb:us-east-1:*:table/todos
functions:
  create:
    handler: h.create
  list:
    handler: h.list
  delete:
    handler: h.delete
  own:
    handler: h.own
    iamRoleStatements: []
`,
      errors: [{ messageId: 'sharedProviderRole', data: { count: '3', names: 'create, list, delete', grant: 'dynamodb:Query, dynamodb:GetItem, dynamodb:PutItem and 1 more' } }],
    },
    {
      name: 'SAM: one role named by every function',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  LambdaRole:
# ^^^^^^^^^^ iam-role-shared-by-functions:sharedRole
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/AmazonTranscribeFullAccess
  A:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.h, Runtime: nodejs20.x, Role: !GetAtt LambdaRole.Arn }
  B:
    Type: AWS::Serverless::Function
    Properties: { Handler: b.h, Runtime: nodejs20.x, Role: !GetAtt LambdaRole.Arn }
  C:
    Type: AWS::Serverless::Function
    Properties: { Handler: c.h, Runtime: nodejs20.x, Role: !GetAtt LambdaRole.Arn }
`,
      errors: [{ messageId: 'sharedRole', data: { role: 'LambdaRole', count: '3', grant: 'the managed policy AmazonTranscribeFullAccess' } }],
    },
    {
      name: 'serverless: provider.iam.role names a role of resources (through Fn::GetAtt), used by every function',
      path: 'serverless.yml',
      code: `service: jobs
provider:
  name: aws
  iam:
    role: { 'Fn::GetAtt': [JobsRole, Arn] }
functions:
  a:
    handler: h.a
  b:
    handler: h.b
  c:
    handler: h.c
resources:
  Resources:
    JobsRole:
#   ^^^^^^^^ iam-role-shared-by-functions:sharedRole
      Type: AWS::IAM::Role
      Properties:
        AssumeRolePolicyDocument:
          Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
        Policies:
          - PolicyName: jobs
            PolicyDocument:
              Statement: [{ Effect: Allow, Action: 'sqs:ReceiveMessage', Resource: '*' }]
`,
      errors: [{ messageId: 'sharedRole', data: { role: 'JobsRole', names: 'a, b, c', grant: 'sqs:ReceiveMessage' } }],
    },
    {
      name: 'CloudFormation JSON: a role with an attached AWS::IAM::Policy, used by three functions',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Role": {
//  ^^^^^^ iam-role-shared-by-functions:sharedRole
      "Type": "AWS::IAM::Role",
      "Properties": { "AssumeRolePolicyDocument": { "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }] } }
    },
    "Access": {
      "Type": "AWS::IAM::Policy",
      "Properties": {
        "PolicyName": "access",
        "Roles": [{ "Ref": "Role" }],
        "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*" }] }
      }
    },
    "A": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "a.h", "Runtime": "python3.12", "Role": { "Fn::GetAtt": ["Role", "Arn"] } } },
    "B": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "b.h", "Runtime": "python3.12", "Role": { "Fn::GetAtt": ["Role", "Arn"] } } },
    "C": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "c.h", "Runtime": "python3.12", "Role": { "Fn::GetAtt": ["Role", "Arn"] } } }
  }
}
`,
      errors: [{ messageId: 'sharedRole', data: { role: 'Role', names: 'A, B, C', grant: 's3:GetObject' } }],
    },
  ],
});

/**
 * The fix, once the handlers are known: the handlers are modelled from real code and bound to the
 * template as the shells bind them (`handlerSummariesOf`: the summary and each action's resources).
 */
describe('iam-role-shared-by-functions: each SAM function gets a role of its own', () => {
  const codePath = '/app/src/handler.js';
  const code = `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, GetCommand } = require('@aws-sdk/lib-dynamodb');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const s3 = new S3Client({});
exports.create = async (event) => doc.send(new PutCommand({ TableName: process.env.TABLE, Item: JSON.parse(event.body) }));
exports.read = async (event) => doc.send(new GetCommand({ TableName: process.env.TABLE, Key: { id: event.id } }));
exports.upload = async (event) => s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: 'report.csv', Body: event.body }));`;
  const joined = (templatePath: string, text: string) => joinedWith(templatePath, text, code);
  const joinedWith = (templatePath: string, text: string, code: string) => {
    const project = buildProject({ templates: [{ path: templatePath, text }], files: { exists: (path) => path === codePath }, roots: ['/app'] });
    const summaries = new Map<string, HandlerCodeSummary>();
    for (const fn of project.functions(templatePath)) {
      const document = analyzeCode({ path: codePath, text: code });
      const summary = summariseHandlerCode(document, fn.binding.exportName);
      if (summary.actions) summary.actionResources = actionResourcesOf(document, { exportName: fn.binding.exportName, environmentResources: fn.binding.environmentResources });
      summaries.set(fn.functionName, summary);
    }
    const alone = analyze({ path: templatePath, text, rules: [rule], strict: true });
    const result = joinHandlerCode(alone, summaries, { rules: [rule] });
    assert.deepEqual(result.internalErrors, []);
    return { alone, result };
  };
  const apply = (text: string, edits: Array<{ range: { start: number; end: number }; newText: string }>) =>
    [...edits].sort((a, b) => b.range.start - a.range.start).reduce((current, edit) => current.slice(0, edit.range.start) + edit.newText + current.slice(edit.range.end), text);

  const functionYaml = (name: string, handler: string, role: string) => `  ${name}:
    Type: AWS::Serverless::Function
    Properties:
      Handler: handler.${handler}
${role}
`;
  const sam = (roles: [string, string, string], extra = '') => `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    CodeUri: src/
    Runtime: nodejs20.x
    Environment:
      Variables:
        TABLE: !Ref Orders
        BUCKET: !Ref Reports
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Reports:
    Type: AWS::S3::Bucket
  SharedRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
      Policies:
        - PolicyName: everything
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ['dynamodb:*', 's3:*']
                Resource: '*'
${functionYaml('CreateFn', 'create', roles[0])}${functionYaml('ReadFn', 'read', roles[1])}${functionYaml('UploadFn', 'upload', roles[2])}${extra}`;
  const shared = '      Role: !GetAtt SharedRole.Arn';

  it('SAM YAML: each Role becomes Policies with exactly what its code calls, and the finding is gone', () => {
    const text = sam([`${shared} # one role for all`, shared, shared]);
    const { alone, result } = joined('/app/template.yaml', text);
    assert.deepEqual(alone.findings.map((finding) => finding.fixes.length), [0], 'without the code, no fix');
    assert.equal(result.findings.length, 1);
    const [fix] = result.findings[0].fixes;
    assert.equal(fix.title, 'Give each of the 3 functions of SharedRole a role of its own, with what its code calls');
    const output = apply(text, fix.edits);
    assert.equal(
      output,
      sam([
        `      Policies:
        - Statement:
            - Effect: Allow
              Action:
                - dynamodb:PutItem
              Resource:
                - !GetAtt Orders.Arn # one role for all`,
        `      Policies:
        - Statement:
            - Effect: Allow
              Action:
                - dynamodb:GetItem
              Resource:
                - !GetAtt Orders.Arn`,
        // The shared role grants s3:*: the ACL and tagging a put may set stay granted, on the object.
        `      Policies:
        - Statement:
            - Effect: Allow
              Action:
                - s3:PutObject
                - s3:PutObjectAcl
                - s3:PutObjectTagging
              Resource:
                - !Sub '\${Reports.Arn}/report.csv'`,
      ]),
    );
    assert.deepEqual(parseDocument('/app/template.yaml', output).issues, []);
    assert.deepEqual(joined('/app/template.yaml', output).result.findings, [], 'the finding is gone after the fix');
  });

  it('SAM JSON: the same fix in JSON', () => {
    const template = (role: (name: string) => Record<string, unknown>) =>
      JSON.stringify(
        {
          Transform: 'AWS::Serverless-2016-10-31',
          Globals: { Function: { CodeUri: 'src/', Runtime: 'nodejs20.x', Environment: { Variables: { TABLE: { Ref: 'Orders' }, BUCKET: { Ref: 'Reports' } } } } },
          Resources: {
            Orders: { Type: 'AWS::DynamoDB::Table' },
            Reports: { Type: 'AWS::S3::Bucket' },
            SharedRole: {
              Type: 'AWS::IAM::Role',
              Properties: {
                AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
                Policies: [{ PolicyName: 'everything', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['dynamodb:*', 's3:*'], Resource: '*' }] } }],
              },
            },
            CreateFn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'handler.create', ...role('CreateFn') } },
            ReadFn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'handler.read', ...role('ReadFn') } },
            UploadFn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'handler.upload', ...role('UploadFn') } },
          },
        },
        null,
        2,
      );
    const text = template(() => ({ Role: { 'Fn::GetAtt': ['SharedRole', 'Arn'] } }));
    const { result } = joined('/app/template.json', text);
    assert.equal(result.findings.length, 1, JSON.stringify(result.findings.map((finding) => finding.message)));
    const output = apply(text, result.findings[0].fixes[0].edits);
    const needs: Record<string, unknown> = {
      CreateFn: { Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: [{ 'Fn::GetAtt': ['Orders', 'Arn'] }] },
      ReadFn: { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [{ 'Fn::GetAtt': ['Orders', 'Arn'] }] },
      UploadFn: { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging'], Resource: [{ 'Fn::Sub': '${Reports.Arn}/report.csv' }] },
    };
    assert.equal(output, template((name) => ({ Policies: [{ Statement: [needs[name]] }] })));
    assert.deepEqual(joined('/app/template.json', output).result.findings, []);
  });

  const cfnFunction = (name: string, handler: string, extra = '') => `  ${name}:
    Type: AWS::Lambda::Function
    Properties:
      Handler: handler.${handler}
      Runtime: nodejs20.x
      Code: src/
      Role: !GetAtt SharedRole.Arn${extra}
      Environment:
        Variables:
          TABLE: !Ref Orders
          BUCKET: !Ref Reports
`;
  const cloudFormation = (extraOnRead = '', outputs = '') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Reports:
    Type: AWS::S3::Bucket
  SharedRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
      Policies:
        - PolicyName: everything
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ['dynamodb:*', 's3:*', 'xray:PutTraceSegments']
                Resource: '*'
${cfnFunction('CreateFn', 'create')}${cfnFunction('ReadFn', 'read', extraOnRead)}${cfnFunction('UploadFn', 'upload')}${outputs}`;

  it('CloudFormation YAML: a role per function, with logs, tracing where it traces, and what its code calls; the shared role goes', () => {
    const text = cloudFormation('\n      TracingConfig:\n        Mode: Active');
    const { alone, result } = joined('/app/template.yaml', text);
    assert.deepEqual(alone.findings.map((finding) => finding.fixes.length), [0], 'without the code, no fix');
    const [fix] = result.findings[0].fixes;
    assert.equal(fix.title, 'Give each of the 3 functions of SharedRole a role of its own, with what its code calls');
    const output = apply(text, fix.edits);
    const role = (id: string, fn: string, statement: string, traces = false) => `  ${id}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Sub 'arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'${traces ? "\n        - !Sub 'arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess'" : ''}
      Policies:
        - PolicyName: ${fn}Calls
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
${statement}`;
    const expected = text
      .replace(/  SharedRole:\n[\s\S]*?Resource: '\*'\n/, [
        role('CreateFnRole', 'CreateFn', "              - Effect: Allow\n                Action:\n                  - dynamodb:PutItem\n                Resource:\n                  - !GetAtt Orders.Arn"),
        role('ReadFnRole', 'ReadFn', "              - Effect: Allow\n                Action:\n                  - dynamodb:GetItem\n                Resource:\n                  - !GetAtt Orders.Arn", true),
        role('UploadFnRole', 'UploadFn', "              - Effect: Allow\n                Action:\n                  - s3:PutObject\n                  - s3:PutObjectAcl\n                  - s3:PutObjectTagging\n                Resource:\n                  - !Sub '${Reports.Arn}/report.csv'"),
      ].join('\n') + '\n')
      .replace('Handler: handler.create\n      Runtime: nodejs20.x\n      Code: src/\n      Role: !GetAtt SharedRole.Arn', 'Handler: handler.create\n      Runtime: nodejs20.x\n      Code: src/\n      Role: !GetAtt CreateFnRole.Arn')
      .replace('Role: !GetAtt SharedRole.Arn\n      TracingConfig', 'Role: !GetAtt ReadFnRole.Arn\n      TracingConfig')
      .replace('Role: !GetAtt SharedRole.Arn', 'Role: !GetAtt UploadFnRole.Arn');
    assert.equal(output, expected);
    assert.deepEqual(parseDocument('/app/template.yaml', output).issues, []);
    assert.deepEqual(joined('/app/template.yaml', output).result.findings, [], 'the finding is gone after the fix');
  });

  it('CloudFormation: a shared role named elsewhere (an Output) is kept, the new roles follow it', () => {
    const text = cloudFormation('', 'Outputs:\n  Role:\n    Value: !Ref SharedRole\n');
    const output = apply(text, joined('/app/template.yaml', text).result.findings[0].fixes[0].edits);
    assert.ok(output.includes("Resource: '*'\n  CreateFnRole:\n    Type: AWS::IAM::Role"), output);
    assert.deepEqual(parseDocument('/app/template.yaml', output).issues, []);
    assert.equal((output.match(/SharedRole/g) ?? []).length, 2);
    const named = cloudFormation().replace('    Properties:\n      AssumeRolePolicyDocument:', '    Properties:\n      RoleName: orders-shared\n      AssumeRolePolicyDocument:');
    const kept = apply(named, joined('/app/template.yaml', named).result.findings[0].fixes[0].edits);
    assert.ok(kept.includes('RoleName: orders-shared') && kept.includes('  CreateFnRole:'), 'a role with a RoleName is kept too');
  });

  it('CloudFormation JSON: the same roles in JSON', () => {
    const text = JSON.stringify(
      {
        Resources: {
          Orders: { Type: 'AWS::DynamoDB::Table' },
          Reports: { Type: 'AWS::S3::Bucket' },
          SharedRole: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
              Policies: [{ PolicyName: 'everything', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['dynamodb:*', 's3:*'], Resource: '*' }] } }],
            },
          },
          ...Object.fromEntries(
            ['create', 'read', 'upload'].map((handler) => [
              `${handler[0].toUpperCase()}${handler.slice(1)}Fn`,
              { Type: 'AWS::Lambda::Function', Properties: { Handler: `handler.${handler}`, Runtime: 'nodejs20.x', Code: 'src/', Role: { 'Fn::GetAtt': ['SharedRole', 'Arn'] }, Environment: { Variables: { TABLE: { Ref: 'Orders' }, BUCKET: { Ref: 'Reports' } } } } },
            ]),
          ),
        },
      },
      null,
      2,
    );
    const { result } = joined('/app/template.json', text);
    const output = apply(text, result.findings[0].fixes[0].edits);
    const after = JSON.parse(output);
    assert.equal(after.Resources.SharedRole, undefined);
    assert.deepEqual(after.Resources.CreateFn.Properties.Role, { 'Fn::GetAtt': ['CreateFnRole', 'Arn'] });
    assert.deepEqual(after.Resources.UploadFnRole.Properties.Policies[0].PolicyDocument.Statement, [
      { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutObjectTagging'], Resource: [{ 'Fn::Sub': '${Reports.Arn}/report.csv' }] },
    ]);
    assert.deepEqual(after.Resources.ReadFnRole.Properties.ManagedPolicyArns, [{ 'Fn::Sub': 'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole' }]);
    assert.deepEqual(joined('/app/template.json', output).result.findings, []);
    assert.ok(output.includes('"Role": {\n          "Fn::GetAtt": [\n            "CreateFnRole",'), 'the reference in the file\'s own layout');
  });

  const notCarried: Array<[string, string]> = [
    ['a dead-letter queue, which Lambda sends to with the role', '\n      DeadLetterConfig:\n        TargetArn: !GetAtt Reports.Arn'],
    ['a VPC', '\n      VpcConfig:\n        SubnetIds: [subnet-1]'],
  ];
  for (const [name, extra] of notCarried) {
    it(`CloudFormation: no fix with ${name}`, () => {
      const text = cloudFormation(extra);
      assert.deepEqual(joined('/app/template.yaml', text).result.findings[0].fixes, []);
    });
  }
  it('CloudFormation: no fix when the shared role carries another managed policy', () => {
    const text = cloudFormation().replace('service-role/AWSLambdaBasicExecutionRole', 'AmazonSQSFullAccess');
    assert.deepEqual(joined('/app/template.yaml', text).result.findings[0].fixes, []);
  });

  const serverless = (plugins: string, functions: [string, string, string, string]) => `service: orders
${plugins}provider:
  name: aws
  runtime: nodejs20.x
  environment:
    TABLE: !Ref Orders
    BUCKET: !Ref Reports
  iam:
    role:
      statements:
        - Effect: Allow
          Action: ['dynamodb:*', 's3:*']
          Resource: '*'
functions:
  create:
    handler: src/handler.create # writes orders${functions[0]}
  read:
    handler: src/handler.read
    events:
      - httpApi: GET /orders/{id}${functions[1]}
  upload:
    handler: src/handler.upload${functions[2]}
  ping:
    handler: src/handler.ping${functions[3]}
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
    Reports:
      Type: AWS::S3::Bucket
`;
  const withPing = `${code}
exports.ping = async () => ({ statusCode: 200 });`;

  it('Serverless: each function of the provider role gets its own iamRoleStatements, and the plugin is listed', () => {
    const text = serverless('plugins:\n  - serverless-offline\n', ['', '', '', '']);
    const { alone, result } = joinedWith('/app/serverless.yml', text, withPing);
    assert.deepEqual(alone.findings.map((finding) => finding.fixes.length), [0], 'without the code, no fix');
    const [fix] = result.findings[0].fixes;
    assert.equal(fix.title, 'Give each of the 4 functions of the provider role a role of its own, with what its code calls (serverless-iam-roles-per-function)');
    const output = apply(text, fix.edits);
    assert.equal(
      output,
      serverless('plugins:\n  - serverless-offline\n  - serverless-iam-roles-per-function\n', [
        `
    iamRoleStatements:
      - Effect: Allow
        Action:
          - dynamodb:PutItem
        Resource:
          - !GetAtt Orders.Arn`,
        `
    iamRoleStatements:
      - Effect: Allow
        Action:
          - dynamodb:GetItem
        Resource:
          - !GetAtt Orders.Arn`,
        `
    iamRoleStatements:
      - Effect: Allow
        Action:
          - s3:PutObject
          - s3:PutObjectAcl
          - s3:PutObjectTagging
        Resource:
          - !Sub '\${Reports.Arn}/report.csv'`,
        // A function that calls nothing gets a role of its own with the logs the plugin adds.
        `
    iamRoleStatements: []`,
      ]),
    );
    assert.deepEqual(parseDocument('/app/serverless.yml', output).issues, []);
    assert.deepEqual(joinedWith('/app/serverless.yml', output, withPing).result.findings, [], 'the finding is gone after the fix');
  });

  it('Serverless: a file without plugins gets the list', () => {
    const text = serverless('', ['', '', '', '']);
    const output = apply(text, joinedWith('/app/serverless.yml', text, withPing).result.findings[0].fixes[0].edits);
    assert.ok(output.includes('provider:\n  name: aws') && output.includes('\nplugins:\n  - serverless-iam-roles-per-function\nfunctions:\n'), output);
    assert.deepEqual(parseDocument('/app/serverless.yml', output).issues, []);
    assert.deepEqual(joinedWith('/app/serverless.yml', output, withPing).result.findings, []);
  });

  it('Serverless: no fix when the plugin would not carry something over (an SQS event, tracing, layers, managed policies)', () => {
    const cases = [
      serverless('', ['\n    events:\n      - sqs: arn:aws:sqs:us-east-1:123456789012:jobs', '', '', '']),
      serverless('', ['', '', '', '']).replace('  runtime: nodejs20.x\n', '  runtime: nodejs20.x\n  tracing:\n    lambda: true\n'),
      serverless('', ['\n    layers:\n      - arn:aws:lambda:us-east-1:123456789012:layer:x:1', '', '', '']),
      serverless('', ['', '', '', '']).replace("          Resource: '*'\n", "          Resource: '*'\n      managedPolicies:\n        - arn:aws:iam::aws:policy/AmazonSQSFullAccess\n"),
    ];
    for (const text of cases) assert.deepEqual(joinedWith('/app/serverless.yml', text, withPing).result.findings.flatMap((finding) => finding.fixes), [], text);
  });

  it('no fix when something the shared role does could be lost, or a call is not known', () => {
    const roles: [string, string, string] = [shared, shared, shared];
    const cases: Array<[string, string]> = [
      ['a VPC (network interfaces)', sam(roles).replace('    Runtime: nodejs20.x\n', '    Runtime: nodejs20.x\n    VpcConfig: { SubnetIds: [a], SecurityGroupIds: [b] }\n')],
      ['layers', sam(roles).replace('    Runtime: nodejs20.x\n', '    Runtime: nodejs20.x\n    Layers: [arn:aws:lambda:us-east-1:123456789012:layer:x:1]\n')],
      ['a function with Policies already', sam([shared, `${shared}\n      Policies: [AWSLambdaBasicExecutionRole]`, shared])],
      ['a role another service may assume', sam(roles).replace('Principal: { Service: lambda.amazonaws.com }', 'Principal: { Service: [lambda.amazonaws.com, states.amazonaws.com] }')],
      ['a call whose resource the template does not name', sam(roles).replace('BUCKET: !Ref Reports', 'BUCKET: reports-bucket-name')],
    ];
    for (const [name, text] of cases) {
      const { result } = joined('/app/template.yaml', text);
      assert.deepEqual(result.findings.flatMap((finding) => finding.fixes), [], name);
    }
  });
});

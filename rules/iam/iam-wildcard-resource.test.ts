import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionResourcesOf, analyze, analyzeCode, buildProject, joinHandlerCode, parseDocument, summariseHandlerCode, type HandlerCodeSummary } from '../../server/src/engine';
import rule from './iam-wildcard-resource';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: "SAM: policy templates whose '*' is SAM's own, or whose parameter names one resource",
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      BillingMode: PAY_PER_REQUEST
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - CloudWatchPutMetricPolicy: {}
        - DynamoDBCrudPolicy:
            TableName: !Ref Table
`,
    },
    {
      name: 'serverless: actions that support no resource type need Resource *',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - xray:PutTraceSegments
            - xray:PutTelemetryRecords
            - s3:ListAllMyBuckets
            - ec2:Describe*
          Resource: '*'
functions:
  list:
    handler: h.list
`,
    },
    {
      name: "serverless: what AWSLambdaBasicExecutionRole grants on * (logs) is not reported",
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: [logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents]
      Resource: '*'
    - Effect: Allow
      Action: [logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents]
      Resource: 'arn:aws:logs:*:*:*'
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'serverless: prefixes, one bucket, one table, unresolved names and nameless types are not every resource of a type',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [iam:GetRole]
          Resource:
            - arn:aws:iam::123456789012:role/app-*
            - arn:aws:iam::123456789012:role/service-role/*
        - Effect: Allow
          Action: [s3:PutObject]
          Resource: arn:aws:s3:::my-bucket/*
        - Effect: Allow
          Action: [s3:ListBucket]
          Resource: 'arn:aws:s3:::*/*'
        - Effect: Allow
          Action: [dynamodb:Query]
          Resource: 'arn:aws:dynamodb:*:*:table/Orders/index/*'
        - Effect: Allow
          Action: [sqs:SendMessage]
          Resource: 'arn:aws:sqs:*:\${aws:accountId}:\${self:custom.queueName}'
        - Effect: Allow
          Action: [mobiletargeting:PhoneNumberValidate]
          Resource: 'arn:aws:mobiletargeting:*:123456789012:phone/number/validate'
custom:
  queueName: \${env:QUEUE}
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'SAM: sns:Publish on * for SMS only, topics denied in the same policy, is the narrowest grant IAM can write',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  SmsFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Deny
              Action: sns:Publish
              Resource: arn:aws:sns:*:*:*
            - Effect: Allow
              Action: sns:Publish
              Resource: '*'
`,
    },
    {
      name: 'SAM: an action whose only resource type is an optional feature (a terminology)',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  TranslateFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: [translate:TranslateText, comprehend:DetectDominantLanguage, polly:SynthesizeSpeech]
              Resource: '*'
`,
    },
    {
      name: 'CloudFormation: Deny, a constraining Condition, an unknown service, an unresolved action, a scoped resource',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ExtraAction:
    Type: String
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Deny
            Action: dynamodb:DeleteTable
            Resource: '*'
          - Effect: Allow
            Action: dynamodb:GetItem
            Resource: '*'
            Condition:
              StringEquals:
                aws:ResourceTag/team: orders
          - Effect: Allow
            Action: [newservice:DoThing, !Ref ExtraAction]
            Resource: '*'
          - Effect: Allow
            Action: [dynamodb:GetItem, dynamodb:PutItem]
            Resource: !GetAtt Table.Arn
`,
    },
    {
      name: "CloudFormation: Action '*' on Resource '*' is left to iam-wildcard-action",
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: admin
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: '*'
`,
    },
    {
      name: 'CloudFormation JSON: scoped statement',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": { "Fn::GetAtt": ["Queue", "Arn"] } }] } }
    }
  }
}
`,
    },
    {
      name: 'serverless: entries that read secrets, parameters or objects are left to iam-data-exfiltration',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [secretsmanager:GetSecretValue, ssm:GetParametersByPath, s3:Get*]
          Resource: '*'
functions:
  list:
    handler: h.list
`,
    },
  ],
  invalid: [
    {
      name: "serverless: Lambda's VPC network interfaces on * are named at info, with the reason",
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: [ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface, ec2:AssignPrivateIpAddresses, ec2:UnassignPrivateIpAddresses]
      Resource: '*'
#               ^^^ iam-wildcard-resource:wildcardResourceNeeded
functions:
  list:
    handler: h.list
`,
      errors: [
        {
          messageId: 'wildcardResourceNeeded',
          data: {
            resource: "Resource '*'",
            holder: 'function list',
            actions: 'ec2:CreateNetworkInterface, ec2:DeleteNetworkInterface, ec2:AssignPrivateIpAddresses and 1 more',
            when: '',
          },
        },
      ],
    },
    {
      name: 'serverless: an ARN pattern with a wildcard name reaches every resource of the type, and the message names it',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:GetItem, dynamodb:PutItem]
          Resource: 'arn:aws:dynamodb:*:*:table/*'
#                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-wildcard-resource:wildcardResource
        - Effect: Allow
          Action: [cognito-idp:AdminGetUser]
          Resource: arn:aws:cognito-idp:\${aws:region}:\${aws:accountId}:userpool/*
#                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-wildcard-resource:wildcardResource
functions:
  list:
    handler: h.list
`,
      errors: [
        { messageId: 'wildcardResource', data: { resource: "Resource 'arn:aws:dynamodb:*:*:table/*'", actions: 'dynamodb:GetItem and dynamodb:PutItem', reach: 'every table (dynamodb)' } },
        { messageId: 'wildcardResource', data: { actions: 'cognito-idp:AdminGetUser', reach: 'every userpool (cognito-idp)' } },
      ],
    },
    {
      name: 'SAM: !Sub with pseudo parameters in the account field still reaches every role; AppSync API keys on * are scopable',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  RotateFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: [iam:GetRole, iam:TagRole]
              Resource: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/*'
#                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-wildcard-resource:wildcardResource
            - Effect: Allow
              Action: [appsync:CreateApiKey, appsync:DeleteApiKey]
              Resource: '*'
#                       ^^^ iam-wildcard-resource:wildcardResource
`,
      errors: [
        { messageId: 'wildcardResource', data: { resource: "Resource 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*'", reach: 'every role (iam)' } },
        { messageId: 'wildcardResource', data: { resource: "Resource '*'", actions: 'appsync:CreateApiKey and appsync:DeleteApiKey', reach: 'every resource of the account' } },
      ],
    },
    {
      name: "CloudFormation: Cognito's SMS role publishes on * (info); cloudformation:GetTemplateSummary on * (info)",
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  SmsRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: cognito-idp.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: sms
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: sns:Publish
                Resource: '*'
#                         ^^^ iam-wildcard-resource:wildcardResourceNeeded
  DeployerPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [cloudformation:GetTemplateSummary, cloudformation:ValidateTemplate]
            Resource: '*'
#                     ^^^ iam-wildcard-resource:wildcardResourceNeeded
`,
      errors: [
        { messageId: 'wildcardResourceNeeded', data: { holder: 'role SmsRole', actions: 'sns:Publish' } },
        { messageId: 'wildcardResourceNeeded', data: { holder: 'policy DeployerPolicy', actions: 'cloudformation:GetTemplateSummary' } },
      ],
    },
    {
      name: 'CloudFormation: sns:Publish on * outside an SMS role stays a warning',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: sns:Publish
            Resource: '*'
#                     ^^^ iam-wildcard-resource:wildcardResource
`,
      errors: [{ messageId: 'wildcardResource', data: { actions: 'sns:Publish' } }],
    },
    {
      name: "CloudFormation JSON: an AWS::IAM::Policy attached to Cognito's SMS role publishes on * (info)",
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "SmsRole": {
      "Type": "AWS::IAM::Role",
      "Properties": { "AssumeRolePolicyDocument": { "Statement": [{ "Effect": "Allow", "Principal": { "Service": ["cognito-idp.amazonaws.com"] }, "Action": "sts:AssumeRole" }] } }
    },
    "SmsPolicy": {
      "Type": "AWS::IAM::Policy",
      "Properties": { "PolicyName": "sms", "Roles": [{ "Ref": "SmsRole" }], "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": "sns:Publish", "Resource": "*" }] } }
//                                                                                                                                                                      ^^^ iam-wildcard-resource:wildcardResourceNeeded
    }
  }
}
`,
      errors: [{ messageId: 'wildcardResourceNeeded', data: { holder: 'policy SmsPolicy', actions: 'sns:Publish' } }],
    },
    {
      name: 'CloudFormation JSON: every bucket through arn:aws:s3:::*, with the type named',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": ["s3:PutBucketTagging"], "Resource": "arn:aws:s3:::*" }] } }
//                                                                                                                          ^^^^^^^^^^^^^^^^ iam-wildcard-resource:wildcardResource
    }
  }
}
`,
      errors: [{ messageId: 'wildcardResource', data: { resource: "Resource 'arn:aws:s3:::*'", reach: 'every bucket (s3)' } }],
    },
    {
      name: 'CloudFormation JSON: an ARN pattern built with Fn::Join is named as the equivalent Fn::Sub reads (${AWS::Partition}, ${AWS::AccountId})',
      path: 'template.json',
      code: `{
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [
        { "Effect": "Allow", "Action": ["s3:PutBucketTagging"], "Resource": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":s3:::*"]] } },
//                                                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-wildcard-resource:wildcardResource
        { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": { "Fn::Join": [":", ["arn:aws:kms", { "Ref": "AWS::Region" }, { "Ref": "AWS::AccountId" }, "key/*"]] } }
//                                                                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-wildcard-resource:wildcardResource
      ] } }
    }
  }
}
`,
      errors: [
        { messageId: 'wildcardResource', data: { resource: "Resource 'arn:${AWS::Partition}:s3:::*'", reach: 'every bucket (s3)' } },
        { messageId: 'wildcardResource', data: { resource: "Resource 'arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/*'", reach: 'every key (kms)' } },
      ],
    },
    {
      name: 'serverless: a scopable action beside unscopable ones; a SecureTransport condition is no constraint',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - xray:PutTraceSegments
            - dynamodb:GetItem
            - dynamodb:Query
          Resource: '*'
#                   ^^^ iam-wildcard-resource:wildcardResource
          Condition:
            Bool:
              aws:SecureTransport: 'true'
functions:
  list:
    handler: h.list
`,
      errors: [{ messageId: 'wildcardResource', data: { holder: 'function list', actions: 'dynamodb:GetItem and dynamodb:Query', when: '' } }],
    },
    {
      name: 'SAM: a policy template whose parameter the user set to * (FunctionName, TableName) is reported on the entry',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  Dispatcher:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.dispatch
      Runtime: nodejs20.x
      Policies:
        - LambdaInvokePolicy:
#         ^^^^^^^^^^^^^^^^^^ iam-wildcard-resource:wildcardResource
            FunctionName: '*'
        - DynamoDBCrudPolicy:
#         ^^^^^^^^^^^^^^^^^^ iam-wildcard-resource:wildcardResource
            TableName: '*'
`,
      errors: [
        { messageId: 'wildcardResource', data: { holder: 'function Dispatcher', actions: 'lambda:InvokeFunction' } },
        { messageId: 'wildcardResource', data: { holder: 'function Dispatcher', actions: 'dynamodb:GetItem, dynamodb:DeleteItem, dynamodb:PutItem and 7 more' } },
      ],
    },
    {
      name: 'SAM: a wildcard whose actions mostly take a resource (dynamodb:Get*)',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.list
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: dynamodb:Get*
              Resource: ['*']
#                        ^^^ iam-wildcard-resource:wildcardResource
`,
      errors: [{ messageId: 'wildcardResource', data: { holder: 'function ListFunction', actions: 'dynamodb:Get*' } }],
    },
    {
      name: 'CloudFormation: the * branch of an Fn::If is reported with its condition',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsDev: !Equals [!Ref 'AWS::AccountId', '111111111111']
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: python3.12
      Role: !GetAtt FnRole.Arn
      Code: { ZipFile: 'def handler(e, c): pass' }
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [dynamodb:GetItem]
                Resource: !If [IsDev, '*', !GetAtt Table.Arn]
#                                     ^^^ iam-wildcard-resource:wildcardResource
`,
      errors: [{ messageId: 'wildcardResource', data: { holder: 'function Fn', actions: 'dynamodb:GetItem', when: ' when condition IsDev is true' } }],
    },
    {
      name: 'CloudFormation JSON: sqs:SendMessage on *',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Policy": {
      "Type": "AWS::IAM::ManagedPolicy",
      "Properties": { "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": "*" }] } }
//                                                                                                                      ^^^ iam-wildcard-resource:wildcardResource
    }
  }
}
`,
      errors: [{ messageId: 'wildcardResource', data: { holder: 'policy Policy', actions: 'sqs:SendMessage' } }],
    },
  ],
});

// Statements read through `${file(...)}` live in another file: the finding is shown on the reference in this one.
describe('iam-wildcard-resource: statements from another file', () => {
  it('reports on the ${file(...)} reference, never on offsets of the other file', () => {
    const text = `service: orders
provider:
  name: aws
  iam:
    role:
      statements: \${file(./iam.yml):statements}
functions:
  list:
    handler: h.list
`;
    const iamFile = `statements:\n  - Effect: Allow\n    Action: sqs:SendMessage\n    Resource: '*'\n  - Effect: Allow\n    Action: xray:PutTraceSegments\n    Resource: '*'\n`;
    const result = analyze({
      path: '/app/serverless.yml',
      text,
      rules: [rule],
      strict: true,
      readFile: (_from, relativePath) => (relativePath === './iam.yml' ? { path: '/app/iam.yml', text: iamFile } : undefined),
    });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.messageId, text.slice(finding.range.start, finding.range.end)]),
      [['wildcardResource', '${file(./iam.yml):statements}']],
    );
  });
});

describe('iam-wildcard-resource: Checkov cloudsplaining checks named where they fail too', () => {
  const equivalentsOf = (path: string, text: string) => analyze({ path, text, rules: [rule] }).findings.map((finding) => finding.equivalents.filter((id) => /^CKV_AWS_1(09|11)$/.test(id)).join(','));
  it('Write and Permissions management actions on * in an AWS::IAM::Policy; not in a Serverless provider statement, not on an ARN pattern', () => {
    const policy = (actions: string, resource: string) => `Resources:
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [${actions}]
            Resource: '${resource}'
`;
    assert.deepEqual(equivalentsOf('template.yaml', policy('s3:PutObject', '*')), ['CKV_AWS_111']);
    assert.deepEqual(equivalentsOf('template.yaml', policy('s3:PutBucketPolicy, s3:GetObject', '*')), ['CKV_AWS_109']);
    // Read actions, and ARN patterns (cloudsplaining reads only a literal '*'): no finding names them.
    for (const text of [policy('s3:GetObject', '*'), policy('s3:PutObject', 'arn:aws:s3:::*')]) assert.ok(equivalentsOf('template.yaml', text).every((ids) => ids === ''));
    const serverless = `service: s
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [s3:PutObject]
          Resource: '*'
functions:
  f:
    handler: h.f
`;
    const ids = equivalentsOf('serverless.yml', serverless);
    assert.equal(ids.length, 1, 'the Serverless statement is reported');
    assert.equal(ids[0], '', 'Checkov reads serverless.yml statements with other checks');
  });
});

/**
 * The Resource scoped to what the code calls: the handlers are modelled from real code, bound to the
 * template as the shells bind them (`handlerSummariesOf`: the summary and each action's resources).
 */
describe('iam-wildcard-resource: the fix scopes Resource to the resources the code calls', () => {
  const summariesOf = (templatePath: string, text: string, code: string) => {
    const codePath = '/app/src/handler.js';
    const project = buildProject({ templates: [{ path: templatePath, text }], files: { exists: (path) => path === codePath }, roots: ['/app'] });
    const summaries = new Map<string, HandlerCodeSummary>();
    for (const fn of project.functions(templatePath)) {
      const document = analyzeCode({ path: codePath, text: code });
      const summary = summariseHandlerCode(document, fn.binding.exportName);
      if (summary.actions) summary.actionResources = actionResourcesOf(document, { exportName: fn.binding.exportName, environmentResources: fn.binding.environmentResources });
      summaries.set(fn.functionName, summary);
    }
    return summaries;
  };
  const joined = (templatePath: string, text: string, code: string) => {
    const alone = analyze({ path: templatePath, text, rules: [rule], strict: true });
    const result = joinHandlerCode(alone, summariesOf(templatePath, text, code), { rules: [rule] });
    assert.deepEqual(result.internalErrors, []);
    return result;
  };
  const apply = (text: string, fix: { edits: Array<{ range: { start: number; end: number }; newText: string }> }) =>
    [...fix.edits].sort((a, b) => b.range.start - a.range.start).reduce((current, edit) => current.slice(0, edit.range.start) + edit.newText + current.slice(edit.range.end), text);

  const putAndDelete = `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, PutCommand, DeleteCommand } = require('@aws-sdk/lib-dynamodb');
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
exports.create = async (event) => {
  await doc.send(new PutCommand({ TableName: process.env.TABLE, Item: JSON.parse(event.body) }));
  await doc.send(new DeleteCommand({ TableName: process.env.TABLE, Key: { id: 'draft' } }));
};`;
  const serverless = (statement: string) => `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
${statement}
functions:
  create:
    handler: src/handler.create
    environment:
      TABLE: !Ref OrdersTable
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
`;

  it('Serverless: a provider statement on * for a handler that writes one table', () => {
    const text = serverless(`        - Effect: Allow # the table's writes
          Action:
            - dynamodb:PutItem
            - dynamodb:DeleteItem
            - dynamodb:UpdateItem
          Resource: '*' # TODO scope`);
    const result = joined('/app/serverless.yml', text, putAndDelete);
    assert.equal(result.findings.length, 1);
    assert.match(result.findings[0].message, /; its code calls `dynamodb:DeleteItem` and `dynamodb:PutItem` only on OrdersTable\.$/);
    const [fix, actionOnly] = result.findings[0].fixes;
    assert.equal(fix.title, 'Grant only dynamodb:PutItem, dynamodb:DeleteItem on OrdersTable');
    assert.ok(actionOnly, 'the Action-only rewrite stays on offer');
    const output = apply(text, fix);
    assert.equal(
      output,
      serverless(`        - Effect: Allow # the table's writes
          Action:
            [dynamodb:PutItem, dynamodb:DeleteItem]
          Resource: [!GetAtt OrdersTable.Arn] # TODO scope`),
    );
    assert.deepEqual(parseDocument('/app/serverless.yml', output).issues, []);
    assert.deepEqual(joined('/app/serverless.yml', output, putAndDelete).findings, [], 'the finding is gone after the fix');
  });

  it('Serverless: every action used, only the Resource changes; a block list becomes one flow list', () => {
    const text = serverless(`        - Effect: Allow
          Action: [dynamodb:PutItem, dynamodb:DeleteItem]
          Resource:
            - '*'`);
    const result = joined('/app/serverless.yml', text, putAndDelete);
    const [fix, ...others] = result.findings[0].fixes;
    assert.deepEqual(others, []);
    const output = apply(text, fix);
    assert.equal(output, serverless(`        - Effect: Allow
          Action: [dynamodb:PutItem, dynamodb:DeleteItem]
          Resource: [!GetAtt OrdersTable.Arn]`));
    assert.deepEqual(joined('/app/serverless.yml', output, putAndDelete).findings, []);
  });

  const uploadCode = `const { S3Client, PutObjectCommand, ListObjectsV2Command } = require('@aws-sdk/client-s3');
const s3 = new S3Client({});
exports.handler = async () => {
  await s3.send(new PutObjectCommand({ Bucket: process.env.BUCKET, Key: 'report.csv', Body: 'x' }));
  return s3.send(new ListObjectsV2Command({ Bucket: process.env.BUCKET }));
};`;
  const sam = (policy: string) => `Transform: AWS::Serverless-2016-10-31
Resources:
  Uploads:
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
${policy}`;

  it('SAM: an inline policy on * for a handler that writes an object and lists the bucket', () => {
    const text = sam(`        - Statement:
            - Effect: Allow
              Action: [s3:PutObject, s3:ListBucket, s3:DeleteObject]
              Resource: '*'
`);
    const result = joined('/app/template.yaml', text, uploadCode);
    assert.equal(result.findings.length, 1);
    const output = apply(text, result.findings[0].fixes[0]);
    assert.equal(output, sam(`        - Statement:
            - Effect: Allow
              Action: [s3:PutObject, s3:ListBucket]
              Resource: [!Sub '\${Uploads.Arn}/report.csv', !GetAtt Uploads.Arn]
`));
    assert.deepEqual(parseDocument('/app/template.yaml', output).issues, []);
    assert.deepEqual(joined('/app/template.yaml', output, uploadCode).findings, []);
  });

  it('CloudFormation JSON: a role\'s inline policy on *', () => {
    const template = (statement: unknown) => JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Orders: { Type: 'AWS::DynamoDB::Table' },
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyName: 'write', PolicyDocument: { Statement: [statement] } }],
          },
        },
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'src/handler.create', Runtime: 'nodejs20.x', Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: './', Environment: { Variables: { TABLE: { Ref: 'Orders' } } } } },
      },
    }, null, 2);
    const text = template({ Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Scan'], Resource: '*' });
    const result = joined('/app/template.json', text, putAndDelete);
    assert.equal(result.findings.length, 1);
    const output = apply(text, result.findings[0].fixes[0]);
    assert.equal(output, template({ Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:DeleteItem'], Resource: [{ 'Fn::GetAtt': ['Orders', 'Arn'] }] }));
    assert.deepEqual(joined('/app/template.json', output, putAndDelete).findings, []);
  });

  it('silent on the Resource when a call\'s resource is not known from the template: the Action rewrite only', () => {
    const text = serverless(`        - Effect: Allow
          Action: [dynamodb:PutItem, dynamodb:DeleteItem, dynamodb:UpdateItem]
          Resource: '*'`);
    const code = putAndDelete.replace("TableName: process.env.TABLE, Key", 'TableName: process.env.OTHER_TABLE, Key');
    const result = joined('/app/serverless.yml', text, code);
    assert.deepEqual(result.findings[0].fixes.map((fix) => fix.title), ['Grant only dynamodb:PutItem, dynamodb:DeleteItem']);
    assert.ok(apply(text, result.findings[0].fixes[0]).includes("Resource: '*'"));
  });

  it('silent on the Resource when Lambda itself uses an action of the statement (logs need *)', () => {
    const text = serverless(`        - Effect: Allow
          Action: [dynamodb:PutItem, dynamodb:DeleteItem, logs:PutLogEvents]
          Resource: '*'`);
    const result = joined('/app/serverless.yml', text, putAndDelete);
    assert.ok(result.findings[0].fixes.every((fix) => !fix.edits.some((edit) => edit.newText.includes('OrdersTable'))));
  });
});

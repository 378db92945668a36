import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, joinHandlerCode, type AnalysisResult, type HandlerCodeSummary } from '../../server/src/engine';
import rule from './iam-full-access-managed-policy';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: execution-role and read-only managed policies, administrator-class (another rule), a customer policy named like one',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess
        - arn:aws:iam::aws:policy/AdministratorAccess
        - arn:aws:iam::123456789012:policy/AmazonS3FullAccess
        - \${ssm:/orders/policy-arn}
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'SAM: policy templates, and Policies ignored when the function names a Role',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.list
      Runtime: nodejs20.x
      Policies:
        - DynamoDBCrudPolicy: { TableName: !Ref Table }
        - AWSXRayDaemonWriteAccess
  OtherFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.other
      Runtime: nodejs20.x
      Role: !GetAtt OtherRole.Arn
      Policies: [AmazonS3FullAccess]
`,
    },
  ],
  invalid: [
    {
      name: 'SAM: bare names, with the scoped template to use instead',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.list
      Runtime: nodejs20.x
      Policies:
        - AmazonDynamoDBFullAccess
#         ^^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
        - SecretsManagerReadWrite
#         ^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
`,
      errors: [
        { messageId: 'fullAccess', data: { holder: 'Function ListFunction', policy: 'AmazonDynamoDBFullAccess', hint: 'DynamoDBCrudPolicy' } },
        { messageId: 'fullAccess', data: { policy: 'SecretsManagerReadWrite', grants: 'every secret' } },
      ],
    },
    {
      name: 'serverless: provider iamManagedPolicies with a partition variable reach every function',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamManagedPolicies:
    - 'arn:\${aws:partition}:iam::aws:policy/AmazonS3FullAccess'
#     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
functions:
  list:
    handler: h.list
  create:
    handler: h.create
`,
      errors: [{ messageId: 'fullAccess', data: { holder: 'Functions list, create', has: 'have', policy: 'AmazonS3FullAccess' } }],
    },
    {
      name: 'CloudFormation: a role used by a function, a user, and an Fn::If branch',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsDev: !Equals [!Ref AWS::AccountId, '111111111111']
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
      ManagedPolicyArns:
        - !If [IsDev, !Sub 'arn:\${AWS::Partition}:iam::aws:policy/AWSLambda_FullAccess', !Ref AWS::NoValue]
#         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
  Deployer:
    Type: AWS::IAM::User
    Properties:
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonSQSFullAccess]
#                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
`,
      errors: [
        { messageId: 'fullAccess', data: { holder: 'Function Fn', policy: 'AWSLambda_FullAccess', when: ' when condition IsDev is true' } },
        { messageId: 'fullAccess', data: { holder: 'User Deployer', policy: 'AmazonSQSFullAccess' } },
      ],
    },
    {
      name: 'CloudFormation JSON: a group with a FullAccess policy',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Operators": {
      "Type": "AWS::IAM::Group",
      "Properties": { "ManagedPolicyArns": ["arn:aws:iam::aws:policy/CloudWatchFullAccess"] }
//                                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-full-access-managed-policy:fullAccess
    }
  }
}
`,
      errors: [{ messageId: 'fullAccess', data: { holder: 'Group Operators', policy: 'CloudWatchFullAccess' } }],
    },
  ],
});

/** With the handlers' code: what the functions use of the service, and the SAM entry replaced by a statement of it. */
describe('iam-full-access-managed-policy, with the handler code', () => {
  function handler(actions: string[], actionResources: HandlerCodeSummary['actionResources'] = {}, extra: Partial<HandlerCodeSummary> = {}): HandlerCodeSummary {
    return { path: '/app/src/app.js', exportName: 'handler', auth: 'none', validators: [], sinks: [], actions, actionResources, ...extra };
  }
  function joined(path: string, text: string, handlers: Record<string, HandlerCodeSummary>): AnalysisResult {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return joinHandlerCode(result, new Map(Object.entries(handlers)), { rules: [rule] });
  }
  function fixed(text: string, result: AnalysisResult): string {
    const edits = [...result.findings[0].fixes[0].edits].sort((a, b) => b.range.start - a.range.start);
    return edits.reduce((current, edit) => current.slice(0, edit.range.start) + edit.newText + current.slice(edit.range.end), text);
  }
  const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Uploads:
    Type: AWS::S3::Bucket
  Orders:
    Type: AWS::DynamoDB::Table
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          BUCKET: !Ref Uploads
      Policies:
        # reads the uploads
        - AmazonS3FullAccess
        - AWSXRayDaemonWriteAccess
`;
  const objects = { 's3:GetObject': [{ 'Fn::Sub': '${Uploads.Arn}/*' }], 's3:ListBucket': [{ 'Fn::GetAtt': ['Uploads', 'Arn'] }] } as HandlerCodeSummary['actionResources'];

  it('SAM YAML: the message lists what the code calls, and the fix writes a statement of it on the resources', () => {
    const result = joined('template.yaml', sam, { Fn: handler(['s3:GetObject', 's3:ListBucket'], objects) });
    assert.equal(result.findings.length, 1);
    assert.equal(
      result.findings[0].message,
      'Function Fn has the AWS managed policy AmazonS3FullAccess: every action of the service on every resource of the account. Of what it grants, its code calls only `s3:GetObject` and `s3:ListBucket`.',
    );
    assert.equal(result.findings[0].fixes[0].title, 'Replace AmazonS3FullAccess with a statement of s3:GetObject, s3:ListBucket');
    const after = fixed(sam, result);
    assert.equal(
      after,
      sam.replace(
        '        - AmazonS3FullAccess\n',
        `        - Statement:
            - Effect: Allow
              Action:
                - s3:GetObject
              Resource:
                - !Sub '\${Uploads.Arn}/*'
            - Effect: Allow
              Action:
                - s3:ListBucket
              Resource:
                - !GetAtt Uploads.Arn
`,
      ),
    );
    assert.deepEqual(analyze({ path: 'template.yaml', text: after, rules: [rule] }).issues, [], 'the fixed template parses');
    assert.deepEqual(joined('template.yaml', after, { Fn: handler(['s3:GetObject', 's3:ListBucket'], objects) }).findings, []);
  });

  it('SAM JSON: an unknown resource is granted on *, as the policy did', () => {
    const text = JSON.stringify({ Transform: 'AWS::Serverless-2016-10-31', Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', Runtime: 'nodejs20.x', Policies: ['AmazonSQSFullAccess'] } } } }, null, 2);
    const result = joined('template.json', text, { Fn: handler(['sqs:SendMessage'], { 'sqs:SendMessage': null }) });
    const after = JSON.parse(fixed(text, result));
    assert.deepEqual(after.Resources.Fn.Properties.Policies, [{ Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['*'] }] }]);
  });

  it('code that calls none of the service: said, and no fix (removing the entry is the user\'s call)', () => {
    const result = joined('template.yaml', sam, { Fn: handler(['dynamodb:PutItem'], { 'dynamodb:PutItem': [{ 'Fn::GetAtt': ['Orders', 'Arn'] }] }) });
    assert.match(result.findings[0].message, /\. Its code calls none of its actions\. Use the SAM policy template S3CrudPolicy/);
    assert.deepEqual(result.findings[0].fixes, []);
  });

  it('no fix when a call of another service may rest on the policy (AmazonDynamoDBFullAccess also allows some SNS actions)', () => {
    const text = sam.replace('AmazonS3FullAccess', 'AmazonDynamoDBFullAccess');
    const result = joined('template.yaml', text, { Fn: handler(['dynamodb:PutItem', 'sns:ListTopics'], { 'dynamodb:PutItem': [{ 'Fn::GetAtt': ['Orders', 'Arn'] }], 'sns:ListTopics': ['*'] }) });
    assert.match(result.findings[0].message, /its code calls only `dynamodb:PutItem`\. Use the SAM policy template DynamoDBCrudPolicy/);
    assert.deepEqual(result.findings[0].fixes, []);
  });

  const serverless = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/AmazonSNSFullAccess
functions:
  notify:
    handler: src/app.notify
  list:
    handler: src/app.list
`;
  it('Serverless and CloudFormation: the message only (no fix that moves a policy into statements yet)', () => {
    const result = joined('serverless.yml', serverless, { notify: handler(['sns:Publish'], { 'sns:Publish': ['*'] }), list: handler([]) });
    assert.match(result.findings[0].message, /Of what it grants, their code calls only `sns:Publish`\.$/);
    assert.deepEqual(result.findings[0].fixes, []);
  });

  const silent: Array<[string, string, string, Record<string, HandlerCodeSummary>]> = [
    ['a function whose handler was not read', 'serverless.yml', serverless, { notify: handler(['sns:Publish']) }],
    ['calls not all known', 'template.yaml', sam, { Fn: handler(['s3:GetObject'], objects, { actionsIncomplete: ['a command built elsewhere'] }) }],
    ['an event-source mapping that Lambda polls with the role', 'template.yaml', sam.replace('AmazonS3FullAccess', 'AmazonSQSFullAccess') + '  Mapping:\n    Type: AWS::Lambda::EventSourceMapping\n', { Fn: handler([]) }],
  ];
  for (const [name, path, text, handlers] of silent) {
    it(`the message says nothing of the code: ${name}`, () => {
      const result = joined(path, text, handlers);
      assert.equal(result.findings.length, 1);
      assert.doesNotMatch(result.findings[0].message, /code calls/);
      assert.deepEqual(result.findings[0].fixes, []);
    });
  }
});

it('iam-full-access-managed-policy says nothing of the code where Lambda reads a broker\'s secret with the role (MSK SASL)', () => {
  const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Consumer:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Policies:
        - SecretsManagerReadWrite
      Events:
        Topic:
          Type: MSK
          Properties:
            Stream: !Ref ClusterArn
            SourceAccessConfigurations:
              - Type: SASL_SCRAM_512_AUTH
                URI: !Ref Secret
`;
  const result = joinHandlerCode(analyze({ path: 'template.yaml', text, rules: [rule] }), new Map([['Consumer', { path: '/app/app.js', exportName: 'handler', auth: 'none', validators: [], sinks: [], actions: [] } as HandlerCodeSummary]]), { rules: [rule] });
  assert.equal(result.findings.length, 1);
  assert.doesNotMatch(result.findings[0].message, /code calls/);
});

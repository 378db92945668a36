import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, joinHandlerCode, type AnalysisResult, type HandlerCodeSummary } from '../../server/src/engine';
import rule from './iam-wildcard-action';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: scoped actions in provider.iam.role.statements',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - dynamodb:GetItem
            - dynamodb:PutItem
          Resource: !GetAtt OrdersTable.Arn
        - Effect: Allow
          Action: s3:Get*
          Resource: arn:aws:s3:::orders-bucket/*
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'serverless: a Deny statement with Action * is a guardrail, not a grant',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamRoleStatements:
    - Effect: Deny
      Action: '*'
      Resource: '*'
      Condition:
        Bool:
          aws:SecureTransport: 'false'
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'serverless: NotAction is left to its own rule',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          NotAction: iam:*
          Resource: '*'
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'serverless: an action from an unresolved variable stays silent',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: \${ssm:/orders/action}
          Resource: '*'
functions:
  list:
    handler: h.list
`,
    },
    {
      name: 'SAM: scoped inline statements and a policy template',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.list
      Runtime: nodejs20.x
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref Table
        - Statement:
            - Effect: Allow
              Action: [sqs:SendMessage]
              Resource: !GetAtt Queue.Arn
`,
    },
    {
      name: 'CloudFormation: an action from a parameter without a default, and a partial !Sub',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  AllowedAction:
    Type: String
  Service:
    Type: String
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action:
              - !Ref AllowedAction
              - !Sub '\${Service}:*'
            Resource: '*'
`,
    },
    {
      name: 'CloudFormation: a Deny with * on an IAM::Policy',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Guardrail:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: guardrail
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - Effect: Deny
            Action: 's3:*'
            Resource: '*'
`,
    },
    {
      name: 'CloudFormation JSON: scoped actions',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Role": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": { "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }] },
        "Policies": [{ "PolicyName": "p", "PolicyDocument": { "Statement": [{ "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*" }] } }]
      }
    }
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: s3:* on arn:aws:s3:::* reaches every bucket and object, and the message names the pattern',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: 's3:*'
#                   ^^^^^^ iam-wildcard-action:wildcardActionOnEverything
            Resource: 'arn:aws:s3:::*'
`,
      errors: [{ messageId: 'wildcardActionOnEverything', data: { action: 's3:*', resource: "Resource 'arn:aws:s3:::*'" } }],
    },
    {
      name: 'CloudFormation: a wildcard on one branch of Fn::If names the condition',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: { Type: String, AllowedValues: [dev, prod] }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
      Policies:
        - PolicyName: data
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: !If [IsDev, 's3:*', 's3:GetObject']
#                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-wildcard-action:wildcardAction
                Resource: !Sub 'arn:aws:s3:::\${AWS::StackName}-data/*'
`,
      errors: [{ messageId: 'wildcardAction', data: { action: 's3:*', when: ' when condition IsDev is true' } }],
    },
    {
      name: 'serverless: only the s3:* entry of a list is flagged, with the functions it reaches',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - s3:GetObject
            - 's3:*'
#             ^^^^^^ iam-wildcard-action:wildcardAction
          Resource: arn:aws:s3:::orders-bucket/*
functions:
  list:
    handler: h.list
  create:
    handler: h.create
`,
      errors: [{ messageId: 'wildcardAction', data: { action: 's3:*', holder: 'functions list, create' } }],
    },
    {
      name: 'serverless: Action * on Resource * in provider.iamRoleStatements is administrator access',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: '*'
#             ^^^ iam-wildcard-action:adminAccess
      Resource: '*'
functions:
  list:
    handler: h.list
`,
      errors: [{ messageId: 'adminAccess', data: { holder: 'function list' } }],
    },
    {
      name: 'serverless: per-function iamRoleStatements, and *:* counts as *',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
    iamRoleStatements:
      - Effect: Allow
        Action: [dynamodb:*]
#                ^^^^^^^^^^ iam-wildcard-action:wildcardAction
        Resource: !GetAtt OrdersTable.Arn
  admin:
    handler: h.admin
    iamRoleStatements:
      - Effect: Allow
        Action: ['*:*']
#                ^^^^^ iam-wildcard-action:adminAccess
        Resource: ['*']
`,
      errors: [
        { messageId: 'wildcardAction', data: { action: 'dynamodb:*', holder: 'function list' } },
        { messageId: 'adminAccess', data: { action: '*:*', holder: 'function admin' } },
      ],
    },
    {
      // A whole-node self: reference is followed to the value, which is reported where it is written.
      name: 'serverless: an action resolved from custom through ${self:}',
      path: 'serverless.yml',
      code: `service: orders
custom:
  tableAccess: dynamodb:*
#              ^^^^^^^^^^ iam-wildcard-action:wildcardActionOnEverything
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: \${self:custom.tableAccess}
          Resource: '*'
functions:
  list:
    handler: h.list
`,
      errors: [{ messageId: 'wildcardActionOnEverything', data: { action: 'dynamodb:*', includes: 'permissions management (dynamodb:PutResourcePolicy)' } }],
    },
    {
      name: 'SAM: inline statement in Policies',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  ListFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.list
      Runtime: nodejs20.x
      Policies:
        - AWSLambdaBasicExecutionRole
        - Version: '2012-10-17'
          Statement:
            - Effect: Allow
              Action: 'sqs:*'
#                     ^^^^^^^ iam-wildcard-action:wildcardAction
              Resource: !GetAtt Queue.Arn
            - Effect: Allow
              Action: '*'
#                     ^^^ iam-wildcard-action:adminAccess
              Resource: '*'
`,
      errors: [
        { messageId: 'wildcardAction', data: { action: 'sqs:*', holder: 'function ListFunction' } },
        { messageId: 'adminAccess', data: { holder: 'function ListFunction' } },
      ],
    },
    {
      name: 'SAM: a role of the template named by a function reaches that function',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  ReplicateFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.replicate
      Runtime: nodejs20.x
      Role: !GetAtt ReplicateRole.Arn
  ReplicateRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: copy
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:*]
#                                      ^^^^ iam-wildcard-action:wildcardAction
                Resource: arn:aws:s3:::replica/*
`,
      errors: [{ messageId: 'wildcardAction', data: { action: 's3:*', holder: 'function ReplicateFunction' } }],
    },
    {
      name: 'CloudFormation: a role used by a function, a ManagedPolicy, and a Fn::If branch',
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
                Action: !If [IsDev, 'dynamodb:*', 'dynamodb:GetItem']
#                       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ iam-wildcard-action:wildcardAction
                Resource: !Sub 'arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/orders'
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: 'kinesis:*'
#                   ^^^^^^^^^^^ iam-wildcard-action:wildcardAction
            Resource: !GetAtt Stream.Arn
`,
      errors: [
        { messageId: 'wildcardAction', data: { action: 'dynamodb:*', holder: 'function Fn' } },
        { messageId: 'wildcardAction', data: { action: 'kinesis:*', holder: 'policy Shared' } },
      ],
    },
    {
      name: 'CloudFormation: Action * with a scoped resource is a wildcard, not administrator access',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: '*'
#                   ^^^ iam-wildcard-action:wildcardAction
            Resource: !GetAtt Bucket.Arn
          - Effect: Allow
            Action: '*'
#                   ^^^ iam-wildcard-action:wildcardAction
            NotResource: '*'
`,
      errors: [
        { messageId: 'wildcardAction', data: { action: '*', holder: 'policy Policy' } },
        { messageId: 'wildcardAction', data: { action: '*' } },
      ],
    },
    {
      name: 'CloudFormation JSON: administrator access in a role policy',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Role": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "AssumeRolePolicyDocument": { "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }] },
        "Policies": [{
          "PolicyName": "everything",
          "PolicyDocument": {
            "Statement": [
              { "Effect": "Allow", "Action": ["logs:PutLogEvents", "*"], "Resource": "*" }
//                                                                 ^^^ iam-wildcard-action:adminAccess
            ]
          }
        }]
      }
    }
  }
}
`,
      errors: [{ messageId: 'adminAccess', data: { holder: 'role Role' } }],
    },
  ],
});

// Statements read through `${file(...)}` live in another file: the finding is shown on the reference in this one.
describe('iam-wildcard-action: statements from another file', () => {
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
    const iamFile = `statements:\n  - Effect: Allow\n    Action: 's3:*'\n    Resource: '*'\n  - Effect: Deny\n    Action: '*'\n    Resource: '*'\n`;
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
      [['wildcardActionOnEverything', '${file(./iam.yml):statements}']],
    );
    // s3:* on '*' includes permissions management and data reads, but Checkov's cloudsplaining checks read only
    // AWS::IAM::* resources, never serverless.yml statements: the finding does not name them.
    assert.ok(['CKV_AWS_108', 'CKV_AWS_109'].every((check) => !result.findings[0].equivalents.includes(check)), result.findings[0].equivalents.join());
  });

  it('follows ${self:custom...} into a custom block read from a file, and reports on the statement', () => {
    const text = `service: orders
custom: \${file(./custom.json)}
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action: \${self:custom.action}
      Resource: \${self:custom.action}
functions:
  list:
    handler: h.list
`;
    const result = analyze({
      path: '/app/serverless.yml',
      text,
      rules: [rule],
      strict: true,
      readFile: (_from, relativePath) => (relativePath === './custom.json' ? { path: '/app/custom.json', text: '{ "action": "*" }' } : undefined),
    });
    assert.deepEqual(result.internalErrors, []);
    const statementStart = text.indexOf('Effect: Allow');
    assert.deepEqual(
      result.findings.map((finding) => [finding.messageId, finding.range.start]),
      [['adminAccess', statementStart]],
    );
  });
});

describe('iam-wildcard-action, once the handlers are known', () => {
  const summary = (actions: string[], extra: Partial<HandlerCodeSummary> = {}): HandlerCodeSummary => ({ path: '/app/src/handler.js', exportName: 'handler', auth: 'none', validators: [], sinks: [], actions, ...extra });
  const text = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
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
  const joined = (source: string, handlers: Record<string, HandlerCodeSummary>): AnalysisResult => {
    const result = analyze({ path: 'serverless.yml', text: source, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return joinHandlerCode(result, new Map(Object.entries(handlers)), { rules: [rule] });
  };

  it('names the actions the code calls, and rewrites the Action to them', () => {
    const alone = analyze({ path: 'serverless.yml', text, rules: [rule], strict: true });
    assert.equal(alone.findings.length, 1);
    assert.match(alone.findings[0].message, /^Action 'dynamodb:\*' grants every dynamodb action to .*[^;]\.$/);
    assert.doesNotMatch(alone.findings[0].message, /calls/);
    assert.deepEqual(alone.findings[0].fixes, [], 'without the code, no rewrite');
    const result = joined(text, { create: summary(['dynamodb:PutItem']), list: summary(['dynamodb:Query']) });
    assert.deepEqual(result.internalErrors, []);
    assert.equal(result.findings.length, 1, 'the refined finding replaces the first one');
    assert.equal(result.findings[0].message, alone.findings[0].message.replace(/\.$/, '; of what this statement grants, their code calls only `dynamodb:PutItem` and `dynamodb:Query`.'));
    const [fix] = result.findings[0].fixes;
    const edits = [...fix.edits].sort((a, b) => b.range.start - a.range.start);
    const output = edits.reduce((current, edit) => current.slice(0, edit.range.start) + edit.newText + current.slice(edit.range.end), text);
    assert.equal(output, text.replace('Action:\n            - dynamodb:*', 'Action:\n            [dynamodb:PutItem, dynamodb:Query]'));
    assert.deepEqual(analyze({ path: 'serverless.yml', text: output, rules: [rule] }).findings, [], 'no wildcard is left');
  });

  it('says nothing more when a function on the role has no handler whose calls were all read', () => {
    const missing = joined(text, { create: summary(['dynamodb:PutItem']) });
    assert.equal(missing.findings.length, 1);
    assert.doesNotMatch(missing.findings[0].message, /calls only/);
    assert.deepEqual(missing.findings[0].fixes, []);
    const incomplete = joined(text, { create: summary(['dynamodb:PutItem']), list: summary(['dynamodb:Query'], { actionsIncomplete: ['imports dynamoose, which may call AWS for the code'] }) });
    assert.doesNotMatch(incomplete.findings[0].message, /calls only/);
  });

  it('keeps a reviewed suppression of the first finding', () => {
    const suppressedText = text.replace('            - dynamodb:*', '            - dynamodb:* # slsward-ignore iam-wildcard-action: the table is dropped nightly');
    const result = joined(suppressedText, { create: summary(['dynamodb:PutItem']), list: summary(['dynamodb:Query']) });
    assert.deepEqual(result.findings, []);
    assert.equal(result.suppressed.length, 1);
    assert.match(result.suppressed[0].finding.message, /calls only/);
  });
});

describe('iam-wildcard-action: each finding names the checks its own statement fails', () => {
  const equivalentsOn = (path: string, text: string) => {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.map((finding) => [finding.resource, finding.messageId, finding.equivalents.filter((id) => id !== 'AwsSolutions-IAM5').sort()]);
  };

  it("names Checkov's '*'-action checks on '*' only, and its admin checks only with Resource '*'", () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  ServiceWide:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies:
        - PolicyName: tables
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: 'dynamodb:*'
                Resource: !GetAtt Orders.Arn
  EveryActionOnOneBucket:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: bucket
      Roles: [worker]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: arn:aws:s3:::reports/*
  Admin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: '*'
  Orders:
    Type: AWS::DynamoDB::Table
`;
    assert.deepEqual(equivalentsOn('/app/template.yaml', text), [
      // cfn_nag counts service wildcards (F3 for a role); Checkov's CKV_AWS_63 and Sonar's S6302 do not.
      ['ServiceWide', 'wildcardAction', ['F3']],
      ['EveryActionOnOneBucket', 'wildcardAction', ['CKV_AWS_63', 'F4', 'S6302']],
      // CKV_AWS_62/63 do not read managed policies; cloudsplaining does.
      ['Admin', 'adminAccess', ['CKV_AWS_107', 'CKV_AWS_108', 'CKV_AWS_109', 'CKV_AWS_110', 'CKV_AWS_111', 'F5', 'S6302']],
    ]);
  });

  it("names the serverless.yml forms (CKV_AWS_49, CKV_AWS_1) and no cfn_nag or cloudsplaining check on serverless statements", () => {
    const text = `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
functions:
  list:
    handler: h.list
    iamRoleStatements:
      - Effect: Allow
        Action: ['s3:*']
        Resource: arn:aws:s3:::reports/*
`;
    const found = equivalentsOn('/app/serverless.yml', text);
    assert.deepEqual(
      found.find(([, messageId]) => messageId === 'adminAccess')?.[2],
      // Checkov's cloudsplaining checks (CKV_AWS_107 to CKV_AWS_111) do not read serverless.yml, nor does Sonar (no top-level Resources).
      // KICS's Serverless role query reads provider.iam.role, not a function's iamRoleStatements.
      ['CKV_AWS_1', 'CKV_AWS_49', 'KICS:59ebb4f3-2a6c-46dc-b4f0-cc5418dcddcd'],
    );
    assert.deepEqual(found.find(([, messageId]) => messageId === 'wildcardAction')?.[2], []);
  });
});

describe('iam-wildcard-action: cloudsplaining and cfn_nag checks only where their source reads the statement', () => {
  const equivalentsOn = (path: string, text: string) => {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.map((finding) => [finding.resource, finding.messageId, finding.equivalents.filter((id) => id !== 'AwsSolutions-IAM5').sort()]);
  };

  it("names no cfn_nag rule on a SAM function's Policies (cfn-model's SAM transform drops them), nor cloudsplaining checks", () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: '*'
              Resource: '*'
`;
    // Sonar's S6302 collects only statements under a key containing 'policy', which 'Policies' does not.
    assert.deepEqual(equivalentsOn('/app/template.yaml', text), [['Fn', 'adminAccess', []]]);
  });

  it("names CKV_AWS_109 and CKV_AWS_111 only on a statement without any Condition, as cloudsplaining reads them", () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Secure:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: '*'
            Resource: '*'
            Condition: { Bool: { 'aws:SecureTransport': 'true' } }
  Queues:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: queues
      Roles: [worker]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: 'sqs:*'
            Resource: '*'
`;
    assert.deepEqual(equivalentsOn('/app/template.yaml', text), [
      // cloudsplaining reads credentials, data and escalation from conditional statements too; not 109 and 111.
      ['Secure', 'adminAccess', ['CKV_AWS_107', 'CKV_AWS_108', 'CKV_AWS_110', 'F5', 'S6302']],
      ['Queues', 'wildcardActionOnEverything', ['CKV_AWS_109', 'CKV_AWS_111', 'F4']],
    ]);
  });
});

describe("iam-wildcard-action: KICS's Serverless Role With Full Privileges", () => {
  it('is named on provider.iam.role statements whose Action and Resource both hold a *, not on iamRoleStatements or a Resource without one', () => {
    const KICS = 'KICS:59ebb4f3-2a6c-46dc-b4f0-cc5418dcddcd';
    const service = `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: '*'
          Resource: '*'
        - Effect: Allow
          Action: ['s3:*']
          Resource: ['arn:aws:s3:::orders/*']
        - Effect: Allow
          Action: dynamodb:*
          Resource: arn:aws:dynamodb:us-east-1:123456789012:table/orders
functions:
  list:
    handler: h.list
`;
    const result = analyze({ path: 'serverless.yml', text: service, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [service.slice(finding.range.start, finding.range.end), finding.equivalents.includes(KICS)]),
      [
        ["'*'", true],
        ["'s3:*'", true],
        ['dynamodb:*', false],
      ],
    );
    const legacy = service.replace('  iam:\n    role:\n      statements:\n', '  iamRoleStatements:\n').replace(/^        /gm, '    ');
    const legacyResult = analyze({ path: 'serverless.yml', text: legacy, rules: [rule], strict: true });
    assert.equal(legacyResult.findings.length, 3);
    assert.ok(legacyResult.findings.every((finding) => !finding.equivalents.includes(KICS)));
  });
});

describe("iam-wildcard-action: KICS's IAM Policies With Full Privileges", () => {
  it("is named on AWS::IAM::Policy statements with Action '*' and Resource '*' written, not on roles, managed policies or s3:*", () => {
    const KICS = 'KICS:953b3cdb-ce13-428a-aa12-318726506661';
    const template = `AWSTemplateFormatVersion: '2010-09-09'
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
        - PolicyName: inline
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: '*'
                Resource: '*'
  Admin:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: admin
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          Effect: Allow
          Action: ['*']
          Resource: '*'
  Buckets:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: buckets
      Roles: [!Ref Role]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:*
            Resource: '*'
`;
    const result = analyze({ path: 'template.yaml', text: template, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(
      result.findings.map((finding) => [finding.resource, finding.equivalents.includes(KICS)]),
      [
        ['Role', false],
        ['Admin', true],
        ['Buckets', false],
      ],
    );
  });
});

/**
 * The IAM part of the application model: SAM policy templates expanded as SAM
 * expands them, IAM users, groups and policy attachments, trust and resource
 * policies, policy documents written as JSON strings, and role links.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../parse';
import { buildModel } from './build';
import { detectKind } from './kind';
import { SAM_POLICY_TEMPLATES } from './sam-policy-templates';
import type { AppModel } from './types';

function modelOf(path: string, text: string): AppModel {
  const document = parseDocument(path, text);
  const kind = detectKind(document.root);
  assert.ok(kind, 'a document of ours');
  return buildModel(document, kind);
}

function texts(model: AppModel, nodes: Parameters<AppModel['resolver']['resolve']>[0][]): string[] {
  return nodes.map((node) => model.resolver.display(model.resolver.resolve(node)));
}

describe('model: SAM policy templates', () => {
  const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Policies:
        - DynamoDBCrudPolicy:
            TableName: orders
        - SQSSendMessagePolicy: { QueueName: !GetAtt Jobs.QueueName }
        - AWSSecretsManagerRotationPolicy: { FunctionName: rotate }
        - S3ReadPolicy: {}
        - NotATemplate: { X: 1 }
`;
  const model = modelOf('template.yaml', text);
  const statements = model.iamStatements.filter((statement) => statement.origin === 'sam-policy-template');

  it('substitutes parameters into the resources, with the partition, region and account left to the deployment', () => {
    const crud = statements.find((statement) => statement.policyTemplate === 'DynamoDBCrudPolicy');
    assert.ok(crud);
    assert.equal(crud.effect, 'Allow');
    assert.ok(texts(model, crud.actions).includes('dynamodb:DeleteItem'));
    assert.deepEqual(texts(model, crud.resources), [
      'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders',
      'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders/index/*',
    ]);
    assert.deepEqual(crud.functions, ['Fn']);
    assert.equal(crud.resource, 'Fn');
  });

  it('shows every expanded statement on its template entry, as a foreign statement that rules never edit', () => {
    for (const statement of statements) {
      assert.equal(statement.isForeign, true);
      assert.match(text.slice(statement.range.start, statement.range.end), new RegExp(`^${statement.policyTemplate}:`));
    }
  });

  it('keeps a parameter that is a reference unknown, and carries conditions', () => {
    const send = statements.find((statement) => statement.policyTemplate === 'SQSSendMessagePolicy');
    assert.equal(model.resolver.resolve(send?.resources[0]).state, 'partial');
    const rotation = statements.filter((statement) => statement.policyTemplate === 'AWSSecretsManagerRotationPolicy');
    assert.equal(rotation.length, 2);
    assert.ok(rotation[0].condition);
  });

  it('expands nothing for a template missing a parameter (SAM refuses it) or an unknown name', () => {
    assert.equal(statements.filter((statement) => statement.policyTemplate === 'S3ReadPolicy').length, 0);
    assert.equal(statements.filter((statement) => statement.policyTemplate === 'NotATemplate').length, 0);
  });

  it('reads the Policies of a state machine, which no function holds, and ignores them with a Role', () => {
    const machine = modelOf(
      'template.yaml',
      `Transform: AWS::Serverless-2016-10-31
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Policies:
        - LambdaInvokePolicy: { FunctionName: !Ref Worker }
        - AWSXRayDaemonWriteAccess
  Owned:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: !GetAtt FlowRole.Arn
      Policies: [AdministratorAccess]
`,
    );
    assert.deepEqual(machine.iamStatements.map((statement) => [statement.origin, statement.resource, statement.functions]), [['sam-policy-template', 'Flow', []]]);
    assert.deepEqual(machine.managedPolicies.map((attachment) => [attachment.resource, attachment.functions]), [['Flow', []]]);
  });

  it('has parameters named in each template resource', () => {
    for (const [name, template] of Object.entries(SAM_POLICY_TEMPLATES)) {
      const used = new Set(template.statements.flatMap((statement) => [...statement.resources, ...Object.values(statement.condition ?? {}).flatMap((keys) => Object.values(keys))]).flatMap((value) => [...value.matchAll(/\$\{(\w+)\}/g)].map((match) => match[1])));
      assert.deepEqual([...used].sort(), [...template.parameters].sort(), name);
    }
  });
});

describe('model: IAM principals and resource policies', () => {
  it('reads user and group inline policies and attachments, and JSON-string documents, with their holders', () => {
    const model = modelOf(
      'template.yaml',
      `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Deployer:
    Type: AWS::IAM::User
    Properties:
      Policies:
        - PolicyName: deploy
          PolicyDocument: { Statement: [{ Effect: Allow, Action: 's3:*', Resource: '*' }] }
      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
  Ops:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: ops
          PolicyDocument: '{"Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}'
  Shared:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Groups: [!Ref Ops]
      Users: [!Ref Deployer]
      Roles: [!Ref FnRole]
      PolicyDocument: { Statement: [{ Effect: Allow, Action: sqs:SendMessage, Resource: '*' }] }
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
  Fn:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: python3.12, Role: !GetAtt FnRole.Arn }
`,
    );
    const byOrigin = (origin: string) => model.iamStatements.filter((statement) => statement.origin === origin);
    assert.deepEqual(byOrigin('iam-user-inline').map((statement) => [statement.resource, statement.functions.length]), [['Deployer', 0]]);
    const group = byOrigin('iam-group-inline');
    assert.deepEqual(group.map((statement) => [statement.resource, statement.effect, statement.isForeign]), [['Ops', 'Deny', true]]);
    const shared = byOrigin('iam-managed-policy')[0];
    assert.deepEqual(shared.attachedTo, { roles: ['FnRole'], users: ['Deployer'], groups: ['Ops'] });
    assert.deepEqual(shared.functions, ['Fn']);
    assert.deepEqual(model.managedPolicies.map((attachment) => [attachment.resource, attachment.origin]), [['Deployer', 'iam-user']]);
    const trust = byOrigin('resource-policy');
    assert.deepEqual(trust.map((statement) => [statement.resource, statement.resourcePolicy, statement.functions.length]), [['FnRole', { service: 'iam-role-trust', targets: ['FnRole'] }, 0]]);
  });

  it('reads bucket, queue, topic, key and secret policies with their targets', () => {
    const model = modelOf(
      'serverless.yml',
      `service: s
provider:
  name: aws
functions:
  f:
    handler: h.f
resources:
  Resources:
    BP:
      Type: AWS::S3::BucketPolicy
      Properties: { Bucket: { Ref: B }, PolicyDocument: { Statement: [{ Effect: Deny, Principal: '*', Action: 's3:*', Resource: '*' }] } }
    QP:
      Type: AWS::SQS::QueuePolicy
      Properties: { Queues: [{ Ref: Q1 }, https://sqs.eu-west-1.amazonaws.com/1/q2], PolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: sns.amazonaws.com }, Action: sqs:SendMessage, Resource: '*' }] } }
    TP:
      Type: AWS::SNS::TopicPolicy
      Properties: { Topics: [{ Ref: T }], PolicyDocument: { Statement: [{ Effect: Allow, Principal: { AWS: '*' }, Action: sns:Publish, Resource: '*' }] } }
    K:
      Type: AWS::KMS::Key
      Properties: { KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: root }, Action: 'kms:*', Resource: '*' }] } }
    SP:
      Type: AWS::SecretsManager::ResourcePolicy
      Properties: { SecretId: { Ref: S }, ResourcePolicy: { Statement: [{ Effect: Allow, Principal: { AWS: root }, Action: secretsmanager:GetSecretValue, Resource: '*' }] } }
`,
    );
    assert.deepEqual(
      model.iamStatements.map((statement) => [statement.origin, statement.resource, statement.resourcePolicy?.service, statement.resourcePolicy?.targets]),
      [
        ['resource-policy', 'BP', 's3', ['B']],
        ['resource-policy', 'QP', 'sqs', ['Q1', 'https://sqs.eu-west-1.amazonaws.com/1/q2']],
        ['resource-policy', 'TP', 'sns', ['T']],
        ['resource-policy', 'K', 'kms', ['K']],
        ['resource-policy', 'SP', 'secretsmanager', ['S']],
      ],
    );
  });

  it('links a role to the CloudFormation and SAM functions that share it', () => {
    const model = modelOf(
      'template.yaml',
      `Transform: AWS::Serverless-2016-10-31
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      Policies: [{ PolicyName: p, PolicyDocument: { Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: '*' }] } }]
  Plain:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: python3.12, Role: !GetAtt Role.Arn }
  Sam:
    Type: AWS::Serverless::Function
    Properties: { Handler: i.h, Runtime: python3.12, Role: !GetAtt Role.Arn }
`,
    );
    assert.deepEqual(model.iamStatements.find((statement) => statement.origin === 'iam-role-inline')?.functions, ['Plain', 'Sam']);
  });
});

/**
 * The IAM rules name Checkov's cloudsplaining checks (CKV_AWS_107 to CKV_AWS_111), cfn_nag's W11-W13 and
 * cdk-nag's IAM5 only on the findings whose statement those checks read and fail (see cloudsplaining.ts,
 * cfn-nag.ts and cdk-nag.ts for the source each one follows).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../../server/src/engine';
import credentialExposure from '../iam-credential-exposure';
import dataExfiltration from '../iam-data-exfiltration';
import permissionsManagement from '../iam-permissions-management';
import privilegeEscalation from '../iam-privilege-escalation';
import wildcardResource from '../iam-wildcard-resource';
import { cloudsplainingView } from './cloudsplaining';

const rules = [credentialExposure, dataExfiltration, permissionsManagement, privilegeEscalation, wildcardResource];

function equivalentsOn(path: string, text: string): Array<[string, string, string[]]> {
  const result = analyze({ path, text, rules, strict: true });
  assert.deepEqual(result.internalErrors, []);
  return result.findings.map((finding) => [finding.ruleId, finding.resource ?? '', [...finding.equivalents].sort()]);
}

const role = (name: string, statements: string) => `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies:
        - PolicyName: main
          PolicyDocument:
            Statement:
${statements}`;

describe('cloudsplaining checks are named where Checkov reads and fails the statement', () => {
  it("names each check on an IAM role's literal '*', and none on an ARN pattern, a SAM function or serverless.yml", () => {
    const text = `Resources:
${role('Literal', `              - Effect: Allow
                Action: [sts:AssumeRole, secretsmanager:GetSecretValue, iam:PutRolePolicy, sqs:SendMessage]
                Resource: '*'
`)}${role('Pattern', `              - Effect: Allow
                Action: [iam:PutRolePolicy]
                Resource: arn:aws:iam::*:role/*
`)}`;
    assert.deepEqual(equivalentsOn('/app/template.yaml', text), [
      ['iam-credential-exposure', 'Literal', ['CKV_AWS_107']],
      ['iam-data-exfiltration', 'Literal', ['CKV_AWS_108']],
      ['iam-privilege-escalation', 'Literal', ['CKV_AWS_110']],
      ['iam-wildcard-resource', 'Literal', ['AwsSolutions-IAM5', 'CKV_AWS_109', 'CKV_AWS_111', 'W11']],
      // cloudsplaining and cfn_nag read a literal '*' only; cdk-nag fails any '*' of the document.
      ['iam-privilege-escalation', 'Pattern', []],
      ['iam-wildcard-resource', 'Pattern', ['AwsSolutions-IAM5']],
    ]);

    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - Effect: Allow
              Action: [iam:PutRolePolicy, sqs:SendMessage]
              Resource: '*'
`;
    for (const [, , equivalents] of equivalentsOn('/app/template.yaml', sam)) assert.deepEqual(equivalents, []);

    const serverless = `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [iam:PutRolePolicy, secretsmanager:GetSecretValue, sqs:SendMessage]
          Resource: '*'
functions:
  list:
    handler: h.list
`;
    const found = equivalentsOn('/app/serverless.yml', serverless);
    assert.ok(found.length >= 3, JSON.stringify(found));
    for (const [, , equivalents] of found) assert.deepEqual(equivalents, []);
  });

  it('names CKV_AWS_109 and CKV_AWS_111 only without any Condition; 107, 108 and 110 whatever the Condition', () => {
    const text = `Resources:
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [sts:AssumeRole, s3:GetObject, iam:PutRolePolicy, s3:PutBucketPolicy, sqs:SendMessage]
            Resource: '*'
            Condition: { Bool: { 'aws:SecureTransport': 'true' } }
`;
    assert.deepEqual(equivalentsOn('/app/template.yaml', text), [
      ['iam-credential-exposure', 'Managed', ['CKV_AWS_107']],
      ['iam-data-exfiltration', 'Managed', ['CKV_AWS_108']],
      ['iam-privilege-escalation', 'Managed', ['CKV_AWS_110']],
      ['iam-permissions-management', 'Managed', []],
      ['iam-wildcard-resource', 'Managed', ['AwsSolutions-IAM5', 'W13']],
    ]);
  });

  it("names CKV_AWS_110 only for cloudsplaining 0.7's methods, within one policy document", () => {
    const text = `Resources:
${role('Boundary', `              - Effect: Allow
                Action: iam:DeleteRolePermissionsBoundary
                Resource: '*'
`)}  Split:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
      Policies:
        - PolicyName: pass
          PolicyDocument:
            Statement:
              - { Effect: Allow, Action: iam:PassRole, Resource: '*' }
              - { Effect: Allow, Action: ec2:RunInstances, Resource: '*' }
        - PolicyName: lambda
          PolicyDocument:
            Statement:
              - { Effect: Allow, Action: [lambda:CreateFunction, lambda:InvokeFunction], Resource: '*' }
`;
    const escalation = equivalentsOn('/app/template.yaml', text).filter(([ruleId]) => ruleId === 'iam-privilege-escalation');
    assert.deepEqual(escalation, [
      // Not one of cloudsplaining's methods.
      ['iam-privilege-escalation', 'Boundary', []],
      // PassRole with RunInstances in one document: CreateEC2WithExistingIP.
      ['iam-privilege-escalation', 'Split', ['CKV_AWS_110']],
      // PassRole in one document, CreateFunction and InvokeFunction in another: cloudsplaining reads each alone.
      ['iam-privilege-escalation', 'Split', []],
    ]);
  });
});

describe('a policy of many wildcard statements', () => {
  it("expands each Action list once, sharing it between statements, and still names every statement's checks", () => {
    // An `Action: '*'` is every action of AWS. Read per statement, and against every sibling for escalation,
    // 1,000 of them took minutes and gigabytes; the views now share one expansion per list of entries.
    const statements = Array.from({ length: 300 }, () => `              - Effect: Allow
                Action: ['s3:*', 'iam:Create*', 'iam:Put*', 'secretsmanager:Get*']
                Resource: '*'
`).join('');
    const text = `Resources:\n${role('Many', statements)}`;
    const result = analyze({ path: 'template.yaml', text, rules, strict: true });
    assert.deepEqual(result.internalErrors, []);
    const escalations = result.findings.filter((finding) => finding.ruleId === 'iam-privilege-escalation');
    assert.equal(escalations.length, 300);
    assert.ok(escalations.every((finding) => finding.equivalents.includes('CKV_AWS_110')));
    // The trust policy has no view; the 300 policy statements share one.
    const views = result.model!.iamStatements.map((statement) => cloudsplainingView(statement, result.model!.resolver)).filter((view) => view !== undefined);
    assert.equal(views.length, 300);
    assert.ok(views.every((view) => view.actions === views[0].actions && view.restrictable === views[0].restrictable));
  });
});

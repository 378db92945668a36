import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type AppModel } from '..';
import { hasConstrainingCondition, statementValues, wildcardResources } from '.';
import { defineRule } from '../rule';

/** Builds the model of a document through a rule that only captures it. */
function modelOf(text: string, path = 'template.yaml'): AppModel {
  let captured: AppModel | undefined;
  const capture = defineRule({
    meta: { id: 'capture', title: 'capture', category: 'iam', severity: 'info', confidence: 'high', description: '', remediation: '', equivalents: [], references: [], targets: ['serverless', 'sam', 'cloudformation'], messages: {}, fix: 'none' },
    check(context) {
      captured = context.model;
    },
  });
  analyze({ path, text, rules: [capture] });
  assert.ok(captured);
  return captured;
}

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsDev: !Equals [!Ref 'AWS::AccountId', '111111111111']
Parameters:
  Extra:
    Type: String
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: !If [IsDev, [s3:GetObject, s3:PutObject], [s3:GetObject]]
            Resource: !If [IsDev, '*', !Ref Bucket]
          - Effect: Allow
            Action: [!Ref Extra, !Sub 'sqs:\${AWS::NoSuchThing}', sns:Publish]
            Resource: '*'
            Condition:
              Bool:
                aws:SecureTransport: 'true'
              StringEquals:
                aws:RequestedRegion: eu-west-1
          - Effect: Allow
            Action: kms:Decrypt
            Resource: '*'
            Condition:
              StringEquals:
                kms:ViaService: s3.eu-west-1.amazonaws.com
          - Effect: Allow
            Action: kms:Decrypt
            Resource: '*'
            Condition: !If [IsDev, {}, { Bool: { aws:MultiFactorAuthPresent: 'true' } }]
`;

describe('iam statement reading', () => {
  const model = modelOf(TEMPLATE);
  const [first, second, third, fourth] = model.iamStatements;

  it('expands whole-list and scalar Fn::If branches with their conditions', () => {
    const actions = statementValues(first.actions, model.resolver).known.map((value) => `${value.text}${value.when.map((when) => ` ${when.condition}=${when.value}`).join('')}`);
    assert.deepEqual(actions, ['s3:GetObject IsDev=true', 's3:PutObject IsDev=true', 's3:GetObject IsDev=false']);
    assert.deepEqual(
      wildcardResources(first, model.resolver).map((value) => value.when),
      [[{ condition: 'IsDev', value: true }]],
    );
  });

  it('keeps unknown entries out of the known values, and says so', () => {
    const values = statementValues(second.actions, model.resolver);
    assert.deepEqual(values.known.map((value) => value.text), ['sns:Publish']);
    assert.equal(values.hasUnknown, true);
  });

  it('counts a condition as a constraint unless all its keys only say how the request is made', () => {
    assert.equal(hasConstrainingCondition(second), false);
    assert.equal(hasConstrainingCondition(third), true);
    // A condition that cannot be read is a constraint: the rules stay silent.
    assert.equal(hasConstrainingCondition(fourth), true);
  });
});

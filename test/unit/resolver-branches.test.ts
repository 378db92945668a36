import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from '../../server/src/engine/parse';
import { nodeAt } from '../../server/src/engine/parse/tree';
import { combineWhen, describeWhen, Resolver } from '../../server/src/engine/resolve/resolver';

const TEMPLATE = `Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  HasKey: !Not [!Equals [!Ref KeyArn, '']]
Parameters:
  Stage: { Type: String }
  KeyArn: { Type: String, Default: '' }
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !If [HasKey, !Ref KeyArn, !If [IsProd, alias/aws/sns, !Ref AWS::NoValue]]
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption: !If
        - IsProd
        - ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }]
        - !Ref AWS::NoValue
`;

describe('resolver: Fn::If branches', () => {
  const document = parseDocument('template.yaml', TEMPLATE);
  const resolver = new Resolver(document);

  it('gives each outcome of nested Fn::If with the conditions it holds under', () => {
    const outcomes = resolver.outcomes(nodeAt(document.root, ['Resources', 'Topic', 'Properties', 'KmsMasterKeyId']));
    assert.deepEqual(
      outcomes.map((outcome) => [resolver.display(outcome), describeWhen(outcome.when)]),
      [
        ['', ' when condition HasKey is true'],
        ['alias/aws/sns', ' when conditions HasKey is false and IsProd is true'],
        ['null', ' when conditions HasKey is false and IsProd is false'],
      ],
    );
  });

  it('unwraps Fn::If around a whole map; AWS::NoValue is an absent property', () => {
    const branches = resolver.branches(nodeAt(document.root, ['Resources', 'Bucket', 'Properties', 'BucketEncryption']));
    assert.equal(branches.length, 2);
    assert.ok(nodeAt(branches[0].node, ['ServerSideEncryptionConfiguration']));
    assert.deepEqual(branches[0].when, [{ condition: 'IsProd', value: true }]);
    assert.equal(branches[1].node, null);
    assert.deepEqual(branches[1].when, [{ condition: 'IsProd', value: false }]);
  });

  it('a plain value is one outcome that always holds', () => {
    const outcomes = resolver.outcomes(nodeAt(document.root, ['Resources', 'Topic', 'Type']));
    assert.deepEqual(outcomes, [{ state: 'known', value: 'AWS::SNS::Topic', when: [] }]);
    assert.equal(describeWhen([]), '');
  });
});

describe('resolver: Serverless conditions on the stage', () => {
  it('stay undecided: --stage and ${opt:} override provider.stage and fallbacks at deploy time', () => {
    const document = parseDocument(
      'serverless.yml',
      `service: s
provider:
  name: aws
  stage: \${opt:stage, 'prod'}
resources:
  Conditions:
    IsProd: !Equals ['\${sls:stage}', prod]
    IsEu: !Equals ['\${opt:region, "eu-west-1"}', eu-west-1]
  Resources:
    Topic:
      Type: AWS::SNS::Topic
      Properties:
        KmsMasterKeyId: !If [IsProd, alias/aws/sns, !Ref AWS::NoValue]
`,
    );
    const resolver = new Resolver(document);
    assert.equal(resolver.evaluateCondition('IsProd'), undefined);
    assert.equal(resolver.evaluateCondition('IsEu'), undefined);
    const outcomes = resolver.outcomes(nodeAt(document.root, ['resources', 'Resources', 'Topic', 'Properties', 'KmsMasterKeyId']));
    assert.deepEqual(outcomes.map((outcome) => describeWhen(outcome.when)), [' when condition IsProd is true', ' when condition IsProd is false']);
  });
});

describe('resolver: values along a property path', () => {
  const document = parseDocument(
    'template.yaml',
    `Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Parameters:
  Stage: { Type: String }
  Key: { Type: String }
Resources:
  Domain:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EncryptionAtRestOptions: !If
        - IsProd
        - Enabled: !If [IsProd, true, false]
        - !Ref AWS::NoValue
      DomainEndpointOptions: !Ref Key
`,
  );
  const resolver = new Resolver(document);
  const properties = nodeAt(document.root, ['Resources', 'Domain', 'Properties']);

  it('unwraps Fn::If at every level, drops branches that contradict the path, and says when a value is absent', () => {
    const values = resolver.valuesAt(properties, ['EncryptionAtRestOptions', 'Enabled']);
    assert.deepEqual(
      values.map((value) => [value.state, value.value, describeWhen(value.when)]),
      [
        ['known', true, ' when condition IsProd is true'],
        ['absent', undefined, ' when condition IsProd is false'],
      ],
    );
  });

  it('gives unknown where a level cannot be read as a map, and absent where a key is missing', () => {
    assert.deepEqual(resolver.valuesAt(properties, ['DomainEndpointOptions', 'EnforceHTTPS']).map((value) => value.state), ['unknown']);
    assert.deepEqual(resolver.branchesAt(properties, ['NodeToNodeEncryptionOptions', 'Enabled']).map((branch) => branch.state), ['absent']);
  });

  it('combines condition lists, and refuses contradictory ones; messages name a condition once', () => {
    const t = { condition: 'IsProd', value: true };
    const f = { condition: 'IsProd', value: false };
    const eu = { condition: 'IsEu', value: true };
    assert.deepEqual(combineWhen([t], [t, eu]), [t, eu]);
    assert.equal(combineWhen([t], [f]), undefined);
    assert.equal(describeWhen([t, t, eu]), ' when conditions IsProd is true and IsEu is true');
  });
});

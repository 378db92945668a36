/**
 * Conditions decide `Fn::If` only from constants and parameter values the
 * user gave (never from defaults); given values win over defaults; ImportValue
 * stays unknown; explanations name the chain that produced a value.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { defineRule, analyze, type ParameterValues } from '../../server/src/engine';
import { parseDocument } from '../../server/src/engine/parse';
import { nodeAt } from '../../server/src/engine/parse/tree';
import { describeWhen, Resolver } from '../../server/src/engine/resolve/resolver';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: { Type: String, Default: prod }
  KeyParam: { Type: String, Default: alias/x }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsNotProd: !Not [!Condition IsProd]
  Always: !Equals [a, a]
  Never: !Not [!Condition Always]
  Both: !And [!Condition IsProd, !Condition Always]
  Either: !Or [!Condition IsProd, !Condition Always]
  InUsEast: !Equals [!Ref AWS::Region, us-east-1]
  Cycle: !Not [!Condition Cycle]
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !If [IsProd, !Ref KeyParam, !Ref AWS::NoValue]
      TopicName: !If [Never, never, !Sub '\${Stage}-topic']
      DisplayName: !If [IsProd, !If [IsNotProd, impossible, prod-only], dev]
      Imported: !ImportValue SharedKey
      Region: !If [InUsEast, a, b]
  NeverTopic:
    Type: AWS::SNS::Topic
    Condition: Never
  ProdTopic:
    Type: AWS::SNS::Topic
    Condition: IsProd
`;

const at = (root: unknown, path: Array<string | number>) => nodeAt(root as never, path);
const given = (values: Record<string, string>, source = 'samconfig.toml'): ParameterValues =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, source }]));

describe('resolver: conditions', () => {
  const document = parseDocument('template.yaml', TEMPLATE);

  it('decides conditions over constants, Not, And, Or and Condition', () => {
    const resolver = new Resolver(document);
    assert.equal(resolver.evaluateCondition('Always'), true);
    assert.equal(resolver.evaluateCondition('Never'), false);
    assert.equal(resolver.evaluateCondition('Either'), true, 'Or with one true side');
    assert.equal(resolver.evaluateCondition('Both'), undefined, 'And with an undecided side');
  });

  it('never decides on a parameter default, nor on a pseudo parameter, nor on a cycle', () => {
    const resolver = new Resolver(document);
    assert.equal(resolver.evaluateCondition('IsProd'), undefined);
    assert.equal(resolver.evaluateCondition('IsNotProd'), undefined);
    assert.equal(resolver.evaluateCondition('InUsEast'), undefined);
    assert.equal(resolver.evaluateCondition('Cycle'), undefined);
    assert.equal(resolver.evaluateCondition('Missing'), undefined);
  });

  it('decides on a given parameter value', () => {
    const resolver = new Resolver(document, undefined, { parameters: given({ Stage: 'dev' }) });
    assert.equal(resolver.evaluateCondition('IsProd'), false);
    assert.equal(resolver.evaluateCondition('IsNotProd'), true);
    assert.equal(resolver.evaluateCondition('Both'), false);
  });

  it('keeps both branches of an undecided condition, with the condition named', () => {
    const resolver = new Resolver(document);
    const outcomes = resolver.outcomes(at(document.root, ['Resources', 'Topic', 'Properties', 'KmsMasterKeyId']));
    assert.deepEqual(outcomes.map((outcome) => [resolver.display(outcome), describeWhen(outcome.when)]), [
      ['alias/x', ' when condition IsProd is true'],
      ['null', ' when condition IsProd is false'],
    ]);
  });

  it('drops the branch of a decided condition, and says why in the assumptions', () => {
    const resolver = new Resolver(document, undefined, { parameters: given({ Stage: 'dev' }) });
    const outcomes = resolver.outcomes(at(document.root, ['Resources', 'Topic', 'Properties', 'KmsMasterKeyId']));
    assert.deepEqual(outcomes, [{ state: 'known', value: null, when: [], assumptions: ['condition IsProd is false (parameter Stage = dev from samconfig.toml)'] }]);
    const constant = resolver.outcomes(at(document.root, ['Resources', 'Topic', 'Properties', 'TopicName']));
    assert.deepEqual(constant.map((outcome) => [resolver.display(outcome), outcome.when]), [['dev-topic', []]]);
    assert.equal(resolver.resolveString(at(document.root, ['Resources', 'Topic', 'Properties', 'TopicName'])), 'dev-topic');
  });

  it('drops a nested branch that contradicts the branch taken', () => {
    const resolver = new Resolver(document);
    const outcomes = resolver.outcomes(at(document.root, ['Resources', 'Topic', 'Properties', 'DisplayName']));
    assert.deepEqual(outcomes.map((outcome) => [resolver.display(outcome), describeWhen(outcome.when)]), [
      ['prod-only', ' when condition IsProd is true'],
      ['dev', ' when condition IsProd is false'],
    ]);
  });

  it('uses a given parameter value before the default, and says so', () => {
    const resolver = new Resolver(document, undefined, { parameters: given({ KeyParam: 'alias/given' }, 'params.json') });
    assert.deepEqual(resolver.resolve({ kind: 'map', isFlow: true, range: { start: 0, end: 0 }, entries: [{ key: { kind: 'scalar', value: 'Ref', isQuoted: false, range: { start: 0, end: 0 } }, value: { kind: 'scalar', value: 'KeyParam', isQuoted: false, range: { start: 0, end: 0 } }, range: { start: 0, end: 0 } }] }), {
      state: 'known',
      value: 'alias/given',
      assumptions: ['parameter KeyParam = alias/given from params.json'],
    });
    const defaults = new Resolver(document);
    const outcome = defaults.outcomes(at(document.root, ['Resources', 'Topic', 'Properties', 'KmsMasterKeyId']))[0];
    assert.deepEqual(outcome.state === 'known' && outcome.assumptions, ['parameter KeyParam keeps its default']);
  });

  it('Fn::ImportValue is unknown, everywhere', () => {
    const resolver = new Resolver(document);
    const node = at(document.root, ['Resources', 'Topic', 'Properties', 'Imported']);
    assert.deepEqual(resolver.resolve(node), { state: 'unknown', reference: 'import:SharedKey' });
    assert.deepEqual(resolver.outcomes(node), [{ state: 'unknown', reference: 'import:SharedKey', when: [] }]);
    assert.equal(resolver.resolveString(node), undefined);
    const inSub = parseDocument('t.yaml', "Resources:\n  T:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Sub ['${Key}-x', { Key: !ImportValue Shared }]\n");
    assert.equal(new Resolver(inSub).resolve(at(inSub.root, ['Resources', 'T', 'Properties', 'TopicName'])).state, 'partial');
    const equals = parseDocument('t.yaml', 'Conditions:\n  C: !Equals [!ImportValue Shared, x]\nResources: {}\n');
    assert.equal(new Resolver(equals).evaluateCondition('C'), undefined);
  });

  it('Fn::ImportValue makes auth unknown in the model, so no rule reports it', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.h
      Runtime: nodejs20.x
      FunctionUrlConfig:
        AuthType: !ImportValue SharedUrlAuth
      Events:
        Get:
          Type: Api
          Properties: { Path: /x, Method: get, Auth: { Authorizer: !ImportValue SharedAuthorizer } }
  Method:
    Type: AWS::ApiGateway::Method
    Properties: { HttpMethod: GET, ResourceId: r, RestApiId: a, AuthorizationType: !ImportValue SharedType }
`;
    const result = analyze({ path: 'template.yaml', text: sam, rules: allRules });
    assert.deepEqual(result.endpoints.map((endpoint) => endpoint.auth), ['unknown', 'unknown', 'unknown']);
    assert.deepEqual(result.findings.filter((finding) => finding.category === 'auth'), []);
  });

  it('a resource whose condition is decided false is not in the model', () => {
    const rules = [
      defineRule({
        meta: { id: 'every-topic', title: 't', category: 'storage', severity: 'info', confidence: 'high', description: 'd', remediation: 'r', equivalents: ['X'], references: [], targets: ['cloudformation'], messages: { m: '{{id}}' }, fix: 'none' },
        check(context) {
          for (const resource of context.model.resources) context.report({ messageId: 'm', data: { id: resource.logicalId }, node: { range: resource.keyRange }, resource: resource.logicalId });
        },
      }),
    ];
    const undecided = analyze({ path: 'template.yaml', text: TEMPLATE, rules });
    assert.deepEqual(undecided.findings.map((finding) => finding.resource), ['Topic', 'ProdTopic']);
    const dev = analyze({ path: 'template.yaml', text: TEMPLATE, rules, parameters: given({ Stage: 'dev' }) });
    assert.deepEqual(dev.findings.map((finding) => finding.resource), ['Topic']);
  });
});

describe('resolver: explanations', () => {
  it('explains a Ref to a parameter default', () => {
    const document = parseDocument('template.yaml', TEMPLATE);
    const resolver = new Resolver(document);
    const offset = TEMPLATE.indexOf('!Ref KeyParam') + 3;
    const explanation = resolver.explainAt(offset);
    assert.ok(explanation);
    assert.equal(TEMPLATE.slice(explanation.range.start, explanation.range.end), '!If [IsProd, !Ref KeyParam, !Ref AWS::NoValue]');
    const text = JSON.stringify(explanation.steps);
    assert.match(text, /parameter `KeyParam` default `alias\/x`/);
    assert.match(text, /condition `IsProd` is undecided/);
  });

  it('explains a Sub through a given parameter, and a decided condition', () => {
    const document = parseDocument('template.yaml', TEMPLATE);
    const resolver = new Resolver(document, undefined, { parameters: given({ Stage: 'dev' }) });
    const explanation = resolver.explainAt(TEMPLATE.indexOf("!Sub '${Stage}"));
    assert.ok(explanation);
    assert.equal(explanation.summary, '`dev-topic`');
    const text = JSON.stringify(explanation.steps);
    assert.match(text, /parameter `Stage` = `dev`, given in samconfig.toml/);
    assert.match(text, /when `Never` is true \(cannot happen\)/);
  });

  it('explains a resource Condition', () => {
    const document = parseDocument('template.yaml', TEMPLATE);
    const resolver = new Resolver(document, undefined, { parameters: given({ Stage: 'dev' }) });
    const explanation = resolver.explainAt(TEMPLATE.indexOf('Condition: IsProd') + 12);
    assert.ok(explanation);
    assert.match(explanation.summary, /the resource is never created/);
    assert.match(JSON.stringify(explanation.steps), /condition `IsProd` is false/);
  });

  it('explains SAM Globals: who inherits a value and who overrides it', () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 30
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.h }
  B:
    Type: AWS::Serverless::Function
    Properties:
      Timeout: 5
`;
    const resolver = new Resolver(parseDocument('template.yaml', sam));
    const onGlobals = resolver.explainAt(sam.indexOf('Timeout: 30') + 2);
    assert.ok(onGlobals);
    assert.match(onGlobals.steps[0].text, /`Globals.Function.Timeout` applies to every `AWS::Serverless::Function`; used by `A`; set by `B` themselves/);
    const onOverride = resolver.explainAt(sam.indexOf('Timeout: 5') + 2);
    assert.ok(onOverride);
    assert.match(onOverride.steps[0].text, /Overrides `Globals.Function.Timeout` = `30`/);
    assert.equal(resolver.explainAt(sam.indexOf('Handler')), undefined, 'a plain value outside Globals');
  });

  it('explains Serverless variables', () => {
    const sls = "service: s\nprovider:\n  name: aws\n  stage: ${opt:stage, 'dev'}\ncustom:\n  table: ${sls:stage}-orders\nfunctions:\n  f:\n    handler: h\n    environment:\n      TABLE: ${self:custom.table}\n";
    const resolver = new Resolver(parseDocument('serverless.yml', sls));
    const explanation = resolver.explainAt(sls.indexOf('${self:custom.table}') + 2);
    assert.ok(explanation);
    assert.equal(explanation.summary, '`dev-orders`');
    const text = JSON.stringify(explanation.steps);
    assert.match(text, /the value at `custom.table` in this file/);
    assert.match(text, /the stage/);
  });
});

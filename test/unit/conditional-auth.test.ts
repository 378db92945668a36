/**
 * Auth that depends on an `Fn::If`: the model keeps each alternative with its
 * conditions, the auth rules name the condition and offer no quick fix, rules
 * that do not read the alternatives stay silent, and the inventory lists them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules/index';
import { analyze, type ParameterValues } from '../../server/src/engine';
import { buildModel } from '../../server/src/engine/model/build';
import { parseDocument } from '../../server/src/engine/parse';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Env: { Type: String, AllowedValues: [dev, prod] }
Conditions:
  IsDev: !Equals [!Ref Env, dev]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      InlineCode: 'exports.handler=async()=>1'
      FunctionUrlConfig:
        AuthType: !If [IsDev, NONE, AWS_IAM]
        Cors: { AllowOrigins: ['*'] }
      Policies:
        - !If [IsDev, AdministratorAccess, !Ref AWS::NoValue]
      Events:
        Api:
          Type: Api
          Properties: { Path: /x, Method: get, RestApiId: !Ref Api }
        Http:
          Type: HttpApi
          Properties:
            Path: /y
            Method: post
            Auth: { Authorizer: !If [IsDev, NONE, AWS_IAM] }
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: !If [IsDev, NONE, AWS_IAM]
`;

const given = (values: Record<string, string>): ParameterValues =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, source: 'test' }]));

const AUTH_RULES = ['route-missing-auth', 'function-url-missing-auth', 'iam-admin-managed-policy'];

describe('auth that depends on a condition', () => {
  it('keeps each alternative with its conditions, and an effective type of unknown', () => {
    const model = buildModel(parseDocument('template.yaml', TEMPLATE), 'sam');
    const route = model.endpoints.find((endpoint) => endpoint.path === '/x');
    assert.equal(route?.auth.type, 'unknown');
    assert.deepEqual(
      route?.authBranches?.map((branch) => [branch.auth.type, branch.when]),
      [
        ['none', [{ condition: 'IsDev', value: true }]],
        ['iam', [{ condition: 'IsDev', value: false }]],
      ],
    );
    assert.deepEqual(model.managedPolicies.map((attachment) => attachment.when), [[{ condition: 'IsDev', value: true }]]);
  });

  it('names the condition, offers no quick fix, and leaves the other rules silent', () => {
    const result = analyze({ path: 'template.yaml', text: TEMPLATE, rules: allRules });
    const findings = result.findings.filter((finding) => AUTH_RULES.includes(finding.ruleId));
    assert.deepEqual(findings.map((finding) => finding.message).sort(), [
      'Function Fn has the AWS managed policy AdministratorAccess when condition IsDev is true: every action on every resource in the account.',
      'GET /x has no authorization when condition IsDev is true: anyone on the internet can invoke it.',
      'POST /y has no authorization when condition IsDev is true: anyone on the internet can invoke it.',
      'The function URL of Fn has no authentication when condition IsDev is true: anyone with the URL can invoke the function.',
    ]);
    assert.ok(findings.every((finding) => finding.fixes.length === 0));
    // The HTTP API route takes a body, but is open on one branch only: that rule's message cannot say so, so it stays silent.
    assert.deepEqual(result.findings.filter((finding) => finding.ruleId === 'http-api-route-unvalidated-input'), []);
  });

  it('lists every alternative in the inventory', () => {
    const result = analyze({ path: 'template.yaml', text: TEMPLATE, rules: allRules });
    const route = result.endpoints.find((endpoint) => endpoint.path === '/x');
    assert.equal(route?.auth, 'none when condition IsDev is true | iam (AWS_IAM) when condition IsDev is false');
    assert.equal(route?.authorizer, undefined);
    const url = result.endpoints.find((endpoint) => endpoint.kind === 'url');
    assert.equal(url?.auth, 'none when condition IsDev is true | iam when condition IsDev is false');
  });

  it('says in the inventory when a route without an authorizer asks for an API key', () => {
    const text = `service: keys\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  reports:\n    handler: reports.handler\n    events:\n      - http:\n          method: get\n          path: reports\n          private: true\n      - http:\n          method: get\n          path: open\n`;
    const result = analyze({ path: 'serverless.yml', text, rules: allRules });
    assert.deepEqual(result.endpoints.map((endpoint) => [endpoint.path, endpoint.auth]), [['/reports', 'none + API key'], ['/open', 'none']]);
  });

  it('follows the branch a given parameter value decides, without conditions', () => {
    const dev = analyze({ path: 'template.yaml', text: TEMPLATE, rules: allRules, parameters: given({ Env: 'dev' }) });
    const devMessages = dev.findings.filter((finding) => AUTH_RULES.includes(finding.ruleId)).map((finding) => finding.message);
    assert.equal(devMessages.length, 4);
    assert.ok(devMessages.every((message) => !message.includes('when condition')));
    assert.equal(dev.endpoints.find((endpoint) => endpoint.path === '/x')?.auth, 'none');
    const prod = analyze({ path: 'template.yaml', text: TEMPLATE, rules: allRules, parameters: given({ Env: 'prod' }) });
    assert.deepEqual(prod.findings.filter((finding) => AUTH_RULES.includes(finding.ruleId)), []);
    assert.equal(prod.endpoints.find((endpoint) => endpoint.path === '/x')?.auth, 'iam');
  });
});

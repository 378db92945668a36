// AppSync GraphQL APIs are endpoints of the inventory: one entry per API declared in the template, with
// its default authorization, the other modes a request may use, and the findings on the API, its keys
// and caches. An API declared elsewhere (`ApiId: !ImportValue`) is not listed: nothing here says its auth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import { allRules } from '../../rules';

const graphqlOf = (path: string, text: string) =>
  analyze({ path, text, rules: allRules })
    .endpoints.filter((endpoint) => endpoint.kind === 'graphql')
    .map((endpoint) => ({ inventory: `${endpoint.method} ${endpoint.path} ${endpoint.auth} ${endpoint.api} ${endpoint.resource}`, findings: endpoint.findings }));

describe('AppSync APIs in the endpoint inventory', () => {
  it('CloudFormation: the default mode, the additional ones, and the findings of the API and its key', () => {
    const text = `Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: API_KEY
      AdditionalAuthenticationProviders:
        - AuthenticationType: AWS_IAM
        - AuthenticationType: AMAZON_COGNITO_USER_POOLS
  Key:
    Type: AWS::AppSync::ApiKey
    Properties:
      ApiId: !GetAtt Api.ApiId
  Route:
    Type: AWS::ApiGateway::RestApi
`;
    const [entry, ...rest] = graphqlOf('template.yaml', text);
    assert.equal(rest.length, 0);
    assert.equal(entry.inventory, 'POST /graphql api-key (also iam, cognito) Api Api');
    // The API key is the default mode beside others: reported (at info) on the API, and named on its entry.
    assert.ok(entry.findings.includes('appsync-api-key-only-auth'), entry.findings.join(', '));
    assert.ok(entry.findings.includes('appsync-logging-disabled'), entry.findings.join(', '));
  });

  it('CloudFormation: a mode chosen by a condition gives each alternative with its condition', () => {
    const text = `Conditions:
  IsDev: !Equals [!Ref AWS::StackName, dev]
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: orders
      AuthenticationType: !If [IsDev, API_KEY, AWS_IAM]
`;
    assert.deepEqual(graphqlOf('template.yaml', text).map((entry) => entry.inventory), ['POST /graphql api-key when condition IsDev is true | iam when condition IsDev is false Api Api']);
  });

  it('SAM: AWS::Serverless::GraphQLApi with Auth.Type and Auth.Additional', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Graph:
    Type: AWS::Serverless::GraphQLApi
    Properties:
      SchemaInline: 'type Query { a: String }'
      Auth:
        Type: AWS_IAM
        Additional:
          - Type: AWS_LAMBDA
`;
    assert.deepEqual(graphqlOf('template.yaml', text).map((entry) => entry.inventory), ['POST /graphql iam (also lambda) Graph Graph']);
  });

  it('Serverless AppSync plugin v2: the API by its name, reported against `appSync`', () => {
    const text = `service: s
provider:
  name: aws
plugins:
  - serverless-appsync-plugin
appSync:
  name: shop
  authentication:
    type: AMAZON_COGNITO_USER_POOLS
  additionalAuthentications:
    - type: OPENID_CONNECT
`;
    assert.deepEqual(graphqlOf('serverless.yml', text).map((entry) => entry.inventory), ['POST /graphql cognito (also oidc) shop appSync']);
  });

  it('lists nothing for the keys of an API declared in another stack', () => {
    const text = `Resources:
  Key:
    Type: AWS::AppSync::ApiKey
    Properties:
      ApiId: !ImportValue shared-api-id
`;
    assert.deepEqual(graphqlOf('template.yaml', text), []);
  });
});

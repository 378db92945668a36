/**
 * Inline documents shared by the LSP tests. Each test asserts against
 * positions in these texts, so edit them together with the tests.
 */
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Severity } from '../../server/src/engine';
import { allRules, ruleById } from '../../rules/index';

export const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * `slsward.rules` settings that turn off every rule but these: tests about the
 * server's plumbing assert exact findings, which the rest of the catalog
 * (logging, tracing, throttling advice on the same routes) must not change.
 */
export function onlyRules(...ids: string[]): Record<string, 'off'> {
  return Object.fromEntries(allRules.filter((rule) => !ids.includes(rule.meta.id)).map((rule) => [rule.meta.id, 'off' as const]));
}

/** The rule most tests use; its default severity comes from its metadata, which its author may change. */
export const ROUTE_RULE = ruleById('route-missing-auth')!.meta;
export const ROUTE_SEVERITY = LSP_SEVERITY[ROUTE_RULE.severity];

/** An `http` event without an authorizer: `route-missing-auth` on the `http` key (line 8). */
export const SERVERLESS_OPEN_ROUTE = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
functions:
  listOrders:
    handler: src/list.handler
    events:
      - http:
          path: orders
          method: get
`;

/** The same route with IAM auth: no finding. */
export const SERVERLESS_IAM_ROUTE = SERVERLESS_OPEN_ROUTE.replace('          method: get\n', '          method: get\n          authorizer: aws_iam\n');

/** A CloudFormation JSON template with a REST method open to anyone. */
export const CLOUDFORMATION_OPEN_METHOD_JSON = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Api": {
      "Type": "AWS::ApiGateway::RestApi",
      "Properties": { "Name": "orders" }
    },
    "GetOrders": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "RestApiId": { "Ref": "Api" },
        "ResourceId": { "Fn::GetAtt": ["Api", "RootResourceId"] },
        "HttpMethod": "GET",
        "AuthorizationType": "NONE"
      }
    }
  }
}
`;

/** YAML that is not ours: a GitHub workflow. */
export const GITHUB_WORKFLOW = `name: ci
on: [push]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm test
`;

/** YAML that is not ours: a Kubernetes manifest, with a syntax error the YAML extension owns. */
export const KUBERNETES_MANIFEST_BROKEN = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: "nginx
`;

/**
 * A serverless.yml being typed: the second function's event is half written
 * (an unclosed flow sequence). The first route still parses and is reported.
 */
export const SERVERLESS_HALF_TYPED = `service: orders
provider:
  name: aws
functions:
  listOrders:
    handler: src/list.handler
    events:
      - http:
          path: orders
          method: get
  createOrder:
    handler: src/create.handler
    events:
      - http: { path: orders, method: [post
`;

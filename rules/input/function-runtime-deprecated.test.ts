import rule, { DEPRECATED_RUNTIMES } from './function-runtime-deprecated';
import { testRule } from '../support/rule-tester';
import { strict as assert } from 'node:assert';
import { it } from 'node:test';

it('dates every deprecated runtime, with a successor that is not itself on the list', () => {
  for (const [runtime, { since, successor }] of DEPRECATED_RUNTIMES) {
    assert.match(since, /^20\d\d-\d\d-\d\d$/, runtime);
    assert.ok(!DEPRECATED_RUNTIMES.has(successor), `${runtime} -> ${successor}`);
  }
});

testRule(rule, {
  valid: [
    {
      name: 'supported runtimes, a container image, and a runtime from a parameter without default',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Parameters:
  Runtime:
    Type: String
Globals:
  Function:
    Runtime: python3.13
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.h, CodeUri: a/ }
  B:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs22.x, Handler: b.h, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }
  C:
    Type: AWS::Lambda::Function
    Properties: { PackageType: Image, Role: arn:aws:iam::123456789012:role/r, Code: { ImageUri: x } }
  D:
    Type: AWS::Lambda::Function
    Properties: { Runtime: !Ref Runtime, Handler: b.h, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }
`,
    },
    {
      name: 'SAM: a deprecated Globals runtime that every function overrides is not reported',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs12.x
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.h, CodeUri: a/, Runtime: nodejs22.x }
`,
    },
    {
      name: 'serverless: no runtime written (the framework default applies) is not judged',
      path: 'serverless.yml',
      code: `service: s
provider:
  name: aws
functions:
  a:
    handler: a.h
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: each function on its own deprecated runtime, and both branches of an Fn::If',
      path: 'template.yaml',
      code: `Conditions:
  Old: !Equals [!Ref AWS::Region, us-east-1]
Resources:
  A:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs8.10
#              ^^^^^^^^^^ function-runtime-deprecated:deprecatedRuntime
      Handler: a.h
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: x }
  B:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: !If [Old, python3.9, python3.13]
#                        ^^^^^^^^^ function-runtime-deprecated:deprecatedRuntime
      Handler: a.h
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: x }
`,
      errors: [
        { messageId: 'deprecatedRuntime', data: { target: 'Function A', runtime: 'nodejs8.10', since: '2020-03-06', successor: 'nodejs24.x' } },
        { messageId: 'deprecatedRuntime', data: { target: 'Function B', runtime: 'python3.9', since: '2025-12-15', when: ' when condition Old is true' } },
      ],
    },
    {
      name: 'SAM: a deprecated Globals runtime reported once, where it is written, and a function\'s own',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs14.x
#            ^^^^^^^^^^ function-runtime-deprecated:deprecatedRuntime
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.h, CodeUri: a/ }
  B:
    Type: AWS::Serverless::Function
    Properties: { Handler: a.h, CodeUri: b/ }
  C:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.h
      CodeUri: c/
      Runtime: go1.x
#              ^^^^^ function-runtime-deprecated:deprecatedRuntime
`,
      errors: [
        { messageId: 'deprecatedRuntime', data: { target: 'Globals.Function.Runtime (the runtime of every SAM function without its own)', runtime: 'nodejs14.x' } },
        { messageId: 'deprecatedRuntime', data: { target: 'Function C', runtime: 'go1.x', successor: 'provided.al2023' } },
      ],
    },
    {
      name: 'serverless: provider.runtime for the functions without their own, and a function runtime',
      path: 'serverless.yml',
      code: `service: s
provider:
  name: aws
  runtime: nodejs16.x
#          ^^^^^^^^^^ function-runtime-deprecated:deprecatedRuntime
functions:
  a:
    handler: a.h
  b:
    handler: b.h
    runtime: python3.8
#            ^^^^^^^^^ function-runtime-deprecated:deprecatedRuntime
`,
      errors: [
        { messageId: 'deprecatedRuntime', data: { target: 'provider.runtime (the default of every function without its own)', since: '2024-06-12' } },
        { messageId: 'deprecatedRuntime', data: { target: 'Function b', runtime: 'python3.8' } },
      ],
    },
  ],
});

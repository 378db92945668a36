import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './function-tracing-disabled';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: Active tracing, and a mode from a parameter',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Mode:
    Type: String
Resources:
  Traced:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      TracingConfig:
        Mode: Active
  FromParameter:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      TracingConfig:
        Mode: !Ref Mode
`,
    },
    {
      name: 'SAM: Globals.Function.Tracing',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Tracing: Active
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
`,
    },
    {
      name: 'serverless: provider.tracing.lambda, and a function of its own',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  tracing:
    lambda: true
functions:
  a:
    handler: a.h
  b:
    handler: b.h
    tracing: Active
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: no TracingConfig, and PassThrough',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Plain:
# ^^^^^ function-tracing-disabled:functionNotTraced
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
  PassThrough:
# ^^^^^^^^^^^ function-tracing-disabled:functionNotTraced
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      TracingConfig:
        Mode: PassThrough
`,
      errors: [
        { messageId: 'functionNotTraced', data: { name: 'Plain', setting: 'TracingConfig.Mode: Active' } },
        { messageId: 'functionNotTraced', data: { name: 'PassThrough' } },
      ],
    },
    {
      name: 'SAM: a function overriding Globals, and one with an Fn::If',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Globals:
  Function:
    Tracing: Active
Resources:
  Off:
# ^^^ function-tracing-disabled:functionNotTraced
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Tracing: PassThrough
  Conditional:
# ^^^^^^^^^^^ function-tracing-disabled:functionNotTraced
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Tracing: !If [IsProd, Active, PassThrough]
`,
      errors: [
        { messageId: 'functionNotTraced', data: { name: 'Off', setting: 'Tracing: Active' } },
        { messageId: 'functionNotTraced', data: { name: 'Conditional', when: 'when condition IsProd is false' } },
      ],
      output: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Globals:
  Function:
    Tracing: Active
Resources:
  Off:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Tracing: Active
  Conditional:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Tracing: !If [IsProd, Active, PassThrough]
`,
    },
    {
      name: 'serverless: no tracing anywhere',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  hello:
# ^^^^^ function-tracing-disabled:functionNotTraced
    handler: h.hello
`,
      errors: [{ messageId: 'functionNotTraced', data: { name: 'hello', setting: 'provider.tracing.lambda: true' } }],
      output: `service: orders
provider:
  name: aws
  tracing:
    lambda: true
functions:
  hello:
    handler: h.hello
`,
    },
    {
      name: 'SAM: no function traced and no Globals: one finding for the file',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  First:
# ^^^^^ function-tracing-disabled:noFunctionTraced
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.first
      Runtime: nodejs20.x
  Second:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.second
      Runtime: nodejs20.x
`,
      errors: [{ messageId: 'noFunctionTraced', data: { count: '2', setting: 'Globals.Function.Tracing: Active' } }],
    },
    {
      name: 'SAM: Globals.Function without Tracing gets it',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 10
Resources:
  First:
# ^^^^^ function-tracing-disabled:noFunctionTraced
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.first
      Runtime: nodejs20.x
  Second:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.second
      Runtime: nodejs20.x
`,
      errors: [{ messageId: 'noFunctionTraced' }],
      output: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 10
    Tracing: Active
Resources:
  First:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.first
      Runtime: nodejs20.x
  Second:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.second
      Runtime: nodejs20.x
`,
    },
    {
      name: 'serverless: no function traced: one finding on provider, where the fix goes',
      path: 'serverless.yml',
      code: `service: orders
provider:
#^^^^^^^ function-tracing-disabled:noFunctionTraced
  name: aws
functions:
  first:
    handler: h.a
  second:
    handler: h.b
`,
      errors: [{ messageId: 'noFunctionTraced', data: { count: '2', setting: 'provider.tracing.lambda: true' } }],
      output: `service: orders
provider:
  name: aws
  tracing:
    lambda: true
functions:
  first:
    handler: h.a
  second:
    handler: h.b
`,
    },
    {
      name: 'serverless: two functions, one traced on its own',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
functions:
  traced:
    handler: h.a
    tracing: Active
  plain:
# ^^^^^ function-tracing-disabled:functionNotTraced
    handler: h.b
`,
      errors: [{ messageId: 'functionNotTraced', data: { name: 'plain', setting: 'provider.tracing.lambda: true' } }],
    },
    {
      name: 'CloudFormation JSON',
      path: 'template.json',
      code: `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Fn": {
//  ^^^^ function-tracing-disabled
      "Type": "AWS::Lambda::Function",
      "Properties": { "Handler": "index.handler" }
    }
  }
}
`,
      errors: [{ messageId: 'functionNotTraced' }],
    },
  ],
});

describe('function-tracing-disabled: equivalents per finding', () => {
  const lambdaQuery = 'KICS:9488c451-074e-4cd3-aee3-7db6104f542c';
  const serverlessQuery = 'KICS:0d7ef70f-e176-44e6-bdba-add3e429788d';
  const findingsOf = (path: string, text: string) => {
    const result = analyze({ path, text, rules: [rule], strict: true });
    assert.deepEqual(result.internalErrors, []);
    return result.findings.map((finding) => [finding.resource, finding.equivalents]).sort();
  };

  it("names KICS's Lambda query where TracingConfig is absent or Mode is PassThrough, not where TracingConfig has no Mode", () => {
    const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  NoConfig:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, Role: r, Code: { ZipFile: x } }
  PassThrough:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, Role: r, Code: { ZipFile: x }, TracingConfig: { Mode: PassThrough } }
  EmptyConfig:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, Role: r, Code: { ZipFile: x }, TracingConfig: {} }
`;
    assert.deepEqual(findingsOf('/app/template.yaml', text), [
      // KICS passes a TracingConfig without Mode (X-Ray is then PassThrough, which we report).
      ['EmptyConfig', ['CKV_AWS_50', 'Serverless-LambdaTracing']],
      ['NoConfig', ['CKV_AWS_50', 'Serverless-LambdaTracing', lambdaQuery]],
      ['PassThrough', ['Serverless-LambdaTracing', lambdaQuery]],
    ]);
  });

  it("names KICS's Serverless query on every Serverless finding, one per function or the one on provider", () => {
    const own = `service: orders
provider:
  name: aws
functions:
  traced:
    handler: h.traced
    tracing: Active
  passThrough:
    handler: h.passThrough
    tracing: PassThrough
  inherits:
    handler: h.inherits
`;
    assert.deepEqual(findingsOf('/app/serverless.yml', own), [
      ['functions.inherits', [serverlessQuery]],
      ['functions.passThrough', [serverlessQuery]],
    ]);
    const none = `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
  get:
    handler: h.get
`;
    assert.deepEqual(findingsOf('/app/serverless.yml', none), [['provider.tracing.lambda', [serverlessQuery]]]);
  });

  it('names no KICS query on SAM functions, which neither query reads', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, InlineCode: x }
`;
    assert.deepEqual(findingsOf('/app/template.yaml', text), [['Fn', []]]);
  });
});

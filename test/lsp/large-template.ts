/**
 * Generates ordinary, valid SAM templates of a chosen size for the tests of
 * budgets and of the worker pool: large enough that their analysis takes far
 * longer than a small test budget, whatever engine optimisations land, since
 * the work grows with the number of resources.
 */

/** A SAM template with `functions` functions, each with an open API route, a table and a topic (about 40 lines each). */
export function largeSamTemplate(functions: number): string {
  const parts = [
    `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: generated for the worker tests

Parameters:
  Stage:
    Type: String
    Default: prod

Resources:
`,
  ];
  for (let index = 0; index < functions; index++) {
    const name = `Orders${index}`;
    parts.push(`  ${name}Function:
    Type: AWS::Serverless::Function
    Properties:
      Handler: src/${name}.handler
      Runtime: nodejs20.x
      Environment:
        Variables:
          TABLE: !Ref ${name}Table
          STAGE: !Sub '\${Stage}-${name}'
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref ${name}Table
        - Statement:
            - Effect: Allow
              Action: sns:*
              Resource: '*'
      Events:
        Api:
          Type: Api
          Properties:
            Path: /orders/${index}
            Method: get

  ${name}Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH

  ${name}Topic:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: ${name}

`);
  }
  return parts.join('');
}

/**
 * A CloudFormation function whose inline code (`ZipFile`) chains `functions` functions that pass the body on to
 * `exec`: within the code limits (8,000 is about 900 KB), but most of a second of analysis at 8,000 on an idle machine. The template itself has one finding
 * of its own (a password in the environment), which must survive the code's analysis being stopped.
 */
export function slowInlineCodeTemplate(functions: number): string {
  const chain = Array.from({ length: functions }, (_, index) => `function f${index}(e) { const a${index} = e.body + ${index}; if (a${index}) { cp.exec(a${index}); } return f${index + 1}(a${index}); }`);
  const code = [`const cp = require('child_process');`, ...chain, 'exports.handler = async (event) => f0(event);'];
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Fn:',
    '    Type: AWS::Lambda::Function',
    '    Properties:',
    '      Runtime: nodejs20.x',
    '      Handler: index.handler',
    '      Role: arn:aws:iam::123456789012:role/fn',
    '      Environment:',
    '        Variables:',
    '          DB_PASSWORD: S3cr3tP4ssw0rdValue9',
    '      Code:',
    '        ZipFile: |',
    ...code.map((line) => `          ${line}`),
    '',
  ].join('\n');
}

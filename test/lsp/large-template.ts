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

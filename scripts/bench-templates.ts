/**
 * The generated templates that `npm run bench` measures, also used by tests that
 * need a large realistic document. Pure text generation, nothing else.
 */

const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

// ---------------------------------------------------------------------------
// A realistic SAM template of about the requested length
// ---------------------------------------------------------------------------

export const DESCRIPTION_PREFIX = 'Description: Orders platform (bench) rev ';

/** One service slice: a function with API events, an inline role, a table and a topic. */
function templateSlice(index: number): string {
  const name = `Service${index}`;
  const isInsecure = index % 4 === 0;
  return `  ${name}Function:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/${name.toLowerCase()}/
      Handler: app.handler
      Description: Handles the ${name} routes
      MemorySize: 512
      Timeout: 15
      Tracing: Active
      Environment:
        Variables:
          TABLE_NAME: !Ref ${name}Table
          TOPIC_ARN: !Ref ${name}Topic
          API_KEY: '{{resolve:ssm:/orders/${name.toLowerCase()}/api-key}}'
          LOG_LEVEL: info${isInsecure ? `\n          DB_PASSWORD: hunter2-${index}-Pa55word` : ''}
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref ${name}Table
        - Statement:
            - Effect: Allow
              Action:${isInsecure ? ' dynamodb:*' : `\n                - dynamodb:Query\n                - dynamodb:GetItem`}
              Resource: !GetAtt ${name}Table.Arn
            - Effect: Allow
              Action: sns:Publish
              Resource: !Ref ${name}Topic
      Events:
        List${name}:
          Type: Api
          Properties:
            RestApiId: !Ref OrdersApi
            Path: /${name.toLowerCase()}
            Method: get
        Create${name}:
          Type: Api
          Properties:
            RestApiId: !Ref OrdersApi
            Path: /${name.toLowerCase()}
            Method: post${isInsecure ? '\n            Auth:\n              Authorizer: NONE' : ''}
        Get${name}:
          Type: Api
          Properties:
            RestApiId: !Ref OrdersApi
            Path: /${name.toLowerCase()}/{id}
            Method: get

  ${name}Table:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: true
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
        - AttributeName: sk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
        - AttributeName: sk
          KeyType: RANGE

  ${name}Topic:
    Type: AWS::SNS::Topic
    Properties:${index % 3 === 0 ? '\n      DisplayName: ' + name : '\n      KmsMasterKeyId: alias/aws/sns'}

  ${name}DeadLetterQueue:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
      SqsManagedSseEnabled: true

`;
}

export function generateTemplate(targetLines: number): string {
  const head = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
${DESCRIPTION_PREFIX}0000

Parameters:
  Stage:
    Type: String
    Default: prod
  UserPoolArn:
    Type: String

Globals:
  Function:
    Runtime: nodejs20.x
    Architectures:
      - arm64
    Environment:
      Variables:
        STAGE: !Ref Stage

Resources:
  OrdersApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: !Ref Stage
      TracingEnabled: true
      Auth:
        DefaultAuthorizer: CognitoAuthorizer
        Authorizers:
          CognitoAuthorizer:
            UserPoolArn: !Ref UserPoolArn

`;
  const parts = [head];
  let lines = head.split('\n').length;
  for (let index = 1; lines < targetLines; index++) {
    const slice = templateSlice(index);
    parts.push(slice);
    lines += slice.split('\n').length - 1;
  }
  return `${parts.join('').trimEnd()}\n`;
}

/**
 * The worst shape a user reported: a CloudFormation template made of IAM roles,
 * queues and topics, nearly every one with a finding and most findings with a
 * fix. It once made each keystroke cost findings x file size.
 */
function manyFindingsSlice(index: number): string {
  return `  Worker${index}Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: worker-${index}
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action:
                  - sqs:*
                  - sns:Publish
                Resource: '*'
  Worker${index}Queue:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false
      VisibilityTimeout: 60
  Worker${index}Topic:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: worker-${index}
`;
}

export function generateManyFindingsTemplate(targetLines: number): string {
  let text = `AWSTemplateFormatVersion: '2010-09-09'
${DESCRIPTION_PREFIX}0000
Resources:
`;
  const parts = [text];
  let lines = lineCount(text);
  for (let index = 1; lines < targetLines; index++) {
    const slice = manyFindingsSlice(index);
    parts.push(slice);
    lines += lineCount(slice);
  }
  text = parts.join('');
  return text;
}


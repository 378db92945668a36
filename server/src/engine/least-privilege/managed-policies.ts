/**
 * The documents of a few AWS managed policies that Lambda roles often carry, so that a role with one
 * is not "unknown" to least privilege. Each entry says how far its list can be trusted: `complete`
 * for a policy unchanged since it was published (what it does not list, it does not grant), and
 * `read-only` for a policy AWS keeps extending with new read actions, whose list only proves that it
 * grants no write (no Write, Permissions management or Tagging action of any service). Data only.
 *
 * Read from the AWS Managed Policy Reference (docs.aws.amazon.com/aws-managed-policy/latest/reference/
 * <name>.html), at the version named in each entry. Only the actions are kept: each policy allows them on
 * `*` or on every resource of their service (`arn:aws:s3:::*`, `arn:aws:logs:*:*:*`), so no Resource is
 * compared. A policy of AWS's that is not here stays unknown.
 */

export interface ManagedPolicyDocument {
  /** The action patterns the policy allows, as its document writes them. */
  allows: readonly string[];
  /**
   * `complete`: the policy grants nothing else. `read-only`: it may grant more read and list actions than
   * these (AWS adds them), and never a write.
   */
  trust: 'complete' | 'read-only';
  /** The reference page and version read. */
  source: string;
}

const REFERENCE = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/';

/** By policy name, lower case. */
export const MANAGED_POLICY_DOCUMENTS: ReadonlyMap<string, ManagedPolicyDocument> = new Map([
  ['amazons3readonlyaccess', { allows: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], trust: 'read-only', source: `${REFERENCE}AmazonS3ReadOnlyAccess.html (v3)` }],
  [
    'amazonsqsreadonlyaccess',
    { allows: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListDeadLetterSourceQueues', 'sqs:ListQueues', 'sqs:ListMessageMoveTasks', 'sqs:ListQueueTags'], trust: 'read-only', source: `${REFERENCE}AmazonSQSReadOnlyAccess.html (v4)` },
  ],
  [
    // Its DynamoDB and DAX grants; the console's reads of other services (CloudWatch, Data Pipeline, EC2...) are not
    // listed here, which `read-only` allows: an action it may grant is never answered "not granted".
    'amazondynamodbreadonlyaccess',
    {
      allows: [
        'dynamodb:BatchGetItem', 'dynamodb:Describe*', 'dynamodb:List*', 'dynamodb:GetAbacStatus', 'dynamodb:GetItem', 'dynamodb:GetResourcePolicy', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PartiQLSelect',
        'dax:Describe*', 'dax:List*', 'dax:GetItem', 'dax:BatchGetItem', 'dax:Query', 'dax:Scan',
      ],
      trust: 'read-only',
      source: `${REFERENCE}AmazonDynamoDBReadOnlyAccess.html (v15)`,
    },
  ],
  ['awslambdaexecute', { allows: ['logs:*', 's3:GetObject', 's3:PutObject'], trust: 'complete', source: `${REFERENCE}AWSLambdaExecute.html (v1, unchanged since 2015)` }],
  ['awslambdabasicexecutionrole', { allows: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], trust: 'complete', source: `${REFERENCE}AWSLambdaBasicExecutionRole.html (v1, unchanged since 2015)` }],
  // The execution roles of Lambda's pollers. SAM attaches them itself for a function's SQS, Kinesis, DynamoDB and MSK
  // events (`samtranslator/model/eventsources/pull.py`); a role may also list them. Each allows its actions on `*`.
  [
    'awslambdasqsqueueexecutionrole',
    { allows: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], trust: 'complete', source: `${REFERENCE}AWSLambdaSQSQueueExecutionRole.html (v1, unchanged since 2018)` },
  ],
  [
    'awslambdakinesisexecutionrole',
    {
      allows: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      trust: 'complete',
      source: `${REFERENCE}AWSLambdaKinesisExecutionRole.html (v2, unchanged since 2018)`,
    },
  ],
  [
    'awslambdadynamodbexecutionrole',
    { allows: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', 'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], trust: 'complete', source: `${REFERENCE}AWSLambdaDynamoDBExecutionRole.html (v1, unchanged since 2015)` },
  ],
  [
    'awslambdamskexecutionrole',
    {
      allows: [
        'kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers',
        'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcs', 'ec2:DeleteNetworkInterface', 'ec2:DescribeSubnets', 'ec2:DescribeSecurityGroups',
        'logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents',
      ],
      trust: 'complete',
      source: `${REFERENCE}AWSLambdaMSKExecutionRole.html (v2, unchanged since 2022)`,
    },
  ],
  [
    'amazons3objectlambdaexecutionrolepolicy',
    { allows: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3-object-lambda:WriteGetObjectResponse'], trust: 'complete', source: `${REFERENCE}AmazonS3ObjectLambdaExecutionRolePolicy.html (v1, unchanged since 2021)` },
  ],
]);

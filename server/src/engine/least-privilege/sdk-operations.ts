/**
 * From one AWS SDK call, as the language-neutral code model records it (`AwsSdkCall`: package, service,
 * operation), to the IAM actions the call needs. Most operations need `<prefix>:<Operation>`; the tables
 * here hold the ones whose action differs, that need several actions, that need none, and the
 * conditional side permissions (KMS behind an encrypted store). Every action named is checked against
 * the bundled IAM action table, so an operation we cannot map is `unknown` with a reason, never a guess.
 * Pure: no file system, no network; keyed on service/operation/package names, never on a front end's syntax.
 *
 * Facts were read from (credited, not copied): iann0036/iam-dataset `aws/map.json` (MIT) for SDK
 * method to IAM action mappings; awslabs/iam-policy-autopilot's operation-fas-maps and
 * js_v3_libraries.json (Apache-2.0) for KMS side permissions and the lib-dynamodb / lib-storage
 * aliases; the AWS Service Authorization Reference and the service developer guides; Powertools for
 * AWS Lambda's documented IAM permissions for its parameters and idempotency utilities.
 */
import type { AwsSdkCall } from '../code/model';
import { lookupAction } from '../iam/action-table';
import { iamPrefixFor } from './service-prefixes';

/** A permission the call needs only in some configurations, with the configuration in words. */
export interface SideAction {
  action: string;
  /** When it is needed: `when the object is encrypted with SSE-KMS (aws:kms)`. */
  when: string;
}

export interface CallActions {
  /** Actions the call needs whenever it runs. Empty for calls that need no IAM permission. */
  actions: string[];
  /** Actions it needs only in some configurations; never certain, never reported as missing or unused. */
  sideActions?: SideAction[];
  /** Why the call's actions are not (completely) known; `actions` then holds only what is certain. */
  unknown?: string;
  /** A fact worth showing: `needs no IAM permission: a public API of Cognito user pools`. */
  note?: string;
}

/** What the mapping reads of a call; `sdkVersion` and `location` are not needed. */
export type SdkCallShape = Pick<AwsSdkCall, 'packageName' | 'service' | 'operation'> & { sdkVersion?: 2 | 3 };

/** Facts about the call's arguments that some operations need; a front end fills what it knows. */
export interface CallDetails {
  /** PartiQL (`ExecuteStatement`, `BatchExecuteStatement`, `ExecuteTransaction`): the verb of each statement, or its text. */
  statements?: string[];
  /** `TransactWriteItems` / DocumentClient `transactWrite`: the kinds of its items (`Put`, `Update`, `Delete`, `ConditionCheck`). */
  transactItemKinds?: string[];
  /** `getSignedUrl`: the operation the URL is signed for (v2 `'getObject'`, v3 the command's operation). */
  signedOperation?: string;
  /** v2 `waitFor('objectExists')`: the waiter's state. */
  waiterState?: string;
}

interface Mapping {
  actions: string[];
  sideActions?: SideAction[];
  note?: string;
}

// --- Side permissions that several operations share ------------------------------------------------

const S3_KMS_READ: SideAction = { action: 'kms:Decrypt', when: 'when the object is encrypted with SSE-KMS (aws:kms or aws:kms:dsse); on the key' };
const S3_KMS_WRITE: SideAction = { action: 'kms:GenerateDataKey', when: 'when the bucket default or the request encrypts with SSE-KMS; on the key' };
const S3_KMS_MULTIPART: SideAction = { action: 'kms:Decrypt', when: 'when a multipart upload is encrypted with SSE-KMS: S3 decrypts the parts to complete it; on the key' };
const S3_ACL: SideAction = { action: 's3:PutObjectAcl', when: 'when the request sets an ACL (ACL or a Grant* header)' };
const S3_TAGGING: SideAction = { action: 's3:PutObjectTagging', when: 'when the request sets Tagging' };
const S3_VERSION_READ: SideAction = { action: 's3:GetObjectVersion', when: 'when the request names a VersionId' };
const S3_MISSING_KEY: SideAction = { action: 's3:ListBucket', when: 'when the code must tell a missing key (404 NoSuchKey) from a denied one: without it S3 answers 403 AccessDenied; on the bucket' };
const customerKey = (what: string): string => `when the ${what} is encrypted with a customer managed KMS key; on that key`;
const DYNAMODB_KMS: SideAction = { action: 'kms:Decrypt', when: customerKey('table') };
const SQS_SEND_KMS: SideAction[] = [
  { action: 'kms:GenerateDataKey', when: customerKey('queue') },
  { action: 'kms:Decrypt', when: customerKey('queue') },
];
const SQS_RECEIVE_KMS: SideAction = { action: 'kms:Decrypt', when: customerKey('queue') };
const SNS_PUBLISH_KMS: SideAction[] = [
  { action: 'kms:GenerateDataKey', when: customerKey('topic') },
  { action: 'kms:Decrypt', when: customerKey('topic') },
];
const SECRET_READ_KMS: SideAction = { action: 'kms:Decrypt', when: customerKey('secret') };
const SECRET_WRITE_KMS: SideAction[] = [
  { action: 'kms:GenerateDataKey', when: customerKey('secret') },
  { action: 'kms:Decrypt', when: customerKey('secret') },
];
const SSM_READ_KMS: SideAction = { action: 'kms:Decrypt', when: 'when WithDecryption reads a SecureString encrypted with a customer managed KMS key; on that key' };
const SSM_WRITE_KMS: SideAction = { action: 'kms:Encrypt', when: 'when it writes a SecureString with a customer managed KMS key; on that key' };
const KINESIS_PUT_KMS: SideAction = { action: 'kms:GenerateDataKey', when: customerKey('stream') };
const KINESIS_READ_KMS: SideAction = { action: 'kms:Decrypt', when: customerKey('stream') };
const passRole = (what: string): SideAction => ({ action: 'iam:PassRole', when: `when the request names ${what}; on that role` });
const readsS3Input = (what: string): SideAction => ({ action: 's3:GetObject', when: `when the ${what} is an S3 object: the service reads it with the caller's permissions; on the object` });

const UPLOAD: Mapping = {
  actions: ['s3:PutObject'],
  sideActions: [
    { action: 's3:AbortMultipartUpload', when: 'when a multipart upload (a body over the part size, 5 MB by default) fails and the upload cleans up its parts' },
    { action: 's3:ListMultipartUploadParts', when: 'when a multipart upload is resumed or its parts are listed' },
    S3_TAGGING,
    S3_ACL,
    S3_KMS_WRITE,
    S3_KMS_MULTIPART,
  ],
};

/**
 * Operations whose action is not `<prefix>:<Operation>`, or that need several actions, keyed
 * `<prefix>:<Operation>` (the API operation name). DocumentClient method names are first turned into
 * the DynamoDB API operation (`put` → `PutItem`), so they meet the same rows.
 */
const EXCEPTIONS: Readonly<Record<string, Mapping>> = {
  // S3: only 42 of its 99 operations have an action of the same name.
  's3:ListObjects': { actions: ['s3:ListBucket'] },
  's3:ListObjectsV2': { actions: ['s3:ListBucket'] },
  's3:ListObjectVersions': { actions: ['s3:ListBucketVersions'] },
  's3:ListMultipartUploads': { actions: ['s3:ListBucketMultipartUploads'] },
  's3:ListParts': { actions: ['s3:ListMultipartUploadParts'] },
  's3:ListBuckets': { actions: ['s3:ListAllMyBuckets'] },
  's3:HeadBucket': { actions: ['s3:ListBucket'] },
  's3:HeadObject': { actions: ['s3:GetObject'], sideActions: [S3_VERSION_READ, S3_MISSING_KEY, S3_KMS_READ] },
  's3:GetObject': { actions: ['s3:GetObject'], sideActions: [S3_VERSION_READ, S3_MISSING_KEY, S3_KMS_READ] },
  's3:SelectObjectContent': { actions: ['s3:GetObject'], sideActions: [S3_KMS_READ] },
  's3:GetObjectAttributes': { actions: ['s3:GetObject', 's3:GetObjectAttributes'], sideActions: [{ action: 's3:GetObjectVersionAttributes', when: 'when the request names a VersionId' }] },
  's3:PutObject': { actions: ['s3:PutObject'], sideActions: [S3_ACL, S3_TAGGING, S3_KMS_WRITE] },
  's3:CopyObject': {
    actions: ['s3:GetObject', 's3:PutObject'],
    sideActions: [
      { action: 's3:GetObjectVersion', when: 'when CopySource names a versionId; on the source object' },
      { action: 's3:GetObjectTagging', when: 'when the source object has tags and TaggingDirective is COPY (the default); on the source object' },
      { action: 's3:PutObjectTagging', when: 'when tags are copied or set (Tagging); on the destination object' },
      S3_ACL,
      { action: 'kms:Decrypt', when: 'when the source object is encrypted with SSE-KMS; on its key' },
      S3_KMS_WRITE,
    ],
  },
  's3:UploadPartCopy': { actions: ['s3:GetObject', 's3:PutObject'], sideActions: [{ action: 'kms:Decrypt', when: 'when the source object is encrypted with SSE-KMS; on its key' }, S3_KMS_WRITE] },
  's3:CreateMultipartUpload': { actions: ['s3:PutObject'], sideActions: [S3_ACL, S3_TAGGING, S3_KMS_WRITE] },
  's3:UploadPart': { actions: ['s3:PutObject'], sideActions: [S3_KMS_MULTIPART, S3_KMS_WRITE] },
  's3:CompleteMultipartUpload': { actions: ['s3:PutObject'], sideActions: [S3_KMS_MULTIPART] },
  's3:DeleteObjects': { actions: ['s3:DeleteObject'], sideActions: [{ action: 's3:DeleteObjectVersion', when: 'when an entry of Delete.Objects names a VersionId' }] },
  's3:DeleteObject': { actions: ['s3:DeleteObject'], sideActions: [{ action: 's3:DeleteObjectVersion', when: 'when the request names a VersionId' }] },
  's3:GetObjectTagging': { actions: ['s3:GetObjectTagging'], sideActions: [{ action: 's3:GetObjectVersionTagging', when: 'when the request names a VersionId' }] },
  's3:PutObjectTagging': { actions: ['s3:PutObjectTagging'], sideActions: [{ action: 's3:PutObjectVersionTagging', when: 'when the request names a VersionId' }] },
  's3:DeleteObjectTagging': { actions: ['s3:DeleteObjectTagging'], sideActions: [{ action: 's3:DeleteObjectVersionTagging', when: 'when the request names a VersionId' }] },
  's3:GetObjectAcl': { actions: ['s3:GetObjectAcl'], sideActions: [{ action: 's3:GetObjectVersionAcl', when: 'when the request names a VersionId' }] },
  's3:PutObjectAcl': { actions: ['s3:PutObjectAcl'], sideActions: [{ action: 's3:PutObjectVersionAcl', when: 'when the request names a VersionId' }] },
  's3:WriteGetObjectResponse': { actions: ['s3-object-lambda:WriteGetObjectResponse'] },
  's3:GetBucketCors': { actions: ['s3:GetBucketCORS'] },
  's3:PutBucketCors': { actions: ['s3:PutBucketCORS'] },
  's3:DeleteBucketCors': { actions: ['s3:PutBucketCORS'] },
  's3:GetBucketEncryption': { actions: ['s3:GetEncryptionConfiguration'] },
  's3:PutBucketEncryption': { actions: ['s3:PutEncryptionConfiguration'] },
  's3:GetBucketLifecycleConfiguration': { actions: ['s3:GetLifecycleConfiguration'] },
  's3:PutBucketLifecycleConfiguration': { actions: ['s3:PutLifecycleConfiguration'] },
  's3:DeleteBucketLifecycle': { actions: ['s3:PutLifecycleConfiguration'] },
  's3:GetBucketNotificationConfiguration': { actions: ['s3:GetBucketNotification'] },
  's3:PutBucketNotificationConfiguration': { actions: ['s3:PutBucketNotification'] },
  's3:DeleteBucketTagging': { actions: ['s3:PutBucketTagging'] },
  's3:GetPublicAccessBlock': { actions: ['s3:GetBucketPublicAccessBlock'] },
  's3:PutPublicAccessBlock': { actions: ['s3:PutBucketPublicAccessBlock'] },
  's3:DeletePublicAccessBlock': { actions: ['s3:PutBucketPublicAccessBlock'] },
  's3:GetBucketReplication': { actions: ['s3:GetReplicationConfiguration'] },
  's3:PutBucketReplication': { actions: ['s3:PutReplicationConfiguration', 'iam:PassRole'] },
  's3:GetBucketAccelerateConfiguration': { actions: ['s3:GetAccelerateConfiguration'] },
  's3:PutBucketAccelerateConfiguration': { actions: ['s3:PutAccelerateConfiguration'] },
  's3:GetBucketLifecycle': { actions: ['s3:GetLifecycleConfiguration'] },
  's3:PutBucketLifecycle': { actions: ['s3:PutLifecycleConfiguration'] },
  's3:DeleteBucketEncryption': { actions: ['s3:PutEncryptionConfiguration'] },
  's3:DeleteBucketReplication': { actions: ['s3:PutReplicationConfiguration'] },
  's3:GetBucketAnalyticsConfiguration': { actions: ['s3:GetAnalyticsConfiguration'] },
  's3:ListBucketAnalyticsConfigurations': { actions: ['s3:GetAnalyticsConfiguration'] },
  's3:PutBucketAnalyticsConfiguration': { actions: ['s3:PutAnalyticsConfiguration'] },
  's3:DeleteBucketAnalyticsConfiguration': { actions: ['s3:PutAnalyticsConfiguration'] },
  's3:GetBucketInventoryConfiguration': { actions: ['s3:GetInventoryConfiguration'] },
  's3:ListBucketInventoryConfigurations': { actions: ['s3:GetInventoryConfiguration'] },
  's3:PutBucketInventoryConfiguration': { actions: ['s3:PutInventoryConfiguration'] },
  's3:DeleteBucketInventoryConfiguration': { actions: ['s3:PutInventoryConfiguration'] },
  's3:GetBucketMetricsConfiguration': { actions: ['s3:GetMetricsConfiguration'] },
  's3:ListBucketMetricsConfigurations': { actions: ['s3:GetMetricsConfiguration'] },
  's3:PutBucketMetricsConfiguration': { actions: ['s3:PutMetricsConfiguration'] },
  's3:DeleteBucketMetricsConfiguration': { actions: ['s3:PutMetricsConfiguration'] },
  's3:GetBucketIntelligentTieringConfiguration': { actions: ['s3:GetIntelligentTieringConfiguration'] },
  's3:ListBucketIntelligentTieringConfigurations': { actions: ['s3:GetIntelligentTieringConfiguration'] },
  's3:PutBucketIntelligentTieringConfiguration': { actions: ['s3:PutIntelligentTieringConfiguration'] },
  's3:DeleteBucketIntelligentTieringConfiguration': { actions: ['s3:PutIntelligentTieringConfiguration'] },
  's3:GetObjectLockConfiguration': { actions: ['s3:GetBucketObjectLockConfiguration'] },
  's3:PutObjectLockConfiguration': { actions: ['s3:PutBucketObjectLockConfiguration'] },
  's3:DeleteBucketOwnershipControls': { actions: ['s3:PutBucketOwnershipControls'] },
  's3vectors:QueryVectors': { actions: ['s3vectors:QueryVectors'], sideActions: [{ action: 's3vectors:GetVectors', when: 'when the query uses a metadata filter or asks for metadata or distances (returnMetadata, returnDistance)' }] },

  // DynamoDB: transactions need the item actions; PartiQL is handled below, by statement verb.
  'dynamodb:TransactGetItems': { actions: ['dynamodb:GetItem'], sideActions: [DYNAMODB_KMS] },
  'dynamodb:DescribeEndpoints': { actions: [], note: 'needs no IAM permission' },

  // KMS: a re-encryption decrypts under one key and encrypts under another.
  'kms:ReEncrypt': { actions: ['kms:ReEncryptFrom', 'kms:ReEncryptTo'] },

  // Lambda.
  'lambda:GetLayerVersionByArn': { actions: ['lambda:GetLayerVersion'] },
  'lambda:Invoke': { actions: ['lambda:InvokeFunction'] },
  'lambda:InvokeWithResponseStream': { actions: ['lambda:InvokeFunction'] },
  'lambda:CreateFunction': { actions: ['lambda:CreateFunction', 'iam:PassRole'] },

  // SQS, SNS, Kinesis, Firehose: batch operations need the single action.
  'sqs:SendMessageBatch': { actions: ['sqs:SendMessage'], sideActions: SQS_SEND_KMS },
  'sqs:DeleteMessageBatch': { actions: ['sqs:DeleteMessage'] },
  'sqs:ChangeMessageVisibilityBatch': { actions: ['sqs:ChangeMessageVisibility'] },
  'sns:PublishBatch': { actions: ['sns:Publish'], sideActions: SNS_PUBLISH_KMS },

  // Secrets Manager: a batch read also needs GetSecretValue on every secret it returns.
  'secretsmanager:BatchGetSecretValue': {
    actions: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue'],
    sideActions: [{ action: 'secretsmanager:ListSecrets', when: 'when the request selects secrets with Filters instead of SecretIdList' }, SECRET_READ_KMS],
  },

  // STS: who am I needs no permission.
  'sts:GetCallerIdentity': { actions: [], note: 'needs no IAM permission' },
  'sts:GetSessionToken': { actions: [], note: 'needs no IAM permission (and cannot be called with a role\'s credentials)' },
  'sts:AssumeRole': { actions: ['sts:AssumeRole'], sideActions: [{ action: 'sts:TagSession', when: 'when the request passes session Tags' }, { action: 'sts:SetSourceIdentity', when: 'when the request sets a SourceIdentity' }] },

  // Bedrock: the Converse API is authorised as InvokeModel.
  'bedrock:Converse': { actions: ['bedrock:InvokeModel'], sideActions: [{ action: 'bedrock:ApplyGuardrail', when: 'when the request names a guardrail (guardrailConfig); on the guardrail' }] },
  'bedrock:ConverseStream': { actions: ['bedrock:InvokeModelWithResponseStream'], sideActions: [{ action: 'bedrock:ApplyGuardrail', when: 'when the request names a guardrail (guardrailConfig); on the guardrail' }] },
  'bedrock:InvokeModel': { actions: ['bedrock:InvokeModel'], sideActions: [{ action: 'bedrock:ApplyGuardrail', when: 'when the request names a guardrail (guardrailIdentifier); on the guardrail' }] },
  'bedrock:InvokeModelWithResponseStream': { actions: ['bedrock:InvokeModelWithResponseStream'], sideActions: [{ action: 'bedrock:ApplyGuardrail', when: 'when the request names a guardrail (guardrailIdentifier); on the guardrail' }] },
  'bedrock:StartAsyncInvoke': { actions: ['bedrock:InvokeModel'], sideActions: [{ action: 's3:PutObject', when: 'on the output location (outputDataConfig.s3OutputDataConfig), which Bedrock writes with the caller\'s permissions' }] },
  'bedrock:RetrieveAndGenerate': { actions: ['bedrock:RetrieveAndGenerate', 'bedrock:Retrieve', 'bedrock:InvokeModel'] },

  // API Gateway WebSocket management: one action for every connection operation.
  'execute-api:PostToConnection': { actions: ['execute-api:ManageConnections'] },
  'execute-api:GetConnection': { actions: ['execute-api:ManageConnections'] },
  'execute-api:DeleteConnection': { actions: ['execute-api:ManageConnections'] },

  // Step Functions, EventBridge Scheduler, ECS: operations that pass a role.
  'states:CreateStateMachine': { actions: ['states:CreateStateMachine', 'iam:PassRole'] },
  'scheduler:CreateSchedule': { actions: ['scheduler:CreateSchedule', 'iam:PassRole'] },
  'scheduler:UpdateSchedule': { actions: ['scheduler:UpdateSchedule', 'iam:PassRole'] },
  'ecs:RunTask': { actions: ['ecs:RunTask'], sideActions: [{ action: 'iam:PassRole', when: 'when the task definition has a task role or an execution role (or the request overrides one); on those roles' }] },
  'ecs:StartTask': { actions: ['ecs:StartTask'], sideActions: [{ action: 'iam:PassRole', when: 'when the task definition has a task role or an execution role; on those roles' }] },

  // RDS Data API: the request names a secret, which the Data API reads with the caller's permissions.
  'rds-data:ExecuteStatement': { actions: ['rds-data:ExecuteStatement', 'secretsmanager:GetSecretValue'] },
  'rds-data:BatchExecuteStatement': { actions: ['rds-data:BatchExecuteStatement', 'secretsmanager:GetSecretValue'] },
  'rds-data:BeginTransaction': { actions: ['rds-data:BeginTransaction', 'secretsmanager:GetSecretValue'] },
  'rds-data:CommitTransaction': { actions: ['rds-data:CommitTransaction', 'secretsmanager:GetSecretValue'] },
  'rds-data:RollbackTransaction': { actions: ['rds-data:RollbackTransaction', 'secretsmanager:GetSecretValue'] },

  // Athena: the query reads the Glue Data Catalog and S3, and writes its results to S3, as the caller.
  'athena:StartQueryExecution': {
    actions: ['athena:StartQueryExecution'],
    sideActions: [
      { action: 'glue:GetTable', when: 'when the query reads tables of the Glue Data Catalog; on the catalog, database and table' },
      { action: 'glue:GetDatabase', when: 'when the query reads tables of the Glue Data Catalog; on the catalog and database' },
      { action: 'glue:GetPartitions', when: 'when the query reads a partitioned table' },
      { action: 's3:GetObject', when: 'on the data the query reads' },
      { action: 's3:ListBucket', when: 'on the buckets of the data the query reads' },
      { action: 's3:GetBucketLocation', when: 'on the query result bucket' },
      { action: 's3:PutObject', when: 'on the query result location (ResultConfiguration.OutputLocation or the workgroup\'s)' },
    ],
  },
  'athena:GetQueryResults': { actions: ['athena:GetQueryResults'], sideActions: [{ action: 's3:GetObject', when: 'on the query result location' }] },

  // Glue: partition index and column statistics operations are authorised as table and partition actions (map.json).
  'glue:CreatePartitionIndex': { actions: ['glue:UpdateTable'] },
  'glue:DeletePartitionIndex': { actions: ['glue:UpdateTable'] },
  'glue:GetPartitionIndexes': { actions: ['glue:GetTable'] },
  'glue:GetColumnStatisticsForTable': { actions: ['glue:GetTable'] },
  'glue:GetColumnStatisticsForPartition': { actions: ['glue:GetPartition'] },

  // Services that read their input from S3 with the caller's permissions.
  'textract:StartDocumentTextDetection': { actions: ['textract:StartDocumentTextDetection'], sideActions: [readsS3Input('document'), passRole('a NotificationChannel.RoleArn')] },
  'textract:StartDocumentAnalysis': { actions: ['textract:StartDocumentAnalysis'], sideActions: [readsS3Input('document'), passRole('a NotificationChannel.RoleArn')] },
  'textract:DetectDocumentText': { actions: ['textract:DetectDocumentText'], sideActions: [readsS3Input('document')] },
  'textract:AnalyzeDocument': { actions: ['textract:AnalyzeDocument'], sideActions: [readsS3Input('document')] },
  'rekognition:DetectLabels': { actions: ['rekognition:DetectLabels'], sideActions: [readsS3Input('image')] },
  'rekognition:IndexFaces': { actions: ['rekognition:IndexFaces'], sideActions: [readsS3Input('image')] },
  'transcribe:StartTranscriptionJob': {
    actions: ['transcribe:StartTranscriptionJob'],
    sideActions: [readsS3Input('media file'), { action: 's3:PutObject', when: 'when OutputBucketName names a bucket of yours: Transcribe writes the transcript with the caller\'s permissions' }],
  },
};

/** Cognito user pool operations authorised by tokens or open to anyone: IAM is not evaluated for them. */
const COGNITO_PUBLIC = new Set([
  'SignUp', 'ConfirmSignUp', 'InitiateAuth', 'RespondToAuthChallenge', 'ForgotPassword', 'ConfirmForgotPassword',
  'ResendConfirmationCode', 'GetUser', 'ChangePassword', 'GlobalSignOut', 'RevokeToken', 'UpdateUserAttributes',
  'DeleteUser', 'DeleteUserAttributes', 'VerifyUserAttribute', 'GetUserAttributeVerificationCode', 'AssociateSoftwareToken',
  'VerifySoftwareToken', 'SetUserMFAPreference', 'SetUserSettings', 'ListDevices', 'GetDevice', 'ConfirmDevice',
  'ForgetDevice', 'UpdateDeviceStatus', 'GetUserAuthFactors', 'StartWebAuthnRegistration', 'CompleteWebAuthnRegistration',
  'ListWebAuthnCredentials', 'DeleteWebAuthnCredential',
].map((name) => name.toLowerCase()));
/** Cognito identity pool operations a client calls before it has credentials. */
const COGNITO_IDENTITY_PUBLIC = new Set(['GetId', 'GetCredentialsForIdentity', 'GetOpenIdToken', 'UnlinkIdentity'].map((name) => name.toLowerCase()));

/** Side permissions of operations whose action is their own name. */
const SIDE_ACTIONS: Readonly<Record<string, SideAction[]>> = {
  'dynamodb:GetItem': [DYNAMODB_KMS],
  'dynamodb:PutItem': [DYNAMODB_KMS],
  'dynamodb:UpdateItem': [DYNAMODB_KMS],
  'dynamodb:DeleteItem': [DYNAMODB_KMS],
  'dynamodb:Query': [DYNAMODB_KMS],
  'dynamodb:Scan': [DYNAMODB_KMS],
  'dynamodb:BatchGetItem': [DYNAMODB_KMS],
  'dynamodb:BatchWriteItem': [DYNAMODB_KMS],
  'dynamodb:GetRecords': [DYNAMODB_KMS],
  'sqs:SendMessage': SQS_SEND_KMS,
  'sqs:ReceiveMessage': [SQS_RECEIVE_KMS],
  'sns:Publish': SNS_PUBLISH_KMS,
  'secretsmanager:GetSecretValue': [SECRET_READ_KMS],
  'secretsmanager:CreateSecret': SECRET_WRITE_KMS,
  'secretsmanager:PutSecretValue': SECRET_WRITE_KMS,
  'secretsmanager:UpdateSecret': SECRET_WRITE_KMS,
  'ssm:GetParameter': [SSM_READ_KMS],
  'ssm:GetParameters': [SSM_READ_KMS],
  'ssm:GetParametersByPath': [SSM_READ_KMS],
  'ssm:GetParameterHistory': [SSM_READ_KMS],
  'ssm:PutParameter': [SSM_WRITE_KMS],
  'kinesis:PutRecord': [KINESIS_PUT_KMS],
  'kinesis:PutRecords': [KINESIS_PUT_KMS],
  'kinesis:GetRecords': [KINESIS_READ_KMS],
};

/** DocumentClient methods (v2 `put`, lib-dynamodb `PutCommand` → `Put`) and the DynamoDB API operation each one calls. */
const DOCUMENT_CLIENT_OPERATIONS: Readonly<Record<string, string>> = {
  put: 'PutItem',
  get: 'GetItem',
  update: 'UpdateItem',
  delete: 'DeleteItem',
  query: 'Query',
  scan: 'Scan',
  batchget: 'BatchGetItem',
  batchwrite: 'BatchWriteItem',
  transactget: 'TransactGetItems',
  transactwrite: 'TransactWriteItems',
  executestatement: 'ExecuteStatement',
  batchexecutestatement: 'BatchExecuteStatement',
  executetransaction: 'ExecuteTransaction',
};

/** DocumentClient and client methods that make no request. */
const NO_REQUEST_METHODS = new Set(['createset', 'destroy', 'middlewarestack', 'config', 'on', 'then', 'catch', 'from']);

/**
 * Waiters (v3 `waitUntilObjectExists`, v2 `waitFor('objectExists')`): the operation each one polls,
 * keyed `<prefix>:<state>` with the state lower-cased.
 */
const WAITERS: Readonly<Record<string, string>> = {
  's3:objectexists': 'HeadObject',
  's3:objectnotexists': 'HeadObject',
  's3:bucketexists': 'HeadBucket',
  's3:bucketnotexists': 'HeadBucket',
  'dynamodb:tableexists': 'DescribeTable',
  'dynamodb:tablenotexists': 'DescribeTable',
  'lambda:functionexists': 'GetFunction',
  'lambda:functionactive': 'GetFunctionConfiguration',
  'lambda:functionupdated': 'GetFunctionConfiguration',
  'lambda:functionactivev2': 'GetFunction',
  'lambda:functionupdatedv2': 'GetFunction',
  'lambda:publishedversionactive': 'GetFunctionConfiguration',
  'kinesis:streamexists': 'DescribeStream',
  'kinesis:streamnotexists': 'DescribeStream',
  'ecs:tasksrunning': 'DescribeTasks',
  'ecs:tasksstopped': 'DescribeTasks',
  'ecs:servicesstable': 'DescribeServices',
  'ecs:servicesinactive': 'DescribeServices',
  'cloudformation:stackcreatecomplete': 'DescribeStacks',
  'cloudformation:stackupdatecomplete': 'DescribeStacks',
  'cloudformation:stackdeletecomplete': 'DescribeStacks',
  'cloudformation:stackexists': 'DescribeStacks',
};

const PARTIQL_VERBS: Readonly<Record<string, string>> = {
  select: 'dynamodb:PartiQLSelect',
  insert: 'dynamodb:PartiQLInsert',
  update: 'dynamodb:PartiQLUpdate',
  delete: 'dynamodb:PartiQLDelete',
};

const TRANSACT_WRITE_ITEMS: Readonly<Record<string, string>> = {
  put: 'dynamodb:PutItem',
  update: 'dynamodb:UpdateItem',
  delete: 'dynamodb:DeleteItem',
  conditioncheck: 'dynamodb:ConditionCheckItem',
};

/**
 * Helpers that are not SDK operations but make SDK calls, given by package and name. A front end emits
 * an `AwsSdkCall` for each with these values (`service` is informative; the package and operation decide):
 * - `@aws-sdk/lib-storage`: `service: 'S3', operation: 'Upload'` for `new Upload({ client, params })`.
 *   The v2 equivalent is the ordinary call `aws-sdk` `S3` `upload`.
 * - `@aws-sdk/s3-request-presigner`: `service: 'S3', operation: 'getSignedUrl'` for
 *   `getSignedUrl(client, new GetObjectCommand(...))`, with `details.signedOperation` = the command's
 *   operation when known; the `new GetObjectCommand` is also its own call, so without it nothing is added.
 *   v2: `aws-sdk` `S3` `getSignedUrl` / `getSignedUrlPromise` with `details.signedOperation` = the first argument (`'getObject'`).
 * - `@aws-sdk/s3-presigned-post`: `service: 'S3', operation: 'createPresignedPost'` (v2: `S3` `createPresignedPost`).
 * - Paginators, from any client package: `operation: 'paginateQuery'` (the operation is the rest of the name).
 * - Waiters: `operation: 'waitUntilObjectExists'`, or v2 `operation: 'waitFor'` with `details.waiterState`.
 * - `@aws-lambda-powertools/parameters` (and its subpaths `/ssm`, `/secrets`, `/appconfig`, `/dynamodb`):
 *   `service` `SSM`, `SecretsManager`, `AppConfigData` or `DynamoDB`; `operation` the function or provider
 *   method: `getParameter`, `getParameters`, `getParametersByName`, `setParameter`, `getSecret`,
 *   `getAppConfig`, or `SSMProvider.get`, `DynamoDBProvider.getMultiple`...
 * - `@aws-lambda-powertools/idempotency` (and `/dynamodb`): `service: 'DynamoDB'`, `operation` one of
 *   `makeIdempotent`, `makeHandlerIdempotent`, `idempotent`, `DynamoDBPersistenceLayer`.
 * - `@aws-crypto/client-node` (the AWS Encryption SDK with a KMS keyring): `service: 'KMS'`,
 *   `operation: 'encrypt'` or `'decrypt'`.
 */
export const SDK_HELPERS: ReadonlyArray<{ packageName: string; service: string; operation: string; mapping: Mapping }> = [
  { packageName: '@aws-sdk/lib-storage', service: 'S3', operation: 'Upload', mapping: UPLOAD },
  { packageName: '@aws-sdk/s3-presigned-post', service: 'S3', operation: 'createPresignedPost', mapping: { actions: ['s3:PutObject'], note: 'the POST is authorised by the signer\'s s3:PutObject' } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'SSM', operation: 'getParameter', mapping: { actions: ['ssm:GetParameter'], sideActions: [SSM_READ_KMS] } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'SSM', operation: 'SSMProvider.get', mapping: { actions: ['ssm:GetParameter'], sideActions: [SSM_READ_KMS] } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'SSM', operation: 'getParameters', mapping: { actions: ['ssm:GetParametersByPath'], sideActions: [SSM_READ_KMS] } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'SSM', operation: 'SSMProvider.getMultiple', mapping: { actions: ['ssm:GetParametersByPath'], sideActions: [SSM_READ_KMS] } },
  {
    packageName: '@aws-lambda-powertools/parameters',
    service: 'SSM',
    operation: 'getParametersByName',
    mapping: { actions: ['ssm:GetParameters'], sideActions: [{ action: 'ssm:GetParameter', when: 'when a parameter is read with its own decrypt option, which Powertools fetches one by one' }, SSM_READ_KMS] },
  },
  {
    packageName: '@aws-lambda-powertools/parameters',
    service: 'SSM',
    operation: 'SSMProvider.getParametersByName',
    mapping: { actions: ['ssm:GetParameters'], sideActions: [{ action: 'ssm:GetParameter', when: 'when a parameter is read with its own decrypt option, which Powertools fetches one by one' }, SSM_READ_KMS] },
  },
  { packageName: '@aws-lambda-powertools/parameters', service: 'SSM', operation: 'setParameter', mapping: { actions: ['ssm:PutParameter'], sideActions: [SSM_WRITE_KMS] } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'SSM', operation: 'SSMProvider.set', mapping: { actions: ['ssm:PutParameter'], sideActions: [SSM_WRITE_KMS] } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'SecretsManager', operation: 'getSecret', mapping: { actions: ['secretsmanager:GetSecretValue'], sideActions: [SECRET_READ_KMS] } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'SecretsManager', operation: 'SecretsProvider.get', mapping: { actions: ['secretsmanager:GetSecretValue'], sideActions: [SECRET_READ_KMS] } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'SecretsManager', operation: 'setSecret', mapping: { actions: ['secretsmanager:PutSecretValue'], sideActions: [{ action: 'secretsmanager:CreateSecret', when: 'when the secret does not exist yet' }, ...SECRET_WRITE_KMS] } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'AppConfigData', operation: 'getAppConfig', mapping: { actions: ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration'] } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'AppConfigData', operation: 'AppConfigProvider.get', mapping: { actions: ['appconfig:StartConfigurationSession', 'appconfig:GetLatestConfiguration'] } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'DynamoDB', operation: 'DynamoDBProvider.get', mapping: { actions: ['dynamodb:GetItem'], sideActions: [DYNAMODB_KMS] } },
  { packageName: '@aws-lambda-powertools/parameters', service: 'DynamoDB', operation: 'DynamoDBProvider.getMultiple', mapping: { actions: ['dynamodb:Query'], sideActions: [DYNAMODB_KMS] } },
  ...['makeIdempotent', 'makeHandlerIdempotent', 'idempotent', 'DynamoDBPersistenceLayer'].map((operation) => ({
    packageName: '@aws-lambda-powertools/idempotency',
    service: 'DynamoDB',
    operation,
    mapping: { actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], sideActions: [DYNAMODB_KMS] },
  })),
  { packageName: '@aws-crypto/client-node', service: 'KMS', operation: 'encrypt', mapping: { actions: ['kms:GenerateDataKey'], sideActions: [{ action: 'kms:Encrypt', when: 'when the keyring names more than one KMS key: each additional key encrypts the data key' }] } },
  { packageName: '@aws-crypto/client-node', service: 'KMS', operation: 'decrypt', mapping: { actions: ['kms:Decrypt'] } },
];

/** The packages of `SDK_HELPERS`, matched with their subpaths (`@aws-lambda-powertools/parameters/ssm`). */
const HELPER_PACKAGES = [...new Set(SDK_HELPERS.map((helper) => helper.packageName))];

/**
 * The IAM actions one SDK call needs. Never throws and never invents an action: every action returned
 * exists in the bundled IAM table, and anything that cannot be mapped comes back as `unknown` with a reason.
 */
export function iamActionsForCall(call: SdkCallShape, details: CallDetails = {}): CallActions {
  const packageName = typeof call?.packageName === 'string' ? call.packageName.trim() : '';
  const service = typeof call?.service === 'string' ? call.service.trim() : '';
  const operation = typeof call?.operation === 'string' ? call.operation.trim() : '';
  if (!operation) return { actions: [], unknown: 'the call has no operation name' };
  const label = `${service || packageName}.${operation}`;

  const helperPackage = HELPER_PACKAGES.find((name) => packageName === name || packageName.startsWith(`${name}/`));
  if (helperPackage) {
    const helper = findHelper(helperPackage, operation);
    if (helper) return checked(helper, label);
    return { actions: [], unknown: `${operation} of ${helperPackage} is not a helper we know the calls of` };
  }
  if (packageName === '@aws-sdk/s3-request-presigner') return presigned(details.signedOperation, true, label);

  const methodName = stripCommand(operation);
  if (/^(addAuthorization|makeRequest|makeUnauthenticatedRequest)$/i.test(methodName)) {
    return { actions: [], unknown: `${label} sends or signs a request the code builds itself; its action cannot be known from the call` };
  }

  const isDocumentClient = packageName === '@aws-sdk/lib-dynamodb' || /(^|\.)DocumentClient$/.test(service) || /^DynamoDBDocument(Client)?$/.test(service);
  const prefix = isDocumentClient ? 'dynamodb' : iamPrefixFor(packageName, service);
  if (!prefix) return { actions: [], unknown: `no IAM service is known for the SDK client ${service || '(unnamed)'}${packageName ? ` of ${packageName}` : ''}` };

  const method = methodName;
  const methodKey = method.toLowerCase();
  if (NO_REQUEST_METHODS.has(methodKey)) return { actions: [], note: `${method} makes no AWS request` };

  // SDK-level helpers on an ordinary client.
  if (prefix === 's3' && (methodKey === 'getsignedurl' || methodKey === 'getsignedurlpromise')) return presigned(details.signedOperation, false, label);
  if (prefix === 's3' && methodKey === 'upload') return checked(UPLOAD, label);
  if (prefix === 's3' && methodKey === 'createpresignedpost') return checked({ actions: ['s3:PutObject'], note: 'the POST is authorised by the signer\'s s3:PutObject' }, label);
  if (methodKey === 'waitfor') {
    if (!details.waiterState) return { actions: [], unknown: `${label}: the waiter's state (the first argument of waitFor) is not known` };
    return waiter(prefix, details.waiterState, label);
  }
  if (/^waituntil./i.test(method)) return waiter(prefix, method.slice('waitUntil'.length), label);

  const unpaged = /^paginate./i.test(operation) ? operation.slice('paginate'.length) : operation;
  return actionsForOperation(prefix, resolveOperation(prefix, unpaged, isDocumentClient), details, label);
}

/**
 * The API operation a method or command name stands for. `Command` is stripped only when the name as
 * given is not an operation, since some operations end in it (SSM `SendCommand`, whose v3 class is
 * `SendCommandCommand`); DocumentClient methods become the DynamoDB operation they call (`put` → `PutItem`).
 */
function resolveOperation(prefix: string, operation: string, isDocumentClient: boolean): string {
  const candidates = [...new Set([operation.trim(), stripCommand(operation.trim())])].map((name) => {
    const api = apiOperationName(name);
    return isDocumentClient ? DOCUMENT_CLIENT_OPERATIONS[api.toLowerCase()] ?? api : api;
  });
  return candidates.find((name) => lookupCaseInsensitive(EXCEPTIONS, `${prefix}:${name}`) || lookupAction(`${prefix}:${name}`) || isSpecialOperation(prefix, name)) ?? candidates[candidates.length - 1];
}

function isSpecialOperation(prefix: string, operation: string): boolean {
  const lower = operation.toLowerCase();
  if (prefix === 'dynamodb') return ['executestatement', 'batchexecutestatement', 'executetransaction', 'transactwriteitems'].includes(lower);
  if (prefix === 'cognito-idp') return COGNITO_PUBLIC.has(lower);
  if (prefix === 'cognito-identity') return COGNITO_IDENTITY_PUBLIC.has(lower);
  return false;
}

function actionsForOperation(prefix: string, apiOperation: string, details: CallDetails, label: string): CallActions {
  const key = `${prefix}:${apiOperation}`;
  const lowerOperation = apiOperation.toLowerCase();
  if (prefix === 'cognito-idp' && COGNITO_PUBLIC.has(lowerOperation)) {
    return { actions: [], note: `needs no IAM permission: ${apiOperation} is a public or token-authorised operation of Cognito user pools` };
  }
  if (prefix === 'cognito-identity' && COGNITO_IDENTITY_PUBLIC.has(lowerOperation)) {
    return { actions: [], note: `needs no IAM permission: ${apiOperation} is a public operation of Cognito identity pools` };
  }
  if (prefix === 'dynamodb' && (lowerOperation === 'executestatement' || lowerOperation === 'batchexecutestatement' || lowerOperation === 'executetransaction')) {
    return partiql(apiOperation, details.statements, label);
  }
  if (prefix === 'dynamodb' && lowerOperation === 'transactwriteitems') return transactWrite(details.transactItemKinds, label);

  const exception = lookupCaseInsensitive(EXCEPTIONS, key);
  if (exception) return checked(exception, label);

  const action = lookupAction(key);
  if (!action) {
    return { actions: [], unknown: `${label}: the IAM data has no action ${key}, and the operation is not in the table of exceptions` };
  }
  const sideActions = lookupCaseInsensitive(SIDE_ACTIONS, action.qualifiedName);
  return checked({ actions: [action.qualifiedName], ...(sideActions && sideActions.length > 0 && { sideActions }) }, label);
}

function partiql(apiOperation: string, statements: string[] | undefined, label: string): CallActions {
  const candidates = Object.values(PARTIQL_VERBS).map((action) => ({ action, when: `when a statement is a ${action.slice('dynamodb:PartiQL'.length).toUpperCase()}` }));
  if (!statements || statements.length === 0) {
    return { actions: [], sideActions: candidates, unknown: `${label}: a PartiQL ${apiOperation} needs the action of each statement's verb (SELECT, INSERT, UPDATE, DELETE), and the statements are not known` };
  }
  const actions = new Set<string>();
  for (const statement of statements) {
    const verb = partiqlVerbOf(statement);
    if (!verb) return { actions: [...actions], sideActions: candidates, unknown: `${label}: the verb of the PartiQL statement "${statement.slice(0, 40)}" is not SELECT, INSERT, UPDATE or DELETE` };
    actions.add(PARTIQL_VERBS[verb]);
  }
  return checked({ actions: [...actions].sort(), sideActions: [DYNAMODB_KMS] }, label);
}

/** The verb of a PartiQL statement (`SELECT * FROM "t"` → `select`), or of a bare verb (`Insert`). */
export function partiqlVerbOf(statement: string): 'select' | 'insert' | 'update' | 'delete' | undefined {
  const word = /^\s*([A-Za-z]+)/.exec(typeof statement === 'string' ? statement : '')?.[1]?.toLowerCase();
  return word === 'select' || word === 'insert' || word === 'update' || word === 'delete' ? word : undefined;
}

function transactWrite(kinds: string[] | undefined, label: string): CallActions {
  const candidates = Object.entries(TRANSACT_WRITE_ITEMS).map(([kind, action]) => ({ action, when: `when an item of TransactItems is a ${kind === 'conditioncheck' ? 'ConditionCheck' : kind.charAt(0).toUpperCase() + kind.slice(1)}` }));
  if (!kinds || kinds.length === 0) {
    return { actions: [], sideActions: [...candidates, DYNAMODB_KMS], unknown: `${label}: a transactWrite needs the action of each item (Put, Update, Delete, ConditionCheck), and the items are not known` };
  }
  const actions = new Set<string>();
  for (const kind of kinds) {
    const action = TRANSACT_WRITE_ITEMS[String(kind).toLowerCase()];
    if (!action) return { actions: [...actions], sideActions: candidates, unknown: `${label}: "${kind}" is not a TransactItems kind (Put, Update, Delete, ConditionCheck)` };
    actions.add(action);
  }
  return checked({ actions: [...actions].sort(), sideActions: [DYNAMODB_KMS] }, label);
}

function presigned(signedOperation: string | undefined, isV3Presigner: boolean, label: string): CallActions {
  if (!signedOperation) {
    if (isV3Presigner) return { actions: [], note: 'the signed command (new GetObjectCommand(...)) is its own call and carries the action' };
    return { actions: [], unknown: `${label}: the operation the URL is signed for (the first argument) is not known` };
  }
  const result = actionsForOperation('s3', resolveOperation('s3', signedOperation, false), {}, label);
  return { ...result, note: 'whoever uses the URL acts with the signer\'s permissions, so the signer needs the action' };
}

function waiter(prefix: string, state: string, label: string): CallActions {
  const operation = WAITERS[`${prefix}:${state.toLowerCase()}`];
  if (!operation) return { actions: [], unknown: `${label}: the waiter ${state} of ${prefix} is not one we know the polled operation of` };
  return actionsForOperation(prefix, operation, {}, label);
}

function findHelper(packageName: string, operation: string): Mapping | undefined {
  const wanted = operation.toLowerCase();
  // A provider method may come with or without its class (`SSMProvider.get` or `get` on a provider):
  // only the qualified form is unambiguous, so a bare `get` is not matched.
  return SDK_HELPERS.find((helper) => helper.packageName === packageName && helper.operation.toLowerCase() === wanted)?.mapping;
}

/** Keeps only actions the IAM table knows (in its spelling); a missing one makes the result unknown. */
function checked(mapping: Mapping, label: string): CallActions {
  const actions: string[] = [];
  for (const name of mapping.actions) {
    const action = lookupAction(name);
    if (!action) return { actions, unknown: `${label}: the table names ${name}, which the IAM data does not have` };
    if (!actions.includes(action.qualifiedName)) actions.push(action.qualifiedName);
  }
  const sideActions = (mapping.sideActions ?? []).flatMap((side) => {
    const action = lookupAction(side.action);
    return action && !actions.includes(action.qualifiedName) ? [{ action: action.qualifiedName, when: side.when }] : [];
  });
  return { actions, ...(sideActions.length > 0 && { sideActions }), ...(mapping.note && { note: mapping.note }) };
}

const lowerCaseTables = new WeakMap<object, Map<string, unknown>>();

/** IAM matches action names case-insensitively, and so do the tables (`s3:getobject` finds `s3:GetObject`). */
function lookupCaseInsensitive<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  let lower = lowerCaseTables.get(table) as Map<string, T> | undefined;
  if (!lower) {
    lower = new Map(Object.entries(table).map(([name, value]) => [name.toLowerCase(), value]));
    lowerCaseTables.set(table, lower);
  }
  return lower.get(key.toLowerCase());
}

function stripCommand(operation: string): string {
  return operation.length > 'Command'.length && operation.endsWith('Command') ? operation.slice(0, -'Command'.length) : operation;
}

/** `putObject` (v2), `put_object` (boto3) → `PutObject`; a `Command` suffix is the caller's to strip. */
export function apiOperationName(operation: string): string {
  const bare = operation.trim();
  const joined = bare.includes('_') ? bare.split('_').filter(Boolean).map(capitalise).join('') : bare;
  return capitalise(joined);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every row of the tables, for tests and documentation: the operation (or helper) and what it maps to. */
export function mappingTables(): Array<{ source: 'exception' | 'side' | 'helper' | 'waiter'; key: string; actions: string[]; sideActions: SideAction[] }> {
  return [
    ...Object.entries(EXCEPTIONS).map(([key, mapping]) => ({ source: 'exception' as const, key, actions: mapping.actions, sideActions: mapping.sideActions ?? [] })),
    ...Object.entries(SIDE_ACTIONS).map(([key, sideActions]) => ({ source: 'side' as const, key, actions: [key], sideActions })),
    ...SDK_HELPERS.map((helper) => ({ source: 'helper' as const, key: `${helper.packageName} ${helper.operation}`, actions: helper.mapping.actions, sideActions: helper.mapping.sideActions ?? [] })),
    ...Object.entries(WAITERS).map(([key, operation]) => {
      const result = actionsForOperation(key.split(':')[0], operation, {}, key);
      return { source: 'waiter' as const, key, actions: result.actions, sideActions: result.sideActions ?? [] };
    }),
    ...Object.values(PARTIQL_VERBS).map((action) => ({ source: 'exception' as const, key: action, actions: [action], sideActions: [] })),
    ...Object.values(TRANSACT_WRITE_ITEMS).map((action) => ({ source: 'exception' as const, key: action, actions: [action], sideActions: [] })),
  ];
}

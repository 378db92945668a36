/**
 * Which IAM service prefix an SDK client stands for: from the client's package (`@aws-sdk/client-sfn`,
 * `aws-sdk/clients/s3`) or the service name a front end records (`SFN`, `StepFunctions`,
 * `CognitoIdentityServiceProvider`, boto3's `cognito-idp`). Keyed on the language-neutral names only;
 * pure, no file system. A name that is neither listed nor itself a known prefix stays unresolved.
 */
import { isKnownService } from '../iam/action-table';

/**
 * SDK names whose IAM prefix differs from the name, lower-cased with everything but letters and digits
 * removed, so `client-secrets-manager`, `SecretsManager` and boto3's `secretsmanager` meet. The facts
 * come from the `sdk_service_mappings` of iann0036/iam-dataset's aws/map.json (MIT) and the AWS
 * Service Authorization Reference; names equal to their prefix (`s3`, `sqs`, `kms`) need no entry.
 */
export const SDK_NAME_TO_PREFIX: Readonly<Record<string, string>> = {
  // The services Lambda code calls most.
  stepfunctions: 'states',
  sfn: 'states',
  eventbridge: 'events',
  cloudwatchevents: 'events',
  cognitoidentityserviceprovider: 'cognito-idp',
  cognitoidentityprovider: 'cognito-idp',
  cognitoidp: 'cognito-idp',
  cognitoidentity: 'cognito-identity',
  bedrockruntime: 'bedrock',
  bedrockagentruntime: 'bedrock',
  bedrockagent: 'bedrock',
  bedrockagentcore: 'bedrock-agentcore',
  bedrockagentcorecontrol: 'bedrock-agentcore',
  apigatewaymanagementapi: 'execute-api',
  iotdata: 'iot',
  iotdataplane: 'iot',
  iotjobsdataplane: 'iotjobsdata',
  sesv2: 'ses',
  cloudwatchlogs: 'logs',
  rdsdata: 'rds-data',
  rdsdataservice: 'rds-data',
  dynamodbstreams: 'dynamodb',
  s3control: 's3',
  transcribeservice: 'transcribe',
  transcribestreaming: 'transcribe',
  pinpoint: 'mobiletargeting',
  pinpointemail: 'ses',
  pinpointsmsvoicev2: 'sms-voice',
  sagemakerruntime: 'sagemaker',
  lexruntime: 'lex',
  lexruntimev2: 'lex',
  lexruntimeservice: 'lex',
  appconfigdata: 'appconfig',
  location: 'geo',
  personalizeruntime: 'personalize',
  personalizeevents: 'personalize',
  timestreamwrite: 'timestream',
  timestreamquery: 'timestream',
  apigatewayv2: 'apigateway',
  opensearch: 'es',
  opensearchservice: 'es',
  efs: 'elasticfilesystem',
  emr: 'elasticmapreduce',
  elasticloadbalancingv2: 'elasticloadbalancing',
  elbv2: 'elasticloadbalancing',
  elb: 'elasticloadbalancing',
  applicationautoscaling: 'application-autoscaling',
  costexplorer: 'ce',
  marketplacemetering: 'aws-marketplace',
  marketplacecatalog: 'aws-marketplace',
  resourcegroupstaggingapi: 'tag',
  cloudcontrol: 'cloudformation',
  keyspaces: 'cassandra',
  neptunedata: 'neptune-db',
  ssooidc: 'sso-oauth',
  ssoadmin: 'sso',
  mediastoredata: 'mediastore',
  qldbsession: 'qldb',
  ioteventsdata: 'iotevents',
  cloudsearchdomain: 'cloudsearch',
  databasemigrationservice: 'dms',
  directoryservice: 'ds',
  configservice: 'config',
  migrationhub: 'mgh',
  kinesisvideomedia: 'kinesisvideo',
  kinesisanalyticsv2: 'kinesisanalytics',
  s3outposts: 's3-outposts',
  ivsrealtime: 'ivs',
  acmpca: 'acm-pca',
};

/** The IAM prefix for an SDK client, or undefined when the client is not one we can name. */
export function iamPrefixFor(packageName: string, service: string): string | undefined {
  for (const candidate of candidateNames(packageName, service)) {
    const compact = candidate.toLowerCase().replace(/[^a-z0-9]/g, '');
    const aliased = SDK_NAME_TO_PREFIX[compact];
    if (aliased) return aliased;
    const dashed = candidate.toLowerCase();
    if (/^[a-z0-9-]+$/.test(dashed) && isKnownService(dashed)) return dashed;
    if (compact && isKnownService(compact)) return compact;
  }
  return undefined;
}

/**
 * Names to try, most reliable first: the v3 client package (`@aws-sdk/client-sfn` → `sfn`), the v2
 * per-service module (`aws-sdk/clients/dynamodb`), then the first segment of the service name
 * (`DynamoDB.DocumentClient` → `DynamoDB`).
 */
function candidateNames(packageName: string, service: string): string[] {
  const names: string[] = [];
  const v3 = /^@aws-sdk\/client-(.+)$/.exec(packageName);
  if (v3) names.push(v3[1]);
  const v2 = /^aws-sdk\/clients\/(.+)$/.exec(packageName);
  if (v2) names.push(v2[1]);
  const first = service.split('.')[0]?.trim();
  if (first) names.push(first);
  return names;
}

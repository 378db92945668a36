/**
 * Hand-built fixtures for the other tools' checks our rules claim, above all those that have no labelled
 * fixture in ../shared/corpus/checkov-dev (Kinesis, load balancers, function URLs, log groups, Elasticsearch,
 * the cloudsplaining checks beyond CKV_AWS_109, cfn_nag, cdk-nag, Sonar and KICS). Each case is written from
 * the check's source (named in `source`, and in docs/coverage.md's claims table): for every claimed check, our
 * findings must name it on exactly the resources where that source fails, and nowhere else. Claims read only
 * where fixtures existed agreed with Checkov far less often (87.7% against 97.6%), hence these.
 *
 * These fixtures are inline and need no corpus; the file lives with the corpus suites (run by
 * `npm run test:corpus`) because it measures agreement with other tools, as checkov-agreement.test.ts does.
 */
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { allRules, codeRules } from '../../rules';
import { analyze, analyzeHandlerFile } from '../../server/src/engine';
import { buildProject } from '../../server/src/engine/project';

interface Case {
  name: string;
  path: string;
  text: string;
  /** For each claimed check: the resources (logical ids, or serverless.yml resource ids) where its source fails and we report. */
  expected: Record<string, string[]>;
}

/** The resources whose findings name the check; strict runs throw on a check a rule does not declare. */
function namedOn(testCase: Case, check: string): string[] {
  const result = analyze({ path: testCase.path, text: testCase.text, rules: allRules, strict: true });
  assert.deepEqual(result.internalErrors, [], testCase.name);
  return [...new Set(result.findings.filter((finding) => finding.equivalents.includes(check)).map((finding) => finding.resource ?? ''))].sort();
}

const lambdaTrust = '{ Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }';

const CASES: Case[] = [
  {
    name: 'Sonar reads a template only when it holds AWSTemplateFormatVersion (sonar-iac CloudFormationFilePredicate, sonar.cloudformation.file.identifier)',
    path: '/fixtures/no-version.yaml',
    text: `Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  OpenMethod:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: NONE }
  Topic:
    Type: AWS::SNS::Topic
  Public:
    Type: AWS::S3::Bucket
    Properties: { AccessControl: PublicRead }
`,
    expected: { S6333: [], S6327: [], S6265: [], CKV_AWS_59: ['OpenMethod'], CKV_AWS_26: ['Topic'] },
  },
  {
    name: 'API Gateway methods and routes (Checkov APIGatewayAuthorization.py, cfn_nag ApiGatewayMethodAuthorizationTypeRule.rb, cdk-nag APIGWAuthorization.ts, Sonar PublicApiCheck.java, KICS api_gateway_with_open_access, Checkov Terraform APIGatewayV2RouteDefinesAuthorizationType.py)',
    path: '/fixtures/api.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  OpenMethod:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: NONE, Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' } }
  NoTypeMethod:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: POST, Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' } }
  KeyMethod:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: PUT, AuthorizationType: NONE, ApiKeyRequired: true, Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' } }
  IamMethod:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: DELETE, AuthorizationType: AWS_IAM, Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' } }
  HttpApi:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: orders, ProtocolType: HTTP }
  OpenRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref HttpApi, RouteKey: POST /orders, AuthorizationType: NONE }
  JwtRoute:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref HttpApi, RouteKey: GET /orders, AuthorizationType: JWT, AuthorizerId: abc123 }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Events:
        Get: { Type: Api, Properties: { Path: /items, Method: get } }
`,
    expected: {
      // Present and NONE, no API key; the SAM event's route is read by none of them.
      CKV_AWS_59: ['OpenMethod'],
      // Absent or NONE, API key or not.
      W59: ['KeyMethod', 'NoTypeMethod', 'OpenMethod'],
      'AwsSolutions-APIG4': ['KeyMethod', 'NoTypeMethod', 'OpenMethod', 'OpenRoute'],
      S6333: ['KeyMethod', 'OpenMethod', 'OpenRoute'],
      'KICS:1056dfbb-5802-4762-bf2b-8b9b9684b1b0': ['KeyMethod', 'OpenMethod'],
      CKV_AWS_309: ['OpenRoute'],
    },
  },
  {
    name: 'Kinesis (Checkov KinesisStreamEncryptionType.py)',
    path: '/fixtures/kinesis.yaml',
    text: `Resources:
  Plain:
    Type: AWS::Kinesis::Stream
    Properties: { ShardCount: 1 }
  Encrypted:
    Type: AWS::Kinesis::Stream
    Properties: { ShardCount: 1, StreamEncryption: { EncryptionType: KMS, KeyId: alias/aws/kinesis } }
`,
    expected: { CKV_AWS_43: ['Plain'] },
  },
  {
    name: 'Load balancer listeners (Checkov ALBListenerHTTPS.py, ALBListenerTLS12.py, ALBDropHttpHeaders.py)',
    path: '/fixtures/alb.yaml',
    text: `Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [subnet-1, subnet-2] }
  SafeAlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-1, subnet-2]
      LoadBalancerAttributes: [{ Key: routing.http.drop_invalid_header_fields.enabled, Value: 'true' }]
  HttpForward:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: { LoadBalancerArn: !Ref Alb, Port: 80, Protocol: HTTP, DefaultActions: [{ Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1 }] }
  HttpRedirect:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: { LoadBalancerArn: !Ref Alb, Port: 80, Protocol: HTTP, DefaultActions: [{ Type: redirect, RedirectConfig: { Protocol: HTTPS, Port: '443', StatusCode: HTTP_301 } }] }
  OldTls:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: { LoadBalancerArn: !Ref Alb, Port: 443, Protocol: HTTPS, SslPolicy: ELBSecurityPolicy-2016-08, Certificates: [{ CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/1 }], DefaultActions: [{ Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1 }] }
  ModernTls:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties: { LoadBalancerArn: !Ref Alb, Port: 443, Protocol: HTTPS, SslPolicy: ELBSecurityPolicy-TLS-1-2-2017-01, Certificates: [{ CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/1 }], DefaultActions: [{ Type: forward, TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1 }] }
`,
    expected: {
      CKV_AWS_2: ['HttpForward'],
      CKV_AWS_103: ['HttpForward', 'OldTls'],
      CKV_AWS_131: ['Alb'],
    },
  },
  {
    name: 'Function URLs (Checkov LambdaFunctionURLAuth.py)',
    path: '/fixtures/url.yaml',
    text: `Transform: AWS::Serverless-2016-10-31
Resources:
  OpenUrl:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: arn:aws:lambda:eu-west-1:123456789012:function:f, AuthType: NONE }
  IamUrl:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: arn:aws:lambda:eu-west-1:123456789012:function:f, AuthType: AWS_IAM }
  SamUrl:
    Type: AWS::Serverless::Function
    Properties: { Handler: index.handler, Runtime: nodejs20.x, FunctionUrlConfig: { AuthType: NONE } }
`,
    // The SAM function's URL is ours to report; Checkov reads only AWS::Lambda::Url.
    expected: { CKV_AWS_258: ['OpenUrl'] },
  },
  {
    name: "Function URL CORS (Checkov CKV2_AWS_75's fixture LambdaOpenCorsPolicy/template.yaml)",
    path: '/fixtures/url-cors.yaml',
    text: `Resources:
  Everything:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: arn:aws:lambda:eu-west-1:123456789012:function:a, AuthType: AWS_IAM, Cors: { AllowOrigins: ['*'], AllowMethods: ['*'] } }
  OriginsOnly:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: arn:aws:lambda:eu-west-1:123456789012:function:b, AuthType: AWS_IAM, Cors: { AllowOrigins: ['*'], AllowMethods: [GET] } }
  WithCredentials:
    Type: AWS::Lambda::Url
    Properties: { TargetFunctionArn: arn:aws:lambda:eu-west-1:123456789012:function:c, AuthType: AWS_IAM, Cors: { AllowOrigins: ['*'], AllowMethods: ['*'], AllowCredentials: true } }
`,
    // Checkov's fixture (Everything) fails there; we report a wildcard origin only where ambient credentials could
    // authenticate, and an IAM-signed URL without AllowCredentials has none: silent, a deliberate difference (see the
    // rule's doc). With AllowCredentials we report it, and name the check where both lists hold '*'; Checkov passes
    // a wildcard origin with listed methods (OriginsOnly), which we leave silent too, as it has no credentials.
    // Sonar's S5122 is a rule of application code, with no CloudFormation counterpart: the claim was dropped.
    expected: { CKV2_AWS_75: ['WithCredentials'], S5122: [] },
  },
  {
    name: 'Log groups (Checkov CloudWatchLogGroupRetention.py, cfn_nag LogsLogGroupRetentionRule.rb)',
    path: '/fixtures/logs.yaml',
    text: `Resources:
  Forever:
    Type: AWS::Logs::LogGroup
    Properties: { LogGroupName: forever }
  Kept:
    Type: AWS::Logs::LogGroup
    Properties: { LogGroupName: kept, RetentionInDays: 30 }
`,
    expected: { CKV_AWS_66: ['Forever'], W86: ['Forever'] },
  },
  {
    name: 'Search domains (Checkov ElasticsearchEncryption.py, ElasticsearchNodeToNodeEncryption.py, ElasticsearchDomainEnforceHTTPS.py; cdk-nag OpenSearchEncryptedAtRest.ts, OpenSearchNodeToNodeEncryption.ts)',
    path: '/fixtures/search.yaml',
    text: `Conditions:
  IsDev: !Equals [!Ref 'AWS::StackName', dev]
Resources:
  BranchingFlag:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
      EncryptionAtRestOptions: { Enabled: !If [IsDev, false, true] }
      NodeToNodeEncryptionOptions: { Enabled: !If [IsDev, false, true] }
  BranchingOptions:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EngineVersion: OpenSearch_2.11
      EncryptionAtRestOptions: !If [IsDev, { Enabled: false }, { Enabled: true }]
      NodeToNodeEncryptionOptions: !If [IsDev, { Enabled: false }, { Enabled: true }]
  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties: { ElasticsearchVersion: '7.10' }
  Modern:
    Type: AWS::OpenSearchService::Domain
    Properties: { EngineVersion: OpenSearch_2.11 }
  Safe:
    Type: AWS::Elasticsearch::Domain
    Properties:
      ElasticsearchVersion: '7.10'
      EncryptionAtRestOptions: { Enabled: true }
      NodeToNodeEncryptionOptions: { Enabled: true }
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07 }
`,
    expected: {
      // Checkov's three checks read AWS::Elasticsearch::Domain only.
      CKV_AWS_5: ['Legacy'],
      CKV_AWS_6: ['Legacy'],
      CKV_AWS_83: ['Legacy'],
      // cdk-nag resolves the options map and reads its `enabled` with resolveIfPrimitive: an options map that is an
      // Fn::If has no `enabled` and fails; an Fn::If `Enabled` throws, no verdict.
      'AwsSolutions-OS8': ['BranchingOptions', 'Legacy', 'Modern'],
      'AwsSolutions-OS2': ['BranchingOptions', 'Legacy', 'Modern'],
    },
  },
  {
    name: 'cfn_nag encryption and exposure booleans (RDSDBInstanceStorageEncryptedRule.rb F27, RDSDBClusterStorageEncryptedRule.rb F26, NeptuneDBClusterStorageEncryptedRule.rb F30, RedshiftClusterEncryptedRule.rb F28, EFSFileSystemEncryptedRule.rb F32, ElastiCacheReplicationGroup*Rule.rb F25 F33, DAXClusterEncryptionRule.rb W83, ElasticsearchDomain*OptionsRule.rb W54 W85, RDSInstancePubliclyAccessibleRule.rb F22)',
    path: '/fixtures/cfn-nag-booleans.yaml',
    text: `Conditions:
  IsDev: !Equals [!Ref 'AWS::StackName', dev]
Resources:
  Instance:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: '20', StorageEncrypted: 'False', PubliclyAccessible: true }
  BranchingInstance:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: '20', StorageEncrypted: !If [IsDev, false, true], PubliclyAccessible: !If [IsDev, true, false] }
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties: { Engine: aurora-postgresql }
  Graph:
    Type: AWS::Neptune::DBCluster
    Properties: { StorageEncrypted: !If [IsDev, false, true] }
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties: { NodeType: ra3.xlplus, ClusterType: single-node, DBName: dev, MasterUsername: admin, Encrypted: false }
  Files:
    Type: AWS::EFS::FileSystem
    Properties: { Encrypted: !If [IsDev, false, true] }
  PlainFiles:
    Type: AWS::EFS::FileSystem
  Sessions:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: sessions, Engine: redis, AuthToken: '{{resolve:secretsmanager:redis}}' }
  Accelerator:
    Type: AWS::DAX::Cluster
    Properties: { IAMRoleARN: arn:aws:iam::123456789012:role/dax, NodeType: dax.t3.small, ReplicationFactor: 1, SSESpecification: { SSEEnabled: !If [IsDev, false, true] } }
  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties: { ElasticsearchVersion: '7.10', EncryptionAtRestOptions: !If [IsDev, { Enabled: false }, { Enabled: true }], NodeToNodeEncryptionOptions: { Enabled: !If [IsDev, false, true] } }
  Modern:
    Type: AWS::OpenSearchService::Domain
    Properties: { EngineVersion: OpenSearch_2.11 }
`,
    expected: {
      F27: ['Instance'],
      F26: ['Cluster'],
      F30: [],
      F28: ['Warehouse'],
      F32: ['PlainFiles'],
      F25: ['Sessions'],
      F33: ['Sessions'],
      // W83 wants the text `true`: an Fn::If fails it.
      W83: ['Accelerator'],
      // cdk-nag DAXEncrypted.ts: an Fn::If SSEEnabled throws in resolveIfPrimitive, no verdict.
      'AwsSolutions-DDB4': [],
      // W54 and W85 read AWS::Elasticsearch::Domain only; an options map that is an Fn::If has no `Enabled` (nil: fails), an Fn::If `Enabled` passes.
      W54: ['Legacy'],
      W85: [],
      F22: ['Instance'],
    },
  },
  {
    name: "IAM (Checkov BaseCloudsplainingIAMCheck.py with cloudsplaining 0.7; cfn_nag Iam*WildcardResource*Rule.rb, Iam*WildcardAction*Rule.rb; cdk-nag IAMNoWildcardPermissions.ts)",
    path: '/fixtures/iam.yaml',
    text: `Transform: AWS::Serverless-2016-10-31
Resources:
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: ${lambdaTrust}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement:
              - { Effect: Allow, Action: [secretsmanager:GetSecretValue, sts:AssumeRole, sqs:SendMessage], Resource: '*' }
  Manager:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: manage
      Roles: [worker]
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: [iam:PutRolePolicy, s3:PutBucketPolicy], Resource: '*' }
  Conditioned:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [s3:PutBucketPolicy, sqs:SendMessage]
            Resource: '*'
            Condition: { Bool: { 'aws:SecureTransport': 'true' } }
  Patterned:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: [s3:GetObject, s3:PutObject], Resource: 'arn:aws:s3:::*' }
  Queues:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: queues
      Roles: [worker]
      PolicyDocument:
        Statement:
          - { Effect: Allow, Action: 'sqs:*', Resource: '*' }
  SamFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      Policies:
        - Statement:
            - { Effect: Allow, Action: [secretsmanager:GetSecretValue, iam:PutRolePolicy, sqs:SendMessage, 'sqs:*'], Resource: '*' }
`,
    expected: {
      CKV_AWS_107: ['Reader'],
      CKV_AWS_108: ['Reader'],
      // Conditioned has a Condition, which cloudsplaining counts as a constraint for 109 and 111.
      CKV_AWS_109: ['Manager', 'Queues'],
      CKV_AWS_110: ['Manager'],
      // Manager's actions are all Permissions management (policy_sentry counts every IAM write as such): no Write.
      CKV_AWS_111: ['Queues', 'Reader'],
      // A literal '*' only, per resource type; the SAM function's Policies are dropped by cfn-model.
      W11: ['Reader'],
      W12: ['Manager'],
      W13: ['Conditioned'],
      F4: ['Queues'],
      F3: [],
      'AwsSolutions-IAM5': ['Conditioned', 'Manager', 'Patterned', 'Queues', 'Reader'],
    },
  },
  {
    name: 'serverless.yml (Checkov serverless AWSCredentials.py and StarActionPolicyDocument.py; no cloudsplaining, cfn_nag or cdk-nag check reads it)',
    path: '/fixtures/serverless.yml',
    text: `service: orders
provider:
  name: aws
  environment:
    AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE
  iam:
    role:
      statements:
        - { Effect: Allow, Action: '*', Resource: '*' }
        - { Effect: Allow, Action: [secretsmanager:GetSecretValue, iam:PutRolePolicy], Resource: '*' }
functions:
  list:
    handler: h.list
`,
    expected: {
      CKV_AWS_41: ['provider.environment'],
      CKV_AWS_45: [],
      CKV_AWS_49: ['provider.iam.role'],
      S6302: [],
      CKV_AWS_1: ['provider.iam.role'],
      CKV_AWS_107: [],
      CKV_AWS_108: [],
      CKV_AWS_109: [],
      CKV_AWS_110: [],
      CKV_AWS_111: [],
      W11: [],
      F3: [],
      'AwsSolutions-IAM5': [],
    },
  },
  {
    name: 'serverless.yml environments (Checkov AWSCredentials.py after context_parser.py enrich_function_with_provider: the provider environment merged into each function with dict.update)',
    path: '/fixtures/environments/serverless.yml',
    text: `service: orders
provider:
  name: aws
  environment:
    SIGNING_SECRET: Hk3pLm9QrT2vWx5yZa8bCd1eFg4hJk7mNp0qRs6t
    SHARED_TOKEN: plain-provider-value-not-a-key
functions:
  list:
    handler: h.list
    environment:
      PARTNER_SECRET: Zx9kQ2LmN4pR7sT1uV3wY5aB8cD0eF6gH2jK4mNo
      SHARED_TOKEN: Qw3eR5tY7uI9oP1aS2dF4gH6jK8lZ0xC3vB5nM7q
`,
    expected: {
      // The provider's value reaches every function; a function's own value is replaced by a provider value of the same name.
      CKV_AWS_41: ['functions.list', 'provider.environment'],
    },
  },
  {
    name: 'serverless.yml without functions: CKV_AWS_41 runs once per function, so never here',
    path: '/fixtures/no-functions/serverless.yml',
    text: `service: orders
provider:
  name: aws
  environment:
    AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE
    SIGNING_SECRET: 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
`,
    expected: { CKV_AWS_41: [] },
  },
  {
    name: 'Lambda functions (Checkov LambdaFunctionLevelConcurrentExecutionLimit.py, Terraform LambdaXrayEnabled.py; cdk-nag LambdaTracing.ts)',
    path: '/fixtures/functions.yaml',
    text: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Plain:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }
  PassThrough:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x }, TracingConfig: { Mode: PassThrough }, ReservedConcurrentExecutions: 5 }
  Traced:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x }, TracingConfig: { Mode: Active }, ReservedConcurrentExecutions: !If [IsProd, 5, !Ref 'AWS::NoValue'] }
  Sam:
    Type: AWS::Serverless::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, InlineCode: x, Tracing: PassThrough }
`,
    expected: {
      // Any written ReservedConcurrentExecutions passes Checkov, an Fn::If included.
      CKV_AWS_115: ['Plain', 'Sam'],
      // Terraform's check passes PassThrough; read on the same CloudFormation resource, never on SAM.
      CKV_AWS_50: ['Plain'],
      'Serverless-LambdaTracing': ['PassThrough', 'Plain'],
    },
  },
  {
    name: 'serverless.yml functions and APIs (Checkov serverless/runner.py runs CloudFormation checks on resources.Resources only)',
    path: '/fixtures/functions/serverless.yml',
    text: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
    events:
      - http: { path: orders, method: get }
      - httpApi: { path: /orders, method: get }
resources:
  Resources:
    Raw:
      Type: AWS::Lambda::Function
      Properties: { Handler: i.h, Runtime: nodejs20.x, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }
`,
    expected: {
      CKV_AWS_115: ['Raw'],
      CKV_AWS_50: ['Raw'],
      'Serverless-LambdaTracing': ['Raw'],
      CKV_AWS_73: [],
      CKV_AWS_76: [],
      CKV_AWS_95: [],
    },
  },
  {
    name: 'API stages (Checkov APIGatewayAccessLogging.py, APIGatewayV2AccessLogging.py, APIGatewayXray.py; cfn_nag ApiGatewayStageAccessLoggingRule.rb, ApiGatewayAccessLoggingRule.rb, ApiGatewayV2AccessLoggingRule.rb; cdk-nag APIGWAccessLogging.ts, APIGWXrayEnabled.ts)',
    path: '/fixtures/stages.yaml',
    text: `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  RestStage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, StageName: prod, DeploymentId: !Ref Deploy }
  MaybeLogged:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Rest
      StageName: beta
      TracingEnabled: !If [IsProd, true, false]
      AccessLogSetting: !If [IsProd, { DestinationArn: arn:aws:logs:eu-west-1:123456789012:log-group:a, Format: x }, !Ref 'AWS::NoValue']
  Deploy:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Rest, StageName: dev }
  LoneDeploy:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Rest, StageName: test }
  Http:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: orders-http, ProtocolType: HTTP }
  HttpStage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Http, StageName: prod }
  SamApi:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod }
  SamHttp:
    Type: AWS::Serverless::HttpApi
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: x
      Events:
        Get: { Type: Api, Properties: { Path: /items, Method: get } }
`,
    expected: {
      // The implicit SAM API (ServerlessRestApi) is no resource any of them reads.
      CKV_AWS_76: ['RestStage', 'SamApi'],
      CKV_AWS_95: ['HttpStage', 'SamHttp'],
      W69: ['RestStage'],
      // Deploy has no StageDescription and RestStage names it by DeploymentId: W45 passes it.
      W45: ['LoneDeploy'],
      W46: ['HttpStage'],
      'AwsSolutions-APIG1': ['HttpStage', 'MaybeLogged', 'RestStage'],
      CKV_AWS_73: ['RestStage', 'SamApi'],
      'Serverless-APIGWXrayEnabled': ['MaybeLogged', 'RestStage'],
    },
  },
  {
    name: 'Deprecated runtimes (Checkov DeprecatedLambdaRuntime.py; cdk-nag LambdaLatestVersion.ts)',
    path: '/fixtures/runtimes.yaml',
    text: `Transform: AWS::Serverless-2016-10-31
Parameters:
  OldRuntime: { Type: String, Default: nodejs12.x }
Globals:
  Function:
    Runtime: python3.7
Resources:
  OldLambda:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs14.x, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }
  GoLambda:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: go1.x, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }
  Node18Lambda:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs18.x, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }
  ParamLambda:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: !Ref OldRuntime, Role: arn:aws:iam::123456789012:role/r, Code: { ZipFile: x } }
  SamOld:
    Type: AWS::Serverless::Function
    Properties: { Handler: i.h, Runtime: python3.8, InlineCode: x }
  SamInherits:
    Type: AWS::Serverless::Function
    Properties: { Handler: i.h, InlineCode: x }
`,
    expected: {
      // Checkov resolves parameter defaults and applies Globals; nodejs18.x is still commented out of its list.
      CKV_AWS_363: ['Globals.Function', 'GoLambda', 'OldLambda', 'ParamLambda', 'SamOld'],
      // Lambda's own functions, literal runtimes, not the newest of their family (go1.x is).
      'AwsSolutions-L1': ['Node18Lambda', 'OldLambda'],
    },
  },
  {
    name: 'serverless.yml runtimes (no CloudFormation check reads functions or provider)',
    path: '/fixtures/runtimes/serverless.yml',
    text: `service: orders
provider:
  name: aws
  runtime: nodejs14.x
functions:
  list:
    handler: h.list
  legacy:
    handler: h.legacy
    runtime: python3.7
`,
    expected: { CKV_AWS_363: [], 'AwsSolutions-L1': [] },
  },
  {
    name: 'Customer managed keys and SQS encryption (Checkov SQSQueueEncryption.py, DynamoDBTablesEncrypted.py, SecretManagerSecretEncrypted.py, CloudWatchLogGroupKMSKey.py, TimestreamDatabaseKMSKey.py)',
    path: '/fixtures/keys.yaml',
    text: `Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties: { EnableKeyRotation: true, KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }, Action: 'kms:*', Resource: '*' }] } }
  PlainQueue:
    Type: AWS::SQS::Queue
  SseSqsQueue:
    Type: AWS::SQS::Queue
    Properties: { SqsManagedSseEnabled: true }
  AwsKeyQueue:
    Type: AWS::SQS::Queue
    Properties: { KmsMasterKeyId: alias/aws/sqs }
  MaybeKeyQueue:
    Type: AWS::SQS::Queue
    Properties: { KmsMasterKeyId: !If [IsProd, !Ref Key, !Ref 'AWS::NoValue'] }
  OffQueue:
    Type: AWS::SQS::Queue
    Properties: { SqsManagedSseEnabled: false }
  MaybeOffQueue:
    Type: AWS::SQS::Queue
    Properties: { SqsManagedSseEnabled: !If [IsProd, true, false] }
  PlainTable:
    Type: AWS::DynamoDB::Table
    Properties: { AttributeDefinitions: [{ AttributeName: id, AttributeType: S }], KeySchema: [{ AttributeName: id, KeyType: HASH }], BillingMode: PAY_PER_REQUEST }
  EmptyKeyTable:
    Type: AWS::DynamoDB::Table
    Properties: { AttributeDefinitions: [{ AttributeName: id, AttributeType: S }], KeySchema: [{ AttributeName: id, KeyType: HASH }], BillingMode: PAY_PER_REQUEST, SSESpecification: { SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: '' } }
  PlainSecret:
    Type: AWS::SecretsManager::Secret
  AwsKeySecret:
    Type: AWS::SecretsManager::Secret
    Properties: { KmsKeyId: alias/aws/secretsmanager }
  KeyedSecret:
    Type: AWS::SecretsManager::Secret
    Properties: { KmsKeyId: !Ref Key }
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: { RetentionInDays: 30 }
  Db:
    Type: AWS::Timestream::Database
`,
    expected: {
      // SqsManagedSseEnabled: true passes the newest CKV_AWS_27; a named alias/aws/sqs passes any version.
      // OffQueue is sqs-queue-encryption-disabled's finding; MaybeOffQueue is off only under a condition.
      CKV_AWS_27: ['OffQueue', 'PlainQueue'],
      // Any written KMSMasterKeyId passes, an empty one included.
      CKV_AWS_119: ['PlainTable'],
      // Any aws/ alias fails; an intrinsic key passes.
      CKV_AWS_149: ['AwsKeySecret', 'PlainSecret'],
      CKV_AWS_158: ['Logs'],
      CKV_AWS_160: ['Db'],
    },
  },
  {
    name: 'SNS topics (Checkov SNSTopicEncryption.py, cfn_nag SnsTopicKmsMasterKeyIdRule.rb, cdk-nag SNSEncryptedKMS.ts, Sonar DisabledSNSTopicEncryptionCheck.java)',
    path: '/fixtures/sns.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Plain:
    Type: AWS::SNS::Topic
  Empty:
    Type: AWS::SNS::Topic
    Properties: { KmsMasterKeyId: '' }
  Maybe:
    Type: AWS::SNS::Topic
    Properties: { KmsMasterKeyId: !If [IsProd, alias/aws/sns, !Ref 'AWS::NoValue'] }
  Keyed:
    Type: AWS::SNS::Topic
    Properties: { KmsMasterKeyId: alias/aws/sns }
`,
    expected: { CKV_AWS_26: ['Plain'], 'AwsSolutions-SNS2': ['Plain'], W47: ['Plain'], S6327: ['Plain'] },
  },
  {
    name: 'serverless.yml topics (only Checkov reads resources.Resources; no tool reads event topics)',
    path: '/fixtures/sns/serverless.yml',
    text: `service: orders
provider:
  name: aws
functions:
  notify:
    handler: h.notify
    events:
      - sns: orders-created
resources:
  Resources:
    Raw:
      Type: AWS::SNS::Topic
`,
    expected: { CKV_AWS_26: ['Raw'], 'AwsSolutions-SNS2': [], W47: [], S6327: [] },
  },
  {
    name: 'Secret rotation (cdk-nag SecretsManagerRotationEnabled.ts; Checkov CKV2_AWS_57 is a Terraform graph check)',
    path: '/fixtures/secrets.yaml',
    text: `Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Never:
    Type: AWS::SecretsManager::Secret
  Sometimes:
    Type: AWS::SecretsManager::Secret
  Always:
    Type: AWS::SecretsManager::Secret
  SometimesSchedule:
    Type: AWS::SecretsManager::RotationSchedule
    Condition: IsProd
    Properties: { SecretId: !Ref Sometimes, RotationLambdaARN: arn:aws:lambda:eu-west-1:123456789012:function:rotate, RotationRules: { AutomaticallyAfterDays: 30 } }
  AlwaysSchedule:
    Type: AWS::SecretsManager::RotationSchedule
    Properties: { SecretId: !Ref Always, RotationLambdaARN: arn:aws:lambda:eu-west-1:123456789012:function:rotate, RotationRules: { AutomaticallyAfterDays: 30 } }
`,
    expected: {
      // cdk-nag reads no condition: SometimesSchedule rotates Sometimes there.
      'AwsSolutions-SMG4': ['Never'],
      CKV2_AWS_57: ['Never'],
      // Security Hub judges the deployed secret: unrotated whenever IsProd is false.
      'SecretsManager.1': ['Never', 'Sometimes'],
    },
  },
  {
    name: 'Cognito (Checkov CognitoUnauthenticatedIdentities.py; cfn_nag CognitoIdentityPoolAllowUnauthenticatedIdentitiesRule.rb; cdk-nag CognitoUserPoolMFA.ts, CognitoUserPoolNoUnauthenticatedLogins.ts; KICS cognito_userpool_without_mfa)',
    path: '/fixtures/cognito.yaml',
    text: `Parameters:
  Guests: { Type: String, Default: 'true' }
  Mfa: { Type: String, Default: 'OFF' }
Resources:
  NoMfa:
    Type: AWS::Cognito::UserPool
  OffMfa:
    Type: AWS::Cognito::UserPool
    Properties: { MfaConfiguration: 'OFF' }
  LowerOffMfa:
    Type: AWS::Cognito::UserPool
    Properties: { MfaConfiguration: 'off' }
  ParamMfa:
    Type: AWS::Cognito::UserPool
    Properties: { MfaConfiguration: !Ref Mfa }
  OptionalMfa:
    Type: AWS::Cognito::UserPool
    Properties: { MfaConfiguration: OPTIONAL, EnabledMfas: [SOFTWARE_TOKEN_MFA] }
  OpenPool:
    Type: AWS::Cognito::IdentityPool
    Properties: { AllowUnauthenticatedIdentities: true }
  ParamPool:
    Type: AWS::Cognito::IdentityPool
    Properties: { AllowUnauthenticatedIdentities: !Ref Guests }
  ClosedPool:
    Type: AWS::Cognito::IdentityPool
    Properties: { AllowUnauthenticatedIdentities: false }
`,
    expected: {
      // OPTIONAL fails cdk-nag but is not our finding; a parameter is judged by neither.
      'AwsSolutions-COG2': ['LowerOffMfa', 'NoMfa', 'OffMfa'],
      'KICS:74a18d1a-cf02-4a31-8791-ed0967ad7fdc': ['NoMfa', 'OffMfa'],
      CKV_AWS_366: ['OpenPool', 'ParamPool'],
      W57: ['OpenPool'],
      'AwsSolutions-COG7': ['OpenPool'],
    },
  },
  {
    name: 'Bucket ACLs (Checkov S3PublicACLRead.py, S3PublicACLWrite.py; cfn_nag S3BucketPublicReadAclRule.rb, S3BucketPublicReadWriteAclRule.rb; Sonar BucketsAccessCheck.java)',
    path: '/fixtures/acl.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Acl: { Type: String, Default: PublicRead }
Conditions:
  IsPublic: !Equals [!Ref 'AWS::StackName', public]
Resources:
  ReadWrite:
    Type: AWS::S3::Bucket
    Properties: { AccessControl: PublicReadWrite }
  Read:
    Type: AWS::S3::Bucket
    Properties: { AccessControl: PublicRead }
  Authenticated:
    Type: AWS::S3::Bucket
    Properties: { AccessControl: AuthenticatedRead }
  FromParameter:
    Type: AWS::S3::Bucket
    Properties: { AccessControl: !Ref Acl }
  Sometimes:
    Type: AWS::S3::Bucket
    Properties: { AccessControl: !If [IsPublic, PublicRead, Private] }
`,
    expected: {
      CKV_AWS_20: ['FromParameter', 'Read', 'ReadWrite'],
      CKV_AWS_57: ['ReadWrite'],
      F14: ['ReadWrite'],
      W31: ['Read'],
      S6265: ['Authenticated', 'Read', 'ReadWrite'],
    },
  },
  {
    name: 'Sonar S6302 (PrivilegePolicyCheck.java, PolicyUtils.java): a literal Action * in a Statement list under a key containing "policy", in a template',
    path: '/fixtures/s6302.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  Everything: { Type: String, Default: '*' }
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: ${lambdaTrust}
      Policies:
        - PolicyName: all
          PolicyDocument: { Statement: [{ Effect: Allow, Action: '*', Resource: 'arn:aws:s3:::bucket/*' }] }
  ParamPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: { Statement: [{ Effect: Allow, Action: !Ref Everything, Resource: 'arn:aws:s3:::bucket/*' }] }
  ListFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: x
      Policies:
        - Statement: [{ Effect: Allow, Action: '*', Resource: 'arn:aws:s3:::bucket/*' }]
  MapFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: x
      Policies:
        Statement: [{ Effect: Allow, Action: '*', Resource: 'arn:aws:s3:::bucket/*' }]
`,
    // 'Policies' does not contain 'policy': Sonar reads no SAM function's Policies, list or map; a parameter is not the text '*'.
    expected: { S6302: ['Role'] },
  },
  {
    name: 'Request validation (cdk-nag APIGWRequestValidation.ts)',
    path: '/fixtures/validation.yaml',
    text: `Transform: AWS::Serverless-2016-10-31
Resources:
  Bare:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: bare }
  BarePost:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Bare, ResourceId: !GetAtt Bare.RootResourceId, HttpMethod: POST, AuthorizationType: AWS_IAM, Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' } }
  Checked:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: checked }
  Validator:
    Type: AWS::ApiGateway::RequestValidator
    Properties: { RestApiId: !Ref Checked, ValidateRequestBody: true }
  UnvalidatedPost:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Checked, ResourceId: !GetAtt Checked.RootResourceId, HttpMethod: POST, AuthorizationType: AWS_IAM, Integration: { Type: AWS_PROXY, IntegrationHttpMethod: POST, Uri: !Sub 'arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' } }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      InlineCode: x
      Events:
        Post: { Type: Api, Properties: { Path: /items, Method: post } }
`,
    // Checked has a validator (unused by UnvalidatedPost): cdk-nag passes the API. SAM's API is no CfnRestApi.
    expected: { 'AwsSolutions-APIG2': ['BarePost'] },
  },
  {
    name: 'AWS managed policies (cdk-nag IAMNoManagedPolicies.ts; cfn_nag IamRoleElevatedManagedPolicyRule.rb; Checkov Terraform IAMManagedAdminPolicy.py)',
    path: '/fixtures/managed.yaml',
    text: `Transform: AWS::Serverless-2016-10-31
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties: { AssumeRolePolicyDocument: ${lambdaTrust}, ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess] }
  SubAdminRole:
    Type: AWS::IAM::Role
    Properties: { AssumeRolePolicyDocument: ${lambdaTrust}, ManagedPolicyArns: [!Sub 'arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess'] }
  PowerUser:
    Type: AWS::IAM::User
    Properties: { ManagedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess] }
  S3Role:
    Type: AWS::IAM::Role
    Properties: { AssumeRolePolicyDocument: ${lambdaTrust}, ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonS3FullAccess] }
  SamFn:
    Type: AWS::Serverless::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, InlineCode: x, Policies: [AdministratorAccess, AmazonDynamoDBFullAccess] }
`,
    expected: {
      'AwsSolutions-IAM4': ['AdminRole', 'PowerUser', 'S3Role', 'SubAdminRole'],
      // A role, a written arn:aws: ARN; not a user, not a !Sub.
      W43: ['AdminRole'],
      CKV_AWS_274: ['AdminRole'],
    },
  },
  {
    name: 'Lambda permissions (Checkov LambdaServicePermission.py; cfn_nag LambdaPermissionWildcardPrincipalRule.rb)',
    path: '/fixtures/permissions.yaml',
    text: `Parameters:
  Caller: { Type: String, Default: '*' }
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  FromS3:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: f, Action: lambda:InvokeFunction, Principal: s3.amazonaws.com }
  FromLogs:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: f, Action: lambda:InvokeFunction, Principal: logs.eu-west-1.amazonaws.com }
  SometimesScoped:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: f, Action: lambda:InvokeFunction, Principal: sns.amazonaws.com, SourceArn: !If [IsProd, arn:aws:sns:eu-west-1:123456789012:t, !Ref 'AWS::NoValue'] }
  Scoped:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: f, Action: lambda:InvokeFunction, Principal: s3.amazonaws.com, SourceAccount: !Ref 'AWS::AccountId' }
  Anyone:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: f, Action: lambda:InvokeFunction, Principal: '*' }
  AnyoneByParameter:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: f, Action: lambda:InvokeFunction, Principal: !Ref Caller }
`,
    expected: {
      // Regional principals get no verdict; a source missing only under a condition is a truthy Fn::If there.
      CKV_AWS_364: ['FromS3'],
      // A written string holding '*'; a parameter is no string to cfn-model.
      F13: ['Anyone'],
    },
  },
  {
    name: 'HTTPS-only policies (cdk-nag S3BucketSSLRequestsOnly.ts, SNSTopicSSLPublishOnly.ts, SQSQueueSSLRequestsOnly.ts)',
    path: '/fixtures/secure-transport.yaml',
    text: `Resources:
  Bucket:
    Type: AWS::S3::Bucket
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties: { Bucket: !Ref Bucket, PolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: cloudfront.amazonaws.com }, Action: s3:GetObject, Resource: !Sub '\${Bucket.Arn}/*' }] } }
  ElsewherePolicy:
    Type: AWS::S3::BucketPolicy
    Properties: { Bucket: other-bucket, PolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: cloudfront.amazonaws.com }, Action: s3:GetObject, Resource: 'arn:aws:s3:::other-bucket/*' }] } }
  Topic:
    Type: AWS::SNS::Topic
  KeyedTopic:
    Type: AWS::SNS::Topic
    Properties: { KmsMasterKeyId: alias/aws/sns }
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties: { Topics: [!Ref Topic], PolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: events.amazonaws.com }, Action: sns:Publish, Resource: !Ref Topic }] } }
  KeyedTopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties: { Topics: [!Ref KeyedTopic], PolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: events.amazonaws.com }, Action: sns:Publish, Resource: !Ref KeyedTopic }] } }
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties: { Queues: [!Ref Queue], PolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: sns.amazonaws.com }, Action: sqs:SendMessage, Resource: !GetAtt Queue.Arn }] } }
  SecureQueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties: { Queues: [!Ref Queue], PolicyDocument: { Statement: [{ Effect: Deny, Principal: '*', Action: 'sqs:*', Resource: !GetAtt Queue.Arn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } }
  LoneQueue:
    Type: AWS::SQS::Queue
  LoneQueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties: { Queues: [!Ref LoneQueue], PolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: sns.amazonaws.com }, Action: sqs:SendMessage, Resource: !GetAtt LoneQueue.Arn }] } }
`,
    expected: {
      // cdk-nag judges the bucket; a bucket named by a literal is not one of the template's.
      'AwsSolutions-S10': ['BucketPolicy'],
      'S3.5': ['BucketPolicy', 'ElsewherePolicy'],
      // A topic with a key passes SNS3 whatever its policy says.
      'AwsSolutions-SNS3': ['TopicPolicy'],
      // SecureQueuePolicy protects Queue, so cdk-nag passes it; nothing protects LoneQueue.
      'AwsSolutions-SQS4': ['LoneQueuePolicy'],
    },
  },
  {
    name: 'Resource logging (Checkov ELBv2AccessLogs.py, CloudfrontDistributionLogging.py, MSKClusterLogging.py, DocDBLogging.py, RedshiftClusterLogging.py; cdk-nag ELBLoggingEnabled.ts, CloudFrontDistributionAccessLogging.ts, MSKBrokerLogging.ts, DocumentDBClusterLogExports.ts, RedshiftClusterAuditLogging.ts)',
    path: '/fixtures/logging.yaml',
    text: `Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [subnet-1, subnet-2] }
  MaybeLoggedAlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-1, subnet-2]
      LoadBalancerAttributes: !If [IsProd, [{ Key: access_logs.s3.enabled, Value: 'true' }, { Key: access_logs.s3.bucket, Value: logs }], !Ref 'AWS::NoValue']
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: o, ViewerProtocolPolicy: https-only }, Origins: [{ Id: o, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }] } }
  BucketlessCdn:
    Type: AWS::CloudFront::Distribution
    Properties: { DistributionConfig: { Enabled: true, Logging: { IncludeCookies: false }, DefaultCacheBehavior: { TargetOriginId: o, ViewerProtocolPolicy: https-only }, Origins: [{ Id: o, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }] } }
  Kafka:
    Type: AWS::MSK::Cluster
    Properties: { ClusterName: k, KafkaVersion: 3.5.1, NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: { InstanceType: kafka.t3.small, ClientSubnets: [subnet-1, subnet-2] } }
  QuotedKafka:
    Type: AWS::MSK::Cluster
    Properties: { ClusterName: q, KafkaVersion: 3.5.1, NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: { InstanceType: kafka.t3.small, ClientSubnets: [subnet-1, subnet-2] }, LoggingInfo: { BrokerLogs: { CloudWatchLogs: { Enabled: 'false' } } } }
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties: { MasterUsername: admin, MasterUserPassword: '{{resolve:secretsmanager:db}}' }
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties: { NodeType: dc2.large, DBName: db, MasterUsername: admin, MasterUserPassword: '{{resolve:secretsmanager:wh}}', ClusterType: single-node, LoggingProperties: { S3KeyPrefix: audit/ } }
  BareWarehouse:
    Type: AWS::Redshift::Cluster
    Properties: { NodeType: dc2.large, DBName: db, MasterUsername: admin, MasterUserPassword: '{{resolve:secretsmanager:wh}}', ClusterType: single-node }
`,
    expected: {
      CKV_AWS_91: ['Alb'],
      'AwsSolutions-ELB2': ['Alb'],
      CKV_AWS_86: ['BucketlessCdn', 'Cdn'],
      // A Logging map without Bucket passes cdk-nag.
      'AwsSolutions-CFR3': ['Cdn'],
      CKV_AWS_80: ['Kafka', 'QuotedKafka'],
      // A quoted 'false' is a truthy primitive to cdk-nag.
      'AwsSolutions-MSK6': ['Kafka'],
      CKV_AWS_85: ['Docs'],
      'AwsSolutions-DOC5': ['Docs'],
      // LoggingProperties without BucketName fails Checkov; cdk-nag asks only that LoggingProperties exist.
      CKV_AWS_71: ['BareWarehouse', 'Warehouse'],
      'AwsSolutions-RS5': ['BareWarehouse'],
    },
  },
  {
    name: 'Dropped claims: an unused authorizer is no method or route (cdk-nag APIGWAuthorization.ts)',
    path: '/fixtures/authorizer.yaml',
    text: `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  Unused:
    Type: AWS::ApiGateway::Authorizer
    Properties: { RestApiId: !Ref Api, Name: jwt, Type: COGNITO_USER_POOLS, IdentitySource: method.request.header.Authorization, ProviderARNs: [arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc] }
  Open:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: NONE, Integration: { Type: MOCK } }
`,
    // APIG4 fails the open method (route-missing-auth's finding), never the authorizer.
    expected: { 'AwsSolutions-APIG4': ['Open'] },
  },
  {
    name: 'Usage plans (KICS api_gateway_stage_without_api_gateway_usage_plan_associated)',
    path: '/fixtures/usage-plans.yaml',
    text: `Resources:
  Staged:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: staged }
  StagedDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Staged }
  StagedStage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Staged, DeploymentId: !Ref StagedDeployment, StageName: prod }
  DeployedOnly:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: deployed }
  DeployedOnlyDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref DeployedOnly, StageName: prod }
  Planned:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: planned }
  PlannedDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Planned }
  PlannedStage:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Planned, DeploymentId: !Ref PlannedDeployment, StageName: prod }
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties: { ApiStages: [{ ApiId: !Ref Planned, Stage: prod }] }
`,
    // KICS reads Stage resources only, and passes a stage a plan names even without Throttle (Plan has none: ours all the same).
    expected: { 'KICS:7f8f1b60-43df-4c28-aa21-fb836dbd8071': ['Staged'] },
  },
  {
    name: 'Lambda environment secrets (Checkov LambdaEnvironmentCredentials.py with checkov/common/util/secrets.py)',
    path: '/fixtures/environment.yaml',
    text: `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Environment:
      Variables:
        SHARED_SECRET: q8Rz3mT1vB7xKp2Lw9YdN4cF6hJs0GuE5aZiOtWr
Resources:
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Handler: i.h
      Runtime: nodejs20.x
      Role: arn:aws:iam::123456789012:role/r
      Code: { ZipFile: x }
      Environment: { Variables: { API_TOKEN: q8Rz3mT1vB7xKp2Lw9YdN4cF6hJs0GuE5aZiOtWr, DB_PASSWORD: S3cure-Passw0rd-2024! } }
  Inherits:
    Type: AWS::Serverless::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, InlineCode: x }
`,
    // A secret known only by its name passes Checkov's value regexes; Inherits takes the Globals environment.
    expected: { CKV_AWS_45: ['Globals.Function', 'Plain'] },
  },
  {
    name: "serverless.yml resources: only Checkov reads them (cfn_nag, cdk-nag, Sonar and KICS's CloudFormation queries do not)",
    path: '/fixtures/raw/serverless.yml',
    text: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
resources:
  Resources:
    Api:
      Type: AWS::ApiGateway::RestApi
      Properties: { Name: orders }
    OpenMethod:
      Type: AWS::ApiGateway::Method
      Properties: { RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: NONE, Integration: { Type: MOCK } }
    Deployment:
      Type: AWS::ApiGateway::Deployment
      Properties: { RestApiId: !Ref Api }
    Stage:
      Type: AWS::ApiGateway::Stage
      Properties: { RestApiId: !Ref Api, DeploymentId: !Ref Deployment, StageName: prod }
`,
    expected: {
      CKV_AWS_59: ['OpenMethod'],
      W59: [],
      'AwsSolutions-APIG4': [],
      S6333: [],
      'KICS:1056dfbb-5802-4762-bf2b-8b9b9684b1b0': [],
      CKV_AWS_76: ['Stage'],
      CKV_AWS_73: ['Stage'],
      W69: [],
      'AwsSolutions-APIG1': [],
      'Serverless-APIGWXrayEnabled': [],
      'KICS:4ab10c48-bedb-4deb-8f3b-ff12783b61de': [],
    },
  },
  {
    name: 'KICS CloudFormation X-Ray queries (api_gateway_xray_disabled, lambda_functions_without_x-ray_tracing)',
    path: '/fixtures/kics-xray.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Rest, StageName: dev }
  Untraced:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, DeploymentId: !Ref Deployment, StageName: a }
  TracingOff:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, DeploymentId: !Ref Deployment, StageName: b, TracingEnabled: 'false' }
  MaybeTraced:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, DeploymentId: !Ref Deployment, StageName: c, TracingEnabled: !If [IsProd, true, false] }
  Traced:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, DeploymentId: !Ref Deployment, StageName: d, TracingEnabled: true }
  NoConfig:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, Role: r, Code: { ZipFile: x } }
  PassThrough:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, Role: r, Code: { ZipFile: x }, TracingConfig: { Mode: PassThrough } }
  NoMode:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, Role: r, Code: { ZipFile: x }, TracingConfig: {} }
  Active:
    Type: AWS::Lambda::Function
    Properties: { Handler: i.h, Runtime: nodejs20.x, Role: r, Code: { ZipFile: x }, TracingConfig: { Mode: Active } }
`,
    // KICS passes any intrinsic (MaybeTraced), a TracingConfig without Mode (NoMode), and reads no Deployment's stage.
    expected: {
      'KICS:4ab10c48-bedb-4deb-8f3b-ff12783b61de': ['TracingOff', 'Untraced'],
      'KICS:9488c451-074e-4cd3-aee3-7db6104f542c': ['NoConfig', 'PassThrough'],
    },
  },
  {
    name: 'KICS Serverless queries with provider settings written (serverless_api_xray_tracing_disabled, serverless_function_without_x-ray_tracing, serverless_api_access_logging_setting_undefined)',
    path: '/fixtures/kics-written/serverless.yml',
    text: `service: orders
provider:
  name: aws
  tracing:
    lambda: true
  logs:
    restApi:
      accessLogging: false
functions:
  list:
    handler: h.list
    events:
      - http: { path: orders, method: get }
  get:
    handler: h.get
    tracing: PassThrough
  put:
    handler: h.put
    tracing: Active
`,
    // KICS's function query ignores provider.tracing.lambda and fails list too, which we do not report.
    expected: {
      'KICS:434945e5-4dfd-41b1-aba1-47075ccd9265': ['provider.tracing.apiGateway'],
      'KICS:0d7ef70f-e176-44e6-bdba-add3e429788d': ['functions.get'],
      'KICS:a4d32883-aac7-42e1-b403-9415af0f3846': ['provider.logs.restApi'],
    },
  },
  {
    name: 'KICS Serverless queries with provider settings absent: the API queries read nothing',
    path: '/fixtures/kics-absent/serverless.yml',
    text: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
    events:
      - http: { path: orders, method: get }
  get:
    handler: h.get
`,
    expected: {
      'KICS:434945e5-4dfd-41b1-aba1-47075ccd9265': [],
      'KICS:0d7ef70f-e176-44e6-bdba-add3e429788d': ['provider.tracing.lambda'],
      'KICS:a4d32883-aac7-42e1-b403-9415af0f3846': [],
    },
  },
  {
    name: 'KMS rotation and EFS encryption (Checkov KMSRotation.py, EFSEncryptionEnabled.py; cfn_nag KMSKeyRotationRule.rb; cdk-nag KMSBackingKeyRotationEnabled.ts, EFSEncrypted.ts)',
    path: '/fixtures/kms-efs.yaml',
    text: `Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Unrotated:
    Type: AWS::KMS::Key
    Properties: { KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }, Action: 'kms:*', Resource: '*' }] } }
  MaybeRotated:
    Type: AWS::KMS::Key
    Properties: { EnableKeyRotation: !If [IsProd, true, false], KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: !Sub 'arn:aws:iam::\${AWS::AccountId}:root' }, Action: 'kms:*', Resource: '*' }] } }
  PlainFiles:
    Type: AWS::EFS::FileSystem
  OffFiles:
    Type: AWS::EFS::FileSystem
    Properties: { Encrypted: false }
`,
    expected: {
      CKV_AWS_7: ['MaybeRotated', 'Unrotated'],
      F19: ['MaybeRotated', 'Unrotated'],
      // An Fn::If is no primitive to cdk-nag.
      'AwsSolutions-KMS5': ['Unrotated'],
      CKV_AWS_42: ['OffFiles', 'PlainFiles'],
      // EFS1 passes an absent Encrypted.
      'AwsSolutions-EFS1': ['OffFiles'],
    },
  },
  {
    name: 'CloudFront viewer TLS (Checkov CloudFrontTLS12.py; cfn_nag CloudfrontMinimumProtocolVersionRule.rb; cdk-nag CloudFrontDistributionHttpsViewerNoOutdatedSSL.ts)',
    path: '/fixtures/cloudfront-tls.yaml',
    text: `Resources:
  DefaultCert:
    Type: AWS::CloudFront::Distribution
    Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: o, ViewerProtocolPolicy: https-only }, Origins: [{ Id: o, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }], ViewerCertificate: { CloudFrontDefaultCertificate: true } } }
  OldPolicy:
    Type: AWS::CloudFront::Distribution
    Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: o, ViewerProtocolPolicy: https-only }, Origins: [{ Id: o, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }], Aliases: [a.example.com], ViewerCertificate: { AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1, SslSupportMethod: sni-only, MinimumProtocolVersion: TLSv1 } } }
  Tls11:
    Type: AWS::CloudFront::Distribution
    Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: o, ViewerProtocolPolicy: https-only }, Origins: [{ Id: o, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }], Aliases: [b.example.com], ViewerCertificate: { AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1, SslSupportMethod: sni-only, MinimumProtocolVersion: TLSv1.1_2016 } } }
  Modern:
    Type: AWS::CloudFront::Distribution
    Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: o, ViewerProtocolPolicy: https-only }, Origins: [{ Id: o, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }], Aliases: [c.example.com], ViewerCertificate: { AcmCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/1, SslSupportMethod: sni-only, MinimumProtocolVersion: TLSv1.2_2021 } } }
`,
    expected: {
      CKV_AWS_174: ['DefaultCert', 'OldPolicy', 'Tls11'],
      W70: ['DefaultCert', 'OldPolicy', 'Tls11'],
      // cdk-nag asks for TLS 1.1 at least: it passes TLSv1.1_2016.
      'AwsSolutions-CFR4': ['DefaultCert', 'OldPolicy'],
    },
  },
  {
    name: 'Data tracing (cfn_nag ApiGatewayStageDataTraceEnabledRule.rb)',
    path: '/fixtures/data-trace.yaml',
    text: `Transform: AWS::Serverless-2016-10-31
Resources:
  Rest:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  Traced:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Rest, DeploymentId: d, StageName: prod, MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', DataTraceEnabled: true, LoggingLevel: INFO }] }
  TracedDeployment:
    Type: AWS::ApiGateway::Deployment
    Properties: { RestApiId: !Ref Rest, StageName: dev, StageDescription: { DataTraceEnabled: true } }
  SamApi:
    Type: AWS::Serverless::Api
    Properties: { StageName: prod, MethodSettings: [{ ResourcePath: '/*', HttpMethod: '*', DataTraceEnabled: true }] }
`,
    expected: { CW4200: ['Traced'] },
  },
  {
    name: 'Invalid headers with an intrinsic Type (Checkov ALBDropHttpHeaders.py, cdk-nag ALBHttpDropInvalidHeaderEnabled.ts)',
    path: '/fixtures/alb-type.yaml',
    text: `Conditions:
  UseAlb: !Equals [!Ref 'AWS::StackName', alb]
Resources:
  Plain:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Subnets: [subnet-1, subnet-2] }
  Either:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Type: !If [UseAlb, application, network], Subnets: [subnet-1, subnet-2] }
`,
    // Neither tool judges a Type that is an intrinsic; we report Either's application branch.
    expected: {
      CKV_AWS_131: ['Plain'],
      'HIPAA.Security-ALBHttpDropInvalidHeaderEnabled': ['Plain'],
      'PCI.DSS.321-ALBHttpDropInvalidHeaderEnabled': ['Plain'],
    },
  },
  {
    name: 'serverless.yml resources, stores: only Checkov reads them',
    path: '/fixtures/stores/serverless.yml',
    text: `service: orders
provider:
  name: aws
functions:
  list:
    handler: h.list
resources:
  Resources:
    Search:
      Type: AWS::Elasticsearch::Domain
      Properties: { ElasticsearchVersion: '7.10' }
    Database:
      Type: AWS::RDS::DBInstance
      Properties: { Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: '20', MasterUsername: admin, MasterUserPassword: '{{resolve:secretsmanager:db}}', PubliclyAccessible: true, StorageEncrypted: true }
`,
    expected: { CKV_AWS_5: ['Search'], CKV_AWS_6: ['Search'], 'AwsSolutions-OS8': [], 'AwsSolutions-OS2': [], CKV_AWS_17: ['Database'], F22: [] },
  },
  {
    name: 'ElastiCache transit and AUTH (Checkov ElasticacheReplicationGroupEncryptionAtTransit.py, ...AtTransitAuthToken.py; cdk-nag ElastiCacheRedisClusterEncryption.ts, ElastiCacheRedisClusterRedisAuth.ts)',
    path: '/fixtures/elasticache.yaml',
    text: `Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Parameters:
  Token: { Type: String, NoEcho: true }
Resources:
  TransitOff:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: a, Engine: redis, AtRestEncryptionEnabled: true, TransitEncryptionEnabled: false }
  MaybeTransit:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: b, Engine: redis, AtRestEncryptionEnabled: true, TransitEncryptionEnabled: !If [IsProd, true, false], AuthToken: !Ref Token }
  RestIntrinsic:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: c, Engine: redis, AtRestEncryptionEnabled: !If [IsProd, true, false], TransitEncryptionEnabled: false }
  EmptyToken:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: d, Engine: redis, AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true, AuthToken: '' }
  MaybeToken:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: e, Engine: redis, AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true, AuthToken: !If [IsProd, !Ref Token, !Ref 'AWS::NoValue'] }
  Rbac:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: f, Engine: redis, AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true, UserGroupIds: [sessions] }
`,
    expected: {
      CKV_AWS_30: ['MaybeTransit', 'RestIntrinsic', 'TransitOff'],
      // Failed for its transit setting (an Fn::If is not True) or for a missing AuthToken key; an empty or
      // conditional AuthToken passes beside a literal true.
      CKV_AWS_31: ['MaybeTransit', 'RestIntrinsic', 'TransitOff'],
      // resolveIfPrimitive throws on an intrinsic, TransitEncryptionEnabled's or AtRestEncryptionEnabled's.
      'AwsSolutions-AEC3': ['TransitOff'],
      // An empty AuthToken fails; an intrinsic one is a non-empty token. Both checks fail Rbac, which we pass
      // (neither reads UserGroupIds), so no finding names them there.
      'AwsSolutions-AEC6': ['EmptyToken', 'RestIntrinsic', 'TransitOff'],
    },
  },
  {
    name: 'ElastiCache in a serverless.yml (Checkov only, on resources.Resources)',
    path: '/fixtures/elasticache/serverless.yml',
    text: `service: cache
provider: { name: aws, runtime: nodejs20.x }
functions:
  hello: { handler: handler.hello }
resources:
  Resources:
    Sessions:
      Type: AWS::ElastiCache::ReplicationGroup
      Properties: { ReplicationGroupDescription: s, Engine: redis, AtRestEncryptionEnabled: true }
`,
    expected: { CKV_AWS_30: ['Sessions'], CKV_AWS_31: ['Sessions'], 'AwsSolutions-AEC3': [], 'AwsSolutions-AEC6': [] },
  },
  {
    name: 'MSK in-transit encryption (Checkov MSKClusterEncryption.py)',
    path: '/fixtures/msk.yaml',
    text: `Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Plain:
    Type: AWS::MSK::Cluster
    Properties: { ClusterName: a, KafkaVersion: 3.6.0, NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: { InstanceType: kafka.t3.small, ClientSubnets: [s1, s2] }, EncryptionInfo: { EncryptionInTransit: { ClientBroker: PLAINTEXT } } }
  MaybePlain:
    Type: AWS::MSK::Cluster
    Properties: { ClusterName: b, KafkaVersion: 3.6.0, NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: { InstanceType: kafka.t3.small, ClientSubnets: [s1, s2] }, EncryptionInfo: { EncryptionInTransit: { ClientBroker: !If [IsProd, TLS, TLS_PLAINTEXT] } } }
  MaybeInCluster:
    Type: AWS::MSK::Cluster
    Properties: { ClusterName: c, KafkaVersion: 3.6.0, NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: { InstanceType: kafka.t3.small, ClientSubnets: [s1, s2] }, EncryptionInfo: { EncryptionInTransit: { ClientBroker: TLS, InCluster: !If [IsProd, true, false] } } }
  WholeIf:
    Type: AWS::MSK::Cluster
    Properties: { ClusterName: d, KafkaVersion: 3.6.0, NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: { InstanceType: kafka.t3.small, ClientSubnets: [s1, s2] }, EncryptionInfo: { EncryptionInTransit: !If [IsProd, { ClientBroker: TLS }, { ClientBroker: PLAINTEXT }] } }
`,
    // An intrinsic ClientBroker is not the text TLS; an intrinsic InCluster is not False, and an intrinsic
    // EncryptionInTransit holds no ClientBroker key: both pass.
    expected: { CKV_AWS_81: ['MaybePlain', 'Plain'] },
  },
  {
    name: 'AppSync logging (Checkov AppSyncLogging.py)',
    path: '/fixtures/appsync-logging.yaml',
    text: `Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  NoLog:
    Type: AWS::AppSync::GraphQLApi
    Properties: { Name: a, AuthenticationType: AWS_IAM }
  MaybeLogConfig:
    Type: AWS::AppSync::GraphQLApi
    Properties: { Name: b, AuthenticationType: AWS_IAM, LogConfig: !If [IsProd, { CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/logs', FieldLogLevel: ERROR }, !Ref 'AWS::NoValue'] }
  MaybeRole:
    Type: AWS::AppSync::GraphQLApi
    Properties: { Name: c, AuthenticationType: AWS_IAM, LogConfig: { CloudWatchLogsRoleArn: !If [IsProd, 'arn:aws:iam::123456789012:role/logs', !Ref 'AWS::NoValue'], FieldLogLevel: ERROR } }
`,
    // ANY_VALUE passes a written CloudWatchLogsRoleArn key; an intrinsic LogConfig leaves the path unmatched.
    expected: { CKV_AWS_193: ['MaybeLogConfig', 'NoLog'] },
  },
  {
    name: 'CloudFront viewer protocol (Checkov CloudfrontDistributionEncryption.py)',
    path: '/fixtures/cloudfront-viewer.yaml',
    text: `Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Open:
    Type: AWS::CloudFront::Distribution
    Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: o, ViewerProtocolPolicy: allow-all }, Origins: [{ Id: o, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }] } }
  OpenPath:
    Type: AWS::CloudFront::Distribution
    Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: o, ViewerProtocolPolicy: https-only }, CacheBehaviors: [{ PathPattern: /img/*, TargetOriginId: o, ViewerProtocolPolicy: allow-all }], Origins: [{ Id: o, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }] } }
  MaybeOpen:
    Type: AWS::CloudFront::Distribution
    Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: o, ViewerProtocolPolicy: !If [IsProd, https-only, allow-all] }, Origins: [{ Id: o, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }] } }
  MaybeBehaviors:
    Type: AWS::CloudFront::Distribution
    Properties: { DistributionConfig: { Enabled: true, DefaultCacheBehavior: { TargetOriginId: o, ViewerProtocolPolicy: https-only }, CacheBehaviors: !If [IsProd, [{ PathPattern: /a/*, TargetOriginId: o, ViewerProtocolPolicy: https-only }], [{ PathPattern: /a/*, TargetOriginId: o, ViewerProtocolPolicy: allow-all }]], Origins: [{ Id: o, DomainName: example.com, CustomOriginConfig: { OriginProtocolPolicy: https-only } }] } }
`,
    // An intrinsic is never the text allow-all; we report MaybeOpen's and MaybeBehaviors' HTTP branches.
    expected: { CKV_AWS_34: ['Open', 'OpenPath'] },
  },
  {
    name: 'Public trust policies (Checkov IAMRoleAllowsPublicAssume.py)',
    path: '/fixtures/trust-public.yaml',
    text: `Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  StarAws:
    Type: AWS::IAM::Role
    Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] } }
  ListStar:
    Type: AWS::IAM::Role
    Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { AWS: ['arn:aws:iam::123456789012:root', '*'] }, Action: 'sts:AssumeRole' }] } }
  StarString:
    Type: AWS::IAM::Role
    Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: '*', Action: 'sts:AssumeRole' }] } }
  MaybeStar:
    Type: AWS::IAM::Role
    Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: Allow, Principal: { AWS: !If [IsProd, 'arn:aws:iam::123456789012:root', '*'] }, Action: 'sts:AssumeRole' }] } }
`,
    // Checkov reads Principal.AWS only: a Principal that is the string '*' passes, so does an intrinsic.
    expected: { CKV_AWS_60: ['ListStar', 'StarAws'] },
  },
  {
    name: 'Public key policies (Checkov KMSKeyWildCardPrincipal.py)',
    path: '/fixtures/kms-public.yaml',
    text: `Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  OpenKey:
    Type: AWS::KMS::Key
    Properties: { EnableKeyRotation: true, KeyPolicy: { Statement: [{ Effect: Allow, Principal: '*', Action: 'kms:Decrypt', Resource: '*' }] } }
  AwsStarKey:
    Type: AWS::KMS::Key
    Properties: { EnableKeyRotation: true, KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: ['*'] }, Action: 'kms:Decrypt', Resource: '*' }] } }
  MaybeKey:
    Type: AWS::KMS::Key
    Properties: { EnableKeyRotation: true, KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: !If [IsProd, 'arn:aws:iam::123456789012:root', '*'] }, Action: 'kms:Decrypt', Resource: '*' }] } }
`,
    // An Fn::If principal is neither '*' nor a list holding it there.
    expected: { CKV_AWS_33: ['AwsStarKey', 'OpenKey'] },
  },
  {
    name: 'RDS TLS enforcement (Checkov Terraform graph check RDSEncryptionInTransit.yaml)',
    path: '/fixtures/rds-tls.yaml',
    text: `Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  PgGroup:
    Type: AWS::RDS::DBParameterGroup
    Properties: { Family: postgres14, Description: pg, Parameters: { rds.force_ssl: '0' } }
  PgOff:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, EngineVersion: '14.10', DBInstanceClass: db.t3.micro, AllocatedStorage: '20', DBParameterGroupName: !Ref PgGroup }
  MaybeGroup:
    Type: AWS::RDS::DBParameterGroup
    Properties: { Family: postgres14, Description: pg, Parameters: { rds.force_ssl: !If [IsProd, '1', '0'] } }
  MaybePg:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, EngineVersion: '14.10', DBInstanceClass: db.t3.micro, AllocatedStorage: '20', DBParameterGroupName: !Ref MaybeGroup }
  DefaultMysql:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: mysql, EngineVersion: '8.0.35', DBInstanceClass: db.t3.micro, AllocatedStorage: '20' }
  ClusterGroup:
    Type: AWS::RDS::DBClusterParameterGroup
    Properties: { Family: aurora-mysql8.0, Description: c, Parameters: { time_zone: UTC } }
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties: { Engine: aurora-mysql, DBClusterParameterGroupName: !Ref ClusterGroup }
`,
    // The check reads aws_db_instance only; a value that holds under a condition is not named.
    expected: { CKV2_AWS_69: ['DefaultMysql', 'PgOff'] },
  },
  {
    name: 'Terraform-only checks never named on a template (Checkov terraform/checks/resource/aws APIGatewayMethodSettingCacheEncrypted.py, AppSync cache checks, API Gateway domain policy, S3 any-principal policy)',
    path: '/fixtures/terraform-only.yaml',
    text: `Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Api, StageName: prod, DeploymentId: abc, CacheClusterEnabled: true, MethodSettings: [{ HttpMethod: '*', ResourcePath: '/*', CachingEnabled: true, CacheDataEncrypted: false }] }
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties: { DomainName: api.example.com, RegionalCertificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc, SecurityPolicy: TLS_1_0 }
  Site:
    Type: AWS::S3::Bucket
  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties: { Bucket: !Ref Site, PolicyDocument: { Statement: [{ Effect: Allow, Principal: '*', Action: 's3:*', Resource: !Sub '\${Site.Arn}/*' }] } }
  ReadPolicy:
    Type: AWS::S3::BucketPolicy
    Properties: { Bucket: !Ref Site, PolicyDocument: { Statement: [{ Effect: Allow, Principal: '*', Action: 's3:GetObject', Resource: !Sub '\${Site.Arn}/*' }] } }
`,
    // Each reads only Terraform resources (aws_api_gateway_method_settings, aws_appsync_api_cache,
    // aws_api_gateway_domain_name, aws_s3_bucket_policy): our findings here name none of them.
    expected: { CKV_AWS_308: [], CKV_AWS_214: [], CKV_AWS_215: [], CKV_AWS_206: [], CKV_AWS_70: [] },
  },
  {
    name: 'CloudFront origin over HTTP (Checkov CloudFormation graph check CloudfrontOriginNotHTTPSOnly.yaml; AWS Config cloudfront-traffic-to-origin-encrypted for CloudFront.9)',
    path: '/fixtures/cloudfront-origin.yaml',
    text: `Resources:
  ElbOrigin:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins: [{ Id: web, DomainName: my-lb-1234.us-east-1.elb.amazonaws.com, CustomOriginConfig: { OriginProtocolPolicy: http-only } }]
        DefaultCacheBehavior: { TargetOriginId: web, ViewerProtocolPolicy: redirect-to-https, ForwardedValues: { QueryString: false } }
  HostOrigin:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        Origins: [{ Id: web, DomainName: origin.example.com, CustomOriginConfig: { OriginProtocolPolicy: http-only } }]
        DefaultCacheBehavior: { TargetOriginId: web, ViewerProtocolPolicy: redirect-to-https, ForwardedValues: { QueryString: false } }
  DisabledElb:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: false
        Origins: [{ Id: web, DomainName: other-lb-99.eu-west-1.elb.amazonaws.com, CustomOriginConfig: { OriginProtocolPolicy: http-only } }]
        DefaultCacheBehavior: { TargetOriginId: web, ViewerProtocolPolicy: redirect-to-https, ForwardedValues: { QueryString: false } }
`,
    // Checkov fails only a non-https-only origin whose domain holds .elb., .mediastore. or .mediapackage., on an
    // enabled distribution; the AWS Config rule behind CloudFront.9 fails every http-only custom origin.
    expected: { CKV2_AWS_72: ['ElbOrigin'], 'CloudFront.9': ['DisabledElb', 'ElbOrigin', 'HostOrigin'] },
  },
  {
    name: 'Secrets in SSM parameters (Checkov ParameterStoreCredentials.py)',
    path: '/fixtures/ssm-secret.yaml',
    text: `Resources:
  NamedSecret:
    Type: AWS::SSM::Parameter
    Properties: { Name: /orders/stripe-secret, Type: String, Value: AKIAQWERTYUIOPASDFGH }
  UnnamedSecret:
    Type: AWS::SSM::Parameter
    Properties: { Name: /orders/upstream, Type: String, Value: AKIAQWERTYUIOPASDFGH }
  NoName:
    Type: AWS::SSM::Parameter
    Properties: { Type: String, Value: AKIAQWERTYUIOPASDFGH }
`,
    // Checkov reads a parameter only when its written Name says secret or api key.
    expected: { CKV_AWS_384: ['NamedSecret'] },
  },
  {
    name: 'Secret parameter defaults (CloudSploit plugins/aws/cloudformation/plainTextParameters.js)',
    path: '/fixtures/secret-parameters.yaml',
    text: `Parameters:
  Password:
    Type: String
    Default: Sup3rS3cretPassw0rd!
  DbPassword:
    Type: String
    Default: Sup3rS3cretPassw0rd!
  Secret:
    Type: String
    NoEcho: true
    Default: Sup3rS3cretPassw0rd!
Resources:
  Topic:
    Type: AWS::SNS::Topic
`,
    // Its key test is a substring test on the text 'secret,password,privatekey' (DbPassword is not one), and a
    // NoEcho value comes back masked.
    expected: { 'cloudsploit:cloudformationPlaintextParameters': ['Password'] },
  },
  {
    name: 'SNS topics (KICS sns_topic_without_kms_master_key_id: Properties bound, KmsMasterKeyId absent or null)',
    path: '/fixtures/kics-sns.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Bare:
    Type: AWS::SNS::Topic
  Named:
    Type: AWS::SNS::Topic
    Properties: { TopicName: orders }
  NullKey:
    Type: AWS::SNS::Topic
    Properties: { KmsMasterKeyId: null }
  Maybe:
    Type: AWS::SNS::Topic
    Properties: { KmsMasterKeyId: !If [IsProd, alias/aws/sns, !Ref 'AWS::NoValue'] }
  Keyed:
    Type: AWS::SNS::Topic
    Properties: { KmsMasterKeyId: alias/aws/sns }
`,
    // Bare has no Properties for the rego to bind; an Fn::If is a value there.
    expected: { 'KICS:9d13b150-a2ab-42a1-b6f4-142e41f81e52': ['Named', 'NullKey'] },
  },
  {
    name: 'SQS queues (KICS sqs_with_sse_disabled: no KmsMasterKeyId key, SqsManagedSseEnabled absent or false-ish, Properties written)',
    path: '/fixtures/kics-sqs.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Bare:
    Type: AWS::SQS::Queue
  Plain:
    Type: AWS::SQS::Queue
    Properties: { QueueName: orders }
  Off:
    Type: AWS::SQS::Queue
    Properties: { SqsManagedSseEnabled: 'False' }
  OffEmptyKey:
    Type: AWS::SQS::Queue
    Properties: { SqsManagedSseEnabled: false, KmsMasterKeyId: '' }
  MaybeOff:
    Type: AWS::SQS::Queue
    Properties: { SqsManagedSseEnabled: !If [IsProd, true, false] }
  On:
    Type: AWS::SQS::Queue
    Properties: { SqsManagedSseEnabled: true }
  AwsKey:
    Type: AWS::SQS::Queue
    Properties: { KmsMasterKeyId: alias/aws/sqs }
`,
    expected: { 'KICS:12726829-93ed-4d51-9cbe-13423f4299e1': ['Off', 'Plain'] },
  },
  {
    name: 'Kinesis streams (KICS kinesis_sse_not_configured: StreamEncryption with EncryptionType and KeyId written)',
    path: '/fixtures/kics-kinesis.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bare:
    Type: AWS::Kinesis::Stream
  NoneWithoutKey:
    Type: AWS::Kinesis::Stream
    Properties: { StreamEncryption: { EncryptionType: NONE } }
  NoneWithKey:
    Type: AWS::Kinesis::Stream
    Properties: { StreamEncryption: { EncryptionType: NONE, KeyId: alias/aws/kinesis } }
  Encrypted:
    Type: AWS::Kinesis::Stream
    Properties: { StreamEncryption: { EncryptionType: KMS, KeyId: alias/aws/kinesis } }
`,
    // NoneWithKey is ours alone: KICS reads that both keys are written, not their values.
    expected: { 'KICS:7f65be75-90ab-4036-8c2a-410aef7bb650': ['Bare', 'NoneWithoutKey'] },
  },
  {
    name: 'EFS file systems (KICS efs_not_encrypted: Encrypted written false-ish only)',
    path: '/fixtures/kics-efs.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Absent:
    Type: AWS::EFS::FileSystem
  Off:
    Type: AWS::EFS::FileSystem
    Properties: { Encrypted: false }
  OffText:
    Type: AWS::EFS::FileSystem
    Properties: { Encrypted: 'false' }
  On:
    Type: AWS::EFS::FileSystem
    Properties: { Encrypted: true }
`,
    expected: { 'KICS:2ff8e83c-90e1-4d68-a300-6d652112e622': ['Off', 'OffText'] },
  },
  {
    name: 'DynamoDB tables (KICS dynamodb_table_not_encrypted: Properties bound, SSEEnabled absent, null or false)',
    path: '/fixtures/kics-dynamodb.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bare:
    Type: AWS::DynamoDB::Table
  Plain:
    Type: AWS::DynamoDB::Table
    Properties: { BillingMode: PAY_PER_REQUEST }
  Off:
    Type: AWS::DynamoDB::Table
    Properties: { SSESpecification: { SSEEnabled: false } }
  AwsManaged:
    Type: AWS::DynamoDB::Table
    Properties: { SSESpecification: { SSEEnabled: true } }
`,
    // AwsManaged is our advice alone: SSEEnabled true passes KICS.
    expected: { 'KICS:4bd21e68-38c1-4d58-acdc-6a14b203237f': ['Off', 'Plain'] },
  },
  {
    name: 'RDS DB instances (KICS rds_storage_not_encrypted: StorageEncrypted absent, null or false-ish; instances only)',
    path: '/fixtures/kics-rds.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Plain:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: '20' }
  Off:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: '20', StorageEncrypted: false }
  Branching:
    Type: AWS::RDS::DBInstance
    Properties: { Engine: postgres, DBInstanceClass: db.t3.micro, AllocatedStorage: '20', StorageEncrypted: !If [IsProd, true, false] }
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties: { Engine: aurora-postgresql }
`,
    expected: { 'KICS:5beacce3-4020-4a3d-9e1d-a36f953df630': ['Off', 'Plain'] },
  },
  {
    name: 'ElastiCache replication groups (KICS elasticache_with_disabled_at_rest_encryption, elasticache_with_disabled_transit_encryption: Engine written redis)',
    path: '/fixtures/kics-elasticache.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  NoEngine:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: sessions }
  Redis:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: sessions, Engine: redis }
  RedisOff:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: sessions, Engine: redis, AtRestEncryptionEnabled: 'false', TransitEncryptionEnabled: 'false' }
  RedisOn:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties: { ReplicationGroupDescription: sessions, Engine: redis, AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true }
`,
    expected: {
      'KICS:e4ee3903-9225-4b6a-bdfb-e62dbadef821': ['Redis', 'RedisOff'],
      'KICS:3b02569b-fc6f-4153-b3a3-ba91022fed68': ['Redis', 'RedisOff'],
    },
  },
  {
    name: 'Search domains over HTTP (KICS elasticsearch_with_https_disabled: both domain types, EnforceHTTPS absent or false-ish)',
    path: '/fixtures/kics-es-https.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Conditions:
  IsProd: !Equals [!Ref 'AWS::StackName', prod]
Resources:
  Bare:
    Type: AWS::OpenSearchService::Domain
  Off:
    Type: AWS::Elasticsearch::Domain
    Properties: { DomainEndpointOptions: { EnforceHTTPS: false } }
  Maybe:
    Type: AWS::OpenSearchService::Domain
    Properties: { DomainEndpointOptions: { EnforceHTTPS: !If [IsProd, true, false] } }
  On:
    Type: AWS::OpenSearchService::Domain
    Properties: { DomainEndpointOptions: { EnforceHTTPS: true } }
`,
    expected: { 'KICS:4cdc88e6-c0c8-4081-a639-bb3a557cbedf': ['Bare', 'Off'] },
  },
  {
    name: 'Search domains node to node (KICS elasticsearch_domain_not_encrypted_node_to_node: Elasticsearch domains and Elasticsearch_X.Y engines)',
    path: '/fixtures/kics-es-n2n.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bare:
    Type: AWS::Elasticsearch::Domain
  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties: { ElasticsearchVersion: '7.10' }
  LegacyEngine:
    Type: AWS::OpenSearchService::Domain
    Properties: { EngineVersion: Elasticsearch_7.10, NodeToNodeEncryptionOptions: { Enabled: false } }
  OpenSearch:
    Type: AWS::OpenSearchService::Domain
    Properties: { EngineVersion: OpenSearch_2.11 }
  On:
    Type: AWS::Elasticsearch::Domain
    Properties: { NodeToNodeEncryptionOptions: { Enabled: true } }
`,
    expected: { 'KICS:43ed6fe0-edb6-43c2-97be-6501cf563d53': ['Legacy', 'LegacyEngine'] },
  },
  {
    name: 'Elasticsearch domains at rest (KICS elasticsearch_not_encrypted_at_rest: Elasticsearch domains with Properties, Enabled not true)',
    path: '/fixtures/kics-es-at-rest.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Bare:
    Type: AWS::Elasticsearch::Domain
  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties: { ElasticsearchVersion: '7.10' }
  Off:
    Type: AWS::Elasticsearch::Domain
    Properties: { EncryptionAtRestOptions: { Enabled: false } }
  OpenSearch:
    Type: AWS::OpenSearchService::Domain
    Properties: { EngineVersion: OpenSearch_2.11 }
`,
    expected: { 'KICS:86a248ab-0e01-4564-a82a-878303e253bb': ['Legacy', 'Off'] },
  },
  {
    name: 'API stages (KICS api_gateway_stage_access_logging_settings_not_defined: neither AccessLogSettings nor DefaultRouteSettings)',
    path: '/fixtures/kics-stage-logs.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  Rest:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Api, StageName: prod }
  RestLogged:
    Type: AWS::ApiGateway::Stage
    Properties: { RestApiId: !Ref Api, StageName: logged, AccessLogSetting: { DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:a' } }
  Http:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: http, StageName: prod }
  Throttled:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: http, StageName: throttled, DefaultRouteSettings: { ThrottlingBurstLimit: 10 } }
`,
    // KICS fails RestLogged too (it reads AccessLogSettings on REST stages); we do not report it, so no finding names it.
    expected: { 'KICS:80d45af4-4920-4236-a56e-b7ef419d1941': ['Http', 'Rest'] },
  },
  {
    name: 'serverless.yml provider role (KICS serverless_role_with_full_privileges: Action and Resource each contain *)',
    path: '/fixtures/kics-full-privileges/serverless.yml',
    text: `service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: 's3:*'
          Resource: 'arn:aws:s3:::orders/*'
functions:
  list:
    handler: h.list
`,
    expected: { 'KICS:59ebb4f3-2a6c-46dc-b4f0-cc5418dcddcd': ['provider.iam.role'] },
  },
  {
    name: "Lambda permissions (KICS lambda_permission_principal_is_wildcard: a Principal string holding '*')",
    path: '/fixtures/kics-permission.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Who: { Type: String, Default: '*' }
Resources:
  Open:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: fn, Action: lambda:InvokeFunction, Principal: '*' }
  Narrowed:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: fn, Action: lambda:InvokeFunction, Principal: '*', SourceAccount: '123456789012' }
  FromParameter:
    Type: AWS::Lambda::Permission
    Properties: { FunctionName: fn, Action: lambda:InvokeFunction, Principal: !Ref Who }
`,
    // KICS fails Narrowed too; we do not report it, so no finding names it.
    expected: { 'KICS:1d6e16f1-5d8a-4379-bfb3-2dadd38ed5a7': ['Open'] },
  },
  {
    name: 'S3 bucket ACLs (KICS s3_bucket_acl_allows_read_to_all_users: AccessControl written PublicRead)',
    path: '/fixtures/kics-s3-acl.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Read:
    Type: AWS::S3::Bucket
    Properties: { AccessControl: PublicRead }
  ReadWrite:
    Type: AWS::S3::Bucket
    Properties: { AccessControl: PublicReadWrite }
  Enforced:
    Type: AWS::S3::Bucket
    Properties: { AccessControl: PublicRead, OwnershipControls: { Rules: [{ ObjectOwnership: BucketOwnerEnforced }] } }
`,
    // KICS fails Enforced too; we do not report it (ACLs are disabled), so no finding names it.
    expected: { 'KICS:219f4c95-aa50-44e0-97de-cf71f4641170': ['Read'] },
  },
  {
    name: "IAM policies (KICS iam_policies_with_full_privileges: AWS::IAM::Policy, Action and Resource '*')",
    path: '/fixtures/kics-iam-policy.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Admin:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: admin
      Roles: [fn-role]
      PolicyDocument: { Statement: [{ Effect: Allow, Action: '*', Resource: '*' }] }
  Scoped:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: scoped
      Roles: [fn-role]
      PolicyDocument: { Statement: [{ Effect: Allow, Action: '*', Resource: 'arn:aws:s3:::orders' }] }
  Managed:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: { Statement: [{ Effect: Allow, Action: '*', Resource: '*' }] }
`,
    expected: { 'KICS:953b3cdb-ce13-428a-aa12-318726506661': ['Admin'] },
  },
  {
    name: 'API custom domains (KICS api_gateway_without_security_policy: REST DomainName, SecurityPolicy not TLS_1_2)',
    path: '/fixtures/kics-domain.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Absent:
    Type: AWS::ApiGateway::DomainName
    Properties: { DomainName: api.example.com }
  Old:
    Type: AWS::ApiGateway::DomainName
    Properties: { DomainName: old.example.com, SecurityPolicy: TLS_1_0 }
  Enhanced:
    Type: AWS::ApiGateway::DomainName
    Properties: { DomainName: new.example.com, SecurityPolicy: SecurityPolicy_TLS13_1_3_2025_09 }
  Http:
    Type: AWS::ApiGatewayV2::DomainName
    Properties: { DomainName: http.example.com, DomainNameConfigurations: [{ SecurityPolicy: TLS_1_0 }] }
`,
    // KICS fails Enhanced too; we accept it, so no finding names it.
    expected: { 'KICS:8275fab0-68ec-4705-bbf4-86975edb170e': ['Absent', 'Old'] },
  },
  {
    name: 'Load balancer listeners (KICS alb_listening_on_http: Protocol written HTTP, no redirect action)',
    path: '/fixtures/kics-alb.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Forward:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1
      Port: 80
      Protocol: HTTP
      DefaultActions: [{ Type: forward, TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1' }]
  ToHttps:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1
      Port: 8080
      Protocol: HTTP
      DefaultActions: [{ Type: redirect, RedirectConfig: { Protocol: HTTPS, Port: '443', StatusCode: HTTP_301 } }]
`,
    expected: { 'KICS:275a3217-ca37-40c1-a6cf-bb57d245ab32': ['Forward'] },
  },
  {
    name: 'Resource policies (KICS sns_topic_is_publicly_accessible, kms_allows_wildcard_principal, s3_bucket_with_all_permissions, sqs_policy_with_public_access, elasticsearch_without_iam_authentication)',
    path: '/fixtures/kics-resource-policies.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  OpenTopic:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [t]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: '*', Action: 'sns:Publish', Resource: '*' }] }
  AwsStarTopic:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [t]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: { AWS: '*' }, Action: 'sns:Publish', Resource: '*' }] }
  OpenKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy: { Statement: [{ Effect: Allow, Principal: '*', Action: 'kms:*', Resource: '*' }] }
  AllBucket:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: '*', Action: '*', Resource: '*' }] }
  PutBucket:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: b
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: '*', Action: 's3:PutObject', Resource: '*' }] }
  ManagedQueue:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: { AWS: ['*'] }, Action: ['SQS:DeleteQueue'], Resource: '*' }] }
  SendQueue:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q]
      PolicyDocument: { Statement: [{ Effect: Allow, Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }] }
  Legacy:
    Type: AWS::Elasticsearch::Domain
    Properties:
      AccessPolicies: { Statement: [{ Effect: Allow, Principal: { AWS: '*' }, Action: 'es:*', Resource: '*' }] }
`,
    // KICS's SNS and KMS queries pass AWS '*' as read (AwsStarTopic); the S3 query wants Action '*', the SQS one a management action.
    expected: {
      'KICS:ae53ce91-42b5-46bf-a84f-9a13366a4f13': ['OpenTopic'],
      'KICS:f6049677-ec4a-43af-8779-5190b6d03cba': ['OpenKey'],
      'KICS:4ae8af91-5108-42cb-9471-3bdbe596eac9': ['AllBucket'],
      'KICS:9b6a3f5b-5fd6-40ee-9bc0-ed604911212d': ['ManagedQueue'],
      'KICS:5c666ed9-b586-49ab-9873-c495a833b705': ['Legacy'],
    },
  },
  {
    name: 'Secrets Manager keys (KICS secrets_manager_should_specify_kms_key_id, secretsmanager_secret_without_kms)',
    path: '/fixtures/kics-secrets.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  NoKey:
    Type: AWS::SecretsManager::Secret
    Properties: { Description: d }
  EmptyKey:
    Type: AWS::SecretsManager::Secret
    Properties: { KmsKeyId: '' }
  Bare:
    Type: AWS::SecretsManager::Secret
  Managed:
    Type: AWS::SecretsManager::Secret
    Properties: { KmsKeyId: alias/aws/secretsmanager }
`,
    expected: {
      'KICS:c8ae9ba9-c2f7-4e5c-b32e-a4b7712d4d22': ['NoKey'],
      'KICS:bed9762b-9bf6-4823-98e2-b1752bee0bf7': ['Bare', 'EmptyKey', 'NoKey'],
    },
  },
];

describe('corpus: equivalents hold per finding (hand-built fixtures from the other tools\' source)', () => {
  for (const testCase of CASES) {
    it(testCase.name, () => {
      for (const [check, resources] of Object.entries(testCase.expected)) {
        assert.deepEqual(namedOn(testCase, check), [...resources].sort(), `${check} in ${testCase.path}`);
      }
    });
  }
});

/**
 * Handler code: for each claimed check, the text our findings underline where its source fires (the checks of code
 * rules name no resource). Semgrep's aws-lambda rules take `$EVENT` only from `exports.handler = function ($EVENT, ...)`
 * and are intraprocedural; Sonar's S2755 reads libxmljs calls with `noent: true`.
 */
interface CodeCase {
  name: string;
  path: string;
  text: string;
  /** The template that names the handler (its bindings are built as a project's), for checks that read it. */
  template?: { path: string; text: string };
  expected: Record<string, string[]>;
}

function namedInCode(testCase: CodeCase, check: string): string[] {
  const bindings = testCase.template ? buildProject({ templates: [testCase.template], files: { exists: (path) => path === testCase.path } }).bindingsFor(testCase.path) : undefined;
  const result = analyzeHandlerFile({ path: testCase.path, text: testCase.text, rules: codeRules, bindings, strict: true });
  assert.deepEqual(result.internalErrors, [], testCase.name);
  return [...new Set(result.findings.filter((finding) => finding.equivalents.includes(check)).map((finding) => testCase.text.slice(finding.range.start, finding.range.end)))].sort();
}

const LAMBDA = 'javascript.aws-lambda.security.';

const CODE_CASES: CodeCase[] = [
  {
    name: 'Stack traces in responses (CodeQL StackTraceExposureCustomizations.qll, StackTraceExposureQuery.qll; ServerLess.qll models no Lambda response)',
    path: '/fixtures/stack-trace.js',
    text: `const express = require('express');
const serverless = require('serverless-http');
const app = express();
app.get('/orders', async (req, res) => {
  try {
    await load(req.query.id);
  } catch (err) {
    res.status(500).send(err.stack);
  }
});
app.get('/items', async (req, res) => {
  try {
    await load(req.query.id);
  } catch (error) {
    res.send('failed: ' + error.stack);
  }
});
app.get('/users', (req, res) => {
  load(req.query.id).catch((err) => res.send(err));
});
async function load(id) { return id; }
exports.handler = serverless(app);
exports.direct = async (event) => {
  try {
    return { statusCode: 200, body: await load(event.id) };
  } catch (err) {
    return { statusCode: 500, body: err.stack };
  }
};
`,
    expected: {
      // A catch clause's parameter, whole, into send; not through a concatenation (a barrier), a .catch callback
      // (not a catch clause) or a Lambda { statusCode, body } object (not an Http::ResponseBody).
      'js/stack-trace-exposure': ['err.stack'],
    },
  },
  {
    name: 'Plain HTTP and WebSocket (Semgrep js-node/http-request.yaml, detect-insecure-websocket.yaml; SonarJS S5332/rule.lib.ts)',
    path: '/fixtures/plain-http.js',
    text: `const http = require('http');
const axios = require('axios');
const WebSocket = require('ws');
exports.handler = async (event) => {
  http.get('http://orders.partner.net/v1', () => {});
  await axios.get('http://api.partner.net/v2');
  await axios.get(\`http://\${event.host}/v3\`);
  const socket = new WebSocket('ws://feed.partner.net/stream');
  return { statusCode: 200 };
};
`,
    expected: {
      // http-request: $HTTP.get("http://...") with $HTTP = require('http'); not axios, not a template literal.
      'problem-based-packs.insecure-transport.js-node.http-request.http-request': ["'http://orders.partner.net/v1'"],
      // S5332 reads string literals (Literal nodes), not template literals.
      S5332: ["'http://api.partner.net/v2'", "'http://orders.partner.net/v1'"],
      'javascript.lang.security.detect-insecure-websocket.detect-insecure-websocket': ["'ws://feed.partner.net/stream'"],
    },
  },
  {
    name: 'Semgrep http-request is JavaScript only (languages: [javascript])',
    path: '/fixtures/plain-http.ts',
    text: `const http = require('http');
export const handler = async () => {
  http.get('http://orders.partner.net/v1', () => {});
  return { statusCode: 200 };
};
`,
    expected: { 'problem-based-packs.insecure-transport.js-node.http-request.http-request': [], S5332: ["'http://orders.partner.net/v1'"] },
  },
  {
    name: 'Semgrep bypass-tls-verification (js-node/bypass-tls-verification.yaml): any {rejectUnauthorized:false}, and the bracket form with the number 0',
    path: '/fixtures/bypass-tls.js',
    text: `const https = require('https');
process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = 0;
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
exports.handler = async (event) => {
  https.request({ hostname: 'partner.internal', rejectUnauthorized: false });
  https.request({ hostname: 'partner.internal', strictSSL: false });
  return { statusCode: 204 };
};
`,
    expected: {
      'problem-based-packs.insecure-transport.js-node.bypass-tls-verification.bypass-tls-verification': ['process.env["NODE_TLS_REJECT_UNAUTHORIZED"] = 0', 'rejectUnauthorized: false'],
    },
  },
  {
    name: 'Hard-coded keys (Semgrep jwt-hardcode.yaml, hardcoded-hmac-key.yaml; SonarJS S2068/rule.ts, S6418/rule.ts)',
    path: '/fixtures/hardcoded.js',
    text: `const jwt = require('jsonwebtoken');
const { sign } = require('jsonwebtoken');
const crypto = require('crypto');
const config = {};
const password = 'correct-horse-battery';
const DB_PASSWORD = 'Tr0ub4dor&3xyz';
config.password = 'hunter2-hunter2';
const apiToken = 'q8Zt3Vb9Lm2Xw7Ry5Pk1Nc4Hd6Jf0GsQaBcDeEgTuWyIoA';
exports.handler = async (event) => {
  const signed = jwt.sign({ sub: event.sub }, 'my-jwt-signing-key');
  const again = sign({ sub: event.sub }, 'another-signing-key');
  const mac = crypto.createHmac('sha256', 'hmac-key-material').update(event.body).digest('hex');
  return { statusCode: 200, body: signed + again + mac };
};
`,
    expected: {
      // Semgrep matches $JWT.sign / $CRYPTO.createHmac, not a destructured sign(...).
      'javascript.jsonwebtoken.security.jwt-hardcode.hardcoded-jwt-secret': ["'my-jwt-signing-key'"],
      'javascript.lang.security.audit.hardcoded-hmac-key.hardcoded-hmac-key': ["'hmac-key-material'"],
      // S2068 looks for the lower-case words in the target's text: DB_PASSWORD does not hold 'password'.
      S2068: ["'correct-horse-battery'", "'hunter2-hunter2'"],
      // S6418: an identifier named like a secret, 16+ characters, entropy above 5 bits.
      S6418: ["'q8Zt3Vb9Lm2Xw7Ry5Pk1Nc4Hd6Jf0GsQaBcDeEgTuWyIoA'"],
    },
  },
  {
    name: 'Commands and code (Semgrep aws-lambda detect-child-process.yaml, tainted-eval.yaml, vm-runincontext-injection.yaml)',
    path: '/fixtures/commands.js',
    text: `const cp = require('child_process');
const vm = require('vm');
function runLater(cmd) { cp.exec(cmd); }
exports.handler = async (event) => {
  cp.exec('convert ' + event.body);
  eval(event.queryStringParameters.expr);
  vm.runInNewContext(event.headers.script);
  runLater('tar ' + event.pathParameters.name);
  return { statusCode: 204 };
};
exports.other = async (event) => { cp.execSync('zip ' + event.body); };
`,
    // Only the export named handler, and only sinks in its own body (not runLater's exec, nor exports.other).
    expected: {
      [`${LAMBDA}detect-child-process`]: ["'convert ' + event.body"],
      [`${LAMBDA}tainted-eval`]: ['event.queryStringParameters.expr'],
      [`${LAMBDA}vm-runincontext-injection`]: ['event.headers.script'],
    },
  },
  {
    name: 'ES module handlers are not Semgrep aws-lambda sources (exports.handler only)',
    path: '/fixtures/esm.mjs',
    text: `import { exec } from 'child_process';
export const handler = async (event) => {
  exec('convert ' + event.body);
  return { statusCode: 204 };
};
`,
    expected: { [`${LAMBDA}detect-child-process`]: [] },
  },
  {
    name: 'SQL (Semgrep aws-lambda tainted-sql-string.yaml, mysql-sqli.yaml, pg-sqli.yaml)',
    path: '/fixtures/sql.js',
    text: `const mysql = require('mysql2/promise');
const pool = mysql.createPool({ host: process.env.DB_HOST });
exports.handler = async (event) => {
  const [rows] = await pool.query(\`SELECT * FROM orders WHERE id = \${event.pathParameters.id}\`);
  await pool.execute('DELETE FROM carts WHERE owner = ' + event.queryStringParameters.owner);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
`,
    expected: {
      [`${LAMBDA}tainted-sql-string`]: ["'DELETE FROM carts WHERE owner = ' + event.queryStringParameters.owner", '`SELECT * FROM orders WHERE id = ${event.pathParameters.id}`'],
      [`${LAMBDA}mysql-sqli`]: ["'DELETE FROM carts WHERE owner = ' + event.queryStringParameters.owner", '`SELECT * FROM orders WHERE id = ${event.pathParameters.id}`'],
      [`${LAMBDA}pg-sqli`]: [],
    },
  },
  {
    name: 'URLs (Semgrep aws-lambda axios-ssrf.yaml, fetch-ssrf.yaml)',
    path: '/fixtures/ssrf.js',
    text: `const axios = require('axios');
exports.handler = async (event) => {
  await axios.get(event.queryStringParameters.url);
  await axios.post(event.queryStringParameters.hook, {});
  await fetch(event.body);
  return { statusCode: 204 };
};
`,
    // axios-ssrf lists get, delete, head, options, put and patch, not post.
    expected: {
      [`${LAMBDA}axios-ssrf`]: ['event.queryStringParameters.url'],
      [`${LAMBDA}fetch-ssrf`]: ['event.body'],
    },
  },
  {
    name: 'HTML and regular expressions (Semgrep aws-lambda tainted-html-response.yaml, tainted-html-string.yaml; javascript.lang detect-non-literal-regexp.yaml)',
    path: '/fixtures/html.js',
    text: `exports.handler = async (event) => {
  const pattern = new RegExp(event.queryStringParameters.q);
  return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: '<p>' + event.queryStringParameters.q + '</p>' };
};
`,
    expected: {
      [`${LAMBDA}tainted-html-response`]: ["'<p>' + event.queryStringParameters.q + '</p>'"],
      [`${LAMBDA}tainted-html-string`]: ["'<p>' + event.queryStringParameters.q + '</p>'"],
      'javascript.lang.security.audit.detect-non-literal-regexp.detect-non-literal-regexp': ['event.queryStringParameters.q'],
    },
  },
  {
    name: 'NoSQL built into a params literal (Semgrep aws-lambda dynamodb-request-object.yaml sanitises object literals)',
    path: '/fixtures/nosql.js',
    text: `const AWS = require('aws-sdk');
const dc = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event) => {
  return dc.scan({ TableName: 'orders', FilterExpression: \`\${event.queryStringParameters.field} = :v\`, ExpressionAttributeValues: { ':v': 1 } }).promise();
};
`,
    expected: { [`${LAMBDA}dynamodb-request-object`]: [] },
  },
  {
    name: 'XML with external entities (SonarJS S2755/rule.ts)',
    path: '/fixtures/xml.js',
    text: `const libxmljs = require('libxmljs');
exports.handler = async (event) => {
  const doc = libxmljs.parseXml(event.body, { noent: true });
  return { statusCode: 200, body: doc.root().name() };
};
`,
    expected: { S2755: ['event.body'] },
  },
  {
    name: 'Decoded tokens (Semgrep javascript/jsonwebtoken/security/audit/jwt-decode-without-verify.yaml)',
    path: '/fixtures/jwt.js',
    text: `const jwt = require('jsonwebtoken');
const { decode } = require('jsonwebtoken');
exports.handler = async (event) => {
  const claims = jwt.decode(event.headers.authorization);
  const again = decode(event.headers.cookie);
  return { statusCode: 200, body: claims.sub + again.sub };
};
`,
    // Only `$JWT.decode(...)` on a module bound by `$JWT = require('jsonwebtoken')`; a destructured decode is not that.
    expected: { 'javascript.jsonwebtoken.security.audit.jwt-decode-without-verify': ['jwt.decode(event.headers.authorization)'] },
  },
  {
    name: 'Certificate options by client (CodeQL DisablingCertificateValidation.ql; SonarJS S4830/rule.ts)',
    path: '/fixtures/tls-options.js',
    text: `const https = require('https');
exports.handler = async (event) => {
  https.request({ hostname: 'partner.internal', rejectUnauthorized: false });
  return new https.Agent({ keepAlive: true, rejectUnauthorized: false });
};
`,
    expected: {
      'js/disabling-certificate-validation': ['rejectUnauthorized: false'],
      S4830: ['rejectUnauthorized: false'],
    },
  },
  {
    name: 'SonarJS S4830 reads one argument per call: https.request options second are not read',
    path: '/fixtures/tls-second-argument.js',
    text: `const https = require('https');
exports.handler = async (event) => https.request('https://partner.internal/v1', { rejectUnauthorized: false });
`,
    expected: { S4830: [] },
  },
  {
    name: 'SonarJS S4830 reads the third argument of tls.connect',
    path: '/fixtures/tls-connect.js',
    text: `const tls = require('tls');
exports.handler = async (event) => tls.connect(8443, 'partner.internal', { rejectUnauthorized: false });
`,
    expected: { S4830: ['rejectUnauthorized: false'] },
  },
  {
    name: 'Certificate checks and logged environment (CodeQL DisablingCertificateValidation.ql, CleartextLoggingCustomizations.qll)',
    path: '/fixtures/tls-logs.js',
    text: `const { Client } = require('pg');
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
const db = new Client({ host: process.env.DB_HOST, ssl: { rejectUnauthorized: false } });
exports.handler = async (event) => {
  console.log(process.env);
  console.log('token', process.env.API_TOKEN);
  return { statusCode: 204 };
};
`,
    // CodeQL fires on the string '0' written to NODE_TLS_REJECT_UNAUTHORIZED, not on pg's ssl option; its logging
    // sources are process.env and password-named reads, so only the whole environment is named here.
    expected: {
      'js/disabling-certificate-validation': ["process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'"],
      'js/clear-text-logging': ['process.env'],
      S4830: [],
    },
  },
  {
    name: 'Command and code injection from a Serverless event (CodeQL ServerLess.qll, CommandInjectionCustomizations.qll, CodeInjectionCustomizations.qll, NodeJSLib.qll ChildProcessMethodCall and VmModuleMemberInvocation)',
    path: '/fixtures/svc/src/run.js',
    template: { path: '/fixtures/svc/serverless.yml', text: `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  run:\n    handler: src/run.handler\n    events:\n      - httpApi: 'POST /run'\n` },
    text: `const cp = require('child_process');
const vm = require('vm');
const { build } = require('./build');
module.exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  cp.exec('convert ' + body.name);
  cp.execSync(build(body.name));
  cp.spawn('sh', ['-c', body.script], { shell: true });
  eval(body.code);
  vm.runInNewContext(body.code);
  setTimeout(body.later, 10);
};
`,
    expected: {
      'js/command-line-injection': ["'convert ' + body.name"],
      'js/code-injection': ['body.code', 'body.later'],
      [`${LAMBDA}detect-child-process`]: [],
    },
  },
  {
    name: 'Path, regex, YAML and XML injection from a Serverless event (CodeQL TaintedPathCustomizations.qll, NodeJSLib.qll FS, RegExpInjectionCustomizations.qll, UnsafeDeserializationCustomizations.qll, XML.qll LibXmlJsParserInvocation)',
    path: '/fixtures/svc/src/files.js',
    template: { path: '/fixtures/svc/serverless.yml', text: `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  files:\n    handler: src/files.handler\n    events:\n      - httpApi: 'POST /files'\n` },
    text: `const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');
const libxmljs = require('libxmljs');
module.exports.handler = async (event) => {
  const name = event.pathParameters.name;
  fs.readFileSync(path.join('/data', name));
  fs.writeFileSync(JSON.parse(event.body).target, 'x');
  new RegExp(event.queryStringParameters.q);
  new RegExp(event.body.replace(/[.*+?^\${}()|[\]\\]/g, '\\$&'), 'g');
  yaml.load(event.body, { schema: yaml.DEFAULT_FULL_SCHEMA });
  libxmljs.parseXml(event.body, { noent: true });
};
`,
    // TaintedPath is a data-flow configuration: JSON.parse is no step of it. The escaping replace is a RegExpInjection
    // sanitiser (our engine does not cut it, so the finding is ours alone).
    expected: {
      'js/path-injection': ["path.join('/data', name)"],
      'js/regex-injection': ['event.queryStringParameters.q'],
      'js/unsafe-deserialization': ['event.body'],
      'js/xxe': ['event.body'],
    },
  },
  {
    name: 'Request forgery from a Serverless event (CodeQL RequestForgeryCustomizations.qll, RequestForgeryQuery.qll, UrlConcatenation.qll sanitizingPrefixEdge, ClientRequests.qll, NodeJSLib.qll NodeHttpUrlRequest)',
    path: '/fixtures/svc/src/proxy.js',
    template: { path: '/fixtures/svc/serverless.yml', text: `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  proxy:\n    handler: src/proxy.handler\n    events:\n      - httpApi: 'POST /proxy'\n` },
    text: `const axios = require('axios');
const https = require('https');
const got = require('got');
const client = axios.create({ timeout: 2000 });
module.exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  await axios.post(body.hook, { ok: true });
  https.get(\`https://\${body.host}/status\`);
  await got(body.feed, { baseUrl: 'https://feeds.example.com' });
  await client.get(body.mirror);
  await fetch(encodeURI(body.page));
  await fetch(process.env.ORIGIN + body.suffix);
  return { statusCode: 204 };
};
`,
    // axios.create instances are no ClientRequest; got's URL is no sink beside a baseUrl option; encodeURI is a
    // sanitiser; an operand after a value CodeQL does not know is behind a sanitising prefix.
    expected: {
      'js/request-forgery': ['`https://${body.host}/status`', 'body.hook'],
    },
  },
  {
    name: 'The same handler as TypeScript: ServerLess.qll looks for `<file>.js` only',
    path: '/fixtures/svc/src/run.ts',
    template: { path: '/fixtures/svc/serverless.yml', text: `service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  run:\n    handler: src/run.handler\n` },
    text: `import { exec } from 'child_process';\nexport const handler = async (event: any) => {\n  exec('convert ' + event.body);\n  eval(event.body);\n};\n`,
    expected: { 'js/command-line-injection': [], 'js/code-injection': [] },
  },
  {
    name: 'A CloudFormation AWS::Lambda::Function: ServerLess.qll reads `*::Serverless::Function` and serverless.yml only',
    path: '/fixtures/cfn/app.js',
    template: { path: '/fixtures/cfn/template.yaml', text: `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: nodejs20.x\n      Handler: app.handler\n      Code: ./\n      Role: arn:aws:iam::123456789012:role/r\n` },
    text: `const cp = require('child_process');\nexports.handler = async (event) => {\n  cp.exec('convert ' + event.body);\n  eval(event.body);\n};\n`,
    expected: { 'js/command-line-injection': [], 'js/code-injection': [], [`${LAMBDA}detect-child-process`]: ["'convert ' + event.body"] },
  },
];

describe('corpus: code equivalents hold per finding (hand-built handlers from the other tools\' source)', () => {
  for (const testCase of CODE_CASES) {
    it(testCase.name, () => {
      for (const [check, texts] of Object.entries(testCase.expected)) {
        assert.deepEqual(namedInCode(testCase, check), [...texts].sort(), `${check} in ${testCase.path}`);
      }
    });
  }
});

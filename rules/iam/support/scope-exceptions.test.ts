// The action-table gap test: walks the shipped IAM data and checks that what the wildcard rules call
// "not scopable" really takes no resource, that every curated exception still says something the
// data does not, and that actions whose resource types are named unusually (AppSync's per-API
// calls, authorised against `/v1/apis/<id>/...`) are classified as scopable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allActions, expandActionPattern, lookupAction, resourceTypesOf, resourceTypesOfService } from '../../../server/src/engine/iam';
import { MANAGED_POLICY_EQUIVALENTS, NEEDED_ON_WILDCARD, SCOPABLE_DESPITE_REFERENCE, isScopable } from './scope-exceptions';

/** The action table's PLAIN_CALL_NEEDS_WILDCARD: only optional resource types, and a plain call names none. */
const PLAIN_CALL = ['translate:TranslateText', 'translate:TranslateDocument', 'polly:SynthesizeSpeech', 'polly:StartSpeechSynthesisTask', 'polly:StartSpeechSynthesisStream', 'rekognition:DetectModerationLabels', 'rekognition:StartMediaAnalysisJob', 'comprehend:DetectEntities', 'cloudwatch:PutMetricData', 'cloudwatch:GetMetricData', 'cloudwatch:ListMetrics'];

/** The services of serverless applications whose actions the gap finder reads. */
const SERVERLESS_SERVICES = ['appsync', 'lambda', 'dynamodb', 's3', 'sqs', 'sns', 'states', 'events', 'scheduler', 'kinesis', 'secretsmanager', 'ssm', 'kms', 'logs', 'xray', 'cognito-idp', 'apigateway', 'execute-api', 'iam'];

/**
 * Gap candidates reviewed and kept as the reference has them (no resource type), with why. Each
 * other candidate must be in SCOPABLE_DESPITE_REFERENCE.
 */
const KEPT_AS_REFERENCE: ReadonlyMap<string, string> = new Map([
  ['appsync:getdatasourceintrospection', 'reads an introspection by its own id, not under an API'],
  ['appsync:startdatasourceintrospection', 'introspects a database given by its ARN, not under an API'],
  ['lambda:createcodesigningconfig', 'creates a new code signing configuration, whose ARN does not exist yet'],
  ['s3:getaccesspoint', 'the account-level GetAccessPoint of S3 Control; the access point actions that name one have the type'],
  ['s3:putaccesspointpublicaccessblock', "an account's public access block setting for access points"],
  ['s3:putstoragelensconfiguration', 'a Storage Lens dashboard setting of the account'],
  ['kinesis:updatestreammode', 'listed without a type; no evidence that Kinesis authorises it against the stream'],
  ['ssm:getmaintenancewindowexecution', 'an execution is read by its id, with no ARN of its own'],
  ['ssm:getmaintenancewindowexecutiontask', 'an execution task is read by its id, with no ARN of its own'],
  ['ssm:getmaintenancewindowexecutiontaskinvocation', 'an invocation is read by its id, with no ARN of its own'],
  ['ssm:getpatchbaselineforpatchgroup', 'takes a patch group name, not a baseline'],
  ['xray:getgroups', 'lists every group, like a List action'],
  ['xray:getsamplingrules', 'lists every sampling rule, like a List action'],
]);

describe('scope exceptions and the IAM action table', () => {
  it('calls an action not scopable only when it takes no resource type, or only optional ones that a plain call leaves out', () => {
    const unscopable = allActions().filter((action) => !action.supportsResourceLevel);
    const withRequiredTypes = unscopable.filter((action) => action.resourceTypes === 'required');
    assert.deepEqual(withRequiredTypes.map((action) => action.qualifiedName), []);
    const optionalOnly = unscopable.filter((action) => action.resourceTypes === 'optional').map((action) => action.qualifiedName).sort();
    assert.deepEqual(optionalOnly, [...PLAIN_CALL].sort());
    // And the other way: an action with a resource type in the data is scopable unless it is one of those.
    const typedButUnscopable = allActions().filter((action) => resourceTypesOf(action).length > 0 && !action.supportsResourceLevel && !PLAIN_CALL.includes(action.qualifiedName));
    assert.deepEqual(typedButUnscopable.map((action) => action.qualifiedName), []);
  });

  it('lists only actions that exist and that the data makes scopable as "needed on *" or "managed policy" exceptions', () => {
    for (const name of [...NEEDED_ON_WILDCARD.map((entry) => entry.action), ...MANAGED_POLICY_EQUIVALENTS]) {
      const action = lookupAction(name);
      assert.ok(action, `${name} exists`);
      // An action with no resource type is unscopable already: an exception for it would be dead.
      assert.ok(action.supportsResourceLevel && resourceTypesOf(action).length > 0, `${name} takes a resource type`);
      assert.equal(name, name.toLowerCase());
    }
    // X-Ray, the network-interface describe call and SMS settings take no resource: the table keeps them silent.
    for (const name of ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'ec2:DescribeNetworkInterfaces', 'sns:SetSMSAttributes']) {
      const action = lookupAction(name)!;
      assert.equal(action.resourceTypes, 'none', name);
      assert.equal(isScopable(action), false, name);
    }
  });

  it('keeps "scopable despite the reference" to actions the reference lists with no resource type, and classifies them scopable', () => {
    assert.ok(SCOPABLE_DESPITE_REFERENCE.has('appsync:createapikey') && SCOPABLE_DESPITE_REFERENCE.has('appsync:deleteapikey'));
    for (const name of SCOPABLE_DESPITE_REFERENCE.keys()) {
      const action = lookupAction(name);
      assert.ok(action, `${name} exists`);
      // When AWS adds the type, the entry is redundant: remove it.
      assert.equal(action.resourceTypes, 'none', `${name} now has a resource type in the data; remove it from SCOPABLE_DESPITE_REFERENCE`);
      assert.equal(isScopable(action), true, name);
    }
  });

  it('finds no unreviewed gap: actions of serverless services with no resource type whose name starts with one of the service\'s types', () => {
    const unreviewed: string[] = [];
    for (const service of SERVERLESS_SERVICES) {
      const typeKeys = resourceTypesOfService(service).map((type) => type.key.toLowerCase().replace(/-/g, '')).filter((key) => key.length >= 3);
      for (const action of expandActionPattern(`${service}:*`) ?? []) {
        if (action.resourceTypes !== 'none' || action.accessLevel === 'List') continue;
        const match = /^(Create|Delete|Update|Get|Put|Flush|Start)([A-Z]\w*)$/.exec(action.name);
        if (!match) continue;
        const noun = match[2].toLowerCase();
        // Creating the top-level resource itself (CreateApi) names no ARN yet.
        const isGap = typeKeys.some((key) => noun.startsWith(key) && !(match[1] === 'Create' && noun.replace(/s$/, '') === key));
        const name = action.qualifiedName.toLowerCase();
        if (isGap && !SCOPABLE_DESPITE_REFERENCE.has(name) && !KEPT_AS_REFERENCE.has(name)) unreviewed.push(action.qualifiedName);
      }
    }
    assert.deepEqual(unreviewed, [], 'classify each in SCOPABLE_DESPITE_REFERENCE (with evidence) or KEPT_AS_REFERENCE (with why)');
  });
});

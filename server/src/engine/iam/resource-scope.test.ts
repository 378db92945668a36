import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookupAction } from './action-table';
import { everyResourceReached, isWildcardArn, parseArnPattern } from './resource-scope';

/** The type of `action` whose every resource `pattern` reaches, or '-'. */
function reach(action: string, pattern: string): string {
  return everyResourceReached(pattern, lookupAction(action)!)?.key ?? '-';
}

describe('resource scope: which ARN patterns reach every resource of a type', () => {
  it('reaches a whole type through a wildcard name, whatever the account or region', () => {
    assert.equal(reach('iam:PassRole', 'arn:aws:iam::123456789012:role/*'), 'role');
    assert.equal(reach('iam:PassRole', 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*'), 'role');
    assert.equal(reach('iam:PassRole', 'arn:aws:iam::*:*'), 'role');
    assert.equal(reach('dynamodb:GetItem', 'arn:aws:dynamodb:*:*:table/*'), 'table');
    assert.equal(reach('cognito-idp:AdminCreateUser', 'arn:aws:cognito-idp:*:*:userpool/*'), 'userpool');
    assert.equal(reach('ssm:GetParameter', 'arn:aws:ssm:*:*:parameter/*'), 'parameter');
    assert.equal(reach('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:*:*:secret:*'), 'Secret');
    assert.equal(reach('lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:123456789012:function:*'), 'function');
  });

  it('tells objects from buckets: arn:aws:s3:::* reaches both, arn:aws:s3:::*/* only objects', () => {
    assert.equal(reach('s3:GetObject', 'arn:aws:s3:::*'), 'object');
    assert.equal(reach('s3:GetObject', 'arn:aws:s3:::*/*'), 'object');
    assert.equal(reach('s3:ListBucket', 'arn:aws:s3:::*'), 'bucket');
    assert.equal(reach('s3:ListBucket', 'arn:aws:s3:::*/*'), '-');
  });

  it('does not call a prefix, one bucket, one table, an unresolved name or a nameless type "every"', () => {
    assert.equal(reach('iam:PassRole', 'arn:aws:iam::123456789012:role/app-*'), '-');
    assert.equal(reach('iam:PassRole', 'arn:aws:iam::123456789012:role/service-role/*'), '-');
    assert.equal(reach('iam:PassRole', 'arn:aws:iam::123456789012:role/*-prod'), '-');
    assert.equal(reach('s3:GetObject', 'arn:aws:s3:::my-bucket/*'), '-');
    assert.equal(reach('s3:GetObject', 'arn:aws:s3:::${Bucket}/*'), '-');
    assert.equal(reach('dynamodb:Query', 'arn:aws:dynamodb:*:*:table/Orders/index/*'), '-');
    assert.equal(reach('logs:PutLogEvents', 'arn:aws:logs:*:*:log-group:/aws/lambda/*'), '-');
    assert.equal(reach('mobiletargeting:PhoneNumberValidate', 'arn:aws:mobiletargeting:*:123456789012:phone/number/validate'), '-');
    // An empty region cannot match a type that has one (access points), and actions without a type take only '*'.
    assert.equal(reach('s3:GetAccessPointPolicy', 'arn:aws:s3:::*'), '-');
    assert.equal(reach('xray:PutTraceSegments', 'arn:aws:xray:*:*:*'), '-');
  });

  it('parses fields after masking placeholders, and knows a wildcard ARN', () => {
    assert.deepEqual(parseArnPattern('arn:${AWS::Partition}:iam::${AWS::AccountId}:role/*')?.resource, 'role/*');
    assert.equal(parseArnPattern('*'), undefined);
    assert.equal(isWildcardArn('arn:aws:sqs:*:123456789012:orders'), false);
    assert.equal(isWildcardArn('arn:aws:sqs:us-east-1:123456789012:*'), true);
  });
});

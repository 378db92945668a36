import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine';
import rule from './cognito-weak-password-policy';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: "CloudFormation: no policy (Cognito's default of 8 with every class), a long one, and one from a parameter",
      path: 'template.yaml',
      code: `Parameters:
  Length:
    Type: Number
Resources:
  Default:
    Type: AWS::Cognito::UserPool
    Properties:
      UsernameAttributes: [email]
  Long:
    Type: AWS::Cognito::UserPool
    Properties:
      Policies:
        PasswordPolicy:
          MinimumLength: 12
          RequireSymbols: false
  FromParameter:
    Type: AWS::Cognito::UserPool
    Properties:
      Policies:
        PasswordPolicy:
          MinimumLength: !Ref Length
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: 6 characters and no character classes (the DVSA shape)',
      path: 'template.yaml',
      code: `Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      Policies:
        PasswordPolicy:
          RequireLowercase: false
          RequireSymbols: false
          RequireNumbers: false
          MinimumLength: 6
#                        ^ cognito-weak-password-policy:short
          RequireUppercase: false
`,
      errors: [{ messageId: 'short', data: { pool: 'Users', length: '6', classes: ', and requires no upper-case letters, lower-case letters, numbers or symbols' } }],
    },
    {
      name: 'serverless.yml: a short minimum in resources; cdk-nag does not read serverless.yml',
      path: 'serverless.yml',
      code: `service: app
provider:
  name: aws
functions:
  api:
    handler: h.api
resources:
  Resources:
    Users:
      Type: AWS::Cognito::UserPool
      Properties:
        Policies:
          PasswordPolicy:
            MinimumLength: 7
#                          ^ cognito-weak-password-policy:short
`,
      errors: [{ messageId: 'short', data: { length: '7', classes: '' } }],
    },
  ],
});

describe('cognito-weak-password-policy equivalents', () => {
  const pool = (minimum: string) => `Resources:\n  Users:\n    Type: AWS::Cognito::UserPool\n    Properties:\n      Policies:\n        PasswordPolicy:\n          MinimumLength: ${minimum}\n`;
  const equivalentsOf = (path: string, text: string) => analyze({ path, text, rules: [rule] }).findings.map((finding) => finding.equivalents);
  it('names cdk-nag COG1 on a written number in a CloudFormation template, and nowhere else', () => {
    assert.deepEqual(equivalentsOf('template.yaml', pool('6')), [['AwsSolutions-COG1']]);
    const serverless = `service: app\nprovider:\n  name: aws\nfunctions:\n  api:\n    handler: h.api\nresources:\n${pool('6').replace(/^/gm, '  ')}`;
    assert.deepEqual(equivalentsOf('serverless.yml', serverless), [[]]);
  });
});

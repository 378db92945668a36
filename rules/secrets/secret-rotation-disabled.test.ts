import rule from './secret-rotation-disabled';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: rotated directly and through a SecretTargetAttachment',
      path: 'template.yaml',
      code: `Transform: AWS::SecretsManager-2020-07-23
Resources:
  ApiSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        PasswordLength: 32
  ApiRotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref ApiSecret
      RotationLambdaARN: !GetAtt Rotator.Arn
      RotationRules:
        AutomaticallyAfterDays: 30
  DbSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        SecretStringTemplate: '{"username": "admin"}'
        GenerateStringKey: password
  DbAttachment:
    Type: AWS::SecretsManager::SecretTargetAttachment
    Properties:
      SecretId: !Ref DbSecret
      TargetId: !Ref Database
      TargetType: AWS::RDS::DBInstance
  DbRotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref DbAttachment
      HostedRotationLambda:
        RotationType: PostgreSQLSingleUser
      RotationRules:
        AutomaticallyAfterDays: 30
`,
    },
    {
      name: 'CloudFormation: a schedule whose target cannot be read may rotate any secret',
      path: 'template.yaml',
      code: `Resources:
  ApiSecret:
    Type: AWS::SecretsManager::Secret
    Properties:
      Name: api-key
  Rotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: api-key
      RotationLambdaARN: !ImportValue rotator-arn
`,
    },
    {
      name: 'CloudFormation: RDS managing its own master password has no secret in the template',
      path: 'template.yaml',
      code: `Resources:
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MasterUsername: admin
      ManageMasterUserPassword: true
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation: a generated database password without rotation names the database',
      path: 'template.yaml',
      code: `Resources:
  DbSecret:
# ^^^^^^^^ secret-rotation-disabled:databaseSecret
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        SecretStringTemplate: '{"username": "admin"}'
        GenerateStringKey: password
  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      MasterUsername: admin
      MasterUserPassword: !Sub '{{resolve:secretsmanager:\${DbSecret}:SecretString:password}}'
`,
      errors: [{ messageId: 'databaseSecret', data: { resource: 'DbSecret', database: 'Database', when: '' } }],
    },
    {
      name: 'CloudFormation: the schedule only exists when a condition is true',
      path: 'template.yaml',
      code: `Conditions:
  IsProd: !Equals [!Ref AWS::StackName, prod]
Resources:
  ApiSecret:
# ^^^^^^^^^ secret-rotation-disabled:noRotation
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        PasswordLength: 32
  Rotation:
    Type: AWS::SecretsManager::RotationSchedule
    Condition: IsProd
    Properties:
      SecretId: !Ref ApiSecret
      RotationLambdaARN: !GetAtt Rotator.Arn
`,
      errors: [{ messageId: 'noRotation', data: { resource: 'ApiSecret', when: ' when condition IsProd is false' } }],
    },
    {
      name: 'serverless.yml: a third-party API key in resources.Resources, and a rotation of another secret',
      path: 'serverless.yml',
      code: `service: payments
provider:
  name: aws
resources:
  Resources:
    StripeKey:
#   ^^^^^^^^^ secret-rotation-disabled:noRotation
      Type: AWS::SecretsManager::Secret
      Properties:
        SecretString: \${param:stripeKey}
    SigningKey:
      Type: AWS::SecretsManager::Secret
      Properties:
        GenerateSecretString:
          PasswordLength: 64
    SigningRotation:
      Type: AWS::SecretsManager::RotationSchedule
      Properties:
        SecretId: !Ref SigningKey
        RotationLambdaARN: !GetAtt RotateLambdaFunction.Arn
`,
      errors: [{ messageId: 'noRotation', data: { resource: 'StripeKey', when: '' } }],
    },
    {
      name: 'SAM: a secret attached to an Aurora cluster',
      path: 'template.yaml',
      code: `Transform: AWS::Serverless-2016-10-31
Resources:
  ClusterSecret:
# ^^^^^^^^^^^^^ secret-rotation-disabled:databaseSecret
    Type: AWS::SecretsManager::Secret
    Properties:
      GenerateSecretString:
        SecretStringTemplate: '{"username": "app"}'
        GenerateStringKey: password
  Attachment:
    Type: AWS::SecretsManager::SecretTargetAttachment
    Properties:
      SecretId: !Ref ClusterSecret
      TargetId: !Ref Cluster
      TargetType: AWS::RDS::DBCluster
  Handler:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
`,
      errors: [{ messageId: 'databaseSecret', data: { database: 'Cluster' } }],
    },
    {
      name: 'CloudFormation JSON: a secret used with Fn::Join in a DocumentDB password',
      path: 'template.json',
      code: `{
  "Resources": {
    "DocSecret": {
//  ^^^^^^^^^^^ secret-rotation-disabled:databaseSecret
      "Type": "AWS::SecretsManager::Secret",
      "Properties": { "GenerateSecretString": { "PasswordLength": 32 } }
    },
    "Docs": {
      "Type": "AWS::DocDB::DBCluster",
      "Properties": {
        "MasterUsername": "admin",
        "MasterUserPassword": { "Fn::Join": ["", ["{{resolve:secretsmanager:", { "Ref": "DocSecret" }, ":SecretString}}"]] }
      }
    }
  }
}`,
      errors: [{ messageId: 'databaseSecret', data: { resource: 'DocSecret', database: 'Docs' } }],
    },
  ],
});

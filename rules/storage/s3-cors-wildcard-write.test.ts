import rule from './s3-cors-wildcard-write';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'CloudFormation: origin * for reads only, and writes only for a named origin or a subdomain pattern',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedOrigins: ['*']
            AllowedMethods: [GET, HEAD]
          - AllowedOrigins: [https://app.example.com, 'https://*.example.com']
            AllowedMethods: [PUT, POST, DELETE]
  Plain:
    Type: AWS::S3::Bucket
`,
    },
  ],
  invalid: [
    {
      name: 'CloudFormation YAML: presigned uploads from any origin',
      path: 'template.yaml',
      code: `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - AllowedHeaders: ['*']
            AllowedMethods: [GET, PUT, POST]
            AllowedOrigins: ['*']
#                            ^^^ s3-cors-wildcard-write:wildcardWrite
`,
      errors: [{ messageId: 'wildcardWrite', data: { bucket: 'Uploads', methods: 'PUT, POST' } }],
    },
    {
      name: 'serverless.yml resources: DELETE for any origin, lower-case method',
      path: 'serverless.yml',
      code: `service: files
provider:
  name: aws
resources:
  Resources:
    Files:
      Type: AWS::S3::Bucket
      Properties:
        CorsConfiguration:
          CorsRules:
            - AllowedOrigins:
                - '*'
#                 ^^^ s3-cors-wildcard-write:wildcardWrite
              AllowedMethods:
                - delete
`,
      errors: [{ messageId: 'wildcardWrite', data: { methods: 'DELETE' } }],
    },
    {
      name: 'SAM JSON: origin * only on one branch of a condition',
      path: 'template.json',
      code: `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Conditions": { "IsDev": { "Fn::Equals": [{ "Ref": "Stage" }, "dev"] } },
  "Resources": {
    "Uploads": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "CorsConfiguration": {
          "CorsRules": [
            { "AllowedOrigins": [{ "Fn::If": ["IsDev", "*", "https://app.example.com"] }], "AllowedMethods": ["PUT"] }
//                                                     ^^^ s3-cors-wildcard-write:wildcardWrite
          ]
        }
      }
    }
  }
}`,
      errors: [{ messageId: 'wildcardWrite', data: { when: ' when condition IsDev is true' } }],
    },
  ],
});

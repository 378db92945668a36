import rule from './aws-credentials-in-provider';
import { testRule } from '../support/rule-tester';

testRule(rule, {
  valid: [
    {
      name: 'serverless: a profile, and credentials from the environment or SSM',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  profile: orders-deployer
  environment:
    AWS_ACCESS_KEY_ID: \${env:AWS_ACCESS_KEY_ID}
    AWS_SECRET_ACCESS_KEY: \${ssm:/orders/deployer-secret}
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1'
functions:
  a:
    handler: a.h
`,
    },
    {
      name: 'serverless: placeholders in a sample',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  credentials:
    accessKeyId: YOUR_ACCESS_KEY_ID
    secretAccessKey: <your-secret-key>
`,
    },
  ],
  invalid: [
    {
      name: 'serverless: provider.credentials and keys in provider.environment',
      path: 'serverless.yml',
      code: `service: orders
custom:
  deployerSecret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEYz
provider:
  name: aws
  credentials:
    accessKeyId: AKIAIOSFODNN7ABCDEFG
#                ^^^^^^^^^^^^^^^^^^^^ aws-credentials-in-provider:accessKeyId
    secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYzABCDEFGHIJK
#                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ aws-credentials-in-provider:credentialValue
  environment:
    AWS_ACCESS_KEY_ID: ASIAIOSFODNN7ABCDEFG # temporary key
#                      ^^^^^^^^^^^^^^^^^^^^ aws-credentials-in-provider:accessKeyId
    AWS_SECRET_ACCESS_KEY: \${self:custom.deployerSecret}
functions:
  a:
    handler: a.h
`,
      errors: [
        { messageId: 'accessKeyId', data: { path: 'credentials.accessKeyId' } },
        { messageId: 'credentialValue', data: { path: 'credentials.secretAccessKey' } },
        { messageId: 'accessKeyId', data: { path: 'environment.AWS_ACCESS_KEY_ID' } },
      ],
    },
    {
      name: 'serverless: a secret access key resolved through custom',
      path: 'serverless.yml',
      code: `service: orders
custom:
  deployerSecret: wJalrXUtnFEMI/K7MDENG/bPxRfiCYzABCDEFGHIJK
provider:
  name: aws
  environment:
    AWS_SECRET_ACCESS_KEY: \${self:custom.deployerSecret}
#                          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ aws-credentials-in-provider:credentialValue
`,
      errors: [{ messageId: 'credentialValue', data: { path: 'environment.AWS_SECRET_ACCESS_KEY' } }],
    },
    {
      name: 'serverless.json: credentials in the provider',
      path: 'serverless.json',
      code: `{
  "service": "orders",
  "provider": {
    "name": "aws",
    "credentials": { "accessKeyId": "AKIAIOSFODNN7ABCDEFG", "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzABCDEFGHIJK" }
//                                  ^^^^^^^^^^^^^^^^^^^^^^ aws-credentials-in-provider:accessKeyId
//                                                                             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ aws-credentials-in-provider:credentialValue
  }
}
`,
      errors: [{ messageId: 'accessKeyId' }, { messageId: 'credentialValue' }],
    },
    {
      name: 'serverless: an access key anywhere in provider',
      path: 'serverless.yml',
      code: `service: orders
provider:
  name: aws
  deploymentBucket:
    tags:
      owner: AKIAIOSFODNN7ABCDEFG
#            ^^^^^^^^^^^^^^^^^^^^ aws-credentials-in-provider:accessKeyId
`,
      errors: [{ messageId: 'accessKeyId' }],
    },
  ],
});

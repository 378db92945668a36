/**
 * Sensitive fields (password, card number, CVV, SSN, token, secret, API key) written to DynamoDB
 * (`Item`, `ExpressionAttributeValues`), S3 (`Body`), SQS (`MessageBody`) or SNS (`Message`) in plain
 * text. A value produced by bcrypt, argon2, scrypt, pbkdf2, `crypto.createHash`/`createHmac`,
 * `createCipheriv` or KMS `Encrypt` (directly or through the variable it was assigned to) is protected.
 */
import { defineCodeRule } from '../../server/src/engine/code-rule';

export default defineCodeRule({
  meta: {
    id: 'code-sensitive-field-plaintext',
    title: 'Sensitive field stored or sent in plain text',
    category: 'storage',
    severity: 'warning',
    confidence: 'medium',
    description:
      'Encryption at rest protects the disk, not the data from whoever can read the table, bucket or queue: every IAM principal with read access, every backup, export and stream consumer sees a plain password or card number. A leaked password table becomes every user\'s password on other sites.',
    remediation:
      'Hash passwords with bcrypt, argon2 or scrypt (a per-user salt is built in) and store only the hash. Do not store card numbers or CVVs at all (use the payment provider\'s token); encrypt other sensitive fields with KMS or the AWS Encryption SDK before writing them.',
    // CodeQL's js/clear-text-storage-of-sensitive-data (CleartextStorageCustomizations.qll) has cookie, web storage
    // and AngularJS sinks only: never a DynamoDB, S3, SQS or SNS write. Not claimed.
    equivalents: [],
    references: ['OWASP-Serverless-A3', 'SAS-7', 'CWE-312', 'CWE-256', 'https://docs.aws.amazon.com/encryption-sdk/latest/developer-guide/introduction.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      plaintextField: 'The {{category}} `{{field}}` is written to {{service}} ({{parameter}}) without hashing or encryption.',
    },
    fix: 'none',
  },
  checkCode(context) {
    for (const write of context.code.sensitiveWrites) {
      if (write.location.path) continue;
      context.report({ messageId: 'plaintextField', data: { category: write.category, field: write.field, service: write.service, parameter: write.parameter }, range: write.location.range, handler: write.handler });
    }
  },
});

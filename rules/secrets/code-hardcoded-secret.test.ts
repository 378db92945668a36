import rule from './code-hardcoded-secret';
import { binding, testCodeRule } from '../support/code-facts-tester';

testCodeRule(rule, {
  valid: [
    {
      name: 'secrets read from the environment or Secrets Manager',
      code: `const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager');
const jwt = require('jsonwebtoken');
const secret = process.env.JWT_SECRET;
const apiKeyHeader = 'x-api-key';
const PASSWORD_PARAM = '/orders/prod/db-password';
exports.handler = async (event) => {
  const sm = new SecretsManagerClient({});
  const { SecretString } = await sm.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ARN }));
  return jwt.sign({ sub: 'x' }, secret);
};`,
    },
    {
      name: 'placeholders, messages, names and schema types are not secrets',
      code: `const config = {
  password: 'changeme',
  apiKey: 'YOUR_API_KEY',
  token: 'Token is required.',
  secret: '<your-secret>',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  tokenField: 'accessToken',
  passwordMessage: 'Password must be at least 8 characters long',
  tokenError: 'Expired!',
  passwordPrompt: 'Password:',
  secretLabel: 'Secret key...',
};
const schema = { password: 'string', token: 'string' };
const DB_URL = 'postgres://user:password@localhost:5432/db';
exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(config) });`,
    },
    {
      name: 'test fixtures by name are not credentials',
      code: `const TEST_PASSWORD = 'hunter2-for-tests';
const exampleToken = 'abc123def456';
module.exports = { TEST_PASSWORD, exampleToken };`,
    },
  ],
  invalid: [
    {
      name: 'a secret-named variable, property and header',
      code: `const axios = require('axios');
const DB_PASSWORD = 's3cr3t-Pa55';
const client = { clientSecret: 'f7a1c9e2b4d84f0a' };
exports.handler = async () => axios.get('https://api.partner.com', { headers: { 'x-api-key': 'a1b2c3d4e5f6a7b8', Authorization: 'Bearer 9f8e7d6c5b4a3f2e1d0c' } });`,
      errors: [
        { messageId: 'secretByName', text: "'s3cr3t-Pa55'" },
        { messageId: 'secretByName', text: "'f7a1c9e2b4d84f0a'" },
        { messageId: 'secretByName', text: "'a1b2c3d4e5f6a7b8'" },
        { messageId: 'secretByName', text: "'Bearer 9f8e7d6c5b4a3f2e1d0c'" },
      ],
    },
    {
      name: 'a password that ends with a symbol, in a database configuration (the Wild Rydes workshop\'s)',
      code: `const mysql = require('mysql');
class Database {
  getDbConfig() {
    return new Promise((resolve) => resolve({ host: 'db.internal', user: 'admin', password: 'Corp123!', database: 'unicorns' }));
  }
}
module.exports = { connect: () => new Database().getDbConfig().then((config) => mysql.createConnection(config)) };`,
      errors: [{ messageId: 'secretByName', text: "'Corp123!'" }],
    },
    {
      name: 'provider shapes, whatever the name: AWS key id, Stripe live key, private key',
      code: `const AWS = require('aws-sdk');
const s3 = new AWS.S3({ accessKeyId: 'AKIA2E0A8F3B244C9986', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8Ab3Lm9X' });
const stripe = require('stripe')('sk_live_4eC39HqLyjWDarjtT1zdp7dc');
const pem = \`-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA...
-----END RSA PRIVATE KEY-----\`;`,
      errors: [
        { messageId: 'secretByShape', text: "'AKIA2E0A8F3B244C9986'" },
        { messageId: 'secretByName', text: "'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8Ab3Lm9X'" },
        { messageId: 'secretByShape', text: "'sk_live_4eC39HqLyjWDarjtT1zdp7dc'" },
        { messageId: 'secretByShape', text: '`-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----`' },
      ],
    },
    {
      name: 'a JWT signing key as a literal argument, and a connection string with a password',
      code: `const jwt = require('jsonwebtoken');
const mongoose = require('mongoose');
mongoose.connect('mongodb://admin:Xk29fj3Lq@cluster0.mongodb.net/shop');
exports.handler = async (event) => ({ statusCode: 200, body: jwt.sign({ sub: event.id }, 'shhhhh') });`,
      errors: [
        { messageId: 'secretByShape', text: "'mongodb://admin:Xk29fj3Lq@cluster0.mongodb.net/shop'" },
        { messageId: 'secretByName', text: "'shhhhh'" },
      ],
    },
    {
      name: 'a fallback for a variable the template never sets is an error',
      code: `const jwt = require('jsonwebtoken');
const JWT_SECRET = process.env.JWT_SECRET || '3ee058420bc2';
exports.handler = async (event) => jwt.verify(event.headers.authorization, JWT_SECRET);`,
      bindings: [binding({ environment: ['TABLE_NAME'] })],
      errors: [{ messageId: 'fallbackNotSet', text: "'3ee058420bc2'", handler: 'handler' }],
    },
    {
      name: 'a fallback the template sets, or with no template, is a warning; ?? and destructuring defaults count',
      code: `const secret = process.env.JWT_SECRET ?? '3ee058420bc2';
const { API_TOKEN = 'tok_8d7f6e5a4b3c' } = process.env;
exports.handler = async () => ({ statusCode: 200 });`,
      bindings: [binding({ environment: ['JWT_SECRET', 'API_TOKEN'] })],
      errors: [
        { messageId: 'fallback', text: "'3ee058420bc2'" },
        { messageId: 'fallback', text: "'tok_8d7f6e5a4b3c'" },
      ],
    },
  ],
});

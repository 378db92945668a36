import rule from './code-tls-verification-disabled';
import { testCodeRule } from '../support/code-facts-tester';

testCodeRule(rule, {
  valid: [
    {
      name: 'verification on, and a private CA given',
      code: `const https = require('https');
const { Pool } = require('pg');
const agent = new https.Agent({ rejectUnauthorized: true });
const pool = new Pool({ ssl: { ca: process.env.RDS_CA } });
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '1';`,
    },
  ],
  invalid: [
    {
      name: 'rejectUnauthorized: false on an agent and a pg pool, strictSSL: false on request',
      code: `const https = require('https');
const { Pool } = require('pg');
const request = require('request');
const agent = new https.Agent({ rejectUnauthorized: false });
const pool = new Pool({ host: process.env.DB_HOST, ssl: { rejectUnauthorized: false } });
request({ url: 'https://x.partner.com', strictSSL: false });`,
      errors: [
        { messageId: 'optionDisabled', text: 'rejectUnauthorized: false' },
        { messageId: 'optionDisabled', text: 'rejectUnauthorized: false' },
        { messageId: 'optionDisabled', text: 'strictSSL: false' },
      ],
    },
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED set to 0 for the whole process',
      code: `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0;
exports.handler = async () => {};`,
      errors: [
        { messageId: 'processWide', text: "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'" },
        { messageId: 'processWide', text: "process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = 0" },
      ],
    },
  ],
});

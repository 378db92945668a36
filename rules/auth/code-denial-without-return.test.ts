import rule from './code-denial-without-return';
import { binding, testCodeRule } from '../support/code-facts-tester';

testCodeRule(rule, {
  valid: [
    {
      name: 'denials that return, throw, or guard an else',
      code: `exports.a = (event, context, callback) => {
  if (event.headers.secret !== process.env.SECRET) return callback(null, { statusCode: 401, body: 'Unauthorized' });
  doAdminWork();
};
exports.b = (event, context, callback) => {
  if (!event.headers.secret) {
    callback(null, { statusCode: 403 });
    return;
  }
  doAdminWork();
};
exports.c = (event, context, callback) => {
  if (!event.headers.secret) {
    callback(null, { statusCode: 401 });
  } else {
    doAdminWork();
  }
};
exports.d = (event, context, callback) => {
  if (!event.headers.secret) {
    callback(new Error('Unauthorized'));
    throw new Error('stop');
  }
  doAdminWork();
};`,
    },
    {
      name: 'a refusal followed only by logging, a non-denial status, and a callback inside a nested function',
      code: `exports.a = (event, context, callback) => {
  if (!event.headers.secret) callback(null, { statusCode: 401 });
  console.log('checked');
};
exports.b = (event, context, callback) => {
  if (!event.body) callback(null, { statusCode: 200 });
  doWork();
};
exports.c = (event, context, callback) => {
  db.get(event.id, (error) => {
    if (error) {
      callback(null, { statusCode: 403 });
    }
  });
  doWork();
};`,
    },
  ],
  invalid: [
    {
      name: 'serverless-goof: a wrong admin secret gets a 401, and the backup function is invoked anyway',
      code: `const AWS = require('aws-sdk');
const adminSecret = process.env.ADMIN_SECRET;
module.exports.api = (event, context, callback) => {
  if (!event.queryStringParameters || event.queryStringParameters.secret != adminSecret) {
    const errResponse = { statusCode: 401, body: 'Invalid admin token' };
    callback(null, errResponse);
  }
  var lambda = new AWS.Lambda();
  lambda.invoke({ FunctionName: 'backup', Payload: JSON.stringify(event) }, () => callback(null, { statusCode: 200 }));
};`,
      bindings: [binding({ exportName: 'api' })],
      errors: [{ messageId: 'fallsThrough', text: 'callback(null, errResponse)', handler: 'api' }],
    },
    {
      name: 'context.fail, context.succeed and an error given to the callback, each followed by work',
      code: `exports.a = (event, context) => {
  if (!event.headers.Authorization) context.fail('Unauthorized');
  deleteEverything(event.pathParameters.id);
};
exports.b = (event, context) => {
  if (!event.headers.Authorization) { context.succeed({ statusCode: '403', body: 'no' }); }
  deleteEverything(event.pathParameters.id);
};
exports.c = function (event, context, done) {
  if (event.requestContext.authorizer.claims['cognito:groups'] !== 'admin') done(new Error('Forbidden: admins only'));
  if (event.pathParameters) {
    deleteEverything(event.pathParameters.id);
  }
};`,
      errors: [
        { messageId: 'fallsThrough', text: "context.fail('Unauthorized')" },
        { messageId: 'fallsThrough', text: "context.succeed({ statusCode: '403', body: 'no' })" },
        { messageId: 'fallsThrough', text: "done(new Error('Forbidden: admins only'))" },
      ],
    },
  ],
});

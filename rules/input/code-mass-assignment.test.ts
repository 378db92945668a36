import rule from './code-mass-assignment';
import { binding, testCodeRule } from '../support/code-facts-tester';

testCodeRule(rule, {
  valid: [
    {
      name: 'the item built field by field, with the owner from the authorizer',
      code: `const AWS = require('aws-sdk');
const db = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event) => {
  const body = JSON.parse(event.body);
  const item = { id: uuid(), name: body.name, quantity: Number(body.quantity), userId: event.requestContext.authorizer.claims.sub };
  await db.put({ TableName: process.env.TABLE, Item: item }).promise();
  return { statusCode: 201 };
};`,
    },
    {
      name: 'a validated value stored, and a spread of something that is not the body',
      code: `exports.handler = async (event) => {
  const defaults = { status: 'new' };
  await db.put({ TableName: 't', Item: { ...defaults, id: '1' } }).promise();
  await orders.insertOne({ ...defaults });
};`,
    },
  ],
  invalid: [
    {
      name: 'Item: JSON.parse(event.body), Item: body and a spread, on a public route',
      code: `const AWS = require('aws-sdk');
const db = new AWS.DynamoDB.DocumentClient();
exports.handler = async (event) => {
  await db.put({ TableName: 't', Item: JSON.parse(event.body) }).promise();
  const body = JSON.parse(event.body);
  await db.put({ TableName: 't', Item: body }).promise();
  await db.put({ TableName: 't', Item: { ...body, id: uuid() } }).promise();
  await db.put({ TableName: 't', Item: { id: uuid(), ...body } }).promise();
};`,
      bindings: [binding()],
      errors: [
        { messageId: 'wholeBody', text: 'JSON.parse(event.body)', handler: 'handler' },
        { messageId: 'wholeBody', text: 'body', handler: 'handler' },
        { messageId: 'spreadBody', text: '{ ...body, id: uuid() }', handler: 'handler' },
        { messageId: 'spreadBody', text: '{ id: uuid(), ...body }', handler: 'handler' },
      ],
    },
    {
      name: 'Mongo insertOne, Sequelize create and Prisma data in a serverless-http app',
      code: `const serverless = require('serverless-http');
const app = require('express')();
app.post('/users', async (req, res) => {
  await db.collection('users').insertOne(req.body);
  await User.create({ ...req.body });
  await prisma.user.create({ data: req.body });
  res.json({ ok: true });
});
module.exports.handler = serverless(app);`,
      errors: [
        { messageId: 'wholeBody', text: 'req.body' },
        { messageId: 'wholeBody', text: '{ ...req.body }' },
        { messageId: 'wholeBody', text: 'req.body' },
      ],
    },
  ],
});

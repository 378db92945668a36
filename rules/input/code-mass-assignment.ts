/**
 * The request body stored as it is: `Item: body`, `Item: JSON.parse(event.body)`, `{ ...body, id }`,
 * Mongo `insertOne(body)`, Sequelize or Mongoose `create(body)`, Prisma `data: body`. The caller then
 * chooses every stored field, including the ones the code never meant to take from them (`userId`,
 * `role`, `price`). Information: whether that matters depends on what the table holds.
 */
import { defineCodeRule } from '../../server/src/engine/code-rule';

export default defineCodeRule({
  meta: {
    id: 'code-mass-assignment',
    title: 'Request body stored as it is (mass assignment)',
    category: 'input',
    severity: 'info',
    confidence: 'medium',
    description:
      'When the parsed body becomes the stored item, the caller sets any attribute: an owner id that grants access to another user\'s data, a role, a price, a status or a verified flag. Spreading the body before the fields the code sets still lets the caller set every other attribute; spreading it last lets them override those too.',
    remediation:
      'Build the item from the fields you accept, one by one (`{ id, name: body.name, quantity: body.quantity, userId: claims.sub }`), or validate the body with a schema that strips unknown keys (zod, joi) and store the validated value.',
    // Not claimed: Semgrep's dynamodb-request-object sanitises any object literal, and the body stored here sits in the
    // params literal (`{ TableName, Item: body }`).
    equivalents: [],
    references: ['OWASP-Serverless-A5', 'SAS-9', 'CWE-915', 'https://owasp.org/API-Security/editions/2023/en/0xa3-broken-object-property-level-authorization/'],
    languages: ['javascript', 'typescript'],
    messages: {
      wholeBody: 'The request body is stored as it is in {{store}} (`{{what}}`){{exposure}}: the caller chooses every attribute. Pick the fields you accept.',
      spreadBody: 'The request body is spread into the item stored in {{store}} (`{{what}}`){{exposure}}: the caller sets {{which}}. Pick the fields you accept.',
    },
    fix: 'none',
  },
  checkCode(context) {
    for (const fact of context.code.massAssignments) {
      if (fact.location.path) continue;
      const binding = context.bindings.find((entry) => entry.exportName === fact.handler);
      const exposure = binding?.exposure === 'public' ? ` (${binding.exposureReason})` : '';
      const data = { store: fact.store, what: fact.what, exposure };
      if (fact.shape === 'whole') context.report({ messageId: 'wholeBody', data, range: fact.location.range, handler: fact.handler });
      else context.report({ messageId: 'spreadBody', data: { ...data, which: fact.shape === 'spread-last' ? 'every attribute, overriding the ones the code sets before it' : 'every attribute the code does not set after it' }, range: fact.location.range, handler: fact.handler });
    }
  },
});

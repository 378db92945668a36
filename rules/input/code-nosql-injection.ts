/**
 * Event input that shapes a NoSQL query rather than filling its values: DynamoDB expressions
 * (`FilterExpression`, `KeyConditionExpression`, `UpdateExpression`, `ConditionExpression`), PartiQL
 * `Statement`, a `TableName` from the event, and MongoDB `$where`.
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';

export default defineCodeRule({
  meta: {
    id: 'code-nosql-injection',
    title: 'Event input shapes a NoSQL query',
    category: 'input',
    severity: 'error',
    severityFollowsExposure: true,
    confidence: 'medium',
    description:
      'DynamoDB expressions and PartiQL statements are a query language: input written into them (instead of into `ExpressionAttributeValues` or parameters) can widen a filter, drop a condition or update other attributes; a table name from the event reaches any table the role can read; `$where` runs JavaScript in MongoDB.',
    remediation:
      'Keep expressions constant and pass input through `ExpressionAttributeValues`/`ExpressionAttributeNames` or PartiQL `Parameters`; choose table names from an allow-list; never build `$where` from input.',
    // Not claimed: Semgrep's dynamodb-request-object sanitises any object literal (`{...}`), and our sinks are properties
    // of the params literal; Sonar's S5147 is a rule of its closed taint engine, whose sources we cannot read.
    equivalents: [],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-943', 'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ExpressionAttributeValues.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedNosql:
        '{{source}} is built into {{sink}} in handler `{{handler}}` ({{trigger}}): the caller can change what the query selects or updates.',
    },
    fix: 'none',
  },
  checkCode: (context) => reportFlowsInto(context, 'nosql', 'taintedNosql'),
});

/**
 * Event input built into a SQL string: `query`/`execute` of mysql, mysql2, pg, mssql, sqlite and the
 * like, `knex.raw`, `sequelize.query`, TypeORM `query` and the RDS Data API `sql`.
 * The flow itself comes from the code model; this file is the rule's metadata and its check.
 */
import { defineCodeRule } from '../../server/src/engine';
import { reportFlowsInto } from './support/code-flows';
import { namingSemgrepLambda } from './support/semgrep-lambda';

export default defineCodeRule({
  meta: {
    id: 'code-sql-injection',
    title: 'Event input is built into a SQL string',
    category: 'input',
    severity: 'error',
    severityFollowsExposure: true,
    confidence: 'high',
    description:
      'A query built by concatenation or a template string lets the caller close the literal and add SQL of their own: read other tenants\' rows, change or delete data, or (with some drivers) run several statements.',
    remediation:
      'Pass the values as parameters (`$1`, `?`, `:name` with `parameters`/replacements) and build identifiers (table or column names) only from an allow-list.',
    // Semgrep's rules only where their source and sinks reach (support/semgrep-lambda.ts); Sonar's S3649 is a rule of
    // its closed taint engine, whose sources we cannot read: not claimed.
    equivalents: [],
    findingEquivalents: ['javascript.aws-lambda.security.tainted-sql-string', 'javascript.aws-lambda.security.mysql-sqli', 'javascript.aws-lambda.security.pg-sqli', 'javascript.aws-lambda.security.knex-sqli', 'javascript.aws-lambda.security.sequelize-sqli'],
    references: ['OWASP-Serverless-A1', 'SAS-1', 'CWE-89', 'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html'],
    languages: ['javascript', 'typescript'],
    messages: {
      taintedSql:
        '{{source}} is built into the SQL of {{sink}} in handler `{{handler}}` ({{trigger}}): the caller can change what the query reads or writes.',
    },
    fix: 'none',
  },
  checkCode: (context) => reportFlowsInto(namingSemgrepLambda(context, 'sql'), 'sql', 'taintedSql'),
});

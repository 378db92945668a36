/**
 * The client's Markdown audit report, rendered from a report object: counts,
 * the endpoint inventory table and findings per file, with template text
 * escaped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderAuditReport } from '../../client/src/audit-report';
import type { AuditReport } from '../../client/src/protocol';

const report: AuditReport = {
  version: 1,
  files: ['/ws/serverless.yml', '/ws/stacks/template.json'],
  findings: [
    {
      ruleId: 'route-missing-auth',
      messageId: 'missingAuth',
      message: 'GET /orders has no authorization: anyone on the internet can invoke it.',
      severity: 'error',
      category: 'auth',
      path: '/ws/serverless.yml',
      start: { line: 8, character: 8 },
      end: { line: 8, character: 12 },
      equivalents: ['CKV_AWS_59'],
      docsUrl: 'https://example.test/rules/auth/route-missing-auth.md',
    },
    {
      ruleId: 'iam-wildcard-action',
      messageId: 'wildcard',
      message: 'The role allows `*` on <all> resources | really',
      severity: 'warning',
      category: 'iam',
      path: '/ws/stacks/template.json',
      start: { line: 20, character: 4 },
      end: { line: 20, character: 10 },
      equivalents: [],
      docsUrl: '',
    },
  ],
  endpoints: [
    { kind: 'rest', method: 'GET', path: '/ws/serverless.yml', route: '/orders', auth: 'none', functionName: 'listOrders', resource: 'functions.listOrders', line: 8, findings: ['route-missing-auth'] },
    { kind: 'http', method: 'POST', path: '/ws/stacks/template.json', route: '/a|b', auth: 'jwt', authorizer: 'Cognito', resource: 'Route', line: 30, findings: [] },
  ],
  skipped: [{ path: '/ws/big.json', reason: 'larger than 5 MB, not analysed' }],
  suppressed: [],
  internalErrors: [],
  counts: { bySeverity: { error: 1, warning: 1, info: 0 }, byCategory: { auth: 1, iam: 1, storage: 0 } },
};

describe('the Markdown audit report', () => {
  const markdown = renderAuditReport(report, { displayPath: (path) => path.replace('/ws/', '') });
  const lines = markdown.split('\n');

  it('opens with the heading and the counts', () => {
    assert.equal(lines[0], '# Serverless Ward audit');
    assert.ok(lines.includes('2 templates analysed, 2 findings (1 error, 1 warning, 0 info), 0 suppressed, 1 file skipped.'));
    assert.ok(lines.includes('| error | 1 |') && lines.includes('| warning | 1 |') && lines.includes('| info | 0 |'));
    assert.ok(lines.includes('| auth | 1 |') && lines.includes('| iam | 1 |') && lines.includes('| storage | 0 |'));
  });

  it('lists endpoints with method, path, auth, function, findings and file:line (1-based)', () => {
    const start = lines.indexOf('## Endpoint inventory');
    assert.ok(start > 0);
    assert.deepEqual(lines.slice(start + 2, start + 6), [
      '| Method | Path | Auth | Function | Findings | File |',
      '| --- | --- | --- | --- | --- | --- |',
      '| GET | /orders | none | listOrders | `route-missing-auth` | serverless.yml:9 |',
      '| POST | /a\\|b | jwt (Cognito) | — | — | stacks/template.json:31 |',
    ]);
  });

  it('lists findings per file, escaping template text', () => {
    const start = lines.indexOf('## Findings');
    assert.deepEqual(lines.slice(start + 2, start + 9), [
      '### serverless.yml',
      '',
      '- **error** `route-missing-auth` serverless.yml:9: GET /orders has no authorization: anyone on the internet can invoke it. ([docs](https://example.test/rules/auth/route-missing-auth.md))',
      '',
      '### stacks/template.json',
      '',
      '- **warning** `iam-wildcard-action` stacks/template.json:21: The role allows \\`\\*\\` on \\<all\\> resources | really',
    ]);
    assert.ok(lines.includes('## Skipped files'));
    assert.ok(lines.includes('- big.json: larger than 5 MB, not analysed'));
  });
});

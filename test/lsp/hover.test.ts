/**
 * Hover over a finding: the rule's title, why it matters, how to fix it, the
 * same check in other tools, references and the doc link, as Markdown.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MarkupKind, type MarkupContent } from 'vscode-languageserver/node';
import { allRules } from '../../rules/index';
import { SERVERLESS_OPEN_ROUTE } from './documents';
import { LspSession, makeTempDirectory, uriOf } from './lsp-session';

describe('hover', () => {
  const workspace = makeTempDirectory('slsward-lsp-hover-');
  let session: LspSession;
  const uri = uriOf(join(workspace.path, 'serverless.yml'));

  before(async () => {
    session = await LspSession.start({ folders: [workspace.path] });
    session.open(uri, SERVERLESS_OPEN_ROUTE);
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  it('describes the finding under the cursor from the rule metadata', async () => {
    const meta = allRules.find((rule) => rule.meta.id === 'route-missing-auth')?.meta;
    assert.ok(meta, 'route-missing-auth is registered');
    const hover = await session.hover(uri, { line: 8, character: 10 });
    assert.ok(hover, 'a hover over the http key');
    assert.deepEqual(hover.range, { start: { line: 8, character: 8 }, end: { line: 8, character: 12 } });
    const content = hover.contents as MarkupContent;
    assert.equal(content.kind, MarkupKind.Markdown);
    assert.ok(content.value.startsWith(`**Serverless Ward: ${meta.title}** \`route-missing-auth\` (${meta.severity})`), content.value);
    assert.ok(content.value.includes('GET /orders has no authorization'), 'the message');
    assert.ok(content.value.includes(`**Why it matters.** ${meta.description}`), 'the description');
    assert.ok(content.value.includes(`**How to fix.** ${meta.remediation}`), 'the remediation');
    for (const equivalent of meta.equivalents) assert.ok(content.value.includes(`\`${equivalent}\``), `equivalent ${equivalent}`);
    assert.ok(content.value.includes('[CWE-306](https://cwe.mitre.org/data/definitions/306.html)'), 'CWE references become links');
    assert.ok(content.value.includes('[Rule documentation](https://github.com/serverless-ward/serverless-ward/blob/main/rules/auth/route-missing-auth.md)'), 'the doc link');
  });

  it('says nothing away from findings', async () => {
    assert.equal(await session.hover(uri, { line: 0, character: 3 }), null);
    assert.equal(await session.hover(uri, { line: 9, character: 12 }), null);
  });

  it('says nothing in documents that are not ours', async () => {
    const other = uriOf(join(workspace.path, 'docker-compose.yml'));
    session.open(other, 'services:\n  web:\n    image: nginx\n');
    assert.equal(await session.hover(other, { line: 1, character: 3 }), null);
  });
});

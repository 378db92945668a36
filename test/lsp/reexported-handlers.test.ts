/**
 * A handler a template names through a re-export (`export { handler } from './impl'`), in the editor, through the
 * real server: its module's diagnostics leave out what the re-exporting file reports, and keep the module's other
 * handlers, which no template names.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { LspSession, makeTempDirectory, uriOf } from './lsp-session';

const TEMPLATE = `service: shop
provider:
  name: aws
  runtime: nodejs20.x
functions:
  reexp:
    handler: src/reexp.handler
    events:
      - httpApi: GET /reexp
`;

const REEXP = `export { handler } from './impl';
`;
const IMPL = `import { exec } from 'child_process';
export const handler = async (event: any) => { exec('impl ' + event.queryStringParameters.q); };
export const other = async (event: any) => { exec('other ' + event.body); };
`;

describe('re-exported handlers in the editor', () => {
  const workspace = makeTempDirectory('slsward-lsp-reexports-');
  const path = (relative: string) => join(workspace.path, relative);
  let session: LspSession;

  async function pullUntil(uri: string, description: string, predicate: (items: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    for (;;) {
      const refreshes = session.refreshCount;
      const items = await session.diagnostics(uri);
      if (predicate(items)) return items;
      await session.waitFor(description, () => session.refreshCount > refreshes);
    }
  }

  before(async () => {
    mkdirSync(path('src'), { recursive: true });
    writeFileSync(path('serverless.yml'), TEMPLATE);
    writeFileSync(path('src/reexp.ts'), REEXP);
    writeFileSync(path('src/impl.ts'), IMPL);
    session = await LspSession.start({ folders: [workspace.path] });
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  it('reports the re-exported handler in the named file only, and the module\'s unnamed handler in the module', async () => {
    const reexpUri = uriOf(path('src/reexp.ts'));
    session.open(reexpUri, REEXP, 'typescript');
    const named = await pullUntil(reexpUri, 'the bound finding at the re-export', (found) => found.some((item) => /GET \/reexp is public/.test(String(item.message))));
    assert.deepEqual(named.map((item) => item.code), ['code-command-injection']);
    const implUri = uriOf(path('src/impl.ts'));
    session.open(implUri, IMPL, 'typescript');
    const items = await pullUntil(implUri, 'the module without the re-exported handler', (found) => found.length === 1);
    assert.deepEqual(items.map((item) => [item.code, item.range.start.line]), [['code-command-injection', 2]]);
    assert.match(String(items[0].message), /in handler `other`.*no template names this handler/);
  });
});

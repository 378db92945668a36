/**
 * Helper modules in the editor, through the real server: a module that a template-named handler
 * loads (directly or through another module) gets its own findings, a file no handler loads gets
 * none, and a handler that starts loading a file refreshes that file's diagnostics.
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
  api:
    handler: src/api.handler
    events:
      - httpApi: GET /items/{id}
`;

const HANDLER = `const db = require('./lib/db');
exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify(await db.item(event.pathParameters.id)) });
`;
const DB = `const { vendorKey } = require('./keys');
exports.item = async (id) => ({ id, key: vendorKey.length });
`;
const KEYS = `exports.vendorKey = 'sk_live_51Hq2Vv8RtLm9Xw3Kp7Nz4Ya';
`;
const SEED = `const githubToken = 'ghp_Zx81mQ2rT5vW9yB3nK6pL0sD4fH7jC1aE2gR';
module.exports = { githubToken };
`;

describe('helper modules of handlers in the editor', () => {
  const workspace = makeTempDirectory('slsward-lsp-helpers-');
  const path = (relative: string) => join(workspace.path, relative);
  let session: LspSession;

  /** Pulls until `predicate` holds, waiting for the server's refresh between pulls. */
  async function pullUntil(uri: string, description: string, predicate: (items: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    for (;;) {
      const refreshes = session.refreshCount;
      const items = await session.diagnostics(uri);
      if (predicate(items)) return items;
      await session.waitFor(description, () => session.refreshCount > refreshes);
    }
  }

  before(async () => {
    mkdirSync(path('src/lib'), { recursive: true });
    writeFileSync(path('serverless.yml'), TEMPLATE);
    writeFileSync(path('src/api.js'), HANDLER);
    writeFileSync(path('src/lib/db.js'), DB);
    writeFileSync(path('src/lib/keys.js'), KEYS);
    writeFileSync(path('src/seed.js'), SEED);
    session = await LspSession.start({ folders: [workspace.path] });
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  it('reports the hard-coded key of a module the handler loads through another module', async () => {
    const keysUri = uriOf(path('src/lib/keys.js'));
    session.open(keysUri, KEYS, 'javascript');
    const items = await pullUntil(keysUri, 'the key in the helper module', (found) => found.some((item) => item.code === 'code-hardcoded-secret'));
    const secret = items.find((item) => item.code === 'code-hardcoded-secret');
    assert.match(String(secret?.message), /Stripe live secret key/);
    assert.equal(secret?.range.start.line, 0);
  });

  it('gives a file no handler loads nothing, until the handler loads it', async () => {
    const seedUri = uriOf(path('src/seed.js'));
    session.open(seedUri, SEED, 'javascript');
    assert.deepEqual(await session.diagnostics(seedUri), []);
    const handlerUri = uriOf(path('src/api.js'));
    session.open(handlerUri, HANDLER, 'javascript');
    await session.diagnostics(handlerUri);
    const refreshes = session.refreshCount;
    session.replace(handlerUri, "const db = require('./lib/db');", "const db = require('./lib/db');\nconst { githubToken } = require('./seed');");
    await session.waitFor('a refresh after the handler loads seed.js', () => session.refreshCount > refreshes);
    const items = await pullUntil(seedUri, 'the token in seed.js', (found) => found.length > 0);
    assert.deepEqual(items.map((item) => item.code), ['code-hardcoded-secret']);
    assert.match(String(items[0].message), /GitHub token/);
  });
});

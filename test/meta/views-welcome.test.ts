/**
 * The Serverless Endpoints view's welcome content (package.json `viewsWelcome`): a window with no
 * folder says to open one, not that a workspace it does not have holds no templates.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: { viewsWelcome: Array<{ view: string; contents: string; when?: string }> };
};
const welcomes = manifest.contributes.viewsWelcome.filter((entry) => entry.view === 'slsward.endpoints');

describe('the Serverless Endpoints welcome views', () => {
  it('offers to open a folder in a window with none', () => {
    const empty = welcomes.find((entry) => entry.when === 'workbenchState == empty');
    assert.ok(empty, 'no welcome content for an empty window');
    assert.match(empty.contents, /\(command:workbench\.action\.files\.openFolder\)/);
  });

  it('says a workspace has no templates only when there is a workspace', () => {
    const noTemplates = welcomes.find((entry) => entry.when?.includes('slsward.endpointsState == noTemplates'));
    assert.ok(noTemplates);
    assert.match(noTemplates.when ?? '', /workbenchState != empty/);
  });
});

/**
 * Which files are the handlers' modules: the relative specifiers a source loads, in every import
 * form, and the walk from the handler files over them (transitive, cycle-safe, credited to the
 * nearest handler, inside the files the caller accepts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { relativeModuleSpecifiers } from '../../server/src/engine';
import { reachHelperModules } from '../../server/src/workspace/helper-modules';

describe('relativeModuleSpecifiers', () => {
  it('reads ES imports, re-exports, require and dynamic import, relative ones only', () => {
    const text = [
      "import a from './a';",
      "import { b } from '../lib/b.js';",
      "import * as c from 'aws-sdk';",
      "export { d } from './d';",
      "export * from './e';",
      "const f = require('./f');",
      "const g = require('lodash');",
      "const h = await import('./h.mjs');",
      "const i = require(name);",
      "import './side-effect';",
      "import x from './a';",
    ].join('\n');
    assert.deepEqual(relativeModuleSpecifiers('/app/src/handler.ts', text).sort(), ['../lib/b.js', './a', './d', './e', './f', './h.mjs', './side-effect']);
  });

  it('reads nothing from a file that is not JavaScript or TypeScript, or is not text', () => {
    assert.deepEqual(relativeModuleSpecifiers('/app/template.yaml', "import a from './a';"), []);
    assert.deepEqual(relativeModuleSpecifiers('/app/a.js', undefined as unknown as string), []);
  });
});

describe('reachHelperModules', () => {
  const graph: Record<string, string[]> = {
    '/h1.js': ['/lib/db.js', '/h2.js'],
    '/h2.js': ['/lib/auth.js'],
    '/lib/db.js': ['/lib/keys.js', '/lib/db.js'],
    '/lib/keys.js': ['/lib/db.js'],
    '/lib/auth.js': ['/test/fixtures.js'],
    '/test/fixtures.js': ['/lib/mocks.js'],
    '/seed.js': ['/lib/keys.js', '/lib/seed-data.js'],
  };
  const edges = { importsOf: (path: string) => graph[path] };

  it('follows imports transitively through cycles, and credits each module to the handler that reaches it first', () => {
    const reach = reachHelperModules(['/h2.js', '/h1.js'], edges);
    assert.deepEqual(
      [...reach.importerOf].sort(),
      [
        ['/lib/auth.js', '/h2.js'],
        ['/lib/db.js', '/h1.js'],
        ['/lib/keys.js', '/h1.js'],
        ['/lib/mocks.js', '/h2.js'],
        ['/test/fixtures.js', '/h2.js'],
      ],
    );
    // A handler loaded by another handler is a handler, not a module; a file only a script loads is neither.
    assert.ok(!reach.importerOf.has('/h2.js'));
    assert.ok(!reach.importerOf.has('/lib/seed-data.js'));
    assert.ok(reach.visited.has('/h1.js') && reach.visited.has('/lib/keys.js'));
  });

  it('stops at files the caller does not accept (tests, build output), and does not walk through them', () => {
    const reach = reachHelperModules(['/h1.js', '/h2.js'], edges, (path) => !path.startsWith('/test/'));
    assert.ok(!reach.importerOf.has('/test/fixtures.js'));
    assert.ok(!reach.importerOf.has('/lib/mocks.js'));
  });

  it('reaches nothing from no handler, and nothing from a file it cannot read', () => {
    assert.equal(reachHelperModules([], edges).importerOf.size, 0);
    assert.equal(reachHelperModules(['/missing.js'], edges).importerOf.size, 0);
  });
});

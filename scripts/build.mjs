// Bundles the extension, the language server, the CLI and the analysis worker (run in worker threads by both) with esbuild.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['vscode'],
  // jsonc-parser's UMD build uses a dynamic require that bundles badly; take its ES module build.
  mainFields: ['module', 'main'],
  // The TypeScript compiler is loaded on first use (see lazy-typescript.cjs), from dist/typescript.js.
  alias: { typescript: './scripts/lazy-typescript.cjs' },
  plugins: [
    {
      name: 'typescript-beside-the-bundles',
      // Left out of every bundle: 9 MB that each thread would otherwise read and pre-parse at start, even when no handler is analysed.
      setup: (build) => build.onResolve({ filter: /^\.\/typescript\.js$/ }, (args) => ({ path: args.path, external: true })),
    },
  ],
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Loaded by path (new Worker) from dist/server.js and dist/cli.js, so it must sit beside them.
  { ...common, entryPoints: ['server/src/worker/analysis-worker.ts'], outfile: 'dist/analysis-worker.js' },
];

mkdirSync('dist', { recursive: true });
copyFileSync('node_modules/typescript/lib/typescript.js', 'dist/typescript.js');
copyFileSync('node_modules/typescript/LICENSE.txt', 'dist/typescript-LICENSE.txt');

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
}

// Bundles the extension, the language server, the CLI and the analysis worker (run in worker threads by both) with esbuild.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

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
    {
      name: 'yaml-without-debug-switches',
      // The `yaml` parser reads `process.env.LOG_TOKENS` once per token and its composer `LOG_STREAM` once per
      // document, to print debugging output. A `process.env` read is a call into C++ (slower still in a worker
      // thread): on the corpus templates those reads were about a fifth of the parse time. The bundles never
      // honour those switches.
      setup: (build) =>
        build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, (args) => {
          const source = readFileSync(args.path, 'utf8');
          const patched = source.replace(/node_process\.env\.LOG_(TOKENS|STREAM)/g, 'undefined');
          // A new `yaml` that reads them differently must be looked at again, not silently left slow.
          if (patched === source) throw new Error(`${args.path}: the LOG_TOKENS/LOG_STREAM read to remove was not found`);
          return { contents: patched, loader: 'js' };
        }),
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
  // In a child: the cache must be made with Node's default flags, as the CLI runs.
  execFileSync(process.execPath, ['scripts/make-code-cache.cjs'], { stdio: 'inherit' });
}

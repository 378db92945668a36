/**
 * A handler that names a build's output (`Handler: dist/app.handler`, TypeScript that `tsc` compiles before
 * `sam build` or `sam deploy`): the output is usually not in the repository, so the source it was compiled
 * from is what to read. With a `tsconfig.json` in the code folder (or a folder above it, up to the
 * workspace), its `compilerOptions.outDir` and `rootDir` say where each output file's source is; `extends`
 * is not followed. Without one, the usual layouts are tried: `dist/`, `build/`, `out/` or `lib/` holding
 * what `src/` (or the folder itself) holds. The caller checks which candidate exists.
 */
import { parse } from 'jsonc-parser';
import { folderOf, isInsideRoots, joinPath } from './paths';

const OUTPUT_FOLDERS = new Set(['dist', 'build', 'out', 'lib', '.build']);
/** Folders above the code folder searched for a tsconfig.json. */
const MAX_TSCONFIG_LEVELS = 3;

/**
 * The module paths (without extension) that `modulePath`, relative to `folder`, may have been compiled
 * from, best first; empty when it does not name a build's output.
 */
export function sourceModulesFor(folder: string, modulePath: string, read: ((path: string) => string | undefined) | undefined, roots: readonly string[]): string[] {
  const output = joinPath(folder, modulePath);
  const config = read ? nearestTsconfig(folder, read, roots) : undefined;
  if (config?.outDir !== undefined) {
    const outDir = joinPath(config.folder, config.outDir);
    if (!output.startsWith(`${outDir}/`)) return [];
    const rest = output.slice(outDir.length + 1);
    const sources = config.rootDir !== undefined ? [joinPath(joinPath(config.folder, config.rootDir), rest)] : [joinPath(joinPath(config.folder, 'src'), rest), joinPath(config.folder, rest)];
    return sources.filter((path) => isInsideRoots(path, roots));
  }
  const [first, ...rest] = modulePath.replace(/^\.\//, '').split('/');
  if (!OUTPUT_FOLDERS.has(first) || rest.length === 0) return [];
  return [joinPath(joinPath(folder, 'src'), rest.join('/')), joinPath(folder, rest.join('/'))].filter((path) => isInsideRoots(path, roots));
}

function nearestTsconfig(folder: string, read: (path: string) => string | undefined, roots: readonly string[]): { folder: string; outDir?: string; rootDir?: string } | undefined {
  let current = folder;
  for (let level = 0; level <= MAX_TSCONFIG_LEVELS && isInsideRoots(current, roots); level++) {
    let text: string | undefined;
    try {
      text = read(joinPath(current, 'tsconfig.json'));
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      const options = (parse(text, [], { allowTrailingComma: true }) as { compilerOptions?: { outDir?: unknown; rootDir?: unknown } } | undefined)?.compilerOptions;
      const outDir = typeof options?.outDir === 'string' ? options.outDir : undefined;
      const rootDir = typeof options?.rootDir === 'string' ? options.rootDir : undefined;
      return { folder: current, outDir, rootDir };
    }
    const parent = folderOf(current);
    if (parent === current) break;
    current = parent;
  }
  return undefined;
}

/**
 * The `${file(...)}` reader handed to the engine: it resolves a path against
 * the referencing file and refuses anything whose real path leaves the
 * workspace roots. It only reads text; it never executes or requires code.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { WorkspaceFileReader } from '../engine';
import { readTextFileSafelySync } from './read-file';

/**
 * Serverless evaluates `${file(x.js)}` by running the module; we never run
 * workspace code, so such references stay unknown.
 */
const EXECUTABLE_EXTENSION = /\.(c|m)?(js|ts)x?$|\.(py|rb|sh|exe|node)$/i;

export function createWorkspaceFileReader(roots: string[]): WorkspaceFileReader {
  const realRoots = roots.map(rootDirectory).filter((root): root is string => root !== undefined);
  const cache = new Map<string, { path: string; text: string } | undefined>();

  return (fromPath, relativePath) => {
    if (typeof relativePath !== 'string' || relativePath === '' || relativePath.includes('\u0000')) return undefined;
    const target = resolve(dirname(fromPath), relativePath);
    if (cache.has(target)) return cache.get(target);
    const result = readConfined(target);
    cache.set(target, result);
    return result;
  };

  function readConfined(target: string): { path: string; text: string } | undefined {
    if (EXECUTABLE_EXTENSION.test(target)) return undefined;
    let real: string;
    try {
      real = realpathSync.native(target);
    } catch {
      return undefined;
    }
    if (!realRoots.some((root) => isInside(root, real))) return undefined;
    // A data-looking name that links to code is still code.
    if (EXECUTABLE_EXTENSION.test(real)) return undefined;
    const read = readTextFileSafelySync(real);
    return 'text' in read ? { path: target, text: read.text } : undefined;
  }
}

/** The real path of a root; a file root stands for its directory. */
function rootDirectory(root: string): string | undefined {
  try {
    const real = realpathSync.native(resolve(root));
    return statSync(real).isDirectory() ? real : dirname(real);
  } catch {
    return undefined;
  }
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

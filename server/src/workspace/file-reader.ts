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
  const cache = new Map<string, { path: string; text: string } | { path: string; reason: string }>();

  const targetOf = (fromPath: string, relativePath: string): string | undefined =>
    typeof relativePath !== 'string' || relativePath === '' || relativePath.includes('\u0000') ? undefined : resolve(dirname(fromPath), relativePath);
  const lookUp = (target: string) => {
    let result = cache.get(target);
    if (!result) cache.set(target, (result = readConfined(target)));
    return result;
  };
  const reader: WorkspaceFileReader = (fromPath, relativePath) => {
    const target = targetOf(fromPath, relativePath);
    if (target === undefined) return undefined;
    const result = lookUp(target);
    return 'text' in result ? result : undefined;
  };
  // The reason of a refusal, for the user: the audit lists the file as skipped with it, and the engine names it.
  reader.whyUnreadable = (fromPath, relativePath) => {
    const target = targetOf(fromPath, relativePath);
    if (target === undefined) return undefined;
    const result = lookUp(target);
    return 'reason' in result ? result : undefined;
  };
  return reader;

  function readConfined(target: string): { path: string; text: string } | { path: string; reason: string } {
    const refuse = (reason: string) => ({ path: target, reason });
    if (EXECUTABLE_EXTENSION.test(target)) return refuse('is code, which is never read as data');
    let real: string;
    try {
      real = realpathSync.native(target);
    } catch {
      return refuse('was not found');
    }
    if (!realRoots.some((root) => isInside(root, real))) {
      // Say which: the path itself leaves the workspace, or a symbolic link inside it points out.
      const isLinkOut = [...realRoots, ...roots.map((root) => resolve(root))].some((root) => isInside(root, target));
      return refuse(isLinkOut ? 'is a symbolic link out of the workspace' : 'is outside the workspace');
    }
    // A data-looking name that links to code is still code.
    if (EXECUTABLE_EXTENSION.test(real)) return refuse('links to code, which is never read as data');
    const read = readTextFileSafelySync(real);
    return 'text' in read ? { path: target, text: read.text } : refuse(`cannot be read (${read.error})`);
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

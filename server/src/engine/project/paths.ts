/**
 * POSIX path arithmetic for the project model: joining a template's folder with a handler path,
 * normalising, and telling whether a path stays inside the workspace roots. String work only
 * (`node:path/posix` never touches a file); whether a file exists is the shell's `ProjectFiles`.
 */
import { posix } from 'node:path';

/** Backslashes become slashes (a Windows-style path from a template), then `.` and `..` are folded. */
export function normalisePath(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const normalised = posix.normalize(slashed);
  return normalised.length > 1 && normalised.endsWith('/') ? normalised.slice(0, -1) : normalised;
}

export function folderOf(path: string): string {
  return posix.dirname(normalisePath(path));
}

export function joinPath(folder: string, relative: string): string {
  const cleaned = relative.replace(/\\/g, '/');
  // An absolute handler path is taken as written; it is checked against the roots like any other.
  return normalisePath(posix.isAbsolute(cleaned) ? cleaned : posix.join(folder, cleaned));
}

/**
 * True when `path` lies inside one of `roots`. Relative paths are workspace-relative, so with no
 * roots given a path is inside unless it climbs out (`../x`). Absolute paths are checked against the
 * absolute roots; with none given, the shell's `ProjectFiles` alone confines them.
 */
export function isInsideRoots(path: string, roots: readonly string[]): boolean {
  const normalised = normalisePath(path);
  if (!posix.isAbsolute(normalised)) {
    if (normalised === '..' || normalised.startsWith('../')) return false;
    const relativeRoots = roots.filter((root) => !posix.isAbsolute(normalisePath(root)));
    if (relativeRoots.length === 0) return true;
    return relativeRoots.some((root) => within(normalised, normalisePath(root)));
  }
  const absoluteRoots = roots.filter((root) => posix.isAbsolute(normalisePath(root)));
  // Without absolute roots, only the shell's reader confines absolute paths.
  if (absoluteRoots.length === 0) return true;
  return absoluteRoots.some((root) => within(normalised, normalisePath(root)));
}

function within(path: string, root: string): boolean {
  if (root === '.' || root === '') return !path.startsWith('../') && path !== '..';
  if (root === '/') return path.startsWith('/');
  return path === root || path.startsWith(root + '/');
}

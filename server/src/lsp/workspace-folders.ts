/**
 * The client's workspace folders, and which documents the user excluded.
 * Exclusion follows the audit's file discovery exactly (same skipped
 * directories, same glob options), so a file the audit skips gets no live
 * diagnostics either.
 */
import { isAbsolute, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import type { WorkspaceFolder } from 'vscode-languageserver/node';
import { SKIPPED_DIRECTORIES } from '../workspace/discover';
import { locationOfUri } from './paths';

export interface FolderInfo {
  uri: string;
  name: string;
  path: string;
}

export class WorkspaceFolders {
  private folders: FolderInfo[] = [];

  replace(folders: readonly WorkspaceFolder[] | null | undefined): void {
    this.folders = [];
    for (const folder of folders ?? []) this.add(folder);
  }

  add(folder: WorkspaceFolder): void {
    const location = locationOfUri(folder.uri);
    if (!location.isFile || this.folders.some((known) => known.uri === folder.uri)) return;
    this.folders.push({ uri: folder.uri, name: folder.name, path: location.path });
  }

  remove(folder: WorkspaceFolder): void {
    this.folders = this.folders.filter((known) => known.uri !== folder.uri);
  }

  all(): readonly FolderInfo[] {
    return this.folders;
  }

  /** The innermost folder holding the path (folders may nest in a multi-root workspace). */
  folderOf(path: string): FolderInfo | undefined {
    let best: FolderInfo | undefined;
    for (const folder of this.folders) {
      if (relativeInside(folder.path, path) !== undefined && (!best || folder.path.length > best.path.length)) best = folder;
    }
    return best;
  }
}

/** The path relative to the folder in POSIX form, or undefined when it lies outside. */
export function relativeInside(folderPath: string, path: string): string | undefined {
  const rel = relative(folderPath, path);
  if (isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

const matcherCache = new Map<string, (path: string) => boolean>();

function matcherFor(patterns: readonly string[]): (path: string) => boolean {
  const key = JSON.stringify(patterns);
  let matcher = matcherCache.get(key);
  if (!matcher) {
    // The same options as discoverFiles: dot files match, and a pattern without a slash matches a base name.
    matcher = patterns.length > 0 ? picomatch([...patterns], { dot: true, basename: true }) : () => false;
    if (matcherCache.size > 50) matcherCache.clear();
    matcherCache.set(key, matcher);
  }
  return matcher;
}

/**
 * True when a file at `relativePath` (POSIX, relative to its workspace folder)
 * is excluded: it lies in a skipped directory, or it or one of its directories
 * matches an exclude glob (discovery never descends into an excluded directory).
 */
export function isExcludedPath(relativePath: string, patterns: readonly string[]): boolean {
  const segments = relativePath.split('/');
  const directories = segments.slice(0, -1);
  if (directories.some((segment) => SKIPPED_DIRECTORIES.has(segment))) return true;
  let isExcluded: (path: string) => boolean;
  try {
    isExcluded = matcherFor(patterns);
  } catch {
    // An invalid glob excludes nothing rather than hiding every finding.
    return false;
  }
  if (isExcluded(relativePath)) return true;
  for (let depth = 1; depth <= directories.length; depth++) {
    const directory = directories.slice(0, depth).join('/');
    if (isExcluded(directory) || isExcluded(`${directory}/`)) return true;
  }
  return false;
}

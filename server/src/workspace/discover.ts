/**
 * Finds the candidate template files under a set of roots, for the CLI and the
 * editor's audit command alike. It decides by name only and never reads file
 * contents: the engine decides which documents are ours.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import picomatch from 'picomatch';

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface DiscoveryResult {
  files: string[];
  skipped: SkippedFile[];
}

export interface DiscoveryOptions {
  /** Glob patterns relative to each root; a pattern without a slash also matches a base name. */
  exclude: string[];
}

/** Directories that hold dependencies, build output or VCS data, never sources. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', '.serverless', '.aws-sam', 'cdk.out']);

const CANDIDATE_EXTENSION = /\.(ya?ml|json|template)$/i;

/**
 * JSON and YAML files that are certainly not templates, skipped by name so
 * that a monorepo's manifests and lock files cost nothing.
 */
const NON_TEMPLATE_NAME = /^(package(-lock)?\.json|npm-shrinkwrap\.json|composer\.json|(ts|js)config(\..*)?\.json|.*\.lock(\.json|\.ya?ml)?|pnpm-lock\.ya?ml|\.eslintrc(\..*)?|\.prettierrc(\..*)?|cdk(\.context)?\.json|\.pre-commit-config\.ya?ml|docker-compose(\..*)?\.ya?ml)$/i;

export function isCandidateFileName(name: string): boolean {
  return CANDIDATE_EXTENSION.test(name) && !NON_TEMPLATE_NAME.test(name);
}

export async function discoverFiles(roots: string[], options: DiscoveryOptions): Promise<DiscoveryResult> {
  const files = new Set<string>();
  const skipped: SkippedFile[] = [];
  // `./dist/**` means `dist/**`: paths are matched relative to the root, without a leading `./`.
  const patterns = options.exclude.map((pattern) => pattern.trim().replace(/^(\.\/)+/, '')).filter((pattern) => pattern !== '');
  const isExcluded = patterns.length > 0 ? picomatch(patterns, { dot: true, basename: true }) : () => false;

  for (const root of roots) {
    let rootStat;
    try {
      rootStat = await stat(root);
    } catch (error) {
      skipped.push({ path: root, reason: describeFsError(error) });
      continue;
    }
    if (rootStat.isFile()) {
      // A file named explicitly is analysed whatever its name: the user asked for it.
      files.add(root);
      continue;
    }
    if (!rootStat.isDirectory()) {
      skipped.push({ path: root, reason: 'not a regular file or directory' });
      continue;
    }
    const rootReal = await realpath(root);
    await walk(root, root, [rootReal], new Set([rootReal]), isExcluded, files, skipped);
  }
  return { files: [...files].sort(comparePaths), skipped: skipped.sort((a, b) => comparePaths(a.path, b.path)) };
}

async function walk(
  root: string,
  directory: string,
  ancestors: string[],
  visited: Set<string>,
  isExcluded: (path: string) => boolean,
  files: Set<string>,
  skipped: SkippedFile[],
): Promise<void> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    skipped.push({ path: directory, reason: describeFsError(error) });
    return;
  }
  entries.sort((a, b) => comparePaths(a.name, b.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    const relativePath = toPosix(relative(root, path));
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    let realDirectory: string | undefined;
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
        if (isDirectory) realDirectory = await realpath(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ELOOP') skipped.push({ path, reason: 'symbolic link loop, not followed' });
        else if (code === 'ENOENT') skipped.push({ path, reason: 'broken symbolic link' });
        else skipped.push({ path, reason: describeFsError(error) });
        continue;
      }
    }
    if (isDirectory) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      if (isExcluded(relativePath) || isExcluded(`${relativePath}/`)) continue;
      const real = realDirectory ?? (await realpathOrUndefined(path));
      if (real === undefined) continue;
      if (ancestors.includes(real)) {
        skipped.push({ path, reason: 'symbolic link loop, not followed' });
        continue;
      }
      if (visited.has(real)) {
        // A second link to a directory already walked: its files are already listed.
        skipped.push({ path, reason: 'directory already analysed through another path' });
        continue;
      }
      visited.add(real);
      await walk(root, path, [...ancestors, real], visited, isExcluded, files, skipped);
    } else if (isFile) {
      if (!isCandidateFileName(entry.name)) continue;
      if (isExcluded(relativePath)) continue;
      files.add(path);
    }
  }
}

async function realpathOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await realpath(path);
  } catch {
    return undefined;
  }
}

/** Code-unit order, not locale order, so that output is the same on every machine. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** A one-line, user-facing reason for a file system error. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop, not followed';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return code ? `cannot be read (${code})` : `cannot be read (${(error as Error)?.message ?? String(error)})`;
  }
}


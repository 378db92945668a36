/**
 * Finds the candidate template files under a set of roots, for the CLI and the
 * editor's audit command alike. It decides by name only and never reads file
 * contents: the engine decides which documents are ours. Symbolic links are
 * followed only while their real path stays inside an audited root, and each
 * real directory and file is visited once, so a link to `/` or a loop is a
 * skipped entry, never a walk of the whole file system.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { isCodeFileName, isUnboundCandidate } from './code-files';

export interface SkippedFile {
  path: string;
  reason: string;
}

export interface DiscoveryResult {
  files: string[];
  skipped: SkippedFile[];
  /** With `options.code`: JavaScript and TypeScript sources that may be handlers no template names (not tests, not build output). */
  codeFiles?: string[];
}

export interface DiscoveryOptions {
  /** Glob patterns relative to each root; a pattern without a slash also matches a base name. */
  exclude: string[];
  /** Also list handler source candidates (`codeFiles`). */
  code?: boolean;
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
  const skipped: SkippedFile[] = [];
  // `./dist/**` means `dist/**`: paths are matched relative to the root, without a leading `./`.
  const patterns = options.exclude.map((pattern) => pattern.trim().replace(/^(\.\/)+/, '')).filter((pattern) => pattern !== '');
  const isExcluded = patterns.length > 0 ? picomatch(patterns, { dot: true, basename: true }) : () => false;

  // The real paths of the directory roots: a symbolic link may lead anywhere inside them, and nowhere else.
  const directoryRoots: Array<{ root: string; real: string }> = [];
  const explicitFiles: string[] = [];
  for (const root of roots) {
    let rootStat;
    let real;
    try {
      rootStat = await stat(root);
      real = await realpath(root);
    } catch (error) {
      skipped.push({ path: root, reason: describeFsError(error) });
      continue;
    }
    if (rootStat.isFile()) {
      // A file named explicitly is analysed whatever its name and wherever it links: the user asked for it.
      explicitFiles.push(root);
      continue;
    }
    if (!rootStat.isDirectory()) {
      skipped.push({ path: root, reason: 'not a regular file or directory' });
      continue;
    }
    directoryRoots.push({ root, real });
  }

  const walker: Walker = {
    realRoots: directoryRoots.map((entry) => entry.real),
    isExcluded,
    found: [],
    code: options.code ? [] : undefined,
    skipped,
    visitedDirectories: new Set(directoryRoots.map((entry) => entry.real)),
    pendingLinks: [],
  };
  for (const { root, real } of directoryRoots) await walk(walker, root, root, [real]);
  // Linked directories are walked after every real one, so that a file is listed under its own path, not a link's.
  while (walker.pendingLinks.length > 0) {
    const link = walker.pendingLinks.shift()!;
    if (walker.visitedDirectories.has(link.real)) {
      walker.skipped.push({ path: link.path, reason: 'directory already analysed through another path' });
      continue;
    }
    walker.visitedDirectories.add(link.real);
    await walk(walker, link.root, link.path, link.ancestors);
  }

  const files = chooseOnePathPerFile(explicitFiles, walker.found, skipped).sort(comparePaths);
  const result: DiscoveryResult = { files, skipped: skipped.sort((a, b) => comparePaths(a.path, b.path)) };
  if (walker.code) result.codeFiles = [...new Set([...explicitFiles.filter(isCodeFileName), ...walker.code])].sort(comparePaths);
  return result;
}

interface FoundFile {
  path: string;
  real: string;
  /** The entry itself is a symbolic link (a link to a file, not a file inside a linked directory). */
  isLink: boolean;
}

interface Walker {
  realRoots: string[];
  isExcluded: (path: string) => boolean;
  found: FoundFile[];
  /** Handler source candidates, when asked for; files reached through a symbolic link are left out. */
  code?: string[];
  skipped: SkippedFile[];
  /** Real paths of the directories walked so far, across all roots, so that each is walked once. */
  visitedDirectories: Set<string>;
  pendingLinks: Array<{ root: string; path: string; real: string; ancestors: string[] }>;
}

async function walk(walker: Walker, root: string, directory: string, ancestors: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    walker.skipped.push({ path: directory, reason: describeFsError(error) });
    return;
  }
  entries.sort((a, b) => comparePaths(a.name, b.name));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    const relativePath = toPosix(relative(root, path));
    const isLink = entry.isSymbolicLink();
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (isLink) {
      // Name checks first: a link that would be skipped anyway costs nothing and says nothing.
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      try {
        const target = await stat(path);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        walker.skipped.push({ path, reason: describeLinkError(error) });
        continue;
      }
    }
    if (isDirectory) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) continue;
      if (walker.isExcluded(relativePath) || walker.isExcluded(`${relativePath}/`)) continue;
      let real: string;
      try {
        real = await realpath(path);
      } catch (error) {
        // Removed or replaced while we walk: say so rather than stop.
        walker.skipped.push({ path, reason: isLink ? describeLinkError(error) : describeFsError(error) });
        continue;
      }
      if (isLink && !isInsideAny(walker.realRoots, real)) {
        walker.skipped.push({ path, reason: `${OUTSIDE_ROOT_REASON}: ${real}` });
        continue;
      }
      if (ancestors.includes(real)) {
        walker.skipped.push({ path, reason: 'symbolic link loop, not followed' });
        continue;
      }
      if (isLink) {
        walker.pendingLinks.push({ root, path, real, ancestors: [...ancestors, real] });
        continue;
      }
      if (walker.visitedDirectories.has(real)) {
        // A directory already walked (an audited root nested in another): its files are already listed.
        walker.skipped.push({ path, reason: 'directory already analysed through another path' });
        continue;
      }
      walker.visitedDirectories.add(real);
      await walk(walker, root, path, [...ancestors, real]);
    } else {
      // A FIFO, socket or device (or a link to one) named like a template is listed, not dropped: the reader
      // refuses it without opening it for a blocking read, and the audit lists it as skipped with that reason.
      if (!isFile && !isCandidateFileName(entry.name)) continue;
      if (walker.code && isFile && !isLink && isUnboundCandidate(relativePath) && !walker.isExcluded(relativePath)) {
        walker.code.push(path);
        continue;
      }
      if (!isCandidateFileName(entry.name)) continue;
      if (walker.isExcluded(relativePath)) continue;
      let real = path;
      if (isLink) {
        try {
          real = await realpath(path);
        } catch (error) {
          walker.skipped.push({ path, reason: describeLinkError(error) });
          continue;
        }
        if (!isInsideAny(walker.realRoots, real)) {
          walker.skipped.push({ path, reason: `${OUTSIDE_ROOT_REASON}: ${real}` });
          continue;
        }
      } else {
        // Files inside a linked directory have the real path of that directory.
        real = join(ancestors[ancestors.length - 1], entry.name);
      }
      walker.found.push({ path, real, isLink });
    }
  }
}

export const OUTSIDE_ROOT_REASON = 'symbolic link to a path outside the audited folder';

/**
 * One path per real file: a file reached directly and through a link (or
 * through two links) is analysed once, under the path that is not a link when
 * there is one, so that findings point at the file the user edits.
 */
function chooseOnePathPerFile(explicitFiles: string[], found: FoundFile[], skipped: SkippedFile[]): string[] {
  const chosen = new Map<string, FoundFile>();
  const duplicates: FoundFile[] = [];
  for (const file of found) {
    const previous = chosen.get(file.real);
    if (previous === undefined) chosen.set(file.real, file);
    else if (previous.isLink && !file.isLink) {
      chosen.set(file.real, file);
      duplicates.push(previous);
    } else duplicates.push(file);
  }
  for (const duplicate of duplicates) {
    skipped.push({ path: duplicate.path, reason: `same file as ${chosen.get(duplicate.real)!.path}, analysed once` });
  }
  return [...new Set([...explicitFiles, ...[...chosen.values()].map((file) => file.path)])];
}

function isInsideAny(realRoots: string[], real: string): boolean {
  return realRoots.some((root) => {
    const rel = relative(root, real);
    return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
  });
}

function describeLinkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'symbolic link loop, not followed';
  if (code === 'ENOENT') return 'broken symbolic link';
  return describeFsError(error);
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


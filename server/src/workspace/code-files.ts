/**
 * File access for handler code, on the engine's behalf: the `ModuleReader` that follows a
 * handler's relative imports, the `ProjectFiles` view the project model resolves handler paths
 * with, and which file names are handler sources. Every path is confined to the workspace roots by
 * its real path (a symbolic link out of the workspace is not followed); code is only ever read as
 * text, never required or run.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { ModuleReader, ProjectFiles } from '../engine';
import { isInside } from './file-reader';
import { readTextFileSafelySync } from './read-file';
import { OUTSIDE_ROOT_REASON } from './discover';

/** The source extensions the JavaScript/TypeScript front end reads. */
export const CODE_EXTENSION = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

/** Type declarations, minified and bundled files, and source maps are not handler sources. */
const NOT_HANDLER_SOURCE = /\.d\.[cm]?ts$|\.min\.[cm]?js$|\.bundle\.[cm]?js$/i;

/** Tests and mocks of handlers: they call handlers with fixed events, and are not deployed. */
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$|(^|[\\/])(__tests__|__mocks__|tests?|spec)([\\/])/i;

/** Build output, caches and dependencies: not what the user edits, unless a template names a file there. */
export const SKIPPED_CODE_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules',
  '.git',
  '.serverless',
  '.aws-sam',
  'cdk.out',
  '.build',
  '.esbuild',
  '.webpack',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  'vendor',
]);

export function isCodeFileName(path: string): boolean {
  return CODE_EXTENSION.test(path) && !NOT_HANDLER_SOURCE.test(path);
}

/** A source file worth analysing when no template names it: not a test, not a declaration or bundle, not under build output. */
export function isUnboundCandidate(relativePath: string): boolean {
  if (!isCodeFileName(relativePath) || TEST_FILE.test(relativePath)) return false;
  return !relativePath.split(/[\\/]/).some((segment) => SKIPPED_CODE_DIRECTORIES.has(segment));
}

/** Real paths of the roots (a file root stands for its folder); unreadable roots are left out. */
export function realRootsOf(roots: readonly string[]): string[] {
  const real: string[] = [];
  for (const root of roots) {
    try {
      const path = realpathSync.native(resolve(root));
      real.push(statSync(path).isDirectory() ? path : dirname(path));
    } catch {
      // A root that does not exist confines nothing.
    }
  }
  return real;
}

/** The real path of `path` when it is inside the roots, else undefined. */
function confined(realRoots: readonly string[], path: string): string | undefined {
  // The native real path (as discovery's `fs.promises.realpath`): one call, where the JavaScript
  // version lstat()s every component of the path; the audit asks for every handler candidate.
  try {
    const real = realpathSync.native(path);
    return realRoots.some((root) => isInside(root, real)) ? real : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What a handler's `import './x'` may mean, in the order Node.js and TypeScript's bundler
 * resolution try them: the path as written, with each source extension, a `.js` written for a
 * `.ts` source (TypeScript's ESM style), and a folder's index file.
 */
export function moduleCandidates(fromPath: string, specifier: string): string[] {
  const base = resolve(dirname(fromPath), specifier);
  const candidates: string[] = [];
  if (CODE_EXTENSION.test(base)) candidates.push(base);
  const written = extname(base).toLowerCase();
  if (written === '.js' || written === '.mjs' || written === '.cjs' || written === '.jsx') {
    const stem = base.slice(0, -written.length);
    const sourceOf: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };
    for (const extension of sourceOf[written]) candidates.push(stem + extension);
  }
  for (const extension of ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']) candidates.push(base + extension);
  for (const extension of ['.ts', '.js', '.mjs', '.cjs']) candidates.push(`${base}/index${extension}`);
  return candidates;
}

export interface CodeFileAccess {
  readModule: ModuleReader;
  files: ProjectFiles;
  /** Drops what was read of this path (it changed on disk, or was created or deleted). */
  forget(path: string): void;
}

/**
 * `openText(path)` gives the editor's unsaved text of an open document, so that imports and
 * handler lookups see what the user sees; the disk otherwise. Reads are cached for the access's
 * life: one per audit, or one per editor worker that `forget`s each path a file event names, so a
 * keystroke touches no disk.
 */
export function createCodeFileAccess(roots: readonly string[], openText?: (path: string) => string | undefined): CodeFileAccess {
  const realRoots = realRootsOf(roots);
  const existence = new Map<string, boolean>();
  const texts = new Map<string, string | undefined>();
  const listings = new DirectoryListings();

  const exists = (path: string): boolean => {
    if (openText?.(path) !== undefined) return true;
    let found = existence.get(path);
    if (found === undefined) {
      // Most candidates do not exist (eight extensions and four index files per handler or import): a
      // directory listed once answers those without a failed real-path lookup each.
      const real = listings.mayHold(path) ? confined(realRoots, path) : undefined;
      found = real !== undefined && isFile(real);
      existence.set(path, found);
    }
    return found;
  };

  const read = (path: string): string | undefined => {
    const open = openText?.(path);
    if (open !== undefined) return open;
    if (texts.has(path)) return texts.get(path);
    const real = confined(realRoots, path);
    const result = real === undefined ? undefined : readTextFileSafelySync(real);
    const text = result && 'text' in result ? result.text : undefined;
    texts.set(path, text);
    return text;
  };

  const readModule: ModuleReader = (fromPath, specifier) => {
    if (typeof specifier !== 'string' || !specifier.startsWith('.') || specifier.includes('\u0000')) return undefined;
    for (const candidate of moduleCandidates(fromPath, specifier)) {
      if (!exists(candidate)) continue;
      const text = read(candidate);
      if (text !== undefined) return { path: candidate, text };
    }
    return undefined;
  };

  const forget = (path: string) => {
    existence.delete(path);
    texts.delete(path);
    // A file created or deleted changes its folder's listing.
    listings.forget(dirname(path));
  };

  const refusal = (path: string): string | undefined => {
    if (openText?.(path) !== undefined || !listings.mayHold(path)) return undefined;
    try {
      const real = realpathSync.native(path);
      return realRoots.some((root) => isInside(root, real)) ? undefined : `${OUTSIDE_ROOT_REASON}: ${real}`;
    } catch {
      return undefined;
    }
  };

  return { readModule, files: { exists, read, refusal }, forget };
}

/**
 * The names in each folder, read once. Only a negative answer is trusted: a listed name still goes
 * through the confined real-path check. File systems that ignore case (macOS, Windows) are compared
 * without it, as the lookup they replace would have found the file.
 */
class DirectoryListings {
  private readonly names = new Map<string, Set<string> | null>();
  private readonly ignoresCase = process.platform === 'darwin' || process.platform === 'win32';

  mayHold(path: string): boolean {
    const folder = dirname(path);
    let names = this.names.get(folder);
    if (names === undefined) {
      try {
        names = new Set(readdirSync(folder).map((name) => this.key(name)));
      } catch (error) {
        // A folder that does not exist holds nothing; one that cannot be listed is left to the real-path check.
        const code = (error as NodeJS.ErrnoException).code;
        names = code === 'ENOENT' || code === 'ENOTDIR' ? new Set() : null;
      }
      this.names.set(folder, names);
    }
    return names === null || names.has(this.key(basename(path)));
  }

  forget(folder: string): void {
    this.names.delete(folder);
  }

  private key(name: string): string {
    return this.ignoresCase ? name.toLowerCase() : name;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Which source files are the handlers' own modules: the files the template-named handler files load
 * through relative imports, followed transitively. A helper module has no handler of its own, so its
 * findings (a hard-coded key in `lib/config.js`, TLS verification turned off in `lib/http.js`) would
 * otherwise belong to no file; a file no handler loads (a seed script, a front end) stays out, as it
 * is not what the functions run. The CLI and the editor ask the same question here, so both report
 * the same modules.
 */
import { relativeModuleSpecifiers, type ModuleReader } from '../engine';

/** Past this many files the walk stops: a workspace's handlers load far fewer, and a cycle or a huge tree must not stall. */
export const MAX_HELPER_MODULE_WALK = 5_000;

export interface HelperModuleReach {
  /** Each reached module (not a handler file itself), with the handler file whose imports lead to it. */
  importerOf: Map<string, string>;
  /** Every file read on the way: a change to one may change the answer. */
  visited: Set<string>;
}

export interface ImportEdges {
  /** The files `path` loads, resolved; undefined when it cannot be read. */
  importsOf(path: string): readonly string[] | undefined;
}

/** Breadth first from the handler files, so each module is credited to a handler that loads it most directly. */
export function reachHelperModules(handlerFiles: Iterable<string>, edges: ImportEdges, isModuleCandidate: (path: string) => boolean = () => true): HelperModuleReach {
  const handlers = new Set(handlerFiles);
  const importerOf = new Map<string, string>();
  const visited = new Set<string>();
  const queue: Array<{ path: string; handler: string }> = [...handlers].sort().map((path) => ({ path, handler: path }));
  for (const { path } of queue) visited.add(path);
  for (let index = 0; index < queue.length && visited.size < MAX_HELPER_MODULE_WALK; index++) {
    const { path, handler } = queue[index];
    for (const target of edges.importsOf(path) ?? []) {
      if (visited.has(target) || !isModuleCandidate(target)) continue;
      visited.add(target);
      if (!handlers.has(target)) importerOf.set(target, handler);
      queue.push({ path: target, handler });
    }
  }
  return { importerOf, visited };
}

/**
 * Import edges read through a module reader (the editor's open documents first, then the disk),
 * kept per file text: a keystroke in one file lists that file's imports again, and no other.
 */
export class ReaderImportEdges implements ImportEdges {
  private readonly cache = new Map<string, { text: string; imports: string[] }>();

  constructor(
    private readonly read: (path: string) => string | undefined,
    private readonly readModule: ModuleReader,
  ) {}

  importsOf(path: string): readonly string[] | undefined {
    const text = this.read(path);
    if (text === undefined) return undefined;
    const kept = this.cache.get(path);
    if (kept && kept.text === text) return kept.imports;
    const imports = resolvedImportsOf(path, text, this.readModule);
    this.cache.set(path, { text, imports });
    return imports;
  }
}

/** The files a source text loads through relative imports, as the reader resolves them (confined to the workspace). */
export function resolvedImportsOf(path: string, text: string, readModule: ModuleReader): string[] {
  const imports: string[] = [];
  for (const specifier of relativeModuleSpecifiers(path, text)) {
    let resolved: string | undefined;
    try {
      resolved = readModule(path, specifier)?.path;
    } catch {
      resolved = undefined;
    }
    if (resolved !== undefined && !imports.includes(resolved)) imports.push(resolved);
  }
  return imports;
}

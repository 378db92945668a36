/**
 * The last syntax tree of each source file, kept by the caller between versions of a document so a
 * front end can re-parse incrementally: a keystroke in a 3,000-line handler re-reads the statements
 * around the edit instead of the whole file. The cache is opaque to everyone but the front end that
 * fills it; the engine stays pure (the caller owns the object, as with `analyze({ incremental })`).
 */

/** What changed between two texts: the common prefix, and how long the replaced span was and is. */
export interface TextChange {
  start: number;
  /** Length of the replaced span in the old text. */
  oldLength: number;
  /** Length of the new span in the new text. */
  newLength: number;
}

/**
 * The smallest single span that turns `before` into `after`: common prefix and suffix, linear in the
 * text, never overlapping. Undefined when the texts are equal.
 */
export function textChangeBetween(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < shorter - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { start, oldLength: before.length - start - suffix, newLength: after.length - start - suffix };
}

interface Entry {
  text: string;
  tree: unknown;
  /** The front end that made the tree: another one must not read it. */
  owner: string;
}

export class SyntaxTreeCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    /** Files kept at once; the oldest is dropped first. An editor keeps one per open handler. */
    private readonly capacity = 32,
  ) {}

  /**
   * The tree for `text`: the kept one when the text is the same, else `parse(previous)`, where
   * `previous` is the kept tree of an earlier text of the same file, handed over once: an incremental
   * parser may reuse (and move) its nodes, so the cache forgets it before parsing.
   */
  treeFor<T>(owner: string, path: string, text: string, parse: (previous: { text: string; tree: T } | undefined) => T): T {
    const entry = this.entries.get(path);
    if (entry && entry.owner === owner && entry.text === text) {
      // Most recently used last.
      this.entries.delete(path);
      this.entries.set(path, entry);
      return entry.tree as T;
    }
    this.entries.delete(path);
    const tree = parse(entry && entry.owner === owner ? { text: entry.text, tree: entry.tree as T } : undefined);
    this.entries.set(path, { text, tree, owner });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return tree;
  }

  forget(path: string): void {
    this.entries.delete(path);
  }
}

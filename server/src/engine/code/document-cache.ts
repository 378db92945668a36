/**
 * The last code model of each handler file, kept by the caller between versions of a document so a
 * front end can hand it back, moved, when an edit cannot have changed it (see
 * `typescript/document-reuse.ts`). Like `SyntaxTreeCache`, the caller owns the object and the engine
 * stays pure; the records are opaque to everyone but the front end that wrote them.
 */

interface Entry {
  record: unknown;
  /** The front end that wrote the record: another one must not read it. */
  owner: string;
}

export class CodeDocumentCache {
  private readonly entries = new Map<string, Entry>();
  /** Handlers whose analysis was replayed from a kept log, and analysed, since the cache was made (for tests and the bench). */
  readonly handlerCounts = { replayed: 0, analysed: 0 };

  constructor(
    /** Files kept at once; the oldest is dropped first. An editor keeps one per open handler. */
    private readonly capacity = 32,
  ) {}

  get<T>(owner: string, path: string): T | undefined {
    const entry = this.entries.get(path);
    return entry && entry.owner === owner ? (entry.record as T) : undefined;
  }

  set(owner: string, path: string, record: unknown): void {
    // Most recently used last.
    this.entries.delete(path);
    this.entries.set(path, { record, owner });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  forget(path: string): void {
    this.entries.delete(path);
  }
}

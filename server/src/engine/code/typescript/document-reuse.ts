/**
 * Hands back the last code model of a file, moved, when an edit changed only comments or blank space
 * between two top-level statements: typing a doc comment above a handler, or a blank line between two.
 * Every statement then has the same text and the same tokens, so every walk and the solver would find the
 * same facts, shifted; only the directive comments are read again. Anything the check cannot prove
 * (a statement that moved differently, a parse error that came or went, an imported module whose text
 * changed, a whole-text gate that flipped) means no reuse, and the caller analyses the file in full.
 */
import ts from 'typescript';
import type { CodeDocumentCache } from '../document-cache';
import type { AnalyzeCodeInput, CodeDocument, ModuleReader } from '../model';
import { textChangeBetween } from '../syntax-cache';
import { WHOLE_TEXT_GATES } from './auth-facts';
import { directiveComments, mayHoldDirective } from './comments';
import type { ReplayRecord } from './handler-replay';

const OWNER = 'typescript';

/** One call of the caller's module reader during the full analysis, and what it gave. */
interface ModuleRead {
  fromPath: string;
  specifier: string;
  result: { path: string; text: string } | undefined | 'threw';
}

interface ReuseRecord {
  text: string;
  /** Everything else the analysis read from its input: the handlers a template names, the trigger, the budget. */
  inputsKey: string;
  /** The top-level statements: kind, first token and end, in order. */
  kinds: ts.SyntaxKind[];
  starts: number[];
  ends: number[];
  diagnostics: DiagnosticKey[];
  gates: boolean[];
  reads: ModuleRead[];
  /** A private copy: the document handed out may be changed by its reader. */
  document: CodeDocument;
  /** What each handler's analysis wrote, for replaying the handlers an edit inside another one cannot change. */
  replay?: ReplayRecord;
}

interface DiagnosticKey {
  start: number;
  length: number;
  code: number;
  message: string;
}

/** An offset inside the edited span: nothing of the model may lie there, so the model is not reused. */
class OffsetInEdit extends Error {}

function inputsKeyOf(input: AnalyzeCodeInput): string {
  return JSON.stringify([input.path, input.trigger ?? null, input.handlers ?? null, input.workBudget ?? null, !!input.readModule]);
}

function gatesOf(text: string): boolean[] {
  return Object.values(WHOLE_TEXT_GATES).map((gate) => gate.test(text));
}

function diagnosticsOf(sourceFile: ts.SourceFile): DiagnosticKey[] {
  // parseDiagnostics is not public API; module-scan.ts reads it the same way for its issue.
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return diagnostics.map((diagnostic) => ({ start: diagnostic.start, length: diagnostic.length, code: diagnostic.code, message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ') }));
}

/** The caller's reader, recording each call so a later version can check that every module still reads the same. */
export function recordingReader(reader: ModuleReader | undefined): { reader: ModuleReader | undefined; reads: ModuleRead[] } {
  const reads: ModuleRead[] = [];
  if (!reader) return { reader, reads };
  return {
    reads,
    reader: (fromPath, specifier) => {
      let result: { path: string; text: string } | undefined;
      try {
        result = reader(fromPath, specifier);
      } catch (error) {
        reads.push({ fromPath, specifier, result: 'threw' });
        throw error;
      }
      reads.push({ fromPath, specifier, result: result && { path: result.path, text: result.text } });
      return result;
    },
  };
}

/** Keeps what `reusedDocument` needs to prove that a later version would give the same model. */
export function rememberDocument(cache: CodeDocumentCache, input: AnalyzeCodeInput, sourceFile: ts.SourceFile, document: CodeDocument, reads: ModuleRead[], replay?: ReplayRecord): void {
  const statements = sourceFile.statements;
  cache.set(OWNER, input.path, {
    text: input.text,
    inputsKey: inputsKeyOf(input),
    kinds: statements.map((statement) => statement.kind),
    starts: statements.map((statement) => statement.getStart(sourceFile)),
    ends: statements.map((statement) => statement.end),
    diagnostics: diagnosticsOf(sourceFile),
    gates: gatesOf(input.text),
    reads,
    document: keptCopy(document),
    replay,
  } satisfies ReuseRecord);
}

/** The kept analysis of an earlier version of this file with the same inputs, with what it read and wrote. */
export function keptAnalysis(cache: CodeDocumentCache, input: AnalyzeCodeInput): { text: string; document: CodeDocument; reads: readonly ModuleRead[]; replay?: ReplayRecord } | undefined {
  const record = cache.get<ReuseRecord>(OWNER, input.path);
  return record && record.inputsKey === inputsKeyOf(input) ? record : undefined;
}

/** A deep copy of part of a model, for keeping: what is handed out may be changed by its reader. */
export function keptCopy<T>(value: T): T {
  return relocate(value, (offset) => offset) as T;
}

interface EditInGap {
  /** The end of the statement before the edit (-1 before the first) and the first token after it (Infinity after the last), in the old text. */
  endBefore: number;
  startAfter: number;
  delta: number;
  /** An old offset of this file in the new text. Throws `OffsetInEdit` for an offset inside the edited span. */
  move: (offset: number) => number;
}

/**
 * Where the edit lies, when it lies between two statements (or before the first, or after the last):
 * from the end of one to the first token of the next, and never both at once (they would then touch).
 */
function editInGap(record: ReuseRecord, change: { start: number; oldLength: number; newLength: number }): EditInGap | undefined {
  const count = record.kinds.length;
  let gap = 0;
  while (gap < count && record.ends[gap] <= change.start) gap++;
  const editEnd = change.start + change.oldLength;
  const endBefore = gap > 0 ? record.ends[gap - 1] : -1;
  const startAfter = gap < count ? record.starts[gap] : Infinity;
  if (editEnd > startAfter || (change.start === endBefore && editEnd === startAfter)) return undefined;
  // An offset at the edit's start is the end of the statement before when the edit begins right there; else it is at or after the edit's end.
  const keepsEditStart = change.start === endBefore;
  const delta = change.newLength - change.oldLength;
  const move = (offset: number): number => {
    if (offset < change.start || (offset === change.start && keepsEditStart)) return offset;
    if (offset >= editEnd) return offset + delta;
    throw new OffsetInEdit();
  };
  return { endBefore, startAfter, delta, move };
}

// Built on first use: reading `ts.SyntaxKind` while this module loads would load the compiler (9 MB,
// about 250 ms) in every bundle that imports it, the CLI's main thread and template-only workers included.
let trivia: ReadonlySet<ts.SyntaxKind> | undefined;
const triviaKinds = (): ReadonlySet<ts.SyntaxKind> =>
  (trivia ??= new Set([ts.SyntaxKind.WhitespaceTrivia, ts.SyntaxKind.NewLineTrivia, ts.SyntaxKind.SingleLineCommentTrivia, ts.SyntaxKind.MultiLineCommentTrivia]));
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/**
 * True when the new text between the two statements is whitespace and closed comments only, up to the
 * moved first token of the next statement, with a line break where there was one and none where there
 * was none. The parser then reads the same tokens with the same line breaks before them (automatic
 * semicolons depend on those alone), so it builds the same statements with the same errors, moved: the
 * tree is not needed. A doc comment is left to the tree check, as TypeScript parses doc comments.
 */
function isTriviaOnlyGap(record: ReuseRecord, text: string, edit: EditInGap): boolean {
  const from = Math.max(edit.endBefore, 0);
  const oldGap = record.text.slice(from, edit.startAfter === Infinity ? record.text.length : edit.startAfter);
  const newEnd = edit.startAfter === Infinity ? text.length : edit.startAfter + edit.delta;
  const newGap = text.slice(from, newEnd);
  if (LINE_BREAK.test(oldGap) !== LINE_BREAK.test(newGap) || oldGap.includes('/**') || newGap.includes('/**')) return false;
  // Scanned in the whole text: a line comment typed right before a token would run over it.
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text, undefined, from);
  const TRIVIA = triviaKinds();
  for (;;) {
    const kind = scanner.scan();
    if (!TRIVIA.has(kind)) return kind === ts.SyntaxKind.EndOfFileToken ? newEnd === text.length && scanner.getTokenStart() === text.length : scanner.getTokenStart() === newEnd;
    if (scanner.isUnterminated() || scanner.getTokenEnd() > newEnd) return false;
  }
}

/**
 * The last model of this file, moved to the new text, or undefined when the edit may have changed it.
 * `parse` gives the new text's tree; it is asked for only when the text alone cannot settle it.
 */
export function reusedDocument(cache: CodeDocumentCache, input: AnalyzeCodeInput, parse: () => ts.SourceFile): CodeDocument | undefined {
  const record = cache.get<ReuseRecord>(OWNER, input.path);
  if (!record || record.inputsKey !== inputsKeyOf(input)) return undefined;
  if (record.text === input.text) return sameReads(record.reads, input.readModule) ? withComments(record.document, (offset) => offset, input.text, parse) : undefined;
  const change = textChangeBetween(record.text, input.text);
  const edit = change && editInGap(record, change);
  if (!edit) return undefined;
  try {
    // With parse errors, the tree is asked even for trivia: the parser drops an error at the place of the one before it,
    // so whitespace typed after an unfinished statement at the end (`function |`) can turn one error into two.
    if ((record.diagnostics.length > 0 || !isTriviaOnlyGap(record, input.text, edit)) && !sameStatements(record, parse(), edit.move)) return undefined;
    const gates = gatesOf(input.text);
    if (gates.some((gate, index) => gate !== record.gates[index])) return undefined;
    if (!sameReads(record.reads, input.readModule)) return undefined;
    return withComments(record.document, edit.move, input.text, parse);
  } catch (error) {
    if (error instanceof OffsetInEdit) return undefined;
    throw error;
  }
}

/** The new tree has the recorded statements, of the same kinds at the moved places, and the same parse errors, moved. */
function sameStatements(record: ReuseRecord, sourceFile: ts.SourceFile, move: (offset: number) => number): boolean {
  const statements = sourceFile.statements;
  const count = record.kinds.length;
  if (statements.length !== count) return false;
  // The text outside the edit is the same, so the same kinds at the moved places are the same statements.
  for (let index = 0; index < count; index++) {
    const statement = statements[index];
    if (statement.kind !== record.kinds[index] || statement.end !== move(record.ends[index]) || statement.getStart(sourceFile) !== move(record.starts[index])) return false;
  }
  // A removed line break can turn automatic semicolon insertion into a syntax error between the same statements.
  const diagnostics = diagnosticsOf(sourceFile);
  if (diagnostics.length !== record.diagnostics.length) return false;
  for (let index = 0; index < diagnostics.length; index++) {
    const now = diagnostics[index];
    const before = record.diagnostics[index];
    if (now.start !== move(before.start) || now.length !== before.length || now.code !== before.code || now.message !== before.message) return false;
  }
  return true;
}

/** The kept model moved, with the directive comments read again (the edit may be one); a directive that came or went is left to a full analysis. */
function withComments(kept: CodeDocument, move: (offset: number) => number, text: string, parse: () => ts.SourceFile): CodeDocument | undefined {
  const comments = mayHoldDirective(text) ? directiveComments(parse()) : [];
  if ((comments.length > 0) !== (kept.comments !== undefined)) return undefined;
  const document = relocate(kept, move) as CodeDocument;
  if (comments.length > 0) document.comments = comments;
  return document;
}

/** Each module read by the full analysis reads the same now: same path, same text, or the same failure. */
function sameReads(reads: readonly ModuleRead[], reader: ModuleReader | undefined): boolean {
  if (reads.length === 0) return true;
  if (!reader) return false;
  for (const { fromPath, specifier, result } of reads) {
    let now: ModuleRead['result'];
    try {
      now = reader(fromPath, specifier);
    } catch {
      now = 'threw';
    }
    if (now === 'threw' || result === 'threw' || now === undefined || result === undefined) {
      if (now !== result) return false;
    } else if (now.path !== result.path || now.text !== result.text) return false;
  }
  return true;
}

/**
 * A deep copy of the model with each offset of this file moved: `start` and `end` of a range, and the
 * `insertAt` of a command fix. A place in another module (a location with `path`) does not move.
 */
function relocate(value: unknown, move: (offset: number) => number): unknown {
  if (Array.isArray(value)) return value.map((item) => relocate(item, move));
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const isElsewhere = typeof object.path === 'string' && 'range' in object;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const inner = object[key];
    if (!isElsewhere && typeof inner === 'number' && (key === 'start' || key === 'end' || key === 'insertAt')) out[key] = move(inner);
    else out[key] = relocate(inner, isElsewhere ? (offset) => offset : move);
  }
  return out;
}

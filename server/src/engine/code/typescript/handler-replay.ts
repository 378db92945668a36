/**
 * A keystroke inside one handler's code analyses that handler again, not the other two hundred of its
 * file. What each handler's taint analysis wrote through the solver (its sources, guards, flows and cuts,
 * in order) is kept with the model; on the next version, a handler whose analysis cannot have read the
 * edited statements has its writes replayed, moved to the new offsets, in its turn among the handlers
 * that run again, so the ids and the order come out as a full analysis would give them.
 *
 * What a handler's analysis can read is the top-level statements its name closure reaches: its own
 * statement, and each statement that declares (as a function, constant or class of the module scan's
 * tables) a name written in one already reached. It is replayed when none of those statements changed
 * (TypeScript's incremental parser hands back every statement it did not re-parse as the same object)
 * and every such name resolves to the same table entries as before. Anything the proof does not cover
 * makes a full analysis: a module read through the reader, a web app, a summary cut by recursion or
 * depth, a class instance (each can make one handler's result depend on another's having run first),
 * a guard that no longer exists or has another mask, an offset inside the edit, a budget near its end.
 */
import ts from 'typescript';
import type { CodeDocument, CodeLocation, TaintSink } from '../model';
import type { TextChange } from '../syntax-cache';
import type { FunctionNode, ModuleScan, QualifiedName } from './module-scan';
import type { Solver, SolverEvent } from './solver';

/** One handler's analysis as written through the solver, with the ids of the model it was written in. */
export interface HandlerLog {
  exportName: string;
  trigger: string;
  input: string | undefined;
  events: SolverEvent[];
  /** Work units its analysis spent (the solver's budget counts them). */
  work: number;
}

/** What an analysis leaves for the next version of its file. */
export interface ReplayRecord {
  /** The top-level statements of the tree the logs were written from. */
  statements: ReadonlySet<ts.Node>;
  /** That version's name tables. */
  scan: Pick<ModuleScan, 'bindings' | 'relativeBindings' | 'localNames' | 'functions' | 'constants' | 'classes' | 'imports'>;
  /** By handler function node. */
  logs: Map<ts.Node, HandlerLog>;
}

/** The kept analysis of an earlier version, read against the new one. */
export interface ReplayBase {
  record: ReplayRecord;
  /** The kept model the logs' ids point into. */
  document: CodeDocument;
  change: TextChange;
  scan: ModuleScan;
  /** New top-level statements that are not kept ones: the edited (or re-parsed) statements. */
  changed: ReadonlySet<ts.Node>;
  sameNames: Map<string, boolean>;
  sinksByKey?: Map<string, number>;
}

/** The replay cannot give what a full analysis would: the caller analyses the file in full. */
export class ReplayMismatch extends Error {}

/**
 * The base for replaying handlers of `scan` from a record kept for `keptText`, or undefined when the
 * two versions differ in what every handler reads (their imports).
 */
export function replayBase(record: ReplayRecord, document: CodeDocument, keptText: string, change: TextChange | undefined, scan: ModuleScan): ReplayBase | undefined {
  if (!change || keptText.length === 0) return undefined;
  if (!sameImports(record.scan.imports, scan.imports)) return undefined;
  const changed = new Set<ts.Node>();
  for (const statement of scan.sourceFile.statements) if (!record.statements.has(statement)) changed.add(statement);
  return { record, document, change, scan, changed, sameNames: new Map() };
}

/** Which packages and modules are imported, under which local names, decides how calls resolve everywhere. */
function sameImports(before: ModuleScan['imports'], after: ModuleScan['imports']): boolean {
  if (before.length !== after.length) return false;
  for (let index = 0; index < before.length; index++) {
    const a = before[index];
    const b = after[index];
    if (a.specifier !== b.specifier || a.style !== b.style || a.names.length !== b.names.length) return false;
    for (let name = 0; name < a.names.length; name++) if (a.names[name].imported !== b.names[name].imported || a.names[name].local !== b.names[name].local) return false;
  }
  return true;
}

/** The log to replay for this handler, or undefined when it must be analysed again. */
export function replayableLog(base: ReplayBase, fn: FunctionNode, exportName: string, trigger: string, input: string | undefined): HandlerLog | undefined {
  const log = base.record.logs.get(fn);
  if (!log || log.exportName !== exportName || log.trigger !== trigger || log.input !== input) return undefined;
  const sourceFile = base.scan.sourceFile;
  const tables = base.scan;
  const first = topLevelStatementOf(fn, sourceFile);
  if (!first) return undefined;
  const reached = new Set<ts.Node>([first]);
  const queue: ts.Node[] = [first];
  while (queue.length > 0) {
    const statement = queue.pop()!;
    if (base.changed.has(statement)) return undefined;
    for (const name of namesIn(statement)) {
      if (!sameName(base, name)) return undefined;
      for (const declared of [tables.functions.get(name), tables.constants.get(name), tables.classes.get(name)]) {
        if (!declared) continue;
        const owner = topLevelStatementOf(declared, sourceFile);
        if (!owner) return undefined;
        if (!reached.has(owner)) {
          reached.add(owner);
          queue.push(owner);
        }
      }
    }
  }
  return log;
}

/** A name resolves as it did: the same function, constant and class nodes, the same module binding, local or not. */
function sameName(base: ReplayBase, name: string): boolean {
  const known = base.sameNames.get(name);
  if (known !== undefined) return known;
  const before = base.record.scan;
  const after = base.scan;
  const same =
    before.functions.get(name) === after.functions.get(name) &&
    before.constants.get(name) === after.constants.get(name) &&
    before.classes.get(name) === after.classes.get(name) &&
    before.localNames.has(name) === after.localNames.has(name) &&
    sameQualifiedName(before.bindings.get(name), after.bindings.get(name)) &&
    sameRelativeBinding(before.relativeBindings.get(name), after.relativeBindings.get(name));
  base.sameNames.set(name, same);
  return same;
}

function sameQualifiedName(a: QualifiedName | undefined, b: QualifiedName | undefined): boolean {
  if (!a || !b) return a === b;
  return a.module === b.module && a.members.length === b.members.length && a.members.every((member, index) => member === b.members[index]);
}

function sameRelativeBinding(a: { specifier: string; imported: string } | undefined, b: { specifier: string; imported: string } | undefined): boolean {
  if (!a || !b) return a === b;
  return a.specifier === b.specifier && a.imported === b.imported;
}

function topLevelStatementOf(node: ts.Node, sourceFile: ts.SourceFile): ts.Node | undefined {
  let current: ts.Node = node;
  while (current.parent && current.parent !== sourceFile) current = current.parent;
  return current.parent === sourceFile ? current : undefined;
}

/** Every identifier written in a top-level statement, kept by node: the incremental parser hands unchanged statements back. */
const namesByStatement = new WeakMap<ts.Node, ReadonlySet<string>>();

function namesIn(statement: ts.Node): ReadonlySet<string> {
  let names = namesByStatement.get(statement);
  if (names) return names;
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) found.add(node.text);
    else ts.forEachChild(node, visit);
  };
  visit(statement);
  names = found;
  namesByStatement.set(statement, names);
  return names;
}

/**
 * Writes a handler's log again through the solver, moved to the new text: sources and guards are written
 * (and found again by their keys), flows and cuts point at the new ids. The solver records the new log as
 * it goes. Throws `ReplayMismatch` when the new state cannot give the same writes.
 */
export function replayLog(base: ReplayBase, solver: Solver, log: HandlerLog): void {
  const sources = new Map<number, number>();
  const guards = new Map<number, number>();
  const moved = (location: CodeLocation): CodeLocation => moveLocation(location, base.change);
  const guardOf = (old: number): number => {
    const known = guards.get(old);
    if (known !== undefined) return known;
    // A guard of a helper's summary that an earlier handler wrote: it must exist again, at its moved place.
    const kept = base.document.guards[old];
    const id = kept && solver.guardIdOf(moved(kept.location), kept.kind, kept.declaration && moved(kept.declaration));
    if (id === undefined) throw new ReplayMismatch(`guard ${old} is not written again`);
    guards.set(old, id);
    return id;
  };
  const sourceOf = (old: number): number => {
    const id = sources.get(old);
    if (id === undefined) throw new ReplayMismatch(`source ${old} was not written by this handler`);
    return id;
  };
  const sinkOf = (old: number): number => {
    const kept = base.document.sinks[old];
    const id = kept && sinksByKey(base, solver).get(sinkKey(kept, (location) => moved(location)));
    if (id === undefined || id < 0) throw new ReplayMismatch(`sink ${old} is not found again, or not alone`);
    return id;
  };
  for (const event of log.events) {
    switch (event.type) {
      case 'source':
        sources.set(event.id, solver.addSource(event.kind, event.eventPath, moved(event.location), event.handler));
        break;
      case 'guard':
        guards.set(event.id, solver.addGuard(event.kind, event.library, moved(event.location), event.cuts, event.note, event.declaration && moved(event.declaration)));
        break;
      case 'guard-cut':
        solver.noteGuardCut(guardOf(event.guardId), event.mask);
        break;
      case 'guard-settled':
        solver.settleGuard(guardOf(event.guardId), event.cuts, event.note);
        break;
      case 'flow':
        solver.addFlow(sourceOf(event.sourceId), sinkOf(event.sinkId), event.handler, event.steps.map((step) => ({ ...step, location: moved(step.location) })), event.assumption, event.passedGuards.map(guardOf));
        break;
      case 'cut': {
        const ids = event.guardIds.map(guardOf);
        // Which guards a cut is credited to depends on their masks then, which other handlers' analyses may have changed.
        if (ids.some((id, index) => solver.guardMaskOf(id) !== event.masks[index])) throw new ReplayMismatch('a guard has another mask');
        solver.recordCut(ids, sourceOf(event.sourceId), sinkOf(event.sinkId));
        break;
      }
    }
  }
}

function sinksByKey(base: ReplayBase, solver: Solver): Map<string, number> {
  if (base.sinksByKey) return base.sinksByKey;
  const map = new Map<string, number>();
  for (const sink of solver.document.sinks) {
    const key = sinkKey(sink, (location) => location);
    // Two sinks alike in every field the key reads cannot be told apart: neither is replayed.
    map.set(key, map.has(key) ? -1 : sink.id);
  }
  base.sinksByKey = map;
  return map;
}

function sinkKey(sink: TaintSink, place: (location: CodeLocation) => CodeLocation): string {
  const argument = place(sink.argumentLocation);
  const construct = place(sink.location);
  return `${sink.kind}|${sink.cwe}|${sink.callee}|${sink.note ?? ''}|${argument.path ?? ''}|${argument.range.start}|${argument.range.end}|${construct.range.start}|${construct.range.end}`;
}

/**
 * A kept location at its place in the new text. Places in another module do not move. An offset in the
 * edited span, or a start right at an insertion (before or after it?), cannot be placed: no replay.
 */
function moveLocation(location: CodeLocation, change: TextChange): CodeLocation {
  if (location.path !== undefined) return location;
  const { start, end } = location.range;
  const editEnd = change.start + change.oldLength;
  const delta = change.newLength - change.oldLength;
  let newStart: number;
  if (start < change.start) newStart = start;
  else if (start >= editEnd && start > change.start) newStart = start + delta;
  else throw new ReplayMismatch('a location starts in the edit');
  let newEnd: number;
  if (end <= change.start) newEnd = end;
  else if (end > editEnd) newEnd = end + delta;
  else throw new ReplayMismatch('a location ends in the edit');
  return { range: { start: newStart, end: newEnd } };
}

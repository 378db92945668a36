/**
 * What the code auth rules share: which handler of a file a fact belongs to (by range, for facts in
 * this document), and what the templates say about the routes of a handler.
 */
import type { CodeDocument, HandlerBinding, HandlerCandidate, HandlerTrigger, TextRange } from '../../../server/src/engine';

const HTTP_KINDS = new Set(['api-rest', 'api-http', 'function-url', 'alb', 'websocket']);

export function isHttp(trigger: HandlerTrigger): boolean {
  return HTTP_KINDS.has(trigger.kind);
}

function contains(outer: TextRange, inner: TextRange): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** The handler (of this document) whose function holds `range`; undefined for a helper or module-level code. */
export function handlerContaining(document: CodeDocument, range: TextRange): HandlerCandidate | undefined {
  return document.handlers.find((handler) => handler.functionLocation.path === undefined && contains(handler.functionLocation.range, range));
}

/** Whether a fact at `range` can serve `handler`: it lies in the handler, or outside every handler (a helper it may call). */
export function servesHandler(document: CodeDocument, range: TextRange, handler: HandlerCandidate | undefined): boolean {
  const owner = handlerContaining(document, range);
  return owner === undefined || handler === undefined || owner === handler;
}

export function bindingsOf(bindings: readonly HandlerBinding[], exportName: string): HandlerBinding[] {
  return bindings.filter((binding) => binding.exportName === exportName);
}

/** The first line of a range, so a finding on a whole function underlines only its head. */
export function firstLine(text: string, range: TextRange): TextRange {
  const newline = text.indexOf('\n', range.start);
  return { start: range.start, end: newline < 0 || newline > range.end ? range.end : newline };
}

/**
 * Handler-code analysis: the pure entry `analyzeCode` and the language-neutral model it returns.
 * It picks the front end by file extension (JavaScript/TypeScript today, Python next) and never
 * throws; the caller supplies any other file through `readModule`, so no file system is touched here.
 */
import { emptyCodeDocument, type AnalyzeCodeInput, type CodeDocument } from './model';
import { analyzeTypeScript, languageOf } from './typescript/front-end';

export * from './model';
export { classifyEventPath, EVENT_SOURCES } from './event-sources';
export { CodeDocumentCache } from './document-cache';
export { SyntaxTreeCache, textChangeBetween, type TextChange } from './syntax-cache';
export { reExportedHandlers, skipReason, TYPESCRIPT_EXTENSIONS } from './typescript/front-end';
export { relativeModuleSpecifiers } from './module-imports';

export function analyzeCode(input: AnalyzeCodeInput): CodeDocument {
  const language = languageOf(input.path);
  if (!language) {
    const document = emptyCodeDocument(input.path, 'javascript', input.trigger ?? 'unknown');
    document.skipped = 'not a JavaScript or TypeScript source file (.js .mjs .cjs .jsx .ts .mts .cts .tsx); skipped';
    return document;
  }
  if (typeof input.text !== 'string') {
    const document = emptyCodeDocument(input.path, language, input.trigger ?? 'unknown');
    document.skipped = 'no text was given; skipped';
    return document;
  }
  return analyzeTypeScript(input, language);
}

/**
 * The analyses of open handler source files, in the analysis worker: one per document version,
 * bindings (what the templates say about the file, from the main thread's index) and settings. A handler's findings
 * depend on its text, on the templates that name it (trigger, route auth) and on the modules it
 * imports, so each of those invalidates it. A code file that no template names and that has no
 * handler-shaped export is not ours: it gets no diagnostics.
 */
import { analyzeHandlerFile, CodeDocumentCache, LineIndex, SyntaxTreeCache, type AnalysisResult, type CodeRuleModule, type HandlerBinding, type ParsedDocument } from '../engine';
import type { CodeFileAccess } from '../workspace/code-files';
import { describeError, type DocumentAnalysis } from './document-analyses';
import type { DocumentLocation } from './paths';
import { analysisSettingsKey, type ServerSettings } from './settings';

interface Entry {
  key: string;
  analysis: DocumentAnalysis;
  /** Modules the analysis read through imports: a change to one drops the entry. */
  dependencies: Set<string>;
  bindings: HandlerBinding[];
}

export interface HandlerAnalysesOptions {
  rules: readonly CodeRuleModule[];
  /** The worker's file view (open documents first, disk reads kept until a file event). */
  access(): CodeFileAccess;
  logError(message: string): void;
}

export class HandlerAnalyses {
  private readonly entries = new Map<string, Entry>();
  /** The last syntax tree of each handler and of the modules it imports: a keystroke re-parses around the edit only. */
  private readonly syntaxTrees = new SyntaxTreeCache();
  /** The last code model of each handler: an edit in a comment between statements moves it instead of analysing again. */
  private readonly documents = new CodeDocumentCache();

  constructor(private readonly options: HandlerAnalysesOptions) {}

  /** `bindings` undefined: the ones this document's last analysis used (a hover or a fix of the version the diagnostics saw). */
  analyse(uri: string, version: number, text: string, location: DocumentLocation, settings: ServerSettings, given?: HandlerBinding[]): DocumentAnalysis {
    // Only a file on disk can be named by a template; an untitled buffer is analysed as an unbound handler.
    const bindings: HandlerBinding[] = !location.isFile ? [] : (given ?? this.entries.get(uri)?.bindings ?? []);
    const key = `${version}\u0000${analysisSettingsKey(settings)}\u0000${JSON.stringify(bindings)}`;
    const cached = this.entries.get(uri);
    if (cached && cached.key === key) return cached.analysis;
    const dependencies = new Set<string>();
    const access = this.options.access();
    let result: AnalysisResult;
    try {
      result = analyzeHandlerFile({
        path: location.path,
        text,
        rules: this.options.rules,
        bindings,
        syntaxTrees: this.syntaxTrees,
        documents: this.documents,
        settings: { rules: settings.rules, honourInlineIgnores: true, honourOtherToolSuppressions: settings.honourOtherToolSuppressions !== false },
        readModule: (fromPath, specifier) => {
          const read = access.readModule(fromPath, specifier);
          if (read) dependencies.add(read.path);
          return read;
        },
      });
    } catch (error) {
      this.options.logError(`Analysing ${uri} (version ${version}) failed: ${describeError(error)}`);
      result = { path: location.path, kind: null, findings: [], suppressed: [], issues: [], endpoints: [], internalErrors: [] };
    }
    for (const internalError of result.internalErrors) this.options.logError(`Internal error while analysing ${uri} (version ${version}): ${internalError}`);
    // Not a handler: no template names it and nothing in it looks like one.
    if (bindings.length === 0 && (result.code?.handlers.length ?? 0) === 0) result = { ...result, findings: [], suppressed: [], notAnalysed: undefined, code: undefined };
    const parsed: ParsedDocument = { path: location.path, text, format: 'yaml', root: null, issues: [] };
    const analysis: DocumentAnalysis = { uri, version, path: location.path, parsed, lineIndex: new LineIndex(text), result };
    this.entries.set(uri, { key, analysis, dependencies, bindings });
    return analysis;
  }

  /** The cached analysis of exactly this version, if one exists. */
  peek(uri: string, version: number): DocumentAnalysis | undefined {
    const entry = this.entries.get(uri);
    return entry && entry.analysis.version === version ? entry.analysis : undefined;
  }

  /** A module changed: the analyses that imported it are dropped. True when one did. */
  invalidateDependentsOf(path: string): boolean {
    let found = false;
    for (const [uri, entry] of this.entries) {
      if (entry.dependencies.has(path)) {
        this.entries.delete(uri);
        found = true;
      }
    }
    return found;
  }

  dependenciesOf(uri: string): string[] {
    return [...(this.entries.get(uri)?.dependencies ?? [])];
  }

  delete(uri: string): void {
    const entry = this.entries.get(uri);
    if (entry) {
      this.syntaxTrees.forget(entry.analysis.path);
      this.documents.forget(entry.analysis.path);
    }
    this.entries.delete(uri);
  }
}

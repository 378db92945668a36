/**
 * The analyses of open handler source files, in the analysis worker: one per document version,
 * bindings (what the templates say about the file, from the main thread's index) and settings. A handler's findings
 * depend on its text, on the templates that name it (trigger, route auth) and on the modules it
 * imports, so each of those invalidates it. A code file that no template names and that has no
 * handler-shaped export is a helper module: it gets its diagnostics when a template-named handler loads
 * it (`helper-modules.ts`, as the audit decides), and none otherwise.
 */
import { analyzeHandlerFile, CodeDocumentCache, LineIndex, SyntaxTreeCache, type AnalysisResult, type CodeRuleModule, type HandlerBinding, type ParsedDocument } from '../engine';
import { isUnboundCandidate, type CodeFileAccess } from '../workspace/code-files';
import { isInside } from '../workspace/file-reader';
import { reachHelperModules, ReaderImportEdges } from '../workspace/helper-modules';
import { describeError, type DocumentAnalysis } from './document-analyses';
import type { DocumentLocation } from './paths';
import { analysisSettingsKey, type ServerSettings } from './settings';

interface Entry {
  key: string;
  analysis: DocumentAnalysis;
  /** Modules the analysis read through imports: a change to one drops the entry. */
  dependencies: Set<string>;
  bindings: HandlerBinding[];
  handlerFiles: string[];
  reExportedElsewhere: string[];
}

export interface HandlerAnalysesOptions {
  rules: readonly CodeRuleModule[];
  /** The worker's file view (open documents first, disk reads kept until a file event). */
  access(): CodeFileAccess;
  /** The workspace roots: a helper module is looked for inside them, where the audit's discovery looks. */
  roots(): readonly string[];
  logError(message: string): void;
}

export class HandlerAnalyses {
  private readonly entries = new Map<string, Entry>();
  /** The last syntax tree of each handler and of the modules it imports: a keystroke re-parses around the edit only. */
  private readonly syntaxTrees = new SyntaxTreeCache();
  /** The last code model of each handler: an edit in a comment between statements moves it instead of analysing again. */
  private readonly documents = new CodeDocumentCache();

  /** The relative imports of each file, for finding which modules the handlers load; rebuilt with the file view. */
  private importEdges?: { access: CodeFileAccess; edges: ReaderImportEdges };

  constructor(private readonly options: HandlerAnalysesOptions) {}

  /**
   * `bindings` undefined: the ones this document's last analysis used (a hover or a fix of the version the diagnostics saw).
   * `handlerFiles`: every file the templates name, for a file that is not one of them (undefined: the last ones).
   * `givenReExported`: this file's exports that a template-named handler file re-exports, whose findings are reported
   * there (undefined: the last ones).
   */
  analyse(uri: string, version: number, text: string, location: DocumentLocation, settings: ServerSettings, given?: HandlerBinding[], givenHandlerFiles?: string[], givenReExported?: string[]): DocumentAnalysis {
    // Only a file on disk can be named by a template; an untitled buffer is analysed as an unbound handler.
    const bindings: HandlerBinding[] = !location.isFile ? [] : (given ?? this.entries.get(uri)?.bindings ?? []);
    const handlerFiles = !location.isFile || bindings.length > 0 ? [] : (givenHandlerFiles ?? this.entries.get(uri)?.handlerFiles ?? []);
    const reExportedElsewhere = !location.isFile ? [] : (givenReExported ?? this.entries.get(uri)?.reExportedElsewhere ?? []);
    const key = `${version}\u0000${analysisSettingsKey(settings)}\u0000${handlerFiles.join('\u0000')}\u0001${reExportedElsewhere.join('\u0000')}`;
    const cached = this.entries.get(uri);
    // The bindings are compared only when all else matches: serialising the bindings of a file that a
    // template names 200 times (each with its triggers and role) cost about 2 ms on every keystroke.
    if (cached && cached.key === key && (cached.bindings === bindings || JSON.stringify(cached.bindings) === JSON.stringify(bindings))) return cached.analysis;
    const dependencies = new Set<string>();
    const access = this.options.access();
    let result: AnalysisResult;
    try {
      result = analyzeHandlerFile({
        path: location.path,
        text,
        rules: this.options.rules,
        bindings,
        reExportedElsewhere,
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
    // Not a handler: no template names it and nothing in it looks like one. Its findings count when a handler loads it.
    if (bindings.length === 0 && (result.code?.handlers.length ?? 0) === 0) {
      const reach = handlerFiles.length > 0 ? this.reachFrom(handlerFiles, access) : undefined;
      for (const path of reach?.visited ?? []) dependencies.add(path);
      if (!reach?.importerOf.has(location.path)) result = { ...result, findings: [], suppressed: [], notAnalysed: undefined, code: undefined };
    }
    const parsed: ParsedDocument = { path: location.path, text, format: 'yaml', root: null, issues: [] };
    const analysis: DocumentAnalysis = { uri, version, path: location.path, parsed, lineIndex: new LineIndex(text), result };
    this.entries.set(uri, { key, analysis, dependencies, bindings, handlerFiles, reExportedElsewhere });
    return analysis;
  }

  private reachFrom(handlerFiles: readonly string[], access: CodeFileAccess) {
    if (this.importEdges?.access !== access) this.importEdges = { access, edges: new ReaderImportEdges((path) => access.files.read?.(path), access.readModule) };
    const roots = this.options.roots();
    const isModuleCandidate = (path: string) => {
      const root = roots.find((candidate) => isInside(candidate, path));
      return root !== undefined && isUnboundCandidate(path.slice(root.length + 1));
    };
    return reachHelperModules(handlerFiles, this.importEdges.edges, isModuleCandidate);
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

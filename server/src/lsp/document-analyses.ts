/**
 * Caches one parse per (uri, version) and the analysis of that parse for the
 * current settings, so diagnostics, hovers and code actions of one version
 * share a single analysis. It also remembers which files each analysis read
 * through `${file(...)}`, so that an edit to such a file can invalidate its
 * dependents. It owns no LSP wiring; the server decides when to ask.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isAbsolute } from 'node:path';
import { analyze, LineIndex, mayBeTemplate, parseDocumentReusing, type AnalysisResult, type Finding, type InlineHandler, type ParameterValues, type ParsedDocument, type RuleModule, type TextRange, type WorkspaceFileReader } from '../engine';
import { samConfigBeside, samConfigPathBeside } from '../workspace';
import type { DocumentLocation } from './paths';
import { analysisSettingsKey, type ServerSettings } from './settings';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  path: string;
  parsed: ParsedDocument;
  lineIndex: LineIndex;
  result: AnalysisResult;
  /** A template's inline handler code, once the worker joined it (see `InlineCodeOfTemplate`). */
  inlineCode?: InlineCodeOfTemplate;
}

/**
 * What a template's inline handler code (`ZipFile`, `InlineCode`) added to its analysis: the code
 * findings among `result.findings` with the inline value each came from (its "ignore" line goes
 * inside that value), and the inline code refused as code or analysed only in part, with the words the
 * CLI lists it with (skipped, or a problem reading the file).
 */
export interface InlineCodeOfTemplate {
  sourceOf: Map<Finding, InlineHandler>;
  notAnalysed: Array<{ range: TextRange; reason: string }>;
}

interface CacheEntry {
  version: number;
  path: string;
  parsed: ParsedDocument;
  lineIndex: LineIndex;
  analysis?: { settingsKey: string; result: AnalysisResult };
  /** The previous version's per-resource rule results, until this version is analysed (a keystroke re-checks only what it changed). */
  previousRuleResults?: AnalysisResult['ruleResults'];
  /** Files the last analysis read; kept when the analysis is dropped, since the next one will likely read them again. */
  dependencies: Set<string>;
}

export interface AnalysisCacheOptions {
  rules: readonly RuleModule[];
  /**
   * A `${file(...)}` reader for one analysis; `dependencies` collects the paths
   * it reads. A fresh reader per analysis keeps file contents from going stale.
   */
  createFileReader(dependencies: Set<string>): WorkspaceFileReader;
  logError(message: string): void;
}

export class AnalysisCache {
  private readonly entries = new Map<string, CacheEntry>();
  /** The samconfig.toml files read so far, by path, until they change. */
  private readonly samConfigs = new Map<string, ReturnType<typeof samConfigBeside>>();
  /** How many parses ran; tests of the cache read it. */
  parseCount = 0;

  constructor(private readonly options: AnalysisCacheOptions) {}

  /** Never throws: an engine failure is logged and yields an empty analysis. */
  analyse(document: TextDocument, location: DocumentLocation, settings: ServerSettings): DocumentAnalysis {
    const entry = this.entryFor(document, location);
    const settingsKey = analysisSettingsKey(settings);
    if (!entry.analysis || entry.analysis.settingsKey !== settingsKey) {
      const dependencies = new Set<string>();
      let result: AnalysisResult;
      try {
        result = analyze({
          path: entry.path,
          text: entry.parsed.text,
          rules: this.options.rules,
          settings: { rules: settings.rules, honourInlineIgnores: true, honourOtherToolSuppressions: settings.honourOtherToolSuppressions !== false },
          readFile: this.options.createFileReader(dependencies),
          parameters: this.parametersFor(entry.path, dependencies),
          parsed: entry.parsed,
          incremental: { previous: entry.previousRuleResults },
        });
      } catch (error) {
        this.options.logError(`Analysing ${document.uri} (version ${document.version}) failed: ${describeError(error)}`);
        result = emptyResult(entry.path);
      }
      for (const internalError of result.internalErrors) {
        this.options.logError(`Internal error while analysing ${document.uri} (version ${document.version}): ${internalError}`);
      }
      entry.analysis = { settingsKey, result };
      entry.previousRuleResults = undefined;
      entry.dependencies = dependencies;
    }
    return { uri: document.uri, version: entry.version, path: entry.path, parsed: entry.parsed, lineIndex: entry.lineIndex, result: entry.analysis.result };
  }

  /**
   * The `parameter_overrides` of the samconfig.toml beside the document, as
   * `sam deploy` would use them. Its path is a dependency even when it does not
   * exist yet, so creating, editing or deleting it refreshes the document.
   */
  private parametersFor(path: string, dependencies: Set<string>): ParameterValues | undefined {
    if (!isAbsolute(path)) return undefined;
    // Read once per folder and kept until the file changes (`invalidateDependentsOf`): no disk read on a keystroke.
    const configPath = samConfigPathBeside(path);
    let samConfig = this.samConfigs.get(configPath);
    if (!samConfig) {
      samConfig = samConfigBeside(path);
      this.samConfigs.set(configPath, samConfig);
      if (samConfig.error) this.options.logError(`Parameter values not used: ${samConfig.error}`);
    }
    dependencies.add(samConfig.path);
    return samConfig.parameters;
  }

  /** The cached analysis of exactly this version, if one exists. */
  peek(uri: string, version: number): DocumentAnalysis | undefined {
    const entry = this.entries.get(uri);
    if (!entry || entry.version !== version || !entry.analysis) return undefined;
    return { uri, version, path: entry.path, parsed: entry.parsed, lineIndex: entry.lineIndex, result: entry.analysis.result };
  }

  /**
   * Drops the analyses (not the parses) that read `path` through `${file(...)}`.
   * Returns true when a document depends on it, i.e. its diagnostics may be stale.
   */
  invalidateDependentsOf(path: string): boolean {
    this.samConfigs.delete(path);
    let hasDependents = false;
    for (const entry of this.entries.values()) {
      if (entry.dependencies.has(path)) {
        entry.analysis = undefined;
        hasDependents = true;
      }
    }
    return hasDependents;
  }

  /** The files the last analysis of this document read, or tried to read. */
  dependenciesOf(uri: string): ReadonlySet<string> {
    return this.entries.get(uri)?.dependencies ?? new Set();
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  private entryFor(document: TextDocument, location: DocumentLocation): CacheEntry {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version && cached.path === location.path) return cached;
    const text = document.getText();
    let parsed: ParsedDocument;
    this.parseCount++;
    try {
      // A file that cannot be a template (a workflow, a Kubernetes manifest) is not parsed at all: it gets
      // nothing either way, and a large one would cost its parse on every keystroke.
      if (!mayBeTemplate(location.path, text)) parsed = { path: location.path, text, format: /\.json$/i.test(location.path) ? 'json' : 'yaml', root: null, issues: [] };
      // A keystroke re-parses only the resources it touched; the tree equals a full parse.
      else parsed = cached && cached.path === location.path ? parseDocumentReusing(location.path, text, cached.parsed) : parseDocumentReusing(location.path, text);
    } catch (error) {
      // The parser promises never to throw; if it does, the document is treated as unreadable.
      this.options.logError(`Parsing ${document.uri} (version ${document.version}) failed: ${describeError(error)}`);
      parsed = { path: location.path, text, format: /\.json$/i.test(location.path) ? 'json' : 'yaml', root: null, issues: [] };
    }
    const sameFile = cached !== undefined && cached.path === location.path;
    const entry: CacheEntry = {
      version: document.version,
      path: location.path,
      parsed,
      lineIndex: new LineIndex(text),
      dependencies: cached?.dependencies ?? new Set(),
      previousRuleResults: sameFile ? (cached.analysis?.result.ruleResults ?? cached.previousRuleResults) : undefined,
    };
    this.entries.set(document.uri, entry);
    return entry;
  }
}

export function emptyResult(path: string): AnalysisResult {
  return { path, kind: null, findings: [], suppressed: [], issues: [], endpoints: [], internalErrors: [] };
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

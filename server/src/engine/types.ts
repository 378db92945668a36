/**
 * The engine's public vocabulary: source nodes, findings, fixes and settings.
 * Everything here is plain data measured in string offsets (UTF-16 code units);
 * only the LSP adapter and the reporters turn offsets into lines and columns.
 */

/** A half-open span of the document text, `[start, end)`, in UTF-16 offsets. */
export interface TextRange {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'info';
export type Category = 'auth' | 'iam' | 'input' | 'storage' | 'transit' | 'secrets' | 'logging' | 'throttling';
export type DocumentKind = 'serverless' | 'sam' | 'cloudformation';
export type SyntaxFormat = 'yaml' | 'json';

// ---------------------------------------------------------------------------
// Source tree: one shape for YAML and JSON, every node with its range.
// ---------------------------------------------------------------------------

export type SourceNode = MapNode | SeqNode | ScalarNode;

interface NodeBase {
  range: TextRange;
  /**
   * The YAML short-form tag this node was written with (`!Ref`, `!GetAtt`, ...).
   * Short forms are normalised into the long form (`{ Ref: x }`), so resolution
   * never has to care; the tag survives only for messages and fixes.
   */
  shortTag?: string;
}

export interface MapEntry {
  key: ScalarNode;
  /** Null when the value is missing (`key:` with nothing after it). */
  value: SourceNode | null;
  /** From the start of the key to the end of the value. */
  range: TextRange;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  entries: MapEntry[];
  /** True for YAML flow maps (`{ a: 1 }`) and for every JSON object. */
  isFlow: boolean;
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: SourceNode[];
  isFlow: boolean;
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** True when the scalar was quoted or is a block scalar, i.e. certainly a string. */
  isQuoted: boolean;
}

/**
 * What a parse issue is: `syntax`, a problem in the text the user can fix;
 * `limit`, a part of the document over one of the limits in `limits.ts` (not
 * analysed, by design); `internal`, a parser that failed (our bug, not the user's).
 */
export type ParseIssueKind = 'syntax' | 'limit' | 'internal';

export interface ParseIssue {
  message: string;
  range: TextRange;
  severity: 'error' | 'warning';
  kind: ParseIssueKind;
}

export interface ParsedDocument {
  path: string;
  text: string;
  format: SyntaxFormat;
  root: SourceNode | null;
  /** Syntax errors; the tree still holds whatever parsed. */
  issues: ParseIssue[];
}

// ---------------------------------------------------------------------------
// Findings and fixes
// ---------------------------------------------------------------------------

export interface TextEdit {
  range: TextRange;
  newText: string;
  /**
   * Set when the edit is to another file than the finding's (a handler's fix that adds a statement to
   * its template): that file's absolute path. `expectedBefore` is then the text the file must hold just
   * before `range.start`, so a shell applies the edit only to the text it was computed on.
   */
  path?: string;
  expectedBefore?: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  category: Category;
  range: TextRange;
  /** CloudFormation logical id, or `functions.<name>` / `provider.iam` for Serverless. */
  resource?: string;
  /** Suggested fixes; security fixes change behaviour, so they are only offered. */
  fixes: Fix[];
  equivalents: string[];
  docsUrl: string;
  /**
   * Other places that explain the finding (a code finding's route or function in the template, a
   * template finding's handler that checks a token itself). `path` absent means this document.
   */
  related?: Array<{ path?: string; range: TextRange; message: string }>;
  /** A code finding's path from source to sink, step by step; `path` absent means this document. */
  steps?: Array<{ path?: string; range: TextRange; message: string }>;
}

// ---------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------

export type RuleSetting = Severity | 'off';

export interface EngineSettings {
  /** Per-rule severity override, or 'off'. */
  rules: Record<string, RuleSetting>;
  /** When false, no inline suppression is honoured: neither `slsward-ignore` nor other tools' (a full review). */
  honourInlineIgnores: boolean;
  /**
   * When false, other tools' suppressions (`checkov:skip=`, cfn_nag `rules_to_suppress`,
   * cfn-lint `ignore_checks`, `nosemgrep`) are not honoured; `slsward-ignore` still is.
   */
  honourOtherToolSuppressions: boolean;
}

export const defaultEngineSettings: EngineSettings = { rules: {}, honourInlineIgnores: true, honourOtherToolSuppressions: true };

/** A deploy-time parameter value that the user gave (a `--parameters` file, `samconfig.toml`). */
export interface ParameterValue {
  value: string;
  /** Where it came from, for messages and hovers: `samconfig.toml`, `params.json`. */
  source: string;
}

/** Parameter name -> value given for this analysis; used before a parameter's `Default`. */
export type ParameterValues = Record<string, ParameterValue>;

/**
 * Reads another workspace file for `${file(...)}` references and OpenAPI files. The shell that
 * provides it is responsible for confining it to the workspace; the engine
 * never touches the file system itself. Returns undefined when not allowed.
 */
export interface WorkspaceFileReader {
  (fromPath: string, relativePath: string): { path: string; text: string } | undefined;
  /**
   * Why the last call for this path returned undefined, in a few words (`outside the workspace`,
   * `not found`), and the path it resolved to; optional, so that a plain function is a reader too.
   */
  whyUnreadable?(fromPath: string, relativePath: string): { path: string; reason: string } | undefined;
}

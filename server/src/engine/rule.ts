/**
 * The rule contract: metadata, messages and a `check` that reads the
 * application model and reports. Rules never see LSP, files or settings.
 */
import type { AppModel } from './model/types';
import type { HandlerCodeSummary } from './project/handler-code';
import type { Category, DocumentKind, Fix, MapEntry, Severity, SourceNode, TextRange } from './types';

/** Where rule pages live; the doc of rule `x` in category `c` is `${RULE_DOCS_BASE}/c/x.md`. */
export const RULE_DOCS_BASE = 'https://github.com/serverless-ward/serverless-ward/blob/main/rules';

export interface RuleMeta {
  /** kebab-case, equal to the file name, never reused. */
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  confidence: 'high' | 'medium' | 'low';
  /** Why it matters, in one or two sentences (hover). */
  description: string;
  /** How to fix it, in one or two sentences (hover). */
  remediation: string;
  /** The same check in other tools: `CKV_AWS_59`, `F13`, `AwsSolutions-APIG4`, ... */
  equivalents: string[];
  /** OWASP Serverless Top 10 2017 (`OWASP-Serverless-A2`), PureSec/CSA (`SAS-2`), CWE (`CWE-306`) and AWS documentation URLs. */
  references: string[];
  targets: DocumentKind[];
  /** messageId -> template with `{{placeholders}}`. */
  messages: Record<string, string>;
  /**
   * A different default severity for some messages, when one rule finds cases
   * of different weight (a public-write bucket is an error, a public website
   * bucket a warning). `severity` stays the rule's highest; a user's setting
   * for the rule overrides both.
   */
  messageSeverity?: Record<string, Severity>;
  /**
   * Checks of other tools that one message also answers, beyond `equivalents`:
   * full administrator access is every IAM check at once, so one finding
   * stands for them and the narrower rules stay quiet on it.
   */
  messageEquivalents?: Record<string, string[]>;
  /**
   * Checks of other tools that only some findings answer, each named on its
   * finding through `ReportDescriptor.equivalents` (a Serverless function's
   * AWS keys answer CKV_AWS_41, a provider's other keys do not). Declared here
   * so hover, the README table and comparisons know them; a strict run throws
   * when a finding names a check the rule does not declare.
   */
  findingEquivalents?: string[];
  fix: 'none' | 'safe' | 'suggestion';
  /**
   * `resource`: every finding names (`resource`) one logical id of `Resources` and lies, with its fix
   * edits, inside that resource, and it depends only on that resource, what it references and who
   * holds the IAM principals among those (`incremental/rule-results.ts`). The editor then re-runs
   * the rule only on the resources a keystroke can change. A rule that reads routes, APIs or
   * resources that point at it (a bucket "without a policy") leaves it unset. Tests compare the
   * incremental result with a full analysis on every edit of recorded typing sessions.
   */
  scope?: 'resource';
  /**
   * True for a rule that judges the template together with what its handlers' code does (the
   * actions its AWS calls need): it reads `context.handlers`, so `analyze()` skips it and
   * `joinHandlerCode` runs it once the shell has modelled the handler files. `'refines'` for a rule
   * that judges the template alone and says more when the code is known (the actions a wildcard's
   * functions really call): `analyze()` runs it without `context.handlers`, and `joinHandlerCode`
   * runs it again with them, its findings there replacing the first ones.
   */
  readsHandlerCode?: boolean | 'refines';
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** What to underline. */
  node: SourceNode | MapEntry | { range: TextRange };
  resource?: string;
  fixes?: Fix[];
  /**
   * Other tools' checks that this finding also answers, beyond the rule's
   * `equivalents`: `sqs:*` on Resource '*' includes permissions management, so
   * iam-wildcard-action's finding answers CKV_AWS_109 and the narrower rule
   * stays quiet on that entry. Say so in the rule's doc.
   */
  equivalents?: string[];
}

export interface RuleContext {
  model: AppModel;
  report(descriptor: ReportDescriptor): void;
  /** For `readsHandlerCode` rules (and `'refines'` ones, once the code is known): what each function's handler does, by function name (only functions whose handler was read). */
  handlers?: ReadonlyMap<string, HandlerCodeSummary>;
}

export interface RuleModule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

export function defineRule(rule: RuleModule): RuleModule {
  return rule;
}

export function docsUrlOf(meta: Pick<RuleMeta, 'id' | 'category'>): string {
  return `${RULE_DOCS_BASE}/${meta.category}/${meta.id}.md`;
}

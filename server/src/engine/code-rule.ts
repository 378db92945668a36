/**
 * The contract of code rules: rules that read one handler source file's language-neutral code
 * model (`code/model.ts`) together with what the templates say about its handlers
 * (`project/types.ts`). Like template rules they never see LSP, files or settings; unlike them they
 * never see a parser type either, so a Python front end plugs in without changing a rule.
 */
import type { CodeDocument, CodeLanguage, CodeLocation, FlowStep } from './code/model';
import type { HandlerBinding, ProjectLocation } from './project/types';
import type { RuleMeta } from './rule';
import type { Fix, TextRange } from './types';

export interface CodeRuleMeta extends Omit<RuleMeta, 'targets'> {
  /** The languages whose code model the rule reads; every rule reads the same model, so usually all. */
  languages: CodeLanguage[];
  /**
   * True when the finding's severity follows the handler's exposure (`project/types.ts`): raised to
   * error on a public route, lowered one step behind IAM or an authorizer or for an internal trigger.
   * The engine applies it and says why in the message; the rule reports the severity it declares.
   */
  severityFollowsExposure?: boolean;
}

export interface CodeReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** What to underline, in this document (a location with a `path` is another module: give the import or call here instead). */
  range: TextRange;
  /** The handler export the finding belongs to, whose exposure decides its severity; absent for file-wide facts. */
  handler?: string;
  /** The path from source to sink, step by step (hover, SARIF codeFlows). Steps may lie in other modules. */
  steps?: FlowStep[];
  /** Where else to look: the route in the template, the guard that did not constrain the value. */
  related?: Array<{ location: ProjectLocation | CodeLocation; message: string }>;
  fixes?: Fix[];
  equivalents?: string[];
}

export interface CodeRuleContext {
  code: CodeDocument;
  /** What the templates say about the handlers of this file; empty when no template names it. */
  bindings: readonly HandlerBinding[];
  /** The document's text, for fixes that rewrite a call (never re-parse it: read the model). */
  text: string;
  report(descriptor: CodeReportDescriptor): void;
}

export interface CodeRuleModule {
  meta: CodeRuleMeta;
  checkCode(context: CodeRuleContext): void;
}

export function defineCodeRule(rule: CodeRuleModule): CodeRuleModule {
  return rule;
}

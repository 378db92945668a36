/**
 * The rule registry: every rule, sorted by id. Each category lists its rules
 * in `rules/<category>/index.ts`; shells pass `allRules` to the engine (and
 * `codeRules`, a separate registry, to `analyzeHandlerFile`), and nothing
 * registers itself as an import side effect.
 */
import type { CodeRuleModule, RuleModule } from '../server/src/engine';
import { authCodeRules, authRules } from './auth';
import { iamCodeRules, iamRules } from './iam';
import { inputCodeRules, inputRules } from './input';
import { loggingRules } from './logging';
import { secretsCodeRules, secretsRules } from './secrets';
import { storageCodeRules, storageRules } from './storage';
import { throttlingRules } from './throttling';
import { transitCodeRules, transitRules } from './transit';

export const allRules: readonly RuleModule[] = [
  ...authRules,
  ...iamRules,
  ...inputRules,
  ...loggingRules,
  ...secretsRules,
  ...storageRules,
  ...throttlingRules,
  ...transitRules,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function ruleById(id: string): RuleModule | undefined {
  return allRules.find((rule) => rule.meta.id === id);
}

/** The code rules: they read a handler source file's code model, never a template. */
export const codeRules: readonly CodeRuleModule[] = [
  ...authCodeRules,
  ...iamCodeRules,
  ...inputCodeRules,
  ...secretsCodeRules,
  ...storageCodeRules,
  ...transitCodeRules,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function codeRuleById(id: string): CodeRuleModule | undefined {
  return codeRules.find((rule) => rule.meta.id === id);
}

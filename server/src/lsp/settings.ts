/**
 * The `slsward.*` settings as the server sees them: read from the client with
 * `workspace/configuration` (per workspace folder), validated, and cached until
 * the client says they changed. Nothing here analyses documents.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { RuleSetting } from '../engine';

export interface ServerSettings {
  enable: boolean;
  /** Rule id -> severity or 'off'; passed to the engine as `settings.rules`. */
  rules: Record<string, RuleSetting>;
  /** Globs relative to the workspace folder. */
  exclude: string[];
  /** `slsward.honourOtherToolSuppressions`: honour checkov:skip, cfn_nag, cfn-lint and nosemgrep suppressions (default true). */
  honourOtherToolSuppressions: boolean;
}

export const defaultServerSettings: ServerSettings = { enable: true, rules: {}, exclude: [], honourOtherToolSuppressions: true };

const RULE_SETTINGS: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'off']);

/**
 * Settings come from user files and may hold anything; a wrong value falls
 * back to the default instead of reaching the engine.
 */
export function normaliseSettings(raw: unknown): ServerSettings {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (value.rules && typeof value.rules === 'object' && !Array.isArray(value.rules)) {
    for (const [id, setting] of Object.entries(value.rules as Record<string, unknown>)) {
      if (typeof setting === 'string' && RULE_SETTINGS.has(setting)) rules[id] = setting as RuleSetting;
    }
  }
  const exclude = Array.isArray(value.exclude) ? value.exclude.filter((pattern): pattern is string => typeof pattern === 'string' && pattern.trim() !== '') : [];
  const honourOtherToolSuppressions = typeof value.honourOtherToolSuppressions === 'boolean' ? value.honourOtherToolSuppressions : true;
  return { enable: typeof value.enable === 'boolean' ? value.enable : true, rules, exclude, honourOtherToolSuppressions };
}

/** A stable key of what changes an analysis, for the per-version cache. */
export function analysisSettingsKey(settings: ServerSettings): string {
  return JSON.stringify([Object.entries(settings.rules).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), settings.honourOtherToolSuppressions !== false]);
}

export class SettingsStore {
  private readonly byScope = new Map<string, Promise<ServerSettings>>();
  /** Used when the client cannot answer `workspace/configuration`: the last pushed value. */
  private pushed: ServerSettings = defaultServerSettings;

  constructor(
    private readonly connection: Connection,
    private readonly canPullConfiguration: () => boolean,
  ) {}

  /** `scopeUri` is the workspace folder's URI, or undefined outside any folder. */
  get(scopeUri: string | undefined): Promise<ServerSettings> {
    if (!this.canPullConfiguration()) return Promise.resolve(this.pushed);
    const key = scopeUri ?? '';
    let settings = this.byScope.get(key);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri, section: 'slsward' }).then(normaliseSettings, (error: unknown) => {
        this.connection.console.error(`Reading the slsward settings failed, using the defaults: ${String(error)}`);
        this.byScope.delete(key);
        return defaultServerSettings;
      });
      this.byScope.set(key, settings);
    }
    return settings;
  }

  /** Forgets every cached value; `pushedSettings` is the `settings` of didChangeConfiguration. */
  invalidate(pushedSettings: unknown): void {
    this.byScope.clear();
    const section = pushedSettings && typeof pushedSettings === 'object' ? (pushedSettings as Record<string, unknown>).slsward : undefined;
    if (section !== undefined) this.pushed = normaliseSettings(section);
  }
}

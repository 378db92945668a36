/**
 * The `slsward` command: parse arguments, discover and audit files (on a pool
 * of analysis workers, one file per job, each within a time and memory
 * budget), print a report, choose the exit code. All file access goes through
 * the workspace module; user mistakes become one line on stderr and exit code
 * 2. It must not import the LSP server.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { CodeRuleMeta, CodeRuleModule, ParameterValues, RuleMeta, RuleModule, RuleSetting, Severity } from '../engine';
import { comparePaths, describeFsError, discoverFiles, ParameterFileError, parseParametersFile, type AuditReport } from '../workspace';
import { AnalysisPool, budgetFromEnvironment, CLI_YOUNG_GENERATION_MB, DEFAULT_MAX_OLD_GENERATION_MB } from '../workspace/analysis-pool';
import { emptyReport as emptyAuditReport } from '../workspace/audit';
import { auditFilesInPool } from '../workspace/parallel-audit';
import { parseCommandLine, USAGE, UsageError, type AuditCommand } from './args';
import { runPolicy } from './policy';
import { formatHtml } from '../workspace/reporters/html';
import { formatJson } from '../workspace/reporters/json';
import { formatSarif } from '../workspace/reporters/sarif';
import { formatNotices, formatText } from '../workspace/reporters/text';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

export interface CliEnvironment {
  rules: readonly RuleModule[];
  /** The rules for handler code (`slsward rules` lists them, SARIF describes them, `--rule` sets them). */
  codeRules?: readonly CodeRuleModule[];
  version: string;
  /** The analysis worker script; `analysis-worker.js` beside this bundle by default. */
  workerPath?: string;
  /** `SLSWARD_ANALYSIS_BUDGET_MS` and the like; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;
/** `--fail-on-skipped` and a template-like file was not analysed: the gate cannot vouch for it. */
export const EXIT_SKIPPED = 3;

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };
const CONFIG_FILE = '.slsward.json';

export async function runCli(argv: string[], io: CliIo, environment: CliEnvironment): Promise<number> {
  try {
    const command = parseCommandLine(argv);
    switch (command.command) {
      case 'help':
        io.stdout(USAGE);
        return EXIT_OK;
      case 'version':
        io.stdout(`${environment.version}\n`);
        return EXIT_OK;
      case 'rules':
        io.stdout(command.format === 'text' ? formatRuleList(allMetas(environment)) : `${JSON.stringify(allMetas(environment), null, 2)}\n`);
        return EXIT_OK;
      case 'audit':
        return await runAudit(command, io, environment);
      case 'policy':
        return await runPolicy(command, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`slsward: ${error.message}\nRun 'slsward --help' for usage.\n`);
      return EXIT_ERROR;
    }
    const detail = process.env.SLSWARD_DEBUG ? `\n${(error as Error)?.stack}` : '';
    io.stderr(`slsward: internal error: ${String((error as Error)?.message ?? error).split('\n')[0]}${detail}\n`);
    return EXIT_ERROR;
  }
}

async function runAudit(command: AuditCommand, io: CliIo, environment: CliEnvironment): Promise<number> {
  const config = await readConfig(io.cwd);
  const ruleSettings: Record<string, RuleSetting> = { ...config.rules, ...command.ruleSettings };
  const knownRules = new Set(allMetas(environment).map((meta) => meta.id));
  for (const id of Object.keys(ruleSettings)) {
    if (!knownRules.has(id)) throw new UsageError(`unknown rule '${id}' (run 'slsward rules' for the list)`);
  }
  for (const path of command.paths) {
    try {
      await stat(resolve(io.cwd, path));
    } catch (error) {
      throw new UsageError(`${path}: ${describeFsError(error)}`);
    }
  }

  const parameters = command.parametersFile === undefined ? undefined : await readParameters(command.parametersFile, io.cwd);

  const roots = command.paths.map((path) => displayPath(path, io.cwd));
  const budgetMs = budgetFromEnvironment(environment.env ?? process.env, (message) => io.stderr(`slsward: ${message}\n`));
  // One worker starts loading the rules while discovery walks the tree; more join once the file count is known.
  const pool = new AnalysisPool({
    workerPath: environment.workerPath ?? join(__dirname, 'analysis-worker.js'),
    size: 1,
    budgetMs,
    maxOldGenerationSizeMb: DEFAULT_MAX_OLD_GENERATION_MB,
    maxYoungGenerationSizeMb: CLI_YOUNG_GENERATION_MB,
    // The CLI never cancels; a stale job cannot occur.
    staleRunLimitMs: 0,
    // A few files posted ahead keep each worker busy while this thread merges results.
    jobsPerWorker: 8,
    log: (message) => {
      if (process.env.SLSWARD_DEBUG) io.stderr(`slsward: ${message}\n`);
    },
  });
  let discovery: Awaited<ReturnType<typeof discoverFiles>>;
  let auditedFiles: string[];
  let report: AuditReport;
  try {
    discovery = await discoverFiles(roots.map((root) => resolve(io.cwd, root)), { exclude: [...config.exclude, ...command.exclude], code: command.includeCode });
    auditedFiles = discovery.files.map((file) => resolve(io.cwd, displayPath(file, io.cwd)));
    // Never more workers than files: each one costs a start (loading the rules) and memory.
    const codeCandidates = discovery.codeFiles?.length ?? 0;
    // Handler code needs the compiler: each worker loads it now, not inside a file's budget. A tree without
    // code files never needs it (a template's inline code loads it on first use), and loading it costs
    // each worker about 250 ms of a core: a tenth of the audit of 771 templates.
    if (codeCandidates > 0) pool.primeTypeScript();
    pool.grow(Math.min(command.jobs, auditedFiles.length + codeCandidates));
    report =
      auditedFiles.length === 0 && codeCandidates === 0
        ? emptyAuditReport()
        : await auditFilesInPool(auditedFiles, pool, {
            roots: roots.map((root) => resolve(io.cwd, root)),
            settings: { rules: ruleSettings, honourInlineIgnores: command.honourInlineIgnores, honourOtherToolSuppressions: command.honourOtherToolSuppressions },
            parameters,
            readSamConfig: command.readSamConfig,
            code: command.includeCode ? { candidates: (discovery.codeFiles ?? []).map((file) => resolve(io.cwd, displayPath(file, io.cwd))) } : undefined,
          });
  } finally {
    await pool.terminate();
  }
  const auditedSet = new Set(auditedFiles);
  // Files that were candidates but got no analysis; discovery's own notes (a directory seen twice) and samconfig problems are not.
  const skippedTemplates = report.skipped.filter((entry) => auditedSet.has(entry.path)).length;
  relativiseReport(report, io.cwd);
  report.skipped.push(...discovery.skipped.map((entry) => ({ path: displayPath(entry.path, io.cwd), reason: entry.reason })));
  report.skipped.sort((a, b) => comparePaths(a.path, b.path));

  const output =
    command.format === 'json'
      ? formatJson(report)
      : command.format === 'sarif'
        ? formatSarif(report, { toolVersion: environment.version, rules: allMetas(environment) })
        : command.format === 'html'
          ? formatHtml(report, { subtitle: `Serverless Ward ${environment.version}` })
          : formatText(report);
  if (command.output) {
    try {
      await writeFile(resolve(io.cwd, command.output), output);
    } catch (error) {
      io.stderr(`slsward: cannot write ${command.output}: ${describeFsError(error)}\n`);
      return EXIT_ERROR;
    }
  } else {
    io.stdout(output);
  }

  // Skipped paths and reasons may carry a file name's control characters: escaped like the text report.
  const notices = formatNotices(report);
  if (notices !== '') io.stderr(notices);
  if (report.files.length === 0 && report.skipped.length === 0) io.stderr('slsward: no Serverless Framework, SAM or CloudFormation files found\n');

  if (report.internalErrors.length > 0) return EXIT_ERROR;
  if (command.failOnSkipped && skippedTemplates > 0) {
    io.stderr(`slsward: ${skippedTemplates} ${skippedTemplates === 1 ? 'file was' : 'files were'} not analysed (--fail-on-skipped)\n`);
    return EXIT_SKIPPED;
  }
  const threshold = SEVERITY_RANK[command.failOn];
  return report.findings.some((finding) => SEVERITY_RANK[finding.severity] >= threshold) ? EXIT_FINDINGS : EXIT_OK;
}

/** Relative to the working directory when inside it, so that reports are portable; absolute otherwise. */
export function displayPath(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  const rel = relative(cwd, absolute);
  if (rel === '') return '.';
  if (isAbsolute(rel) || rel === '..' || rel.startsWith('../') || rel.startsWith('..\\')) return absolute;
  return rel;
}

function relativiseReport(report: AuditReport, cwd: string): void {
  const show = (path: string) => displayPath(path, cwd);
  report.files = report.files.map(show);
  const showPlaces = (finding: AuditReport['findings'][number]) => {
    for (const place of [...(finding.relatedPlaces ?? []), ...(finding.flow ?? [])]) place.path = show(place.path);
  };
  for (const finding of report.findings) {
    finding.path = show(finding.path);
    showPlaces(finding);
  }
  for (const endpoint of report.endpoints) {
    endpoint.path = show(endpoint.path);
    if (endpoint.definition) endpoint.definition = { ...endpoint.definition, path: show(endpoint.definition.path) };
    if (endpoint.handler) endpoint.handler = { ...endpoint.handler, path: show(endpoint.handler.path), authLocation: undefined };
  }
  for (const entry of report.suppressed) {
    entry.path = show(entry.path);
    entry.finding.path = entry.path;
    showPlaces(entry.finding);
  }
  for (const entry of report.functions) {
    entry.path = show(entry.path);
    if (entry.handler) entry.handler = { ...entry.handler, path: show(entry.handler.path) };
  }
  for (const entry of report.skipped) entry.path = show(entry.path);
  for (const entry of report.issues) entry.path = show(entry.path);
  for (const entry of report.internalErrors) entry.path = show(entry.path);
}

/** The `--parameters` file; its name (as given) is the source the resolver names in its assumptions. */
async function readParameters(file: string, cwd: string): Promise<ParameterValues> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(`--parameters ${file}: ${describeFsError(error)}`);
  }
  try {
    return parseParametersFile(text, file);
  } catch (error) {
    if (error instanceof ParameterFileError) throw new UsageError(`--parameters ${error.message}`);
    throw error;
  }
}

interface ProjectConfig {
  rules: Record<string, RuleSetting>;
  exclude: string[];
}

/** Optional `.slsward.json` in the working directory: `{ "rules": { id: severity }, "exclude": [glob] }`. */
async function readConfig(cwd: string): Promise<ProjectConfig> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, CONFIG_FILE), 'utf8');
  } catch {
    return { rules: {}, exclude: [] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${CONFIG_FILE}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${CONFIG_FILE}: expected an object`);
  const { rules = {}, exclude = [] } = value as { rules?: unknown; exclude?: unknown };
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) throw new UsageError(`${CONFIG_FILE}: "rules" must be an object of rule id to severity`);
  for (const [id, setting] of Object.entries(rules)) {
    if (!['error', 'warning', 'info', 'off'].includes(setting as string)) throw new UsageError(`${CONFIG_FILE}: rule '${id}' must be error, warning, info or off`);
  }
  if (!Array.isArray(exclude) || exclude.some((pattern) => typeof pattern !== 'string')) throw new UsageError(`${CONFIG_FILE}: "exclude" must be an array of globs`);
  return { rules: rules as Record<string, RuleSetting>, exclude: exclude as string[] };
}

/** Template rules, then code rules: the ids are distinct, and each half is sorted. */
function allMetas(environment: CliEnvironment): Array<RuleMeta | CodeRuleMeta> {
  return [...environment.rules.map((rule) => rule.meta), ...(environment.codeRules ?? []).map((rule) => rule.meta)];
}

function formatRuleList(metas: ReadonlyArray<RuleMeta | CodeRuleMeta>): string {
  const rules = metas;
  const rows = metas.map((meta) => [meta.id, meta.severity, meta.category, meta.title]);
  const widths = [0, 1, 2].map((column) => Math.max(0, ...rows.map((row) => row[column].length)));
  const lines = rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell)).join('  '));
  return `${lines.join('\n')}${lines.length > 0 ? '\n' : ''}${rules.length} rules\n`;
}

/**
 * Audits a list of files on the analysis workers (`AnalysisPool`), one job per
 * file, and merges the per-file reports in file order, so the report is the
 * same whatever the number of workers. A file whose analysis is stopped (time
 * or memory budget, a failed worker) is listed as skipped with the reason.
 * Shared by the CLI and the editor's audit; it never throws for a file's content.
 */
import type { EngineSettings, ParameterValues } from '../engine';
import type { HandlerBinding } from '../engine';
import type { AuditCodeFileRequest, AuditFileRequest, AuditFileResult } from '../worker/analysis-worker';
import { comparePaths } from './discover';
import type { AnalysisPool, JobHandle, PoolWorker } from './analysis-pool';
import { emptyReport, type AuditReport } from './audit';
import { reachHelperModules } from './helper-modules';
import type { ProjectFunctionSummary } from './audit-code';

export interface ParallelAuditOptions {
  /** Roots of the confined `${file(...)}` reader. */
  roots: string[];
  settings: Partial<EngineSettings>;
  parameters?: ParameterValues;
  readSamConfig: boolean;
  /** Prefer the text of open editor documents (the worker's mirror, kept by `prepare`). */
  preferOpenDocuments?: boolean;
  prepare?(worker: PoolWorker): void;
  onProgress?(done: number, total: number): void;
  /** Aborting drops the files not yet started and marks the report cancelled. */
  signal?: AbortSignal;
  /**
   * Audit handler code too: the files the templates name (with what the templates say about them)
   * and these candidates (discovered by name), which count only when they hold a handler.
   */
  code?: { candidates: string[] };
}

let auditCount = 0;

export async function auditFilesInPool(files: string[], pool: AnalysisPool, options: ParallelAuditOptions): Promise<AuditReport> {
  const auditId = `${process.pid}-${++auditCount}`;
  const outcomes: Array<Awaited<JobHandle<AuditFileResult>['outcome']> | undefined> = new Array(files.length);
  const handles: Array<JobHandle<AuditFileResult>> = [];
  let done = 0;
  options.onProgress?.(0, files.length);
  const cancelAll = () => handles.forEach((handle) => handle.cancel());
  options.signal?.addEventListener('abort', cancelAll, { once: true });
  try {
    await Promise.all(
      files.map(async (path, index) => {
        if (options.signal?.aborted) return;
        const request: AuditFileRequest = {
          kind: 'auditFile',
          includeCode: options.code !== undefined,
          auditId,
          path,
          roots: options.roots,
          settings: options.settings,
          parameters: options.parameters,
          readSamConfig: options.readSamConfig,
          preferOpenDocuments: options.preferOpenDocuments === true,
        };
        const handle = pool.run<AuditFileResult>(request, { prepare: options.prepare, isBackground: true });
        handles.push(handle);
        let outcome = await handle.outcome;
        if (outcome.kind === 'stopped' && outcome.phase === 'handler-code' && !options.signal?.aborted) {
          // Reading the handlers' code with the template ran over its budget: the template's own findings must not
          // be lost to slow code. Analyse it again without that code; its handler files still get their own jobs.
          const retry = pool.run<AuditFileResult>({ ...request, withoutCodeBecause: `its handler code ran over the budget (${outcome.message})` }, { prepare: options.prepare, isBackground: true });
          handles.push(retry);
          outcome = await retry.outcome;
        }
        outcomes[index] = outcome;
        options.onProgress?.(++done, files.length);
      }),
    );
  } finally {
    options.signal?.removeEventListener('abort', cancelAll);
  }

  const report = emptyReport();
  const samConfigProblems = new Set<string>();
  const bindingsByFile = new Map<string, HandlerBinding[]>();
  const allFunctions: ProjectFunctionSummary[] = [];
  outcomes.forEach((outcome, index) => {
    if (!outcome || outcome.kind === 'cancelled') {
      report.cancelled = true;
      return;
    }
    if (outcome.kind === 'stopped') {
      report.skipped.push({ path: files[index], reason: outcome.message });
      return;
    }
    const { report: part, samConfigProblem, functions } = outcome.value;
    allFunctions.push(...(functions ?? []));
    for (const fn of functions ?? []) {
      if (fn.status !== 'file' || !fn.codePath) continue;
      let bindings = bindingsByFile.get(fn.codePath);
      if (!bindings) bindingsByFile.set(fn.codePath, (bindings = []));
      bindings.push(fn.binding);
    }
    // One samconfig.toml serves every template beside it; its problem is listed once, at the first.
    if (samConfigProblem && !samConfigProblems.has(samConfigProblem.path)) {
      samConfigProblems.add(samConfigProblem.path);
      report.skipped.push(samConfigProblem);
    }
    appendReport(report, part);
  });
  if (options.code && !report.cancelled) {
    const codeFiles = [...new Set([...bindingsByFile.keys(), ...options.code.candidates])].sort(comparePaths);
    const codeReport = await auditCodeFilesInPool(codeFiles, bindingsByFile, reExportedElsewhereOf(allFunctions), pool, options, auditId);
    appendReport(report, codeReport);
    // Each route's inventory line lists its handler's findings too: a code finding points at the route that invokes it.
    const codeRuleIds = new Map<string, Set<string>>();
    for (const finding of codeReport.findings) {
      for (const place of finding.relatedPlaces ?? []) {
        const key = `${place.path}\u0000${place.start.line}`;
        let ids = codeRuleIds.get(key);
        if (!ids) codeRuleIds.set(key, (ids = new Set()));
        ids.add(finding.ruleId);
      }
    }
    for (const endpoint of report.endpoints) {
      const ids = codeRuleIds.get(`${endpoint.path}\u0000${endpoint.line}`);
      if (ids) endpoint.findings = [...new Set([...endpoint.findings, ...ids])].sort();
    }
  }
  return report;
}

/** Per module, the exports that template-named handler files re-export (`ProjectFunctionSummary.reExports`), sorted. */
export function reExportedElsewhereOf(functions: Iterable<ProjectFunctionSummary>): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const fn of functions) {
    for (const target of fn.reExports ?? []) {
      let names = out.get(target.path);
      if (!names) out.set(target.path, (names = new Set()));
      names.add(target.exportName);
    }
  }
  return new Map([...out].map(([path, names]) => [path, [...names].sort()]));
}

/** The second phase: every handler file, each with the bindings the templates gave it. */
async function auditCodeFilesInPool(
  files: string[],
  bindingsByFile: ReadonlyMap<string, HandlerBinding[]>,
  reExportedElsewhere: ReadonlyMap<string, string[]>,
  pool: AnalysisPool,
  options: ParallelAuditOptions,
  auditId: string,
): Promise<AuditReport> {
  const outcomes = await Promise.all(
    files.map((path) => {
      if (options.signal?.aborted) return undefined;
      const request: AuditCodeFileRequest = {
        kind: 'auditCodeFile',
        auditId,
        path,
        roots: options.roots,
        settings: options.settings,
        bindings: bindingsByFile.get(path) ?? [],
        ...(reExportedElsewhere.has(path) && { reExportedElsewhere: reExportedElsewhere.get(path) }),
        preferOpenDocuments: options.preferOpenDocuments === true,
      };
      return pool.run<AuditFileResult>(request, { prepare: options.prepare, isBackground: true }).outcome;
    }),
  );
  const report = emptyReport();
  // Modules count only when a template-named handler loads them, directly or through other modules.
  const importsByFile = new Map<string, readonly string[]>();
  outcomes.forEach((outcome, index) => {
    if (outcome?.kind === 'done' && outcome.value.imports) importsByFile.set(files[index], outcome.value.imports);
  });
  const reach = reachHelperModules(bindingsByFile.keys(), { importsOf: (path) => importsByFile.get(path) });
  outcomes.forEach((outcome, index) => {
    if (!outcome || outcome.kind === 'cancelled') {
      report.cancelled = true;
      return;
    }
    if (outcome.kind === 'stopped') {
      // A file no template names was only a candidate; a stopped analysis of a named handler is a skipped file.
      if (bindingsByFile.has(files[index])) report.skipped.push({ path: files[index], reason: outcome.message });
      return;
    }
    if (outcome.value.codeRole === 'module' && !reach.importerOf.has(files[index])) return;
    appendReport(report, outcome.value.report);
  });
  return report;
}

/** Adds one file's report to `target`, keeping the order of both. */
export function appendReport(target: AuditReport, part: AuditReport): void {
  target.files.push(...part.files);
  target.findings.push(...part.findings);
  target.endpoints.push(...part.endpoints);
  target.skipped.push(...part.skipped);
  target.suppressed.push(...part.suppressed);
  target.internalErrors.push(...part.internalErrors);
  target.issues.push(...part.issues);
  target.functions.push(...(part.functions ?? []));
  for (const [severity, count] of Object.entries(part.counts.bySeverity) as Array<[keyof AuditReport['counts']['bySeverity'], number]>) {
    target.counts.bySeverity[severity] = (target.counts.bySeverity[severity] ?? 0) + count;
  }
  for (const [category, count] of Object.entries(part.counts.byCategory) as Array<[keyof AuditReport['counts']['byCategory'], number]>) {
    target.counts.byCategory[category] = (target.counts.byCategory[category] ?? 0) + count;
  }
  if (part.cancelled) target.cancelled = true;
}

/**
 * The editor's workspace index, on the server's main thread: for each template of the workspace,
 * the functions it declares and the handler files and exports they name (plain data from the
 * workers: each template is read and modelled in its own budgeted job, so one hostile template
 * costs only its own entry). A handler document's diagnostics request carries the bindings found
 * here; when a template's entry changes, the handler documents it names or named are refreshed.
 */
import type { HandlerBinding } from '../engine';
import type { ProjectFunctionSummary } from '../workspace/audit-code';

export class TemplateIndex {
  private readonly byTemplate = new Map<string, ProjectFunctionSummary[]>();
  private readonly byCodePath = new Map<string, HandlerBinding[]>();
  /** Per module, the exports that template-named handler files re-export (their findings are reported there). */
  private readonly reExportedByPath = new Map<string, string[]>();

  /** Replaces a template's functions; returns the handler files whose bindings changed. */
  update(templatePath: string, functions: readonly ProjectFunctionSummary[]): Set<string> {
    const before = this.byTemplate.get(templatePath) ?? [];
    const changed = new Set<string>();
    const key = (list: readonly ProjectFunctionSummary[]) => JSON.stringify(list.map((fn) => [fn.status, fn.codePath, fn.binding, fn.reExports]));
    if (key(before) === key(functions)) return changed;
    for (const fn of [...before, ...functions]) {
      if (fn.codePath) changed.add(fn.codePath);
      for (const target of fn.reExports ?? []) changed.add(target.path);
    }
    if (functions.length === 0) this.byTemplate.delete(templatePath);
    else this.byTemplate.set(templatePath, [...functions]);
    this.rebuild();
    return changed;
  }

  remove(templatePath: string): Set<string> {
    return this.update(templatePath, []);
  }

  /** Keeps only these templates (after a discovery); returns the handler files whose bindings changed. */
  retain(templatePaths: ReadonlySet<string>): Set<string> {
    const changed = new Set<string>();
    for (const path of [...this.byTemplate.keys()]) if (!templatePaths.has(path)) for (const file of this.remove(path)) changed.add(file);
    return changed;
  }

  bindingsFor(codePath: string): HandlerBinding[] {
    return this.byCodePath.get(codePath) ?? [];
  }

  /** The exports of this module that template-named handler files re-export, sorted (empty when none). */
  reExportedFor(codePath: string): string[] {
    return this.reExportedByPath.get(codePath) ?? [];
  }

  /** Every handler file the templates name, sorted: where the search for their helper modules starts. */
  handlerFiles(): string[] {
    return [...this.byCodePath.keys()].sort();
  }

  /** The handler files a template names (for refreshing it when one of them changes). */
  filesNamedBy(templatePath: string): string[] {
    return [...new Set((this.byTemplate.get(templatePath) ?? []).map((fn) => fn.codePath).filter((path): path is string => path !== undefined))];
  }

  private rebuild(): void {
    this.byCodePath.clear();
    this.reExportedByPath.clear();
    for (const functions of this.byTemplate.values()) {
      for (const fn of functions) {
        for (const target of fn.reExports ?? []) {
          const names = this.reExportedByPath.get(target.path) ?? [];
          if (!names.includes(target.exportName)) this.reExportedByPath.set(target.path, [...names, target.exportName].sort());
        }
        if (fn.status !== 'file' || !fn.codePath) continue;
        const list = this.byCodePath.get(fn.codePath) ?? [];
        list.push(fn.binding);
        this.byCodePath.set(fn.codePath, list);
      }
    }
  }
}

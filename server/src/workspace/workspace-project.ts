/**
 * The workspace's project for the editor: the templates found under the workspace roots, each
 * read (from the open document or the disk) and modelled once per text, joined with the handler
 * code they name (`buildProject`). It is rebuilt only when a template's text changes or a file the
 * resolution depends on appears or goes, never per keystroke in a handler. Runs in the analysis
 * worker, beside the document analyses.
 */
import { buildModel, buildProject, detectKind, looksLikeTemplate, parseDocument, type AppModel, type Project } from '../engine';
import { createCodeFileAccess } from './code-files';
import { readTextFileSafelySync } from './read-file';

interface TemplateEntry {
  /** The text last read; undefined while it must be read again. */
  text?: string;
  /** Null when the file is not a template (or cannot be read). */
  model?: AppModel | null;
}

export interface WorkspaceProjectOptions {
  roots(): readonly string[];
  /** The unsaved text of an open document with this path, if one is open. */
  openText(path: string): string | undefined;
  logError(message: string): void;
}

export class WorkspaceProject {
  private candidates: string[] = [];
  private readonly templates = new Map<string, TemplateEntry>();
  private project: Project | undefined;
  /** Changes each time the project is rebuilt: analyses of handler files compare it. */
  generation = 0;

  constructor(private readonly options: WorkspaceProjectOptions) {}

  /** The template candidates discovery found (by name); which are templates is decided by their content. */
  setCandidates(paths: readonly string[]): void {
    const sorted = [...new Set(paths)].sort();
    if (sorted.length === this.candidates.length && sorted.every((path, index) => path === this.candidates[index])) return;
    this.candidates = sorted;
    for (const path of this.templates.keys()) if (!sorted.includes(path)) this.templates.delete(path);
    this.project = undefined;
  }

  /** A file changed on disk or in the editor. True when the project may have changed. */
  invalidate(path: string): boolean {
    const entry = this.templates.get(path);
    if (entry) {
      entry.text = undefined;
      this.project = undefined;
      return true;
    }
    // A handler file appearing or going changes how handlers resolve.
    if (this.project && this.candidates.some((template) => this.project?.pathsWatchedBy(template).includes(path))) {
      this.project = undefined;
      return true;
    }
    return false;
  }

  hasTemplates(): boolean {
    return this.current().templatePaths().length > 0;
  }

  /** The project as the templates' current texts say; open documents win over the disk. */
  current(): Project {
    let changed = this.project === undefined;
    for (const path of this.candidates) {
      let entry = this.templates.get(path);
      if (!entry) this.templates.set(path, (entry = {}));
      const open = this.options.openText(path);
      if (open !== undefined && open !== entry.text) {
        entry.text = open;
        entry.model = undefined;
      } else if (open === undefined && entry.text === undefined) {
        const read = readTextFileSafelySync(path);
        entry.text = 'text' in read ? read.text : '';
        entry.model = undefined;
      }
      if (entry.model === undefined) {
        entry.model = this.modelOf(path, entry.text ?? '');
        changed = true;
      }
    }
    if (changed || !this.project) {
      const templates = [...this.templates.entries()].filter(([, entry]) => entry.model).map(([path, entry]) => ({ path, model: entry.model as AppModel }));
      const access = createCodeFileAccess(this.options.roots(), this.options.openText);
      try {
        this.project = buildProject({ templates, files: access.files, roots: this.options.roots() });
      } catch (error) {
        this.options.logError(`Building the project failed: ${(error as Error)?.stack ?? error}`);
        this.project = buildProject({ templates: [], files: access.files });
      }
      this.generation++;
    }
    return this.project;
  }

  private modelOf(path: string, text: string): AppModel | null {
    if (text === '' || !looksLikeTemplate(path, text.slice(0, 4096)) && !/^\s*(service|Resources|AWSTemplateFormatVersion)\s*:|"(Resources|AWSTemplateFormatVersion)"\s*:/m.test(text.slice(0, 20_000))) return null;
    try {
      const document = parseDocument(path, text);
      const kind = detectKind(document.root);
      return kind ? buildModel(document, kind) : null;
    } catch (error) {
      this.options.logError(`Reading template ${path} for the project failed: ${(error as Error)?.stack ?? error}`);
      return null;
    }
  }
}

/**
 * `slsward policy`: the least-privilege statements each function's handler code needs, from the
 * AWS SDK calls it makes, scoped to the resources its template names. Given a source file directly
 * (a script, or a handler no template names), the statements that file's own calls need, as one
 * policy document. It reads files through the workspace module (confined to the given paths) and
 * runs the engine in this thread: one pass, no findings, nothing executed from the workspace.
 */
import { stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { analyzeCode, buildModel, buildProject, detectKind, neededPolicy, parseDocument, policyStatementsYaml, type NeededPolicy } from '../engine';
import { comparePaths, createWorkspaceFileReader, describeFsError, discoverFiles, readTextFileSafely, readTextFileSafelySync } from '../workspace';
import { createCodeFileAccess, isCodeFileName } from '../workspace/code-files';
import { UsageError, type PolicyCommand } from './args';

export interface PolicyIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

interface FunctionPolicy {
  template: string;
  function: string;
  handler?: { path: string; export: string };
  /** Why there is no policy from code: the handler was not found, or could not be read. */
  missing?: string;
  policy?: NeededPolicy;
}

interface FilePolicy {
  path: string;
  policy?: NeededPolicy;
  missing?: string;
}

export async function runPolicy(command: PolicyCommand, io: PolicyIo): Promise<number> {
  const roots = command.paths.map((path) => resolve(io.cwd, path));
  const files: FilePolicy[] = [];
  const templateRoots: string[] = [];
  /** Where handler code may be read: a folder given, or the folder of a template file given. */
  const codeRoots: string[] = [];
  for (const [index, root] of roots.entries()) {
    let isFile: boolean;
    try {
      isFile = (await stat(root)).isFile();
    } catch (error) {
      throw new UsageError(`${command.paths[index]}: ${describeFsError(error)}`);
    }
    if (isFile && isCodeFileName(root)) files.push(await filePolicy(root, io.cwd));
    else {
      templateRoots.push(root);
      codeRoots.push(isFile ? dirname(root) : root);
    }
  }
  const names: string[] = [];
  const functions = templateRoots.length > 0 ? await functionPolicies(templateRoots, codeRoots, command, io, names) : [];
  // A name no template has is a mistake in the command line, as an unknown rule is: nothing printed, exit 2.
  if (command.functionName !== undefined && functions.length === 0) throw new UsageError(noSuchFunction(command.functionName, names));
  io.stdout(command.format === 'json' ? formatJson(functions, files) : command.format === 'yaml' ? formatYaml(functions, files) : formatText(functions, files));
  return 0;
}

async function filePolicy(path: string, cwd: string): Promise<FilePolicy> {
  const display = relative(cwd, path) || path;
  const read = await readTextFileSafely(path);
  if ('error' in read) return { path: display, missing: read.error };
  const code = analyzeCode({ path, text: read.text, readModule: createCodeFileAccess([resolve(path, '..')]).readModule });
  if (code.skipped) return { path: display, missing: code.skipped };
  return { path: display, policy: neededPolicy(code) };
}

/** `no function named 'Nope' in the given templates (functions: Create, Ping)`: one line, at most 10 names. */
function noSuchFunction(name: string, names: readonly string[]): string {
  const unique = [...new Set(names)];
  if (unique.length === 0) return `no function named '${name}': the given paths hold no template with functions`;
  const shown = unique.length > 10 ? `${unique.slice(0, 10).join(', ')} and ${unique.length - 10} more` : unique.join(', ');
  return `no function named '${name}' in the given templates (functions: ${shown})`;
}

/** The policy of each function of the templates under `roots` (only `command.functionName`'s when given); `names` receives every function's name. */
async function functionPolicies(roots: string[], codeRoots: string[], command: PolicyCommand, io: PolicyIo, names: string[] = []): Promise<FunctionPolicy[]> {
  const discovery = await discoverFiles(roots, { exclude: command.exclude });
  const access = createCodeFileAccess(codeRoots);
  const readFile = createWorkspaceFileReader(codeRoots);
  const out: FunctionPolicy[] = [];
  for (const templatePath of [...discovery.files].sort(comparePaths)) {
    const read = await readTextFileSafely(templatePath);
    if ('error' in read) continue;
    const document = parseDocument(templatePath, read.text);
    const kind = detectKind(document.root);
    if (!kind) continue;
    const model = buildModel(document, kind, readFile);
    const project = buildProject({ templates: [{ path: templatePath, model }], files: access.files, roots: codeRoots });
    const template = relative(io.cwd, templatePath) || templatePath;
    const inline = new Map(project.inlineHandlers(templatePath).map((handler) => [handler.binding.functionName, handler]));
    for (const fn of project.functions(templatePath)) {
      names.push(fn.functionName);
      if (command.functionName !== undefined && fn.functionName !== command.functionName) continue;
      const binding = fn.binding;
      const entry: FunctionPolicy = { template, function: fn.functionName };
      const inlineHandler = inline.get(fn.functionName);
      let text: string | undefined;
      let codePath: string | undefined;
      if (fn.status === 'file' && fn.codePath) {
        codePath = fn.codePath;
        const code = readTextFileSafelySync(fn.codePath);
        if ('error' in code) entry.missing = `${relative(io.cwd, fn.codePath)}: ${code.error}`;
        else text = code.text;
        entry.handler = { path: relative(io.cwd, fn.codePath) || fn.codePath, export: binding.exportName };
      } else if (fn.status === 'inline' && inlineHandler) {
        codePath = inlineHandler.virtualPath;
        text = inlineHandler.text;
        entry.handler = { path: `${template} (inline code)`, export: binding.exportName };
      } else entry.missing = fn.unresolved?.message ?? 'its handler was not found';
      if (text !== undefined && codePath !== undefined) {
        const code = analyzeCode({ path: codePath, text, handlers: [{ exportName: binding.exportName }], readModule: access.readModule });
        if (code.skipped) entry.missing = code.skipped;
        else entry.policy = neededPolicy(code, { exportName: binding.exportName, environmentResources: binding.environmentResources });
      }
      out.push(entry);
    }
  }
  return out;
}

function formatJson(functions: FunctionPolicy[], files: FilePolicy[]): string {
  const document = (policy: NeededPolicy) => ({ Version: '2012-10-17', Statement: policy.statements });
  return `${JSON.stringify(
    {
      version: 1,
      functions: functions.map((entry) => ({
        template: entry.template,
        function: entry.function,
        ...(entry.handler ? { handler: entry.handler } : {}),
        ...(entry.missing ? { missing: entry.missing } : {}),
        ...(entry.policy ? { policy: document(entry.policy), calls: entry.policy.calls, notes: entry.policy.notes } : {}),
      })),
      files: files.map((entry) => ({ path: entry.path, ...(entry.missing ? { missing: entry.missing } : {}), ...(entry.policy ? { policy: document(entry.policy), calls: entry.policy.calls, notes: entry.policy.notes } : {}) })),
    },
    null,
    2,
  )}\n`;
}

/** YAML in the templates' own syntax (`!GetAtt`, `!Sub`): statements to paste under a role's policy or `iam.role.statements`. */
function formatYaml(functions: FunctionPolicy[], files: FilePolicy[]): string {
  const parts: string[] = [];
  // A JSON template's statements use the long form of intrinsics, which maps one to one onto its JSON.
  const block = (title: string, policy: NeededPolicy | undefined, missing: string | undefined, longForm = false) => {
    const lines = [`# ${oneLine(title)}`];
    if (missing) lines.push(`# no policy: ${missing}`);
    else if (policy && policy.statements.length === 0) lines.push('# its code makes no AWS SDK call');
    else if (policy) lines.push(policyStatementsYaml(policy.statements, '', longForm));
    for (const note of policy?.notes ?? []) lines.push(`# note: ${oneLine(note)}`);
    parts.push(lines.join('\n'));
  };
  for (const entry of functions) block(`${entry.template}: function ${entry.function}${entry.handler ? ` (${entry.handler.path}, export ${entry.handler.export})` : ''}`, entry.policy, entry.missing, /\.json$/i.test(entry.template));
  for (const entry of files) block(entry.path, entry.policy, entry.missing);
  return parts.length > 0 ? `${parts.join('\n\n')}\n` : '# no functions or source files found\n';
}

function formatText(functions: FunctionPolicy[], files: FilePolicy[]): string {
  const parts: string[] = [];
  const block = (title: string, policy: NeededPolicy | undefined, missing: string | undefined) => {
    const lines = [oneLine(title)];
    if (missing) lines.push(`  no policy: ${missing}`);
    else if (policy && policy.statements.length === 0) lines.push('  its code makes no AWS SDK call');
    else if (policy) {
      for (const statement of policy.statements) lines.push(`  ${statement.Action.join(', ')}`, ...statement.Resource.map((resource) => `    on ${oneLine(typeof resource === 'string' ? resource : JSON.stringify(resource))}`));
    }
    for (const note of policy?.notes ?? []) lines.push(`  note: ${oneLine(note)}`);
    parts.push(lines.join('\n'));
  };
  for (const entry of functions) block(`${entry.template}: ${entry.function}${entry.handler ? ` (${entry.handler.path}, export ${entry.handler.export})` : ''}`, entry.policy, entry.missing);
  for (const entry of files) block(entry.path, entry.policy, entry.missing);
  return parts.length > 0 ? `${parts.join('\n\n')}\n` : 'No functions or source files found.\n';
}

/** Template-controlled text on one line, without control characters (it goes to a terminal). */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
}

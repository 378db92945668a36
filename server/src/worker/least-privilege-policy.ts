/**
 * The least-privilege statements for the function at the cursor, in the analysis worker: for a
 * template, the function whose declaration holds the cursor (every function when none does); for a
 * handler file, the handler whose function holds it (every bound one otherwise). The handler's code
 * is read as the editor has it (open documents first), modelled, and turned into the statements its
 * AWS calls need (`neededPolicy`), in the template's syntax. Nothing is written anywhere.
 */
import { analyzeCode, neededPolicy, policyStatementsYaml, type AnalysisResult, type CodeDocument, type HandlerBinding, type PolicyStatement } from '../engine';
import { handlersOfTemplate } from '../workspace/audit-code';
import type { CodeFileAccess } from '../workspace/code-files';

export interface FunctionPolicyResult {
  template: string;
  functionName: string;
  handler?: { path: string; exportName: string };
  /** Why there is no policy from code: the handler was not found or could not be read. */
  missing?: string;
  /** The statements in the template's syntax (YAML with `!GetAtt`, `!Sub`). */
  yaml?: string;
  /** The same as an IAM policy document, with intrinsics in their JSON form. */
  policy?: { Version: '2012-10-17'; Statement: PolicyStatement[] };
  notes?: string[];
}

export interface LeastPrivilegePolicyResult {
  functions: FunctionPolicyResult[];
  /** Why nothing was found: the document is neither a template with functions nor a bound handler. */
  message?: string;
}

interface Sources {
  access: CodeFileAccess;
  roots: readonly string[];
  openText(path: string): string | undefined;
}

/** For a template: its analysis (with the model) and the cursor offset. */
export function policyForTemplate(path: string, result: AnalysisResult, offset: number, sources: Sources): LeastPrivilegePolicyResult {
  const model = result.model;
  if (!model) return { functions: [], message: 'This file is not a Serverless Framework, SAM or CloudFormation template.' };
  const handlers = handlersOfTemplate(path, model, sources.access.files, sources.roots);
  if (handlers.functions.length === 0) return { functions: [], message: 'This template declares no Lambda function.' };
  const atCursor = model.functions.filter((fn) => fn.declaration.range.start <= offset && offset <= fn.declaration.range.end).map((fn) => fn.name);
  const chosen = handlers.functions.filter((fn) => atCursor.length === 0 || atCursor.includes(fn.functionName));
  return {
    functions: chosen.map((fn) => {
      if (fn.status !== 'file' || !fn.codePath) return { template: path, functionName: fn.functionName, missing: fn.reason ?? (fn.status === 'inline' ? 'its code is inline in the template; open the template in the CLI (`slsward policy`) for it' : 'its handler was not found') };
      return policyOf(path, fn.binding, fn.codePath, sources);
    }),
  };
}

/** For a handler file: the bindings the templates give it, and the cursor offset in its text. */
export function policyForHandler(path: string, text: string, bindings: readonly HandlerBinding[], offset: number, sources: Sources): LeastPrivilegePolicyResult {
  if (bindings.length === 0) return { functions: [], message: 'No template names this file as a handler, so no role is known for it. `slsward policy <file>` prints what its calls need.' };
  const code = model(path, text, bindings.map((binding) => binding.exportName), sources);
  const atCursor = code.handlers.filter((handler) => handler.functionLocation.path === undefined && handler.functionLocation.range.start <= offset && offset <= handler.functionLocation.range.end).map((handler) => handler.exportName);
  const chosen = bindings.filter((binding) => atCursor.length === 0 || atCursor.includes(binding.exportName));
  return { functions: chosen.map((binding) => policyOf(binding.templatePath, binding, path, sources, code)) };
}

function policyOf(template: string, binding: HandlerBinding, codePath: string, sources: Sources, modelled?: CodeDocument): FunctionPolicyResult {
  const entry: FunctionPolicyResult = { template, functionName: binding.functionName, handler: { path: codePath, exportName: binding.exportName } };
  let code = modelled;
  if (!code) {
    const text = sources.openText(codePath) ?? sources.access.files.read?.(codePath);
    if (text === undefined) return { ...entry, missing: `${codePath} could not be read` };
    code = model(codePath, text, [binding.exportName], sources);
  }
  if (code.skipped) return { ...entry, missing: code.skipped };
  const needed = neededPolicy(code, { exportName: binding.exportName, environmentResources: binding.environmentResources });
  return { ...entry, yaml: policyStatementsYaml(needed.statements), policy: { Version: '2012-10-17', Statement: needed.statements }, notes: needed.notes };
}

function model(path: string, text: string, exports: string[], sources: Sources): CodeDocument {
  return analyzeCode({ path, text, handlers: exports.map((exportName) => ({ exportName })), readModule: sources.access.readModule });
}

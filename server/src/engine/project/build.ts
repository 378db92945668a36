/**
 * `buildProject`: the templates of a workspace joined with the handler code they name. For every
 * function it resolves the handler (file and export, inline code, or a reason), its triggers,
 * exposure and environment, and indexes both directions (file -> bindings, template -> files) for
 * the shells. Pure: files are only asked about through the shell's `ProjectFiles`.
 */
import { buildModel } from '../model/build';
import { detectKind } from '../model/kind';
import { functionGrants, permissionSummaryOf, type FunctionGrants } from '../least-privilege/grants';
import { referencedLogicalId } from '../model/cloudformation';
import type { AppModel, CfnResource, EnvironmentVariable, LambdaFunction } from '../model/types';
import { isMap, isScalar, isSeq, valueOf } from '../parse/tree';
import { columnOf, endOfLine, indentUnitOf } from '../fix/edits';
import type { SourceNode } from '../types';
import { parseDocument } from '../parse';
import type { ParameterValues, TextRange, WorkspaceFileReader } from '../types';
import type { CodeLanguage, TriggerKind } from '../code/model';
import { inlineCodeOf, type OffsetSegment } from './inline';
import { normalisePath } from './paths';
import { resolveFunction, type ProjectFiles, type ResolvedFunction, type UnresolvedReason } from './resolve-handler';
import { exposureOf, isHttpTrigger, triggersOfTemplate } from './triggers';
import type { BindingPermissions, EnvironmentResource, HandlerBinding, HandlerTrigger, StatementInsertion, WrittenDeclaration } from './types';

/**
 * A template as the shell has it. Passing the `model` of an `analyze()` result costs nothing more
 * (the editor and the CLI already hold one per document version); `text` makes the project parse
 * and model the template itself, for callers that have no analysis at hand.
 */
export type ProjectTemplate = { path: string; model: AppModel } | { path: string; text: string; readFile?: WorkspaceFileReader; parameters?: ParameterValues };

export interface ProjectInput {
  templates: readonly ProjectTemplate[];
  files: ProjectFiles;
  /**
   * The workspace roots, in the form the paths are given. A handler path that leaves them is
   * unresolved. Without roots, a relative path may not climb above the workspace (`../x`) and
   * absolute paths are confined by `files` alone.
   */
  roots?: readonly string[];
}

export interface UnresolvedHandler {
  templatePath: string;
  functionName: string;
  reason: UnresolvedReason;
  /** A sentence for logs and reports: `no file src/orders.{ts,...} for handler \`src/orders.create\``. */
  message: string;
  runtime?: string;
  /** The file found, when one was (a Python module). */
  codePath?: string;
  functionLocation: { path: string; range: TextRange };
}

export interface InlineHandler {
  templatePath: string;
  functionName: string;
  /** The code as Lambda gets it (a `!Sub`'s `${...}` left in place). */
  text: string;
  /** The whole inline value in the template. */
  range: TextRange;
  /** Code offsets -> template offsets; see `inline.ts` and `codeOffsetToTemplate`. */
  segments: OffsetSegment[];
  isSubstituted?: boolean;
  runtime?: string;
  language: CodeLanguage;
  /** A path for the code front end (its extension picks the language): `<template>#<function>.js`. */
  virtualPath: string;
  binding: HandlerBinding;
}

/** One function of one template, however its handler resolved. */
export interface ProjectFunction {
  templatePath: string;
  functionName: string;
  runtime?: string;
  status: 'file' | 'inline' | 'unresolved';
  codePath?: string;
  language?: CodeLanguage;
  binding: HandlerBinding;
  unresolved?: UnresolvedHandler;
}

export interface Project {
  templatePaths(): string[];
  /** Every function of every template (or of one), with its resolution. */
  functions(templatePath?: string): ProjectFunction[];
  /** The bindings of a handler file: one per function and export that names it. */
  bindingsFor(codePath: string): HandlerBinding[];
  /** The exports to give `analyzeCode({ handlers })` for a file, each with its most exposed trigger. */
  codeHandlersFor(codePath: string): Array<{ exportName: string; trigger?: TriggerKind }>;
  /** Every file some template names and that resolved, sorted. */
  handlerFiles(): string[];
  templatesNaming(codePath: string): string[];
  filesNamedBy(templatePath: string): string[];
  /**
   * Every path the template's handlers were looked up at (found or not): a file created or deleted
   * at one of them changes the resolution, so the shell rebuilds the project when it sees one.
   */
  pathsWatchedBy(templatePath: string): string[];
  inlineHandlers(templatePath: string): InlineHandler[];
  unresolved(templatePath?: string): UnresolvedHandler[];
}

export function buildProject(input: ProjectInput): Project {
  const roots = (input.roots ?? []).map(normalisePath);
  const functionsByTemplate = new Map<string, ProjectFunction[]>();
  const inlineByTemplate = new Map<string, InlineHandler[]>();
  const watchedByTemplate = new Map<string, string[]>();
  const bindingsByFile = new Map<string, HandlerBinding[]>();

  for (const template of input.templates) {
    const templatePath = normalisePath(template.path);
    const model = 'model' in template ? template.model : modelOf(template);
    const functions: ProjectFunction[] = [];
    const inline: InlineHandler[] = [];
    const watched = new Set<string>();
    functionsByTemplate.set(templatePath, functions);
    inlineByTemplate.set(templatePath, inline);
    if (!model) continue;
    let triggers: Map<string, HandlerTrigger[]>;
    try {
      triggers = triggersOfTemplate(model, templatePath);
    } catch {
      // The model is the engine's own; a throw here is our bug, and the functions still resolve.
      triggers = new Map();
    }
    const resourcesById = new Map(model.resources.map((resource) => [resource.logicalId, resource]));
    // The grants are read only for functions whose code is read (a handler file or inline code): only the
    // code rules and the audit's least-privilege summaries use them, and a template whose handlers are
    // not in the workspace (most of an audit of templates alone) would pay for them for nothing.
    let grants: Map<string, FunctionGrants> | undefined | null = null;
    const grantsOfModel = (): Map<string, FunctionGrants> | undefined => {
      if (grants !== null) return grants;
      try {
        grants = functionGrants(model);
      } catch {
        // As with triggers: the model is ours, and a function without grants is judged by no least-privilege rule.
        grants = undefined;
      }
      return grants;
    };
    for (const fn of model.functions) {
      const resolved = resolveFunction(model, templatePath, fn, input.files, roots, resourcesById);
      const functionTriggers = triggers.get(fn.name) ?? [];
      const binding = bindingOf(model, templatePath, resolved, functionTriggers);
      const resolution = resolved.resolution;
      const granted = resolution.status === 'file' || resolution.status === 'inline' ? grantsOfModel()?.get(fn.name) : undefined;
      if (granted) binding.permissions = bindingPermissionsOf(model, templatePath, fn, granted, resourcesById);
      const entry: ProjectFunction = { templatePath, functionName: fn.name, runtime: resolved.runtime, status: resolution.status, binding };
      if (resolution.status === 'file') {
        entry.codePath = resolution.codePath;
        entry.language = resolution.language;
        binding.codePath = resolution.codePath;
        const list = bindingsByFile.get(resolution.codePath) ?? [];
        list.push(binding);
        bindingsByFile.set(resolution.codePath, list);
      }
      if (resolution.status !== 'inline') for (const candidate of resolution.candidates) watched.add(candidate);
      if (resolution.status === 'inline') {
        const code = inlineCodeOf(model.document.text, resolution.node);
        if (code) {
          binding.inline = true;
          entry.language = resolution.language;
          inline.push({
            templatePath,
            functionName: fn.name,
            text: code.text,
            range: code.range,
            segments: code.segments,
            ...(code.isSubstituted ? { isSubstituted: true } : {}),
            runtime: resolved.runtime,
            language: resolution.language,
            virtualPath: `${templatePath}#${fn.name}.js`,
            binding,
          });
        } else {
          entry.status = 'unresolved';
          entry.unresolved = unresolvedOf(templatePath, fn.name, resolved, 'inline-unreadable', 'the inline code is built with intrinsics that cannot be read as text');
        }
      }
      if (resolution.status === 'unresolved') {
        entry.codePath = resolution.codePath;
        entry.language = resolution.codePath ? 'python' : undefined;
        entry.unresolved = unresolvedOf(templatePath, fn.name, resolved, resolution.reason, resolution.message, resolution.codePath);
      }
      functions.push(entry);
    }
    watchedByTemplate.set(templatePath, [...watched]);
  }

  const all = () => [...functionsByTemplate.values()].flat();
  const fileKey = (path: string) => normalisePath(path);
  return {
    templatePaths: () => [...functionsByTemplate.keys()],
    functions: (templatePath) => (templatePath === undefined ? all() : (functionsByTemplate.get(fileKey(templatePath)) ?? [])),
    bindingsFor: (codePath) => bindingsByFile.get(fileKey(codePath)) ?? [],
    codeHandlersFor: (codePath) => codeHandlers(bindingsByFile.get(fileKey(codePath)) ?? []),
    handlerFiles: () => [...bindingsByFile.keys()].sort(),
    templatesNaming: (codePath) => [...new Set((bindingsByFile.get(fileKey(codePath)) ?? []).map((binding) => normalisePath(binding.templatePath)))],
    filesNamedBy: (templatePath) => [...new Set((functionsByTemplate.get(fileKey(templatePath)) ?? []).flatMap((fn) => (fn.status === 'file' && fn.codePath ? [fn.codePath] : [])))],
    pathsWatchedBy: (templatePath) => watchedByTemplate.get(fileKey(templatePath)) ?? [],
    inlineHandlers: (templatePath) => inlineByTemplate.get(fileKey(templatePath)) ?? [],
    unresolved: (templatePath) =>
      (templatePath === undefined ? all() : (functionsByTemplate.get(fileKey(templatePath)) ?? [])).flatMap((fn) => (fn.unresolved ? [fn.unresolved] : [])),
  };
}

/** Parses and models a template given as text; undefined when it is not a template (or cannot be read at all). */
function modelOf(template: { path: string; text: string; readFile?: WorkspaceFileReader; parameters?: ParameterValues }): AppModel | undefined {
  try {
    const document = parseDocument(template.path, template.text);
    const kind = detectKind(document.root);
    return kind ? buildModel(document, kind, template.readFile, template.parameters) : undefined;
  } catch {
    return undefined;
  }
}

function bindingOf(model: AppModel, templatePath: string, resolved: ResolvedFunction, triggers: HandlerTrigger[]): HandlerBinding {
  const fn = resolved.fn;
  const resolution = resolved.resolution;
  const exportName = resolution.status === 'unresolved' ? (resolution.exportName ?? 'default') : resolution.exportName;
  const variables = [...fn.environment, ...sharedEnvironmentOf(model, resolved)];
  const environment = [...new Set(variables.map((variable) => variable.name))];
  const environmentResources = environmentResourcesOf(model, templatePath, variables);
  return {
    exportName,
    templatePath,
    functionName: fn.name,
    functionLocation: { path: templatePath, range: fn.nameRange },
    ...(resolved.handlerNode ? { handlerLocation: { path: templatePath, range: resolved.handlerNode.range } } : {}),
    triggers,
    ...exposureOf(triggers),
    environment,
    ...(environmentResources ? { environmentResources } : {}),
    ...(resolved.runtime ? { runtime: resolved.runtime } : {}),
    ...writtenOf(model, fn),
  };
}

/** The function's own handler and code folder as written (`WrittenDeclaration`); nothing from Globals or the provider, no intrinsic resolved. */
function writtenOf(model: AppModel, fn: LambdaFunction): { written?: WrittenDeclaration } {
  const plain = (node: SourceNode | null | undefined) => (isScalar(node) && typeof node.value === 'string' ? node.value : undefined);
  if (model.kind === 'serverless') {
    // Only an entry of the file's own top-level `functions` map, not a list item or a `${file(...)}` include.
    const functions = valueOf(model.document.root, 'functions');
    if (!isMap(functions) || valueOf(functions, fn.name) !== fn.declaration) return {};
    const handler = plain(valueOf(fn.declaration, 'handler'));
    return { written: { type: 'serverless', ...(handler !== undefined ? { handler } : {}) } };
  }
  const resource = model.resources.find((candidate) => candidate.logicalId === fn.name);
  if (!resource) return {};
  const handler = plain(valueOf(resource.properties, 'Handler'));
  const codeUriNode = valueOf(resource.properties, 'CodeUri');
  const codeUri = codeUriNode === undefined ? undefined : (plain(codeUriNode) ?? null);
  return { written: { type: resource.type, ...(handler !== undefined ? { handler } : {}), ...(codeUri !== undefined ? { codeUri } : {}) } };
}

/** The variables set to a resource of this template (`!Ref`, `!GetAtt`, `!Sub '${Table}'`); a function's own value wins over a shared one. */
function bindingPermissionsOf(model: AppModel, templatePath: string, fn: LambdaFunction, grants: FunctionGrants, resourcesById: ReadonlyMap<string, CfnResource>): BindingPermissions {
  const declared = fn.roleReference ? resourcesById.get(fn.roleReference) : undefined;
  const role = fn.roleReference ?? (model.kind === 'serverless' ? 'the role the Serverless Framework generates' : `the role SAM generates for ${fn.name}`);
  const insertion = statementInsertionOf(model, templatePath, fn);
  return { ...permissionSummaryOf(grants), role, ...(declared ? { roleLocation: { path: templatePath, range: declared.keyRange } } : {}), ...(insertion ? { statementInsertion: insertion } : {}) };
}

/**
 * Where a statement for this function goes: the function's own Serverless `iamRoleStatements` (the
 * per-function roles plugin), else the provider role's statements; a SAM function's `Policies`. Only a
 * list that already has items, written as a block (YAML) or an array (JSON): its items show the
 * indentation to follow. A function with a role of its own (`role:`, `Role:`) gets none: its
 * statements are elsewhere, and CloudFormation roles are not edited from here.
 */
/**
 * How much of the text before an insertion point travels with the binding to anchor the edit: enough to
 * tell that the list's last item is still there, small enough to send for every function at every analysis.
 */
const EXPECTED_BEFORE_LENGTH = 200;

function statementInsertionOf(model: AppModel, templatePath: string, fn: LambdaFunction): StatementInsertion | undefined {
  if (fn.roleReference !== undefined) return undefined;
  let list: SourceNode | null | undefined;
  let description: string;
  let itemIsPolicyDocument = false;
  if (model.kind === 'serverless') {
    const own = valueOf(fn.declaration, 'iamRoleStatements');
    const provider = valueOf(model.document.root, 'provider');
    const role = valueOf(valueOf(provider, 'iam'), 'role');
    // `provider.iam.role: arn:...`: every function runs as a role the template does not define.
    if (role !== undefined && role !== null && !isMap(role)) return undefined;
    list = own ?? (isMap(role) ? valueOf(role, 'statements') : undefined) ?? valueOf(provider, 'iamRoleStatements');
    description = own ? `iamRoleStatements of ${fn.name}` : isMap(role) && valueOf(role, 'statements') ? 'provider.iam.role.statements' : 'provider.iamRoleStatements';
  } else if (model.kind === 'sam' && valueOf(fn.declaration, 'Type') && String((valueOf(fn.declaration, 'Type') as { value?: unknown }).value) === 'AWS::Serverless::Function') {
    list = valueOf(valueOf(fn.declaration, 'Properties'), 'Policies');
    description = `Policies of ${fn.name}`;
    itemIsPolicyDocument = true;
  } else return undefined;
  if (!isSeq(list) || list.items.length === 0) return undefined;
  const text = model.document.text;
  const last = list.items[list.items.length - 1];
  const unit = indentUnitOf(text);
  if (model.document.format === 'json') {
    return { path: templatePath, offset: last.range.end, syntax: 'json', column: columnOf(text, last.range.start), unit, itemIsPolicyDocument, description, expectedBefore: text.slice(Math.max(last.range.start, last.range.end - EXPECTED_BEFORE_LENGTH), last.range.end) };
  }
  if (list.isFlow) return undefined;
  // The item's dash: the last `-` before the item's text on its line.
  const lineStart = text.lastIndexOf('\n', last.range.start - 1) + 1;
  const dash = text.lastIndexOf('-', last.range.start - 1);
  if (dash < lineStart || text.slice(dash + 1, last.range.start).trim() !== '') return undefined;
  const offset = endOfLine(text, last.range.end);
  return { path: templatePath, offset, syntax: 'yaml-block', column: dash - lineStart, unit, itemIsPolicyDocument, description, expectedBefore: text.slice(Math.max(lineStart, offset - EXPECTED_BEFORE_LENGTH), offset) };
}

/** What the environment lookups need of a template, built once per model rather than once per variable and function. */
interface ResourceIndex {
  byId: Map<string, CfnResource>;
  /** Resources by the resolved text of their name property; `null` when two resources share one (ambiguous). */
  byName: Map<string, CfnResource | null>;
  /** Resources a resource-based policy of the template protects. */
  protectedIds: Set<string>;
}

const resourceIndexes = new WeakMap<AppModel, ResourceIndex>();

function resourceIndexOf(model: AppModel): ResourceIndex {
  let index = resourceIndexes.get(model);
  if (!index) {
    index = { byId: new Map(model.resources.map((resource) => [resource.logicalId, resource])), byName: new Map(), protectedIds: new Set() };
    for (const resource of model.resources) {
      const property = NAME_PROPERTIES[resource.type];
      const named = property ? valueOf(resource.properties, property) : undefined;
      if (!named) continue;
      const resolved = model.resolver.resolve(named);
      if (resolved.state !== 'known' && resolved.state !== 'partial') continue;
      const text = model.resolver.display(resolved);
      index.byName.set(text, index.byName.has(text) ? null : resource);
    }
    for (const statement of model.iamStatements) {
      if (statement.origin === 'resource-policy' && statement.resourcePolicy?.service !== 'iam-role-trust') for (const target of statement.resourcePolicy?.targets ?? []) index.protectedIds.add(target);
    }
    resourceIndexes.set(model, index);
  }
  return index;
}

/** The variables set to a resource of this template (`!Ref`, `!GetAtt`, `!Sub '${Table}'`); a function's own value wins over a shared one. */
function environmentResourcesOf(model: AppModel, templatePath: string, variables: readonly EnvironmentVariable[]): Record<string, EnvironmentResource> | undefined {
  let out: Record<string, EnvironmentResource> | undefined;
  const index = resourceIndexOf(model);
  for (const variable of variables) {
    if (out && variable.name in out) continue;
    const id = referencedLogicalId(variable.entry.value);
    const resource = id ? index.byId.get(id) : resourceNamed(model, index, variable.entry.value);
    if (!resource) continue;
    out ??= {};
    const slash = resource.type === 'AWS::SSM::Parameter' ? parameterNameStartsWithSlash(model, resource) : undefined;
    out[variable.name] = {
      logicalId: resource.logicalId,
      type: resource.type,
      hasResourcePolicy: index.protectedIds.has(resource.logicalId),
      ...(slash !== undefined && { nameStartsWithSlash: slash }),
      location: { path: templatePath, range: resource.keyRange },
    };
  }
  return out;
}

/**
 * Whether an SSM parameter's name starts with '/': its Ref is the name, and its ARN is `parameter/app/db` for
 * `/app/db` but `parameter/db` for `db`. Without a Name, CloudFormation generates one without a slash
 * (`CFN-Param-1A2B3C`). A `!Sub '/${Stage}/db'` starts with one; a name from a parameter is unknown.
 */
function parameterNameStartsWithSlash(model: AppModel, resource: CfnResource): boolean | undefined {
  const name = valueOf(resource.properties, 'Name');
  if (name === undefined || name === null) return false;
  for (const outcome of model.resolver.outcomes(name)) {
    if (outcome.state === 'known' && typeof outcome.value === 'string') return outcome.value.startsWith('/');
  }
  const resolved = model.resolver.resolve(name);
  if (resolved.state === 'partial') {
    const text = model.resolver.display(resolved);
    if (text.startsWith('/')) return true;
  }
  return undefined;
}

/** The property holding a resource's name, for the types whose name the code passes as a plain string. */
const NAME_PROPERTIES: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Serverless::SimpleTable': 'TableName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Serverless::Function': 'FunctionName',
  'AWS::SecretsManager::Secret': 'Name',
  'AWS::Events::EventBus': 'Name',
  'AWS::Kinesis::Stream': 'Name',
  'AWS::KinesisFirehose::DeliveryStream': 'DeliveryStreamName',
};

/**
 * The resource whose name an environment value spells out: `ORDERS_TABLE: ${self:service}-orders` and
 * `TableName: ${self:service}-orders` on a table. Both are resolved the same way, so the same text
 * (placeholders for unknown parts included) names the same resource; a name two resources share names neither.
 */
function resourceNamed(model: AppModel, index: ResourceIndex, value: SourceNode | null | undefined): CfnResource | undefined {
  const wanted = model.resolver.resolve(value);
  if (wanted.state !== 'known' && wanted.state !== 'partial') return undefined;
  const text = model.resolver.display(wanted);
  return text.length < 3 ? undefined : (index.byName.get(text) ?? undefined);
}

/** Provider-wide environment (Serverless) reaches every function; `Globals.Function` only SAM functions. */
function sharedEnvironmentOf(model: AppModel, resolved: ResolvedFunction) {
  return model.sharedEnvironment.filter((variable) => variable.scope === 'provider' || (variable.scope === 'globals' && resolved.isSamFunction));
}

function unresolvedOf(templatePath: string, functionName: string, resolved: ResolvedFunction, reason: UnresolvedReason, message: string, codePath?: string): UnresolvedHandler {
  return {
    templatePath,
    functionName,
    reason,
    message,
    ...(resolved.runtime ? { runtime: resolved.runtime } : {}),
    ...(codePath ? { codePath } : {}),
    functionLocation: { path: templatePath, range: resolved.fn.nameRange },
  };
}

/** Which trigger's event shape the code analysis assumes: the most exposed HTTP trigger, else the first one. */
export function primaryTrigger(binding: HandlerBinding): HandlerTrigger | undefined {
  const http = binding.triggers.filter(isHttpTrigger);
  return http.find((trigger) => trigger.auth === 'none') ?? http[0] ?? binding.triggers[0];
}

function codeHandlers(bindings: HandlerBinding[]): Array<{ exportName: string; trigger?: TriggerKind }> {
  const byExport = new Map<string, TriggerKind | undefined>();
  for (const binding of bindings) {
    const trigger = primaryTrigger(binding)?.kind;
    // Two functions on one export with different triggers: the event shape is not one, so it is unknown.
    if (byExport.has(binding.exportName) && byExport.get(binding.exportName) !== trigger) byExport.set(binding.exportName, 'unknown');
    else byExport.set(binding.exportName, trigger);
  }
  return [...byExport].map(([exportName, trigger]) => (trigger ? { exportName, trigger } : { exportName }));
}

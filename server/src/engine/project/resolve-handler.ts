/**
 * Where a function's code lives: a source file and export (Serverless `handler`, SAM and
 * CloudFormation `CodeUri`/`Code` plus `Handler`, SAM esbuild `EntryPoints`), inline code in the
 * template, or a reason it cannot be followed. It asks the shell's `ProjectFiles` whether a
 * candidate exists and never reads or runs anything. Language-neutral: a Python module path
 * resolves the same way, and only the runtime decides what is analysed.
 */
import type { CodeLanguage } from '../code/model';
import type { AppModel, CfnResource, LambdaFunction } from '../model/types';
import { isMap, isScalar, isSeq, nodeAt, scalarText, seqItems, valueOf } from '../parse/tree';
import type { SourceNode } from '../types';
import { folderOf, isInsideRoots, joinPath } from './paths';
import { sourceModulesFor } from './compiled-output';

/** The file view the shell gives, confined to the workspace. `read` is optional and not needed to resolve handlers. */
export interface ProjectFiles {
  exists(path: string): boolean;
  read?(path: string): string | undefined;
  /**
   * Why a path that `exists` denied is there but was refused (a symbolic link out of the workspace), or
   * undefined; so the reason names the link, not a missing file. Asked only when no candidate was found.
   */
  refusal?(path: string): string | undefined;
}

/** Why a function has no analysable handler file. */
export type UnresolvedReason =
  | 'no-handler'
  | 'handler-unresolved'
  | 'handler-without-export'
  | 'code-not-local'
  | 'code-unresolved'
  | 'container-image'
  | 'outside-root'
  | 'file-not-found'
  | 'python-not-analysed'
  | 'runtime-not-analysed'
  | 'inline-unreadable';

/**
 * Lambda's Node.js runtime looks for `<module>.js`, then `.mjs`, then `.cjs`. The TypeScript
 * sources come first: beside a compiled `app.js` sits the `app.ts` the user edits, and findings
 * belong there (esbuild, serverless-esbuild and serverless-plugin-typescript all name the source
 * path in the template).
 */
export const NODE_EXTENSIONS = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'] as const;
export const PYTHON_EXTENSIONS = ['py'] as const;

export type RuntimeFamily = 'node' | 'python' | 'other' | 'unknown';

export type HandlerResolution =
  | { status: 'file'; codePath: string; exportName: string; language: CodeLanguage; candidates: string[] }
  | { status: 'inline'; exportName: string; node: SourceNode; language: CodeLanguage }
  | { status: 'unresolved'; reason: UnresolvedReason; message: string; exportName?: string; codePath?: string; candidates: string[] };

export interface ResolvedFunction {
  fn: LambdaFunction;
  resolution: HandlerResolution;
  runtime?: string;
  runtimeFamily: RuntimeFamily;
  /** The `handler`/`Handler` node that named the code (the function's own or `Globals.Function`'s). */
  handlerNode?: SourceNode | null;
  /** SAM functions take `Globals.Function`'s environment; plain `AWS::Lambda::Function`s do not. */
  isSamFunction: boolean;
}

export function runtimeFamily(runtime: string | undefined): RuntimeFamily {
  if (!runtime) return 'unknown';
  if (/^nodejs/i.test(runtime)) return 'node';
  if (/^python/i.test(runtime)) return 'python';
  return 'other';
}

export function languageOfPath(path: string): CodeLanguage | undefined {
  if (/\.(ts|mts|cts|tsx)$/.test(path)) return 'typescript';
  if (/\.(js|mjs|cjs|jsx)$/.test(path)) return 'javascript';
  if (/\.py$/.test(path)) return 'python';
  return undefined;
}

interface CodeSource {
  /** The folder the handler path is relative to. */
  folder?: string;
  inline?: SourceNode;
  unresolved?: { reason: UnresolvedReason; message: string };
  /** SAM esbuild entry points, relative to `folder`. */
  entryPoints?: string[];
  /** A Serverless function packaged from a prebuilt artifact. */
  artifact?: string;
  /** `CodeUri: src/function.js`: SAM zips that one file, so it is the handler's module. */
  file?: string;
}

export function resolveFunction(model: AppModel, templatePath: string, fn: LambdaFunction, files: ProjectFiles, roots: readonly string[], resourcesById?: ReadonlyMap<string, CfnResource>): ResolvedFunction {
  const resource = model.kind === 'serverless' ? undefined : resourcesById ? resourcesById.get(fn.name) : model.resources.find((candidate) => candidate.logicalId === fn.name);
  const isSamFunction = resource?.type === 'AWS::Serverless::Function';
  const globals = isSamFunction ? nodeAt(model.document.root, ['Globals', 'Function']) : undefined;
  const properties = resource?.properties;
  const own = (key: string) => (model.kind === 'serverless' ? valueOf(fn.declaration, key) : valueOf(properties, key));
  const ownOrGlobal = (key: string) => own(key) ?? valueOf(globals, key);

  const handlerNode = model.kind === 'serverless' ? valueOf(fn.declaration, 'handler') : ownOrGlobal('Handler');
  const runtimeNode = model.kind === 'serverless' ? (valueOf(fn.declaration, 'runtime') ?? nodeAt(model.document.root, ['provider', 'runtime'])) : ownOrGlobal('Runtime');
  const runtime = model.resolver.resolveString(runtimeNode) ?? fn.runtime;
  const family = runtimeFamily(runtime);
  const base = { fn, runtime, runtimeFamily: family, handlerNode, isSamFunction };
  const unresolved = (reason: UnresolvedReason, message: string, extra: Partial<Extract<HandlerResolution, { status: 'unresolved' }>> = {}): ResolvedFunction => ({
    ...base,
    resolution: { status: 'unresolved', reason, message, candidates: [], ...extra },
  });

  const source = codeSourceOf(model, templatePath, fn, resource, ownOrGlobal);
  if (source.unresolved?.reason === 'container-image') return unresolved('container-image', source.unresolved.message);
  if (family === 'other') return unresolved('runtime-not-analysed', `runtime ${runtime} is not analysed (Node.js only; Python next)`);

  const handlerText = model.resolver.resolveString(handlerNode);
  if (handlerNode === undefined || handlerNode === null) return unresolved('no-handler', 'the function names no handler');
  if (handlerText === undefined) return unresolved('handler-unresolved', `the handler \`${displayText(handlerNode)}\` cannot be resolved from the template`);
  const lastDot = handlerText.lastIndexOf('.');
  if (lastDot <= 0 || lastDot === handlerText.length - 1) return unresolved('handler-without-export', `the handler \`${handlerText}\` names no export (expected \`file.export\`)`);
  // The export is after the LAST dot: `src/handlers/orders.v2.create` is file `src/handlers/orders.v2`, export `create`.
  const modulePath = handlerText.slice(0, lastDot);
  const exportName = handlerText.slice(lastDot + 1);

  if (source.inline) {
    if (family === 'python') return unresolved('python-not-analysed', 'python handlers are not analysed yet (inline code)', { exportName });
    return { ...base, resolution: { status: 'inline', exportName, node: source.inline, language: 'javascript' } };
  }
  if (source.unresolved) return unresolved(source.unresolved.reason, source.unresolved.message, { exportName });
  const folder = source.folder ?? folderOf(templatePath);
  if (!isInsideRoots(folder, roots)) return unresolved('outside-root', `the code folder ${folder} is outside the workspace`, { exportName });

  const moduleBase = joinPath(folder, modulePath);
  if (!isInsideRoots(moduleBase, roots)) return unresolved('outside-root', `the handler path ${modulePath} leaves the workspace (${moduleBase})`, { exportName });

  const candidates: string[] = [];
  const exists = (path: string): boolean => {
    candidates.push(path);
    try {
      return files.exists(path);
    } catch {
      return false;
    }
  };
  const found = (codePath: string): ResolvedFunction => {
    const language = languageOfPath(codePath) ?? 'javascript';
    if (language === 'python') return unresolved('python-not-analysed', 'python handlers are not analysed yet', { exportName, codePath, candidates });
    return { ...base, resolution: { status: 'file', codePath, exportName, language, candidates } };
  };

  if (source.file) {
    // The zip holds the one file at its root: the handler's module must be that file's name.
    const fileName = source.file.slice(source.file.lastIndexOf('/') + 1);
    const isThere = exists(source.file);
    if (isThere && modulePath === fileName.replace(/\.[^.]+$/, '')) return found(source.file);
    return unresolved('file-not-found', `CodeUri names the single file ${source.file}, which ${isThere ? `is not the module of handler \`${handlerText}\`` : 'does not exist'}`, { exportName, candidates });
  }
  // SAM's esbuild build names the bundle after the entry point, so `Handler: app.handler` with `EntryPoints: [app.ts]` is `app.ts`.
  for (const entry of matchingEntryPoints(source.entryPoints, modulePath)) {
    const entryPath = joinPath(folder, entry);
    if (!isInsideRoots(entryPath, roots)) return unresolved('outside-root', `the esbuild entry point ${entry} leaves the workspace`, { exportName });
    if (languageOfPath(entryPath)) {
      if (exists(entryPath)) return found(entryPath);
    } else {
      for (const extension of NODE_EXTENSIONS) if (exists(`${entryPath}.${extension}`)) return found(`${entryPath}.${extension}`);
    }
  }

  const extensions: readonly string[] = family === 'python' ? PYTHON_EXTENSIONS : family === 'node' ? NODE_EXTENSIONS : [...NODE_EXTENSIONS, ...PYTHON_EXTENSIONS];
  for (const extension of extensions) {
    if (exists(`${moduleBase}.${extension}`)) return found(`${moduleBase}.${extension}`);
  }
  // Python reads dots in the module path as packages: `pkg.module.handler` is `pkg/module.py`.
  if (family !== 'node' && modulePath.includes('.')) {
    const packagePath = joinPath(folder, modulePath.replace(/\./g, '/'));
    if (isInsideRoots(packagePath, roots) && exists(`${packagePath}.py`)) return found(`${packagePath}.py`);
  }
  // A build's output (`dist/app.handler`, compiled by `tsc` first) is usually not in the repository: its source is read instead.
  if (family !== 'python') {
    const read = files.read ? (path: string) => files.read!(path) : undefined;
    for (const source of sourceModulesFor(folder, modulePath, read, roots)) {
      for (const extension of NODE_EXTENSIONS) if (exists(`${source}.${extension}`)) return found(`${source}.${extension}`);
    }
  }
  for (const candidate of candidates) {
    let why: string | undefined;
    try {
      why = files.refusal?.(candidate);
    } catch {
      why = undefined;
    }
    if (why !== undefined) return unresolved('outside-root', `the handler file ${candidate} is not read: ${why}`, { exportName, candidates });
  }
  const tried = `${moduleBase}.{${extensions.join(',')}}`;
  const artifact = source.artifact ? `; the function is packaged from ${source.artifact}` : '';
  return unresolved('file-not-found', `no file ${tried} for handler \`${handlerText}\`${artifact}`, { exportName, candidates });
}

/** Where the code is: a folder, inline text, or why it cannot be followed. */
function codeSourceOf(
  model: AppModel,
  templatePath: string,
  fn: LambdaFunction,
  resource: CfnResource | undefined,
  ownOrGlobal: (key: string) => SourceNode | null | undefined,
): CodeSource {
  const templateFolder = folderOf(templatePath);
  const resolver = model.resolver;
  if (model.kind === 'serverless') {
    if (valueOf(fn.declaration, 'image') !== undefined) return { unresolved: { reason: 'container-image', message: 'the function is a container image (`image:`)' } };
    const artifact = resolver.resolveString(nodeAt(fn.declaration, ['package', 'artifact']));
    return { folder: templateFolder, ...(artifact ? { artifact } : {}) };
  }
  if (!resource) return { folder: templateFolder };
  if (resolver.resolveString(ownOrGlobal('PackageType'))?.toLowerCase() === 'image' || valueOf(resource.properties, 'ImageUri') !== undefined || nodeAt(resource.properties, ['Code', 'ImageUri']) !== undefined) {
    return { unresolved: { reason: 'container-image', message: 'the function is a container image (PackageType: Image)' } };
  }
  if (resource.type === 'AWS::Serverless::Function') {
    const inline = valueOf(resource.properties, 'InlineCode');
    if (inline !== undefined && inline !== null) return { inline };
    const codeUri = ownOrGlobal('CodeUri');
    // SAM builds from the template's folder when CodeUri is absent.
    if (codeUri === undefined || codeUri === null) return { folder: templateFolder, entryPoints: entryPointsOf(model, resource) };
    if (isMap(codeUri) && (valueOf(codeUri, 'Bucket') !== undefined || valueOf(codeUri, 'Key') !== undefined)) {
      return { unresolved: { reason: 'code-not-local', message: 'CodeUri is an S3 location ({ Bucket, Key }), not local code' } };
    }
    return localFolder(model, templateFolder, codeUri, 'CodeUri', entryPointsOf(model, resource));
  }
  // AWS::Lambda::Function
  const code = valueOf(resource.properties, 'Code');
  if (code === undefined || code === null) return { unresolved: { reason: 'code-unresolved', message: 'the function has no Code' } };
  if (isMap(code) && valueOf(code, 'ZipFile') !== undefined) {
    const zipFile = valueOf(code, 'ZipFile');
    return zipFile ? { inline: zipFile } : { unresolved: { reason: 'inline-unreadable', message: 'Code.ZipFile is empty' } };
  }
  if (isMap(code) && (valueOf(code, 'S3Bucket') !== undefined || valueOf(code, 'S3Key') !== undefined)) {
    return { unresolved: { reason: 'code-not-local', message: 'Code is an S3 object (S3Bucket, S3Key), not local code' } };
  }
  // `Code: ./dir`, as `aws cloudformation package` takes it.
  return localFolder(model, templateFolder, code, 'Code');
}

function localFolder(model: AppModel, templateFolder: string, node: SourceNode, key: string, entryPoints?: string[]): CodeSource {
  const text = model.resolver.resolveString(node);
  if (text === undefined) return { unresolved: { reason: 'code-unresolved', message: `${key} \`${displayText(node)}\` cannot be resolved from the template` } };
  if (/^s3:\/\//i.test(text) || /^https?:\/\//i.test(text)) return { unresolved: { reason: 'code-not-local', message: `${key} ${text} is not local code` } };
  if (/\.(zip|jar)$/i.test(text)) return { unresolved: { reason: 'code-not-local', message: `${key} ${text} is a packaged archive, not source` } };
  if (languageOfPath(text)) return { folder: folderOf(joinPath(templateFolder, text)), file: joinPath(templateFolder, text) };
  return { folder: joinPath(templateFolder, text), ...(entryPoints ? { entryPoints } : {}) };
}

/** `Metadata.BuildMethod: esbuild` with `Metadata.BuildProperties.EntryPoints`. */
function entryPointsOf(model: AppModel, resource: CfnResource): string[] | undefined {
  const metadata = valueOf(resource.declaration, 'Metadata');
  if (model.resolver.resolveString(valueOf(metadata, 'BuildMethod'))?.toLowerCase() !== 'esbuild') return undefined;
  const entries = seqItems(nodeAt(metadata, ['BuildProperties', 'EntryPoints']))
    .map((item) => model.resolver.resolveString(item))
    .filter((entry): entry is string => !!entry);
  return entries.length > 0 ? entries : undefined;
}

/**
 * The entry points that build the handler's module: the same path without its extension, else
 * the same file name (esbuild writes bundles flat unless told otherwise), else the only one.
 */
function matchingEntryPoints(entryPoints: string[] | undefined, modulePath: string): string[] {
  if (!entryPoints) return [];
  const stem = (path: string) => path.replace(/^\.\//, '').replace(/\.(ts|mts|cts|tsx|js|mjs|cjs|jsx)$/, '');
  const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  const module = stem(modulePath);
  const exact = entryPoints.filter((entry) => stem(entry) === module);
  if (exact.length > 0) return exact;
  const sameName = entryPoints.filter((entry) => baseName(stem(entry)) === baseName(module));
  if (sameName.length > 0) return sameName;
  return entryPoints.length === 1 ? entryPoints : [];
}

function displayText(node: SourceNode | null | undefined): string {
  if (isScalar(node)) return String(node.value);
  if (isMap(node) && node.entries.length === 1) return `${String(node.entries[0].key.value)} ${scalarText(node.entries[0].value) ?? (isSeq(node.entries[0].value) ? '[...]' : '...')}`;
  return '...';
}


/**
 * A minimal LSP client for the server tests: spawns the built server
 * (`dist/server.js --stdio`), answers its requests (configuration, progress,
 * refresh) and mirrors open documents so edits can be applied to them. Waits
 * are event-driven with a timeout, never fixed sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  ConfigurationRequest,
  createMessageConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type MessageConnection,
  type Position,
  type ProgressToken,
  type Range,
  type TextEdit,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const SERVER_PATH = resolve(__dirname, '..', '..', 'dist', 'server.js');
const DEFAULT_TIMEOUT_MS = 10_000;

export type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

export interface SessionOptions {
  /** Workspace folder paths. */
  folders?: string[];
  /** What `workspace/configuration` returns for the `slsward` section. */
  settings?: Record<string, unknown>;
  /** Overrides merged into the default client capabilities. */
  capabilities?: ClientCapabilities;
  /** Environment variables for the server process (`SLSWARD_ANALYSIS_BUDGET_MS`, `SLSWARD_ANALYSIS_WORKERS`). */
  env?: Record<string, string>;
}

export function uriOf(path: string): string {
  return pathToFileURL(path).href;
}

export function makeTempDirectory(prefix: string): { path: string; dispose(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, dispose: () => rmSync(path, { recursive: true, force: true }) };
}

export class LspSession {
  settings: Record<string, unknown>;
  readonly documents = new Map<string, TextDocument>();
  readonly logs: string[] = [];
  readonly configurationRequests: Array<{ scopeUri?: string; section?: string }> = [];
  readonly progress = new Map<ProgressToken, ProgressValue[]>();
  readonly createdProgressTokens: ProgressToken[] = [];
  refreshCount = 0;
  /** The server's exit code, once it has exited. */
  exitCode: number | null = null;
  /** While set, `workspace/configuration` answers wait for it: a way to hold the server mid-request. */
  configurationGate: Promise<void> | undefined;
  private readonly listeners = new Set<() => void>();
  private stderr = '';
  private isExited = false;

  private constructor(
    readonly connection: MessageConnection,
    private readonly child: ChildProcess,
    options: SessionOptions,
  ) {
    this.settings = options.settings ?? {};
  }

  static async start(options: SessionOptions = {}): Promise<LspSession> {
    if (!existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing; run \`npm run build\` first.`);
    const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(connection, child, options);
    child.stderr!.on('data', (chunk: Buffer) => (session.stderr += chunk.toString()));
    child.on('exit', (code) => {
      session.exitCode = code;
      session.isExited = true;
      session.notify();
    });

    connection.onRequest(ConfigurationRequest.type, async (params) => {
      await session.configurationGate;
      return params.items.map((item) => {
        session.configurationRequests.push({ scopeUri: item.scopeUri, section: item.section });
        session.notify();
        return item.section === 'slsward' ? session.settings : null;
      });
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      session.createdProgressTokens.push(params.token);
      session.notify();
    });
    connection.onRequest('workspace/diagnostic/refresh', () => {
      session.refreshCount++;
      session.notify();
      return null;
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onNotification(LogMessageNotification.type, (params) => {
      session.logs.push(params.message);
      session.notify();
    });
    // Progress for tokens without a registered handler: every token, here.
    connection.onUnhandledProgress((params) => {
      const values = session.progress.get(params.token) ?? [];
      values.push(params.value as ProgressValue);
      session.progress.set(params.token, values);
      session.notify();
    });
    connection.listen();

    const folders = (options.folders ?? []).map((path, index) => ({ uri: uriOf(path), name: `folder${index}` }));
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
        diagnostics: { refreshSupport: true },
        workspaceEdit: { documentChanges: true },
        ...options.capabilities?.workspace,
      },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true },
        diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true, dataSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        ...options.capabilities?.textDocument,
      },
      window: { workDoneProgress: true, ...options.capabilities?.window },
    };
    const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`The server exited (code ${code}) during initialize:\n${session.stderr}`))));
    exited.catch(() => undefined);
    await Promise.race([
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: folders[0]?.uri ?? null,
        workspaceFolders: folders.length > 0 ? folders : null,
        capabilities,
      }),
      exited,
    ]);
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  open(uri: string, text: string, languageId = 'yaml'): TextDocument {
    const document = TextDocument.create(uri, languageId, 1, text);
    this.documents.set(uri, document);
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return document;
  }

  /** Sends incremental changes, applied in order, and updates the mirror. */
  change(uri: string, changes: Array<{ range: Range; text: string }>): TextDocument {
    const document = this.document(uri);
    const version = document.version + 1;
    TextDocument.update(document, changes, version);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return document;
  }

  /** Replaces the first occurrence of `search` through an incremental change. */
  replace(uri: string, search: string, replacement: string): TextDocument {
    const document = this.document(uri);
    const start = document.getText().indexOf(search);
    if (start < 0) throw new Error(`'${search}' is not in ${uri}`);
    return this.change(uri, [{ range: { start: document.positionAt(start), end: document.positionAt(start + search.length) }, text: replacement }]);
  }

  closeDocument(uri: string): void {
    this.documents.delete(uri);
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    if (report.kind !== 'full') throw new Error(`Expected a full report, got ${report.kind}`);
    return report.items;
  }

  async codeActions(uri: string, diagnostics: Diagnostic[], range: Range = diagnostics[0].range): Promise<CodeAction[]> {
    const result = await this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only: ['quickfix'] } });
    return (result ?? []).filter((item): item is CodeAction => 'title' in item && !('command' in item && typeof item.command === 'string'));
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
  }

  /** Applies a code action's edit to the mirrored document and sends it as an incremental change. */
  applyEdit(uri: string, edit: WorkspaceEdit): TextDocument {
    const edits = editsFor(uri, edit);
    const document = this.document(uri);
    // LSP edits refer to the original text; applied in reverse order, incremental changes stay valid.
    const ordered = [...edits].sort((a, b) => document.offsetAt(b.range.start) - document.offsetAt(a.range.start));
    return this.change(
      uri,
      ordered.map((item) => ({ range: item.range, text: item.newText })),
    );
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { slsward: settings } });
  }

  /** Resolves once `predicate` holds, re-checked on every message from the server. */
  waitFor(description: string, predicate: () => boolean, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolvePromise, reject) => {
      const listener = () => {
        if (predicate()) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolvePromise();
        } else if (this.isExited) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          reject(new Error(`The server exited while waiting for ${description}.\n${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}. Logs:\n${this.logs.join('\n')}\n${this.stderr}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  get hasExited(): boolean {
    return this.isExited;
  }

  get errorOutput(): string {
    return this.stderr;
  }

  async stop(): Promise<void> {
    if (!this.isExited) {
      try {
        await withTimeout(this.connection.sendRequest(ShutdownRequest.type), 5_000);
        await this.connection.sendNotification(ExitNotification.type);
        await this.waitFor('the server to exit', () => this.isExited, 5_000);
      } catch {
        this.child.kill();
      }
    }
    this.connection.dispose();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

export function editsFor(uri: string, edit: WorkspaceEdit | undefined): TextEdit[] {
  if (!edit) return [];
  const edits: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) edits.push(...(change.edits as TextEdit[]));
  }
  edits.push(...(edit.changes?.[uri] ?? []));
  return edits;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolvePromise(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

// Starts and stops a real VS Code for the end-to-end tests: the VS Code server inside code-server
// (installed by .ci/install-e2e-tools.sh into .ci-tools/) with headless Debian Chromium as its window.
// It owns process lifetimes: every server runs in its own process group and is always killed as a
// group. It must not wait with fixed sleeps, and nothing it starts may listen beyond 127.0.0.1.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const codeServerEntry = join(repoRoot, '.ci-tools/node_modules/code-server/out/node/entry.js');
export const chromiumPath = process.env.SLSWARD_E2E_CHROMIUM ?? '/usr/bin/chromium';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function log(tag, ...parts) {
  process.stderr.write(`[${tag}] ${format(...parts)}\n`);
}

/** Fails early, with the fix, when the tools are not installed. */
export function assertToolsInstalled() {
  const missing = [codeServerEntry, chromiumPath].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`Missing ${missing.join(', ')}. Run: bash .ci/install-e2e-tools.sh`);
  }
}

/** A fresh folder under .ci-tmp/ for one run: server state, XDG folders, TMPDIR, browser profile, logs. */
export function createRunFolder(name) {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  const folder = join(repoRoot, '.ci-tmp', `${name}-${stamp}-${process.pid}`);
  for (const sub of ['xdg-config', 'xdg-data', 'xdg-cache', 'tmp', 'browser-profile']) {
    mkdirSync(join(folder, sub), { recursive: true });
  }
  return folder;
}

/**
 * Settings for a fresh user-data dir: no welcome page, no update or marketplace chatter, no
 * restored editors from an earlier run, and nothing that competes with the tests for focus.
 */
export function writeUserSettings(userDataDir) {
  const file = join(userDataDir, 'User', 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'files.hotExit': 'off',
    // VS Code for the Web saves after a delay by default; the tests edit in memory and revert, and
    // later suites read the examples from disk.
    'files.autoSave': 'off',
    'window.restoreWindows': 'none',
    'editor.lightbulb.enabled': 'on',
    // Sticky scroll would cover the top of the README screenshot with headers of the outline.
    'editor.stickyScroll.enabled': false,
  };
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

/** A port that was free on 127.0.0.1 a moment ago; the caller retries if the server loses the race. */
export async function findFreePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

const shortTmpLinks = new Map();

/**
 * The run's TMPDIR. VS Code puts its IPC sockets there as `vscode-ipc-<uuid>.sock`, and a Unix
 * socket path has at most 107 bytes, so a deep checkout gets a short symlink in /tmp that points
 * into the run folder (removed when this process exits).
 */
function temporaryFolderFor(runFolder) {
  const folder = join(runFolder, 'tmp');
  if (folder.length <= 50 || !existsSync('/tmp')) return folder;
  if (!shortTmpLinks.has(folder)) {
    const link = join('/tmp', `slsward-e2e-${process.pid}-${shortTmpLinks.size}`);
    rmSync(link, { force: true });
    symlinkSync(folder, link);
    if (shortTmpLinks.size === 0) {
      process.on('exit', () => {
        for (const path of shortTmpLinks.values()) rmSync(path, { force: true });
      });
    }
    shortTmpLinks.set(folder, link);
  }
  return shortTmpLinks.get(folder);
}

function environmentFor(runFolder) {
  return {
    // The first audit runs while the analysis workers are cold, on a machine other jobs share: a
    // template could pass the 2 s budget and be skipped. These tests check behaviour; the budget
    // has its own tests (test/hardening, test/lsp/workers.test.ts).
    SLSWARD_ANALYSIS_BUDGET_MS: '15000',
    ...process.env,
    XDG_CONFIG_HOME: join(runFolder, 'xdg-config'),
    XDG_DATA_HOME: join(runFolder, 'xdg-data'),
    XDG_CACHE_HOME: join(runFolder, 'xdg-cache'),
    TMPDIR: temporaryFolderFor(runFolder),
  };
}

/** Kills a whole process group: SIGTERM, then SIGKILL if anything is left after `graceMs`. */
export async function killProcessGroup(child, graceMs = 5000) {
  if (!child?.pid) return;
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false; // ESRCH: the group is gone.
    }
  };
  if (!signalGroup('SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  // Polling the group with signal 0 is the only portable way to learn that every member is gone.
  while (Date.now() < deadline && signalGroup(0)) {
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  signalGroup('SIGKILL');
}

/** For 'exit' handlers, which cannot wait: SIGKILL the group at once. */
export function killProcessGroupNow(child) {
  if (!child?.pid) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Runs the code-server CLI once to completion (for example `--install-extension`), in its own
 * process group, and returns its exit code. Output goes to `logFile`.
 */
export async function runCodeServerCommand({ runFolder, args, logFile, timeoutMs = 120_000 }) {
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [codeServerEntry, ...args], {
    detached: true, // setsid(): its own session and process group, so it can be killed as a group.
    stdio: ['ignore', fd, fd],
    env: environmentFor(runFolder),
  });
  closeSync(fd);
  const timer = setTimeout(() => killProcessGroupNow(child), timeoutMs);
  const [code, signal] = await once(child, 'exit');
  clearTimeout(timer);
  await killProcessGroup(child, 1000);
  if (signal) throw new Error(`code-server ${args.join(' ')} was killed (${signal}); see ${logFile}`);
  return code;
}

async function waitForHealthz(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode})`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms: ${lastError?.message}`);
}

/**
 * Starts the VS Code server of code-server on a free port of 127.0.0.1 and waits for /healthz.
 * Returns `{ port, origin, child, logFile, stop }`; `stop()` kills the process group.
 */
export async function startCodeServer({ runFolder, userDataDir, extensionsDir, healthTimeoutMs = 60_000 }) {
  assertToolsInstalled();
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir);
  const logFile = join(runFolder, 'code-server.log');
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await findFreePort();
    const configFile = join(runFolder, 'code-server.yaml');
    writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    const fd = openSync(logFile, 'a');
    const child = spawn(
      process.execPath,
      [
        codeServerEntry,
        '--config', configFile,
        '--user-data-dir', userDataDir,
        '--extensions-dir', extensionsDir,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
      ],
      { detached: true, stdio: ['ignore', fd, fd], env: environmentFor(runFolder) },
    );
    closeSync(fd);
    const stop = () => killProcessGroup(child);
    try {
      await waitForHealthz(port, child, healthTimeoutMs);
      return { port, origin: `http://127.0.0.1:${port}`, child, logFile, stop };
    } catch (error) {
      lastError = error;
      await stop();
      log('code-server', `attempt ${attempt} failed: ${error.message}`);
    }
  }
  throw new Error(`code-server did not start: ${lastError?.message}\n${tail(logFile)}`);
}

/** The last lines of a log file, for error messages. */
export function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Headless Chromium with a fresh profile in the run folder. */
export async function launchBrowser(runFolder, { width = 1400, height = 900 } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(join(runFolder, 'browser-profile'), {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: { width, height },
    env: environmentFor(runFolder),
  });
}

/** Closes the browser, but never waits on it for more than `timeoutMs`. */
export async function closeBrowser(context, timeoutMs = 10_000) {
  if (!context) return;
  let timer;
  await Promise.race([
    context.close().catch(() => {}),
    new Promise((resolveWait) => {
      timer = setTimeout(resolveWait, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * The workbench URL that opens `folder` and, when given, runs extension tests: the server ignores
 * --extensionDevelopmentPath itself, so the paths travel in the URL payload as vscode-remote URIs.
 */
export function workbenchUrl(origin, { folder, extensionDevelopmentPaths = [], extensionTestsPath } = {}) {
  const url = new URL(`${origin}/`);
  const authority = new URL(origin).host;
  const remote = (path) => `vscode-remote://${authority}${resolve(path)}`;
  if (folder) url.searchParams.set('folder', resolve(folder));
  const payload = [];
  for (const path of extensionDevelopmentPaths) payload.push(['extensionDevelopmentPath', remote(path)]);
  // The extension host requires the tests module by path without its extension.
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath.replace(/\.js$/, ''))]);
  payload.push(['skipWelcome', 'true']);
  url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}

/**
 * The workspace the tests may edit freely: a copy of examples/, plus each folder of
 * test/e2e/fixtures/ beside the examples (handler-app/: a template and the handler code it names).
 * The fixtures live under test/ because they exist for these tests only, not to be read as examples.
 */
export function copyExamples(runFolder) {
  const source = join(repoRoot, 'examples');
  if (!existsSync(source)) throw new Error('examples/ is missing.');
  const workspace = join(runFolder, 'workspace');
  cpSync(source, workspace, { recursive: true });
  const fixtures = join(repoRoot, 'test/e2e/fixtures');
  for (const name of readdirSync(fixtures)) {
    if (existsSync(join(workspace, name))) throw new Error(`test/e2e/fixtures/${name} would overwrite examples/${name}.`);
    cpSync(join(fixtures, name), join(workspace, name), { recursive: true });
  }
  return workspace;
}

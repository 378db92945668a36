#!/usr/bin/env node
// The "VS Code executable" that @vscode/test-electron's runTests({ vscodeExecutablePath }) starts.
// It accepts VS Code's test arguments, runs the tests in code-server's VS Code server with headless
// Chromium as the window, and exits with the tests' result. It always kills what it started, and an
// overall timeout (SLSWARD_E2E_TIMEOUT_MS, default 10 minutes) means it can never hang CI.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import {
  closeBrowser,
  createRunFolder,
  killProcessGroupNow,
  launchBrowser,
  log,
  startCodeServer,
  tail,
  workbenchUrl,
} from './code-server.mjs';

const timeoutMs = Number(process.env.SLSWARD_E2E_TIMEOUT_MS ?? 10 * 60_000);
const tag = 'launcher';

/** VS Code's CLI shape: `--name=value` or `--name value` flags, and positional folders. */
function parseArguments(argv) {
  const valued = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir']);
  const parsed = { extensionDevelopmentPaths: [], folders: [], ignored: [] };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (!argument.startsWith('--')) {
      parsed.folders.push(resolve(argument));
      continue;
    }
    let [name, value] = argument.slice(2).split(/=(.*)/s, 2);
    if (value === undefined && valued.has(name)) value = argv[++index];
    if (name === 'extensionDevelopmentPath') parsed.extensionDevelopmentPaths.push(resolve(value));
    else if (name === 'extensionTestsPath') parsed.extensionTestsPath = resolve(value);
    else if (name === 'user-data-dir') parsed.userDataDir = resolve(value);
    else if (name === 'extensions-dir') parsed.extensionsDir = resolve(value);
    else parsed.ignored.push(argument); // Electron-only flags such as --no-sandbox or --disable-updates.
  }
  return parsed;
}

function formatAutomationLog(type, args) {
  const text = Array.isArray(args) ? format(...args) : format(args);
  return type === 'info' || type === 'trace' || type === 'debug' ? text : `[${type}] ${text}`;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!options.extensionTestsPath) throw new Error('--extensionTestsPath= is required');
  if (options.folders.length > 1) throw new Error(`Only one workspace folder is supported: ${options.folders}`);

  const runFolder = createRunFolder('extension-tests');
  const userDataDir = options.userDataDir ?? join(runFolder, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(runFolder, 'extensions');
  mkdirSync(userDataDir, { recursive: true });
  log(tag, `run folder ${runFolder}`);
  if (options.ignored.length > 0) log(tag, `ignoring ${options.ignored.join(' ')}`);

  let server;
  let browser;
  // Whatever happens below, the server's process group dies with this process.
  process.on('exit', () => killProcessGroupNow(server?.child));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      log(tag, `${signal}: stopping`);
      killProcessGroupNow(server?.child);
      process.exit(130);
    });
  }
  const watchdog = setTimeout(() => {
    log(tag, `timed out after ${timeoutMs} ms; code-server log:\n${tail(server?.logFile ?? '')}`);
    killProcessGroupNow(server?.child);
    process.exit(124);
  }, timeoutMs);
  watchdog.unref();

  let exitCode = 1;
  try {
    const started = Date.now();
    server = await startCodeServer({ runFolder, userDataDir, extensionsDir });
    log(tag, `code-server is up on ${server.origin} after ${Date.now() - started} ms`);

    browser = await launchBrowser(runFolder);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const browserLog = join(runFolder, 'browser-console.log');
    const browserLines = [];
    page.on('console', (message) => browserLines.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => browserLines.push(`[pageerror] ${error.message}`));

    let reportExit;
    const testsExited = new Promise((resolveExit) => {
      reportExit = resolveExit;
    });
    // The workbench calls these when it runs under automation: the first with the extension host's
    // exit code once the tests finish, the second with each log line (including mocha's output).
    await browser.exposeFunction('codeAutomationExit', (code, logs) => {
      reportExit({ code, logs });
    });
    // A crashed or closed window never reports; fail now rather than at the overall timeout.
    page.on('crash', () => reportExit({ code: 1, logs: [], reason: 'the browser page crashed' }));
    page.on('close', () => reportExit({ code: 1, logs: [], reason: 'the browser page closed' }));
    await browser.exposeFunction('codeAutomationLog', (type, args) => {
      process.stdout.write(`${formatAutomationLog(type, args)}\n`);
    });

    const url = workbenchUrl(server.origin, {
      folder: options.folders[0],
      extensionDevelopmentPaths: options.extensionDevelopmentPaths,
      extensionTestsPath: options.extensionTestsPath,
    });
    log(tag, `opening ${url}`);
    await page.goto(url);
    const { code, logs, reason } = await testsExited;
    if (reason) log(tag, reason);
    exitCode = typeof code === 'number' ? code : 1;
    log(tag, `tests finished with exit code ${exitCode} after ${Date.now() - started} ms`);
    writeFileSync(browserLog, `${browserLines.join('\n')}\n`);
    if (exitCode !== 0 && Array.isArray(logs)) {
      // The workbench's own logs, for the failure report; the server's are under the user-data dir.
      for (const { relativePath, contents } of logs) {
        writeFileSync(join(runFolder, `workbench-${String(relativePath).replace(/[\\/]/g, '_')}`), String(contents ?? ''));
      }
    }
  } catch (error) {
    log(tag, `failed: ${error.stack ?? error}`);
    exitCode = 1;
  } finally {
    clearTimeout(watchdog);
    await closeBrowser(browser);
    await server?.stop();
  }
  if (exitCode === 0 && process.env.SLSWARD_E2E_KEEP !== '1') rmSync(runFolder, { recursive: true, force: true });
  else log(tag, `kept ${runFolder}`);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    log(tag, error.stack ?? String(error));
    process.exit(1);
  },
);

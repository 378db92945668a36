#!/usr/bin/env node
// UI smoke test of the packaged extension, driven like a user: a fresh code-server installs
// serverless-ward.vsix, a copy of examples/ is opened, Ctrl+P opens the insecure Serverless app, a
// squiggle appears, Ctrl+Shift+M shows Problems, Ctrl+. then Enter applies the quick fix, and the
// Problems entry goes away. Then Ctrl+P opens the handler of test/e2e/fixtures/handler-app, which gets
// an error squiggle on its shell command because its template makes the route public. Last, the
// command palette runs "Serverless Ward: Audit Workspace": the report panel (a webview) opens, its
// search box filters the findings table, the table fits the panel, a header sorts (click, and Enter on
// its button), the endpoint table sorts by auth and numerically by findings and filters by text and
// auth, a click on a finding's row opens its file at that line, both tables' sort and filters survive
// the panel being hidden and shown again, and the SARIF button saves through VS Code's save dialog.
// It saves docs/images/editor.png (squiggle, Problems and the quick-fix menu) and
// docs/images/report.png (the report panel) for the README. It waits on selectors only, never on
// fixed sleeps.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  closeBrowser,
  copyExamples,
  createRunFolder,
  killProcessGroupNow,
  launchBrowser,
  log,
  repoRoot,
  runCodeServerCommand,
  startCodeServer,
  tail,
  workbenchUrl,
} from './code-server.mjs';

const tag = 'ui-smoke';
const timeoutMs = Number(process.env.SLSWARD_E2E_UI_TIMEOUT_MS ?? 5 * 60_000);
const stepTimeoutMs = 60_000;
const vsix = join(repoRoot, 'serverless-ward.vsix');
const screenshot = join(repoRoot, 'docs/images/editor.png');
const reportScreenshot = join(repoRoot, 'docs/images/report.png');
const fixTitle = 'Serverless Ward: Require IAM auth on this route';
const targetRule = 'route-missing-auth';
const targetMessage = 'GET /orders has no authorization';
const handlerFile = 'handler-app/src/app.js';
const handlerRule = 'code-command-injection';
const handlerReason = 'POST /convert is public';
const handlerSinkLine = 'exec(`convert ${name} out.png`, () => {});';

const isMac = process.platform === 'darwin';
const primary = isMac ? 'Meta' : 'Control';

let server;
let browser;
let runFolder;

async function step(name, action) {
  const started = Date.now();
  try {
    const result = await action();
    log(tag, `ok   ${name} (${Date.now() - started} ms)`);
    return result;
  } catch (error) {
    log(tag, `FAIL ${name}: ${error.message}`);
    throw error;
  }
}

/** The counts in the status bar's problems item ("0 errors, 8 warnings" in its aria-label). */
async function problemCounts(page) {
  const label = (await page.locator('#status\\.problems').first().getAttribute('aria-label')) ?? '';
  const numbers = [...label.matchAll(/(\d+)/g)].map((match) => Number(match[1]));
  return { label, total: numbers.reduce((sum, value) => sum + value, 0) };
}

/** Ctrl+P, type `query`, pick the row that shows `fileName` in `folderHint`, and wait for its tab. */
async function quickOpen(page, query, fileName, folderHint) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  // Focus the workbench first, so the shortcut reaches VS Code and not the page.
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 300 } }).catch(() => {});
  await page.keyboard.press(`${primary}+P`);
  await input.waitFor({ state: 'visible' });
  await input.fill(query);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).filter({ hasText: folderHint });
  await row.first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor();
}

async function main() {
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run npm run package first.`);
  runFolder = createRunFolder('ui-smoke');
  const userDataDir = join(runFolder, 'user-data');
  const extensionsDir = join(runFolder, 'extensions');
  const workspace = copyExamples(runFolder);
  log(tag, `run folder ${runFolder}`);

  await step('install the .vsix with --install-extension', async () => {
    const code = await runCodeServerCommand({
      runFolder,
      args: ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix],
      logFile: join(runFolder, 'install-extension.log'),
    });
    const installed = existsSync(extensionsDir) ? readdirSync(extensionsDir).filter((name) => name.startsWith('serverless-ward.serverless-ward')) : [];
    if (code !== 0 || installed.length === 0) {
      throw new Error(`exit code ${code}, installed: ${installed.join(', ') || 'nothing'}\n${tail(join(runFolder, 'install-extension.log'))}`);
    }
  });

  server = await step('start code-server', () => startCodeServer({ runFolder, userDataDir, extensionsDir }));
  browser = await step('start Chromium', () => launchBrowser(runFolder));
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(stepTimeoutMs);
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));

  try {
    await step('open the workbench on a copy of examples/', async () => {
      await page.goto(workbenchUrl(server.origin, { folder: workspace }));
      await page.locator('.monaco-workbench').waitFor();
      // The explorer shows the folder once the workbench has restored.
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'serverless' }).first().waitFor();
    });

    await step('Ctrl+P opens serverless/insecure/serverless.yml', () => quickOpen(page, 'insecure/serverless.yml', 'serverless.yml', 'insecure'));

    await step('a squiggle appears', async () => {
      await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
    });

    const targetRow = page.locator('.markers-panel .monaco-list-row', { hasText: targetMessage });
    await step('Ctrl+Shift+M shows the finding in Problems', async () => {
      await page.keyboard.press(`${primary}+Shift+M`);
      await page.locator('.markers-panel').waitFor({ state: 'visible' });
      await targetRow.first().waitFor();
      const text = await targetRow.first().innerText();
      if (!text.includes(targetRule)) throw new Error(`the Problems entry does not name ${targetRule}: ${text}`);
    });
    const before = await problemCounts(page);

    await step('the cursor goes to the squiggle, Ctrl+. shows the quick fix', async () => {
      // Selecting the entry in Problems puts the cursor at the start of the finding; focusing the
      // editor group keeps it there.
      const entry = (await targetRow.first().innerText()) ?? '';
      const line = /\[Ln (\d+),/.exec(entry)?.[1];
      if (!line) throw new Error(`no line number in the Problems entry: ${entry}`);
      await targetRow.first().click();
      await page.keyboard.press(`${primary}+1`);
      await page.locator('.part.editor .monaco-editor.focused').waitFor();
      await page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line},` }).waitFor();
      await page.keyboard.press(`${primary}+.`);
      await page.locator('.action-widget .monaco-list-row', { hasText: fixTitle }).first().waitFor();
    });

    await step(`screenshot ${screenshot}`, async () => {
      mkdirSync(join(repoRoot, 'docs/images'), { recursive: true });
      await page.screenshot({ path: screenshot });
    });

    await step(`pick "${fixTitle}" and press Enter`, async () => {
      // Arrow down to the fix (the menu also offers "Ignore ... with a reason"), then Enter.
      const focused = page.locator('.action-widget .monaco-list-row.focused');
      for (let presses = 0; presses < 10; presses++) {
        if (((await focused.first().textContent().catch(() => '')) ?? '').includes(fixTitle)) break;
        await page.keyboard.press('ArrowDown');
        await page.locator('.action-widget .monaco-list-row.focused').first().waitFor();
      }
      const text = (await focused.first().textContent()) ?? '';
      if (!text.includes(fixTitle)) throw new Error(`could not focus "${fixTitle}" in the quick-fix menu`);
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').waitFor({ state: 'hidden' });
    });

    await step('the Problems entry goes away', async () => {
      await targetRow.first().waitFor({ state: 'detached' });
      await page.waitForFunction(
        (previous) => {
          const label = document.querySelector('#status\\.problems')?.getAttribute('aria-label') ?? '';
          const total = [...label.matchAll(/(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
          return total === previous - 1;
        },
        before.total,
        { timeout: stepTimeoutMs },
      );
      await page.locator('.monaco-editor .view-lines', { hasText: 'authorizer: aws_iam' }).first().waitFor();
      await page.screenshot({ path: join(runFolder, 'after-fix.png') });
      log(tag, `problems: "${before.label}" -> "${(await problemCounts(page)).label}"`);
    });

    await step(`Ctrl+P opens ${handlerFile}`, () => quickOpen(page, handlerFile, 'app.js', 'handler-app'));

    await step('the handler gets an error squiggle on its shell command, and Problems gives the route as the reason', async () => {
      // The tab switch reuses the editor widget: once the handler's text is rendered, every
      // decoration in it belongs to the handler, not to serverless.yml.
      await page.locator('.part.editor .monaco-editor .view-lines', { hasText: 'convert ${name} out.png' }).first().waitFor();
      await page.waitForFunction(
        (sinkLine) => {
          const normalise = (text) => (text ?? '').replace(/\u00a0/g, ' ').trim();
          for (const editor of document.querySelectorAll('.part.editor .monaco-editor')) {
            const line = [...editor.querySelectorAll('.view-lines .view-line')].find((element) => normalise(element.textContent) === sinkLine);
            if (!line) continue;
            const lineBox = line.getBoundingClientRect();
            return [...editor.querySelectorAll('.squiggly-error')].some((squiggle) => {
              const box = squiggle.getBoundingClientRect();
              const middle = box.top + box.height / 2;
              return box.width > 0 && middle >= lineBox.top && middle <= lineBox.bottom;
            });
          }
          return false;
        },
        handlerSinkLine,
        { timeout: stepTimeoutMs },
      );
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: handlerReason });
      await row.first().waitFor();
      const text = await row.first().innerText();
      if (!text.includes(handlerRule)) throw new Error(`the Problems entry does not name ${handlerRule}: ${text}`);
      await page.screenshot({ path: join(runFolder, 'handler.png') });
    });

    // The webview's document is two frames down: VS Code's webview host, then its active frame.
    const report = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    /** F1, then run the command whose palette label is `label`. */
    async function runCommand(label) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${label}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden' });
    }

    await step('the command palette runs "Serverless Ward: Audit Workspace" and the report panel opens', async () => {
      // Problems would take half the window in the screenshot: Ctrl+J hides the panel.
      await page.keyboard.press('Escape');
      await page.keyboard.press(`${primary}+J`);
      await page.locator('.markers-panel').waitFor({ state: 'hidden' });
      await runCommand('Serverless Ward: Audit Workspace');
      await page.locator('.tabs-container .tab.active', { hasText: 'Serverless Ward Audit' }).waitFor();
      await report.locator('table.findings tr.finding').first().waitFor();
      await report.locator('table.endpoints tr.endpoint').first().waitFor();
    });

    await step('the Serverless Endpoints view lists the routes by API', async () => {
      const header = page.locator('.pane-header', { hasText: 'Serverless Endpoints' });
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      const pane = page.locator('.pane', { has: header });
      await pane.locator('.monaco-list-row', { hasText: 'REST API' }).first().waitFor();
      await pane.locator('.monaco-list-row', { hasText: 'GET /orders' }).first().waitFor();
    });

    await step(`screenshot ${reportScreenshot}`, async () => {
      mkdirSync(join(repoRoot, 'docs/images'), { recursive: true });
      await page.screenshot({ path: reportScreenshot });
    });

    await step('the search box filters the findings table', async () => {
      const shown = report.locator('.shown');
      const total = Number(await shown.getAttribute('data-total'));
      if (!(total > 1)) throw new Error(`the table shows ${total} findings`);
      await report.locator('input[data-filter="text"]').fill(targetRule);
      await report.locator('.shown').filter({ hasNotText: `${total} of ${total} shown` }).waitFor();
      const text = (await shown.textContent()) ?? '';
      const visible = Number(/^(\d+)/.exec(text)?.[1]);
      if (!(visible > 0 && visible < total)) throw new Error(`filtering on ${targetRule} shows "${text}"`);
      await report.locator('input[data-filter="text"]').fill('');
      await report.locator('.shown', { hasText: `${total} of ${total} shown` }).waitFor();
    });

    await step("the findings table fits the panel's width (long paths and messages wrap)", async () => {
      const widths = await report.locator('table.findings').evaluate((table) => ({ table: Math.round(table.getBoundingClientRect().right), page: document.documentElement.clientWidth }));
      if (widths.table > widths.page) throw new Error(`the findings table ends at ${widths.table} px, past the panel's ${widths.page} px`);
    });

    await step("a click on a column header sorts and sets aria-sort, and Enter on the header's button sorts too", async () => {
      const header = report.locator('th[data-sort="rule"]');
      await header.click();
      await report.locator('th[data-sort="rule"][aria-sort="ascending"]').waitFor();
      // The header is a button: focus it and press Enter, as a keyboard user does.
      const button = header.getByRole('button', { name: 'Rule' });
      await button.focus();
      await page.keyboard.press('Enter');
      await report.locator('th[data-sort="rule"][aria-sort="descending"]').waitFor();
      const rules = await report.locator('tr.finding').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-rule')));
      const expected = [...rules].sort().reverse();
      if (rules.join() !== expected.join()) throw new Error('the rows are not in descending rule order');
      await report.locator('select[data-filter="severity"]').selectOption('error');
    });

    const endpoints = report.locator('table.endpoints');
    /** The endpoint rows in document order, with their sort keys and whether the filters hide them. */
    const endpointRows = () =>
      endpoints.locator('tr.endpoint').evaluateAll((rows) =>
        rows.map((row) => ({ index: Number(row.getAttribute('data-endpoint')), auth: row.getAttribute('data-auth'), findings: Number(row.getAttribute('data-findings-count')), text: row.getAttribute('data-text'), hidden: row.hidden })),
      );
    /** The rows are ordered by `key` (`descending` or not), ties in their original order. */
    function checkOrder(rows, key, descending, what) {
      const expected = [...rows].sort((a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0) * (descending ? -1 : 1) || a.index - b.index);
      if (rows.map((row) => row.index).join() !== expected.map((row) => row.index).join()) {
        throw new Error(`${what}: ${rows.map((row) => `${row.index}:${row[key]}`).join(', ')}`);
      }
    }
    const endpointFilter = 'post';

    await step('the endpoint table sorts by auth and, numerically, by findings, and filters by text and auth', async () => {
      await endpoints.locator('th[data-sort="auth"]').click();
      await endpoints.locator('th[data-sort="auth"][aria-sort="ascending"]').waitFor();
      const byAuth = await endpointRows();
      checkOrder(byAuth, 'auth', false, 'the rows are not in ascending auth order');
      // Every route without auth is in one run of rows.
      const none = byAuth.map((row, position) => (row.auth === 'none' ? position : -1)).filter((position) => position >= 0);
      if (none.length < 2 || none[none.length - 1] - none[0] !== none.length - 1) throw new Error(`the routes without auth are not together: rows ${none.join(', ')}`);
      // Findings: a click sorts ascending, Enter on the header's button descending; 10 comes before 7 (not as text).
      await endpoints.locator('th[data-sort="findings-count"]').click();
      await endpoints.locator('th[data-sort="findings-count"][aria-sort="ascending"]').waitFor();
      await endpoints.locator('th[data-sort="auth"][aria-sort="none"]').waitFor();
      await endpoints.locator('th[data-sort="findings-count"]').getByRole('button', { name: 'Findings' }).focus();
      await page.keyboard.press('Enter');
      await endpoints.locator('th[data-sort="findings-count"][aria-sort="descending"]').waitFor();
      const byFindings = await endpointRows();
      checkOrder(byFindings, 'findings', true, 'the rows are not in descending numeric order of findings');
      const counts = byFindings.map((row) => row.findings);
      if (!(counts[0] >= 10)) throw new Error(`the most findings a route has in the examples is 10 or more; the first row has ${counts[0]} (${counts.join(', ')})`);
      // The findings sort is the findings table's own.
      await report.locator('table.findings th[data-sort="rule"][aria-sort="descending"]').waitFor();

      const shown = report.locator('.endpoints-shown');
      const total = Number(await shown.getAttribute('data-total'));
      await report.locator('input[data-filter="endpoint-text"]').fill(endpointFilter);
      await shown.filter({ hasNotText: `${total} of ${total} shown` }).waitFor();
      await report.locator('select[data-filter="auth"]').selectOption('none');
      const filtered = await endpointRows();
      const visible = filtered.filter((row) => !row.hidden);
      const wrong = filtered.filter((row) => row.hidden === (row.text.includes(endpointFilter) && row.auth === 'none'));
      if (visible.length === 0 || visible.length === total || wrong.length > 0) throw new Error(`filtering on "${endpointFilter}" and auth none shows ${visible.length} of ${total}; wrongly shown or hidden: ${wrong.map((row) => row.index).join(', ')}`);
      await shown.filter({ hasText: `${visible.length} of ${total} shown` }).waitFor();
      // The findings table keeps only its own filter (severity error), not the endpoint table's.
      const findingsShown = await report.locator('tr.finding:not([hidden])').count();
      const errors = await report.locator('tr.finding[data-severity="error"]').count();
      if (findingsShown !== errors) throw new Error(`the findings table shows ${findingsShown} rows for its ${errors} errors`);
    });

    await step("a click on a finding's row opens its file at the finding", async () => {
      const row = report.locator(`tr.finding[data-rule="hardcoded-secret-in-environment"][data-file$="insecure/serverless.yml"]`).first();
      const line = await row.getAttribute('data-line');
      await row.click();
      await page.locator('.tabs-container .tab.active', { hasText: 'serverless.yml' }).waitFor();
      await page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line},` }).waitFor();
    });

    await step('the panel keeps its sort and filter when it is hidden and shown again', async () => {
      // One group: the opened file hides the panel, whose document VS Code then unloads.
      await runCommand('View: Join All Editor Groups');
      await page.locator('.tabs-container .tab.active', { hasText: 'serverless.yml' }).waitFor();
      await page.locator('.tabs-container .tab', { hasText: 'Serverless Ward Audit' }).click();
      await report.locator('th[data-sort="rule"][aria-sort="descending"]').waitFor();
      const severity = await report.locator('select[data-filter="severity"]').inputValue();
      if (severity !== 'error') throw new Error(`the severity filter is "${severity}" after the panel was shown again`);
      const shown = await report.locator('tr.finding:not([hidden])').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-severity')));
      if (shown.length === 0 || shown.some((value) => value !== 'error')) throw new Error(`the filtered rows are ${shown.join(', ')}`);
      await report.locator('select[data-filter="severity"]').selectOption('');
    });

    await step("the endpoint table keeps its own sort and filters when the panel is shown again", async () => {
      // The panel was reloaded by the step above.
      await endpoints.locator('th[data-sort="findings-count"][aria-sort="descending"]').waitFor();
      const text = await report.locator('input[data-filter="endpoint-text"]').inputValue();
      const auth = await report.locator('select[data-filter="auth"]').inputValue();
      if (text !== endpointFilter || auth !== 'none') throw new Error(`the endpoint filters are "${text}" and "${auth}" after the panel was shown again`);
      const rows = await endpointRows();
      checkOrder(rows, 'findings', true, 'the rows are not in descending numeric order of findings after the panel was shown again');
      const wrong = rows.filter((row) => row.hidden === (row.text.includes(endpointFilter) && row.auth === 'none'));
      if (wrong.length > 0) throw new Error(`rows wrongly shown or hidden after the panel was shown again: ${wrong.map((row) => row.index).join(', ')}`);
      await report.locator('input[data-filter="endpoint-text"]').fill('');
      await report.locator('select[data-filter="auth"]').selectOption('');
      const total = await report.locator('.endpoints-shown').getAttribute('data-total');
      await report.locator('.endpoints-shown', { hasText: `${total} of ${total} shown` }).waitFor();
    });

    await step("the SARIF button exports to the file picked in VS Code's save dialog", async () => {
      const target = join(workspace, 'slsward-audit.sarif');
      await report.locator('button[data-format="sarif"]').click();
      // VS Code for the Web's own save dialog: a path box that proposes slsward-audit.sarif in the workspace.
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      await page.waitForFunction((expected) => document.querySelector('.quick-input-widget .quick-input-box input')?.value === expected, target, { timeout: stepTimeoutMs });
      await page.keyboard.press('Enter');
      await page.locator('.notifications-toasts .notification-toast', { hasText: 'exported to slsward-audit.sarif' }).waitFor();
      const { readFileSync } = await import('node:fs');
      const sarif = JSON.parse(readFileSync(target, 'utf8'));
      if (sarif.version !== '2.1.0' || !(sarif.runs?.[0]?.results?.length > 0)) throw new Error(`the exported SARIF has version ${sarif.version} and ${sarif.runs?.[0]?.results?.length} results`);
      // The quick fix above left serverless.yml modified on purpose; the panel and the export add nothing to save.
      const dirty = await page.locator('.tabs-container .tab.dirty').filter({ hasNotText: 'serverless.yml' }).allTextContents();
      if (dirty.length > 0) throw new Error(`editors ask to be saved: ${dirty.join(', ')}`);
    });
  } catch (error) {
    await page.screenshot({ path: join(runFolder, 'failure.png') }).catch(() => {});
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(runFolder, 'browser-console.log'), `${consoleLines.join('\n')}\n`);
    log(tag, `kept ${runFolder} (failure.png, browser-console.log, code-server.log)`);
    throw error;
  }
}

const watchdog = setTimeout(() => {
  log(tag, `timed out after ${timeoutMs} ms`);
  killProcessGroupNow(server?.child);
  process.exit(124);
}, timeoutMs);
watchdog.unref();
process.on('exit', () => killProcessGroupNow(server?.child));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killProcessGroupNow(server?.child);
    process.exit(130);
  });
}

let exitCode = 0;
const started = Date.now();
try {
  await main();
  log(tag, `passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  log(tag, error.stack ?? String(error));
  exitCode = 1;
} finally {
  clearTimeout(watchdog);
  await closeBrowser(browser);
  await server?.stop();
}
if (exitCode === 0 && runFolder && process.env.SLSWARD_E2E_KEEP !== '1') rmSync(runFolder, { recursive: true, force: true });
process.exit(exitCode);

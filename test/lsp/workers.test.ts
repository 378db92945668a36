/**
 * The built server keeps answering while a document's analysis is slow: the
 * analysis runs in worker threads with a time budget, cancellation ends stale
 * work, and shutdown does not wait for it. The slow input is an ordinary large
 * SAM template (2,000 functions, 78,000 lines) with a budget far below its
 * analysis time, so the tests do not depend on any engine slowness. Every
 * assertion waits on events (responses, log lines), never on sleeps.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource, DocumentDiagnosticRequest, LSPErrorCodes, ShutdownRequest, ExitNotification, type Diagnostic } from 'vscode-languageserver/node';
import { MAX_PARSE_DIAGNOSTICS } from '../../server/src/lsp/diagnostics';
import { SERVERLESS_OPEN_ROUTE } from './documents';
import { largeSamTemplate, slowInlineCodeTemplate } from './large-template';
import { LspSession, makeTempDirectory, uriOf } from './lsp-session';

const SLOW_TEMPLATE = largeSamTemplate(2_000);
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);
const ENDED_AS_STALE = /Analysis worker \d+ ended after \d+ ms \(its work was no longer needed\)/;
const ENDED_OVER_BUDGET = /Analysis worker \d+ ended after \d+ ms \(over its time budget\)/;

describe('analysis in worker threads', () => {
  const workspace = makeTempDirectory('slsward-workers-');
  after(() => workspace.dispose());

  describe('with a 1 s budget and two workers', () => {
    let session: LspSession;
    before(async () => {
      session = await LspSession.start({ folders: [workspace.path], env: { SLSWARD_ANALYSIS_BUDGET_MS: '1000' } });
    });
    after(() => session.stop());

    it('answers diagnostics and hover while the workspace audit runs on the same workers', async () => {
      const auditRoot = join(workspace.path, 'audited');
      for (let index = 0; index < 150; index++) {
        mkdirSync(join(auditRoot, `app-${index}`), { recursive: true });
        writeFileSync(join(auditRoot, `app-${index}`, 'template.yaml'), largeSamTemplate(3));
      }
      const quick = uriOf(join(workspace.path, 'during-audit', 'serverless.yml'));
      session.open(quick, SERVERLESS_OPEN_ROUTE);
      const order: string[] = [];
      const audit = session.connection.sendRequest('slsward/auditWorkspace', { roots: [auditRoot] }).then((report) => {
        order.push('audit');
        return report as { files: string[]; findings: unknown[] };
      });
      // Wait until the audit is under way: its progress reports files done.
      await session.waitFor('audit progress', () => [...session.progress.values()].some((values) => values.some((value) => value.kind === 'report' && /^\d+\/150 files$/.test(value.message ?? ''))));
      assert.ok(codes(await session.diagnostics(quick)).includes('route-missing-auth'));
      order.push('diagnostics');
      assert.match(JSON.stringify((await session.hover(quick, { line: 8, character: 9 }))?.contents ?? null), /route-missing-auth/);
      order.push('hover');
      const report = await audit;
      assert.deepEqual(order, ['diagnostics', 'hover', 'audit']);
      assert.equal(report.files.length, 150);
      session.closeDocument(quick);
    });

    it('answers hover and diagnostics of another document while a slow one is analysed, and stops the slow one with one diagnostic', async () => {
      const quick = uriOf(join(workspace.path, 'quick', 'serverless.yml'));
      const slow = uriOf(join(workspace.path, 'slow', 'template.yaml'));
      session.open(quick, SERVERLESS_OPEN_ROUTE);
      session.open(slow, SLOW_TEMPLATE);
      assert.ok(codes(await session.diagnostics(quick)).includes('route-missing-auth'));

      const order: string[] = [];
      const slowDiagnostics = session.diagnostics(slow).then((items) => {
        order.push('slow diagnostics');
        return items;
      });
      const hover = await session.hover(quick, { line: 8, character: 9 });
      order.push('hover');
      assert.match(JSON.stringify(hover?.contents ?? null), /route-missing-auth/);
      // A new version of the quick document: a fresh analysis, not a cached one.
      session.change(quick, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      const quickDiagnostics = await session.diagnostics(quick);
      order.push('quick diagnostics');
      assert.deepEqual(
        quickDiagnostics.filter((diagnostic) => diagnostic.code === 'route-missing-auth').map((diagnostic) => diagnostic.range.start.line),
        [9],
      );

      const stopped = await slowDiagnostics;
      assert.deepEqual(order, ['hover', 'quick diagnostics', 'slow diagnostics']);
      assert.equal(stopped.length, 1, JSON.stringify(stopped));
      assert.equal(stopped[0].code, 'analysis-stopped');
      assert.equal(stopped[0].source, 'slsward');
      assert.match(String(stopped[0].message), /^Serverless Ward: analysis stopped after 1 s: it took longer than its time budget/);
      assert.equal(session.logs.filter((line) => ENDED_OVER_BUDGET.test(line)).length, 1);

      // The outcome belongs to this version: asking again neither retries nor invents findings.
      assert.deepEqual(await session.diagnostics(slow), stopped);
      assert.equal(await session.hover(slow, { line: 12, character: 4 }), null);
      assert.equal(session.logs.filter((line) => ENDED_OVER_BUDGET.test(line)).length, 1, 'no second attempt');

      // The replacement worker serves the next request.
      session.closeDocument(slow);
      session.change(quick, [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }]);
      assert.deepEqual(
        (await session.diagnostics(quick)).filter((diagnostic) => diagnostic.code === 'route-missing-auth').map((diagnostic) => diagnostic.range.start.line),
        [8],
      );
      session.closeDocument(quick);
    });
  });

  describe('with a 1 s budget, a hostile document', () => {
    let session: LspSession;
    before(async () => {
      session = await LspSession.start({ folders: [workspace.path], env: { SLSWARD_ANALYSIS_BUDGET_MS: '1000' } });
    });
    after(() => session.stop());

    it('of 100,000 nested brackets gets an answer of a few diagnostics, and the others keep theirs', async () => {
      const hostile = uriOf(join(workspace.path, 'hostile', 'serverless.yml'));
      const quick = uriOf(join(workspace.path, 'after-hostile', 'serverless.yml'));
      session.open(hostile, `service: x\nprovider:\n  name: aws\ncustom:\n  a: ${'['.repeat(100_000)}\n`);
      session.open(quick, SERVERLESS_OPEN_ROUTE);
      const [hostileDiagnostics, quickDiagnostics] = await Promise.all([session.diagnostics(hostile), session.diagnostics(quick)]);
      assert.ok(codes(quickDiagnostics).includes('route-missing-auth'));
      // Stopped at its budget today; once the parser is fast, its syntax errors, capped.
      if (codes(hostileDiagnostics).includes('analysis-stopped')) assert.equal(hostileDiagnostics.length, 1);
      else assert.ok(hostileDiagnostics.length <= MAX_PARSE_DIAGNOSTICS + 1, `${hostileDiagnostics.length} diagnostics`);
      assert.equal(session.hasExited, false);
    });
  });

  describe('with a 300 ms budget, a template whose handler code is slow', () => {
    let session: LspSession;
    const root = join(workspace.path, 'slow-code');
    // An ordinary handler of 8,500 chained functions: its analysis takes most of a second on an idle machine, over the budget;
    // the templates alone take tens of milliseconds.
    const chain = Array.from({ length: 8_500 }, (_, index) => `function f${index}(e) { const a${index} = e.body + ${index}; if (a${index}) { cp.exec(a${index}); } return f${(index + 1) % 8_500}(a${index}); }`);
    const handler = [`const cp = require('child_process');`, ...chain, 'exports.handler = async (event) => f0(event);'].join('\n');
    const template = 'service: slow-code\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  environment:\n    DB_PASSWORD: S3cr3tP4ssw0rdValue9\nfunctions:\n  f:\n    handler: h.handler\n';
    // The same chain as inline code (`ZipFile`), not refused by the code limits, but far over the budget.
    const inlineRoot = join(workspace.path, 'slow-inline');
    const inlineTemplate = slowInlineCodeTemplate(8_000);

    before(async () => {
      mkdirSync(root, { recursive: true });
      writeFileSync(join(root, 'serverless.yml'), template);
      writeFileSync(join(root, 'h.js'), handler);
      mkdirSync(inlineRoot, { recursive: true });
      writeFileSync(join(inlineRoot, 'template.yaml'), inlineTemplate);
      session = await LspSession.start({ folders: [root, inlineRoot], env: { SLSWARD_ANALYSIS_BUDGET_MS: '300' } });
    });
    after(() => session.stop());

    it("shows a template's own findings when its inline code runs over the budget, and says so", async () => {
      const uri = uriOf(join(inlineRoot, 'template.yaml'));
      session.open(uri, inlineTemplate);
      const items = await session.diagnostics(uri);
      assert.ok(codes(items).includes('hardcoded-secret-in-environment'), JSON.stringify(items.map((item) => [item.code, item.message])));
      const notJoined = items.filter((item) => item.code === 'analysis-stopped');
      assert.equal(notJoined.length, 1, JSON.stringify(items.map((item) => [item.code, item.message])));
      assert.match(String(notJoined[0].message), /the analysis with this template's handler code stopped/);
      assert.ok(!codes(items).includes('code-command-injection'), 'no finding of the inline code is invented');
    });

    it("shows the template's own findings, and says its handler code was not joined", async () => {
      const uri = uriOf(join(root, 'serverless.yml'));
      session.open(uri, template);
      const items = await session.diagnostics(uri);
      const shown = codes(items);
      assert.ok(shown.includes('hardcoded-secret-in-environment'), JSON.stringify(items));
      const notJoined = items.filter((item) => item.code === 'analysis-stopped');
      assert.equal(notJoined.length, 1);
      assert.match(String(notJoined[0].message), /the analysis with this template's handler code stopped/);
    });
  });

  describe('with one worker and no practical budget', () => {
    let session: LspSession;
    before(async () => {
      session = await LspSession.start({ folders: [workspace.path], env: { SLSWARD_ANALYSIS_BUDGET_MS: '600000', SLSWARD_ANALYSIS_WORKERS: '1' } });
    });
    after(() => session.stop());

    it('ends the worker of a cancelled slow request, so the next document is analysed', async () => {
      const quick = uriOf(join(workspace.path, 'cancel-quick', 'serverless.yml'));
      const slow = uriOf(join(workspace.path, 'cancel-slow', 'template.yaml'));
      session.open(quick, SERVERLESS_OPEN_ROUTE);
      session.open(slow, SLOW_TEMPLATE);
      // Settings are read and cached, so the slow request goes straight to the worker.
      assert.ok(codes(await session.diagnostics(quick)).includes('route-missing-auth'));

      const source = new CancellationTokenSource();
      const request = session.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: slow } }, source.token);
      // A round trip that needs no worker: once it is answered, the slow request has reached the worker.
      assert.equal(await session.hover(uriOf(join(workspace.path, 'not-open.yml')), { line: 0, character: 0 }), null);
      source.cancel();
      await assert.rejects(request, (error: { code?: number }) => error.code === LSPErrorCodes.RequestCancelled);

      // The only worker was busy with the slow document; this answers only because it was ended.
      session.change(quick, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
      assert.ok(codes(await session.diagnostics(quick)).includes('route-missing-auth'));
      assert.ok(session.logs.some((line) => ENDED_AS_STALE.test(line)), session.logs.join('\n'));
      session.closeDocument(slow);
      session.closeDocument(quick);
    });

    it('answers shutdown at once while a worker is busy, and exits', async () => {
      const slow = uriOf(join(workspace.path, 'shutdown', 'template.yaml'));
      session.open(slow, SLOW_TEMPLATE);
      const pending = session.diagnostics(slow).catch((error: unknown) => error);
      assert.equal(await session.hover(uriOf(join(workspace.path, 'not-open.yml')), { line: 0, character: 0 }), null);
      await session.connection.sendRequest(ShutdownRequest.type);
      await session.connection.sendNotification(ExitNotification.type);
      await session.waitFor('the server to exit', () => session.hasExited, 10_000);
      assert.equal(session.exitCode, 0);
      void pending;
    });
  });
});

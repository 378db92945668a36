/**
 * A fuzzed typing session through the real language server: 1,000 edits to one
 * document (small keystrokes, and now and then a fuzzer mutation), diagnostics
 * pulled as an editor would. It asserts that every answer comes within the
 * analysis budget, that no internal error is shown as a finding or a syntax
 * problem, that the server's memory stays bounded over the session, and that
 * the editor and the CLI give the same findings for the same bytes.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { allRules } from '../../rules';
import { analyze } from '../../server/src/engine';
import { runCli } from '../cli/helpers';
import { LspSession, makeTempDirectory, uriOf } from '../lsp/lsp-session';
import { caseRandom, generateCase, loadCorpus, type Random } from './fuzzer';

const EDITS = 1_000;
const PULL_EVERY = 5;
const COMPARE_WITH_CLI_EVERY = 250;
const SEED = 20261203;
/** The server's default budget is 2 s; an answer also waits for a worker to be replaced. */
const ANSWER_BOUND_MS = 8_000;
/** Two workers of at most 512 MB each are the hard ceiling; a session that leaks grows far past this. */
const RSS_BOUND_MB = 700;

const KEYSTROKES = ['a', 'e', '1', ' ', '\n', '\n  ', ':', '-', '#', '[', ']', '{', '}', "'", '"', '!Ref ', '*', 'Type: AWS::SNS::Topic'];

function residentMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** What a finding looks like in both shells: rule, start line and character, message. */
function findingKeysOfDiagnostics(diagnostics: Diagnostic[]): string[] {
  return diagnostics
    .filter((diagnostic) => typeof diagnostic.code === 'string' && diagnostic.code !== 'parse-error' && !String(diagnostic.code).startsWith('slsward-'))
    .map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line}:${diagnostic.range.start.character} ${diagnostic.message}`)
    .sort();
}

function pickTemplate(random: Random) {
  const corpus = loadCorpus();
  // A mid-sized YAML template: big enough to have resources to break, small enough for 1,000 edits.
  const candidates = corpus.templates.filter((template) => /\.ya?ml$/i.test(template.path) && template.text.length > 3_000 && template.text.length < 20_000);
  const pool = candidates.length > 0 ? candidates : corpus.templates;
  // One with several findings, so that comparing the editor with the CLI compares something.
  for (let attempt = 0; attempt < 50; attempt++) {
    const template = pool[Math.floor(random() * pool.length)];
    if (analyze({ path: template.path, text: template.text, rules: allRules }).findings.length >= 5) return { template, corpus };
  }
  return { template: pool[0], corpus };
}

describe('a fuzzed typing session through the language server', () => {
  let session: LspSession;
  const workspace = makeTempDirectory('slsward-fuzz-session-');

  before(async () => {
    session = await LspSession.start({ folders: [workspace.path] });
  });

  after(async () => {
    await session?.stop();
    workspace.dispose();
  });

  it('answers within the budget, shows no internal error, stays bounded in memory and agrees with the CLI', async () => {
    const random = caseRandom(SEED, 0);
    const { template, corpus } = pickTemplate(random);
    const path = join(workspace.path, /serverless\.ya?ml$/i.test(template.path) ? 'serverless.yml' : 'template.yaml');
    const uri = uriOf(path);
    session.open(uri, template.text);
    let slowest = 0;
    let pulls = 0;
    let comparisons = 0;
    let comparedFindings = 0;
    let rssAfterWarmup: number | undefined;
    let rssPeak = 0;
    for (let edit = 1; edit <= EDITS; edit++) {
      const document = session.document(uri);
      const text = document.getText();
      if (edit % 50 === 0) {
        // The user undoes everything, back to the template as it was opened.
        session.change(uri, [{ range: { start: document.positionAt(0), end: document.positionAt(text.length) }, text: template.text }]);
      } else if (random() < 0.04) {
        // Now and then a whole fuzzer mutation, sent as one replacement of the document.
        const mutated = generateCase(corpus.templates, SEED, edit).text;
        session.change(uri, [{ range: { start: document.positionAt(0), end: document.positionAt(text.length) }, text: random() < 0.5 ? mutated : template.text }]);
      } else if (random() < 0.7) {
        const at = document.positionAt(Math.floor(random() * (text.length + 1)));
        session.change(uri, [{ range: { start: at, end: at }, text: KEYSTROKES[Math.floor(random() * KEYSTROKES.length)] }]);
      } else {
        const start = Math.floor(random() * text.length);
        const end = Math.min(text.length, start + 1 + Math.floor(random() * 3));
        session.change(uri, [{ range: { start: document.positionAt(start), end: document.positionAt(end) }, text: '' }]);
      }
      if (edit % PULL_EVERY !== 0) continue;
      const started = performance.now();
      const diagnostics = await session.diagnostics(uri);
      const elapsed = performance.now() - started;
      slowest = Math.max(slowest, elapsed);
      pulls++;
      assert.ok(elapsed < ANSWER_BOUND_MS, `edit ${edit}: diagnostics took ${elapsed.toFixed(0)} ms`);
      for (const diagnostic of diagnostics) {
        assert.doesNotMatch(String(diagnostic.message), /Maximum call stack|RangeError|TypeError|is not a function|Cannot read propert/, `edit ${edit}: an internal error shown as a diagnostic`);
      }
      const rss = residentMb(session.pid);
      if (rss !== undefined) {
        rssPeak = Math.max(rssPeak, rss);
        if (edit === 100) rssAfterWarmup = rss;
      }
      // On the restored template, and on the broken text just before it.
      if (edit % COMPARE_WITH_CLI_EVERY === 0 || edit % COMPARE_WITH_CLI_EVERY === COMPARE_WITH_CLI_EVERY - PULL_EVERY) {
        // The same bytes on disk, through the CLI: the same findings at the same places.
        const bytes = session.document(uri).getText();
        writeFileSync(path, bytes);
        const cli = await runCli(['audit', path, '--format', 'json'], { cwd: workspace.path, timeoutMs: 60_000 });
        assert.ok(cli.code === 0 || cli.code === 1, `edit ${edit}: the CLI exited ${cli.code}: ${cli.stderr}`);
        const report = JSON.parse(cli.stdout) as { findings: Array<{ ruleId: string; message: string; range: { start: { line: number; column: number } } }> };
        // The JSON report counts lines and columns from 1.
        const cliKeys = report.findings.map((finding) => `${finding.ruleId}@${finding.range.start.line - 1}:${finding.range.start.column - 1} ${finding.message}`).sort();
        assert.deepEqual(findingKeysOfDiagnostics(diagnostics), cliKeys, `edit ${edit}: editor and CLI differ`);
        comparisons++;
        comparedFindings += cliKeys.length;
      }
    }
    const internalErrors = session.logs.filter((line) => /internal error/i.test(line));
    assert.deepEqual(internalErrors, [], 'no internal error in the server log');
    assert.ok(rssPeak === 0 || rssPeak < RSS_BOUND_MB, `peak RSS ${rssPeak.toFixed(0)} MB`);
    // A leak per edit would show as growth after the warm-up; allow for the second worker and garbage not yet collected.
    if (rssAfterWarmup !== undefined) assert.ok(rssPeak < rssAfterWarmup * 2.5 + 100, `RSS grew from ${rssAfterWarmup.toFixed(0)} to ${rssPeak.toFixed(0)} MB`);
    assert.equal(comparisons, (2 * EDITS) / COMPARE_WITH_CLI_EVERY);
    assert.ok(comparedFindings > 0, 'the comparisons saw findings');
    console.log(`# ${template.name}: ${EDITS} edits, ${pulls} pulls, slowest answer ${slowest.toFixed(0)} ms, RSS ${rssAfterWarmup?.toFixed(0) ?? '?'} MB after 100 edits, peak ${rssPeak.toFixed(0)} MB, ${comparisons} CLI comparisons over ${comparedFindings} findings`);
  });
});

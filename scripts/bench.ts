/**
 * Performance figures for the engine, the real language server and the
 * workspace audit, printed as one table with the targets beside them. It
 * measures and reports; it never fails a build. Run with `npm run bench`
 * (which builds dist/ first, for the language server part).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createMessageConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type MessageConnection,
} from 'vscode-languageserver/node';
import { allRules } from '../rules';
import { analyze } from '../server/src/engine';
import { auditFiles, createWorkspaceFileReader, discoverFiles, readTextFileSafely } from '../server/src/workspace';
import { DESCRIPTION_PREFIX, generateManyFindingsTemplate, generateTemplate } from './bench-templates';

const REPO_ROOT = resolve(__dirname, '..');
const SERVER_PATH = resolve(REPO_ROOT, 'dist/server.js');
const CORPUS_TEMPLATES = resolve(process.env.SLSWARD_CORPUS ?? resolve(REPO_ROOT, '../shared/corpus'), 'templates');

interface Row {
  measure: string;
  median?: string;
  p95?: string;
  figure?: string;
  target: string;
  isMet?: boolean;
}

// ---------------------------------------------------------------------------
// Statistics and helpers
// ---------------------------------------------------------------------------

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function summarise(samples: number[]): { median: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const lineCount = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

function timeAnalyse(path: string, text: string, iterations: number, warmup: number): number[] {
  for (let i = 0; i < warmup; i++) analyze({ path, text, rules: allRules });
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    analyze({ path, text, rules: allRules });
    samples.push(performance.now() - started);
  }
  return samples;
}

// ---------------------------------------------------------------------------
// The real language server over stdio
// ---------------------------------------------------------------------------

interface ServerFigures {
  samples: Map<number, number[]>;
  peakRssMb?: number;
}

async function benchServer(texts: Array<{ key: number; lines: number; text: string; iterations: number }>): Promise<ServerFigures> {
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection: MessageConnection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({})));
  connection.onRequest(RegistrationRequest.type, () => undefined);
  connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
  connection.onRequest(() => null);
  connection.onNotification(() => undefined);
  connection.listen();
  const figures: ServerFigures = { samples: new Map() };
  try {
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(REPO_ROOT).href,
      workspaceFolders: [{ uri: pathToFileURL(REPO_ROOT).href, name: 'bench' }],
      capabilities: {
        textDocument: { diagnostic: { dynamicRegistration: false }, synchronization: { dynamicRegistration: false } },
        workspace: { configuration: true, workspaceFolders: true },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    for (const { key, text, iterations } of texts) {
      // An unsaved document: nothing on disk, as while typing in a new file.
      const uri = `untitled:bench-${key}.yaml`;
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      // Type in the middle of the document, one character in and then out again, so every edit moves
      // the offsets of everything after it, as real typing does.
      const lines = text.split('\n');
      const middle = Math.floor(lines.length / 2);
      let editLine = lines.findIndex((line, index) => index >= middle && /^\s+(Description|DisplayName): /.test(line));
      if (editLine < 0) editLine = lines.findIndex((line) => line.startsWith(DESCRIPTION_PREFIX));
      const editColumn = lines[editLine].length;
      const samples: number[] = [];
      const warmup = 5;
      for (let i = 0; i < iterations + warmup; i++) {
        const isInsert = i % 2 === 0;
        const started = performance.now();
        await connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version: i + 2 },
          contentChanges: [
            isInsert
              ? { range: { start: { line: editLine, character: editColumn }, end: { line: editLine, character: editColumn } }, text: 'x' }
              : { range: { start: { line: editLine, character: editColumn }, end: { line: editLine, character: editColumn + 1 } }, text: '' },
          ],
        });
        const report = await connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
        const elapsed = performance.now() - started;
        if (i === 0 && (report as { items?: unknown[] }).items === undefined) throw new Error('the server returned no diagnostics report');
        if (i >= warmup) samples.push(elapsed);
      }
      figures.samples.set(key, samples);
    }
    figures.peakRssMb = peakRssOfProcess(child.pid);
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
  } catch (error) {
    throw new Error(`language server benchmark failed: ${(error as Error).message}${stderr ? `\nserver stderr:\n${stderr.slice(-2000)}` : ''}`);
  } finally {
    connection.dispose();
    child.kill();
  }
  return figures;
}

/** Linux's high-water mark of a process's resident memory (VmHWM), in MB. */
function peakRssOfProcess(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------
// Corpus: per-file analyse time, and the audit in a fresh process
// ---------------------------------------------------------------------------

interface CorpusAuditFigures {
  files: number;
  ours: number;
  megabytes: number;
  seconds: number;
  peakRssMb: number;
  sampledPeakRssMb: number;
  findings: number;
  internalErrors: number;
}

/** Runs in a child process, so that its memory is the audit's alone. */
async function corpusAuditChild(root: string): Promise<void> {
  let sampledPeak = process.memoryUsage().rss;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  const discovery = await discoverFiles([root], { exclude: [] });
  let bytes = 0;
  const report = await auditFiles(discovery.files, {
    rules: allRules,
    readFile: createWorkspaceFileReader([root]),
    readText: async (path) => {
      const read = await readTextFileSafely(path);
      if ('text' in read) bytes += Buffer.byteLength(read.text);
      return read;
    },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  const figures: CorpusAuditFigures = {
    files: discovery.files.length,
    ours: report.files.length,
    megabytes: bytes / 1024 / 1024,
    seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    sampledPeakRssMb: sampledPeak / 1024 / 1024,
    findings: report.findings.length,
    internalErrors: report.internalErrors.length,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

function runCorpusAudit(root: string): Promise<CorpusAuditFigures> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--corpus-audit-child', root], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`corpus audit exited with ${code}`));
      try {
        resolvePromise(JSON.parse(stdout.trim().split('\n').pop()!) as CorpusAuditFigures);
      } catch (error) {
        reject(error as Error);
      }
    });
  });
}

/** Checkov 3.3.13 on the same 771 templates on this kind of machine (30 to 35 s; 32.6 s measured). */
const CHECKOV_CORPUS_SECONDS = 32.6;

/** The built CLI over a folder, timed from spawn to exit, as a CI job would run it. */
function timeCliAudit(root: string, jobs: number): Promise<{ seconds: number; error?: string }> {
  return new Promise((resolvePromise) => {
    const started = performance.now();
    const child = spawn(process.execPath, [resolve(REPO_ROOT, 'dist/cli.js'), 'audit', root, '--format', 'json', '--jobs', String(jobs)], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      // Exit 1 means findings, which the corpus has.
      resolvePromise(code === 0 || code === 1 ? { seconds } : { seconds, error: `exit ${code}: ${stderr.split('\n')[0]}` });
    });
  });
}

/** The child's own start-up (Node and tsx loading the sources) is part of its RSS, so it is measured too. */
async function corpusAnalyseTimes(root: string): Promise<{ samples: number[]; files: number }> {
  const discovery = await discoverFiles([root], { exclude: [] });
  const texts: Array<{ path: string; text: string }> = [];
  for (const path of discovery.files) {
    const read = await readTextFileSafely(path);
    if ('text' in read) texts.push({ path, text: read.text });
  }
  for (const { path, text } of texts) analyze({ path, text, rules: allRules });
  const samples: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const { path, text } of texts) {
      const started = performance.now();
      analyze({ path, text, rules: allRules });
      samples.push(performance.now() - started);
    }
  }
  return { samples, files: texts.length };
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

function printTable(rows: Row[]): void {
  const header = ['measure', 'median', 'p95', 'figure', 'target', 'met'];
  const cells = rows.map((row) => [row.measure, row.median ?? '', row.p95 ?? '', row.figure ?? '', row.target, row.isMet === undefined ? '' : row.isMet ? 'yes' : 'NO']);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => row[column].length)));
  const render = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  console.log(render(header));
  console.log(render(widths.map((width) => '-'.repeat(width))));
  for (const row of cells) console.log(render(row));
}

async function main(): Promise<void> {
  const childIndex = process.argv.indexOf('--corpus-audit-child');
  if (childIndex !== -1) return corpusAuditChild(process.argv[childIndex + 1]);

  // `npm run bench -- --only server` (or analyze, scaling, corpus): one section, for quick runs while working.
  const onlyIndex = process.argv.indexOf('--only');
  const only = onlyIndex === -1 ? undefined : process.argv[onlyIndex + 1];
  const runs = (section: string) => only === undefined || only === section;
  console.log(`Serverless Ward benchmark: Node ${process.version}, ${cpus().length} CPU(s) (${cpus()[0]?.model ?? 'unknown'}), ${allRules.length} rules`);
  const rows: Row[] = [];
  const documents = [
    { name: 'SAM', lines: 300, text: generateTemplate(300), analyseIterations: 400, serverIterations: 200, p95Target: 10 },
    { name: 'SAM', lines: 5000, text: generateTemplate(5000), analyseIterations: 40, serverIterations: 60, p95Target: 50 },
    { name: 'many findings', lines: 5000, text: generateManyFindingsTemplate(5000), analyseIterations: 40, serverIterations: 60, p95Target: 50 },
  ];

  for (const document of runs('analyze') ? documents : []) {
    const lines = lineCount(document.text);
    const findings = analyze({ path: 'bench.yaml', text: document.text, rules: allRules }).findings.length;
    const { median, p95 } = summarise(timeAnalyse('bench.yaml', document.text, document.analyseIterations, Math.max(5, document.analyseIterations / 10)));
    rows.push({ measure: `analyze (full, from text): ${document.name} ${lines} lines, ${findings} findings (n=${document.analyseIterations})`, median: ms(median), p95: ms(p95), target: '-' });
  }

  // Cost must grow linearly: four times the lines may cost at most five times the time.
  for (const [name, generate] of runs('scaling') ? ([['SAM', generateTemplate], ['many findings', generateManyFindingsTemplate]] as const) : []) {
    const small = generate(5000);
    const large = generate(20000);
    const smallMedian = summarise(timeAnalyse('bench.yaml', small, 15, 3)).median;
    const largeMedian = summarise(timeAnalyse('bench.yaml', large, 7, 2)).median;
    const ratio = largeMedian / smallMedian;
    rows.push({ measure: `scaling: ${name}, analyze at ${lineCount(large)} lines / at ${lineCount(small)} lines`, figure: `${ratio.toFixed(2)} (${ms(largeMedian)} / ${ms(smallMedian)})`, target: '<= 5', isMet: ratio <= 5 });
  }

  if (!runs('server')) {
    // not asked for
  } else if (existsSync(SERVER_PATH)) {
    try {
      const server = await benchServer(documents.map((document, index) => ({ key: index, lines: document.lines, text: document.text, iterations: document.serverIterations })));
      documents.forEach((document, index) => {
        const { median, p95 } = summarise(server.samples.get(index) ?? []);
        rows.push({ measure: `server didChange -> diagnostic: ${document.name} ${lineCount(document.text)} lines (n=${document.serverIterations})`, median: ms(median), p95: ms(p95), target: `p95 <= ${document.p95Target} ms`, isMet: p95 <= document.p95Target });
      });
      if (server.peakRssMb !== undefined) rows.push({ measure: 'server peak RSS (VmHWM) after all documents', figure: `${server.peakRssMb.toFixed(0)} MB`, target: '-' });
    } catch (error) {
      rows.push({ measure: 'server didChange -> diagnostic', figure: `failed: ${(error as Error).message.split('\n')[0]}`, target: '-', isMet: false });
    }
  } else {
    rows.push({ measure: 'server didChange -> diagnostic', figure: `skipped: ${SERVER_PATH} missing (npm run build)`, target: '-' });
  }

  if (!runs('corpus')) {
    // not asked for
  } else if (existsSync(CORPUS_TEMPLATES)) {
    const times = await corpusAnalyseTimes(CORPUS_TEMPLATES);
    const { median, p95 } = summarise(times.samples);
    const slowest = Math.max(...times.samples);
    rows.push({ measure: `analyze: corpus templates, per file (${times.files} files x 3)`, median: ms(median), p95: ms(p95), figure: `max ${ms(slowest)}`, target: '-' });
    const audit = await runCorpusAudit(CORPUS_TEMPLATES);
    rows.push({
      measure: `auditFiles: corpus (${audit.files} files, ${audit.ours} ours, ${audit.megabytes.toFixed(1)} MB, ${audit.findings} findings)`,
      figure: `${audit.seconds.toFixed(2)} s, ${(audit.files / audit.seconds).toFixed(0)} files/s, ${(audit.megabytes / audit.seconds).toFixed(2)} MB/s`,
      target: '< 10 s',
      isMet: audit.seconds < 10,
    });
    rows.push({
      measure: 'auditFiles: corpus, peak RSS of the auditing process',
      figure: `${audit.peakRssMb.toFixed(0)} MB (sampled ${audit.sampledPeakRssMb.toFixed(0)} MB)`,
      target: '< 300 MB',
      isMet: audit.peakRssMb < 300,
    });
    for (const jobs of [1, cpus().length]) {
      const figures = await timeCliAudit(CORPUS_TEMPLATES, jobs);
      rows.push({
        measure: `CLI audit: corpus, --jobs ${jobs} (fresh process, JSON to /dev/null)`,
        figure: figures.error ?? `${figures.seconds.toFixed(2)} s, ${(audit.files / figures.seconds).toFixed(0)} files/s`,
        target: jobs === 1 ? "-" : `<= ${(CHECKOV_CORPUS_SECONDS / 10).toFixed(2)} s (a tenth of Checkov)`,
        isMet: jobs === 1 || figures.error ? undefined : figures.seconds <= CHECKOV_CORPUS_SECONDS / 10,
      });
    }
    if (audit.internalErrors > 0) rows.push({ measure: 'auditFiles: internal errors', figure: String(audit.internalErrors), target: '0', isMet: false });
  } else {
    rows.push({ measure: 'corpus', figure: `skipped: ${CORPUS_TEMPLATES} not found`, target: '-' });
  }

  rows.push({ measure: 'this benchmark process, peak RSS', figure: `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`, target: '-' });
  console.log('');
  printTable(rows);
}

main().catch((error: unknown) => {
  console.error(`bench: ${(error as Error)?.stack ?? error}`);
  process.exitCode = 1;
});

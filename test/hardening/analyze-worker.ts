/**
 * Runs one hostile file through the shell's pipeline (decode the bytes as the
 * reader does, then the engine's `analyze` with every rule) inside a worker
 * thread, so that the test can stop a case that hangs or runs out of memory
 * without hanging or killing the test run. Messages in: `{ id, name }` or
 * `{ id, path, text, withText }`; out: `{ id, result }`.
 */
import { parentPort } from 'node:worker_threads';
import { allRules } from '../../rules';
import { formatText } from '../../server/src/workspace/reporters/text';
import { analyze, parseDocument } from '../../server/src/engine';
import { auditText, decodeText, emptyReport } from '../../server/src/workspace';
import { HOSTILE_FILES } from './hostile-files';

export interface WorkerResult {
  /** The reader's refusal, when the bytes never reached the engine. */
  readError?: string;
  kind?: string | null;
  milliseconds: number;
  findings: Array<{ ruleId: string; resource: string | null; message: string }>;
  issueCount: number;
  issues: string[];
  internalErrors: string[];
  /** The text report of the same file, when the analysis finished within a few seconds. */
  textReport?: string;
  /** What the audit says it skipped (a document the parser refused as a whole). */
  skipped?: string[];
}

function run(path: string, text: string, withText = true): WorkerResult {
  const started = performance.now();
  const parsed = parseDocument(path, text);
  const result = analyze({ path, text, parsed, rules: allRules });
  const milliseconds = performance.now() - started;
  let textReport: string | undefined;
  let skipped: string[] | undefined;
  if (withText && milliseconds < 5_000) {
    const report = emptyReport();
    auditText(path, text, { rules: allRules }, report);
    textReport = formatText(report);
    skipped = report.skipped.map((entry) => entry.reason);
  }
  return {
    kind: result.kind,
    milliseconds,
    findings: result.findings.map((finding) => ({ ruleId: finding.ruleId, resource: finding.resource ?? null, message: finding.message })),
    issueCount: result.issues.length,
    issues: [...new Set(result.issues.map((issue) => issue.message))].slice(0, 10),
    internalErrors: result.internalErrors,
    textReport,
    skipped,
  };
}

parentPort!.on('message', (message: { id: number; name?: string; path?: string; text?: string; withText?: boolean }) => {
  let result: WorkerResult | { exception: string };
  try {
    if (message.name !== undefined) {
      const file = HOSTILE_FILES[message.name]();
      if (file.bytes !== undefined) {
        // Bytes reach the engine only through the reader, as in the CLI and the workspace audit.
        const decoded = decodeText(file.bytes);
        result = 'error' in decoded ? { readError: decoded.error, milliseconds: 0, findings: [], issueCount: 0, issues: [], internalErrors: [] } : run(file.path, decoded.text);
      } else {
        // A text goes to the engine even when the reader would refuse its file: the editor passes open documents' text directly.
        const decoded = decodeText(Buffer.from(file.text!, 'utf8'));
        result = { ...run(file.path, file.text!), ...('error' in decoded ? { readError: decoded.error } : {}) };
      }
    } else {
      result = run(message.path!, message.text!, message.withText ?? true);
    }
  } catch (error) {
    result = { exception: String((error as Error)?.stack ?? error) };
  }
  parentPort!.postMessage({ id: message.id, result });
});

// The first analysis loads tables and compiles the hot paths; done before `ready`, so that no case's time includes it.
const warmUpStarted = performance.now();
run('template.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.b\n      Runtime: nodejs20.x\n      Policies: [{ Statement: [{ Effect: Allow, Action: '*', Resource: '*' }] }]\n      Events: { Api: { Type: Api, Properties: { Path: /x, Method: get } } }\n");
run('serverless.yml', 'service: s\nprovider:\n  name: aws\n  environment: { A: ${self:custom.a} }\ncustom:\n  a: b\nfunctions:\n  f:\n    handler: h.f\n    events: [{ http: { path: x, method: get } }]\n');
run('template.json', '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"T": {"Type": "AWS::SNS::Topic"}}}');
parentPort!.postMessage({ ready: true, warmUpMilliseconds: performance.now() - warmUpStarted });

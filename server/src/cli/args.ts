/**
 * Command-line argument parsing for `slsward`. It only turns argv into a
 * validated options object; a mistake becomes a `UsageError` with a one-line
 * message, never a stack trace.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import type { RuleSetting, Severity } from '../engine';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'html';

export interface AuditCommand {
  command: 'audit';
  paths: string[];
  format: OutputFormat;
  output?: string;
  failOn: Severity;
  exclude: string[];
  honourInlineIgnores: boolean;
  /** False with `--no-other-tool-ignores`: Checkov, cfn_nag, cfn-lint and Semgrep suppressions are not honoured. */
  honourOtherToolSuppressions: boolean;
  ruleSettings: Record<string, RuleSetting>;
  /** A JSON file of parameter values (`--parameters`). */
  parametersFile?: string;
  /** False with `--no-samconfig`: the samconfig.toml beside a template is not read. */
  readSamConfig: boolean;
  /** Worker threads that analyse files (`--jobs`); one fewer than the cores by default (`defaultJobs`). */
  jobs: number;
  /** `--fail-on-skipped`: a template-like file that was not analysed fails the run (exit 3). */
  failOnSkipped: boolean;
  /** False with `--no-code`: handler source files are not read. */
  includeCode: boolean;
}

/** `slsward policy`: the least-privilege statements each function's code needs. */
export interface PolicyCommand {
  command: 'policy';
  paths: string[];
  format: 'json' | 'yaml' | 'text';
  /** `--function NAME`: only that function. */
  functionName?: string;
  exclude: string[];
}

export type Command = AuditCommand | PolicyCommand | { command: 'rules'; format: 'text' | 'json' } | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: slsward <command> [options]

Commands:
  audit [paths...]     Audit serverless.yml, SAM and CloudFormation files and the handler
                       code they name (default path: .)
  policy [paths...]    Print the least-privilege IAM statements each function's handler code
                       needs, scoped to the resources its template names; for a source file,
                       the statements its own AWS calls need (default path: .)
  rules                List the rules

Options for policy:
  --format json|yaml|text    Output format (default: text); yaml is in the templates' syntax
  --function NAME            Only this function
  --exclude GLOB             Skip files matching GLOB (repeatable)

Options for audit:
  --format text|json|sarif|html
                             Output format (default: text); html is one self-contained file
                             (summary, sortable and filterable findings, endpoint and function
                             inventories), the same report as the editor's audit panel
  --output FILE              Write the report to FILE instead of standard output
  --fail-on error|warning|info
                             Exit with 1 when a finding is at or above this severity (default: error)
  --exclude GLOB             Skip files matching GLOB, relative to each path (repeatable)
  --no-inline-ignore         Do not honour any inline suppression ('# slsward-ignore', Metadata
                             ignores, and other tools' suppressions)
  --no-other-tool-ignores    Do not honour other tools' suppressions (checkov:skip, cfn_nag
                             rules_to_suppress, cfn-lint ignore_checks, nosemgrep)
  --parameters FILE          Parameter values (JSON: [{ParameterKey, ParameterValue}],
                             {"Parameters": {...}} or {"Key": "value"}); they win over defaults
                             and decide Conditions
  --no-samconfig             Do not read parameter_overrides from the samconfig.toml beside a template
  --no-code                  Do not analyse handler code (the JavaScript and TypeScript files the
                             templates name, and other files that export a Lambda handler)
  --rule ID=SEVERITY         Set a rule's severity: error, warning, info or off (repeatable)
  --jobs N                   Analyse N files at a time, each in its own worker thread
                             (default: one fewer than the number of cores, at least 1)
  --fail-on-skipped          Exit with 3 when a file that looks like a template was skipped: it
                             could not be read, could not be parsed enough to know its kind, or
                             its analysis was stopped (time budget, memory). Without this flag,
                             skipped files are listed on stderr and do not change the exit code.

Environment:
  SLSWARD_ANALYSIS_BUDGET_MS Time budget per file in milliseconds (default: 2000); a file over
                             it is skipped with the reason. Each analysis may use 512 MB.

Other options:
  -h, --help                 Show this help
  -v, --version              Show the version

Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 usage or internal error;
3 a template-like file was skipped and --fail-on-skipped was given (3 wins over 1).
`;

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'html'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const RULE_SETTINGS: readonly RuleSetting[] = ['error', 'warning', 'info', 'off'];

/** More threads than this only costs memory (each worker loads the rules and may use 512 MB). */
const MAX_JOBS = 64;

/**
 * One worker fewer than the cores, and at least one. A worker keeps more than one core busy: V8 compiles its
 * hot code and collects its garbage on background threads, and the main thread merges the reports. On this
 * 2-core machine one worker audited the 771 corpus templates in 3.08 to 3.28 s and two in 3.40 to 3.95 s
 * (alternated runs, 2026-12-05), with 4.0 against 5.4 s of CPU; with handler code the two were even.
 */
export function defaultJobs(cores = availableParallelism()): number {
  return Math.max(1, Math.min(MAX_JOBS, cores - 1));
}

export function parseCommandLine(argv: string[], jobsByDefault = defaultJobs()): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        exclude: { type: 'string', multiple: true },
        'no-inline-ignore': { type: 'boolean' },
        'no-other-tool-ignores': { type: 'boolean' },
        parameters: { type: 'string' },
        'no-samconfig': { type: 'boolean' },
        'no-code': { type: 'boolean' },
        jobs: { type: 'string', short: 'j' },
        'fail-on-skipped': { type: 'boolean' },
        rule: { type: 'string', multiple: true },
        function: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    // parseArgs messages are one line and name the option ("Unknown option '--x'").
    throw new UsageError(String((error as Error).message).split('\n')[0].replace(/\. To specify a positional argument.*$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('missing command (try: slsward audit .)');

  const format = values.format ?? 'text';
  if (command === 'policy') {
    const policyFormats = ['json', 'yaml', 'text'];
    if (!policyFormats.includes(format)) throw new UsageError(`--format must be one of ${policyFormats.join(', ')} for policy, not '${format}'`);
    if (values.function !== undefined && values.function.trim() === '') throw new UsageError('--function needs a function name');
    return { command: 'policy', paths: rest.length > 0 ? rest : ['.'], format: format as PolicyCommand['format'], functionName: values.function, exclude: values.exclude ?? [] };
  }
  if (values.function !== undefined) throw new UsageError(`--function is an option of 'policy'`);
  if (!FORMATS.includes(format as OutputFormat)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${format}'`);

  if (command === 'rules') {
    if (rest.length > 0) throw new UsageError(`'rules' takes no arguments, got '${rest[0]}'`);
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json for rules, not '${format}'`);
    return { command: 'rules', format };
  }
  if (command !== 'audit') throw new UsageError(`unknown command '${command}' (commands: audit, policy, rules)`);

  const failOn = values['fail-on'] ?? 'error';
  if (!SEVERITIES.includes(failOn as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not '${failOn}'`);
  if (values.output !== undefined && values.output.trim() === '') throw new UsageError('--output needs a file name');
  if (values.parameters !== undefined && values.parameters.trim() === '') throw new UsageError('--parameters needs a file name');

  let jobs = jobsByDefault;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!/^\s*\d+\s*$/.test(values.jobs) || !Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) throw new UsageError(`--jobs must be a whole number from 1 to ${MAX_JOBS}, not '${values.jobs}'`);
  }

  const ruleSettings: Record<string, RuleSetting> = {};
  for (const assignment of values.rule ?? []) {
    const match = /^([^=\s]+)=([^=\s]+)$/.exec(assignment.trim());
    if (!match) throw new UsageError(`--rule expects ID=SEVERITY (for example iam-wildcard-action=warning), not '${assignment}'`);
    const [, id, setting] = match;
    if (!RULE_SETTINGS.includes(setting as RuleSetting)) throw new UsageError(`--rule ${id}: severity must be one of ${RULE_SETTINGS.join(', ')}, not '${setting}'`);
    ruleSettings[id] = setting as RuleSetting;
  }

  return {
    command: 'audit',
    paths: rest.length > 0 ? rest : ['.'],
    format: format as OutputFormat,
    output: values.output,
    failOn: failOn as Severity,
    exclude: values.exclude ?? [],
    honourInlineIgnores: !values['no-inline-ignore'],
    honourOtherToolSuppressions: !values['no-other-tool-ignores'],
    ruleSettings,
    parametersFile: values.parameters,
    readSamConfig: !values['no-samconfig'],
    jobs,
    failOnSkipped: values['fail-on-skipped'] === true,
    includeCode: !values['no-code'],
  };
}

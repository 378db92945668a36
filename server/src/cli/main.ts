/**
 * Entry point of the `slsward` binary (dist/cli.js): wires the rule registry
 * and the process streams to `runCli`, and sets the exit code without cutting
 * off output that is still being written.
 */
import { allRules, codeRules } from '../../../rules';
import { version } from '../../../package.json';
import { runCli } from './run';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `slsward audit | head` closes the pipe early; that is not an error of ours.
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(
  process.argv.slice(2),
  { stdout: (text) => void process.stdout.write(text), stderr: (text) => void process.stderr.write(text), cwd: process.cwd() },
  { rules: allRules, codeRules, version },
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`slsward: internal error: ${String((error as Error)?.message ?? error)}\n`);
    process.exitCode = 2;
  },
);

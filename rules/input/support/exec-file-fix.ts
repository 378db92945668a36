/**
 * The `execFile` quick fix for a shell command built from a template string or a concatenation:
 * `exec(`convert ${input} out.png`, cb)` becomes `execFile('convert', [input, 'out.png'], cb)`, so no
 * shell reads the input. Built from the sink's `shellCommand` facts; offered only when the constant
 * parts hold plain words (no pipes, redirections, substitutions, globs or escapes), else not at all.
 */
import type { Fix, ShellCommandFacts, TaintSink, TextEdit } from '../../../server/src/engine';

type Segment = { text: string } | { expression: string };

/** Characters whose meaning in `/bin/sh` a list of arguments cannot keep: their presence means no fix. */
const SHELL_SPECIAL = new Set([...'|&;<>()$`\\*?[]{}~#!\n\r']);

/** Splits the command into words as the shell would, or undefined when it uses any shell syntax. */
export function shellWords(facts: ShellCommandFacts, text: string): Segment[][] | undefined {
  const words: Segment[][] = [];
  let word: Segment[] | undefined;
  let quote: "'" | '"' | undefined;
  const append = (segment: Segment) => {
    word ??= [];
    const last = word[word.length - 1];
    if ('text' in segment && last && 'text' in last) last.text += segment.text;
    else word.push(segment);
  };
  for (const part of facts.parts) {
    if ('expression' in part) {
      append({ expression: text.slice(part.expression.start, part.expression.end) });
      continue;
    }
    for (const character of part.text) {
      if (quote === "'") {
        if (character === "'") quote = undefined;
        else append({ text: character });
      } else if (quote === '"') {
        if (character === '"') quote = undefined;
        else if ('$`\\\n'.includes(character)) return undefined;
        else append({ text: character });
      } else if (character === ' ' || character === '\t') {
        if (word) words.push(word);
        word = undefined;
      } else if (character === "'" || character === '"') {
        quote = character;
        word ??= [];
      } else if (SHELL_SPECIAL.has(character)) return undefined;
      else append({ text: character });
    }
  }
  if (quote) return undefined;
  if (word) words.push(word);
  return words;
}

function stringLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function renderWord(word: Segment[]): string {
  if (word.length === 0) return "''";
  if (word.length === 1) {
    const only = word[0];
    return 'text' in only ? stringLiteral(only.text) : only.expression;
  }
  return `\`${word.map((segment) => ('text' in segment ? segment.text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') : `\${${segment.expression}}`)).join('')}\``;
}

export function execFileFix(sink: TaintSink, text: string): Fix[] {
  const facts = sink.shellCommand;
  if (!facts || facts.unsafe) return [];
  const words = shellWords(facts, text);
  if (!words || words.length === 0) return [];
  const [program, ...args] = words;
  // The program must be a constant, and not an environment assignment (`LANG=C sort ...`).
  if (program.length !== 1 || !('text' in program[0]) || program[0].text === '' || program[0].text.includes('=')) return [];
  const method = facts.method === 'exec' ? 'execFile' : 'execFileSync';
  const edits: TextEdit[] = [
    { range: facts.calleeName, newText: method },
    { range: sink.argumentLocation.range, newText: `${renderWord(program)}, [${args.map(renderWord).join(', ')}]` },
  ];
  const alreadyBound = facts.method === 'exec' ? facts.binding?.hasExecFile : facts.binding?.hasExecFileSync;
  if (facts.binding && !alreadyBound) edits.push({ range: { start: facts.binding.insertAt, end: facts.binding.insertAt }, newText: `, ${method}` });
  return [{ title: `Run \`${program[0].text}\` with ${method} and an argument list (no shell)`, edits }];
}

/**
 * Deploy-time parameter values for the shells: a `--parameters` JSON file and
 * the `samconfig.toml` beside a template. It only reads and parses; the engine
 * receives a plain `ParameterValues` map and never touches these files. A bad
 * file is a one-line error message, never a stack trace.
 */
import { dirname, join } from 'node:path';
import type { parse as ParseToml } from 'smol-toml' with { 'resolution-mode': 'import' };
import type { ParameterValues } from '../engine';
import { readTextFileSafelySync } from './read-file';

export const SAMCONFIG_FILE = 'samconfig.toml';

// smol-toml ships an ES module for its types and a CommonJS build for `require`, which the bundle uses.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parseToml: typeof ParseToml = require('smol-toml').parse;

export class ParameterFileError extends Error {}

/**
 * A parameters file in any of the usual shapes: CloudFormation's
 * `[{ "ParameterKey": "K", "ParameterValue": "V" }]`, a template configuration
 * `{ "Parameters": { "K": "V" } }`, or a plain `{ "K": "V" }`. JSON only.
 */
export function parseParametersFile(text: string, source: string): ParameterValues {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ParameterFileError(`${source}: not valid JSON (${(error as Error).message.split('\n')[0]})`);
  }
  const out: ParameterValues = {};
  const add = (key: unknown, raw: unknown) => {
    if (typeof key !== 'string' || key === '') throw new ParameterFileError(`${source}: every parameter needs a name`);
    out[key] = { value: scalarOf(raw, key, source), source };
  };
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!item || typeof item !== 'object' || Array.isArray(item)) throw new ParameterFileError(`${source}: expected { "ParameterKey": ..., "ParameterValue": ... } items`);
      const entry = item as Record<string, unknown>;
      // `UsePreviousValue` keeps whatever the stack has: unknown here, so not given.
      if (entry.UsePreviousValue === true && entry.ParameterValue === undefined) continue;
      add(entry.ParameterKey, entry.ParameterValue);
    }
    return out;
  }
  if (!value || typeof value !== 'object') throw new ParameterFileError(`${source}: expected an object or a list of parameters`);
  const record = value as Record<string, unknown>;
  const parameters = record.Parameters && typeof record.Parameters === 'object' && !Array.isArray(record.Parameters) ? (record.Parameters as Record<string, unknown>) : record;
  for (const [key, raw] of Object.entries(parameters)) add(key, raw);
  return out;
}

function scalarOf(raw: unknown, key: string, source: string): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  // A CommaDelimitedList may be given as a list.
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string' || typeof item === 'number')) return raw.join(',');
  throw new ParameterFileError(`${source}: parameter ${key} must be a string, a number, a boolean or a list`);
}

/**
 * The `parameter_overrides` of a samconfig.toml, for the `default` environment:
 * `[default.deploy.parameters]`, else `[default.global.parameters]`. The value
 * is a string (`"Key=Value Key2='a b'"`, or the older
 * `"ParameterKey=K,ParameterValue=V ..."`) or a list of `Key=Value` strings (one each).
 */
export function parseSamConfig(text: string, source: string = SAMCONFIG_FILE): ParameterValues {
  let config: Record<string, unknown>;
  try {
    config = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    throw new ParameterFileError(`${source}: ${describeTomlError(error)}`);
  }
  const environment = config.default as Record<string, Record<string, Record<string, unknown>>> | undefined;
  const overrides = environment?.deploy?.parameters?.parameter_overrides ?? environment?.global?.parameters?.parameter_overrides;
  const out: ParameterValues = {};
  const tokens = typeof overrides === 'string' ? splitOverrides(overrides) : Array.isArray(overrides) ? overrides.filter((item): item is string => typeof item === 'string') : [];
  for (const token of tokens) {
    const legacy = /^ParameterKey=([^,]+),ParameterValue=(.*)$/s.exec(token);
    const pair = legacy ? [legacy[1], legacy[2]] : splitAtEquals(token);
    if (!pair) continue;
    const [key, value] = pair;
    if (/^[A-Za-z0-9]+$/.test(key)) out[key] = { value: unquote(value), source };
  }
  return out;
}

/** Whitespace-separated `Key=Value` tokens; quotes keep spaces inside one value. */
function splitOverrides(text: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      current += ch;
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      current += ch;
      quote = ch;
    } else if (/\s/.test(ch)) {
      if (current) tokens.push(current);
      current = '';
    } else current += ch;
  }
  if (current) tokens.push(current);
  return tokens;
}

function splitAtEquals(token: string): [string, string] | undefined {
  const clean = unquote(token);
  const index = clean.indexOf('=');
  return index > 0 ? [clean.slice(0, index), clean.slice(index + 1)] : undefined;
}

function unquote(text: string): string {
  const match = /^(['"])(.*)\1$/s.exec(text);
  return match ? match[2] : text;
}

/**
 * The parser's own words and where it stopped: smol-toml puts a code excerpt
 * after its first line and the position in `line` and `column`.
 */
function describeTomlError(error: unknown): string {
  const { message, line, column } = error as { message?: string; line?: number; column?: number };
  const first = String(message ?? error).split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
  const where = typeof line === 'number' && typeof column === 'number' ? ` at line ${line}, column ${column}` : '';
  return `not valid TOML${where}: ${first}`;
}

/** Where `sam deploy` looks for the configuration of a template: beside it. */
export function samConfigPathBeside(templatePath: string): string {
  return join(dirname(templatePath), SAMCONFIG_FILE);
}

export interface SamConfigResult {
  /** The samconfig's path, so that callers can watch it. */
  path: string;
  parameters: ParameterValues;
  /** `<path>: <reason>`, for logs; set with `reason` when the file exists but gives no values. */
  error?: string;
  /** Why the file gives no values, in full and without the path (a report names the path itself). */
  reason?: string;
}

/**
 * The parameter values of the `samconfig.toml` beside a template, if there is
 * one. A missing file is no values and no error; an unreadable or invalid one
 * gives `reason` (and `error`) and no values.
 */
export function samConfigBeside(templatePath: string): SamConfigResult {
  const path = samConfigPathBeside(templatePath);
  const read = readTextFileSafelySync(path);
  if ('error' in read) return read.error === 'no such file or directory' ? { path, parameters: {} } : failed(path, read.error);
  try {
    // Values name `samconfig.toml` as their source, as the assumptions in hovers and reports show it.
    return { path, parameters: parseSamConfig(read.text) };
  } catch (error) {
    const message = (error as Error).message;
    return failed(path, message.startsWith(`${SAMCONFIG_FILE}: `) ? message.slice(SAMCONFIG_FILE.length + 2) : message);
  }
}

function failed(path: string, reason: string): SamConfigResult {
  return { path, parameters: {}, error: `${path}: ${reason}`, reason };
}

/** Given values in order of precedence, the last winning: samconfig.toml, then a `--parameters` file. */
export function mergeParameters(...sources: Array<ParameterValues | undefined>): ParameterValues {
  return Object.assign({}, ...sources.filter(Boolean));
}

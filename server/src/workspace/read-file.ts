/**
 * Reads a file as text for analysis, refusing what the engine should never
 * see: very large files, binary files and text that is not UTF-8. Never
 * throws; every refusal is a one-line reason for the user.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { describeFsError } from './discover';

/** Real templates stay far below this (CloudFormation itself caps a template at 1 MB). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type TextFileResult = { text: string } | { error: string };

export async function readTextFileSafely(path: string): Promise<TextFileResult> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return { error: 'not a regular file' };
    if (info.size > MAX_FILE_BYTES) return { error: tooLargeMessage() };
    return decodeText(await readFile(path));
  } catch (error) {
    return { error: describeFsError(error) };
  }
}

/** The synchronous twin, for `${file(...)}`, which the engine resolves synchronously. */
export function readTextFileSafelySync(path: string): TextFileResult {
  try {
    const info = statSync(path);
    if (!info.isFile()) return { error: 'not a regular file' };
    if (info.size > MAX_FILE_BYTES) return { error: tooLargeMessage() };
    return decodeText(readFileSync(path));
  } catch (error) {
    return { error: describeFsError(error) };
  }
}

function tooLargeMessage(): string {
  return `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, not analysed`;
}

export function decodeText(bytes: Uint8Array): TextFileResult {
  // The file may have grown between stat and read.
  if (bytes.length > MAX_FILE_BYTES) return { error: tooLargeMessage() };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { error: 'UTF-16 encoded, not analysed (save it as UTF-8)' };
  }
  if (bytes.indexOf(0) !== -1) return { error: 'binary file (contains NUL bytes), not analysed' };
  try {
    // The decoder drops a leading byte order mark by default.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: 'not UTF-8, not analysed' };
  }
}

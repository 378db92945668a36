/**
 * Reads a file as text for analysis, refusing what the engine should never
 * see: very large files, binary files and text that is not UTF-8. Never
 * throws; every refusal is a one-line reason for the user. The file is opened
 * once and checked through its handle, so a file replaced between the check
 * and the read (by a directory, a FIFO or a larger file) cannot slip through.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { describeFsError } from './discover';

/** Why a file that is not a regular file is not read: a FIFO would block a read, a device never ends. */
function describeNonRegularFile(info: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (info.isFIFO()) return 'not a regular file (a named pipe), not read';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'not a regular file (a device), not read';
  if (info.isSocket()) return 'not a regular file (a socket), not read';
  return 'not a regular file';
}

/** Real templates stay far below this (CloudFormation itself caps a template at 1 MB). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type TextFileResult = { text: string } | { error: string };

// Non-blocking, so that opening a FIFO put in a file's place returns at once instead of waiting for a writer.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

export async function readTextFileSafely(path: string): Promise<TextFileResult> {
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
    const info = await handle.stat();
    if (!info.isFile()) return { error: describeNonRegularFile(info) };
    if (info.size > MAX_FILE_BYTES) return { error: tooLargeMessage() };
    // One byte more than the limit tells a file that grew since the stat.
    const buffer = Buffer.alloc(Math.min(info.size, MAX_FILE_BYTES) + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return decodeText(buffer.subarray(0, length));
  } catch (error) {
    return { error: describeFsError(error) };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The synchronous twin, for `${file(...)}`, which the engine resolves synchronously. */
export function readTextFileSafelySync(path: string): TextFileResult {
  let descriptor: number | undefined;
  try {
    descriptor = openSync(path, OPEN_FLAGS);
    const info = fstatSync(descriptor);
    if (!info.isFile()) return { error: describeNonRegularFile(info) };
    if (info.size > MAX_FILE_BYTES) return { error: tooLargeMessage() };
    const buffer = Buffer.alloc(Math.min(info.size, MAX_FILE_BYTES) + 1);
    let length = 0;
    while (length < buffer.length) {
      const bytesRead = readSync(descriptor, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return decodeText(buffer.subarray(0, length));
  } catch (error) {
    return { error: describeFsError(error) };
  } finally {
    if (descriptor !== undefined) {
      try {
        closeSync(descriptor);
      } catch {
        // Nothing to do: the text is read or the error is reported.
      }
    }
  }
}

function tooLargeMessage(): string {
  return `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, not analysed`;
}

/** Byte order marks of the encodings users save templates in by mistake; UTF-32 LE starts like UTF-16 LE, so it comes first. */
const BYTE_ORDER_MARKS: Array<{ bytes: number[]; name: string }> = [
  { bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32 LE' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32 BE' },
  { bytes: [0xff, 0xfe], name: 'UTF-16 LE' },
  { bytes: [0xfe, 0xff], name: 'UTF-16 BE' },
];

export function decodeText(bytes: Uint8Array): TextFileResult {
  // The file may have grown between stat and read.
  if (bytes.length > MAX_FILE_BYTES) return { error: tooLargeMessage() };
  for (const mark of BYTE_ORDER_MARKS) {
    if (bytes.length >= mark.bytes.length && mark.bytes.every((byte, index) => bytes[index] === byte)) {
      return { error: `${mark.name} encoded, not analysed (save it as UTF-8)` };
    }
  }
  const withoutMark = guessUnmarkedWideEncoding(bytes);
  if (withoutMark) return { error: `looks ${withoutMark} encoded without a byte order mark, not analysed (save it as UTF-8)` };
  if (bytes.indexOf(0) !== -1) return { error: 'binary file (contains NUL bytes), not analysed' };
  try {
    // The decoder drops a leading byte order mark by default.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { error: describeInvalidUtf8(bytes) };
  }
}

/**
 * Text of ASCII characters in UTF-16 or UTF-32 has a NUL beside every
 * character; a template saved that way without a BOM is told apart from a
 * binary file by that pattern in its first bytes.
 */
function guessUnmarkedWideEncoding(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, Math.min(bytes.length, 256) & ~3);
  if (sample.length < 8) return undefined;
  const isAsciiText = (byte: number) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f);
  const matches = (unit: number, textAt: number) => {
    for (let index = 0; index < sample.length; index += unit) {
      for (let offset = 0; offset < unit; offset++) {
        const byte = sample[index + offset];
        if (offset === textAt ? !isAsciiText(byte) : byte !== 0) return false;
      }
    }
    return true;
  };
  if (matches(4, 0)) return 'UTF-32 LE';
  if (matches(4, 3)) return 'UTF-32 BE';
  if (matches(2, 0)) return 'UTF-16 LE';
  if (matches(2, 1)) return 'UTF-16 BE';
  return undefined;
}

/** Names the first byte that is not UTF-8 and its line, so that the user can find it (often one Latin-1 character). */
function describeInvalidUtf8(bytes: Uint8Array): string {
  let line = 1;
  let index = 0;
  while (index < bytes.length) {
    const byte = bytes[index];
    if (byte === 0x0a) line++;
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    let isValid = length > 0 && index + length <= bytes.length;
    for (let offset = 1; isValid && offset < length; offset++) isValid = (bytes[index + offset] & 0xc0) === 0x80;
    if (isValid && length === 3) {
      const second = bytes[index + 1];
      // Overlong forms and UTF-16 surrogates are not UTF-8 either.
      isValid = !(byte === 0xe0 && second < 0xa0) && !(byte === 0xed && second > 0x9f);
    }
    if (isValid && length === 4) {
      const second = bytes[index + 1];
      isValid = !(byte === 0xf0 && second < 0x90) && !(byte === 0xf4 && second > 0x8f);
    }
    if (!isValid) {
      const hex = byte.toString(16).toUpperCase().padStart(2, '0');
      return `not UTF-8 (invalid byte 0x${hex} on line ${line}), not analysed (save it as UTF-8)`;
    }
    index += length;
  }
  return 'not UTF-8, not analysed (save it as UTF-8)';
}

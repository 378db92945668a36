/**
 * Hand-written CloudFormation often continues a multi-line flow collection or
 * quoted string at (or left of) the indentation of its key:
 *
 *     PolicyDocument: !Sub '{
 *       "Statement": [...]
 *     }'
 *     Resource: [
 *     !Sub "arn:...",
 *     ]
 *
 * YAML 1.2 requires such continuation lines to be indented more than the key,
 * so the `yaml` library rejects them; PyYAML, cfn-lint and CloudFormation
 * accept them, and the templates deploy. This module indents those lines just
 * enough for a strict parser, and maps offsets in the re-indented text back to
 * the original, so that every range still points into the user's file. The
 * value does not change: line breaks and the indentation of continuation lines
 * fold into one space inside flow scalars and collections.
 */

/** Spaces added before an offset of the original text. */
interface Insertion {
  at: number;
  count: number;
}

export interface Reindented {
  text: string;
  /** Maps an offset in `text` back to the original text. */
  toOriginal(offset: number): number;
}

/**
 * Returns the re-indented text, or undefined when no line needed it. Only
 * continuation lines of multi-line flow collections (`[`, `{`) and quoted
 * scalars that start after a block key are touched; comments and block
 * scalars (`|`, `>`) are left alone.
 */
export function reindentFlowContinuations(text: string): Reindented | undefined {
  const insertions: Insertion[] = [];
  const lines = text.split('\n');
  let offset = 0;
  // The construct that spans lines: its opening line's required indentation, and what closes it.
  let open: { required: number; quote?: "'" | '"'; depth: number } | undefined;
  let blockScalarIndent: number | undefined;
  for (const line of lines) {
    const lineStart = offset;
    offset += line.length + 1;
    const indent = /^ */.exec(line)![0].length;
    const isBlank = line.trim() === '';
    if (blockScalarIndent !== undefined) {
      if (isBlank || indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    if (open && !isBlank && indent < open.required) insertions.push({ at: lineStart, count: open.required - indent });
    const scan = scanLine(line, open);
    if (scan.blockScalarParent !== undefined) blockScalarIndent = scan.blockScalarParent;
    if (!open && scan.state) open = { ...scan.state, required: contentIndentOf(line) + 1 };
    else if (open && scan.state) open = { ...open, quote: scan.state.quote, depth: scan.state.depth };
    else open = undefined;
  }
  if (insertions.length === 0) return undefined;
  const parts: string[] = [];
  let cursor = 0;
  for (const insertion of insertions) {
    parts.push(text.slice(cursor, insertion.at), ' '.repeat(insertion.count));
    cursor = insertion.at;
  }
  parts.push(text.slice(cursor));
  const rebuilt = parts.join('');
  // Spaces added before each insertion, so that mapping an offset back is a binary search, not a walk.
  const cumulative: number[] = [];
  let added = 0;
  for (const insertion of insertions) {
    cumulative.push(added);
    added += insertion.count;
  }
  return { text: rebuilt, toOriginal: (position) => mapBack(insertions, cumulative, position) };
}

/** The column of the last `- ` entry marker before `contentStart`, or -1. */
function lastMarkerOf(line: string, contentStart: number): number {
  for (let column = contentStart - 1; column >= 0; column--) if (line[column] === '-') return column;
  return -1;
}

/** The column where a line's content starts, after its indentation and any `- ` sequence markers. */
function contentIndentOf(line: string): number {
  return /^[ ]*(?:-[ ]+)*/.exec(line)![0].length;
}

/**
 * Scans one line, continuing a construct left open by the previous lines.
 * Returns the construct still open at the end of the line, if any: an
 * unclosed quote, or flow brackets not yet balanced. One pass over the line:
 * what came before a character is tracked as it goes, never re-read.
 */
function scanLine(
  line: string,
  open: { quote?: "'" | '"'; depth: number } | undefined,
): { state?: { quote?: "'" | '"'; depth: number }; blockScalarParent?: number } {
  let quote = open?.quote;
  let depth = open?.depth ?? 0;
  let sawValueStart = open !== undefined;
  // The text before the current character, trimmed: its last character, how many
  // non-blank characters it has, and whether its last blank-separated token is a tag (`!Sub`).
  const before: Before = { lastChar: '', nonBlankCount: 0, isLastTokenTag: false, isAfterBlank: true };
  const track = trackChar;
  const blockScalarHeader = BLOCK_SCALAR_HEADER;
  // Where the line's value starts, after its indentation and `- ` entry markers, and the last marker's column.
  // A construct continued from the line before has no such start.
  const contentStart = open ? -1 : contentIndentOf(line);
  const lastMarker = open ? -1 : lastMarkerOf(line, contentStart);
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote === "'") {
      if (char === "'" && line[index + 1] === "'") {
        track(before, char);
        index++;
      } else if (char === "'") quote = undefined;
      track(before, line[index]);
      continue;
    }
    if (quote === '"') {
      if (char === '\\') {
        track(before, char);
        index++;
      } else if (char === '"') quote = undefined;
      if (index < line.length) track(before, line[index]);
      continue;
    }
    if (char === '#' && (index === 0 || /\s/.test(line[index - 1]))) break;
    // A quote or bracket opens a construct only where a value starts: after `key:`, `- `, `,`, `[`, `{`, or a tag
    // (`it's` inside a plain scalar is not a quote).
    const { lastChar } = before;
    const isValueStart = lastChar === '' || lastChar === ':' || lastChar === ',' || lastChar === '[' || lastChar === '{' || lastChar === '-' || before.isLastTokenTag;
    if ((char === "'" || char === '"') && (isValueStart || depth > 0)) {
      quote = char;
      sawValueStart = true;
    } else if ((char === '[' || char === '{') && (isValueStart || depth > 0)) {
      depth++;
      sawValueStart = true;
    } else if ((char === ']' || char === '}') && depth > 0) depth--;
    else if ((char === '|' || char === '>') && depth === 0 && !quote && (lastChar === ':' || index === contentStart)) {
      // A block scalar's lines are those indented past its owner: the key (`key: |`), or the `- ` entry (`- |`).
      blockScalarHeader.lastIndex = index;
      if (blockScalarHeader.test(line)) return { blockScalarParent: lastChar === ':' ? contentStart : index === contentStart && lastMarker >= 0 ? lastMarker : contentStart - 1 };
    }
    track(before, char);
  }
  if (!sawValueStart) return {};
  return quote !== undefined || depth > 0 ? { state: { quote, depth } } : {};
}

/** A block scalar's header from `|` or `>` to the end of the line; sticky, so it is tried at one offset only. */
const BLOCK_SCALAR_HEADER = /[|>][-+0-9]*\s*(?:#.*)?$/y;

interface Before {
  lastChar: string;
  nonBlankCount: number;
  isLastTokenTag: boolean;
  isAfterBlank: boolean;
}

/** Adds one character to what `scanLine` knows of the text before its position. */
function trackChar(before: Before, char: string): void {
  if (char === ' ' || char === '\t' || char === '\r' || char === '\n' || char === '\f' || char === '\v') {
    before.isAfterBlank = true;
    return;
  }
  if (before.isAfterBlank) before.isLastTokenTag = char === '!';
  before.isAfterBlank = false;
  before.lastChar = char;
  before.nonBlankCount++;
}

/** Offset in the re-indented text -> offset in the original, by binary search over the insertions. */
function mapBack(insertions: Insertion[], cumulative: number[], position: number): number {
  // The last insertion that starts at or before `position` in the re-indented text.
  let low = 0;
  let high = insertions.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (insertions[mid].at + cumulative[mid] <= position) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  if (found < 0) return position;
  const insertedAt = insertions[found].at + cumulative[found];
  // Inside the added spaces: the start of that line in the original.
  if (position < insertedAt + insertions[found].count) return insertions[found].at;
  return position - cumulative[found] - insertions[found].count;
}

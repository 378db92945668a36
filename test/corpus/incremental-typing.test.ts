/**
 * Recorded typing sessions over real templates: at every keystroke, the
 * incremental parse (reusing the previous version's segments) must equal a full
 * parse, and so must the findings. Needs ../shared/corpus (skipped when absent).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { analyze, parseDocument, type ParsedDocument } from '../../server/src/engine';
import { lastIncrementalStats, parseDocumentReusing } from '../../server/src/engine/parse/incremental';
import { CORPUS_ROOT, corpusMissingReason, table } from './corpus-helpers';

const TEMPLATES = resolve(CORPUS_ROOT, 'templates');
const missing = corpusMissingReason('templates');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/i.test(name)) out.push(path);
  }
  return out;
}

/**
 * The session: for a few lines spread over the file, delete the line, then type it
 * back one character at a time. Every intermediate text is a step.
 */
function* session(text: string, linesToRetype: number): Generator<string> {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const count = lineStarts.length - 1;
  for (let k = 1; k <= linesToRetype; k++) {
    const line = Math.floor((count * k) / (linesToRetype + 1));
    const start = lineStarts[line];
    const end = lineStarts[line + 1] - 1;
    const content = text.slice(start, end);
    for (let typed = 0; typed <= content.length; typed++) yield text.slice(0, start) + content.slice(0, typed) + text.slice(end);
  }
}

const strip = (document: ParsedDocument) => ({ root: document.root, issues: document.issues });

describe('incremental parse on recorded typing sessions over the corpus', { skip: missing }, () => {
  it('equals the full parse and the full analysis at every keystroke', () => {
    const files = yamlFiles(TEMPLATES);
    // Every 20th template, so the run stays short and covers both sources and all three formats.
    const sample = files.filter((_, index) => index % 20 === 0);
    let steps = 0;
    let segmentSteps = 0;
    let reparsedSegments = 0;
    let analysedSteps = 0;
    for (const path of sample) {
      const original = readFileSync(path, 'utf8');
      let previous: ParsedDocument | undefined;
      let index = 0;
      for (const text of session(original, 3)) {
        const incremental = parseDocumentReusing(path, text, previous, { minLines: 0 });
        if (lastIncrementalStats.mode === 'segments') {
          segmentSteps++;
          reparsedSegments += lastIncrementalStats.segments - lastIncrementalStats.reused;
        }
        const reference = parseDocument(path, text);
        assert.deepEqual(strip(incremental), strip(reference), `${path}, step ${index}`);
        // Findings follow from the tree; compare them on a sample of steps, which is the expensive part.
        if (index % 15 === 0) {
          const fromIncremental = analyze({ path, text, parsed: incremental, rules: allRules });
          const fromFull = analyze({ path, text, rules: allRules });
          assert.deepEqual(fromIncremental.findings, fromFull.findings, `${path}, step ${index}: findings`);
          analysedSteps++;
        }
        previous = incremental;
        steps++;
        index++;
      }
    }
    console.log(
      table(
        ['templates', 'keystrokes', 'served by segments', 'segments parsed per segment step', 'analyses compared'],
        [[sample.length, steps, segmentSteps, segmentSteps ? (reparsedSegments / segmentSteps).toFixed(2) : '-', analysedSteps]],
      ),
    );
    assert.ok(segmentSteps > steps / 2, 'most keystrokes are served by segments');
  });
});

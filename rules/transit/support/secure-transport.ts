/**
 * Reads resource policies (S3 bucket, SNS topic, SQS queue) for the usual
 * HTTPS-only statement: a `Deny` with `Bool` (or `BoolIfExists`)
 * `aws:SecureTransport: false`. Also builds the edit that appends such a
 * statement to a policy's `Statement` list, in the list's own style.
 */
import { columnOf, endOfLine, indentUnitOf, jsonValue, type PlainValue } from '../../../server/src/engine/fix/edits';
import type { AppModel, CfnResource } from '../../../server/src/engine/model/types';
import type { ConditionAssumption } from '../../../server/src/engine/resolve/resolver';
import { intrinsicName, isMap, isSeq, mapEntries, oneOrMany, valueOf } from '../../../server/src/engine/parse/tree';
import type { ParsedDocument, SeqNode, SourceNode, TextEdit } from '../../../server/src/engine/types';
import { booleanOf, nodesAt, propertyEntry, textOf } from './values';

export type Verdict = { state: 'enforced' } | { state: 'unknown' } | { state: 'missing'; when: ConditionAssumption[] };

/**
 * Whether the policy at `PolicyDocument` denies requests without TLS on every
 * `Fn::If` branch. `missing` names the first branch where it does not;
 * `unknown` when the document or its statements cannot be read.
 */
export function secureTransportVerdict(model: AppModel, resource: CfnResource): Verdict {
  let sawUnknown = false;
  for (const document of nodesAt(model, resource.properties ?? null, ['PolicyDocument'])) {
    if (!isMap(document.node) || intrinsicName(document.node)) {
      sawUnknown = true;
      continue;
    }
    for (const list of model.resolver.branches(valueOf(document.node, 'Statement'), document.when)) {
      if (list.node && !isSeq(list.node) && intrinsicName(list.node)) {
        sawUnknown = true;
        continue;
      }
      // A statement can itself be an `Fn::If`: the deny then holds only on its branches.
      let isEnforced = false;
      let isUnknown = false;
      let missingWhen: ConditionAssumption[] | undefined;
      for (const item of oneOrMany(list.node)) {
        const results = model.resolver.branches(item, list.when).map((statement) => ({ result: deniesInsecureTransport(model, statement.node), when: statement.when }));
        if (results.every((entry) => entry.result === 'yes')) isEnforced = true;
        else if (results.some((entry) => entry.result === 'unknown')) isUnknown = true;
        else if (results.some((entry) => entry.result === 'yes')) missingWhen ??= results.find((entry) => entry.result === 'no')?.when;
      }
      if (isEnforced) continue;
      if (isUnknown) {
        sawUnknown = true;
        continue;
      }
      return { state: 'missing', when: missingWhen ?? list.when };
    }
  }
  return sawUnknown ? { state: 'unknown' } : { state: 'enforced' };
}

function deniesInsecureTransport(model: AppModel, statement: SourceNode | null | undefined): 'yes' | 'no' | 'unknown' {
  // A branch that is `AWS::NoValue` is no statement at all.
  if (statement === null) return 'no';
  if (!isMap(statement) || intrinsicName(statement)) return 'unknown';
  const effects = model.resolver.outcomes(valueOf(statement, 'Effect'));
  if (effects.some((outcome) => outcome.state !== 'known')) return 'unknown';
  if (!effects.every((outcome) => textOf(outcome)?.toLowerCase() === 'deny')) return 'no';
  const condition = valueOf(statement, 'Condition');
  if (condition && intrinsicName(condition)) return 'unknown';
  for (const operator of mapEntries(condition)) {
    if (!/^bool(ifexists)?$/i.test(String(operator.key.value))) continue;
    for (const key of mapEntries(operator.value)) {
      if (String(key.key.value).toLowerCase() !== 'aws:securetransport') continue;
      const values = oneOrMany(key.value).flatMap((value) => model.resolver.outcomes(value));
      if (values.some((outcome) => booleanOf(outcome) === false)) return 'yes';
      if (values.some((outcome) => outcome.state !== 'known')) return 'unknown';
    }
  }
  return 'no';
}

/** The `Statement` list of a plain `PolicyDocument`, when a statement can be appended to it. */
export function statementList(resource: CfnResource): SeqNode | undefined {
  const statements = propertyEntry(resource, ['PolicyDocument', 'Statement'])?.value;
  return isSeq(statements) && statements.items.length > 0 ? statements : undefined;
}

/** How the appended item reads in YAML: block lines relative to the item's column (given the indent unit), and a flow form. */
export interface YamlItemText {
  block: (unit: string) => string[];
  flow: string;
}

/** Appends an item (a map) to a non-empty list: block YAML, flow YAML or JSON. */
export function appendMapItem(document: ParsedDocument, list: SeqNode, item: Record<string, PlainValue>, yaml: YamlItemText): TextEdit {
  const text = document.text;
  const last = list.items[list.items.length - 1];
  const unit = indentUnitOf(text);
  if (document.format === 'json') {
    const lineStart = text.lastIndexOf('\n', last.range.start - 1) + 1;
    const isOwnLine = text.slice(lineStart, last.range.start).trim() === '';
    if (!isOwnLine) return { range: { start: last.range.end, end: last.range.end }, newText: `, ${JSON.stringify(item)}` };
    const indent = columnOf(text, last.range.start);
    return { range: { start: last.range.end, end: last.range.end }, newText: `,\n${' '.repeat(indent)}${jsonValue(item, indent, unit)}` };
  }
  if (list.isFlow) return { range: { start: last.range.end, end: last.range.end }, newText: `, ${yaml.flow}` };
  // Block list: the dash sits before the item on its first line.
  const dash = text.lastIndexOf('-', last.range.start);
  const dashColumn = columnOf(text, dash);
  const itemColumn = columnOf(text, last.range.start);
  const [first, ...rest] = yaml.block(' '.repeat(unit));
  const body = [`${' '.repeat(dashColumn)}-${' '.repeat(Math.max(1, itemColumn - dashColumn - 1))}${first}`, ...rest.map((line) => ' '.repeat(itemColumn) + line)].join('\n');
  const at = endOfLine(text, last.range.end);
  return { range: { start: at, end: at }, newText: `\n${body}` };
}

export const SECURE_TRANSPORT_CONDITION: PlainValue = { Bool: { 'aws:SecureTransport': 'false' } };

/**
 * The quick fix that replaces a SAM policy template (`DynamoDBCrudPolicy: { TableName: !Ref Orders }`)
 * with an inline policy document of the actions its functions use, when no narrower template of SAM's
 * list fits. The resources are SAM's own expansion of the template, with the parameter values copied
 * as the user wrote them, so the rewritten entry grants a subset of what the template granted, on the
 * same resources. SAM's `Policies` accepts a policy document (`Statement: [...]`) beside templates.
 * Undefined (no fix, silence) whenever the rewrite cannot be exact: a statement with a condition, a
 * parameter value written over several lines, a JSON value with comments, a template inside `Fn::If`.
 */
import { columnOf, indentUnitOf, jsonValue, lineIndentOf, type PlainValue } from '../fix/edits';
import type { IamStatement } from '../model/types';
import { isMap, isSeq, valueOf } from '../parse/tree';
import type { Fix, ParsedDocument, SourceNode } from '../types';
import type { PolicyTemplateUse } from './statement-use';

/** One statement to write: its actions, and its resources as YAML and as plain JSON values. */
interface InlineStatement {
  actions: string[];
  resources: Array<{ yaml: string; json: PlainValue }>;
}

export function inlineTemplateFix(document: ParsedDocument, statements: readonly IamStatement[], use: PolicyTemplateUse): Fix | undefined {
  if (statements.length === 0 || statements.length !== use.statementUses.length) return undefined;
  const inline: InlineStatement[] = [];
  for (let index = 0; index < statements.length; index++) {
    const kept = use.statementUses[index].kept;
    if (kept.length === 0) continue;
    const declaration = statements[index].declaration;
    if (valueOf(declaration, 'Condition')) return undefined;
    const resources = valueOf(declaration, 'Resource');
    if (!resources || !isSeq(resources)) return undefined;
    const rendered: InlineStatement['resources'] = [];
    for (const item of resources.items) {
      const resource = renderResource(document, item);
      if (!resource) return undefined;
      rendered.push(resource);
    }
    inline.push({ actions: kept, resources: rendered });
  }
  if (inline.length === 0) return undefined;
  const text = document.text;
  const range = withoutTrailingComments(text, statements[0].range);
  const entry = text.slice(range.start, range.end);
  let newText: string;
  if (document.format === 'json') {
    if (!entry.trimStart().startsWith('{')) return undefined;
    const value: PlainValue = { Statement: inline.map((statement) => ({ Effect: 'Allow', Action: statement.actions, Resource: statement.resources.map((resource) => resource.json) })) };
    newText = jsonValue(value, lineIndentOf(text, range.start), indentUnitOf(text));
  } else if (entry.trimStart().startsWith('{')) {
    newText = `{Statement: [${inline.map((statement) => `{Effect: Allow, Action: [${statement.actions.map(yamlPlain).join(', ')}], Resource: [${statement.resources.map((resource) => resource.yaml).join(', ')}]}`).join(', ')}]}`;
  } else {
    const unit = ' '.repeat(indentUnitOf(text));
    const pad = ' '.repeat(columnOf(text, range.start));
    // The entry's own comments stay: the one after its name on `Statement:`, the others on lines of their own below it.
    const comments = entry.split('\n').map((line) => /(?:^|\s)(#[^'"]*)$/.exec(line)?.[1]);
    const lines = [comments[0] ? `Statement: ${comments[0]}` : 'Statement:'];
    for (const comment of comments.slice(1)) if (comment) lines.push(`${pad}${unit}${comment}`);
    for (const statement of inline) {
      lines.push(`${pad}${unit}- Effect: Allow`);
      lines.push(`${pad}${unit}  Action:`);
      for (const action of statement.actions) lines.push(`${pad}${unit}    - ${yamlPlain(action)}`);
      lines.push(`${pad}${unit}  Resource:`);
      for (const resource of statement.resources) lines.push(`${pad}${unit}    - ${resource.yaml}`);
    }
    newText = lines.join('\n');
  }
  const actions = [...new Set(inline.flatMap((statement) => statement.actions))];
  return { title: `Replace ${use.name} with a statement of ${actions.length <= 3 ? actions.join(', ') : `${actions.slice(0, 3).join(', ')} and ${actions.length - 3} more`}`, edits: [{ range: { start: range.start, end: range.end }, newText }] };
}

/**
 * One resource of SAM's expansion: a literal ARN, or `Fn::Sub` of SAM's text with the template's
 * parameters as variables, whose values are the user's own nodes (copied as written).
 */
function renderResource(document: ParsedDocument, node: SourceNode): { yaml: string; json: PlainValue } | undefined {
  if (node.kind === 'scalar') return typeof node.value === 'string' ? { yaml: yamlQuoted(node.value), json: node.value } : undefined;
  const sub = isMap(node) ? valueOf(node, 'Fn::Sub') : undefined;
  if (!sub || !isSeq(sub) || sub.items.length !== 2) return undefined;
  const [template, variables] = sub.items;
  if (template.kind !== 'scalar' || typeof template.value !== 'string' || !isMap(variables)) return undefined;
  const yamlVariables: string[] = [];
  const jsonVariables: Record<string, PlainValue> = {};
  for (const entry of variables.entries) {
    if (!entry.value) return undefined;
    const name = String(entry.key.value);
    const written = document.text.slice(entry.value.range.start, entry.value.range.end);
    if (written.trim() === '') return undefined;
    if (document.format === 'json') {
      try {
        // JSON is JSON wherever it sits (a value with comments, which JSON.parse refuses, gets no fix).
        jsonVariables[name] = JSON.parse(written) as PlainValue;
      } catch {
        return undefined;
      }
    } else {
      // Only a one-line scalar or flow collection can go inside a flow collection as it is written.
      const isFlowValue = entry.value.kind === 'scalar' ? !/^[|>]/.test(written.trim()) : entry.value.isFlow;
      if (!isFlowValue || written.includes('\n')) return undefined;
      yamlVariables.push(`${name}: ${written.trim()}`);
    }
  }
  return { yaml: `!Sub [${yamlQuoted(template.value)}, {${yamlVariables.join(', ')}}]`, json: { 'Fn::Sub': [template.value, jsonVariables] } };
}

/**
 * The entry's range without the comments that end it: the YAML parser's range of a block map runs to
 * the end of a comment on its last line (`BucketName: !Ref Uploads # the bucket`), which the
 * replacement must keep after itself. A `#` counts only after a space, as YAML reads comments.
 */
function withoutTrailingComments(text: string, range: { start: number; end: number }): { start: number; end: number } {
  let end = range.end;
  for (;;) {
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    if (lineStart <= range.start) break;
    const line = text.slice(lineStart, end);
    const comment = /(^|\s)#[^'"]*$/.exec(line);
    if (!comment) break;
    const before = line.slice(0, comment.index).trimEnd();
    end = before === '' ? lineStart - 1 : lineStart + before.length;
    if (before !== '') break;
  }
  return { start: range.start, end: Math.max(range.start, end) };
}

/** An action name as a plain scalar (`dynamodb:GetItem`), quoted when it could read as something else. */
function yamlPlain(value: string): string {
  return /^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/.test(value) ? value : yamlQuoted(value);
}

function yamlQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

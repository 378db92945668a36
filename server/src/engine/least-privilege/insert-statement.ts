/**
 * The edit that adds a statement to the list that gives a function its permissions (`StatementInsertion`,
 * found when the template was modelled): a new last item in the list's own syntax and indentation,
 * after the item that was last. For SAM `Policies` the item is a policy document (`Statement: [...]`).
 * The edit carries the text that must precede it, so a shell applies it only to the text it was made for.
 */
import { jsonValue } from '../fix/edits';
import type { StatementInsertion } from '../project/types';
import type { TextEdit } from '../types';
import { policyStatementsYaml, type PolicyStatement } from './policy';

export function statementInsertionEdit(insertion: StatementInsertion, statement: PolicyStatement): TextEdit {
  const pad = ' '.repeat(insertion.column);
  let newText: string;
  if (insertion.syntax === 'json') {
    const value = insertion.itemIsPolicyDocument ? { Statement: [statement] } : statement;
    newText = `,\n${pad}${jsonValue(value as never, insertion.column, insertion.unit)}`;
  } else if (insertion.itemIsPolicyDocument) {
    newText = `\n${pad}- Statement:\n${policyStatementsYaml([statement], `${pad}  ${' '.repeat(insertion.unit)}`)}`;
  } else {
    newText = `\n${policyStatementsYaml([statement], pad)}`;
  }
  return { range: { start: insertion.offset, end: insertion.offset }, newText, path: insertion.path, expectedBefore: insertion.expectedBefore };
}

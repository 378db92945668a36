/**
 * Which IAM statements Sonar's S6302 ("Policies granting all privileges") reads and fails. Data only; not a rule.
 *
 * sonar-iac `iac-extensions/cloudformation/.../checks/PrivilegePolicyCheck.java` walks the `Properties` of every
 * resource under the template's top-level `Resources` (`AbstractResourceCheck`), and `utils/PolicyUtils.java`
 * collects as a policy the value of any key whose name contains `policy` (any case) and that holds a `Statement`
 * list. A statement fails when its `Effect` is the text `Allow` and its `Action` (or one item of it) is the text
 * `*`. A serverless.yml has no top-level `Resources`, and a SAM function's `Policies` is no such key (`policies`
 * does not contain `policy`), so neither is read; an intrinsic or a parameter is not the text `*`.
 */
import type { AppModel, IamStatement } from '../../../server/src/engine/model/types';
import { isMap, isScalar, isSeq, mapEntries, scalarText, seqItems, valueOf } from '../../../server/src/engine/parse/tree';
import type { SourceNode } from '../../../server/src/engine/types';

const statementsByModel = new WeakMap<AppModel, Set<SourceNode>>();

/** True when Sonar's S6302 fails this statement for this Action entry. */
export function failsSonarS6302(model: AppModel, statement: IamStatement, action: SourceNode): boolean {
  if (model.kind === 'serverless' || statement.isForeign) return false;
  if (!isScalar(action) || action.value !== '*') return false;
  if (scalarText(valueOf(statement.declaration, 'Effect')) !== 'Allow') return false;
  return sonarPolicyStatements(model).has(statement.declaration);
}

/** The statement maps of every policy Sonar's PolicyUtils collects in the template's resources. */
function sonarPolicyStatements(model: AppModel): Set<SourceNode> {
  let statements = statementsByModel.get(model);
  if (statements) return statements;
  statements = new Set();
  // The Properties as written (a SAM function's `properties` may be merged with Globals).
  for (const resource of model.resources) collect(valueOf(resource.declaration, 'Properties'), statements);
  statementsByModel.set(model, statements);
  return statements;
}

function collect(node: SourceNode | null | undefined, into: Set<SourceNode>): void {
  if (isSeq(node)) {
    for (const item of node.items) collect(item, into);
    return;
  }
  if (!isMap(node)) return;
  for (const entry of mapEntries(node)) {
    const list = valueOf(entry.value, 'Statement');
    if (entry.key.value !== null && String(entry.key.value).toLowerCase().includes('policy') && isSeq(list)) {
      for (const item of seqItems(list)) into.add(item);
    }
    collect(entry.value, into);
  }
}

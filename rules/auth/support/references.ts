/**
 * Which logical ids a document refers to (Ref, Fn::GetAtt, `${Id}` in
 * Fn::Sub), outside a given subtree. Used to tell whether a resource, such as
 * an authorizer, is used by anything else in the template.
 */
import { intrinsicName, isMap, isScalar, isSeq, scalarText } from '../../../server/src/engine/parse/tree';
import type { SourceNode } from '../../../server/src/engine/types';

/** Counts references to each logical id in `root`, skipping the nodes in `skip`. */
export function referencedIds(root: SourceNode | null | undefined, skip: ReadonlySet<SourceNode> = new Set()): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (id: string | undefined) => {
    if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  const visit = (node: SourceNode | null | undefined): void => {
    if (!node || skip.has(node)) return;
    if (isMap(node)) {
      const name = intrinsicName(node);
      const argument = name ? node.entries[0].value : undefined;
      if (name === 'Ref') add(scalarText(argument));
      else if (name === 'Fn::GetAtt') add(isSeq(argument) ? scalarText(argument.items[0]) : scalarText(argument)?.split('.')[0]);
      else if (name === 'Fn::Sub') {
        const template = isSeq(argument) ? scalarText(argument.items[0]) : scalarText(argument);
        for (const match of (template ?? '').matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) add(match[1]);
      }
      for (const entry of node.entries) visit(entry.value);
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
      // Serverless `${...}` text and Sub templates written without the tag are not CloudFormation references; ignored.
    }
  };
  visit(root);
  return counts;
}

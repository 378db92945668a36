/**
 * Every node of a syntax tree in the order `ts.forEachChild` visits them (depth first, parent before
 * children), kept once per tree, so that the whole-file walks of one analysis (the module scan, the
 * sink sites, the facts' references, the opaque AWS calls) share one traversal instead of each making
 * its own. It reads the tree only; it must not be used on a tree that is changed after it was listed.
 */
import ts from 'typescript';

export interface NodeOrder {
  /** The nodes, the root first, in `ts.forEachChild` pre-order. */
  readonly nodes: readonly ts.Node[];
  /** For the node at index i, the index just after its last descendant: a walk that does not enter it goes on from there. */
  readonly subtreeEnds: Uint32Array;
}

const orders = new WeakMap<ts.SourceFile, NodeOrder>();

export function nodeOrderOf(sourceFile: ts.SourceFile): NodeOrder {
  const kept = orders.get(sourceFile);
  if (kept) return kept;
  const nodes: ts.Node[] = [];
  const ends: number[] = [];
  // The callback returns nothing: forEachChild stops at the first child whose callback returns a truthy value.
  const add = (node: ts.Node): void => {
    const index = nodes.length;
    nodes.push(node);
    ends.push(0);
    ts.forEachChild(node, add);
    ends[index] = nodes.length;
  };
  add(sourceFile);
  const order: NodeOrder = { nodes, subtreeEnds: Uint32Array.from(ends) };
  orders.set(sourceFile, order);
  return order;
}

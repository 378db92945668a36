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

/**
 * The listing of each top-level statement's subtree, kept by node. TypeScript's incremental parser hands back the
 * same statement objects, with the same subtrees, for every statement an edit does not touch; listing
 * those again was about 4% of a keystroke in a handler. The ends are relative to the statement's index.
 */
const statementOrders = new WeakMap<ts.Node, Listing>();
/** Subtrees smaller than this are listed again: keeping them costs more than it saves. */
const KEPT_SUBTREE_MIN = 24;

interface Listing {
  nodes: ts.Node[];
  /** Relative to the listing's first node. */
  ends: number[];
}

/** One subtree in `ts.forEachChild` pre-order. */
function listSubtree(root: ts.Node): Listing {
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
  add(root);
  return { nodes, ends };
}

export function nodeOrderOf(sourceFile: ts.SourceFile): NodeOrder {
  const kept = orders.get(sourceFile);
  if (kept) return kept;
  // Each top-level statement is listed apart (or its kept listing reused), then the listings are joined.
  const listings: Listing[] = [];
  ts.forEachChild(sourceFile, (statement) => {
    let listing = statementOrders.get(statement);
    if (!listing) {
      listing = listSubtree(statement);
      // Top-level statements only: keeping every nested one would copy each subtree once per enclosing statement.
      if (listing.nodes.length >= KEPT_SUBTREE_MIN) statementOrders.set(statement, listing);
    }
    listings.push(listing);
  });
  const nodes = ([sourceFile] as ts.Node[]).concat(...listings.map((listing) => listing.nodes));
  const subtreeEnds = new Uint32Array(nodes.length);
  subtreeEnds[0] = nodes.length;
  let offset = 1;
  for (const listing of listings) {
    const ends = listing.ends;
    for (let i = 0; i < ends.length; i++) subtreeEnds[offset + i] = ends[i] + offset;
    offset += ends.length;
  }
  const order: NodeOrder = { nodes, subtreeEnds };
  orders.set(sourceFile, order);
  return order;
}

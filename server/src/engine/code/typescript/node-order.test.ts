import { test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { nodeOrderOf } from './node-order';
import { SyntaxTreeCache } from '../syntax-cache';
import { parseSource } from './module-scan';

/** The listing made from scratch, as `nodeOrderOf` made it before it kept statements' listings. */
function listedFromScratch(sourceFile: ts.SourceFile): { kinds: string[]; ends: number[] } {
  const nodes: ts.Node[] = [];
  const ends: number[] = [];
  const add = (node: ts.Node): void => {
    const index = nodes.length;
    nodes.push(node);
    ends.push(0);
    ts.forEachChild(node, add);
    ends[index] = nodes.length;
  };
  add(sourceFile);
  return { kinds: nodes.map((node) => `${ts.SyntaxKind[node.kind]}@${node.pos}-${node.end}`), ends };
}

const handler = (index: number) => `
export const handler${index} = async (event: { body?: string }) => {
  const body = JSON.parse(event.body ?? '{}');
  if (!body.id) return { statusCode: 400 };
  const rows = await db.query('SELECT * FROM orders WHERE id = ' + body.id);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
`;

test('the node listing of an incrementally re-parsed tree, with kept statement listings, equals a listing from scratch at every keystroke', () => {
  const trees = new SyntaxTreeCache();
  const path = '/app/src/orders.ts';
  let text = `import { db } from './db';\n${[0, 1, 2, 3, 4, 5].map(handler).join('')}`;
  const edits = [text.indexOf('SELECT', text.indexOf('handler3')), text.indexOf('statusCode: 400'), text.length - 3, 10, text.indexOf('handler5')];
  let steps = 0;
  for (const at of edits) {
    for (const typed of ['x', '(', '{', ' ', '/*', '"']) {
      for (const next of [text.slice(0, at) + typed + text.slice(at), text]) {
        const tree = parseSource(path, next, trees);
        const order = nodeOrderOf(tree);
        const expected = listedFromScratch(tree);
        assert.deepEqual(order.nodes.map((node) => `${ts.SyntaxKind[node.kind]}@${node.pos}-${node.end}`), expected.kinds);
        assert.deepEqual([...order.subtreeEnds], expected.ends);
        steps++;
      }
    }
    text = text.slice(0, at) + 'y' + text.slice(at);
  }
  assert.equal(steps, 60);
});

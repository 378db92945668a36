/**
 * Validation at the edge, as a guard on the handler's body: API Gateway checks a REST route's body against
 * its model (JSON Schema draft 4) before the function runs, so a body that reached the handler matched it.
 * What that proves is read from the schema as plain data, field by field, and joined over the whole body,
 * since taint past the body is followed as one value: a field fixed by `enum`, `const`, a number or boolean
 * type, or an anchored `pattern` (the same judgement as a regex test in code) can reach no sink; a free
 * string, an unanchored pattern, a field of no type, or the unknown keys of an object without
 * `additionalProperties: false` can. `format` is not counted: API Gateway's validator is not documented to
 * check it. And API Gateway validates only a body whose Content-Type has a model (or when `$default` has
 * one), so a model declared for `application/json` alone proves nothing: a caller sends `text/plain`.
 */
import { SINK_KINDS, type CodeLocation, type SinkKind } from './model';
import { isAnchoredRegex } from './patterns';

/** One route's model, as the project model reads it from the template. */
export interface EdgeBodyModelInput {
  name: string;
  contentTypes: string[];
  schema: unknown;
  location: { path: string; range: { start: number; end: number } };
}

/** What the edge proves about a handler's body: the sink kinds it rules out, and why the others stay open. */
export interface EdgeBodyGuard {
  library: string;
  cuts: SinkKind[];
  note?: string;
  location: CodeLocation;
}

const ALL = (1 << SINK_KINDS.length) - 1;
const MAX_DEPTH = 10;
const MAX_NAMED = 6;

/** The guard for a handler every route of which validates the body; undefined when there is no model. */
export function edgeBodyGuardOf(models: readonly EdgeBodyModelInput[]): EdgeBodyGuard | undefined {
  if (models.length === 0) return undefined;
  const first = models[0];
  const library = `API Gateway (${first.name})`;
  const location: CodeLocation = { path: first.location.path, range: first.location.range };
  const uncovered = models.find((model) => !model.contentTypes.includes('$default'));
  if (uncovered) {
    const types = uncovered.contentTypes.join(', ') || 'no content type';
    return { library, cuts: [], note: `only for Content-Type ${types}: a caller who sends another type skips it`, location };
  }
  const free: string[] = [];
  let mask = ALL;
  for (const model of models) mask &= schemaMask(model.schema, 'body', free, 0);
  const cuts = SINK_KINDS.filter((_, index) => (mask & (1 << index)) !== 0);
  const named = [...new Set(free)];
  const note = named.length > 0 ? `free fields stay tainted: ${named.slice(0, MAX_NAMED).join(', ')}${named.length > MAX_NAMED ? ', ...' : ''}` : undefined;
  return { library, cuts, ...(note && { note }), location };
}

/** The sink kinds a value that matched `schema` can no longer reach (a bit per kind); `free` gets the paths left open. */
function schemaMask(schema: unknown, path: string, free: string[], depth: number): number {
  if (depth > MAX_DEPTH || schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    free.push(path);
    return 0;
  }
  const node = schema as Record<string, unknown>;
  if (Array.isArray(node.enum) || 'const' in node) return ALL;
  let mask = ALL;
  let constrained = false;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const members = node[key];
    if (Array.isArray(members) && members.length > 0) {
      constrained = true;
      for (const member of members) mask &= schemaMask(member, path, free, depth + 1);
    }
  }
  const types = typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? node.type.filter((type): type is string => typeof type === 'string') : [];
  if (types.length === 0 && (node.properties !== undefined || node.additionalProperties !== undefined)) types.push('object');
  if (types.length === 0 && node.items !== undefined) types.push('array');
  for (const type of types) {
    constrained = true;
    mask &= typeMask(node, type, path, free, depth);
  }
  if (!constrained) {
    free.push(path);
    return 0;
  }
  return mask;
}

function typeMask(node: Record<string, unknown>, type: string, path: string, free: string[], depth: number): number {
  switch (type) {
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
      return ALL;
    case 'string':
      if (typeof node.pattern === 'string' && isAnchoredRegex(node.pattern)) return ALL;
      free.push(path);
      return 0;
    case 'array':
      return schemaMask(node.items, `${path}[]`, free, depth + 1);
    case 'object': {
      let mask = ALL;
      const properties = node.properties;
      if (properties && typeof properties === 'object' && !Array.isArray(properties)) {
        for (const [key, value] of Object.entries(properties as Record<string, unknown>)) mask &= schemaMask(value, `${path}.${key}`, free, depth + 1);
      }
      // Keys the schema does not list are anyone's, unless `additionalProperties: false` refuses them.
      const additional = node.additionalProperties;
      if (additional === false) return mask;
      if (additional && typeof additional === 'object') return mask & schemaMask(additional, `${path}.*`, free, depth + 1);
      free.push(`${path}.* (keys the schema does not list)`);
      return 0;
    }
    default:
      free.push(path);
      return 0;
  }
}

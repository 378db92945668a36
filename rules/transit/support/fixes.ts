/**
 * Quick-fix builders shared by the transit rules: set a property at a path
 * under a resource's Properties, replacing a literal scalar or adding the
 * missing maps, always as minimal edits from node ranges. They give no edit
 * when the shape is not plain (an intrinsic on the way, an empty value).
 */
import { insertMapEntries, replaceNode, valueText, type PlainValue } from '../../../server/src/engine/fix/edits';
import type { CfnResource } from '../../../server/src/engine/model/types';
import { entryOf, intrinsicName, isMap } from '../../../server/src/engine/parse/tree';
import type { ParsedDocument, SourceNode, TextEdit } from '../../../server/src/engine/types';

/**
 * Sets `path` (map keys under Properties) to `value`: replaces a scalar that
 * is there, or adds the missing tail of the path to the deepest map that exists.
 * `extra` entries are added beside the value when its parent map is created.
 */
export function setPropertyEdit(document: ParsedDocument, resource: CfnResource, path: string[], value: PlainValue, extra: Record<string, PlainValue> = {}): TextEdit | undefined {
  if (!resource.properties) return undefined;
  let map: SourceNode = resource.properties;
  for (let index = 0; index < path.length; index++) {
    if (!isMap(map) || intrinsicName(map)) return undefined;
    const key = path[index];
    const entry = entryOf(map, key);
    const isLast = index === path.length - 1;
    if (!entry) {
      // Build the rest of the path as nested maps.
      let nested: PlainValue = value;
      for (let j = path.length - 1; j > index; j--) nested = j === path.length - 1 && Object.keys(extra).length ? { [path[j]]: nested, ...extra } : { [path[j]]: nested };
      return insertMapEntries(document, map, { [key]: nested });
    }
    if (isLast) {
      if (!entry.value || entry.value.kind !== 'scalar') return undefined;
      return replaceNode(entry.value, valueText(document, entry.value, value));
    }
    if (!entry.value) return undefined;
    map = entry.value;
  }
  return undefined;
}


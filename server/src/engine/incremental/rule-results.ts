/**
 * Incremental re-analysis of CloudFormation and SAM templates: the findings of resource-scoped
 * rules (`RuleMeta.scope: 'resource'`) are kept per resource between versions of a document, keyed
 * by the resource's text, by what it references and by the document's context (everything outside
 * `Resources`, the indent unit, the settings), and a keystroke re-runs those rules only on the
 * resources the edit can change. Findings of unchanged resources are moved by the distance their
 * resource moved. Rules without that scope (routes, APIs, anything that looks across resources)
 * always run on the whole model.
 *
 * What "can change" means, conservatively (references are found by name, not by resolving):
 * - a resource's findings depend on its own text, on every resource it references, transitively
 *   (a function and its table, a bucket policy and its bucket), and on who holds the IAM
 *   principals among those (a role's statements name the functions that use it, so a function
 *   that starts or stops using the role changes the role's findings); see `dependencies`;
 * - a reference is any word of the resource's text equal to another logical id, or an id followed
 *   by the suffix of a generated resource (SAM's `MyFunctionRole` belongs to `MyFunction`): more
 *   dependencies than real, never fewer.
 * A full analysis stays the reference: tests replay typing sessions over the corpus and require
 * identical results, and anything this module cannot vouch for (a parse issue, a duplicated
 * logical id, a rule that reported outside its resource) makes the analysis a full one.
 */
import { indentUnitOf } from '../fix/edits';
import { isMap, isScalar } from '../parse/tree';
import type { DocumentKind, Finding, MapEntry, MapNode, ParsedDocument, TextRange } from '../types';

/** Resource types whose holders a rule may name (statements name the functions that use a role). */
const PRINCIPAL_TYPES = new Set(['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::InstanceProfile', 'AWS::IAM::Policy']);

/** Past this share of the resources, re-running everything costs no more than the bookkeeping saves. */
const MAX_DIRTY_SHARE = 0.5;

interface ResourceSegment {
  id: string;
  /** From the key to the end of the line where the value ends: a fix may insert just after the value. */
  start: number;
  end: number;
  text: string;
  type?: string;
  entry: MapEntry;
}

/** What one version of a document leaves for the next; opaque to callers, kept by the shell per document. */
export interface RuleResultCache {
  readonly kind: DocumentKind;
  readonly contextKey: string;
  readonly segments: ReadonlyMap<string, ResourceSegment>;
  /** The sorted logical ids: references below were read against this set. */
  readonly idsKey: string;
  /** The ids each segment's text names, by text, so that an unchanged resource is never re-read. */
  readonly referencesByText: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per resource-scoped rule: its findings by resource id, with offsets relative to the resource's start. */
  readonly findings: ReadonlyMap<string, ReadonlyMap<string, Finding[]>>;
  /** Resource-scoped rules that reported outside their resource in this document: they run on the whole model. */
  readonly unbounded: ReadonlySet<string>;
}

export interface IncrementalPlan {
  /** The resources whose resource-scoped findings must be computed again. */
  dirty: ReadonlySet<string>;
  /** The document restricted to the dirty resources and what they depend on, for a small model. */
  subDocument: ParsedDocument;
}

/** The resources of a CloudFormation or SAM document, or undefined when they cannot be told apart safely. */
export function resourceSegments(document: ParsedDocument): Map<string, ResourceSegment> | undefined {
  const resourcesEntry = isMap(document.root) ? document.root.entries.find((entry) => entry.key.value === 'Resources') : undefined;
  if (!resourcesEntry || !isMap(resourcesEntry.value)) return undefined;
  const segments = new Map<string, ResourceSegment>();
  const text = document.text;
  for (const entry of resourcesEntry.value.entries) {
    const id = String(entry.key.value);
    if (segments.has(id)) return undefined;
    const start = entry.key.range.start;
    const end = endOfLineAfter(text, entry.range.end);
    const typeNode = isMap(entry.value) ? entry.value.entries.find((candidate) => candidate.key.value === 'Type')?.value : undefined;
    segments.set(id, { id, start, end, text: text.slice(start, end), type: isScalar(typeNode) ? String(typeNode.value) : undefined, entry });
  }
  return segments;
}

/**
 * Everything outside the resources that a resource-scoped finding may depend on: the document's
 * other sections (Parameters, Conditions, Mappings, Globals, Transform...), its indent unit and line
 * breaks (fixes are written in the document's style), the settings and the parameter values.
 */
export function contextKeyOf(document: ParsedDocument, segments: ReadonlyMap<string, ResourceSegment>, kind: DocumentKind, settingsKey: string): string {
  const text = document.text;
  const parts: string[] = [kind, settingsKey, String(indentUnitOf(text)), text.includes('\r\n') ? 'crlf' : 'lf'];
  let position = 0;
  for (const segment of segments.values()) {
    // Exact text, blank lines and indentation included: in YAML they are structure.
    parts.push(text.slice(position, segment.start));
    position = segment.end;
  }
  parts.push(text.slice(position));
  return parts.join('\u0000');
}

/**
 * What SAM and the Serverless Framework append to a logical id for the resources they generate
 * (`MyFunctionRole`, `MyFunctionApiEventPermission`, `MyApiProdStage`): a word made of an id and
 * one of these names the generated resource, which depends on the id's resource.
 */
const GENERATED_SUFFIX = /(Role|Policy|Permission|Alias|Version|Stage|Deployment|Url|EventInvokeConfig|LogGroup)$/;

/** The logical ids a text names: its words equal to an id, or an id plus a generated resource's suffix. */
function referencesOf(words: ReadonlySet<string>, ids: ReadonlySet<string>, self: string): Set<string> {
  const found = new Set<string>();
  for (const word of words) {
    if (ids.has(word)) {
      if (word !== self) found.add(word);
      continue;
    }
    if (!GENERATED_SUFFIX.test(word)) continue;
    for (let length = word.length - 1; length > 0; length--) {
      const prefix = word.slice(0, length);
      if (ids.has(prefix)) {
        if (prefix !== self) found.add(prefix);
        break;
      }
    }
  }
  return found;
}

/**
 * The ids a segment's text names. A text's references depend only on the text and on the set of
 * ids, so they are kept by text while the ids stay the same: a keystroke re-reads one resource.
 */
class ReferenceReader {
  readonly byText = new Map<string, ReadonlySet<string>>();

  constructor(
    private readonly ids: ReadonlySet<string>,
    private readonly previous?: ReadonlyMap<string, ReadonlySet<string>>,
  ) {}

  referencesOf(segment: ResourceSegment): ReadonlySet<string> {
    let found = this.byText.get(segment.text) ?? this.previous?.get(segment.text);
    if (!found) found = referencesOf(new Set(segment.text.match(/[A-Za-z0-9]+/g) ?? []), this.ids, segment.id);
    this.byText.set(segment.text, found);
    return found;
  }
}

export interface ReferenceGraph {
  /** Resource -> the resources it names. */
  forward: Map<string, Set<string>>;
  /** Resource -> the resources that name it. */
  backward: Map<string, Set<string>>;
}

function addToGraph(graph: ReferenceGraph, segments: Iterable<ResourceSegment>, reader: ReferenceReader): void {
  for (const segment of segments) {
    let forward = graph.forward.get(segment.id);
    if (!forward) graph.forward.set(segment.id, (forward = new Set()));
    for (const reference of reader.referencesOf(segment)) {
      forward.add(reference);
      let backward = graph.backward.get(reference);
      if (!backward) graph.backward.set(reference, (backward = new Set()));
      backward.add(segment.id);
    }
  }
}

function closure(starts: Iterable<string>, edges: ReadonlyMap<string, ReadonlySet<string>>, follow: (from: string, to: string) => boolean = () => true): Set<string> {
  const seen = new Set<string>();
  const queue = [...starts];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    for (const next of edges.get(id) ?? []) {
      if (seen.has(next) || !follow(id, next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return seen;
}

export interface PlanResult {
  /** Absent when the analysis must be a full one. */
  plan?: IncrementalPlan;
  /** Absent when the document cannot be cached at all (Serverless, a parse issue, duplicated ids). */
  segments?: Map<string, ResourceSegment>;
  contextKey?: string;
  idsKey?: string;
  /** References read for this version, by segment text. */
  references: Map<string, ReadonlySet<string>>;
}

/**
 * Which resources must be re-checked after an edit, and the small document to check them on; or
 * no plan when a full analysis is the safe (or the cheaper) answer.
 */
export function planIncremental(document: ParsedDocument, kind: DocumentKind, settingsKey: string, previous: RuleResultCache | undefined): PlanResult {
  const planned = plan(document, kind, settingsKey, previous);
  lastPlanStats.mode = planned.plan ? 'incremental' : 'full';
  lastPlanStats.dirty = planned.plan ? planned.plan.dirty.size : (planned.segments?.size ?? 0);
  lastPlanStats.resources = planned.segments?.size ?? 0;
  return planned;
}

/** What the last plan decided; tests and the bench read it. */
export const lastPlanStats: { mode: 'full' | 'incremental'; dirty: number; resources: number } = { mode: 'full', dirty: 0, resources: 0 };

function plan(document: ParsedDocument, kind: DocumentKind, settingsKey: string, previous: RuleResultCache | undefined): PlanResult {
  if (kind === 'serverless' || document.issues.length > 0) return { references: new Map() };
  const segments = resourceSegments(document);
  if (!segments) return { references: new Map() };
  const contextKey = contextKeyOf(document, segments, kind, settingsKey);
  const idsKey = [...segments.keys()].sort().join('\u0000');
  const sameIds = previous !== undefined && previous.idsKey === idsKey;
  if (!previous || previous.kind !== kind || previous.contextKey !== contextKey) return { segments, contextKey, idsKey, references: sameIds ? new Map(previous.referencesByText) : new Map() };

  const changed = new Set<string>();
  for (const [id, segment] of segments) if (previous.segments.get(id)?.text !== segment.text) changed.add(id);
  for (const id of previous.segments.keys()) if (!segments.has(id)) changed.add(id);
  if (changed.size === 0) return { plan: { dirty: new Set(), subDocument: document }, segments, contextKey, idsKey, references: new Map(previous.referencesByText) };

  // The graph over both versions: a resource that named a changed one before the edit, or names it now.
  const ids = new Set([...segments.keys(), ...previous.segments.keys()]);
  const reader = new ReferenceReader(ids, sameIds ? previous.referencesByText : undefined);
  const graph: ReferenceGraph = { forward: new Map(), backward: new Map() };
  addToGraph(graph, segments.values(), reader);
  const references = new Map(reader.byText);
  addToGraph(graph, [...changed].map((id) => previous.segments.get(id)).filter((segment): segment is ResourceSegment => segment !== undefined), reader);
  const typeOf = (id: string) => segments.get(id)?.type ?? previous.segments.get(id)?.type;
  const isPrincipal = (id: string) => PRINCIPAL_TYPES.has(typeOf(id) ?? '');

  // A resource is dirty when a changed one is in its forward closure (it references it, maybe
  // through others), or when a changed one holds a principal in that closure: the principals a
  // changed resource reaches through principals, and everything that references those.
  const dirty = new Set<string>(changed);
  for (const id of closure(changed, graph.backward)) dirty.add(id);
  const heldPrincipals = closure(changed, graph.forward, (_from, to) => isPrincipal(to));
  for (const id of heldPrincipals) dirty.add(id);
  for (const id of closure(heldPrincipals, graph.backward)) dirty.add(id);
  for (const id of [...dirty]) if (!segments.has(id)) dirty.delete(id);
  if (dirty.size > segments.size * MAX_DIRTY_SHARE) return { segments, contextKey, idsKey, references };

  // The sub-document: the dirty resources, what they reference, and the holders of the principals among those.
  const needed = new Set(dirty);
  for (const id of closure(dirty, graph.forward)) needed.add(id);
  const principals = [...needed].filter(isPrincipal);
  for (const id of closure(principals, graph.backward, (from) => isPrincipal(from))) needed.add(id);
  return { plan: { dirty, subDocument: restrictResources(document, segments, needed) }, segments, contextKey, idsKey, references };
}

/** The same document whose `Resources` holds only `keep`; nodes are shared, so ranges stay true. */
function restrictResources(document: ParsedDocument, segments: ReadonlyMap<string, ResourceSegment>, keep: ReadonlySet<string>): ParsedDocument {
  const root = document.root as MapNode;
  const entries = root.entries.map((entry): MapEntry => {
    if (entry.key.value !== 'Resources' || !isMap(entry.value)) return entry;
    const kept = entry.value.entries.filter((resource) => keep.has(String(resource.key.value)) && segments.has(String(resource.key.value)));
    return { ...entry, value: { ...entry.value, entries: kept } };
  });
  return { ...document, root: { ...root, entries } };
}

/**
 * The cache for this version: findings of the resource-scoped rules by resource, relative to the
 * resource's start. A rule whose finding (or a fix's edit) lies outside the resource it names is
 * marked unbounded for this document, and runs on the whole model from then on.
 */
export function buildRuleResultCache(
  kind: DocumentKind,
  contextKey: string,
  idsKey: string,
  segments: Map<string, ResourceSegment>,
  references: Map<string, ReadonlySet<string>>,
  findingsByRule: ReadonlyMap<string, Finding[]>,
  unboundedBefore: ReadonlySet<string>,
): RuleResultCache {
  const findings = new Map<string, Map<string, Finding[]>>();
  const unbounded = new Set(unboundedBefore);
  for (const [ruleId, ruleFindings] of findingsByRule) {
    if (unbounded.has(ruleId)) continue;
    const byResource = new Map<string, Finding[]>();
    let bounded = true;
    for (const finding of ruleFindings) {
      const segment = finding.resource === undefined ? undefined : segments.get(finding.resource);
      if (!segment || !isWithinSegment(finding, segment)) {
        bounded = false;
        break;
      }
      let list = byResource.get(segment.id);
      if (!list) byResource.set(segment.id, (list = []));
      list.push(moveFinding(finding, -segment.start));
    }
    if (bounded) findings.set(ruleId, byResource);
    else unbounded.add(ruleId);
  }
  // Keep the references of this version's texts only, so the cache does not grow with the session.
  const kept = new Map<string, ReadonlySet<string>>();
  for (const segment of segments.values()) {
    const found = references.get(segment.text);
    if (found) kept.set(segment.text, found);
  }
  return { kind, contextKey, idsKey, segments, referencesByText: kept, findings, unbounded };
}

const NO_FINDINGS: readonly Finding[] = [];

/**
 * The cached findings of a clean resource, moved to where the resource now starts. Most (rule, resource)
 * pairs have none: they share one empty list, since a keystroke asks for every pair (40 rules times a few
 * hundred resources at 5,000 lines, and two fresh arrays each were a sixth of the keystroke's allocation).
 */
export function cachedFindings(cache: RuleResultCache, ruleId: string, resourceId: string, start: number): readonly Finding[] {
  const findings = cache.findings.get(ruleId)?.get(resourceId);
  if (!findings || findings.length === 0) return NO_FINDINGS;
  return findings.map((finding) => moveFinding(finding, start));
}

function isWithinSegment(finding: Finding, segment: ResourceSegment): boolean {
  const inside = (range: TextRange) => range.start >= segment.start && range.end <= segment.end;
  return inside(finding.range) && finding.fixes.every((fix) => fix.edits.every((edit) => inside(edit.range))) && !finding.related && !finding.steps;
}

function moveFinding(finding: Finding, delta: number): Finding {
  if (delta === 0) return finding;
  const move = (range: TextRange): TextRange => ({ start: range.start + delta, end: range.end + delta });
  return { ...finding, range: move(finding.range), fixes: finding.fixes.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, range: move(edit.range) })) })) };
}

function endOfLineAfter(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/**
 * Finds the OpenAPI definitions a template keeps outside itself (SAM `DefinitionUri`, `Fn::Transform`
 * `AWS::Include` in `DefinitionBody`/`Body`, CloudFormation `BodyS3Location`) and reads the local ones
 * through the shell's confined reader (`model.readFile`), parsed under the same limits as templates.
 * It never fetches anything: `s3://` and URLs stay "not read: remote definition". It also places findings
 * about an operation of such a file: on the template's reference, with the operation in `related`.
 */
import { parseDocument } from '../parse';
import { entryOf, intrinsicName, isMap, valueOf } from '../parse/tree';
import type { Finding, ParsedDocument, SourceNode } from '../types';
import type { AppModel, CfnResource, Endpoint, ExternalDefinitionReference } from './types';

type ReferenceProperty = ExternalDefinitionReference['property'];

interface FoundReference {
  property: ReferenceProperty;
  /** The node that names the location (a `DefinitionUri` value, a `Location` value, the whole transform). */
  reference: SourceNode;
  /** The location's node when it is a string or an intrinsic; a `{ Bucket, Key }` map is remote as it is. */
  location: SourceNode | null | undefined;
  isS3Object?: boolean;
  /** `Fn::Transform` with a macro other than `AWS::Include`: whatever it produces is unknown. */
  otherTransform?: string;
}

/** The external definition an API resource names, if any; an inline body is not one. */
function findReference(model: AppModel, api: CfnResource): FoundReference | undefined {
  const isSam = api.type.startsWith('AWS::Serverless::');
  const body = valueOf(api.properties, isSam ? 'DefinitionBody' : 'Body');
  const transform = isMap(body) ? entryOf(body, 'Fn::Transform') : undefined;
  if (transform) {
    const name = model.resolver.resolveString(valueOf(transform.value, 'Name'));
    if (name !== 'AWS::Include') return { property: 'AWS::Include', reference: body!, location: undefined, otherTransform: name ?? '?' };
    const location = entryOf(valueOf(transform.value, 'Parameters'), 'Location');
    return { property: 'AWS::Include', reference: location?.value ?? body!, location: location?.value };
  }
  if (isSam) {
    const uri = entryOf(api.properties, 'DefinitionUri');
    if (!uri || body) return undefined;
    if (isMap(uri.value) && !intrinsicName(uri.value)) return { property: 'DefinitionUri', reference: uri.value, location: uri.value, isS3Object: true };
    return uri.value ? { property: 'DefinitionUri', reference: uri.value, location: uri.value } : undefined;
  }
  // `aws cloudformation package` uploads a local `BodyS3Location` path too; an `{ Bucket, Key }` map is in S3 already.
  const s3 = entryOf(api.properties, 'BodyS3Location');
  if (!s3 || body) return undefined;
  if (isMap(s3.value) && !intrinsicName(s3.value)) return { property: 'BodyS3Location', reference: s3.value, location: s3.value, isS3Object: true };
  return s3.value ? { property: 'BodyS3Location', reference: s3.value, location: s3.value } : undefined;
}

/** `s3://bucket/key`, `https://...`, any `scheme://`: never fetched. */
const REMOTE_LOCATION = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Reads the external definition of `api`, records the reference in `model.externalDefinitions`, and
 * returns the parsed root of the file when it is a Swagger 2 or OpenAPI 3 document (else undefined).
 */
export function readExternalDefinition(model: AppModel, api: CfnResource): { root: SourceNode; path: string; text: string; reference: SourceNode; property: ReferenceProperty } | undefined {
  const found = findReference(model, api);
  if (!found) return undefined;
  const record: ExternalDefinitionReference = { api: api.logicalId, property: found.property, reference: found.reference, status: 'unresolved' };
  (model.externalDefinitions ??= []).push(record);
  if (found.otherTransform !== undefined) {
    record.reason = `not read: the body comes from the transform ${found.otherTransform}`;
    return undefined;
  }
  if (found.isS3Object) {
    record.status = 'remote';
    record.reason = 'not read: remote definition (an S3 object)';
    return undefined;
  }
  const location = model.resolver.resolveString(found.location)?.trim();
  if (!location) {
    record.reason = `not read: its ${found.property === 'AWS::Include' ? 'Location' : found.property} cannot be resolved`;
    return undefined;
  }
  record.location = location;
  if (REMOTE_LOCATION.test(location)) {
    record.status = 'remote';
    record.reason = `not read: remote definition (${location})`;
    return undefined;
  }
  record.status = 'unreadable';
  if (!model.readFile) {
    record.reason = `not read: ${location} (no workspace files in this analysis)`;
    return undefined;
  }
  const read = model.readFile(model.document.path, location);
  if (!read) {
    const why = model.readFile.whyUnreadable?.(model.document.path, location);
    if (why) record.path = why.path;
    record.reason = `not read: ${location} ${why ? why.reason : 'could not be read'}`;
    return undefined;
  }
  record.path = read.path;
  // The same pre-scan and limits as a template: size, nesting depth, node counts, alias budget.
  const document = parsedDefinition(read.path, read.text);
  const root = document.root;
  if (!isMap(root)) {
    const issue = document.issues.find((candidate) => candidate.kind !== 'syntax') ?? document.issues[0];
    record.reason = `not read: ${location} ${issue ? `could not be parsed (${issue.message})` : 'is empty'}`;
    return undefined;
  }
  if (!entryOf(root, 'swagger') && !entryOf(root, 'openapi')) {
    record.status = 'not-openapi';
    record.reason = `not read: ${location} is not a Swagger 2 or OpenAPI 3 document (no swagger or openapi key)`;
    return undefined;
  }
  record.status = 'read';
  // What parsed is used, as for a template with errors; what did not is unknown, and the audit says so.
  const lost = document.issues.find((candidate) => candidate.kind !== 'syntax') ?? document.issues[0];
  if (lost) record.partial = `partly read: ${location} ${lost.kind === 'syntax' ? 'has a syntax error' : 'exceeds an input limit'} at line ${lineOf(read.text, lost.range.start)} (${lost.message}); routes in the part that did not parse are unknown`;
  return { root, path: read.path, text: read.text, reference: found.reference, property: found.property };
}

/**
 * The last parses of OpenAPI files, by path, while their text is the same. The editor models a template
 * on every keystroke, and the file it names does not change with it: parsing a 1,000-operation file
 * took about 250 ms on a loaded machine, more than the keystroke's whole analysis. The tree is only read,
 * never changed, so models may share it. Bounded, and keyed by the full text: a changed file is parsed again.
 */
const recentParses = new Map<string, ParsedDocument>();
const MAX_RECENT_PARSES = 8;

function parsedDefinition(path: string, text: string): ParsedDocument {
  const cached = recentParses.get(path);
  if (cached && cached.text === text) return cached;
  const document = parseDocument(path, text);
  recentParses.delete(path);
  recentParses.set(path, document);
  if (recentParses.size > MAX_RECENT_PARSES) recentParses.delete(recentParses.keys().next().value!);
  return document;
}

/** Why the routes of API `apiId` are not known from its external definition, when it was not read. */
export function unreadDefinitionOf(model: AppModel, apiId: string | undefined): ExternalDefinitionReference | undefined {
  if (apiId === undefined) return undefined;
  return model.externalDefinitions?.find((candidate) => candidate.api === apiId && candidate.status !== 'read');
}

/**
 * Places the findings that concern an operation of an external file. A finding cannot point into another
 * file, so rules report such an operation on the template's reference to the file (`DefinitionUri`'s value)
 * with the operation in the message; this adds the operation's place in the file as `related`, and returns
 * which endpoint each such finding is about (for the inventory). The operation is the one whose
 * `METHOD /path` the message names (the longest, so `GET /a/b` is not taken for `GET /a`).
 */
export function placeExternalFindings(model: AppModel, findings: Finding[]): Map<Finding, Endpoint> {
  const placed = new Map<Finding, Endpoint>();
  if (!model.endpoints.some((endpoint) => endpoint.definedIn !== undefined)) return placed;
  // By reference and by `METHOD /path`: a finding is matched in time linear in its message, not in the operations.
  const byReference = new Map<string, Map<string, Endpoint>>();
  for (const endpoint of model.endpoints) {
    if (!endpoint.definedIn) continue;
    const key = `${endpoint.range.start}:${endpoint.range.end}`;
    let byName = byReference.get(key);
    if (!byName) byReference.set(key, (byName = new Map()));
    const name = `${endpoint.method} ${endpoint.path}`;
    if (!byName.has(name)) byName.set(name, endpoint);
  }
  for (const finding of findings) {
    const byName = byReference.get(`${finding.range.start}:${finding.range.end}`);
    const best = byName ? namedOperation(finding.message, byName) : undefined;
    if (!best?.definedIn) continue;
    placed.set(finding, best);
    const related = { path: best.definedIn.path, range: best.definedIn.range, message: `${best.method} ${best.path} is declared here` };
    if (!finding.related?.some((item) => item.path === related.path && item.range.start === related.range.start)) finding.related = [...(finding.related ?? []), related];
  }
  return placed;
}

const PATH_CHARACTER = /[\w/{}.-]/;

/**
 * The operation whose `METHOD /path` the message names as a whole (not followed by more of a path, so
 * `GET /a` is not taken for `GET /a/b`), the longest when several do.
 */
function namedOperation(message: string, byName: ReadonlyMap<string, Endpoint>): Endpoint | undefined {
  let best: Endpoint | undefined;
  let bestLength = 0;
  for (const match of message.matchAll(/\b[A-Z]+ \//g)) {
    const start = match.index!;
    // Every place where a name could end: before a character that cannot continue a path, or at the end.
    for (let end = start + match[0].length; end <= message.length; end++) {
      if (end < message.length && PATH_CHARACTER.test(message[end])) continue;
      if (end - start <= bestLength) continue;
      const endpoint = byName.get(message.slice(start, end));
      if (endpoint) {
        best = endpoint;
        bestLength = end - start;
      }
    }
  }
  return best;
}

/** True when `text` names `name` as a whole: not followed by more of a path (`GET /a` in `GET /a/b` is not). */
export function mentionsOperation(text: string, name: string): boolean {
  let index = text.indexOf(name);
  while (index >= 0) {
    const next = text[index + name.length];
    if (next === undefined || !/[\w/{}.-]/.test(next)) return true;
    index = text.indexOf(name, index + 1);
  }
  return false;
}

/** A short name of the file for messages: the location as the template writes it. */
export function externalLocationOf(model: AppModel, apiId: string): string | undefined {
  const record = model.externalDefinitions?.find((candidate) => candidate.api === apiId && candidate.status === 'read');
  return record?.location;
}

/** The 1-based line of `offset`, counted once for a message (not per keystroke: only files with errors get here). */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}

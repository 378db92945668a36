/**
 * How far a `Resource` entry reaches: `*` reaches everything, and an ARN pattern
 * with wildcards (`arn:aws:iam::*:role/*`, `arn:aws:dynamodb:*:*:table/*`)
 * reaches every resource of a type when it matches that type's ARN whatever
 * its names are, read from the resource types of the IAM data
 * (resource-types.json). Pure string work on resolved text; no model here.
 */
import table from './resource-types.json';
import { expandActionPattern, type IamAction } from './action-table';

export interface ResourceType {
  /** The action prefix of the service that defines it: `iam`. */
  service: string;
  /** AWS's name for it: `role`, `table`, `object`, `userpool`. */
  key: string;
  /** Its ARN format without `arn:${Partition}:`: `iam::${Account}:role/${RoleNameWithPath}`. */
  format: string;
}

/** One resource type as an action takes it. */
export interface ActionResourceType extends ResourceType {
  /** True when the reference marks it required for the action (`*` in its table). */
  isRequired: boolean;
}

interface ServiceTypes {
  types: ResourceType[];
  /** Lower-case action name -> its resource types. */
  byAction: Map<string, ActionResourceType[]>;
}

const ENCODED: Readonly<Record<string, { types: string[]; actions: string }>> = table.services;
const parsedServices = new Map<string, ServiceTypes | undefined>();

function serviceTypes(service: string): ServiceTypes | undefined {
  if (parsedServices.has(service)) return parsedServices.get(service);
  const encoded = Object.prototype.hasOwnProperty.call(ENCODED, service) ? ENCODED[service] : undefined;
  let parsed: ServiceTypes | undefined;
  if (encoded) {
    const types = encoded.types.map((entry) => {
      const space = entry.indexOf(' ');
      return { service, key: entry.slice(0, space), format: entry.slice(space + 1) };
    });
    // The tokens follow the service's actions in the order of their lower-case names, as the
    // generator wrote them from the same package as actions.json (a test holds the two together).
    const names = (expandActionPattern(`${service}:*`) ?? []).map((action) => action.name.toLowerCase()).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const tokens = encoded.actions.split(' ');
    const byAction = new Map<string, ActionResourceType[]>();
    if (tokens.length === names.length) {
      tokens.forEach((token, index) => {
        if (token === '-') return;
        const taken: ActionResourceType[] = [];
        for (const position of token.split('.')) {
          const type = types[Number(position.replace('!', ''))];
          if (type) taken.push({ ...type, isRequired: position.endsWith('!') });
        }
        byAction.set(names[index], taken);
      });
    }
    parsed = { types, byAction };
  }
  parsedServices.set(service, parsed);
  return parsed;
}

/** The resource types an action takes, as the IAM data lists them (empty: none, or unknown). */
export function resourceTypesOf(action: IamAction): ActionResourceType[] {
  return serviceTypes(action.service)?.byAction.get(action.name.toLowerCase()) ?? [];
}

/** Every resource type of a service (by action prefix), for tests and messages. */
export function resourceTypesOfService(service: string): ResourceType[] {
  return serviceTypes(service.toLowerCase())?.types ?? [];
}

/**
 * A value the resolver could not read (`${AWS::AccountId}`, `${Bucket}`, the
 * Serverless plugins' `#{AWS::AccountId}`, a `${?}` from `Fn::Join` of an item it cannot name): it may
 * stand for anything, so it matches nothing in the resource part.
 */
const PLACEHOLDER = /\$\{[^}]*\}|#\{[^}]*\}/g;
const UNKNOWN = '\u0000';

/**
 * Stand-ins for a name in an ARN format: a pattern matches every resource of the
 * type only when it matches with each of them. They differ in their first and
 * last characters and in holding `/` and `:`, so `role/app-*`, `role/*-prod`,
 * `role/service-role/*` and `my-bucket/*` match neither.
 */
const PROBES = ['aQ1', 'Zx9/mid:dle.K-7'];

export interface PatternParts {
  service: string;
  region: string;
  account: string;
  /** Everything after the account: `role/*`, `table/Orders`, `*`. */
  resource: string;
}

/**
 * The fields of an ARN pattern, with unresolved values as UNKNOWN, or undefined
 * when the text is not an ARN (`*` included). Placeholders go first: the
 * `::` of `${AWS::AccountId}` is not a field separator.
 */
export function parseArnPattern(text: string): PatternParts | undefined {
  const masked = text.trim().replace(PLACEHOLDER, UNKNOWN);
  const fields = masked.split(':');
  if (fields.length < 6 || fields[0].toLowerCase() !== 'arn') return undefined;
  return { service: fields[2].toLowerCase(), region: fields[3], account: fields[4], resource: fields.slice(5).join(':') };
}

const globCache = new Map<string, RegExp>();

/** IAM's ARN matching: `*` any run of characters (`/` and `:` included), `?` one, case-sensitive. */
function globRegex(pattern: string): RegExp {
  let regex = globCache.get(pattern);
  if (!regex) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^\\u0000]*').replace(/\?/g, '[^\\u0000]');
    regex = new RegExp(`^${source}$`, 's');
    if (globCache.size > 2000) globCache.clear();
    globCache.set(pattern, regex);
  }
  return regex;
}

/**
 * A field of the format that is a name (`${Region}`, `${Account}`) is matched by
 * any pattern value but an empty one (a resource of that type always has a
 * region or account, and IAM matches field by field); a literal or empty field
 * must match the pattern.
 */
function fieldMatches(pattern: string, format: string): boolean {
  if (/^\$\{[^}]*\}$/.test(format)) return pattern !== '';
  return globRegex(pattern).test(format);
}

/**
 * True when the pattern matches every ARN of the type: the service is the
 * type's, the region and account are any value (a named account or region is
 * still every resource there; `*` reaches other accounts' too), and the
 * resource part matches the format whatever its names are.
 */
export function reachesEveryResourceOfType(parts: PatternParts, type: ResourceType): boolean {
  // Most types belong to another service: a prefix test before any splitting.
  if (!/[*?]/.test(parts.service) && !type.format.startsWith(`${parts.service}:`)) return false;
  const formatFields = type.format.split(':');
  if (formatFields.length < 4) return false;
  const [service, region, account] = formatFields;
  const resourceFormat = formatFields.slice(3).join(':');
  if (!globRegex(parts.service).test(service)) return false;
  if (!fieldMatches(parts.region, region) || !fieldMatches(parts.account, account)) return false;
  // A type without a name (`sts::${Account}:self`, `phone/number/validate`) has one resource: naming it is scoping it.
  if (!/[*?]/.test(parts.resource) || !/\$\{[^}]*\}/.test(resourceFormat)) return false;
  const matcher = globRegex(parts.resource);
  return PROBES.every((probe) => matcher.test(resourceFormat.replace(/\$\{[^}]*\}/g, probe)));
}

/**
 * The resource type of `action` whose every resource the pattern reaches, or
 * undefined when it reaches none whole (a prefix, one bucket's objects,
 * another type, an unresolved name) or the action takes no resource type
 * (its only resource is `*`). When the action requires some type, only a
 * required one counts: `ses:SendEmail` on every configuration set still
 * needs its identity named, so the pattern alone does not open the call.
 */
export function everyResourceReached(pattern: string, action: IamAction): ResourceType | undefined {
  const reached = typesReachedIn(pattern, action.service);
  if (reached.size === 0) return undefined;
  return countedTypesOf(action).find((type) => reached.has(type.key));
}

/** True when the pattern reaches every resource of some type of the service (by action prefix): a quick test before asking per action. */
export function reachesService(pattern: string, service: string): boolean {
  return typesReachedIn(pattern, service).size > 0;
}

/** The types that count for "every resource of the action": the required ones, or all when none is required. */
const countedTypes = new WeakMap<IamAction, readonly ResourceType[]>();

function countedTypesOf(action: IamAction): readonly ResourceType[] {
  let counted = countedTypes.get(action);
  if (!counted) {
    const types = resourceTypesOf(action);
    counted = types.some((type) => type.isRequired) ? types.filter((type) => type.isRequired) : types;
    countedTypes.set(action, counted);
  }
  return counted;
}

/**
 * Pattern -> its parsed fields, and per service (by action prefix) the keys of
 * the types whose every resource it reaches. `Action: '*'` on a pattern asks
 * this for each of about 20,000 actions and for every IAM rule, so each pattern
 * is parsed once and each (pattern, service) pair matched once. Bounded like
 * the other caches of this folder.
 */
const reachCache = new Map<string, { parts: PatternParts | undefined; byService: Map<string, ReadonlySet<string>> }>();
const NOTHING: ReadonlySet<string> = new Set();

function typesReachedIn(pattern: string, service: string): ReadonlySet<string> {
  let entry = reachCache.get(pattern);
  if (!entry) {
    if (reachCache.size > 2000) reachCache.clear();
    const parsed = parseArnPattern(pattern);
    entry = { parts: parsed && !parsed.service.includes(UNKNOWN) ? parsed : undefined, byService: new Map() };
    reachCache.set(pattern, entry);
  }
  let reached = entry.byService.get(service);
  if (!reached) {
    const parts = entry.parts;
    const keys = parts ? (serviceTypes(service)?.types ?? []).filter((type) => reachesEveryResourceOfType(parts, type)).map((type) => type.key) : [];
    reached = keys.length === 0 ? NOTHING : new Set(keys);
    entry.byService.set(service, reached);
  }
  return reached;
}

/** True when the text is an ARN pattern with a wildcard in its resource part, the only kind that can reach a whole type. */
export function isWildcardArn(text: string): boolean {
  const parts = parseArnPattern(text);
  return parts !== undefined && /[*?]/.test(parts.resource);
}

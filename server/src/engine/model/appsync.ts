/**
 * Reads the AppSync GraphQL APIs a document deploys into `model.appSyncApis`: CloudFormation
 * `AWS::AppSync::GraphQLApi` with its `AWS::AppSync::ApiKey`s and `ApiCache`s, SAM
 * `AWS::Serverless::GraphQLApi`, and the Serverless AppSync plugin (v2 `appSync`, v1 `custom.appSync`),
 * each with the defaults its format applies, so that an AppSync rule is written once. It reads nodes
 * and the resolver only: it reports nothing and builds no edit, and a value it cannot resolve is unknown.
 */
import { entryOf, intrinsicName, isMap, isSeq, mapEntries, valueOf } from '../parse/tree';
import type { ConditionAssumption, PathValue, Resolver } from '../resolve/resolver';
import type { MapNode, SourceNode, TextRange } from '../types';
import { referencedLogicalId } from './cloudformation';
import type { AppSyncApi, AppSyncApiForm, AppSyncApiKey, AppSyncAuth, AppSyncAuthProvider, AppSyncCache, AppSyncLogBranch, AppSyncLogging, AppSyncSetting, AppSyncValue } from './appsync-types';
import type { AppModel, CfnResource } from './types';

/** How a value is read: an enumeration (upper-cased), a flag (a boolean), or text as written. */
type ValueKind = 'enum' | 'flag' | 'text';

/** The keys each format uses, so that one reader serves them all. */
interface FormatKeys {
  authType: string[];
  additional: string[];
  additionalType: string;
  logging: string;
  logLevel: string;
  excludeVerbose: string;
  role: string;
  xray: string;
  visibility: string;
}

const CFN_KEYS: FormatKeys = {
  authType: ['AuthenticationType'],
  additional: ['AdditionalAuthenticationProviders'],
  additionalType: 'AuthenticationType',
  logging: 'LogConfig',
  logLevel: 'FieldLogLevel',
  excludeVerbose: 'ExcludeVerboseContent',
  role: 'CloudWatchLogsRoleArn',
  xray: 'XrayEnabled',
  visibility: 'Visibility',
};
const SAM_KEYS: FormatKeys = { ...CFN_KEYS, authType: ['Auth', 'Type'], additional: ['Auth', 'Additional'], additionalType: 'Type', logging: 'Logging' };
/** serverless-appsync-plugin v2 (doc/general-config.md, doc/authentication.md; `src/resources/Api.ts`). */
const PLUGIN_V2_KEYS: FormatKeys = {
  authType: ['authentication', 'type'],
  additional: ['additionalAuthentications'],
  additionalType: 'type',
  logging: 'logging',
  logLevel: 'level',
  excludeVerbose: 'excludeVerboseContent',
  role: 'roleArn',
  xray: 'xrayEnabled',
  visibility: 'visibility',
};
/** serverless-appsync-plugin v1 (`custom.appSync`, `src/index.js`). */
const PLUGIN_V1_KEYS: FormatKeys = {
  authType: ['authenticationType'],
  additional: ['additionalAuthenticationProviders'],
  additionalType: 'authenticationType',
  logging: 'logConfig',
  logLevel: 'level',
  excludeVerbose: 'excludeVerboseContent',
  role: 'loggingRoleArn',
  xray: 'xrayEnabled',
  visibility: 'visibility',
};

export function addAppSyncApis(model: AppModel): void {
  model.appSyncApis = new AppSyncReader(model).read();
}

class AppSyncReader {
  private readonly resolver: Resolver;
  /** Serverless variables (`${self:...}`) are followed only in a serverless.yml; elsewhere `${...}` is `Fn::Sub` text. */
  private readonly followsVariables: boolean;

  constructor(private readonly model: AppModel) {
    this.resolver = model.resolver;
    this.followsVariables = model.kind === 'serverless';
  }

  read(): AppSyncApi[] {
    const apis: AppSyncApi[] = [];
    const byLogicalId = new Map<string, AppSyncApi>();
    for (const resource of this.model.resources) {
      if (resource.type === 'AWS::AppSync::GraphQLApi') {
        const api = this.resourceApi(resource, 'cfn', CFN_KEYS);
        byLogicalId.set(resource.logicalId, api);
        apis.push(api);
      } else if (resource.type === 'AWS::Serverless::GraphQLApi') {
        const api = this.resourceApi(resource, 'sam', SAM_KEYS);
        this.addSamKeysAndCache(api, resource);
        byLogicalId.set(resource.logicalId, api);
        apis.push(api);
      }
    }
    // Keys and caches are separate resources that name their API by `ApiId`; those of an API declared
    // elsewhere (an import, a parameter) are grouped under one API whose settings are unknown.
    let elsewhere: AppSyncApi | undefined;
    const apiOf = (resource: CfnResource): AppSyncApi => {
      const api = byLogicalId.get(referencedLogicalId(valueOf(resource.properties, 'ApiId')) ?? '');
      if (api) return api;
      elsewhere ??= this.elsewhereApi();
      return elsewhere;
    };
    for (const resource of this.model.resources) {
      if (resource.type === 'AWS::AppSync::ApiKey') apiOf(resource).apiKeys.push(this.cfnApiKey(resource));
      else if (resource.type === 'AWS::AppSync::ApiCache') apiOf(resource).caches.push(this.cfnCache(resource));
    }
    if (elsewhere) apis.push(elsewhere);
    if (this.model.kind === 'serverless') apis.push(...this.pluginApis());
    return apis;
  }

  // -------------------------------------------------------------------------
  // Settings
  // -------------------------------------------------------------------------

  /** A map this document holds at `node` (a whole-value variable followed in a serverless.yml); undefined otherwise. */
  private plainMap(node: SourceNode | null | undefined): MapNode | undefined {
    let target = node;
    if (this.followsVariables) {
      const followed = this.resolver.deref(node);
      if (followed.isForeign) return undefined;
      target = followed.node;
    }
    return isMap(target) && !intrinsicName(target) ? target : undefined;
  }

  /** The plain map at `path` under `root`, following each step as `plainMap` does. */
  private plainMapAt(root: SourceNode | null | undefined, path: readonly string[]): MapNode | undefined {
    let current = this.plainMap(root);
    for (const step of path) {
      if (!current) return undefined;
      current = this.plainMap(valueOf(current, step));
    }
    return current;
  }

  /**
   * The setting at `path` under `root` on the branch `when`: each value the resolver finds, an
   * absent one replaced by the format's default when it has one.
   */
  private setting<T>(name: string, root: SourceNode | null | undefined, path: readonly string[], kind: ValueKind, when: ConditionAssumption[], fallback?: T): AppSyncSetting<T> {
    const host = this.plainMapAt(root, path.slice(0, -1));
    const entry = entryOf(host, path[path.length - 1]);
    const written = entry?.value;
    const values = this.resolver.valuesAt(root, path, when).map((value) => {
      const converted = convert<T>(value, kind, fallback);
      // A value reached through a variable (`level: ${self:custom.level}`) is shown where the variable
      // is written: that is the API's setting, and an edit elsewhere would change every other use.
      if (converted.node && written && !within(converted.node.range, written.range)) converted.node = written;
      return converted;
    });
    return { name, entry, host, values };
  }

  /** A setting whose value is known to be the same on every branch (a default, or what a format always writes). */
  private fixed<T>(name: string, value: T | undefined, host?: MapNode, isDefault = true): AppSyncSetting<T> {
    return { name, host, values: [value === undefined ? { state: 'unknown', when: [], assumptions: [] } : { state: 'known', value, when: [], assumptions: [], isDefault }] };
  }

  // -------------------------------------------------------------------------
  // APIs
  // -------------------------------------------------------------------------

  private resourceApi(resource: CfnResource, form: AppSyncApiForm, keys: FormatKeys): AppSyncApi {
    const properties = resource.properties;
    return {
      form,
      name: resource.logicalId,
      resource: resource.logicalId,
      declaration: resource,
      host: properties,
      range: resource.keyRange,
      isDeclaredHere: true,
      ...this.apiSettings(properties, form, keys, ''),
      apiKeys: [],
      caches: [],
    };
  }

  /** The auth, logging, X-Ray and visibility of an API map, in the format's keys. */
  private apiSettings(node: SourceNode | null | undefined, form: AppSyncApiForm, keys: FormatKeys, prefix: string): Pick<AppSyncApi, 'auth' | 'logging' | 'xrayEnabled' | 'visibility'> {
    return {
      auth: this.auth(node, keys, prefix),
      logging: this.logging(node, form, keys, prefix),
      xrayEnabled: this.setting(`${prefix}${keys.xray}`, node, [keys.xray], 'flag', [], false),
      visibility: this.setting(`${prefix}${keys.visibility}`, node, [keys.visibility], 'enum', [], 'GLOBAL'),
    };
  }

  private auth(node: SourceNode | null | undefined, keys: FormatKeys, prefix: string): AppSyncAuth {
    const defaultType = this.setting<string>(`${prefix}${keys.authType.join('.')}`, node, keys.authType, 'enum', []);
    const listHost = this.plainMapAt(node, keys.additional.slice(0, -1));
    const additionalEntry = entryOf(listHost, keys.additional[keys.additional.length - 1]);
    const additional: AppSyncAuthProvider[] = [];
    let isAdditionalUnknown = false;
    const branches = this.resolver.branchesAt(node, keys.additional);
    // A list behind a condition or a variable in another file may hold any provider: the whole list is unknown.
    if (branches.length !== 1 || branches[0].state === 'unknown') isAdditionalUnknown = true;
    else if (branches[0].state === 'present') {
      const list = branches[0].node;
      if (!isSeq(list)) isAdditionalUnknown = true;
      else for (const item of list.items) additional.push({ node: item, type: this.setting<string>(`${prefix}${keys.additional.join('.')}[].${keys.additionalType}`, item, [keys.additionalType], 'enum', []) });
    }
    return { defaultType, additionalEntry, additional, isAdditionalUnknown };
  }

  /**
   * The log configuration branch by branch. AppSync publishes logs only with `CloudWatchLogsRoleArn`;
   * SAM and the plugin create that role when the configuration names none. SAM logs by default
   * (`FieldLogLevel: ALL`, `ExcludeVerboseContent: true`) and `Logging: false` turns it off; the
   * plugin logs only with `logging` (v2, unless `enabled: false`) or `logConfig` (v1).
   */
  private logging(node: SourceNode | null | undefined, form: AppSyncApiForm, keys: FormatKeys, prefix: string): AppSyncLogging {
    const host = this.plainMap(node);
    const name = `${prefix}${keys.logging}`;
    const entry = entryOf(host, keys.logging);
    const branches: AppSyncLogBranch[] = [];
    const level = (config: SourceNode | null | undefined, when: ConditionAssumption[], fallback?: string) => this.setting<string>(`${name}.${keys.logLevel}`, config, [keys.logLevel], 'enum', when, fallback);
    const verbose = (config: SourceNode | null | undefined, when: ConditionAssumption[], fallback: boolean) => this.setting<boolean>(`${name}.${keys.excludeVerbose}`, config, [keys.excludeVerbose], 'flag', when, fallback);
    // A branch that logs nothing has no level to read.
    const none = () => ({ fieldLogLevel: { name: `${name}.${keys.logLevel}`, values: [] }, excludeVerboseContent: { name: `${name}.${keys.excludeVerbose}`, values: [] } });
    for (const branch of this.resolver.branchesAt(node, [keys.logging])) {
      const base = { when: branch.when, assumptions: branch.assumptions };
      if (branch.state === 'absent') {
        if (form === 'sam') branches.push({ state: 'on', ...base, fieldLogLevel: this.fixed(`${name}.${keys.logLevel}`, 'ALL'), excludeVerboseContent: this.fixed(`${name}.${keys.excludeVerbose}`, true) });
        else branches.push({ state: 'off', reason: 'no-config', ...base, ...none() });
        continue;
      }
      const config = branch.state === 'present' && isMap(branch.node) && !intrinsicName(branch.node) ? branch.node : undefined;
      if (!config) {
        // SAM's `Logging: false` is the one scalar with a meaning; anything else cannot be read.
        const flag = branch.state === 'present' ? this.resolver.resolve(branch.node) : undefined;
        const isOff = form === 'sam' && flag?.state === 'known' && /^false$/i.test(String(flag.value));
        branches.push(isOff ? { state: 'off', reason: 'disabled', ...base, ...none() } : { state: 'unknown', ...base, ...none() });
        continue;
      }
      if (form === 'serverless-appsync-v2') {
        // `enabled` defaults to true when `logging` is present.
        for (const enabled of this.resolver.valuesAt(config, ['enabled'], branch.when)) {
          const isEnabled = flagOf(enabled);
          const on = { when: enabled.when, assumptions: [...base.assumptions, ...enabled.assumptions] };
          if (enabled.state === 'absent' || isEnabled === true) branches.push({ state: 'on', ...on, config, fieldLogLevel: level(config, enabled.when), excludeVerboseContent: verbose(config, enabled.when, false) });
          else if (isEnabled === false) branches.push({ state: 'off', reason: 'disabled', ...on, ...none() });
          else branches.push({ state: 'unknown', ...on, ...none() });
        }
        continue;
      }
      // CloudFormation needs the role; SAM and the plugin v1 create one when it is not named.
      const hasRole = form !== 'cfn' || valueOf(config, keys.role) !== undefined;
      if (!hasRole) branches.push({ state: 'off', reason: 'no-role', ...base, config, fieldLogLevel: level(config, branch.when), excludeVerboseContent: verbose(config, branch.when, false) });
      else branches.push({ state: 'on', ...base, config, fieldLogLevel: level(config, branch.when), excludeVerboseContent: verbose(config, branch.when, false) });
    }
    return { name, entry, host, branches };
  }

  /** The group for keys and caches whose API is not declared here: nothing about it can be read. */
  private elsewhereApi(): AppSyncApi {
    const unknown = <T>(name: string): AppSyncSetting<T> => ({ name, values: [{ state: 'unknown', when: [], assumptions: [] }] });
    return {
      form: 'cfn',
      name: '',
      resource: '',
      range: { start: 0, end: 0 },
      isDeclaredHere: false,
      auth: { defaultType: unknown('AuthenticationType'), additional: [], isAdditionalUnknown: true },
      logging: { name: 'LogConfig', branches: [{ state: 'unknown', when: [], assumptions: [], fieldLogLevel: unknown('LogConfig.FieldLogLevel'), excludeVerboseContent: unknown('LogConfig.ExcludeVerboseContent') }] },
      xrayEnabled: unknown('XrayEnabled'),
      visibility: unknown('Visibility'),
      apiKeys: [],
      caches: [],
    };
  }

  // -------------------------------------------------------------------------
  // Keys and caches
  // -------------------------------------------------------------------------

  private cfnApiKey(resource: CfnResource): AppSyncApiKey {
    return {
      name: resource.logicalId,
      resource: resource.logicalId,
      declaration: resource,
      node: resource.declaration,
      range: resource.keyRange,
      expires: this.setting('Expires', resource.properties, ['Expires'], 'text', []),
    };
  }

  private cfnCache(resource: CfnResource): AppSyncCache {
    const properties = resource.properties;
    return {
      name: resource.logicalId,
      resource: resource.logicalId,
      declaration: resource,
      host: properties,
      range: resource.keyRange,
      isEnabled: this.fixed('Type', true, properties, false),
      atRestEncryption: this.setting('AtRestEncryptionEnabled', properties, ['AtRestEncryptionEnabled'], 'flag', []),
      transitEncryption: this.setting('TransitEncryptionEnabled', properties, ['TransitEncryptionEnabled'], 'flag', []),
    };
  }

  /** SAM `ApiKeys` (a map of key names) and `Cache` (an `AWS::AppSync::ApiCache` SAM creates with the API). */
  private addSamKeysAndCache(api: AppSyncApi, resource: CfnResource): void {
    const properties = resource.properties;
    for (const entry of mapEntries(this.plainMap(valueOf(properties, 'ApiKeys')))) {
      const name = String(entry.key.value);
      api.apiKeys.push({ name, resource: resource.logicalId, declaration: resource, node: entry.value ?? entry.key, range: entry.key.range, expires: this.setting('ExpiresOn', entry.value, ['ExpiresOn'], 'text', []) });
    }
    const cacheEntry = entryOf(properties, 'Cache');
    if (cacheEntry) {
      const host = this.plainMap(cacheEntry.value);
      api.caches.push({
        name: `${resource.logicalId}.Cache`,
        resource: resource.logicalId,
        declaration: resource,
        host,
        range: cacheEntry.key.range,
        isEnabled: this.fixed('Cache', true, host, false),
        atRestEncryption: this.setting('Cache.AtRestEncryptionEnabled', properties, ['Cache', 'AtRestEncryptionEnabled'], 'flag', []),
        transitEncryption: this.setting('Cache.TransitEncryptionEnabled', properties, ['Cache', 'TransitEncryptionEnabled'], 'flag', []),
      });
    }
  }

  // -------------------------------------------------------------------------
  // The Serverless AppSync plugin
  // -------------------------------------------------------------------------

  /** v2: the top-level `appSync` (one API); v1: `custom.appSync`, one API or a list of them. */
  private pluginApis(): AppSyncApi[] {
    const root = this.model.document.root;
    const apis: AppSyncApi[] = [];
    const v2Entry = entryOf(root, 'appSync');
    if (v2Entry && v2Entry.value !== null && !isSeq(v2Entry.value)) apis.push(this.pluginApi(v2Entry.value, 'serverless-appsync-v2', PLUGIN_V2_KEYS, 'appSync', v2Entry.key.range));
    const customEntry = entryOf(this.plainMap(valueOf(root, 'custom')), 'appSync');
    if (customEntry && customEntry.value !== null) {
      const followed = this.resolver.deref(customEntry.value);
      const list = !followed.isForeign && isSeq(followed.node) ? followed.node : undefined;
      if (list) for (const item of list.items) apis.push(this.pluginApi(item, 'serverless-appsync-v1', PLUGIN_V1_KEYS, 'custom.appSync', itemRange(item)));
      else apis.push(this.pluginApi(customEntry.value, 'serverless-appsync-v1', PLUGIN_V1_KEYS, 'custom.appSync', customEntry.key.range));
    }
    return apis;
  }

  private pluginApi(node: SourceNode, form: AppSyncApiForm, keys: FormatKeys, resource: string, range: TextRange): AppSyncApi {
    const host = this.plainMap(node);
    const name = this.resolver.resolve(valueOf(host, 'name'));
    const api: AppSyncApi = {
      form,
      name: name.state === 'known' && typeof name.value === 'string' ? name.value : '(unnamed)',
      resource,
      host,
      range,
      isDeclaredHere: true,
      ...this.apiSettings(node, form, keys, `${resource}.`),
      apiKeys: [],
      caches: [],
    };
    for (const item of seqItemsOf(this.plainSeq(valueOf(host, 'apiKeys')))) {
      // A key is a name, or a map with `name` and `expiresAfter`/`expiresAt` (365 days when neither is set).
      const keyMap = this.plainMap(item);
      const keyName = this.resolver.resolve(keyMap ? valueOf(keyMap, 'name') : item);
      const expiresKey = keyMap && valueOf(keyMap, 'expiresAfter') === undefined && valueOf(keyMap, 'expiresAt') !== undefined ? 'expiresAt' : 'expiresAfter';
      api.apiKeys.push({
        name: keyName.state === 'known' && keyName.value !== null ? String(keyName.value) : '(unnamed)',
        resource,
        node: item,
        range: itemRange(item),
        expires: keyMap ? this.setting(`${resource}.apiKeys[].${expiresKey}`, keyMap, [expiresKey], 'text', [], form === 'serverless-appsync-v2' ? '365d' : undefined) : this.fixed(`${resource}.apiKeys[].expiresAfter`, form === 'serverless-appsync-v2' ? '365d' : undefined),
      });
    }
    const cachingEntry = entryOf(host, 'caching');
    if (cachingEntry) {
      const caching = this.plainMap(cachingEntry.value);
      // Both versions write `AtRestEncryptionEnabled: atRestEncryption || false` (and the same for transit).
      api.caches.push({
        name: `${resource}.caching`,
        resource,
        host: caching,
        range: cachingEntry.key.range,
        isEnabled: form === 'serverless-appsync-v2' ? this.setting(`${resource}.caching.enabled`, cachingEntry.value, ['enabled'], 'flag', [], true) : this.fixed(`${resource}.caching`, true, caching, false),
        atRestEncryption: this.setting(`${resource}.caching.atRestEncryption`, cachingEntry.value, ['atRestEncryption'], 'flag', [], false),
        transitEncryption: this.setting(`${resource}.caching.transitEncryption`, cachingEntry.value, ['transitEncryption'], 'flag', [], false),
      });
    }
    return api;
  }

  private plainSeq(node: SourceNode | null | undefined): SourceNode | undefined {
    const followed = this.followsVariables ? this.resolver.deref(node) : { node, isForeign: false };
    return !followed.isForeign && isSeq(followed.node) ? followed.node : undefined;
  }
}

function within(inner: TextRange, outer: TextRange): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

function seqItemsOf(node: SourceNode | undefined): SourceNode[] {
  return isSeq(node) ? node.items : [];
}

/** Where a finding about a list item goes: its `name` key, else its first key, else the item. */
function itemRange(item: SourceNode): TextRange {
  const nameEntry = entryOf(item, 'name');
  if (nameEntry) return nameEntry.key.range;
  if (isMap(item) && item.entries.length > 0) return item.entries[0].key.range;
  return item.range;
}

/** `true`, `'true'`, `'True'` are true; `false`, `'false'` false; anything else undefined. */
function flagOf(value: PathValue): boolean | undefined {
  if (value.state !== 'known') return undefined;
  if (typeof value.value === 'boolean') return value.value;
  if (typeof value.value === 'string' && /^(true|false)$/i.test(value.value)) return value.value.toLowerCase() === 'true';
  return undefined;
}

function convert<T>(value: PathValue, kind: ValueKind, fallback: T | undefined): AppSyncValue<T> {
  const base = { when: value.when, assumptions: value.assumptions };
  if (value.state === 'absent') return fallback === undefined ? { state: 'absent', ...base } : { state: 'known', value: fallback, isDefault: true, ...base };
  if (value.state === 'unknown') return { state: 'unknown', node: value.node, ...base };
  if (kind === 'flag') {
    const flag = flagOf(value);
    return flag === undefined ? { state: 'unknown', node: value.node, ...base } : { state: 'known', value: flag as T, node: value.node, ...base };
  }
  const text = String(value.value);
  return { state: 'known', value: (kind === 'enum' ? text.toUpperCase() : text) as T, node: value.node, ...base };
}

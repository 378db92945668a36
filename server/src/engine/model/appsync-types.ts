/**
 * The shape of AppSync GraphQL APIs in the application model: their auth modes, log configuration,
 * X-Ray, visibility, API keys and caches, one shape for CloudFormation, SAM and the Serverless
 * AppSync plugin (v1 and v2). Types only; `appsync.ts` fills them.
 */
import type { MapEntry, MapNode, SourceNode, TextRange } from '../types';
import type { ConditionAssumption } from '../resolve/resolver';
import type { CfnResource } from './types';

/**
 * Where an AppSync API was declared: `AWS::AppSync::GraphQLApi` (also in a serverless.yml's
 * `resources`), SAM `AWS::Serverless::GraphQLApi`, the Serverless AppSync plugin's v2 top-level
 * `appSync`, or its v1 `custom.appSync` (one API or a list).
 */
export type AppSyncApiForm = 'cfn' | 'sam' | 'serverless-appsync-v2' | 'serverless-appsync-v1';

/** One value a setting can take on one branch (`Fn::If`), as the resolver reads it. */
export interface AppSyncValue<T> {
  /** `absent`: not written and the format has no default for it; `unknown`: a value that cannot be resolved (`Ref`, `${ssm:...}`). */
  state: 'known' | 'absent' | 'unknown';
  /** Enumerations (`API_KEY`, `ALL`) are upper-cased; flags are booleans. */
  value?: T;
  /** The node the value is written in, for ranges and fixes; undefined when absent or a default. */
  node?: SourceNode;
  when: ConditionAssumption[];
  /** What the value rests on (`parameter Auth keeps its default`). */
  assumptions: string[];
  /** True when the value is the default the format (AWS, SAM, the plugin) applies when nothing is written. */
  isDefault?: boolean;
}

/** A setting: where it is written, or the map where it would be inserted, and each value it can take. */
export interface AppSyncSetting<T> {
  /** How the document names it, for messages: `AuthenticationType`, `Auth.Type`, `appSync.logging.level`. */
  name: string;
  /** The entry that writes it; undefined when absent (or when its host is not one plain map). */
  entry?: MapEntry;
  /** The map the setting is (or would be) written in, where a fix inserts it; undefined when there is no such map in this document. */
  host?: MapNode;
  values: Array<AppSyncValue<T>>;
}

/** An additional authorization provider (`AdditionalAuthenticationProviders`, SAM `Auth.Additional`, the plugin's lists). */
export interface AppSyncAuthProvider {
  node: SourceNode;
  type: AppSyncSetting<string>;
}

export interface AppSyncAuth {
  /** The default authorization type: `API_KEY`, `AWS_IAM`, `AMAZON_COGNITO_USER_POOLS`, `OPENID_CONNECT`, `AWS_LAMBDA`. */
  defaultType: AppSyncSetting<string>;
  /** The list's entry; undefined when there is none. */
  additionalEntry?: MapEntry;
  additional: AppSyncAuthProvider[];
  /** True when the list of additional providers cannot be read (an intrinsic, a variable, a file elsewhere): there may be more. */
  isAdditionalUnknown: boolean;
}

/**
 * One branch of an API's log configuration. `on`: AppSync publishes logs; `off`: it publishes
 * nothing, for `reason`: no configuration (`no-config`), a `LogConfig` without the role AppSync needs
 * (`no-role`), or turned off (`disabled`: SAM `Logging: false`, the plugin's `enabled: false`).
 */
export interface AppSyncLogBranch {
  state: 'on' | 'off' | 'unknown';
  reason?: 'no-config' | 'no-role' | 'disabled';
  when: ConditionAssumption[];
  assumptions: string[];
  /** The configuration map on this branch; undefined when absent, turned off or unknown. */
  config?: MapNode;
  /** `FieldLogLevel` (`NONE`, `ERROR`, `INFO`, `DEBUG`, `ALL`); SAM's default without `Logging` is `ALL`. */
  fieldLogLevel: AppSyncSetting<string>;
  /** `ExcludeVerboseContent`: false unless written, except SAM's default without `Logging` (true). */
  excludeVerboseContent: AppSyncSetting<boolean>;
}

export interface AppSyncLogging {
  /** How the document names the configuration: `LogConfig`, `Logging`, `appSync.logging`, `logConfig`. */
  name: string;
  /** The entry that writes it; undefined when absent. */
  entry?: MapEntry;
  /** The API's map, where the configuration would be inserted; undefined when not in this document. */
  host?: MapNode;
  branches: AppSyncLogBranch[];
}

export interface AppSyncApiKey {
  /** The key's logical id, its SAM `ApiKeys` name, or the plugin's key name. */
  name: string;
  /** The resource id findings are reported against. */
  resource: string;
  declaration?: CfnResource;
  node: SourceNode;
  range: TextRange;
  /** `Expires` (CloudFormation, epoch seconds), SAM `ExpiresOn`, the plugin's `expiresAfter` (else `expiresAt`); the written text. */
  expires: AppSyncSetting<string>;
}

export interface AppSyncCache {
  /** How messages name it: the `AWS::AppSync::ApiCache` logical id, `<Api>.Cache` (SAM), `appSync.caching`. */
  name: string;
  resource: string;
  declaration?: CfnResource;
  /** The cache's map (ApiCache `Properties`, SAM `Cache`, the plugin's `caching`); undefined when not in this document. */
  host?: MapNode;
  range: TextRange;
  /** False only when the plugin's `enabled: false` keeps the cache from being created. */
  isEnabled: AppSyncSetting<boolean>;
  /**
   * `AtRestEncryptionEnabled` (the plugin's `atRestEncryption`). The plugin writes `false` when it is
   * not set (a default); CloudFormation and SAM leave it to AppSync, which now always encrypts.
   */
  atRestEncryption: AppSyncSetting<boolean>;
  /** `TransitEncryptionEnabled` (the plugin's `transitEncryption`), read as `atRestEncryption`. */
  transitEncryption: AppSyncSetting<boolean>;
}

export interface AppSyncApi {
  form: AppSyncApiForm;
  /** How messages name it: the logical id, or the plugin API's `name` (`(unnamed)` when it cannot be read). */
  name: string;
  /** The resource id findings are reported against: the logical id, `appSync` (v2), `custom.appSync` (v1). */
  resource: string;
  declaration?: CfnResource;
  /** The API's map: the resource's `Properties`, the plugin's API map; undefined when it is in another file. */
  host?: MapNode;
  /** Where a finding about the whole API goes: the logical id, the `appSync` key, a v1 list item's `name`. */
  range: TextRange;
  /**
   * False for the one group that holds the keys and caches of APIs not declared in this document
   * (`ApiId: !ImportValue ...`): its settings are all unknown.
   */
  isDeclaredHere: boolean;
  auth: AppSyncAuth;
  logging: AppSyncLogging;
  /** `XrayEnabled` (false by default). */
  xrayEnabled: AppSyncSetting<boolean>;
  /** `Visibility` (`GLOBAL` by default, or `PRIVATE`). */
  visibility: AppSyncSetting<string>;
  apiKeys: AppSyncApiKey[];
  caches: AppSyncCache[];
}

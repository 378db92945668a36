/**
 * Response caches that hold API data without encryption at rest:
 * - API Gateway REST stages (AWS::ApiGateway::Stage, the stage of an
 *   AWS::ApiGateway::Deployment, SAM AWS::Serverless::Api and Globals.Api)
 *   whose cache cluster is on and whose method settings cache responses
 *   without `CacheDataEncrypted: true` (it defaults to false);
 * - the serverless-api-gateway-caching plugin (`custom.apiGatewayCaching`)
 *   with endpoints that cache and `dataEncrypted` not true;
 * - AppSync API caches (the model's `appSyncApis`: AWS::AppSync::ApiCache, SAM
 *   GraphQLApi `Cache`, the Serverless AppSync plugin's `caching`) that ask for
 *   no encryption at rest or in transit in so many words.
 * A method setting caches only when the stage has a cache cluster
 * (`CacheClusterEnabled`), so a setting without a cluster is not reported.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { insertMapEntries, replaceNode, valueText } from '../../server/src/engine/fix/edits';
import type { ApiStage, AppModel, AppSyncCache, MapEntry, ServerlessCachePlugin, SourceNode, TextEdit } from '../../server/src/engine';
import type { ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { entryOf, isMap, isScalar, isSeq, oneOrMany, scalarText, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import { booleanOf, combineWhen, describeCircumstances, settingValues, type SettingValue } from './support/settings';

export default defineRule({
  meta: {
    id: 'api-cache-unencrypted',
    title: 'API response cache without encryption',
    category: 'storage',
    severity: 'warning',
    confidence: 'high',
    description:
      'API Gateway and AppSync caches keep copies of API responses, which often carry personal data, session details and tokens. API Gateway stores cached REST responses unencrypted unless each caching method setting says `CacheDataEncrypted: true`; an AppSync API cache created with encryption turned off keeps that setting for its whole life.',
    remediation:
      'Add `CacheDataEncrypted: true` next to every `CachingEnabled: true` in a REST stage\'s MethodSettings (or `StageDescription`), or `dataEncrypted: true` under `custom.apiGatewayCaching` for the serverless-api-gateway-caching plugin. For `AWS::AppSync::ApiCache`, set `AtRestEncryptionEnabled: true` and `TransitEncryptionEnabled: true`; an existing cache keeps the setting it was created with, so delete and recreate it.',
    // CKV_AWS_308 (aws_api_gateway_method_settings), CKV_AWS_214 and CKV_AWS_215 (aws_appsync_api_cache) are Terraform
    // checks (checkov/terraform/checks/resource/aws/): they never fire on a template, so no finding names them.
    equivalents: [],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-311',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigateway-stage-methodsetting.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-apigateway-deployment-stagedescription.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-appsync-apicache.html',
      'https://docs.aws.amazon.com/appsync/latest/devguide/enabling-caching.html',
      'https://github.com/DianaIonita/serverless-api-gateway-caching',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      restApiCache: '{{api}} caches responses{{method}} without encryption at rest: {{detail}}{{when}}.',
      serverlessCache:
        'custom.apiGatewayCaching caches responses of {{endpoint}} without encryption at rest: dataEncrypted {{detail}}. Cached responses can hold personal data and tokens.',
      appSyncCacheAtRest:
        'AppSync API cache {{resource}} turns off encryption at rest ({{setting}}: false){{when}}: a cache created this way stores responses unencrypted, and the setting cannot be changed after creation.',
      appSyncCacheInTransit:
        'AppSync API cache {{resource}} turns off encryption in transit between AppSync and the cache ({{setting}}: false){{when}}; the setting cannot be changed after creation.',
    },
    fix: 'suggestion',
  },
  check(context) {
    const { model } = context;
    for (const api of model.apis) {
      for (const stage of api.stages) {
        const cache = stage.cache;
        if (!cache) continue;
        if (cache.plugin) checkServerlessPlugin(context, cache.plugin);
        else checkStage(context, stage.resource, cacheLabel(stage), cache.cluster, cache.stageWide, cache.methodSettings);
      }
    }
    for (const api of model.appSyncApis) for (const cache of api.caches) checkAppSyncCache(context, cache);
  },
});

function cacheLabel(stage: ApiStage): string {
  const name = stage.form === 'sam-implicit-api' ? `SAM implicit API ${stage.name}` : stage.label;
  return `${name}${stage.cache?.isFromGlobals ? ' (MethodSettings from Globals.Api)' : ''}`;
}

interface BadSetting {
  /** The method setting (or StageDescription) map. */
  setting: SourceNode;
  /** The CachingEnabled entry; undefined when the whole setting is an `Fn::If`. */
  caching?: MapEntry;
  encrypted?: MapEntry;
  /** CacheDataEncrypted is written as false on this branch (else it is absent). */
  isFalse: boolean;
  when: ConditionAssumption[];
  assumptions: string[];
  isPlain: boolean;
}

/**
 * One finding per stage: the first method setting that caches (on a branch
 * where the stage's cache cluster is on) without CacheDataEncrypted true.
 * `stageLevel` holds maps that carry CachingEnabled for every method
 * (a Deployment's StageDescription).
 */
function checkStage(
  context: RuleContext,
  logicalId: string,
  api: string,
  cluster: SettingValue[],
  stageLevel: SourceNode[],
  methodSettings: SourceNode | null | undefined,
): void {
  const { model } = context;
  const clusterOn = cluster.filter((value) => booleanOf(value) === true);
  if (clusterOn.length === 0) return;
  const settings = [...stageLevel, ...methodSettingItems(model, methodSettings)];
  // A stage-wide (`/*` and `*`) setting that encrypts may be inherited by method overrides that do not say.
  const isStageWide = (setting: SourceNode): boolean => stageLevel.includes(setting) || isAllMethods(setting);
  const hasEncryptingDefault = settings.some((setting) => isStageWide(setting) && settingValues(model, setting, ['CacheDataEncrypted']).every((value) => booleanOf(value) === true));
  const bad: BadSetting[] = [];
  for (const setting of settings) {
    const cachingEntry = entryOf(setting, 'CachingEnabled');
    for (const caching of settingValues(model, setting, ['CachingEnabled'])) {
      if (booleanOf(caching) !== true) continue;
      for (const on of clusterOn) {
        const whenCached = combineWhen(on.when, caching.when);
        if (!whenCached) continue;
        for (const encrypted of settingValues(model, setting, ['CacheDataEncrypted'])) {
          const when = combineWhen(whenCached, encrypted.when);
          if (!when) continue;
          const isOff = booleanOf(encrypted) === false || (encrypted.state === 'absent' && !(hasEncryptingDefault && !isStageWide(setting)));
          if (!isOff) continue;
          const encryptedEntry = entryOf(setting, 'CacheDataEncrypted');
          const isPlain =
            isMap(setting) &&
            cachingEntry !== undefined &&
            isScalar(cachingEntry.value) &&
            (encryptedEntry === undefined || isScalar(encryptedEntry.value)) &&
            when.length === 0 &&
            on.assumptions.length + caching.assumptions.length + encrypted.assumptions.length === 0;
          bad.push({ setting, caching: cachingEntry, encrypted: encryptedEntry, isFalse: encrypted.state === 'known', when, assumptions: [...on.assumptions, ...caching.assumptions, ...encrypted.assumptions], isPlain });
        }
      }
    }
  }
  if (bad.length === 0) return;
  const first = bad[0];
  const unique = [...new Set(bad.map((item) => item.setting))].map((setting) => bad.find((item) => item.setting === setting)!);
  const isAllPlain = unique.every((item) => item.isPlain) && bad.every((item) => item.isPlain);
  const fixes: Fix[] = [];
  if (isAllPlain) {
    const edits = unique.map((item) => encryptEdit(model, item)).filter((edit): edit is TextEdit => edit !== undefined);
    if (edits.length === unique.length) fixes.push({ title: 'Encrypt cached responses (CacheDataEncrypted: true)', edits });
  }
  context.report({
    messageId: 'restApiCache',
    data: {
      api,
      method: methodLabel(first.setting, stageLevel.includes(first.setting)),
      detail: first.isFalse ? 'CacheDataEncrypted is false' : 'CacheDataEncrypted is not set, and it defaults to false',
      when: describeCircumstances(first),
    },
    node: first.encrypted ?? first.caching ?? { range: first.setting.range },
    resource: logicalId,
    fixes,
  });
}

/** The items of MethodSettings, each an `Fn::If` branch of the list or of an item unwrapped. */
function methodSettingItems(model: AppModel, node: SourceNode | null | undefined): SourceNode[] {
  const items: SourceNode[] = [];
  for (const branch of model.resolver.branches(node)) {
    if (!branch.node) continue;
    for (const item of isSeq(branch.node) ? seqItems(branch.node) : oneOrMany(branch.node)) items.push(item);
  }
  return items;
}

/** A method setting for every method of the stage (`ResourcePath: /*`, `HttpMethod: '*'`). */
function isAllMethods(setting: SourceNode): boolean {
  return scalarText(valueOf(setting, 'ResourcePath')) === '/*' && scalarText(valueOf(setting, 'HttpMethod')) === '*';
}

function methodLabel(setting: SourceNode, isStageLevel: boolean): string {
  if (isStageLevel) return ' (StageDescription)';
  const path = scalarText(valueOf(setting, 'ResourcePath'));
  const method = scalarText(valueOf(setting, 'HttpMethod'));
  if (path === undefined && method === undefined) return '';
  return ` for ${method ?? '*'} ${path ?? '/*'}`;
}

function encryptEdit(model: AppModel, item: BadSetting): TextEdit | undefined {
  if (item.encrypted?.value) return replaceNode(item.encrypted.value, valueText(model.document, item.encrypted.value, true));
  if (!isMap(item.setting) || item.setting.entries.length === 0) return undefined;
  return insertMapEntries(model.document, item.setting, { CacheDataEncrypted: true });
}

/**
 * Only a setting written false is reported: AppSync now encrypts every cache whatever the flags say,
 * and CloudFormation and SAM leave them out by default. The plugin's `false` when nothing is written
 * is its default, not the user's request, so it is not reported either.
 */
function checkAppSyncCache(context: RuleContext, cache: AppSyncCache): void {
  const { model } = context;
  if (!cache.isEnabled.values.every((value) => value.state === 'known' && value.value === true)) return;
  for (const [setting, messageId] of [
    [cache.atRestEncryption, 'appSyncCacheAtRest'],
    [cache.transitEncryption, 'appSyncCacheInTransit'],
  ] as const) {
    const off = setting.values.find((value) => value.state === 'known' && value.value === false && !value.isDefault);
    if (!off) continue;
    const entry = setting.entry;
    const key = entry ? String(entry.key.value) : setting.name.slice(setting.name.lastIndexOf('.') + 1);
    const written = entry?.value;
    // Only a literal is rewritten: a variable or an intrinsic that leads to false is the user's to change.
    const isPlain = setting.values.length === 1 && off.when.length === 0 && off.assumptions.length === 0 && isScalar(written) && !String(written.value).includes('${');
    const title = `Set ${key}: true (only a new cache takes it: an existing one must be deleted and recreated)`;
    context.report({
      messageId,
      data: { resource: cache.name, setting: key, when: describeCircumstances(off) },
      node: entry ?? off.node ?? { range: cache.range },
      resource: cache.resource,
      fixes: isPlain && written ? [{ title, edits: [replaceNode(written, valueText(model.document, written, true))] }] : [],
    });
  }
}

/**
 * serverless-api-gateway-caching: the stage cache is on when
 * `custom.apiGatewayCaching.enabled` is true, and an `http` event (or an
 * `additionalEndpoints` item) caches when its `caching.enabled` is true. The
 * plugin sets dataEncrypted to the event's value or else the global one
 * (for additional endpoints: their own value when set), which defaults to false.
 */
function checkServerlessPlugin(context: RuleContext, plugin: ServerlessCachePlugin): void {
  const { model } = context;
  if (plugin.isEnabled !== true) return;
  const globalEncryptedEntry = plugin.dataEncrypted.entry;
  const globalEncrypted = plugin.dataEncrypted.value;
  if (globalEncrypted === undefined) return;

  const unencrypted: string[] = [];
  let needsEventEdit = false;
  for (const endpoint of plugin.endpoints) {
    const ownEntry = endpoint.dataEncrypted.entry;
    if (!endpoint.isAdditional) {
      const own = ownEntry ? endpoint.dataEncrypted.value : false;
      if (own === undefined || own === true || globalEncrypted) continue;
    } else {
      const encrypted = ownEntry ? endpoint.dataEncrypted.value : globalEncrypted;
      if (encrypted !== false) continue;
      if (ownEntry) needsEventEdit = true;
    }
    unencrypted.push(endpoint.label);
  }
  if (unencrypted.length === 0) return;
  const detail = globalEncryptedEntry ? (globalEncrypted ? 'is false for this endpoint' : 'is false') : 'is not set, and it defaults to false';
  const global = plugin.settings;
  let edit: TextEdit | undefined;
  if (!needsEventEdit) {
    if (globalEncryptedEntry?.value && isScalar(globalEncryptedEntry.value) && !String(globalEncryptedEntry.value.value).includes('${')) {
      edit = replaceNode(globalEncryptedEntry.value, valueText(model.document, globalEncryptedEntry.value, true));
    } else if (!globalEncryptedEntry && global.entries.length > 0 && plugin.entry.value === global) {
      edit = insertMapEntries(model.document, global, { dataEncrypted: true });
    }
  }
  context.report({
    messageId: 'serverlessCache',
    data: { endpoint: unencrypted.length === 1 ? unencrypted[0] : `${unencrypted[0]} and ${unencrypted.length - 1} more`, detail },
    node: globalEncryptedEntry ?? plugin.entry,
    resource: 'custom.apiGatewayCaching',
    fixes: edit ? [{ title: 'Encrypt cached responses (dataEncrypted: true)', edits: [edit] }] : [],
  });
}

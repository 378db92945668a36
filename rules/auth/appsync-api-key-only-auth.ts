/**
 * An AppSync GraphQL API whose default authorization is an API key. Every type and field without an
 * auth directive of its own (`@aws_cognito_user_pools`, `@aws_iam`...) then answers anyone who holds
 * the key, and the key ships inside every web and mobile client. Read from `AWS::AppSync::GraphQLApi`
 * (`AuthenticationType`, `AdditionalAuthenticationProviders`), SAM `AWS::Serverless::GraphQLApi`
 * (`Auth.Type`, `Auth.Additional`), and the Serverless AppSync plugin (v2 `appSync.authentication.type`
 * with `additionalAuthentications`; v1 `custom.appSync.authenticationType` with
 * `additionalAuthenticationProviders`). With another provider beside it, the schema may restrict the
 * key to public fields: then the finding is info.
 */
import { defineRule, type AppModel, type RuleContext, type SourceNode } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { isSeq, valueOf } from '../../server/src/engine/parse/tree';
import { appSyncPluginApis } from '../support/appsync-plugin';

export default defineRule({
  meta: {
    id: 'appsync-api-key-only-auth',
    title: 'AppSync API whose default authorization is an API key',
    category: 'auth',
    severity: 'warning',
    messageSeverity: { apiKeyDefault: 'info' },
    confidence: 'high',
    description:
      'An AppSync API key is a long-lived shared string that ships inside every client of the API and is sent in clear in a header; AWS describes it for public APIs and development. When it is the default authorization, every query, mutation and subscription without an auth directive of its own is open to whoever copies it from the app.',
    remediation:
      'Make a Cognito user pool, OIDC, IAM or Lambda authorizer the default (`AuthenticationType`, SAM `Auth.Type`, the plugin\'s `authentication.type`), and keep the API key as an additional provider for the few public fields, marked `@aws_api_key` in the schema.',
    equivalents: [],
    references: ['OWASP-Serverless-A2', 'SAS-2', 'CWE-306', 'https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html'],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      apiKeyOnly: 'AppSync API {{name}} is authorized by an API key alone{{when}}: every operation answers whoever copies the key from a client.',
      apiKeyDefault: 'AppSync API {{name}} uses an API key as its default authorization{{when}}, with {{others}} beside it: every field without an auth directive of its own answers the key.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    for (const resource of model.resources) {
      if (resource.type === 'AWS::AppSync::GraphQLApi') {
        check(context, resource.logicalId, valueOf(resource.properties, 'AuthenticationType'), valueOf(resource.properties, 'AdditionalAuthenticationProviders'), 'AuthenticationType', resource.logicalId);
      } else if (resource.type === 'AWS::Serverless::GraphQLApi') {
        const auth = valueOf(resource.properties, 'Auth');
        check(context, resource.logicalId, valueOf(auth, 'Type'), valueOf(auth, 'Additional'), 'Type', resource.logicalId);
      }
    }
    for (const api of appSyncPluginApis(model)) {
      // v2: `authentication.type` and `additionalAuthentications[].type`; v1: `authenticationType` and `additionalAuthenticationProviders[].authenticationType`.
      if (api.version === 2) check(context, api.name, valueOf(valueOf(api.node, 'authentication'), 'type'), valueOf(api.node, 'additionalAuthentications'), 'type', api.resource);
      else check(context, api.name, valueOf(api.node, 'authenticationType'), valueOf(api.node, 'additionalAuthenticationProviders'), 'authenticationType', api.resource);
    }
  },
});

/** The provider types of an additional-providers list (`AuthenticationType`, SAM's and the plugin's `type`/`Type`). */
function additionalTypes(model: AppModel, list: SourceNode | null | undefined, key: string): string[] | undefined {
  if (list === undefined || list === null) return [];
  if (!isSeq(list)) return undefined;
  const types: string[] = [];
  for (const item of list.items) {
    const type = valueOf(item, key) ?? valueOf(item, 'AuthenticationType') ?? valueOf(item, 'type') ?? valueOf(item, 'Type');
    const resolved = type ? model.resolver.resolve(type) : undefined;
    // A provider we cannot read may be a real one: no finding rather than a wrong one.
    if (resolved?.state !== 'known' || typeof resolved.value !== 'string') return undefined;
    types.push(resolved.value.toUpperCase());
  }
  return types;
}

function check(context: RuleContext, name: string, type: SourceNode | null | undefined, additional: SourceNode | null | undefined, key: string, resource: string): void {
  const { model } = context;
  if (!type) return;
  for (const branch of model.resolver.branches(type)) {
    const resolved = branch.node ? model.resolver.resolve(branch.node) : undefined;
    if (resolved?.state !== 'known' || String(resolved.value).toUpperCase() !== 'API_KEY') continue;
    const others = additionalTypes(model, additional, key);
    if (others === undefined) return;
    const real = [...new Set(others.filter((other) => other !== 'API_KEY'))];
    context.report({
      messageId: real.length === 0 ? 'apiKeyOnly' : 'apiKeyDefault',
      data: { name, when: describeWhen(branch.when), others: real.join(', ') },
      node: branch.node!,
      resource,
    });
    return;
  }
}

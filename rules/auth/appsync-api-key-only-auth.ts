/**
 * An AppSync GraphQL API whose default authorization is an API key. Every type and field without an
 * auth directive of its own (`@aws_cognito_user_pools`, `@aws_iam`...) then answers anyone who holds
 * the key, and the key ships inside every web and mobile client. Read from `AWS::AppSync::GraphQLApi`
 * (`AuthenticationType`, `AdditionalAuthenticationProviders`), SAM `AWS::Serverless::GraphQLApi`
 * (`Auth.Type`, `Auth.Additional`), and the Serverless AppSync plugin (v2 `appSync.authentication.type`
 * with `additionalAuthentications`; v1 `custom.appSync.authenticationType` with
 * `additionalAuthenticationProviders`), all read from the model (`model.appSyncApis`). With another
 * provider beside it, the schema may restrict the key to public fields: then the finding is info.
 */
import { defineRule, type AppSyncApi, type RuleContext } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';

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
    for (const api of context.model.appSyncApis) if (api.isDeclaredHere) check(context, api);
  },
});

/** The provider types beside the default; undefined when one of them (or the list) cannot be read. */
function additionalTypes(api: AppSyncApi): string[] | undefined {
  if (api.auth.isAdditionalUnknown) return undefined;
  const types: string[] = [];
  for (const provider of api.auth.additional) {
    // A provider we cannot read may be a real one: no finding rather than a wrong one.
    if (provider.type.values.length === 0 || provider.type.values.some((value) => value.state !== 'known')) return undefined;
    for (const value of provider.type.values) types.push(value.value!);
  }
  return types;
}

/** One finding per API, at the first branch whose default authorization is an API key. */
function check(context: RuleContext, api: AppSyncApi): void {
  const keyDefault = api.auth.defaultType.values.find((value) => value.state === 'known' && value.value === 'API_KEY' && value.node);
  if (!keyDefault) return;
  const others = additionalTypes(api);
  if (others === undefined) return;
  const real = [...new Set(others.filter((other) => other !== 'API_KEY'))];
  context.report({
    messageId: real.length === 0 ? 'apiKeyOnly' : 'apiKeyDefault',
    data: { name: api.name, when: describeWhen(keyDefault.when), others: real.join(', ') },
    node: keyDefault.node!,
    resource: api.resource,
  });
}

/**
 * A Cognito user pool custom attribute whose name says it carries authorization (`is_admin`, `role`,
 * `groups`, `tenant_id`...) and that the pool's users can write themselves. An app client writes every
 * writable attribute unless its `WriteAttributes` list leaves some out, and users call `SignUp` and
 * `UpdateUserAttributes` with that client: so a mutable attribute can be set by its user at any time,
 * and an immutable one at sign-up when the pool lets users sign themselves up. An app that trusts the
 * attribute in its ID token (`custom:is_admin` = `true`) then makes anyone an administrator (the OWASP
 * DVSA's lesson). Only pools whose app clients are in the same template are judged: without a client
 * the answer is unknown.
 */
import { defineRule } from '../../server/src/engine';
import { flagOf } from './support/resolved-values';
import { referencedLogicalId } from '../../server/src/engine/model/cloudformation';
import type { AppModel, CfnResource } from '../../server/src/engine/model/types';
import { entryOf, isMap, isScalar, isSeq, seqItems, valueOf } from '../../server/src/engine/parse/tree';

/** Attribute names that hold a privilege, a role or a tenant: what apps authorise by. */
const PRIVILEGE_NAME = /^(?:is[_-]?)?(?:admin|administrator|superuser|super[_-]?user|staff|moderator|owner)$|^(?:user[_-]?)?(?:roles?|groups?|permissions?|privileges?|scopes?|access[_-]?level|account[_-]?type|tier|plan)$|^tenant(?:[_-]?id)?$|^org(?:anization)?[_-]?id$/i;

export default defineRule({
  meta: {
    id: 'cognito-privilege-attribute-writable',
    title: 'Cognito users can write their own privilege attribute',
    category: 'auth',
    severity: 'warning',
    // The name says what the attribute is for; whether the app authorises by it is in the code.
    confidence: 'medium',
    description:
      "An app client lets users write every writable attribute unless its WriteAttributes says otherwise, and users call SignUp and UpdateUserAttributes with their own tokens. A custom attribute such as `custom:is_admin` or `custom:role` that the app trusts in the ID token can then be set to `true` or `admin` by anyone who has, or creates, an account.",
    remediation:
      'Give each app client a `WriteAttributes` list without the privilege attribute (users keep writing their name or email), and set the attribute only from the back end (`AdminUpdateUserAttributes`, a post-confirmation trigger). Prefer Cognito groups for roles: users cannot add themselves to a group.',
    equivalents: [],
    references: [
      'OWASP-Serverless-A5',
      'SAS-2',
      'CWE-269',
      'https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#user-pool-settings-attribute-permissions-and-scopes',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-userpoolclient.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      writable:
        'Users of pool {{pool}} can set their own `custom:{{attribute}}`: {{how}}, and app client {{client}} {{writes}}. If the app authorises by this attribute, any user can grant themselves {{what}}.',
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    const clients = model.resources.filter((resource) => resource.type === 'AWS::Cognito::UserPoolClient');
    if (clients.length === 0) return;
    for (const pool of model.resources) {
      if (pool.type !== 'AWS::Cognito::UserPool') continue;
      const poolClients = clients.filter((client) => referencedLogicalId(valueOf(client.properties, 'UserPoolId')) === pool.logicalId);
      if (poolClients.length === 0) continue;
      const selfSignUp = selfSignUpOf(model, pool);
      for (const attribute of seqItems(valueOf(pool.properties, 'Schema'))) {
        const nameNode = valueOf(attribute, 'Name');
        const name = isScalar(nameNode) ? String(nameNode.value) : undefined;
        if (!name || !PRIVILEGE_NAME.test(name)) continue;
        // Developer-only attributes are read-only to every app client.
        if (flagOf(model, valueOf(attribute, 'DeveloperOnlyAttribute')) === true) continue;
        const mutable = flagOf(model, valueOf(attribute, 'Mutable'));
        if (mutable === undefined && valueOf(attribute, 'Mutable')) continue;
        // Immutable: written once, at sign-up, which users can do themselves only when the pool allows it.
        if (mutable !== true && selfSignUp !== true) continue;
        const client = poolClients.find((candidate) => writesAttribute(model, candidate, name) === true);
        if (!client) continue;
        const hasList = !!entryOf(client.properties, 'WriteAttributes');
        context.report({
          messageId: 'writable',
          data: {
            pool: pool.logicalId,
            attribute: name,
            how: mutable === true ? 'the attribute is mutable (UpdateUserAttributes with their access token)' : 'users sign themselves up and give the attribute at sign-up',
            client: client.logicalId,
            writes: hasList ? `lists it in WriteAttributes` : 'has no WriteAttributes, so it writes every writable attribute',
            what: /admin|superuser|staff|moderator|owner/i.test(name) ? 'administrator rights' : /tenant|org/i.test(name) ? "another tenant's data" : 'any role',
          },
          node: nameNode ?? attribute,
          resource: pool.logicalId,
        });
      }
    }
  },
});

/** Whether users can sign themselves up: unless `AdminCreateUserConfig.AllowAdminCreateUserOnly` is true (Cognito's default is false). */
function selfSignUpOf(model: AppModel, pool: CfnResource): boolean | undefined {
  const node = valueOf(valueOf(pool.properties, 'AdminCreateUserConfig'), 'AllowAdminCreateUserOnly');
  if (!node) return true;
  const adminOnly = flagOf(model, node);
  return adminOnly === undefined ? undefined : !adminOnly;
}

/** Whether the client lets users write `custom:<name>`: every writable attribute without a list, else the list's say. */
function writesAttribute(model: AppModel, client: CfnResource, name: string): boolean | undefined {
  const list = valueOf(client.properties, 'WriteAttributes');
  if (!list) return isMap(client.properties) || client.properties === null ? true : undefined;
  if (!isSeq(list)) return undefined;
  const names: string[] = [];
  for (const item of seqItems(list)) {
    const outcomes = model.resolver.outcomes(item);
    if (outcomes.some((outcome) => outcome.state !== 'known')) return undefined;
    for (const outcome of outcomes) names.push(String(outcome.state === 'known' ? outcome.value : ''));
  }
  return names.includes(`custom:${name}`);
}

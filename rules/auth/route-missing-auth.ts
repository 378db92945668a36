/**
 * An API Gateway route (REST or HTTP API) that any caller on the internet can
 * invoke: no IAM, Cognito, JWT or Lambda authorizer. CORS preflight (OPTIONS)
 * routes are meant to be open, and routes whose auth cannot be resolved, or
 * that live on a PRIVATE (VPC-only) REST API, are not reported. A route open
 * on one branch of an `Fn::If` only is reported with that branch's conditions.
 * Routes public by design (sign-in, sign-up, token, password-reset endpoints;
 * reads of public content; reads of a guest cart by its id) are reported at
 * info with the reason, without a fix.
 *
 * An Application Load Balancer route to a Lambda function (a listener rule or a listener's default
 * action forwarding to a `TargetType: lambda` target group, a serverless.yml `alb` event) is judged
 * the same way: open when no `authenticate-cognito`/`authenticate-oidc` action runs before the
 * forward. Silent on an internal load balancer and on a listener of another stack, whose reach the
 * template does not show. No fix: an authenticate action needs a user pool or an OIDC provider the
 * template may not have, and guessing one would lock every caller out.
 */
import { defineRule } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { iamAuthFix } from './support/iam-auth-fix';
import { publicByDesign } from './support/public-routes';
import { openRouteEquivalents } from './support/route-checks';

const MESSAGE_OF = { 'auth-endpoint': 'authEndpoint', 'public-read': 'publicRead', 'guest-cart': 'guestCart' } as const;

export default defineRule({
  meta: {
    id: 'route-missing-auth',
    title: 'API route without authentication',
    category: 'auth',
    // A warning, not an error: some APIs are public on purpose (a status page, a
    // signed webhook). Teams that want CI to fail raise it in `slsward.rules`.
    severity: 'warning',
    // Routes whose callers cannot have credentials yet (sign-in, sign-up, token, password reset), and reads
    // of public content (a catalogue, a health check): public by design in 33 of 34 findings on real apps.
    // A guest cart read by its id: anonymous shoppers need it, and the id is the key (info, asking for random ids).
    messageSeverity: { authEndpoint: 'info', publicRead: 'info', guestCart: 'info' },
    confidence: 'high',
    description:
      'Without an authorizer, API Gateway invokes the function for any caller on the internet; so does an internet-facing Application Load Balancer without an authenticate action. Every public route is an entry point into your code and your data.',
    remediation:
      'Attach an authorizer: IAM (`aws_iam` / `AWS_IAM`), a Cognito user pool, a JWT authorizer or a Lambda authorizer; on an ALB, an `authenticate-cognito` or `authenticate-oidc` action before the forward. Leave only CORS preflight (OPTIONS) routes open.',
    // Each of the other tools' checks reads one CloudFormation resource type and its literal
    // AuthorizationType, so each finding names those its route would fail (see support/route-checks.ts).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_59', 'CKV_AWS_309', 'AwsSolutions-APIG4', 'W59', 'S6333', 'KICS:1056dfbb-5802-4762-bf2b-8b9b9684b1b0'],
    references: ['OWASP-Serverless-A2', 'SAS-2', 'CWE-306', 'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html', 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html'],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      missingAuth: '{{method}} {{path}} has no authorization{{when}}: anyone on the internet can invoke it.',
      albMissingAuth:
        'The ALB listener {{rule}} ({{method}} {{path}}) forwards to a Lambda function without an authenticate action (authenticate-cognito or authenticate-oidc){{when}}, on an internet-facing load balancer: anyone on the internet can invoke it.',
      webSocketConnect:
        "The WebSocket API's $connect route has no authorization{{when}}: anyone on the internet can open a connection, and API Gateway authorises a connection only there, so every route of the API takes their messages.",
      authEndpoint:
        '{{method}} {{path}} has no authorization{{when}}, which a {{reason}} endpoint needs: its callers have no credentials yet. Keep it rate limited (throttling, WAF) and make sure its answers do not reveal which accounts exist.',
      publicRead:
        '{{method}} {{path}} has no authorization{{when}}: a read-only route on what looks like public content ({{reason}}). If it returns anything per user or unpublished, attach an authorizer.',
      guestCart:
        "{{method}} {{path}} has no authorization{{when}}: a read of {{reason}}, which shoppers use before they sign in. Whoever holds a cart's id can read it: make cart ids random and long (UUIDs), and keep addresses and payment details behind an authorizer.",
    },
    fix: 'suggestion',
  },
  check(context) {
    for (const endpoint of context.model.endpoints) {
      if (endpoint.kind === 'url') continue;
      // An ALB listener of another stack, or a scheme that cannot be resolved: whether the internet reaches it is not known here.
      if (endpoint.isExposureUnknown) continue;
      // CORS preflight must answer without credentials; browsers send none.
      if (endpoint.method === 'OPTIONS') continue;
      // A PRIVATE REST API is reachable only through a VPC endpoint; its resource policy is the control. An internal ALB only from its VPC.
      if (endpoint.isPrivateNetwork) continue;
      // A mock integration (API Gateway answers itself) invokes no function and returns only what the template holds.
      if (endpoint.isMockIntegration) continue;
      // A route that requires only an API key is api-key-only-auth's finding: one finding per route.
      const open = (endpoint.authBranches ?? [{ auth: endpoint.auth, when: [] }]).filter((branch) => branch.auth.type === 'none' && !branch.auth.apiKeyRequired);
      if (open.length === 0) continue;
      const isConditional = open.every((branch) => branch.when.length > 0);
      const byDesign = publicByDesign(endpoint.method, endpoint.path);
      // Setting IAM auth would also change the branches that are meant to differ: no fix for a conditional finding.
      // Nor for a route public by design: IAM auth on a sign-in endpoint locks every user out.
      // An ALB has no IAM auth for its callers (iamAuthFix returns none for its forms).
      const fix = isConditional || byDesign ? undefined : iamAuthFix(context, endpoint);
      const isAlb = endpoint.kind === 'alb';
      const rule = endpoint.form === 'cfn-alb-listener' ? `${endpoint.resource}'s default action` : endpoint.form === 'cfn-alb-listener-rule' ? `rule ${endpoint.resource}` : 'rule';
      context.report({
        // `$connect` exists on WebSocket APIs only; HTTP API route keys start with a method or are `$default`.
        messageId: isAlb && !byDesign ? 'albMissingAuth' : endpoint.path === '$connect' ? 'webSocketConnect' : byDesign ? MESSAGE_OF[byDesign.kind] : 'missingAuth',
        data: {
          // The by-design messages name the route only: `ALB listener rule GET /login` says which kind it is.
          method: isAlb && byDesign ? `The ALB listener ${rule}: ${endpoint.method}` : endpoint.method,
          path: endpoint.path,
          rule,
          when: isConditional ? open.map((branch) => describeWhen(branch.when)).join(' or') : '',
          reason: byDesign?.reason ?? '',
        },
        node: { range: endpoint.range },
        resource: endpoint.resource,
        fixes: fix ? [fix] : [],
        equivalents: openRouteEquivalents(context.model, endpoint),
      });
    }
  },
});

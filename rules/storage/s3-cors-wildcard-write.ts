/**
 * An S3 bucket CORS rule that lets any origin (`AllowedOrigins: ['*']`) send
 * write requests (PUT, POST, DELETE). CORS grants no access by itself: S3
 * still authorises every request. It decides which websites' scripts may send
 * such requests from a visitor's browser and read the answers, so the finding
 * is advice (info), with the conditions under which it matters in the message.
 */
import { defineRule } from '../../server/src/engine';
import { describeWhen, type ConditionAssumption, type Resolver } from '../../server/src/engine/resolve/resolver';
import { isMap, isSeq, seqItems, valueOf } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';

const WRITE_METHODS = new Set(['PUT', 'POST', 'DELETE']);

export default defineRule({
  meta: {
    id: 's3-cors-wildcard-write',
    title: 'S3 bucket CORS lets any website send write requests',
    category: 'storage',
    severity: 'info',
    confidence: 'medium',
    description:
      "A CORS rule with AllowedOrigins '*' and PUT, POST or DELETE lets a script on any website send those requests to the bucket from a visitor's browser and read the responses. S3 still authorises each request, so it matters when the bucket trusts the browser itself: a policy that admits requests by network (aws:SourceIp, aws:SourceVpce) or allows anonymous writes; a presigned URL that leaks to another site can also be used from there.",
    remediation: "List your application's origins in AllowedOrigins (`https://app.example.com`), and keep write methods only in a rule for those origins.",
    equivalents: [],
    references: [
      'OWASP-Serverless-A5',
      'SAS-3',
      'CWE-942',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-corsrule.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      wildcardWrite:
        "Bucket {{bucket}} lets scripts on any website send {{methods}} requests to it from your users' browsers and read the answers: a CORS rule allows origin '*'{{when}}. S3 still authorises each request, so this matters when the bucket admits requests by network (aws:SourceIp, aws:SourceVpce) or anonymously, or a presigned URL leaks to another site; list your own origins instead.",
    },
    fix: 'none',
    scope: 'resource',
  },
  check(context) {
    const { model } = context;
    const resolver = model.resolver;
    for (const resource of model.resources) {
      if (resource.type !== 'AWS::S3::Bucket' || !resource.properties) continue;
      for (const rulesBranch of resolver.branchesAt(resource.properties, ['CorsConfiguration', 'CorsRules'])) {
        if (rulesBranch.state !== 'present' || !isSeq(rulesBranch.node)) continue;
        for (const corsRule of seqItems(rulesBranch.node)) {
          for (const ruleBranch of resolver.branches(corsRule, rulesBranch.when)) {
            if (!isMap(ruleBranch.node)) continue;
            const origin = anyOrigin(valueOf(ruleBranch.node, 'AllowedOrigins'), resolver, ruleBranch.when);
            if (!origin) continue;
            const methods = writeMethods(valueOf(ruleBranch.node, 'AllowedMethods'), resolver, origin.when);
            if (methods.length === 0) continue;
            context.report({
              messageId: 'wildcardWrite',
              data: { bucket: resource.logicalId, methods: methods.join(', '), when: describeWhen(origin.when) },
              node: origin.node,
              resource: resource.logicalId,
            });
          }
        }
      }
    }
  },
});

/** The `*` origin of a rule (an `Fn::If` branch of the list or of an item counts), with its conditions. */
function anyOrigin(node: SourceNode | null | undefined, resolver: Resolver, when: ConditionAssumption[]): { node: SourceNode; when: ConditionAssumption[] } | undefined {
  for (const branch of resolver.branches(node, when)) {
    for (const item of isSeq(branch.node) ? seqItems(branch.node) : branch.node ? [branch.node] : []) {
      for (const itemBranch of resolver.branches(item, branch.when)) {
        if (!itemBranch.node) continue;
        for (const outcome of resolver.outcomes(itemBranch.node, itemBranch.when)) {
          // `*` and `https://*` both match every site; `https://*.example.com` does not.
          if (outcome.state === 'known' && typeof outcome.value === 'string' && /^(?:https?:\/\/)?\*$/.test(outcome.value.trim())) return { node: itemBranch.node, when: outcome.when };
        }
      }
    }
  }
  return undefined;
}

/** The write methods (PUT, POST, DELETE) a rule allows, as known strings. */
function writeMethods(node: SourceNode | null | undefined, resolver: Resolver, when: ConditionAssumption[]): string[] {
  const found = new Set<string>();
  for (const branch of resolver.branches(node, when)) {
    for (const item of isSeq(branch.node) ? seqItems(branch.node) : branch.node ? [branch.node] : []) {
      for (const outcome of resolver.outcomes(item, branch.when)) {
        const method = outcome.state === 'known' && typeof outcome.value === 'string' ? outcome.value.trim().toUpperCase() : undefined;
        if (method && WRITE_METHODS.has(method)) found.add(method);
      }
    }
  }
  return [...WRITE_METHODS].filter((method) => found.has(method));
}

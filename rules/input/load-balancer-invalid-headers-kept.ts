/**
 * Application Load Balancers that forward HTTP headers with invalid
 * characters to their targets: `LoadBalancerAttributes` does not set
 * `routing.http.drop_invalid_header_fields.enabled` to `true` (the ELB
 * default is `false`). Network and Gateway Load Balancers have no such
 * attribute. `Fn::If` around the type, the list or an item is followed branch
 * by branch; anything the template cannot decide keeps the rule silent.
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import type { CfnResource } from '../../server/src/engine/model/types';
import type { ConditionAssumption } from '../../server/src/engine/resolve/resolver';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { entryOf, intrinsicName, isMap, isScalar, isSeq, valueOf } from '../../server/src/engine/parse/tree';
import { insertMapEntries, replaceNode, valueText, type PlainValue } from '../../server/src/engine/fix/edits';
import type { Fix, MapEntry, MapNode, SourceNode, TextRange } from '../../server/src/engine/types';
import { appendMapItem } from '../transit/support/secure-transport';

const ATTRIBUTE = 'routing.http.drop_invalid_header_fields.enabled';
const FIX_TITLE = `Drop invalid header fields (${ATTRIBUTE}: "true")`;
const NEW_ITEM: Record<string, PlainValue> = { Key: ATTRIBUTE, Value: 'true' };

type When = ConditionAssumption[];

/** Why a branch keeps invalid headers: the attribute is missing, or set to something other than true. */
interface Kept {
  when: When;
  /** The `Value` node that is not true, when the attribute is present. */
  value?: SourceNode | null;
  /** The text of that value, for the message. */
  valueText?: string;
}

export default defineRule({
  meta: {
    id: 'load-balancer-invalid-headers-kept',
    title: 'Application Load Balancer keeps invalid HTTP headers',
    category: 'input',
    severity: 'info',
    confidence: 'high',
    description:
      'An Application Load Balancer forwards HTTP headers whose names contain invalid characters (anything but letters, digits and hyphens) to its targets (Lambda functions, containers, instances) unless told to drop them. Such headers are parsed differently by the load balancer and the application, a vector for HTTP request smuggling (desync) and header-injection tricks.',
    remediation: `Add \`{ Key: ${ATTRIBUTE}, Value: "true" }\` to the load balancer's \`LoadBalancerAttributes\`.`,
    // Neither Checkov nor cdk-nag judges a Type that is an intrinsic; cdk-nag's rule (ALBHttpDropInvalidHeaderEnabled.ts,
    // in its HIPAA and PCI packs) also reads no serverless.yml.
    equivalents: [],
    findingEquivalents: ['CKV_AWS_131', 'HIPAA.Security-ALBHttpDropInvalidHeaderEnabled', 'PCI.DSS.321-ALBHttpDropInvalidHeaderEnabled'],
    references: [
      'OWASP-Serverless-A1',
      'SAS-1',
      'SAS-3',
      'CWE-444',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-elasticloadbalancingv2-loadbalancer-loadbalancerattribute.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html',
      'https://docs.aws.amazon.com/config/latest/developerguide/alb-http-drop-invalid-header-enabled.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      notSet: `Application Load Balancer {{resource}} forwards HTTP headers with invalid characters to its targets{{when}}: LoadBalancerAttributes does not set ${ATTRIBUTE} to "true".`,
      notTrue: `Application Load Balancer {{resource}} forwards HTTP headers with invalid characters to its targets{{when}}: LoadBalancerAttributes sets ${ATTRIBUTE} to "{{value}}", not "true".`,
    },
    fix: 'suggestion',
    scope: 'resource',
  },
  check(context) {
    for (const resource of context.model.resources) {
      if (resource.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') checkLoadBalancer(context, resource);
    }
  },
});

function checkLoadBalancer(context: RuleContext, resource: CfnResource): void {
  const { resolver } = context.model;
  const declared = valueOf(resource.declaration, 'Properties');
  // `Properties: !If [...]` or another intrinsic: nothing can be read.
  if (resource.properties === undefined && declared !== undefined && declared !== null) return;
  const properties = resource.properties;
  const typeNode = valueOf(properties, 'Type');
  for (const type of resolver.outcomes(typeNode)) {
    // The default type is `application`; an unknown type may be a Network or Gateway Load Balancer.
    if (type.state !== 'known') continue;
    if (type.value !== null && String(type.value).toLowerCase() !== 'application') continue;
    const kept = keptOn(context, valueOf(properties, 'LoadBalancerAttributes'), type.when);
    if (!kept) continue;
    const isPlainType = typeNode === undefined || (typeNode !== null && intrinsicName(typeNode) === undefined);
    const fix = isPlainType ? fixFor(context, resource, kept) : undefined;
    context.report({
      messageId: kept.value !== undefined ? 'notTrue' : 'notSet',
      data: { resource: resource.logicalId, when: describeWhen(kept.when), value: kept.valueText ?? '' },
      node: reportAt(resource, kept),
      resource: resource.logicalId,
      fixes: fix ? [fix] : [],
      equivalents:
        typeNode !== undefined && !isScalar(typeNode)
          ? []
          : context.model.kind === 'serverless'
            ? ['CKV_AWS_131']
            : ['CKV_AWS_131', 'HIPAA.Security-ALBHttpDropInvalidHeaderEnabled', 'PCI.DSS.321-ALBHttpDropInvalidHeaderEnabled'],
    });
    return;
  }
}

/** The first branch of `LoadBalancerAttributes` on which invalid headers are kept, or undefined (dropped, or unknown). */
function keptOn(context: RuleContext, attributes: SourceNode | null | undefined, when: When): Kept | undefined {
  const { resolver } = context.model;
  for (const list of resolver.branches(attributes, when)) {
    if (list.node === null || list.node === undefined) return { when: list.when };
    // A whole list from a parameter, an import or another intrinsic: unknown.
    if (!isSeq(list.node)) continue;
    let isUnknown = false;
    let found: Kept | 'true' | undefined;
    for (const item of list.node.items) {
      for (const branch of resolver.branches(item, list.when)) {
        if (branch.node === null || branch.node === undefined) continue; // `!Ref AWS::NoValue`
        if (!isMap(branch.node) || intrinsicName(branch.node) !== undefined) {
          isUnknown = true; // an item the template cannot read may be the one
          continue;
        }
        const key = resolver.resolve(valueOf(branch.node, 'Key'));
        if (key.state !== 'known') {
          isUnknown = true;
          continue;
        }
        if (String(key.value) !== ATTRIBUTE) continue;
        const valueNode = valueOf(branch.node, 'Value');
        for (const outcome of resolver.outcomes(valueNode)) {
          if (outcome.state !== 'known') {
            isUnknown = true;
            continue;
          }
          if (outcome.value !== null && String(outcome.value).toLowerCase() === 'true') {
            found ??= 'true';
            continue;
          }
          if (found === undefined || found === 'true') {
            found = { when: [...branch.when, ...outcome.when], value: valueNode ?? null, valueText: outcome.value === null ? '' : String(outcome.value) };
          }
        }
      }
    }
    if (found !== undefined && found !== 'true') return found;
    if (found === undefined && !isUnknown) return { when: list.when };
  }
  return undefined;
}

/** Where to underline: the value that is not true, else the LoadBalancerAttributes entry, else the logical id. */
function reportAt(resource: CfnResource, kept: Kept): SourceNode | MapEntry | { range: TextRange } {
  if (kept.value) return kept.value;
  const entry = entryOf(resource.properties, 'LoadBalancerAttributes');
  return entry ?? { range: resource.keyRange };
}

/**
 * A suggestion when the template's text says plainly where the attribute goes:
 * a literal `Value` that is not true becomes `"true"`; otherwise the item is
 * appended to a literal list, or the property (or Properties) is added.
 */
function fixFor(context: RuleContext, resource: CfnResource, kept: Kept): Fix | undefined {
  const { document } = context.model;
  if (kept.when.length > 0) return undefined;
  if (kept.value !== undefined) {
    if (!kept.value || intrinsicName(kept.value) !== undefined) return undefined;
    return { title: FIX_TITLE, edits: [replaceNode(kept.value, valueText(document, kept.value, 'true'))] };
  }
  const properties: MapNode | undefined = resource.properties;
  if (!properties) {
    if (entryOf(resource.declaration, 'Properties')) return undefined;
    return { title: FIX_TITLE, edits: [insertMapEntries(document, resource.declaration, { Properties: { LoadBalancerAttributes: [NEW_ITEM] } })] };
  }
  const entry = entryOf(properties, 'LoadBalancerAttributes');
  if (!entry) return { title: FIX_TITLE, edits: [insertMapEntries(document, properties, { LoadBalancerAttributes: [NEW_ITEM] })] };
  const list = entry.value;
  if (!isSeq(list)) return undefined;
  if (list.items.length === 0) return { title: FIX_TITLE, edits: [replaceNode(list, valueText(document, list, [NEW_ITEM]))] };
  return {
    title: FIX_TITLE,
    edits: [appendMapItem(document, list, NEW_ITEM, { block: () => [`Key: ${ATTRIBUTE}`, "Value: 'true'"], flow: `{ Key: ${ATTRIBUTE}, Value: 'true' }` })],
  };
}

/**
 * A service-wide AWS managed policy (`AmazonS3FullAccess`) judged against what the code of the
 * functions on its role calls: which of the service's actions they call, and, for a SAM function's
 * `Policies` entry, the fix that replaces the policy with a statement of exactly those actions on the
 * resources the calls name. Judged only as `iam-unused-permission` judges a statement: every function
 * on the role has a handler whose calls were all read, and the role serves nothing but them. Pure.
 */
import { indentUnitOf, jsonValue, lineIndentOf, columnOf } from '../fix/edits';
import type { AppModel, ManagedPolicyAttachment } from '../model/types';
import { intrinsicName, isSeq, valueOf } from '../parse/tree';
import type { HandlerCodeSummary } from '../project/handler-code';
import type { Fix, SourceNode } from '../types';
import { functionGrants, isActionGranted } from './grants';
import { policyStatementsYaml, type PolicyResource, type PolicyStatement } from './policy';
import { completeCodeOf, platformUseOf, roleServesOnlyFunctions } from './statement-use';

/**
 * The services each policy allows whole (`s3:*` on `*`), read from the AWS Managed Policy Reference.
 * Most also allow a few actions of other services (AmazonDynamoDBFullAccess: CloudWatch alarms, SNS
 * topics, Data Pipeline); those are not listed here, so a call of another service is never taken as
 * this policy's, and the fix is offered only when another statement grants it.
 */
export const FULL_ACCESS_SERVICES: Readonly<Record<string, readonly string[]>> = {
  AmazonS3FullAccess: ['s3', 's3-object-lambda'],
  AmazonDynamoDBFullAccess: ['dynamodb', 'dax'],
  AmazonDynamoDBFullAccess_v2: ['dynamodb', 'dax'],
  AmazonSQSFullAccess: ['sqs'],
  AmazonSNSFullAccess: ['sns'],
  AWSLambda_FullAccess: ['lambda'],
  AWSLambdaFullAccess: ['lambda'],
  AmazonKinesisFullAccess: ['kinesis'],
  AmazonKinesisFirehoseFullAccess: ['firehose'],
  SecretsManagerReadWrite: ['secretsmanager'],
  AWSStepFunctionsFullAccess: ['states'],
  AmazonEventBridgeFullAccess: ['events'],
  AmazonSESFullAccess: ['ses'],
  AmazonSSMFullAccess: ['ssm'],
  AmazonRekognitionFullAccess: ['rekognition'],
  AmazonTextractFullAccess: ['textract'],
  AmazonBedrockFullAccess: ['bedrock'],
  AmazonAthenaFullAccess: ['athena'],
  AmazonTranscribeFullAccess: ['transcribe'],
  ComprehendFullAccess: ['comprehend'],
  AmazonPollyFullAccess: ['polly'],
  AmazonElastiCacheFullAccess: ['elasticache'],
  AmazonOpenSearchServiceFullAccess: ['es'],
  AmazonESFullAccess: ['es'],
};

/** Services whose actions Lambda performs with the role for a mapping it polls, and for a dead-letter queue or destination it sends to. */
const POLLED_SERVICES = new Set(['sqs', 'kinesis', 'dynamodb', 'kafka']);
const SENT_TO_SERVICES = new Set(['sqs', 'sns', 'lambda', 'events']);

export interface ManagedPolicyUse {
  functions: string[];
  /** The actions of the policy's services that the code calls (side permissions included), in IAM's spelling, sorted. */
  used: string[];
  /** The statements that grant what the code uses of the policy, when the fix can replace it. */
  replacement?: PolicyStatement[];
}

/** The judgement of one attachment of the policy `name`, or undefined when it cannot be certain. */
export function managedPolicyUse(model: AppModel, attachment: ManagedPolicyAttachment, name: string, handlers: ReadonlyMap<string, HandlerCodeSummary>): ManagedPolicyUse | undefined {
  const services = FULL_ACCESS_SERVICES[name];
  const functions = attachment.functions;
  if (!services || functions.length === 0 || (attachment.when?.length ?? 0) > 0) return undefined;
  if (attachment.origin === 'iam-user' || attachment.origin === 'iam-group') return undefined;
  // A role that a state machine, an instance or an account may also assume uses the policy too.
  if (attachment.origin === 'iam-role' && !roleServesOnlyFunctions(model, attachment.resource)) return undefined;
  // Lambda itself may use the policy for the function: polling a queue or stream of an event-source mapping, sending
  // to a dead-letter queue or a destination, reading a broker's secret. SAM's and the Framework's own event sources
  // bring their own policies.
  const platform = platformUseOf(model);
  const mayServeLambda = services.some(
    (service) => (platform.eventSourceMappings && POLLED_SERVICES.has(service)) || (platform.sends && SENT_TO_SERVICES.has(service)) || (platform.brokerSources && service === 'secretsmanager'),
  );
  if (mayServeLambda) return undefined;
  const summaries = completeCodeOf(model, functions, attachment.origin === 'serverless-provider-role', handlers);
  if (!summaries) return undefined;
  const ofService = (action: string) => services.includes(action.split(':')[0].toLowerCase());
  const used = new Map<string, PolicyResource[] | null>();
  for (const summary of summaries) {
    for (const action of [...(summary.actions ?? []), ...(summary.sideActions ?? [])]) {
      if (!ofService(action)) continue;
      const resources = summary.actionResources?.[action];
      const known = used.has(action) ? used.get(action) : [];
      used.set(action, known === null || !resources ? null : [...known!, ...resources]);
    }
  }
  const out: ManagedPolicyUse = { functions, used: [...used.keys()].sort() };
  if (attachment.origin === 'sam-policies' && used.size > 0 && otherCallsGrantedElsewhere(model, functions, summaries, ofService)) out.replacement = statementsOf(used);
  return out;
}

/**
 * True when every call of another service is granted by a statement the template spells out: the
 * policy may allow some of those too (AmazonDynamoDBFullAccess allows `sns:CreateTopic`), and
 * replacing it must not take away what the code calls.
 */
function otherCallsGrantedElsewhere(model: AppModel, functions: readonly string[], summaries: readonly HandlerCodeSummary[], ofService: (action: string) => boolean): boolean {
  const grants = functionGrants(model);
  return functions.every((name, index) => {
    const granted = grants.get(name);
    if (!granted) return false;
    // The grants as written, without the unknowns (this policy is one of them): only a statement that grants counts.
    const written = { ...granted, unknown: [] };
    return (summaries[index].actions ?? []).filter((action) => !ofService(action)).every((action) => isActionGranted(written, action).state === 'granted');
  });
}

/** One statement per set of resources; an action whose resource is not known is granted on `*`, as the policy did. */
function statementsOf(used: ReadonlyMap<string, PolicyResource[] | null>): PolicyStatement[] {
  const byResources = new Map<string, { actions: string[]; resources: PolicyResource[] }>();
  for (const [action, resources] of [...used].sort(([a], [b]) => a.localeCompare(b))) {
    const distinct = resources && resources.length > 0 && !resources.includes('*') ? [...new Map(resources.map((resource) => [JSON.stringify(resource), resource])).values()] : ['*'];
    const key = JSON.stringify(distinct);
    const entry = byResources.get(key) ?? { actions: [], resources: distinct };
    entry.actions.push(action);
    byResources.set(key, entry);
  }
  return [...byResources.values()].map(({ actions, resources }) => ({ Effect: 'Allow' as const, Action: actions, Resource: resources }));
}

/**
 * The fix that replaces a SAM `Policies` entry naming the policy with a policy document of the
 * statements (`- Statement: [...]`, which SAM accepts beside policy names), in the file's syntax.
 * Undefined for an entry of a flow list in YAML, or one that is not a plain list item.
 */
export function replaceManagedPolicyFix(model: AppModel, attachment: ManagedPolicyAttachment, name: string, statements: readonly PolicyStatement[]): Fix | undefined {
  const text = model.document.text;
  const node: SourceNode = attachment.node;
  // A `!Sub` ARN's range may not hold its tag: only a name or an ARN written as plain text is replaced, and only as
  // an item of the function's own block `Policies` list (a single name as the whole value has no list to extend).
  if (intrinsicName(node)) return undefined;
  const holder = model.resources.find((resource) => resource.logicalId === attachment.resource);
  const list = valueOf(holder?.properties, 'Policies');
  if (!isSeq(list) || !list.items.includes(node)) return undefined;
  const unit = indentUnitOf(text);
  let newText: string;
  if (model.document.format === 'json') {
    newText = jsonValue({ Statement: statements } as never, lineIndentOf(text, node.range.start), unit);
  } else {
    if (list.isFlow) return undefined;
    const column = columnOf(text, node.range.start);
    newText = `Statement:\n${policyStatementsYaml(statements, ' '.repeat(column + unit))}`;
  }
  const actions = statements.flatMap((statement) => statement.Action);
  const shown = actions.length <= 3 ? actions.join(', ') : `${actions.slice(0, 3).join(', ')} and ${actions.length - 3} more`;
  return { title: `Replace ${name} with a statement of ${shown}`, edits: [{ range: node.range, newText }] };
}

/**
 * A statement of a function's role that grants actions no function on that role calls, judged from
 * the handlers' code: the AWS SDK calls of each function's handler (its own function, the helpers of
 * its file and the modules it imports) give the actions it needs, and what the platform does for the
 * function (logs, tracing, VPC interfaces, event-source polling, dead-letter and destination sends,
 * environment decryption) is never counted as unused. Silence beats a wrong rewrite, so a statement
 * is judged only when every function it reaches has a handler whose calls were all read, the role
 * serves nothing but those functions, and the statement's actions are all known.
 */
import { defineRule, type AppModel, type Fix, type HandlerCodeSummary, type IamStatement } from '../../server/src/engine';
import { valueText } from '../../server/src/engine/fix/edits';
import { effectiveAccessLevel, expandActionPattern, isExpandedPolicyTemplate, listForMessage, lookupAction, statementValues } from './support/iam-statements';
import { intrinsicName, isMap, isSeq, valueOf } from '../../server/src/engine/parse/tree';
import type { SourceNode } from '../../server/src/engine/types';

/** Statement origins that give permissions to functions' roles, and that the user wrote. */
const ROLE_ORIGINS = new Set<IamStatement['origin']>(['serverless-provider-role', 'serverless-function-role', 'sam-policies', 'iam-role-inline', 'iam-policy', 'iam-managed-policy']);

/** Services whose actions Lambda itself uses for a function, whatever its code: logs, tracing, network interfaces, keys. */
const PLATFORM_SERVICES = new Set(['logs', 'xray', 'ec2', 'kms', 'cloudwatch']);

/** Actions an event-source mapping or an asynchronous invocation performs with the function's role. */
const PLATFORM_ACTIONS = new Set(
  [
    'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility',
    'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard', 'kinesis:DescribeStreamConsumer',
    'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams',
  ].map((action) => action.toLowerCase()),
);

/** Sends a dead-letter queue or an on-failure destination makes with the function's role. */
const DESTINATION_ACTIONS = new Set(['sqs:SendMessage', 'sns:Publish', 'lambda:InvokeFunction', 'events:PutEvents'].map((action) => action.toLowerCase()));

export default defineRule({
  meta: {
    id: 'iam-unused-permission',
    title: 'Role statement that grants actions its functions never call',
    category: 'iam',
    severity: 'warning',
    messageSeverity: { unusedRead: 'info' },
    confidence: 'medium',
    description:
      'The statement grants actions that no function on the role calls, judged from the AWS SDK calls of their handlers. Unused write, delete and permission actions are what an attacker who gets code execution in the function (an injection, a compromised dependency) uses to do damage beyond what the function does.',
    remediation: 'Grant exactly the actions the code calls (the finding lists them, and its fix rewrites the statement to them), and give each function its own role where the format supports it.',
    equivalents: ['AwsSolutions-IAM5'],
    references: ['OWASP-Serverless-A5', 'SAS-4', 'CWE-250', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege'],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      unusedWrite: '{{holder}} granted {{unused}}, which no function on the role calls; {{used}}.',
      unusedRead: '{{holder}} granted {{unused}}, which no function on the role calls (read access); {{used}}.',
      nothingUsed: '{{holder}} granted {{unused}} by this statement, and its code calls none of them.',
    },
    fix: 'suggestion',
    readsHandlerCode: true,
  },
  check({ model, handlers, report }) {
    if (!handlers || handlers.size === 0) return;
    const platformSends = usesDestinations(model);
    const brokerSources = usesBrokerSources(model);
    for (const statement of model.iamStatements) {
      if (!ROLE_ORIGINS.has(statement.origin) || statement.effect !== 'Allow' || statement.isForeign || statement.isNotAction || isExpandedPolicyTemplate(statement)) continue;
      const functions = statement.functions;
      if (functions.length === 0 || !servesOnly(model, statement)) continue;
      // A layer (an extension, shared code) runs with the function's role, and its calls are not read.
      if (functions.some((name) => hasLayers(model, name))) continue;
      const summaries = functions.map((name) => handlers.get(name));
      // Every function on the role must have a handler whose calls were all read.
      if (summaries.some((summary) => !summary || summary.actionsIncomplete)) continue;
      const values = statementValues(statement.actions, model.resolver);
      if (values.hasUnknown || values.known.length === 0 || values.known.some((value) => value.when.length > 0)) continue;
      // Side permissions (an encrypted object's key, an ACL a request may set) may be used: never called unused.
      const used = new Set((summaries as HandlerCodeSummary[]).flatMap((summary) => [...(summary.actions ?? []), ...(summary.sideActions ?? [])]).map((action) => action.toLowerCase()));
      const granted = new Map<string, string>();
      let expandable = true;
      for (const value of values.known) {
        const expanded = expandActionPattern(value.text);
        if (!expanded) expandable = false;
        for (const action of expanded ?? []) granted.set(action.qualifiedName.toLowerCase(), action.qualifiedName);
      }
      if (!expandable || granted.size === 0) continue;
      const isPlatform = (action: string) => PLATFORM_SERVICES.has(action.split(':')[0]) || PLATFORM_ACTIONS.has(action) || (platformSends && DESTINATION_ACTIONS.has(action)) || (brokerSources && BROKER_SOURCE_ACTIONS.test(action));
      const unused = [...granted.keys()].filter((action) => !used.has(action) && !isPlatform(action));
      if (unused.length === 0) continue;
      const kept = values.known.flatMap((value) => keptEntries(value.text, used, isPlatform));
      const unusedNames = unused.map((action) => granted.get(action)!).sort();
      const writes = unusedNames.filter((action) => {
        const level = lookupAction(action) ? effectiveAccessLevel(lookupAction(action)!) : 'Write';
        return level === 'Write' || level === 'Permissions management' || level === 'Tagging';
      });
      const usedHere = [...granted.keys()].filter((action) => used.has(action)).map((action) => granted.get(action)!).sort();
      const shown = (writes.length > 0 ? writes : unusedNames).map((action) => `\`${action}\``);
      const unusedText = unusedNames.length > shown.length || unusedNames.length > 3 ? `${listForMessage(shown.slice(0, 3), 3)}${unusedNames.length > 3 ? ` (${unusedNames.length} actions in all)` : ''}` : listForMessage(shown);
      const holder = functions.length === 1 ? `Function ${functions[0]} is` : `The ${functions.length} functions on this role (${listForMessage(functions)}) are`;
      const messageId = kept.length === 0 ? 'nothingUsed' : writes.length > 0 ? 'unusedWrite' : 'unusedRead';
      const actionEntry = isMap(statement.declaration) ? statement.declaration.entries.find((entry) => entry.key.value === 'Action') : undefined;
      const actionNode = actionEntry?.value ?? valueOf(statement.declaration, 'Action');
      const fixes: Fix[] = kept.length > 0 && actionNode ? [{ title: `Grant only ${listForMessage(kept)}`, edits: [{ range: actionNode.range, newText: valueText(model.document, actionNode, kept) }] }] : [];
      report({
        messageId,
        data: { holder, unused: unusedText, used: usedHere.length > 0 ? `its code calls only ${listForMessage(usedHere.map((action) => `\`${action}\``))}` : 'the statement\'s other actions are what Lambda itself uses for the function' },
        node: actionEntry ?? actionNode ?? { range: statement.range },
        resource: statement.resource,
        fixes,
      });
    }
  },
});

/**
 * The entries to keep from one Action entry: an exact action that is used (or the platform's) stays as
 * written; a wildcard becomes the used actions it covers, in IAM's own spelling.
 */
function keptEntries(text: string, used: ReadonlySet<string>, isPlatform: (action: string) => boolean): string[] {
  const expanded = expandActionPattern(text) ?? [];
  const isWildcard = /[*?]/.test(text);
  if (!isWildcard) return expanded.some((action) => used.has(action.qualifiedName.toLowerCase()) || isPlatform(action.qualifiedName.toLowerCase())) ? [text] : [];
  return expanded.filter((action) => used.has(action.qualifiedName.toLowerCase())).map((action) => action.qualifiedName);
}

/**
 * True when the statement's permissions go to the functions alone: a role whose trust policy lets
 * only Lambda assume it, and a policy attached to no user or group and to no role without functions.
 */
function servesOnly(model: AppModel, statement: IamStatement): boolean {
  if (statement.attachedTo && (statement.attachedTo.users.length > 0 || statement.attachedTo.groups.length > 0)) return false;
  const roles = statement.origin === 'iam-role-inline' ? [statement.resource] : (statement.attachedTo?.roles ?? []);
  for (const role of roles) {
    const functionsOnRole = model.functions.filter((fn) => fn.roleReference === role);
    if (functionsOnRole.length === 0) return false;
    const trust = model.iamStatements.filter((candidate) => candidate.resourcePolicy?.service === 'iam-role-trust' && candidate.resourcePolicy.targets.includes(role));
    for (const entry of trust) {
      // Every principal the role trusts must be Lambda's: a state machine, an instance or an account would use the grants too.
      const principals = principalTexts(model, entry.principal);
      if (principals.length === 0 || principals.some((principal) => principal !== 'lambda.amazonaws.com' && principal !== 'edgelambda.amazonaws.com')) return false;
    }
  }
  return true;
}

/** Every value of a trust statement's principal (`{ Service: [lambda.amazonaws.com] }` gives `lambda.amazonaws.com`), resolved. */
function principalTexts(model: AppModel, node: IamStatement['principal']): string[] {
  const out: string[] = [];
  const visit = (current: SourceNode | null | undefined): void => {
    if (!current) return;
    if (isMap(current) && !intrinsicName(current)) for (const entry of current.entries) visit(entry.value);
    else if (isSeq(current)) for (const item of current.items) visit(item);
    else out.push(model.resolver.display(model.resolver.resolve(current)));
  };
  visit(node);
  return out;
}

/**
 * Event sources that Lambda polls with the function's role and reads credentials for: Amazon MSK,
 * self-managed Kafka, Amazon MQ and DocumentDB streams (cluster descriptions, broker reads, the
 * secret holding their credentials).
 */
const BROKER_SOURCE_ACTIONS = /^(kafka|kafka-cluster|mq|rds|docdb-elastic):|^secretsmanager:(GetSecretValue|DescribeSecret)$/i;

function usesBrokerSources(model: AppModel): boolean {
  return /Type:\s*['"]?(MSK|SelfManagedKafka|MQ|DocumentDB)\b|\b(msk|kafka|activemq|rabbitmq|documentDb)\s*:|AWS::Lambda::EventSourceMapping/.test(model.document.text);
}

/** True when the function, or every function (SAM Globals, Serverless provider), has layers. */
function hasLayers(model: AppModel, functionName: string): boolean {
  const fn = model.functions.find((candidate) => candidate.name === functionName);
  const own = fn && isMap(fn.declaration) ? fn.declaration.entries.some((entry) => entry.key.value === 'layers' || entry.key.value === 'Layers' || (isMap(entry.value) && entry.value.entries.some((inner) => inner.key.value === 'Layers'))) : false;
  return own || /^\s*(Layers|layers):/m.test(model.document.text.slice(0, model.document.text.search(/^(Resources|functions):/m) + 1 || undefined));
}

/** True when the template gives functions a dead-letter queue or destinations: Lambda sends to them with the function's role. */
function usesDestinations(model: AppModel): boolean {
  return /DeadLetter|OnFailure|OnSuccess|DestinationConfig|EventInvokeConfig|destinations:|onError:/.test(model.document.text);
}

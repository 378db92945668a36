/**
 * The least-privilege policy a handler's code needs: the IAM actions of its AWS SDK calls (through
 * `iamActionsForCall`), each scoped to the resource the call names where that can be known, in the
 * template's own syntax: `TableName: process.env.TABLE` with `TABLE: !Ref Orders` in the template
 * gives `!GetAtt Orders.Arn`; a literal bucket name gives `arn:${AWS::Partition}:s3:::name/*`. What
 * cannot be known stays `*` and is said in a note, never guessed. Pure: the code model and the
 * function's binding in, statements out.
 */
import type { AwsSdkCall, CodeDocument } from '../code/model';
import { belongsToHandler } from '../project/handler-code';
import type { EnvironmentResource } from '../project/types';
import { callTargetKind, resourceShapeOf, type ResourceKind } from './resource-kinds';
import { iamActionsForCall } from './sdk-operations';

/** A Resource entry: a plain ARN or `*`, or a CloudFormation intrinsic in its JSON form. */
export type PolicyResource = string | { 'Fn::GetAtt': [string, string] } | { Ref: string } | { 'Fn::Sub': string };

export interface PolicyStatement {
  Effect: 'Allow';
  Action: string[];
  Resource: PolicyResource[];
}

export interface NeededPolicy {
  statements: PolicyStatement[];
  /** What the policy may lack or could not scope, in words: unknown operations, unscoped resources, side permissions. */
  notes: string[];
  /** The SDK calls read. */
  calls: number;
}

export interface NeededPolicyOptions {
  /** Only the calls of this handler (in its function, or outside every handler of the file); all calls when absent. */
  exportName?: string;
  /** The resources the function's environment names (from its binding). */
  environmentResources?: Readonly<Record<string, EnvironmentResource>>;
}

/** The parameters that name the target of an action of each resource kind. */
const TARGET_PARAMETERS: Partial<Record<ResourceKind, string[]>> = {
  object: ['Bucket'],
  bucket: ['Bucket'],
  table: ['TableName'],
  index: ['TableName'],
  stream: ['StreamName', 'StreamARN', 'TableName'],
  queue: ['QueueUrl'],
  topic: ['TopicArn', 'TargetArn'],
  function: ['FunctionName'],
  secret: ['SecretId'],
  'state-machine': ['stateMachineArn', 'StateMachineArn'],
  'event-bus': ['EventBusName'],
  'delivery-stream': ['DeliveryStreamName'],
  key: ['KeyId'],
  parameter: ['Name'],
};

export function neededPolicy(code: CodeDocument, options: NeededPolicyOptions = {}): NeededPolicy {
  const notes: string[] = [];
  const byResource = new Map<string, { resource: PolicyResource; actions: Set<string> }>();
  const belongs = options.exportName === undefined ? () => true : belongsToHandler(code, options.exportName);
  const calls = code.awsCalls.filter((call) => belongs(call.location));
  for (const call of calls) {
    const label = `${call.service}.${call.operation}`;
    const mapped = iamActionsForCall(call, call.details);
    if (mapped.unknown) notes.push(`\`${label}\`: ${mapped.unknown}`);
    for (const side of mapped.sideActions ?? []) notes.push(`\`${label}\` also needs \`${side.action}\` ${side.when}`);
    for (const action of mapped.actions) {
      const { resource, note } = resourceFor(call, action, options.environmentResources);
      if (note) notes.push(`\`${label}\` (\`${action}\`): ${note}`);
      const key = JSON.stringify(resource);
      const entry = byResource.get(key) ?? { resource, actions: new Set<string>() };
      entry.actions.add(action);
      byResource.set(key, entry);
    }
  }
  for (const opaque of code.opaqueAwsCalls ?? []) if (belongs(opaque.location)) notes.push(`${opaque.reason}: its actions are not in this policy`);
  // One statement per set of actions, listing every resource those actions need.
  const byActions = new Map<string, PolicyStatement>();
  for (const { resource, actions } of byResource.values()) {
    const sorted = [...actions].sort();
    const key = sorted.join(',');
    const statement = byActions.get(key) ?? { Effect: 'Allow' as const, Action: sorted, Resource: [] };
    statement.Resource.push(resource);
    byActions.set(key, statement);
  }
  const statements = [...byActions.values()].sort((a, b) => a.Action[0].localeCompare(b.Action[0]));
  return { statements, notes: [...new Set(notes)], calls: calls.length };
}

/**
 * For each action the handler's calls need (side permissions included), the resources those calls act on, in the
 * template's syntax (as `neededPolicy` scopes them): `'*'` for an action that takes no resource,
 * `null` when some call's resource is not known. The fixes that scope a statement's Resource, or
 * write a function's own policy, read it.
 */
export function actionResourcesOf(code: CodeDocument, options: NeededPolicyOptions = {}): Record<string, PolicyResource[] | null> {
  const out: Record<string, PolicyResource[] | null> = {};
  const belongs = options.exportName === undefined ? () => true : belongsToHandler(code, options.exportName);
  for (const call of code.awsCalls) {
    if (!belongs(call.location)) continue;
    const mapped = iamActionsForCall(call, call.details);
    // Side permissions too: a fix that keeps one the role grants today writes it on the call's resource.
    for (const action of [...mapped.actions, ...(mapped.sideActions ?? []).map((side) => side.action)]) {
      const { resource, note } = resourceFor(call, action, options.environmentResources);
      const known = out[action];
      // `*` without a note: the action takes no resource (`sts:GetCallerIdentity`, `xray:PutTraceSegments`).
      if ((resource === '*' && note !== undefined) || known === null) {
        out[action] = null;
        continue;
      }
      const list = known ?? [];
      if (!list.some((other) => JSON.stringify(other) === JSON.stringify(resource))) list.push(resource);
      out[action] = list;
    }
  }
  return out;
}

/** The Resource for one action of a call: from the parameter naming its target, else `*` with why. */
function resourceFor(call: AwsSdkCall, action: string, environment: NeededPolicyOptions['environmentResources']): { resource: PolicyResource; note?: string } {
  // The kind of target this call acts on (a DynamoDB Query with IndexName reads the index, not the table).
  const shape = { ...resourceShapeOf(action), kind: callTargetKind(call, action) };
  if (shape.kind === 'any') return { resource: '*' };
  const parameters = TARGET_PARAMETERS[shape.kind];
  if (!parameters) return { resource: '*', note: `its resource (${shape.kind}) is not derived yet; scope it by hand` };
  const given = call.resources?.find((resource) => parameters.includes(resource.parameter));
  if (!given) return { resource: '*', note: `the call does not spell out its ${parameters[0]}; scope it by hand` };
  const key = call.resources?.find((resource) => resource.parameter === 'Key');
  const objectPath = shape.kind === 'object' ? (key?.value.kind === 'literal' ? `${key.value.text}` : key?.value.kind === 'env' && key.value.prefix ? `${key.value.prefix}*` : '*') : undefined;
  const value = given.value;
  if (value.kind === 'env' && value.prefix === undefined && value.suffix === undefined) {
    const target = environment?.[value.variable];
    if (target) {
      const resource = templateArn(shape.kind, target, objectPath);
      if (resource) return { resource };
    }
    // An SSM parameter's ARN is `parameter/` and its name without a leading slash; its Ref does not say whether it has one,
    // and when its Name does not either (a template parameter), the ARN cannot be written.
    if (target?.type === 'AWS::SSM::Parameter') return { resource: '*', note: `${given.parameter} comes from \`${value.variable}\` (${target.logicalId}), whose ARN depends on whether its name starts with '/'; scope it by hand` };
    return { resource: '*', note: `${given.parameter} comes from \`${value.variable}\`, which the template does not set to one of its resources; scope it by hand` };
  }
  if (value.kind === 'literal' && value.text !== '') {
    const resource = literalArn(shape.kind, value.text, objectPath);
    if (resource) return { resource };
  }
  return { resource: '*', note: `its ${given.parameter} is not known; scope it by hand` };
}

/** The ARN of a template resource, written as the template would: `!GetAtt X.Arn`, `!Ref X`, or a `!Sub`. */
function templateArn(kind: ResourceKind, target: EnvironmentResource, objectPath: string | undefined): PolicyResource | undefined {
  const id = target.logicalId;
  const getAtt = (attribute: string): PolicyResource => ({ 'Fn::GetAtt': [id, attribute] });
  switch (kind) {
    case 'bucket':
      return target.type === 'AWS::S3::Bucket' ? getAtt('Arn') : undefined;
    case 'object':
      return target.type === 'AWS::S3::Bucket' ? { 'Fn::Sub': `\${${id}.Arn}/${objectPath ?? '*'}` } : undefined;
    case 'table':
      if (target.type === 'AWS::DynamoDB::Table' || target.type === 'AWS::DynamoDB::GlobalTable') return getAtt('Arn');
      // A SimpleTable's Ref is the table's name; it has no Arn attribute.
      return target.type === 'AWS::Serverless::SimpleTable' ? { 'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${${id}}` } : undefined;
    case 'index':
      if (target.type === 'AWS::DynamoDB::Table' || target.type === 'AWS::DynamoDB::GlobalTable') return { 'Fn::Sub': `\${${id}.Arn}/index/*` };
      return target.type === 'AWS::Serverless::SimpleTable' ? { 'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/\${${id}}/index/*` } : undefined;
    case 'queue':
      return target.type === 'AWS::SQS::Queue' ? getAtt('Arn') : undefined;
    case 'topic':
      // An SNS topic's Ref is its ARN.
      return target.type === 'AWS::SNS::Topic' ? { Ref: id } : undefined;
    case 'function':
      return target.type === 'AWS::Lambda::Function' || target.type === 'AWS::Serverless::Function' ? getAtt('Arn') : undefined;
    case 'secret':
      return target.type === 'AWS::SecretsManager::Secret' ? { Ref: id } : undefined;
    case 'state-machine':
      return target.type === 'AWS::StepFunctions::StateMachine' || target.type === 'AWS::Serverless::StateMachine' ? { Ref: id } : undefined;
    case 'event-bus':
      return target.type === 'AWS::Events::EventBus' ? getAtt('Arn') : undefined;
    case 'stream':
      return target.type === 'AWS::Kinesis::Stream' ? getAtt('Arn') : undefined;
    case 'delivery-stream':
      return target.type === 'AWS::KinesisFirehose::DeliveryStream' ? getAtt('Arn') : undefined;
    case 'key':
      return target.type === 'AWS::KMS::Key' ? getAtt('Arn') : undefined;
    case 'parameter':
      // The Ref is the name: `parameter${P}` when it starts with '/', else `parameter/${P}`.
      if (target.type !== 'AWS::SSM::Parameter' || target.nameStartsWithSlash === undefined) return undefined;
      return { 'Fn::Sub': `arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter${target.nameStartsWithSlash ? '' : '/'}\${${id}}` };
    default:
      return undefined;
  }
}

/** The ARN of a resource the code names by a literal: a name, or an ARN or URL it can be read from. */
function literalArn(kind: ResourceKind, text: string, objectPath: string | undefined): PolicyResource | undefined {
  if (text.startsWith('arn:')) return text;
  const sub = (rest: string) => ({ 'Fn::Sub': rest });
  const regional = (service: string, rest: string) => sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${rest}`);
  const plain = /^[\w.-]+$/.test(text);
  switch (kind) {
    case 'bucket':
      return plain ? sub(`arn:\${AWS::Partition}:s3:::${text}`) : undefined;
    case 'object':
      return plain ? sub(`arn:\${AWS::Partition}:s3:::${text}/${objectPath ?? '*'}`) : undefined;
    case 'table':
      return plain ? regional('dynamodb', `table/${text}`) : undefined;
    case 'index':
      return plain ? regional('dynamodb', `table/${text}/index/*`) : undefined;
    case 'parameter': {
      // `arn:...:parameter/app/db-password` for `/app/db-password` and `parameter/db-password` for `db-password`.
      const name = text.replace(/^\//, '');
      return /^[\w.\-/]+$/.test(name) && !name.includes('//') ? regional('ssm', `parameter/${name}`) : undefined;
    }
    case 'secret':
      // A secret's ARN is its name and the six random characters Secrets Manager appends: `secret:my-secret-AbCdEf`.
      return /^[\w/+=.@-]+$/.test(text) ? regional('secretsmanager', `secret:${text}-??????`) : undefined;
    case 'queue': {
      // https://sqs.<region>.amazonaws.com/<account>/<name>
      const match = /^https:\/\/sqs\.([\w-]+)\.amazonaws\.com\/(\d{12})\/([\w.-]+)$/.exec(text);
      return match ? `arn:aws:sqs:${match[1]}:${match[2]}:${match[3]}` : undefined;
    }
    case 'function':
      return plain ? regional('lambda', `function:${text}`) : undefined;
    case 'event-bus':
      return plain && text !== 'default' ? regional('events', `event-bus/${text}`) : text === 'default' ? regional('events', 'event-bus/default') : undefined;
    case 'delivery-stream':
      return plain ? regional('firehose', `deliverystream/${text}`) : undefined;
    case 'stream':
      return plain ? regional('kinesis', `stream/${text}`) : undefined;
    default:
      return undefined;
  }
}

/**
 * The statement one call needs for `actions`, each scoped as `neededPolicy` scopes it (a template
 * resource the environment names, a literal ARN), or undefined when a resource cannot be scoped: a
 * fix never writes `Resource: '*'`.
 */
export function statementForCall(call: AwsSdkCall, actions: readonly string[], environmentResources?: NeededPolicyOptions['environmentResources']): PolicyStatement | undefined {
  const resources = new Map<string, PolicyResource>();
  for (const action of actions) {
    const { resource } = resourceFor(call, action, environmentResources);
    if (resource === '*') return undefined;
    resources.set(JSON.stringify(resource), resource);
  }
  return { Effect: 'Allow', Action: [...actions], Resource: [...resources.values()] };
}

/**
 * A policy as YAML, indented by `indent`, with CloudFormation intrinsics in their short form (`!GetAtt Orders.Arn`),
 * or with `longForm` in the long one (`Fn::GetAtt: [Orders, Arn]`), which reads the same as the JSON a JSON
 * template holds: short tags have no JSON equivalent to paste.
 */
export function policyStatementsYaml(statements: readonly PolicyStatement[], indent = '', longForm = false): string {
  const scalar = (value: string) => (/^[\w:./*${}-]+$/.test(value) && !/^[*!&]/.test(value) ? value : `'${value.replace(/'/g, "''")}'`);
  const resource = (value: PolicyResource): string => {
    if (typeof value === 'string') return scalar(value);
    if ('Ref' in value) return longForm ? `Ref: ${scalar(value.Ref)}` : `!Ref ${value.Ref}`;
    if ('Fn::GetAtt' in value) return longForm ? `Fn::GetAtt: [${scalar(value['Fn::GetAtt'][0])}, ${scalar(value['Fn::GetAtt'][1])}]` : `!GetAtt ${value['Fn::GetAtt'][0]}.${value['Fn::GetAtt'][1]}`;
    return `${longForm ? 'Fn::Sub: ' : '!Sub '}'${value['Fn::Sub'].replace(/'/g, "''")}'`;
  };
  const lines: string[] = [];
  for (const statement of statements) {
    lines.push(`${indent}- Effect: Allow`);
    lines.push(`${indent}  Action:`);
    for (const action of statement.Action) lines.push(`${indent}    - ${scalar(action)}`);
    lines.push(`${indent}  Resource:`);
    for (const value of statement.Resource) lines.push(`${indent}    - ${resource(value)}`);
  }
  return lines.join('\n');
}

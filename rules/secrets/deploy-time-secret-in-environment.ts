/**
 * A secret-named environment variable filled at deploy time from the deployer's environment or
 * command line (`${env:...}`, `${opt:...}`, `${param:...}` in serverless.yml) or from a template
 * parameter: the value is not in the repository, but it lands in plain text in the function's
 * configuration and, without NoEcho, in CloudFormation's parameters. Literal values are
 * hardcoded-secret-in-environment's; `${ssm:...}`, `{{resolve:...}}` and SSM-typed parameters come
 * from a managed store and are not reported here (they land in the configuration too; see the doc).
 */
import { defineRule, type RuleContext } from '../../server/src/engine';
import type { EnvironmentVariable } from '../../server/src/engine/model/types';
import { intrinsicName, isMap, isScalar, isSeq, scalarText, valueOf } from '../../server/src/engine/parse/tree';
import { describeWhen, findVariables } from '../../server/src/engine/resolve/resolver';
import type { SourceNode } from '../../server/src/engine/types';
import { secretNameKind } from '../../server/src/engine/secrets/secret-detection';

/** Serverless variable sources a deployer fills: the shell environment, a CLI option, a Serverless Dashboard/Compose parameter. */
const DEPLOY_SOURCES = /^(env|opt|param):/;

export default defineRule({
  meta: {
    id: 'deploy-time-secret-in-environment',
    title: 'Secret passed into a function environment at deploy time',
    category: 'secrets',
    severity: 'info',
    confidence: 'medium',
    description:
      "A secret that a deploy-time variable or a template parameter puts into an environment variable is stored in plain text in the function's configuration, where anyone with lambda:GetFunctionConfiguration can read it, and it changes only with a redeploy.",
    remediation:
      'Put the secret in Secrets Manager or an SSM SecureString parameter, pass only its name or ARN in the environment, grant the function read access to it, and read it at run time (the AWS Parameters and Secrets Lambda Extension, Powertools parameters, or the SDK).',
    equivalents: [],
    references: [
      'OWASP-Serverless-A3',
      'SAS-7',
      'CWE-312',
      'https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html',
      'https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      fromDeployVariable:
        "Environment variable {{name}} gets a {{kind}} from {{source}} at deploy time{{when}}: it is stored in plain text in the function's configuration, readable with lambda:GetFunctionConfiguration. Pass only the name of a Secrets Manager secret or SSM SecureString parameter and read the value at run time.",
      fromParameter:
        "Environment variable {{name}} gets a {{kind}} from parameter {{parameter}}{{when}}: it is stored in plain text in the function's configuration, readable with lambda:GetFunctionConfiguration{{noEcho}}. Pass only the name of a Secrets Manager secret or SSM SecureString parameter and read the value at run time.",
    },
    fix: 'none',
  },
  check(context) {
    const { model } = context;
    for (const variable of [...model.sharedEnvironment, ...model.functions.flatMap((fn) => fn.environment)]) {
      const kind = secretNameKind(variable.name);
      if (!kind || !variable.entry.value) continue;
      for (const branch of model.resolver.branches(variable.entry.value)) {
        if (reportBranch(context, variable, kind, branch.node, describeWhen(branch.when))) break;
      }
    }
  },
});

/** Reports the first deploy-time source of one branch of a variable's value; true when it reported. */
function reportBranch(context: RuleContext, variable: EnvironmentVariable, kind: string, node: SourceNode | null | undefined, when: string): boolean {
  const { model } = context;
  const valueNode = variable.entry.value!;
  if (model.kind === 'serverless') {
    const source = serverlessDeploySource(context, node);
    if (source) {
      context.report({ messageId: 'fromDeployVariable', data: { name: variable.name, kind, source: `\`\${${source}}\``, when }, node: valueNode, resource: variable.resource });
      return true;
    }
  }
  for (const name of referencedNames(node, 0)) {
    const parameter = model.resolver.parameterNode(name);
    if (!isMap(parameter)) continue;
    // An `AWS::SSM::Parameter::Value<...>` parameter is read from Parameter Store at deploy time: a managed store, like `${ssm:...}`.
    if ((scalarText(valueOf(parameter, 'Type')) ?? 'String').startsWith('AWS::SSM::')) continue;
    const hasNoEcho = String(model.resolver.resolveString(valueOf(parameter, 'NoEcho'))).toLowerCase() === 'true';
    context.report({
      messageId: 'fromParameter',
      data: {
        name: variable.name,
        kind,
        parameter: name,
        when,
        noEcho: hasNoEcho ? ' (NoEcho masks it in CloudFormation, not in Lambda)' : ', and without NoEcho describe-stacks shows it too',
      },
      node: valueNode,
      resource: variable.resource,
    });
    return true;
  }
  return false;
}

/**
 * The deploy-time source (`env:DB_PASSWORD`) a Serverless value reads, directly or through
 * `${self:...}`/`${file(...)}`; undefined for literals and managed stores (`${ssm:...}`).
 * A variable with a fallback (`${env:TOKEN, 'dev'}`) still reads the deployer's value first.
 */
function serverlessDeploySource(context: RuleContext, node: SourceNode | null | undefined): string | undefined {
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  for (const variable of findVariables(node.value)) {
    const address = variable.inner.split(',')[0].trim();
    if (DEPLOY_SOURCES.test(address)) return address;
  }
  const resolved = context.model.resolver.resolve(node);
  if (resolved.state === 'unknown' && resolved.reference && DEPLOY_SOURCES.test(resolved.reference)) return resolved.reference;
  return undefined;
}

/** The names a CloudFormation value refers to: `Ref`, the `${X}` of `Fn::Sub` (not its own variables), and those inside `Fn::Join`. */
function referencedNames(node: SourceNode | null | undefined, depth: number): string[] {
  if (depth > 8 || !isMap(node)) return [];
  const name = intrinsicName(node);
  const argument = node.entries[0]?.value;
  if (name === 'Ref') return scalarText(argument) ? [scalarText(argument)!] : [];
  if (name === 'Fn::Sub') {
    const template = isSeq(argument) ? scalarText(argument.items[0]) : scalarText(argument);
    const variables = isSeq(argument) ? argument.items[1] : undefined;
    const names: string[] = [];
    for (const match of (template ?? '').matchAll(/\$\{([^}!][^}]*)\}/g)) {
      const inner = match[1].trim();
      const own = isMap(variables) ? valueOf(variables, inner) : undefined;
      if (own !== undefined) names.push(...referencedNames(own, depth + 1));
      else if (!inner.includes('.')) names.push(inner);
    }
    return names;
  }
  if (name === 'Fn::Join' && isSeq(argument) && isSeq(argument.items[1])) return argument.items[1].items.flatMap((item) => referencedNames(item, depth + 1));
  return [];
}

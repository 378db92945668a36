/**
 * A Lambda function on a runtime that AWS has deprecated: Lambda no longer applies security patches
 * to it, so known vulnerabilities of its language runtime and libraries stay open to every event the
 * function reads (OWASP Serverless A9, components with known vulnerabilities). Filed under `input`
 * because that is how such a flaw is reached: through the event data the function parses.
 *
 * The list holds only runtimes already deprecated when this release was made, with AWS's dates, so
 * the result never depends on the day the tool runs; a runtime deprecated later is added in a release.
 * Unresolved values (a parameter without default) are silent.
 */
import { defineRule } from '../../server/src/engine';
import { describeWhen } from '../../server/src/engine/resolve/resolver';
import { entryOf, isScalar, nodeAt } from '../../server/src/engine/parse/tree';
import type { MapEntry } from '../../server/src/engine/types';
import { providerSetting } from '../logging/support/settings';

/**
 * Deprecation dates from the AWS Lambda runtimes page (docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html),
 * as cfn-lint's `LmbdRuntimeLifecycle.json` records them; `nodejs18.x` (2025-09-01) and `python3.9`
 * (2025-12-15) as the page gives them after AWS moved both dates. Checkov's CKV_AWS_363 lists the same
 * runtimes (it adds `nodejs18.x` and `python3.9` once their dates pass, per comments in its source).
 * Conservative on purpose: runtimes whose announced dates have moved since (Amazon Linux 2 ones such as
 * `python3.10`, `java11`, `provided.al2`; `nodejs20.x`) are added when the page confirms them, since a
 * runtime wrongly called deprecated is a false alarm on every function. `successor` is the newest
 * supported runtime of the same language, for the message.
 */
export const DEPRECATED_RUNTIMES: ReadonlyMap<string, { since: string; successor: string }> = new Map([
  ['nodejs', { since: '2016-10-31', successor: 'nodejs24.x' }],
  ['nodejs4.3', { since: '2020-03-05', successor: 'nodejs24.x' }],
  ['nodejs4.3-edge', { since: '2020-03-05', successor: 'nodejs24.x' }],
  ['nodejs6.10', { since: '2019-08-12', successor: 'nodejs24.x' }],
  ['nodejs8.10', { since: '2020-03-06', successor: 'nodejs24.x' }],
  ['nodejs10.x', { since: '2021-07-30', successor: 'nodejs24.x' }],
  ['nodejs12.x', { since: '2023-03-31', successor: 'nodejs24.x' }],
  ['nodejs14.x', { since: '2023-12-04', successor: 'nodejs24.x' }],
  ['nodejs16.x', { since: '2024-06-12', successor: 'nodejs24.x' }],
  ['nodejs18.x', { since: '2025-09-01', successor: 'nodejs24.x' }],
  ['python2.7', { since: '2021-07-15', successor: 'python3.14' }],
  ['python3.6', { since: '2022-07-18', successor: 'python3.14' }],
  ['python3.7', { since: '2023-12-04', successor: 'python3.14' }],
  ['python3.8', { since: '2024-10-14', successor: 'python3.14' }],
  ['python3.9', { since: '2025-12-15', successor: 'python3.14' }],
  ['ruby2.5', { since: '2021-07-30', successor: 'ruby3.4' }],
  ['ruby2.7', { since: '2023-12-07', successor: 'ruby3.4' }],
  ['java8', { since: '2024-01-08', successor: 'java25' }],
  ['go1.x', { since: '2024-01-08', successor: 'provided.al2023' }],
  ['provided', { since: '2024-01-08', successor: 'provided.al2023' }],
  ['dotnetcore1.0', { since: '2019-06-27', successor: 'dotnet10' }],
  ['dotnetcore2.0', { since: '2019-05-30', successor: 'dotnet10' }],
  ['dotnetcore2.1', { since: '2022-01-05', successor: 'dotnet10' }],
  ['dotnetcore3.1', { since: '2023-04-03', successor: 'dotnet10' }],
  ['dotnet5.0', { since: '2022-05-10', successor: 'dotnet10' }],
  ['dotnet6', { since: '2024-11-12', successor: 'dotnet10' }],
  ['dotnet7', { since: '2024-05-14', successor: 'dotnet10' }],
]);

/**
 * Checkov's CKV_AWS_363 list (checkov/cloudformation/checks/resource/aws/DeprecatedLambdaRuntime.py, newest version
 * read): ours without `nodejs18.x` and `python3.9`, which it leaves commented out until dates it names. Compared as
 * written, case and spaces included.
 */
const CHECKOV_DEPRECATED_RUNTIMES: ReadonlySet<string> = new Set([
  'dotnetcore3.1', 'nodejs12.x', 'python3.6', 'python2.7', 'dotnet5.0', 'dotnetcore2.1', 'ruby2.5', 'nodejs10.x', 'nodejs8.10',
  'nodejs4.3', 'nodejs6.10', 'dotnetcore1.0', 'dotnetcore2.0', 'nodejs4.3-edge', 'nodejs', 'java8', 'python3.7', 'go1.x',
  'provided', 'ruby2.7', 'nodejs14.x', 'nodejs16.x', 'python3.8', 'dotnet7', 'dotnet6',
]);

/**
 * Deprecated runtimes that cdk-nag's AwsSolutions-L1 (src/rules/lambda/LambdaLatestVersion.ts) passes: it asks for the
 * newest runtime of the family (the letters before the version) among those the CDK knows, and skips `provided`.
 * `go1.x` and `dotnetcore3.1` are the newest of their families there.
 */
const CDK_NAG_NEWEST_OF_FAMILY: ReadonlySet<string> = new Set(['go1.x', 'dotnetcore3.1', 'provided']);

type RuntimeForm = 'lambda' | 'sam' | 'serverless';

/**
 * The checks a deprecated runtime answers: Checkov's CKV_AWS_363 on `AWS::Lambda::Function` and
 * `AWS::Serverless::Function` (its graph applies SAM `Globals`, so it fails each function that inherits one), for
 * a runtime of its list, an unconditional value; cdk-nag's L1 on a literal `Runtime` of a Lambda `CfnFunction`
 * (an intrinsic is no primitive there). Neither reads serverless.yml functions or provider.
 */
function runtimeEquivalents(form: RuntimeForm, runtime: string, isUnconditional: boolean, isLiteral: boolean): string[] {
  if (form === 'serverless' || !isUnconditional) return [];
  const checks: string[] = [];
  if (CHECKOV_DEPRECATED_RUNTIMES.has(runtime)) checks.push('CKV_AWS_363');
  if (form === 'lambda' && isLiteral && !CDK_NAG_NEWEST_OF_FAMILY.has(runtime)) checks.push('AwsSolutions-L1');
  return checks;
}

export default defineRule({
  meta: {
    id: 'function-runtime-deprecated',
    title: 'Lambda function on a deprecated runtime',
    category: 'input',
    severity: 'warning',
    confidence: 'high',
    description:
      'AWS stops applying security patches to a Lambda runtime when it deprecates it, then blocks creating and updating functions on it. Known vulnerabilities of the language runtime and its libraries stay open to every event the function reads.',
    remediation: 'Move the function to a supported runtime (the message names the newest of its language), test it, and deploy: `Runtime` on the function or SAM `Globals.Function`, `runtime` on a Serverless function or `provider`.',
    // Checkov reads CloudFormation and SAM functions, cdk-nag Lambda's own functions, each with its own list (runtimeEquivalents).
    equivalents: [],
    findingEquivalents: ['CKV_AWS_363', 'AwsSolutions-L1'],
    references: ['OWASP-Serverless-A9', 'SAS-6', 'CWE-1104', 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html'],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      deprecatedRuntime: '{{target}} uses {{runtime}}{{when}}, which AWS deprecated on {{since}}: it gets no security patches. Move to a supported runtime, such as {{successor}}.',
    },
    fix: 'none',
  },
  check(context) {
    const { model } = context;
    const reported = new Set<MapEntry>();
    const judge = (entry: MapEntry | undefined, target: string, resource: string, form: RuntimeForm) => {
      if (!entry || reported.has(entry)) return;
      reported.add(entry);
      for (const branch of model.resolver.branches(entry.value)) {
        const resolved = model.resolver.resolveString(branch.node);
        const deprecated = resolved === undefined ? undefined : DEPRECATED_RUNTIMES.get(resolved.trim().toLowerCase());
        if (!deprecated) continue;
        const isLiteral = branch.when.length === 0 && branch.node === entry.value && isScalar(entry.value);
        context.report({
          messageId: 'deprecatedRuntime',
          data: { target, runtime: resolved!.trim(), since: deprecated.since, successor: deprecated.successor, when: describeWhen(branch.when) },
          node: branch.node ?? entry.value ?? entry.key,
          resource,
          equivalents: runtimeEquivalents(form, resolved!, branch.when.length === 0, isLiteral),
        });
      }
    };
    const byId = new Map(model.resources.map((resource) => [resource.logicalId, resource]));
    for (const fn of model.functions) {
      const isServerlessFunction = model.kind === 'serverless' && fn.resource.startsWith('functions.');
      const type = byId.get(fn.resource)?.type;
      const own = isServerlessFunction ? entryOf(fn.declaration, 'runtime') : entryOf(byId.get(fn.resource)?.properties, 'Runtime');
      if (own) {
        judge(own, `Function ${fn.name}`, fn.resource, isServerlessFunction ? 'serverless' : type === 'AWS::Lambda::Function' ? 'lambda' : 'sam');
        continue;
      }
      // A shared setting is reported once, where it is written, for the functions that inherit it.
      if (isServerlessFunction) judge(providerSetting(model, ['runtime']).entry, 'provider.runtime (the default of every function without its own)', 'provider', 'serverless');
      else if (model.kind === 'sam' && type === 'AWS::Serverless::Function') judge(entryOf(nodeAt(model.document.root, ['Globals', 'Function']), 'Runtime'), 'Globals.Function.Runtime (the runtime of every SAM function without its own)', 'Globals.Function', 'sam');
    }
  },
});

/**
 * A template parameter whose default value is a secret: the value sits in
 * the template and its history whatever `NoEcho` says, and without `NoEcho`
 * CloudFormation also shows it in the console and in `describe-stacks`.
 * Parameters without a default are deploy-time input and are never reported.
 */
import { defineRule, type Fix, type RuleContext } from '../../server/src/engine';
import { replaceNode } from '../../server/src/engine/fix/edits';
import { entryOf, isMap, mapEntries, scalarText, valueOf } from '../../server/src/engine/parse/tree';
import type { MapEntry, MapNode } from '../../server/src/engine/types';
import { classifySecret } from '../../server/src/engine/secrets/secret-detection';
import { removeBlockEntry } from './support/entries';

/** Parameter types whose default can hold a literal secret; `AWS::SSM::Parameter::Value<...>` defaults are parameter names. */
const LITERAL_TYPES = new Set(['String', 'CommaDelimitedList']);

export default defineRule({
  meta: {
    id: 'secret-parameter-default',
    title: 'Template parameter with a secret default value',
    category: 'secrets',
    severity: 'error',
    confidence: 'high',
    description:
      'A secret in a parameter default is in the template, in version control and in every copy of it, and is what the stack uses whenever nobody passes a value. Without NoEcho, CloudFormation also shows it to anyone who can describe the stack.',
    remediation:
      'Remove the Default and set `NoEcho: true`, so the value is passed at deploy time and masked; better, keep it in Secrets Manager and use a `{{resolve:secretsmanager:...}}` dynamic reference. Rotate the exposed value.',
    // CloudSploit's plugin (plugins/aws/cloudformation/plainTextParameters.js) reads deployed stacks: it fails a parameter
    // whose key, lower-cased, is a substring of the text 'secret,password,privatekey' and whose value is not masked
    // (NoEcho shows '****'). Named on unmasked findings with such a name (`Password`, `Secret`, `PrivateKey`).
    equivalents: [],
    findingEquivalents: ['cloudsploit:cloudformationPlaintextParameters'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-7',
      'CWE-798',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      secretDefaultShown:
        'Parameter {{name}} has a hard-coded {{kind}} as its Default and no NoEcho: the value is in the template and shown by describe-stacks. Remove the Default and set NoEcho: true.',
      secretDefaultNoEcho:
        'Parameter {{name}} has a hard-coded {{kind}} as its Default: NoEcho masks it in the console, but it is still in the template. Remove the Default.',
    },
    fix: 'suggestion',
  },
  check(context) {
    const { model } = context;
    const root = model.document.root;
    // serverless.yml can declare CloudFormation parameters under `resources.Parameters`.
    const parameters = model.kind === 'serverless' ? valueOf(valueOf(root, 'resources'), 'Parameters') : valueOf(root, 'Parameters');
    for (const parameter of mapEntries(parameters)) {
      if (!isMap(parameter.value)) continue;
      const name = String(parameter.key.value);
      const type = scalarText(valueOf(parameter.value, 'Type')) ?? 'String';
      if (!LITERAL_TYPES.has(type)) continue;
      const defaultEntry = entryOf(parameter.value, 'Default');
      const fallback = model.resolver.resolve(defaultEntry?.value);
      if (!defaultEntry?.value || fallback.state !== 'known' || fallback.value === null) continue;
      const verdict = classifySecret(name, String(fallback.value));
      if (!verdict) continue;
      const hasNoEcho = String(model.resolver.resolveString(valueOf(parameter.value, 'NoEcho'))).toLowerCase() === 'true';
      context.report({
        messageId: hasNoEcho ? 'secretDefaultNoEcho' : 'secretDefaultShown',
        data: { name, kind: verdict.kind },
        node: defaultEntry.value,
        resource: name,
        equivalents: !hasNoEcho && 'secret,password,privatekey'.includes(name.toLowerCase()) ? ['cloudsploit:cloudformationPlaintextParameters'] : [],
        fixes: defaultFixes(context, parameter.value, defaultEntry, hasNoEcho),
      });
    }
  },
});

/** Without NoEcho: `Default: x` becomes `NoEcho: true`. With NoEcho: the Default line goes. */
function defaultFixes(context: RuleContext, parameter: MapNode, defaultEntry: MapEntry, hasNoEcho: boolean): Fix[] {
  const document = context.model.document;
  if (!hasNoEcho) {
    if (entryOf(parameter, 'NoEcho')) return [];
    const text = document.format === 'json' ? '"NoEcho": true' : 'NoEcho: true';
    return [{ title: 'Remove the default and mask the parameter with NoEcho', edits: [replaceNode(defaultEntry, text)] }];
  }
  const removal = removeBlockEntry(document, defaultEntry);
  return removal ? [{ title: 'Remove the default: pass the value at deploy time', edits: [removal] }] : [];
}

// The engine's core: document kinds, parsing with ranges, resolution,
// suppressions, and bad input that must never throw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../rules';
import { analyze, detectKind, parseDocument, type RuleModule } from '../../server/src/engine';
import { Resolver } from '../../server/src/engine/resolve/resolver';
import { nodeAt } from '../../server/src/engine/parse/tree';

const kindOf = (path: string, text: string) => detectKind(parseDocument(path, text).root);

describe('document kinds', () => {
  it('recognises each kind by content, whatever the file name', () => {
    assert.equal(kindOf('a.yml', 'service: x\nprovider:\n  name: aws\n'), 'serverless');
    assert.equal(kindOf('a.yml', 'service: x\nprovider:\n  name: azure\n'), null);
    assert.equal(kindOf('x.yaml', 'Transform: AWS::Serverless-2016-10-31\nResources: {}\n'), 'sam');
    assert.equal(kindOf('x.yaml', 'Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources: {}\n'), 'sam');
    assert.equal(kindOf('x.json', '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}'), 'cloudformation');
    assert.equal(kindOf('x.yaml', 'Resources:\n  T:\n    Type: AWS::SNS::Topic\n'), 'cloudformation');
  });

  it('ignores other YAML and JSON', () => {
    assert.equal(kindOf('deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n'), null);
    assert.equal(kindOf('.github/workflows/ci.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n'), null);
    assert.equal(kindOf('package.json', '{"name": "x", "version": "1.0.0"}'), null);
    const result = analyze({ path: 'k8s.yaml', text: 'apiVersion: v1\nkind: Secret\ndata:\n  password: aHVudGVyMg==\n', rules: allRules });
    assert.equal(result.kind, null);
    assert.deepEqual(result.findings, []);
  });
});

describe('parsing', () => {
  it('normalises every short-form tag and keeps the tag in the range', () => {
    const text = 'A: !GetAtt Fn.Arn\nB: !Sub "${X}"\nC: !If [Cond, a, b]\nD: !Base64 x\nE: !Cidr [a, 1, 2]\nF: !GetAZs ""\nG: !Split [",", x]\nH: !Equals [a, b]\nI: !And [x]\nJ: !Or [x]\nK: !Not [x]\nL: !Condition C\nM: !ImportValue V\nN: !Select [0, [a]]\nO: !FindInMap [M, K, V]\nP: !Join ["", [a]]\nQ: !Ref R\n';
    const document = parseDocument('t.yaml', text);
    assert.deepEqual(document.issues, []);
    const a = nodeAt(document.root, ['A'])!;
    assert.equal(text.slice(a.range.start, a.range.end), '!GetAtt Fn.Arn');
    assert.deepEqual(nodeAt(document.root, ['A', 'Fn::GetAtt', 1]) && (nodeAt(document.root, ['A', 'Fn::GetAtt', 1]) as { value: string }).value, 'Arn');
    for (const [key, longForm] of [['K', 'Fn::Not'], ['L', 'Condition'], ['M', 'Fn::ImportValue'], ['Q', 'Ref'], ['E', 'Fn::Cidr'], ['F', 'Fn::GetAZs']]) {
      assert.ok(nodeAt(document.root, [key, longForm]) !== undefined, `${key} -> ${longForm}`);
    }
  });

  it('survives an alias bomb, deep nesting, binary and huge input with a message', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill('*' + 'abcdefgh'[i]).join(',')}]`)].join('\n');
    const start = process.hrtime.bigint();
    assert.match(parseDocument('b.yml', bomb).issues.map((issue) => issue.message).join(), /alias/);
    assert.match(parseDocument('d.yml', '['.repeat(50_000)).issues[0].message, /./);
    assert.match(parseDocument('d.json', '['.repeat(50_000)).issues[0].message, /./);
    assert.match(parseDocument('bin.yml', 'a\u0000b').issues[0].message, /binary/);
    assert.match(parseDocument('big.yml', 'a: b\n'.repeat(1_500_000)).issues[0].message, /larger than/);
    assert.ok(Number(process.hrtime.bigint() - start) / 1e6 < 5_000, 'bounded time');
  });

  it('still finds problems in a half-typed file', () => {
    const text = 'service: orders\nprovider:\n  name: aws\nfunctions:\n  list:\n    handler: h.list\n    events:\n      - http: GET orders\n  broken:\n    handler: [unclosed\n';
    const result = analyze({ path: 'serverless.yml', text, rules: allRules });
    assert.ok(result.issues.length > 0, 'the syntax error is reported');
    assert.ok(result.findings.some((finding) => finding.ruleId === 'route-missing-auth'));
  });
});

describe('resolution', () => {
  const resolverFor = (text: string) => {
    const document = parseDocument('t.yml', text);
    return { resolver: new Resolver(document), root: document.root };
  };

  it('resolves CloudFormation intrinsics to known, partial or unknown', () => {
    const { resolver, root } = resolverFor(`AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: { Type: String, Default: prod }
  Secret: { Type: String }
Mappings:
  Env: { prod: { Size: large } }
Resources: {}
Values:
  ref: !Ref Stage
  noDefault: !Ref Secret
  sub: !Sub 'orders-\${Stage}'
  partial: !Sub 'arn:aws:s3:::\${AWS::AccountId}-bucket'
  join: !Join ['-', [a, !Ref Stage]]
  ifSame: !If [C, x, x]
  ifDiff: !If [C, x, y]
  map: !FindInMap [Env, !Ref Stage, Size]
  select: !Select [1, [a, b]]
  import: !ImportValue Shared
  literal: '\${NotAVariable}'
`);
    const value = (key: string) => resolver.resolve(nodeAt(root, ['Values', key]));
    assert.deepEqual(value('ref'), { state: 'known', value: 'prod', assumptions: ['parameter Stage keeps its default'] });
    assert.equal(value('noDefault').state, 'unknown');
    assert.equal(resolver.resolveString(nodeAt(root, ['Values', 'sub'])), 'orders-prod');
    assert.deepEqual(value('partial'), { state: 'partial', text: 'arn:aws:s3:::${AWS::AccountId}-bucket' });
    assert.equal(resolver.resolveString(nodeAt(root, ['Values', 'join'])), 'a-prod');
    assert.equal(resolver.resolveString(nodeAt(root, ['Values', 'ifSame'])), 'x');
    assert.deepEqual(resolver.outcomes(nodeAt(root, ['Values', 'ifDiff'])).map((outcome) => outcome.state === 'known' && outcome.value), ['x', 'y']);
    assert.equal(resolver.resolveString(nodeAt(root, ['Values', 'map'])), 'large');
    assert.equal(resolver.resolveString(nodeAt(root, ['Values', 'select'])), 'b');
    assert.deepEqual(value('import'), { state: 'unknown', reference: 'import:Shared' });
    // In CloudFormation, `${...}` outside Fn::Sub is literal text.
    assert.equal(resolver.resolveString(nodeAt(root, ['Values', 'literal'])), '${NotAVariable}');
  });

  it('resolves Serverless variables and keeps deploy-time sources opaque', () => {
    const { resolver, root } = resolverFor(`service: orders
custom:
  tables:
    prod: orders-prod
  stage: \${opt:stage, 'prod'}
provider:
  name: aws
  stage: \${self:custom.stage}
values:
  self: \${self:service}-\${sls:stage}
  nested: \${self:custom.tables.\${sls:stage}}
  opt: \${opt:region, 'eu-west-1'}
  env: \${env:API_KEY}
  envDefault: \${env:MISSING, 'fallback'}
  ssm: \${ssm:/orders/key}
  cf: \${cf:other-stack.Output}
  file: \${file(./config.yml):key}
`);
    const value = (key: string) => resolver.resolve(nodeAt(root, ['values', key]));
    assert.equal(resolver.resolveString(nodeAt(root, ['values', 'self'])), 'orders-prod');
    assert.equal(resolver.resolveString(nodeAt(root, ['values', 'nested'])), 'orders-prod');
    assert.equal(resolver.resolveString(nodeAt(root, ['values', 'opt'])), 'eu-west-1');
    assert.deepEqual(value('env'), { state: 'unknown', reference: 'env:API_KEY' });
    assert.equal(resolver.resolveString(nodeAt(root, ['values', 'envDefault'])), 'fallback');
    assert.deepEqual(value('ssm'), { state: 'unknown', reference: 'ssm:/orders/key' });
    assert.deepEqual(value('cf'), { state: 'unknown', reference: 'cf:other-stack.Output' });
    assert.equal(value('file').state, 'unknown', 'no reader: unknown, never read');
  });

  it('reads ${file()} data through the reader it is given, never code', () => {
    const document = parseDocument('/ws/serverless.yml', 'service: s\nprovider:\n  name: aws\nv: ${file(./config.yml):secret}\nw: ${file(./config.js):secret}\n');
    const requested: string[] = [];
    const resolver = new Resolver(document, (from, relative) => {
      requested.push(relative);
      return relative === './config.yml' ? { path: '/ws/config.yml', text: 'secret: from-file\n' } : undefined;
    });
    assert.equal(resolver.resolveString(nodeAt(document.root, ['v'])), 'from-file');
    assert.equal(resolver.resolve(nodeAt(document.root, ['w'])).state, 'unknown');
    assert.deepEqual(requested, ['./config.yml']);
  });
});

// These suites are about the engine, not the catalog: two auth rules, so that other rules' findings on the same text do not matter.
const authRules = allRules.filter((rule) => ['route-missing-auth', 'function-url-missing-auth'].includes(rule.meta.id));

describe('suppressions', () => {
  const base = 'service: orders\nprovider:\n  name: aws\nfunctions:\n  list:\n    handler: h.list\n    events:\n';
  it('honours a reasoned comment on the line above or on the line, and reports it', () => {
    for (const events of ['      # slsward-ignore route-missing-auth: public price list\n      - http: GET prices\n', '      - http: GET prices # slsward-ignore route-missing-auth: public price list\n']) {
      const result = analyze({ path: 'serverless.yml', text: base + events, rules: authRules });
      assert.deepEqual(result.findings.map((finding) => finding.ruleId), []);
      assert.deepEqual(result.suppressed.map((s) => [s.finding.ruleId, s.reason]), [['route-missing-auth', 'public price list']]);
    }
  });

  it('reports a suppression without a reason, or with the placeholder, and does not apply it', () => {
    for (const comment of ['# slsward-ignore route-missing-auth', '# slsward-ignore route-missing-auth: <why this is acceptable>']) {
      const result = analyze({ path: 'serverless.yml', text: `${base}      ${comment}\n      - http: GET prices\n`, rules: authRules });
      assert.deepEqual(result.findings.map((finding) => finding.ruleId).sort(), ['route-missing-auth', 'slsward-ignore-missing-reason']);
    }
  });

  it('does not hide another rule, and can be refused', () => {
    const text = `${base}      # slsward-ignore iam-wildcard-action: unrelated\n      - http: GET prices\n`;
    assert.deepEqual(analyze({ path: 'serverless.yml', text, rules: authRules }).findings.map((f) => f.ruleId), ['route-missing-auth']);
    const refused = analyze({ path: 'serverless.yml', text: `${base}      # slsward-ignore route-missing-auth: ok\n      - http: GET prices\n`, rules: authRules, settings: { honourInlineIgnores: false } });
    assert.deepEqual(refused.findings.map((f) => f.ruleId), ['route-missing-auth']);
  });

  it('honours Metadata.slsward.ignore in JSON', () => {
    const text = JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: { Url: { Type: 'AWS::Lambda::Url', Metadata: { slsward: { ignore: [{ rule: 'function-url-missing-auth', reason: 'signed webhook' }] } }, Properties: { AuthType: 'NONE', TargetFunctionArn: 'arn' } } } }, null, 2);
    const result = analyze({ path: 't.json', text, rules: authRules });
    assert.deepEqual(result.findings, []);
    assert.equal(result.suppressed[0].via, 'Metadata.slsward.ignore');
  });
});

describe('settings', () => {
  it('overrides severity per rule and turns rules off', () => {
    const text = 'service: s\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h\n    url: true\n    events:\n      - http: GET x\n';
    const result = analyze({ path: 'serverless.yml', text, rules: authRules, settings: { rules: { 'route-missing-auth': 'error', 'function-url-missing-auth': 'off' } } });
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.severity]), [['route-missing-auth', 'error']]);
  });
});

describe('included files', () => {
  it('never places findings of another file on this one', () => {
    const text = 'service: s\nprovider:\n  name: aws\nfunctions: ${file(./functions.yml)}\n';
    const reader = () => ({ path: '/ws/functions.yml', text: 'list:\n  handler: h.list\n  url: true\n  events:\n    - http: GET orders\n' });
    const result = analyze({ path: '/ws/serverless.yml', text, rules: allRules, readFile: reader });
    for (const finding of result.findings) assert.ok(finding.range.end <= text.length && text.slice(finding.range.start, finding.range.end).length > 0);
    assert.deepEqual(result.findings, []);
  });
});

describe('per-message severity', () => {
  const rule = {
    meta: {
      id: 'two-weights',
      title: 't',
      category: 'storage' as const,
      severity: 'error' as const,
      messageSeverity: { mild: 'warning' as const },
      confidence: 'high' as const,
      description: 'd',
      remediation: 'r',
      equivalents: [],
      references: [],
      targets: ['cloudformation' as const],
      messages: { severe: 'severe', mild: 'mild' },
      fix: 'none' as const,
    },
    check(context: Parameters<RuleModule['check']>[0]) {
      context.report({ messageId: 'severe', node: { range: { start: 0, end: 1 } } });
      context.report({ messageId: 'mild', node: { range: { start: 0, end: 1 } } });
    },
  };
  const text = "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n";

  it('takes the message default, then the rule default; a user setting overrides both', () => {
    assert.deepEqual(analyze({ path: 't.yaml', text, rules: [rule] }).findings.map((f) => [f.messageId, f.severity]), [['severe', 'error'], ['mild', 'warning']]);
    const configured = analyze({ path: 't.yaml', text, rules: [rule], settings: { rules: { 'two-weights': 'info' } } });
    assert.deepEqual(configured.findings.map((f) => [f.messageId, f.severity]), [['severe', 'info'], ['mild', 'info']]);
  });
});

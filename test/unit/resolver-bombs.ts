/**
 * Generates small documents whose values take exponential work or size to
 * resolve naively ("reference bombs"), one per construct the resolver
 * follows. Each also holds one real hard-coded secret, so a test can check
 * that the bomb costs nothing else. Used by resolver-budget.test.ts and by
 * hand (`npx tsx test/unit/resolver-bombs.ts` prints timings); no IO here.
 */

/** A literal the secret rule reports in every bomb (by name: DB_PASSWORD). */
export const SECRET = 'hunter2xyzQ7pLm9';

export interface Bomb {
  name: string;
  path: string;
  text: string;
  /** Extra files for `${file()}`, relative to the document. */
  files?: Record<string, string>;
}

/** Each level refers `fanOut` times to the level below: 2 x 22 doubles a string 22 times. */
export function serverlessFanOut(depth: number, fanOut: number): Bomb {
  const levels = [`    a0: abcdefghij`];
  for (let level = 1; level <= depth; level++) {
    levels.push(`    a${level}: ${('${self:custom.a' + (level - 1) + '}').repeat(fanOut)}`);
  }
  return {
    name: `serverless \${self:} fan-out ${fanOut} x ${depth}`,
    path: 'serverless.yml',
    text: `service: bomb
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    DB_PASSWORD: ${SECRET}
    BOMB: \${self:custom.a${depth}}
custom:
${levels.join('\n')}
functions:
  hello:
    handler: handler.hello
    environment:
      ALSO: \${self:custom.a${depth}}
`,
  };
}

/** `a{n}: ${self:custom.a{n-1}}`, `length` links long; `isCycle` closes it into a ring. */
export function serverlessChain(length: number, isCycle = false): Bomb {
  const links = [`    a0: ${isCycle ? '${self:custom.a' + length + '}' : 'end-of-chain'}`];
  for (let level = 1; level <= length; level++) links.push(`    a${level}: \${self:custom.a${level - 1}}`);
  return {
    name: `serverless \${self:} ${isCycle ? 'cycle' : 'chain'} of ${length}`,
    path: 'serverless.yml',
    text: `service: chain
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    DB_PASSWORD: ${SECRET}
    LINKED: \${self:custom.a${length}}
custom:
${links.join('\n')}
functions:
  hello:
    handler: handler.hello
`,
  };
}

/** Two files that include each other's keys, doubling at each level: `${file(b.yml):x{n-1}}` twice. */
export function serverlessFileFanOut(depth: number): Bomb {
  const file = (own: string, other: string) => {
    const lines = [`x0: ${own}-leaf`];
    for (let level = 1; level <= depth; level++) {
      const ref = '${file(./' + other + '.yml):x' + (level - 1) + '}';
      lines.push(`x${level}: "${ref}${ref}"`);
    }
    // A key that names this file itself: an include cycle.
    lines.push(`self: \${file(./${own}.yml):self}`);
    return lines.join('\n') + '\n';
  };
  return {
    name: `serverless \${file()} mutual fan-out 2 x ${depth}`,
    path: 'serverless.yml',
    text: `service: files
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    DB_PASSWORD: ${SECRET}
    FROM_FILE: \${file(./a.yml):x${depth}}
    LOOP: \${file(./a.yml):self}
custom: \${file(./a.yml)}
functions:
  hello:
    handler: handler.hello
`,
    files: { 'a.yml': file('a', 'b'), 'b.yml': file('b', 'a') },
  };
}

function cloudFormation(conditions: string[], extraResources = '', parameters = '', environment = ''): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage:
    Type: String
    Default: dev
${parameters}Conditions:
${conditions.join('\n')}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/x
      Code: { ZipFile: 'exports.handler = async () => 1' }
      Environment:
        Variables:
          DB_PASSWORD: ${SECRET}
${environment}${extraResources}`;
}

/** Each condition is `!And` (or `!Or`) of `fanOut` conditions of the level below. */
export function conditionFanOut(depth: number, fanOut: number, operator: 'And' | 'Or' = 'And'): Bomb {
  const conditions = [`  C0_0: !Equals [!Ref Stage, prod]`];
  for (let level = 1; level <= depth; level++) {
    const count = level === depth ? 1 : fanOut;
    for (let index = 0; index < count; index++) {
      const parts = Array.from({ length: fanOut }, (_, child) => `!Condition C${level - 1}_${level - 1 === 0 ? 0 : child}`);
      conditions.push(`  C${level}_${index}: !${operator} [${parts.join(', ')}]`);
    }
  }
  const top = `C${depth}_0`;
  return {
    name: `CloudFormation !${operator} of ${fanOut} conditions x ${depth}`,
    path: 'template.yaml',
    text: cloudFormation(
      conditions,
      `  Guarded:
    Type: AWS::SNS::Topic
    Condition: ${top}
    Properties:
      TopicName: !If [${top}, a, b]
      KmsMasterKeyId: !If [${top}, !If [${top}, alias/a, !Ref AWS::NoValue], alias/b]
`,
      '',
      `          MODE: !If [${top}, on, off]\n`,
    ),
  };
}

/** A condition chain `Cn: !Not [!Condition Cn-1]`, `length` long. */
export function conditionChain(length: number): Bomb {
  const conditions = [`  C0: !Equals [!Ref Stage, prod]`];
  for (let level = 1; level <= length; level++) conditions.push(`  C${level}: !Not [!Condition C${level - 1}]`);
  return {
    name: `CloudFormation condition chain of ${length}`,
    path: 'template.yaml',
    text: cloudFormation(conditions, '', '', `          MODE: !If [C${length}, on, off]\n`),
  };
}

/** Parameters whose defaults refer to the one below, each twice: `!Sub '${Pn-1}${Pn-1}'`. */
export function parameterSubFanOut(depth: number): Bomb {
  const parameters = [`  P0:\n    Type: String\n    Default: abcdefghij`];
  for (let level = 1; level <= depth; level++) {
    parameters.push(`  P${level}:\n    Type: String\n    Default: !Sub '\${P${level - 1}}\${P${level - 1}}'`);
  }
  return {
    name: `CloudFormation parameter defaults !Sub doubling x ${depth}`,
    path: 'template.yaml',
    text: cloudFormation([`  Always: !Equals [a, a]`], '', parameters.join('\n') + '\n', `          BIG: !Ref P${depth}\n`),
  };
}

/** One `Fn::Sub` with `count` variables, each from its map, each a `!Join`. */
export function subManyVariables(count: number): Bomb {
  const template = Array.from({ length: count }, (_, index) => `\${V${index}}`).join('-');
  const variables = Array.from({ length: count }, (_, index) => `                V${index}: !Join ['', [v, '${index}']]`).join('\n');
  return {
    name: `CloudFormation Fn::Sub with ${count} variables`,
    path: 'template.yaml',
    text: cloudFormation(
      [`  Always: !Equals [a, a]`],
      '',
      '',
      `          MANY: !Sub
            - '${template}'
            - 
${variables}
`,
    ),
  };
}

/** `Fn::If` nested `depth` deep on alternating undecided conditions, once as the value and once inside a `Fn::Join`. */
export function nestedIf(depth: number): Bomb {
  let value = `leaf`;
  for (let level = 0; level < depth; level++) value = `!If [C${level % 4}, ${value}, x${level}]`;
  let joined = `end`;
  for (let level = 0; level < depth; level++) joined = `!Join ['-', [j${level}, ${joined}]]`;
  return {
    name: `CloudFormation Fn::If and Fn::Join nested ${depth} deep`,
    path: 'template.yaml',
    text: cloudFormation(
      [0, 1, 2, 3].map((index) => `  C${index}: !Equals [!Ref AWS::Region, r${index}]`),
      `  Topic:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: ${value}
`,
      '',
      `          NESTED_IF: ${value}\n          NESTED_JOIN: ${joined}\n`,
    ),
  };
}

/**
 * `Fn::If` shared through YAML aliases: each level is `!If [Cn, *below, *below]`,
 * so the tree is small to write and has 2^depth paths.
 */
export function aliasIfFanOut(depth: number): Bomb {
  const lines = [`          L0: &l0 leaf`];
  for (let level = 1; level <= depth; level++) lines.push(`          L${level}: &l${level} !If [C${level % 8}, *l${level - 1}, *l${level - 1}]`);
  return {
    name: `CloudFormation Fn::If shared by aliases x ${depth}`,
    path: 'template.yaml',
    text: cloudFormation(
      Array.from({ length: 8 }, (_, index) => `  C${index}: !Equals [!Ref AWS::Region, r${index}]`),
      `  Topic:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: *l${depth}
`,
      '',
      lines.join('\n') + '\n',
    ),
  };
}

/** Serverless `${self:}` chain where each level is an `Fn::If` of the level below or a literal of its own: one more alternative per level. */
export function serverlessIfChain(depth: number): Bomb {
  const levels = [`    b0: leaf`];
  for (let level = 1; level <= depth; level++) {
    levels.push(`    b${level}: !If [C${level % 6}, '\${self:custom.b${level - 1}}', v${level}]`);
  }
  return {
    name: `serverless Fn::If alternatives chained x ${depth}`,
    path: 'serverless.yml',
    text: `service: ifs
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    DB_PASSWORD: ${SECRET}
    CHOICE: \${self:custom.b${depth}}
custom:
${levels.join('\n')}
functions:
  hello:
    handler: handler.hello
resources:
  Conditions:
${Array.from({ length: 6 }, (_, index) => `    C${index}: !Equals [!Ref AWS::Region, r${index}]`).join('\n')}
`,
  };
}

/** A 40 KB string (doubled 12 times) reused by `count` environment variables, each a new string: size, not depth. */
export function serverlessWideReuse(count: number): Bomb {
  const levels = [`    a0: abcdefghij`];
  for (let level = 1; level <= 12; level++) levels.push(`    a${level}: \${self:custom.a${level - 1}}\${self:custom.a${level - 1}}`);
  const variables = Array.from({ length: count }, (_, index) => `    V${index}: \${self:custom.a12}-${index}`);
  return {
    name: `serverless 40 KB string reused by ${count} variables`,
    path: 'serverless.yml',
    text: `service: wide
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    DB_PASSWORD: ${SECRET}
${variables.join('\n')}
custom:
${levels.join('\n')}
functions:
  hello:
    handler: handler.hello
`,
  };
}

/** Every bomb of the brief, at the size that was measured to hurt. */
export function allBombs(): Bomb[] {
  return [
    serverlessFanOut(22, 2),
    serverlessFanOut(7, 10),
    serverlessChain(10_000),
    serverlessChain(500, true),
    serverlessFileFanOut(22),
    conditionFanOut(7, 10),
    conditionFanOut(8, 10),
    conditionFanOut(8, 10, 'Or'),
    conditionChain(10_000),
    parameterSubFanOut(22),
    subManyVariables(5_000),
    nestedIf(90),
    aliasIfFanOut(40),
    serverlessIfChain(100),
    serverlessWideReuse(20_000),
  ];
}

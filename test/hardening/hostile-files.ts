/**
 * Generators for the hostile inputs users sent us: pure functions that return
 * a file's name, path and text or bytes (and, for the discovery cases, build a
 * temporary directory). Each file also says what must still be found in it
 * (the administrator role, the hard-coded secret), so a test can check that
 * hostile content costs only itself, never the rest of the file.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HostileFile {
  /** Stable id, used as the test name and to regenerate the file in a worker. */
  name: string;
  /** The file name the engine sees (its extension picks the parser). */
  path: string;
  text?: string;
  bytes?: Uint8Array;
  /** Findings that the rest of the file must still produce: `ruleId` on `resource`. */
  keeps: Array<{ ruleId: string; resource: string }>;
}

/** An inline policy with `Action: '*'` on `Resource: '*'`: rule iam-wildcard-action reports it on resource AdminRole. */
const ADMIN_ROLE_YAML = `  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: admin
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: '*'
                Resource: '*'
`;
export const KEEPS_ADMIN = { ruleId: 'iam-wildcard-action', resource: 'AdminRole' };

/** On main, hardcoded-secret-in-environment reports this value on resource `provider.environment`. */
export const SECRET_VALUE = 'S3cr3tP4ssw0rdValue9';
export const KEEPS_SECRET = { ruleId: 'hardcoded-secret-in-environment', resource: 'provider.environment' };

const CFN_HEADER = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n`;

export function cfnWithAdmin(extraResources: string): string {
  return `${CFN_HEADER}${ADMIN_ROLE_YAML}${extraResources}`;
}

function serverlessWithSecret(extra: string): string {
  return `service: hostile
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    DB_PASSWORD: '${SECRET_VALUE}'
functions:
  hello:
    handler: handler.main
${extra}`;
}

/** 100,000 nested flow brackets (200 KB) in one CloudFormation property. */
export function deepFlowBrackets(): HostileFile {
  const depth = 100_000;
  return {
    name: 'flow-brackets-100k',
    path: 'template.yaml',
    text: cfnWithAdmin(`  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: ${'['.repeat(depth)}${']'.repeat(depth)}\n`),
    keeps: [KEEPS_ADMIN],
  };
}

/** A JSON template whose administrator role comes first, then an array nested 8,000 deep. */
export function deepJsonArray(): HostileFile {
  const depth = 8_000;
  const admin = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      Policies: [{ PolicyName: 'admin', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } }],
    },
  };
  const deep = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
  return {
    name: 'json-array-8000-deep',
    path: 'template.json',
    text: `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"AdminRole":${JSON.stringify(admin)},"Topic":{"Type":"AWS::SNS::Topic","Metadata":{"deep":${deep}}}}}\n`,
    keeps: [KEEPS_ADMIN],
  };
}

/** `custom.aN: ${self:custom.aN-1}${self:custom.aN-1}`, 22 levels: 4 million references without memoisation. */
export function referenceBombDoubling(): HostileFile {
  const levels = 22;
  const lines = ['custom:', '  a0: x'];
  for (let level = 1; level <= levels; level++) lines.push(`  a${level}: \${self:custom.a${level - 1}}\${self:custom.a${level - 1}}`);
  return {
    name: 'serverless-reference-bomb-doubling-22',
    path: 'serverless.yml',
    text: serverlessWithSecret(`    environment:\n      BOMB: \${self:custom.a${levels}}\n${lines.join('\n')}\n`),
    keeps: [KEEPS_SECRET],
  };
}

/** Ten references per level, seven levels deep: ten million without memoisation. */
export function referenceBombWide(): HostileFile {
  const levels = 7;
  const lines = ['custom:', '  b0: y'];
  for (let level = 1; level <= levels; level++) lines.push(`  b${level}: '${`\${self:custom.b${level - 1}}`.repeat(10)}'`);
  return {
    name: 'serverless-reference-bomb-wide-10x7',
    path: 'serverless.yml',
    text: serverlessWithSecret(`    environment:\n      BOMB: \${self:custom.b${levels}}\n${lines.join('\n')}\n`),
    keeps: [KEEPS_SECRET],
  };
}

/** `!And` of ten `!Condition` of the level below, eight levels: 10^8 evaluations without memoisation. */
export function conditionBomb(): HostileFile {
  const levels = 8;
  const lines = ['Parameters:', '  Env:', '    Type: String', 'Conditions:', '  C0: !Equals [!Ref Env, prod]'];
  for (let level = 1; level <= levels; level++) lines.push(`  C${level}: !And [${Array(10).fill(`!Condition C${level - 1}`).join(', ')}]`);
  return {
    name: 'cloudformation-condition-bomb-10x8',
    path: 'template.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'\n${lines.join('\n')}\nResources:\n${ADMIN_ROLE_YAML}  Topic:\n    Type: AWS::SNS::Topic\n    Condition: C${levels}\n    Properties:\n      TopicName: !If [C${levels}, a, b]\n`,
    keeps: [KEEPS_ADMIN],
  };
}

/** Billion laughs: nine levels of ten aliases each, a billion nodes if expanded. */
export function aliasBomb(): HostileFile {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  const anchors = names.map((name, index) => `  ${name}: &${name} [${(index === 0 ? Array(10).fill('"lol"') : Array(10).fill(`*${names[index - 1]}`)).join(', ')}]`);
  return {
    name: 'yaml-alias-bomb',
    path: 'template.yaml',
    text: `AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n${anchors.join('\n')}\nResources:\n${ADMIN_ROLE_YAML}  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: *i\n`,
    keeps: [KEEPS_ADMIN],
  };
}

/** A 20 MB template of comments: refused by size, never parsed. */
export function twentyMegabytes(): HostileFile {
  const line = '  # padding padding padding padding padding padding padding padding padding\n';
  return {
    name: 'file-20mb',
    path: 'template.yaml',
    text: cfnWithAdmin(line.repeat(Math.ceil((20 * 1024 * 1024) / line.length))),
    keeps: [],
  };
}

/** One line of 10 MB inside an otherwise small template. */
export function tenMegabyteLine(): HostileFile {
  return {
    name: 'line-10mb',
    path: 'template.yaml',
    text: cfnWithAdmin(`  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: ${'x'.repeat(10 * 1024 * 1024)}\n`),
    keeps: [],
  };
}

/** An executable's bytes under a template's name. */
export function binaryFile(): HostileFile {
  const bytes = new Uint8Array(4096);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]);
  for (let index = 8; index < bytes.length; index++) bytes[index] = (index * 131) & 0xff;
  return { name: 'binary', path: 'template.yaml', bytes, keeps: [] };
}

const ENCODED_TEMPLATE = cfnWithAdmin('');

export function utf16LittleEndian(): HostileFile {
  return { name: 'utf16-le', path: 'template.yaml', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(ENCODED_TEMPLATE, 'utf16le')]), keeps: [] };
}

export function utf16BigEndian(): HostileFile {
  return { name: 'utf16-be', path: 'template.yaml', bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(ENCODED_TEMPLATE, 'utf16le').swap16()]), keeps: [] };
}

export function utf32LittleEndian(): HostileFile {
  const units = [...`\uFEFF${ENCODED_TEMPLATE}`].map((ch) => {
    const unit = Buffer.alloc(4);
    unit.writeUInt32LE(ch.codePointAt(0)!);
    return unit;
  });
  return { name: 'utf32-le', path: 'template.yaml', bytes: Buffer.concat(units), keeps: [] };
}

/** Latin-1: a description with `é` as the single byte 0xE9 (line 3). */
export function latin1(): HostileFile {
  return { name: 'latin1', path: 'template.yaml', bytes: Buffer.from(`AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  # caf\u00e9\n${ADMIN_ROLE_YAML}`, 'latin1'), keeps: [] };
}

/** Classic Mac line breaks: CR only. */
export function crOnlyLineBreaks(): HostileFile {
  return { name: 'cr-only-line-breaks', path: 'template.yaml', text: cfnWithAdmin('').replace(/\n/g, '\r'), keeps: [KEEPS_ADMIN] };
}

/** 2,000 unclosed `[` on one line, after the administrator role. */
export function unclosedBrackets(): HostileFile {
  return { name: 'unclosed-brackets-2000', path: 'template.yaml', text: cfnWithAdmin(`  Topic:\n    Type: AWS::SNS::Topic\n    Metadata: ${'['.repeat(2000)}\n`), keeps: [KEEPS_ADMIN] };
}

/** A serverless.yml with one 400 KB line and a syntax error at its end. */
export function longLineWithSyntaxError(): HostileFile {
  return {
    name: 'serverless-400kb-line-syntax-error',
    path: 'serverless.yml',
    text: serverlessWithSecret(`custom:\n  long: [${Array(400 * 1024 / 8).fill('"value"').join(',')}, {broken: ]\n`),
    keeps: [KEEPS_SECRET],
  };
}

/** `{a: ` a hundred thousand times, never closed. */
export function deepUnclosedMaps(): HostileFile {
  return { name: 'flow-maps-100k-unclosed', path: 'template.yaml', text: cfnWithAdmin(`  Topic:\n    Type: AWS::SNS::Topic\n    Metadata: ${'{a: '.repeat(100_000)}\n`), keeps: [KEEPS_ADMIN] };
}

/** ESC, CR, LF and U+202E in a resource name (YAML double-quoted escapes), with an admin policy on that resource. */
export const CONTROL_NAME = 'Admin\u001b[2J\rRole\n\u202eevil';
export function controlCharactersInNames(): HostileFile {
  return {
    name: 'control-characters-in-resource-names',
    path: 'template.yaml',
    text: cfnWithAdmin('').replace('  AdminRole:', '  "Admin\\e[2J\\rRole\\n\\u202Eevil":'),
    keeps: [{ ruleId: 'iam-wildcard-action', resource: CONTROL_NAME }],
  };
}

/**
 * An unclosed bracket typed on the last line of a 21-line template whose
 * admin policy (`Action: '*'`) is four lines above it: what the editor sees
 * mid-keystroke.
 */
export function unclosedBracketOnLastLine(): HostileFile {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Description: typing
Resources:
${ADMIN_ROLE_YAML}  Topic:
    Type: AWS::SNS::Topic
    Properties: { TopicName: [
`;
  return { name: 'unclosed-bracket-on-last-line', path: 'template.yaml', text, keeps: [KEEPS_ADMIN] };
}

/**
 * Found by the fuzzer (seed 11, cases 271 and 340): a 40 KB line with no
 * colon after a block mapping. The YAML library parses it in milliseconds;
 * the engine's parse layer took 1.7 s (4 s when indented), growing with the
 * square of the line's length.
 */
export function longUnkeyedLine(): HostileFile {
  return { name: 'fuzz-long-unkeyed-line-40kb', path: 'template.yaml', text: cfnWithAdmin(`  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: x\n${'ecutionTi'.repeat(40_000 / 9)}\n`), keeps: [KEEPS_ADMIN] };
}

/**
 * Found by the fuzzer (seed 11, case 776): `!If [c, ` nested 2,000 deep in a
 * serverless.yml value. Parsing took 7 s and reported "Maximum call stack
 * size exceeded" as a syntax issue.
 */
export function nestedShortFormIf(): HostileFile {
  const depth = 2_000;
  return {
    name: 'fuzz-nested-short-form-if-2000',
    path: 'serverless.yml',
    text: serverlessWithSecret('').replace('service: hostile\n', `service: hostile\nframeworkVersion: ${'!If [c, '.repeat(depth)}x${', x]'.repeat(depth)}\n`),
    keeps: [KEEPS_SECRET],
  };
}

/** Every single-file case by its name, so that a worker can regenerate one without building the others. */
export const HOSTILE_FILES: Record<string, () => HostileFile> = {
  'flow-brackets-100k': deepFlowBrackets,
  'json-array-8000-deep': deepJsonArray,
  'serverless-reference-bomb-doubling-22': referenceBombDoubling,
  'serverless-reference-bomb-wide-10x7': referenceBombWide,
  'cloudformation-condition-bomb-10x8': conditionBomb,
  'yaml-alias-bomb': aliasBomb,
  'file-20mb': twentyMegabytes,
  'line-10mb': tenMegabyteLine,
  binary: binaryFile,
  'utf16-le': utf16LittleEndian,
  'utf16-be': utf16BigEndian,
  'utf32-le': utf32LittleEndian,
  latin1,
  'cr-only-line-breaks': crOnlyLineBreaks,
  'unclosed-brackets-2000': unclosedBrackets,
  'serverless-400kb-line-syntax-error': longLineWithSyntaxError,
  'flow-maps-100k-unclosed': deepUnclosedMaps,
  'control-characters-in-resource-names': controlCharactersInNames,
  'unclosed-bracket-on-last-line': unclosedBracketOnLastLine,
  'fuzz-long-unkeyed-line-40kb': longUnkeyedLine,
  'fuzz-nested-short-form-if-2000': nestedShortFormIf,
};

/**
 * A workspace of links: a loop, a chain of file links, links to a directory
 * and a file outside the root, a link to `/`, and one real template with an
 * admin role. Returns the root and the outside directory (both under `base`).
 */
export function buildLinkWorkspace(): { base: string; root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'slsward-hostile-links-'));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'app'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(root, 'app/template.yaml'), cfnWithAdmin(''));
  writeFileSync(join(outside, 'template.yaml'), cfnWithAdmin('').replace(/AdminRole/g, 'OutsideRole'));
  symlinkSync(root, join(root, 'app/loop'), 'dir');
  symlinkSync('chain-b.yml', join(root, 'chain-a.yml'));
  symlinkSync('chain-a.yml', join(root, 'chain-b.yml'));
  symlinkSync(outside, join(root, 'outside-dir'), 'dir');
  symlinkSync(join(outside, 'template.yaml'), join(root, 'outside-file.yaml'));
  symlinkSync('/', join(root, 'filesystem-root'), 'dir');
  return { base, root, outside };
}

/** Templates for the disappearing-file case: the audit removes the second while reading the first. */
export function buildVanishingWorkspace(): { base: string; files: string[] } {
  const base = mkdtempSync(join(tmpdir(), 'slsward-hostile-vanish-'));
  const files = ['a', 'b', 'c'].map((name) => join(base, name, 'template.yaml'));
  for (const file of files) {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, cfnWithAdmin(''));
  }
  return { base, files };
}

// Inline handler code (`Code.ZipFile`, SAM `InlineCode`) in the project model: its text, and the map
// from code offsets to template offsets through YAML block scalars (literal and folded), quoted
// strings with escapes, JSON strings, `!Sub` and `!Join`. The property checked everywhere: every
// character of the code that is written verbatim in the template maps onto that same character.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildProject, codeOffsetToTemplate, codeRangeToTemplate, type InlineHandler } from '../../server/src/engine/project';

function inlineOf(path: string, text: string): InlineHandler[] {
  return buildProject({ templates: [{ path, text }], files: { exists: () => false } }).inlineHandlers(path);
}

/** Asserts that each identifier-like word of the code maps onto the same word in the template. */
function assertWordsMap(template: string, inline: InlineHandler): number {
  let checked = 0;
  for (const match of inline.text.matchAll(/[A-Za-z_$][\w$]*/g)) {
    const range = codeRangeToTemplate(inline, { start: match.index!, end: match.index! + match[0].length });
    assert.equal(template.slice(range.start, range.end), match[0], `word ${match[0]} at code offset ${match.index}`);
    checked++;
  }
  return checked;
}

const cfnYaml = (code: string, handler = 'index.handler', runtime = 'nodejs20.x') => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: ${handler}
      Runtime: ${runtime}
      Code:
        ZipFile: ${code}
`;

describe('inline handler code', () => {
  it('a literal block scalar: text without indentation, every word mapped back', () => {
    const template = cfnYaml(`|
          const { exec } = require('child_process');
          exports.handler = async (event) => {
            exec(event.body);
            return { statusCode: 200 };
          };`);
    const [inline] = inlineOf('t.yaml', template);
    assert.equal(inline.text, "const { exec } = require('child_process');\nexports.handler = async (event) => {\n  exec(event.body);\n  return { statusCode: 200 };\n};\n");
    assert.equal(inline.functionName, 'Fn');
    assert.equal(inline.binding.exportName, 'handler');
    assert.equal(inline.binding.inline, true);
    assert.equal(inline.runtime, 'nodejs20.x');
    assert.equal(inline.language, 'javascript');
    assert.equal(inline.virtualPath, 't.yaml#Fn.js');
    assert.ok(assertWordsMap(template, inline) > 10);
    // The indentation the code keeps (two spaces before `exec`) maps to the end of the line before: no template character is invented.
    const execOffset = inline.text.indexOf('  exec');
    assert.ok(codeOffsetToTemplate(inline, execOffset) <= template.indexOf('exec(event'));
    assert.equal(template.slice(inline.range.start, inline.range.start + 1), '|');
  });

  it('a folded block scalar and a SAM InlineCode', () => {
    const template = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.main
      Runtime: nodejs18.x
      InlineCode: >
        exports.main = async (event) =>
        event.queryStringParameters.name;
`;
    const [inline] = inlineOf('sam.yaml', template);
    assert.equal(inline.text, 'exports.main = async (event) => event.queryStringParameters.name;\n');
    assert.equal(inline.binding.exportName, 'main');
    assertWordsMap(template, inline);
  });

  it('a double-quoted string with escapes', () => {
    const template = cfnYaml(`"exports.handler = async (e) => {\\n  return \\"ok\\" + e.body;\\n};"`);
    const [inline] = inlineOf('t.yaml', template);
    assert.equal(inline.text, 'exports.handler = async (e) => {\n  return "ok" + e.body;\n};');
    assertWordsMap(template, inline);
    const ok = inline.text.indexOf('ok');
    assert.equal(template.slice(codeOffsetToTemplate(inline, ok), codeOffsetToTemplate(inline, ok) + 2), 'ok');
  });

  it('a single-quoted string with a doubled quote', () => {
    const template = cfnYaml(`'exports.handler = async () => ''it''s'';'`);
    const [inline] = inlineOf('t.yaml', template);
    assert.equal(inline.text, "exports.handler = async () => 'it's';");
    assertWordsMap(template, inline);
  });

  it('a JSON template string with escapes', () => {
    const template = JSON.stringify(
      {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Code: { ZipFile: 'exports.handler = async (event) => {\n\tconsole.log("event", event);\n};' } } } },
      },
      null,
      2,
    );
    const [inline] = inlineOf('t.json', template);
    assert.equal(inline.text, 'exports.handler = async (event) => {\n\tconsole.log("event", event);\n};');
    assertWordsMap(template, inline);
  });

  it('!Sub keeps its placeholders and says so; !Join maps each line to its list item', () => {
    const sub = cfnYaml(`!Sub |
          exports.handler = async () => "\${Table}";`);
    const [subInline] = inlineOf('t.yaml', sub);
    assert.equal(subInline.text, 'exports.handler = async () => "${Table}";\n');
    assert.equal(subInline.isSubstituted, true);
    assertWordsMap(sub, subInline);

    const join = cfnYaml(`!Join
          - "\\n"
          - - "exports.handler = async (event) => {"
            - "  return event.body;"
            - "};"`);
    const [joinInline] = inlineOf('t.yaml', join);
    assert.equal(joinInline.text, 'exports.handler = async (event) => {\n  return event.body;\n};');
    assertWordsMap(join, joinInline);
  });

  it('inline code that cannot be read as text is unresolved with a reason; Python inline code is not analysed yet', () => {
    const built = buildProject({ templates: [{ path: 't.yaml', text: cfnYaml('!GetAtt Other.Code') }], files: { exists: () => false } });
    assert.deepEqual(built.inlineHandlers('t.yaml'), []);
    assert.equal(built.unresolved()[0].reason, 'inline-unreadable');
    const python = buildProject({ templates: [{ path: 't.yaml', text: cfnYaml('"def handler(e, c): pass"', 'index.handler', 'python3.12') }], files: { exists: () => false } });
    assert.equal(python.unresolved()[0].reason, 'python-not-analysed');
  });

  it('offsets before the code, past its end and in a gap stay inside the value', () => {
    const template = cfnYaml(`|
          a;
          b;`);
    const [inline] = inlineOf('t.yaml', template);
    assert.equal(inline.text, 'a;\nb;\n');
    assert.equal(template[codeOffsetToTemplate(inline, 0)], 'a');
    assert.equal(template[codeOffsetToTemplate(inline, 3)], 'b');
    const end = codeOffsetToTemplate(inline, inline.text.length);
    assert.ok(end <= inline.range.end && end > template.indexOf('b;'));
  });
});

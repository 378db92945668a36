/**
 * The YAML fast path (`yaml-cst.ts`) against the library path it replaces for
 * clean documents: for every construct, either it declines, or it gives the
 * very tree the library path gives (kinds, values and their types, quoting,
 * flow, every range, short forms, merge keys) and the library path reports no
 * issue. Each case also says whether the fast path must take it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseYamlText, parseYamlTextWithLibrary } from '../../server/src/engine/parse/yaml';
import { composeFromCst } from '../../server/src/engine/parse/yaml-cst';
import { caseRandom } from '../fuzz/fuzzer';

function check(text: string, expectFast: boolean): void {
  const fast = composeFromCst(text);
  const library = parseYamlTextWithLibrary(text);
  assert.equal(fast !== undefined, expectFast, expectFast ? `the fast path declined ${JSON.stringify(text)}` : `the fast path took ${JSON.stringify(text)}`);
  if (fast) {
    assert.deepEqual(library.issues, [], `the library path reports issues for ${JSON.stringify(text)}`);
    assert.equal(library.isClean, true);
    assert.deepEqual(fast.root, library.root, `different trees for ${JSON.stringify(text)}`);
  }
  // The entry point gives the library path's result either way.
  assert.deepEqual(parseYamlText(text), library);
}

/** Every hand-written case, taken and declined, seeds the mutations at the end. */
const seeds: string[] = [];

const cases = (expectFast: boolean, texts: Record<string, string>) => {
  for (const [name, text] of Object.entries(texts)) {
    seeds.push(text);
    it(name, () => check(text, expectFast));
  }
};

describe('yaml fast path: takes and matches', () => {
  cases(true, {
    'plain scalars': 'a: b\nc: hello world\nd: with:colon\ne: x#not-a-comment\nf: -dash\ng: ?q\nh: a - b\n',
    'quoted scalars': `a: 'single'\nb: "double"\nc: 'it''s'\nd: "esc \\t \\n \\u00e9 \\x41 \\\\ \\" \\/"\ne: ''\nf: ""\ng: '1'\nh: "true"\n`,
    'multi-line plain and quoted scalars': 'a: one\n  two\n\n  three\nb: "one\n  two\n\n   three"\nc: \'x\n  y\'\nd: "line \\\n   continued"\n',
    'literal and folded block scalars with chomping': 'a: |\n  x\n  y\n\nb: |-\n  x\n\nc: |+\n  x\n\n\nd: >\n  one\n  two\n\n  three\n    more\n  four\ne: >-\n  f\nf: >+\n  g\n\n',
    'block scalars with indentation indicators and comments': 'a: |2\n    indented\n   less\nb: >1-  # c\n  x\nc: |\n\n  after blank\nd: |\n \n  x\n',
    'empty block scalars': 'a: |\nb: >-\nc: |+\n\nd: x\n',
    'block scalar at the end without a line break': 'a: |\n  last',
    'flow maps and sequences': 'a: {b: 1, c: [2, 3], d: {}}\ne: []\nf: [x, {g: h}, [i]]\ng: {h}\ni: {j: , k: "l"}\nj: [a, b, ]\n',
    'pairs in flow sequences': "a: [b: c]\nb: ['', ['arn:', Ref: \"x\", '/*'] ]\nc: [d: , e:   ]\nd: [<<: {x: 1}, \"q\": 'r' # c\n  ]\ne: [k: !Ref v, l: [m]]\n",
    'multi-line flow collections': 'a: [\n  one,\n  two, # c\n  three\n  ]\nb: {\n  c: 1,\n  d: 2 }\n',
    'short forms on scalars': "a: !Ref Bucket\nb: !Sub 'arn:${AWS::Partition}'\nc: !GetAtt Role.Arn\nd: !GetAtt A.B.C\ne: !GetAtt NoDot\nf: !Base64 |\n  text\ng: !Ref 123\nh: !Condition true\ni: !Ref\nj: !ImportValue\n",
    'short forms on sequences and maps': 'a: !If [c, !Ref x, !Ref "AWS::NoValue"]\nb: !Join\n  - ""\n  - - a\n    - !Ref b\nc: !Transform {Name: x}\nd: !Equals [!Ref e, ""]\ne: !Not [!Condition f]\nf: !FindInMap\n  - M\n  - K\n  - !Ref V\n',
    'short form on a block map': 'a: !Transform\n  Name: AWS::Include\n  Parameters:\n    Location: s3://x\n',
    'short form before a line break': 'a: !Sub\n  "x"\nb: !GetAtt\n  R.Arn\n',
    'merge keys': 'a: {x: 1, y: 2}\nb:\n  <<: {x: 3, z: 4}\n  x: 5\nc:\n  <<: [{p: 1}, {q: 2}, notmap]\n  p: 0\nd:\n  <<: scalar\ne:\n  "<<": {m: 1}\nf: {<<: {n: 1}, n: 2}\ng:\n  <<: !If [c, {a: 1}]\nh:\n  <<: !Transform {r: 1}\n  <<: {1: x}\n  1.0: y\n',
    'core-schema numbers': 'a: 1\nb: -2\nc: +3\nd: 0o17\ne: 0x1F\nf: 1.5\ng: -.5\nh: 1e3\ni: 1.0E-2\nj: .inf\nk: -.Inf\nl: .nan\nm: 0123\nn: 12345678901234567890123\no: 1_000\np: 0x1g\nq: 1.\nr: +.5e+2\n',
    'booleans, nulls and tilde': 'a: true\nb: False\nc: TRUE\nd: yes\ne: null\nf: Null\ng: NULL\nh: ~\ni:\nj: nul\nk: True1\n',
    'keys that are numbers, booleans and nulls': '1: a\n1.0: b\n0x10: c\ntrue: d\nnull: e\n~: f\n.inf: g\n"2": h\n1e2: i\n-0: j\n',
    'comments everywhere': '# head\n\na: b # after\n# between\nc: # after key\n  d # plain\n  # inside map\ne:\n  - 1 # item\n  # between items\n  - 2\n# tail\n',
    'comment lines at the end of nested maps': 'a:\n  b: 1\n  # trailing\nc:\n  - x\n  # trailing\n# last\n',
    'empty values': 'a:\nb:\n  c:\n  d: # comment\ne: x\nf:\n  -\n  - # comment\n  - y\n',
    'sequences of maps and nested sequences': 'a:\n  - b: 1\n    c: 2\n  - - x\n    - y\n  - d:\n      - e\n- \n'.replace('- \n', ''),
    'compact nested sequences': 'a:\n- b\n- c: d\n  e: f\n',
    'document start marker': '---\na: 1\n',
    'document start marker with comment': '--- # c\na: 1\n',
    'only a document start marker': '---\n',
    'empty document': '',
    'only comments': '# just a comment\n\n# another\n',
    'a root scalar': 'hello\n',
    'a root sequence': '- a\n- b\n',
    'a root flow map': '{a: 1}\n',
    'CRLF line breaks': 'a: b\r\nc:\r\n  - d\r\n  - e: "f\r\n      g"\r\nh: |\r\n  x\r\n  y\r\n',
    'a byte-order mark': '\ufeffa: 1\nb: [2]\n',
    'unicode and long lines': `a: "é ü 😀"\nb: ${'x'.repeat(5000)}\n`,
    'deep nesting within the limit': `${Array.from({ length: 40 }, (_, i) => `${' '.repeat(2 * i)}k${i}:`).join('\n')} v\n`,
    'trailing spaces and blank lines': 'a: b   \n\n\nc:   \n  d: e  \n\n',
    'tabs inside scalars': 'a: "x\ty"\nb: x\ty\nc: |\n  \tz\n',
    'a comment right after a quoted scalar (strict: false reads it)': 'a: "b"#c\n',
    'keys with spaces and quotes': '"a b": 1\n\'c d\': 2\ne f: 3\n',
    'a serverless.yml shape': "service: x\nprovider:\n  name: aws\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: ['s3:*']\n          Resource: '*'\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - http: {path: x, method: get}\n",
  });
});

describe('yaml fast path: declines', () => {
  cases(false, {
    'a syntax error': 'a: [b\nc: d\n',
    'a block scalar with a more-indented leading empty line': 'a: |\n   \n  x\n',
    'a quoted scalar continued under its key (the library path re-indents it)': 'c:\n  - e: "f\n    g"\n',
    'an unclosed quote': 'a: "b\n',
    'a missing value indicator': 'a: b\nc\n',
    'an implicit key over two lines': 'a\nb: c\n',
    'bad indentation': 'a:\n  b: 1\n c: 2\n',
    'a tab as indentation': 'a:\n\tb: 1\n',
    'a tab between key and value': 'a:\tb\n',
    'anchors and aliases': 'a: &x {b: 1}\nc: *x\n',
    'a merge of an alias': 'a: &d {x: 1}\nb:\n  <<: *d\n',
    'a local tag': 'a: !Custom x\n',
    'a standard tag': 'a: !!str 1\n',
    'two tags': 'a: !Ref !Sub x\n',
    'a tag on a key': '!Ref a: b\n',
    'an explicit key': '? a\n: b\n',
    'a flow collection as key': '[a]: b\n',
    'an empty key': ': b\n',
    'an explicit key in a flow sequence': 'a: [? b]\n',
    'several documents': 'a: 1\n---\nb: 2\n',
    'a document end marker': 'a: 1\n...\n',
    'a directive': '%YAML 1.2\n---\na: 1\n',
    'a block sequence on the same line as its tag': 'a: !If - x\n',
    'a compact nested mapping': 'a: b: c\n',
    'a plain scalar starting with a reserved character': 'a: @b\n',
    'a bad escape': 'a: "\\q"\n',
    'a missing comma in a flow map': 'a: {b: 1 c: 2}\n',
    'a leading comma in a flow sequence': 'a: [, b]\n',
    'an empty flow item': 'a: [b, , c]\n',
    'a root block scalar without indentation': '|\nx\n',
    'a block map in a flow collection': 'a: [\nb: c]\n',
  });
});

/** Pieces of YAML syntax that mutations insert into the small cases above. */
const PIECES = [' ', '  ', '\n', '\n  ', '\n    ', '# c', ' # c', ':', ': ', '- ', '\n- ', '!Ref ', '!GetAtt ', '!If ', '!Sub\n  ', '[', ']', '{', '}', ',', ', ', '"', "'", '|', '>', '|-', '>+', '|2', '<<: ', '<<', '~', '1', '.5', '0x1F', 'true', 'null', '\t', '\r\n', '---\n', '?', '&a ', '*a', 'x', 'key: v', '\\', '""', "''", '\ufeff', '%'];

describe('yaml fast path: seeded mutations of the cases above', () => {
  it('takes some, and matches the library path on every one it takes', () => {
    let taken = 0;
    for (let caseNumber = 0; caseNumber < 4000; caseNumber++) {
      const random = caseRandom(20261205, caseNumber);
      const below = (count: number) => Math.floor(random() * count);
      let text = seeds[below(seeds.length)];
      for (let step = 1 + below(4); step > 0; step--) {
        const at = below(text.length + 1);
        const choice = random();
        if (choice < 0.6) text = text.slice(0, at) + PIECES[below(PIECES.length)] + text.slice(at);
        else if (choice < 0.85) text = text.slice(0, at) + text.slice(at + 1 + below(4));
        else {
          const from = below(text.length + 1);
          text = text.slice(0, at) + text.slice(from, from + 1 + below(20)) + text.slice(at);
        }
      }
      const fast = composeFromCst(text);
      const library = parseYamlTextWithLibrary(text);
      assert.deepEqual(parseYamlText(text), library, `parseYamlText differs on ${JSON.stringify(text)}`);
      if (!fast) continue;
      taken++;
      assert.deepEqual(library.issues, [], `the fast path took ${JSON.stringify(text)}, which has issues`);
      assert.deepEqual(fast.root, library.root, `different trees for ${JSON.stringify(text)}`);
    }
    assert.ok(taken > 500, `only ${taken} mutated cases took the fast path`);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import codeCommandInjection from '../../../../rules/input/code-command-injection';
import type { HandlerBinding } from '../project/types';
import { analyzeHandlerFile } from './analyze-handler';
import { edgeBodyGuardOf, type EdgeBodyModelInput } from './edge-schema';
import { SINK_KINDS } from './model';

const model = (schema: unknown, contentTypes = ['$default']): EdgeBodyModelInput => ({ name: 'the model Cmd', contentTypes, schema, location: { path: 'template.yaml', range: { start: 5, end: 9 } } });
const cutsOf = (schema: unknown) => edgeBodyGuardOf([model(schema)])?.cuts;
const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = { additionalProperties: false }) => ({ type: 'object', properties, ...extra });

describe('what API Gateway request validation proves about a body', () => {
  it('rules every sink out for fields fixed by enum, const, a non-string type or an anchored pattern', () => {
    assert.deepEqual(cutsOf(object({ cmd: { type: 'string', enum: ['ls'] }, n: { type: 'integer' }, ok: { type: 'boolean' }, id: { type: 'string', pattern: '^[a-z0-9]{8}$' }, kind: { const: 'a' } })), [...SINK_KINDS]);
    assert.deepEqual(cutsOf(object({ tags: { type: 'array', items: { enum: ['a', 'b'] } } })), [...SINK_KINDS]);
    assert.deepEqual(cutsOf(object({ v: { anyOf: [{ type: 'integer' }, { enum: ['x'] }] } })), [...SINK_KINDS]);
  });

  it('rules nothing out when one field stays free, and names it', () => {
    const free = edgeBodyGuardOf([model(object({ cmd: { type: 'string', maxLength: 10 }, id: { type: 'string', pattern: '[a-z]+' }, url: { type: 'string', format: 'uri' }, n: { type: 'integer' } }))]);
    assert.deepEqual(free?.cuts, []);
    assert.equal(free?.note, 'free fields stay tainted: body.cmd, body.id, body.url');
    // An object that does not refuse other keys lets the caller add any field the code reads.
    assert.deepEqual(edgeBodyGuardOf([model(object({ n: { type: 'integer' } }, {}))])?.note, 'free fields stay tainted: body.* (keys the schema does not list)');
    assert.deepEqual(cutsOf({}), []);
    assert.deepEqual(cutsOf(object({ v: { anyOf: [{ type: 'integer' }, { type: 'string' }] } })), []);
  });

  it('proves nothing for a model declared for some content types only, and says why', () => {
    const guard = edgeBodyGuardOf([model(object({ cmd: { enum: ['ls'] } }), ['application/json'])]);
    assert.deepEqual(guard?.cuts, []);
    assert.equal(guard?.note, 'only for Content-Type application/json: a caller who sends another type skips it');
    // Two routes: the looser one decides.
    assert.deepEqual(edgeBodyGuardOf([model(object({ cmd: { enum: ['ls'] } })), model(object({ cmd: { type: 'string' } }))])?.cuts, []);
  });

  it("points a handler's finding at the route's model when the validation does not constrain the value", () => {
    const binding: HandlerBinding = {
      exportName: 'handler',
      templatePath: 'template.yaml',
      functionName: 'Fn',
      functionLocation: { path: 'template.yaml', range: { start: 0, end: 4 } },
      triggers: [{ kind: 'api-rest', description: 'POST /run', auth: 'none', method: 'POST', path: '/run', edgeValidation: true, edgeBodyModel: { ...model(object({ cmd: { enum: ['ls'] } }), ['application/json']) }, location: { path: 'template.yaml', range: { start: 10, end: 20 } } }],
      exposure: 'public',
      exposureReason: 'POST /run is public',
      environment: [],
    };
    const text = "const { exec } = require('child_process');\nexports.handler = async (event) => {\n  exec('run ' + JSON.parse(event.body).cmd);\n};\n";
    const result = analyzeHandlerFile({ path: 'h.js', text, rules: [codeCommandInjection], bindings: [binding] });
    assert.equal(result.findings.length, 1);
    const place = result.findings[0].related?.find((entry) => entry.path === 'template.yaml' && entry.range.start === 5);
    assert.match(place?.message ?? '', /API Gateway \(the model Cmd\) validates the body only for Content-Type application\/json: a caller who sends another type skips it/);
    // The same model for every content type: nothing to report.
    const covered = { ...binding, triggers: binding.triggers.map((trigger) => ({ ...trigger, edgeBodyModel: model(object({ cmd: { enum: ['ls'] } })) })) };
    assert.deepEqual(analyzeHandlerFile({ path: 'h.js', text, rules: [codeCommandInjection], bindings: [covered] }).findings, []);
  });
});

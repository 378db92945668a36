/**
 * A structural check of SARIF 2.1.0 logs, for the properties GitHub code
 * scanning reads. No SARIF JSON schema package is available offline, so the
 * required fields and their types are checked here by hand.
 */
import { strict as assert } from 'node:assert';

type Json = Record<string, unknown>;

const LEVELS = ['none', 'note', 'warning', 'error'];
const PRECISIONS = ['very-high', 'high', 'medium', 'low'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, where: string): string {
  assert.ok(typeof value === 'string' && value.length > 0, `${where} must be a non-empty string`);
  return value as string;
}

function positiveInteger(value: unknown, where: string): number {
  assert.ok(Number.isInteger(value) && (value as number) >= 1, `${where} must be an integer >= 1, got ${String(value)}`);
  return value as number;
}

export function validateSarif(log: unknown): { rules: Json[]; results: Json[] } {
  assert.ok(isObject(log), 'the log must be an object');
  text(log.$schema, '$schema');
  assert.equal(log.version, '2.1.0');
  assert.ok(Array.isArray(log.runs) && log.runs.length === 1, 'exactly one run');
  const run = log.runs[0] as Json;
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.ok(isObject(run.tool) && isObject(run.tool.driver), 'run.tool.driver');
  const driver = run.tool.driver as Json;
  assert.equal(driver.name, 'Serverless Ward');
  new URL(text(driver.informationUri, 'driver.informationUri'));
  text(driver.version, 'driver.version');
  assert.ok(Array.isArray(driver.rules), 'driver.rules');
  const rules = driver.rules as Json[];
  const ids = new Set<string>();
  rules.forEach((rule, index) => {
    const where = `rules[${index}]`;
    const id = text(rule.id, `${where}.id`);
    assert.ok(!ids.has(id), `duplicate rule ${id}`);
    ids.add(id);
    assert.match(text(rule.name, `${where}.name`), /^[A-Za-z][A-Za-z0-9]*$/);
    text((rule.shortDescription as Json)?.text, `${where}.shortDescription.text`);
    text((rule.fullDescription as Json)?.text, `${where}.fullDescription.text`);
    text((rule.help as Json)?.text, `${where}.help.text`);
    text((rule.help as Json)?.markdown, `${where}.help.markdown`);
    new URL(text(rule.helpUri, `${where}.helpUri`));
    assert.ok(LEVELS.includes((rule.defaultConfiguration as Json)?.level as string), `${where}.defaultConfiguration.level`);
    const properties = rule.properties as Json;
    assert.ok(isObject(properties), `${where}.properties`);
    assert.ok(Array.isArray(properties.tags) && properties.tags.includes('security') && properties.tags.length <= 20, `${where}.properties.tags`);
    const severity = Number(text(properties['security-severity'], `${where}.properties.security-severity`));
    assert.ok(severity >= 0 && severity <= 10, `${where} security-severity out of range`);
    assert.ok(PRECISIONS.includes(properties.precision as string), `${where}.properties.precision`);
  });

  assert.ok(Array.isArray(run.results), 'run.results');
  const results = run.results as Json[];
  const fingerprints = new Set<string>();
  results.forEach((result, index) => {
    const where = `results[${index}]`;
    const ruleId = text(result.ruleId, `${where}.ruleId`);
    assert.ok(Number.isInteger(result.ruleIndex), `${where}.ruleIndex`);
    assert.equal(rules[result.ruleIndex as number]?.id, ruleId, `${where}.ruleIndex points at another rule`);
    assert.ok(['note', 'warning', 'error'].includes(result.level as string), `${where}.level`);
    text((result.message as Json)?.text, `${where}.message.text`);
    assert.ok(Array.isArray(result.locations) && result.locations.length >= 1, `${where}.locations`);
    const places: Array<{ location: Json; where: string }> = (result.locations as Json[]).map((location) => ({ location, where }));
    if (result.relatedLocations !== undefined) {
      assert.ok(Array.isArray(result.relatedLocations) && result.relatedLocations.length > 0, `${where}.relatedLocations`);
      (result.relatedLocations as Json[]).forEach((location, related) => {
        assert.ok(Number.isInteger(location.id) && (location.id as number) >= 0, `${where}.relatedLocations[${related}].id`);
        text((location.message as Json)?.text, `${where}.relatedLocations[${related}].message.text`);
        places.push({ location, where: `${where}.relatedLocations[${related}]` });
      });
    }
    if (result.codeFlows !== undefined) {
      assert.ok(Array.isArray(result.codeFlows) && result.codeFlows.length > 0, `${where}.codeFlows`);
      for (const flow of result.codeFlows as Json[]) {
        assert.ok(Array.isArray(flow.threadFlows) && flow.threadFlows.length > 0, `${where}.codeFlows[].threadFlows`);
        for (const thread of flow.threadFlows as Json[]) {
          assert.ok(Array.isArray(thread.locations) && thread.locations.length > 0, `${where}.threadFlows[].locations`);
          (thread.locations as Json[]).forEach((step, index) => {
            const location = step.location as Json;
            text((location?.message as Json)?.text, `${where}.threadFlows[].locations[${index}].location.message.text`);
            places.push({ location, where: `${where}.threadFlows[].locations[${index}]` });
          });
        }
      }
    }
    for (const { location, where } of places) {
      const physical = location.physicalLocation as Json;
      const artifact = physical?.artifactLocation as Json;
      const uri = text(artifact?.uri, `${where}.artifactLocation.uri`);
      assert.ok(!uri.startsWith('/') && !uri.includes('\\') && !uri.split('/').includes('..') && !/^[a-z]+:/i.test(uri), `${where} uri ${uri} must be relative`);
      assert.equal(artifact.uriBaseId, '%SRCROOT%');
      const region = physical.region as Json;
      const startLine = positiveInteger(region?.startLine, `${where}.region.startLine`);
      const startColumn = positiveInteger(region.startColumn, `${where}.region.startColumn`);
      const endLine = positiveInteger(region.endLine, `${where}.region.endLine`);
      const endColumn = positiveInteger(region.endColumn, `${where}.region.endColumn`);
      assert.ok(endLine > startLine || (endLine === startLine && endColumn >= startColumn), `${where} region ends before it starts`);
    }
    const partial = result.partialFingerprints as Json;
    assert.ok(isObject(partial) && Object.keys(partial).length > 0, `${where}.partialFingerprints`);
    for (const value of Object.values(partial)) {
      const fingerprint = text(value, `${where}.partialFingerprints`);
      assert.ok(!fingerprints.has(fingerprint), `${where} duplicate fingerprint`);
      fingerprints.add(fingerprint);
    }
    if (result.suppressions !== undefined) {
      assert.ok(Array.isArray(result.suppressions) && result.suppressions.length > 0, `${where}.suppressions`);
      for (const suppression of result.suppressions as Json[]) {
        assert.ok(['inSource', 'external'].includes(suppression.kind as string), `${where}.suppressions.kind`);
        text(suppression.justification, `${where}.suppressions.justification`);
      }
    }
  });
  return { rules, results };
}

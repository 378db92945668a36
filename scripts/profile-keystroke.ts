// Ad-hoc: where a keystroke's time goes in process (not part of the bench).
import { generateTemplate, generateManyFindingsTemplate } from './bench-templates';
import { parseDocumentReusing, analyze } from '../server/src/engine';
import { buildModel } from '../server/src/engine/model/build';
import { detectKind } from '../server/src/engine/model/kind';
import { allRules } from '../rules';

for (const [name, text0] of [['sam300', generateTemplate(300)], ['sam', generateTemplate(5000)], ['many', generateManyFindingsTemplate(5000)]] as const) {
  const lines = text0.split('\n');
  const editLine = lines.findIndex((l, i) => i >= lines.length / 2 && /^\s+(Description|DisplayName): /.test(l));
  let previous = parseDocumentReusing('t.yaml', text0);
  const phase: Record<string, number[]> = { parse: [], model: [], rules: [], analyze: [], incremental: [] };
  let previousResults: ReturnType<typeof analyze>['ruleResults'];
  const perRule = new Map<string, number>();
  for (let i = 0; i < 60; i++) {
    lines[editLine] += i % 2 === 0 ? 'x' : '';
    if (i % 2 === 1) lines[editLine] = lines[editLine].slice(0, -1);
    const text = lines.join('\n');
    let t = performance.now();
    const parsed = parseDocumentReusing('t.yaml', text, previous);
    previous = parsed;
    phase.parse.push(performance.now() - t);
    t = performance.now();
    const kind = detectKind(parsed.root)!;
    const model = buildModel(parsed, kind);
    phase.model.push(performance.now() - t);
    t = performance.now();
    for (const rule of allRules) {
      if (!rule.meta.targets.includes(kind)) continue;
      const r0 = performance.now();
      rule.check({ model, report: () => undefined });
      if (i >= 20) perRule.set(rule.meta.id, (perRule.get(rule.meta.id) ?? 0) + performance.now() - r0);
    }
    phase.rules.push(performance.now() - t);
    t = performance.now();
    const full = analyze({ path: 't.yaml', text, rules: allRules, parsed });
    phase.analyze.push(performance.now() - t);
    t = performance.now();
    const incremental = analyze({ path: 't.yaml', text, rules: allRules, parsed, incremental: { previous: previousResults } });
    phase.incremental.push(performance.now() - t);
    previousResults = incremental.ruleResults;
    if (JSON.stringify(full.findings) !== JSON.stringify(incremental.findings)) console.log('MISMATCH at', i);
  }
  const med = (a: number[]) => { const s = a.slice(20).sort((x, y) => x - y); return s[Math.floor(s.length / 2)].toFixed(1); };
  console.log(name, Object.entries(phase).map(([k, v]) => `${k} ${med(v)}`).join(', '));
  console.log('  top rules (ms/keystroke):', [...perRule].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([id, v]) => `${id} ${(v / 40).toFixed(2)}`).join(', '));
}

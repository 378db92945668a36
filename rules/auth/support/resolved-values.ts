/** Property values the Cognito rules read as plain data: one known outcome, or undefined (a parameter, a condition, a typo). */
import type { AppModel } from '../../../server/src/engine/model/types';
import type { SourceNode } from '../../../server/src/engine/types';

/** `true`/`false` (or their text); undefined when the value is absent, unknown or branches. */
export function flagOf(model: AppModel, node: SourceNode | null | undefined): boolean | undefined {
  const value = knownValueOf(model, node);
  if (typeof value === 'boolean') return value;
  return typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : undefined;
}

/** A number (or its text); undefined when the value is absent, unknown, branches or is no number. */
export function numberOf(model: AppModel, node: SourceNode | null | undefined): number | undefined {
  const value = knownValueOf(model, node);
  if (value === undefined || value === null || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function knownValueOf(model: AppModel, node: SourceNode | null | undefined): unknown {
  if (!node) return undefined;
  const outcomes = model.resolver.outcomes(node);
  return outcomes.length === 1 && outcomes[0].state === 'known' ? outcomes[0].value : undefined;
}

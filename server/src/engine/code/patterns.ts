/**
 * What a regular expression proves about the text it accepts, shared by every front end and by the
 * edge's JSON schemas: only a pattern anchored at both ends, with no run of "any character", fixes
 * the value's alphabet; `/[a-z]+/` accepts anything that contains a letter.
 */

export function isAnchoredRegex(pattern: string): boolean {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return false;
  // `^.*$` and friends are anchored but admit anything.
  return !/(^|[^\\])\.[*+]|\\S|\[\^/.test(pattern);
}

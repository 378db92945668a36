/**
 * Every limit the engine applies to the documents it reads, in one place, so
 * that the parsers, the pre-scan and docs/limits.md agree. Each limit keeps a
 * parser linear or bounds its memory; none is reached by a real template.
 */

/** Larger documents are not analysed; the biggest real templates are far below this (the corpus maximum is 52 KB). */
export const MAX_DOCUMENT_LENGTH = 5 * 1024 * 1024;

/**
 * Flow collections (`[`, `{`, every JSON array and object) nested deeper than
 * this are replaced by a null of the same length before parsing. The `yaml`
 * library's cost grows faster than the depth (and it overflows its stack near
 * 1,000 levels on a 1 MB stack); `jsonc-parser` overflows near 8,000. Real
 * templates stay under 10 levels; 200 leaves room for generated intrinsic
 * chains (`!Join ['-', [a, !Join ...]]` 90 deep is 180 levels) at a fifth of
 * the depth that overflows.
 */
export const MAX_FLOW_DEPTH = 200;

/**
 * Block collections (indentation, `- - -`) nested deeper than this are blanked
 * before parsing, for the same reason as flow collections.
 */
export const MAX_BLOCK_DEPTH = 100;

/**
 * The source tree is cut off below this depth: a last guard in the tree
 * builders, above what the two limits above let through together (flow and
 * block levels, plus a margin), so it never cuts what the pre-scan kept.
 */
export const MAX_TREE_DEPTH = 320;

/** Anchors (`&a`) and aliases (`*a`) together; a template uses a few dozen at most. */
export const MAX_ANCHORS_AND_ALIASES = 10_000;

/** How many nodes alias expansion may add to a document, all aliases together (an alias bomb stays small). */
export const ALIAS_EXPANSION_BUDGET = 20_000;

/** Mapping keys in one document; the largest corpus template (1,350 lines) has 603. Bounds the parser's time (10 to 30 µs a key). */
export const MAX_KEYS = 100_000;

/** A YAML line longer than this refuses the document (JSON, often minified to one line, has no such limit). */
export const MAX_YAML_LINE_LENGTH = 1024 * 1024;

/** Parse issues kept per document; one more issue says how many were left out. */
export const MAX_PARSE_ISSUES = 20;

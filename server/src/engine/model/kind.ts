/**
 * Recognises a document's kind from its content, never from its file name:
 * Serverless Framework, SAM or CloudFormation. Anything else is not ours.
 * `looksLikeTemplate` says, from the name and the first bytes, whether a file
 * whose kind could not be read was probably meant to be a template.
 */
import { entryOf, isMap, isScalar, isSeq, mapEntries, scalarText, valueOf } from '../parse/tree';
import type { DocumentKind, SourceNode } from '../types';

const SAM_TRANSFORM = /^AWS::Serverless-\d{4}-\d{2}-\d{2}$/;

// `mayBeTemplate` below skips the parse of a text that spells none of the keys read here: a new key
// read here must be added to its TEMPLATE_KEY too.
export function detectKind(root: SourceNode | null): DocumentKind | null {
  if (!isMap(root)) return null;
  if (entryOf(root, 'service') && entryOf(root, 'provider')) {
    // The Serverless Framework also deploys to Azure, Google Cloud and others; only AWS is ours.
    const provider = valueOf(root, 'provider');
    const name = isMap(provider) ? scalarText(valueOf(provider, 'name')) : scalarText(provider);
    return name === undefined || name === 'aws' || name.includes('${') ? 'serverless' : null;
  }
  const transform = valueOf(root, 'Transform');
  const transforms = isSeq(transform) ? transform.items : transform ? [transform] : [];
  if (transforms.some((node) => isScalar(node) && SAM_TRANSFORM.test(String(node.value)))) return 'sam';
  if (entryOf(root, 'AWSTemplateFormatVersion')) return 'cloudformation';
  const resources = valueOf(root, 'Resources');
  if (mapEntries(resources).some((entry) => /^(AWS|Alexa|Custom)::/.test(scalarText(valueOf(entry.value, 'Type')) ?? ''))) return 'cloudformation';
  return null;
}

/**
 * A document that fails to parse cannot be recognised; these names and
 * markers say it was probably meant to be a template, so the failure is
 * worth telling the user about instead of ignoring the file.
 */
const TEMPLATE_NAME = /(^|[\\/])(serverless\.(ya?ml|json)|template\.(ya?ml|json)|[^\\/]*\.template)$/i;
// `[ \t]*`, not `\s*`: with `m`, `\s*` would cross line breaks and backtrack over a file of blank lines.
const TEMPLATE_MARKER = /AWSTemplateFormatVersion|AWS::Serverless|AWS::[A-Za-z0-9]+::[A-Za-z0-9]+|^[ \t]*["']?provider["']?[ \t]*:/m;
/** How much of the text the markers are looked for in. */
const MARKER_WINDOW = 64 * 1024;

export function looksLikeTemplate(path: string, text: string): boolean {
  return TEMPLATE_NAME.test(path) || TEMPLATE_MARKER.test(text.slice(0, MARKER_WINDOW));
}

/**
 * False when the text cannot be a template, so a YAML or JSON file that is not ours (a workflow, a
 * Kubernetes manifest, a data file) is not parsed at all. `detectKind` needs one of these keys, and a key
 * is spelt out in the text unless it is written with escapes (`"\u0073ervice"`), so any backslash keeps
 * the file. A file named or marked like a template is always parsed, so its syntax errors are reported.
 */
export function mayBeTemplate(path: string, text: string): boolean {
  return looksLikeTemplate(path, text) || TEMPLATE_KEY.test(text);
}

const TEMPLATE_KEY = /service|Transform|AWSTemplateFormatVersion|Resources|\\/;

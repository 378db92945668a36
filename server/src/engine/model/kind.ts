/**
 * Recognises a document's kind from its content, never from its file name:
 * Serverless Framework, SAM or CloudFormation. Anything else is not ours.
 */
import { entryOf, isMap, isScalar, isSeq, mapEntries, scalarText, valueOf } from '../parse/tree';
import type { DocumentKind, SourceNode } from '../types';

const SAM_TRANSFORM = /^AWS::Serverless-\d{4}-\d{2}-\d{2}$/;

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

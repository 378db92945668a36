/**
 * The relative module specifiers a source file loads (`import`, `export ... from`, `require`, dynamic
 * `import()` of a string), read with the compiler's import pre-processor: a scan of the tokens, no
 * syntax tree, so listing the imports of every handler of a workspace stays cheap. It reads the text
 * only; resolving a specifier to a file is the caller's (the workspace reader's) job.
 */
import ts from 'typescript';
import { languageOf } from './typescript/front-end';

export function relativeModuleSpecifiers(path: string, text: string): string[] {
  if (!languageOf(path) || typeof text !== 'string') return [];
  let info: ts.PreProcessedFileInfo;
  try {
    info = ts.preProcessFile(text, true, true);
  } catch {
    return [];
  }
  const out = new Set<string>();
  for (const imported of info.importedFiles) {
    const specifier = imported.fileName;
    if (specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../')) out.add(specifier);
  }
  return [...out];
}

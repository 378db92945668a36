/**
 * Maps document URIs to the paths the engine and the workspace module use.
 * It never touches the file system.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface DocumentLocation {
  /** A file system path for `file:` URIs; a synthetic name for anything else (untitled, virtual). */
  path: string;
  isFile: boolean;
}

/**
 * An untitled document has no extension, and the engine picks JSON or YAML by
 * extension first, so the language id supplies one.
 */
export function locationOfUri(uri: string, languageId?: string): DocumentLocation {
  if (uri.startsWith('file:')) {
    try {
      return { path: fileURLToPath(uri), isFile: true };
    } catch {
      // A malformed file URI is treated like any other virtual document.
    }
  }
  const lastSegment = decodeURIComponentSafely(uri.replace(/[?#].*$/, '').split(/[/:]/).pop() || 'untitled');
  const hasExtension = /\.(ya?ml|json|template)$/i.test(lastSegment);
  const extension = hasExtension ? '' : languageId === 'json' || languageId === 'jsonc' ? '.json' : '.yaml';
  return { path: `${lastSegment}${extension}`, isFile: false };
}

export function uriOfPath(path: string): string {
  return pathToFileURL(path).href;
}

function decodeURIComponentSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * `${file(...)}` references whose file was not read. Serverless fills such a value from the file at
 * deploy time; here it stays unknown, and a rule stays silent on it. When the file is outside the
 * workspace (a shared `../iam.yml` while one service is audited), missing (a git-ignored secrets file)
 * or code (`${file(./config.js):stage}`, which Serverless runs), one warning per file says so, on the
 * first value that names it, so that a finding missing for that reason is never a silent one.
 */
import type { ParseIssue, SourceNode } from '../types';
import { findVariables, type Resolver } from './resolver';

export function unreadFileIssues(root: SourceNode | null, resolver: Resolver): ParseIssue[] {
  const issues: ParseIssue[] = [];
  const seen = new Set<string>();
  const stack: SourceNode[] = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === 'map') {
      for (let index = node.entries.length - 1; index >= 0; index--) {
        const value = node.entries[index].value;
        if (value) stack.push(value);
      }
    } else if (node.kind === 'seq') {
      for (let index = node.items.length - 1; index >= 0; index--) stack.push(node.items[index]);
    } else if (typeof node.value === 'string' && node.value.includes('${file(')) {
      for (const address of fileAddressesIn(node.value)) {
        const notRead = resolver.fileNotRead(address);
        if (!notRead || seen.has(notRead.relativePath)) continue;
        seen.add(notRead.relativePath);
        issues.push({
          kind: 'limit',
          severity: 'warning',
          range: node.range,
          message: `\${file(${notRead.relativePath})} was not read: the file ${notRead.reason}. The values it gives are unknown, and the rules were silent on them.`,
        });
      }
    }
  }
  return issues;
}

/** The `file(...)` addresses of a string's variables, nested ones too (`${self:custom.${file(./x.yml):key}}`). */
function fileAddressesIn(text: string): string[] {
  const addresses: string[] = [];
  const pending = [text];
  // Each level of nesting is a shorter string, so this ends; the parser's limits bound the length.
  while (pending.length > 0) {
    for (const variable of findVariables(pending.pop()!)) {
      if (/^\s*file\(/.test(variable.inner)) addresses.push(variable.inner.trim());
      if (variable.inner.includes('${')) pending.push(variable.inner);
    }
  }
  return addresses;
}

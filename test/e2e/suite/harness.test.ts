import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

describe('harness', () => {
  it('runs inside VS Code', () => {
    assert.match(vscode.version, /^1\./);
    console.log('vscode %s, uiKind %s, remote %s', vscode.version, vscode.env.uiKind, vscode.env.remoteName);
  });
});

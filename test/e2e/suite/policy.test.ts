// "Serverless Ward: Show Least-Privilege Policy" in a real VS Code: with the cursor in a function of
// the fixed Serverless example, the command opens a read-only YAML document with the statements that
// function's handler code needs, scoped to the template's own resources.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXAMPLES, openExample, revertAndCloseAll } from './helpers';

describe('least-privilege policy command', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await revertAndCloseAll();
  });

  it('shows the statements the function at the cursor needs, in the template\'s syntax', async () => {
    const editor = await openExample(EXAMPLES.serverlessFixed);
    const line = editor.document.getText().split('\n').findIndex((text) => text.trim() === 'handler: src/orders.create');
    assert.ok(line > 0, 'the fixed example declares createOrder');
    editor.selection = new vscode.Selection(line, 6, line, 6);
    // The command resolves to the document it opened.
    const policy = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('slsward.showLeastPrivilegePolicy');
    assert.ok(policy, 'a policy document opened');
    assert.equal(policy.uri.scheme, 'slsward-policy');
    const text = policy.getText();
    assert.match(text, /^# Least-privilege statements for function createOrder/m, text);
    assert.match(text, /- dynamodb:PutItem\n  Resource:\n    - !GetAtt OrdersTable\.Arn/, text);
    assert.match(text, /- sns:Publish\n  Resource:\n    - !Ref OrderEventsTopic/, text);
    assert.equal(policy.languageId, 'yaml');
  });
});

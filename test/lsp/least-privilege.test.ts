/**
 * Least privilege in the editor, through the real server: a template's role statement that grants
 * more than its handler calls is reported on the template, and the finding follows edits to the
 * handler; a handler call that the role does not grant is reported in the handler, and it goes away
 * when the template grants it. Both use the handler and template texts the editor holds.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { LspSession, makeTempDirectory, uriOf } from './lsp-session';

const TEMPLATE = `service: orders
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - dynamodb:GetItem
            - dynamodb:DeleteItem
          Resource: !GetAtt Orders.Arn
functions:
  create:
    handler: src/orders.create
    environment:
      TABLE: !Ref Orders
resources:
  Resources:
    Orders:
      Type: AWS::DynamoDB::Table
`;

const HANDLER = `const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
const { DynamoDBDocumentClient, GetCommand, PutCommand } = require('@aws-sdk/lib-dynamodb');
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
exports.create = async (event) => {
  const existing = await doc.send(new GetCommand({ TableName: process.env.TABLE, Key: { id: '1' } }));
  await doc.send(new PutCommand({ TableName: process.env.TABLE, Item: { id: '1' } }));
  return { statusCode: 201, body: JSON.stringify(existing.Item) };
};
`;

describe('least privilege in the editor', () => {
  const workspace = makeTempDirectory('slsward-lsp-least-privilege-');
  const templatePath = join(workspace.path, 'serverless.yml');
  const handlerPath = join(workspace.path, 'src', 'orders.js');
  let session: LspSession;

  /** Pulls until `predicate` holds on the document's diagnostics, following the server's refreshes; no fixed sleeps. */
  async function diagnosticsWhen(uri: string, predicate: (items: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
    const deadline = Date.now() + 30_000;
    let items: Diagnostic[] = [];
    while (Date.now() < deadline) {
      items = await session.diagnostics(uri);
      if (predicate(items)) return items;
      const refreshes = session.refreshCount;
      await session.waitFor('a refresh', () => session.refreshCount > refreshes, 5_000).catch(() => undefined);
    }
    assert.fail(`${what}; last diagnostics: ${JSON.stringify(items.map((item) => `${item.code}: ${item.message}`))}`);
  }

  before(async () => {
    mkdirSync(join(workspace.path, 'src'), { recursive: true });
    writeFileSync(templatePath, TEMPLATE);
    writeFileSync(handlerPath, HANDLER);
    session = await LspSession.start({ folders: [workspace.path] });
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  it('reports the unused DeleteItem on the template, and follows an edit of the handler', async () => {
    const templateUri = uriOf(templatePath);
    const handlerUri = uriOf(handlerPath);
    session.open(templateUri, TEMPLATE);
    const unused = (items: Diagnostic[]) => items.find((item) => item.code === 'iam-unused-permission');
    const first = await diagnosticsWhen(templateUri, (items) => unused(items) !== undefined, 'an iam-unused-permission diagnostic on the template');
    assert.match(String(unused(first)!.message), /Function create is granted `dynamodb:DeleteItem`, which no function on the role calls; its code calls only `dynamodb:GetItem`\./);
    assert.equal(unused(first)!.range.start.line, 8);
    // The handler, edited in the editor (not saved), now deletes too: the template's finding goes away.
    session.open(handlerUri, HANDLER, 'javascript');
    session.replace(handlerUri, "return { statusCode: 201", "await doc.send(new (require('@aws-sdk/lib-dynamodb').DeleteCommand)({ TableName: process.env.TABLE, Key: { id: '0' } }));\n  return { statusCode: 201");
    session.replace(handlerUri, "const { DynamoDBDocumentClient, GetCommand, PutCommand }", "const { DynamoDBDocumentClient, GetCommand, PutCommand, DeleteCommand }");
    session.replace(handlerUri, "new (require('@aws-sdk/lib-dynamodb').DeleteCommand)(", 'new DeleteCommand(');
    await diagnosticsWhen(templateUri, (items) => unused(items) === undefined, 'the finding to go once the handler deletes');
  });

  it('reports the PutItem the role does not grant in the handler, until the template grants it', async () => {
    const templateUri = uriOf(templatePath);
    const handlerUri = uriOf(handlerPath);
    const notGranted = (items: Diagnostic[]) => items.find((item) => item.code === 'code-permission-not-granted');
    const found = await diagnosticsWhen(handlerUri, (items) => notGranted(items) !== undefined, 'a code-permission-not-granted diagnostic in the handler');
    assert.match(String(notGranted(found)!.message), /needs `dynamodb:PutItem` on Orders, and the role the Serverless Framework generates \(function create\) does not grant it/);
    assert.equal(notGranted(found)!.range.start.line, 5);
    assert.ok((notGranted(found)!.relatedInformation ?? []).some((item) => item.location.uri === templateUri), 'related information points at the template');
    // Its quick fix adds the statement to the open template, at the template's current version.
    const actions = await session.codeActions(handlerUri, [notGranted(found)!]);
    const fix = actions.find((action) => action.title === 'Serverless Ward: Add dynamodb:PutItem on Orders to provider.iam.role.statements');
    assert.ok(fix, `the fix is offered; got ${JSON.stringify(actions.map((action) => action.title))}`);
    const changes = fix.edit?.documentChanges ?? [];
    assert.deepEqual(changes.map((change) => ('textDocument' in change ? [change.textDocument.uri, change.textDocument.version] : [])), [[templateUri, session.document(templateUri).version]]);
    session.applyEdit(templateUri, fix.edit!);
    assert.equal(
      session.document(templateUri).getText(),
      TEMPLATE.replace(
        '          Resource: !GetAtt Orders.Arn\n',
        '          Resource: !GetAtt Orders.Arn\n        - Effect: Allow\n          Action:\n            - dynamodb:PutItem\n          Resource:\n            - !GetAtt Orders.Arn\n',
      ),
    );
    // The client pulls the edited template's diagnostics, as VS Code does; that analysis updates the server's index of what the template says about its handlers.
    await session.diagnostics(templateUri);
    await diagnosticsWhen(handlerUri, (items) => notGranted(items) === undefined, 'the finding to go once the template grants PutItem');
  });

  it('answers the least-privilege policy request for the function at the cursor, in a template and in its handler', async () => {
    const templateUri = uriOf(templatePath);
    const handlerUri = uriOf(handlerPath);
    type Result = { functions: Array<{ functionName: string; handler?: { exportName: string }; yaml?: string; policy?: { Statement: unknown[] } }>; message?: string };
    const request = (uri: string, line: number) => session.connection.sendRequest('slsward/leastPrivilegePolicy', { textDocument: { uri }, position: { line, character: 4 } }) as Promise<Result>;
    // Line 14 is `    handler: src/orders.create`, inside function create.
    const fromTemplate = await request(templateUri, 14);
    assert.deepEqual(fromTemplate.functions.map((fn) => fn.functionName), ['create']);
    assert.equal(fromTemplate.functions[0].yaml, ['- Effect: Allow', '  Action:', '    - dynamodb:DeleteItem', '    - dynamodb:GetItem', '    - dynamodb:PutItem', '  Resource:', '    - !GetAtt Orders.Arn'].join('\n'));
    // Inside the handler's function: the same function, through the template index's bindings.
    const fromHandler = await request(handlerUri, 4);
    assert.deepEqual(fromHandler.functions.map((fn) => [fn.functionName, fn.handler?.exportName]), [['create', 'create']]);
    assert.equal(fromHandler.functions[0].yaml, fromTemplate.functions[0].yaml);
  });
});

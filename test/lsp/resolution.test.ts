/**
 * Over the real LSP connection: the hover explains a computed value (a Ref to
 * a parameter default, a value given in samconfig.toml); the samconfig.toml
 * beside a template decides its Conditions and refreshes diagnostics when it
 * changes; the workspace audit reports other tools' suppressions with their
 * tool and id.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, type MarkupContent } from 'vscode-languageserver/node';
import { renderAuditReport } from '../../client/src/audit-report';
import type { AuditReport } from '../../client/src/protocol';
import { LspSession, makeTempDirectory, uriOf } from './lsp-session';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: { Type: String, Default: dev }
  KeyParam: { Type: String, Default: alias/x }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  ProdTopic:
    Type: AWS::SNS::Topic
    Condition: IsProd
  KeyedTopic:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !Ref KeyParam
      TopicName: !Sub '\${Stage}-events'
`;

const SKIPPED = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Skipped:
    Type: AWS::SNS::Topic # checkov:skip=CKV_AWS_26:only public events
`;

describe('resolution over LSP', () => {
  const workspace = makeTempDirectory('slsward-lsp-resolution-');
  const templatePath = join(workspace.path, 'app', 'template.yaml');
  const samConfigPath = join(workspace.path, 'app', 'samconfig.toml');
  const uri = uriOf(templatePath);
  let session: LspSession;

  before(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(workspace.path, 'app'));
    writeFileSync(templatePath, TEMPLATE);
    writeFileSync(join(workspace.path, 'skipped.yaml'), SKIPPED);
    session = await LspSession.start({ folders: [workspace.path] });
    session.open(uri, TEMPLATE);
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  const topics = async () => (await session.diagnostics(uri)).filter((diagnostic) => diagnostic.code === 'sns-topic-unencrypted').map((diagnostic) => String(diagnostic.message));

  it('hover on !Ref KeyParam names the parameter and its default', async () => {
    const line = TEMPLATE.split('\n').findIndex((text) => text.includes('!Ref KeyParam'));
    const hover = await session.hover(uri, { line, character: 25 });
    assert.ok(hover, 'a hover over the Ref');
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /\*\*Serverless Ward: value\*\* `alias\/x`/);
    assert.match(value, /- !Ref `KeyParam` → parameter `KeyParam` default `alias\/x`/);
    assert.deepEqual(hover.range, { start: { line, character: 22 }, end: { line, character: 35 } });
  });

  it('without samconfig.toml, a condition on a parameter is undecided: the prod-only topic is reported', async () => {
    assert.ok((await topics()).some((message) => message.includes('ProdTopic')));
  });

  it('samconfig.toml beside the template decides the condition, and a change to it refreshes', async () => {
    writeFileSync(samConfigPath, '[default.deploy.parameters]\nparameter_overrides = "Stage=dev"\n');
    let refreshes = session.refreshCount;
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(samConfigPath), type: FileChangeType.Created }] });
    await session.waitFor('a refresh after samconfig.toml was created', () => session.refreshCount > refreshes);
    assert.ok(!(await topics()).some((message) => message.includes('ProdTopic')), 'Stage=dev: ProdTopic cannot exist');

    const line = TEMPLATE.split('\n').findIndex((text) => text.includes('TopicName'));
    const hover = await session.hover(uri, { line, character: 20 });
    assert.match((hover?.contents as MarkupContent).value, /parameter `Stage` = `dev`, given in samconfig\.toml/);

    writeFileSync(samConfigPath, '[default.deploy.parameters]\nparameter_overrides = "Stage=prod"\n');
    refreshes = session.refreshCount;
    await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: uriOf(samConfigPath), type: FileChangeType.Changed }] });
    await session.waitFor('a refresh after samconfig.toml changed', () => session.refreshCount > refreshes);
    assert.ok((await topics()).some((message) => message.includes('ProdTopic')), 'Stage=prod: ProdTopic is back');
  });

  it("the audit report lists other tools' suppressions with tool and id", async () => {
    const report = (await session.connection.sendRequest('slsward/auditWorkspace', {})) as AuditReport;
    const entry = report.suppressed.find((candidate) => candidate.path.endsWith('skipped.yaml'));
    assert.deepEqual(entry && [entry.ruleId, entry.tool, entry.toolRuleId, entry.via, entry.reason], ['sns-topic-unencrypted', 'checkov', 'CKV_AWS_26', 'checkov:skip', 'only public events']);
    const markdown = renderAuditReport(report, { displayPath: (path) => path.slice(workspace.path.length + 1) });
    assert.match(markdown, /- `sns-topic-unencrypted` skipped\.yaml:3 \(checkov `CKV_AWS_26` via checkov:skip\): only public events/);
  });
});

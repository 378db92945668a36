/**
 * Handler code in the editor, through the real server: a handler file gets its diagnostics with
 * what the template says (the route, its auth, related information pointing at the route), the
 * severity follows the route's auth as the template is edited, the hover shows the path from
 * source to sink, the quick fix rewrites `exec` to `execFile`, `// slsward-ignore` works in code,
 * and a plain module that is not a handler gets nothing.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { editsFor, LspSession, makeTempDirectory, uriOf } from './lsp-session';

const PUBLIC_ROUTE = `service: convert
provider:
  name: aws
  runtime: nodejs20.x
functions:
  convert:
    handler: src/app.handler
    events:
      - http:
          path: convert
          method: post
`;

const WITH_AUTHORIZER = PUBLIC_ROUTE.replace('          method: post\n', '          method: post\n          authorizer: aws_iam\n');

const HANDLER = `const { exec } = require('child_process');
exports.handler = async (event) => {
  const name = JSON.parse(event.body).name;
  exec(\`convert \${name} out.png\`, () => {});
  return { statusCode: 200 };
};
`;

const HELPER = `export function add(a, b) {
  return a + b;
}
`;

describe('handler code in the editor', () => {
  const workspace = makeTempDirectory('slsward-lsp-handlers-');
  const templatePath = join(workspace.path, 'serverless.yml');
  const handlerPath = join(workspace.path, 'src', 'app.js');
  let session: LspSession;

  const injection = async (): Promise<Diagnostic | undefined> => (await session.diagnostics(uriOf(handlerPath))).find((item) => item.code === 'code-command-injection');

  before(async () => {
    mkdirSync(join(workspace.path, 'src'), { recursive: true });
    writeFileSync(templatePath, PUBLIC_ROUTE);
    writeFileSync(handlerPath, HANDLER);
    // A service whose template names an export its handler file does not have.
    mkdirSync(join(workspace.path, 'misnamed'), { recursive: true });
    writeFileSync(join(workspace.path, 'misnamed', 'serverless.yml'), PUBLIC_ROUTE.replace('service: convert', 'service: misnamed').replace('src/app.handler', 'h.create'));
    writeFileSync(join(workspace.path, 'misnamed', 'h.js'), HANDLER);
    session = await LspSession.start({ folders: [workspace.path] });
  });
  after(async () => {
    await session.stop();
    workspace.dispose();
  });

  it('reports the injection in the handler as an error, because the template makes the route public', async () => {
    session.open(uriOf(handlerPath), HANDLER, 'javascript');
    // The first pull may come before the server has found the templates; it asks for a refresh once it has.
    let found: Diagnostic | undefined;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      found = await injection();
      if (String(found?.message ?? "").includes('POST /convert is public')) break;
      const refreshes = session.refreshCount;
      await session.waitFor('a refresh', () => session.refreshCount > refreshes, 5_000).catch(() => undefined);
    }
    assert.ok(found, 'a code-command-injection diagnostic');
    assert.equal(found.severity, DiagnosticSeverity.Error);
    assert.match(String(found.message), /event\.body.*child_process\.exec.*POST \/convert is public/s);
    assert.equal(found.range.start.line, 3);
    const related = found.relatedInformation ?? [];
    assert.ok(related.some((item) => item.location.uri === uriOf(templatePath) && item.location.range.start.line === 8), JSON.stringify(related));
  });

  it('lowers the severity when the template puts the route behind IAM, and refreshes the handler', async () => {
    const templateUri = uriOf(templatePath);
    session.open(templateUri, PUBLIC_ROUTE);
    await session.diagnostics(templateUri);
    const refreshes = session.refreshCount;
    session.replace(templateUri, PUBLIC_ROUTE, WITH_AUTHORIZER);
    // As VS Code does on a change, the client pulls the template's diagnostics; the server then asks for the handler's again.
    await session.diagnostics(templateUri);
    await session.waitFor('a refresh after the template changed', () => session.refreshCount > refreshes);
    const found = await injection();
    assert.ok(found);
    assert.equal(found.severity, DiagnosticSeverity.Warning);
    assert.doesNotMatch(String(found.message), /is public/);
    session.replace(templateUri, WITH_AUTHORIZER, PUBLIC_ROUTE);
    await session.diagnostics(templateUri);
    session.closeDocument(templateUri);
  });

  it('shows the path from source to sink on hover', async () => {
    const found = await injection();
    assert.ok(found);
    const hover = await session.hover(uriOf(handlerPath), found.range.start);
    const text = typeof hover?.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(text, /Path from source to sink/);
    assert.match(text, /1\. .*event\.body/);
    assert.match(text, /reaches/);
  });

  it('offers the execFile rewrite and an ignore comment', async () => {
    const found = await injection();
    assert.ok(found);
    const actions = await session.codeActions(uriOf(handlerPath), [found]);
    const rewrite = actions.find((action) => /execFile/.test(action.title));
    assert.ok(rewrite, actions.map((action) => action.title).join(', '));
    const rewritten = session.applyEdit(uriOf(handlerPath), rewrite.edit!).getText();
    assert.match(rewritten, /execFile\('convert', \[name, 'out\.png'\]/);
    assert.match(rewritten, /const \{ exec, execFile \} = require\('child_process'\)|const \{ execFile, exec \} = require\('child_process'\)|execFile/);
    assert.equal(await injection(), undefined, 'no injection once the command is an argument array');
    // Back to the vulnerable text, then ignore it with a reason.
    session.replace(uriOf(handlerPath), rewritten, HANDLER);
    const again = await injection();
    assert.ok(again);
    const ignore = (await session.codeActions(uriOf(handlerPath), [again])).find((action) => /Ignore code-command-injection/.test(action.title));
    assert.ok(ignore);
    assert.deepEqual(editsFor(uriOf(handlerPath), ignore.edit).map((edit) => edit.newText), ['  // slsward-ignore code-command-injection: <why this is acceptable>\n']);
    const ignored = session.applyEdit(uriOf(handlerPath), ignore.edit!).getText();
    session.replace(uriOf(handlerPath), '<why this is acceptable>', 'the name comes from our own form, which allows [a-z] only');
    assert.equal(await injection(), undefined, ignored);
  });

  it('drops route-missing-auth to info when the handler verifies a token, and back when the check goes', async () => {
    const mePath = join(workspace.path, 'src', 'me.js');
    const verifying = `const jwt = require('jsonwebtoken');\nexports.handler = async (event) => {\n  const claims = jwt.verify(event.headers.authorization, process.env.PUBLIC_KEY);\n  return { statusCode: 200, body: claims.sub };\n};\n`;
    writeFileSync(mePath, verifying);
    const templateUri = uriOf(templatePath);
    const withMe = `${PUBLIC_ROUTE}  me:\n    handler: src/me.handler\n    events:\n      - httpApi: GET /me\n`;
    session.open(templateUri, PUBLIC_ROUTE);
    session.replace(templateUri, PUBLIC_ROUTE, withMe);
    const routeOnMe = async () => (await session.diagnostics(templateUri)).find((item) => item.code === 'route-missing-auth' && String(item.message).includes('/me'));
    const first = await routeOnMe();
    assert.ok(first);
    assert.equal(first.severity, DiagnosticSeverity.Information);
    assert.match(String(first.message), /verifies a token itself \(jsonwebtoken\.verify\)/);
    assert.ok((first.relatedInformation ?? []).some((item) => item.location.uri === uriOf(mePath)));
    // Editing the handler in the editor (the verification goes) refreshes the template.
    const meUri = uriOf(mePath);
    session.open(meUri, verifying, 'javascript');
    const refreshes = session.refreshCount;
    session.replace(meUri, 'jwt.verify(event.headers.authorization, process.env.PUBLIC_KEY)', 'jwt.decode(event.headers.authorization)');
    await session.waitFor('a refresh after the handler changed', () => session.refreshCount > refreshes);
    const after = await routeOnMe();
    assert.ok(after);
    assert.notEqual(after.severity, DiagnosticSeverity.Information);
    session.closeDocument(meUri);
    session.closeDocument(templateUri);
  });

  it("leaves a handler's syntax errors to the editor's TypeScript, and still reports what parses", async () => {
    const brokenPath = join(workspace.path, 'src', 'broken.js');
    const broken = HANDLER.replace('return { statusCode: 200 };', 'if (event.x {\n  }\n  return { statusCode: 200 };');
    writeFileSync(brokenPath, broken);
    session.open(uriOf(brokenPath), broken, 'javascript');
    const items = await session.diagnostics(uriOf(brokenPath));
    assert.ok(items.some((item) => item.code === 'code-command-injection'), JSON.stringify(items));
    assert.ok(!items.some((item) => item.code === 'parse-error'), JSON.stringify(items));
    session.closeDocument(uriOf(brokenPath));
  });

  it('gives a module that is no handler and that no template names nothing', async () => {
    const helperPath = join(workspace.path, 'src', 'math.js');
    writeFileSync(helperPath, HELPER);
    session.open(uriOf(helperPath), HELPER, 'javascript');
    assert.deepEqual(await session.diagnostics(uriOf(helperPath)), []);
  });

  it('says so, as a warning, when the analysis of a handler file stops short (an export the template names is missing)', async () => {
    const path = join(workspace.path, 'misnamed', 'h.js');
    session.open(uriOf(path), HANDLER, 'javascript');
    // The index may not have read this service's template yet: the server asks for a refresh once it has.
    let items = await session.diagnostics(uriOf(path));
    const deadline = Date.now() + 20_000;
    while (!items.some((item) => item.code === 'not-analysed') && Date.now() < deadline) {
      const refreshes = session.refreshCount;
      await session.waitFor('a refresh', () => session.refreshCount > refreshes, 5_000).catch(() => undefined);
      items = await session.diagnostics(uriOf(path));
    }
    const notAnalysed = items.filter((item) => item.code === 'not-analysed');
    assert.deepEqual(
      notAnalysed.map((item) => [item.severity, item.message]),
      [[DiagnosticSeverity.Warning, 'Handler code not fully analysed: the template names export `create`, but this file exports no function by that name.']],
      JSON.stringify(items),
    );
  });
});

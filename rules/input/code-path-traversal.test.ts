// Data-driven cases for code-path-traversal: fs reads and writes, S3 keys written to /tmp, basename.
import rule from './code-path-traversal';
import { internalBinding, routeBinding, testCodeRule, underline } from './support/code-rule-tester';

const ID = 'code-path-traversal';

testCodeRule(rule, {
  valid: [
    { name: 'path.basename strips the folders', code: `const fs = require('fs');\nconst path = require('path');\nexports.handler = async (event) => fs.readFileSync(path.join('/data', path.basename(event.pathParameters.name)));`, bindings: [routeBinding('handler', 'GET /files/{name}')] },
    { name: 'a constant path', code: `const fs = require('fs');\nexports.handler = async (event) => ({ body: fs.readFileSync('/opt/config.json', 'utf8') + event.body });` },
    {
      name: 'a helper that resolves the path and throws unless it stays in the base folder',
      code: `const fs = require('fs');\nconst path = require('path');\nconst BASE = process.env.BASE || '/mnt/data';\nfunction safePath(input) {\n  const resolved = path.resolve(BASE, input);\n  if (!resolved.startsWith(BASE + path.sep) && resolved !== BASE) throw new Error('traversal');\n  return resolved;\n}\nexports.handler = async (event) => fs.readFileSync(safePath(event.pathParameters.name));`,
      bindings: [routeBinding('handler', 'GET /files/{name}')],
    },
    { name: 'the file contents from input are not a path', code: `const fs = require('fs');\nexports.handler = async (event) => { fs.writeFileSync('/tmp/upload.bin', event.body); };` },
  ],
  invalid: [
    {
      name: 'a path parameter joined to a folder',
      code: `const fs = require('fs');\nexports.handler = async (event) => {\n${underline(`  return fs.readFileSync('/data/' + event.pathParameters.name);`, "'/data/' + event.pathParameters.name", ID)}\n};`,
      bindings: [routeBinding('handler', 'GET /files/{name}')],
      errors: [{ messageId: 'taintedPath', severity: 'error', messageIncludes: ['chooses the file path of', '(GET /files/{name} is public)'] }],
    },
    {
      name: 'a prefix check on the raw input proves nothing (`/data/../etc` starts with `/data/`)',
      code: `const fs = require('fs');\nexports.handler = async (event) => {\n  const p = event.pathParameters.name;\n  if (!p.startsWith('/data/')) throw new Error('outside');\n${underline(`  return fs.readFileSync(p);`, 'p)', ID).replace(/\^\^ /, '^ ')}\n};`,
      errors: [{ messageId: 'taintedPath' }],
    },
    {
      name: 'an S3 key written under /tmp (internal, lowered)',
      code: `const fs = require('fs/promises');\nexports.handler = async (event) => {\n  const key = event.Records[0].s3.object.key;\n${underline('  await fs.writeFile(`/tmp/${key}`, data);', '`/tmp/${key}`', ID)}\n};`,
      bindings: [internalBinding('handler', 's3', 'S3 bucket Uploads')],
      errors: [{ messageId: 'taintedPath', severity: 'info' }],
    },
  ],
});

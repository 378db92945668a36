/**
 * An inline Swagger 2 definition (SAM `DefinitionBody`, CloudFormation
 * `Body`) whose `schemes` list `http`. API Gateway serves HTTPS only, so the
 * deployed API is not affected: this is documentation hygiene, reported as info.
 */
import { defineRule } from '../../server/src/engine';
import { valueText } from '../../server/src/engine/fix/edits';
import { entryOf, seqItems } from '../../server/src/engine/parse/tree';
import type { MapEntry } from '../../server/src/engine/types';

export default defineRule({
  meta: {
    id: 'openapi-http-scheme',
    title: "OpenAPI definition lists the 'http' scheme",
    category: 'auth',
    severity: 'info',
    confidence: 'high',
    description:
      "API Gateway endpoints accept HTTPS only, so the deployed API is not affected, but the definition is also what clients, documentation and SDK generators read: `http` tells them to send requests, tokens and API keys in clear text.",
    remediation: "List only `https` in `schemes`.",
    equivalents: ['CKV_OPENAPI_18'],
    references: [
      'OWASP-Serverless-A3',
      'SAS-3',
      'CWE-319',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/data-protection-encryption.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-import-api.html',
      'https://swagger.io/specification/v2/',
    ],
    targets: ['serverless', 'sam', 'cloudformation'],
    messages: {
      httpScheme: "The OpenAPI definition of {{api}} lists the 'http' scheme{{where}}: clients generated from it would send credentials in clear text.",
    },
    fix: 'safe',
  },
  check(context) {
    const { model } = context;
    for (const definition of model.openApiDefinitions ?? []) {
      if (definition.version !== 'swagger2') continue;
      const places: Array<{ entry: MapEntry | undefined; where: string }> = [
        { entry: definition.schemesEntry, where: '' },
        ...definition.operations.map((operation) => ({ entry: entryOf(operation.operation, 'schemes'), where: ` for ${operation.method} ${operation.path}` })),
      ];
      for (const { entry, where } of places) {
        if (!entry) continue;
        const items = seqItems(entry.value);
        const texts = items.map((item) => model.resolver.resolveString(item)?.toLowerCase());
        const httpIndex = texts.indexOf('http');
        if (httpIndex < 0) continue;
        const item = items[httpIndex];
        // An OpenAPI file the template names: reported on the template's reference to it, with no edit (the offsets are the file's).
        if (definition.external) {
          context.report({ messageId: 'httpScheme', data: { api: definition.resource, where }, node: { range: definition.external.reference.range }, resource: definition.resource });
          continue;
        }
        // Replacing `http` by `https` is safe only when `https` is not listed already (a duplicate would be odd).
        const fixes = texts.includes('https') ? [] : [{ title: "Use the 'https' scheme", edits: [{ range: item.range, newText: valueText(model.document, item, 'https') }] }];
        context.report({ messageId: 'httpScheme', data: { api: definition.resource, where }, node: item, resource: definition.resource, fixes });
      }
    }
  },
});

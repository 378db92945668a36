/**
 * `http://` and `ws://` URLs that handler code sends requests to (fetch, axios, got, http.request,
 * undici, WebSocket, an AWS SDK `endpoint`), directly or through a constant or an options object.
 * Local emulators, instance metadata (169.254.169.254) and the Lambda runtime API are plain HTTP by
 * design and are left out, as are documentation hosts (example.com).
 */
import { defineCodeRule, type CodeRuleContext } from '../../server/src/engine/code-rule';
import type { InsecureTransport } from '../../server/src/engine/code/model';

const HTTP_REQUEST = 'problem-based-packs.insecure-transport.js-node.http-request.http-request';
const INSECURE_WEBSOCKET = 'javascript.lang.security.detect-insecure-websocket.detect-insecure-websocket';
/** SonarJS S5332's exceptions (`S5332/rule.lib.ts`): loopback, XML namespace hosts, documentation domains. */
const SONAR_LOOPBACK = /localhost|127(?:\.\d+){0,2}\.\d+$|\/\/(?:0*:)*?:?0*1$/;
const SONAR_FULL_HOSTS = new Set(['www.w3.org', 'xml.apache.org', 'schemas.xmlsoap.org', 'schemas.openxmlformats.org', 'rdfs.org', 'purl.org', 'xmlns.com', 'schemas.google.com', 'a9.com', 'ns.adobe.com', 'ltsc.ieee.org', 'docbook.org', 'graphml.graphdrawing.org', 'json-schema.org', 'schemas.microsoft.com']);
const SONAR_TOP_HOSTS = [/\.example$/, /\.?example\.com$/, /\.?example\.org$/, /\.test$/, /\.?test\.com$/];

/**
 * The checks whose source fires on this URL as written (docs/coverage.md, the handler code table):
 * - Semgrep http-request (`js-node/http-request.yaml`, JavaScript only): `$HTTP.request("http://...")` or
 *   `$HTTP.get("http://...")` where `$HTTP` is bound to 'http' by a CommonJS require, the URL a string literal as first argument;
 * - Semgrep detect-insecure-websocket (a regex rule on any file): the text `ws://` not followed by `localhost` or `127.0.0.1`;
 * - SonarJS S5332 (`S5332/rule.lib.ts`): a string literal (not a template) starting `http://`, whose host is not
 *   loopback, an XML namespace host or a documentation domain.
 */
function equivalentsOf(context: CodeRuleContext, fact: InsecureTransport): string[] {
  const checks: string[] = [];
  const written = context.text.slice(fact.location.range.start, fact.location.range.end);
  const host = /^[a-z]+:\/\/([^/:?#\s]*)/.exec(fact.what)?.[1]?.toLowerCase() ?? '';
  if (fact.what.startsWith('http://') && fact.isQuoted) {
    const http = requiredAs(context, 'http');
    const argument = fact.urlArgument;
    const call = argument ? /^([\w$]+)\.(request|get)$/.exec(argument.callee) : null;
    if (context.code.language === 'javascript' && argument?.index === 0 && call && http.includes(call[1])) checks.push(HTTP_REQUEST);
    const isException = host !== '' && (SONAR_LOOPBACK.test(host) || SONAR_FULL_HOSTS.has(host) || SONAR_TOP_HOSTS.some((pattern) => pattern.test(host)));
    if (!isException) checks.push('S5332');
  }
  if (/\bws:\/\/(?!localhost|127\.0\.0\.1)/.test(written)) checks.push(INSECURE_WEBSOCKET);
  return checks;
}

/** The local names a file binds to a module as a whole with a CommonJS require (`const http = ...` of 'http'). */
function requiredAs(context: CodeRuleContext, specifier: string): string[] {
  return context.code.imports
    .filter((entry) => entry.specifier === specifier && entry.style === 'commonjs')
    .flatMap((entry) => entry.names.filter((name) => name.imported === '*' || name.imported === 'default').map((name) => name.local));
}

export default defineCodeRule({
  meta: {
    id: 'code-plaintext-http',
    title: 'Outgoing request over plain HTTP or WebSocket',
    category: 'transit',
    severity: 'warning',
    confidence: 'high',
    description:
      'A request over http:// or ws:// crosses the network in clear text: API keys and tokens in its headers, the data in its body and the response can be read and changed by anyone on the path, from the NAT gateway to the remote host.',
    remediation: 'Use https:// or wss://. When the remote host offers no TLS, put it behind a TLS endpoint or reach it privately (VPC endpoint, PrivateLink).',
    // Each names the syntax it matches: named per finding (equivalentsOf).
    equivalents: [],
    findingEquivalents: [HTTP_REQUEST, INSECURE_WEBSOCKET, 'S5332'],
    references: ['OWASP-Serverless-A3', 'SAS-3', 'CWE-319'],
    languages: ['javascript', 'typescript'],
    messages: {
      plainUrl: '`{{via}}` sends a request to `{{url}}` without TLS; use {{secure}}.',
    },
    fix: 'none',
  },
  checkCode(context) {
    for (const fact of context.code.insecureTransport) {
      if (fact.kind !== 'plaintext-url' || fact.location.path) continue;
      context.report({ messageId: 'plainUrl', data: { via: fact.via, url: fact.what, secure: fact.what.startsWith('ws') ? 'wss://' : 'https://' }, range: fact.location.range, equivalents: equivalentsOf(context, fact) });
    }
  },
});

/**
 * `http://` and `ws://` URLs that handler code sends requests to (fetch, axios, got, http.request,
 * undici, WebSocket, an AWS SDK `endpoint`), directly or through a constant or an options object.
 * Local emulators, instance metadata (169.254.169.254) and the Lambda runtime API are plain HTTP by
 * design and are left out, as are documentation hosts (example.com).
 */
import { defineCodeRule } from '../../server/src/engine/code-rule';

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
    equivalents: ['http-request', 'detect-insecure-websocket', 'S5332'],
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
      context.report({ messageId: 'plainUrl', data: { via: fact.via, url: fact.what, secure: fact.what.startsWith('ws') ? 'wss://' : 'https://' }, range: fact.location.range });
    }
  },
});

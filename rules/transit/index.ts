/** The transit rules. Add a rule here; `rules/index.ts` gathers every category. */
import type { RuleModule } from '../../server/src/engine';
import apigatewayDomainTlsOutdated from './apigateway-domain-tls-outdated';
import cloudfrontOriginHttpOnly from './cloudfront-origin-http-only';
import cloudfrontTlsOutdated from './cloudfront-tls-outdated';
import cloudfrontViewerHttpAllowed from './cloudfront-viewer-http-allowed';
import databaseTlsNotEnforced from './database-tls-not-enforced';
import elasticacheTransitEncryptionDisabled from './elasticache-transit-encryption-disabled';
import loadBalancerHttpWithoutRedirect from './load-balancer-http-without-redirect';
import loadBalancerTlsPolicyOutdated from './load-balancer-tls-policy-outdated';
import opensearchHttpsNotEnforced from './opensearch-https-not-enforced';
import opensearchNodeToNodeEncryptionDisabled from './opensearch-node-to-node-encryption-disabled';
import rdsSslNotEnforced from './rds-ssl-not-enforced';
import s3BucketPolicyMissingSecureTransport from './s3-bucket-policy-missing-secure-transport';
import snsSqsPolicyMissingSecureTransport from './sns-sqs-policy-missing-secure-transport';
import type { CodeRuleModule } from '../../server/src/engine/code-rule';
import codePlaintextHttp from './code-plaintext-http';
import codeTlsVerificationDisabled from './code-tls-verification-disabled';

export const transitRules: readonly RuleModule[] = [
  apigatewayDomainTlsOutdated,
  cloudfrontOriginHttpOnly,
  cloudfrontTlsOutdated,
  cloudfrontViewerHttpAllowed,
  databaseTlsNotEnforced,
  elasticacheTransitEncryptionDisabled,
  loadBalancerHttpWithoutRedirect,
  loadBalancerTlsPolicyOutdated,
  opensearchHttpsNotEnforced,
  opensearchNodeToNodeEncryptionDisabled,
  rdsSslNotEnforced,
  s3BucketPolicyMissingSecureTransport,
  snsSqsPolicyMissingSecureTransport,
];

/** Code rules of this category: they read handler source (`server/src/engine/code-rule.ts`). */
export const transitCodeRules: readonly CodeRuleModule[] = [codePlaintextHttp, codeTlsVerificationDisabled];

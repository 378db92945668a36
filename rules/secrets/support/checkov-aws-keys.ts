/**
 * Checkov's reading of AWS keys in a serverless.yml environment (CKV_AWS_41), so that a finding names the
 * check only where it fails. Data only; not a rule.
 */
import type { AppModel, EnvironmentVariable } from '../../../server/src/engine/model/types';

/**
 * Whether Checkov's `CKV_AWS_41` sees this serverless.yml environment variable. It runs once per function, on the
 * function's configuration after `enrich_function_with_provider` (`checkov/serverless/parsers/context_parser.py`)
 * has merged `provider.environment` into it with `dict.update`, so the provider's value wins over a function's own
 * of the same name. A provider variable is seen when the service has a function; a function's own when the
 * provider does not define the same name.
 */
export function isSeenByCkvAws41(model: AppModel, variable: EnvironmentVariable): boolean {
  if (model.kind !== 'serverless') return false;
  if (variable.scope === 'provider') return model.functions.length > 0;
  if (variable.scope !== 'function' || !variable.resource.startsWith('functions.')) return false;
  return !model.sharedEnvironment.some((shared) => shared.scope === 'provider' && shared.name === variable.name);
}

/**
 * Checkov's `CKV_AWS_41` (`checkov/serverless/checks/function/aws/AWSCredentials.py`) reads the string values of
 * a function's environment, into which Checkov's Serverless parser merges `provider.environment`, and fails one
 * that starts with its `access_key_pattern` (20 upper-case letters and digits) or `secret_key_pattern` (40
 * characters of base64), each ending there (`re.match`, so at the start of the value only).
 */
export function isCheckovAwsKeyValue(value: string): boolean {
  return /^[A-Z0-9]{20}(?![A-Z0-9])/.test(value) || /^[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/.test(value);
}

/**
 * Checkov's `CKV_AWS_45` (`checkov/cloudformation/checks/resource/aws/LambdaEnvironmentCredentials.py`) runs
 * `get_secrets_from_string(value, AWS, GENERAL)` (`checkov/common/util/secrets.py`) on each environment value of an
 * `AWS::Lambda::Function` or `AWS::Serverless::Function`: a regex search, by value only, for a 40-character base64
 * run, an AWS access key id, a `key = <40 characters>` or `account id = <12 digits>` assignment, or a private key
 * header as the whole value; a value that is an MD5 or SHA-1 hex digest is skipped. A secret known only by its
 * variable's name (`DB_PASSWORD: hunter2`) passes there.
 */
const CHECKOV_LAMBDA_SECRET_PATTERNS: readonly RegExp[] = [
  /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/s,
  /(A3T[A-Z0-9]|AKIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ASIA)[A-Z0-9]{16}/s,
  /("|')?(AWS|aws|Aws)?_?(SECRET|secret|Secret)?_?(ACCESS|access|Access)?_?(KEY|key|Key)("|')?\s*(:|=>|=)\s*("|')?[A-Za-z0-9/+=]{40}("|')?/s,
  /("|')?(AWS|aws|Aws)?_?(ACCOUNT|account|Account)_?(ID|id|Id)?("|')?\s*(:|=>|=)\s*("|')?[0-9]{4}-?[0-9]{4}-?[0-9]{4}("|')?/s,
  /^-----BEGIN (RSA|EC|DSA|GPP) PRIVATE KEY-----\n?$/,
];

export function isCheckovLambdaSecretValue(value: string): boolean {
  if (/^[a-f0-9]{32}$|^[a-f0-9]{40}$/i.test(value)) return false;
  return CHECKOV_LAMBDA_SECRET_PATTERNS.some((pattern) => pattern.test(value));
}

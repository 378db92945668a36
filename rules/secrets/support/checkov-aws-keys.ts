/**
 * Checkov's reading of AWS keys in a serverless.yml environment (CKV_AWS_41), so that a finding names the
 * check only where it fails. Data only; not a rule.
 */

/**
 * Checkov's `CKV_AWS_41` (`checkov/serverless/checks/function/aws/AWSCredentials.py`) reads the string values of
 * a function's environment, into which Checkov's Serverless parser merges `provider.environment`, and fails one
 * that starts with its `access_key_pattern` (20 upper-case letters and digits) or `secret_key_pattern` (40
 * characters of base64), each ending there (`re.match`, so at the start of the value only).
 */
export function isCheckovAwsKeyValue(value: string): boolean {
  return /^[A-Z0-9]{20}(?![A-Z0-9])/.test(value) || /^[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/.test(value);
}

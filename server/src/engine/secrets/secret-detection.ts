/**
 * Decides whether a name and a literal value look like a hard-coded secret.
 * Two signals: vendor token shapes (precise on their own), and a secret-like
 * name holding a literal that is not a reference, an identifier or a flag.
 * Entropy is used only with a name hint: alone it flags ids and hashes.
 * Pure and shared: the template rules and the handler-code front end use the same rules.
 */

export interface SecretVerdict {
  /** What it looks like: "password", "AWS access key", ... */
  kind: string;
  /** `shape` when the value itself is a known token format; `name` when the name says secret. */
  signal: 'shape' | 'name';
}

const TOKEN_SHAPES: Array<[RegExp, string]> = [
  [/^(AKIA|ASIA)[A-Z0-9]{16}$/, 'AWS access key id'],
  [/-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----/, 'private key'],
  [/^(sk|rk)_live_[0-9A-Za-z]{16,}$/, 'Stripe live secret key'],
  [/^gh[pousr]_[A-Za-z0-9]{36,}$/, 'GitHub token'],
  [/^github_pat_[A-Za-z0-9_]{40,}$/, 'GitHub token'],
  [/^xox[abposr]-[A-Za-z0-9-]{10,}$/, 'Slack token'],
  [/^https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+$/, 'Slack webhook URL'],
  [/^AIza[0-9A-Za-z_-]{35}$/, 'Google API key'],
  [/^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/, 'SendGrid API key'],
  [/^glpat-[A-Za-z0-9_-]{20,}$/, 'GitLab token'],
  [/^npm_[A-Za-z0-9]{36}$/, 'npm token'],
  [/^eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}$/, 'JSON Web Token'],
  // A connection string with a literal password: scheme://user:password@host
  [/^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:(?!\$\{|\{\{)[^\s@/]{3,}@[^\s]+$/i, 'connection string with a password'],
];

/** Words of a name that say "secret" on their own. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'dsn']);
/** Two-word names that say "secret": `API_KEY`, `privateKey`, ... */
const SECRET_PAIRS = new Set(['api key', 'private key', 'access key', 'client secret', 'signing key', 'encryption key', 'auth key', 'session key', 'secret key', 'master key', 'app key', 'license key']);
/** A name that ends in one of these holds a pointer to a secret, or a fact about it, not the secret. */
const POINTER_WORDS = new Set(['arn', 'name', 'id', 'ids', 'path', 'param', 'parameter', 'ssm', 'url', 'uri', 'endpoint', 'host', 'region', 'table', 'bucket', 'queue', 'topic', 'file', 'header', 'ttl', 'expiry', 'expires', 'expiration', 'length', 'min', 'max', 'type', 'enabled', 'enable', 'required', 'policy', 'version', 'field', 'location', 'prefix', 'suffix', 'count', 'timeout', 'ref', 'stage', 'mode', 'algorithm', 'alg', 'issuer', 'audience', 'scope', 'scopes', 'duration', 'format', 'size', 'label', 'source', 'provider', 'cache', 'rotation', 'days', 'hours', 'seconds', 'minutes', 'user', 'username', 'usage', 'limit', 'key']);

/** Words of a name that mark a test or sample value. */
const FIXTURE_WORDS = new Set(['test', 'tests', 'testing', 'example', 'examples', 'sample', 'dummy', 'fake', 'mock']);
/** Secret words that also end a run-together word: `MYSECRET`, `DBPASSWORD`, `GITHUBTOKEN`. */
const COMPOUND_ENDINGS = ['password', 'passwd', 'secret', 'token', 'apikey', 'credentials', 'credential'];

function compoundSecretWord(word: string): string | undefined {
  return COMPOUND_ENDINGS.find((ending) => word.length > ending.length + 1 && word.endsWith(ending));
}

/** `DB_PASSWORD`, `dbPassword`, `db-password` -> ['db', 'password']. */
export function wordsOf(name: string): string[] {
  return name
    .split(/[_\-.\s/:]+|(?<=[a-z0-9])(?=[A-Z])/)
    .map((word) => word.toLowerCase())
    .filter(Boolean);
}

const PLACEHOLDER = /x{4,}|\*{3,}|example|^<.*>$|^\$\{?[A-Z_]+\}?$|your[_-]?|change[_-]?me|replace|placeholder|dummy|redacted|^todo$|^fixme$|^(test|demo|sample)$/i;

export function classifySecret(name: string, value: string): SecretVerdict | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) return undefined;
  const shape = secretShapeOf(trimmed);
  if (shape) return { kind: shape, signal: 'shape' };
  const kind = secretNameKind(name);
  if (!kind) return undefined;
  if (!looksLikeSecretValue(trimmed)) return undefined;
  return { kind, signal: 'name' };
}

/** The vendor token format a value has (`AWS access key id`, `private key`, ...), or undefined. */
export function secretShapeOf(value: string): string | undefined {
  for (const [pattern, kind] of TOKEN_SHAPES) if (pattern.test(value)) return kind;
  // A key id inside a longer value (`id=AKIA...;region=...`, a URL's user part) is as exposed as one alone.
  if (EMBEDDED_AWS_KEY_ID.test(value)) return 'AWS access key id';
  return undefined;
}

/** An AWS access key id with no letter or digit right before or after it, anywhere in a value. */
const EMBEDDED_AWS_KEY_ID = /(?<![A-Za-z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/;

/**
 * What a name says its value is (`password`, `token`, `key`, `secret`, `connection string`), or
 * undefined when the name does not say secret, marks a fixture (`TEST_PASSWORD`) or points at a
 * secret rather than holding it (`SECRET_ARN`, `TOKEN_TABLE`).
 */
export function secretNameKind(name: string): string | undefined {
  const words = wordsOf(name);
  const secretWord =
    words.find((word) => SECRET_WORDS.has(word)) ??
    words.slice(1).map((word, i) => `${words[i]} ${word}`).find((pair) => SECRET_PAIRS.has(pair)) ??
    words.map(compoundSecretWord).find((word) => word !== undefined);
  if (!secretWord) return undefined;
  // `TEST_PASSWORD`, `EXAMPLE_TOKEN`: fixtures of tests and samples, not credentials (Checkov CKV_AWS_384 agrees).
  if (words.some((word) => FIXTURE_WORDS.has(word))) return undefined;
  const last = words[words.length - 1];
  // `API_KEY` ends in "key" but is the secret; `SECRET_KEY_ID` or `TOKEN_TABLE` are pointers.
  if (POINTER_WORDS.has(last) && !SECRET_PAIRS.has(words.slice(-2).join(' '))) return undefined;
  return kindOfName(secretWord);
}

/** True for the stand-ins of samples and docs (`<your-key>`, `AKIAIOSFODNN7EXAMPLE`, `changeme`, `xxxx`). */
export function isPlaceholderValue(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

function kindOfName(word: string): string {
  if (word.startsWith('pass') || word === 'pwd') return 'password';
  if (word === 'token') return 'token';
  if (word === 'apikey') return 'key';
  if (word.includes('key')) return 'key';
  if (word === 'dsn') return 'connection string';
  return 'secret';
}

/** The names under which AWS SDKs and the CLI read long-term credentials. */
const AWS_CREDENTIAL_NAMES = new Set(['aws access key id', 'aws secret access key', 'aws session token', 'access key id', 'secret access key', 'session token']);

/** True for `AWS_ACCESS_KEY_ID`, `aws_secret_access_key`, `secretAccessKey`, `sessionToken`... */
export function isAwsCredentialName(name: string): boolean {
  return AWS_CREDENTIAL_NAMES.has(wordsOf(name).join(' '));
}

/** True for an AWS access key id (`AKIA...` long-term, `ASIA...` temporary). */
export function isAwsAccessKeyId(value: string): boolean {
  return /^(AKIA|ASIA)[A-Z0-9]{16}$/.test(value.trim());
}

/** Literal values that cannot be secrets: references, flags, numbers, ARNs, paths, placeholders of references. */
export function looksLikeSecretValue(value: string): boolean {
  if (value.length < 4) return false;
  if (/^(true|false|yes|no|on|off|null|none|undefined|enabled|disabled)$/i.test(value)) return false;
  if (/^\d{1,6}$/.test(value)) return false;
  if (/^arn:/.test(value)) return false;
  if (/\{\{resolve:/.test(value) || /\$\{/.test(value)) return false;
  // An SSM parameter name or a file path names where the secret is.
  if (/^\/[\w\-./]+$/.test(value)) return false;
  if (/^https?:\/\/[^@\s]+$/.test(value)) return false;
  // Placeholders in samples (`AIzaXXXX`, `KEYEXAMPLE1234`, `<your-key>`) are not secrets, and
  // reporting them trains people to ignore the rule.
  if (PLACEHOLDER.test(value)) return false;
  // `ACTIVEMQ_SECRET_ARN`, `MY_API_KEY`: the name of what belongs there, written as a constant.
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(value)) return false;
  // `abc123`, `123456789`: the stock stand-ins of tutorials.
  if (/^(abc123|123abc|(0?123456789?0?)|qwerty)$/i.test(value)) return false;
  return true;
}

/**
 * Which unauthenticated routes are public by design, judged from the method and the path alone:
 * sign-in, sign-up, token and password-reset endpoints (their callers have no credentials yet),
 * read-only routes on public content (a product catalogue, a health check), and reads of a guest
 * cart by its id (an anonymous shopper has no credentials either). Conservative on purpose: a write
 * other than an auth endpoint's, a DELETE, any admin-like segment, and any path that could hold one
 * user's data (`/users/{id}`, `/orders`, `/me`, `/cart` without an id) is never public by design.
 */

export interface PublicByDesign {
  kind: 'auth-endpoint' | 'public-read' | 'guest-cart';
  /** For messages: `sign-in`, `password reset`; or the content noun, `products`. */
  reason: string;
}

/** Segments that mark administration or internals: such a route stays loud whatever else it looks like. */
const ADMIN_SEGMENTS = new Set(['admin', 'admins', 'administrator', 'administration', 'internal', 'manage', 'management', 'superuser', 'staff', 'ops', 'debug', 'backoffice', 'console', 'root', 'sudo', 'impersonate']);

/** The last segment of an auth endpoint (lower case, without `-`, `_` and `.`), and what it is for. */
const AUTH_LAST_SEGMENTS = new Map<string, string>([
  ['login', 'sign-in'],
  ['signin', 'sign-in'],
  ['logon', 'sign-in'],
  ['authenticate', 'sign-in'],
  ['auth', 'sign-in'],
  ['signup', 'sign-up'],
  ['register', 'sign-up'],
  ['registration', 'sign-up'],
  ['confirmsignup', 'sign-up confirmation'],
  ['token', 'token'],
  ['refreshtoken', 'token refresh'],
  ['oauth', 'OAuth'],
  ['oauth2', 'OAuth'],
  ['authorize', 'OAuth'],
  ['jwks', 'public signing keys'],
  ['jwksjson', 'public signing keys'],
  ['openidconfiguration', 'OpenID discovery'],
  ['forgotpassword', 'password reset'],
  ['resetpassword', 'password reset'],
  ['passwordreset', 'password reset'],
  ['verifyemail', 'email verification'],
  ['confirmemail', 'email verification'],
  ['emailverification', 'email verification'],
]);

/** Two last segments that make an auth endpoint together (`/password/reset`, `/auth/callback`). */
const AUTH_SEGMENT_PAIRS = new Map<string, string>([
  ['password/reset', 'password reset'],
  ['password/forgot', 'password reset'],
  ['password/recover', 'password reset'],
  ['reset/password', 'password reset'],
  ['forgot/password', 'password reset'],
  ['email/verify', 'email verification'],
  ['email/confirm', 'email verification'],
  ['signup/confirm', 'sign-up confirmation'],
  ['register/confirm', 'sign-up confirmation'],
  ['token/refresh', 'token refresh'],
  ['auth/refresh', 'token refresh'],
  ['auth/callback', 'OAuth callback'],
  ['oauth/callback', 'OAuth callback'],
  ['oauth2/callback', 'OAuth callback'],
  ['sso/callback', 'OAuth callback'],
  ['login/callback', 'OAuth callback'],
]);

/**
 * Segments that may come before an auth endpoint's own (`/api/v1/users/login`). Anything else makes it
 * something else's: `/devices/register` registers a device, not a person who has no credentials yet.
 */
const AUTH_CONTEXT_SEGMENTS = new Set(['api', 'auth', 'authentication', 'oauth', 'oauth2', 'sso', 'identity', 'user', 'users', 'account', 'accounts', 'customer', 'customers', 'member', 'members', 'session', 'sessions', 'public', 'wellknown']);

/** Methods an auth endpoint answers: a form or a redirect (GET), a credential exchange (POST, PUT). DELETE and ANY stay loud. */
const AUTH_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT']);

/**
 * Nouns of public content that may be followed by an id (`/products/{id}`). Not `items`, `books`,
 * `posts` or `files`: in real apps these are as often one user's records as a public list.
 */
const CONTENT_NOUNS = new Set(['products', 'product', 'catalog', 'catalogue', 'categories', 'category', 'brands', 'brand', 'menu', 'menus', 'listings', 'listing', 'articles', 'article', 'blog', 'news', 'faq', 'faqs', 'docs', 'documentation', 'plans', 'public']);
/** Public endpoints without ids: health checks and service facts. */
const STATIC_PUBLIC = new Set(['health', 'healthcheck', 'healthz', 'ping', 'status', 'version', 'openapi', 'swagger', 'pricing', 'prices']);
/** Segments that say nothing about whose data it is: they may sit around a content noun. */
const NEUTRAL_SEGMENTS = new Set(['api', 'list', 'all', 'search', 'featured', 'popular', 'latest', 'top', 'details', 'info']);

function normalise(segment: string): string {
  return segment.toLowerCase().replace(/[-_.]/g, '');
}

function isParameter(segment: string): boolean {
  return /^\{.*\}$/.test(segment) || segment.startsWith(':') || segment === '*';
}

/** Whether an unauthenticated route is public by design, and why; undefined when it must stay loud. */
export function publicByDesign(method: string, path: string): PublicByDesign | undefined {
  const segments = path.split('/').filter((segment) => segment.length > 0);
  if (segments.length === 0) return undefined;
  const words = segments.map((segment) => (isParameter(segment) ? undefined : normalise(segment)));
  if (words.some((word) => word !== undefined && ADMIN_SEGMENTS.has(word))) return undefined;
  const upper = method.toUpperCase();
  // An auth endpoint has no path parameter: `/users/{id}/password/reset` acts on one account and stays loud.
  if (AUTH_METHODS.has(upper) && words.every((word) => word !== undefined)) {
    const last = words[words.length - 1]!;
    const pair = words.length >= 2 ? `${words[words.length - 2]}/${last}` : undefined;
    const pairPurpose = pair ? AUTH_SEGMENT_PAIRS.get(pair) : undefined;
    const purpose = pairPurpose ?? AUTH_LAST_SEGMENTS.get(last);
    const before = words.slice(0, words.length - (pairPurpose ? 2 : 1)) as string[];
    if (purpose && before.every((word) => AUTH_CONTEXT_SEGMENTS.has(word) || /^v\d+$/.test(word))) return { kind: 'auth-endpoint', reason: purpose };
  }
  if (upper !== 'GET' && upper !== 'HEAD') return undefined;
  const cart = guestCart(words, segments);
  if (cart) return { kind: 'guest-cart', reason: cart };
  // Every segment must be public content, a neutral word, a version, or the id of the content noun just before it.
  let noun: string | undefined;
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (word === undefined) {
      const previous = words[index - 1];
      if (previous === undefined || !CONTENT_NOUNS.has(previous)) return undefined;
      continue;
    }
    if (CONTENT_NOUNS.has(word) || STATIC_PUBLIC.has(word)) noun ??= segments[index];
    else if (!NEUTRAL_SEGMENTS.has(word) && !/^v\d+$/.test(word)) return undefined;
  }
  return noun ? { kind: 'public-read', reason: noun } : undefined;
}

/** Cart nouns; `guest` before one (or `guestcart`) says it is an anonymous shopper's. */
const CART_NOUNS = new Set(['cart', 'carts', 'basket', 'baskets', 'shoppingcart', 'shoppingcarts']);
const GUEST_CART_NOUNS = new Set(['guestcart', 'guestcarts', 'guestbasket', 'guestbaskets']);
/** What may follow a cart's id in a read: its lines, its totals. */
const CART_PARTS = new Set(['items', 'lines', 'lineitems', 'products', 'total', 'totals', 'summary', 'count']);

/**
 * A read of a guest cart: `/guest-cart`, `/guest/cart`, or a cart addressed by its own id (`/carts/{cartId}`,
 * `/cart/{id}/items`), which is how shops let shoppers fill a cart before they sign in. The id is then the
 * only key, so the message asks for unguessable ids. A cart without an id (`/cart`) is the caller's own,
 * found from a session, and stays loud; so does a cart under anything else (`/users/{id}/cart`).
 */
function guestCart(words: ReadonlyArray<string | undefined>, segments: readonly string[]): string | undefined {
  let index = 0;
  while (index < words.length && (words[index] === 'api' || /^v\d+$/.test(words[index] ?? ''))) index++;
  const first = words[index];
  if (first === undefined) return undefined;
  let isGuest = GUEST_CART_NOUNS.has(first);
  if (!isGuest && first === 'guest' && CART_NOUNS.has(words[index + 1] ?? '')) {
    isGuest = true;
    index++;
  } else if (!isGuest && !CART_NOUNS.has(first)) return undefined;
  const rest = words.slice(index + 1);
  // A greedy parameter (`{proxy+}`, `*`) is every path below the cart, not one cart's id.
  const idSegment = segments[index + 1];
  const hasId = rest.length > 0 && rest[0] === undefined && idSegment !== undefined && !idSegment.endsWith('+}') && idSegment !== '*';
  if (!isGuest && !hasId) return undefined;
  const after = hasId ? rest.slice(1) : rest;
  if (after.length > 1 || (after.length === 1 && !CART_PARTS.has(after[0] ?? ''))) return undefined;
  return isGuest ? 'a guest cart' : 'a cart addressed by its id';
}

import { encodeBase64 } from './base64';

/** The text that replaces every hidden value. */
export const REDACTED = '***';

/**
 * Query parameters hidden by {@link redactUrl} even when the caller lists none: the usual names of credentials.
 * Matching is case-insensitive.
 */
export const DEFAULT_REDACTED_QUERY_PARAMS: readonly string[] = [
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'api_key',
  'apikey',
  'key',
  'password',
  'passwd',
  'secret',
  'client_secret',
  'signature',
];

/**
 * Header names whose values are always hidden by {@link redactHeaders}, whatever their value. Names containing
 * `token`, `secret`, `password`, `auth`, `key` or `cookie` are hidden too.
 */
const SENSITIVE_HEADER_PATTERN = /auth|token|secret|password|passwd|key|cookie|session|signature/i;

function secretVariants(secret: string): string[] {
  // Base64 without its padding, so that the secret is found at the start of a longer base64 text too.
  const variants = new Set([secret, encodeBase64(secret).replace(/=+$/, '')]);
  try {
    const encoded = encodeURIComponent(secret);
    variants.add(encoded);
    // application/x-www-form-urlencoded also encodes !'()* and writes spaces as `+`.
    variants.add(
      encoded
        .replace(/%20/g, '+')
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    );
  } catch {
    // A lone surrogate cannot be URI-encoded; the raw form is still hidden.
  }
  return [...variants];
}

/** Every form of the secrets to look for, longest first, so that a secret containing another is hidden whole. */
function secretForms(secrets: readonly (string | undefined)[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret === 'string' && secret.length > 0) {
      for (const form of secretVariants(secret)) forms.add(form);
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Builds a function that hides the given secrets in a text, in their raw, URL-encoded, form-encoded and base64
 * forms. The forms are computed once, when the function is built: a client that redacts many texts builds it once
 * (the list is read then; a later change to it is not seen).
 *
 * @param secrets - values to hide; `undefined` and empty values are ignored
 * @returns `(text) => text with every secret replaced by ***`
 *
 * @example
 * const redact = createRedactor([apiKey]);
 * logger.info(redact(`GET ${url}`));
 */
export function createRedactor(
  secrets: readonly (string | undefined)[] | undefined,
): (text: string) => string {
  const forms = secretForms(secrets ?? []);
  if (forms.length === 0) return (text) => text;
  return (text) => {
    let result = text;
    for (const form of forms) if (result.includes(form)) result = result.split(form).join(REDACTED);
    return result;
  };
}

/**
 * Replaces every occurrence of each secret in `text` by `***`, in its raw, URL-encoded, form-encoded and base64
 * forms. Longer secrets are replaced first, so a secret that contains another is hidden whole. To redact many texts
 * with the same secrets, build the function once with {@link createRedactor}.
 *
 * @param text - any text: a URL, a response excerpt, an error message
 * @param secrets - values to hide; `undefined` and empty values are ignored
 * @returns the text with the secrets hidden
 *
 * @example
 * redactText('https://h/v2/KEY123/balance/', ['KEY123']); // 'https://h/v2/***\/balance/'
 */
export function redactText(text: string, secrets: readonly (string | undefined)[] | undefined): string {
  if (!secrets || secrets.length === 0 || text.length === 0) return text;
  return createRedactor(secrets)(text);
}

/** Options of {@link redactUrl}. */
export interface RedactUrlOptions {
  /** Values to hide wherever they appear (path, query, fragment). */
  secrets?: readonly (string | undefined)[];
  /**
   * Query parameters whose values are hidden whatever they are (case-insensitive). Added to
   * {@link DEFAULT_REDACTED_QUERY_PARAMS}.
   */
  queryParams?: readonly string[];
}

/**
 * Hides credentials in a URL: the given secrets anywhere, the values of sensitive query parameters, and the
 * password of `user:password@host`. Works on relative or malformed URLs too (by text).
 *
 * @param url - the URL as it was requested
 * @param options - secrets and query parameter names; see {@link RedactUrlOptions}
 * @returns the URL, safe to log
 *
 * @example
 * redactUrl('https://api.example.com/cdrs?access_token=abc&page=2'); // '...cdrs?access_token=***&page=2'
 */
export function redactUrl(url: string, options: RedactUrlOptions = {}): string {
  const names = new Set(
    [...DEFAULT_REDACTED_QUERY_PARAMS, ...(options.queryParams ?? [])].map((name) => name.toLowerCase()),
  );
  let result = url.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i,
    (_match, scheme: string, userInfo: string) => {
      const colon = userInfo.indexOf(':');
      return colon === -1 ? `${scheme}${userInfo}@` : `${scheme}${userInfo.slice(0, colon)}:${REDACTED}@`;
    },
  );
  result = result.replace(/([?&;#])([^=&#;]+)=([^&#;]*)/g, (match, separator: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      // Keep the raw name.
    }
    return names.has(decoded.toLowerCase()) ? `${separator}${name}=${REDACTED}` : match;
  });
  return redactText(result, options.secrets);
}

/**
 * Returns a copy of `headers` that is safe to log: values of credential-like headers (`authorization`,
 * `x-api-key`, `cookie`, anything naming a token, secret, password or key) become `***`, and the given secrets
 * are hidden in every other value. Names are lower-cased.
 *
 * @param headers - request or response headers
 * @param secrets - values to hide in the remaining headers
 */
export function redactHeaders(
  headers: HeadersInit | Record<string, string | undefined> | undefined,
  secrets?: readonly (string | undefined)[],
): Record<string, string> {
  return redactHeadersWith(headers, createRedactor(secrets));
}

/**
 * {@link redactHeaders} with a redactor already built (one call's, see {@link createRedactor}).
 * @param headers - request or response headers
 * @param redact - hides the secrets in the remaining headers
 */
export function redactHeadersWith(
  headers: HeadersInit | Record<string, string | undefined> | undefined,
  redact: (text: string) => string,
): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers) return result;
  const entries: Iterable<[string, string | undefined]> =
    headers instanceof Headers || Array.isArray(headers)
      ? (headers as Iterable<[string, string]>)
      : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    result[key] = SENSITIVE_HEADER_PATTERN.test(key) ? REDACTED : redact(value);
  }
  return result;
}

/**
 * Shortens `text` for an error or a log line: whitespace runs collapse to one space and the result is cut at `max`
 * characters with a trailing `…`. Surrogate pairs are never split.
 *
 * @param text - the text to shorten
 * @param max - the most characters to keep (default 200)
 */
export function excerpt(text: string, max = 200): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed.length <= max) return collapsed;
  let end = Math.max(0, max - 1);
  const code = collapsed.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${collapsed.slice(0, end)}…`;
}

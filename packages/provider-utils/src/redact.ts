import { base64Forms, foldCase, textForms } from './secret-forms';

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

/**
 * The characters of one text to hide, one flag per UTF-16 code unit (allocated when the first is found). A flag per
 * character, rather than a list of places, merges overlapping and touching finds for free and keeps a text full of
 * secrets as cheap to redact as any other.
 */
class HiddenParts {
  #flags: Uint8Array | undefined;

  constructor(readonly text: string) {}

  hide(start: number, end: number): void {
    this.#flags ??= new Uint8Array(this.text.length);
    this.#flags.fill(1, start, end);
  }

  /** The text with each run of hidden characters replaced by {@link REDACTED}. */
  redacted(): string {
    const flags = this.#flags;
    if (flags === undefined) return this.text;
    let result = '';
    let shownFrom = 0;
    for (let start = flags.indexOf(1); start !== -1; start = flags.indexOf(1, shownFrom)) {
      const end = flags.indexOf(0, start);
      result += `${this.text.slice(shownFrom, start)}${REDACTED}`;
      shownFrom = end === -1 ? flags.length : end;
    }
    return result + this.text.slice(shownFrom);
  }
}

/** Whether a character code is a base64 digit of either alphabet (standard `+/`, URL-safe `-_`). */
function isBase64Digit(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || // 0-9
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    code === 0x2b || // +
    code === 0x2f || // /
    code === 0x2d || // -
    code === 0x5f // _
  );
}

/** Hides each place where `form` occurs in `text` (one `indexOf` pass). */
function hideForm(text: string, form: string, hidden: HiddenParts): void {
  for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length)) {
    hidden.hide(at, at + form.length);
  }
}

/**
 * Hides the base64 runs of `text` that hold `form`: the run of base64 digits around each place it occurs, and the
 * padding after it. The search goes on after the run, and a run is widened backwards no further than the last one,
 * so every character is looked at a bounded number of times.
 */
function hideBase64Form(text: string, form: string, hidden: HiddenParts): void {
  let searchedTo = 0;
  for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, searchedTo)) {
    let start = at;
    while (start > searchedTo && isBase64Digit(text.charCodeAt(start - 1))) start--;
    let end = at + form.length;
    while (end < text.length && isBase64Digit(text.charCodeAt(end))) end++;
    for (let padding = 0; padding < 2 && text.charCodeAt(end) === 0x3d; padding++) end++;
    hidden.hide(start, end);
    searchedTo = end;
  }
}

/**
 * Builds a function that hides the given secrets in a text, as `***`, in every form listed in the package's README
 * ("Redaction"): as is and in any letter case; URL- and form-encoded, once or twice; JSON- and HTML-escaped; hex;
 * base64 and base64url, alone or inside a longer base64 value (then the whole base64 run is hidden). The forms are
 * worked out once, when the function is built: a client that redacts many texts builds it once (the list is read
 * then; a later change to it is not seen). Each call reads the text once per form, with `indexOf`: its time grows
 * in step with the text's length.
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
  const values = [
    ...new Set(
      (secrets ?? []).filter((secret): secret is string => typeof secret === 'string' && secret.length > 0),
    ),
  ];
  if (values.length === 0) return (text) => text;
  const forms = new Map(values.flatMap(textForms).map((form) => [form.folded, form.text]));
  const base64 = [...new Set(values.flatMap(base64Forms))];
  return (text) => {
    if (text.length === 0) return text;
    const hidden = new HiddenParts(text);
    // Case is folded so that `%2f`, `\u003C` and an upper-cased echo are found too; the fold keeps every character
    // where it was, which is checked, and the forms are looked for as written otherwise.
    const folded = foldCase(text);
    const caseless = folded.length === text.length;
    for (const [foldedForm, form] of forms) {
      hideForm(caseless ? folded : text, caseless ? foldedForm : form, hidden);
    }
    for (const form of base64) hideBase64Form(text, form, hidden);
    return hidden.redacted();
  };
}

/**
 * Replaces every occurrence of each secret in `text` by `***`, in all the forms {@link createRedactor} knows (raw,
 * any case, URL- and form-encoded, JSON- and HTML-escaped, hex, base64). Overlapping secrets are hidden whole. To
 * redact many texts with the same secrets, build the function once with {@link createRedactor}.
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
  return redactUrlWith(url, createRedactor(options.secrets), options.queryParams);
}

/**
 * {@link redactUrl} with a redactor already built (one call's, see {@link createRedactor}).
 * @param url - the URL as it was requested
 * @param redact - hides the secrets anywhere in the URL
 * @param queryParams - query parameters hidden whatever their value, besides {@link DEFAULT_REDACTED_QUERY_PARAMS}
 */
export function redactUrlWith(
  url: string,
  redact: (text: string) => string,
  queryParams: readonly string[] = [],
): string {
  const names = new Set([...DEFAULT_REDACTED_QUERY_PARAMS, ...queryParams].map((name) => name.toLowerCase()));
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
  return redact(result);
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

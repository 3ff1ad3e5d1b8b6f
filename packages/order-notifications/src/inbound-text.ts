/**
 * Normalisation of the text an order event brings in. Shop platforms pass on what customers type (names, phone
 * numbers, notes at checkout), so every string of an event is treated as hostile: it may hold line breaks that
 * would forge a second line in an SMS, bidi overrides that reorder what a reader sees, NUL (which PostgreSQL
 * refuses in text columns), lone surrogates, or megabytes of text.
 */

/**
 * The longest value, in UTF-16 code units, each kind of event field keeps after normalisation; longer values
 * are cut (a cut never splits a surrogate pair). Cutting instead of refusing keeps a webhook accepted: a shop
 * platform disables a hook that keeps failing.
 */
export const TEXT_LIMITS = Object.freeze({
  /** Order id and number, customer id, note id, event id, shop id. */
  id: 100,
  /** Status slugs. */
  status: 100,
  /** First and last name. */
  name: 100,
  /** Phone number, as written. */
  phone: 50,
  /** E-mail address (the longest an address may be). */
  email: 254,
  /** Order total and line totals. */
  amount: 50,
  /** Currency code. */
  currency: 10,
  /** Product name of an order line; payment and shipping method titles. */
  title: 200,
  /** Tracking number and carrier name. */
  tracking: 100,
  /** Tracking page address. */
  url: 500,
  /** Note text (the only field that keeps line breaks). */
  note: 1000,
});

/** Half of a surrogate pair without its other half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lone surrogates become U+FFFD (as `String.prototype.toWellFormed` does); NFC makes `s` + U+0327 one `ş`. */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').normalize('NFC');
}

/** Line breaks of every kind: CR LF, CR, LF, vertical tab, form feed, NEL, line and paragraph separators. */
const LINE_BREAKS = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/g;

/**
 * Characters removed outright: every other control character (C0, DEL, C1: NUL, backspace, escape...), the
 * bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the invisible direction marks
 * (U+200E, U+200F, U+061C), none of which Turkish text needs; zero-width space, word joiner and byte order mark.
 */
const REMOVED =
  /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/**
 * Cuts `text` to at most `max` UTF-16 code units without leaving half of a surrogate pair.
 *
 * @param text - any text
 * @param max - the longest result
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, /[\ud800-\udbff]/.test(text[max - 1] ?? '') ? max - 1 : max);
}

/**
 * Normalises a single-line field (a name, an id, a status, a tracking number): NFC; every line break, tab and
 * other white space becomes one space and runs of them collapse; control, bidi-override and invisible
 * characters are removed; the ends are trimmed; the result is cut to `max` code units.
 *
 * @param text - the text as received
 * @param max - the longest result, in UTF-16 code units (see {@link TEXT_LIMITS})
 * @returns the text, which holds no control character and no line break
 * @example
 * ```ts
 * normalizeLine('Ali\r\nBEDAVA SMS', 100); // 'Ali BEDAVA SMS'
 * ```
 */
export function normalizeLine(text: string, max: number): string {
  if (PLAIN_LINE.test(text)) return cutText(text, max).trimEnd();
  return normalizeLineFully(text, max);
}

/**
 * Text that normalisation leaves as it is: words of printable ASCII and precomposed Latin letters (Turkish
 * included: NFC does not change them) separated by single spaces. Most fields are such text, and one test is
 * far cheaper than the full pipeline, which an order of thousands of lines would run for every line.
 */
const PLAIN_LINE = /^(?:[!-~\u00a1-\u017f]+ )*[!-~\u00a1-\u017f]+$/;

/**
 * {@link normalizeLine} without its shortcut for plain text (the reference the shortcut is tested against).
 *
 * @param text - the text as received
 * @param max - the longest result, in UTF-16 code units
 */
export function normalizeLineFully(text: string, max: number): string {
  const clean = wellFormed(text).replace(LINE_BREAKS, ' ').replace(REMOVED, '').replace(/\s+/g, ' ').trim();
  return cutText(clean, max).trimEnd();
}

/**
 * Normalises a text that may span lines (a note the shop writes to its customer): as {@link normalizeLine},
 * except that each kind of line break becomes one LF, and at most one empty line is kept between two lines.
 *
 * @param text - the text as received
 * @param max - the longest result, in UTF-16 code units
 * @returns the text, with LF as its only control character
 */
export function normalizeLines(text: string, max: number): string {
  const clean = wellFormed(text)
    .replace(LINE_BREAKS, '\n')
    .replace(REMOVED, '')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return cutText(clean, max).trimEnd();
}

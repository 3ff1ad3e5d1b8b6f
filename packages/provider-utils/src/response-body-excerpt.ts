import { maskPhoneNumbersInText } from '@x/messaging-core';
import { excerpt } from './redact';

/** What an excerpt of a response body needs to know of the call. */
export interface ExcerptContext {
  /** Hides the call's secrets in a text. */
  redact?(text: string): string;
  /** Response headers (lower-case names), for the content type. */
  responseHeaders?: Record<string, string>;
}

/** How much of an HTML page is looked at for its text: the start of a page says what it is. */
const HTML_SCAN_LENGTH = 64 * 1024;

/** The most characters of an HTML page's text put into an error message. */
const HTML_MESSAGE_LENGTH = 100;

const HTML_START = /^\s*<(!doctype\s+html|html)\b/i;
// Each pattern matches at every place it starts (up to the end of the text when unclosed), so a page full of
// unclosed markup is still read in one pass.
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const HIDDEN_ELEMENT = /<(script|style|head|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;
const TAG = /<(\/?)([a-z][a-z0-9]*)?[^>]*(?:>|$)/gi;
/** Elements that separate words; other tags (`<b>`, `<span>`) are removed without a space, so none splits a secret. */
const BLOCK_ELEMENTS = new Set(
  'address article aside blockquote body br center dd div dl dt footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section table td th title tr ul'.split(
    ' ',
  ),
);
const ENTITY = /&(amp|lt|gt|quot|apos|nbsp|#\d{1,7}|#x[0-9a-f]{1,6});/gi;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntity(match: string, name: string): string {
  const named = NAMED_ENTITIES[name.toLowerCase()];
  if (named !== undefined) return named;
  const code = /^#x/i.test(name) ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
}

function redactAndMask(context: ExcerptContext, text: string): string {
  return maskPhoneNumbersInText(context.redact ? context.redact(text) : text);
}

/**
 * A short excerpt of a response body for an error: secrets hidden, phone numbers masked, whitespace collapsed, at
 * most 200 characters.
 *
 * @param context - the response context (its `redact`)
 * @param text - the body
 */
export function responseBodyExcerpt(context: ExcerptContext, text: string): string {
  return excerpt(redactAndMask(context, text), 200);
}

/**
 * Whether a body starts like an HTML page (`<!DOCTYPE html` or `<html`, after any whitespace), whatever its
 * content type says.
 *
 * @param text - the body
 */
export function startsLikeHtmlPage(text: string): boolean {
  return HTML_START.test(text);
}

/**
 * Whether a response body is an HTML page (a proxy's error page, a captive portal): its content type says so, or
 * it starts like one.
 *
 * @param context - the response context (its headers)
 * @param text - the body
 */
export function isHtmlPage(context: ExcerptContext, text: string): boolean {
  const contentType = context.responseHeaders?.['content-type'] ?? '';
  return /\btext\/html\b|\bapplication\/xhtml\+xml\b/i.test(contentType) || startsLikeHtmlPage(text);
}

/**
 * The visible text of an HTML page, short enough for an error message: comments, scripts, styles and the head
 * dropped, tags removed (block elements leave a space), entities decoded, whitespace collapsed, secrets hidden
 * (before and after the tags go, so that neither inline markup nor an entity splits one), phone numbers masked, at
 * most 100 characters.
 * `<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>` reads
 * `502 Bad Gateway nginx`.
 *
 * @param context - the response context (its `redact`)
 * @param html - the page
 */
export function htmlPageExcerpt(context: ExcerptContext, html: string): string {
  const page = redactAndMask(context, html.slice(0, HTML_SCAN_LENGTH));
  const text = page
    .replace(COMMENT, ' ')
    .replace(HIDDEN_ELEMENT, ' ')
    .replace(TAG, (_tag, _slash: string, name: string | undefined) =>
      name === undefined || BLOCK_ELEMENTS.has(name.toLowerCase()) ? ' ' : '',
    )
    .replace(ENTITY, decodeEntity);
  return excerpt(redactAndMask(context, text), HTML_MESSAGE_LENGTH);
}

import { encodeBase64Bytes } from './base64';

/*
 * The forms in which a secret is looked for, worked out once per secret when a redactor is built. A server or a
 * proxy that echoes a request (an error page, a JSON error quoting the parameters, a log line) writes the secret
 * the way its own encoder does, so each encoding is listed with the choices real encoders make:
 *
 * - as is, and the text forms below, in any letter case (the search folds case: `%2f`, `\u003C`, an upper-cased
 *   echo);
 * - percent-encoded by `encodeURIComponent`, RFC 3986 (PHP `rawurlencode`, Python `quote`, Go), HTML forms
 *   (`URLSearchParams`, Java), PHP `urlencode` or `encodeURI`, a space as `%20` or `+`; and each of those
 *   percent-encoded again (`%252F`);
 * - JSON-escaped (`\"`, `\\`, control characters), with `/` as `\/` or not (PHP, Rails), `<`, `>` and `&` as
 *   `\u003c`… or not (Go, Rails), other than ASCII as `\u015f`… or not (Python, PHP); or everything but ASCII
 *   letters and digits as `\u002f`…;
 * - HTML-escaped: `&amp;`, `&lt;`, `&gt;`, a double quote as is, `&quot;` or `&#34;`, an apostrophe as is,
 *   `&#39;`, `&#039;`, `&#x27;` or `&apos;`; or everything but ASCII letters and digits as `&#47;`… or `&#x2f;`…;
 * - the hex of its UTF-8 bytes (either case);
 * - base64 and base64url of its UTF-8 bytes, alone or inside a longer base64 value (see {@link base64Forms}).
 *
 * Not covered: a mix of encodings in one echo (part percent-encoded, part JSON-escaped), encodings nested in
 * other orders or more than twice (JSON inside an HTML page), a character escaped in a way its encoder does not use for the others (`&amp;` beside `&#x2F;`),
 * hex or base64 of anything but the secret's UTF-8 bytes (of `user:secret`, only through the base64 search inside
 * longer values), base64 broken by line breaks.
 */

/**
 * The shortest secret whose hex, and whose base64 inside a longer base64 value, are looked for. A shorter secret
 * (any non-empty one is hidden as it is) would give patterns of a few characters that hide unrelated text.
 */
export const MIN_ENCODED_SECRET_LENGTH = 6;

/** The punctuation each percent-encoder writes as is (ASCII letters and digits are always written as is). */
const PERCENT_SAFE_CHARACTERS: readonly string[] = [
  "-_.!~*'()", // encodeURIComponent
  '-_.~', // RFC 3986
  '-_.*', // HTML forms
  '-_.', // PHP urlencode
  "-_.!~*'();/?:@&=+$,#", // encodeURI
];

/** How HTML and XML writers escape a double quote, and an apostrophe. */
const QUOTE_ESCAPES: readonly string[] = ['"', '&quot;', '&#34;'];
const APOSTROPHE_ESCAPES: readonly string[] = ["'", '&#39;', '&#039;', '&#x27;', '&apos;'];
const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Characters some JSON writers escape and others do not: `/`, `<`, `>`, `&`, everything beyond ASCII. */
const OPTIONALLY_ESCAPED_IN_JSON = /[/<>&\u0080-\uffff]/g;

/** Characters lower-casing would turn into more or other code units than elsewhere in a text (see {@link foldCase}). */
const UNEVEN_CASE_CHARACTERS = /[\u0130\u03a3\u03c2]/g;

function isAsciiLetterOrDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function percentEncode(bytes: Uint8Array, safe: string, spaceAsPlus: boolean): string {
  let result = '';
  for (const byte of bytes) {
    if (byte === 0x20 && spaceAsPlus) result += '+';
    else if (isAsciiLetterOrDigit(byte) || (byte < 0x80 && safe.includes(String.fromCharCode(byte)))) {
      result += String.fromCharCode(byte);
    } else result += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return result;
}

/** Percent-encoded by each encoder, and each of those encoded again (they are ASCII: `encodeURIComponent` cannot throw). */
function percentForms(bytes: Uint8Array): string[] {
  const once = PERCENT_SAFE_CHARACTERS.flatMap((safe) => [
    percentEncode(bytes, safe, false),
    percentEncode(bytes, safe, true),
  ]);
  return [...once, ...once.map((form) => encodeURIComponent(form))];
}

function unicodeEscape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function jsonForms(secret: string): string[] {
  const plain = JSON.stringify(secret).slice(1, -1);
  const forms: string[] = [];
  for (const slash of [false, true]) {
    for (const markup of [false, true]) {
      for (const ascii of [false, true]) {
        forms.push(
          plain.replace(OPTIONALLY_ESCAPED_IN_JSON, (character) => {
            if (character === '/') return slash ? '\\/' : character;
            if (character === '<' || character === '>' || character === '&') {
              return markup ? unicodeEscape(character) : character;
            }
            return ascii ? unicodeEscape(character) : character;
          }),
        );
      }
    }
  }
  forms.push(secret.replace(/[^A-Za-z0-9]/g, unicodeEscape));
  return forms;
}

function htmlForms(secret: string): string[] {
  const escaped = secret.replace(/[&<>]/g, (character) => HTML_ESCAPES[character]!);
  const quoted = secret.includes('"')
    ? QUOTE_ESCAPES.map((quote) => escaped.replaceAll('"', quote))
    : [escaped];
  return [
    ...(secret.includes("'")
      ? quoted.flatMap((form) => APOSTROPHE_ESCAPES.map((apostrophe) => form.replaceAll("'", apostrophe)))
      : quoted),
    secret.replace(/[^A-Za-z0-9]/gu, (character) => `&#${character.codePointAt(0)};`),
    secret.replace(/[^A-Za-z0-9]/gu, (character) => `&#x${character.codePointAt(0)!.toString(16)};`),
  ];
}

/**
 * Lower-cases a text without moving anything in it, so that a place found in the result is the same place in the
 * text: `İ`, whose lower case is two code units, is read as `i`, and `Σ`/`ς` as `σ` (lower-casing writes `ς` at the
 * end of a word, `σ` elsewhere). Every other character keeps its length under `toLowerCase`.
 *
 * @param text - any text
 * @returns the text in lower case, as long as `text`
 */
export function foldCase(text: string): string {
  return text
    .replace(UNEVEN_CASE_CHARACTERS, (character) => (character === '\u0130' ? 'i' : '\u03c3'))
    .toLowerCase();
}

/**
 * The text forms of a secret, each as written and case-folded (see the notes at the top of this module): as is,
 * percent-encoded once or twice, JSON-escaped, HTML-escaped, and in hex when it has at least
 * {@link MIN_ENCODED_SECRET_LENGTH} characters.
 *
 * @param secret - a non-empty secret
 * @returns the distinct forms; `folded` is `text` after {@link foldCase}
 */
export function textForms(secret: string): { text: string; folded: string }[] {
  const bytes = new TextEncoder().encode(secret);
  const forms = [secret, ...percentForms(bytes), ...jsonForms(secret), ...htmlForms(secret)];
  if (secret.length >= MIN_ENCODED_SECRET_LENGTH) {
    forms.push([...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(''));
  }
  return [...new Set(forms)].map((text) => ({ text, folded: foldCase(text) }));
}

/**
 * The base64 characters decided by the secret's bytes alone when they start `offset` bytes (0, 1 or 2) into a
 * group of three: the one or two characters at each end also hold bits of the bytes around, so they are left out.
 */
function alignedBase64(bytes: Uint8Array, offset: number): string {
  const shifted = new Uint8Array(offset + bytes.length);
  shifted.set(bytes, offset);
  return encodeBase64Bytes(shifted).slice(
    Math.ceil((offset * 4) / 3),
    Math.floor(((offset + bytes.length) * 4) / 3),
  );
}

/**
 * The base64 forms of a secret (standard and URL-safe alphabets, UTF-8 bytes), case-sensitive. A secret's base64
 * depends on where it starts in the encoded value, modulo 3 bytes; for a secret of at least
 * {@link MIN_ENCODED_SECRET_LENGTH} characters the forms are the middle parts of all three alignments, so it is
 * found anywhere inside a longer value (`user:secret` of HTTP Basic, a token that embeds it). A shorter secret is
 * looked for as the base64 of itself alone: a middle part of a few characters would match unrelated base64. The redactor hides the whole base64 run a form is found in, so the characters at the
 * edges, which mix in the neighbouring bytes, and the padding go too.
 *
 * @param secret - a non-empty secret
 * @returns the distinct forms
 */
export function base64Forms(secret: string): string[] {
  const bytes = new TextEncoder().encode(secret);
  const standard =
    secret.length >= MIN_ENCODED_SECRET_LENGTH
      ? [0, 1, 2].map((offset) => alignedBase64(bytes, offset))
      : [encodeBase64Bytes(bytes).replace(/=+$/, '')];
  const urlSafe = standard.map((form) => form.replaceAll('+', '-').replaceAll('/', '_'));
  return [...new Set([...standard, ...urlSafe])];
}

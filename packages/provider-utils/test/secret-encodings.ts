/**
 * The ways a server or a proxy that echoes a request writes a secret back, each made the way a real encoder makes
 * it (Node's `Buffer`, `encodeURIComponent`, `JSON.stringify`), independently of the redaction code under test.
 */

/** A password with characters every encoding treats differently (`/ & + > "`, a space, a Turkish letter), whose base64 and base64url differ. */
export const ECHOED_SECRET = 'Pa/ss&wo+rd>"ş x';

const lowerPercent = (text: string) => text.replace(/%[0-9A-F]{2}/g, (percent) => percent.toLowerCase());

/** JSON as Rails and PHP write it: `\/`, and `<`, `>`, `&` as `\u003c`… */
const railsJson = (text: string) =>
  JSON.stringify(text)
    .slice(1, -1)
    .replaceAll('/', '\\/')
    .replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);

/** JSON as Python (`ensure_ascii`) writes it: beyond ASCII as `\u015f`. */
const asciiJson = (text: string) =>
  JSON.stringify(text)
    .slice(1, -1)
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** JSON with every character but letters and digits as `\u00XX`. */
const fullyEscapedJson = (text: string) =>
  text.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const html = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const base64 = (text: string) => Buffer.from(text).toString('base64');

/**
 * `[name, encode]` for each form the redaction must hide (the raw, URL-encoded, form-encoded and base64 forms are
 * tested on their own).
 */
export const SECRET_ENCODINGS: readonly (readonly [string, (secret: string) => string])[] = [
  ['URL-encoded, lower-case hex', (s) => lowerPercent(encodeURIComponent(s))],
  ['form-encoded, lower-case hex', (s) => lowerPercent(new URLSearchParams({ p: s }).toString().slice(2))],
  ['URL-encoded twice', (s) => encodeURIComponent(encodeURIComponent(s))],
  ['URL-encoded twice, lower-case hex', (s) => lowerPercent(encodeURIComponent(encodeURIComponent(s)))],
  ['JSON-escaped (JSON.stringify: \\")', (s) => JSON.stringify(s).slice(1, -1)],
  ['JSON-escaped as Rails and PHP do (\\/, \\u0026)', railsJson],
  ['JSON-escaped beyond ASCII (\\u015f)', asciiJson],
  ['JSON-escaped but for letters and digits', fullyEscapedJson],
  ['HTML-escaped (&amp; &lt; &quot;)', html],
  [
    'HTML-escaped, numeric references (&#38; &#60; &#34;)',
    (s) => s.replace(/[^A-Za-z0-9]/gu, (c) => `&#${c.codePointAt(0)};`),
  ],
  ['base64url', (s) => Buffer.from(s).toString('base64url')],
  ['base64 of user:secret (HTTP Basic)', (s) => base64(`user:${s}`)],
  ['base64 of the secret 1 byte into a longer value', (s) => base64(`x${s}-tail`)],
  ['base64 of the secret 2 bytes into a longer value', (s) => base64(`xy${s}-tail`)],
  ['base64 of the secret 3 bytes into a longer value', (s) => base64(`xyz${s}-tail`)],
  ['base64url of the secret inside a longer value', (s) => Buffer.from(`{"k":"${s}"}`).toString('base64url')],
  ['hex, lower case', (s) => Buffer.from(s).toString('hex')],
  ['hex, upper case', (s) => Buffer.from(s).toString('hex').toUpperCase()],
  ['upper case', (s) => s.toUpperCase()],
];

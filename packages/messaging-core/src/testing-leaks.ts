import { parsePhoneNumberDetails } from './phone-number';
import type { ConformanceCheck, ConformanceContext, LeakSources } from './testing-context';

/** How deep the kit walks into nested values (causes, properties, log entries). */
const MAX_DEPTH = 8;

/** The shortest secret whose base64 is also looked for inside longer base64 text (Basic auth `user:password`). */
const MIN_EMBEDDED_SECRET_LENGTH = 6;

/** The shortest run of digits that counts as a phone number in full, for a recipient that is not a valid number. */
const MIN_NUMBER_DIGITS = 7;

/** A way a secret can be written, and how it reads in that form. */
export interface SecretForm {
  /** The encoding's name, for the failure message (`'URL-encoded'`, `'base64'`...). */
  form: string;
  /** The secret in that encoding. */
  text: string;
}

/** Standard base64 of `bytes`, with padding. */
function base64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function toBase64Url(text: string): string {
  return text.replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * The base64 characters that only the secret's bytes decide when it starts `offset` bytes (0, 1 or 2) into a
 * longer encoded value, such as `user:password` in a Basic authorization header.
 */
function embeddedBase64(bytes: Uint8Array, offset: number): string {
  const encoded = base64(new Uint8Array([...new Uint8Array(offset), ...bytes]));
  return encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
}

/**
 * The forms in which a secret is looked for: as is, JSON-escaped, URL-encoded (`encodeURIComponent`), form-encoded
 * (`+` for spaces), base64 and base64url, alone or inside a longer base64 value.
 */
export function secretForms(secret: string): SecretForm[] {
  const bytes = new TextEncoder().encode(secret);
  const forms: SecretForm[] = [
    { form: 'raw', text: secret },
    { form: 'JSON-escaped', text: JSON.stringify(secret).slice(1, -1) },
    { form: 'URL-encoded', text: encodeURIComponent(secret) },
    { form: 'form-encoded', text: new URLSearchParams([['', secret]]).toString().slice(1) },
    { form: 'base64', text: base64(bytes) },
    { form: 'base64url', text: toBase64Url(base64(bytes)) },
  ];
  if (secret.length >= MIN_EMBEDDED_SECRET_LENGTH) {
    for (const offset of [0, 1, 2]) {
      const embedded = embeddedBase64(bytes, offset);
      forms.push({ form: 'base64 (inside a longer value)', text: embedded });
      forms.push({ form: 'base64url (inside a longer value)', text: toBase64Url(embedded) });
    }
  }
  const seen = new Set<string>();
  return forms.filter((form) => form.text.length > 0 && !seen.has(form.text) && seen.add(form.text));
}

/** Decodes every `%XX` run it can, with `+` read as a space when `plusIsSpace` (form encoding). */
function percentDecode(text: string, plusIsSpace: boolean): string {
  const source = plusIsSpace ? text.replaceAll('+', ' ') : text;
  return source.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

function tryCall(read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Collects the strings of `value` and of everything reachable from it into `parts`. */
function collectText(value: unknown, parts: string[], seen: WeakSet<object>, depth: number): void {
  if (value === null || value === undefined || typeof value === 'function') return;
  if (typeof value !== 'object') {
    parts.push(String(value));
    return;
  }
  if (depth > MAX_DEPTH || seen.has(value)) return;
  seen.add(value);
  const walk = (next: unknown) => collectText(next, parts, seen, depth + 1);
  if (value instanceof Error) parts.push(value.name, value.message, value.stack ?? '');
  const asText = tryCall(() => String(value));
  if (typeof asText === 'string' && asText !== '[object Object]') parts.push(asText);
  const json = tryCall(() => JSON.stringify(value));
  if (typeof json === 'string') parts.push(json);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') walk(tryCall(() => toJSON.call(value)));
  if (value instanceof Uint8Array) parts.push(new TextDecoder().decode(value));
  if (value instanceof Map || value instanceof Set || value instanceof Headers) {
    for (const entry of tryCall(() => [...value.entries()]) as unknown[]) walk(entry);
  }
  for (const key of Object.getOwnPropertyNames(value)) {
    walk(tryCall(() => (value as Record<string, unknown>)[key]));
  }
  walk((value as { cause?: unknown }).cause);
}

/**
 * Every string reachable from a value: an error's message, stack, `String(error)`, `toJSON()`, JSON, own
 * properties (non-enumerable ones included) and `cause` chain; the entries of arrays, maps, sets and headers.
 */
export function reachableText(value: unknown): string {
  const parts: string[] = [];
  collectText(value, parts, new WeakSet(), 0);
  return parts.join('\n');
}

/** The form in which `secret` appears in `text`, or `undefined`. */
export function findSecret(text: string, secret: string): string | undefined {
  for (const { form, text: encoded } of secretForms(secret)) {
    if (text.includes(encoded)) return form;
  }
  if (percentDecode(text, false).includes(secret)) return 'URL-encoded';
  if (percentDecode(text, true).includes(secret)) return 'form-encoded';
  return undefined;
}

/** A hint of a secret for a failure message (never the secret itself). */
function secretHint(secrets: string[], index: number): string {
  return `setup.secrets[${index}] (${secrets[index]!.length} characters)`;
}

/** Names a value in a failure message without quoting it (it may hold what leaked). */
function describeValue(value: unknown, index: number): string {
  return `error #${index + 1} of this test (${value instanceof Error ? value.name : typeof value})`;
}

/**
 * Fails when a secret of the setup appears, in any form {@link findSecret} knows, in an error the check's calls
 * threw or reported per recipient, or in what the provider's hooks logged.
 */
export function expectNoSecrets(context: ConformanceContext<LeakSources>): void {
  const secrets = context.setup.secrets.filter((secret) => secret.length > 0);
  const places = [
    ...context.errors.map((error, index) => ({ where: describeValue(error, index), value: error })),
    { where: 'the hook logs (setup.logs)', value: context.setup.logs },
  ];
  for (const { where, value } of places) {
    const text = reachableText(value);
    for (const [index, secret] of secrets.entries()) {
      const form = findSecret(text, secret);
      if (form !== undefined) {
        throw new Error(`A secret, ${secretHint(secrets, index)}, appears ${form} in ${where}.`);
      }
    }
  }
}

/**
 * The digits that give a recipient away in full: the national number of a valid number (`5321234567` for
 * `+90 532 123 45 67`), else the input's digits without leading zeros, when there are enough of them.
 */
export function fullNumberDigits(recipient: string): string | undefined {
  try {
    return parsePhoneNumberDetails(recipient).nationalNumber;
  } catch {
    const digits = String(recipient).replace(/\D/g, '').replace(/^0+/, '');
    return digits.length >= MIN_NUMBER_DIGITS ? digits : undefined;
  }
}

/** The messages of an error and of its causes (and of an `AggregateError`'s errors). */
function errorMessages(error: unknown, depth = 0): string[] {
  if (error === null || error === undefined || depth > MAX_DEPTH) return [];
  if (!(error instanceof Error)) return typeof error === 'object' ? [] : [String(error)];
  const nested = error instanceof AggregateError ? error.errors : [];
  return [
    error.message,
    String(tryCall(() => String(error)) ?? ''),
    ...errorMessages(error.cause, depth + 1),
    ...nested.flatMap((inner: unknown) => errorMessages(inner, depth + 1)),
  ];
}

/** The digit runs of a text, separators (spaces, dots, dashes, slashes, brackets) between digits removed. */
function digitRuns(text: string): string[] {
  return (text.match(/\d(?:[\s().\-/]*\d)*/g) ?? []).map((run) => run.replace(/\D/g, ''));
}

/**
 * Fails when the full number of any recipient the check sent to, refused ones included, appears in the message
 * of an error it got: thrown, a cause of one, or a per-recipient error of a resolved send.
 */
export function expectNoFullPhoneNumbers(context: ConformanceContext<LeakSources>): void {
  const numbers = [...new Set(context.recipients)].flatMap((recipient) => {
    const digits = fullNumberDigits(recipient);
    return digits === undefined ? [] : [digits];
  });
  for (const [index, error] of context.errors.entries()) {
    for (const message of errorMessages(error)) {
      const runs = digitRuns(message);
      if (numbers.some((digits) => runs.some((run) => run.includes(digits)))) {
        throw new Error(
          `A recipient's full phone number appears in the message of ${describeValue(error, index)}; mask it with maskPhoneNumber().`,
        );
      }
    }
  }
}

/** Runs both leak checks: secrets anywhere, full phone numbers in error messages. */
export function expectNoLeaks(context: ConformanceContext<LeakSources>): void {
  expectNoSecrets(context);
  expectNoFullPhoneNumbers(context);
}

/** Runs one check, then the leak checks over what its calls threw, reported and logged. */
export async function runCheck<Setup extends LeakSources>(
  check: ConformanceCheck<Setup>,
  context: ConformanceContext<Setup>,
): Promise<void> {
  await check.run(context);
  expectNoLeaks(context);
}

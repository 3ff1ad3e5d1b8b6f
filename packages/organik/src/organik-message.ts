import { MessageTooLongError, type SmsMessageType, ValidationError } from '@x/messaging-core';
import { calculate } from '@x/sms-segments';
import { ORGANIK_PROVIDER_ID } from './organik-error';

/** Organik's `message_format` codes. */
export const ORGANIK_MESSAGE_FORMATS = { normal: 0, turkish: 1, unicode: 2 } as const;

/** The most parts one Organik message may have. */
export const ORGANIK_MAX_SEGMENTS = 7;

/** How a text will travel. */
export interface OrganikMessagePlan {
  /** The message type (never `auto`). */
  type: 'normal' | 'turkish' | 'unicode';
  /** The `message_format` code for that type. */
  messageFormat: 0 | 1 | 2;
  /** Parts per recipient. */
  segments: number;
}

/**
 * Measures a text and chooses its `message_format`: with `auto` (the default) the cheapest type that can carry
 * it; otherwise the given type. Throws {@link MessageTooLongError} when the text needs more than 7 parts, and a
 * {@link ValidationError} when an explicit type cannot encode some of its characters or the text is empty. The
 * error never quotes the text.
 * @param text - the message text (placeholders such as `#AD#` are measured as written)
 * @param type - `auto`, `normal`, `turkish` or `unicode`
 */
export function planOrganikMessage(text: string, type: SmsMessageType = 'auto'): OrganikMessagePlan {
  if (text.length === 0) {
    throw new ValidationError({
      message: 'The message text is empty.',
      issues: [{ path: ['text'], message: 'must not be empty', code: 'too_small' }],
      target: 'request',
      providerId: ORGANIK_PROVIDER_ID,
    });
  }
  const result = calculate(text, { type, maxSegments: ORGANIK_MAX_SEGMENTS });
  if (result.segments === null) {
    throw new ValidationError({
      message: `The message text has ${result.unencodable.length} character(s) that the ${result.type} type cannot carry; use type 'auto' or 'unicode'.`,
      issues: [{ path: ['text'], message: `not encodable as ${result.type}`, code: 'invalid_format' }],
      target: 'request',
      providerId: ORGANIK_PROVIDER_ID,
    });
  }
  if (result.segments > ORGANIK_MAX_SEGMENTS) {
    throw new MessageTooLongError({
      message: `The message needs ${result.segments} parts as ${result.type}; Organik allows ${ORGANIK_MAX_SEGMENTS}.`,
      type: result.type,
      segments: result.segments,
      maxSegments: ORGANIK_MAX_SEGMENTS,
      providerId: ORGANIK_PROVIDER_ID,
    });
  }
  return {
    type: result.type,
    messageFormat: ORGANIK_MESSAGE_FORMATS[result.type],
    segments: result.segments,
  };
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Appends the base64 digits of a group of up to three bytes (`count` of them) to `out`. */
function appendGroup(out: string, group: number, count: number): string {
  const a = BASE64_ALPHABET[(group >> 18) & 63]!;
  const b = BASE64_ALPHABET[(group >> 12) & 63]!;
  if (count === 1) return `${out}${a}${b}==`;
  const c = BASE64_ALPHABET[(group >> 6) & 63]!;
  if (count === 2) return `${out}${a}${b}${c}=`;
  return `${out}${a}${b}${c}${BASE64_ALPHABET[group & 63]!}`;
}

/**
 * Encodes a text as base64 of its UTF-8 bytes, with canonical padding, as Organik's `message` field wants it.
 * Plain code, the same in every runtime: for message-sized texts it is cheaper than a round trip through `Buffer`
 * or `TextEncoder`. A lone surrogate is written as U+FFFD, as `TextEncoder` does.
 * @param text - the message text
 */
export function encodeOrganikMessage(text: string): string {
  let out = '';
  let group = 0;
  let count = 0;
  const push = (byte: number) => {
    group = (group << 8) | byte;
    if (++count === 3) {
      out = appendGroup(out, group, 3);
      group = 0;
      count = 0;
    }
  };
  for (let index = 0; index < text.length; index++) {
    let code = text.charCodeAt(index);
    if (code < 0x80) {
      push(code);
      continue;
    }
    if (code < 0x800) {
      push(0xc0 | (code >> 6));
      push(0x80 | (code & 63));
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = text.charCodeAt(index + 1);
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        index++;
        push(0xf0 | (code >> 18));
        push(0x80 | ((code >> 12) & 63));
        push(0x80 | ((code >> 6) & 63));
        push(0x80 | (code & 63));
        continue;
      }
      code = 0xfffd;
    }
    push(0xe0 | (code >> 12));
    push(0x80 | ((code >> 6) & 63));
    push(0x80 | (code & 63));
  }
  return count === 0 ? out : appendGroup(out, group << (8 * (3 - count)), count);
}

/**
 * Decodes Organik's `message` field (base64 of UTF-8). Lenient about missing or extra padding, as the service is;
 * returns `undefined` when the text is not base64.
 * @param base64 - the encoded text
 */
export function decodeOrganikMessage(base64: string): string | undefined {
  const clean = base64.replace(/\s+/g, '').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let position = 0;
  for (const character of clean) {
    buffer = ((buffer << 6) | BASE64_ALPHABET.indexOf(character)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[position++] = (buffer >> bits) & 0xff;
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, position));
  } catch {
    return undefined;
  }
}

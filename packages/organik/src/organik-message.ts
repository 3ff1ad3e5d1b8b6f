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
const UTF8_ENCODER = new TextEncoder();
/** Node's `Buffer`, where there is one. */
const NodeBuffer = (
  globalThis as {
    Buffer?: { from(text: string, encoding: 'utf8'): { toString(encoding: 'base64'): string } };
  }
).Buffer;
/** Bytes turned into a binary string per step: below the argument limit of `String.fromCharCode.apply`. */
const CHUNK = 0x2000;

/**
 * Encodes a text as base64 of its UTF-8 bytes, with canonical padding, as Organik's `message` field wants it.
 * Works without `Buffer` too (edge runtimes, browsers).
 * @param text - the message text
 */
export function encodeOrganikMessage(text: string): string {
  // Node's Buffer does the same in one native step; its replacement of lone surrogates matches TextEncoder's.
  return NodeBuffer ? NodeBuffer.from(text, 'utf8').toString('base64') : encodeWithoutBuffer(text);
}

/**
 * {@link encodeOrganikMessage} for runtimes without `Buffer` (edge runtimes, browsers): the UTF-8 bytes go through
 * `btoa` as a binary string. Exported for the tests, which run where `Buffer` exists.
 * @param text - the message text
 */
export function encodeWithoutBuffer(text: string): string {
  const bytes = UTF8_ENCODER.encode(text);
  let binary = '';
  for (let index = 0; index < bytes.length; index += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(index, index + CHUNK) as unknown as number[]);
  }
  return btoa(binary);
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

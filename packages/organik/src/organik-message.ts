import { measureSmsText, type SmsMessageType } from '@x/messaging-core';
import { ORGANIK_PROVIDER_ID } from './organik-error';

/** Organik's `message_format` codes. */
export const ORGANIK_MESSAGE_FORMATS = { normal: 0, turkish: 1, unicode: 2 } as const;

/** The most parts one Organik message may have. */
export const ORGANIK_MAX_SEGMENTS = 7;

/**
 * The `message_format` a text is sent with: with `auto` (the default) the cheapest type that carries it,
 * otherwise the given type, measured by `@x/messaging-core`'s `measureSmsText`.
 * @param text - the message text (placeholders such as `#AD#` are measured as written)
 * @param type - `auto`, `normal`, `turkish` or `unicode`
 * @throws MessageTooLongError beyond 7 parts; ValidationError for an empty text or characters an explicit type
 *   cannot carry (the error never quotes the text)
 */
export function organikMessageFormat(text: string, type: SmsMessageType = 'auto'): 0 | 1 | 2 {
  const measure = measureSmsText(text, {
    type,
    maxSegments: ORGANIK_MAX_SEGMENTS,
    providerId: ORGANIK_PROVIDER_ID,
  });
  return ORGANIK_MESSAGE_FORMATS[measure.type];
}

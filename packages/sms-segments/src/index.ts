/**
 * The GSM 7-bit default alphabet (3GPP TS 23.038, 6.2.1): the character at index N has septet code N.
 * Index 27 is the escape to the extension table, not a character.
 */
export const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

const BASIC = new Set(GSM7_BASIC.replace('\u001b', ''));

/**
 * Tells whether every character of `text` is in the GSM 7-bit default alphabet (no extension table).
 * @param text - the message text
 */
export function isGsm7Basic(text: string): boolean {
  for (const char of text) if (!BASIC.has(char)) return false;
  return true;
}

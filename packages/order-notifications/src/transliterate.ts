/**
 * How a shop keeps Turkish text cheap: `none` sends the text as written (the cheapest type that carries it),
 * `letters` replaces Turkish letters with their Latin look-alikes (ş → s) so the text fits plain GSM-7,
 * `turkish-type` asks the provider for the Turkish message type (GSM-7 with the Turkish single shift table).
 */
export type TransliterationMode = 'none' | 'letters' | 'turkish-type';

const REPLACEMENTS: Record<string, string> = {
  ç: 'c',
  ğ: 'g',
  Ğ: 'G',
  ı: 'i',
  İ: 'I',
  ş: 's',
  Ş: 'S',
  â: 'a',
  Â: 'A',
  î: 'i',
  Î: 'I',
  û: 'u',
  Û: 'U',
  '\u2018': "'",
  '\u2019': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u00A0': ' ',
};

const PATTERN = new RegExp(`[${Object.keys(REPLACEMENTS).join('')}]`, 'g');

/**
 * Replaces the Turkish letters plain GSM-7 lacks (ç ğ ı İ ş and circumflexed vowels), typographic quotes, dashes,
 * the ellipsis and the no-break space with GSM-7 look-alikes: `'Siparişiniz hazır'` → `'Siparisiniz hazir'`.
 * Letters GSM-7 has (Ç Ö Ü ö ü) and every other character are kept.
 *
 * @param text - the message text
 */
export function transliterateTurkish(text: string): string {
  return text.replace(PATTERN, (character) => REPLACEMENTS[character] ?? character);
}

import { describeType } from './calculate';

/** Options of {@link toGsm}. */
export interface ToGsmOptions {
  /**
   * Also transliterate Turkish letters that the default alphabet lacks (ş→s, ı→i, ğ→g, ç→c, İ→I, Ş→S, Ğ→G,
   * â→a, î→i, û→u, Â→A, Î→I, Û→U) so the text fits `normal`. ö ü Ç Ö Ü are in the default alphabet and stay.
   * Default false: Turkish letters are kept, since `turkish` carries ş ı ğ ç İ Ş Ğ at 2 septets each.
   */
  readonly transliterateTurkish?: boolean;
}

/** One kind of replacement {@link toGsm} made. */
export interface ToGsmReplacement {
  /** The character replaced. */
  readonly from: string;
  /** What it became (empty when it was removed, like a zero-width space). */
  readonly to: string;
  /** How many times. */
  readonly count: number;
}

/** The result of {@link toGsm}. */
export interface ToGsmResult {
  /** The text with the replacements made. */
  readonly text: string;
  /** True when at least one character was replaced. */
  readonly changed: boolean;
  /** What was replaced, in order of first appearance. */
  readonly replacements: readonly ToGsmReplacement[];
}

/** Characters that look like a default-alphabet character (or like nothing) and can stand in for it. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201a': "'", // ‚
  '\u201b': "'", // ‛
  '\u2032': "'", // ′
  '\u02bc': "'", // ʼ
  '\u00b4': "'", // ´
  '`': "'",
  '\u201c': '"', // “
  '\u201d': '"', // ”
  '\u201e': '"', // „
  '\u201f': '"', // ‟
  '\u2033': '"', // ″
  '\u00ab': '"', // «
  '\u00bb': '"', // »
  '\u2010': '-', // hyphen
  '\u2011': '-', // non-breaking hyphen
  '\u2012': '-', // figure dash
  '\u2013': '-', // en dash
  '\u2014': '-', // em dash
  '\u2015': '-', // horizontal bar
  '\u2212': '-', // minus sign
  '\u2026': '...', // …
  '\t': ' ',
  '\u00a0': ' ', // no-break space
  '\u2000': ' ',
  '\u2001': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
  '\u2004': ' ',
  '\u2005': ' ',
  '\u2006': ' ',
  '\u2007': ' ',
  '\u2008': ' ',
  '\u2009': ' ',
  '\u200a': ' ',
  '\u202f': ' ', // narrow no-break space
  '\u205f': ' ',
  '\u3000': ' ',
  '\u2028': '\n', // line separator
  '\u2029': '\n', // paragraph separator
  '\u0085': '\n', // next line
  '\u200b': '', // zero-width space
  '\u2060': '', // word joiner
  '\ufeff': '', // byte order mark
  '\u00ad': '', // soft hyphen
};

const TURKISH_LETTERS: Readonly<Record<string, string>> = {
  ş: 's',
  Ş: 'S',
  ı: 'i',
  İ: 'I',
  ğ: 'g',
  Ğ: 'G',
  ç: 'c',
  â: 'a',
  Â: 'A',
  î: 'i',
  Î: 'I',
  û: 'u',
  Û: 'U',
};

const LOOK_ALIKE_PATTERN = new RegExp(`[${Object.keys(LOOK_ALIKES).join('')}]`);
const TURKISH_PATTERN = new RegExp(
  `[${Object.keys(LOOK_ALIKES).join('')}${Object.keys(TURKISH_LETTERS).join('')}]`,
);

/**
 * Replaces characters that only look like default-alphabet characters (curly quotes, dashes, odd spaces, the
 * ellipsis, invisible characters) and, when asked, transliterates Turkish letters, so that a text fits a cheaper
 * message type. Nothing else changes: emoji and other scripts stay. Opt-in by design; reports what it changed.
 *
 * @param text - the message text
 * @param options - `transliterateTurkish: true` to replace ş ı ğ ç İ Ş Ğ â î û as well
 * @throws TypeError when `text` is not a string
 * @example
 * ```ts
 * toGsm('It’s “ready” – şimdi', { transliterateTurkish: true }).text; // `It's "ready" - simdi`
 * ```
 */
export function toGsm(text: string, options?: ToGsmOptions): ToGsmResult {
  if (typeof text !== 'string') {
    throw new TypeError(`toGsm: text must be a string, received ${describeType(text)}`);
  }
  const transliterate = options?.transliterateTurkish === true;
  if (!(transliterate ? TURKISH_PATTERN : LOOK_ALIKE_PATTERN).test(text)) {
    return { text, changed: false, replacements: [] };
  }
  const counts = new Map<string, ToGsmReplacement>();
  let out = '';
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const from = text[index] as string;
    const to = LOOK_ALIKES[from] ?? (transliterate ? TURKISH_LETTERS[from] : undefined);
    if (to === undefined) continue;
    out += text.slice(start, index) + to;
    start = index + 1;
    const entry = counts.get(from);
    counts.set(from, { from, to, count: (entry?.count ?? 0) + 1 });
  }
  out += text.slice(start);
  return { text: out, changed: true, replacements: [...counts.values()] };
}

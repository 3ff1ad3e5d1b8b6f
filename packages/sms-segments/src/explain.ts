import { type CalculateAnyTextOptions, calculate, type SmsEncodedSegmentResult } from './calculate';
import { CLASS_BASIC, CLASS_NONE, CLASS_TURKISH, classOf, isSurrogatePairAt } from './character-classes';

/** Why a character costs more than a character of the default alphabet. */
export type SmsCharacterCostReason =
  /** No GSM-7 table has it: the message must be sent as UCS-2 (70 / 67 units a segment). */
  | 'unicode'
  /** Only the Turkish single shift table has it: the message must be `turkish` (155 / 149), 2 septets each. */
  | 'turkish'
  /** It is in the extension table: 2 septets in both GSM-7 types. */
  | 'extension';

/** A character of a text that costs extra. */
export interface SmsCharacterCost {
  /** The character (a surrogate pair is one character, a lone surrogate too). */
  readonly character: string;
  /** Its code point, as `U+015F`. */
  readonly codePoint: string;
  /** How often it occurs in the text. */
  readonly count: number;
  /** Why it costs extra. */
  readonly reason: SmsCharacterCostReason;
}

/** What a text would cost without some of its characters. */
export interface SmsAlternative {
  /** The characters taken out of the text. */
  readonly without: readonly string[];
  /** The result of the text without them (type `auto`). */
  readonly result: SmsEncodedSegmentResult;
  /** Segments saved compared to the text as it is (0 or more). */
  readonly savedSegments: number;
}

/** Why a message costs what it costs: see {@link explain}. */
export interface SmsExplanation {
  /** The result of the text as it is (type `auto`). */
  readonly result: SmsEncodedSegmentResult;
  /** Every character that costs extra, once, in order of first appearance. */
  readonly characters: readonly SmsCharacterCost[];
  /** The characters that forced the chosen type: `unicode` or `turkish` characters; empty for `normal`. */
  readonly forcedBy: readonly string[];
  /**
   * The cheaper types reachable by taking characters out: for a `unicode` message first without its `unicode`
   * characters, then also without its `turkish` ones; for a `turkish` message without its `turkish` characters.
   */
  readonly alternatives: readonly SmsAlternative[];
}

function codePointLabel(character: string): string {
  return `U+${(character.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text without the given characters (a surrogate pair is one character); copies whole runs. */
function withoutCharacters(text: string, remove: ReadonlySet<string>): string {
  let out = '';
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    if (classOf(text.charCodeAt(index)) === CLASS_BASIC) continue;
    const width = isSurrogatePairAt(text, index) ? 2 : 1;
    if (remove.has(text.slice(index, index + width))) {
      out += text.slice(start, index);
      start = index + width;
    }
    index += width - 1;
  }
  return out + text.slice(start);
}

/**
 * Explains why a message is expensive: which characters forced Turkish or Unicode (and which cost 2 septets), and
 * what the message would cost without them. {@link toGsm} can replace many of these characters.
 *
 * @param text - the message text
 * @param options - `maxSegments` for the `fits` of the results (the type is always `auto`)
 * @throws TypeError when `text` is not a string
 * @example
 * ```ts
 * const { forcedBy, alternatives } = explain('Kargonuz yolda 🚚');
 * forcedBy; // ['🚚']
 * alternatives[0].result.type; // 'normal'
 * ```
 */
export function explain(
  text: string,
  options?: Pick<CalculateAnyTextOptions, 'maxSegments'>,
): SmsExplanation {
  const calculateOptions: CalculateAnyTextOptions = { maxSegments: options?.maxSegments };
  const result = calculate(text, calculateOptions);
  const counts = new Map<string, { count: number; reason: SmsCharacterCostReason }>();
  for (let index = 0; index < text.length; index++) {
    const characterClass = classOf(text.charCodeAt(index));
    if (characterClass === CLASS_BASIC) continue;
    const width = characterClass === CLASS_NONE && isSurrogatePairAt(text, index) ? 2 : 1;
    const character = text.slice(index, index + width);
    index += width - 1;
    const entry = counts.get(character);
    if (entry) entry.count++;
    else {
      const reason =
        characterClass === CLASS_NONE
          ? 'unicode'
          : characterClass === CLASS_TURKISH
            ? 'turkish'
            : 'extension';
      counts.set(character, { count: 1, reason });
    }
  }
  const characters: SmsCharacterCost[] = [];
  for (const [character, { count, reason }] of counts) {
    characters.push({ character, codePoint: codePointLabel(character), count, reason });
  }
  const unicode = characters.filter((entry) => entry.reason === 'unicode').map((entry) => entry.character);
  const turkish = characters.filter((entry) => entry.reason === 'turkish').map((entry) => entry.character);

  const alternatives: SmsAlternative[] = [];
  const alternative = (without: string[]): SmsEncodedSegmentResult => {
    const cheaper = calculate(withoutCharacters(text, new Set(without)), calculateOptions);
    alternatives.push({
      without,
      result: cheaper,
      savedSegments: Math.max(0, result.segments - cheaper.segments),
    });
    return cheaper;
  };
  if (result.type === 'unicode') {
    if (alternative(unicode).type === 'turkish') alternative([...unicode, ...turkish]);
  } else if (result.type === 'turkish') {
    alternative(turkish);
  }

  const forcedBy = result.type === 'unicode' ? unicode : result.type === 'turkish' ? turkish : [];
  return { result, characters, forcedBy, alternatives };
}

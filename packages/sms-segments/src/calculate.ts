import {
  ASCII_BASIC_PREFIX,
  CLASS_BASIC,
  CLASS_EXTENSION,
  CLASS_NONE,
  CLASS_TURKISH,
  classOf,
  isSurrogatePairAt,
} from './character-classes';
import {
  DEFAULT_MAX_SEGMENTS,
  SMS_LIMITS,
  type SmsEncoding,
  type SmsMessageType,
  type SmsResolvedType,
} from './sms-limits';

/** Options of {@link calculate}. */
export interface CalculateOptions {
  /** The message type to use; `auto` (the default) picks the cheapest type that can carry the text. */
  readonly type?: SmsMessageType;
  /** The most segments a message may have for `fits` to be true. Default 7 (Organik's maximum). */
  readonly maxSegments?: number;
}

/** The length of one message under one message type. */
export interface SmsSegmentResult {
  /** The message type used (for `auto`, the one chosen). */
  readonly type: SmsResolvedType;
  /** The encoding of that type. */
  readonly encoding: SmsEncoding;
  /**
   * The payload length: septets for GSM-7 types (a basic character 1, an extension or single shift character 2),
   * UTF-16 code units for UCS-2 (a surrogate pair 2). `null` when the type cannot encode the text.
   */
  readonly units: number | null;
  /** The number of SMS the message takes (an empty text takes 1). `null` when the type cannot encode the text. */
  readonly segments: number | null;
  /** The capacity of each segment of this message: 160, 153, 155, 149, 70 or 67. */
  readonly perSegment: number;
  /** Units still free in the last segment (0 when the type cannot encode the text). */
  readonly remaining: number;
  /** True when the type can encode the text and it takes at most `maxSegments` (default 7) segments. */
  readonly fits: boolean;
  /**
   * The text of each segment, in order; joined they give the input back. An escape pair or a surrogate pair is
   * never split. Empty when the type cannot encode the text. Computed on first access (a getter: object spread
   * does not copy it, `JSON.stringify` does).
   */
  readonly parts: readonly string[];
  /**
   * The distinct characters the requested type cannot carry, in order of first appearance (a surrogate pair is one
   * character). Always empty for `auto`.
   */
  readonly unencodable: readonly string[];
}

/**
 * The result of a type that can encode any text, `auto` and `unicode`: its `units` and `segments` are numbers,
 * never `null`. `calculate(text)` and `calculate(text, { type: 'unicode' })` return it.
 */
export interface SmsEncodedSegmentResult extends SmsSegmentResult {
  /** The payload length (septets for GSM-7 types, UTF-16 code units for UCS-2). */
  readonly units: number;
  /** The number of SMS the message takes (an empty text takes 1). */
  readonly segments: number;
}

/** Options of {@link calculate} whose type can carry any text: `auto` (the default) or `unicode`. */
export interface CalculateAnyTextOptions extends CalculateOptions {
  /** `auto` (the default) or `unicode`. */
  readonly type?: 'auto' | 'unicode';
}

const NO_CHARACTERS: readonly string[] = Object.freeze([]);
const HAS_SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;
const MESSAGE_TYPES: readonly string[] = ['auto', 'normal', 'turkish', 'unicode'];

/**
 * Splits an encodable text into the texts of its segments: a segment holds `capacity` units and a 2-unit
 * character (an escape pair in GSM-7, a surrogate pair in UCS-2) is never split across two segments.
 */
function splitParts(text: string, unicode: boolean, capacity: number, units: number): string[] {
  const parts: string[] = [];
  // Every character 1 unit wide (no escape pair, no surrogate pair): cut every `capacity` code units.
  if (units === text.length && !(unicode && HAS_SURROGATE_PAIR.test(text))) {
    for (let start = 0; start < text.length; start += capacity)
      parts.push(text.slice(start, start + capacity));
    return parts;
  }
  let start = 0;
  let fill = 0;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    let width = 1;
    if (unicode) {
      if (isSurrogatePairAt(text, index)) width = 2;
    } else if (classOf(text.charCodeAt(index)) !== CLASS_BASIC) {
      width = 2;
    }
    if (fill + width > capacity) {
      parts.push(text.slice(start, index));
      start = index;
      fill = 0;
    }
    fill += width;
    if (width === 2 && unicode) index++;
  }
  parts.push(text.slice(start));
  return parts;
}

/** Lists the distinct characters of `text` that `type` cannot carry, in order of first appearance. */
function collectUnencodable(text: string, type: SmsResolvedType): readonly string[] {
  if (type === 'unicode') return NO_CHARACTERS;
  const found = new Set<string>();
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const characterClass = classOf(text.charCodeAt(index));
    if (characterClass === CLASS_NONE || (characterClass === CLASS_TURKISH && type === 'normal')) {
      const width = isSurrogatePairAt(text, index) ? 2 : 1;
      found.add(text.slice(index, index + width));
      index += width - 1;
    }
  }
  return [...found];
}

/**
 * The result object: plain data fields plus a lazily computed `parts`. `Count` is `number` for a text the type
 * encodes, `null` for one it cannot.
 */
class SegmentResult<Count extends number | null> implements SmsSegmentResult {
  readonly type: SmsResolvedType;
  readonly encoding: SmsEncoding;
  readonly units: Count;
  readonly segments: Count;
  readonly perSegment: number;
  readonly remaining: number;
  readonly fits: boolean;
  readonly unencodable: readonly string[];
  readonly #text: string;
  #parts: readonly string[] | undefined;

  constructor(
    text: string,
    type: SmsResolvedType,
    units: Count,
    segments: Count,
    perSegment: number,
    remaining: number,
    fits: boolean,
    unencodable: readonly string[],
  ) {
    this.type = type;
    this.encoding = SMS_LIMITS[type].encoding;
    this.units = units;
    this.segments = segments;
    this.perSegment = perSegment;
    this.remaining = remaining;
    this.fits = fits;
    this.unencodable = unencodable;
    this.#text = text;
    this.#parts = undefined;
  }

  get parts(): readonly string[] {
    if (this.#parts === undefined) {
      if (this.segments === null) this.#parts = NO_CHARACTERS;
      else if (this.segments === 1) this.#parts = Object.freeze([this.#text]);
      else {
        const units = this.units as number;
        this.#parts = Object.freeze(splitParts(this.#text, this.type === 'unicode', this.perSegment, units));
      }
    }
    return this.#parts;
  }

  /** A plain copy including `parts`, for `JSON.stringify`. */
  toJSON(): Omit<SmsSegmentResult, 'parts'> & { parts: readonly string[] } {
    return {
      type: this.type,
      encoding: this.encoding,
      units: this.units,
      segments: this.segments,
      perSegment: this.perSegment,
      remaining: this.remaining,
      fits: this.fits,
      parts: this.parts,
      unencodable: this.unencodable,
    };
  }
}

/** Names a value's type for an error message without showing the value (it may be personal data). */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function checkOptions(options: CalculateOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`calculate: options must be an object, received ${describeType(options)}`);
  }
}

function readType(options: CalculateOptions): SmsMessageType {
  const type = options.type ?? 'auto';
  if (!MESSAGE_TYPES.includes(type)) {
    throw new TypeError(
      `calculate: options.type must be one of 'auto', 'normal', 'turkish', 'unicode', received ${
        typeof type === 'string' ? `'${type.slice(0, 20)}'` : describeType(type)
      }`,
    );
  }
  return type;
}

function readMaxSegments(options: CalculateOptions): number {
  const maxSegments = options.maxSegments ?? DEFAULT_MAX_SEGMENTS;
  if (!Number.isInteger(maxSegments) || maxSegments < 1) {
    throw new RangeError('calculate: options.maxSegments must be a positive integer');
  }
  return maxSegments;
}

const NORMAL_CAPACITY = SMS_LIMITS.normal.concatenated;
const TURKISH_CAPACITY = SMS_LIMITS.turkish.concatenated;
const UNICODE_CAPACITY = SMS_LIMITS.unicode.concatenated;
/** The offset of the last unit of a concatenated segment. */
const NORMAL_LAST = NORMAL_CAPACITY - 1;
const TURKISH_LAST = TURKISH_CAPACITY - 1;
const UNICODE_LAST = UNICODE_CAPACITY - 1;

/**
 * Builds the result of an encodable text from its payload length and the units wasted at segment boundaries
 * (a 2-unit character that would straddle a boundary moves whole to the next segment, leaving 1 unit empty).
 */
function build(
  text: string,
  type: SmsResolvedType,
  units: number,
  wasted: number,
  maxSegments: number,
): SmsEncodedSegmentResult {
  const limits = SMS_LIMITS[type];
  if (units <= limits.single) {
    return new SegmentResult(text, type, units, 1, limits.single, limits.single - units, true, NO_CHARACTERS);
  }
  const capacity = limits.concatenated;
  const packed = units + wasted;
  // Integer division keeps every field a small integer (a float here would box each stored number).
  const segments = ((packed + capacity - 1) / capacity) | 0;
  return new SegmentResult(
    text,
    type,
    units,
    segments,
    capacity,
    segments * capacity - packed,
    segments <= maxSegments,
    NO_CHARACTERS,
  );
}

/** Matches a surrogate pair; global so that `test` can walk from pair to pair without allocating. */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/**
 * The UCS-2 result: units = UTF-16 code units. Only surrogate pairs are 2 units wide; the regular expression jumps
 * from one to the next (there is none before `from`) and counts the units wasted when one straddles a boundary.
 */
function unicodeResult(text: string, from: number, maxSegments: number): SmsEncodedSegmentResult {
  let wasted = 0;
  if (text.length > SMS_LIMITS.unicode.single) {
    SURROGATE_PAIR.lastIndex = from;
    while (SURROGATE_PAIR.test(text)) {
      const position = SURROGATE_PAIR.lastIndex - 2 + wasted;
      if (position >= UNICODE_LAST && position % UNICODE_CAPACITY === UNICODE_LAST) wasted++;
    }
  }
  return build(text, 'unicode', text.length, wasted, maxSegments);
}

/** The result of a forced GSM-7 type that cannot encode the text. */
function unencodableResult(text: string, type: SmsResolvedType): SmsSegmentResult {
  const limits = SMS_LIMITS[type];
  return new SegmentResult(text, type, null, null, limits.single, 0, false, collectUnencodable(text, type));
}

/**
 * Calculates how many SMS a text takes, following 3GPP TS 23.038 / 23.040 and Organik's table of lengths.
 *
 * - `normal`: GSM-7 default alphabet + extension table, 160 septets single, 153 per segment.
 * - `turkish`: GSM-7 default alphabet + Turkish single shift table, 155 single, 149 per segment.
 * - `unicode`: UCS-2 (UTF-16 code units), 70 single, 67 per segment.
 * - `auto` (default): the cheapest of normal, then turkish, then unicode that can carry the text.
 *
 * An escape pair or a surrogate pair is never split across segments. Lone surrogates, NUL and other control
 * characters are carried by `unicode` only (a lone surrogate counts 1 unit).
 *
 * `auto` and `unicode` can encode any text, so their result's `segments` and `units` are typed `number`
 * ({@link SmsEncodedSegmentResult}); a forced `normal` or `turkish` may not (`number | null`).
 *
 * @param text - the message text
 * @param options - the message type (default `auto`) and the segment maximum for `fits` (default 7)
 * @returns the type used, encoding, units, segments, remaining units, whether it fits, and the parts
 * @throws TypeError when `text` is not a string or `options.type` is unknown; RangeError for a bad `maxSegments`
 * @example
 * ```ts
 * calculate('Siparişiniz kargoya verildi').segments; // 1 (turkish, 28 septets), typed number
 * calculate('Ответ', { type: 'normal' }).segments; // null: GSM-7 cannot carry Cyrillic
 * ```
 */
export function calculate(text: string, options?: CalculateAnyTextOptions): SmsEncodedSegmentResult;
/**
 * Calculates how many SMS a text takes under any message type; `segments` and `units` are `null` when a forced
 * `normal` or `turkish` type cannot encode the text. See the first signature.
 *
 * @param text - the message text
 * @param options - the message type and the segment maximum for `fits` (default 7)
 */
export function calculate(text: string, options?: CalculateOptions): SmsSegmentResult;
export function calculate(text: string, options?: CalculateOptions): SmsSegmentResult {
  if (typeof text !== 'string') {
    throw new TypeError(`calculate: text must be a string, received ${describeType(text)}`);
  }
  let type: SmsMessageType = 'auto';
  let maxSegments = DEFAULT_MAX_SEGMENTS;
  if (options !== undefined) {
    checkOptions(options);
    type = readType(options);
    maxSegments = readMaxSegments(options);
  }

  // Common case: only ASCII default-alphabet characters. Septets = code units = length, nothing is 2 wide.
  // Otherwise the scans below start at the first other character: everything before it is 1 unit wide.
  ASCII_BASIC_PREFIX.lastIndex = 0;
  ASCII_BASIC_PREFIX.test(text);
  const first = ASCII_BASIC_PREFIX.lastIndex;
  if (first === text.length)
    return build(text, type === 'auto' ? 'normal' : type, text.length, 0, maxSegments);
  if (type === 'unicode') return unicodeResult(text, first, maxSegments);
  // Any character no GSM-7 table has makes `auto` unicode, wherever it is. Emoji often end a message, so the
  // last code unit is worth a look before walking the whole text.
  if (type === 'auto' && classOf(text.charCodeAt(text.length - 1)) === CLASS_NONE) {
    return unicodeResult(text, first, maxSegments);
  }

  // One pass over the code units, for the GSM-7 types. Work is done only at characters that are not 1 septet:
  // the class counts, and for each 2-septet character whether it would straddle a segment boundary. Its packed
  // position is the septets before it plus the septets already wasted at earlier boundaries; it straddles when
  // that position is the last septet of a segment (the modulo is skipped inside the first segment).
  // The first character no GSM-7 table has ends the pass: `auto` becomes unicode, a forced type cannot encode it.
  let extension = 0;
  let turkishOnly = 0;
  let wastedNormal = 0;
  let wastedTurkish = 0;
  const length = text.length;
  for (let index = first; index < length; index++) {
    const characterClass = classOf(text.charCodeAt(index));
    if (characterClass === CLASS_BASIC) continue;
    if (characterClass === CLASS_NONE || (characterClass === CLASS_TURKISH && type === 'normal')) {
      return type === 'auto' ? unicodeResult(text, index, maxSegments) : unencodableResult(text, type);
    }
    const turkishPosition = index + extension + turkishOnly + wastedTurkish;
    if (turkishPosition >= TURKISH_LAST && turkishPosition % TURKISH_CAPACITY === TURKISH_LAST) {
      wastedTurkish++;
    }
    if (characterClass === CLASS_EXTENSION) {
      const normalPosition = index + extension + wastedNormal;
      if (normalPosition >= NORMAL_LAST && normalPosition % NORMAL_CAPACITY === NORMAL_LAST) wastedNormal++;
      extension++;
    } else {
      turkishOnly++;
    }
  }

  return type === 'turkish' || turkishOnly > 0
    ? build(text, 'turkish', length + extension + turkishOnly, wastedTurkish, maxSegments)
    : build(text, 'normal', length + extension, wastedNormal, maxSegments);
}

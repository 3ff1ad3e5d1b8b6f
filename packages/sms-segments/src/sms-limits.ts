/** The message type to calculate for; `auto` picks the cheapest type that can carry the text. */
export type SmsMessageType = 'auto' | 'normal' | 'turkish' | 'unicode';

/** A concrete message type: the one a result was calculated for. */
export type SmsResolvedType = Exclude<SmsMessageType, 'auto'>;

/**
 * The encoding of a message type: `gsm7` (default alphabet + extension table), `gsm7-turkish` (default
 * alphabet + Turkish single shift table) or `ucs2` (UTF-16 code units).
 */
export type SmsEncoding = 'gsm7' | 'gsm7-turkish' | 'ucs2';

/** Capacities of one message type. Units are septets for GSM-7 types and UTF-16 code units for UCS-2. */
export interface SmsTypeLimits {
  /** The encoding this type uses. */
  readonly encoding: SmsEncoding;
  /** Units a single (not concatenated) message holds. */
  readonly single: number;
  /** Units each segment of a concatenated message holds (the rest is taken by the user data header). */
  readonly concatenated: number;
  /** The most segments one message may have (Organik's maximum). */
  readonly maxSegments: number;
  /** `concatenated * maxSegments`: the longest payload, if no escape or surrogate pair sits on a boundary. */
  readonly maxUnits: number;
}

/**
 * Per-type limits (3GPP TS 23.040 user data sizes, Organik's table of lengths):
 * normal 160 / 153, turkish 155 / 149 (the national language single shift header always travels),
 * unicode 70 / 67; at most 7 segments.
 */
export const SMS_LIMITS: Readonly<Record<SmsResolvedType, SmsTypeLimits>> = Object.freeze({
  normal: Object.freeze({ encoding: 'gsm7', single: 160, concatenated: 153, maxSegments: 7, maxUnits: 1071 }),
  turkish: Object.freeze({
    encoding: 'gsm7-turkish',
    single: 155,
    concatenated: 149,
    maxSegments: 7,
    maxUnits: 1043,
  }),
  unicode: Object.freeze({ encoding: 'ucs2', single: 70, concatenated: 67, maxSegments: 7, maxUnits: 469 }),
} as const);

/** The default maximum number of segments of one message. */
export const DEFAULT_MAX_SEGMENTS = 7;

export {
  type CalculateAnyTextOptions,
  type CalculateOptions,
  calculate,
  type SmsEncodedSegmentResult,
  type SmsSegmentResult,
} from './calculate';
export { type CostOptions, cost } from './cost';
export {
  explain,
  type SmsAlternative,
  type SmsCharacterCost,
  type SmsCharacterCostReason,
  type SmsExplanation,
} from './explain';
export {
  GSM7_BASIC,
  GSM7_ESCAPE,
  GSM7_EXTENSION,
  GSM7_TURKISH_SINGLE_SHIFT,
} from './gsm-tables';
export {
  DEFAULT_MAX_SEGMENTS,
  SMS_LIMITS,
  type SmsEncoding,
  type SmsMessageType,
  type SmsResolvedType,
  type SmsTypeLimits,
} from './sms-limits';
export { type ToGsmOptions, type ToGsmReplacement, type ToGsmResult, toGsm } from './to-gsm';

/** The version of this package. */
export const VERSION: string = __PACKAGE_VERSION__;

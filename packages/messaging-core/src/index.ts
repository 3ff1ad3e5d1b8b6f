export { type BackoffOptions, backoffDelay } from './backoff';
export {
  type BatchedSendResult,
  type BatchInfo,
  type BatchResult,
  type SendInBatchesOptions,
  sendInBatches,
} from './batched-send';
export { delay } from './delay';
export {
  ApiCallError,
  type ApiCallErrorOptions,
  AuthenticationError,
  InsufficientBalanceError,
  InvalidPhoneNumberError,
  type InvalidPhoneNumberErrorOptions,
  InvalidRecipientError,
  type InvalidRecipientErrorOptions,
  InvalidSenderError,
  LoadSettingError,
  MessageTooLongError,
  type MessageTooLongErrorOptions,
  MessagingError,
  type MessagingErrorKind,
  type MessagingErrorOptions,
  NetworkError,
  type NetworkErrorOptions,
  NotFoundError,
  RateLimitError,
  type RateLimitErrorOptions,
  TimeoutError,
  type TimeoutErrorOptions,
  UnsupportedFunctionalityError,
  ValidationError,
  type ValidationErrorOptions,
  type ValidationIssue,
} from './errors';
export type { FakeServerFault, FakeTransportFault } from './fake-server-fault';
export { pushQueuedFault, takeQueuedFault } from './fault-queue';
export {
  type CountryCode,
  type InvalidPhoneNumberReason,
  maskPhoneNumber,
  normalizePhoneNumber,
  type PhoneNumberDetails,
  type PhoneNumberOptions,
  type PhoneNumberType,
  parsePhoneNumberDetails,
} from './phone-number';
export { maskPhoneNumbersInText } from './phone-numbers-in-text';
export {
  type ProviderEnvRule,
  parseProviderOptions,
  providerSettingsError,
  readProviderEnv,
} from './provider-descriptor-parse';
export type {
  ProviderCreateInputV1 as ProviderCreateInput,
  ProviderCreateInputV1,
  ProviderDescriptorV1 as ProviderDescriptor,
  ProviderDescriptorV1,
  ProviderEnvVariableV1 as ProviderEnvVariable,
  ProviderEnvVariableV1,
  StandardSchemaV1,
  StandardSchemaV1Result,
} from './provider-descriptor-v1';
export { isResendSafe } from './resend';
export { isRetrySafe, type RetryInfo, type RetryOptions, retryProvider, withRetry } from './retry';
export type {
  BalanceV1 as Balance,
  BalanceV1,
  BlacklistEntryV1 as BlacklistEntry,
  BlacklistEntryV1,
  BlacklistV1,
  CallOptionsV1 as CallOptions,
  CallOptionsV1,
  CancelResultV1 as CancelResult,
  CancelResultV1,
  CostV1 as Cost,
  CostV1,
  DeliveryReportQueryV1 as DeliveryReportQuery,
  DeliveryReportQueryV1,
  DeliveryReportV1 as DeliveryReport,
  DeliveryReportV1,
  DeliveryStatusV1 as DeliveryStatus,
  DeliveryStatusV1,
  SenderV1 as Sender,
  SenderV1,
  SendSmsMessageResultV1 as SendSmsMessageResult,
  SendSmsMessageResultV1,
  SendSmsMessageStatusV1 as SendSmsMessageStatus,
  SendSmsMessageStatusV1,
  SendSmsRequestV1 as SendSmsRequest,
  SendSmsRequestV1,
  SendSmsResultV1 as SendSmsResult,
  SendSmsResultV1,
  SmsCapabilitiesV1 as SmsCapabilities,
  SmsCapabilitiesV1,
  SmsMessageTypeV1 as SmsMessageType,
  SmsMessageTypeV1,
  SmsProviderV1,
  WarningV1 as Warning,
  WarningV1,
} from './sms-provider/v1/sms-provider-v1';
export type {
  BridgeCallRequestV1 as BridgeCallRequest,
  BridgeCallRequestV1,
  CallAudioV1 as CallAudio,
  CallAudioV1,
  CallEventTypeV1 as CallEventType,
  CallEventTypeV1,
  CallEventV1 as CallEvent,
  CallEventV1,
  CallOutcomeV1 as CallOutcome,
  CallOutcomeV1,
  CallStatusV1 as CallStatus,
  CallStatusV1,
  CallWindowsV1 as CallWindows,
  CallWindowsV1,
  CallWindowV1 as CallWindow,
  CallWindowV1,
  ParseCallEventOptionsV1 as ParseCallEventOptions,
  ParseCallEventOptionsV1,
  PlaceCallRequestV1 as PlaceCallRequest,
  PlaceCallRequestV1,
  PlaceCallResultV1 as PlaceCallResult,
  PlaceCallResultV1,
  VoiceCapabilitiesV1 as VoiceCapabilities,
  VoiceCapabilitiesV1,
  VoiceProviderV1,
  WeekdayV1 as Weekday,
  WeekdayV1,
} from './voice-provider/v1/voice-provider-v1';
export { WEEKDAYS_V1 } from './voice-provider/v1/voice-provider-v1';

/** The version of this package. */
export const VERSION: string = __PACKAGE_VERSION__;
export {
  createCapabilities,
  type MeasureSmsTextOptions,
  measureSmsText,
  type PreparedRecipient,
  type PreparedRecipients,
  prepareRecipients,
  type SmsTextMeasure,
} from './send-helpers';
export { type FailoverInfo, fallback, roundRobin, type StrategyOptions } from './strategies';
export { formatValidationIssues, type IssueLike, toValidationIssues } from './validation-issues';

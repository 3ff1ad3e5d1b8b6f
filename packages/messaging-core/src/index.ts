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
export { isResendSafe } from './resend';
export { isRetrySafe, type RetryInfo, type RetryOptions, retryProvider, withRetry } from './retry';
export type {
  ProviderCreateInputV1 as ProviderCreateInput,
  ProviderCreateInputV1,
  ProviderEnvVariableV1 as ProviderEnvVariable,
  ProviderEnvVariableV1,
  SmsProviderDescriptorV1 as SmsProviderDescriptor,
  SmsProviderDescriptorV1,
  StandardSchemaV1,
  StandardSchemaV1Result,
} from './sms-provider/v1/sms-provider-descriptor-v1';
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

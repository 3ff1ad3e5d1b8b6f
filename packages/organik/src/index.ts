export {
  convertToOrganikSendSmsRequest,
  type OrganikDelivery,
  type OrganikDeliveryOptions,
  type OrganikInboxQuery,
  type OrganikNewContact,
  type OrganikRecipients,
  type OrganikReportQuery,
  type OrganikSendSmsInput,
  type OrganikSmsViaGetInput,
} from './convert-to-organik-request';
export { mapOrganikStatus } from './map-organik-status';
export { createOrganikClient, OrganikClient } from './organik-client';
export { parseOrganikDeliveryReport } from './organik-delivery-webhook';
export { type OrganikDescriptorOptions, provider } from './organik-descriptor';
export {
  createOrganikError,
  describeOrganikErrorCode,
  ORGANIK_PROVIDER_ID,
  type OrganikErrorSubject,
} from './organik-error';
export { md5Hex, organikApiKey } from './organik-md5';
export { ORGANIK_MAX_SEGMENTS, ORGANIK_MESSAGE_FORMATS } from './organik-message';
export { organikGsmToE164, toOrganikGsm } from './organik-phone';
export { createOrganik, type OrganikProvider, type OrganikProviderSettings } from './organik-provider';
export type { OrganikProviderOptions, OrganikSendSmsOptions } from './organik-provider-options';
export type {
  OrganikAcceptedNumber,
  OrganikBalance,
  OrganikBasicReport,
  OrganikBlacklistEntry,
  OrganikCancelResult,
  OrganikContact,
  OrganikCreatedGroup,
  OrganikDeliveryResult,
  OrganikErrorInfo,
  OrganikGroup,
  OrganikHeader,
  OrganikInboxMessage,
  OrganikRejectedNumber,
  OrganikReportRow,
  OrganikSendResult,
  OrganikStoredContact,
} from './organik-schemas';
export {
  DEFAULT_ORGANIK_BASE_URL,
  type OrganikCallOptions,
  type OrganikFormat,
  type OrganikFormats,
  type OrganikSettings,
} from './organik-settings';
export { formatIstanbulDateTime, parseIstanbulDateTime } from './organik-time';
export { toOrganikTrackId } from './organik-track-id';
export { VERSION } from './organik-version';

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
export { createOrganikError, describeOrganikErrorCode, ORGANIK_PROVIDER_ID } from './organik-error';
export { md5Hex, organikApiKey } from './organik-md5';
export {
  decodeOrganikMessage,
  encodeOrganikMessage,
  ORGANIK_MAX_SEGMENTS,
  ORGANIK_MESSAGE_FORMATS,
  type OrganikMessagePlan,
  planOrganikMessage,
} from './organik-message';
export { maskPhoneNumber, organikGsmToE164, toOrganikGsm } from './organik-phone';
export {
  createOrganik,
  type OrganikProvider,
  type OrganikProviderSettings,
  type OrganikSendSmsProviderOptions,
} from './organik-provider';
export { parseOrganikDeliveryReport } from './organik-report';
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
export { VERSION } from './organik-version';

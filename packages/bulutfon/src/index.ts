export type { BulutfonAnnouncements } from './bulutfon-announcements';
export type { BulutfonCallOptions, BulutfonFile, BulutfonFileStream } from './bulutfon-api';
export {
  BULUTFON_FAX_CONTENT_TYPES,
  type BulutfonAttachmentInput,
  contentTypeFromFileName,
  type DecodedBulutfonAttachment,
  decodeBulutfonAttachment,
  encodeBulutfonAttachment,
  toBulutfonAttachment,
} from './bulutfon-attachment';
export type { BulutfonAutomaticCalls } from './bulutfon-automatic-calls';
export { parseBulutfonCallEvent, toCallEvent as toBulutfonCallEvent } from './bulutfon-call-event';
export type { BulutfonCallRecords, BulutfonRecordingOptions } from './bulutfon-call-records';
export { toCallStatus as toBulutfonCallStatus } from './bulutfon-call-status';
export type {
  BulutfonCallDirection,
  BulutfonCallFlowStep,
  BulutfonCallRecordState,
  BulutfonCdr,
  BulutfonCdrDetail,
  BulutfonCdrPage,
  BulutfonHangupCause,
  BulutfonHangupState,
  BulutfonPagination,
} from './bulutfon-cdr-response';
export type { BulutfonCdrIterateOptions, BulutfonCdrs } from './bulutfon-cdrs';
export { BulutfonClient, createBulutfonClient } from './bulutfon-client';
export { type BulutfonDescriptorOptions, provider } from './bulutfon-descriptor';
export type { BulutfonDids } from './bulutfon-dids';
export {
  BULUTFON_PROVIDER_ID,
  type BulutfonFailedResponseOptions,
  createBulutfonFailedResponseHandler,
  isBulutfonTokenExpiredError,
} from './bulutfon-error';
export type { BulutfonExtensions } from './bulutfon-extensions';
export type {
  BulutfonIncomingFaxes,
  BulutfonOutgoingFaxes,
  BulutfonOutgoingFaxOptions,
} from './bulutfon-faxes';
export type { BulutfonGroups } from './bulutfon-groups';
export type { BulutfonListResource } from './bulutfon-list-resource';
export type { BulutfonMessageTitles } from './bulutfon-message-titles';
export type { BulutfonMessages } from './bulutfon-messages';
export {
  BULUTFON_AUTHORIZE_URL,
  BULUTFON_OOB_REDIRECT_URI,
  BULUTFON_TOKEN_URL,
  type BulutfonAuthorizationUrlOptions,
  type BulutfonDesktopAuth,
  type BulutfonOAuthClient,
  type BulutfonTokenRequestOptions,
  createBulutfonAuthorizationUrl,
  createBulutfonDesktopAuth,
  exchangeBulutfonAuthorizationCode,
  readBulutfonCallback,
  readBulutfonPastedCode,
  refreshBulutfonAccessToken,
} from './bulutfon-oauth';
export { toBulutfonNumber } from './bulutfon-phone';
export {
  BULUTFON_CAPABILITIES,
  type BulutfonProvider,
  type BulutfonProviderSettings,
  createBulutfon,
} from './bulutfon-provider';
export type { BulutfonProviderOptions, BulutfonSmsOptions } from './bulutfon-provider-options';
export {
  type BulutfonAutomaticCallCreateOptions,
  type BulutfonCallAndBridgeOptions,
  type BulutfonCallWindowOptions,
  type BulutfonCdrListOptions,
  type BulutfonExtensionCreateOptions,
  type BulutfonExtensionUpdateOptions,
  type BulutfonMessageSendOptions,
  toBulutfonSendDate,
} from './bulutfon-request-options';
export type {
  BulutfonAcl,
  BulutfonActionResult,
  BulutfonAnnouncement,
  BulutfonAutomaticCall,
  BulutfonAutomaticCallDetail,
  BulutfonCallWindow,
  BulutfonDestinationType,
  BulutfonDid,
  BulutfonDidDetail,
  BulutfonDidState,
  BulutfonExtension,
  BulutfonExtensionDetail,
  BulutfonFaxState,
  BulutfonGroup,
  BulutfonGroupDetail,
  BulutfonIncomingFax,
  BulutfonMe,
  BulutfonMessage,
  BulutfonMessageDetail,
  BulutfonMessagePage,
  BulutfonMessageState,
  BulutfonMessageTitle,
  BulutfonMessageTitleState,
  BulutfonOAuthTokens,
  BulutfonOutgoingFax,
  BulutfonOutgoingFaxDetail,
  BulutfonPbxState,
  BulutfonRedirectionType,
  BulutfonSmsRejection,
  BulutfonTokenInfo,
  BulutfonWeekday,
  BulutfonWorkingDay,
  OpenString,
} from './bulutfon-schemas';
export type { BulutfonSendSmsRequest } from './bulutfon-send-sms';
export { BULUTFON_BASE_URL, type BulutfonSettings } from './bulutfon-settings';
export { createRecordingSafeToken, sha1Hex } from './bulutfon-sha1';
export { type BulutfonOAuthSettings, BulutfonTokenSession } from './bulutfon-token-session';
export { BULUTFON_USER_AGENT, VERSION } from './bulutfon-version';
export { BULUTFON_VOICE_CAPABILITIES, type BulutfonVoice, createBulutfonVoice } from './bulutfon-voice';
export {
  type BulutfonWebhookCredentials,
  type BulutfonWebhookEvent,
  type BulutfonWebhookEventType,
  mapBulutfonWebhookPayload,
  type ParseBulutfonWebhookOptions,
  parseBulutfonWebhook,
  timingSafeEqualStrings,
} from './bulutfon-webhooks';

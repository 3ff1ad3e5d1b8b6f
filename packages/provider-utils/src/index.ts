/**
 * Re-exported from `@x/messaging-core`, which owns it, for the providers that import it from here.
 */
export { toValidationIssues } from '@x/messaging-core';
export { type ApiCallErrorContext, type ApiCallErrorDetails, createApiCallError } from './api-call-error';
export { decodeBase64, decodeBase64Bytes, encodeBase64, encodeBase64Bytes } from './base64';
export { cacheUntilRejected } from './cache-until-rejected';
export { chunk } from './chunk';
export { baseUrlOption, descriptorOptionsObject, textOption, timeoutMsOption } from './descriptor-options';
export { combineHeaders, type HeadersLike, withUserAgentSuffix } from './headers';
export { type LoadSettingOptions, loadOptionalSetting, loadSetting } from './load-setting';
export { createFakeServerMswHandlers, type MswApi } from './msw-handlers';
export {
  type PageInfo,
  type PageRequest,
  type PaginateOptions,
  paginate,
} from './paginate';
export { parseRetryAfter, retryAfterFromHeaders } from './parse-retry-after';
export { type BoundedRead, decodeBody, joinBytes, readBoundedBody } from './read-body';
export {
  createRedactor,
  DEFAULT_REDACTED_QUERY_PARAMS,
  excerpt,
  REDACTED,
  type RedactUrlOptions,
  redactHeaders,
  redactText,
  redactUrl,
} from './redact';
export { request } from './request';
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  type FetchFunction,
  type ProviderRequestOptions,
  type ProviderResponse,
  type RequestErrorEvent,
  type RequestHooks,
  type RequestResponseEvent,
  type RequestStartEvent,
} from './request-options';
export { type ExcerptContext, isHtmlPage, responseBodyExcerpt } from './response-body-excerpt';
export type { ResponseContext, ResponseHandler } from './response-context';
export {
  type BinaryResponse,
  type BinaryResponseHandlerOptions,
  createBinaryResponseHandler,
  createJsonErrorResponseHandler,
  createJsonResponseHandler,
  createStatusCodeErrorResponseHandler,
  fileNameOf,
  type JsonErrorResponseHandlerOptions,
  unreadableResponseError,
} from './response-handler';
export { systemCodeOf } from './transport-error';
export { safeParseWithMessages } from './validation-messages';

/** The version of this package. */
export const VERSION: string = __PACKAGE_VERSION__;

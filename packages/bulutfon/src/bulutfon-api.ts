import { AuthenticationError, type CallOptions, MessagingError } from '@x/messaging-core';
import {
  type BinaryResponse,
  combineHeaders,
  createJsonResponseHandler,
  type ResponseHandler,
  request,
  withUserAgentSuffix,
} from '@x/provider-utils';
import type * as z from 'zod/mini';
import { createBulutfonAnswerHandler } from './bulutfon-answer';
import {
  type BulutfonAuthenticator,
  type BulutfonCredentials,
  createBulutfonAuthenticator,
} from './bulutfon-credentials';
import { createBulutfonFileHandler, readFileBytes } from './bulutfon-download';
import {
  BULUTFON_PROVIDER_ID,
  createBulutfonFailedResponseHandler,
  isBulutfonTokenExpiredError,
} from './bulutfon-error';
import { actionResponseSchema, type BulutfonActionResult } from './bulutfon-schemas';
import { BULUTFON_BASE_URL, type BulutfonSettings, checkBulutfonSettings } from './bulutfon-settings';
import { createRecordingSafeToken } from './bulutfon-sha1';
import { BULUTFON_USER_AGENT } from './bulutfon-version';

/** Per-call options: `signal`, `timeoutMs`, extra `headers`. */
export type BulutfonCallOptions = Pick<CallOptions, 'signal' | 'timeoutMs' | 'headers'>;

/** A file returned as a stream (read it or cancel it). */
export type BulutfonFileStream = BinaryResponse;

/** A downloaded file in memory. */
export interface BulutfonFile {
  bytes: Uint8Array;
  contentType: string;
  fileName?: string;
}

/** Query parameters of a call; `undefined` ones are left out. */
export type BulutfonQuery = Record<string, string | undefined>;

/** One call to the API, as the resources describe it. */
export interface BulutfonCall<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path below the base URL (`/cdrs`), its variable parts encoded with {@link encodePath}. */
  path: string;
  query?: BulutfonQuery;
  /** Sent as JSON; `undefined` fields are left out. */
  body?: Record<string, unknown>;
  handler: ResponseHandler<T>;
  /** `true` for reads (and PUT/DELETE): 5xx stays retryable and failures are never "maybe delivered". */
  idempotent: boolean;
  /** One of the SMS endpoints (their errors are typed as sender and recipient refusals). */
  sms?: boolean;
  /** Names numbers to reach (automatic calls, click-to-call): a refused number is an `InvalidRecipientError`. */
  recipients?: boolean;
  /** A file download: any `accept`, and the download size limit instead of the JSON one. */
  download?: boolean;
  /** Sends the recording safe token for this uuid instead of the credentials. */
  safeTokenFor?: string;
  options?: BulutfonCallOptions;
}

/** A download: a path and, for recordings, the uuid whose safe token replaces the credentials. */
export type BulutfonDownloadCall = Pick<BulutfonCall<BinaryResponse>, 'path' | 'safeTokenFor' | 'options'>;

const DEFAULT_MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024;

/**
 * Encodes one variable part of a path (an id, a uuid, a title).
 * @param value - the value
 */
export function encodePath(value: string | number): string {
  return encodeURIComponent(String(value));
}

function dropUndefined(body: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (value !== undefined) result[key] = value;
  return result;
}

/**
 * The request path of the client: builds each call's URL with the credentials Bulutfon expects (query
 * parameters), makes one request through provider-utils' `request()`, reads every answer through
 * {@link createBulutfonAnswerHandler} (an error envelope in a 2xx answer is the error it says), and refreshes an
 * OAuth token once when it was refused. Resources describe their calls with {@link BulutfonApi.get},
 * {@link BulutfonApi.write} and {@link BulutfonApi.download}.
 */
export class BulutfonApi {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly #settings: BulutfonSettings;
  readonly #auth: BulutfonAuthenticator;

  /** @param settings - the client's settings, already checked */
  constructor(settings: BulutfonSettings) {
    this.#settings = settings;
    this.baseUrl = (settings.baseUrl ?? BULUTFON_BASE_URL).replace(/\/+$/, '');
    this.#auth = createBulutfonAuthenticator(settings);
  }

  /** The credentials a request would use now (a token, an OAuth access token, or email and password). */
  credentials(): Promise<BulutfonCredentials> {
    return this.#auth.current();
  }

  /**
   * Makes one request with the given credentials.
   * @param call - what to request
   * @param credentials - how to authenticate it
   */
  async send<T>(call: BulutfonCall<T>, credentials: BulutfonCredentials): Promise<T> {
    const url = new URL(`${this.baseUrl}${call.path}`);
    for (const [name, value] of Object.entries(call.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    const params =
      call.safeTokenFor && credentials.accessToken
        ? { access_token: createRecordingSafeToken(credentials.accessToken, call.safeTokenFor) }
        : credentials.params;
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const body = call.body ? JSON.stringify(dropUndefined(call.body)) : undefined;
    const maxDownloadBytes = this.#settings.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
    const failed = createBulutfonFailedResponseHandler({ sms: call.sms, recipients: call.recipients });
    const { value } = await request({
      providerId: BULUTFON_PROVIDER_ID,
      url: url.toString(),
      method: call.method,
      headers: withUserAgentSuffix(
        combineHeaders(
          { accept: call.download ? '*/*' : 'application/json' },
          body === undefined ? undefined : { 'content-type': 'application/json' },
          this.#settings.headers,
          call.options?.headers,
        ),
        BULUTFON_USER_AGENT,
      ),
      body,
      secrets: [...credentials.secrets, ...(call.safeTokenFor ? [params.access_token ?? ''] : [])],
      redactQueryParams: ['access_token', 'email', 'password'],
      fetch: this.#settings.fetch,
      signal: call.options?.signal,
      timeoutMs: call.options?.timeoutMs ?? this.#settings.timeoutMs,
      maxResponseBytes: call.download ? maxDownloadBytes : undefined,
      hooks: this.#settings.hooks,
      idempotent: call.idempotent,
      successfulResponseHandler: call.download
        ? call.handler
        : createBulutfonAnswerHandler(call.handler, failed),
      failedResponseHandler: failed,
    });
    return value;
  }

  /**
   * Runs one call: credentials at call time, and one refresh-and-retry when an OAuth token was refused.
   * @param call - what to request
   */
  async call<T>(call: BulutfonCall<T>): Promise<T> {
    const credentials = await this.#auth.current();
    try {
      return await this.send(call, credentials);
    } catch (error) {
      const refusedToken =
        AuthenticationError.isInstance(error) &&
        error.providerId === BULUTFON_PROVIDER_ID &&
        (isBulutfonTokenExpiredError(error) || error.statusCode === 401);
      if (!refusedToken) throw error;
      let refreshed: boolean;
      try {
        refreshed = await this.#auth.refreshAfter(credentials);
      } catch (refreshError) {
        if (MessagingError.isInstance(refreshError)) throw refreshError;
        throw error;
      }
      if (!refreshed) throw error;
      return this.send(call, await this.#auth.current());
    }
  }

  /**
   * Reads a JSON answer (`GET`).
   * @param path - the path below the base URL
   * @param schema - how the answer is read
   * @param options - per-call options
   * @param extra - query parameters, and whether it is an SMS endpoint
   */
  get<T>(
    path: string,
    schema: z.ZodMiniType<T>,
    options?: BulutfonCallOptions,
    extra: { query?: BulutfonQuery; sms?: boolean } = {},
  ): Promise<T> {
    return this.call({
      method: 'GET',
      path,
      query: extra.query,
      handler: createJsonResponseHandler(schema),
      idempotent: true,
      sms: extra.sms,
      options,
    });
  }

  /**
   * Changes something (`POST`, `PUT`, `DELETE`) and reads Bulutfon's `{ "message": ... }` answer. A `POST` is not
   * idempotent: once it may have reached Bulutfon, it is never sent again automatically.
   * @param method - the HTTP method
   * @param path - the path below the base URL
   * @param content - the JSON body or query parameters, and whether it is an SMS endpoint or names numbers to reach
   * @param options - per-call options
   */
  write(
    method: 'POST' | 'PUT' | 'DELETE',
    path: string,
    content: { body?: Record<string, unknown>; query?: BulutfonQuery; sms?: boolean; recipients?: boolean },
    options?: BulutfonCallOptions,
  ): Promise<BulutfonActionResult> {
    return this.call({
      method,
      path,
      body: content.body,
      query: content.query,
      handler: createJsonResponseHandler(actionResponseSchema),
      idempotent: method !== 'POST',
      sms: content.sms,
      recipients: content.recipients,
      options,
    });
  }

  /**
   * Downloads a file as a stream (a recording, a fax, an announcement). A JSON answer instead of a file becomes
   * the typed error it says.
   * @param call - the path, the options, and the recording uuid for a safe token
   */
  download(call: BulutfonDownloadCall): Promise<BinaryResponse> {
    const maxBytes = this.#settings.maxDownloadBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES;
    return this.call({
      ...call,
      method: 'GET',
      idempotent: true,
      download: true,
      handler: createBulutfonFileHandler(maxBytes, createBulutfonFailedResponseHandler()),
    });
  }

  /**
   * Downloads a whole file into memory.
   * @param call - the path, the options, and the recording uuid for a safe token
   */
  async downloadBytes(call: BulutfonDownloadCall): Promise<BulutfonFile> {
    const file = await this.download(call);
    return { bytes: await readFileBytes(file), contentType: file.contentType, fileName: file.fileName };
  }
}

/**
 * The request path of a client, after checking its settings.
 * @param settings - the client's settings
 * @throws ValidationError (`target: 'settings'`) naming the settings of the wrong shape
 */
export function createBulutfonApi(settings: BulutfonSettings): BulutfonApi {
  checkBulutfonSettings(settings);
  return new BulutfonApi(settings);
}

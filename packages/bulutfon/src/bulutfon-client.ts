import { AuthenticationError, type CallOptions, MessagingError } from '@x/messaging-core';
import {
  type BinaryResponse,
  combineHeaders,
  createJsonResponseHandler,
  type ResponseHandler,
  request,
  withUserAgentSuffix,
} from '@x/provider-utils';
import type { z } from 'zod';
import { type BulutfonAttachmentInput, toBulutfonAttachment } from './bulutfon-attachment';
import { BULUTFON_USER_AGENT } from './bulutfon-auth';
import { createBulutfonFileHandler, readFileBytes } from './bulutfon-download';
import {
  BULUTFON_PROVIDER_ID,
  createBulutfonFailedResponseHandler,
  isBulutfonTokenExpiredError,
} from './bulutfon-error';
import {
  announcementUploadSchema,
  automaticCallCreateOptionsSchema,
  type BulutfonAutomaticCallCreateOptions,
  type BulutfonCallAndBridgeOptions,
  type BulutfonCdrListOptions,
  type BulutfonExtensionCreateOptions,
  type BulutfonExtensionUpdateOptions,
  type BulutfonMessageSendOptions,
  callAndBridgeOptionsSchema,
  cdrListOptionsSchema,
  extensionCreateOptionsSchema,
  extensionUpdateOptionsSchema,
  messageSendOptionsSchema,
  outgoingFaxOptionsSchema,
  pageOptionsSchema,
  parseInput,
  toAutomaticCallBody,
  toCdrQuery,
  toExtensionBody,
  toMessageBody,
} from './bulutfon-request-options';
import {
  actionResponseSchema,
  announcementListResponseSchema,
  automaticCallListResponseSchema,
  automaticCallResponseSchema,
  type BulutfonActionResult,
  type BulutfonAnnouncement,
  type BulutfonAutomaticCall,
  type BulutfonAutomaticCallDetail,
  type BulutfonCdr,
  type BulutfonCdrDetail,
  type BulutfonCdrPage,
  type BulutfonDid,
  type BulutfonDidDetail,
  type BulutfonExtension,
  type BulutfonExtensionDetail,
  type BulutfonGroup,
  type BulutfonGroupDetail,
  type BulutfonIncomingFax,
  type BulutfonMe,
  type BulutfonMessage,
  type BulutfonMessageDetail,
  type BulutfonMessagePage,
  type BulutfonMessageTitle,
  type BulutfonOutgoingFax,
  type BulutfonOutgoingFaxDetail,
  type BulutfonSmsRejection,
  type BulutfonTokenInfo,
  cdrPageResponseSchema,
  cdrResponseSchema,
  didListResponseSchema,
  didResponseSchema,
  extensionListResponseSchema,
  extensionResponseSchema,
  groupListResponseSchema,
  groupResponseSchema,
  incomingFaxListResponseSchema,
  meResponseSchema,
  messagePageResponseSchema,
  messageResponseSchema,
  messageTitleListResponseSchema,
  outgoingFaxListResponseSchema,
  outgoingFaxResponseSchema,
  smsRejectionListResponseSchema,
  tokenInfoResponseSchema,
} from './bulutfon-schemas';
import {
  BULUTFON_BASE_URL,
  type BulutfonAuthenticator,
  type BulutfonCredentials,
  type BulutfonSettings,
  checkBulutfonSettings,
  createBulutfonAuthenticator,
} from './bulutfon-settings';
import { createRecordingSafeToken } from './bulutfon-sha1';

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

/** Options of the recording downloads. */
export interface BulutfonRecordingOptions extends BulutfonCallOptions {
  /**
   * Send `sha1(token + uuid)` instead of the token (Bulutfon's "safe token" for recordings), so the real
   * token never travels with this request.
   */
  safeToken?: boolean;
}

/** Options of {@link BulutfonClient.cdrs}' `iterate`. */
export interface BulutfonCdrIterateOptions extends Omit<BulutfonCdrListOptions, 'page'>, BulutfonCallOptions {
  /** First page to read (default 1). */
  startPage?: number;
}

const MAX_DOWNLOAD_BYTES = 1024 * 1024 * 1024;

interface CallSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: Record<string, unknown>;
  handler: ResponseHandler<T>;
  /** `true` for reads: 5xx stays retryable and failures are never "maybe delivered". */
  idempotent: boolean;
  sms?: boolean;
  download?: boolean;
  /** Replaces the credentials by the recording safe token for this uuid. */
  safeTokenFor?: string;
  options?: BulutfonCallOptions;
}

function encodePath(value: string | number): string {
  return encodeURIComponent(String(value));
}

function dropUndefined(body: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (value !== undefined) result[key] = value;
  return result;
}

/**
 * Iterates every page, `page` + 1 until `totalPages`, one page ahead of the caller: the next page is requested
 * while the current one is consumed, and (once the number of pages is known) as soon as the body of the page the
 * caller waits for has arrived, so that the server prepares the next page while this one is parsed. A long walk is then
 * limited by the server rather than by the two costs added up. At most two requests are in flight, and never
 * more than one page beyond the one the caller waits for. Breaking out of the loop aborts what is in flight.
 * @param fetchPage - requests one page; calls `answered` once its body has arrived (it may call it twice)
 */
function paginate<P>(
  fetchPage: (page: number, signal: AbortSignal, answered: () => void) => Promise<P>,
  read: (page: P) => { count: number; totalPages: number },
  startPage: number,
  callerSignal: AbortSignal | undefined,
): AsyncIterableIterator<P> {
  return (async function* () {
    const controller = new AbortController();
    const signal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
    const inFlight = new Map<number, Promise<P>>();
    const answered = new Set<number>();
    let totalPages: number | undefined;
    let awaited = startPage;
    let stopped = false;
    const request = (page: number): void => {
      if (stopped || inFlight.has(page)) return;
      const pending = fetchPage(page, signal, () => {
        answered.add(page);
        requestAfterAnswer(page);
      });
      // Rejections are seen when the page is awaited; do not report them as unhandled meanwhile.
      pending.catch(() => {});
      inFlight.set(page, pending);
    };
    const requestAfterAnswer = (page: number): void => {
      if (page === awaited && answered.has(page) && totalPages !== undefined && page < totalPages) {
        request(page + 1);
      }
    };
    request(startPage);
    try {
      for (let page = startPage; ; page++) {
        awaited = page;
        request(page);
        requestAfterAnswer(page);
        let result: P | undefined = await (inFlight.get(page) as Promise<P>);
        inFlight.delete(page);
        answered.delete(page);
        const { count, totalPages: total } = read(result);
        totalPages = total;
        const more = count > 0 && page < total;
        if (more) request(page + 1);
        yield result;
        // Let go of this page before the next one is awaited: the suspended generator would keep it otherwise.
        result = undefined;
        if (!more) return;
      }
    } finally {
      stopped = true;
      if (inFlight.size > 0) controller.abort(new DOMException('The iteration was stopped.', 'AbortError'));
    }
  })();
}

/**
 * The items of every page yielded by `pages`, as a hand-written async iterator: an item of a page already
 * read costs one resolved promise, not a trip through an async generator. Calls to `next()` made while a page
 * is awaited are served in order. `return()` (a `break` in the loop) stops the pages, which aborts the page
 * request in flight. An item handed out is dropped from the page's list (the pages are this iterator's own), so
 * the records the caller is done with are garbage at once rather than when the whole page is.
 */
function itemsOf<P, T>(pages: AsyncIterator<P>, items: (page: P) => T[]): AsyncIterableIterator<T> {
  let current: (T | undefined)[] = [];
  let index = 0;
  let finished = false;
  let pending: Promise<IteratorResult<T>> | undefined;
  const take = (): T => {
    const item = current[index] as T;
    current[index++] = undefined;
    return item;
  };
  const step = async (): Promise<IteratorResult<T>> => {
    while (!finished) {
      if (index < current.length) return { value: take(), done: false };
      let result: IteratorResult<P>;
      try {
        result = await pages.next();
      } catch (error) {
        finished = true;
        throw error;
      }
      if (result.done) finished = true;
      else {
        current = items(result.value);
        index = 0;
      }
    }
    return { value: undefined, done: true };
  };
  const iterator: AsyncIterableIterator<T> = {
    [Symbol.asyncIterator]: () => iterator,
    next: () => {
      if (!pending && index < current.length) {
        return Promise.resolve({ value: take(), done: false });
      }
      const run: Promise<IteratorResult<T>> = pending ? pending.then(step, step) : step();
      pending = run;
      run.then(
        () => {
          if (pending === run) pending = undefined;
        },
        () => {
          if (pending === run) pending = undefined;
        },
      );
      return run;
    },
    return: async (value?: unknown): Promise<IteratorResult<T>> => {
      finished = true;
      current = [];
      index = 0;
      await pages.return?.();
      return { value: value as T, done: true };
    },
  };
  return iterator;
}

/**
 * The typed low-level client of the Bulutfon REST API (v1): one method per endpoint, grouped by resource.
 * Create it with {@link createBulutfonClient}.
 *
 * Every method makes one attempt (plus one retry after an OAuth refresh when the token expired); wrap calls
 * in `withRetry` from `@x/messaging-core` for retries. Errors are the typed errors of `@x/messaging-core`,
 * with tokens, passwords and client secrets hidden.
 */
export class BulutfonClient {
  private readonly baseUrl: string;
  private readonly auth: BulutfonAuthenticator;

  /** @param settings - see {@link BulutfonSettings} */
  constructor(private readonly settings: BulutfonSettings = {}) {
    checkBulutfonSettings(settings);
    this.baseUrl = (settings.baseUrl ?? BULUTFON_BASE_URL).replace(/\/+$/, '');
    this.auth = createBulutfonAuthenticator(settings);
  }

  private json<S extends z.ZodType>(schema: S): ResponseHandler<z.output<S>> {
    return createJsonResponseHandler(schema) as ResponseHandler<z.output<S>>;
  }

  private async send<T>(spec: CallSpec<T>, credentials: BulutfonCredentials): Promise<T> {
    const url = new URL(`${this.baseUrl}${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {}))
      if (value !== undefined) url.searchParams.set(name, value);
    const params =
      spec.safeTokenFor && credentials.accessToken
        ? { access_token: createRecordingSafeToken(credentials.accessToken, spec.safeTokenFor) }
        : credentials.params;
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const body = spec.body ? JSON.stringify(dropUndefined(spec.body)) : undefined;
    const failed = createBulutfonFailedResponseHandler({ sms: spec.sms });
    const { value } = await request({
      providerId: BULUTFON_PROVIDER_ID,
      url: url.toString(),
      method: spec.method,
      headers: withUserAgentSuffix(
        combineHeaders(
          { accept: spec.download ? '*/*' : 'application/json' },
          body === undefined ? undefined : { 'content-type': 'application/json' },
          this.settings.headers,
          spec.options?.headers,
        ),
        BULUTFON_USER_AGENT,
      ),
      body,
      secrets: [...credentials.secrets, ...(spec.safeTokenFor ? [params.access_token] : [])],
      redactQueryParams: ['access_token', 'email', 'password'],
      fetch: this.settings.fetch,
      signal: spec.options?.signal,
      timeoutMs: spec.options?.timeoutMs ?? this.settings.timeoutMs,
      maxResponseBytes: spec.download ? (this.settings.maxDownloadBytes ?? MAX_DOWNLOAD_BYTES) : undefined,
      hooks: this.settings.hooks,
      idempotent: spec.idempotent,
      successfulResponseHandler: spec.handler,
      failedResponseHandler: failed,
    });
    return value;
  }

  /** Runs one call: credentials at call time, one refresh-and-retry when an OAuth token was refused. */
  private async call<T>(spec: CallSpec<T>): Promise<T> {
    const credentials = await this.auth.current();
    try {
      return await this.send(spec, credentials);
    } catch (error) {
      const refusedToken =
        AuthenticationError.isInstance(error) &&
        error.providerId === BULUTFON_PROVIDER_ID &&
        (isBulutfonTokenExpiredError(error) || error.statusCode === 401);
      if (!refusedToken) throw error;
      let refreshed: boolean;
      try {
        refreshed = await this.auth.refreshAfter(credentials);
      } catch (refreshError) {
        if (MessagingError.isInstance(refreshError)) throw refreshError;
        throw error;
      }
      if (!refreshed) throw error;
      return this.send(spec, await this.auth.current());
    }
  }

  private async download(
    spec: Omit<CallSpec<BinaryResponse>, 'handler' | 'download' | 'idempotent'>,
  ): Promise<BinaryResponse> {
    return this.call({
      ...spec,
      idempotent: true,
      download: true,
      handler: createBulutfonFileHandler(
        this.settings.maxDownloadBytes ?? MAX_DOWNLOAD_BYTES,
        createBulutfonFailedResponseHandler(),
      ),
    });
  }

  private async downloadBytes(
    spec: Omit<CallSpec<BinaryResponse>, 'handler' | 'download' | 'idempotent'>,
  ): Promise<BulutfonFile> {
    const file = await this.download(spec);
    return { bytes: await readFileBytes(file), contentType: file.contentType, fileName: file.fileName };
  }

  /** The account, PBX and credit behind the credentials (`GET /me`). */
  me(options?: BulutfonCallOptions): Promise<BulutfonMe> {
    return this.call({
      method: 'GET',
      path: '/me',
      handler: this.json(meResponseSchema),
      idempotent: true,
      options,
    });
  }

  /**
   * What Bulutfon says about a token (`GET /token-info/{token}`, undocumented): whether it expired and when.
   * @param token - the token to check; default: the client's current access token
   */
  async tokenInfo(token?: string, options?: BulutfonCallOptions): Promise<BulutfonTokenInfo> {
    const credentials = await this.auth.current();
    const checked = token ?? credentials.accessToken;
    if (!checked) {
      throw new AuthenticationError({
        message: 'Bulutfon: token info needs a token (the client uses email and password)',
        url: `${this.baseUrl}/token-info`,
        providerId: BULUTFON_PROVIDER_ID,
      });
    }
    return this.send(
      {
        method: 'GET',
        path: `/token-info/${encodePath(checked)}`,
        handler: this.json(tokenInfoResponseSchema),
        idempotent: true,
        options,
      },
      { params: {}, secrets: [...credentials.secrets, checked] },
    );
  }

  /** PBX phone numbers. */
  readonly dids = {
    /** Lists the PBX numbers (`GET /dids`). */
    list: (options?: BulutfonCallOptions): Promise<BulutfonDid[]> =>
      this.call({
        method: 'GET',
        path: '/dids',
        handler: this.json(didListResponseSchema),
        idempotent: true,
        options,
      }),
    /** One PBX number with its opening hours (`GET /dids/{id}`). */
    get: (id: number, options?: BulutfonCallOptions): Promise<BulutfonDidDetail> =>
      this.call({
        method: 'GET',
        path: `/dids/${encodePath(id)}`,
        handler: this.json(didResponseSchema),
        idempotent: true,
        options,
      }),
  };

  /** Extensions (dahili). */
  readonly extensions = {
    /** Lists the extensions (`GET /extensions`). */
    list: (options?: BulutfonCallOptions): Promise<BulutfonExtension[]> =>
      this.call({
        method: 'GET',
        path: '/extensions',
        handler: this.json(extensionListResponseSchema),
        idempotent: true,
        options,
      }),
    /** One extension with its settings (`GET /extensions/{id}`). */
    get: (id: number, options?: BulutfonCallOptions): Promise<BulutfonExtensionDetail> =>
      this.call({
        method: 'GET',
        path: `/extensions/${encodePath(id)}`,
        handler: this.json(extensionResponseSchema),
        idempotent: true,
        options,
      }),
    /**
     * Creates an extension (`POST /extensions`).
     * @throws ValidationError for missing or inconsistent fields (checked before any request)
     */
    create: async (
      extension: BulutfonExtensionCreateOptions,
      options?: BulutfonCallOptions,
    ): Promise<BulutfonActionResult> =>
      this.call({
        method: 'POST',
        path: '/extensions',
        body: toExtensionBody(parseInput(extensionCreateOptionsSchema, extension, 'extension')),
        handler: this.json(actionResponseSchema),
        idempotent: false,
        options,
      }),
    /** Changes the given fields of an extension (`PUT /extensions/{id}`). */
    update: async (
      id: number,
      changes: BulutfonExtensionUpdateOptions,
      options?: BulutfonCallOptions,
    ): Promise<BulutfonActionResult> =>
      this.call({
        method: 'PUT',
        path: `/extensions/${encodePath(id)}`,
        body: toExtensionBody(parseInput(extensionUpdateOptionsSchema, changes, 'extension changes')),
        handler: this.json(actionResponseSchema),
        idempotent: true,
        options,
      }),
    /** Deletes an extension (`DELETE /extensions/{id}`). */
    delete: (id: number, options?: BulutfonCallOptions): Promise<BulutfonActionResult> =>
      this.call({
        method: 'DELETE',
        path: `/extensions/${encodePath(id)}`,
        handler: this.json(actionResponseSchema),
        idempotent: true,
        options,
      }),
  };

  /** Ring groups. */
  readonly groups = {
    /** Lists the groups (`GET /groups`). */
    list: (options?: BulutfonCallOptions): Promise<BulutfonGroup[]> =>
      this.call({
        method: 'GET',
        path: '/groups',
        handler: this.json(groupListResponseSchema),
        idempotent: true,
        options,
      }),
    /** One group with its members (`GET /groups/{id}`). */
    get: (id: number, options?: BulutfonCallOptions): Promise<BulutfonGroupDetail> =>
      this.call({
        method: 'GET',
        path: `/groups/${encodePath(id)}`,
        handler: this.json(groupResponseSchema),
        idempotent: true,
        options,
      }),
  };

  /** Call detail records. */
  readonly cdrs = {
    /** One page of CDRs with every filter of `GET /cdrs`. */
    list: async (
      filters: BulutfonCdrListOptions = {},
      options?: BulutfonCallOptions,
    ): Promise<BulutfonCdrPage> =>
      this.call({
        method: 'GET',
        path: '/cdrs',
        query: toCdrQuery(parseInput(cdrListOptionsSchema, filters, 'CDR filters')),
        handler: this.json(cdrPageResponseSchema),
        idempotent: true,
        options,
      }),
    /** One CDR with its call flow (`GET /cdrs/{uuid}`). */
    get: (uuid: string, options?: BulutfonCallOptions): Promise<BulutfonCdrDetail> =>
      this.call({
        method: 'GET',
        path: `/cdrs/${encodePath(uuid)}`,
        handler: this.json(cdrResponseSchema),
        idempotent: true,
        options,
      }),
    /**
     * Every CDR matching the filters, page after page (`page` + 1 until `total_pages`). The next page is
     * requested while the current one is parsed and consumed, never more than one page ahead; a `break` aborts
     * it. Bad filters reject the first `next()` with a `ValidationError`, before any request.
     * @example
     * for await (const cdr of client.cdrs.iterate({ timeLimit: 'day', limit: 500 })) console.log(cdr.uuid);
     */
    iterate: (options: BulutfonCdrIterateOptions = {}): AsyncIterableIterator<BulutfonCdr> =>
      itemsOf(this.cdrs.pages(options), (page) => page.cdrs),
    /**
     * Every page of CDRs matching the filters, one-page-ahead like {@link BulutfonClient.cdrs}' `iterate`;
     * for batch processing (a database insert per page).
     */
    pages: (options: BulutfonCdrIterateOptions = {}): AsyncIterableIterator<BulutfonCdrPage> => {
      const { startPage, signal, timeoutMs, headers, ...filters } = options;
      const parse = this.json(cdrPageResponseSchema);
      // The filters are checked once for the whole walk, when the first page is requested (a bad filter
      // rejects the first `next()`, before any request); later pages only differ in `page`.
      let query: Record<string, string | undefined> | undefined;
      const queryOf = (page: number) => {
        query ??= toCdrQuery(parseInput(cdrListOptionsSchema, { ...filters, page }, 'CDR filters'));
        return query;
      };
      return paginate(
        (page, pageSignal, answered) =>
          this.call({
            method: 'GET',
            path: '/cdrs',
            query: {
              ...queryOf(page),
              page: String(page),
            },
            handler: async (context) => {
              // The body is in: the server can prepare the next page while this one is parsed (the shared
              // handler reads the same text again, from the response context's cache).
              await context.readText();
              answered();
              return parse(context);
            },
            idempotent: true,
            options: { signal: pageSignal, timeoutMs, headers },
          }),
        (result) => ({ count: result.cdrs.length, totalPages: result.pagination.totalPages }),
        startPage ?? 1,
        signal,
      );
    },
  };

  /** Call recordings (files). Only CDRs with `hasRecording` have one. */
  readonly callRecords = {
    /** The recording as bytes (`GET /call-records/{uuid}`); the type comes from the response (usually OGG). */
    download: (uuid: string, options: BulutfonRecordingOptions = {}): Promise<BulutfonFile> =>
      this.downloadBytes({
        method: 'GET',
        path: `/call-records/${encodePath(uuid)}`,
        safeTokenFor: options.safeToken ? uuid : undefined,
        options,
      }),
    /** The recording as a stream, not buffered (`GET /call-records/{uuid}/stream`). */
    stream: (uuid: string, options: BulutfonRecordingOptions = {}): Promise<BulutfonFileStream> =>
      this.download({
        method: 'GET',
        path: `/call-records/${encodePath(uuid)}/stream`,
        safeTokenFor: options.safeToken ? uuid : undefined,
        options,
      }),
    /**
     * A URL of the recording that carries the safe token (`sha1(token + uuid)`) instead of the token, for an
     * `<audio src>` in a page. No request is made.
     */
    safeUrl: async (uuid: string, options: { stream?: boolean } = {}): Promise<string> => {
      const credentials = await this.auth.current();
      if (!credentials.accessToken) {
        throw new AuthenticationError({
          message: 'Bulutfon: a recording safe URL needs a token (the client uses email and password)',
          url: `${this.baseUrl}/call-records`,
          providerId: BULUTFON_PROVIDER_ID,
        });
      }
      const url = new URL(
        `${this.baseUrl}/call-records/${encodePath(uuid)}${options.stream === false ? '' : '/stream'}`,
      );
      url.searchParams.set('access_token', createRecordingSafeToken(credentials.accessToken, uuid));
      return url.toString();
    },
  };

  /** Received faxes. */
  readonly incomingFaxes = {
    /** Lists received faxes (`GET /incoming-faxes`). */
    list: (options?: BulutfonCallOptions): Promise<BulutfonIncomingFax[]> =>
      this.call({
        method: 'GET',
        path: '/incoming-faxes',
        handler: this.json(incomingFaxListResponseSchema),
        idempotent: true,
        options,
      }),
    /** The fax (TIFF) as bytes (`GET /incoming-faxes/{uuid}`). */
    download: (uuid: string, options?: BulutfonCallOptions): Promise<BulutfonFile> =>
      this.downloadBytes({ method: 'GET', path: `/incoming-faxes/${encodePath(uuid)}`, options }),
    /** The fax as a stream (`GET /incoming-faxes/{uuid}/stream`). */
    stream: (uuid: string, options?: BulutfonCallOptions): Promise<BulutfonFileStream> =>
      this.download({ method: 'GET', path: `/incoming-faxes/${encodePath(uuid)}/stream`, options }),
  };

  /** Sent faxes. */
  readonly outgoingFaxes = {
    /** Lists sent faxes (`GET /outgoing-faxes`). */
    list: (options?: BulutfonCallOptions): Promise<BulutfonOutgoingFax[]> =>
      this.call({
        method: 'GET',
        path: '/outgoing-faxes',
        handler: this.json(outgoingFaxListResponseSchema),
        idempotent: true,
        options,
      }),
    /** One sent fax with per-recipient state (`GET /outgoing-faxes/{id}`). */
    get: (id: number, options?: BulutfonCallOptions): Promise<BulutfonOutgoingFaxDetail> =>
      this.call({
        method: 'GET',
        path: `/outgoing-faxes/${encodePath(id)}`,
        handler: this.json(outgoingFaxResponseSchema),
        idempotent: true,
        options,
      }),
    /**
     * Sends a fax (`POST /outgoing-faxes`). The document (PDF, JPEG, PNG or TIFF) is given as bytes, a
     * Blob/File or a file path and encoded in Bulutfon's attachment format. Never retried automatically.
     */
    send: async (
      fax: { title: string; receivers: string | string[]; did: string; attachment: BulutfonAttachmentInput },
      options?: BulutfonCallOptions,
    ): Promise<BulutfonActionResult> => {
      const checked = parseInput(
        outgoingFaxOptionsSchema,
        { ...fax, attachment: await toBulutfonAttachment(fax.attachment) },
        'fax',
      );
      return this.call({
        method: 'POST',
        path: '/outgoing-faxes',
        body: {
          title: checked.title,
          receivers: checked.receivers.join(','),
          did: checked.did,
          attachment: checked.attachment,
        },
        handler: this.json(actionResponseSchema),
        idempotent: false,
        options,
      });
    },
  };

  /** Announcements (sound files of the PBX). */
  readonly announcements = {
    /** Lists announcements (`GET /announcements`). */
    list: (options?: BulutfonCallOptions): Promise<BulutfonAnnouncement[]> =>
      this.call({
        method: 'GET',
        path: '/announcements',
        handler: this.json(announcementListResponseSchema),
        idempotent: true,
        options,
      }),
    /** The sound file as bytes (`GET /announcements/{id}`). */
    download: (id: number, options?: BulutfonCallOptions): Promise<BulutfonFile> =>
      this.downloadBytes({ method: 'GET', path: `/announcements/${encodePath(id)}`, options }),
    /** The sound file as a stream (`GET /announcements/{id}/stream`). */
    stream: (id: number, options?: BulutfonCallOptions): Promise<BulutfonFileStream> =>
      this.download({ method: 'GET', path: `/announcements/${encodePath(id)}/stream`, options }),
    /** Uploads a sound file (`POST /announcements`; WAV recommended). */
    upload: async (
      announcement: { name: string; file: BulutfonAttachmentInput },
      options?: BulutfonCallOptions,
    ): Promise<BulutfonActionResult> => {
      const checked = parseInput(
        announcementUploadSchema,
        { name: announcement.name, announcement: await toBulutfonAttachment(announcement.file) },
        'announcement',
      );
      return this.call({
        method: 'POST',
        path: '/announcements',
        body: checked,
        handler: this.json(actionResponseSchema),
        idempotent: false,
        options,
      });
    },
    /** Deletes an announcement (`DELETE /announcements/{id}`). */
    delete: (id: number, options?: BulutfonCallOptions): Promise<BulutfonActionResult> =>
      this.call({
        method: 'DELETE',
        path: `/announcements/${encodePath(id)}`,
        handler: this.json(actionResponseSchema),
        idempotent: true,
        options,
      }),
  };

  /** Automatic (robo) call campaigns. */
  readonly automaticCalls = {
    /** Lists campaigns (`GET /automatic-calls`). */
    list: (options?: BulutfonCallOptions): Promise<BulutfonAutomaticCall[]> =>
      this.call({
        method: 'GET',
        path: '/automatic-calls',
        handler: this.json(automaticCallListResponseSchema),
        idempotent: true,
        options,
      }),
    /** One campaign with its schedule and per-recipient results (`GET /automatic-calls/{id}`). */
    get: (id: number, options?: BulutfonCallOptions): Promise<BulutfonAutomaticCallDetail> =>
      this.call({
        method: 'GET',
        path: `/automatic-calls/${encodePath(id)}`,
        handler: this.json(automaticCallResponseSchema),
        idempotent: true,
        options,
      }),
    /** Starts a campaign (`POST /automatic-calls`); recipients are called one after another. */
    create: async (
      call: BulutfonAutomaticCallCreateOptions,
      options?: BulutfonCallOptions,
    ): Promise<BulutfonActionResult> =>
      this.call({
        method: 'POST',
        path: '/automatic-calls',
        body: toAutomaticCallBody(parseInput(automaticCallCreateOptionsSchema, call, 'automatic call')),
        handler: this.json(actionResponseSchema),
        idempotent: false,
        options,
      }),
  };

  /**
   * Click-to-call (`POST /call_and_bridge`): rings `destination` (extension, group or menu) and connects it
   * to `callee`. Never retried automatically.
   */
  async callAndBridge(
    call: BulutfonCallAndBridgeOptions,
    options?: BulutfonCallOptions,
  ): Promise<BulutfonActionResult> {
    const checked = parseInput(callAndBridgeOptionsSchema, call, 'call');
    return this.call({
      method: 'POST',
      path: '/call_and_bridge',
      query: {
        caller: checked.caller,
        callee: checked.callee,
        destination: checked.destination,
        timeout: checked.timeout?.toString(),
      },
      handler: this.json(actionResponseSchema),
      idempotent: false,
      options,
    });
  }

  /** SMS titles and their opt-out lists. Discontinued by Bulutfon in v1 on 2020-12-31. */
  readonly messageTitles = {
    /** Lists SMS titles (`GET /message-titles`). */
    list: (options?: BulutfonCallOptions): Promise<BulutfonMessageTitle[]> =>
      this.call({
        method: 'GET',
        path: '/message-titles',
        handler: this.json(messageTitleListResponseSchema),
        idempotent: true,
        sms: true,
        options,
      }),
    /** Numbers that opted out of a title (`GET /message-titles/{title}/sms-rejections`). */
    listRejections: (
      title: string | number,
      options?: BulutfonCallOptions,
    ): Promise<BulutfonSmsRejection[]> =>
      this.call({
        method: 'GET',
        path: `/message-titles/${encodePath(title)}/sms-rejections`,
        handler: this.json(smsRejectionListResponseSchema),
        idempotent: true,
        sms: true,
        options,
      }),
    /** Takes a number off a title's opt-out list (`DELETE /message-titles/{title}/sms-rejections/{number}`). */
    removeRejection: (
      title: string | number,
      number: string,
      options?: BulutfonCallOptions,
    ): Promise<BulutfonActionResult> =>
      this.call({
        method: 'DELETE',
        path: `/message-titles/${encodePath(title)}/sms-rejections/${encodePath(number.replace(/^\+/, ''))}`,
        handler: this.json(actionResponseSchema),
        idempotent: true,
        sms: true,
        options,
      }),
  };

  /** SMS. Discontinued by Bulutfon in v1 on 2020-12-31 (expect `NotFoundError` on live accounts). */
  readonly messages = {
    /** One page of sent SMS (`GET /messages`). */
    list: async (
      page: { page?: number; limit?: number } = {},
      options?: BulutfonCallOptions,
    ): Promise<BulutfonMessagePage> => {
      const checked = parseInput(pageOptionsSchema, page, 'page');
      return this.call({
        method: 'GET',
        path: '/messages',
        query: { page: checked.page?.toString(), limit: checked.limit?.toString() },
        handler: this.json(messagePageResponseSchema),
        idempotent: true,
        sms: true,
        options,
      }).then((result) => ({
        ...result,
        pagination: { ...result.pagination, page: result.pagination.page || (checked.page ?? 1) },
      }));
    },
    /** Every sent SMS, page after page. */
    iterate: (
      options: { limit?: number; startPage?: number } & BulutfonCallOptions = {},
    ): AsyncIterableIterator<BulutfonMessage> => {
      const { limit, startPage, signal, ...callOptions } = options;
      return itemsOf(
        paginate(
          (page, pageSignal) => this.messages.list({ page, limit }, { ...callOptions, signal: pageSignal }),
          (result) => ({ count: result.messages.length, totalPages: result.pagination.totalPages }),
          startPage ?? 1,
          signal,
        ),
        (page) => page.messages,
      );
    },
    /** One SMS with per-recipient state (`GET /messages/{id}`). */
    get: (id: number, options?: BulutfonCallOptions): Promise<BulutfonMessageDetail> =>
      this.call({
        method: 'GET',
        path: `/messages/${encodePath(id)}`,
        handler: this.json(messageResponseSchema),
        idempotent: true,
        sms: true,
        options,
      }),
    /**
     * Sends (or schedules, with `sendAt`) an SMS (`POST /messages`). Never retried automatically. Bulutfon
     * drops messages beyond 6 identical or 20 different per number per hour, silently.
     */
    send: async (
      message: BulutfonMessageSendOptions,
      options?: BulutfonCallOptions,
    ): Promise<BulutfonActionResult> =>
      this.call({
        method: 'POST',
        path: '/messages',
        body: toMessageBody(parseInput(messageSendOptionsSchema, message, 'message')),
        handler: this.json(actionResponseSchema),
        idempotent: false,
        sms: true,
        options,
      }),
  };
}

/**
 * Creates the low-level Bulutfon client.
 * @param settings - credentials (`token`, `BULUTFON_TOKEN`, `email`/`password` or `oauth`), `baseUrl`, `fetch`,
 *   `timeoutMs`, `hooks`; see {@link BulutfonSettings}
 * @example
 * const client = createBulutfonClient({ token: process.env.BULUTFON_TOKEN });
 * const { credit } = await client.me();
 */
export function createBulutfonClient(settings: BulutfonSettings = {}): BulutfonClient {
  return new BulutfonClient(settings);
}

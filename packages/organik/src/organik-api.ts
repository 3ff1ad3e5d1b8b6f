import { combineHeaders, type ResponseHandler, request, withUserAgentSuffix } from '@x/provider-utils';
import type { OrganikWireRequest } from './convert-to-organik-request';
import { type OrganikCredentials, resolveOrganikCredentials } from './organik-credentials';
import { ORGANIK_PROVIDER_ID } from './organik-error';
import { organikFailedResponseHandler } from './organik-response';
import {
  DEFAULT_ORGANIK_BASE_URL,
  type OrganikCallOptions,
  type OrganikFormats,
  type OrganikSettings,
  resolveOrganikFormats,
} from './organik-settings';
import { VERSION } from './organik-version';

const USER_AGENT = `x-messaging/organik/${VERSION}`;

/** The headers of a call: accept and content type of its formats, then the settings' and the call's own. */
function requestHeaders(
  method: 'GET' | 'POST',
  formats: OrganikFormats,
  settingsHeaders: Record<string, string> | undefined,
  callHeaders: Record<string, string> | undefined,
): Record<string, string> {
  return withUserAgentSuffix(
    combineHeaders(
      {
        accept: formats.response === 'xml' ? 'application/xml' : 'application/json',
        'content-type':
          method !== 'POST'
            ? undefined
            : formats.request === 'xml'
              ? 'application/xml; charset=utf-8'
              : 'application/json; charset=utf-8',
      },
      settingsHeaders,
      callHeaders,
    ),
    USER_AGENT,
  );
}

/**
 * The request path of a client: the URL with the key and the formats, the body in the request format, the headers,
 * and one request through `@x/provider-utils`' `request()`. Credentials are read at the first request. The client
 * and the provider that `createOrganik` makes share one.
 */
export class OrganikApi {
  /** The base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly #settings: OrganikSettings;
  readonly #formats: OrganikFormats;
  /** Read at the first request, not before. */
  #credentials: OrganikCredentials | undefined;

  /** @param settings - see {@link OrganikSettings} */
  constructor(settings: OrganikSettings) {
    this.#settings = { ...settings };
    this.baseUrl = (settings.baseUrl ?? DEFAULT_ORGANIK_BASE_URL).replace(/\/+$/, '');
    this.#formats = resolveOrganikFormats(settings.format);
  }

  /**
   * Makes one request; a bad setting or body rejects like a failed call (no synchronous throw).
   * @param wire - the request, built by one of the `convertToOrganik…` functions
   * @param handler - how a successful answer is read
   * @param options - signal, timeout, format...
   * @param idempotent - whether the request may be repeated without effect (a send may not)
   */
  async call<T>(
    wire: OrganikWireRequest,
    handler: ResponseHandler<T>,
    options: OrganikCallOptions | undefined,
    idempotent: boolean,
  ): Promise<T> {
    const settings = this.#settings;
    this.#credentials ??= resolveOrganikCredentials(settings);
    const { apiKey, secrets } = this.#credentials;
    const formats = options?.format === undefined ? this.#formats : resolveOrganikFormats(options.format);
    let url = `${this.baseUrl}/v2/${apiKey}/${wire.requestName}/${formats.request}/${formats.response}/`;
    if (wire.query) url += `?${new URLSearchParams(wire.query).toString()}`;
    let body: string | undefined;
    if (wire.method === 'POST') {
      const data = wire.data ?? {};
      // The XML writer is loaded on the first XML request, so that a JSON client does not carry it.
      body =
        formats.request === 'xml'
          ? (await import('./organik-xml')).writeOrganikXmlRequest(data)
          : JSON.stringify({ data });
    }
    const response = await request({
      providerId: ORGANIK_PROVIDER_ID,
      url,
      method: wire.method,
      headers: requestHeaders(wire.method, formats, settings.headers, options?.headers),
      body,
      secrets: wire.secrets ? [...secrets, ...wire.secrets] : secrets,
      fetch: settings.fetch,
      signal: options?.signal,
      timeoutMs: options?.timeoutMs ?? settings.timeoutMs,
      hooks: settings.hooks,
      idempotencyKey: options?.idempotencyKey,
      idempotent,
      successfulResponseHandler: handler,
      failedResponseHandler: organikFailedResponseHandler,
    });
    return response.value;
  }
}

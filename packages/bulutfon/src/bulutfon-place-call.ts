import {
  ApiCallError,
  type CallOptionsV1,
  type CallWindowsV1,
  type PlaceCallRequestV1,
  type PlaceCallResultV1,
  ValidationError,
  type WarningV1,
  WEEKDAYS_V1,
  type WeekdayV1,
} from '@x/messaging-core';
import type { BulutfonClient } from './bulutfon-client';
import { BULUTFON_PROVIDER_ID } from './bulutfon-error';
import { toBulutfonNumber } from './bulutfon-phone';
import type {
  BulutfonAutomaticCallCreateOptions,
  BulutfonCallWindowOptions,
} from './bulutfon-request-options';
import { toBulutfonCallOptions } from './bulutfon-send-sms';

/**
 * The voice provider's `placeCall`: one automatic call campaign per call, with one receiver. Bulutfon's
 * `POST /automatic-calls` answers `{ "message": ... }` without an id, so the campaign's title carries the call's
 * reference (`Sipariş onayı [order-1001]`) and the campaign is found again by it, right after it is created and
 * later by `findCall`.
 */

/** The ring time Bulutfon accepts, in seconds. */
const MAX_RING_SECONDS = 60;

/** What a reference may hold: it is written into the campaign's title and matched there again. */
const REFERENCE_PATTERN = /^[A-Za-z0-9._:/-]{1,64}$/;

const DEFAULT_TITLE = 'Otomatik arama';

/**
 * Checks a call's reference (it becomes part of a campaign title).
 * @param reference - your reference
 * @throws ValidationError naming the rule, never the value
 */
export function checkCallReference(reference: unknown): string {
  if (typeof reference === 'string' && REFERENCE_PATTERN.test(reference)) return reference;
  throw new ValidationError({
    message:
      'Bulutfon: invalid call reference (1 to 64 characters: letters, digits and . _ : / - only; it goes into the campaign title)',
    issues: [{ path: ['reference'], message: 'has the wrong format', code: 'invalid_format' }],
    target: 'request',
    providerId: BULUTFON_PROVIDER_ID,
  });
}

/** The ending of the title of the campaign that carries `reference`. */
export function titleSuffixOf(reference: string): string {
  return ` [${reference}]`;
}

/** A reference for a call placed without one (the campaign still has to be found again). */
function generatedReference(): string {
  return `call-${globalThis.crypto.randomUUID()}`;
}

/** Bulutfon's per-day windows: a day without a window gets `active: false`, so Bulutfon never calls on it. */
function toCallRange(windows: CallWindowsV1): Partial<Record<WeekdayV1, BulutfonCallWindowOptions>> {
  const range: Partial<Record<WeekdayV1, BulutfonCallWindowOptions>> = {};
  for (const day of WEEKDAYS_V1) {
    const window = windows[day];
    range[day] = window ? { active: true, start: window.start, finish: window.end } : { active: false };
  }
  return range;
}

function invalidAudio(message: string): ValidationError {
  return new ValidationError({
    message: `Bulutfon: invalid call request (audio: ${message})`,
    issues: [{ path: ['audio'], message, code: 'invalid_type' }],
    target: 'request',
    providerId: BULUTFON_PROVIDER_ID,
  });
}

/** The audio as Bulutfon's `announcement_id` or `sound_url` (the URL's form is checked with the campaign). */
function toAudio(audio: PlaceCallRequestV1['audio']): { announcementId?: number; soundUrl?: string } {
  const value = (audio ?? {}) as Partial<Record<'announcementId' | 'url', unknown>>;
  if (value.announcementId !== undefined && value.url === undefined) {
    const id = value.announcementId;
    if (typeof id === 'string' && /^[1-9]\d{0,9}$/.test(id)) return { announcementId: Number(id) };
    throw invalidAudio('a Bulutfon announcement id is the number the panel shows, such as "22"');
  }
  if (typeof value.url === 'string' && value.announcementId === undefined) return { soundUrl: value.url };
  throw invalidAudio('give either { announcementId } or { url }');
}

/** The ring time Bulutfon accepts, and a warning when the request's had to be changed. */
function ringTimeout(seconds: number | undefined, warnings: WarningV1[]): number | undefined {
  if (seconds === undefined) return undefined;
  const accepted = Math.min(MAX_RING_SECONDS, Math.max(0, Math.round(seconds)));
  if (!Number.isFinite(accepted)) {
    warnings.push({ type: 'unsupported-setting', setting: 'ringTimeoutSeconds', details: 'Not a number.' });
    return undefined;
  }
  if (accepted !== seconds) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'ringTimeoutSeconds',
      details: `Bulutfon rings for 0 to ${MAX_RING_SECONDS} whole seconds; ${accepted} is used.`,
    });
  }
  return accepted;
}

/**
 * The automatic call campaign a request asks for, and the warnings for what Bulutfon cannot do.
 * @param request - the provider-neutral request
 * @param options - the call options (an `idempotencyKey` is warned about)
 */
export function toAutomaticCall(
  request: PlaceCallRequestV1,
  options: CallOptionsV1 | undefined,
): { call: BulutfonAutomaticCallCreateOptions; reference: string; warnings: WarningV1[] } {
  const warnings: WarningV1[] = [];
  const reference =
    request.reference === undefined ? generatedReference() : checkCallReference(request.reference);
  const audio = toAudio(request.audio);
  // The numbers are checked (and masked in errors) before anything else is sent.
  const to = toBulutfonNumber(request.to);
  const from = toBulutfonNumber(request.from);
  if (options?.idempotencyKey !== undefined) {
    warnings.push({
      type: 'unsupported-setting',
      setting: 'idempotencyKey',
      details:
        'Bulutfon does not deduplicate calls; look a call up with findCall(reference) before placing it again.',
    });
  }
  if (request.providerOptions?.[BULUTFON_PROVIDER_ID] !== undefined) {
    warnings.push({
      type: 'unsupported-setting',
      setting: `providerOptions.${BULUTFON_PROVIDER_ID}`,
      details: 'The Bulutfon voice provider takes no provider options.',
    });
  }
  const given = typeof request.title === 'string' ? request.title.replace(/\s+/g, ' ').trim() : '';
  const title = `${given.slice(0, 100) || DEFAULT_TITLE}${titleSuffixOf(reference)}`;
  const call: BulutfonAutomaticCallCreateOptions = {
    title,
    receivers: to,
    did: from,
    ...audio,
    gather: request.gatherKey ?? true,
    timeout: ringTimeout(request.ringTimeoutSeconds, warnings),
    ...(request.windows ? { hoursActive: true, callRange: toCallRange(request.windows) } : {}),
  };
  return { call, reference, warnings };
}

/** The campaign id in Bulutfon's answer, should it ever send one (the docs show `{ "message": ... }` only). */
function idInAnswer(raw: unknown): number | undefined {
  const body = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const nested = body.automatic_call;
  const id = typeof nested === 'object' && nested !== null ? (nested as Record<string, unknown>).id : body.id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/**
 * The newest campaign whose title carries `reference`, or `undefined`.
 * @param client - the Bulutfon client
 * @param reference - the call's reference
 * @param options - the call options
 */
export async function findCampaignId(
  client: BulutfonClient,
  reference: string,
  options: CallOptionsV1 | undefined,
): Promise<number | undefined> {
  const suffix = titleSuffixOf(reference);
  let newest: number | undefined;
  for (const campaign of await client.automaticCalls.list(toBulutfonCallOptions(options))) {
    if (campaign.title?.endsWith(suffix) && (newest === undefined || campaign.id > newest))
      newest = campaign.id;
  }
  return newest;
}

/** The error for a call Bulutfon queued whose campaign could not be found again. */
function notFoundAfterCreate(client: BulutfonClient, cause?: unknown): ApiCallError {
  return new ApiCallError({
    message:
      'Bulutfon: the automatic call was queued, but its campaign could not be read back; look it up with findCall(reference) before placing it again',
    url: `${client.baseUrl}/automatic-calls`,
    method: 'GET',
    providerId: BULUTFON_PROVIDER_ID,
    isRetryable: false,
    maybeDelivered: true,
    cause,
  });
}

/**
 * Creates the provider's `placeCall`.
 * @param client - the Bulutfon client
 */
export function createBulutfonPlaceCall(
  client: BulutfonClient,
): (request: PlaceCallRequestV1, options?: CallOptionsV1) => Promise<PlaceCallResultV1> {
  return async (request, options) => {
    options?.signal?.throwIfAborted();
    const { call, reference, warnings } = toAutomaticCall(request, options);
    const answer = await client.automaticCalls.create(call, toBulutfonCallOptions(options));
    let id = idInAnswer(answer.raw);
    if (id === undefined) {
      try {
        id = await findCampaignId(client, reference, options);
      } catch (error) {
        throw notFoundAfterCreate(client, error);
      }
    }
    if (id === undefined) throw notFoundAfterCreate(client);
    return { callId: String(id), warnings };
  };
}

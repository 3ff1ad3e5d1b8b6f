import type { DeliveryReportQuery } from '@x/messaging-core';
import type { NotificationEngine } from '@x/order-notifications';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { sendError } from './http-errors';
import { readBoundedJson } from './json-depth';
import { secretsEqual } from './signature';

/** Options of {@link registerReportPushRoute}. */
export interface ReportPushRouteOptions {
  /** The engine, which looks the pushed messages up at their provider. */
  engine: Pick<NotificationEngine, 'refreshDeliveryReports'>;
  /** Each shop's secret path token; a shop without one has no report route. */
  tokens: Readonly<Record<string, string>>;
  /**
   * The provider each shop sends through: its id (the one in the route's path; a push for another provider is
   * refused) and the engine's key of the shop's instance (the two differ for a shop with its own instance).
   */
  shopProviders: Readonly<Record<string, { id: string; key: string }>>;
  /** Where to log (never the token, never the body). */
  logger: Logger;
}

/** The route's path: the provider, the shop and its secret token. */
export const REPORT_PUSH_PATH = '/webhooks/:providerId/reports/:shop/:token';

/**
 * The URL of a shop's report route, as a provider is given it.
 * @param publicUrl - the service's address as providers reach it (`server.publicUrl`)
 * @param providerId - the provider's id
 * @param shopId - the shop
 * @param token - the shop's secret report token
 */
export function reportPushUrl(publicUrl: string, providerId: string, shopId: string, token: string): string {
  const segment = encodeURIComponent;
  return `${publicUrl}/webhooks/${segment(providerId)}/reports/${segment(shopId)}/${segment(token)}`;
}

/** Largest pushed body read: a report names a few messages, never megabytes. */
const REPORT_BODY_LIMIT_BYTES = 65_536;
/** How deep a pushed body is searched for ids, and how many of its values are looked at. */
const MAX_DEPTH = 5;
const MAX_NODES = 2_000;
/** Most ids of each kind looked up per push (the engine's own bound too). */
const MAX_IDS = 100;
/** What an id may look like: a short run of URL-safe characters. */
const ID_FORM = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The field names that carry ids in the report callbacks of the providers we know: a provider's message id,
 * its batch (transaction) id, or the reference (track id) given at send. A provider that sends our reference
 * through a digest (a numeric track id) makes that reference unfindable here; its message and batch ids still
 * are, and polling settles the rest.
 */
const ID_FIELDS: Readonly<Record<keyof Required<DeliveryReportQuery>, readonly string[]>> = {
  providerMessageIds: ['gsm_track_id', 'message_id', 'messageId', 'msg_id', 'providerMessageId'],
  providerBatchIds: ['transaction_id', 'batch_id', 'batchId', 'providerBatchId'],
  references: ['track_id', 'delivery_track_id', 'reference'],
  providerId: [],
};

/** An id read from a pushed value: a short string, or a whole number that JSON kept exact. */
function idOf(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  return typeof text === 'string' && ID_FORM.test(text) ? text : undefined;
}

/**
 * Reads a pushed body into a value to search: JSON or a form (already parsed), or raw bytes holding JSON, else
 * read as a form (JSON nested deeper than the server's JSON bodies may be is not parsed).
 */
function payloadOf(body: unknown): unknown {
  if (!Buffer.isBuffer(body)) return body;
  const read = readBoundedJson(body);
  return read.ok ? read.value : Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

/**
 * The message ids a push names, by kind, each kind bounded and without duplicates. Nothing else of the body is
 * kept: not its statuses, not its dates. The body is searched breadth-first to a bounded depth and size.
 * @param body - the parsed body (JSON, form) or its raw bytes
 */
export function pushedReportIds(body: unknown): DeliveryReportQuery {
  const found = {
    providerMessageIds: new Set<string>(),
    providerBatchIds: new Set<string>(),
    references: new Set<string>(),
  };
  let level: unknown[] = [payloadOf(body)];
  let nodes = 0;
  for (let depth = 0; depth < MAX_DEPTH && level.length > 0 && nodes < MAX_NODES; depth++) {
    const next: unknown[] = [];
    for (const node of level) {
      if (++nodes > MAX_NODES) break;
      if (Array.isArray(node)) next.push(...node.slice(0, MAX_NODES));
      else if (typeof node === 'object' && node !== null) {
        for (const [key, value] of Object.entries(node)) {
          const kind = (['providerMessageIds', 'providerBatchIds', 'references'] as const).find((name) =>
            ID_FIELDS[name].includes(key),
          );
          const id = kind === undefined ? undefined : idOf(value);
          if (kind !== undefined && id !== undefined && found[kind].size < MAX_IDS) found[kind].add(id);
          else if (typeof value === 'object' && value !== null) next.push(value);
        }
      }
    }
    level = next;
  }
  const query: DeliveryReportQuery = {};
  for (const kind of ['providerMessageIds', 'providerBatchIds', 'references'] as const) {
    if (found[kind].size > 0) query[kind] = [...found[kind]];
  }
  return query;
}

/** The one answer to every unknown shop, provider or token: nothing tells them apart. */
function notFound(reply: FastifyReply): FastifyReply {
  return sendError(reply, 404, 'not_found', 'No such route');
}

/**
 * Registers `POST /webhooks/:providerId/reports/:shop/:token`, where a provider pushes delivery reports (the
 * URL given to it as its report callback). The secret token in the path is the only authentication, since
 * such pushes are not signed; it is compared in constant time and never logged. The body is never trusted:
 * it is only searched for message, batch and reference ids (bounded), which the engine then looks up at the
 * provider (`refreshDeliveryReports`); only the provider's answer changes a message, so a forged push changes
 * nothing. Answers 200 `{ accepted: true, changed }`, 404 for any unknown shop, provider or token, 400 when the
 * body names no id, and 503 when the provider's report cannot be read (polling still settles it later).
 * @param app - the server
 * @param options - the engine, the tokens, each shop's provider and the logger
 */
export function registerReportPushRoute(app: FastifyInstance, options: ReportPushRouteOptions): void {
  app.post<{ Params: { providerId: string; shop: string; token: string } }>(
    REPORT_PUSH_PATH,
    { bodyLimit: REPORT_BODY_LIMIT_BYTES },
    async (request, reply) => {
      const { providerId, shop, token } = request.params;
      const expected = Object.hasOwn(options.tokens, shop) ? options.tokens[shop] : undefined;
      if (expected === undefined || !secretsEqual(token, expected)) return notFound(reply);
      const provider = Object.hasOwn(options.shopProviders, shop) ? options.shopProviders[shop] : undefined;
      if (provider?.id !== providerId) return notFound(reply);
      const query = pushedReportIds(request.body);
      if (Object.keys(query).length === 0) {
        return sendError(
          reply,
          400,
          'malformed_report',
          'The report names no message, batch or reference id',
        );
      }
      const counts = {
        messageIds: query.providerMessageIds?.length ?? 0,
        batchIds: query.providerBatchIds?.length ?? 0,
        references: query.references?.length ?? 0,
      };
      let changed: number;
      try {
        changed = await options.engine.refreshDeliveryReports(provider.key, query);
      } catch (error) {
        const kind = (error as { kind?: unknown } | null)?.kind;
        options.logger.warn(
          { shopId: shop, providerId, ...counts, kind },
          'pushed report: the lookup failed',
        );
        return sendError(
          reply,
          503,
          'report_lookup_failed',
          'The provider could not be asked; try again later',
        );
      }
      options.logger.info({ shopId: shop, providerId, ...counts, changed }, 'pushed report looked up');
      return reply.code(200).send({ accepted: true, changed });
    },
  );
}

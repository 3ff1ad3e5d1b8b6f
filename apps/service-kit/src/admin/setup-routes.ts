import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AdminRouteContext, parseInput, shopOrAnswer } from './admin-context';
import { type SetupFacts, setupChecklist } from './setup-checklist';

/** A webhook endpoint a platform expects the shop to call: its topic and its path on this service. */
export interface PlatformWebhook {
  /** `order.created`, `order.updated`... (what the shop's admin calls it). */
  topic: string;
  /** The path, `/webhooks/<platform>/<shop>`. */
  path: string;
}

/** Options of {@link registerSetupRoutes}. */
export interface SetupRouteOptions {
  /** The platform's webhook endpoints of a shop (`PlatformModule.webhooks`). */
  webhooks: (shopId: string) => readonly PlatformWebhook[];
  /** `server.publicUrl`. */
  publicUrl?: string;
  /** Per shop, the secret variables its provider declares that are not set (names only). */
  missingCredentials: (shopId: string) => readonly string[];
  /** The strength of `ADMIN_TOKEN`. */
  adminToken: SetupFacts['adminToken'];
}

const shopParams = z.strictObject({ shop: z.string().min(1).max(63) });

/** The service's base address: the public URL, else the origin this request was addressed to. */
function baseUrl(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}

/**
 * Registers `GET /admin/shops/:shop/setup` → `{ webhooks: [{ topic, url }], lastDeliveries: [{ topic, at }],
 * signatureFailures24h, checklist: [{ id, ok, message: { tr, en } }] }`: the exact URLs to paste into the shop
 * (the platform's endpoints joined with `server.publicUrl`), when each topic last arrived, the signatures
 * refused in the last 24 hours, and what is still missing.
 * @param admin - the admin API's Fastify context
 * @param context - engine, providers and shops
 * @param options - the platform's endpoints, the public URL and the facts of the checklist
 */
export function registerSetupRoutes(
  admin: FastifyInstance,
  context: AdminRouteContext,
  options: SetupRouteOptions,
): void {
  admin.get('/admin/shops/:shop/setup', async (request, reply) => {
    const params = parseInput(shopParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    const [stats, templates] = await Promise.all([
      context.engine.webhookStats(params.shop),
      context.engine.templates.get(params.shop),
    ]);
    const base = baseUrl(request, options.publicUrl);
    const webhooks = options
      .webhooks(params.shop)
      .map(({ topic, path }) => ({ topic, url: `${base}${path}` }));
    const checklist = setupChecklist({
      adminPhones: templates.settings.adminPhones.length,
      missingCredentials: options.missingCredentials(params.shop),
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      webhooksSeen: stats.lastDeliveries.length,
      signatureFailures24h: stats.signatureFailures24h,
      adminToken: options.adminToken,
    });
    return reply.send({
      webhooks,
      lastDeliveries: stats.lastDeliveries.map(({ topic, at }) => ({ topic, at })),
      signatureFailures24h: stats.signatureFailures24h,
      checklist,
    });
  });
}

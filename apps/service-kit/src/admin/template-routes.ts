import { RULE_EVENT_TYPES, TEMPLATE_TEXT_LIMIT, type TemplateSettings } from '@x/order-notifications';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import { adminUserOf } from './admin-auth';
import { type AdminRouteContext, parseInput, shopOrAnswer } from './admin-context';
import { answerEngineError } from './admin-errors';

const phoneList = z.array(z.string().trim().min(1).max(50)).max(20);
const templateText = z.string().min(1).max(TEMPLATE_TEXT_LIMIT);
const slug = z.string().trim().min(1).max(100);

const ruleSchema = z.strictObject({
  enabled: z.boolean(),
  customerTemplate: templateText.optional(),
  adminTemplate: templateText.optional(),
  adminPhones: phoneList.optional(),
});

/** The template settings a console may save: every text and list bounded; the engine checks the meaning. */
export const templateSettingsSchema = z.strictObject({
  transliterate: z.enum(['none', 'letters', 'turkish-type']),
  adminPhones: phoneList,
  newOrderStatuses: z.array(slug).max(50),
  statusChangeWithTracking: z.enum(['one-message', 'separate-messages']),
  rules: z.strictObject({
    events: z.partialRecord(z.enum(RULE_EVENT_TYPES as [string, ...string[]]), ruleSchema),
    status: z
      .record(slug, ruleSchema)
      .refine((rules) => Object.keys(rules).length <= 100, 'at most 100 status rules'),
  }),
});

const shopParams = z.strictObject({ shop: z.string().min(1).max(63) });
const versionParams = shopParams.extend({ v: z.coerce.number().int().min(1).max(1_000_000) });
const baseVersion = z.number().int().min(0).max(1_000_000);
const saveSchema = z.strictObject({ settings: templateSettingsSchema, baseVersion });
const restoreSchema = z.strictObject({ baseVersion });

const ERROR_CODES = { notFound: 'unknown_version', invalid: 'invalid_settings' };

/** Runs a save or a restore and answers it: 200 `{ version }`, or what the engine refused. */
async function answerSave(reply: FastifyReply, save: () => Promise<{ version: number }>) {
  try {
    return reply.code(200).send({ version: (await save()).version });
  } catch (error) {
    if (answerEngineError(reply, error, ERROR_CODES)) return reply;
    throw error;
  }
}

/**
 * Registers the template editor's routes, per shop (404 `unknown_shop` for others):
 * - `GET /admin/shops/:shop/templates` → `{ settings, baseline, overridden, version, statuses }`;
 * - `PUT /admin/shops/:shop/templates` `{ settings, baseVersion }` → `{ version }`, used from the next accepted
 *   event on (by every instance); 409 `version_conflict`; 400 `invalid_settings` with `error.issues`
 *   (`{ path, message, variable?, index? }`);
 * - `GET /admin/shops/:shop/templates/versions` → `{ versions: [{ version, user, at, summary }] }`;
 * - `GET /admin/shops/:shop/templates/versions/:v` → `{ version, user, at, settings, diff }` (against the
 *   version before, or the file for version 1); 404 `unknown_version`;
 * - `POST /admin/shops/:shop/templates/versions/:v/restore` `{ baseVersion }` → `{ version }`, a new version
 *   equal to `v`.
 * Saves and restores are recorded in the audit log with the signed-in user.
 * @param admin - the admin API's Fastify context
 * @param context - engine, providers and shops
 */
export function registerTemplateRoutes(admin: FastifyInstance, context: AdminRouteContext): void {
  const { templates } = context.engine;

  admin.get('/admin/shops/:shop/templates', async (request, reply) => {
    const params = parseInput(shopParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    return reply.send(await templates.get(params.shop));
  });

  admin.put('/admin/shops/:shop/templates', async (request, reply) => {
    const params = parseInput(shopParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    const body = parseInput(saveSchema, request.body, reply);
    if (!body) return reply;
    const user = adminUserOf(request);
    const settings = body.settings as TemplateSettings;
    return answerSave(reply, () =>
      templates.save(params.shop, { settings, baseVersion: body.baseVersion, user }),
    );
  });

  admin.get('/admin/shops/:shop/templates/versions', async (request, reply) => {
    const params = parseInput(shopParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    return reply.send({ versions: await templates.versions(params.shop) });
  });

  admin.get('/admin/shops/:shop/templates/versions/:v', async (request, reply) => {
    const params = parseInput(versionParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    const found = await templates.version(params.shop, params.v);
    if (!found) return sendError(reply, 404, 'unknown_version', 'No such version');
    const { version, user, at, settings, diff } = found;
    return reply.send({ version, user, at, settings, diff });
  });

  admin.post('/admin/shops/:shop/templates/versions/:v/restore', async (request, reply) => {
    const params = parseInput(versionParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    const body = parseInput(restoreSchema, request.body, reply);
    if (!body) return reply;
    const user = adminUserOf(request);
    return answerSave(reply, () =>
      templates.restore(params.shop, params.v, { baseVersion: body.baseVersion, user }),
    );
  });
}

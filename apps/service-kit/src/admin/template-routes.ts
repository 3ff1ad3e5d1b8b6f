import type { TemplateSettings } from '@x/order-notifications';
import { RULE_EVENT_TYPES } from '@x/order-notifications';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { sendError } from '../http-errors';
import { adminUserOf } from './admin-auth';
import { type AdminRouteContext, parseInput, shopOrAnswer } from './admin-context';
import type { AdminSaveResult } from './admin-engine';
import { templateDiff } from './template-diff';

const phoneList = z.array(z.string().trim().min(1).max(50)).max(20);
const templateText = z.string().min(1).max(2000);
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

/** Answers a save or a restore: 200 `{ version }`, 409 `version_conflict`, 400 `invalid_settings` with issues. */
function answerSave(reply: FastifyReply, result: AdminSaveResult) {
  if (result.ok) return reply.code(200).send({ version: result.version });
  if (result.reason === 'version_conflict') {
    return sendError(reply, 409, 'version_conflict', 'Someone saved these templates meanwhile; reload them');
  }
  if (result.reason !== 'invalid') return sendError(reply, 404, 'unknown_version', 'No such version');
  const issues = result.issues.slice(0, 50);
  return reply.code(400).send({
    error: {
      code: 'invalid_settings',
      message: issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
      issues,
    },
  });
}

/**
 * Registers the template editor's routes, per shop (404 `unknown_shop` for others):
 * - `GET /admin/shops/:shop/templates` → `{ settings, baseline, overridden, version, statuses }`;
 * - `PUT /admin/shops/:shop/templates` `{ settings, baseVersion }` → `{ version }`; 409 `version_conflict`;
 *   400 `invalid_settings` with `error.issues` (`{ path, message, variable?, index? }`);
 * - `GET /admin/shops/:shop/templates/versions` → `{ versions: [{ version, user, at, summary }] }`;
 * - `GET /admin/shops/:shop/templates/versions/:v` → `{ version, user, at, settings, diff }` (against the
 *   version before);
 * - `POST /admin/shops/:shop/templates/versions/:v/restore` `{ baseVersion }` → `{ version }`, a new version
 *   equal to `v`.
 * @param admin - the admin API's Fastify context
 * @param context - engine, shops and clock
 */
export function registerTemplateRoutes(admin: FastifyInstance, context: AdminRouteContext): void {
  const { engine } = context;

  admin.get('/admin/shops/:shop/templates', async (request, reply) => {
    const params = parseInput(shopParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    return reply.send(await engine.templates(params.shop));
  });

  admin.put('/admin/shops/:shop/templates', async (request, reply) => {
    const params = parseInput(shopParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    const body = parseInput(saveSchema, request.body, reply);
    if (!body) return reply;
    const result = await engine.saveTemplates({
      shopId: params.shop,
      settings: body.settings as TemplateSettings,
      baseVersion: body.baseVersion,
      user: adminUserOf(request),
    });
    return answerSave(reply, result);
  });

  admin.get('/admin/shops/:shop/templates/versions', async (request, reply) => {
    const params = parseInput(shopParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    const versions = await engine.templateVersions(params.shop);
    return reply.send({
      versions: versions.map(({ version, user, at, summary }) => ({
        version,
        user,
        at,
        summary: summary ?? '',
      })),
    });
  });

  admin.get('/admin/shops/:shop/templates/versions/:v', async (request, reply) => {
    const params = parseInput(versionParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    const found = await engine.templateVersion(params.shop, params.v);
    if (!found) return sendError(reply, 404, 'unknown_version', 'No such version');
    const before = params.v > 1 ? await engine.templateVersion(params.shop, params.v - 1) : undefined;
    const baseline = before ? undefined : (await engine.templates(params.shop)).baseline;
    const { version, user, at, settings } = found;
    return reply.send({
      version,
      user,
      at,
      settings,
      diff: templateDiff(before?.settings ?? baseline, settings),
    });
  });

  admin.post('/admin/shops/:shop/templates/versions/:v/restore', async (request, reply) => {
    const params = parseInput(versionParams, request.params, reply, 'invalid_query');
    if (!params || !shopOrAnswer(context, params.shop, reply)) return reply;
    const body = parseInput(restoreSchema, request.body, reply);
    if (!body) return reply;
    const result = await engine.restoreTemplates({
      shopId: params.shop,
      version: params.v,
      baseVersion: body.baseVersion,
      user: adminUserOf(request),
    });
    return answerSave(reply, result);
  });
}

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatValidationIssues, ValidationError, type ValidationIssue } from '@x/messaging-core';
import { z } from 'zod';
import { parseAdminUsers } from './admin/passwords';
import { dispatcherSettingsSchema, serverSettingsSchema } from './service-settings';

const shopIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'shop ids are 1-63 characters: a-z, 0-9, "_" and "-"');

/**
 * How a shop names its provider: a string (a built-in provider's id, a package name, or a module path starting
 * with `./`, `../` or `/`), or an object with exactly one of `id`, `package` or `module`, and the provider's
 * `options`. A module path is relative to the configuration file; a package is looked up from the configuration
 * file's folder, then from the working directory.
 */
export const providerReferenceSchema = z.union([
  z.string().min(1).max(500),
  z
    .strictObject({
      id: z.string().min(1).max(100).optional(),
      package: z.string().min(1).max(214).optional(),
      module: z.string().min(1).max(500).optional(),
      options: z.record(z.string(), z.unknown()).optional(),
    })
    .refine(
      (reference) =>
        [reference.id, reference.package, reference.module].filter((value) => value !== undefined).length ===
        1,
      'give exactly one of "id", "package" or "module"',
    ),
]);

/** A shop's provider as the configuration file names it. */
export type ProviderReference = z.infer<typeof providerReferenceSchema>;

const envVarNameSchema = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name');

/**
 * One shop in the configuration file: what the webhook route needs (where its secret comes from, where tracking
 * numbers live) plus the shop's notification settings, which are handed to the engine unchanged.
 */
const shopSchema = z
  .object({
    /** Environment variable holding the webhook secret; `WEBHOOK_SECRET_<SHOP>` by default. */
    webhookSecretEnv: envVarNameSchema.optional(),
    /**
     * Environment variable holding the secret path token of the shop's delivery-report route
     * (`POST /webhooks/<provider>/reports/<shop>/<token>`); `REPORT_TOKEN_<SHOP>` by default. Without it the
     * route is closed for the shop.
     */
    reportTokenEnv: envVarNameSchema.optional(),
    /** Order meta keys that may hold a tracking number (WooCommerce). */
    trackingMetaKeys: z.array(z.string().min(1)).optional(),
    /**
     * The shop's address. WooCommerce: for reading orders with the REST API (customer notes) and writing back
     * confirmation calls' notes; OpenCart: where the extension's write-back route is (confirmation calls).
     */
    storeUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** OpenCart: status slugs by `order_status_id`, for statuses other than a default install's. */
    opencartStatuses: z
      .record(z.string().regex(/^\d+$/, 'expected a status id'), z.string().min(1))
      .optional(),
    provider: providerReferenceSchema.default('sandbox'),
    /**
     * Voice: the voice provider (resolved like `provider`, its descriptor must create voice providers), where the
     * HTTP Basic credentials of its call webhook come from, and the engine's voice settings (`pbxNumber`, `cod`,
     * `missedCall`), handed to the engine unchanged.
     */
    voice: z
      .object({
        provider: providerReferenceSchema,
        webhookUserEnv: envVarNameSchema.optional(),
        webhookPasswordEnv: envVarNameSchema.optional(),
      })
      .catchall(z.unknown())
      .optional(),
  })
  .catchall(z.unknown());

/** The configuration file (JSON). Credentials never live here: they come from the environment. */
export const serviceFileSchema = z.strictObject({
  server: serverSettingsSchema,
  storage: z
    .strictObject({
      /** SQLite file used when DATABASE_URL is not set. */
      sqliteFile: z.string().min(1).default('./data/notifications.db'),
      /** `full` syncs every commit to disk (survives a power cut); `normal` survives a process crash. */
      sqliteSynchronous: z.enum(['full', 'normal']).default('full'),
      /**
       * The longest an accepted webhook waits for others to share its outbox transaction (group commit). A batch
       * is written as soon as two turns of the event loop bring no new webhook, so a lone webhook does not wait;
       * Node accepts one new connection per turn, so a burst of new connections keeps the batch gathering up to
       * this long instead of paying one commit (a disk flush with `full`) per webhook.
       */
      groupCommitWindowMs: z.number().int().min(0).max(100).default(20),
      /** PostgreSQL schema used when DATABASE_URL is set. */
      postgresSchema: z
        .string()
        .regex(/^[a-z_][a-z0-9_]*$/)
        .optional(),
    })
    .prefault({}),
  dispatcher: dispatcherSettingsSchema,
  shops: z.record(shopIdSchema, shopSchema).refine((shops) => Object.keys(shops).length > 0, {
    message: 'at least one shop is required',
  }),
});

/** The parsed configuration file. */
export type ServiceFileConfig = z.infer<typeof serviceFileSchema>;
/** One parsed shop entry of the configuration file. */
export type ShopFileConfig = z.infer<typeof shopSchema>;

const portSchema = z.coerce.number().int().min(0).max(65535);

/**
 * Environment variables the service itself reads. Empty strings count as unset. A provider's variables are
 * declared by its descriptor and checked when the provider is created.
 */
export const serviceEnvSchema = z.object({
  CONFIG_FILE: z.string().min(1).optional(),
  HOST: z.string().min(1).optional(),
  PORT: portSchema.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// connection string')
    .optional(),
  SQLITE_FILE: z.string().min(1).optional(),
  /** Redis, for what platforms share between instances (the WooCommerce service's order snapshots). */
  REDIS_URL: z
    .string()
    .refine((value) => {
      try {
        return ['redis:', 'rediss:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'expected redis://[user:password@]host:port or rediss://...')
    .optional(),
  ADMIN_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  /**
   * Named users of the admin console: `name:scrypt$N$r$p$salt$hash` entries separated by commas (the
   * `hash-password` command prints one). Errors name the entry, never the hash.
   */
  ADMIN_USERS: z
    .string()
    .max(20_000)
    .superRefine((value, context) => {
      try {
        parseAdminUsers(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
      }
    })
    .optional(),
  /** How long a console session lasts, in hours (default 12; 0.25 to 720). */
  ADMIN_SESSION_HOURS: z.coerce.number().min(0.25).max(720).optional(),
  /**
   * `true` when the service runs behind a reverse proxy that sets `X-Forwarded-For` and `X-Forwarded-Proto`
   * (overrides `server.trustProxy`): the client address of the sign-in limit, and HTTPS for the `Secure` cookie,
   * are then read from those headers. Never set it when clients reach the service directly.
   */
  TRUST_PROXY: z.enum(['true', 'false']).optional(),
});

/** The environment, parsed. */
export type ServiceEnv = z.infer<typeof serviceEnvSchema>;

/** Everything the service needs to start: the file, the environment and each shop's webhook secret. */
export interface ServiceConfig {
  file: ServiceFileConfig;
  env: ServiceEnv;
  /** The whole environment, empty values left out: providers read the variables their descriptors declare. */
  environment: Record<string, string>;
  /** The configuration file's folder: module paths and packages that name providers are resolved from it. */
  baseDir: string;
  /** Webhook secret per shop id (from the environment). */
  webhookSecrets: Record<string, string>;
  /** Secret path token of the delivery-report route per shop id (from the environment), for shops that set one. */
  reportTokens: Record<string, string>;
  /** The HTTP Basic credentials of each voice shop's call webhook (from the environment). */
  voiceWebhookCredentials: Record<string, { username: string; password: string }>;
}

function toIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path],
    message: issue.message,
    code: issue.code,
  }));
}

/**
 * Builds the ValidationError thrown for a bad configuration, naming each bad key.
 * @param source - `config file` or `environment`
 * @param issues - the problems found
 */
export function configError(source: string, issues: readonly ValidationIssue[]): ValidationError {
  return new ValidationError({
    message: `Invalid ${source}: ${formatValidationIssues(issues)}`,
    issues,
    target: 'config',
  });
}

/**
 * The name of a shop's environment variable, `<PREFIX>_<SHOP>`: `<SHOP>` is the shop id upper-cased, with each
 * `-` turned into `_` (shop `magaza-2` with prefix `WEBHOOK_SECRET` reads `WEBHOOK_SECRET_MAGAZA_2`). Every
 * per-shop variable (secrets, tokens, credentials) is named by this rule.
 * @param prefix - the variable's name before the shop part, e.g. `WEBHOOK_SECRET`
 * @param shopId - the shop id
 */
export function shopEnvName(prefix: string, shopId: string): string {
  return `${prefix}_${shopId.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * The environment variable that holds a shop's webhook secret by default: `WEBHOOK_SECRET_<SHOP>` (see
 * `shopEnvName`).
 * @param shopId - the shop id
 */
export function defaultWebhookSecretEnv(shopId: string): string {
  return shopEnvName('WEBHOOK_SECRET', shopId);
}

/**
 * The environment variable that holds a shop's report-route token by default: `REPORT_TOKEN_<SHOP>` (see
 * `shopEnvName`).
 * @param shopId - the shop id
 */
export function defaultReportTokenEnv(shopId: string): string {
  return shopEnvName('REPORT_TOKEN', shopId);
}

/**
 * The environment variables that hold a voice shop's call-webhook credentials by default:
 * `VOICE_WEBHOOK_USER_<SHOP>` and `VOICE_WEBHOOK_PASSWORD_<SHOP>` (see `shopEnvName`).
 * @param shopId - the shop id
 */
export function defaultVoiceWebhookEnv(shopId: string): { user: string; password: string } {
  return {
    user: shopEnvName('VOICE_WEBHOOK_USER', shopId),
    password: shopEnvName('VOICE_WEBHOOK_PASSWORD', shopId),
  };
}

/**
 * Reads each voice shop's call-webhook credentials: both are required (the webhook route refuses every request
 * without them), the password at least 12 characters; an issue names the variable, never its value.
 */
function readVoiceCredentials(
  file: ServiceFileConfig,
  rawEnv: Record<string, string | undefined>,
  issues: ValidationIssue[],
): Record<string, { username: string; password: string }> {
  const credentials: Record<string, { username: string; password: string }> = {};
  for (const [shopId, shop] of Object.entries(file.shops)) {
    if (!shop.voice) continue;
    const defaults = defaultVoiceWebhookEnv(shopId);
    const userVariable = shop.voice.webhookUserEnv ?? defaults.user;
    const passwordVariable = shop.voice.webhookPasswordEnv ?? defaults.password;
    const username = rawEnv[userVariable];
    const password = rawEnv[passwordVariable];
    const path = ['shops', shopId, 'voice'];
    if (!username || username.includes(':')) {
      issues.push({
        path,
        message: `set the call webhook's Basic auth user name (no ":") in ${userVariable}`,
      });
    } else if (!password || password.length < 12) {
      issues.push({
        path,
        message: `set the call webhook's Basic auth password (12+ characters) in ${passwordVariable}`,
      });
    } else credentials[shopId] = { username, password };
  }
  return credentials;
}

/** A report-route token: 32-128 URL-safe characters, so that it travels in a path unencoded. */
const REPORT_TOKEN_FORM = /^[A-Za-z0-9_-]{32,128}$/;

/** Reads each shop's report-route token; an ill-formed one is an issue naming its variable, never its value. */
function readReportTokens(
  file: ServiceFileConfig,
  rawEnv: Record<string, string | undefined>,
  issues: ValidationIssue[],
): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const [shopId, shop] of Object.entries(file.shops)) {
    const variable = shop.reportTokenEnv ?? defaultReportTokenEnv(shopId);
    const token = rawEnv[variable];
    if (!token) continue;
    if (REPORT_TOKEN_FORM.test(token)) tokens[shopId] = token;
    else
      issues.push({
        path: ['shops', shopId],
        message: `${variable} must be 32-128 characters: A-Z a-z 0-9 _ -`,
      });
  }
  return tokens;
}

/**
 * Validates the environment. Values are never echoed in messages.
 * @param env - `process.env` or a test's object
 * @throws ValidationError naming each bad variable
 */
export function parseServiceEnv(env: Record<string, string | undefined>): ServiceEnv {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = serviceEnvSchema.safeParse(cleaned);
  if (!result.success) throw configError('environment', toIssues(result.error));
  return result.data;
}

/**
 * Validates a configuration file's content and resolves secrets from the environment.
 * @param input - the parsed JSON of the file
 * @param env - the parsed environment
 * @param rawEnv - the raw environment: each shop's webhook secret variable, and the providers' variables
 * @param options - `baseDir`: the configuration file's folder (default the working directory)
 * @throws ValidationError naming each bad key (e.g. `shops.demo.webhookSecretEnv: ...`); providers are checked
 *   when they are created ({@link buildProviders})
 */
export function parseServiceConfig(
  input: unknown,
  env: ServiceEnv,
  rawEnv: Record<string, string | undefined>,
  options: { baseDir?: string } = {},
): ServiceConfig {
  const result = serviceFileSchema.safeParse(input);
  if (!result.success) throw configError('config file', toIssues(result.error));
  const file = result.data;
  const issues: ValidationIssue[] = [];
  const webhookSecrets: Record<string, string> = {};
  for (const [shopId, shop] of Object.entries(file.shops)) {
    const variable = shop.webhookSecretEnv ?? defaultWebhookSecretEnv(shopId);
    const secret = rawEnv[variable];
    if (!secret) issues.push({ path: ['shops', shopId], message: `set the webhook secret in ${variable}` });
    else if (secret.length < 8)
      issues.push({ path: ['shops', shopId], message: `${variable} is too short (min 8)` });
    else webhookSecrets[shopId] = secret;
  }
  const reportTokens = readReportTokens(file, rawEnv, issues);
  const voiceWebhookCredentials = readVoiceCredentials(file, rawEnv, issues);
  if (issues.length > 0) throw configError('config file', issues);
  const environment = Object.fromEntries(
    Object.entries(rawEnv).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '',
    ),
  );
  return {
    file,
    env,
    environment,
    webhookSecrets,
    reportTokens,
    voiceWebhookCredentials,
    baseDir: path.resolve(options.baseDir ?? '.'),
  };
}

/**
 * Reads the configuration file named by `CONFIG_FILE` (or `path`), validates it with the environment.
 * @param options - the file path and the environment (`process.env` by default)
 * @throws ValidationError naming the bad key, or when the file is missing or not JSON
 */
export async function loadServiceConfig(
  options: { path?: string; env?: Record<string, string | undefined> } = {},
): Promise<ServiceConfig> {
  const rawEnv = options.env ?? process.env;
  const env = parseServiceEnv(rawEnv);
  const file = options.path ?? env.CONFIG_FILE ?? './notifications.config.json';
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ValidationError({
      message: `Cannot read the config file ${file} (set CONFIG_FILE)`,
      issues: [{ path: ['CONFIG_FILE'], message: 'file not readable' }],
      target: 'config',
      cause,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw configError('config file', [{ path: [], message: `${file} is not valid JSON` }]);
  }
  return parseServiceConfig(json, env, rawEnv, { baseDir: path.dirname(path.resolve(file)) });
}

/** The engine's key of a provider reference when no registry resolved it: its id, package or module as written. */
function referenceKey(reference: ProviderReference): string {
  return typeof reference === 'string'
    ? reference
    : (reference.id ?? reference.package ?? reference.module ?? '');
}

/**
 * The shops part of the configuration as the notification engine expects it: each shop's settings without
 * the keys only the webhook routes use, and with `provider` set to the key of the shop's provider.
 * @param file - the parsed configuration file
 * @param providerKeys - each shop's provider key, from {@link buildProviders} (default: the reference as written)
 * @param voiceKeys - each voice shop's voice provider key, from `buildVoiceProviders` (default: as written)
 */
export function notificationShops(
  file: ServiceFileConfig,
  providerKeys: Readonly<Record<string, string>> = {},
  voiceKeys: Readonly<Record<string, string>> = {},
): Record<string, Record<string, unknown>> {
  const result: Record<string, Record<string, unknown>> = {};
  for (const [shopId, shop] of Object.entries(file.shops)) {
    const {
      webhookSecretEnv: _secretEnv,
      reportTokenEnv: _reportTokenEnv,
      trackingMetaKeys: _trackingKeys,
      opencartStatuses: _statuses,
      storeUrl: _storeUrl,
      ...rest
    } = shop;
    result[shopId] = { name: shopId, ...rest, provider: providerKeys[shopId] ?? referenceKey(shop.provider) };
    if (shop.voice) {
      const { webhookUserEnv: _user, webhookPasswordEnv: _password, ...voice } = shop.voice;
      result[shopId].voice = { ...voice, provider: voiceKeys[shopId] ?? referenceKey(shop.voice.provider) };
    }
  }
  return result;
}

import {
  MessagingError,
  type ProviderDescriptorV1,
  type SmsProviderV1,
  ValidationError,
  type ValidationIssue,
} from '@x/messaging-core';
import { createRedactor } from '@x/provider-utils';
import { importDescriptor, providerIssue, type ReadReference, readReference } from './provider-loader';
import { reportPushUrl } from './report-push-route';
import { configError, type ProviderReference, type ServiceConfig } from './service-config';

/**
 * The provider registry of the service. It knows no provider by name: the platform app hands it the built-in
 * descriptors, and each shop names its provider by a built-in id, a package name or a module path. Every
 * provider, built in or not, then goes the same way: its descriptor checks the shop's options and the form of
 * the variables it declares, creates the provider (no network call), and its secret variables are hidden from
 * logs and errors.
 */

/** What {@link buildProviders} needs besides the configuration. */
export interface ProviderRegistryOptions {
  /** The descriptors shops can name by id (`sandbox`, and the vendors the platform app ships with). */
  builtIns: readonly ProviderDescriptorV1[];
}

/** The providers a service sends through. */
export interface ServiceProviders {
  /** The providers, by the key the engine knows them by (stored on each message). */
  providers: Record<string, SmsProviderV1>;
  /** Each shop's provider key. */
  shopProviders: Record<string, string>;
  /** The values of every secret variable the descriptors declare, for the logger's redaction. */
  secrets: string[];
  /**
   * Per shop, the secret variables its provider declares when none of them is set (names only: the console's
   * setup checklist); empty when one is (a provider may take one credential or another).
   */
  missingCredentials: Record<string, string[]>;
}

/**
 * The secret variables a descriptor declares, when none of them is set in the environment; empty otherwise.
 * @param descriptor - the provider's descriptor
 * @param environment - the environment
 */
export function missingCredentials(
  descriptor: ProviderDescriptorV1,
  environment: Readonly<Record<string, string | undefined>>,
): string[] {
  const secrets = descriptor.env.filter((variable) => variable.secret).map((variable) => variable.name);
  return secrets.some((name) => environment[name]) ? [] : secrets;
}

interface ShopProvider {
  shopId: string;
  descriptor: ProviderDescriptorV1;
  options: unknown;
  /** The shop's report route, when the service has a public URL and the shop a report token. */
  reportUrl?: string;
}

/** The values of the variables the descriptors declare secret, in the given environment. */
export function declaredSecrets(
  descriptors: Iterable<ProviderDescriptorV1>,
  environment: Readonly<Record<string, string | undefined>>,
): string[] {
  const values = new Set<string>();
  for (const descriptor of descriptors) {
    for (const variable of descriptor.env) {
      const value = environment[variable.name];
      if (variable.secret && value) values.add(value);
    }
  }
  return [...values];
}

/** Descriptors imported so far, by module or package, so that shops naming one load it once. */
export type DescriptorImports = Map<string, Promise<ProviderDescriptorV1 | string>>;

/**
 * Resolves a provider reference of the configuration to its descriptor (built in, or imported from a package or
 * module) and the options it is given.
 * @returns the descriptor and options, or why not
 */
export async function resolveDescriptor(
  reference: ProviderReference,
  config: ServiceConfig,
  builtIns: ReadonlyMap<string, ProviderDescriptorV1>,
  imported: DescriptorImports,
): Promise<{ descriptor: ProviderDescriptorV1; options: unknown } | string> {
  const read: ReadReference | string = readReference(reference, new Set(builtIns.keys()), config.baseDir);
  if (typeof read === 'string') return read;
  const { source } = read;
  let descriptor: ProviderDescriptorV1 | string | undefined;
  if (source.kind === 'built-in') descriptor = builtIns.get(source.id);
  else {
    const key = source.kind === 'module' ? `module:${source.file}` : `package:${source.name}`;
    const searchFrom = [...new Set([config.baseDir, process.cwd()])];
    if (!imported.has(key)) imported.set(key, importDescriptor(source, searchFrom));
    descriptor = await imported.get(key);
  }
  if (typeof descriptor === 'string' || descriptor === undefined) return descriptor ?? 'unknown provider';
  return { descriptor, options: read.options };
}

/** Loads each shop's descriptor; problems are collected as issues naming the shop's `provider` key. */
async function loadShopDescriptors(
  config: ServiceConfig,
  builtIns: ReadonlyMap<string, ProviderDescriptorV1>,
  issues: ValidationIssue[],
): Promise<ShopProvider[]> {
  const imported: DescriptorImports = new Map();
  const result: ShopProvider[] = [];
  for (const [shopId, shop] of Object.entries(config.file.shops)) {
    const resolved = await resolveDescriptor(shop.provider, config, builtIns, imported);
    if (typeof resolved === 'string') {
      issues.push(providerIssue(shopId, resolved));
      continue;
    }
    const { descriptor } = resolved;
    const token = config.reportTokens[shopId];
    const publicUrl = config.file.server.publicUrl;
    result.push({
      shopId,
      descriptor,
      options: resolved.options,
      ...(publicUrl && token ? { reportUrl: reportPushUrl(publicUrl, descriptor.id, shopId, token) } : {}),
    });
  }
  return result;
}

/**
 * The engine's key of each shop's provider: the descriptor's id, or `id:shop` for the shops of a provider
 * whose shops give it different options or report URLs (each gets its own instance then). Two different descriptors with one
 * id are refused.
 */
function providerKeys(shops: readonly ShopProvider[], issues: ValidationIssue[]): Map<string, string> {
  const byId = new Map<string, ShopProvider[]>();
  for (const shop of shops) byId.set(shop.descriptor.id, [...(byId.get(shop.descriptor.id) ?? []), shop]);
  const keys = new Map<string, string>();
  for (const [id, group] of byId) {
    if (new Set(group.map((shop) => shop.descriptor)).size > 1) {
      for (const shop of group) {
        issues.push(providerIssue(shop.shopId, `two different providers declare the id "${id}"`));
      }
      continue;
    }
    const shared =
      new Set(group.map((shop) => JSON.stringify([shop.options ?? {}, shop.reportUrl ?? null]))).size === 1;
    for (const shop of group) keys.set(shop.shopId, shared ? id : `${id}:${shop.shopId}`);
  }
  return keys;
}

/** Creates one provider; a descriptor's ValidationError becomes issues under the shop's `provider` key. */
function createShopProvider(
  shop: ShopProvider,
  environment: Readonly<Record<string, string>>,
  issues: ValidationIssue[],
): SmsProviderV1 | undefined {
  const redact = createRedactor(declaredSecrets([shop.descriptor], environment));
  try {
    const created = shop.descriptor.createSms?.({
      options: shop.options,
      env: environment,
      ...(shop.reportUrl ? { reportUrl: shop.reportUrl } : {}),
    });
    if (created === undefined) issues.push(providerIssue(shop.shopId, 'this provider has no SMS provider'));
    return created;
  } catch (error) {
    if (ValidationError.isInstance(error) && error.issues.length > 0) {
      for (const issue of error.issues) {
        const [first, ...rest] = issue.path;
        // An option's path goes under the shop's key; a variable is named as it is, beside the shop's key.
        const where = first === 'options' ? ['options', ...rest] : [];
        const variable = String(rest[0]);
        const message =
          first === 'env' && !issue.message.includes(variable)
            ? `${variable}: ${issue.message}`
            : issue.message;
        issues.push(providerIssue(shop.shopId, redact(message), where));
      }
    } else {
      const message =
        MessagingError.isInstance(error) || error instanceof Error ? error.message : String(error);
      issues.push(
        providerIssue(shop.shopId, `${shop.descriptor.id} could not be created: ${redact(message)}`),
      );
    }
    return undefined;
  }
}

/**
 * Resolves, checks and creates the provider of every shop. Nothing is sent and no provider is called.
 * @param config - the validated configuration (its shops, environment and folder)
 * @param options - the built-in descriptors
 * @throws ValidationError naming each bad key (`shops.main.provider.options.baseUrl: ...`) or variable
 *   (`shops.main.provider: ACME_API_KEY must be ...`), never a value
 */
export async function buildProviders(
  config: ServiceConfig,
  options: ProviderRegistryOptions,
): Promise<ServiceProviders> {
  const builtIns = new Map(options.builtIns.map((descriptor) => [descriptor.id, descriptor]));
  const issues: ValidationIssue[] = [];
  const shops = await loadShopDescriptors(config, builtIns, issues);
  const keys = providerKeys(shops, issues);
  const result: ServiceProviders = {
    providers: {},
    shopProviders: {},
    secrets: declaredSecrets(
      new Set([...options.builtIns, ...shops.map((shop) => shop.descriptor)]),
      config.environment,
    ),
    missingCredentials: {},
  };
  for (const shop of shops) {
    result.missingCredentials[shop.shopId] = missingCredentials(shop.descriptor, config.environment);
    const key = keys.get(shop.shopId);
    if (key === undefined) continue;
    result.shopProviders[shop.shopId] = key;
    if (result.providers[key] !== undefined) continue;
    const created = createShopProvider(shop, config.environment, issues);
    if (created !== undefined) result.providers[key] = created;
  }
  throwIssues('provider configuration', issues, result.secrets);
  return result;
}

/**
 * Throws the collected issues of a configuration section as one error, each message with the secrets hidden.
 * @param source - what was checked (`provider configuration`)
 * @param issues - the problems found; nothing is thrown when there are none
 * @param secrets - the values to hide
 */
export function throwIssues(
  source: string,
  issues: readonly ValidationIssue[],
  secrets: readonly string[],
): void {
  if (issues.length === 0) return;
  const redact = createRedactor(secrets);
  throw configError(
    source,
    issues.map((issue) => ({ ...issue, message: redact(issue.message) })),
  );
}

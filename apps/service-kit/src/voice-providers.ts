import {
  MessagingError,
  type ProviderDescriptorV1,
  type ValidationIssue,
  type VoiceProviderV1,
} from '@x/messaging-core';
import { createRedactor } from '@x/provider-utils';
import { type DescriptorImports, declaredSecrets, resolveDescriptor, throwIssues } from './providers';
import type { ServiceConfig } from './service-config';

/**
 * The voice providers of the service, from the same registry as the SMS providers: each voice shop names its
 * provider like `provider` (a built-in id, a package or a module), and that descriptor must have `createVoice`.
 */

/** A voice shop's provider: the descriptor's id (the webhook path names it) and the engine's key. */
export interface ShopVoiceProvider {
  /** The descriptor's id: `POST /webhooks/<id>/<shop>` is the shop's call webhook. */
  id: string;
  /** The engine's key of the shop's instance. */
  key: string;
}

/** What {@link buildVoiceProviders} returns. */
export interface ServiceVoiceProviders {
  /** The voice providers, by the engine's key. */
  voiceProviders: Record<string, VoiceProviderV1>;
  /** Each voice shop's provider. */
  shopVoice: Record<string, ShopVoiceProvider>;
  /** The values of every secret variable the descriptors declare, for the logger's redaction. */
  secrets: string[];
}

function voiceIssue(shopId: string, message: string): ValidationIssue {
  return { path: ['shops', shopId, 'voice', 'provider'], message };
}

/** Creates one shop's voice provider; a refusal becomes an issue naming the shop's `voice.provider`. */
function createShopVoice(
  shopId: string,
  descriptor: ProviderDescriptorV1,
  options: unknown,
  environment: Readonly<Record<string, string>>,
  issues: ValidationIssue[],
): VoiceProviderV1 | undefined {
  if (descriptor.createVoice === undefined) {
    issues.push(voiceIssue(shopId, `${descriptor.id} has no voice provider`));
    return undefined;
  }
  const redact = createRedactor(declaredSecrets([descriptor], environment));
  try {
    return descriptor.createVoice({ options, env: environment });
  } catch (error) {
    const message =
      MessagingError.isInstance(error) || error instanceof Error ? error.message : String(error);
    issues.push(voiceIssue(shopId, `${descriptor.id} could not be created: ${redact(message)}`));
    return undefined;
  }
}

/**
 * Resolves, checks and creates the voice provider of every shop with `voice` settings. Nothing is called.
 * @param config - the validated configuration
 * @param options - the built-in descriptors
 * @throws ValidationError naming each bad `shops.<id>.voice.provider`, never a secret
 */
export async function buildVoiceProviders(
  config: ServiceConfig,
  options: { builtIns: readonly ProviderDescriptorV1[] },
): Promise<ServiceVoiceProviders> {
  const builtIns = new Map(options.builtIns.map((descriptor) => [descriptor.id, descriptor]));
  const imported: DescriptorImports = new Map();
  const issues: ValidationIssue[] = [];
  const result: ServiceVoiceProviders = { voiceProviders: {}, shopVoice: {}, secrets: [] };
  const descriptors = new Set<ProviderDescriptorV1>();
  for (const [shopId, shop] of Object.entries(config.file.shops)) {
    if (!shop.voice) continue;
    const resolved = await resolveDescriptor(shop.voice.provider, config, builtIns, imported);
    if (typeof resolved === 'string') {
      issues.push(voiceIssue(shopId, resolved));
      continue;
    }
    descriptors.add(resolved.descriptor);
    const created = createShopVoice(
      shopId,
      resolved.descriptor,
      resolved.options,
      config.environment,
      issues,
    );
    if (created === undefined) continue;
    const key = `${resolved.descriptor.id}:${shopId}`;
    result.voiceProviders[key] = created;
    result.shopVoice[shopId] = { id: resolved.descriptor.id, key };
  }
  result.secrets = declaredSecrets(descriptors, config.environment);
  throwIssues('voice configuration', issues, result.secrets);
  return result;
}

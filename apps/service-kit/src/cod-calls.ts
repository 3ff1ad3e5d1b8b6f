import { resolveVoiceConfig, type VoiceConfigInput } from '@x/order-notifications';
import type { ShopFileConfig } from './service-config';

/**
 * Whether a shop confirms cash-on-delivery orders by phone, decided as the engine decides it (its voice settings
 * resolved with `resolveVoiceConfig`): such a shop needs an order writer, or its calls' outcomes are lost.
 * @param shop - the shop's settings as the configuration file gives them (checked by the engine's configuration)
 */
export function confirmsCodOrders(shop: ShopFileConfig): boolean {
  if (shop.voice === undefined) return false;
  return resolveVoiceConfig(shop.voice as unknown as VoiceConfigInput).cod.enabled;
}

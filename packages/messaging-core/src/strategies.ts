import { MessagingError, NotFoundError } from './errors';
import type {
  CallOptionsV1,
  CancelResultV1,
  DeliveryReportQueryV1,
  DeliveryReportV1,
  SendSmsRequestV1,
  SendSmsResultV1,
  SmsCapabilitiesV1,
  SmsProviderV1,
} from './sms-provider/v1/sms-provider-v1';

/** What {@link StrategyOptions.onFailover} is told when a provider failed and the next one is tried. */
export interface FailoverInfo {
  /** The provider that failed. */
  failedProviderId: string;
  /** Its error (always `maybeDelivered: false`). */
  error: MessagingError;
  /** The provider tried next. */
  nextProviderId: string;
}

/** Options of {@link fallback} and {@link roundRobin}. */
export interface StrategyOptions {
  /** The id of the combined provider (default `fallback(a,b)` / `round-robin(a,b)`). */
  providerId?: string;
  /**
   * Whether an error moves the send to the next provider. Default: every {@link MessagingError} with
   * `maybeDelivered: false`. Errors that may have been delivered are never failed over, whatever this returns.
   */
  shouldFailover?(error: MessagingError): boolean;
  /** Called before each failover (for logging). An exception thrown here is ignored. */
  onFailover?(info: FailoverInfo): void;
  /** How many sends to remember for routing reports and cancels to the provider that sent (default 10 000). */
  routingMemory?: number;
}

/** Remembers which member sent a batch or a message, bounded, oldest forgotten first. */
class Router {
  private readonly routes = new Map<string, SmsProviderV1>();
  constructor(private readonly limit: number) {}

  remember(ids: (string | undefined)[], provider: SmsProviderV1): void {
    for (const id of ids) {
      if (id === undefined) continue;
      this.routes.delete(id);
      this.routes.set(id, provider);
      if (this.routes.size > this.limit) this.routes.delete(this.routes.keys().next().value!);
    }
  }

  find(id: string): SmsProviderV1 | undefined {
    return this.routes.get(id);
  }
}

function combinedCapabilities(providers: readonly SmsProviderV1[]): SmsCapabilitiesV1 {
  const all = (flag: keyof SmsCapabilitiesV1) =>
    providers.every((provider) => provider.capabilities[flag] === true);
  const any = (flag: keyof SmsCapabilitiesV1) =>
    providers.some((provider) => provider.capabilities[flag] === true);
  return {
    balance: false,
    senders: false,
    deliveryReports: any('deliveryReports'),
    deliveryWebhooks: false,
    cancelScheduled: any('cancelScheduled'),
    blacklist: false,
    blacklistAdd: false,
    blacklistRemove: false,
    scheduling: all('scheduling'),
    messageTypes: (['normal', 'turkish', 'unicode'] as const).filter((type) =>
      providers.every((provider) => provider.capabilities.messageTypes.includes(type)),
    ),
    maxSegments: Math.min(...providers.map((provider) => provider.capabilities.maxSegments)),
    maxRecipientsPerCall: Math.min(
      ...providers.map((provider) => provider.capabilities.maxRecipientsPerCall),
    ),
    references: all('references'),
    idempotency: all('idempotency'),
  };
}

function createStrategy(
  kind: 'fallback' | 'round-robin',
  providers: readonly SmsProviderV1[],
  options: StrategyOptions,
): SmsProviderV1 {
  if (!Array.isArray(providers) || providers.length === 0) {
    throw new TypeError(`${kind}() needs at least one provider.`);
  }
  const members = [...providers];
  const router = new Router(Math.max(1, options.routingMemory ?? 10_000));
  const shouldFailover = options.shouldFailover ?? (() => true);
  let next = 0;

  const order = (): SmsProviderV1[] => {
    if (kind === 'fallback') return members;
    const start = next;
    next = (next + 1) % members.length;
    return [...members.slice(start), ...members.slice(0, start)];
  };

  async function sendSms(request: SendSmsRequestV1, callOptions?: CallOptionsV1): Promise<SendSmsResultV1> {
    const candidates = order();
    for (let index = 0; ; index++) {
      const provider = candidates[index]!;
      try {
        const result = await provider.sendSms(request, callOptions);
        router.remember(
          [result.providerBatchId, ...result.messages.map((message) => message.providerMessageId)],
          provider,
        );
        return { ...result, providerId: result.providerId ?? provider.providerId };
      } catch (error) {
        const following = candidates[index + 1];
        const canFailover =
          following !== undefined &&
          !callOptions?.signal?.aborted &&
          MessagingError.isInstance(error) &&
          !error.maybeDelivered &&
          shouldFailover(error);
        if (!canFailover) throw error;
        try {
          options.onFailover?.({
            failedProviderId: provider.providerId,
            error,
            nextProviderId: following.providerId,
          });
        } catch {
          // Logging must not change the outcome.
        }
      }
    }
  }

  const strategy: SmsProviderV1 = {
    specificationVersion: 'v1',
    providerId: options.providerId ?? `${kind}(${members.map((provider) => provider.providerId).join(',')})`,
    capabilities: combinedCapabilities(members),
    sendSms,
  };

  if (strategy.capabilities.deliveryReports) {
    strategy.getDeliveryReports = async (query: DeliveryReportQueryV1, callOptions?: CallOptionsV1) => {
      const capable = members.filter((provider) => provider.getDeliveryReports);
      const queries = new Map<SmsProviderV1, DeliveryReportQueryV1>();
      const add = (
        provider: SmsProviderV1,
        field: 'providerBatchIds' | 'providerMessageIds' | 'references',
        id: string,
      ) => {
        const entry = queries.get(provider) ?? {};
        entry[field] = [...(entry[field] ?? []), id];
        queries.set(provider, entry);
      };
      for (const field of ['providerBatchIds', 'providerMessageIds', 'references'] as const) {
        for (const id of query[field] ?? []) {
          const known = field === 'references' ? undefined : router.find(id);
          if (known?.getDeliveryReports) add(known, field, id);
          else for (const provider of capable) add(provider, field, id);
        }
      }
      const reports: DeliveryReportV1[] = [];
      for (const [provider, subQuery] of queries) {
        try {
          reports.push(...(await provider.getDeliveryReports!(subQuery, callOptions)));
        } catch (error) {
          // A member that does not know an id it was only asked about by guess is not an error.
          if (!NotFoundError.isInstance(error) || queries.size === 1) throw error;
        }
      }
      return reports;
    };
  }

  if (strategy.capabilities.cancelScheduled) {
    strategy.cancelScheduled = async (ids: string[], callOptions?: CallOptionsV1) => {
      const results: CancelResultV1[] = [];
      for (const id of ids) {
        const provider = router.find(id);
        if (!provider?.cancelScheduled) {
          results.push({
            id,
            cancelled: false,
            error: new NotFoundError({
              message: `${strategy.providerId}: the send was not made through this strategy (or is forgotten).`,
              url: `strategy://${strategy.providerId}/cancelScheduled`,
              providerId: strategy.providerId,
            }),
          });
          continue;
        }
        results.push(...(await provider.cancelScheduled([id], callOptions)));
      }
      return results;
    };
  }

  return strategy;
}

/**
 * Combines providers into one that sends through the first and moves to the next only when a send failed
 * without any chance of delivery (`maybeDelivered === false`: refused connection, auth failure, no balance, 429,
 * ...). A send whose outcome is unknown is never repeated elsewhere, so a customer never gets two messages.
 *
 * The result says which member sent (`result.providerId`). Delivery reports and cancels are routed to that
 * member. Balance, senders, blacklist and webhooks are per provider: call the members for those.
 *
 * @param providers - members, in order of preference
 * @param options - see {@link StrategyOptions}
 *
 * @example
 * const sms = fallback([createOrganik(), createBulutfon()]);
 */
export function fallback(providers: readonly SmsProviderV1[], options: StrategyOptions = {}): SmsProviderV1 {
  return createStrategy('fallback', providers, options);
}

/**
 * Combines providers into one that spreads sends over them in turn, failing over to the next member under the
 * same rule as {@link fallback} (only when `maybeDelivered === false`).
 *
 * @param providers - members
 * @param options - see {@link StrategyOptions}
 */
export function roundRobin(
  providers: readonly SmsProviderV1[],
  options: StrategyOptions = {},
): SmsProviderV1 {
  return createStrategy('round-robin', providers, options);
}

import { type MessagingError, NotFoundError, UnsupportedFunctionalityError } from './errors';
import { isResendSafe, isSendAgainSafe, mergeResend } from './resend';
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

/** What {@link StrategyOptions.onFailover} is told when a member failed and the next one is tried. */
export interface FailoverInfo {
  /** The member that failed. */
  failedProviderId: string;
  /**
   * Its error (always `maybeDelivered: false`): the error of the whole send, or, when only some recipients move
   * on, the error of the first of them.
   */
  error: MessagingError;
  /** The member tried next. */
  nextProviderId: string;
}

/** Options of {@link fallback} and {@link roundRobin}. */
export interface StrategyOptions {
  /** The id of the combined provider (default `fallback(a,b)` / `round-robin(a,b)`). */
  providerId?: string;
  /**
   * Whether an error moves the send, or the recipients refused with it, to the next member. Default: every
   * {@link MessagingError} with `maybeDelivered: false`. Errors that may have been delivered, and refusals of a
   * recipient's number (invalid, blacklisted), are never failed over, whatever this returns.
   */
  shouldFailover?(error: MessagingError): boolean;
  /** Called before each failover (for logging). An exception thrown here is ignored. */
  onFailover?(info: FailoverInfo): void;
  /** How many sends to remember for routing reports and cancels to the member that sent (default 10 000). */
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

/** What the strategy can do for every message: what every member can do. */
function combinedCapabilities(providers: readonly SmsProviderV1[]): SmsCapabilitiesV1 {
  const all = (flag: keyof SmsCapabilitiesV1) =>
    providers.every((provider) => provider.capabilities[flag] === true);
  return {
    balance: false,
    senders: false,
    deliveryReports: all('deliveryReports'),
    deliveryWebhooks: false,
    cancelScheduled: all('cancelScheduled'),
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

/** What a strategy's operations share. */
interface StrategyContext {
  providerId: string;
  members: readonly SmsProviderV1[];
  router: Router;
  /** Members by the provider ids their results carry (a member that is itself a strategy names its own). */
  memberIds: Map<string, SmsProviderV1>;
  options: StrategyOptions;
}

/** Marks every recipient and the result with the member that handled them, and remembers the routes. */
function adopt(context: StrategyContext, member: SmsProviderV1, result: SendSmsResultV1): SendSmsResultV1 {
  const messages = result.messages.map((message) =>
    message.providerId === undefined ? { ...message, providerId: member.providerId } : message,
  );
  context.router.remember(
    [result.providerBatchId, ...messages.map((message) => message.providerMessageId)],
    member,
  );
  for (const message of messages) context.memberIds.set(message.providerId!, member);
  context.memberIds.set(member.providerId, member);
  return { ...result, messages, providerId: result.providerId ?? member.providerId };
}

function notifyFailover(context: StrategyContext, info: FailoverInfo): void {
  try {
    context.options.onFailover?.(info);
  } catch {
    // Logging must not change the outcome.
  }
}

/**
 * Sends through `candidates` in order. A member that rejects the whole send in a way that allows it passes the
 * whole send on; once a member resolved, only its recipients that {@link isResendSafe} allows move on to the
 * next member, and their new results replace the old ones. Nothing moves on after the caller aborted.
 */
async function failoverSend(
  context: StrategyContext,
  candidates: readonly SmsProviderV1[],
  request: SendSmsRequestV1,
  callOptions: CallOptionsV1 | undefined,
): Promise<SendSmsResultV1> {
  const shouldFailover = context.options.shouldFailover ?? (() => true);
  let merged: SendSmsResultV1 | undefined;
  let attempt = request;
  for (let index = 0; ; index++) {
    const member = candidates[index]!;
    const following = candidates[index + 1];
    const canMoveOn = () => following !== undefined && !callOptions?.signal?.aborted;
    let error: MessagingError | undefined;
    try {
      const result = adopt(context, member, await member.sendSms(attempt, callOptions));
      merged = merged === undefined ? result : mergeResend(merged, attempt.to as string[], { result });
    } catch (failure) {
      if (merged !== undefined) {
        merged = mergeResend(merged, attempt.to as string[], { error: failure }, member.providerId);
      } else if (canMoveOn() && isSendAgainSafe(failure, shouldFailover)) {
        error = failure;
      } else {
        throw failure;
      }
    }
    if (merged !== undefined) {
      const again = merged.messages.filter((message) => isResendSafe(message, shouldFailover));
      if (again.length === 0 || !canMoveOn()) return merged;
      error = again[0]!.error!;
      attempt = { ...request, to: again.map((message) => message.to) };
    }
    notifyFailover(context, {
      failedProviderId: member.providerId,
      error: error!,
      nextProviderId: following!.providerId,
    });
  }
}

/** The members to ask for reports on `query`: the one that sent, or every member when that is not known. */
function reportRoutes(
  context: StrategyContext,
  query: DeliveryReportQueryV1,
): Map<SmsProviderV1, DeliveryReportQueryV1> {
  const routes = new Map<SmsProviderV1, DeliveryReportQueryV1>();
  if (query.providerId !== undefined) {
    const member = memberById(context, query.providerId) ?? context.memberIds.get(query.providerId);
    if (member === undefined) {
      throw new UnsupportedFunctionalityError({
        message: `${context.providerId}: no member '${query.providerId}' sends through this strategy.`,
        providerId: context.providerId,
      });
    }
    routes.set(member, query);
    return routes;
  }
  const add = (
    member: SmsProviderV1,
    field: 'providerBatchIds' | 'providerMessageIds' | 'references',
    id: string,
  ) => {
    const entry = routes.get(member) ?? {};
    entry[field] = [...(entry[field] ?? []), id];
    routes.set(member, entry);
  };
  for (const field of ['providerBatchIds', 'providerMessageIds', 'references'] as const) {
    for (const id of query[field] ?? []) {
      const known = field === 'references' ? undefined : context.router.find(id);
      if (known) add(known, field, id);
      else for (const member of context.members) add(member, field, id);
    }
  }
  return routes;
}

function memberById(context: StrategyContext, providerId: string): SmsProviderV1 | undefined {
  return context.members.find((member) => member.providerId === providerId);
}

async function getDeliveryReports(
  context: StrategyContext,
  query: DeliveryReportQueryV1,
  callOptions: CallOptionsV1 | undefined,
): Promise<DeliveryReportV1[]> {
  const routes = reportRoutes(context, query);
  const reports: DeliveryReportV1[] = [];
  for (const [member, memberQuery] of routes) {
    try {
      reports.push(...(await member.getDeliveryReports!(memberQuery, callOptions)));
    } catch (error) {
      // A member that does not know an id it was only asked about by guess is not an error.
      if (!NotFoundError.isInstance(error) || routes.size === 1) throw error;
    }
  }
  return reports;
}

async function cancelScheduled(
  context: StrategyContext,
  ids: string[],
  callOptions: CallOptionsV1 | undefined,
): Promise<CancelResultV1[]> {
  const unknown = ids.filter((id) => context.router.find(id) === undefined);
  if (unknown.length > 0) {
    throw new UnsupportedFunctionalityError({
      message:
        `${context.providerId}: cannot tell which member sent ${unknown.length} of these sends (not sent ` +
        'through this strategy, or forgotten); cancel them through the member named by the send result.',
      providerId: context.providerId,
    });
  }
  const results: CancelResultV1[] = [];
  for (const id of ids) results.push(...(await context.router.find(id)!.cancelScheduled!([id], callOptions)));
  return results;
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
  const context: StrategyContext = {
    providerId: options.providerId ?? `${kind}(${members.map((provider) => provider.providerId).join(',')})`,
    members,
    router: new Router(Math.max(1, options.routingMemory ?? 10_000)),
    memberIds: new Map(),
    options,
  };
  const capabilities = combinedCapabilities(members);
  let next = 0;
  const order = (): SmsProviderV1[] => {
    if (kind === 'fallback') return members;
    const start = next;
    next = (next + 1) % members.length;
    return [...members.slice(start), ...members.slice(0, start)];
  };

  const strategy: SmsProviderV1 = {
    specificationVersion: 'v1',
    providerId: context.providerId,
    capabilities,
    async sendSms(request, callOptions) {
      if (request?.sendAt !== undefined && !capabilities.scheduling) {
        throw new UnsupportedFunctionalityError({
          message: `${context.providerId}: sendAt needs scheduling, which not every member supports; nothing was sent.`,
          providerId: context.providerId,
        });
      }
      return failoverSend(context, order(), request, callOptions);
    },
  };
  if (capabilities.deliveryReports) {
    strategy.getDeliveryReports = (query, callOptions) => getDeliveryReports(context, query, callOptions);
  }
  if (capabilities.cancelScheduled) {
    strategy.cancelScheduled = (ids, callOptions) => cancelScheduled(context, ids, callOptions);
  }
  return strategy;
}

/**
 * Combines providers into one that sends through the first and moves on to the next only what surely was not
 * sent: the whole send when the member rejected it with `maybeDelivered === false` (refused connection, auth
 * failure, no balance, 429, ...), or, when it resolved, the recipients it refused that way (a batched send that
 * stopped half way). A recipient whose outcome is `unknown` or that was `accepted` is never sent again, and one
 * refused for its number (invalid, blacklisted) is not sent elsewhere, so nobody gets two messages and no
 * opt-out is bypassed.
 *
 * Each recipient's result names the member that handled it (`providerId`); the send-wide `providerId` is the
 * member that accepted first. Capabilities are those of every member: delivery reports and cancels exist when
 * every member has them, and are routed to the member that sent (by `DeliveryReportQuery.providerId`, or by
 * the batch and message ids of the last `routingMemory` sends). `sendAt` is refused with
 * `UnsupportedFunctionalityError`, before anything is sent, unless every member can schedule. Balance, senders,
 * blacklist and webhooks are per account: call the members for those.
 *
 * @param providers - members, in order of preference
 * @param options - see {@link StrategyOptions}
 *
 * @example
 * const sms = fallback([createOrganik(), createMyBackupProvider()]);
 */
export function fallback(providers: readonly SmsProviderV1[], options: StrategyOptions = {}): SmsProviderV1 {
  return createStrategy('fallback', providers, options);
}

/**
 * Combines providers into one that spreads sends over them in turn, moving on to the next member under the
 * same rules as {@link fallback}: only what surely was not sent, never an `unknown` or `accepted` recipient.
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

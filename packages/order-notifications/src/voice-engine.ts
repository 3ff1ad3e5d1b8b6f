import { type CallEventV1, MessagingError, type VoiceProviderV1 } from '@x/messaging-core';
import { acceptCallEvent, type CallEventOutcome } from './call-events';
import type { CallLogFilter, StoredCallLogEntry, VoiceJob, VoiceJobFilter } from './call-store';
import { ConfigError } from './config-error';
import { type EngineContext, errorField } from './engine-context';
import { normalizeRecipient } from './phone-number';
import {
  type OrderWriter,
  VOICE_TIMING_DEFAULTS,
  type VoiceContext,
  type VoiceTimings,
  voiceShopOf,
} from './voice-context';
import { runVoiceJobsOnce, type VoiceWorker, VoiceWorkerLoop, type VoiceWorkerOptions } from './voice-worker';

/** The voice side of the engine: call events in, confirmation calls, write-backs and follow-ups out. */
export interface VoiceEngine {
  /**
   * Logs a call event a PBX pushed (parsed and authenticated by the voice provider) and queues what it causes;
   * wakes the running voice workers. Database writes only: answer the PBX as soon as it resolves.
   * @throws ConfigError for a shop without voice settings
   */
  acceptCallEvent(shopId: string, event: CallEventV1): Promise<CallEventOutcome>;
  /** One pass of due voice jobs; returns how many ran. */
  runOnce(): Promise<number>;
  /** Starts a worker loop of voice jobs. */
  startWorker(options?: VoiceWorkerOptions): VoiceWorker;
  /** The calls log, newest first. */
  calls(filter: CallLogFilter): Promise<StoredCallLogEntry[]>;
  /** Voice jobs, oldest first. */
  jobs(filter: VoiceJobFilter): Promise<VoiceJob[]>;
  /**
   * Click-to-call: rings `to` from the shop's PBX number and connects it with `destination` (an extension, a
   * group or a menu). A second click for the same number within `windowMs` (default 60 s) places nothing:
   * returns false. A call the provider surely did not place (its error says `maybeDelivered: false`: a refused
   * number or request) does not count, so the number can be clicked again at once; one that may have been placed
   * (a timeout, a server error) counts. When the store cannot give the number back, the failure is logged
   * (`logger.warn`, without the number) and the number stays held until the window ends.
   * @throws ConfigError for a shop without voice settings or a PBX number; the provider's error when it fails
   */
  clickToCall(
    shopId: string,
    request: { to: string; destination: string; windowMs?: number },
  ): Promise<boolean>;
  /** The voice provider of a shop, when it has voice settings. */
  providerOf(shopId: string): VoiceProviderV1 | undefined;
  /** Stops the workers. */
  stop(): Promise<void>;
}

/** What {@link createVoiceEngine} takes besides the engine's context. */
export interface VoiceEngineOptions {
  /** Voice providers by the key shops name in `voice.provider`. */
  voiceProviders?: Record<string, VoiceProviderV1>;
  /** Order writers by shop id (notes and statuses back to the shop). */
  orderWriters?: Record<string, OrderWriter>;
  /** Timings; see {@link VoiceTimings}. */
  voiceTimings?: Partial<VoiceTimings>;
}

/**
 * Refuses shops whose voice settings name a provider that was not given, or one that cannot place calls the
 * settings need (a sound or an announcement it cannot play).
 * @throws ConfigError naming `shops.<id>.voice.provider`
 */
export function checkVoiceProviders(context: EngineContext, options: VoiceEngineOptions): void {
  const issues = Object.entries(context.config.shops).flatMap(([shopId, shop]) => {
    if (shop.voice === undefined) return [];
    const provider = options.voiceProviders?.[shop.voice.provider];
    const path = ['shops', shopId, 'voice', 'provider'];
    if (provider === undefined) {
      return [
        { path, message: `no voice provider "${shop.voice.provider}" was given`, code: 'unknown_provider' },
      ];
    }
    const audio = shop.voice.cod.audio;
    if (shop.voice.cod.enabled && audio !== undefined) {
      const supported =
        'url' in audio ? provider.capabilities.soundUrls : provider.capabilities.announcements;
      if (!supported) return [{ path, message: 'the provider cannot play this audio', code: 'unsupported' }];
    }
    return [];
  });
  if (issues.length > 0) throw new ConfigError({ issues });
}

/** See {@link VoiceEngine.clickToCall}. */
async function clickToCall(
  voice: VoiceContext,
  shopId: string,
  request: { to: string; destination: string; windowMs?: number },
): Promise<boolean> {
  const { shop, voice: settings } = voiceShopOf(voice, shopId);
  const provider = voice.voiceProviders[settings.provider];
  if (settings.pbxNumber === undefined || provider?.bridgeCall === undefined) {
    throw new ConfigError({
      issues: [
        { path: ['shops', shopId, 'voice', 'pbxNumber'], message: 'click-to-call needs a PBX number' },
      ],
    });
  }
  const checked = normalizeRecipient(request.to, shop.defaultCountry);
  const to = checked.ok ? checked.e164 : (checked.e164 ?? request.to);
  // One call per number per window, taken atomically: a double click or two instances ring once.
  const slot = `click-to-call:${to}`;
  const now = voice.engine.now();
  const { calls } = voice.engine.store;
  if (!(await calls.takeFollowUpSlot(shopId, slot, now, request.windowMs ?? 60_000))) return false;
  try {
    await provider.bridgeCall(
      { from: settings.pbxNumber, to, destination: request.destination },
      { signal: AbortSignal.timeout(voice.timings.requestTimeoutMs) },
    );
  } catch (error) {
    // A call the provider surely did not place (a refused number or request) frees the number for the next
    // click; one that may be ringing (a timeout, a server error) keeps it, so that a second click rings nobody.
    if (MessagingError.isInstance(error) && !error.maybeDelivered)
      await releaseSlot(voice, shopId, slot, now);
    throw error;
  }
  return true;
}

/**
 * Gives back the slot of a click-to-call the provider surely did not place. A failure to do so is logged (the
 * shop and the error, numbers masked) instead of thrown, so that the caller still gets the provider's error; the
 * slot, a single row the store deletes or not, then holds the number until its window ends, as after a call that
 * may have been placed.
 */
async function releaseSlot(voice: VoiceContext, shopId: string, slot: string, takenAt: Date): Promise<void> {
  try {
    await voice.engine.store.calls.releaseFollowUpSlot(shopId, slot, takenAt);
  } catch (error) {
    voice.engine.logger.warn?.(
      { shopId, error: errorField(error) },
      'could not free the number of a refused click-to-call; it stays held until its window ends',
    );
  }
}

/**
 * Creates the voice side of an engine.
 * @param context - the engine's shared parts
 * @param options - providers, writers, timings
 * @param ids - the id generator and the instance's id (worker ids derive from it)
 */
export function createVoiceEngine(
  context: EngineContext,
  options: VoiceEngineOptions,
  ids: { newId(): string; instanceId: string },
): VoiceEngine {
  const voice: VoiceContext = {
    engine: context,
    voiceProviders: options.voiceProviders ?? {},
    orderWriters: options.orderWriters ?? {},
    timings: {
      ...VOICE_TIMING_DEFAULTS,
      ...options.voiceTimings,
      retry: { ...VOICE_TIMING_DEFAULTS.retry, ...options.voiceTimings?.retry },
    },
    newId: ids.newId,
  };
  const workers = new Set<VoiceWorkerLoop>();
  let passes = 0;
  return {
    async acceptCallEvent(shopId, event) {
      const outcome = await acceptCallEvent(voice, shopId, event);
      for (const worker of workers) worker.wake();
      return outcome;
    },
    runOnce: () => runVoiceJobsOnce(voice, `${ids.instanceId}-voice-once-${++passes}`),
    startWorker(workerOptions) {
      const worker = new VoiceWorkerLoop(voice, `${ids.instanceId}-voice-${workers.size + 1}`, workerOptions);
      workers.add(worker);
      return {
        get running() {
          return worker.running;
        },
        wake: () => worker.wake(),
        async stop() {
          await worker.stop();
          workers.delete(worker);
        },
      };
    },
    clickToCall: (shopId, request) => clickToCall(voice, shopId, request),
    calls: (filter) => context.store.calls.listCalls(filter),
    jobs: (filter) => context.store.calls.listJobs(filter),
    providerOf(shopId) {
      const key = context.config.shops[shopId]?.voice?.provider;
      return key === undefined ? undefined : voice.voiceProviders[key];
    },
    async stop() {
      await Promise.all([...workers].map((worker) => worker.stop()));
      workers.clear();
    },
  };
}

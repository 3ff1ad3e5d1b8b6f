/**
 * What a platform's webhook route reports, for the console's setup page: each delivery accepted (its topic)
 * and each delivery refused at the signature check. Reporting never waits and never fails a webhook.
 */
export interface WebhookStatsReporter {
  /** A delivery of `topic` was accepted for the shop. */
  delivered(shopId: string, topic: string): void;
  /** A delivery for the shop was refused at the signature check. */
  signatureFailed(shopId: string): void;
}

/** Where the gathered statistics are written (the engine's store). */
export interface WebhookStatsSink {
  /** Records the last delivery of topics (a later `at` wins). */
  recordWebhookDeliveries(deliveries: readonly { shopId: string; topic: string; at: Date }[]): Promise<void>;
  /** Adds signature failures to their hour's count. */
  addSignatureFailures(failures: readonly { shopId: string; at: Date; count: number }[]): Promise<void>;
}

/** Options of {@link createWebhookStatsRecorder}. */
export interface WebhookStatsRecorderOptions {
  /** How often the gathered figures are written, in milliseconds (2 s). */
  flushMs?: number;
  /** The clock. */
  now?: () => Date;
  /** Where a failed write is reported (never the webhook's content). */
  onError?: (error: unknown) => void;
}

/** A {@link WebhookStatsReporter} that gathers in memory and writes in batches. */
export interface WebhookStatsRecorder extends WebhookStatsReporter {
  /** Writes what was gathered. */
  flush(): Promise<void>;
  /** Stops the timer and writes what was gathered. */
  close(): Promise<void>;
}

/** The most distinct (shop, topic) pairs and failure hours kept between two writes. */
const MAX_KEYS = 1000;

/**
 * Gathers webhook statistics in memory (the last delivery per shop and topic, signature failures per shop and
 * hour, at most 1,000 keys between two writes) and writes them every `flushMs`, so that a burst of webhooks
 * costs one write, not one per webhook. The timer does not keep the process alive.
 * @param sink - the engine's statistics storage
 * @param options - interval, clock and error report
 */
export function createWebhookStatsRecorder(
  sink: WebhookStatsSink,
  options: WebhookStatsRecorderOptions = {},
): WebhookStatsRecorder {
  const now = options.now ?? (() => new Date());
  let deliveries = new Map<string, { shopId: string; topic: string; at: Date }>();
  let failures = new Map<string, { shopId: string; at: Date; count: number }>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  function schedule(): void {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void flush();
    }, options.flushMs ?? 2000);
    timer.unref();
  }

  async function write(): Promise<void> {
    const batch = [...deliveries.values()];
    const failed = [...failures.values()];
    deliveries = new Map();
    failures = new Map();
    try {
      if (batch.length > 0) await sink.recordWebhookDeliveries(batch);
      if (failed.length > 0) await sink.addSignatureFailures(failed);
    } catch (error) {
      options.onError?.(error);
    }
  }

  function flush(): Promise<void> {
    writing = writing.then(write);
    return writing;
  }

  return {
    delivered(shopId, topic) {
      const key = `${shopId}\u0000${topic}`;
      if (!deliveries.has(key) && deliveries.size >= MAX_KEYS) return;
      deliveries.set(key, { shopId, topic, at: now() });
      schedule();
    },
    signatureFailed(shopId) {
      const at = now();
      const hour = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
      const key = `${shopId}\u0000${hour.getTime()}`;
      const entry = failures.get(key);
      if (entry) entry.count += 1;
      else if (failures.size < MAX_KEYS) failures.set(key, { shopId, at: hour, count: 1 });
      schedule();
    },
    flush,
    async close() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await flush();
    },
  };
}

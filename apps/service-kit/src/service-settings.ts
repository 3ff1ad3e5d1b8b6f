import { TIMING_DEFAULTS } from '@x/order-notifications';
import { z } from 'zod';

/**
 * The defaults of the `server` section of the configuration file, shared by the schema and by
 * `createHttpServer` (for servers created without a configuration file).
 */
export const SERVER_DEFAULTS = {
  host: '0.0.0.0',
  port: 3000,
  bodyLimitBytes: 1_048_576,
  bodyDrainLimitBytes: 4_194_304,
  trustProxy: false,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 65_000,
  maxConnections: 1024,
  shutdownTimeoutMs: 8_000,
} as const;

/**
 * The defaults of the `dispatcher` section's timings: the engine's own (10 s, 30 s, 60 s), so that a message
 * orphaned by a crash is settled within about 80 s of the restart. See the README for the trade-offs.
 */
export const DISPATCHER_TIMING_DEFAULTS = TIMING_DEFAULTS;

/** The `server` section: where to listen, and what protects the service from slow or greedy clients. */
export const serverSettingsSchema = z
  .strictObject({
    host: z.string().min(1).default(SERVER_DEFAULTS.host),
    port: z.number().int().min(0).max(65535).default(SERVER_DEFAULTS.port),
    /** Largest accepted request body; larger bodies are answered with 413. */
    bodyLimitBytes: z.number().int().min(1024).max(16_777_216).default(SERVER_DEFAULTS.bodyLimitBytes),
    /**
     * How much of a body over the limit is read and thrown away so that the client sees the 413 before the
     * connection closes; a body declared larger is cut off at once (its client may see a write error instead).
     */
    bodyDrainLimitBytes: z.number().int().min(0).max(67_108_864).default(SERVER_DEFAULTS.bodyDrainLimitBytes),
    trustProxy: z.boolean().default(SERVER_DEFAULTS.trustProxy),
    /** Longest wait for a request's headers, from the connection (or the request's first byte) on: 408. */
    headersTimeoutMs: z.number().int().min(100).max(600_000).default(SERVER_DEFAULTS.headersTimeoutMs),
    /** Longest wait for a whole request, headers and body: 408. */
    requestTimeoutMs: z.number().int().min(100).max(3_600_000).default(SERVER_DEFAULTS.requestTimeoutMs),
    /** How long a kept-alive connection may stay idle between requests before it is closed. */
    keepAliveTimeoutMs: z.number().int().min(100).max(600_000).default(SERVER_DEFAULTS.keepAliveTimeoutMs),
    /** Most open connections; a connection beyond it is closed at once. */
    maxConnections: z.number().int().min(1).max(1_000_000).default(SERVER_DEFAULTS.maxConnections),
    /**
     * How long a graceful shutdown (SIGTERM) may take: requests in progress finish and sends in flight are
     * recorded meanwhile; at the deadline the connections still open are closed. The default stays below
     * the 10 s `docker stop` waits before it kills (Kubernetes waits 30 s by default).
     */
    shutdownTimeoutMs: z.number().int().min(100).max(600_000).default(SERVER_DEFAULTS.shutdownTimeoutMs),
    /**
     * The service's address as providers reach it (`https://sms.example.com`, no trailing slash). With it, a
     * shop that has a report token gives its provider the URL of its report route, so that a provider that
     * pushes reports (Organik's `report_url`) pushes them there.
     */
    publicUrl: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .refine((url) => !url.endsWith('/') && !url.includes('?') && !url.includes('#'), {
        message: 'expected the base address, without a trailing slash, query or fragment',
      })
      .optional(),
  })
  .refine((server) => server.headersTimeoutMs <= server.requestTimeoutMs, {
    path: ['headersTimeoutMs'],
    message: 'must not exceed requestTimeoutMs (the headers are part of the request)',
  })
  .prefault({});

/** The `dispatcher` section: sending, and the timings of crash recovery. */
export const dispatcherSettingsSchema = z
  .strictObject({
    enabled: z.boolean().default(true),
    concurrency: z.number().int().min(1).max(256).default(8),
    pollIntervalMs: z.number().int().min(10).max(60_000).default(500),
    ratePerSecond: z.number().positive().optional(),
    maxAttempts: z.number().int().min(1).max(100).optional(),
    /** How often delivery reports are polled from providers that offer them; 0 turns polling off. */
    deliveryReportIntervalMs: z.number().int().min(0).default(300_000),
    /** Time limit of one provider call (a send, a report lookup). */
    sendTimeoutMs: z.number().int().min(100).max(600_000).default(DISPATCHER_TIMING_DEFAULTS.sendTimeoutMs),
    /**
     * How long a claim on a message holds; a message still `sending` after it is taken as lost with its
     * worker (a crash) and becomes `unknown`. At least twice `sendTimeoutMs`.
     */
    leaseMs: z.number().int().min(200).max(86_400_000).default(DISPATCHER_TIMING_DEFAULTS.leaseMs),
    /**
     * How long an `unknown` message waits before the provider's delivery reports are trusted to say it never
     * arrived (then it is sent again).
     */
    reconcileAfterMs: z
      .number()
      .int()
      .min(100)
      .max(86_400_000)
      .default(DISPATCHER_TIMING_DEFAULTS.reconcileAfterMs),
  })
  .refine((dispatcher) => dispatcher.leaseMs >= 2 * dispatcher.sendTimeoutMs, {
    path: ['leaseMs'],
    message: 'must be at least twice sendTimeoutMs: a claim has to outlast the send it covers',
  })
  .prefault({});

/** The parsed `server` section. */
export type ServerSettings = z.infer<typeof serverSettingsSchema>;
/** The parsed `dispatcher` section. */
export type DispatcherSettings = z.infer<typeof dispatcherSettingsSchema>;

import type { IncomingMessage } from 'node:http';
import { MessagingError } from '@x/messaging-core';
import { createLogger } from './logger';
import { createService, type Service, type ServiceOptions } from './service';

/**
 * Waits for a condition with a bounded poll (no fixed sleeps): checks it every 10 ms, at most 1000 times.
 * @param what - what is awaited, for the error
 * @param check - the condition
 * @throws Error naming `what` when the condition is not reached
 */
export async function waitForCondition(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`condition not reached: ${what}`);
}

/**
 * Waits until a service has at least `count` voice jobs of a kind and every one is `done` or `failed`.
 * @param service - the service
 * @param kind - the job kind
 * @param count - how many jobs are expected at least
 */
export async function voiceJobsSettled(
  service: Service,
  kind: 'cod-call' | 'write-back' | 'missed-call',
  count = 1,
): Promise<void> {
  await waitForCondition(`${kind} done`, async () => {
    const jobs = await service.engine.voice.jobs({ kind });
    return jobs.length >= count && jobs.every((job) => job.status === 'done' || job.status === 'failed');
  });
}

/**
 * Reads a request's body as text (fake shop endpoints in tests).
 * @param request - the request
 */
export async function readRequestText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Creates and starts a service for voice tests: a silent logger, no warm-up, short retry backoff and no
 * polling of placed calls (the fake's webhooks drive them). The started service is added to `started.services`
 * (the test stops them) and its address to `started.targets` (where a fake voice provider posts its webhooks).
 * @param options - the service's options (configuration, platform, providers)
 * @param started - the lists to add the service and its address to
 */
export async function startVoiceTestService(
  options: Omit<ServiceOptions, 'logger' | 'warmUp' | 'voiceTimings'>,
  started: { services: Service[]; targets: string[] },
): Promise<{ service: Service; url: string }> {
  const service = await createService({
    ...options,
    logger: createLogger({ level: 'silent' }),
    warmUp: false,
    voiceTimings: { outcomePollMs: 600_000, retry: { initialMs: 20, maxMs: 40 } },
  });
  started.services.push(service);
  const { url } = await service.start();
  started.targets.push(url);
  return { service, url };
}

/**
 * The typed error a write (an order writer's call) rejects with.
 * @param write - the write's promise
 * @throws Error when the write succeeds or rejects with anything but a `MessagingError`
 */
export async function typedFailureOf(write: Promise<unknown>): Promise<MessagingError> {
  const error = await write.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!MessagingError.isInstance(error)) throw new Error(`expected a typed error, got ${String(error)}`);
  return error;
}

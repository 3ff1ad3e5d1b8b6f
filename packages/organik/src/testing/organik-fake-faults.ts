import { pushQueuedFault, takeQueuedFault } from '@x/messaging-core';
import type { OrganikFakeState, QueuedFault } from './organik-fake-state';
import type { OrganikFakeFailOptions, OrganikFakeFault, OrganikFakeRequest } from './organik-fake-types';
import { type FakeFormat, xmlResponse } from './organik-fake-wire';

/** Queues `fault` for the next `options.times` requests that `options.match` accepts. */
export function queueFault(
  state: OrganikFakeState,
  fault: OrganikFakeFault,
  options: OrganikFakeFailOptions,
): void {
  pushQueuedFault(state.faults, { ...options, fault }, options.times);
}

/** Takes one use of the oldest fault queued for `request`, if any. */
export function takeFault(state: OrganikFakeState, request: OrganikFakeRequest): QueuedFault | undefined {
  return takeQueuedFault(state.faults, (queued) => queued.match?.(request) ?? true);
}

/** The documented error code a fault answers with in the envelope, if it is one. */
export function envelopeCodeOf(fault: OrganikFakeFault | undefined): number | undefined {
  if (typeof fault === 'number') return fault;
  if (fault === 'auth') return 99;
  if (fault === 'insufficient-balance') return 103;
  return undefined;
}

function htmlPage(status: number, title: string): Response {
  const page = `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1><hr>nginx</body></html>`;
  return new Response(page, { status, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

/**
 * The answer of a fault that stops the request before it is processed; `undefined` for a fault that lets it be
 * processed (or answers in the envelope).
 */
export function faultAnswer(queued: QueuedFault | undefined, format: FakeFormat): Response | undefined {
  switch (queued?.fault) {
    case 'server-error':
      return htmlPage(500, '500 Internal Server Error');
    case 'html-error':
      return htmlPage(502, '502 Bad Gateway');
    case 'captive-portal':
      return htmlPage(200, 'Service Unavailable');
    case 'rate-limit':
      return new Response('Too Many Requests', {
        status: 429,
        headers: { 'retry-after': String(Math.ceil((queued.retryAfterMs ?? 1000) / 1000)) },
      });
    case 'reset':
      return Response.error();
    case 'malformed': {
      const data = { tl: 'many', credit: 'lots', deliveries: { transaction_id: { unexpected: 'shape' } } };
      return format === 'xml'
        ? xmlResponse({ response: { result: 1, data } })
        : Response.json({
            response: { result: true, data: { ...data, deliveries: 'unexpected', credit: [] } },
          });
    }
    default:
      return undefined;
  }
}

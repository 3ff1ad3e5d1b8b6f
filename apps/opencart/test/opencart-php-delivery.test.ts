import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRequestText } from '@x/app-service-kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addHistory, phpWithCurl } from './extension-fixture';

/*
 * The OpenCart extension's catalog controller (PHP) against a fake service: answers the real service never gives
 * (a maintenance page, a proxy's error page, a refusal in the service's format), of which only the service's own
 * acknowledgement counts as delivered; and a slow service, which must not make checkout wait more than the
 * configured timeout however many events are stored. Skipped where no PHP CLI with curl is installed.
 */

const secret = 'opencart-delivery-secret';

/** An answer of the fake service: a status, a content type and a body, after a delay; or none at all. */
interface FakeAnswer {
  status: number;
  type: string;
  body: string;
  delayMs?: number;
  never?: boolean;
}

const ACCEPTED: FakeAnswer = { status: 200, type: 'application/json', body: '{"accepted":true,"events":1}' };

/** A fake service address. */
interface FakeService {
  url: string;
  /** How many requests reached it. */
  received: number;
  server: Server;
}

let folder: string;
let fake: FakeService | undefined;

beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'opencart-delivery-'));
});
afterEach(async () => {
  fake?.server.closeAllConnections();
  if (fake) await new Promise((resolve) => fake!.server.close(resolve));
  fake = undefined;
  await rm(folder, { recursive: true, force: true });
});

/** Starts a server answering each request as `answer` says for its body. */
async function startFake(answer: (body: string) => FakeAnswer): Promise<FakeService> {
  const started = { received: 0 } as FakeService;
  started.server = createServer(async (request, response) => {
    started.received += 1;
    const planned = answer(await readRequestText(request));
    if (planned.never) return;
    const send = () => {
      response.writeHead(planned.status, { 'content-type': planned.type });
      response.end(planned.body);
    };
    if (planned.delayMs) setTimeout(send, planned.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => started.server.listen(0, '127.0.0.1', resolve));
  const { port } = started.server.address() as AddressInfo;
  started.url = `http://127.0.0.1:${port}/webhooks/opencart/kupa`;
  fake = started;
  return started;
}

/** Starts a server answering every request with the status, content type and body given. */
const answerWith = (status: number, type: string, body: string) => startFake(() => ({ status, type, body }));

/** Rows of the retry table: bodies the service did not take earlier, one attempt each. */
const stored = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    retry_id: index + 1,
    body: JSON.stringify({ event: 'order.history', order_id: 7100 + index, stored: true }),
    attempts: 1,
  }));

describe.skipIf(!phpWithCurl())('OpenCart extension (PHP): what counts as delivered', () => {
  it('keeps the event when an HTML maintenance page answers 200, and says so in the log', async () => {
    const { url } = await answerWith(200, 'text/html', '<html><body>Bakımdayız</body></html>');
    const result = await addHistory(folder, { url, secret, newStatusId: 2 });
    expect(result.retry).toHaveLength(1);
    expect(JSON.parse(result.retry[0]!.body)).toMatchObject({ order_id: 7001, new_status_id: 2 });
    expect(result.log).toEqual([expect.stringContaining('kept for a retry (HTTP 200 from something other')]);
  });

  it("keeps the event when a proxy's HTML error page answers 400", async () => {
    const { url } = await answerWith(400, 'text/html', '<html>400 Bad Request (nginx)</html>');
    const result = await addHistory(folder, { url, secret, newStatusId: 2 });
    expect(result.retry).toHaveLength(1);
    expect(result.log).toEqual([expect.stringContaining('kept for a retry (HTTP 400 from something other')]);
  });

  it('drops an event the service itself refuses as invalid (its JSON 400), with a log line', async () => {
    const refusal = {
      error: { code: 'invalid_payload', message: 'Not an OpenCart history event: order_id' },
    };
    const { url } = await answerWith(400, 'application/json', JSON.stringify(refusal));
    const result = await addHistory(folder, { url, secret, newStatusId: 2 });
    expect(result.retry).toEqual([]);
    expect(result.log).toEqual([
      'x-messaging: the service refused an order event for good (HTTP 400 invalid_payload); it is not sent again',
    ]);
  });
});

describe.skipIf(!phpWithCurl())('OpenCart extension (PHP): one time budget for the whole request', () => {
  it('sends the event and the stored ones within one timeout, however slowly the service answers', async () => {
    // The service takes every body, each in 0.6 s of the 1 s timeout. Sending the five stored events in full
    // would make checkout wait 3.6 s; the event takes 0.6 s of the budget, the rest is too short for a re-send.
    const service = await startFake(() => ({ ...ACCEPTED, delayMs: 600 }));
    const result = await addHistory(folder, {
      url: service.url,
      secret,
      newStatusId: 2,
      timeout: 1,
      retry: stored(5),
    });
    // The event and at most one re-send, cut off at the end of the budget.
    expect(service.received).toBeLessThanOrEqual(2);
    // The event was delivered; the stored ones wait, the cut-off re-send not counted as an attempt.
    expect(result.retry).toEqual(stored(5));
    expect(result.log).toEqual([]);
  });

  it('counts a re-send that had half the timeout or more as an attempt when the service does not answer it', async () => {
    // The event is answered at once; the stored one never, so its re-send runs to the end of the budget.
    const service = await startFake((body) =>
      body.includes('"stored":true') ? { ...ACCEPTED, never: true } : ACCEPTED,
    );
    const result = await addHistory(folder, {
      url: service.url,
      secret,
      newStatusId: 2,
      timeout: 1,
      retry: stored(2),
    });
    expect(service.received).toBe(2);
    expect(result.retry).toEqual([{ ...stored(2)[0], attempts: 2 }, stored(2)[1]]);
  });
});

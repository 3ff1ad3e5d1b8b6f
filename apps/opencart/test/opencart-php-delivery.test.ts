import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addHistory, phpWithCurl } from './extension-fixture';

/*
 * The OpenCart extension's catalog controller (PHP) against answers the real service never gives: a maintenance
 * page, a proxy's error page, a refusal in the service's format. Only the service's own acknowledgement counts
 * as delivered. Skipped where no PHP CLI with curl is installed.
 */

const secret = 'opencart-delivery-secret';

/** A fake service address: every request gets the same answer. */
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
  if (fake) await new Promise((resolve) => fake!.server.close(resolve));
  fake = undefined;
  await rm(folder, { recursive: true, force: true });
});

/** Starts a server answering every request with the status, content type and body given. */
async function answerWith(status: number, type: string, body: string): Promise<FakeService> {
  const started = { received: 0 } as FakeService;
  started.server = createServer((request, response) => {
    started.received += 1;
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => started.server.listen(0, '127.0.0.1', resolve));
  const { port } = started.server.address() as AddressInfo;
  started.url = `http://127.0.0.1:${port}/webhooks/opencart/kupa`;
  fake = started;
  return started;
}

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

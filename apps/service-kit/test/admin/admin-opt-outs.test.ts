import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashPassword } from '../../src/admin/passwords';
import {
  type ConsoleClient,
  type ConsoleService,
  orderEvent,
  signedDelivery,
  startSignedIn,
} from './console-fixture';

const PASSWORD = 'ayşenin uzun parolası';

// Counts the engine's readings of a phone number, to show that an import reads each number once.
const readings = vi.hoisted(() => ({ count: 0 }));
vi.mock('@x/messaging-core', async (importOriginal) => {
  const core = await importOriginal<typeof import('@x/messaging-core')>();
  return {
    ...core,
    parsePhoneNumberDetails: (...args: Parameters<typeof core.parsePhoneNumberDetails>) => {
      readings.count += 1;
      return core.parsePhoneNumberDetails(...args);
    },
  };
});

let console_: ConsoleService;
let client: ConsoleClient;
let close: () => Promise<void>;

beforeEach(async () => {
  const users = { ADMIN_USERS: `ayse:${await hashPassword(PASSWORD)}` };
  ({
    started: console_,
    client,
    close,
  } = await startSignedIn({ env: users }, { user: 'ayse', password: PASSWORD }));
});
afterEach(() => close());

type AuditAnswer = { user: string; action: string; target: string; details: Record<string, unknown> };

async function optOutAudit(): Promise<AuditAnswer[]> {
  const answer = await client.request('GET', '/admin/audit?limit=50');
  expect(answer.status).toBe(200);
  return (answer.json().entries as AuditAnswer[]).filter((entry) => entry.target === 'opt-outs');
}

describe('opt-outs changed by an operator', () => {
  it('audits adding, removing and importing with the signed-in user, and still skips the next order', async () => {
    const added = await client.request('POST', '/admin/opt-outs', {
      body: { phones: ['0532 123 45 67', '0532 765 43 21'] },
    });
    expect(added.json()).toEqual({ added: 2 });
    await fetch(`${console_.url}/webhooks/test/demo`, signedDelivery(orderEvent('7001')));
    await console_.service.engine.dispatchOnce();
    const order = (await client.request('GET', '/admin/messages?order=7001&phone=4567')).json();
    expect(order.messages[0]).toMatchObject({ status: 'skipped', reason: 'opted-out' });

    const removed = await client.request('DELETE', '/admin/opt-outs', {
      body: { phones: ['0532 765 43 21', '0532 000 00 00'] },
    });
    expect(removed.json()).toEqual({ removed: 1 });
    // 1,500 numbers: more than one batch of the former import, still one entry.
    const csv = Array.from({ length: 1500 }, (_, index) => `0533 ${String(1_000_000 + index)}`).join('\n');
    const imported = await client.request('POST', '/admin/opt-outs/import', {
      body: `${csv}\nyanlış\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.json()).toEqual({ added: 1500, invalid: [{ line: 1501, reason: expect.any(String) }] });

    const entries = await optOutAudit();
    expect(entries.map(({ user, action, details }) => ({ user, action, count: details.count }))).toEqual([
      { user: 'ayse', action: 'optOuts.import', count: 1500 },
      { user: 'ayse', action: 'optOuts.remove', count: 1 },
      { user: 'ayse', action: 'optOuts.add', count: 2 },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/5321234567|5327654321/);
  });

  it('writes no entry when nothing changed', async () => {
    await client.request('DELETE', '/admin/opt-outs', { body: { phones: ['0532 123 45 67'] } });
    expect(await optOutAudit()).toEqual([]);
  });
});

describe('numbers typed for the opt-out list', () => {
  it("are read in the shop's country, and one too long or not a phone number answers 400 naming it", async () => {
    const tooLong = `0532 765 43 21${' '.repeat(40)}9`; // a usable number within its first 50 characters
    for (const method of ['POST', 'DELETE'] as const) {
      const refused = await client.request(method, '/admin/opt-outs', {
        body: { phones: ['0532 123 45 67', 'nonsense', tooLong], shop: 'demo' },
      });
      expect(refused.status).toBe(400);
      expect(refused.json()).toEqual({
        error: {
          code: 'invalid_body',
          message: expect.stringMatching(/^phones\.1: .*; phones\.2: .*too-long/),
          issues: [
            { path: 'phones.1', message: 'not a usable mobile number (not-a-number)' },
            { path: 'phones.2', message: 'not a usable mobile number (too-long)' },
          ],
        },
      });
    }
    const imported = await client.request('POST', '/admin/opt-outs/import?shop=demo', {
      body: `0532 123 45 67\n${tooLong}\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.json()).toEqual({ added: 1, invalid: [{ line: 2, reason: 'too-long' }] });
    const added = await client.request('POST', '/admin/opt-outs', {
      body: { phones: ['0532 111 22 33', '+90 532 111 2233'], shop: 'demo' },
    });
    expect(added.json()).toEqual({ added: 1 });
    const list = (await client.request('GET', '/admin/opt-outs')).json();
    expect(list.optOuts.map((entry: { phone: string }) => entry.phone).sort()).toEqual([
      '+90532*****33',
      '+90532*****67',
    ]);
  });
});

describe('a CSV import of opt-outs', () => {
  it("reads each number once, in the shop's country, adds the usable ones and reports each bad line", async () => {
    const csv =
      'ad;telefon\nAyşe;0532 111 22 33\nAli;yanlış\nAyşe;+90 532 111 2233\n\nOfis;0212 222 22 22\nCan;0533 444 55 66\n';
    readings.count = 0;
    const imported = await client.request('POST', '/admin/opt-outs/import?shop=demo', {
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.json()).toEqual({
      added: 2,
      invalid: [
        { line: 3, reason: 'not-a-number' },
        { line: 6, reason: 'not-mobile' },
      ],
    });
    // Five numbers, five readings: a usable number is not read again before it is added.
    expect(readings.count).toBe(5);
    const list = (await client.request('GET', '/admin/opt-outs')).json();
    expect(list.optOuts.map((entry: { phone: string }) => entry.phone).sort()).toEqual([
      '+90532*****33',
      '+90533*****66',
    ]);
    const entries = await optOutAudit();
    expect(entries.map(({ user, action, details }) => ({ user, action, count: details.count }))).toEqual([
      { user: 'ayse', action: 'optOuts.import', count: 2 },
    ]);
  });
});

describe('a CSV import saved by a spreadsheet', () => {
  const csv = 'ad\ttelefon\r\nAyşe;0532 111 22 33\r\nCan;0533 444 55 66\r\n'.replace(/\t/g, ';');
  const post = (body: Uint8Array) =>
    client.request('POST', '/admin/opt-outs/import?shop=demo', {
      body,
      headers: { 'content-type': 'text/csv' },
    });
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

  it("reads UTF-16 with a byte order mark (Excel's Unicode Text), little- and big-endian, and UTF-8's", async () => {
    for (const body of [
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]),
      Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(csv)]),
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]),
    ]) {
      const imported = await post(body);
      expect(imported.status).toBe(200);
      expect(imported.json().invalid).toEqual([]);
    }
    const list = (await client.request('GET', '/admin/opt-outs')).json();
    expect(list.optOuts.map((entry: { phone: string }) => entry.phone).sort()).toEqual([
      '+90532*****33',
      '+90533*****66',
    ]);
  });

  it('refuses UTF-16 without a byte order mark with 400, instead of reporting every line as invalid', async () => {
    const imported = await post(Buffer.from(csv, 'utf16le'));
    expect(imported.status).toBe(400);
    expect(imported.json().error.code).toBe('invalid_csv');
    expect(imported.json().error.message).toMatch(/UTF-8/);
    expect((await client.request('GET', '/admin/opt-outs')).json().optOuts).toEqual([]);
  });
});

describe('the opt-out list', () => {
  it('pages newest first by an opaque cursor, searches the last digits and refuses a malformed cursor', async () => {
    const phones = Array.from({ length: 5 }, (_, index) => `0532 111 22 ${10 + index}`);
    for (const phone of phones) {
      await client.request('POST', '/admin/opt-outs', { body: { phones: [phone] } });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = (
        await client.request('GET', `/admin/opt-outs?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      seen.push(...page.optOuts.map((entry: { phone: string }) => entry.phone));
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen.every((phone) => phone.startsWith('+90532*****'))).toBe(true);
    const found = (await client.request('GET', '/admin/opt-outs?q=22%2012')).json();
    expect(found.optOuts).toEqual([
      { phone: '+90532*****12', source: 'local', createdAt: expect.any(String) },
    ]);
    for (const bad of ['o10', 'bm90IGEgY3Vyc29y', 'a.b']) {
      const answer = await client.request('GET', `/admin/opt-outs?cursor=${bad}`);
      expect(answer.status).toBe(400);
      expect(answer.json().error.code).toBe('invalid_query');
    }
  });
});

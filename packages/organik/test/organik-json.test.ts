import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOrganikSendSmsRequest } from '../src/convert-to-organik-request';
import { quoteJson, writeJsonNumber } from '../src/organik-json';

const text = fc.string({ unit: 'binary', maxLength: 40 });
const delivery = fc.record({
  options: fc.record(
    {
      header: fc.oneof(text, fc.integer()),
      timeoutHours: fc.integer({ min: 1, max: 48 }),
      deliveryTime: fc.date({ min: new Date(2020, 0, 1), max: new Date(2040, 0, 1), noInvalidDate: true }),
      gsmIsUnique: fc.boolean(),
      trackId: fc.oneof(text, fc.integer()),
      reportUrl: fc.webUrl(),
    },
    { requiredKeys: [] },
  ),
  messageFormat: fc.constantFrom(0 as const, 1 as const, 2 as const),
  gsms: fc.array(
    fc.oneof(
      fc.stringMatching(/^905\d{9}$/),
      fc.stringMatching(/^\d{1,16}$/),
      fc.constantFrom('0', '0090532', 'x12'),
    ),
    { minLength: 1, maxLength: 5 },
  ),
  message: fc.string({ unit: 'binary', maxLength: 200 }),
});

describe('the sendsms body as JSON', () => {
  it('is exactly JSON.stringify of the same request data', () => {
    fc.assert(
      fc.property(fc.array(delivery, { minLength: 1, maxLength: 3 }), (deliveries) => {
        const wire = buildOrganikSendSmsRequest(deliveries);
        expect(wire.json).toBe(JSON.stringify({ data: wire.data }));
      }),
      { numRuns: 300 },
    );
  });

  it('quotes strings and writes numbers as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(quoteJson(value)).toBe(JSON.stringify(value));
      }),
    );
    const awkward = 'a"b\\c\n\r\t\b\f\u0001\u001f/é😀\ud800x\udc00\u2028';
    expect(quoteJson(awkward)).toBe(JSON.stringify(awkward));
    for (const value of ['905321234567', '0532', '1234567890123456', '', 'x', '00']) {
      expect(writeJsonNumber(value)).toBe(JSON.stringify(Number(value)));
    }
    for (const value of [0, -0, 1.5, -2e-7, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(writeJsonNumber(value)).toBe(JSON.stringify(value));
    }
  });
});

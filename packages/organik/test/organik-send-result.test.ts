import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  errorSchema,
  type OrganikAcceptedNumber,
  type OrganikDeliveryResult,
  type OrganikRejectedNumber,
  type OrganikSendResult,
} from '../src/organik-schemas';
import { parseOrganikSendResult } from '../src/organik-send-result';

/*
 * The reference: the zod schema the send answer was read with before the hand-written parser. Both must accept
 * the same documents and give the same result.
 */
const isEmpty = (value: unknown): boolean => value === undefined || value === null || value === '';
const optionalText = z.preprocess(
  (value) => (isEmpty(value) ? undefined : value),
  z.union([z.string(), z.number()]).transform(String).optional(),
);

const optionalError = z.preprocess(
  (value) =>
    isEmpty(value) || (typeof value === 'object' && Object.keys(value as object).length === 0)
      ? undefined
      : value,
  errorSchema.optional(),
);

/*
 * Rows of a send are validated with plain unions and converted in one transform: a 10 000-number send parses
 * 10 000 of them, and per-field preprocessing would double the cost.
 */
const rawId = z.union([z.string(), z.number()]);
const rawAmount = z
  .union([z.number(), z.string().regex(/^(?:-?\d+(?:\.\d+)?)?$/, 'Expected a number')])
  .nullish();
const toAmount = (value: string | number | null | undefined): number =>
  value === undefined || value === null || value === '' ? 0 : Number(value);

const acceptedNumberSchema = z
  .object({
    request_gsm: rawId.nullish(),
    gsm: rawId,
    gsm_track_id: rawId,
    sms_count: rawAmount,
    credit_amount: rawAmount,
    tl_amount: rawAmount,
  })
  .transform(
    (row): OrganikAcceptedNumber => ({
      requestGsm:
        row.request_gsm === undefined || row.request_gsm === null || row.request_gsm === ''
          ? String(row.gsm)
          : String(row.request_gsm),
      gsm: String(row.gsm),
      gsmTrackId: String(row.gsm_track_id),
      smsCount: toAmount(row.sms_count),
      creditAmount: toAmount(row.credit_amount),
      tlAmount: toAmount(row.tl_amount),
    }),
  );

const rejectedNumberSchema = z
  .object({ request_gsm: optionalText, gsm: optionalText, error: errorSchema })
  .transform((row): OrganikRejectedNumber => {
    const result: OrganikRejectedNumber = { requestGsm: row.request_gsm ?? row.gsm ?? '', error: row.error };
    if (row.gsm !== undefined) result.gsm = row.gsm;
    return result;
  });

/** A list as JSON or XML gives it: an array, one element (a single `<item>`), or empty (`''`, null, missing). */
function leanList<T extends z.ZodType>(item: T) {
  return z.union([z.array(item), z.literal(''), z.null(), item]).optional();
}

function toArray<T>(value: T[] | T | '' | null | undefined): T[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

const deliveryResultSchema = z
  .object({
    track_id: rawId.nullish(),
    transaction_id: rawId.nullish(),
    error: optionalError,
    valid: leanList(acceptedNumberSchema),
    invalid: leanList(rejectedNumberSchema),
  })
  .transform((delivery): OrganikDeliveryResult => {
    const transactionId = delivery.transaction_id;
    const result: OrganikDeliveryResult = {
      transactionId:
        transactionId === undefined || transactionId === null || transactionId === ''
          ? null
          : String(transactionId),
      valid: toArray(delivery.valid),
      invalid: toArray(delivery.invalid),
    };
    if (delivery.track_id !== undefined && delivery.track_id !== null && delivery.track_id !== '') {
      result.trackId = String(delivery.track_id);
    }
    if (delivery.error !== undefined) result.error = delivery.error;
    return result;
  });

const sendResultSchema: z.ZodType<OrganikSendResult> = z
  .object({ deliveries: leanList(deliveryResultSchema) })
  .transform((data) => ({ deliveries: toArray(data.deliveries) }));

/** Values a field may hold in JSON or XML, right or wrong. */
const scalar = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constant(''),
  fc.constantFrom('0', '1', '2.5', '-3', '905321234567', '16502030-4730-63032793', 'abc', ' 1', '1e3'),
  fc.integer({ min: -5, max: 1_000_000_000_000 }),
  fc.constantFrom(1.5, true, false),
  fc.constant({}),
  fc.constant([]),
);
const error = fc.oneof(
  scalar,
  fc.record(
    { number: scalar, code: scalar, message: fc.oneof(scalar, fc.constant('Blacklisted')) },
    { requiredKeys: [] },
  ),
);
const accepted = fc.record(
  {
    request_gsm: scalar,
    gsm: scalar,
    gsm_track_id: scalar,
    sms_count: scalar,
    credit_amount: scalar,
    tl_amount: scalar,
  },
  { requiredKeys: [] },
);
const rejected = fc.record({ request_gsm: scalar, gsm: scalar, error }, { requiredKeys: [] });
/** A list as JSON (array) or XML (one element, '' when empty) writes it. */
const listOf = <T>(item: fc.Arbitrary<T>) =>
  fc.oneof(fc.array(item, { maxLength: 3 }), item, fc.constantFrom('', null, undefined), scalar);
const delivery = fc.record(
  {
    track_id: scalar,
    transaction_id: scalar,
    error,
    valid: listOf(accepted),
    invalid: listOf(rejected),
  },
  { requiredKeys: [] },
);
const data = fc.oneof(fc.record({ deliveries: listOf(delivery) }, { requiredKeys: [] }), scalar);

/** The well-formed part of the same space, so that agreement is also checked on accepted documents. */
const goodId = fc.oneof(
  fc.constantFrom('905321234567', '16502030-1-2'),
  fc.integer({ min: 0, max: 2 ** 40 }),
);
const goodAmount = fc.oneof(
  fc.constantFrom('', '0', '1', '0.25', null, undefined),
  fc.integer({ min: 0, max: 9 }),
);
const goodData = fc.record({
  deliveries: fc.array(
    fc.record({
      track_id: fc.oneof(goodId, fc.constantFrom('', null, undefined)),
      transaction_id: fc.oneof(goodId, fc.constantFrom('', null)),
      error: fc.oneof(
        fc.constantFrom('', undefined, {}),
        fc.record({ number: goodId, message: fc.string() }),
      ),
      valid: listOf(
        fc.record({
          request_gsm: fc.oneof(goodId, fc.constantFrom('', null, undefined)),
          gsm: goodId,
          gsm_track_id: goodId,
          sms_count: goodAmount,
          credit_amount: goodAmount,
          tl_amount: goodAmount,
        }),
      ),
      invalid: listOf(
        fc.record({
          request_gsm: goodId,
          gsm: fc.oneof(goodId, fc.constant('')),
          error: fc.record({ code: goodId }),
        }),
      ),
    }),
    { maxLength: 3 },
  ),
});

function agree(value: unknown): void {
  const reference = sendResultSchema.safeParse(value);
  const lean = parseOrganikSendResult(value);
  expect(lean.success).toBe(reference.success);
  if (lean.success && reference.success) expect(lean.data).toEqual(reference.data);
}

describe('parseOrganikSendResult', () => {
  it('accepts and converts what the zod reference schema accepts, and refuses what it refuses', () => {
    fc.assert(
      fc.property(data, (value) => agree(value)),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(goodData, (value) => agree(value)),
      { numRuns: 200 },
    );
  });

  it('reads a JSON answer and the same answer as XML gives it', () => {
    const json = {
      deliveries: [
        {
          track_id: '',
          transaction_id: 16502030,
          valid: [
            {
              request_gsm: 5321234567,
              gsm: 905321234567,
              gsm_track_id: '1-2-3',
              sms_count: 1,
              credit_amount: 1,
              tl_amount: 0,
            },
          ],
          invalid: [{ request_gsm: 905320000000, error: { number: 109, message: 'Blacklisted' } }],
        },
      ],
    };
    const xml = {
      deliveries: {
        track_id: '',
        transaction_id: '16502030',
        error: '',
        valid: {
          request_gsm: '5321234567',
          gsm: '905321234567',
          gsm_track_id: '1-2-3',
          sms_count: '1',
          credit_amount: '1',
          tl_amount: '0',
        },
        invalid: { request_gsm: '905320000000', error: { number: '109', message: 'Blacklisted' } },
      },
    };
    const expected: OrganikSendResult = {
      deliveries: [
        {
          transactionId: '16502030',
          valid: [
            {
              requestGsm: '5321234567',
              gsm: '905321234567',
              gsmTrackId: '1-2-3',
              smsCount: 1,
              creditAmount: 1,
              tlAmount: 0,
            },
          ],
          invalid: [{ requestGsm: '905320000000', error: { code: 109, message: 'Blacklisted' } }],
        },
      ],
    };
    expect(parseOrganikSendResult(json)).toEqual({ success: true, data: expected });
    expect(parseOrganikSendResult(xml)).toEqual({ success: true, data: expected });
  });

  it('names the path of the first wrong field, without the value', () => {
    const result = parseOrganikSendResult({
      deliveries: [
        { valid: [{ gsm: '905321234567', gsm_track_id: 'a' }, { gsm: { secret: '905329999999' } }] },
      ],
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([
      {
        path: ['deliveries', 0, 'valid', 1, 'gsm'],
        message: 'Expected a string or a number',
        code: 'invalid_type',
      },
    ]);
    expect(JSON.stringify(result.issues)).not.toContain('905329999999');
  });
});

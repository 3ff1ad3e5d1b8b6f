import { describe, expect, it } from 'vitest';
import {
  ApiCallError,
  type BatchResult,
  InvalidPhoneNumberError,
  MessagingError,
  prepareRecipients,
  sendInBatches,
  TimeoutError,
} from '../src/index';

const NUMBERS = ['+905321111111', '+905322222222', '+905323333333', '+905324444444', '+905325555555'];

const refused = () =>
  new ApiCallError({ message: 'HTTP 400', url: 'u', statusCode: 400, maybeDelivered: false });
const maybeSent = () =>
  new ApiCallError({
    message: 'HTTP 500',
    url: 'u',
    statusCode: 500,
    isRetryable: true,
    maybeDelivered: true,
  });

type Step = 'ok' | Error;

/** A provider's request function that answers each request by the next step of `script`. */
function scripted(script: Step[]) {
  const requests: string[][] = [];
  const send = async (to: string[]): Promise<BatchResult> => {
    const step = script[requests.length] ?? 'ok';
    requests.push(to);
    if (step !== 'ok') throw step;
    return {
      providerBatchId: `batch-${requests.length}`,
      cost: { credits: to.length },
      messages: to.map((number) => ({ to: number, status: 'accepted', providerMessageId: `id-${number}` })),
    };
  };
  return { send, requests };
}

const run = (to: string[], batchSize: number, script: Step[], signal?: AbortSignal) => {
  const provider = scripted(script);
  const promise = sendInBatches({
    recipients: prepareRecipients(to).recipients,
    batchSize,
    send: provider.send,
    signal,
    providerId: 'acme',
  });
  return { promise, requests: provider.requests };
};

const statuses = (messages: { status: string }[]) => messages.map((message) => message.status);

describe('sendInBatches', () => {
  it('sends batches one after another in request order and gathers ids and cost', async () => {
    const { promise, requests } = run(NUMBERS, 2, []);
    const result = await promise;
    expect(requests).toEqual([NUMBERS.slice(0, 2), NUMBERS.slice(2, 4), NUMBERS.slice(4)]);
    expect(result.messages.map((message) => message.to)).toEqual(NUMBERS);
    expect(statuses(result.messages)).toEqual(Array(5).fill('accepted'));
    expect(result.providerBatchIds).toEqual(['batch-1', 'batch-2', 'batch-3']);
    expect(result.cost).toEqual({ credits: 5 });
  });

  it('makes a recipient the answer does not mention unknown', async () => {
    const result = await sendInBatches({
      recipients: prepareRecipients(NUMBERS.slice(0, 2)).recipients,
      batchSize: 2,
      send: async (to) => ({ messages: [{ to: to[0]!, status: 'accepted' }] }),
    });
    expect(statuses(result.messages)).toEqual(['accepted', 'unknown']);
    expect(result.messages[1]?.error?.maybeDelivered).toBe(true);
  });

  it('rejects with the error unchanged when the only request threw, whatever it says', async () => {
    for (const error of [refused(), maybeSent(), new Error('bug')]) {
      await expect(run(NUMBERS.slice(0, 2), 5, [error]).promise).rejects.toBe(error);
    }
  });

  it('rejects when the first of several requests surely sent nothing, and sends no more', async () => {
    const error = refused();
    const { promise, requests } = run(NUMBERS, 2, [error]);
    await expect(promise).rejects.toBe(error);
    expect(requests).toHaveLength(1);
  });

  it('resolves when the first of several requests may have been delivered, with the rest not attempted', async () => {
    const error = maybeSent();
    const { promise, requests } = run(NUMBERS, 2, [error]);
    const result = await promise;
    expect(requests).toHaveLength(1);
    expect(statuses(result.messages)).toEqual(['unknown', 'unknown', 'rejected', 'rejected', 'rejected']);
    expect(result.messages[0]?.error).toBe(error);
    const notSent = result.messages[2]?.error;
    expect(notSent).toMatchObject({ maybeDelivered: false, isRetryable: true, cause: error });
  });

  it('400 then 500, one recipient per request: rejects with the 400, the second request never made', async () => {
    const error = refused();
    const { promise, requests } = run(NUMBERS.slice(0, 2), 1, [error, maybeSent()]);
    await expect(promise).rejects.toBe(error);
    expect(requests).toEqual([[NUMBERS[0]]]);
  });

  it('500 then 400: the first unknown, the second not attempted', async () => {
    const { promise, requests } = run(NUMBERS.slice(0, 2), 1, [maybeSent(), refused()]);
    const result = await promise;
    expect(requests).toHaveLength(1);
    expect(statuses(result.messages)).toEqual(['unknown', 'rejected']);
  });

  it('a failure after an accepted request: accepted, then the failed batch, then not attempted', async () => {
    const timeout = new TimeoutError({ message: 't', timeoutMs: 10, maybeDelivered: true });
    const { promise } = run(NUMBERS.slice(0, 3), 1, ['ok', timeout]);
    const result = await promise;
    expect(statuses(result.messages)).toEqual(['accepted', 'unknown', 'rejected']);
    expect(result.providerBatchIds).toEqual(['batch-1']);

    const refusal = refused();
    const second = await run(NUMBERS.slice(0, 3), 1, ['ok', refusal]).promise;
    expect(statuses(second.messages)).toEqual(['accepted', 'rejected', 'rejected']);
    expect(second.messages[1]?.error).toBe(refusal);
    expect(second.messages[2]?.error?.cause).toBe(refusal);
  });

  it('counts a foreign error (an abort reason) after the first request as unknown', async () => {
    const reason = new Error('aborted');
    const result = await run(NUMBERS.slice(0, 3), 1, ['ok', reason]).promise;
    expect(statuses(result.messages)).toEqual(['accepted', 'unknown', 'rejected']);
    expect(MessagingError.isInstance(result.messages[1]?.error)).toBe(true);
    expect(result.messages[1]?.error).toMatchObject({ maybeDelivered: true, cause: reason });
  });

  it('stops between batches when the caller aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const requests: string[][] = [];
    const result = await sendInBatches({
      recipients: prepareRecipients(NUMBERS.slice(0, 3)).recipients,
      batchSize: 1,
      signal: controller.signal,
      async send(to) {
        requests.push(to);
        controller.abort(reason);
        return { messages: [{ to: to[0]!, status: 'accepted' }] };
      },
    });
    expect(requests).toHaveLength(1);
    expect(statuses(result.messages)).toEqual(['accepted', 'rejected', 'rejected']);
    expect(result.messages[1]?.error).toMatchObject({ maybeDelivered: false, cause: reason });
  });

  it('rejects with the reason and sends nothing when aborted before the first request', async () => {
    const reason = new Error('stop');
    const { promise, requests } = run(NUMBERS, 2, [], AbortSignal.abort(reason));
    await expect(promise).rejects.toBe(reason);
    expect(requests).toHaveLength(0);
  });

  it('keeps invalid recipients rejected with their own error and never sends them', async () => {
    const { promise, requests } = run(['0532 111 11 11', 'not a number', '0532 222 22 22'], 1, []);
    const result = await promise;
    expect(requests).toEqual([[NUMBERS[0]], [NUMBERS[1]]]);
    expect(statuses(result.messages)).toEqual(['accepted', 'rejected', 'accepted']);
    expect(result.messages[1]?.to).toBe('not a number');
    expect(InvalidPhoneNumberError.isInstance(result.messages[1]?.error)).toBe(true);
  });

  it('sums money only while the currencies agree', async () => {
    const costs = [
      { amount: 1, currency: 'TRY', credits: 1 },
      { amount: 2, currency: 'TRY' },
    ];
    const result = await sendInBatches({
      recipients: prepareRecipients(NUMBERS.slice(0, 2)).recipients,
      batchSize: 1,
      send: async (to) => ({ messages: [{ to: to[0]!, status: 'accepted' }], cost: costs.shift() }),
    });
    expect(result.cost).toEqual({ amount: 3, currency: 'TRY', credits: 1 });
  });

  it('refuses a batch size below 1', async () => {
    await expect(run(NUMBERS, 0, []).promise).rejects.toThrow(TypeError);
  });
});

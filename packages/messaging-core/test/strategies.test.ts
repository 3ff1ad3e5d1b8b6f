import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  type FailoverInfo,
  fallback,
  roundRobin,
  TimeoutError,
  UnsupportedFunctionalityError,
  ValidationError,
} from '../src/index';
import { createSandboxProvider } from '../src/sandbox';
import { createScriptedProvider } from './support/scripted-provider';

const request = { to: '0532 123 45 67', text: 'Siparişiniz kargoda.' };

describe('fallback', () => {
  it('sends through the first provider when it works', async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const b = createSandboxProvider({ providerId: 'b' });
    const result = await fallback([a, b]).sendSms(request);
    expect(result.providerId).toBe('a');
    expect([a.sent.length, b.sent.length]).toEqual([1, 0]);
  });

  it('fails over when the first provider surely did not send', async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const b = createSandboxProvider({ providerId: 'b' });
    const failovers: FailoverInfo[] = [];
    a.failNext('auth');
    const result = await fallback([a, b], { onFailover: (info) => failovers.push(info) }).sendSms(request);
    expect(result.providerId).toBe('b');
    expect([a.sent.length, b.sent.length]).toEqual([0, 1]);
    expect(failovers).toHaveLength(1);
    expect(failovers[0]).toMatchObject({ failedProviderId: 'a', nextProviderId: 'b' });
    expect(AuthenticationError.isInstance(failovers[0]?.error)).toBe(true);
  });

  it('never fails over a send that may have been delivered', async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const b = createSandboxProvider({ providerId: 'b' });
    a.failNext('timeout');
    await expect(fallback([a, b]).sendSms(request, { timeoutMs: 5 })).rejects.toSatisfy(
      TimeoutError.isInstance,
    );
    expect(b.calls).toHaveLength(0);
  });

  it('throws the last error when every provider failed', async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const b = createSandboxProvider({ providerId: 'b' });
    a.failNext('network');
    b.failNext('auth');
    await expect(fallback([a, b]).sendSms(request)).rejects.toSatisfy(AuthenticationError.isInstance);
  });

  it('lets the caller narrow which errors fail over', async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const b = createSandboxProvider({ providerId: 'b' });
    const strategy = fallback([a, b], { shouldFailover: (error) => error.kind !== 'validation' });
    await expect(strategy.sendSms({ ...request, text: '' })).rejects.toSatisfy(ValidationError.isInstance);
    expect(b.calls).toHaveLength(0);
  });

  it('does not fail over after the caller aborted', async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const b = createSandboxProvider({ providerId: 'b' });
    const reason = new Error('stop');
    await expect(fallback([a, b]).sendSms(request, { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(b.calls).toHaveLength(0);
  });

  it('routes delivery reports and cancels to the member that sent', async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const b = createSandboxProvider({ providerId: 'b' });
    const strategy = fallback([a, b]);
    a.failNext('network');
    const result = await strategy.sendSms({ ...request, sendAt: new Date(Date.now() + 3_600_000) });
    const reports = await strategy.getDeliveryReports!({ providerBatchIds: [result.providerBatchId!] });
    expect(reports.map((report) => report.status)).toEqual(['queued']);
    expect(a.calls.map((call) => call.method)).toEqual(['sendSms']);
    const [cancel] = await strategy.cancelScheduled!([result.providerBatchId!]);
    expect(cancel?.cancelled).toBe(true);
    expect(b.sent[0]?.cancelled).toBe(true);
  });

  it('refuses to cancel a send it cannot route, before cancelling anything', async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const b = createSandboxProvider({ providerId: 'b' });
    const strategy = fallback([a, b]);
    const result = await strategy.sendSms({ ...request, sendAt: new Date(Date.now() + 3_600_000) });
    await expect(strategy.cancelScheduled!([result.providerBatchId!, 'nope'])).rejects.toSatisfy(
      UnsupportedFunctionalityError.isInstance,
    );
    expect(a.sent[0]?.cancelled).toBe(false);
    expect(a.calls.map((call) => call.method)).toEqual(['sendSms']);
  });

  it("asks only the member named by the query's providerId, even for sends it does not remember", async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const b = createSandboxProvider({ providerId: 'b' });
    a.failNext('network');
    const result = await fallback([a, b]).sendSms(request);
    const messageId = result.messages[0]?.providerMessageId;
    expect(result.messages[0]?.providerId).toBe('b');
    const fresh = fallback([a, b]);
    const reports = await fresh.getDeliveryReports!({ providerMessageIds: [messageId!], providerId: 'b' });
    expect(reports.map((report) => report.providerMessageId)).toEqual([messageId]);
    expect(a.calls.map((call) => call.method)).toEqual(['sendSms']);
    await expect(fresh.getDeliveryReports!({ providerMessageIds: ['x'], providerId: 'c' })).rejects.toSatisfy(
      UnsupportedFunctionalityError.isInstance,
    );
  });

  it('offers reports and cancels only when every member has them', () => {
    const plain = createScriptedProvider('plain', { recipientsPerRequest: 10 });
    const strategy = fallback([createSandboxProvider({ providerId: 'a' }), plain]);
    expect(strategy.capabilities).toMatchObject({ deliveryReports: false, cancelScheduled: false });
    expect(strategy.getDeliveryReports).toBeUndefined();
    expect(strategy.cancelScheduled).toBeUndefined();
  });

  it('refuses sendAt, before sending anything, when a member cannot schedule', async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const plain = createScriptedProvider('plain', { recipientsPerRequest: 10 });
    const strategy = fallback([a, plain]);
    expect(strategy.capabilities.scheduling).toBe(false);
    await expect(
      strategy.sendSms({ ...request, sendAt: new Date(Date.now() + 3_600_000) }),
    ).rejects.toSatisfy(UnsupportedFunctionalityError.isInstance);
    expect(a.calls).toHaveLength(0);
    await expect(strategy.sendSms(request)).resolves.toMatchObject({ providerId: 'a' });
  });

  it('declares the capabilities every member shares and no per-account methods', () => {
    const strategy = fallback([
      createSandboxProvider({ providerId: 'a', maxSegments: 5 }),
      createSandboxProvider({ providerId: 'b', maxRecipientsPerCall: 10 }),
    ]);
    expect(strategy.providerId).toBe('fallback(a,b)');
    expect(strategy.capabilities).toMatchObject({ maxSegments: 5, maxRecipientsPerCall: 10, balance: false });
    expect(strategy.getBalance).toBeUndefined();
    expect(strategy.blacklist).toBeUndefined();
  });

  it('needs at least one provider', () => {
    expect(() => fallback([])).toThrow(TypeError);
  });
});

describe('roundRobin', () => {
  it('takes turns', async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const b = createSandboxProvider({ providerId: 'b' });
    const strategy = roundRobin([a, b]);
    const senders: (string | undefined)[] = [];
    for (let index = 0; index < 4; index++) senders.push((await strategy.sendSms(request)).providerId);
    expect(senders).toEqual(['a', 'b', 'a', 'b']);
  });

  it('fails over to the next member under the same rule', async () => {
    const a = createSandboxProvider({ providerId: 'a' });
    const b = createSandboxProvider({ providerId: 'b' });
    const strategy = roundRobin([a, b]);
    await strategy.sendSms(request);
    b.failNext('insufficient-balance');
    const result = await strategy.sendSms(request);
    expect(result.providerId).toBe('a');
    expect(a.sent).toHaveLength(2);
  });
});

import { calculate } from '@x/sms-segments';
import { expect } from 'vitest';
import { MessagingError } from './errors';
import { normalizePhoneNumber } from './phone-number';
import type { SendSmsResultV1, SmsCapabilitiesV1, SmsProviderV1 } from './sms-provider/v1/sms-provider-v1';
import {
  type ConformanceCheck,
  expectOptionalMethods,
  expectRefusal,
  expectSpecificationV1,
  type OptionalMethod,
  RECIPIENT_REFUSAL_KINDS,
  send,
  success,
} from './testing-context';

/** A number no country assigns (too short for Türkiye); every provider must refuse it without echoing it. */
export const MALFORMED_RECIPIENT = '+90 532 123 4';

const OPTIONAL_METHODS: OptionalMethod<SmsCapabilitiesV1, SmsProviderV1>[] = [
  ['balance', (provider) => provider.getBalance],
  ['senders', (provider) => provider.listSenders],
  ['deliveryReports', (provider) => provider.getDeliveryReports],
  ['deliveryWebhooks', (provider) => provider.parseDeliveryWebhook],
  ['cancelScheduled', (provider) => provider.cancelScheduled],
  ['blacklist', (provider) => provider.blacklist?.list],
  ['blacklistAdd', (provider) => provider.blacklist?.add],
  ['blacklistRemove', (provider) => provider.blacklist?.remove],
];

/** Texts whose type and segments the provider must report as `@x/sms-segments` computes them. */
const MEASURED_TEXTS: [label: string, text: string][] = [
  ['Turkish', 'Sayın Ayşe Yılmaz, 1001 numaralı siparişiniz kargoya verildi. Teşekkür ederiz!'],
  ['Unicode', 'Ваш заказ отправлен 📦 — спасибо!'],
  ['long Turkish', `Ğüşiöç ${'sipariş güncellemesi '.repeat(12)}`],
];

/** Type and segments the provider should report for `text` sent with `type: 'auto'`. */
function expectedMeasure(text: string, capabilities: SmsCapabilitiesV1) {
  for (const type of ['normal', 'turkish', 'unicode'] as const) {
    if (!capabilities.messageTypes.includes(type)) continue;
    const measured = calculate(text, { type });
    if (measured.segments !== null) return { type, segments: measured.segments };
  }
  return undefined;
}

/**
 * Checks what a resolved send says of each recipient: `accepted`, `rejected` with an error that says it was not
 * delivered, or `unknown` with an error that says it may have been.
 */
export function expectHonestMessages(result: SendSmsResultV1): void {
  for (const [index, message] of result.messages.entries()) {
    const where = `messages[${index}]`;
    expect(['accepted', 'rejected', 'unknown'], `${where}.status`).toContain(message.status);
    if (message.status === 'accepted') continue;
    expect(MessagingError.isInstance(message.error), `${where}.error is a MessagingError`).toBe(true);
    expect(message.error?.maybeDelivered, `${where}: a ${message.status} recipient's maybeDelivered`).toBe(
      message.status === 'unknown',
    );
  }
}

/** The provider has the v1 contract's shape. */
export const implementsContract: ConformanceCheck = {
  name: 'implements version 1 of the contract',
  run({ setup: { provider } }) {
    expectSpecificationV1(provider);
    expect(typeof provider.sendSms).toBe('function');
    expect(provider.capabilities.maxSegments).toBeGreaterThanOrEqual(1);
    expect(provider.capabilities.maxRecipientsPerCall).toBeGreaterThanOrEqual(1);
    expect(provider.capabilities.messageTypes.length).toBeGreaterThan(0);
  },
};

/** Each optional method exists exactly when its capability flag is true. */
export const optionalMethods: ConformanceCheck = {
  name: 'has each optional method exactly when its capability says so',
  run({ setup: { provider } }) {
    expectOptionalMethods(provider, OPTIONAL_METHODS);
  },
};

/** A send to one recipient is accepted, reported in E.164 and reaches the fake server as given. */
export const sendsToOne: ConformanceCheck = {
  name: 'sends to one recipient and reports it in E.164',
  async run(context) {
    const { setup } = context;
    const text = 'Hello from the conformance kit.';
    const result = success(await send(context, { to: setup.validRecipient, text }), 'sendSms');
    expectHonestMessages(result);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0]).toMatchObject({
      to: normalizePhoneNumber(setup.validRecipient),
      status: 'accepted',
    });
    expect(result.segments).toBe(1);
    expect(Array.isArray(result.warnings)).toBe(true);
    const sent = setup.sentMessages();
    expect(sent).toHaveLength(1);
    expect(normalizePhoneNumber(sent[0]!.to)).toBe(normalizePhoneNumber(setup.validRecipient));
    expect(sent[0]!.text).toBe(text);
  },
};

/** A send to two recipients gives one result each, in request order. */
export const sendsToSeveral: ConformanceCheck = {
  name: 'sends to several recipients, one result each, in request order',
  async run(context) {
    const { setup } = context;
    if (setup.provider.capabilities.maxRecipientsPerCall < 2) return;
    const both = [setup.validRecipient, setup.secondRecipient ?? '+905301234567'].map((to) =>
      normalizePhoneNumber(to),
    );
    const result = success(
      await send(context, {
        to: [setup.validRecipient, setup.secondRecipient ?? '+905301234567'],
        text: 'Multi',
      }),
      'sendSms',
    );
    expectHonestMessages(result);
    expect(result.messages.map((message) => [message.to, message.status])).toEqual(
      both.map((to) => [to, 'accepted']),
    );
    const sentTo = setup.sentMessages().map((message) => normalizePhoneNumber(message.to));
    expect(sentTo.sort()).toEqual(both.sort());
  },
};

function measures([label, text]: [string, string]): ConformanceCheck {
  return {
    name: `measures a ${label} text like @x/sms-segments`,
    async run(context) {
      const { setup } = context;
      const expected = expectedMeasure(text, setup.provider.capabilities);
      if (!expected || expected.segments > setup.provider.capabilities.maxSegments) return;
      const result = success(await send(context, { to: setup.validRecipient, text }), 'sendSms');
      expect({ type: result.type, segments: result.segments }).toEqual(expected);
      expect(setup.sentMessages().at(-1)?.text).toBe(text);
    },
  };
}

/** The error a refused recipient gets: thrown for the whole call, or the recipient's own in a resolved send. */
function refusalOf(outcome: Awaited<ReturnType<typeof send>>, recipientIndex: number): unknown {
  if (!outcome.ok) return outcome.error;
  expectHonestMessages(outcome.value);
  const message = outcome.value.messages[recipientIndex];
  expect(message?.status, `the refused recipient's status`).toBe('rejected');
  return message?.error;
}

/** A number the provider refuses is rejected (or the call fails) with a typed, not-delivered error. */
export const refusesInvalidNumber: ConformanceCheck = {
  name: 'refuses an invalid number, as a rejected recipient or a typed error',
  async run(context) {
    const { setup } = context;
    setup.simulate('invalid-number');
    const outcome = await send(context, { to: setup.invalidRecipient, text: 'Invalid' });
    if (outcome.ok) expect(outcome.value.messages).toHaveLength(1);
    expectRefusal(refusalOf(outcome, 0), RECIPIENT_REFUSAL_KINDS);
    expect(setup.sentMessages()).toHaveLength(0);
  },
};

/** A malformed number next to a valid one is refused without stopping the valid one. */
export const refusesMalformedNumber: ConformanceCheck = {
  name: 'refuses a malformed number next to a valid one and names it only masked',
  async run(context) {
    const { setup } = context;
    const several = setup.provider.capabilities.maxRecipientsPerCall >= 2;
    const to = several ? [setup.validRecipient, MALFORMED_RECIPIENT] : [MALFORMED_RECIPIENT];
    const outcome = await send(context, { to, text: 'Malformed' });
    if (outcome.ok) {
      expect(outcome.value.messages).toHaveLength(to.length);
      if (several) expect(outcome.value.messages[0]?.status, 'the valid recipient').toBe('accepted');
    }
    expectRefusal(refusalOf(outcome, to.length - 1));
  },
};

/** The checks of sends that go through: the contract's shape, recipients, texts, refused numbers. */
export const SEND_CHECKS: ConformanceCheck[] = [
  implementsContract,
  optionalMethods,
  sendsToOne,
  sendsToSeveral,
  ...MEASURED_TEXTS.map(measures),
  refusesInvalidNumber,
  refusesMalformedNumber,
];

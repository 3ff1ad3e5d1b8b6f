import { decodeBase64 } from '@x/provider-utils';
import { calculate } from '@x/sms-segments';
import { parseIstanbulDateTime } from '../organik-time';
import type { OrganikFakeState } from './organik-fake-state';
import type { OrganikFakeContact, OrganikFakeMessage } from './organik-fake-types';
import {
  asArray,
  asInteger,
  asNumberIfDigits,
  asText,
  ERROR_MESSAGES,
  FakeError,
  isRecord,
  normaliseGsm,
} from './organik-fake-wire';

/*
 * Sends and scheduled sends: `sendsms`, `smsviaget` and `cancelscheduledtasks`. A send is checked delivery by
 * delivery as the service does (sender, text, options, numbers, blacklist, balance), charged, and recorded one
 * message per number.
 */

const MESSAGE_TYPES = ['normal', 'turkish', 'unicode'] as const;

/**
 * Answers `sendsms`; with `refuseNumbers`, every number is refused as incorrect (110).
 * @throws FakeError for a request the service refuses as a whole
 */
export function sendFakeSms(
  state: OrganikFakeState,
  data: Record<string, unknown>,
  refuseNumbers = false,
): unknown {
  const deliveries = asArray(data.deliveries);
  if (deliveries.length === 0) throw new FakeError(96);
  const global = isRecord(data.global_options) ? data.global_options : {};
  const now = state.now();
  const planned = deliveries.map((delivery) => planDelivery(state, global, delivery, now, refuseNumbers));
  const credit = planned.reduce((sum, plan) => sum + (plan.ok ? plan.credit : 0), 0);
  const tl = planned.reduce((sum, plan) => sum + (plan.ok ? plan.tl : 0), 0);
  if (credit > state.credit) throw new FakeError(103);
  if (tl > state.tl + 1e-9) throw new FakeError(108);
  state.credit -= credit;
  state.tl = Math.round((state.tl - tl) * 100) / 100;
  return {
    deliveries: planned.map((plan) => {
      if (!plan.ok) {
        return {
          track_id: plan.trackId,
          transaction_id: null,
          error: { number: plan.code, message: ERROR_MESSAGES[plan.code] },
          valid: [],
          invalid: plan.invalid,
        };
      }
      const transactionId = state.nextTransactionId++;
      const valid = plan.accepted.map((recipient, index) => {
        const message: OrganikFakeMessage = {
          transactionId,
          gsmTrackId: `${transactionId}-${4730 + index}-${state.nextMessageSerial++}`,
          trackId: plan.trackId,
          gsm: recipient.gsm,
          requestGsm: recipient.requestGsm,
          text: recipient.text,
          header: plan.header,
          messageFormat: plan.messageFormat,
          smsCount: recipient.smsCount,
          creditAmount: recipient.credit,
          tlAmount: recipient.tl,
          createdAt: now,
          startAt: plan.startAt,
          finishedAt: null,
          status: plan.startAt > now ? 0 : 1,
          cancelled: false,
          timeoutHours: plan.timeoutHours,
        };
        if (plan.reportUrl) message.reportUrl = plan.reportUrl;
        state.messages.push(message);
        return {
          request_gsm: asNumberIfDigits(recipient.requestGsm),
          gsm: Number(recipient.gsm),
          gsm_track_id: message.gsmTrackId,
          tl_amount: recipient.tl,
          sms_count: recipient.smsCount,
          credit_amount: recipient.credit,
        };
      });
      return { track_id: plan.trackId, transaction_id: transactionId, valid, invalid: plan.invalid };
    }),
  };
}

/** Answers `smsviaget`, the GET form of a one-delivery send. */
export function sendFakeSmsViaGet(
  state: OrganikFakeState,
  query: Record<string, string>,
  refuseNumbers = false,
): unknown {
  const options: Record<string, unknown> = {
    header: query.header,
    timeout: query.timeout,
    delivery_time: query.deliverytime,
    gsm_isUnique: query.gsm_isunique,
    track_id: query.track_id,
    report_url: query.report_url,
    message_format: query.message_format,
  };
  const delivery = {
    options,
    recipients: {
      gsms: query.gsms ? query.gsms.split(',') : [],
      groups: query.groupids ? query.groupids.split(',') : [],
    },
    message: query.message,
  };
  return sendFakeSms(state, { deliveries: [delivery] }, refuseNumbers);
}

/** A number a delivery goes to, with its text (personalised for a group contact) or why it is refused. */
interface Target {
  requestGsm: string;
  gsm?: string;
  text: string;
  error?: number;
}

/** A number a delivery is accepted for, with what it costs. */
interface AcceptedTarget {
  requestGsm: string;
  gsm: string;
  text: string;
  smsCount: number;
  credit: number;
  tl: number;
}

/** Reads a delivery's options as the service does; a documented error code for an option it refuses. */
function readDeliveryOptions(state: OrganikFakeState, options: Record<string, unknown>, now: Date) {
  const header = asText(options.header);
  const known = state.headers.find(
    (candidate) => String(candidate.id) === header || candidate.name === header,
  );
  if (!known) return 101;
  if (known.disabled) return 107;
  const formatValue = asText(options.message_format) ?? '0';
  const messageFormat = /^\d$/.test(formatValue)
    ? Number(formatValue)
    : MESSAGE_TYPES.indexOf(formatValue as (typeof MESSAGE_TYPES)[number]);
  const type = MESSAGE_TYPES[messageFormat];
  if (type === undefined) return 96;
  const deliveryTime = asText(options.delivery_time);
  let startAt = now;
  if (deliveryTime) {
    const parsed = parseIstanbulDateTime(deliveryTime);
    if (!parsed) return 96;
    if (parsed > now) startAt = parsed;
  }
  const timeoutHours = asInteger(options.timeout) ?? 48;
  if (timeoutHours < 1 || timeoutHours > 48) return 96;
  const unique = asText(options.gsm_isUnique ?? options.gsm_isunique) !== '0';
  return { header: header ?? '', messageFormat, type, startAt, timeoutHours, unique };
}

/** The numbers of a delivery: its `gsms` (refused when `refuseNumbers`) and the contacts of its groups. */
function listTargets(
  state: OrganikFakeState,
  recipients: Record<string, unknown>,
  text: string,
  refuseNumbers: boolean,
) {
  const targets: Target[] = [];
  for (const value of asArray(recipients.gsms)) {
    const requestGsm = asText(value) ?? '';
    const gsm = normaliseGsm(requestGsm);
    if (typeof gsm === 'number') targets.push({ requestGsm, text, error: gsm });
    else targets.push(refuseNumbers ? { requestGsm, gsm, text, error: 110 } : { requestGsm, gsm, text });
  }
  for (const value of asArray(recipients.groups)) {
    const group = state.groups.find((candidate) => String(candidate.id) === asText(value));
    for (const contact of group?.contacts ?? []) {
      targets.push({ requestGsm: contact.gsm, gsm: contact.gsm, text: personalise(text, contact) });
    }
  }
  return targets;
}

/** Sorts the targets into accepted (measured and priced) and refused; 106 when a text is too long. */
function chargeTargets(
  state: OrganikFakeState,
  targets: Target[],
  type: (typeof MESSAGE_TYPES)[number],
  unique: boolean,
): { accepted: AcceptedTarget[]; invalid: unknown[] } | number {
  const seen = new Set<string>();
  const accepted: AcceptedTarget[] = [];
  const invalid: unknown[] = [];
  for (const target of targets) {
    const error = target.error ?? (target.gsm && state.blacklist.has(target.gsm) ? 109 : undefined);
    if (error !== undefined || target.gsm === undefined) {
      invalid.push({
        request_gsm: asNumberIfDigits(target.requestGsm),
        gsm: target.gsm ? Number(target.gsm) : null,
        error: { number: error ?? 110, message: ERROR_MESSAGES[error ?? 110] },
      });
      continue;
    }
    if (unique && seen.has(target.gsm)) continue;
    seen.add(target.gsm);
    const measured = calculate(target.text, { type, maxSegments: 7 });
    if (measured.segments === null || measured.segments > 7) return 106;
    const foreign = !target.gsm.startsWith('90');
    accepted.push({
      requestGsm: target.requestGsm,
      gsm: target.gsm,
      text: target.text,
      smsCount: measured.segments,
      credit: foreign ? 0 : measured.segments,
      tl: foreign ? measured.segments * (state.options.foreignPartPrice ?? 0.25) : 0,
    });
  }
  return { accepted, invalid };
}

/** Checks one delivery as the service does: what it would send and cost, or the error it fails with. */
function planDelivery(
  state: OrganikFakeState,
  global: Record<string, unknown>,
  delivery: unknown,
  now: Date,
  refuseNumbers: boolean,
) {
  const record = isRecord(delivery) ? delivery : {};
  const options = { ...global, ...(isRecord(record.options) ? record.options : {}) };
  const trackId = asText(options.track_id) ?? '';
  const fail = (code: number, invalid: unknown[] = []) => ({ ok: false as const, code, trackId, invalid });
  const read = readDeliveryOptions(state, options, now);
  if (typeof read === 'number') return fail(read);
  const encoded = asText(record.message);
  if (encoded === undefined || encoded === '') return fail(105);
  const text = decodeBase64(encoded);
  if (text === undefined) return fail(112);
  const recipients = isRecord(record.recipients) ? record.recipients : {};
  const targets = listTargets(state, recipients, text, refuseNumbers);
  if (targets.length === 0) return fail(102);
  const charged = chargeTargets(state, targets, read.type, read.unique);
  if (typeof charged === 'number') return fail(charged);
  if (charged.accepted.length === 0) return fail(102, charged.invalid);
  return {
    ok: true as const,
    trackId,
    header: read.header,
    messageFormat: read.messageFormat,
    startAt: read.startAt,
    timeoutHours: read.timeoutHours,
    accepted: charged.accepted,
    invalid: charged.invalid,
    credit: charged.accepted.reduce((sum, recipient) => sum + recipient.credit, 0),
    tl: charged.accepted.reduce((sum, recipient) => sum + recipient.tl, 0),
    reportUrl: asText(options.report_url),
  };
}

/** Answers `cancelscheduledtasks`: a delivery is cancelled (and refunded) while none of it has started. */
export function cancelFakeScheduled(state: OrganikFakeState, input: Record<string, unknown>): unknown {
  const ids = asArray(input.transaction_ids).map((value) => asText(value) ?? '');
  if (ids.length === 0) throw new FakeError(96);
  const now = state.now();
  return ids.map((id) => {
    const messages = state.messages.filter((message) => String(message.transactionId) === id);
    const cancellable =
      messages.length > 0 &&
      messages.every((message) => !message.cancelled && message.status === 0 && message.startAt > now);
    if (cancellable) {
      for (const message of messages) {
        message.cancelled = true;
        state.credit += message.creditAmount;
        state.tl = Math.round((state.tl + message.tlAmount) * 100) / 100;
      }
    }
    return { transaction_id: asNumberIfDigits(id), status: cancellable };
  });
}

function personalise(text: string, contact: OrganikFakeContact): string {
  return text
    .replaceAll('#AD#', contact.name ?? '')
    .replaceAll('#SOYAD#', contact.surname ?? '')
    .replaceAll('#GSM#', contact.gsm)
    .replace(/#OZEL([1-5])#/g, (_match, index: string) => contact.custom?.[Number(index) - 1] ?? '');
}

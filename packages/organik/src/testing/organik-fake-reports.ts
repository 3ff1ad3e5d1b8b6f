import { formatIstanbulDateTime } from '../organik-time';
import type { OrganikFakeState } from './organik-fake-state';
import type { OrganikFakeMessage } from './organik-fake-types';
import { asArray, asText, FakeError } from './organik-fake-wire';

/*
 * Delivery reports: `detailedreport` and `basicreport` over what was sent, the report row (also the body of
 * `report_url` callbacks), and moving messages to their final status.
 */

/**
 * The detailed-report row of a message, in the service's JSON shape (also the body of report callbacks).
 * @param message - an accepted message
 */
export function fakeReportRow(message: OrganikFakeMessage): Record<string, unknown> {
  return {
    gsm: Number(message.gsm),
    transaction_id: message.transactionId,
    gsm_track_id: message.gsmTrackId,
    delivery_track_id: message.trackId,
    create_date: formatIstanbulDateTime(message.createdAt, true),
    start_date: formatIstanbulDateTime(message.startAt, true),
    finish_date: message.finishedAt ? formatIstanbulDateTime(message.finishedAt, true) : null,
    status: message.status,
    sms_count: message.status === 0 ? 0 : message.smsCount,
    credit_amount: message.status === 0 ? 0 : message.creditAmount,
    is_foreign_gsm: message.gsm.startsWith('90') ? 0 : 1,
  };
}

function selectMessages(state: OrganikFakeState, input: Record<string, unknown>): OrganikFakeMessage[] {
  const transactionIds = new Set(asArray(input.transaction_ids).map((value) => asText(value)));
  const trackIds = new Set(asArray(input.delivery_track_ids).map((value) => asText(value)));
  const gsmTrackIds = new Set(asArray(input.gsm_track_ids).map((value) => asText(value)));
  if (transactionIds.size + trackIds.size + gsmTrackIds.size === 0) throw new FakeError(96);
  return state.messages.filter(
    (message) =>
      !message.cancelled &&
      (transactionIds.has(String(message.transactionId)) ||
        (message.trackId !== '' && trackIds.has(message.trackId)) ||
        gsmTrackIds.has(message.gsmTrackId)),
  );
}

/** Answers `detailedreport`: one row per message matched; error 87 when none is. */
export function fakeDetailedReport(state: OrganikFakeState, input: Record<string, unknown>): unknown {
  const rows = selectMessages(state, input);
  if (rows.length === 0) throw new FakeError(87);
  return rows.map((message) => fakeReportRow(message));
}

/** Answers `basicreport`: totals over the messages matched. */
export function fakeBasicReport(state: OrganikFakeState, input: Record<string, unknown>): unknown {
  const rows = selectMessages(state, input);
  const count = (status: number) => rows.filter((message) => message.status === status).length;
  return {
    gsm_count: rows.length,
    credit_amount: rows.reduce((sum, message) => sum + message.creditAmount, 0),
    tl_amount: rows.reduce((sum, message) => sum + message.tlAmount, 0),
    sending_count: count(0),
    sended_count: count(1),
    deliveried_count: count(2),
    wrong_count: count(3),
    timeout_count: count(4),
    sms_count: rows.reduce((sum, message) => sum + message.smsCount, 0),
  };
}

/**
 * Moves due messages forward: every message that is neither cancelled nor final, and whose start time has come,
 * gets `status` (default 2, delivered) and a finish time; a message with a `report_url` records a callback.
 * @param status - the final status to give: 2 delivered, 3 wrong number, 4 timed out (or 1, with the operator)
 * @param filter - only messages for which it returns true
 */
export function deliverFakeMessages(
  state: OrganikFakeState,
  status = 2,
  filter: (message: OrganikFakeMessage) => boolean = () => true,
): OrganikFakeMessage[] {
  const now = state.now();
  const changed: OrganikFakeMessage[] = [];
  for (const message of state.messages) {
    if (message.cancelled || message.status >= 2 || message.startAt > now || !filter(message)) continue;
    message.status = status;
    message.finishedAt = status >= 2 ? now : null;
    changed.push(message);
    if (message.reportUrl) {
      state.callbacks.push({ url: message.reportUrl, body: JSON.stringify(fakeReportRow(message)) });
    }
  }
  return changed;
}

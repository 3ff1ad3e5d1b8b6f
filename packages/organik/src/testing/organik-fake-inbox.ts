import { formatIstanbulDate, formatIstanbulDateTime } from '../organik-time';
import type { OrganikFakeState } from './organik-fake-state';
import type { OrganikFakeInboxMessage } from './organik-fake-types';
import { asText, FakeError, isRecord } from './organik-fake-wire';

/* The inbox: incoming messages that matched a keyword, put there by the test. */

/** Puts a message in the inbox. */
export function addFakeInboxMessage(state: OrganikFakeState, message: OrganikFakeInboxMessage): void {
  state.inbox.push({ ...message, id: state.nextInboxId++ });
}

/** Answers `inbox`: the incoming messages matching the keyword and day range; error 87 when none does. */
export function readFakeInbox(state: OrganikFakeState, input: Record<string, unknown>): unknown {
  const keyword = asText(input.rootKeyword);
  const range = isRecord(input.date) ? input.date : {};
  const begin = asText(range.begin);
  const end = asText(range.end);
  const rows = state.inbox
    .filter((message) => {
      const day = formatIstanbulDate(message.received ?? state.now());
      return (
        (keyword === undefined || message.rootKeyword === keyword) &&
        (begin === undefined || day >= begin) &&
        (end === undefined || day <= end)
      );
    })
    .map((message) => ({
      id: message.id,
      recipient: Number(message.recipient),
      message: message.message,
      sender: Number(message.sender),
      received: formatIstanbulDateTime(message.received ?? state.now(), true),
      rootKeyword: message.rootKeyword,
      receiveKeyword: message.receiveKeyword ?? null,
    }));
  if (rows.length === 0) throw new FakeError(87);
  return rows;
}

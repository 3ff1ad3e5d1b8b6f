import { changeFakeBlacklist, fakeBlacklist } from './organik-fake-blacklist';
import { addFakeContacts, addFakeGroups, fakeGroupContent, fakeGroups } from './organik-fake-groups';
import { readFakeInbox } from './organik-fake-inbox';
import { fakeBasicReport, fakeDetailedReport } from './organik-fake-reports';
import { cancelFakeScheduled, sendFakeSms, sendFakeSmsViaGet } from './organik-fake-sms';
import type { OrganikFakeState } from './organik-fake-state';
import type { OrganikFakeRequest } from './organik-fake-types';
import { type EnvelopeQuirk, FakeError, isRecord } from './organik-fake-wire';

/** What an operation answers: the `data` of the envelope, and how the envelope may be shaped. */
export interface FakeAnswer {
  data: unknown;
  envelopeQuirk?: EnvelopeQuirk;
}

/**
 * Routes a request to the resource that answers it, by Organik's `request_name`.
 * @param refuseNumbers - every number of a send is refused as incorrect (the `'invalid-number'` fault)
 * @throws FakeError 88 for an unknown operation, or the error the resource answers with
 */
export function dispatchFakeRequest(
  state: OrganikFakeState,
  request: OrganikFakeRequest,
  refuseNumbers: boolean,
): FakeAnswer {
  const input = isRecord(request.data) ? request.data : {};
  switch (request.requestName) {
    case 'balance':
      return { data: { tl: state.tl, credit: state.credit } };
    case 'headers':
      return { data: state.headers.map((header) => ({ id: header.id, name: header.name })) };
    case 'smsviaget':
      return {
        data: sendFakeSmsViaGet(state, request.query, refuseNumbers),
        envelopeQuirk: 'result-in-data',
      };
    case 'sendsms':
      return { data: sendFakeSms(state, input, refuseNumbers), envelopeQuirk: 'result-in-data' };
    case 'cancelscheduledtasks':
      return { data: cancelFakeScheduled(state, input) };
    case 'detailedreport':
      return { data: fakeDetailedReport(state, input), envelopeQuirk: 'bare-items' };
    case 'basicreport':
      return { data: fakeBasicReport(state, input) };
    case 'groups':
      return { data: fakeGroups(state) };
    case 'groupcontent':
      return { data: fakeGroupContent(state, input) };
    case 'groupadd':
      return { data: addFakeGroups(state, input) };
    case 'groupcontentadd':
      return { data: addFakeContacts(state, input) };
    case 'blacklist':
      return { data: fakeBlacklist(state) };
    case 'blacklistadd':
    case 'blacklistremove':
      changeFakeBlacklist(state, request.requestName === 'blacklistadd', input);
      return { data: undefined };
    case 'inbox':
      return { data: readFakeInbox(state, input) };
    default:
      throw new FakeError(88);
  }
}

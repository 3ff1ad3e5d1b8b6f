import { BULUTFON_FAX_CONTENT_TYPES, decodeBulutfonAttachment } from '../bulutfon-attachment';
import { toIstanbulIso } from './bulutfon-fake-data';
import { asString, error, fileResponse, json, splitNumbers, storedFile } from './bulutfon-fake-responses';
import type { FakeContext, FakeRoute } from './bulutfon-fake-routes';

/** Faxes: received ones to list and download, sent ones whose document must be in Bulutfon's format. */

function sendFax({ env, state, body }: FakeContext): Response {
  const title = asString(body?.title);
  const receivers = splitNumbers(body?.receivers);
  const did = asString(body?.did);
  const attachment = decodeBulutfonAttachment(String(body?.attachment ?? ''));
  if (!title) return error(422, 'title is required');
  if (!receivers) return error(422, 'receivers are invalid');
  if (!did || !state.dids.some((item) => item.number === did)) return error(422, 'did is invalid');
  if (!attachment) return error(422, 'attachment is invalid');
  if (!BULUTFON_FAX_CONTENT_TYPES.includes(attachment.contentType)) {
    return error(422, 'attachment type is not supported');
  }
  state.outgoingFaxes.push({
    id: state.outgoingFaxes.length + 1,
    title,
    did,
    created_at: toIstanbulIso(env.now()),
    file: storedFile(attachment),
    recipients: receivers.map((number) => ({
      number,
      state: 'WAITING',
      hangup_cause: null,
      hangup_state: null,
    })),
  });
  return json({ message: 'Faks gönderimi başlatıldı.' }, 201);
}

function incomingFax({ env, state, params }: FakeContext): Response {
  const fax = state.incomingFaxes.find((item) => item.uuid === params.uuid);
  return fax ? fileResponse(fax.file, env.seed) : error(404, 'Fax not found');
}

/** `/incoming-faxes` and `/outgoing-faxes`. */
export const faxRoutes: FakeRoute[] = [
  {
    method: 'GET',
    path: '/incoming-faxes',
    answer: ({ state }) =>
      json({ incoming_faxes: state.incomingFaxes.map(({ file: _file, ...fax }) => fax) }),
  },
  { method: 'GET', path: '/incoming-faxes/:uuid', file: true, answer: incomingFax },
  { method: 'GET', path: '/incoming-faxes/:uuid/stream', file: true, answer: incomingFax },
  {
    method: 'GET',
    path: '/outgoing-faxes',
    answer: ({ state }) =>
      json({
        faxes: state.outgoingFaxes.map(({ id, title, did, created_at, recipients }) => ({
          id,
          title,
          did: Number(did),
          recipient_count: recipients.length,
          created_at,
        })),
      }),
  },
  {
    method: 'GET',
    path: '/outgoing-faxes/:id',
    answer: ({ state, params }) => {
      const fax = state.outgoingFaxes.find((item) => String(item.id) === params.id);
      if (!fax) return error(404, 'Fax not found');
      const { file: _file, ...rest } = fax;
      return json({ fax: { ...rest, did: Number(fax.did), recipient_count: fax.recipients.length } });
    },
  },
  { method: 'POST', path: '/outgoing-faxes', answer: sendFax },
];

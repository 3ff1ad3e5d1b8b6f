import { asBool, asString, error, json } from './bulutfon-fake-responses';
import type { FakeContext, FakeRoute } from './bulutfon-fake-routes';
import type { BulutfonFakeExtension } from './bulutfon-fake-types';

/** Extensions: the PBX's users, created, changed and deleted with Bulutfon's checks. */

const REDIRECTION_TYPES = ['NONE', 'UNREACHABLE', 'ALWAYS'];
const DESTINATION_TYPES = ['EXTENSION', 'GROUP', 'AUTOATTENDANT', 'EXTERNAL'];
const ACL = ['domestic', 'gsm', 'international'];

/** The refusal Bulutfon gives for fields that do not hold together, or `undefined`. */
function refusal(
  context: FakeContext,
  fields: { fullName?: string; email?: string; did?: string; number?: number; redirectionType?: string },
  existing: BulutfonFakeExtension | undefined,
): string | undefined {
  if (!fields.fullName) return 'full_name is required';
  if (!fields.email?.includes('@')) return 'email is invalid';
  if (!fields.did) return 'did is required';
  if (fields.number === undefined || !/^\d{4}$/.test(String(fields.number)))
    return 'number must have 4 digits';
  if (!fields.redirectionType || !REDIRECTION_TYPES.includes(fields.redirectionType)) {
    return 'redirection_type is invalid';
  }
  for (const other of context.state.extensions.values()) {
    if (other.number === fields.number && other.id !== existing?.id) return 'number is already taken';
  }
  return undefined;
}

/** The extension a create (or, with `existing`, an update) makes, or Bulutfon's refusal. */
function extensionFrom(
  context: FakeContext,
  existing?: BulutfonFakeExtension,
): BulutfonFakeExtension | string {
  const body = context.body ?? {};
  const numberText = asString(body.number);
  const fields = {
    fullName: asString(body.full_name) ?? existing?.caller_name,
    email: asString(body.email) ?? existing?.email,
    did: asString(body.did) ?? existing?.did,
    number: numberText === undefined ? existing?.number : Number(numberText),
    redirectionType: asString(body.redirection_type) ?? existing?.redirection_type,
  };
  const refused = refusal(context, fields, existing);
  if (refused) return refused;
  const redirecting = fields.redirectionType !== 'NONE';
  const destinationType =
    asString(body.destination_type) ?? (redirecting ? (existing?.destination_type ?? undefined) : undefined);
  if (redirecting && (!destinationType || !DESTINATION_TYPES.includes(destinationType))) {
    return 'destination_type is required when redirecting';
  }
  const acl = body.acl === undefined ? (existing?.acl ?? []) : (body.acl as unknown[]).map(String);
  if (!Array.isArray(acl) || acl.some((item) => !ACL.includes(item))) return 'acl is invalid';
  const destinationNumber = asString(body.destination_number);
  return {
    id: existing?.id ?? 100 + context.env.nextId(),
    number: fields.number!,
    registered: existing?.registered ?? false,
    caller_name: fields.fullName!,
    email: fields.email!,
    did: fields.did!,
    voice_mail: asBool(body.voicemail, existing?.voice_mail ?? false),
    redirection_type: fields.redirectionType!,
    destination_type: redirecting ? (destinationType ?? null) : null,
    destination_number:
      destinationNumber === undefined ? (existing?.destination_number ?? null) : Number(destinationNumber),
    external_number: asString(body.external_number) ?? existing?.external_number ?? null,
    acl,
  };
}

/** `/extensions`: list, read, create, update, delete. */
export const extensionRoutes: FakeRoute[] = [
  {
    method: 'GET',
    path: '/extensions',
    answer: ({ state }) =>
      json({
        extensions: [...state.extensions.values()].map(({ id, number, registered, caller_name, email }) => ({
          id,
          number,
          registered,
          caller_name,
          email,
        })),
      }),
  },
  {
    method: 'GET',
    path: '/extensions/:id',
    answer: ({ state, params }) => {
      const extension = state.extensions.get(Number(params.id));
      return extension ? json({ extension }) : error(404, 'Extension not found');
    },
  },
  {
    method: 'POST',
    path: '/extensions',
    answer: (context) => {
      const created = extensionFrom(context);
      if (typeof created === 'string') return error(422, created);
      context.state.extensions.set(created.id, created);
      return json({ extension: created }, 201);
    },
  },
  {
    method: 'PUT',
    path: '/extensions/:id',
    answer: (context) => {
      const existing = context.state.extensions.get(Number(context.params.id));
      if (!existing) return error(404, 'Extension not found');
      const updated = extensionFrom(context, existing);
      if (typeof updated === 'string') return error(422, updated);
      context.state.extensions.set(existing.id, updated);
      return json({ extension: updated });
    },
  },
  {
    method: 'DELETE',
    path: '/extensions/:id',
    answer: ({ state, params }) =>
      state.extensions.delete(Number(params.id))
        ? json({ message: 'Dahili silindi.' })
        : error(404, 'Extension not found'),
  },
];

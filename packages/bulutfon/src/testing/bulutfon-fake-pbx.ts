import { error, json } from './bulutfon-fake-responses';
import type { FakeRoute } from './bulutfon-fake-routes';
import type { BulutfonFakeExtension } from './bulutfon-fake-types';

/** The account and the PBX's numbers and ring groups. */

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** `GET /me`, `/dids` and `/groups`. */
export const pbxRoutes: FakeRoute[] = [
  {
    method: 'GET',
    path: '/me',
    answer: ({ state }) =>
      json({
        user: { email: 'santral@example.com', name: 'Test Kullanıcı', gsm: '905321112233' },
        pbx: {
          name: 'santral',
          url: 'santral.bulutfon.net',
          state: 'CONFIRMED',
          package: 'LARGE',
          customer_type: 'CORPORATE',
        },
        credit: { balance: state.balance, sms_credits: state.smsCredits },
      }),
  },
  { method: 'GET', path: '/dids', answer: ({ state }) => json({ dids: state.dids }) },
  {
    method: 'GET',
    path: '/dids/:id',
    answer: ({ state, params }) => {
      const did = state.dids.find((item) => String(item.id) === params.id);
      if (!did) return error(404, 'Did not found');
      const workingHours = Object.fromEntries(
        DAYS.map((day, index) => [day, { open: index < 5, shift_start: '08:30', shift_finish: '18:30' }]),
      );
      return json({ did: { ...did, working_hours: workingHours } });
    },
  },
  {
    method: 'GET',
    path: '/groups',
    answer: ({ state }) => json({ groups: state.groups.map(({ members: _members, ...group }) => group) }),
  },
  {
    method: 'GET',
    path: '/groups/:id',
    answer: ({ state, params }) => {
      const group = state.groups.find((item) => String(item.id) === params.id);
      if (!group) return error(404, 'Group not found');
      const { members, delay_time: _delay, ring_duration: _ring, ...rest } = group;
      const extensions = (members as number[])
        .map((member) => state.extensions.get(member))
        .filter((item): item is BulutfonFakeExtension => item !== undefined)
        .map((item) => ({
          id: item.id,
          number: item.number,
          caller_name: item.caller_name,
          email: item.email,
        }));
      return json({ group: { ...rest, extensions } });
    },
  },
];

import { generatedBytes, toIstanbulIso } from './bulutfon-fake-data';
import { initialCallScripts } from './bulutfon-fake-dialler';
import type { FakeEnvironment } from './bulutfon-fake-routes';
import type { BulutfonFakeExtension, BulutfonFakeState } from './bulutfon-fake-types';

/** The data a fake server starts with (and returns to on `reset()`): a small PBX and an SMS account. */

const EXTENSIONS: BulutfonFakeExtension[] = [
  {
    id: 11,
    number: 1001,
    registered: true,
    caller_name: 'Ayşe Yılmaz',
    email: 'ayse@example.com',
    did: '902122222222',
    voice_mail: true,
    redirection_type: 'NONE',
    destination_type: null,
    destination_number: null,
    external_number: null,
    acl: ['domestic', 'gsm'],
  },
  {
    id: 12,
    number: 1002,
    registered: false,
    caller_name: 'Mehmet Demir',
    email: 'mehmet@example.com',
    did: '902122222222',
    voice_mail: false,
    redirection_type: 'UNREACHABLE',
    destination_type: 'EXTENSION',
    destination_number: 1001,
    external_number: null,
    acl: ['domestic'],
  },
];

/**
 * A fresh copy of the initial data.
 * @param env - the server's environment (token, seed, clock)
 */
export function createInitialState(env: FakeEnvironment): BulutfonFakeState {
  const created = toIstanbulIso(env.epoch - 86_400_000);
  const file = (size: number, seedOffset: number, contentType: string, fileName: string) => ({
    bytes: generatedBytes(size, env.seed + seedOffset),
    size,
    contentType,
    fileName,
  });
  return {
    tokens: new Map([[env.token, {}]]),
    refreshTokens: new Map(),
    authorizationCodes: new Map(),
    dids: [
      {
        id: 1,
        number: env.pbxNumber,
        state: 'CONFIRMED',
        destination_type: 'Auto attendant',
        destination_id: 3,
        destination_number: 10,
        working_hour: true,
      },
      {
        id: 2,
        number: '908502222222',
        state: 'CONFIRMED',
        destination_type: 'Group',
        destination_id: 1,
        destination_number: 601,
        working_hour: false,
      },
    ],
    extensions: new Map(
      EXTENSIONS.map((extension) => [extension.id, { ...extension, acl: [...extension.acl] }]),
    ),
    groups: [
      { id: 1, number: 601, name: 'Satış', timeout: 30, delay_time: 0, ring_duration: 20, members: [11, 12] },
    ],
    recordings: new Map(),
    deletedRecordings: new Set(),
    incomingFaxes: [
      {
        uuid: '5f6c9a53-8c1e-4a8e-9c35-0f1b5e7e4b11',
        sender: 903122222222,
        receiver: Number(env.pbxNumber),
        created_at: created,
        file: file(2048, 7, 'image/tiff', 'fax.tiff'),
      },
    ],
    outgoingFaxes: [],
    announcements: [
      {
        id: 22,
        name: 'Karşılama',
        file_name: '22.wav',
        is_on_hold_music: false,
        created_at: created,
        file: file(1024, 9, 'audio/x-wav', '22.wav'),
      },
    ],
    automaticCalls: [],
    placedCalls: [],
    callScripts: initialCallScripts(env),
    callCdrs: new Map(),
    webhookDeliveries: [],
    bridgedCalls: [],
    messageTitles: [
      { id: 1, name: 'TEST', state: 'CONFIRMED' },
      { id: 2, name: 'BEKLEYEN', state: 'DRAFT' },
    ],
    smsRejections: new Map([
      ['TEST', [{ id: 1, number: '905559998877', sms_sent_at: created, rejected_at: created }]],
    ]),
    messages: [],
    sentMessages: [],
    droppedMessages: [],
    smsHistory: new Map(),
    smsBlockedUntil: new Map(),
    smsCredits: 1000,
    balance: '300.06',
  };
}

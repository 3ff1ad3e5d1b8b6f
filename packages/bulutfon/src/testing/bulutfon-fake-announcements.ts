import { decodeBulutfonAttachment } from '../bulutfon-attachment';
import { toIstanbulIso } from './bulutfon-fake-data';
import { asString, error, fileResponse, json, storedFile } from './bulutfon-fake-responses';
import type { FakeContext, FakeRoute } from './bulutfon-fake-routes';

/** Announcements: the PBX's sound files, uploaded in Bulutfon's attachment format. */

function upload({ env, state, body }: FakeContext): Response {
  const name = asString(body?.name);
  const attachment = decodeBulutfonAttachment(String(body?.announcement ?? ''));
  if (!name) return error(422, 'name is required');
  if (!attachment) return error(422, 'announcement is invalid');
  if (!attachment.contentType.startsWith('audio/')) return error(422, 'announcement must be a sound file');
  const id = 100 + env.nextId();
  state.announcements.push({
    id,
    name,
    file_name: `${id}.wav`,
    is_on_hold_music: false,
    created_at: toIstanbulIso(env.now()),
    file: storedFile(attachment),
  });
  return json({ message: 'Anons yüklendi.', announcement: { id, name } }, 201);
}

function soundFile({ env, state, params }: FakeContext): Response {
  const announcement = state.announcements.find((item) => String(item.id) === params.id);
  return announcement ? fileResponse(announcement.file, env.seed) : error(404, 'Announcement not found');
}

/** `/announcements`. */
export const announcementRoutes: FakeRoute[] = [
  {
    method: 'GET',
    path: '/announcements',
    answer: ({ state }) =>
      json({ announcements: state.announcements.map(({ file: _file, ...item }) => item) }),
  },
  { method: 'GET', path: '/announcements/:id', file: true, answer: soundFile },
  { method: 'GET', path: '/announcements/:id/stream', file: true, answer: soundFile },
  { method: 'POST', path: '/announcements', answer: upload },
  {
    method: 'DELETE',
    path: '/announcements/:id',
    answer: ({ state, params }) => {
      const index = state.announcements.findIndex((item) => String(item.id) === params.id);
      if (index < 0) return error(404, 'Announcement not found');
      state.announcements.splice(index, 1);
      return json({ message: 'Anons silindi.' });
    },
  },
];

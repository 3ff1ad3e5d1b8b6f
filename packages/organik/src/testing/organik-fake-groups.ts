import type { OrganikFakeState } from './organik-fake-state';
import type { OrganikFakeContact, OrganikFakeGroup } from './organik-fake-types';
import { asArray, asText, FakeError, isRecord, normaliseGsm } from './organik-fake-wire';

/* Contact groups: `groups`, `groupcontent`, `groupadd` and `groupcontentadd`. */

/** Answers `groups`: every group with its number of contacts. */
export function fakeGroups(state: OrganikFakeState): unknown {
  return state.groups.map((group) => ({ id: group.id, name: group.name, count: group.contacts.length }));
}

/** Answers `groupcontent`: the contacts of the groups named. */
export function fakeGroupContent(state: OrganikFakeState, input: Record<string, unknown>): unknown {
  const ids = asArray(input.group_ids).map((value) => asText(value));
  if (ids.length === 0) throw new FakeError(96);
  return state.groups
    .filter((group) => ids.includes(String(group.id)))
    .flatMap((group) =>
      group.contacts.map((contact) => ({
        group_id: group.id,
        name: contact.name ?? '',
        surname: contact.surname ?? '',
        gsm: Number(contact.gsm),
        birthday: contact.birthday ?? null,
      })),
    );
}

/** Answers `groupadd`: creates the groups named. */
export function addFakeGroups(state: OrganikFakeState, input: Record<string, unknown>): unknown {
  const names = asArray(input.groups).map((value) => asText(value) ?? '');
  if (names.length === 0 || names.some((name) => name.trim() === '')) throw new FakeError(96);
  return names.map((name) => {
    const group: OrganikFakeGroup = { id: state.nextGroupId++, name, contacts: [] };
    state.groups.push(group);
    return { id: group.id, name };
  });
}

/** Answers `groupcontentadd`: stores the valid contacts of known groups; error 85 when none is. */
export function addFakeContacts(state: OrganikFakeState, input: Record<string, unknown>): unknown {
  const persons = asArray(input.persons);
  if (persons.length === 0) throw new FakeError(96);
  const stored: unknown[] = [];
  for (const person of persons) {
    if (!isRecord(person)) continue;
    const group = state.groups.find((candidate) => String(candidate.id) === asText(person.group_id));
    const gsm = normaliseGsm(asText(person.gsm) ?? '');
    if (!group || typeof gsm === 'number') continue;
    const contact: OrganikFakeContact = { gsm };
    const name = asText(person.name);
    const surname = asText(person.surname);
    const birthday = asText(person.birthday);
    if (name) contact.name = name;
    if (surname) contact.surname = surname;
    if (birthday) contact.birthday = birthday;
    group.contacts.push(contact);
    stored.push({
      id: state.nextContactId++,
      group_id: group.id,
      gsm: Number(gsm),
      name: name ?? '',
      surname: surname ?? '',
      birthday: birthday ?? null,
    });
  }
  if (stored.length === 0) throw new FakeError(85);
  return stored;
}

import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes of the admin console's named users (`ADMIN_USERS`): scrypt from `node:crypto`, written
 * `scrypt$N$r$p$salt$hash` with the salt and the hash in base64url. Verification runs off the event loop
 * (libuv's thread pool) and compares in constant time.
 */

/** The cost parameters of a new hash: N = 2^15, r = 8, p = 1 (32 MiB, about 0.1 s). */
export const PASSWORD_HASH_DEFAULTS = { N: 32_768, r: 8, p: 1 } as const;

/** The largest parameters a stored hash may ask for, so that a bad entry cannot exhaust memory or CPU. */
const LIMITS = { N: 1_048_576, r: 32, p: 16 } as const;
const KEY_LENGTH = 32;

/** A parsed `scrypt$N$r$p$salt$hash`. */
export interface PasswordHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function deriveKey(
  password: string,
  salt: Buffer,
  parameters: ScryptOptions,
  length: number,
): Promise<Buffer> {
  const maxmem = 128 * (parameters.N ?? 0) * (parameters.r ?? 0) * 2 + 1_048_576;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, { ...parameters, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a password for `ADMIN_USERS`.
 * @param password - the password (at least 12 characters)
 * @returns `scrypt$N$r$p$salt$hash`
 * @throws Error when the password is shorter than 12 characters
 */
export async function hashPassword(password: string): Promise<string> {
  if ([...password].length < 12) throw new Error('Use a password of at least 12 characters');
  const { N, r, p } = PASSWORD_HASH_DEFAULTS;
  const salt = randomBytes(16);
  const hash = await deriveKey(password, salt, { N, r, p }, KEY_LENGTH);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/**
 * Reads a stored hash; undefined when it is not one this service writes or its parameters are out of bounds.
 * @param text - `scrypt$N$r$p$salt$hash`
 */
export function parsePasswordHash(text: string): PasswordHash | undefined {
  const match =
    /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{16,88})\$([A-Za-z0-9_-]{43,88})$/.exec(text);
  if (!match) return undefined;
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const powerOfTwo = N > 1 && (N & (N - 1)) === 0;
  if (!powerOfTwo || N > LIMITS.N || r < 1 || r > LIMITS.r || p < 1 || p > LIMITS.p) return undefined;
  const salt = Buffer.from(match[4] ?? '', 'base64url');
  const hash = Buffer.from(match[5] ?? '', 'base64url');
  if (hash.length < KEY_LENGTH) return undefined;
  return { N, r, p, salt, hash };
}

/**
 * Checks a password against a parsed hash, in constant time.
 * @param password - what the user typed
 * @param stored - the user's hash
 */
export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const { N, r, p, salt, hash } = stored;
  const derived = await deriveKey(password, salt, { N, r, p }, hash.length);
  return timingSafeEqual(derived, hash);
}

/** A named user of `ADMIN_USERS`. */
export interface AdminUser {
  name: string;
  hash: PasswordHash;
}

/** The form of a user name: what the audit log shows. */
export const ADMIN_USER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Parses `ADMIN_USERS`: `name:scrypt$...` entries separated by commas. Errors name the entry's position and
 * the user, never the hash.
 * @param value - the variable's value
 * @returns the users by name
 * @throws Error naming what is wrong
 */
export function parseAdminUsers(value: string): Map<string, AdminUser> {
  const users = new Map<string, AdminUser>();
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length > 100) throw new Error('ADMIN_USERS: at most 100 users');
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const name = colon > 0 ? entry.slice(0, colon) : '';
    if (!ADMIN_USER_NAME.test(name)) {
      throw new Error(`ADMIN_USERS entry ${index + 1}: expected name:scrypt$..., the name a-z 0-9 . _ -`);
    }
    if (name === 'admin')
      throw new Error('ADMIN_USERS: "admin" is the user of ADMIN_TOKEN; pick another name');
    const hash = parsePasswordHash(entry.slice(colon + 1));
    if (!hash)
      throw new Error(`ADMIN_USERS entry ${index + 1} (${name}): not a hash of the hash-password command`);
    if (users.has(name)) throw new Error(`ADMIN_USERS: the user ${name} is listed twice`);
    users.set(name, { name, hash });
  });
  return users;
}

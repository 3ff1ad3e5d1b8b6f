import type { Readable, Writable } from 'node:stream';
import { ADMIN_USER_NAME, hashPassword } from './admin/passwords';

/** Where the command reads and writes (the process's streams by default; tests pass their own). */
export interface CommandStreams {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/** Reads a password from a stream: its first line, at most 1 KiB. */
async function readPassword(stdin: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n') || text.length > 1024) break;
  }
  return (text.split(/\r?\n/)[0] ?? '').slice(0, 1024);
}

/**
 * The `hash-password <user>` command of the apps' CLI: reads the password from standard input (its first line,
 * so that it stays out of the shell's history and the process list) and prints the `ADMIN_USERS` entry
 * `user:scrypt$N$r$p$salt$hash`.
 *
 * `printf '%s\n' 'a long passphrase' | node dist/main.js hash-password ayse`
 * @param args - the arguments after `hash-password`
 * @param streams - standard input, output and error
 * @returns the exit code: 0, or 1 with a message on standard error
 */
export async function runHashPasswordCommand(
  args: readonly string[],
  streams: CommandStreams = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [user] = args;
  if (!user || args.length !== 1 || !ADMIN_USER_NAME.test(user) || user === 'admin') {
    streams.stderr.write(
      'usage: hash-password <user>   (the password on standard input; the user a-z 0-9 . _ -, not "admin")\n',
    );
    return 1;
  }
  try {
    const hash = await hashPassword(await readPassword(streams.stdin));
    streams.stdout.write(`${user}:${hash}\n`);
    return 0;
  } catch (error) {
    streams.stderr.write(`hash-password: ${(error as Error).message}\n`);
    return 1;
  }
}

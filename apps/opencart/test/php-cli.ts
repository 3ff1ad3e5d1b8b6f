import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Whether a PHP CLI is installed (the PHP tests are skipped, and say so, without one). */
export function hasPhp(): boolean {
  try {
    execFileSync('php', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs one of the extension's harnesses (`test/php/<name>.php`) on a fixture, written as a file in `folder`.
 * @param name - the harness: the catalog event (`run-extension`) or the write-back route and admin side
 * @param fixture - the harness's fixture
 * @param folder - a folder of the test's own
 * @returns what the harness printed, parsed
 */
export async function runHarness<T>(
  name: 'run-extension' | 'run-write-back',
  fixture: unknown,
  folder: string,
): Promise<T> {
  const file = path.join(folder, `fixture-${randomUUID()}.json`);
  await writeFile(file, JSON.stringify(fixture));
  const { stdout } = await run('php', [path.join(import.meta.dirname, 'php', `${name}.php`), file], {
    timeout: 20_000,
  });
  return JSON.parse(stdout) as T;
}

/**
 * Saves the extension's settings as a shop owner does on its settings page: the fields as typed, through
 * OpenCart's cleaning of every posted field (Request::clean of the major version given), then the admin side's
 * save.
 * @param folder - a folder of the test's own
 * @param fields - the form's fields as typed
 * @param opencart - OpenCart's major version, 3 or 4
 * @returns the save's answer and the settings it stored (`module_x_messaging_*`)
 */
export async function saveSettings(
  folder: string,
  fields: Record<string, string | number>,
  opencart: 3 | 4,
): Promise<{ answer: Record<string, unknown>; settings: Record<string, unknown> }> {
  const { saved } = await runHarness<{
    saved: { answer: Record<string, unknown>; settings: { module_x_messaging?: Record<string, unknown> } };
  }>('run-write-back', { config: {}, statuses: [], orders: {}, save: fields, opencart }, folder);
  return { answer: saved.answer, settings: saved.settings.module_x_messaging ?? {} };
}

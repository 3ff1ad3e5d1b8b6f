import { execFileSync } from 'node:child_process';

/** Whether a PHP CLI is installed (the PHP tests are skipped, and say so, without one). */
export function hasPhp(): boolean {
  try {
    execFileSync('php', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasPhp, runHarness } from './php-cli';

/*
 * The OpenCart extension's write-back route (PHP) run with php-cli on fixtures: signature, timestamp window,
 * one history entry per job id, unknown orders. Skipped (and said so) where no PHP CLI is installed.
 */

const secret = 'opencart-write-back-secret';

interface WriteBackResult {
  status: number;
  answer: { result: string };
  history: { order_id: number; order_status_id: number; comment: string; notify: boolean }[];
  applied: string[];
  /** The extension's tables once the request was answered. */
  tables: string[];
  log: string[];
  /** The first word of each SQL statement of the request, in order. */
  statements: string[];
  /** The settings save run before the request: its JSON answer, the settings written and the tables after it. */
  saved: { answer: Record<string, unknown>; settings: Record<string, unknown>; tables: string[] } | null;
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'opencart-write-back-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const sign = (body: string, key = secret) => createHmac('sha256', key).update(body).digest('base64');
const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Runs the route once with a body, its signature, and the job ids applied before. */
async function writeBack(options: {
  body: Record<string, unknown> | string;
  signature?: string;
  applied?: string[];
  notify?: boolean;
  /** Whether writing the history entry throws (a string: the database error's message it throws). */
  failHistory?: boolean | string;
  /** The extension's tables before the request (default: both, as an install leaves them). */
  tables?: string[];
  /** Runs the extension's install (admin side) on the same database first. */
  install?: boolean;
  /** Saves the extension's settings (admin side, the form's fields as typed) on the same database first. */
  save?: Record<string, string | number>;
  /** The major version of OpenCart whose cleaning of posted fields the save goes through (4 by default). */
  opencart?: 3 | 4;
  /** Whose error message a missing table gives: OpenCart's mysqli driver (default) or its PDO driver. */
  driver?: 'mysqli' | 'pdo';
  /** A database error the claim throws instead of claiming (OpenCart's message, without the statement). */
  claimError?: string;
}): Promise<WriteBackResult> {
  const body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  return runHarness<WriteBackResult>(
    'run-write-back',
    {
      config: {
        module_x_messaging_status: 1,
        module_x_messaging_secret: secret,
        ...(options.notify ? { module_x_messaging_write_back_notify: 1 } : {}),
      },
      orders: { '7001': { order_id: 7001, order_status_id: 1 } },
      statuses: [1, 2, 5, 7],
      applied: options.applied ?? [],
      failHistory: options.failHistory ?? false,
      ...(options.tables ? { tables: options.tables } : {}),
      install: options.install ?? false,
      ...(options.save ? { save: options.save } : {}),
      ...(options.opencart ? { opencart: options.opencart } : {}),
      ...(options.driver ? { driver: options.driver } : {}),
      ...(options.claimError ? { claimError: options.claimError } : {}),
      body,
      signature: options.signature ?? sign(body),
    },
    folder,
  );
}

const note = (jobId = 'job-1:note') => ({
  job_id: jobId,
  order_id: 7001,
  timestamp: nowSeconds(),
  note: 'Telefonla onaylandı, tuş 1',
});

describe.skipIf(!hasPhp())('OpenCart extension (PHP): the write-back route', () => {
  it('adds the note as a history entry with the current status, without notifying the customer', async () => {
    const result = await writeBack({ body: note() });
    expect(result.status).toBe(200);
    expect(result.answer.result).toBe('applied');
    expect(result.history).toEqual([
      { order_id: 7001, order_status_id: 1, comment: 'Telefonla onaylandı, tuş 1', notify: false },
    ]);
    expect(result.applied).toEqual(['job-1:note']);
    // The claim and the history entry are one transaction; the route creates no table.
    expect(result.statements.slice(-3)).toEqual(['START', 'INSERT', 'COMMIT']);
    expect(result.statements).not.toContain('CREATE');
  });

  it('stores the note escaped, as OpenCart stores the comments typed in its forms', async () => {
    const result = await writeBack({ body: { ...note(), note: 'Onaylandı & "tuş" <1>' } });
    expect(result.status).toBe(200);
    expect(result.history[0]?.comment).toBe('Onaylandı &amp; &quot;tuş&quot; &lt;1&gt;');
  });

  it('works on a fresh install: the install creates the table the route claims job ids in', async () => {
    const result = await writeBack({ body: note(), tables: [], install: true });
    expect(result.status).toBe(200);
    expect(result.answer.result).toBe('applied');
    expect(result.tables).toEqual(['oc_x_messaging_retry', 'oc_x_messaging_write_back']);
    expect(result.history).toHaveLength(1);
    expect(result.statements).not.toContain('CREATE');
  });

  it('works after an update once the settings are saved: the save creates the missing write-back table', async () => {
    // An install older than the write-back route: the retry table only. The owner saves the settings once
    // (the secret field left empty keeps the stored one), then the service writes a confirmation back.
    const result = await writeBack({
      body: note(),
      tables: ['oc_x_messaging_retry'],
      save: {
        module_x_messaging_status: 1,
        module_x_messaging_url: 'https://sms.example.com/webhooks/opencart/kupa',
        module_x_messaging_secret: '',
        module_x_messaging_timeout: 3,
      },
    });
    expect(result.saved).toEqual({
      answer: { success: 'text_success' },
      settings: {
        module_x_messaging: {
          module_x_messaging_status: 1,
          module_x_messaging_url: 'https://sms.example.com/webhooks/opencart/kupa',
          module_x_messaging_secret: secret,
          module_x_messaging_timeout: 3,
        },
      },
      tables: ['oc_x_messaging_retry', 'oc_x_messaging_write_back'],
    });
    expect(result.status).toBe(200);
    expect(result.answer.result).toBe('applied');
    expect(result.history).toEqual([
      { order_id: 7001, order_status_id: 1, comment: 'Telefonla onaylandı, tuş 1', notify: false },
    ]);
    expect(result.applied).toEqual(['job-1:note']);
    // The request found its table: the claim and the history entry at the first try, no table created by it.
    expect(result.statements).toEqual(['START', 'INSERT', 'COMMIT']);
    expect(result.log).toEqual([]);
  });

  it('stores a secret and URL typed with & < > " as typed, through OpenCart 3 and 4, and takes the service signature made with it', async () => {
    // OpenCart escapes every posted field (`&` becomes `&amp;`) before the settings are saved.
    const typed = 'Kupa&Shop<2026>"x"';
    const url = 'https://sms.example.com/a&b/webhooks/opencart/kupa';
    for (const opencart of [3, 4] as const) {
      const body = JSON.stringify(note(`job-${opencart}`));
      const result = await writeBack({
        body,
        signature: sign(body, typed),
        opencart,
        save: {
          module_x_messaging_status: 1,
          module_x_messaging_url: url,
          module_x_messaging_secret: typed,
          module_x_messaging_timeout: 3,
        },
      });
      expect(result.saved?.settings).toEqual({
        module_x_messaging: {
          module_x_messaging_status: 1,
          module_x_messaging_url: url,
          module_x_messaging_secret: typed,
          module_x_messaging_timeout: 3,
        },
      });
      expect(result.status).toBe(200);
      expect(result.answer.result).toBe('applied');
    }
  });

  it('without its table (files updated, settings not saved since) creates it and applies the note once', async () => {
    for (const driver of ['mysqli', 'pdo'] as const) {
      const first = await writeBack({ body: note(), tables: ['oc_x_messaging_retry'], driver });
      expect(first.status).toBe(200);
      expect(first.answer.result).toBe('applied');
      expect(first.tables).toEqual(['oc_x_messaging_retry', 'oc_x_messaging_write_back']);
      expect(first.history).toEqual([
        { order_id: 7001, order_status_id: 1, comment: 'Telefonla onaylandı, tuş 1', notify: false },
      ]);
      expect(first.applied).toEqual(['job-1:note']);
      // The failed claim is rolled back before the tables are created (a CREATE would commit an open
      // transaction), then the claim and the history entry are written again as one transaction.
      expect(first.statements).toEqual([
        'START',
        'INSERT',
        'ROLLBACK',
        'CREATE',
        'CREATE',
        'START',
        'INSERT',
        'COMMIT',
      ]);
      expect(first.log.join('\n')).toMatch(/created the write-back table/);

      const replay = await writeBack({ body: note(), tables: first.tables, applied: first.applied, driver });
      expect(replay.status).toBe(200);
      expect(replay.answer.result).toBe('already_applied');
      expect(replay.history).toEqual([]);
      expect(replay.statements).toEqual(['START', 'INSERT', 'ROLLBACK']);
    }
  });

  it('runs no CREATE when the table exists, whether the job is new, replayed or its history fails', async () => {
    const applied = await writeBack({ body: note() });
    const replay = await writeBack({ body: note(), applied: applied.applied });
    const failed = await writeBack({ body: note('job-2:note'), failHistory: true });
    expect([applied.answer.result, replay.answer.result, failed.answer.result]).toEqual([
      'applied',
      'already_applied',
      'write_failed',
    ]);
    for (const result of [applied, replay, failed]) {
      expect(result.statements).not.toContain('CREATE');
    }
  });

  it('answers 500 and writes nothing when the claim fails for another reason than a missing table', async () => {
    const errors = [
      'Error: Lock wait timeout exceeded; try restarting transaction<br/>Error No: 1205',
      'Error: SQLSTATE[HY000]: General error: 1030 Got error 28 from storage engine <br/>Error Code : HY000',
    ];
    for (const claimError of errors) {
      const result = await writeBack({ body: note(), claimError });
      expect(result.status).toBe(500);
      expect(result.answer.result).toBe('write_failed');
      expect(result.history).toEqual([]);
      expect(result.applied).toEqual([]);
      expect(result.statements).toEqual(['START', 'INSERT', 'ROLLBACK']);
      expect(result.log.join('\n')).toMatch(/order write-back failed \(Exception\)/);
    }
    // A table missing under the history entry (another extension's, say) is not the write-back table's.
    const history = await writeBack({
      body: note(),
      failHistory:
        "Error: Table 'shop.oc_order_history' doesn't exist<br/>Error No: 1146<br/>INSERT INTO `oc_order_history`",
    });
    expect(history.status).toBe(500);
    expect(history.answer.result).toBe('write_failed');
    expect(history.applied).toEqual([]);
    expect(history.statements).not.toContain('CREATE');
  });

  it('keeps no claim when the history cannot be written, so that the retry applies the note', async () => {
    const failed = await writeBack({ body: note(), failHistory: true });
    expect(failed.status).toBe(500);
    expect(failed.answer.result).toBe('write_failed');
    expect(failed.history).toEqual([]);
    expect(failed.applied).toEqual([]);
    expect(failed.statements.slice(-1)).toEqual(['ROLLBACK']);
    const retried = await writeBack({ body: note(), applied: failed.applied });
    expect(retried.answer.result).toBe('applied');
    expect(retried.history).toHaveLength(1);
  });

  it('sets a new status, and notifies the customer only when configured', async () => {
    const body = { job_id: 'job-1:status', order_id: 7001, timestamp: nowSeconds(), order_status_id: 7 };
    const result = await writeBack({ body, notify: true });
    expect(result.status).toBe(200);
    expect(result.history).toEqual([{ order_id: 7001, order_status_id: 7, comment: '', notify: true }]);
  });

  it('applies a job id once: a replay answers already_applied and adds no second entry', async () => {
    const body = JSON.stringify(note());
    const first = await writeBack({ body });
    const replay = await writeBack({ body, applied: first.applied });
    expect(replay.status).toBe(200);
    expect(replay.answer.result).toBe('already_applied');
    expect(replay.history).toEqual([]);
  });

  it('refuses a bad signature with 401 and writes nothing', async () => {
    const body = JSON.stringify(note());
    for (const signature of [sign(body, 'another-secret'), '', sign(`${body} `)]) {
      const result = await writeBack({ body, signature });
      expect(result.status).toBe(401);
      expect(result.answer.result).toBe('bad_signature');
      expect(result.history).toEqual([]);
      expect(result.applied).toEqual([]);
    }
  });

  it('refuses a stale or future timestamp with 401', async () => {
    // Well past the 300 s window on both sides: the PHP process reads its clock a moment after this one.
    for (const timestamp of [nowSeconds() - 400, nowSeconds() + 400]) {
      const result = await writeBack({ body: { ...note(), timestamp } });
      expect(result.status).toBe(401);
      expect(result.answer.result).toBe('stale_timestamp');
      expect(result.history).toEqual([]);
    }
  });

  it('answers 404 for an unknown order and 400 for malformed requests', async () => {
    const unknown = await writeBack({ body: { ...note(), order_id: 9999 } });
    expect(unknown.status).toBe(404);
    expect(unknown.history).toEqual([]);
    const malformed = [
      'not json',
      { ...note(), order_id: '7001' },
      { ...note(), job_id: "job'; DROP TABLE" },
      { job_id: 'job-2', order_id: 7001, timestamp: nowSeconds() },
      { ...note(), note: 'x'.repeat(8001) },
      { job_id: 'job-2', order_id: 7001, timestamp: nowSeconds(), order_status_id: 99 },
    ];
    for (const body of malformed) {
      const result = await writeBack({ body });
      expect(result.status).toBe(400);
      expect(result.history).toEqual([]);
    }
  });
});

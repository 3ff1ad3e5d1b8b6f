import { describe, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index';
import { describeAdminStore } from './admin-store-suite';
import { openPostgresHarness } from './harness';
import { DATABASE_URL, dropSchema, randomSchema } from './postgres';
import { describeOutboxStore } from './store-suite';

describeOutboxStore('postgres', openPostgresHarness);
describeAdminStore('postgres', openPostgresHarness);

describe('createPostgresStore', () => {
  it('migrates safely when several processes start at once', async () => {
    const schema = randomSchema();
    try {
      const stores = await Promise.all(
        Array.from({ length: 4 }, () => createPostgresStore({ connectionString: DATABASE_URL, schema })),
      );
      expect(await Promise.all(stores.map((store) => store.schemaVersion()))).toEqual([2, 2, 2, 2]);
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await dropSchema(schema);
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(
      createPostgresStore({ connectionString: DATABASE_URL, schema: 'a"; DROP' }),
    ).rejects.toMatchObject({
      name: 'LoadSettingError',
    });
  });

  it('names the option and the environment variable when no connection is configured', async () => {
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      await expect(createPostgresStore()).rejects.toThrow(/connectionString.*DATABASE_URL/);
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });
});

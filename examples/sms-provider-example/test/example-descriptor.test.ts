import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { provider } from '../src/index';
import { FAKE_EXAMPLE_API_KEY, startExampleFakeServer } from '../src/testing';

describe('the descriptor', () => {
  it('names a malformed key and a bad option, never their values', () => {
    const badKey = 'ek_short-but-secret';
    let caught: unknown;
    try {
      provider.createSms?.({
        options: { baseUrl: 'example-sms.test' },
        env: { EXAMPLE_SMS_API_KEY: badKey },
      });
    } catch (error) {
      caught = error;
    }
    expect(ValidationError.isInstance(caught)).toBe(true);
    const paths = (caught as ValidationError).issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(['options.baseUrl']);
    // Options are checked first; with good options the key's form is reported.
    expect(() => provider.createSms?.({ options: {}, env: { EXAMPLE_SMS_API_KEY: badKey } })).toThrow(
      /env\.EXAMPLE_SMS_API_KEY: EXAMPLE_SMS_API_KEY must be "ek_" and 24 letters or digits/,
    );
    expect(String(caught)).not.toContain(badKey);
  });

  it('creates a provider that sends with the sender from EXAMPLE_SMS_SENDER', async () => {
    const fake = await startExampleFakeServer();
    try {
      const sms = provider.createSms?.({
        options: { baseUrl: fake.url },
        env: { EXAMPLE_SMS_API_KEY: FAKE_EXAMPLE_API_KEY, EXAMPLE_SMS_SENDER: 'MAGAZA' },
      });
      await sms?.sendSms({ to: '0532 123 45 67', text: 'Merhaba' });
      expect(fake.sent.map((message) => message.from)).toEqual(['MAGAZA']);
    } finally {
      await fake.close();
    }
  });
});

describe('README', () => {
  it('runs the example against the built package and prints what its comments say', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const code = /## Example[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    // Inside the package folder, the package's own name resolves to its built entries (self-reference).
    const file = new URL('../readme-example.tmp.mjs', import.meta.url);
    await writeFile(file, code);
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [fileURLToPath(file)]);
      const expected = [...code.matchAll(/^\/\/ (.+)$/gm)].map((match) => match[1]);
      expect(expected.length).toBeGreaterThan(0);
      expect(stdout.trim().split('\n')).toEqual(expected);
    } finally {
      await rm(file, { force: true });
    }
  });
});

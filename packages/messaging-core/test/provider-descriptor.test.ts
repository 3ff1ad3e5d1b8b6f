import { describe, expect, it } from 'vitest';
import { parseProviderOptions, readProviderEnv, ValidationError } from '../src/index';
import { provider as sandbox } from '../src/sandbox';

function errorOf(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (ValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('readProviderEnv', () => {
  it('names a malformed variable without its value, and treats empty values as unset', () => {
    const error = errorOf(() =>
      readProviderEnv(
        'acme',
        { ACME_KEY: 'not-hex-value-zz', ACME_SENDER: '' },
        { ACME_KEY: { pattern: /^[0-9a-f]+$/, expected: 'hexadecimal' }, ACME_SENDER: {} },
      ),
    );
    expect(error.issues).toEqual([{ path: ['env', 'ACME_KEY'], message: 'ACME_KEY must be hexadecimal' }]);
    expect(error.message).toContain('env.ACME_KEY');
    expect(JSON.stringify(error.toJSON())).not.toContain('not-hex-value-zz');
    expect(
      readProviderEnv('acme', { ACME_KEY: 'abc', ACME_SENDER: '' }, { ACME_KEY: {}, ACME_SENDER: {} }),
    ).toEqual({
      ACME_KEY: 'abc',
    });
  });
});

describe('parseProviderOptions', () => {
  it('puts each issue under options and keeps no value', () => {
    const schema = {
      '~standard': {
        version: 1 as const,
        vendor: 'test',
        validate: () => ({ issues: [{ message: 'expected a URL', path: [{ key: 'baseUrl' }] }] }),
      },
    };
    const error = errorOf(() => parseProviderOptions('acme', schema, { baseUrl: 'ftp://secret-host' }));
    expect(error.issues).toEqual([{ path: ['options', 'baseUrl'], message: 'expected a URL' }]);
    expect(error.message).not.toContain('secret-host');
  });
});

describe('the sandbox descriptor', () => {
  it('creates a sandbox that delivers at once by default', async () => {
    const sms = sandbox.createSms?.({ options: undefined, env: {} });
    expect(sms?.providerId).toBe('sandbox');
    const result = await sms?.sendSms({ to: '0532 123 45 67', text: 'Merhaba' });
    expect(result?.messages[0]?.status).toBe('accepted');
    const reports = await sms?.getDeliveryReports?.({
      providerMessageIds: [result?.messages[0]?.providerMessageId ?? ''],
    });
    expect(reports?.[0]?.status).toBe('delivered');
  });

  it('refuses unknown and mistyped options, naming them', () => {
    const error = errorOf(() => sandbox.createSms?.({ options: { autoDeliver: 'yes', colour: 1 }, env: {} }));
    expect(error.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'options.autoDeliver',
      'options.colour',
    ]);
  });
});

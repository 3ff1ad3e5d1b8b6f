import { InvalidPhoneNumberError, ValidationError } from '@x/messaging-core';
import { ConfigError, type NotificationEngine } from '@x/order-notifications';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminRouteContext } from '../../src/admin/admin-context';
import { callRoutes } from '../../src/admin/call-routes';
import { createHttpServer } from '../../src/http-server';
import { createLogger } from '../../src/logger';

/** The click-to-call route over an engine whose answer each test chooses. */
let app: FastifyInstance;
let bridges = true;
let outcome: () => Promise<boolean>;
beforeAll(async () => {
  const voice = {
    providerOf: () => (bridges ? { bridgeCall: async () => {} } : {}),
    clickToCall: () => outcome(),
  } as unknown as NotificationEngine['voice'];
  const shop = {
    id: 'demo',
    name: 'Demo',
    provider: 'sandbox',
    providerKey: 'sandbox',
    platform: 'woocommerce',
    defaultCountry: 'TR',
  };
  const context = { shops: new Map([['demo', shop]]) } as unknown as AdminRouteContext;
  app = createHttpServer({ logger: createLogger({ level: 'silent' }) });
  callRoutes({ voice })(app, context);
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

async function click(answer: () => Promise<boolean>) {
  outcome = answer;
  const response = await app.inject({
    method: 'POST',
    url: '/admin/calls/click-to-call',
    payload: { shop: 'demo', to: '0532 123 45 67', destination: '1001' },
  });
  return { status: response.statusCode, error: response.json().error };
}

const refuse = (error: unknown) => async (): Promise<boolean> => {
  throw error;
};

describe('POST /admin/calls/click-to-call', () => {
  it('answers 202 when the call rings and 409 already_ringing for a second click', async () => {
    expect(await click(async () => true)).toEqual({ status: 202, error: undefined });
    expect((await click(async () => false)).error.code).toBe('already_ringing');
  });

  it('answers 409 no_voice for a shop that cannot bridge calls, before and from the engine', async () => {
    bridges = false;
    expect((await click(async () => true)).status).toBe(409);
    bridges = true;
    const noPbx = new ConfigError({
      issues: [{ path: ['shops', 'demo', 'voice', 'pbxNumber'], message: 'x' }],
    });
    expect(await click(refuse(noPbx))).toMatchObject({ status: 409, error: { code: 'no_voice' } });
  });

  it('answers 400 invalid_body for a refused request (with its issues) or number, 500 for anything else', async () => {
    const invalid = new ValidationError({
      message: 'invalid call',
      issues: [{ path: ['destination'], message: 'expected 2 to 4 digits' }],
    });
    expect(await click(refuse(invalid))).toEqual({
      status: 400,
      error: {
        code: 'invalid_body',
        message: 'destination: expected 2 to 4 digits',
        issues: [{ path: 'destination', message: 'expected 2 to 4 digits' }],
      },
    });
    const badNumber = new InvalidPhoneNumberError({
      message: 'Not a phone number: ***',
      input: '***',
      reason: 'not-a-number',
    });
    expect(await click(refuse(badNumber))).toEqual({
      status: 400,
      error: { code: 'invalid_body', message: 'to: not a phone number' },
    });
    expect((await click(refuse(new Error('boom')))).status).toBe(500);
  });
});

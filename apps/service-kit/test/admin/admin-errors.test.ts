import { ValidationError, type ValidationIssue } from '@x/messaging-core';
import { AdminActionError } from '@x/order-notifications';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issuesText } from '../../src/admin/admin-context';
import { answerEngineError } from '../../src/admin/admin-errors';
import { createHttpServer } from '../../src/http-server';
import { createLogger } from '../../src/logger';

/** A route that answers whatever the test hands it to throw, as the admin routes do. */
let app: FastifyInstance;
let thrown: unknown;
beforeAll(async () => {
  app = createHttpServer({ logger: createLogger({ level: 'silent' }) });
  app.get('/refused', async (_request, reply) => {
    if (answerEngineError(reply, thrown, { notFound: 'unknown_thing', invalid: 'invalid_body' }))
      return reply;
    throw thrown;
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

async function answerTo(error: unknown) {
  thrown = error;
  const response = await app.inject({ method: 'GET', url: '/refused' });
  return { status: response.statusCode, error: response.json().error };
}

describe('answerEngineError', () => {
  it('answers a refused input 400 with its issues and one "path: message; …" message', async () => {
    const unknownVariable = {
      path: ['rules', 'events', 'order.created', 'customerTemplate'],
      message: 'unknown variable',
      variable: 'kargo_kodu',
      index: 22,
    };
    const issues: ValidationIssue[] = [unknownVariable, { path: [], message: 'expected an object' }];
    const answer = await answerTo(new ValidationError({ message: 'Invalid settings', issues }));
    expect(answer).toEqual({
      status: 400,
      error: {
        code: 'invalid_body',
        message: 'rules.events.order.created.customerTemplate: unknown variable; (root): expected an object',
        issues: [
          {
            path: 'rules.events.order.created.customerTemplate',
            message: 'unknown variable',
            variable: 'kargo_kodu',
            index: 22,
          },
          { path: '', message: 'expected an object' },
        ],
      },
    });
  });

  it('lists the first 50 issues and counts the others in the message', async () => {
    const issues = Array.from({ length: 60 }, (_, index) => ({ path: ['phones', index], message: 'bad' }));
    const answer = await answerTo(new ValidationError({ message: 'Invalid list', issues }));
    expect(answer.status).toBe(400);
    expect(answer.error.issues).toHaveLength(50);
    expect(answer.error.message).toMatch(
      /^phones\.0: bad; phones\.1: bad; .*phones\.49: bad; \(\+10 more\)$/,
    );
  });

  it("answers 404 for not_found, 409 for the engine's other refusals, and leaves other errors alone", async () => {
    expect(await answerTo(new AdminActionError({ code: 'not_found', message: 'No such message' }))).toEqual({
      status: 404,
      error: { code: 'unknown_thing', message: 'No such message' },
    });
    expect(await answerTo(new AdminActionError({ code: 'not_retryable', message: 'Not failed' }))).toEqual({
      status: 409,
      error: { code: 'not_retryable', message: 'Not failed' },
    });
    expect((await answerTo(new Error('boom'))).status).toBe(500);
  });

  it("leaves a provider's unreadable answer to the server (502), since it is not the caller's input", async () => {
    const unreadable = new ValidationError({
      message: 'bulutfon: the answer is not what the API documents',
      providerId: 'bulutfon',
      target: 'response',
      issues: [{ path: ['call_id'], message: 'Expected a string' }],
    });
    expect(await answerTo(unreadable)).toMatchObject({ status: 502, error: { code: 'provider_error' } });
  });
});

describe('issuesText', () => {
  it('lists the first 10 problems of a refused query or body by path and counts the others', () => {
    const schema = z.strictObject(
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}`, z.number()])),
    );
    const parsed = schema.safeParse({});
    expect(parsed.success).toBe(false);
    const text = issuesText(parsed.error!);
    expect(text).toMatch(/^f0: [^;]+; f1: .*; f9: [^;]+; \(\+2 more\)$/);
  });
});

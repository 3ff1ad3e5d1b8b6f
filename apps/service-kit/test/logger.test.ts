import { describe, expect, it } from 'vitest';
import { captureLog } from '../src/log-capture';
import { createLogger } from '../src/logger';

describe('createLogger', () => {
  it('masks phone numbers in messages and fields, and never prints secrets or authorization headers', () => {
    const output = captureLog();
    const logger = createLogger({ secrets: ['super-secret-token'], destination: output.destination });
    logger.info(
      {
        phone: '+905321234567',
        nested: { note: 'token super-secret-token' },
        headers: { authorization: 'Bearer x' },
      },
      'sending to 0532 123 45 67',
    );
    const text = output.text();
    expect(text).not.toContain('1234567');
    expect(text).not.toContain('super-secret-token');
    expect(text).not.toContain('Bearer x');
    const [line] = output.entries();
    expect(line?.msg).toBe('sending to 05321****67');
    expect(line?.phone).toBe('+90532*****67');
    expect((line?.nested as { note: string } | undefined)?.note).toBe('token ***');
  });

  it('keeps message ids and order numbers readable while phone numbers stay masked', () => {
    const output = captureLog();
    const logger = createLogger({ destination: output.destination });
    const messageId = '0193ab4c5d6e7f801234567890abcdef';
    const digitLeadingId = '019384756234a1b2c3d4e5f60718293a';
    logger.warn(
      { messageId, otherId: digitLeadingId, orderId: '1234567', recipient: '+905321234567' },
      `message ${messageId} to 0532 123 45 67 failed`,
    );
    const [line] = output.entries();
    expect(line?.messageId).toBe(messageId);
    expect(line?.otherId).toBe(digitLeadingId);
    expect(line?.orderId).toBe('1234567');
    expect(line?.recipient).toBe('+90532*****67');
    expect(line?.msg).toBe(`message ${messageId} to 05321****67 failed`);
  });

  it('hides console credentials whatever their value: session cookies, CSRF tokens, bearer tokens, password hashes', () => {
    const output = captureLog();
    const logger = createLogger({ destination: output.destination });
    const sessionId = 'Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6';
    const csrf = 'Q3NyZlRva2VuVmFsdWVGb3JUaGVTZXNzaW9uMTIzNDU2';
    const hash = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
    logger.info(
      {
        req: { headers: { cookie: `x_admin_session=${sessionId}`, 'x-csrf-token': csrf } },
        res: { headers: { 'set-cookie': `x_admin_session=${sessionId}; Path=/admin` } },
        session: { csrfToken: csrf, sessionId },
        note: `retry with cookie x_admin_session=${sessionId} and {"csrfToken":"${csrf}"}`,
        entry: `ayse:${hash}`,
      },
      `Authorization: Bearer ${csrf}`,
    );
    const text = output.text();
    expect(text).not.toContain(sessionId);
    expect(text).not.toContain(csrf);
    expect(text).not.toContain('aGFzaGhhc2hoYXNo');
    expect(text).toContain('x_admin_session=***');
  });

  it('respects the level', () => {
    const output = captureLog();
    const logger = createLogger({ level: 'warn', destination: output.destination });
    logger.info('hidden');
    logger.warn('shown');
    expect(output.entries().map((line) => line.msg)).toEqual(['shown']);
  });
});

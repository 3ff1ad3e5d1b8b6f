import { describe, expect, it } from 'vitest';
import { createRedactor, excerpt, redactHeaders, redactText, redactUrl } from '../src/index';
import { ECHOED_SECRET, SECRET_ENCODINGS } from './secret-encodings';

describe('redactText', () => {
  it('hides every occurrence of a secret and ignores empty ones', () => {
    expect(redactText('https://h/v2/KEY123/balance/?k=KEY123', ['KEY123', undefined, ''])).toBe(
      'https://h/v2/***/balance/?k=***',
    );
  });

  it('hides the URL-encoded form of a secret', () => {
    const password = 'p@ss w&rd/1';
    const body = new URLSearchParams({ email: 'a@b.c', password }).toString();
    expect(redactText(body, [password])).toBe('email=a%40b.c&password=***');
    expect(redactText(`x=${encodeURIComponent(password)}`, [password])).toBe('x=***');
  });

  it('hides the base64 form of a secret, padding included', () => {
    const password = 'p@ss w&rd/1';
    const encoded = Buffer.from(password).toString('base64');
    expect(redactText(`token ${encoded}.`, [password])).toBe('token ***.');
  });

  it.each(SECRET_ENCODINGS)('hides the secret %s', (_name, encode) => {
    const encoded = encode(ECHOED_SECRET);
    expect(redactText(`before ${encoded} after`, [ECHOED_SECRET])).toBe('before *** after');
  });

  it('hides the whole base64 value a secret is encoded in, and nothing around it', () => {
    const token = Buffer.from(`client:${ECHOED_SECRET}:2025`).toString('base64');
    expect(redactText(`{"authorization":"Basic ${token}","page":2}`, [ECHOED_SECRET])).toBe(
      '{"authorization":"Basic ***","page":2}',
    );
  });

  it('builds a redactor once for many texts', () => {
    const redact = createRedactor(['KEY123', undefined]);
    expect(redact('a KEY123 b')).toBe('a *** b');
    expect(redact(`x=${encodeURIComponent('KEY123')}`)).toBe('x=***');
    expect(createRedactor([])('KEY123')).toBe('KEY123');
  });

  it('hides a longer secret whole when it contains a shorter one', () => {
    expect(redactText('token=abcdef', ['abc', 'abcdef'])).toBe('token=***');
  });

  it('hides the current secrets of a list that was changed in place', () => {
    const secrets: (string | undefined)[] = ['first-key'];
    expect(redactText('a first-key b', secrets)).toBe('a *** b');
    secrets[0] = 'second-key';
    secrets.push(undefined);
    expect(redactText('a first-key second-key', secrets)).toBe('a first-key ***');
  });
});

describe('redactUrl', () => {
  it('hides credential query parameters whatever their value', () => {
    expect(redactUrl('https://api.bulutfon.com/cdrs?access_token=t0k&page=2')).toBe(
      'https://api.bulutfon.com/cdrs?access_token=***&page=2',
    );
  });

  it('hides extra query parameters given by name, case-insensitively', () => {
    expect(redactUrl('https://h/x?Email=a%40b.c&password=pw&limit=5', { queryParams: ['email'] })).toBe(
      'https://h/x?Email=***&password=***&limit=5',
    );
  });

  it('hides credentials passed in the fragment (OAuth redirects)', () => {
    expect(redactUrl('https://shop.example/cb#access_token=abc&state=s1')).toBe(
      'https://shop.example/cb#access_token=***&state=s1',
    );
  });

  it('hides secrets in the path and the password of user info', () => {
    expect(redactUrl('https://user:pw@h/v2/KEY/sendsms/', { secrets: ['KEY'] })).toBe(
      'https://user:***@h/v2/***/sendsms/',
    );
  });
});

describe('redactHeaders', () => {
  it('hides credential headers by name and secrets in other values', () => {
    expect(
      redactHeaders(
        { Authorization: 'Bearer abc', 'X-Api-Key': 'k', Accept: 'application/json', 'X-Trace': 'id-SECRET' },
        ['SECRET'],
      ),
    ).toEqual({
      authorization: '***',
      'x-api-key': '***',
      accept: 'application/json',
      'x-trace': 'id-***',
    });
  });
});

describe('excerpt', () => {
  it('collapses whitespace and cuts long text with an ellipsis', () => {
    expect(excerpt('a\n\n  b', 10)).toBe('a b');
    expect(excerpt('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('never splits a surrogate pair', () => {
    const result = excerpt(`${'a'.repeat(8)}😀😀`, 10);
    expect(result).toBe(`${'a'.repeat(8)}…`);
  });
});

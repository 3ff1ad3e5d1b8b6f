import { describe, expect, it } from 'vitest';
import {
  type ApiCallErrorOptions,
  AuthenticationError,
  InvalidRecipientError,
  maskPhoneNumber,
  normalizePhoneNumber,
  type SendSmsResultV1,
} from '../src/index';
import { authFailure } from '../src/testing-failure-checks';
import { findSecret, secretForms } from '../src/testing-leaks';
import {
  MALFORMED_RECIPIENT,
  refusesInvalidNumber,
  refusesMalformedNumber,
} from '../src/testing-send-checks';
import { buggySetup, runAgainst } from './support/buggy-sandbox';

/** A password whose every encoding differs from the others (`@`, space, `+`, `/`, `ü`, `!`, `~`). */
const SECRET = 'p@ss w0rd+/ü!~';
const URL = 'https://api.buggy.example/v1/messages';

const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

/** A provider whose authentication failure says `describe(SECRET)` somewhere. */
function leakingAuthError(build: (options: ApiCallErrorOptions) => Error) {
  return buggySetup({
    setup: { secrets: [SECRET] },
    sendSms: async () => {
      throw build({
        message: 'buggy: the API key was refused.',
        providerId: 'buggy',
        url: URL,
        statusCode: 401,
      });
    },
  });
}

/** An AuthenticationError whose message carries `leak`. */
const inMessage = (leak: string) =>
  leakingAuthError((options) => new AuthenticationError({ ...options, message: `buggy: refused ${leak}` }));

describe('the kit finds a secret', () => {
  it('knows each encoding of a secret as a distinct form', () => {
    const forms = secretForms(SECRET);
    const texts = new Map(forms.map((form) => [form.form, form.text]));
    expect(texts.get('URL-encoded')).toBe(encodeURIComponent(SECRET));
    expect(texts.get('form-encoded')).toBe(new URLSearchParams([['', SECRET]]).toString().slice(1));
    expect(texts.get('base64')).toBe(base64(SECRET));
    expect(new Set(forms.map((form) => form.text)).size).toBe(forms.length);
  });

  it.each([
    ['raw', SECRET],
    ['URL-encoded', `${URL}?password=${encodeURIComponent(SECRET)}`],
    ['URL-encoded', `${URL}?password=${encodeURIComponent(SECRET).toLowerCase()}`],
    ['form-encoded', `body: user=shop&${new URLSearchParams({ password: SECRET })}`],
    ['base64', `token ${base64(SECRET)}`],
    ['base64url', `token ${base64(SECRET).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')}`],
    // The user name's length puts the password 0, 1 or 2 bytes into a base64 group.
    ['base64', `authorization: Basic ${base64(`shop-api:${SECRET}`)}`],
    ['base64 (inside a longer value)', `authorization: Basic ${base64(`api:${SECRET}`)}`],
    ['base64 (inside a longer value)', `authorization: Basic ${base64(`shop:${SECRET}`)}`],
  ])('%s in an error message', async (form, leak) => {
    expect(findSecret(leak, SECRET)).toBe(form);
    await expect(runAgainst(authFailure, inMessage(leak))).rejects.toThrow(
      `appears ${form} in error #1 of this test (AuthenticationError)`,
    );
  });

  it('JSON-escaped in an error message', async () => {
    const quoted = 'pa"ss\\word';
    const leak = JSON.stringify({ password: quoted });
    expect(leak).not.toContain(quoted);
    const setup = inMessage(leak);
    setup.secrets = [quoted];
    await expect(runAgainst(authFailure, setup)).rejects.toThrow('appears JSON-escaped in error #1');
  });

  it('two causes down', async () => {
    const setup = leakingAuthError(
      (options) =>
        new AuthenticationError({
          ...options,
          cause: new Error('request failed', { cause: new Error(`password=${encodeURIComponent(SECRET)}`) }),
        }),
    );
    await expect(runAgainst(authFailure, setup)).rejects.toThrow('appears URL-encoded in error #1');
  });

  it('in toJSON() only', async () => {
    class JsonLeak extends AuthenticationError {
      override toJSON() {
        return { ...super.toJSON(), request: { headers: { authorization: `Bearer ${SECRET}` } } };
      }
    }
    await expect(
      runAgainst(
        authFailure,
        leakingAuthError((options) => new JsonLeak(options)),
      ),
    ).rejects.toThrow('appears raw in error #1');
  });

  it('in String(error) only', async () => {
    class StringLeak extends AuthenticationError {
      override toString() {
        return `AuthenticationError at ${URL}?key=${base64(SECRET)}`;
      }
    }
    await expect(
      runAgainst(
        authFailure,
        leakingAuthError((options) => new StringLeak(options)),
      ),
    ).rejects.toThrow('appears base64 in error #1');
  });

  it('in a non-enumerable property', async () => {
    const setup = leakingAuthError((options) =>
      Object.defineProperty(new AuthenticationError(options), 'request', {
        value: { body: `password=${SECRET}` },
        enumerable: false,
      }),
    );
    await expect(runAgainst(authFailure, setup)).rejects.toThrow('appears raw in error #1');
  });

  it('in what the hooks logged', async () => {
    const setup = buggySetup({ setup: { secrets: [SECRET], logs: [] } });
    setup.logs.push({
      event: 'request',
      url: new globalThis.URL(`${URL}?key=${encodeURIComponent(SECRET)}`),
    });
    await expect(runAgainst(authFailure, setup)).rejects.toThrow('appears URL-encoded in the hook logs');
  });

  it('in a hook log holding request headers', async () => {
    const setup = buggySetup({ setup: { secrets: [SECRET], logs: [] } });
    setup.logs.push({ headers: new Headers({ authorization: `Basic ${base64(`shop:${SECRET}`)}` }) });
    await expect(runAgainst(authFailure, setup)).rejects.toThrow(
      'appears base64 (inside a longer value) in the hook logs',
    );
  });

  it('and passes an error that hides it', async () => {
    const setup = inMessage(`${URL}?password=***`);
    await expect(runAgainst(authFailure, setup)).resolves.toBeUndefined();
  });
});

describe('the kit finds a full phone number', () => {
  const blacklisted = '+90 532 999 99 99';

  it("in a refused recipient's error of a resolved send", async () => {
    const setup = buggySetup({
      setup: { invalidRecipient: blacklisted },
      sendSms: async ({ request }): Promise<SendSmsResultV1> => {
        const to = normalizePhoneNumber(String(request.to));
        const error = new InvalidRecipientError({
          message: `buggy: ${to} is on the blacklist.`,
          providerId: 'buggy',
          url: URL,
          blacklisted: true,
        });
        return { messages: [{ to, status: 'rejected', error }], type: 'normal', segments: 1, warnings: [] };
      },
    });
    await expect(runAgainst(refusesInvalidNumber, setup)).rejects.toThrow(
      "A recipient's full phone number appears in the message of error #1 of this test (InvalidRecipientError)",
    );
  });

  it('in a thrown error, written with spaces, as a cause', async () => {
    const setup = buggySetup({
      sendSms: async ({ request }) => {
        throw new AuthenticationError({
          message: 'buggy: the API key was refused.',
          providerId: 'buggy',
          url: URL,
          cause: new Error(`no permission to send to ${String(request.to)}`),
        });
      },
    });
    await expect(runAgainst(authFailure, setup)).rejects.toThrow("A recipient's full phone number appears");
  });

  it('of a malformed number the provider echoes', async () => {
    const setup = buggySetup({
      sendSms: async ({ request, sandboxSend }) => {
        const [valid] = request.to as string[];
        const result = await sandboxSend({ ...request, to: valid! });
        const error = new InvalidRecipientError({
          message: `buggy: cannot read ${MALFORMED_RECIPIENT}`,
          url: URL,
        });
        return {
          ...result,
          messages: [...result.messages, { to: MALFORMED_RECIPIENT, status: 'rejected', error }],
        };
      },
    });
    await expect(runAgainst(refusesMalformedNumber, setup)).rejects.toThrow(
      "A recipient's full phone number appears",
    );
  });

  it('and passes a masked one', async () => {
    const setup = buggySetup({
      setup: { invalidRecipient: blacklisted },
      sendSms: async ({ request }): Promise<SendSmsResultV1> => {
        const to = normalizePhoneNumber(String(request.to));
        const error = new InvalidRecipientError({
          message: `buggy: ${maskPhoneNumber(to)} is on the blacklist.`,
          url: URL,
          blacklisted: true,
        });
        return { messages: [{ to, status: 'rejected', error }], type: 'normal', segments: 1, warnings: [] };
      },
    });
    await expect(runAgainst(refusesInvalidNumber, setup)).resolves.toBeUndefined();
  });
});

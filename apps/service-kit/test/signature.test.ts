import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeWebhookSignature, secretsEqual, verifyWebhookSignature } from '../src/signature';

const secret = 'wc-secret-1234';
const body = Buffer.from('{"id":1001,"billing":{"first_name":"Ayşe"}}', 'utf8');

describe('webhook signatures', () => {
  it('computes base64 HMAC-SHA256 over the raw bytes, as WooCommerce does', () => {
    const expected = createHmac('sha256', secret).update(body).digest('base64');
    expect(computeWebhookSignature(body, secret)).toBe(expected);
  });

  it('accepts the matching signature and rejects a changed body, secret or signature', () => {
    const signature = computeWebhookSignature(body, secret);
    expect(verifyWebhookSignature(body, signature, secret)).toBe(true);
    expect(verifyWebhookSignature(Buffer.concat([body, Buffer.from(' ')]), signature, secret)).toBe(false);
    expect(verifyWebhookSignature(body, signature, 'other-secret')).toBe(false);
    expect(verifyWebhookSignature(body, `${signature.slice(0, -4)}AAA=`, secret)).toBe(false);
  });

  it('treats missing, empty, truncated and oversized signatures as invalid', () => {
    const signature = computeWebhookSignature(body, secret);
    expect(verifyWebhookSignature(body, undefined, secret)).toBe(false);
    expect(verifyWebhookSignature(body, '', secret)).toBe(false);
    expect(verifyWebhookSignature(body, signature.slice(0, 10), secret)).toBe(false);
    expect(verifyWebhookSignature(body, 'A'.repeat(1000), secret)).toBe(false);
  });

  it('signs the bytes, not a re-serialisation: the same JSON with other spacing does not verify', () => {
    const signature = computeWebhookSignature(body, secret);
    const reformatted = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')), null, 1));
    expect(verifyWebhookSignature(reformatted, signature, secret)).toBe(false);
  });

  it('compares admin tokens of any length', () => {
    expect(secretsEqual('a-long-admin-token-value', 'a-long-admin-token-value')).toBe(true);
    expect(secretsEqual('a-long-admin-token-valuE', 'a-long-admin-token-value')).toBe(false);
    expect(secretsEqual('short', 'a-long-admin-token-value')).toBe(false);
  });
});

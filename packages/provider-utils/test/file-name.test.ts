import { describe, expect, it } from 'vitest';
import { fileNameOf, systemCodeOf } from '../src/index';

describe('fileNameOf', () => {
  it('prefers the encoded filename* over the plain one', () => {
    expect(fileNameOf(`attachment; filename="kayit.ogg"; filename*=UTF-8''kay%C4%B1t.ogg`)).toBe('kayıt.ogg');
  });
  it('reads quoted and bare plain names, and falls back when the encoded one is malformed', () => {
    expect(fileNameOf('attachment; filename="fax 12.tiff"')).toBe('fax 12.tiff');
    expect(fileNameOf('inline; filename=22.wav')).toBe('22.wav');
    expect(fileNameOf(`attachment; filename*=UTF-8''%E0%A4; filename=a.pdf`)).toBe('a.pdf');
    expect(fileNameOf('inline')).toBeUndefined();
    expect(fileNameOf(undefined)).toBeUndefined();
  });
});

describe('systemCodeOf', () => {
  it('finds the code on the error, its causes, or its first aggregated error', () => {
    expect(systemCodeOf(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    const nested = new TypeError('fetch failed', {
      cause: Object.assign(new Error('y'), { code: 'ECONNREFUSED' }),
    });
    expect(systemCodeOf(nested)).toBe('ECONNREFUSED');
    const aggregate = new AggregateError([Object.assign(new Error('z'), { code: 'ENOTFOUND' })]);
    expect(systemCodeOf(new TypeError('fetch failed', { cause: aggregate }))).toBe('ENOTFOUND');
    expect(systemCodeOf(new Error('plain'))).toBeUndefined();
  });
});

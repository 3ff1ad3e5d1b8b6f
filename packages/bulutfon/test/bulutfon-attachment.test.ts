import { ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import {
  contentTypeFromFileName,
  decodeBulutfonAttachment,
  encodeBulutfonAttachment,
  toBulutfonAttachment,
} from '../src/bulutfon-attachment';

const pdfBytes = new Uint8Array([37, 80, 68, 70]);

describe('encodeBulutfonAttachment', () => {
  it('uses name: and base64: with colons and keeps the whole file name', () => {
    expect(encodeBulutfonAttachment(pdfBytes, { fileName: 'abc.pdf' })).toBe(
      'data:application/pdf;name:abc.pdf;base64:JVBERg==',
    );
  });

  it('honours an explicit content type', () => {
    expect(
      encodeBulutfonAttachment(new Uint8Array([1, 2]), { fileName: 'x.bin', contentType: 'audio/x-wav' }),
    ).toBe('data:audio/x-wav;name:x.bin;base64:AQI=');
  });

  it('refuses an unknown type and names that would break the format', () => {
    expect(() => encodeBulutfonAttachment(pdfBytes, { fileName: 'noext' })).toThrow(ValidationError);
    expect(() => encodeBulutfonAttachment(pdfBytes, { fileName: 'a;b.pdf' })).toThrow(/file name/);
    expect(() => encodeBulutfonAttachment(pdfBytes, { fileName: '' })).toThrow(ValidationError);
  });

  it('round-trips through decodeBulutfonAttachment, with the base64 Buffer writes', () => {
    const bytes = Uint8Array.from({ length: 3 * 1024 * 2 + 5 }, (_, index) => (index * 31 + 17) % 256);
    expect(encodeBulutfonAttachment(bytes, { fileName: 'f.tiff' })).toBe(
      `data:image/tiff;name:f.tiff;base64:${Buffer.from(bytes).toString('base64')}`,
    );
    const decoded = decodeBulutfonAttachment(encodeBulutfonAttachment(bytes, { fileName: 'f.tiff' }));
    expect(decoded?.contentType).toBe('image/tiff');
    expect(decoded?.fileName).toBe('f.tiff');
    expect(decoded?.bytes).toEqual(bytes);
  });

  it('decodes only the Bulutfon format, not standard data URIs', () => {
    expect(decodeBulutfonAttachment('data:application/pdf;base64,JVBERg==')).toBeUndefined();
    expect(decodeBulutfonAttachment('data:application/pdf;name:a.pdf;base64:@@@')).toBeUndefined();
  });
});

describe('toBulutfonAttachment', () => {
  it('reads a Blob/File with its name and type', async () => {
    const file = new File([pdfBytes], 'invoice.pdf', { type: 'application/pdf' });
    expect(await toBulutfonAttachment({ data: file })).toBe(
      'data:application/pdf;name:invoice.pdf;base64:JVBERg==',
    );
  });

  it('reads a stream of bytes', async () => {
    const stream = new Blob([pdfBytes.subarray(0, 2), pdfBytes.subarray(2)]).stream();
    expect(await toBulutfonAttachment({ data: stream, fileName: 'scan.png' })).toBe(
      'data:image/png;name:scan.png;base64:JVBERg==',
    );
  });

  it('needs a file name for bare bytes', async () => {
    await expect(toBulutfonAttachment({ data: pdfBytes })).rejects.toThrow(ValidationError);
    expect(await toBulutfonAttachment({ data: pdfBytes.buffer, fileName: 'a.pdf' })).toMatch(
      /^data:application\/pdf;/,
    );
  });

  it('guesses types from extensions', () => {
    expect(contentTypeFromFileName('A.JPG')).toBe('image/jpeg');
    expect(contentTypeFromFileName('a.wav')).toBe('audio/x-wav');
    expect(contentTypeFromFileName('a.docx')).toBeUndefined();
  });
});

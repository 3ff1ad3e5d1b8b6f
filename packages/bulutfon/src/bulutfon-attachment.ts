import { ValidationError } from '@x/messaging-core';
import { decodeBase64Bytes, encodeBase64Bytes } from '@x/provider-utils';

/**
 * Bulutfon's own attachment encoding, used for fax documents and announcement sound files:
 * `data:<mime>;name:<file name>;base64:<base64 of the bytes>`. Note the colons after `name` and `base64`:
 * it is not a standard data URI.
 */

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  wav: 'audio/x-wav',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
};

/** File types Bulutfon accepts as a fax document. */
export const BULUTFON_FAX_CONTENT_TYPES: readonly string[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/tiff',
];

/** Bytes, a Blob (or File) or a file path (Node only), with an optional name and content type. */
export type BulutfonAttachmentInput =
  | { data: Uint8Array | ArrayBuffer | Blob; fileName?: string; contentType?: string }
  | { path: string; fileName?: string; contentType?: string };

/** An attachment read back from its encoded form. */
export interface DecodedBulutfonAttachment {
  /** The MIME type. */
  contentType: string;
  /** The file name. */
  fileName: string;
  /** The file's bytes. */
  bytes: Uint8Array;
}

/**
 * Guesses a MIME type from a file name's extension (`undefined` when unknown).
 * @param fileName - a file name or path
 */
export function contentTypeFromFileName(fileName: string): string | undefined {
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  return extension === undefined ? undefined : CONTENT_TYPES[extension];
}

function invalid(message: string, path: string): ValidationError {
  return new ValidationError({
    message,
    issues: [{ path: [path], message, code: 'custom' }],
    target: 'request',
    providerId: 'bulutfon',
  });
}

function checkName(fileName: string): void {
  if (fileName.length === 0 || /[;\r\n]/.test(fileName)) {
    throw invalid(
      'The attachment file name must be non-empty and must not contain ";" or line breaks',
      'fileName',
    );
  }
}

/**
 * Encodes bytes in Bulutfon's attachment format (synchronous).
 * @param bytes - the file's content
 * @param options - `fileName` (kept whole, extension included) and `contentType` (guessed from the name when
 *   omitted)
 * @returns `data:<mime>;name:<file name>;base64:<base64>`
 * @throws ValidationError when the name is empty or the type cannot be determined
 * @example
 * encodeBulutfonAttachment(new Uint8Array([37, 80, 68, 70]), { fileName: 'a.pdf' });
 * // 'data:application/pdf;name:a.pdf;base64:JVBERg=='
 */
export function encodeBulutfonAttachment(
  bytes: Uint8Array | ArrayBuffer,
  options: { fileName: string; contentType?: string },
): string {
  checkName(options.fileName);
  const contentType = options.contentType ?? contentTypeFromFileName(options.fileName);
  if (!contentType || !/^[\w.+-]+\/[\w.+-]+$/.test(contentType)) {
    throw invalid(
      'The attachment needs a valid contentType (it could not be guessed from the file name)',
      'contentType',
    );
  }
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  return `data:${contentType};name:${options.fileName};base64:${encodeBase64Bytes(data)}`;
}

/**
 * Reads an attachment string back. Returns `undefined` when `encoded` is not in Bulutfon's format.
 * @param encoded - `data:<mime>;name:<file name>;base64:<base64>`
 */
export function decodeBulutfonAttachment(encoded: string): DecodedBulutfonAttachment | undefined {
  const match = /^data:([\w.+-]+\/[\w.+-]+);name:([^;\r\n]+);base64:([A-Za-z0-9+/]*={0,2})$/.exec(encoded);
  if (!match) return undefined;
  const bytes = decodeBase64Bytes(match[3]!);
  if (!bytes) return undefined;
  return { contentType: match[1]!, fileName: match[2]!, bytes };
}

/**
 * Encodes bytes, a Blob/File or a file path (Node only; `node:fs` is loaded on demand) in Bulutfon's
 * attachment format.
 * @param input - see {@link BulutfonAttachmentInput}
 * @throws ValidationError when no file name or content type can be determined
 */
export async function toBulutfonAttachment(input: BulutfonAttachmentInput): Promise<string> {
  if ('path' in input) {
    const { readFile } = await import('node:fs/promises');
    const bytes = new Uint8Array(await readFile(input.path));
    const fileName = input.fileName ?? input.path.split(/[\\/]/).pop() ?? '';
    return encodeBulutfonAttachment(bytes, { fileName, contentType: input.contentType });
  }
  const { data } = input;
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    const fileName = input.fileName ?? (data as Partial<File>).name ?? '';
    const contentType = input.contentType ?? (data.type || undefined);
    return encodeBulutfonAttachment(new Uint8Array(await data.arrayBuffer()), { fileName, contentType });
  }
  if (!input.fileName) throw invalid('An attachment given as bytes needs a fileName', 'fileName');
  return encodeBulutfonAttachment(data as Uint8Array | ArrayBuffer, {
    fileName: input.fileName,
    contentType: input.contentType,
  });
}

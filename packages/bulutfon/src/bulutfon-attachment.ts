import { ValidationError } from '@x/messaging-core';
import { decodeBase64Bytes, encodeBase64Bytes } from '@x/provider-utils';
import { readFileBytes } from './bulutfon-download';

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

/**
 * A file to attach: bytes, a Blob (or File), or a stream of bytes, with a name (a File has one) and an optional
 * content type (guessed from the name when left out). In Node, read a file first:
 * `{ data: await readFile('teklif.pdf'), fileName: 'teklif.pdf' }`.
 */
export interface BulutfonAttachmentInput {
  /** The file's content. */
  data: Uint8Array | ArrayBuffer | Blob | ReadableStream<Uint8Array>;
  /** The file name (its extension gives the content type); required unless `data` is a File. */
  fileName?: string;
  /** The MIME type, when the name does not give it. */
  contentType?: string;
}

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
 * Reads an attachment (bytes, a Blob/File or a stream) and encodes it in Bulutfon's attachment format.
 * @param input - see {@link BulutfonAttachmentInput}
 * @throws ValidationError when no file name or content type can be determined
 */
export async function toBulutfonAttachment(input: BulutfonAttachmentInput): Promise<string> {
  const { data } = input;
  let bytes: Uint8Array;
  let fileName = input.fileName;
  let contentType = input.contentType;
  if (data instanceof Uint8Array) bytes = data;
  else if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
  else if (data instanceof ReadableStream) bytes = await readFileBytes({ body: data });
  else {
    fileName ??= (data as Partial<File>).name;
    contentType ??= data.type || undefined;
    bytes = new Uint8Array(await data.arrayBuffer());
  }
  if (!fileName) throw invalid('An attachment needs a fileName (a File brings its own)', 'fileName');
  return encodeBulutfonAttachment(bytes, { fileName, contentType });
}

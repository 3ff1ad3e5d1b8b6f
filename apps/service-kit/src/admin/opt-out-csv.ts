import type { OptOutImport } from '@x/order-notifications';

/** The most lines an opt-out import reads. */
export const CSV_MAX_LINES = 40_000;
/** The most invalid lines an import reports. */
const MAX_REPORTED = 500;

/** The numbers of an opt-out CSV as typed, in order, with the line (1-based) each one is on. */
export interface OptOutCsv {
  phones: string[];
  lines: number[];
}

/** What an opt-out import answers: how many numbers it added, and the lines that are not a usable number. */
export interface OptOutImportAnswer {
  added: number;
  /** The first 500 invalid lines, by number and reason (never their text). */
  invalid: { line: number; reason: string }[];
  /** Invalid lines beyond those reported. */
  moreInvalid?: number;
}

/** Splits one CSV line at commas or semicolons, outside double quotes; quotes removed. */
function cells(line: string): string[] {
  const result: string[] = [];
  let current = '';
  let quoted = false;
  for (const character of line) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === ',' || character === ';')) {
      result.push(current.trim());
      current = '';
    } else current += character;
  }
  result.push(current.trim());
  return result;
}

/**
 * The text of a CSV file as spreadsheets save it: UTF-16 when it starts with a UTF-16 byte order mark (Excel's
 * "Unicode Text", little-endian, or big-endian), else UTF-8 (its byte order mark dropped; bytes that are not
 * UTF-8, such as the Turkish letters of a Windows-1254 file, read as U+FFFD, while digits and `+` are the same
 * in every one of these encodings).
 * @param bytes - the file, as received
 * @throws Error when the text holds NUL characters: UTF-16 without a byte order mark, or not text at all
 */
export function decodeCsv(bytes: Uint8Array): string {
  const encoding =
    bytes[0] === 0xff && bytes[1] === 0xfe
      ? 'utf-16le'
      : bytes[0] === 0xfe && bytes[1] === 0xff
        ? 'utf-16be'
        : 'utf-8';
  const text = new TextDecoder(encoding).decode(bytes);
  if (text.includes('\u0000')) {
    throw new Error(
      'The file is not text in UTF-8, or in UTF-16 with a byte order mark; save it as CSV (UTF-8)',
    );
  }
  return text;
}

/**
 * Reads an opt-out import: one number per line, or a header line naming a `phone` (or `telefon`, `gsm`, `number`)
 * column. Blank lines are left out; the numbers are not read here, but by the engine (`engine.optOuts.import`).
 * @param text - the CSV, decoded ({@link decodeCsv})
 * @throws Error when it has more than {@link CSV_MAX_LINES} lines
 */
export function readOptOutCsv(text: string): OptOutCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines.length > CSV_MAX_LINES) throw new Error(`At most ${CSV_MAX_LINES} lines`);
  const header = cells(lines[0] ?? '').map((cell) => cell.toLowerCase());
  const column = header.findIndex((cell) => ['phone', 'telefon', 'gsm', 'number'].includes(cell));
  const csv: OptOutCsv = { phones: [], lines: [] };
  lines.forEach((line, index) => {
    if ((column >= 0 && index === 0) || line.trim() === '') return;
    csv.phones.push(column >= 0 ? (cells(line)[column] ?? '') : line.replace(/"/g, ''));
    csv.lines.push(index + 1);
  });
  return csv;
}

/**
 * The answer of an import: the engine's outcome with each number it could not use reported by its line.
 * @param csv - the CSV the numbers were read from
 * @param imported - what `engine.optOuts.import` returned for `csv.phones`
 */
export function optOutImportAnswer(csv: OptOutCsv, imported: OptOutImport): OptOutImportAnswer {
  const moreInvalid = Math.max(0, imported.invalid.length - MAX_REPORTED);
  return {
    added: imported.added,
    invalid: imported.invalid
      .slice(0, MAX_REPORTED)
      .map(({ index, reason }) => ({ line: csv.lines[index]!, reason })),
    ...(moreInvalid > 0 ? { moreInvalid } : {}),
  };
}

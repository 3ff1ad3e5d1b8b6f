import type { CheckedNumbers } from '@x/order-notifications';

/** The most lines an opt-out import reads. */
export const CSV_MAX_LINES = 40_000;
/** The most invalid lines an import reports. */
const MAX_REPORTED = 500;

/** What an opt-out CSV holds: the usable numbers in E.164, and the lines that are not one. */
export interface OptOutCsv {
  phones: string[];
  invalid: { line: number; reason: string }[];
  /** Invalid lines beyond those reported. */
  moreInvalid: number;
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
 * Reads an opt-out import: one number per line, or a header line naming a `phone` (or `telefon`) column. The
 * numbers are checked by `check` (the engine's `optOuts.check`: at most 50 characters, a mobile number, national
 * numbers in the shop's default country); a line that is not a usable number is reported by its number (1-based)
 * and reason, never its text.
 * @param text - the CSV, decoded
 * @param check - reads the numbers, in the order given
 * @throws Error when it has more than {@link CSV_MAX_LINES} lines
 */
export function readOptOutCsv(text: string, check: (phones: readonly string[]) => CheckedNumbers): OptOutCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  if (lines.length > CSV_MAX_LINES) throw new Error(`At most ${CSV_MAX_LINES} lines`);
  const header = cells(lines[0] ?? '').map((cell) => cell.toLowerCase());
  const column = header.findIndex((cell) => ['phone', 'telefon', 'gsm', 'number'].includes(cell));
  const phones: string[] = [];
  const lineNumbers: number[] = [];
  lines.forEach((line, index) => {
    if ((column >= 0 && index === 0) || line.trim() === '') return;
    phones.push(column >= 0 ? (cells(line)[column] ?? '') : line.replace(/"/g, ''));
    lineNumbers.push(index + 1);
  });
  const checked = check(phones);
  return {
    phones: checked.phones,
    invalid: checked.invalid
      .slice(0, MAX_REPORTED)
      .map(({ index, reason }) => ({ line: lineNumbers[index]!, reason })),
    moreInvalid: Math.max(0, checked.invalid.length - MAX_REPORTED),
  };
}

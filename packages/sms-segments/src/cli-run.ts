import { calculate, type SmsSegmentResult } from './calculate';
import { cost } from './cost';
import { explain, type SmsCharacterCostReason } from './explain';
import { SMS_LIMITS, type SmsMessageType, type SmsResolvedType } from './sms-limits';
import { type ToGsmResult, toGsm } from './to-gsm';

/** What the command line run produced. */
export interface CliOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export const USAGE = `Usage: sms-segments [options] [text...]

Counts the SMS a text takes: GSM-7, GSM-7 with the Turkish single shift table, or UCS-2.
Reads the text from standard input when none is given (or when it is "-").

Options:
  -t, --type <type>       auto (default), normal, turkish or unicode
  -m, --max-segments <n>  the most segments a message may have (default 7)
      --to-gsm            first replace look-alike characters (curly quotes, dashes, odd spaces)
      --transliterate     with --to-gsm, also replace Turkish letters (ş→s, ı→i, ğ→g, ...)
  -p, --parts             print the text of each segment
      --json              print JSON for scripts
      --price <n>         price of one segment: also print the cost
      --check             exit with code 1 when the message does not fit
  -h, --help              print this help
  -v, --version           print the version
`;

interface CliOptions {
  type: SmsMessageType;
  maxSegments: number;
  toGsm: boolean;
  transliterate: boolean;
  parts: boolean;
  json: boolean;
  check: boolean;
  price: number | undefined;
  help: boolean;
  version: boolean;
  text: string[];
}

class UsageError extends Error {}

const TYPES: readonly string[] = ['auto', 'normal', 'turkish', 'unicode'];

function parseArguments(args: readonly string[]): CliOptions {
  const options: CliOptions = {
    type: 'auto',
    maxSegments: 7,
    toGsm: false,
    transliterate: false,
    parts: false,
    json: false,
    check: false,
    price: undefined,
    help: false,
    version: false,
    text: [],
  };
  for (let index = 0; index < args.length; index++) {
    const argument = args[index] as string;
    const [name, inline] = argument.startsWith('--') ? argument.split(/=(.*)/s, 2) : [argument, undefined];
    const value = (): string => {
      const next = inline ?? args[++index];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '-t':
      case '--type': {
        const type = value();
        if (!TYPES.includes(type)) throw new UsageError('--type must be auto, normal, turkish or unicode');
        options.type = type as SmsMessageType;
        break;
      }
      case '-m':
      case '--max-segments': {
        const count = Number(value());
        if (!Number.isInteger(count) || count < 1)
          throw new UsageError('--max-segments must be a positive integer');
        options.maxSegments = count;
        break;
      }
      case '--to-gsm':
        options.toGsm = true;
        break;
      case '--transliterate':
        options.transliterate = true;
        break;
      case '-p':
      case '--parts':
        options.parts = true;
        break;
      case '--json':
        options.json = true;
        break;
      case '--price': {
        const price = Number(value());
        if (!Number.isFinite(price) || price < 0) throw new UsageError('--price must be a number, 0 or more');
        options.price = price;
        break;
      }
      case '--check':
        options.check = true;
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '-v':
      case '--version':
        options.version = true;
        break;
      case '--':
        options.text.push(...args.slice(index + 1));
        return options;
      default:
        if (argument.startsWith('-') && argument !== '-') throw new UsageError(`unknown option ${name}`);
        options.text.push(argument);
    }
  }
  return options;
}

/** Shows a character so that invisible ones (controls, odd spaces) can be seen in a terminal. */
function visible(character: string): string {
  const code = character.codePointAt(0) as number;
  const invisible =
    code < 0x20 ||
    (code >= 0x7f && code <= 0xa0) ||
    code === 0xad ||
    (code >= 0x2000 && code <= 0x200f) ||
    (code >= 0x2028 && code <= 0x202f) ||
    (code >= 0x205f && code <= 0x206f) ||
    code === 0x3000 ||
    code === 0xfeff ||
    (code >= 0xd800 && code <= 0xdfff);
  return invisible ? `\\u${code.toString(16).padStart(4, '0')}` : character;
}

const UNIT_NAMES = { normal: 'septets', turkish: 'septets', unicode: 'UTF-16 units' } as const;
const ENCODING_NAMES = {
  normal: 'GSM-7 default alphabet',
  turkish: 'GSM-7 + Turkish single shift',
  unicode: 'UCS-2',
} as const;
const REASONS: Record<SmsCharacterCostReason, string> = {
  unicode: 'in no GSM-7 table: forces Unicode',
  turkish: 'Turkish single shift only: forces turkish, 2 septets',
  extension: 'extension table: 2 septets',
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function describeResult(result: SmsSegmentResult, maxSegments: number): string[] {
  const unit = UNIT_NAMES[result.type];
  const lines = [
    `type       ${result.type} (${ENCODING_NAMES[result.type]})`,
    `encoding   ${result.encoding}`,
  ];
  if (result.segments === null) {
    lines.push(`fits       no: ${result.type} cannot carry ${result.unencodable.map(visible).join(' ')}`);
    return lines;
  }
  lines.push(
    `units      ${result.units} ${unit}`,
    `segments   ${result.segments} of at most ${maxSegments} (${result.perSegment} ${unit} each)`,
    `remaining  ${result.remaining} ${unit} in the last segment`,
    `fits       ${result.fits ? 'yes' : `no: over ${maxSegments} segments (${unitsWithin(result.type, maxSegments)} ${unit} at most)`}`,
  );
  return lines;
}

/** The most units a message of this type carries in `maxSegments` segments (one segment holds more). */
function unitsWithin(type: SmsResolvedType, maxSegments: number): number {
  const limits = SMS_LIMITS[type];
  return maxSegments <= 1 ? limits.single : limits.concatenated * maxSegments;
}

/** Names for replacements that would be invisible in a terminal. */
const REPLACEMENT_NAMES: Readonly<Record<string, string>> = {
  '': '(removed)',
  ' ': '(space)',
  '\n': '(newline)',
};

function describeReplacements(replaced: ToGsmResult): string[] {
  if (!replaced.changed) return ['replaced   nothing'];
  return [
    `replaced   ${replaced.replacements
      .map(({ from, to, count }) => `${visible(from)}→${REPLACEMENT_NAMES[to] ?? to} ×${count}`)
      .join(', ')}`,
  ];
}

/**
 * Runs the command line: parses `args`, calculates, and returns what to print. `readInput` supplies the text when
 * none is given on the command line (`undefined` when there is nothing to read, as in an interactive terminal).
 */
export function runCli(
  args: readonly string[],
  readInput: () => string | undefined,
  version: string,
): CliOutput {
  let options: CliOptions;
  try {
    options = parseArguments(args);
  } catch (error) {
    if (error instanceof UsageError) {
      return { stdout: '', stderr: `sms-segments: ${error.message}\n\n${USAGE}`, exitCode: 2 };
    }
    throw error;
  }
  if (options.help) return { stdout: USAGE, stderr: '', exitCode: 0 };
  if (options.version) return { stdout: `${version}\n`, stderr: '', exitCode: 0 };

  let text = options.text.join(' ');
  if (options.text.length === 0 || (options.text.length === 1 && options.text[0] === '-')) {
    const input = readInput();
    if (input === undefined)
      return { stdout: '', stderr: `sms-segments: no text given\n\n${USAGE}`, exitCode: 2 };
    text = input.replace(/\r?\n$/, '');
  }
  const replaced = options.toGsm ? toGsm(text, { transliterateTurkish: options.transliterate }) : undefined;
  if (replaced) text = replaced.text;

  const result = calculate(text, { type: options.type, maxSegments: options.maxSegments });
  const explanation = explain(text, { maxSegments: options.maxSegments });
  const exitCode = options.check && !result.fits ? 1 : 0;
  const price = options.price === undefined ? undefined : cost(result, { pricePerSegment: options.price });

  if (options.json) {
    const json = {
      type: result.type,
      encoding: result.encoding,
      units: result.units,
      segments: result.segments,
      perSegment: result.perSegment,
      remaining: result.remaining,
      fits: result.fits,
      parts: result.parts,
      unencodable: result.unencodable,
      ...(price === undefined ? {} : { cost: price }),
      ...(replaced ? { text, replacements: replaced.replacements } : {}),
      characters: explanation.characters,
      alternatives: explanation.alternatives.map(({ without, result: cheaper, savedSegments }) => ({
        without,
        type: cheaper.type,
        units: cheaper.units,
        segments: cheaper.segments,
        savedSegments,
      })),
    };
    return { stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: '', exitCode };
  }

  const lines = describeResult(result, options.maxSegments);
  if (price !== undefined && price !== null) lines.push(`cost       ${price}`);
  if (replaced) lines.push(...describeReplacements(replaced));
  if (explanation.characters.length > 0) {
    lines.push('', 'characters that cost extra:');
    for (const { character, codePoint, count, reason } of explanation.characters) {
      lines.push(
        `  ${visible(character).padEnd(6)} ${codePoint.padEnd(8)} ×${String(count).padEnd(4)} ${REASONS[reason]}`,
      );
    }
  }
  for (const { without, result: cheaper, savedSegments } of explanation.alternatives) {
    lines.push(
      `without ${without.map(visible).join(' ')}: ${cheaper.type}, ${plural(cheaper.segments, 'segment')}` +
        (savedSegments > 0 ? ` (saves ${plural(savedSegments, 'segment')})` : ' (no saving)'),
    );
  }
  if (options.parts && result.segments !== null) {
    lines.push('');
    result.parts.forEach((part, index) => {
      const units = calculate(part, { type: result.type }).units;
      lines.push(`part ${index + 1} (${units} ${UNIT_NAMES[result.type]}): ${part}`);
    });
  }
  return { stdout: `${lines.join('\n')}\n`, stderr: '', exitCode };
}

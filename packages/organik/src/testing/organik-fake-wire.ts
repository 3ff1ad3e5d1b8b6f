import { buildXml } from '@x/provider-utils/xml';
import { formatIstanbulDateTime } from '../organik-time';
import { readOrganikXmlRequest } from '../organik-xml';
import type { OrganikFakeQuirks } from './organik-fake-types';

/*
 * What the fake server reads and writes on the wire: request data in JSON or XML, and answers in Organik's
 * envelope, as JSON or XML, with the quirks of the real service (or of its documentation) on demand.
 */

/** A wire format. */
export type FakeFormat = 'json' | 'xml';

/** The documented error messages, as the service sends them. */
export const ERROR_MESSAGES: Record<number, string> = {
  1: 'An unknown error has occurred.',
  84: 'Database operation failed.',
  85: 'The database could not be registered.',
  86: 'No valid registration data was found.',
  87: 'No records were found.',
  88: 'Unsupported request_name',
  89: 'User not found.',
  90: 'API KEY must be 32 characters.',
  91: 'Unsupported response type.',
  92: 'Unsupported request type.',
  93: 'Too much request.',
  94: 'Server temporary unavailable.',
  95: 'Server fault.',
  96: 'Invalid request parameters.',
  97: 'Invalid request body format.',
  98: 'Unauthorize IP address.',
  99: 'Authorization error.',
  101: 'The SMS title is incorrect.',
  102: "Couldn't found any valid GSM number",
  103: 'Insufficient balance',
  104: 'There is no customer contract for sending SMS.',
  105: 'Message text was not found.',
  106: 'Message text is too long.',
  107: 'This SMS title is disabled.',
  108: 'Insufficient TL balance',
  109: 'The GSM number is on the black list.',
  110: 'The number is incorrect.',
  111: 'The GSM number is too short or too long.',
  112: 'Message text is not in BASE64 format.',
};

/** An error the fake server answers in the envelope, with a documented code. */
export class FakeError extends Error {
  /** @param code - the documented code */
  constructor(readonly code: number) {
    super(ERROR_MESSAGES[code] ?? 'error');
  }
}

/** Whether a value is a plain object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A list as JSON or XML gives it: an array, one value, or nothing (`''`, null, missing). */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** A string or a finite number as text; `undefined` for anything else. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** An integer given as a number or as digits; `undefined` for anything else. */
export function asInteger(value: unknown): number | undefined {
  const text = asText(value)?.trim();
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/** Digits without a leading zero as a number (as the service echoes ids); anything else as given. */
export function asNumberIfDigits(value: string): string | number {
  return /^\d{1,15}$/.test(value) && !value.startsWith('0') ? Number(value) : value;
}

/** Normalises a number as the service does; returns an error code (110, 111) when it cannot. */
export function normaliseGsm(input: string): string | number {
  const trimmed = input.trim();
  if (!/^\+?\d+$/.test(trimmed)) return 110;
  let digits = trimmed.replace(/^\+/, '');
  if (digits.startsWith('00')) digits = digits.slice(2);
  if (digits.length === 10 && digits.startsWith('5')) digits = `90${digits}`;
  else if (digits.length === 11 && digits.startsWith('0')) digits = `9${digits}`;
  if (digits.length < 10 || digits.length > 13) return 111;
  if (digits.startsWith('90') && digits.length !== 12) return 111;
  return digits;
}

/**
 * The `data` of a request body, read as JSON or XML; nothing for a GET or an empty body.
 * @throws FakeError 97 for a body that cannot be read
 */
export function readRequestData(method: string, body: string, format: FakeFormat): unknown {
  if (method === 'GET' || body.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = format === 'json' ? JSON.parse(body) : readOrganikXmlRequest(body);
  } catch {
    throw new FakeError(97);
  }
  if (format === 'xml') parsed = isRecord(parsed) ? parsed.document : undefined;
  if (!isRecord(parsed)) throw new FakeError(97);
  return parsed.data;
}

const XML_HEADERS = { 'content-type': 'application/xml; charset=utf-8' };
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** Writes the XML of an answer as the service does: `<item>` lists, an empty list or null as an empty element. */
export function xmlResponse(value: Record<string, unknown>, status = 200): Response {
  const xml = buildXml(value, { listItemName: 'item', booleans: 'digits' });
  return new Response(xml, { status, headers: XML_HEADERS });
}

/** How the envelope of a successful answer is shaped for one operation, when the quirks ask for it. */
export type EnvelopeQuirk = 'result-in-data' | 'bare-items';

function keyedObject(rows: unknown[]): Record<string, unknown> {
  return Object.fromEntries(rows.map((row, index) => [String(index), row]));
}

function stringifyNumbers(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(stringifyNumbers);
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stringifyNumbers(item)]));
  }
  return value;
}

/**
 * A successful answer: `{ response: { result, data } }`. The inbox is an object keyed `"0"`, `"1"`… in JSON, as
 * documented; XML sends carry `<result>` inside `<data>` and XML detailed reports may be bare `<item>`s, when the
 * quirks ask for it.
 */
export function successResponse(
  format: FakeFormat,
  requestName: string,
  data: unknown,
  quirks: OrganikFakeQuirks,
  envelopeQuirk?: EnvelopeQuirk,
): Response {
  if (format === 'json') {
    const value = quirks.jsonNumbersAsStrings ? stringifyNumbers(data) : data;
    const response: Record<string, unknown> = { result: true };
    if (value !== undefined)
      response.data = requestName === 'inbox' ? keyedObject(value as unknown[]) : value;
    return Response.json({ response }, { headers: JSON_HEADERS });
  }
  if (envelopeQuirk === 'bare-items' && quirks.xmlUnwrappedDetailedReport) {
    const items = buildXml({ item: data as unknown[] }, { listItemName: 'item', booleans: 'digits' });
    return new Response(items, { headers: XML_HEADERS });
  }
  if (envelopeQuirk === 'result-in-data' && (quirks.xmlResultInsideData ?? true)) {
    return xmlResponse({ response: { data: { result: 1, ...(data as Record<string, unknown>) } } });
  }
  return xmlResponse({ response: data === undefined ? { result: 1 } : { result: 1, data } });
}

/** An error answer: `{ response: { result: false, error: { message, number, time, code } } }`, HTTP 200. */
export function errorResponse(format: FakeFormat, code: number, now: Date): Response {
  const error = {
    message: ERROR_MESSAGES[code] ?? 'An unknown error has occurred.',
    number: String(code),
    time: formatIstanbulDateTime(now, true),
    code,
  };
  if (format === 'json') return Response.json({ response: { result: false, error } });
  return xmlResponse({ response: { result: 0, error } });
}

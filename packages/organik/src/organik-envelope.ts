import { errorSchema, type OrganikErrorInfo } from './organik-schemas';

/** The response envelope, after the wire format is read. */
export type OrganikEnvelope = { ok: true; data: unknown } | { ok: false; error: OrganikErrorInfo };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truthy(value: unknown): boolean | undefined {
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false') return false;
  return undefined;
}

/**
 * Unwraps Organik's envelope: `{ response: { result, data | error } }`. Tolerates `result` inside `data` (the
 * documentation's XML send examples), a success without `data`, and a bare list of rows without any envelope (the
 * documentation's XML detailed-report example). Returns `undefined` when the value is no Organik response at all.
 * @param value - the parsed body (JSON, or XML read by readOrganikXmlResponse)
 */
export function unwrapOrganikEnvelope(value: unknown): OrganikEnvelope | undefined {
  if (Array.isArray(value)) return { ok: true, data: value };
  if (!isRecord(value)) return undefined;
  const response = value.response;
  if (!isRecord(response)) {
    if (response === '' && Object.keys(value).length === 1) return { ok: true, data: undefined };
    return undefined;
  }
  const error = response.error;
  let data = response.data;
  let result = truthy(response.result);
  if (isRecord(data) && 'result' in data) {
    const { result: inner, ...rest } = data;
    result ??= truthy(inner);
    data = rest;
  }
  if (isRecord(error) && Object.keys(error).length > 0) {
    return { ok: false, error: errorSchema.parse(error) };
  }
  if (result === false) return { ok: false, error: { code: 0, message: '' } };
  if (result === undefined && data === undefined) return undefined;
  return { ok: true, data };
}

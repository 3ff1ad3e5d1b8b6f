import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * XML as Organik writes it: one `<response>` root, arrays as repeated `<item>` children in responses and as the
 * same element repeated in request bodies (`<gsms>1</gsms><gsms>2</gsms>`). Entities are never expanded from a
 * DOCTYPE; only the five predefined entities and numeric character references are decoded.
 */

/** Request-body elements that are arrays even when they occur once. */
const REQUEST_ARRAY_ELEMENTS = new Set([
  'deliveries',
  'gsms',
  'groups',
  'transaction_ids',
  'delivery_track_ids',
  'gsm_track_ids',
  'group_ids',
  'persons',
]);

const PREDEFINED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY_PATTERN = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g;

function decodeEntity(_match: string, name: string): string {
  if (name.startsWith('#')) {
    const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
  }
  return PREDEFINED_ENTITIES[name]!;
}

/**
 * Decodes the five predefined XML entities and numeric character references; anything else stays as written.
 * @param text - raw element text
 */
export function decodeXmlText(text: string): string {
  return text.includes('&') ? text.replace(ENTITY_PATTERN, decodeEntity) : text;
}

function createParser(arrayElements: (name: string) => boolean): XMLParser {
  return new XMLParser({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    processEntities: false,
    trimValues: true,
    maxNestedTags: 32,
    jPath: false,
    tagValueProcessor: (_name, value) => decodeXmlText(value),
    isArray: (name, _path, _isLeafNode, isAttribute) => !isAttribute && arrayElements(name),
  });
}

const responseParser = createParser((name) => name === 'item');
const requestParser = createParser((name) => name === 'item' || REQUEST_ARRAY_ELEMENTS.has(name));

/** The outcome of reading an XML document. */
export type XmlReadResult = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Replaces every object whose only key is `item` by the array of its items, recursively, so that XML arrays look
 * like JSON arrays. An empty element stays `''` (read as "empty" by the schemas).
 */
function unwrapItems(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapItems);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === 'item') {
    const items = record.item;
    return Array.isArray(items) ? items.map(unwrapItems) : [unwrapItems(items)];
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = unwrapItems(record[key]);
  return out;
}

const DECLARATION = /^\s*<\?xml[^>]*\?>/;
const ROOT = 'organik-document-root';
const END = 'organik-document-end';

/**
 * Parses a document inside a synthetic root element, followed by a sentinel element. Several sibling elements
 * without a common root (the documentation's detailed-report example) are accepted. A truncated body leaves an
 * element open, so the sentinel lands inside it instead of at the root: that is how truncation is detected without
 * a second, validating pass over the text.
 */
function read(text: string, parser: XMLParser): XmlReadResult {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { ok: false, reason: 'a DOCTYPE is not accepted' };
  let parsed: Record<string, unknown>;
  try {
    parsed = parser.parse(`<${ROOT}>${text.replace(DECLARATION, '')}<${END}/></${ROOT}>`) as Record<
      string,
      unknown
    >;
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'unreadable XML' };
  }
  const root = parsed[ROOT];
  if (typeof root !== 'object' || root === null || !(END in root)) {
    return { ok: false, reason: 'the document is incomplete' };
  }
  const { [END]: _end, ...content } = root as Record<string, unknown>;
  return { ok: true, value: unwrapItems(content) };
}

/**
 * Reads an Organik XML response into plain values: texts stay strings (the schemas convert them), `<item>` lists
 * become arrays whatever their length, an empty element is `''`. A document that is not well-formed (an HTML
 * error page is often well-formed, a truncated body is not) gives `{ ok: false }`.
 * @param text - the response body
 */
export function readOrganikXmlResponse(text: string): XmlReadResult {
  return read(text, responseParser);
}

/**
 * Reads an Organik XML request body (`<document><data>…</data></document>`) into plain values; repeated elements
 * of the known list fields (`gsms`, `deliveries`, `transaction_ids`…) are arrays even when they occur once.
 * @param text - the request body
 */
export function readOrganikXmlRequest(text: string): XmlReadResult {
  return read(text, requestParser);
}

const builder = new XMLBuilder({
  ignoreAttributes: true,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
});

function toXmlValue(value: unknown, wrapArrays: boolean): unknown {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) {
    const items = value.map((item) => toXmlValue(item, wrapArrays));
    return wrapArrays ? (items.length === 0 ? '' : { item: items }) : items;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) out[key] = toXmlValue(item, wrapArrays);
    }
    return out;
  }
  return value;
}

/**
 * Writes an Organik XML request body: `<document><data>…</data></document>`, arrays as the same element repeated,
 * booleans as `1`/`0`, `undefined` fields left out.
 * @param data - the content of `data`, with Organik's field names
 */
export function buildOrganikXmlRequest(data: Record<string, unknown>): string {
  return builder.build({ document: { data: toXmlValue(data, false) } });
}

/**
 * Writes an Organik XML response, the way the service does: `<response>` root, arrays as `<item>` children, an
 * empty array or `null` as an empty element, booleans as `1`/`0`. Used by the fake server.
 * @param response - the content of `response`
 */
export function buildOrganikXmlResponse(response: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({ response: toXmlValue(response, true) })}`;
}

/**
 * Writes bare sibling `<item>` elements without a root, as the documentation's detailed-report example does.
 * Used by the fake server to reproduce that shape.
 * @param items - the rows
 */
export function buildOrganikXmlItems(items: readonly unknown[]): string {
  return builder.build({ item: items.map((item) => toXmlValue(item, true)) });
}

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

/** The parser keeps document order (a list of nodes per element), which is its cheapest output. */
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  processEntities: false,
  trimValues: true,
  maxNestedTags: 32,
  jPath: false,
});

/** What the parser gives for an element's content: one record per child (`{ name: children }` or `#text`). */
type OrderedNode = Record<string, unknown>;

const RESPONSE_LIST = (name: string) => name === 'item';
const REQUEST_LIST = (name: string) => name === 'item' || REQUEST_ARRAY_ELEMENTS.has(name);

/**
 * Turns an element's ordered children into a plain value, the way JSON would carry it: an element with only text
 * is its (decoded) text, an empty one `''`, others an object of their children. A repeated child, or one named by
 * `isList`, is an array; an object whose only child is `item` becomes the array of its items.
 */
function toPlain(children: readonly OrderedNode[], isList: (name: string) => boolean): unknown {
  let result: Record<string, unknown> | undefined;
  let repeated: Set<string> | undefined;
  let text: string | undefined;
  for (const node of children) {
    for (const name in node) {
      if (name === ':@') continue;
      const content = node[name];
      if (name === '#text') {
        text = text === undefined ? String(content) : text + String(content);
        break;
      }
      const value = toPlain(content as OrderedNode[], isList);
      result ??= {};
      const existing = result[name];
      if (isList(name)) {
        if (existing === undefined) result[name] = [value];
        else (existing as unknown[]).push(value);
      } else if (!(name in result)) {
        result[name] = value;
      } else if (repeated?.has(name)) {
        (existing as unknown[]).push(value);
      } else {
        result[name] = [existing, value];
        repeated ??= new Set();
        repeated.add(name);
      }
      break;
    }
  }
  if (result === undefined) return text === undefined ? '' : decodeXmlText(text);
  if (text !== undefined) result['#text'] = decodeXmlText(text);
  const keys = Object.keys(result);
  return keys.length === 1 && keys[0] === 'item' ? result.item : result;
}

/** The outcome of reading an XML document. */
export type XmlReadResult = { ok: true; value: unknown } | { ok: false; reason: string };

const DECLARATION = /^\s*<\?xml[^>]*\?>/;
const ROOT = 'organik-document-root';
const END = 'organik-document-end';

/**
 * Parses a document inside a synthetic root element, followed by a sentinel element. Several sibling elements
 * without a common root (the documentation's detailed-report example) are accepted. A truncated body leaves an
 * element open, so the sentinel lands inside it instead of at the root: that is how truncation is detected without
 * a second, validating pass over the text.
 */
function read(text: string, isList: (name: string) => boolean): XmlReadResult {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return { ok: false, reason: 'a DOCTYPE is not accepted' };
  let parsed: OrderedNode[];
  try {
    parsed = parser.parse(`<${ROOT}>${text.replace(DECLARATION, '')}<${END}/></${ROOT}>`) as OrderedNode[];
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'unreadable XML' };
  }
  const root = parsed.length === 1 ? parsed[0]?.[ROOT] : undefined;
  if (!Array.isArray(root)) return { ok: false, reason: 'the document is incomplete' };
  const children = root as OrderedNode[];
  const last = children[children.length - 1];
  if (last === undefined || !(END in last)) return { ok: false, reason: 'the document is incomplete' };
  const value = toPlain(children.slice(0, -1), isList);
  return { ok: true, value: value === '' ? {} : value };
}

/**
 * Reads an Organik XML response into plain values: texts stay strings (the schemas convert them), `<item>` lists
 * become arrays whatever their length, an empty element is `''`. A document that is not well-formed (an HTML
 * error page is often well-formed, a truncated body is not) gives `{ ok: false }`.
 * @param text - the response body
 */
export function readOrganikXmlResponse(text: string): XmlReadResult {
  return read(text, RESPONSE_LIST);
}

/**
 * Reads an Organik XML request body (`<document><data>…</data></document>`) into plain values; repeated elements
 * of the known list fields (`gsms`, `deliveries`, `transaction_ids`…) are arrays even when they occur once.
 * @param text - the request body
 */
export function readOrganikXmlRequest(text: string): XmlReadResult {
  return read(text, REQUEST_LIST);
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

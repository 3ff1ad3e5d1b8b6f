import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { decodeXmlText, readXmlFast, type XmlReadResult } from './organik-xml-reader';

export { decodeXmlText, type XmlReadResult };

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

/** Which elements are arrays even when they occur once: `item` in responses, the list fields too in requests. */
const RESPONSE_LISTS: ReadonlySet<string> = new Set(['item']);
const REQUEST_LISTS: ReadonlySet<string> = new Set(['item', ...REQUEST_ARRAY_ELEMENTS]);

/**
 * Turns an element's ordered children into a plain value, the way JSON would carry it: an element with only text
 * is its (decoded) text, an empty one `''`, others an object of their children. A repeated child, or one named by
 * `lists`, is an array; an object whose only child is `item` becomes the array of its items.
 */
function toPlain(children: readonly OrderedNode[], lists: ReadonlySet<string>): unknown {
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
      const value = toPlain(content as OrderedNode[], lists);
      result ??= {};
      const existing = result[name];
      if (lists.has(name)) {
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

const DOCTYPE = /<!DOCTYPE|<!ENTITY/i;
const DOCTYPE_REFUSED: XmlReadResult = { ok: false, reason: 'a DOCTYPE is not accepted' };
const DECLARATION = /^\s*<\?xml[^>]*\?>/;
const ROOT = 'organik-document-root';
const END = 'organik-document-end';

function hasDoctype(text: string): boolean {
  return text.includes('<!') && DOCTYPE.test(text);
}

/**
 * Parses a document with fast-xml-parser, inside a synthetic root element followed by a sentinel element. Several
 * sibling elements without a common root (the documentation's detailed-report example) are accepted. A truncated
 * body leaves an element open, so the sentinel lands inside it instead of at the root: that is how truncation is
 * detected without a second, validating pass over the text.
 */
function readWithParser(text: string, lists: ReadonlySet<string>): XmlReadResult {
  if (hasDoctype(text)) return DOCTYPE_REFUSED;
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
  const value = toPlain(children.slice(0, -1), lists);
  return { ok: true, value: value === '' ? {} : value };
}

/**
 * Reads with the single-pass reader of organik-xml-reader.ts, and with fast-xml-parser only when the document uses
 * a construct that reader leaves aside (non-ASCII or `Object.prototype` names, unusual attribute syntax).
 */
function read(text: string, lists: ReadonlySet<string>): XmlReadResult {
  if (hasDoctype(text)) return DOCTYPE_REFUSED;
  return readXmlFast(text, lists) ?? readWithParser(text, lists);
}

/**
 * Reads a document with fast-xml-parser alone, the way the package read XML before its single-pass reader (which
 * now falls back to this path). Kept to compare the two in tests.
 * @param text - the document
 * @param kind - `response` (`<item>` lists) or `request` (the list fields of request bodies too)
 */
export function readOrganikXmlWithParser(text: string, kind: 'response' | 'request'): XmlReadResult {
  return readWithParser(text, kind === 'response' ? RESPONSE_LISTS : REQUEST_LISTS);
}

/**
 * Reads an Organik XML response into plain values: texts stay strings (the schemas convert them), `<item>` lists
 * become arrays whatever their length, an empty element is `''`. A document that is not well-formed (an HTML
 * error page is often well-formed, a truncated body is not) gives `{ ok: false }`.
 *
 * A strict single-pass reader does the work; it refuses mismatched end tags, bad names and stray `<` that
 * fast-xml-parser would let through, and keeps CDATA content as written. A document with a construct it does not
 * read (non-ASCII element names, names such as `toString`, attributes other than `name="value"`) is read by
 * fast-xml-parser instead, as before.
 * @param text - the response body
 */
export function readOrganikXmlResponse(text: string): XmlReadResult {
  return read(text, RESPONSE_LISTS);
}

/**
 * Reads an Organik XML request body (`<document><data>…</data></document>`) into plain values; repeated elements
 * of the known list fields (`gsms`, `deliveries`, `transaction_ids`…) are arrays even when they occur once. Same
 * reader, and same fast-xml-parser fallback, as {@link readOrganikXmlResponse}.
 * @param text - the request body
 */
export function readOrganikXmlRequest(text: string): XmlReadResult {
  return read(text, REQUEST_LISTS);
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
 * Writes an Organik XML request body with XMLBuilder, as {@link buildOrganikXmlRequest} did before it wrote the
 * text itself (and still does for values it leaves to XMLBuilder). Kept to compare the two in tests.
 * @param data - the content of `data`, with Organik's field names
 */
export function buildOrganikXmlRequestWithBuilder(data: Record<string, unknown>): string {
  return builder.build({ document: { data: toXmlValue(data, false) } });
}

const SPECIAL_CHARACTERS = /[&<>"']/;
const SPECIAL_CHARACTERS_ALL = /[&<>"']/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function escapeXmlText(text: string): string {
  return SPECIAL_CHARACTERS.test(text)
    ? text.replace(SPECIAL_CHARACTERS_ALL, (char) => ESCAPES[char]!)
    : text;
}

/** Deeper than this the direct writer gives up, and XMLBuilder (which refuses 100 levels) decides. */
const MAX_WRITE_DEPTH = 64;

/** One element as XMLBuilder writes it from a `toXmlValue` result; `undefined` for what it leaves to XMLBuilder. */
function writeElement(name: string, value: unknown, depth: number): string | undefined {
  if (value === null || value === undefined || value === '') return `<${name}/>`;
  switch (typeof value) {
    case 'string':
      return `<${name}>${escapeXmlText(value)}</${name}>`;
    case 'number':
      return `<${name}>${Object.is(value, -0) ? '-0' : String(value)}</${name}>`;
    case 'bigint':
      return `<${name}>${String(value)}</${name}>`;
    case 'boolean':
      return `<${name}>${value ? 1 : 0}</${name}>`;
    case 'object': {
      if (Array.isArray(value)) return undefined;
      const content = writeFields(value, depth + 1);
      if (content === undefined) return undefined;
      return content === '' ? `<${name}/>` : `<${name}>${content}</${name}>`;
    }
    default:
      return undefined;
  }
}

/** Whether `value` is a non-empty array of numbers that `String` writes as XMLBuilder does (all but `-0`). */
function isNumberList(value: unknown): value is readonly number[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (const item of value) {
    if (typeof item !== 'number' || Object.is(item, -0)) return false;
  }
  return true;
}

/** The fields of an object, arrays as the element repeated; `undefined` for what it leaves to XMLBuilder. */
function writeFields(object: object, depth: number): string | undefined {
  if (depth > MAX_WRITE_DEPTH) return undefined;
  let out = '';
  for (const [name, value] of Object.entries(object)) {
    if (value === undefined) continue;
    // toXmlValue's `out.__proto__ = …` sets no field, so XMLBuilder never writes one; but an object there becomes
    // the prototype, whose fields XMLBuilder then partly sees.
    if (name === '__proto__') {
      if (typeof value === 'object' && value !== null) return undefined;
      continue;
    }
    // Names XMLBuilder treats specially: text content and processing instructions.
    if (name === '#text' || name.startsWith('?')) return undefined;
    if (isNumberList(value)) {
      // One join writes the whole list (10 000 numbers of a bulk send) without a string per element.
      out += `<${name}>${value.join(`</${name}><${name}>`)}</${name}>`;
    } else if (Array.isArray(value)) {
      for (const item of value) {
        const element = Array.isArray(item) ? undefined : writeElement(name, item, depth);
        if (element === undefined) return undefined;
        out += element;
      }
    } else {
      const element = writeElement(name, value, depth);
      if (element === undefined) return undefined;
      out += element;
    }
  }
  return out;
}

/**
 * Writes an Organik XML request body: `<document><data>…</data></document>`, arrays as the same element repeated,
 * booleans as `1`/`0`, `undefined` fields left out, `&<>"'` escaped. The text is written directly (XMLBuilder took
 * about 12 ms for 10 000 numbers), byte for byte as XMLBuilder writes it; values it does not write (functions,
 * symbols, nested arrays, `#text` or `?` names, more than 64 levels) go through XMLBuilder as before.
 * @param data - the content of `data`, with Organik's field names
 */
export function buildOrganikXmlRequest(data: Record<string, unknown>): string {
  const content = Array.isArray(data) ? undefined : writeFields(data, 3);
  if (content === undefined) return buildOrganikXmlRequestWithBuilder(data);
  return content === '' ? '<document><data/></document>' : `<document><data>${content}</data></document>`;
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

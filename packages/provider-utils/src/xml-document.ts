import { ValidationError } from '@x/messaging-core';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { readPlainXml, writePlainXml } from './xml-fast-path';

/**
 * XML for every provider, read and written with fast-xml-parser configured once, defensively:
 * - no entity processing: a DOCTYPE or an entity declaration refuses the document, so nothing can be expanded or
 *   fetched; only the five predefined entities and character references are decoded (a reference is never longer
 *   than what it stands for, so decoding cannot grow the text);
 * - the size of a document and its nesting are bounded;
 * - a document cut anywhere (a truncated body) or one fast-xml-parser cannot read is refused with a
 *   {@link ValidationError}; fast-xml-parser is lenient about some markup (an end tag closes the open element
 *   whatever its name), which a schema over the result still checks;
 * - values stay strings (`0532…` keeps its leading zero), a schema converts them.
 */

/** Default largest document {@link parseXml} accepts, in characters. */
export const DEFAULT_MAX_XML_LENGTH = 10 * 1024 * 1024;

/** Default deepest nesting {@link parseXml} and {@link buildXml} accept. */
export const DEFAULT_MAX_XML_DEPTH = 64;

/** Options of {@link parseXml}. */
export interface ParseXmlOptions {
  /**
   * Tells which elements are lists, so that one element still reads as an array of one. `name` is the element's
   * name, `path` the dotted path of names from the root (`response.data.item`).
   */
  isArray?(name: string, path: string): boolean;
  /**
   * The name of list entries in a wrapped list: an element whose only children are elements of this name reads as
   * the array of their values, whatever their number (`<rows><item>a</item></rows>` → `rows: ['a']`). Entries beside
   * other children are an array too. An empty element still reads as `''`.
   */
  listItemName?: string;
  /** Keep attributes, under {@link ParseXmlOptions.attributePrefix} (default true); `false` skips them. */
  attributes?: boolean;
  /** Prefix of attribute keys in the result (default `@_`). */
  attributePrefix?: string;
  /**
   * Accept several elements at the top, read as the children of one element (default false: one root element).
   * An empty fragment reads as `{}`.
   */
  fragment?: boolean;
  /** The deepest nesting accepted (default {@link DEFAULT_MAX_XML_DEPTH}). */
  maxDepth?: number;
  /** The longest document accepted, in characters (default {@link DEFAULT_MAX_XML_LENGTH}). */
  maxLength?: number;
}

/** Options of {@link buildXml}. */
export interface BuildXmlOptions {
  /** Start with `<?xml version="1.0" encoding="UTF-8"?>` (default true). */
  declaration?: boolean;
  /** Indent the output (default false). */
  format?: boolean;
  /** Keys starting with this prefix are written as attributes (default `@_`). */
  attributePrefix?: string;
  /**
   * Write arrays wrapped, each entry as an element of this name inside the array's element
   * (`rows: ['a']` → `<rows><item>a</item></rows>`, an empty array as `<rows/>`). Without it an array is its
   * element repeated (`gsm: ['1', '2']` → `<gsm>1</gsm><gsm>2</gsm>`) and an empty array writes nothing.
   */
  listItemName?: string;
  /** How `true`/`false` are written: `'words'` (`true`, `false`, the default) or `'digits'` (`1`, `0`). */
  booleans?: 'words' | 'digits';
  /** The deepest nesting accepted (default {@link DEFAULT_MAX_XML_DEPTH}). */
  maxDepth?: number;
}

/** The fast path declines documents deeper than 30: a limit below 32 leaves everything to fast-xml-parser. */
const FAST_PATH_MIN_DEPTH = 32;
const TEXT = '#text';
const CDATA = '#cdata';
const ATTRIBUTES = ':@';
/** The element the reader puts around a document, and the marker after it; a document that closes it is refused. */
const WRAPPER = 'x-document';
const END = 'x-document-end';

/** The reading options: the only place fast-xml-parser is configured for reading. */
const READ_OPTIONS = {
  preserveOrder: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  attributeNamePrefix: '',
  allowBooleanAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: CDATA,
  commentPropName: false,
  removeNSPrefix: false,
  jPath: false,
} as const;

/** The writing options: the only place fast-xml-parser is configured for writing. */
const WRITE_OPTIONS = {
  ignoreAttributes: false,
  textNodeName: TEXT,
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
  processEntities: true,
  cdataPropName: false,
  commentPropName: false,
} as const;

const DOCTYPE_PATTERN = /<!DOCTYPE|<!ENTITY/i;
const DECLARATION_PATTERN = /^\uFEFF?\s*(<\?xml[^>]*\?>)?/;
const REFERENCE_PATTERN = /&(lt|gt|amp|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** An XML name: a letter, `_` or `:`, then letters, digits, marks, `_`, `:`, `.`, `-` or `·`. */
const NAME_PATTERN = /^[\p{L}_:][\p{L}\p{N}\p{M}_:.\-\u00B7]*$/u;
/** Characters XML 1.0 does not allow, even escaped: most C0 controls, U+FFFE, U+FFFF and lone surrogates. */
const INVALID_CHARACTER_PATTERN =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function xmlError(message: string, code: string): ValidationError {
  return new ValidationError({ message, target: 'xml', issues: [{ path: [], message, code }] });
}

function decodeReference(_match: string, name: string): string {
  if (!name.startsWith('#')) return PREDEFINED[name]!;
  const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
  const surrogate = code >= 0xd800 && code <= 0xdfff;
  return code > 0 && code <= 0x10ffff && !surrogate ? String.fromCodePoint(code) : '\uFFFD';
}

/** Decodes the predefined entities and character references; any other `&name;` stays as written. */
function decodeText(text: string): string {
  return text.includes('&') ? text.replace(REFERENCE_PATTERN, decodeReference) : text;
}

/** A node of fast-xml-parser's ordered output: `{ name: children, ':@'?: attributes }`, a text or a CDATA. */
type XmlNode = Record<string, unknown>;

/** What reading needs besides the nodes. */
interface ReadSettings {
  isArray: ((name: string, path: string) => boolean) | undefined;
  listItemName: string | undefined;
  attributePrefix: string;
}

function nodeName(node: XmlNode): string {
  for (const key in node) if (key !== ATTRIBUTES) return key;
  return '';
}

/**
 * The children of one element by name. A list name, or a name met more than once, holds an array; `repeated`
 * tells an array made here from an element value that is itself an array (a wrapped list).
 */
class Fields {
  readonly values: Record<string, unknown> = {};
  #repeated: Set<string> | undefined;

  add(name: string, value: unknown, list: boolean): void {
    const values = this.values;
    if (!Object.hasOwn(values, name)) {
      values[name] = list ? [value] : value;
    } else if (list || this.#repeated?.has(name)) {
      (values[name] as unknown[]).push(value);
    } else {
      values[name] = [values[name], value];
      this.#repeated ??= new Set();
      this.#repeated.add(name);
    }
  }
}

/** The plain value of the nodes inside one element (or at the top of a document). */
function readNodes(nodes: readonly XmlNode[], path: string, settings: ReadSettings): unknown {
  let fields: Fields | undefined;
  let text: string | undefined;
  for (const node of nodes) {
    const name = nodeName(node);
    if (name === TEXT) {
      text = (text ?? '') + decodeText(String(node[TEXT]));
    } else if (name === CDATA) {
      const content = node[CDATA] as XmlNode[];
      text = (text ?? '') + (content.length > 0 ? String(content[0]?.[TEXT] ?? '') : '');
    } else {
      const childPath = path === '' ? name : `${path}.${name}`;
      fields ??= new Fields();
      const list = name === settings.listItemName || (settings.isArray?.(name, childPath) ?? false);
      fields.add(name, readElement(node, name, childPath, settings), list);
    }
  }
  if (fields === undefined) return text;
  if (text !== undefined) fields.values[TEXT] = text;
  return fields.values;
}

/** The plain value of one element: its text, `''` when empty, or an object of its children and attributes. */
function readElement(node: XmlNode, name: string, path: string, settings: ReadSettings): unknown {
  const content = readNodes(node[name] as XmlNode[], path, settings);
  const attributes = node[ATTRIBUTES] as Record<string, string> | undefined;
  if (attributes === undefined) {
    if (content === undefined) return '';
    return typeof content === 'string' ? content : unwrapList(content as Record<string, unknown>, settings);
  }
  const result: Record<string, unknown> =
    content === undefined ? {} : typeof content === 'string' ? { [TEXT]: content } : { ...content };
  for (const key in attributes) result[`${settings.attributePrefix}${key}`] = decodeText(attributes[key]!);
  return result;
}

/** An object whose only field is the list entry name is the list itself (list entries are always an array). */
function unwrapList(fields: Record<string, unknown>, settings: ReadSettings): unknown {
  const item = settings.listItemName;
  if (item === undefined || !Object.hasOwn(fields, item)) return fields;
  for (const key in fields) if (key !== item) return fields;
  return fields[item];
}

function checkSize(text: string, maxLength: number): void {
  if (typeof text !== 'string') throw xmlError('The XML document is not a string.', 'invalid_xml');
  if (text.length > maxLength) {
    throw xmlError(`The XML document is longer than ${maxLength} characters.`, 'xml_too_large');
  }
  if (DOCTYPE_PATTERN.test(text)) {
    throw xmlError('XML with a DOCTYPE or entity declarations is not accepted.', 'xml_doctype');
  }
}

/**
 * Parses XML into plain objects, defensively (see the notes at the top of this module): a DOCTYPE or entity
 * declaration, a document longer than `maxLength` or nested deeper than `maxDepth`, a document cut anywhere, text
 * or markup beside the root element, and markup fast-xml-parser cannot read are refused. Every value stays a string; an empty element is `''`; text beside child elements is
 * under `#text`; CDATA is kept as written; comments and processing instructions are skipped.
 *
 * @param text - the XML document
 * @param options - lists, attributes, fragments and limits; see {@link ParseXmlOptions}
 * @returns the document as nested objects, arrays and strings: `{ rootName: value }` (a fragment: the value of
 *   its elements side by side)
 * @throws ValidationError (`target: 'xml'`) when the document is refused; its issue code says why
 *   (`xml_doctype`, `xml_too_large`, `xml_depth`, `invalid_xml`)
 *
 * @example
 * parseXml('<response><data><item><id>7</id></item></data></response>', { listItemName: 'item' });
 * // { response: { data: [{ id: '7' }] } }
 */
export function parseXml(text: string, options: ParseXmlOptions = {}): unknown {
  if (fastReadable(options)) {
    const value = readPlainXml(text, options.listItemName, options.maxLength ?? DEFAULT_MAX_XML_LENGTH);
    if (value !== undefined) return value;
  }
  return parseXmlWithParser(text, options);
}

/** Whether `options` are those the fast reader was checked under (its test oracle runs with them). */
function fastReadable(options: ParseXmlOptions): boolean {
  return (
    options.fragment === true &&
    options.attributes === false &&
    options.isArray === undefined &&
    (options.maxDepth ?? DEFAULT_MAX_XML_DEPTH) >= FAST_PATH_MIN_DEPTH
  );
}

/**
 * {@link parseXml} with fast-xml-parser alone: the plain version, and the fast path's test oracle.
 * @param text - the document
 * @param options - as for {@link parseXml}
 */
export function parseXmlWithParser(text: string, options: ParseXmlOptions = {}): unknown {
  checkSize(text, options.maxLength ?? DEFAULT_MAX_XML_LENGTH);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_XML_DEPTH;
  // The document is read inside an element of its own, followed by an end marker. A document cut anywhere leaves
  // an element open, so the marker lands inside it instead of last at the top: truncation is seen without a second
  // pass over the text. Text or markup beside the root is seen too, and a fragment reads like one element's
  // children.
  const wrapped = `<${WRAPPER}>${text.replace(DECLARATION_PATTERN, '')}<${END}/></${WRAPPER}>`;
  const nodes = readOrdered(wrapped, maxDepth, options.attributes !== false);
  const top = nodes.length === 1 ? (nodes[0]?.[WRAPPER] as XmlNode[] | undefined) : undefined;
  const end = top?.pop();
  if (top === undefined || end === undefined || nodeName(end) !== END) {
    throw xmlError('The XML document is incomplete or has markup after its end.', 'invalid_xml');
  }
  if (top.some((node) => nodeName(node) === TEXT || nodeName(node) === CDATA)) {
    throw xmlError('The XML document has text outside its elements.', 'invalid_xml');
  }
  if (!options.fragment && top.length !== 1) {
    const problem = top.length === 0 ? 'has no root element' : 'has several root elements';
    throw xmlError(`The XML document ${problem}.`, 'invalid_xml');
  }
  const settings: ReadSettings = {
    isArray: options.isArray,
    listItemName: options.listItemName,
    attributePrefix: options.attributePrefix ?? '@_',
  };
  const value = readNodes(top, '', settings);
  return value === undefined ? {} : unwrapList(value as Record<string, unknown>, settings);
}

/** fast-xml-parser's ordered output of the wrapped document; its errors become typed ones. */
function readOrdered(wrapped: string, maxDepth: number, attributes: boolean): XmlNode[] {
  try {
    // fast-xml-parser counts the elements open around the one it opens: with the wrapper, `maxDepth` levels.
    const parser = new XMLParser({ ...READ_OPTIONS, ignoreAttributes: !attributes, maxNestedTags: maxDepth });
    return parser.parse(wrapped) as XmlNode[];
  } catch (error) {
    if (error instanceof Error && /nested/i.test(error.message)) {
      throw xmlError(`The XML document is too deeply nested (more than ${maxDepth} levels).`, 'xml_depth');
    }
    throw xmlError('The XML document is unreadable (a name it cannot use, or broken markup).', 'invalid_xml');
  }
}

/** What writing needs besides the value. */
interface WriteSettings {
  attributePrefix: string;
  listItemName: string | undefined;
  digits: boolean;
  maxDepth: number;
}

function checkName(name: string): void {
  if (name === '__proto__' || !NAME_PATTERN.test(name)) {
    throw xmlError(`${JSON.stringify(name.slice(0, 40))} is not an XML name.`, 'invalid_xml_name');
  }
}

/** A scalar as text: strings checked for characters XML cannot carry, `null` as empty. */
function scalarText(value: unknown, settings: WriteSettings): string {
  switch (typeof value) {
    case 'string':
      if (INVALID_CHARACTER_PATTERN.test(value)) {
        throw xmlError(
          'The text holds a character XML cannot carry (a control character).',
          'invalid_xml_value',
        );
      }
      return value;
    case 'number':
    case 'bigint':
      return String(value);
    case 'boolean':
      return settings.digits ? (value ? '1' : '0') : String(value);
    default:
      if (value === null) return '';
      if (value instanceof Date) return value.toISOString();
      throw xmlError(`A ${typeof value} value cannot be written as XML text.`, 'invalid_xml_value');
  }
}

/** The value of one element, ready for XMLBuilder: text, an object of fields, or a wrapped list. */
function writableValue(value: unknown, depth: number, settings: WriteSettings): unknown {
  if (depth > settings.maxDepth) {
    throw xmlError(`The value is nested deeper than ${settings.maxDepth} levels.`, 'xml_depth');
  }
  if (Array.isArray(value)) {
    if (settings.listItemName === undefined) {
      throw xmlError('A list inside a list needs listItemName to be written as XML.', 'invalid_xml_value');
    }
    return writableList(value, depth, settings);
  }
  if (typeof value !== 'object' || value === null || value instanceof Date)
    return scalarText(value, settings);
  return writableFields(value as Record<string, unknown>, depth, settings);
}

/**
 * An array: its entries, repeated under the field's name or wrapped in list entries. At the top of a document an
 * array is always several root elements.
 */
function writableList(items: readonly unknown[], depth: number, settings: WriteSettings): unknown {
  const entries: unknown[] = [];
  for (const item of items) if (item !== undefined) entries.push(writableValue(item, depth + 1, settings));
  const item = settings.listItemName;
  if (item === undefined || depth === 0) return entries;
  return entries.length === 0 ? '' : { [item]: entries };
}

function writableFields(object: Record<string, unknown>, depth: number, settings: WriteSettings): unknown {
  const result: Record<string, unknown> = {};
  const prefix = settings.attributePrefix;
  for (const [key, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (key === TEXT) {
      result[TEXT] = scalarText(value, settings);
    } else if (prefix.length > 0 && key.startsWith(prefix)) {
      checkName(key.slice(prefix.length));
      result[key] = scalarText(value, settings);
    } else {
      checkName(key);
      result[key] = Array.isArray(value)
        ? writableList(value, depth, settings)
        : writableValue(value, depth + 1, settings);
    }
  }
  return result;
}

/**
 * Serialises plain objects to XML with fast-xml-parser's builder: keys become elements, arrays repeated elements
 * (or wrapped lists, see `listItemName`), keys starting with `@_` attributes, `#text` the text beside child
 * elements; at the top, an array is several root elements. `&`, `<`, `>` and quotes are escaped; an empty string or `null` is an empty element (`<x/>`);
 * `undefined` is left out, as `JSON.stringify` does; dates are written in ISO 8601.
 *
 * Names that are not XML names, characters XML cannot carry (control characters), functions and symbols, and values
 * nested deeper than `maxDepth` (a cycle, too) are refused, so the text written is always well-formed.
 *
 * @param value - the document, e.g. `{ document: { data: { gsm: ['905321234567'] } } }`
 * @param options - see {@link BuildXmlOptions}
 * @returns the XML text
 * @throws ValidationError (`target: 'xml'`) for a value that cannot be written
 *
 * @example
 * buildXml({ response: { result: true, rows: [{ id: 1 }] } }, { listItemName: 'item', booleans: 'digits' });
 * // '<?xml version="1.0" encoding="UTF-8"?><response><result>1</result><rows><item><id>1</id></item></rows></response>'
 */
export function buildXml(value: Record<string, unknown>, options: BuildXmlOptions = {}): string {
  const fastWritable =
    options.declaration === false &&
    options.format !== true &&
    options.listItemName === undefined &&
    options.attributePrefix === undefined &&
    options.booleans === 'digits' &&
    (options.maxDepth ?? DEFAULT_MAX_XML_DEPTH) >= FAST_PATH_MIN_DEPTH;
  return (fastWritable ? writePlainXml(value) : undefined) ?? buildXmlWithParser(value, options);
}

/**
 * {@link buildXml} with fast-xml-parser alone: the plain version, and the fast path's test oracle.
 * @param value - the document's fields
 * @param options - as for {@link buildXml}
 */
export function buildXmlWithParser(value: Record<string, unknown>, options: BuildXmlOptions = {}): string {
  const attributePrefix = options.attributePrefix ?? '@_';
  const settings: WriteSettings = {
    attributePrefix,
    listItemName: options.listItemName,
    digits: options.booleans === 'digits',
    maxDepth: options.maxDepth ?? DEFAULT_MAX_XML_DEPTH,
  };
  const document = writableFields(value, 0, settings);
  const builder = new XMLBuilder({
    ...WRITE_OPTIONS,
    attributeNamePrefix: attributePrefix,
    format: options.format ?? false,
    maxNestedTags: settings.maxDepth + 1,
  });
  const body = builder.build(document) as string;
  return options.declaration === false ? body : `<?xml version="1.0" encoding="UTF-8"?>${body}`;
}

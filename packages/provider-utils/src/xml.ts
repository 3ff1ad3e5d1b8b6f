import { ValidationError } from '@x/messaging-core';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

/** Options of {@link parseXml}. */
export interface ParseXmlOptions {
  /**
   * Tells which elements are lists, so that one `<item>` still parses as an array (and an empty list as `[]`
   * once your schema defaults it). `path` is the dotted path from the root (`response.data.item`).
   */
  isArray?(name: string, path: string): boolean;
  /** The deepest nesting accepted (default 64). Deeper documents are refused. */
  maxDepth?: number;
  /** Prefix of attribute keys in the result (default `@_`). */
  attributePrefix?: string;
}

const DOCTYPE_PATTERN = /<!DOCTYPE|<!ENTITY/i;

function xmlError(message: string, code: string): ValidationError {
  return new ValidationError({ message, target: 'xml', issues: [{ path: [], message, code }] });
}

/**
 * Parses XML into plain objects, defensively: documents with a DOCTYPE or entity declarations are refused (no
 * entity expansion, no external entities), nesting is limited, and every value stays a string (`0532...` keeps its
 * leading zero, `1`/`0` are not turned into numbers). The predefined XML entities and character references are
 * decoded; attributes are kept under `@_name`; empty elements become `''`.
 *
 * @param text - the XML document
 * @param options - list detection and limits; see {@link ParseXmlOptions}
 * @returns the document as nested objects, arrays and strings
 * @throws ValidationError (`target: 'xml'`) when the text is not well-formed XML or declares a DOCTYPE
 */
export function parseXml(text: string, options: ParseXmlOptions = {}): unknown {
  if (DOCTYPE_PATTERN.test(text)) {
    throw xmlError('XML with a DOCTYPE or entity declarations is not accepted.', 'xml_doctype');
  }
  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    throw xmlError(
      `The text is not well-formed XML (line ${validation.err.line}, column ${validation.err.col}).`,
      'invalid_xml',
    );
  }
  const isArray = options.isArray;
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: options.attributePrefix ?? '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    processEntities: true,
    htmlEntities: true,
    maxNestedTags: options.maxDepth ?? 64,
    jPath: true,
    isArray: (name: string, path: unknown, _isLeaf: boolean, isAttribute: boolean) =>
      isArray !== undefined && !isAttribute && isArray(name, String(path)),
  });
  try {
    return parser.parse(text) as unknown;
  } catch (error) {
    const reason =
      error instanceof Error && /nested/i.test(error.message) ? 'too deeply nested' : 'unreadable';
    throw xmlError(`The XML document is ${reason}.`, reason === 'unreadable' ? 'invalid_xml' : 'xml_depth');
  }
}

/** Options of {@link buildXml}. */
export interface BuildXmlOptions {
  /** Prepend `<?xml version="1.0" encoding="UTF-8"?>` (default true). */
  declaration?: boolean;
  /** Indent the output (default false). */
  format?: boolean;
  /** Prefix of attribute keys in `value` (default `@_`). */
  attributePrefix?: string;
}

/**
 * Serialises plain objects to XML: keys become elements, arrays become repeated elements, keys starting with
 * `@_` become attributes, and `&`, `<`, `>` and quotes are escaped. `undefined` and `null` values are left out.
 *
 * @param value - the document, e.g. `{ document: { data: { gsm: ['905321234567'] } } }`
 * @param options - see {@link BuildXmlOptions}
 * @returns the XML text
 */
export function buildXml(value: Record<string, unknown>, options: BuildXmlOptions = {}): string {
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: options.attributePrefix ?? '@_',
    format: options.format ?? false,
    suppressEmptyNode: false,
    suppressUnpairedNode: false,
    processEntities: true,
  });
  const body = builder.build(stripEmpty(value)) as string;
  return options.declaration === false ? body : `<?xml version="1.0" encoding="UTF-8"?>${body}`;
}

function stripEmpty(value: unknown): unknown {
  if (Array.isArray(value))
    return value.filter((item) => item !== undefined && item !== null).map(stripEmpty);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined && item !== null) result[key] = stripEmpty(item);
    }
    return result;
  }
  return value;
}

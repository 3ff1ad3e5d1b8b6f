import { buildXml, type ParseXmlOptions, parseXml } from '@x/provider-utils/xml';

/*
 * Organik's XML, read and written with the shared XML helpers of @x/provider-utils. Responses wrap lists in
 * `<item>` elements (`<valid><item>…</item></valid>`); request bodies repeat the list's own element
 * (`<gsms>905321234567</gsms><gsms>905301234567</gsms>`). The documentation's detailed-report example has sibling
 * `<item>`s without a root, so documents are read as fragments. With these options the helpers read and write
 * the plain XML of a 10 000-recipient send through their own fast path (see `@x/provider-utils`).
 */

/** The request-body elements that are lists even when they occur once. */
const REQUEST_LIST_NAMES: ReadonlySet<string> = new Set([
  'deliveries',
  'gsms',
  'groups',
  'transaction_ids',
  'delivery_track_ids',
  'gsm_track_ids',
  'group_ids',
  'persons',
]);

/** Organik's options of parseXml for responses. */
const RESPONSE_READ_OPTIONS: ParseXmlOptions = {
  fragment: true,
  listItemName: 'item',
  attributes: false,
  maxDepth: 32,
};

const REQUEST_READ_OPTIONS: ParseXmlOptions = {
  ...RESPONSE_READ_OPTIONS,
  isArray: (name) => REQUEST_LIST_NAMES.has(name),
};

/**
 * Reads an Organik XML response into plain values: texts stay strings (the schemas convert them), an `<item>`
 * list is an array whatever its length, an empty element is `''`.
 * @param text - the response body
 * @throws ValidationError (`target: 'xml'`) for a document that is not well-formed, truncated, too deep or has a
 *   DOCTYPE
 */
export function readOrganikXmlResponse(text: string): unknown {
  return parseXml(text, RESPONSE_READ_OPTIONS);
}

/**
 * Reads an Organik XML request body (`<document><data>…</data></document>`); the list fields (`gsms`,
 * `deliveries`, `transaction_ids`…) are arrays even when they occur once.
 * @param text - the request body
 * @throws ValidationError (`target: 'xml'`) for a document that cannot be read
 */
export function readOrganikXmlRequest(text: string): unknown {
  return parseXml(text, REQUEST_READ_OPTIONS);
}

/**
 * Writes an Organik XML request body: `<document><data>…</data></document>`, a list as its element repeated,
 * booleans as `1`/`0`, `undefined` fields left out.
 * @param data - the content of `data`, with Organik's field names
 */
export function writeOrganikXmlRequest(data: Record<string, unknown>): string {
  return buildXml({ document: { data } }, { declaration: false, booleans: 'digits' });
}

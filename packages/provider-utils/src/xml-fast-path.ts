/*
 * An internal fast path of parseXml and buildXml for the plain subset of XML that the providers' bulk documents
 * use (elements without attributes, text without references or carriage returns, no comments, CDATA, DOCTYPE or
 * processing instructions besides the declaration): 10 000 `<gsms>` of a request body, 10 000 `<item>` rows of an
 * answer. fast-xml-parser reads such an answer (2 MB) in 200 to 400 ms of CPU and writes the body in about 40 ms,
 * which blocks the caller's event loop for a pause a user notices; these functions take a few milliseconds
 * (packages/organik/bench/README.md).
 *
 * They are used only with the options they were checked under (see xml-document.ts), and give `undefined` for
 * anything else, which then goes to fast-xml-parser, the plain version. That plain version is their test oracle:
 * whatever these functions return, it returns too (test/xml-fast-path.test.ts).
 */

/** The deepest nesting read here; deeper documents go to the plain reader, which refuses beyond 32. */
const MAX_DEPTH = 30;
const DECLARATION = /^\uFEFF?\s*(<\?xml[^>]*\?>)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** A tag without attributes: `/name`, `name`, `name/` (spaces allowed before the end). */
const TAG = /^(\/?)([A-Za-z_][A-Za-z0-9_.-]*)\s*(\/?)$/;
/** Names `Object.prototype` carries (`toString`, `__proto__`…), left to the plain reader. */
const INHERITED_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
/** What a text may hold here: tab, line feed, carriage return and printable characters (XML 1.0's set). */
const PLAIN_TEXT = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD]*$/;

/** The children of one element as they are read: a list entry, or a name met twice, holds an array. */
interface Frame {
  name: string;
  fields: Record<string, unknown> | undefined;
  repeated: Set<string> | undefined;
  text: string | undefined;
}

function addField(frame: Frame, name: string, value: unknown, listItemName: string | undefined): void {
  frame.fields ??= {};
  const fields = frame.fields;
  if (!Object.hasOwn(fields, name)) {
    fields[name] = name === listItemName ? [value] : value;
  } else if (name === listItemName || frame.repeated?.has(name)) {
    (fields[name] as unknown[]).push(value);
  } else {
    fields[name] = [fields[name], value];
    frame.repeated ??= new Set();
    frame.repeated.add(name);
  }
}

/** An element's value: its text, `''` when empty, or its fields (a list of entries alone is the list). */
function elementValue(frame: Frame, listItemName: string | undefined): unknown {
  const fields = frame.fields;
  if (fields === undefined) return frame.text ?? '';
  if (frame.text !== undefined) fields['#text'] = frame.text;
  const keys = Object.keys(fields);
  return listItemName !== undefined && keys.length === 1 && keys[0] === listItemName
    ? fields[listItemName]
    : fields;
}

/**
 * Reads a document as `parseXml(text, { fragment: true, attributes: false, listItemName })` does, or gives
 * `undefined` when the text uses anything beyond the plain subset (or is not well-formed, or longer than
 * `maxLength`), for the plain reader to decide.
 * @param text - the document
 * @param listItemName - the name of list entries, if any
 * @param maxLength - the longest document accepted
 */
export function readPlainXml(text: string, listItemName: string | undefined, maxLength: number): unknown {
  if (text.length > maxLength || text.includes('&') || text.includes('<!') || text.includes('\r'))
    return undefined;
  const body = text.replace(DECLARATION, '');
  if (body.includes('<?')) return undefined;
  const root: Frame = { name: '', fields: undefined, repeated: undefined, text: undefined };
  const stack: Frame[] = [root];
  let position = 0;
  while (position < body.length) {
    const open = body.indexOf('<', position);
    const content = body.slice(position, open === -1 ? body.length : open).trim();
    const frame = stack[stack.length - 1]!;
    if (content !== '') {
      if (frame === root) return undefined;
      frame.text = (frame.text ?? '') + content;
    }
    if (open === -1) break;
    const end = body.indexOf('>', open);
    if (end === -1) return undefined;
    const tag = TAG.exec(body.slice(open + 1, end));
    if (tag === null) return undefined;
    const [, close, name, selfClosing] = tag as unknown as [string, string, string, string];
    if (INHERITED_NAMES.has(name)) return undefined;
    if (close) {
      if (selfClosing || frame.name !== name) return undefined;
      stack.pop();
      addField(stack[stack.length - 1]!, name, elementValue(frame, listItemName), listItemName);
    } else if (selfClosing) {
      addField(frame, name, '', listItemName);
    } else {
      if (stack.length > MAX_DEPTH) return undefined;
      stack.push({ name, fields: undefined, repeated: undefined, text: undefined });
    }
    position = end + 1;
  }
  if (stack.length !== 1) return undefined;
  return root.fields === undefined ? {} : elementValue(root, listItemName);
}

function writeText(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return PLAIN_TEXT.test(value)
        ? value.replace(/[&<>"']/g, (character) => TEXT_ESCAPES[character]!)
        : undefined;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? String(value) : undefined;
    case 'boolean':
      return value ? '1' : '0';
    default:
      return undefined;
  }
}

function writeElement(name: string, value: unknown, depth: number): string | undefined {
  if (typeof value === 'object' && value !== null) {
    if (Array.isArray(value) || value instanceof Date) return undefined;
    const content = writeFields(value as Record<string, unknown>, depth + 1);
    return content === undefined || content === '' ? undefined : `<${name}>${content}</${name}>`;
  }
  const text = writeText(value);
  if (text === undefined) return undefined;
  return text === '' ? `<${name}/>` : `<${name}>${text}</${name}>`;
}

function writeFields(object: Record<string, unknown>, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let out = '';
  for (const [name, value] of Object.entries(object)) {
    if (value === undefined) continue;
    if (!NAME.test(name) || INHERITED_NAMES.has(name)) return undefined;
    for (const item of Array.isArray(value) ? value : [value]) {
      const element = item === undefined ? '' : writeElement(name, item, depth);
      if (element === undefined) return undefined;
      out += element;
    }
  }
  return out;
}

/**
 * Writes `value` as `buildXml(value, { declaration: false, booleans: 'digits' })` does, or gives `undefined` for
 * a value beyond the plain subset (for the plain writer to write, or refuse).
 * @param value - the document's fields
 */
export function writePlainXml(value: Record<string, unknown>): string | undefined {
  const content = writeFields(value, 0);
  return content === undefined || content === '' ? undefined : content;
}

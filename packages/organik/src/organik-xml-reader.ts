/**
 * A strict, single-pass reader for the XML Organik writes. It builds the plain values directly (no node tree): an
 * element with only text is its decoded text, an empty one `''`, a repeated child or one whose name is in the list
 * set an array, an object whose only child is `item` the array of its items, text beside elements `#text`.
 * Attributes are skipped, comments and processing instructions (the XML declaration included) ignored.
 */

/** The outcome of reading an XML document. */
export type XmlReadResult = { ok: true; value: unknown } | { ok: false; reason: string };

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

/** The most elements open at once; opening one more fails, as fast-xml-parser does with `maxNestedTags: 32`. */
const MAX_DEPTH = 32;
const DECLARATION = /^\s*<\?xml[^>]*\?>/;

const TAB = 9;
const NEWLINE = 10;
const RETURN = 13;
const SPACE = 32;
const BANG = 33;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const SLASH = 47;
const EQUALS = 61;
const GREATER_THAN = 62;
const QUESTION = 63;

/** ASCII name characters: 2 may start a name, 1 may only follow. Other characters send the document elsewhere. */
const NAME_CHAR = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const char = String.fromCharCode(code);
  if (/[A-Za-z_:]/.test(char)) NAME_CHAR[code] = 2;
  else if (/[0-9.-]/.test(char)) NAME_CHAR[code] = 1;
}

function isSpace(code: number): boolean {
  return code === SPACE || code === NEWLINE || code === TAB || code === RETURN;
}

function isNameStart(code: number): boolean {
  return code < 128 && NAME_CHAR[code] === 2;
}

function isNameChar(code: number): boolean {
  return code < 128 && NAME_CHAR[code] !== 0;
}

const EMPTY = {};

/**
 * A name met in the document (one entry per name): whether its values are lists, the name of the start tag that
 * followed it last, and the serial number of the last element it was added to.
 */
interface NameEntry {
  name: string;
  list: boolean;
  next: NameEntry | undefined;
  lastParent: number;
  /** A name `Object.prototype` carries (`toString`, `constructor`…): fast-xml-parser renames or refuses those. */
  inherited: boolean;
}

/**
 * Reads the names of start tags, one entry per name so that the same string is reused (which spares property
 * look-ups hashing and interning a new slice). The name that followed the previous tag last time is tried first,
 * which in a list of rows skips the scan and the look-up.
 */
class NameReader {
  readonly #entries = new Map<string, NameEntry>();
  #previous: NameEntry | undefined;
  readonly #lists: ReadonlySet<string>;
  /** Where the last name read ends. */
  end = 0;

  constructor(lists: ReadonlySet<string>) {
    this.#lists = lists;
  }

  /** The name written from `start` in `text` (always the same document), or `undefined` if none starts there. */
  read(text: string, start: number): NameEntry | undefined {
    const guess = this.#previous?.next;
    if (guess !== undefined) {
      const length = guess.name.length;
      const after = text.charCodeAt(start + length);
      if (after < 128 && NAME_CHAR[after] === 0 && text.slice(start, start + length) === guess.name) {
        this.#previous = guess;
        this.end = start + length;
        return guess;
      }
    }
    if (!isNameStart(text.charCodeAt(start))) return undefined;
    let end = start + 1;
    while (isNameChar(text.charCodeAt(end))) end++;
    this.end = end;
    const entry = this.#entry(text, start, end);
    if (this.#previous !== undefined) this.#previous.next = entry;
    this.#previous = entry;
    return entry;
  }

  #entry(text: string, start: number, end: number): NameEntry {
    const name = text.slice(start, end);
    let entry = this.#entries.get(name);
    if (entry === undefined) {
      entry = {
        name,
        list: this.#lists.has(name),
        next: undefined,
        lastParent: -1,
        inherited: name in EMPTY,
      };
      this.#entries.set(name, entry);
    }
    return entry;
  }
}

/** What the tag scanners return instead of a position. */
const TRUNCATED = -1;
const MALFORMED = -2;
const UNSUPPORTED = -3;

/** An element being read. */
interface Frame {
  tag: NameEntry;
  /** Frames are numbered in document order. */
  serial: number;
  children: Record<string, unknown> | undefined;
  /** How many keys `children` has. */
  keys: number;
  /** Non-list names seen more than once (their value is already an array). */
  repeated: Set<string> | undefined;
  hasText: boolean;
  /** Text and CDATA before `raw`, already decoded. */
  done: string;
  /** Trimmed text since the last CDATA section, not decoded yet. */
  raw: string;
}

function newFrame(tag: NameEntry, serial: number): Frame {
  return {
    tag,
    serial,
    children: undefined,
    keys: 0,
    repeated: undefined,
    hasText: false,
    done: '',
    raw: '',
  };
}

function addText(frame: Frame, text: string): void {
  const trimmed = text.trim();
  if (trimmed === '') return;
  frame.raw += trimmed;
  frame.hasText = true;
}

function addCdata(frame: Frame, content: string): void {
  frame.done += decodeXmlText(frame.raw) + content;
  frame.raw = '';
  frame.hasText = true;
}

/** The plain value of a closed element. */
function elementValue(frame: Frame): unknown {
  const text = frame.hasText ? frame.done + decodeXmlText(frame.raw) : undefined;
  const children = frame.children;
  if (children === undefined) return text ?? '';
  if (text !== undefined) {
    children['#text'] = text;
    return children;
  }
  return frame.keys === 1 && children.item !== undefined ? children.item : children;
}

/**
 * Adds a child value under its name. Returns false for a name that `Object.prototype` carries (`toString`,
 * `constructor`…): fast-xml-parser renames or refuses those, so the document is left to it.
 */
function addChild(frame: Frame, entry: NameEntry, value: unknown): boolean {
  if (entry.inherited) return false;
  const name = entry.name;
  frame.children ??= {};
  const children = frame.children;
  // A name last added to an element opened before this one cannot be among its children yet: skip the look-up.
  const isNew = entry.lastParent < frame.serial;
  entry.lastParent = frame.serial;
  const existing = isNew ? undefined : children[name];
  if (existing === undefined) {
    children[name] = entry.list ? [value] : value;
    frame.keys++;
    return true;
  }
  if (entry.list || frame.repeated?.has(name)) {
    (existing as unknown[]).push(value);
  } else {
    children[name] = [existing, value];
    frame.repeated ??= new Set();
    frame.repeated.add(name);
  }
  return true;
}

/**
 * Skips the attributes of a start tag, from the space after its name. Returns the index of its `>`, or
 * TRUNCATED, or UNSUPPORTED for anything but `name="value"` / `name='value'` pairs separated by spaces.
 */
function attributesEnd(text: string, position: number): number {
  const length = text.length;
  let code = text.charCodeAt(position);
  for (;;) {
    while (isSpace(code)) code = text.charCodeAt(++position);
    if (code === GREATER_THAN) return position;
    if (position >= length) return TRUNCATED;
    if (code === SLASH) {
      if (text.charCodeAt(position + 1) === GREATER_THAN) return position + 1;
      return position + 1 >= length ? TRUNCATED : UNSUPPORTED;
    }
    if (!isNameStart(code)) return UNSUPPORTED;
    do code = text.charCodeAt(++position);
    while (isNameChar(code));
    while (isSpace(code)) code = text.charCodeAt(++position);
    if (code !== EQUALS) return position >= length ? TRUNCATED : UNSUPPORTED;
    do code = text.charCodeAt(++position);
    while (isSpace(code));
    if (code !== DOUBLE_QUOTE && code !== SINGLE_QUOTE) return position >= length ? TRUNCATED : UNSUPPORTED;
    const close = text.indexOf(code === DOUBLE_QUOTE ? '"' : "'", position + 1);
    if (close === -1) return TRUNCATED;
    position = close + 1;
    code = text.charCodeAt(position);
    if (!isSpace(code) && code !== GREATER_THAN && code !== SLASH) {
      return position >= length ? TRUNCATED : UNSUPPORTED;
    }
  }
}

/**
 * Finds the `>` of the `?>` that ends a processing instruction, skipping quoted values as fast-xml-parser does.
 * Returns TRUNCATED when there is none.
 */
function processingInstructionEnd(text: string, position: number): number {
  const length = text.length;
  for (; position < length; position++) {
    const code = text.charCodeAt(position);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      position = text.indexOf(code === DOUBLE_QUOTE ? '"' : "'", position + 1);
      if (position === -1) return TRUNCATED;
    } else if (code === QUESTION && text.charCodeAt(position + 1) === GREATER_THAN) {
      return position + 1;
    }
  }
  return TRUNCATED;
}

/**
 * Reads the end tag at `position` (its `<`) of the element `name`. Returns the index after its `>`, TRUNCATED or
 * MALFORMED (another name).
 */
function endTagEnd(text: string, position: number, name: string): number {
  const length = name.length;
  if (text.slice(position + 2, position + 2 + length) === name) {
    let index = position + 2 + length;
    let code = text.charCodeAt(index);
    while (isSpace(code)) code = text.charCodeAt(++index);
    if (code === GREATER_THAN) return index + 1;
    if (index >= text.length) return TRUNCATED;
  }
  return text.indexOf('>', position + 2) === -1 ? TRUNCATED : MALFORMED;
}

const TRUNCATED_RESULT: XmlReadResult = { ok: false, reason: 'the document is incomplete' };

function failure(code: number, reason: string): XmlReadResult | undefined {
  if (code === UNSUPPORTED) return undefined;
  return code === TRUNCATED ? TRUNCATED_RESULT : { ok: false, reason };
}

/**
 * Reads a document in one pass, straight into plain values. Several sibling elements at the top are accepted
 * (their values side by side, like children of one element); an empty document is `{}`.
 *
 * Strict where fast-xml-parser is lenient: an end tag must name the open element, a name must be an XML name, a
 * `<` must start markup, and a body cut anywhere leaves `{ ok: false }`. CDATA content is kept as written (never
 * trimmed or decoded). A DOCTYPE is not looked for: the caller refuses it beforehand.
 *
 * Returns `undefined` for what it leaves to the full parser: a name with a non-ASCII character or one that
 * `Object.prototype` carries, and attributes that are not `name="value"` pairs.
 * @param input - the document
 * @param lists - element names whose values are arrays even when they occur once
 */
export function readXmlFast(input: string, lists: ReadonlySet<string>): XmlReadResult | undefined {
  const text = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  const length = text.length;
  const stack: Frame[] = [];
  const top = newFrame({ name: '', list: false, next: undefined, lastParent: -1, inherited: false }, 0);
  let serial = 0;
  const names = new NameReader(lists);
  let frame = top;
  let position = DECLARATION.exec(text)?.[0].length ?? 0;
  // Text interrupted by comments: fast-xml-parser joins the pieces before trimming them.
  let carried = '';
  for (;;) {
    const start = text.indexOf('<', position);
    if (start === -1) {
      addText(frame, carried + text.slice(position));
      break;
    }
    const next = text.charCodeAt(start + 1);
    if (next === BANG && text.startsWith('--', start + 2)) {
      const close = text.indexOf('-->', start + 4);
      if (close === -1) return TRUNCATED_RESULT;
      carried += text.slice(position, start);
      position = close + 3;
      continue;
    }
    if (start > position || carried !== '') {
      addText(frame, carried + text.slice(position, start));
      carried = '';
    }
    if (next === SLASH) {
      if (stack.length === 0) return { ok: false, reason: 'an end tag closes no element' };
      const end = endTagEnd(text, start, frame.tag.name);
      if (end < 0) return failure(end, 'an end tag does not match the open element');
      const value = elementValue(frame);
      const tag = frame.tag;
      frame = stack.pop()!;
      if (!addChild(frame, tag, value)) return undefined;
      position = end;
    } else if (next === QUESTION) {
      const end = processingInstructionEnd(text, start + 1);
      if (end < 0) return TRUNCATED_RESULT;
      position = end + 1;
    } else if (next === BANG) {
      if (!text.startsWith('[CDATA[', start + 2)) {
        return start + 9 > length ? TRUNCATED_RESULT : { ok: false, reason: 'unsupported markup' };
      }
      const close = text.indexOf(']]>', start + 9);
      if (close === -1) return TRUNCATED_RESULT;
      addCdata(frame, text.slice(start + 9, close));
      position = close + 3;
    } else {
      // A start tag.
      const name = names.read(text, start + 1);
      if (name === undefined) {
        if (next >= 128) return undefined;
        return start + 1 >= length ? TRUNCATED_RESULT : { ok: false, reason: 'a < that starts no tag' };
      }
      const index = names.end;
      const code = text.charCodeAt(index);
      if (code >= 128) return undefined;
      let end: number;
      if (code === GREATER_THAN) end = index;
      else if (code === SLASH) {
        if (text.charCodeAt(index + 1) !== GREATER_THAN) {
          return failure(index + 1 >= length ? TRUNCATED : MALFORMED, 'a malformed tag');
        }
        end = index + 1;
      } else if (isSpace(code)) {
        end = attributesEnd(text, index);
        if (end < 0) return failure(end, 'a malformed tag');
      } else {
        return failure(index >= length ? TRUNCATED : MALFORMED, 'a malformed tag name');
      }
      if (text.charCodeAt(end - 1) === SLASH) {
        if (!addChild(frame, name, '')) return undefined;
        position = end + 1;
        continue;
      }
      if (stack.length >= MAX_DEPTH)
        return { ok: false, reason: `elements nest deeper than ${MAX_DEPTH} levels` };
      // The common case: an element with only text, closed right after it.
      const textEnd = text.indexOf('<', end + 1);
      const afterName = textEnd + 2 + name.name.length;
      if (
        textEnd !== -1 &&
        text.charCodeAt(textEnd + 1) === SLASH &&
        text.charCodeAt(afterName) === GREATER_THAN &&
        text.slice(textEnd + 2, afterName) === name.name
      ) {
        if (!addChild(frame, name, decodeXmlText(text.slice(end + 1, textEnd).trim()))) return undefined;
        position = afterName + 1;
        continue;
      }
      stack.push(frame);
      frame = newFrame(name, ++serial);
      position = end + 1;
    }
  }
  if (stack.length > 0) return TRUNCATED_RESULT;
  const value = elementValue(top);
  return { ok: true, value: value === '' ? {} : value };
}

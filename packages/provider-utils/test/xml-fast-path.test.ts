import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildXml,
  buildXmlWithParser,
  DEFAULT_MAX_XML_LENGTH,
  type ParseXmlOptions,
  parseXml,
  parseXmlWithParser,
} from '../src/xml-document';
import { readPlainXml, writePlainXml } from '../src/xml-fast-path';

/** The options the fast reader is used with (parseXml's `fastReadable`), with and without wrapped lists. */
const READ_OPTIONS: ParseXmlOptions[] = [
  { fragment: true, listItemName: 'item', attributes: false, maxDepth: 32 },
  { fragment: true, attributes: false },
];

/** The plain reader's answer: the value, or `refused` when it throws. */
function plainRead(text: string, options: ParseXmlOptions): unknown {
  try {
    return parseXmlWithParser(text, options);
  } catch {
    return 'refused';
  }
}

function fastRead(text: string, options: ParseXmlOptions): unknown {
  return readPlainXml(text, options.listItemName, options.maxLength ?? DEFAULT_MAX_XML_LENGTH);
}

const WRITE_OPTIONS = { declaration: false, booleans: 'digits' } as const;

const name = fc.constantFrom('item', 'data', 'gsm', 'valid', 'a', 'b_1', 'x.y', 'toString', 'a:b', 'ş');
const leaf = fc.oneof(
  fc.constantFrom('', ' ', '1', 'abc', '  padded  ', 'a&amp;b', 'x > y', 'line\r\nbreak', "'q'", '"q"'),
  fc.string({ maxLength: 8 }),
);
const element: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(name, leaf).map(([tag, text]) => `<${tag}>${text}</${tag}>`),
    name.map((tag) => `<${tag}/>`),
    fc
      .tuple(name, fc.array(tie('node'), { maxLength: 4 }), leaf)
      .map(([tag, children, text]) => `<${tag}>${children.join('')}${text.trim() === '' ? '' : ''}</${tag}>`),
    fc
      .tuple(name, fc.array(tie('node'), { maxLength: 3 }), leaf)
      .map(([tag, children, text]) => `<${tag}>${text}${children.join('')}${text}</${tag}>`),
  ),
})).node;
const mutation = fc.constantFrom(
  (text: string) => text,
  (text: string) => text.slice(0, Math.floor(text.length / 2)),
  (text: string) => `<?xml version="1.0" encoding="UTF-8"?>${text}`,
  (text: string) => `  ${text}\n`,
  (text: string) => text.replace('</', '</x'),
  (text: string) => `${text}tail`,
  (text: string) => `<!-- c -->${text}`,
  (text: string) => text.replace('>', ' a="1">'),
);

describe('the XML fast path, against fast-xml-parser as its oracle', () => {
  it.each(READ_OPTIONS)('reads any document as the plain reader does, or leaves it to it (%o)', (options) => {
    fc.assert(
      fc.property(fc.array(element, { minLength: 0, maxLength: 4 }), mutation, (elements, mutate) => {
        const text = mutate(elements.join(''));
        const fast = fastRead(text, options);
        if (fast !== undefined) expect(fast).toEqual(plainRead(text, options));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads answers such as Organik’s itself: a send answer, bare rows, an error envelope', () => {
    const answers = [
      '<?xml version="1.0" encoding="UTF-8"?><response><data><result>1</result><deliveries><item><track_id/><transaction_id>16502030</transaction_id><valid><item><gsm>905321234567</gsm></item></valid><invalid/></item></deliveries></data></response>',
      '<item><gsm>905321234567</gsm><status>2</status></item><item><gsm>905301234567</gsm><status>1</status></item>',
      '<response><result>0</result><error><message>Insufficient balance</message><number>103</number></error></response>',
    ];
    const [options] = READ_OPTIONS as [ParseXmlOptions];
    for (const text of answers) {
      const fast = fastRead(text, options);
      expect(fast).toBeDefined();
      expect(fast).toEqual(plainRead(text, options));
      expect(parseXml(text, options)).toEqual(fast);
    }
  });

  it('writes any document as the plain writer does, or leaves it to it', () => {
    const scalar = fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        scalar,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('gsms', 'options', 'header', 'a', 'toString', 'bad name', '#text'),
          tie('node'),
          {
            maxKeys: 3,
          },
        ),
      ),
    })).node;
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('deliveries', 'gsms', 'transaction_ids', 'x'), value),
        (data) => {
          const fast = writePlainXml({ document: { data } });
          if (fast === undefined) return;
          expect(fast).toBe(buildXmlWithParser({ document: { data } }, WRITE_OPTIONS));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('writes a bulk request body itself', () => {
    const data = {
      deliveries: [
        {
          options: { header: 'A&B', message_format: 1, gsm_isUnique: 1, track_id: '4711' },
          recipients: { gsms: [905321234567, 905301234567] },
          message: 'U2lwYXJpxZ9pbml6',
        },
      ],
    };
    const fast = writePlainXml({ document: { data } });
    expect(fast).toBeDefined();
    expect(fast).toBe(buildXmlWithParser({ document: { data } }, WRITE_OPTIONS));
    expect(buildXml({ document: { data } }, WRITE_OPTIONS)).toBe(fast);
  });

  it('is not used with other options', () => {
    expect(parseXml('<a x="1"><b>1</b></a>', { attributes: true })).toEqual({ a: { '@_x': '1', b: '1' } });
    expect(buildXml({ a: { b: true } }, { declaration: false })).toBe('<a><b>true</b></a>');
  });
});

import { buildXml, parseXml } from '@x/provider-utils/xml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RESPONSE_READ_OPTIONS } from '../src/organik-xml';
import { readOrganikXmlFast, writeOrganikXmlRequestFast } from '../src/organik-xml-fast-path';

/** The plain reader's answer: the value, or `refused` when it throws. */
function plainRead(text: string): unknown {
  try {
    return parseXml(text, RESPONSE_READ_OPTIONS);
  } catch {
    return 'refused';
  }
}

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

describe('the XML fast path', () => {
  it('reads any document as parseXml does, or leaves it to parseXml', () => {
    fc.assert(
      fc.property(fc.array(element, { minLength: 0, maxLength: 4 }), mutation, (elements, mutate) => {
        const text = mutate(elements.join(''));
        const fast = readOrganikXmlFast(text);
        if (fast !== undefined) expect(fast).toEqual(plainRead(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads Organik’s answers itself: a send answer, bare rows, an error envelope', () => {
    const answers = [
      '<?xml version="1.0" encoding="UTF-8"?><response><data><result>1</result><deliveries><item><track_id/><transaction_id>16502030</transaction_id><valid><item><gsm>905321234567</gsm></item></valid><invalid/></item></deliveries></data></response>',
      '<item><gsm>905321234567</gsm><status>2</status></item><item><gsm>905301234567</gsm><status>1</status></item>',
      '<response><result>0</result><error><message>Insufficient balance</message><number>103</number></error></response>',
    ];
    for (const text of answers) {
      const fast = readOrganikXmlFast(text);
      expect(fast).toBeDefined();
      expect(fast).toEqual(plainRead(text));
    }
  });

  it('writes any request body as buildXml does, or leaves it to buildXml', () => {
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
          const fast = writeOrganikXmlRequestFast(data);
          if (fast === undefined) return;
          expect(fast).toBe(buildXml({ document: { data } }, { declaration: false, booleans: 'digits' }));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('writes a send body itself', () => {
    const data = {
      deliveries: [
        {
          options: { header: 'A&B', message_format: 1, gsm_isUnique: 1, track_id: '4711' },
          recipients: { gsms: [905321234567, 905301234567] },
          message: 'U2lwYXJpxZ9pbml6',
        },
      ],
    };
    const fast = writeOrganikXmlRequestFast(data);
    expect(fast).toBeDefined();
    expect(fast).toBe(buildXml({ document: { data } }, { declaration: false, booleans: 'digits' }));
  });
});

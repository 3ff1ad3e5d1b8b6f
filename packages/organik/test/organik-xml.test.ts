import { describe, expect, it } from 'vitest';
import {
  buildOrganikXmlRequest,
  buildOrganikXmlResponse,
  readOrganikXmlRequest,
  readOrganikXmlResponse,
} from '../src/organik-xml';

describe('Organik XML', () => {
  it('reads <item> lists as arrays whatever their length, and empty elements as empty', () => {
    expect(
      readOrganikXmlResponse(
        '<?xml version="1.0"?><response><result>1</result><data><one><item><a>1</a></item></one><none/><two><item>x</item><item>y</item></two></data></response>',
      ),
    ).toEqual({
      ok: true,
      value: { response: { result: '1', data: { one: [{ a: '1' }], none: '', two: ['x', 'y'] } } },
    });
  });

  it('reads a repeated element as an array, and text beside elements under #text', () => {
    expect(
      readOrganikXmlResponse(
        '<response><data><gsm>1</gsm><gsm>2</gsm><gsm>3</gsm><note>a<b>c</b>d</note></data></response>',
      ),
    ).toEqual({
      ok: true,
      value: { response: { data: { gsm: ['1', '2', '3'], note: { b: 'c', '#text': 'ad' } } } },
    });
  });

  it('reads sibling elements without a root', () => {
    expect(readOrganikXmlResponse('<item><a>1</a></item><item><a>2</a></item>')).toEqual({
      ok: true,
      value: [{ a: '1' }, { a: '2' }],
    });
  });

  it.each([
    '<response><result>1</result><data><item>',
    '<response><result>1</result><data><item><a>12',
    '<response><result>1</res',
    '<response><result>1</result></data></response>',
  ])('refuses a truncated or broken document: %s', (text) => {
    expect(readOrganikXmlResponse(text).ok).toBe(false);
  });

  it('decodes predefined entities and character references but never expands a DOCTYPE entity', () => {
    expect(
      readOrganikXmlResponse('<response><n>A&amp;B &lt;&#351;&#x15F;&gt; &unknown;</n></response>'),
    ).toEqual({
      ok: true,
      value: { response: { n: 'A&B <şş> &unknown;' } },
    });
    expect(
      readOrganikXmlResponse('<!DOCTYPE r [<!ENTITY a "aaaaaaaa">]><response><n>&a;&a;&a;</n></response>').ok,
    ).toBe(false);
  });

  it('round-trips request bodies with repeated elements, one-element lists included', () => {
    const body = buildOrganikXmlRequest({
      deliveries: [{ recipients: { gsms: [905321234567] }, message: 'QQ==', options: { header: 'A&B' } }],
      transaction_ids: [1, 2],
    });
    expect(body).toBe(
      '<document><data><deliveries><recipients><gsms>905321234567</gsms></recipients><message>QQ==</message><options><header>A&amp;B</header></options></deliveries><transaction_ids>1</transaction_ids><transaction_ids>2</transaction_ids></data></document>',
    );
    expect(readOrganikXmlRequest(body)).toEqual({
      ok: true,
      value: {
        document: {
          data: {
            deliveries: [
              { recipients: { gsms: ['905321234567'] }, message: 'QQ==', options: { header: 'A&B' } },
            ],
            transaction_ids: ['1', '2'],
          },
        },
      },
    });
  });

  it('writes responses with <item> lists, empty lists and nulls as empty elements, booleans as 1/0', () => {
    expect(buildOrganikXmlResponse({ result: true, data: { rows: [{ id: 1, end: null }], none: [] } })).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><response><result>1</result><data><rows><item><id>1</id><end/></item></rows><none/></data></response>',
    );
  });
});

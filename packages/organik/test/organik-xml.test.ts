import { ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { readOrganikXmlRequest, readOrganikXmlResponse, writeOrganikXmlRequest } from '../src/organik-xml';

function refusal(text: string): unknown {
  try {
    readOrganikXmlResponse(text);
  } catch (error) {
    return error;
  }
  throw new Error('expected the document to be refused');
}

describe('Organik XML', () => {
  it('reads <item> lists as arrays whatever their length, and empty elements as empty', () => {
    expect(
      readOrganikXmlResponse(
        '<?xml version="1.0"?><response><result>1</result><data><one><item><a>1</a></item></one><none/><two><item>x</item><item>y</item></two></data></response>',
      ),
    ).toEqual({ response: { result: '1', data: { one: [{ a: '1' }], none: '', two: ['x', 'y'] } } });
  });

  it('reads a repeated element as an array, and text beside elements under #text', () => {
    expect(
      readOrganikXmlResponse(
        '<response><data><gsm>1</gsm><gsm>2</gsm><gsm>3</gsm><note>a<b>c</b>d</note></data></response>',
      ),
    ).toEqual({ response: { data: { gsm: ['1', '2', '3'], note: { b: 'c', '#text': 'ad' } } } });
  });

  it('reads sibling rows without a root, as the documentation’s detailed report has them', () => {
    expect(readOrganikXmlResponse('<item><a>1</a></item><item><a>2</a></item>')).toEqual([
      { a: '1' },
      { a: '2' },
    ]);
  });

  it.each([
    '<response><result>1</result><data><item>',
    '<response><result>1</result><data><item><a>12',
    '<response><result>1</res',
    '<response><result>1</result></data></response>',
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaa">]><response><n>&a;&a;&a;</n></response>',
  ])('refuses a truncated, broken or DOCTYPE document with a ValidationError: %s', (text) => {
    expect(ValidationError.isInstance(refusal(text))).toBe(true);
  });

  it('decodes predefined entities and character references, and keeps anything else as written', () => {
    expect(
      readOrganikXmlResponse('<response><n>A&amp;B &lt;&#351;&#x15F;&gt; &unknown;</n></response>'),
    ).toEqual({
      response: { n: 'A&B <şş> &unknown;' },
    });
  });

  it('writes request bodies with the list element repeated, and reads them back, one-element lists included', () => {
    const body = writeOrganikXmlRequest({
      deliveries: [{ recipients: { gsms: [905321234567] }, message: 'QQ==', options: { header: 'A&B' } }],
      transaction_ids: [1, 2],
      skipped: undefined,
      flag: true,
    });
    expect(body).toBe(
      '<document><data><deliveries><recipients><gsms>905321234567</gsms></recipients><message>QQ==</message><options><header>A&amp;B</header></options></deliveries><transaction_ids>1</transaction_ids><transaction_ids>2</transaction_ids><flag>1</flag></data></document>',
    );
    expect(readOrganikXmlRequest(body)).toEqual({
      document: {
        data: {
          deliveries: [
            { recipients: { gsms: ['905321234567'] }, message: 'QQ==', options: { header: 'A&B' } },
          ],
          transaction_ids: ['1', '2'],
          flag: '1',
        },
      },
    });
  });
});

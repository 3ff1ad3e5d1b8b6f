import { ValidationError } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { buildXml, parseXml } from '../src/index';

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
    expect(() => parseXml('<html><body>Service Unavailable')).toThrow(/not well-formed/);
  });
});

describe('buildXml', () => {
  it('writes arrays as repeated elements, escapes text and skips empty values', () => {
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
});

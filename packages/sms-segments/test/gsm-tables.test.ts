import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classOf } from '../src/character-classes';
import { GSM7_BASIC, GSM7_ESCAPE, GSM7_EXTENSION, GSM7_TURKISH_SINGLE_SHIFT } from '../src/index';

const tables = JSON.parse(
  readFileSync(new URL('../tables/gsm0338-tables.json', import.meta.url), 'utf8'),
) as {
  basic: string;
  escape_code: number;
  extension: Record<string, number>;
  turkish_single_shift: Record<string, number>;
};

describe('generated GSM 03.38 tables', () => {
  it('match tables/gsm0338-tables.json (run generate:tables after changing it)', () => {
    expect(GSM7_BASIC).toBe(tables.basic);
    expect(GSM7_ESCAPE).toBe(tables.escape_code);
    expect(GSM7_EXTENSION).toEqual(tables.extension);
    expect(GSM7_TURKISH_SINGLE_SHIFT).toEqual(tables.turkish_single_shift);
  });

  it('has the 128 codes of the default alphabet and the 17 Turkish single shift characters', () => {
    expect([...GSM7_BASIC]).toHaveLength(128);
    expect(Object.keys(GSM7_EXTENSION)).toHaveLength(10);
    expect(Object.keys(GSM7_TURKISH_SINGLE_SHIFT)).toHaveLength(17);
    expect(GSM7_BASIC.indexOf('Ç')).toBe(9);
    expect(GSM7_BASIC.includes('ç')).toBe(false);
  });

  it('classifies every UTF-16 code unit as the tables say', () => {
    const basic = new Set([...tables.basic].filter((char) => char !== '\u001b'));
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      const expected = basic.has(char)
        ? 1
        : char in tables.extension
          ? 2
          : char in tables.turkish_single_shift
            ? 3
            : 0;
      if (classOf(code) !== expected) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});

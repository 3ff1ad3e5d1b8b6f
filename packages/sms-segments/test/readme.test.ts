import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calculate, cost, explain, SMS_LIMITS, toGsm } from '../src/index';

describe('README examples', () => {
  it('hold', () => {
    const result = calculate('Siparişiniz kargoya verildi');
    expect([result.type, result.encoding, result.units, result.segments, result.remaining]).toEqual([
      'turkish',
      'gsm7-turkish',
      28,
      1,
      127,
    ]);
    expect(result.parts).toEqual(['Siparişiniz kargoya verildi']);
    expect(cost(calculate('a'.repeat(400)), { pricePerSegment: 0.15 })).toBe(0.45);
    const explanation = explain('Kargonuz yolda 🚚');
    expect(explanation.forcedBy).toEqual(['🚚']);
    expect(explanation.alternatives[0]?.result.type).toBe('normal');
    expect(toGsm('It’s “ready” – şimdi', { transliterateTurkish: true }).text).toBe(`It's "ready" - simdi`);
    expect(calculate(']'.repeat(153)).parts.map((part) => part.length)).toEqual([76, 76, 1]);
    expect(SMS_LIMITS.turkish).toEqual({
      encoding: 'gsm7-turkish',
      single: 155,
      concatenated: 149,
      maxSegments: 7,
      maxUnits: 1043,
    });
  });
});

describe('runtime neutrality', () => {
  it('the library (everything but the CLI) imports no Node built-in and no package', () => {
    const folder = new URL('../src/', import.meta.url);
    const library = readdirSync(folder).filter((file) => file.endsWith('.ts') && !file.startsWith('cli'));
    expect(library).toContain('calculate.ts');
    for (const file of library) {
      const source = readFileSync(new URL(file, folder), 'utf8');
      const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
      expect(
        imports.filter((name) => !name?.startsWith('./')),
        file,
      ).toEqual([]);
      expect(source, file).not.toMatch(/\b(process|Buffer|require)\b[.(]/);
    }
  });
});

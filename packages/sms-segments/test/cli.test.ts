import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli-run';

const noInput = () => undefined;
const run = (...args: string[]) => runCli(args, noInput, '1.2.3');

describe('sms-segments command line', () => {
  it('prints type, encoding, units, segments, remaining and the characters that cost extra', () => {
    const output = run('Sayın', 'Ayşe', 'Yılmaz,', '1001 numaralı siparişiniz kargoya verildi.');
    expect(output.exitCode).toBe(0);
    expect(output.stdout).toBe(
      [
        'type       turkish (GSM-7 + Turkish single shift)',
        'encoding   gsm7-turkish',
        'units      66 septets',
        'segments   1 of at most 7 (155 septets each)',
        'remaining  89 septets in the last segment',
        'fits       yes',
        '',
        'characters that cost extra:',
        '  ı      U+0131   ×3    Turkish single shift only: forces turkish, 2 septets',
        '  ş      U+015F   ×2    Turkish single shift only: forces turkish, 2 septets',
        'without ı ş: normal, 1 segment (no saving)',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON with --json and honours --type', () => {
    const output = run('--json', '--type', 'unicode', 'Hello');
    expect(JSON.parse(output.stdout)).toMatchObject({
      type: 'unicode',
      encoding: 'ucs2',
      units: 5,
      segments: 1,
      remaining: 65,
      parts: ['Hello'],
      characters: [],
    });
    expect(JSON.parse(run('--type=normal', '--json', 'çay').stdout)).toMatchObject({
      segments: null,
      unencodable: ['ç'],
      fits: false,
    });
  });

  it('shows the parts, with their sizes', () => {
    const output = run('-p', `${'a'.repeat(152)}€${'b'.repeat(10)}`);
    expect(output.stdout).toContain(`part 1 (152 septets): ${'a'.repeat(152)}\n`);
    expect(output.stdout).toContain(`part 2 (12 septets): €${'b'.repeat(10)}\n`);
  });

  it('replaces look-alikes first with --to-gsm, and Turkish letters with --transliterate', () => {
    const output = run('--to-gsm', '--transliterate', '--json', 'Şimdi “indirim” başladı');
    const json = JSON.parse(output.stdout);
    expect(json).toMatchObject({
      type: 'normal',
      text: 'Simdi "indirim" basladi',
      parts: ['Simdi "indirim" basladi'],
    });
    expect(json.replacements).toContainEqual({ from: 'ı', to: 'i', count: 1 });
    expect(run('--to-gsm', 'a\u00a0b\u200b').stdout).toContain(
      'replaced   \\u00a0→(space) ×1, \\u200b→(removed) ×1',
    );
  });

  it('prints the cost with --price', () => {
    expect(run('--price', '0.15', 'a'.repeat(400)).stdout).toContain('\ncost       0.45\n');
    expect(JSON.parse(run('--json', '--price=2', 'Merhaba').stdout).cost).toBe(2);
    expect(JSON.parse(run('--json', '--price=2', '--type', 'normal', 'ş').stdout).cost).toBeNull();
    expect(run('--price', '-1', 'x').stderr).toContain('--price must be a number, 0 or more');
  });

  it('exits with 1 under --check when the message does not fit', () => {
    expect(run('--check', 'a'.repeat(1072)).exitCode).toBe(1);
    expect(run('--check', '--max-segments', '8', 'a'.repeat(1072)).exitCode).toBe(0);
    expect(run('a'.repeat(1072)).stdout).toContain('fits       no: over 7 segments (1071 septets at most)');
    // The limit printed is the one asked for: one segment holds 160 septets, two hold 2 x 153.
    expect(run('--check', '--max-segments', '1', 'a'.repeat(161)).stdout).toContain(
      'fits       no: over 1 segments (160 septets at most)',
    );
    expect(run('--max-segments', '2', 'a'.repeat(400)).stdout).toContain('(306 septets at most)');
  });

  it('reads the text from standard input when none is given', () => {
    const output = runCli(['--json'], () => 'Merhaba\n', '1.2.3');
    expect(JSON.parse(output.stdout)).toMatchObject({ units: 7, parts: ['Merhaba'] });
    expect(runCli(['-'], () => 'ş', '1.2.3').stdout).toContain('units      2 septets');
  });

  it('explains usage errors with exit code 2', () => {
    expect(run('--type', 'gsm', 'x')).toMatchObject({ exitCode: 2, stdout: '' });
    expect(run('--type', 'gsm', 'x').stderr).toContain('--type must be auto, normal, turkish or unicode');
    expect(run('--max-segments', '0', 'x').stderr).toContain('--max-segments must be a positive integer');
    expect(run('--bogus').stderr).toContain('unknown option --bogus');
    expect(run().stderr).toContain('no text given');
    expect(run('--help')).toMatchObject({ exitCode: 0 });
    expect(run('--help').stdout).toContain('Usage: sms-segments');
    expect(run('--version').stdout).toBe('1.2.3\n');
    expect(JSON.parse(run('--json', '--', '--not-an-option').stdout).units).toBe(15);
  });

  it('runs as the built bin', () => {
    const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
    expect(readFileSync(cli, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const child = spawnSync(process.execPath, [cli, '--json', 'Siparişiniz kargoya verildi'], {
      encoding: 'utf8',
    });
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toMatchObject({ type: 'turkish', segments: 1, units: 28 });
  });
});

import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');

/** A consumer's test file: a provider package's conformance test, written against the published types. */
const CONSUMER = `
import { createSandboxProvider } from '@x/messaging-core/sandbox';
import { CONFORMANCE_KIT_VERSION, type ConformanceSentMessage, type ConformanceSetup, testSmsProvider } from '@x/messaging-core/testing';

const version: number = CONFORMANCE_KIT_VERSION;
testSmsProvider('consumer', (): ConformanceSetup => {
  const provider = createSandboxProvider({ senders: ['SANDBOX', 'KAMPANYA'] });
  const sent: ConformanceSentMessage[] = [];
  return {
    provider,
    secrets: [String(version)],
    logs: [],
    simulate: () => {},
    validRecipient: '0532 123 45 67',
    invalidRecipient: '+90 532',
    sender: 'KAMPANYA',
    sentMessages: () => sent,
  };
});
`;

/**
 * A folder outside the workspace holding the built package as npm installs it (its manifest and type
 * declarations), its runtime dependency, and no vitest.
 */
function consumerProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'x-kit-types-'));
  const installed = join(dir, 'node_modules', '@x', 'messaging-core');
  mkdirSync(join(installed, 'dist'), { recursive: true });
  cpSync(join(packageDir, 'package.json'), join(installed, 'package.json'));
  for (const file of readdirSync(join(packageDir, 'dist'))) {
    if (/\.d\.c?ts$/.test(file)) cpSync(join(packageDir, 'dist', file), join(installed, 'dist', file));
  }
  const phoneLibrary = dirname(require.resolve('libphonenumber-js/package.json'));
  symlinkSync(phoneLibrary, join(dir, 'node_modules', 'libphonenumber-js'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        skipDefaultLibCheck: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        lib: ['es2022', 'dom'],
        types: [],
      },
      include: ['*.ts', '*.mts', '*.cts'],
    }),
  );
  return dir;
}

/** The compiler's error lines for the project in `dir` (none when it typechecks). */
async function typeErrors(dir: string): Promise<string[]> {
  try {
    await run(process.execPath, [tsc, '-p', dir]);
    return [];
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error)
      .split('\n')
      .filter((line) => /error TS\d+/.test(line));
  }
}

describe('the public types of @x/messaging-core/testing', () => {
  let dir: string;
  beforeAll(() => {
    dir = consumerProject();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('typecheck for a consumer without vitest installed (ESM and CommonJS)', async () => {
    writeFileSync(join(dir, 'consumer.mts'), CONSUMER);
    writeFileSync(join(dir, 'consumer.cts'), CONSUMER);
    // A declaration that needs vitest, compiled in the same run, shows that the consumer cannot see it.
    writeFileSync(
      join(dir, 'needs-vitest.mts'),
      "import type { TestAPI } from 'vitest';\nexport type T = TestAPI;\n",
    );
    const errors = await typeErrors(dir);
    expect(errors.filter((line) => !line.includes('needs-vitest.mts('))).toEqual([]);
    expect(errors.join('\n')).toMatch(
      /needs-vitest\.mts\(1,\d+\): error TS2307: Cannot find module 'vitest'/,
    );
  });
});

// Every ```ts example of the README, type-checked against the built package's declarations and run against the
// fake server with the built package, so the documentation cannot drift from what the package does. The examples
// are written as modules into the package (so that their imports resolve as a user's do): once to run, with the
// names they leave to the reader taken from readme-harness.ts, and once to type-check, with those names declared.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBulutfonClient } from '../src/index';
import { createBulutfonFakeServer, createBulutfonMswHandlers } from '../src/testing';
import { provideReadmeContext } from './readme-harness';

const packageDir = path.join(import.meta.dirname, '..');
const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');
/** Where the examples are written as modules: inside the package, so their imports resolve as a user's do. */
const examplesDir = path.join(packageDir, '.readme-examples');

interface Example {
  heading: string;
  code: string;
  /** The module that runs. */
  file: string;
  /** The module that is type-checked. */
  typedFile: string;
}

const examples: Example[] = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => {
  const before = readme.slice(0, match.index);
  const heading = [...before.matchAll(/^## (.+)$/gm)].at(-1)?.[1] ?? '';
  return {
    heading,
    code: match[1]!,
    file: path.join(examplesDir, `example-${index + 1}.ts`),
    typedFile: path.join(examplesDir, 'typed', `example-${index + 1}.ts`),
  };
});

const CONTEXT_NAMES = ['bulutfon', 'db', 'request', 'session', 'readLine'] as const;

/** The names of readme-harness.ts an example uses without declaring them. */
function namesLeftToTheReader(code: string): string[] {
  const withoutStrings = code.replace(/'[^'\n]*'/g, "''");
  return CONTEXT_NAMES.filter(
    (name) =>
      new RegExp(`\\b${name}\\b`).test(withoutStrings) &&
      !new RegExp(`\\b(const|let|function)\\s+${name}\\b`).test(withoutStrings),
  );
}

/** The example with the package specifiers pointing at the build (`from` is the folder of the module). */
function pointedAtBuild(code: string, dist: string): string {
  return code
    .replaceAll("'@x/bulutfon/testing'", `'${dist}/testing.js'`)
    .replaceAll("'@x/bulutfon'", `'${dist}/index.js'`);
}

/** The example as a module that runs: the names left to the reader come from the harness. */
function toModule(code: string): string {
  const names = namesLeftToTheReader(code);
  const prelude = names.length
    ? `import { readmeContext } from '../test/readme-harness';\nconst { ${names.join(', ')} } = readmeContext();\n`
    : '';
  return `${prelude}${pointedAtBuild(code, '../dist')}\nexport {};\n`;
}

/** The example as a module that is type-checked: the names left to the reader are declared. */
function toTypedModule(code: string): string {
  const declarations = namesLeftToTheReader(code).map(
    (name) => `declare const ${name}: ReadmeContext['${name}'];`,
  );
  const prelude = declarations.length
    ? `import type { ReadmeContext } from './readme-harness';\n${declarations.join('\n')}\n`
    : '';
  return `${prelude}${pointedAtBuild(code, '../../dist')}\nexport {};\n`;
}

/** What a Node project typically has: strict, Node's types, no DOM library. */
const TYPECHECK_CONFIG = {
  compilerOptions: {
    strict: true,
    target: 'ES2022',
    lib: ['ES2023'],
    types: ['node'],
    module: 'preserve',
    moduleResolution: 'bundler',
    noEmit: true,
    skipLibCheck: true,
  },
  include: ['*.ts'],
};

/** The compiler's error lines for the typed examples (none when they compile). */
async function typeErrors(): Promise<string[]> {
  const tsc = path.join(packageDir, '../../node_modules/typescript/bin/tsc');
  const project = path.join(examplesDir, 'typed', 'tsconfig.json');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', project]);
    return [];
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error)
      .split('\n')
      .filter((line) => line.trim() !== '');
  }
}

const fake = createBulutfonFakeServer({ oauth: { clientId: 'id', clientSecret: 'client-secret-value' } });
const msw = setupServer(...createBulutfonMswHandlers(fake, { http, HttpResponse }));
const printed: string[] = [];
const saved: unknown[] = [];
let workDir = '';
const startDir = process.cwd();

let typecheck: Promise<string[]> = Promise.resolve([]);

beforeAll(() => {
  mkdirSync(path.join(examplesDir, 'typed'), { recursive: true });
  for (const example of examples) {
    writeFileSync(example.file, toModule(example.code));
    writeFileSync(example.typedFile, toTypedModule(example.code));
  }
  // The harness beside them, its types taken from the build as the examples' are.
  const harness = readFileSync(path.join(import.meta.dirname, 'readme-harness.ts'), 'utf8');
  writeFileSync(
    path.join(examplesDir, 'typed', 'readme-harness.ts'),
    harness.replace("'../src/index'", "'../../dist/index.js'"),
  );
  writeFileSync(path.join(examplesDir, 'typed', 'tsconfig.json'), JSON.stringify(TYPECHECK_CONFIG));
  // The compiler runs beside the examples; its verdict is read by the last test.
  typecheck = typeErrors();
  // The files the examples read, and a folder for the ones they write.
  workDir = mkdtempSync(path.join(tmpdir(), 'bulutfon-readme-'));
  writeFileSync(path.join(workDir, 'teklif.pdf'), '%PDF-1.4 teklif');
  writeFileSync(path.join(workDir, 'hello.wav'), 'RIFF....WAVE');
  process.env.BULUTFON_TOKEN = fake.token;
  process.env.BULUTFON_CLIENT_SECRET = 'client-secret-value';
  process.env.HOOK_PASSWORD = 'hook-password';
  const session = { state: 'session-state' };
  provideReadmeContext({
    bulutfon: createBulutfonClient({ token: fake.token }),
    db: {
      insertMany: async (rows) => void saved.push(rows.length),
      save: async (value) => void saved.push(value),
    },
    request: {
      get url() {
        const code = fake.issueAuthorizationCode('https://shop.example/bulutfon/callback');
        return `https://shop.example/bulutfon/callback?code=${code}&state=${session.state}`;
      },
    },
    session,
    readLine: async () => fake.issueAuthorizationCode('urn:ietf:wg:oauth:2.0:oob'),
  });
  msw.listen({ onUnhandledRequest: 'error' });
  for (const method of ['log', 'table'] as const) {
    vi.spyOn(console, method).mockImplementation((...values: unknown[]) => {
      printed.push(
        values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(' '),
      );
    });
  }
});

afterAll(() => {
  process.chdir(startDir);
  msw.close();
  vi.restoreAllMocks();
  rmSync(examplesDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

/** Runs one example from the work folder, through msw unless it sets up a fake of its own. */
async function run(example: Example): Promise<Record<string, unknown>> {
  process.chdir(workDir);
  try {
    return await import(/* @vite-ignore */ pathToFileURL(example.file).href);
  } finally {
    process.chdir(startDir);
  }
}

describe('README', () => {
  it('has an example in every section that shows code', () => {
    expect(examples.map((example) => example.heading)).toEqual([
      'Quick start',
      'CDR report',
      'Download a call recording',
      'Send a fax',
      'Automatic call (robocall / survey)',
      'Click-to-call',
      'Send an SMS (provider)',
      'Voice: confirmation calls, outcomes, click-to-call (provider)',
      'Voice: confirmation calls, outcomes, click-to-call (provider)',
      'OAuth 2 (web apps)',
      'OAuth 2 desktop flow (out of band)',
      'Webhooks',
      'Testing your code: `@x/bulutfon/testing`',
      'Testing your code: `@x/bulutfon/testing`',
      'Testing your code: `@x/bulutfon/testing`',
    ]);
  });

  it('runs every example against the fake server, in order', async () => {
    const [
      quickStart,
      report,
      recording,
      fax,
      automaticCall,
      clickToCall,
      sms,
      voice,
      voiceWithFake,
      oauth,
      desktop,
      webhook,
    ] = examples;
    await run(quickStart!);
    expect(printed).toContain('santral: 300.06 TL');

    await run(report!);
    expect(saved).toEqual([250]);

    await run(recording!);
    const downloads = fake.requests.filter((request) => request.path.startsWith('/call-records/'));
    expect(downloads.map((request) => request.path.endsWith('/stream'))).toEqual([true, false]);

    await run(fax!);
    expect(fake.state.outgoingFaxes[0]?.file.fileName).toBe('teklif.pdf');

    await run(automaticCall!);
    expect(fake.state.automaticCalls).toHaveLength(1);

    await run(clickToCall!);
    expect(fake.state.bridgedCalls).toEqual([
      { caller: '902122222222', callee: '905321234567', destination: '1001', timeout: undefined },
    ]);

    await run(sms!);
    expect(printed).toContain(JSON.stringify([{ to: '+905321234567', status: 'accepted' }]));
    expect(fake.sentMessages.map((message) => message.to)).toEqual(['+905321234567']);
    const send = fake.requests.find((request) => request.method === 'POST' && request.path === '/messages');
    expect(send?.body).toMatchObject({ reject_link: true });

    const voiceRoute = (await run(voice!)) as { POST(request: Request): Promise<Response> };
    await fake.dialCalls();
    expect(fake.placedCalls.at(-1)).toMatchObject({
      to: '+905321234567',
      title: 'Sipariş onayı [order-1001]',
    });
    expect(fake.state.bridgedCalls.at(-1)).toMatchObject({ caller: '902122222222', destination: '1001' });
    const hangup = new Request('https://shop.example/webhooks/bulutfon/magaza', {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa('santral:hook-password')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        event_type: 'call_hangup',
        uuid: fake.placedCalls.at(-1)!.uuid,
        autodial: true,
      }),
    });
    expect(await (await voiceRoute.POST(hangup)).text()).toBe('ok');
    expect(printed).toContain('answered 1');

    printed.length = 0;
    await run(voiceWithFake!);
    expect(printed).toEqual([
      '+905321234567 NO_ANSWER',
      'no-answer',
      '+905321234567 NORMAL_CLEARING',
      'answered',
      JSON.stringify(['no-answer', 'answered']),
    ]);

    saved.length = 0;
    await run(oauth!);
    expect(saved).toEqual([
      expect.objectContaining({ accessToken: expect.stringMatching(/^oauth-access-/) }),
    ]);
    await run(desktop!);

    const { POST } = (await run(webhook!)) as { POST(request: Request): Promise<Response> };
    const response = await POST(
      new Request('https://shop.example/hooks/bulutfon', {
        method: 'POST',
        headers: { authorization: `Basic ${btoa('hook:hook-password')}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          event_type: 'call_hangup',
          uuid: 'u1',
          talk_duration: 42,
          hangup_cause: 'NORMAL_CLEARING',
        }),
      }),
    );
    expect(await response.text()).toBe('ok');
    expect(printed).toContain('u1 42 NORMAL_CLEARING');
  });

  it('runs the examples of the testing entry, which set up fakes of their own', async () => {
    // The examples' own msw server takes over from this test's.
    msw.close();
    printed.length = 0;
    for (const example of examples.slice(12)) await run(example);
    expect(printed).toEqual([
      expect.stringContaining('[{"to":"+905321234567","text":"Kargo yolda","from":"TEST","messageId":1'),
      'RateLimitError 2000',
      '2',
      '2',
    ]);
  });

  it('type-checks every example against the built declarations, in a project without DOM types', async () => {
    expect(await typecheck).toEqual([]);
  });
});

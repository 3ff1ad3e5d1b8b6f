#!/usr/bin/env node
// Checks that the client packages run where their READMEs say (browsers, edge runtimes):
//   1. browser bundle   each package's built ESM entry, bundled by esbuild for `platform: 'browser'` with all its
//                       dependencies and minified: no Node built-in may be pulled in; min and min+gzip sizes
//                       are reported and held to the budgets below
//   2. runtime without Node   one real send of each provider client, bundled the same way, run in a node:vm
//                       context that has only what browsers have (no process, Buffer or require), against the
//                       package's fake server listening on a real port in this process; the SMS must reach it
// Needs the packages built (`turbo run build`). Usage: node scripts/check-bundles.mjs [package-name ...]
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { listPackages } from './lib/workspace-packages.mjs';

const KB = 1024;

/** The client packages and their budgets (min+gzip bytes, all dependencies included); `undefined`: report only. */
const CLIENTS = {
  '@x/sms-segments': { gzipBudget: 5 * KB },
  '@x/messaging-core': {},
  '@x/provider-utils': {},
  '@x/organik': { gzipBudget: 80 * KB },
  '@x/bulutfon': { gzipBudget: 80 * KB },
};

/**
 * What a fake server accepted: its `sentMessages` (the shared name), or what today's fakes expose until both
 * have it (`sentMessages()` in Organik, `state.deliveredSms` in Bulutfon).
 */
function sentBy(server) {
  if (Array.isArray(server.sentMessages)) return server.sentMessages;
  if (typeof server.sentMessages === 'function') return server.sentMessages();
  return server.state.deliveredSms.map((sms) => ({ to: `+${sms.to}`, text: sms.text }));
}

/**
 * One send per provider client, as an application in a browser writes it, and how to start the package's fake
 * server on a real port (`listen…FakeServer`, the shared name, or Bulutfon's `startBulutfonFakeHttpServer` until
 * it has it). `baseUrl` and `credentials` come from the fake server.
 */
const SENDS = {
  '@x/organik': {
    factory: 'createOrganik',
    code: `const sms = createOrganik({ apiKey: input.credentials, baseUrl: input.baseUrl, sender: 'ORGANIK' });`,
    async start(testing) {
      const server = testing.createOrganikFakeServer();
      return {
        server,
        listening: await testing.listenOrganikFakeServer(server),
        credentials: testing.FAKE_ORGANIK_API_KEY,
      };
    },
  },
  '@x/bulutfon': {
    factory: 'createBulutfon',
    code: `const sms = createBulutfon({ token: input.credentials, baseUrl: input.baseUrl, sender: 'TEST' });`,
    async start(testing) {
      const server = testing.createBulutfonFakeServer();
      const listen = testing.listenBulutfonFakeServer ?? testing.startBulutfonFakeHttpServer;
      return { server, listening: await listen(server), credentials: server.token };
    },
  },
};

const SEND_TO = '+905321234567';
const SEND_TEXT = 'Siparişiniz kargoya verildi.';

const NODE_BUILTIN = new RegExp(
  `^(node:.*|(${builtinModules.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})(/.*)?)$`,
);

/** An esbuild plugin that records every import of a Node built-in (and leaves it out of the bundle). */
function recordNodeBuiltins(found) {
  return {
    name: 'record-node-builtins',
    setup(builder) {
      builder.onResolve({ filter: NODE_BUILTIN }, (args) => {
        found.push(`${args.path} (imported by ${path.relative(process.cwd(), args.importer)})`);
        return { path: args.path, external: true };
      });
    },
  };
}

/** Bundles for the browser, minified, with every dependency; returns the code and the Node built-ins it imports. */
async function bundle(options) {
  const builtins = [];
  const result = await build({
    bundle: true,
    minify: true,
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    metafile: true,
    plugins: [recordNodeBuiltins(builtins)],
    ...options,
  });
  return { code: result.outputFiles[0].contents, builtins, metafile: result.metafile };
}

/** The package an input file of the bundle belongs to: `zod`, `@x/messaging-core`... */
function packageOf(file) {
  const installed = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(file);
  if (installed) return installed[1];
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(file);
  return workspace ? `@x/${workspace[1]}` : file;
}

/** The packages that take the most room in a bundle (minified bytes, before gzip), largest first. */
function largestParts(metafile, count = 4) {
  const bytes = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      bytes.set(packageOf(file), (bytes.get(packageOf(file)) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, size]) => `${name} ${kilobytes(size)}`)
    .join(', ');
}

/** The built ESM file of one of a package's entries (`'.'`, `'./testing'`). */
function esmEntry({ dir, manifest }, entry = '.') {
  return path.join(dir, manifest.exports[entry].import.default);
}

function kilobytes(bytes) {
  return `${(bytes / KB).toFixed(1)} KB`;
}

/** Bundles one package's whole entry; reports its sizes and fails on a Node built-in or a budget exceeded. */
async function checkBundle(name, info) {
  const { code, builtins, metafile } = await bundle({ entryPoints: [esmEntry(info)], format: 'esm' });
  const gzip = gzipSync(code, { level: 9 }).length;
  const { gzipBudget } = CLIENTS[name];
  const problems = builtins.map((builtin) => `Node built-in ${builtin}`);
  if (gzipBudget !== undefined && gzip > gzipBudget) {
    problems.push(`${kilobytes(gzip)} min+gzip is over the budget of ${kilobytes(gzipBudget)}`);
  }
  const budget = gzipBudget === undefined ? '' : ` (budget ${kilobytes(gzipBudget)})`;
  console.log(
    `  ${problems.length === 0 ? 'ok  ' : 'FAIL'} browser bundle: ${kilobytes(code.length)} min, ${kilobytes(gzip)} min+gzip${budget}`,
  );
  console.log(`       largest parts (min): ${largestParts(metafile)}`);
  for (const problem of problems) console.log(`       ${problem}`);
  return problems.length === 0;
}

/** The globals a browser (or an edge runtime) gives a script; nothing of Node. */
function browserGlobals() {
  return {
    fetch,
    Headers,
    Request,
    Response,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    AbortController,
    AbortSignal,
    setTimeout,
    clearTimeout,
    crypto: { getRandomValues: (array) => crypto.getRandomValues(array) },
    atob,
    btoa,
  };
}

/** Runs one send of a provider client in a context without Node, against its fake server on a real port. */
async function checkSendWithoutNode(name, info) {
  const send = SENDS[name];
  const script = `import { ${send.factory} } from ${JSON.stringify(esmEntry(info))};
globalThis.send = async (input) => {
  ${send.code}
  return sms.sendSms({ to: ${JSON.stringify(SEND_TO)}, text: ${JSON.stringify(SEND_TEXT)} });
};`;
  const { code } = await bundle({ stdin: { contents: script, resolveDir: info.dir }, format: 'iife' });
  const testing = await import(pathToFileURL(esmEntry(info, './testing')).href);
  const { server, listening, credentials } = await send.start(testing);
  try {
    const context = vm.createContext(browserGlobals());
    vm.runInContext(new TextDecoder().decode(code), context, { filename: `${name} (browser bundle)` });
    const result = await context.send({ baseUrl: listening.url, credentials });
    const received = sentBy(server);
    const reached = received.some((message) => message.to === SEND_TO && message.text === SEND_TEXT);
    if (result.messages[0]?.status !== 'accepted' || !reached) {
      throw new Error(
        `the send resolved with ${JSON.stringify(result.messages)} but the fake server received ${received.length} SMS`,
      );
    }
    console.log('  ok   a send without process, Buffer or require reached the fake server');
    return true;
  } catch (error) {
    console.log(
      `  FAIL a send without process, Buffer or require: ${error?.stack ?? error}`.replace(
        /\n/g,
        '\n       ',
      ),
    );
    return false;
  } finally {
    await listening.close();
  }
}

async function main() {
  const packages = await listPackages();
  const only = process.argv.slice(2);
  const names = Object.keys(CLIENTS).filter((name) => only.length === 0 || only.includes(name));
  let failed = 0;
  for (const name of names) {
    console.log(name);
    const info = packages.get(name);
    let ok = await checkBundle(name, info).catch((error) => {
      console.log(`  FAIL browser bundle: ${error.message.replace(/\n/g, '\n       ')}`);
      return false;
    });
    if (SENDS[name]) ok = (await checkSendWithoutNode(name, info)) && ok;
    if (!ok) failed++;
  }
  console.log(`\n${names.length - failed} passed, ${failed} failed (1 KB = 1024 bytes; gzip level 9)`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();

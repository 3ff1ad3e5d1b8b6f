#!/usr/bin/env node
// Checks that the client packages run where their READMEs say (browsers, edge runtimes):
//   1. browser bundle   each package's built ESM entry, bundled by esbuild for `platform: 'browser'` with all its
//                       dependencies, minified and split as an application's bundler splits it: no Node built-in
//                       may be pulled in; what loads at start (the entry and the chunks it imports statically) is
//                       held to the budgets below; chunks loaded by `import()` (Organik's XML) are reported apart
//   2. runtime without Node   one real send of each provider client in each of its wire formats, bundled the
//                       same way (in one file), run in a node:vm context that has only what browsers have (no
//                       process, Buffer or require), against the package's fake server listening on a real port
//                       in this process; the SMS must reach it
// Needs the packages built (`turbo run build`). Usage: node scripts/check-bundles.mjs [package-name ...]
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { listPackages } from './lib/workspace-packages.mjs';

const KB = 1024;

/**
 * The client packages and their budgets: min+gzip bytes of what loads at start, all dependencies included;
 * `undefined`: report only.
 */
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
 * One send per provider client and wire format (`clients`: the code that creates the client, as an application
 * in a browser writes it), and how to start the package's fake server on a real port (`listen…FakeServer`, the
 * shared name, or Bulutfon's `startBulutfonFakeHttpServer` until it has it). `baseUrl` and `credentials` come
 * from the fake server.
 */
const SENDS = {
  '@x/organik': {
    factory: 'createOrganik',
    clients: {
      JSON: `createOrganik({ apiKey: input.credentials, baseUrl: input.baseUrl, sender: 'ORGANIK' })`,
      XML: `createOrganik({ apiKey: input.credentials, baseUrl: input.baseUrl, sender: 'ORGANIK', format: 'xml' })`,
    },
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
    clients: {
      JSON: `createBulutfon({ token: input.credentials, baseUrl: input.baseUrl, sender: 'TEST' })`,
    },
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

/**
 * Bundles for the browser, minified, with every dependency; returns the output files (one, or with `splitting`
 * the entry and its chunks), the metafile and the Node built-ins imported.
 */
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
  return { files: result.outputFiles, builtins, metafile: result.metafile };
}

/** The package an input file of the bundle belongs to: `zod`, `@x/messaging-core`... */
function packageOf(file) {
  const installed = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(file);
  if (installed) return installed[1];
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(file);
  return workspace ? `@x/${workspace[1]}` : file;
}

/** The packages that take the most room in some outputs of a bundle (minified bytes, before gzip), largest first. */
function largestParts(outputs, count = 4) {
  const bytes = new Map();
  for (const output of outputs) {
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

/**
 * The outputs of a split bundle, the entry's name first, each with its size, split into what loads at start
 * (the entry and the chunks it imports statically, transitively) and what loads on demand (through `import()`).
 */
function splitOutputs({ files, metafile }) {
  const outputs = new Map();
  for (const file of files) {
    const name = path.relative(process.cwd(), file.path);
    const meta = metafile.outputs[name];
    if (meta === undefined) continue; // a source map
    const gzip = gzipSync(file.contents, { level: 9 }).length;
    outputs.set(name, { name, meta, min: file.contents.length, gzip });
  }
  const entry = [...outputs.values()].find((output) => output.meta.entryPoint !== undefined);
  const atStart = new Set([entry.name]);
  for (const name of atStart) {
    for (const { path: imported, kind } of outputs.get(name).meta.imports) {
      if (kind === 'import-statement' && outputs.has(imported)) atStart.add(imported);
    }
  }
  const all = [...outputs.values()];
  return {
    atStart: all.filter((output) => atStart.has(output.name)),
    onDemand: all.filter((output) => !atStart.has(output.name)),
  };
}

/** Sums the sizes of some outputs. */
function totals(outputs) {
  return outputs.reduce((sum, { min, gzip }) => ({ min: sum.min + min, gzip: sum.gzip + gzip }), {
    min: 0,
    gzip: 0,
  });
}

/** The built ESM file of one of a package's entries (`'.'`, `'./testing'`). */
function esmEntry({ dir, manifest }, entry = '.') {
  return path.join(dir, manifest.exports[entry].import.default);
}

function kilobytes(bytes) {
  return `${(bytes / KB).toFixed(1)} KB`;
}

/**
 * Bundles one package's main entry as an application's bundler does (split at `import()`); reports what loads at
 * start and each chunk loaded on demand, and fails on a Node built-in or a budget exceeded by what loads at start.
 */
async function checkBundle(name, info) {
  const result = await bundle({
    entryPoints: [esmEntry(info)],
    format: 'esm',
    splitting: true,
    outdir: path.join(info.dir, 'browser-bundle-check'),
  });
  const { atStart, onDemand } = splitOutputs(result);
  const start = totals(atStart);
  const { gzipBudget } = CLIENTS[name];
  const problems = result.builtins.map((builtin) => `Node built-in ${builtin}`);
  if (gzipBudget !== undefined && start.gzip > gzipBudget) {
    problems.push(
      `${kilobytes(start.gzip)} min+gzip at start is over the budget of ${kilobytes(gzipBudget)}`,
    );
  }
  const budget = gzipBudget === undefined ? '' : ` (budget ${kilobytes(gzipBudget)})`;
  const files = atStart.length === 1 ? '' : ` in ${atStart.length} files`;
  console.log(
    `  ${problems.length === 0 ? 'ok  ' : 'FAIL'} browser bundle at start: ${kilobytes(start.min)} min, ${kilobytes(start.gzip)} min+gzip${files}${budget}`,
  );
  console.log(`       largest parts (min): ${largestParts(atStart.map((output) => output.meta))}`);
  for (const chunk of onDemand) {
    const source = path.basename(chunk.meta.entryPoint ?? chunk.name);
    console.log(
      `       loaded on demand (${source}): ${kilobytes(chunk.min)} min, ${kilobytes(chunk.gzip)} min+gzip; largest parts: ${largestParts([chunk.meta], 3)}`,
    );
  }
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

/** The fake server's SMS that match the one sent. */
function receivedBy(server) {
  return sentBy(server).filter((message) => message.to === SEND_TO && message.text === SEND_TEXT).length;
}

/**
 * Runs one send of a provider client per wire format in a context without Node, against its fake server on a
 * real port; each send must resolve as accepted and reach the server.
 */
async function checkSendWithoutNode(name, info) {
  const send = SENDS[name];
  const formats = Object.keys(send.clients);
  const script = `import { ${send.factory} } from ${JSON.stringify(esmEntry(info))};
globalThis.send = {
${formats
  .map(
    (format) => `  ${format}: (input) =>
    ${send.clients[format]}.sendSms({ to: ${JSON.stringify(SEND_TO)}, text: ${JSON.stringify(SEND_TEXT)} }),`,
  )
  .join('\n')}
};`;
  const { files } = await bundle({ stdin: { contents: script, resolveDir: info.dir }, format: 'iife' });
  const testing = await import(pathToFileURL(esmEntry(info, './testing')).href);
  const { server, listening, credentials } = await send.start(testing);
  try {
    const context = vm.createContext(browserGlobals());
    vm.runInContext(new TextDecoder().decode(files[0].contents), context, {
      filename: `${name} (browser bundle)`,
    });
    for (const format of formats) {
      const before = receivedBy(server);
      const result = await context.send[format]({ baseUrl: listening.url, credentials });
      if (result.messages[0]?.status !== 'accepted' || receivedBy(server) !== before + 1) {
        throw new Error(
          `the ${format} send resolved with ${JSON.stringify(result.messages)} but the fake server received ${sentBy(server).length} SMS in all`,
        );
      }
    }
    console.log(
      `  ok   a send without process, Buffer or require reached the fake server (${formats.join(', ')})`,
    );
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

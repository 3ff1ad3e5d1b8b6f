// Speed of @x/organik: a single send against a bare fetch of the same request (a local node:http server), and the
// CPU time of a 10 000-recipient send. Method and figures: bench/README.md.
// Run: pnpm bench (turbo builds first), or pnpm --filter @x/organik bench after a build (uses dist/).
// BENCH_SAMPLES=n: samples per side; BENCH_BASELINE=/path/to/other/dist/index.js: time another build of the package
// in the same run, interleaved with this one; BENCH_STRICT=1: exit non-zero when a target is missed.
import { createServer } from 'node:http';
import { cpuUsage } from 'node:process';
import { createStatusCodeErrorResponseHandler, request as providerRequest } from '@x/provider-utils';
import { median } from '../../../tooling/bench.mjs';

const API_KEY = '0123456789abcdef0123456789abcdef';
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3000);
const WARMUP = 300;
const BULK_RUNS = 12;
const TARGETS = { ratio: 1.3, bulkMs: 250 };

const builds = [{ name: 'this build', module: await import('../dist/index.js') }];
if (process.env.BENCH_BASELINE) {
  builds.push({ name: 'baseline', module: await import(process.env.BENCH_BASELINE) });
}

/** Organik's answer to a send of `count` numbers from `firstGsm`, accepting each. */
function sendAnswer(format, count, firstGsm = 905320000000) {
  const valid = Array.from({ length: count }, (_, index) => ({
    request_gsm: firstGsm + index,
    gsm: firstGsm + index,
    gsm_track_id: `16502030-${4730 + index}-${63032793 + index}`,
    tl_amount: 0,
    sms_count: 1,
    credit_amount: 1,
  }));
  if (format === 'json') {
    const deliveries = [{ track_id: '', transaction_id: 16502030, valid, invalid: [] }];
    return JSON.stringify({ response: { result: true, data: { deliveries } } });
  }
  const field = ([key, value]) => `<${key}>${value}</${key}>`;
  const items = valid.map((row) => `<item>${Object.entries(row).map(field).join('')}</item>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><response><data><result>1</result><deliveries><item><track_id/><transaction_id>16502030</transaction_id><valid>${items}</valid><invalid/></item></deliveries></data></response>`;
}

const fixed = { json: sendAnswer('json', 1, 905321234567), xml: sendAnswer('xml', 1, 905321234567) };

async function startServer() {
  const server = createServer((request, response) => {
    const format = request.url?.includes('/xml/') ? 'xml' : 'json';
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': `application/${format}; charset=utf-8` });
      response.end(fixed[format]);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/** The same request as the provider's, written by hand once: what a bare fetch sends. */
function handWrittenRequest(baseUrl, format, text) {
  const message = Buffer.from(text, 'utf8').toString('base64');
  const options = { header: 'ORGANIK', message_format: 1, gsm_isUnique: 1 };
  const body =
    format === 'json'
      ? JSON.stringify({ data: { deliveries: [{ options, recipients: { gsms: [905321234567] }, message }] } })
      : `<document><data><deliveries><options><header>ORGANIK</header><message_format>1</message_format><gsm_isUnique>1</gsm_isUnique></options><recipients><gsms>905321234567</gsms></recipients><message>${message}</message></deliveries></data></document>`;
  const headers = { 'content-type': `application/${format}; charset=utf-8`, accept: `application/${format}` };
  return { url: `${baseUrl}/v2/${API_KEY}/sendsms/${format}/${format}/`, body, headers };
}

/** Median wall time of a single send: bare fetch, provider-utils' request() alone, and each build's provider. */
async function overhead(baseUrl, format) {
  const text = 'Siparişiniz kargoya verildi.';
  const { url, body, headers } = handWrittenRequest(baseUrl, format, text);
  const runs = [
    {
      name: 'bare fetch',
      run: async () => (await fetch(url, { method: 'POST', headers, body })).text(),
    },
    {
      name: 'request()',
      run: () =>
        providerRequest({
          providerId: 'organik',
          url,
          method: 'POST',
          headers,
          body,
          secrets: [API_KEY],
          idempotent: false,
          successfulResponseHandler: (context) => context.readText(),
          failedResponseHandler: createStatusCodeErrorResponseHandler(),
        }),
    },
  ];
  for (const build of builds) {
    const organik = build.module.createOrganik({ apiKey: API_KEY, baseUrl, format, sender: 'ORGANIK' });
    const check = await organik.sendSms({ to: '+905321234567', text });
    if (check.messages[0]?.status !== 'accepted') throw new Error(`${build.name}: unexpected send result`);
    runs.push({ name: build.name, run: () => organik.sendSms({ to: '+905321234567', text }) });
  }
  for (let index = 0; index < WARMUP; index++) for (const { run } of runs) await run();
  const times = runs.map(() => []);
  for (let index = 0; index < SAMPLES; index++) {
    // Rotate the order so that no side always runs first on the connection.
    for (let offset = 0; offset < runs.length; offset++) {
      const which = (index + offset) % runs.length;
      const start = performance.now();
      await runs[which].run();
      times[which].push(performance.now() - start);
    }
  }
  return runs.map((entry, index) => ({ name: entry.name, median: median(times[index]) }));
}

/** Median CPU time of a 10 000-recipient send (request built, answer read and mapped; network stubbed). */
async function bulkCpu(format) {
  const answer = sendAnswer(format, 10_000);
  const to = Array.from({ length: 10_000 }, (_, index) => `+90532${String(index).padStart(7, '0')}`);
  const providers = builds.map((build) =>
    build.module.createOrganik({
      apiKey: API_KEY,
      format,
      sender: 'ORGANIK',
      fetch: async (_input, init) => {
        if (typeof init?.body !== 'string') throw new Error('no body');
        return new Response(answer, { headers: { 'content-type': `application/${format}` } });
      },
    }),
  );
  const times = builds.map(() => []);
  for (let run = 0; run < BULK_RUNS; run++) {
    for (const [index, organik] of providers.entries()) {
      const before = cpuUsage();
      const result = await organik.sendSms({ to, text: 'Kampanya: bu hafta tüm ürünlerde %20 indirim!' });
      const used = cpuUsage(before);
      if (result.messages.length !== 10_000 || result.messages.some((m) => m.status !== 'accepted')) {
        throw new Error(`${builds[index].name}: unexpected bulk result`);
      }
      if (run >= 2) times[index].push((used.user + used.system) / 1000);
    }
  }
  return times.map(median);
}

const { server, url } = await startServer();
const rows = [];
try {
  for (const format of ['json', 'xml']) {
    rows.push({ format, single: await overhead(url, format), bulk: await bulkCpu(format) });
  }
} finally {
  server.close();
}

const microseconds = (milliseconds) => `${(milliseconds * 1000).toFixed(0)} µs`;
console.log(
  `Node ${process.version}; single send: medians of ${SAMPLES} samples per side after ${WARMUP} warm-up rounds`,
);
console.log(`| format | case | single send | ratio to bare fetch | 10 000 recipients, CPU |`);
console.log('|---|---|---|---|---|');
const missed = [];
for (const row of rows) {
  const bare = row.single[0].median;
  for (const [index, entry] of row.single.entries()) {
    const build = index - 2;
    const bulk = build >= 0 ? `${row.bulk[build].toFixed(1)} ms` : '';
    const ratio = entry.median / bare;
    console.log(
      `| ${row.format} | ${entry.name} | ${microseconds(entry.median)} | ${ratio.toFixed(2)}x | ${bulk} |`,
    );
    if (build === 0 && (ratio > TARGETS.ratio || row.bulk[0] > TARGETS.bulkMs)) missed.push(row.format);
  }
}
console.log(
  `targets for this build: single send within ${TARGETS.ratio}x of a bare fetch; 10 000 recipients under ${TARGETS.bulkMs} ms CPU`,
);
if (missed.length > 0) {
  console.log(`missed: ${missed.join(', ')}`);
  // Shared CI machines are noisy: fail only when asked to.
  if (process.env.BENCH_STRICT === '1') process.exitCode = 1;
}

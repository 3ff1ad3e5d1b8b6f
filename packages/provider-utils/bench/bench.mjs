// Benchmark: @x/provider-utils (built dist). The cost of request() over a bare fetch + JSON.parse + zod parse
// with the same in-memory response, parseXml over fast-xml-parser used directly (the floor) on an Organik-style
// report and on the 2 MB answer to a 10 000-recipient send, and redaction of a response excerpt. Rounds are
// interleaved; medians and ratios are printed.
// Run: pnpm --filter @x/provider-utils bench   (or `pnpm bench` at the root, which builds first)
import { maskPhoneNumbersInText } from '@x/messaging-core';
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';
import { runInterleaved } from '../../../tooling/bench.mjs';

const utils = await import('../dist/index.js');
const xml = await import('../dist/xml.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const KEY = 'ce136df4c9c92d1428e828aba07d3b05';

const balanceJson = JSON.stringify({ response: { result: true, data: { tl: 125.5, credit: '325761' } } });
const balanceSchema = z.object({
  response: z.object({ data: z.object({ tl: z.coerce.number(), credit: z.coerce.number() }) }),
});
const fetch = async () => new Response(balanceJson, { headers: { 'content-type': 'application/json' } });
const url = `https://organikapi.com/v2/${KEY}/balance/`;

const items = Array.from(
  { length: 200 },
  (_, index) =>
    `<item><id>${1000 + index}</id><gsm>90532${String(1000000 + index)}</gsm><status>1</status>` +
    `<finish_date>2026-11-23 10:${String(index % 60).padStart(2, '0')}:00</finish_date><parts>1</parts></item>`,
);
const reportXml = `<?xml version="1.0" encoding="UTF-8"?><response><result>1</result><data>${items.join('')}</data></response>`;
const isArray = (_name, path) => path === 'response.data.item';
const rawParser = new XMLParser({ parseTagValue: false, isArray: (name, path) => isArray(name, path) });
const sendRows = Array.from(
  { length: 10_000 },
  (_, index) =>
    `<item><request_gsm>${905320000000 + index}</request_gsm><gsm>${905320000000 + index}</gsm>` +
    `<gsm_track_id>16502030-${4730 + index}-${63032793 + index}</gsm_track_id><tl_amount>0</tl_amount>` +
    '<sms_count>1</sms_count><credit_amount>1</credit_amount></item>',
);
const sendXml =
  '<?xml version="1.0" encoding="UTF-8"?><response><data><result>1</result><deliveries><item><track_id/>' +
  `<transaction_id>16502030</transaction_id><valid>${sendRows.join('')}</valid><invalid/></item></deliveries>` +
  '</data></response>';
// The options Organik used with fast-xml-parser alone, the floor of reading this answer.
const orderedParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  processEntities: false,
  trimValues: true,
  maxNestedTags: 32,
  jPath: false,
});
const body = `{"error":"invalid","detail":"${'x'.repeat(1800)} /v2/${KEY}/ gsm 905321234567"}`;

let sink = 0;
const REQUESTS = 2_000;
const XML_PARSES = 200;
const BIG_XML_PARSES = 2;
const REDACTIONS = 20_000;
const redact = utils.createRedactor([KEY]);

const cases = [
  {
    name: 'fetch + JSON.parse + zod (baseline)',
    count: REQUESTS,
    async run() {
      for (let index = 0; index < REQUESTS; index++) {
        const response = await fetch(url, { method: 'GET' });
        sink += balanceSchema.parse(JSON.parse(await response.text())).response.data.credit;
      }
    },
  },
  {
    name: 'request() + createJsonResponseHandler',
    count: REQUESTS,
    baseline: 0,
    async run() {
      for (let index = 0; index < REQUESTS; index++) {
        const { value } = await utils.request({
          providerId: 'organik',
          url,
          method: 'GET',
          secrets: [KEY],
          idempotent: true,
          fetch,
          successfulResponseHandler: utils.createJsonResponseHandler(balanceSchema),
          failedResponseHandler: utils.createStatusCodeErrorResponseHandler(),
        });
        sink += value.response.data.credit;
      }
    },
  },
  {
    name: 'fast-xml-parser parse, 200-item report (baseline)',
    count: XML_PARSES,
    run() {
      for (let index = 0; index < XML_PARSES; index++)
        sink += rawParser.parse(reportXml).response.data.item.length;
    },
  },
  {
    name: 'parseXml (no DOCTYPE, depth limit, truncation check), 200-item report',
    count: XML_PARSES,
    baseline: 2,
    run() {
      for (let index = 0; index < XML_PARSES; index++) {
        sink += xml.parseXml(reportXml, { isArray }).response.data.item.length;
      }
    },
  },
  {
    name: 'fast-xml-parser parse (ordered), 10 000-row send answer (baseline)',
    count: BIG_XML_PARSES,
    run() {
      for (let index = 0; index < BIG_XML_PARSES; index++) sink += orderedParser.parse(sendXml).length;
    },
  },
  {
    name: 'parseXml (listItemName, no attributes), 10 000-row send answer',
    count: BIG_XML_PARSES,
    baseline: 4,
    run() {
      for (let index = 0; index < BIG_XML_PARSES; index++) {
        const value = xml.parseXml(sendXml, { listItemName: 'item', attributes: false, maxDepth: 32 });
        sink += value.response.data.deliveries[0].valid.length;
      }
    },
  },
  {
    name: 'redactText + mask + excerpt of a 2 KB body',
    count: REDACTIONS,
    run() {
      for (let index = 0; index < REDACTIONS; index++) {
        sink += utils.excerpt(maskPhoneNumbersInText(utils.redactText(body, [KEY]))).length;
      }
    },
  },
  {
    name: 'the same with a redactor built once (createRedactor)',
    count: REDACTIONS,
    baseline: 6,
    run() {
      for (let index = 0; index < REDACTIONS; index++) {
        sink += utils.excerpt(maskPhoneNumbersInText(redact(body))).length;
      }
    },
  },
];

await runInterleaved(cases, ROUNDS);
console.log(
  `rounds=${ROUNDS} node=${process.version} xml=${reportXml.length} bytes (${sink > 0 ? 'ok' : ''})`,
);

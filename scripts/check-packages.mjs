#!/usr/bin/env node
// Checks every publishable package the way the npm ecosystem will see it:
//   1. publint --strict              (package.json fields, exports, files)
//   2. attw --pack                    (types resolve under node10, node16-cjs, node16-esm and bundler)
//   3. selective install smoke test   (pack the package and its workspace dependencies, npm-install only
//                                      those tarballs into an empty folder outside the workspace, then
//                                      import() and require() it and call one real function)
// Usage: node scripts/check-packages.mjs [package-name ...]
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installAlone, listPackages, packAll, root, run } from './lib/workspace-packages.mjs';

const bin = (name) => path.join(root, 'node_modules', '.bin', name);

/**
 * One real call per package, run against the installed tarball. `m` is the loaded module; the
 * expression must return true. Keep each one small and meaningful.
 */
const SMOKE = {
  '@x/sms-segments': `(m) => m.calculate('Siparişiniz kargoya verildi').segments === 1 && m.calculate('Siparişiniz kargoya verildi').type === 'turkish' && m.calculate('a'.repeat(161)).segments === 2`,
  '@x/messaging-core': `(m) => m.normalizePhoneNumber('0532 123 45 67', { defaultCountry: 'TR' }) === '+905321234567'`,
  '@x/provider-utils': `(m) => m.redactText('https://h/v2/KEY123/balance/', ['KEY123']) === 'https://h/v2/***/balance/'`,
  '@x/organik': `(m) => m.organikApiKey('OrganikHaberlesme', 'mn_0g4R!') === 'ce136df4c9c92d1428e828aba07d3b05'`,
  '@x/bulutfon': `(m) => m.encodeBulutfonAttachment(new Uint8Array([37, 80, 68, 70]), { fileName: 'a.pdf', contentType: 'application/pdf' }) === 'data:application/pdf;name:a.pdf;base64:JVBERg=='`,
  '@x/order-notifications': `(m) => m.parseNotificationConfig({ shops: { demo: { name: 'Demo', provider: 'sms' } } }).shops.demo.rules.status.completed.enabled === true && m.renderTemplate('Merhaba {first_name}', { first_name: 'Ayşe' }) === 'Merhaba Ayşe'`,
};

async function step(label, fn) {
  try {
    await fn();
    console.log(`  ok   ${label}`);
    return true;
  } catch (error) {
    const output = [error.stdout, error.stderr].filter(Boolean).join('\n').trim();
    console.log(`  FAIL ${label}\n${(output || String(error.message)).replace(/^/gm, '       ')}`);
    return false;
  }
}

async function main() {
  const packages = await listPackages();
  const only = process.argv.slice(2);
  const names = [...packages.keys()].filter((name) => only.length === 0 || only.includes(name));
  const work = await mkdtemp(path.join(tmpdir(), 'x-check-packages-'));
  const tarballs = await packAll(packages, path.join(work, 'tarballs'));
  let failed = 0;

  for (const name of names) {
    const { dir } = packages.get(name);
    console.log(name);
    const checks = [
      step('publint --strict', () => run(bin('publint'), ['--strict'], { cwd: dir })),
      step('attw --pack (node10, node16-cjs, node16-esm, bundler)', () =>
        run(bin('attw'), ['--pack', '.', '--format', 'ascii'], { cwd: dir }),
      ),
    ];
    const ok = await Promise.all(checks);
    const smoke = await step('selective install, import() and require()', async () => {
      const expression = SMOKE[name];
      if (!expression) throw new Error(`no smoke call is declared for ${name} in scripts/check-packages.mjs`);
      const target = await mkdtemp(path.join(work, 'install-'));
      await writeFile(path.join(target, 'package.json'), '{ "name": "smoke", "private": true }\n');
      await installAlone(name, packages, tarballs, target);
      const esm = `import * as m from ${JSON.stringify(name)};\nif (!((${expression})(m))) { console.error('smoke call returned false'); process.exit(1); }\n`;
      const cjs = `const m = require(${JSON.stringify(name)});\nif (!((${expression})(m))) { console.error('smoke call returned false'); process.exit(1); }\n`;
      await writeFile(path.join(target, 'smoke.mjs'), esm);
      await writeFile(path.join(target, 'smoke.cjs'), cjs);
      await run(process.execPath, ['smoke.mjs'], { cwd: target });
      await run(process.execPath, ['smoke.cjs'], { cwd: target });
    });
    if (!ok.every(Boolean) || !smoke) failed++;
  }

  await rm(work, { recursive: true, force: true });
  console.log(`\n${names.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

await main();

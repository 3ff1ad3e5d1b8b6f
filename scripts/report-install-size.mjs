#!/usr/bin/env node
// Reports what installing each published package alone costs a user: the package is packed with its workspace
// dependencies (as npm would download them), npm-installed into an empty folder outside the workspace with its
// production dependencies, and the files under node_modules are added up, in total and per installed package.
// Report only: it fails only when a package cannot be installed. Needs the packages built (`turbo run build`).
// Usage: node scripts/report-install-size.mjs [package-name ...]
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installAlone, listPackages, packAll } from './lib/workspace-packages.mjs';

const KB = 1024;

/** The bytes of every file under `dir` (symbolic links not followed). */
async function folderSize(dir) {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await folderSize(file);
    else if (entry.isFile()) total += (await stat(file)).size;
  }
  return total;
}

/** The installed packages directly under `node_modules` (`zod`, `@x/organik`...), with their sizes. */
async function installedPackages(nodeModules) {
  const sizes = [];
  for (const entry of await readdir(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const names = entry.name.startsWith('@')
      ? (await readdir(path.join(nodeModules, entry.name))).map((name) => `${entry.name}/${name}`)
      : [entry.name];
    for (const name of names) sizes.push({ name, bytes: await folderSize(path.join(nodeModules, name)) });
  }
  return sizes.sort((a, b) => b.bytes - a.bytes);
}

function size(bytes) {
  return bytes >= KB * KB ? `${(bytes / KB / KB).toFixed(1)} MB` : `${(bytes / KB).toFixed(1)} KB`;
}

async function main() {
  const packages = await listPackages();
  const only = process.argv.slice(2);
  const names = [...packages.keys()].filter((name) => only.length === 0 || only.includes(name));
  const work = await mkdtemp(path.join(tmpdir(), 'x-install-size-'));
  let failed = 0;
  try {
    const tarballs = await packAll(packages, path.join(work, 'tarballs'));
    for (const name of names) {
      const target = await mkdtemp(path.join(work, 'install-'));
      await writeFile(path.join(target, 'package.json'), '{ "name": "install-size", "private": true }\n');
      try {
        await installAlone(name, packages, tarballs, target);
      } catch (error) {
        console.log(`${name}\n  FAIL could not be installed: ${error.stderr || error.message}`);
        failed++;
        continue;
      }
      const nodeModules = path.join(target, 'node_modules');
      const installed = await installedPackages(nodeModules);
      console.log(`${name}: ${size(await folderSize(nodeModules))} installed, ${installed.length} packages`);
      for (const { name: dependency, bytes } of installed)
        console.log(`  ${size(bytes).padStart(9)}  ${dependency}`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  console.log(
    `\nsizes are the bytes of the installed files (1 KB = 1024 bytes)${failed ? `; ${failed} failed` : ''}`,
  );
  process.exit(failed === 0 ? 0 : 1);
}

await main();

// The published packages of the workspace, and packing them as npm would see them. Shared by the check scripts.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);

/** The repository's root folder. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The publishable packages under packages/, by name: `{ dir, manifest }`.
 * @returns {Promise<Map<string, { dir: string, manifest: Record<string, any> }>>}
 */
export async function listPackages() {
  const result = new Map();
  for (const dir of await readdir(path.join(root, 'packages'))) {
    const file = path.join(root, 'packages', dir, 'package.json');
    const manifest = JSON.parse(await readFile(file, 'utf8').catch(() => 'null'));
    if (manifest && !manifest.private) result.set(manifest.name, { dir: path.dirname(file), manifest });
  }
  return result;
}

/** `name` and the workspace packages it depends on at run time, transitively. */
export function workspaceClosure(name, packages, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const { manifest } = packages.get(name);
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (packages.has(dep)) workspaceClosure(dep, packages, seen);
  }
  return seen;
}

/** How to run pnpm: from the PATH (CI installs it), else the version the root manifest pins, through npx. */
async function pnpmCommand() {
  const onPath = await run('pnpm', ['--version']).then(
    () => true,
    () => false,
  );
  if (onPath) return ['pnpm', []];
  const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  return ['npx', ['-y', manifest.packageManager]];
}

/**
 * Packs every package once into `destination` (`pnpm pack` rewrites `workspace:^` ranges to real versions).
 * @returns {Promise<Map<string, string>>} the tarball of each package, by name
 */
export async function packAll(packages, destination) {
  await mkdir(destination, { recursive: true });
  const [command, prefix] = await pnpmCommand();
  const tarballs = new Map();
  for (const [name, { dir }] of packages) {
    const { stdout } = await run(command, [...prefix, 'pack', '--pack-destination', destination], {
      cwd: dir,
    });
    const tarball = stdout.trim().split('\n').pop().trim();
    tarballs.set(name, path.isAbsolute(tarball) ? tarball : path.join(destination, path.basename(tarball)));
  }
  return tarballs;
}

/** Installs the tarballs of `name` and of its workspace dependencies into `target` (an empty folder) with npm. */
export async function installAlone(name, packages, tarballs, target) {
  const needed = [...workspaceClosure(name, packages)].map((dep) => tarballs.get(dep));
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=dev', ...needed], {
    cwd: target,
  });
}

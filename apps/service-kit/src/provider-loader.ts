import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProviderDescriptorV1, ValidationIssue } from '@x/messaging-core';
import type { ProviderReference } from './service-config';

/** Where a shop's provider descriptor comes from, once its reference is read. */
export type ProviderSource =
  | { kind: 'built-in'; id: string }
  | { kind: 'package'; name: string }
  | { kind: 'module'; file: string };

/** A shop's reference, read: where the descriptor comes from and the options to create it with. */
export interface ReadReference {
  source: ProviderSource;
  options: unknown;
}

const PACKAGE_NAME = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/;

/**
 * Reads a shop's provider reference. A string is a module path when it starts with `./`, `../` or `/`, a built-in
 * provider's id when one has it, and a package name otherwise.
 * @param reference - as the configuration file wrote it
 * @param builtInIds - the ids of the built-in providers
 * @param baseDir - the configuration file's folder
 * @returns the source, or an issue message
 */
export function readReference(
  reference: ProviderReference,
  builtInIds: ReadonlySet<string>,
  baseDir: string,
): ReadReference | string {
  const given = typeof reference === 'string' ? {} : reference;
  const name = typeof reference === 'string' ? reference : undefined;
  const options = typeof reference === 'string' ? undefined : reference.options;
  const modulePath = given.module ?? (name !== undefined && /^\.{0,2}\//.test(name) ? name : undefined);
  if (modulePath !== undefined) {
    return { source: { kind: 'module', file: path.resolve(baseDir, modulePath) }, options };
  }
  const id = given.id ?? (name !== undefined && builtInIds.has(name) ? name : undefined);
  if (id !== undefined) {
    if (!builtInIds.has(id)) {
      return `unknown provider id "${id}"; built in: ${[...builtInIds].join(', ') || 'none'} (or name a package or a module)`;
    }
    return { source: { kind: 'built-in', id }, options };
  }
  const packageName = given.package ?? name ?? '';
  if (!PACKAGE_NAME.test(packageName)) {
    return `"${packageName}" is neither a built-in provider id (${[...builtInIds].join(', ')}), a package name nor a module path (./file.js)`;
  }
  return { source: { kind: 'package', name: packageName }, options };
}

const IMPORT_CONDITIONS = new Set(['import', 'node', 'default']);

/** The file an `exports` target leads to for `import()` under Node, following conditions in their order. */
function exportTarget(target: unknown, depth = 0): string | undefined {
  if (typeof target === 'string') return target;
  if (depth > 8 || typeof target !== 'object' || target === null || Array.isArray(target)) return undefined;
  for (const [condition, next] of Object.entries(target)) {
    if (!IMPORT_CONDITIONS.has(condition)) continue;
    const found = exportTarget(next, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The main entry of a package's manifest for `import()`: `exports["."]`, else `module`, `main`, `index.js`. */
function packageEntry(manifest: Record<string, unknown>): string {
  const exports = manifest.exports;
  const root =
    typeof exports === 'object' && exports !== null && !Array.isArray(exports) && '.' in exports
      ? (exports as Record<string, unknown>)['.']
      : exports;
  const fromExports = exportTarget(root);
  if (fromExports !== undefined) return fromExports;
  for (const field of ['module', 'main'] as const) {
    if (typeof manifest[field] === 'string') return manifest[field];
  }
  return 'index.js';
}

/**
 * Finds a package's entry file the way Node looks a bare specifier up: in `node_modules` of each folder from
 * `from` up to the root.
 * @param name - the package name (already checked)
 * @param from - the folders to look from, in order
 * @returns the entry file's absolute path, or `undefined` when no folder has the package
 */
export async function findPackageEntry(name: string, from: readonly string[]): Promise<string | undefined> {
  for (const start of from) {
    for (let folder = path.resolve(start); ; folder = path.dirname(folder)) {
      const packageDir = path.join(folder, 'node_modules', ...name.split('/'));
      const text = await readFile(path.join(packageDir, 'package.json'), 'utf8').catch(() => undefined);
      if (text !== undefined) {
        const manifest = JSON.parse(text) as Record<string, unknown>;
        return path.resolve(packageDir, packageEntry(manifest));
      }
      if (path.dirname(folder) === folder) break;
    }
  }
  return undefined;
}

/** Whether a module's `provider` export looks like a {@link ProviderDescriptorV1}. */
function isDescriptor(value: unknown): value is ProviderDescriptorV1 {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ProviderDescriptorV1>;
  return (
    candidate.specificationVersion === 'v1' &&
    typeof candidate.id === 'string' &&
    /^[a-z0-9][a-z0-9._-]{0,62}$/i.test(candidate.id) &&
    Array.isArray(candidate.env) &&
    candidate.env.every(
      (variable) => typeof variable?.name === 'string' && typeof variable.secret === 'boolean',
    ) &&
    typeof candidate.createSms === 'function'
  );
}

/**
 * Imports a package or module and returns its `provider` export (on a CommonJS module: on its default export).
 * @param source - the package or module
 * @param searchFrom - where packages are looked up: the configuration file's folder, then the working directory
 * @returns the descriptor, or an issue message
 */
export async function importDescriptor(
  source: Exclude<ProviderSource, { kind: 'built-in' }>,
  searchFrom: readonly string[],
): Promise<ProviderDescriptorV1 | string> {
  const file = source.kind === 'module' ? source.file : await findPackageEntry(source.name, searchFrom);
  const what = source.kind === 'module' ? `module ${source.file}` : `package ${source.name}`;
  if (file === undefined) return `the ${what} is not installed (looked from ${searchFrom.join(', ')})`;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const message =
      error instanceof Error ? (error.message.split('\n')[0] ?? '').slice(0, 300) : String(error);
    return `cannot import the ${what}: ${message}`;
  }
  const exported = loaded.provider ?? (loaded.default as Record<string, unknown> | undefined)?.provider;
  if (!isDescriptor(exported)) {
    return `the ${what} exports no provider descriptor named "provider" (ProviderDescriptorV1 with createSms)`;
  }
  return exported;
}

/** An issue at a shop's provider key. */
export function providerIssue(
  shopId: string,
  message: string,
  rest: readonly PropertyKey[] = [],
): ValidationIssue {
  return { path: ['shops', shopId, 'provider', ...rest], message };
}

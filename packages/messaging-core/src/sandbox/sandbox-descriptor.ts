import { parseProviderOptions } from '../provider-descriptor-parse';
import type { ProviderDescriptorV1, StandardSchemaV1 } from '../provider-descriptor-v1';
import { createSandboxProvider } from './sandbox-provider';

/** The options a host's configuration can give the sandbox (all optional). */
export interface SandboxDescriptorOptions {
  /** Mark messages delivered at once (default `true`: a service has no one to call `deliverAll`). */
  autoDeliver: boolean;
  /** Sender ids; the first is the default (default `['SANDBOX']`). */
  senders?: string[];
  /** Starting credits (default 10 000). */
  balance?: number;
  /** Most segments per message (default 7). */
  maxSegments?: number;
}

type Issue = { message: string; path: PropertyKey[] };

const KEYS = new Set(['autoDeliver', 'senders', 'balance', 'maxSegments']);

function checkSandboxOptions(value: unknown): Issue[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ message: 'expected an object', path: [] }];
  }
  const options = value as Record<string, unknown>;
  const issues: Issue[] = Object.keys(options)
    .filter((key) => !KEYS.has(key))
    .map((key) => ({ message: `unknown key: ${key}`, path: [key] }));
  if (options.autoDeliver !== undefined && typeof options.autoDeliver !== 'boolean') {
    issues.push({ message: 'expected a boolean', path: ['autoDeliver'] });
  }
  const senders = options.senders;
  if (
    senders !== undefined &&
    !(
      Array.isArray(senders) &&
      senders.length > 0 &&
      senders.every((item) => typeof item === 'string' && item)
    )
  ) {
    issues.push({ message: 'expected a non-empty list of sender ids', path: ['senders'] });
  }
  for (const key of ['balance', 'maxSegments'] as const) {
    const number = options[key];
    if (number !== undefined && !(Number.isInteger(number) && (number as number) >= 1)) {
      issues.push({ message: 'expected a whole number of at least 1', path: [key] });
    }
  }
  return issues;
}

/** The sandbox's options schema, written by hand: messaging-core depends on no schema library at run time. */
const sandboxOptionsSchema: StandardSchemaV1<unknown, SandboxDescriptorOptions> = {
  '~standard': {
    version: 1,
    vendor: 'x-messaging',
    validate(value) {
      const input = value ?? {};
      const issues = checkSandboxOptions(input);
      if (issues.length > 0) return { issues };
      const options = input as Partial<SandboxDescriptorOptions>;
      return { value: { ...options, autoDeliver: options.autoDeliver ?? true } };
    },
  },
};

/**
 * The sandbox's descriptor: the in-memory provider that records every message and sends nothing, under the id
 * `sandbox`. It reads no environment variable. Hosts such as the order-notification service list it among their
 * built-in providers.
 */
export const provider: ProviderDescriptorV1 = {
  specificationVersion: 'v1',
  id: 'sandbox',
  description: 'In-memory sandbox: records every message, sends nothing',
  env: [],
  optionsSchema: sandboxOptionsSchema,
  createSms({ options }) {
    const parsed = parseProviderOptions('sandbox', sandboxOptionsSchema, options);
    return createSandboxProvider(parsed);
  },
};

import type { SmsProviderV1 } from './sms-provider/v1/sms-provider-v1';
import type { VoiceProviderV1 } from './voice-provider/v1/voice-provider-v1';

/**
 * The Standard Schema interface (standardschema.dev), version 1: zod, valibot and arktype schemas implement it,
 * so a descriptor can hand its options schema to a host without the host depending on a schema library.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) => StandardSchemaV1Result<Output> | Promise<StandardSchemaV1Result<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** What a {@link StandardSchemaV1} validation returns: the value, or the issues. */
export type StandardSchemaV1Result<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string;
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
      }>;
    };

/** One environment variable a provider package reads. */
export interface ProviderEnvVariableV1 {
  /** The variable's name (`ORGANIK_API_KEY`). */
  readonly name: string;
  /** What it holds, for people (`Organik API key: 32 hexadecimal characters`). */
  readonly description: string;
  /** Whether the value is a secret. Hosts keep secrets out of every log line, error and page. */
  readonly secret: boolean;
}

/** What a host passes to {@link ProviderDescriptorV1.createSms} and {@link ProviderDescriptorV1.createVoice}. */
export interface ProviderCreateInputV1 {
  /** The provider's options from the host's configuration file, as written (not validated yet). */
  readonly options: unknown;
  /** The environment; a descriptor reads only the variables it declares in `env`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Where the host accepts delivery reports pushed by the provider for this instance, when it does (the service:
   * `POST /webhooks/<id>/reports/<shop>/<token>`). A provider whose API sends reports to a URL given with each
   * message passes it along; others ignore it. It carries a secret token: never log it.
   */
  readonly reportUrl?: string;
}

/**
 * A provider package's description of itself, so that a host (such as the order-notification service) can use
 * it by configuration alone, without knowing the vendor: its id, the options it takes (non-secret, a base URL
 * among them), the environment variables it reads with the secret ones marked, and how to create its SMS
 * provider, its voice provider, or both.
 *
 * A provider package exports one descriptor from its main entry, named `provider`.
 *
 * @example
 * export const provider: ProviderDescriptorV1 = {
 *   specificationVersion: 'v1',
 *   id: 'acme',
 *   description: 'Acme SMS',
 *   env: [{ name: 'ACME_API_KEY', description: 'Acme API key', secret: true }],
 *   optionsSchema: acmeOptionsSchema,
 *   createSms: ({ options, env }) => createAcme({ ...parseAcmeOptions(options), apiKey: env.ACME_API_KEY }),
 * };
 */
export interface ProviderDescriptorV1 {
  /** The version of this contract the descriptor implements. */
  readonly specificationVersion: 'v1';
  /** The provider id, the same as the created providers' `providerId` (`'organik'`). */
  readonly id: string;
  /** One line for people (`Organik SMS API v2`). */
  readonly description: string;
  /** The environment variables the provider reads. */
  readonly env: readonly ProviderEnvVariableV1[];
  /** The schema of the options the `create…` functions accept, for hosts that show or check them first. */
  readonly optionsSchema?: StandardSchemaV1;
  /**
   * Validates the options and the form of the environment variables, then creates the SMS provider. Makes no
   * network call, so a host can call it at start and stop on a misconfiguration. Absent when the package has no
   * SMS provider.
   *
   * @throws ValidationError naming each bad option (path `['options', …]`) or variable (path `['env', NAME]`),
   *   never echoing a value
   */
  createSms?(input: ProviderCreateInputV1): SmsProviderV1;
  /** The same for the package's voice provider; absent when it has none. */
  createVoice?(input: ProviderCreateInputV1): VoiceProviderV1;
}

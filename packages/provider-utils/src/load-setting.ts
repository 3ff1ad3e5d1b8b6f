import { LoadSettingError } from '@x/messaging-core';

/** Options of {@link loadSetting} and {@link loadOptionalSetting}. */
export interface LoadSettingOptions {
  /** The value given in code; wins over the environment when it is a non-empty string. */
  value: string | undefined;
  /** The environment variable read when no value is given (`ORGANIK_API_KEY`). */
  envVar: string;
  /** The name of the option in the provider's settings (`apiKey`), used in the error message. */
  optionName: string;
  /** What the setting is, for the error message (`'Organik API key'`). */
  description: string;
}

function readEnvironment(name: string): string | undefined {
  const runtime = globalThis as { process?: { env?: Record<string, string | undefined> } };
  try {
    return runtime.process?.env?.[name];
  } catch {
    // Some runtimes throw on access to `process.env` without permission (Deno).
    return undefined;
  }
}

/**
 * Reads an optional setting: the given value, else the environment variable, else `undefined`. The environment is
 * read at call time (never at import) and only where `process.env` exists, so it is safe on edge runtimes.
 *
 * @param options - see {@link LoadSettingOptions}
 * @throws LoadSettingError when the value is given but is not a string
 */
export function loadOptionalSetting(options: LoadSettingOptions): string | undefined {
  const { value, envVar, optionName, description } = options;
  if (value !== undefined && value !== null) {
    if (typeof value !== 'string') {
      throw new LoadSettingError({
        message: `${description} must be a string: check the '${optionName}' option.`,
      });
    }
    if (value.length > 0) return value;
  }
  const fromEnvironment = readEnvironment(envVar);
  return fromEnvironment === undefined || fromEnvironment.length === 0 ? undefined : fromEnvironment;
}

/**
 * Reads a required setting (an API key, a token): the given value, else the environment variable. Call it when
 * the setting is needed (at request time), not when the provider is created, so a missing key fails the call
 * that needs it with a clear message. The message names the option and the variable, never the value.
 *
 * @param options - see {@link LoadSettingOptions}
 * @returns the setting
 * @throws LoadSettingError when the setting is given nowhere (or is not a string)
 *
 * @example
 * const apiKey = loadSetting({ value: settings.apiKey, envVar: 'ORGANIK_API_KEY', optionName: 'apiKey',
 *   description: 'Organik API key' });
 */
export function loadSetting(options: LoadSettingOptions): string {
  const setting = loadOptionalSetting(options);
  if (setting === undefined) {
    throw new LoadSettingError({
      message:
        `${options.description} is missing. Pass it with the '${options.optionName}' option or set the ` +
        `${options.envVar} environment variable.`,
    });
  }
  return setting;
}

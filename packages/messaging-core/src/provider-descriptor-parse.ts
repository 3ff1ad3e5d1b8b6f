import { ValidationError, type ValidationIssue } from './errors';
import type { StandardSchemaV1 } from './provider-descriptor-v1';
import { formatValidationIssues } from './validation-issues';

/**
 * Helpers for a provider descriptor's `createSms`: check the options against the descriptor's schema and the
 * form of the environment variables, and throw one {@link ValidationError} whose issues name the bad keys
 * (`['options', 'baseUrl']`, `['env', 'ACME_API_KEY']`) and never carry a value.
 */

/** The error a descriptor throws for bad options or variables; `target` is `'provider-settings'`. */
export function providerSettingsError(
  providerId: string,
  issues: readonly ValidationIssue[],
): ValidationError {
  return new ValidationError({
    message: `${providerId}: invalid settings (${formatValidationIssues(issues)})`,
    issues,
    target: 'provider-settings',
    providerId,
  });
}

function pathKey(segment: PropertyKey | { readonly key: PropertyKey }): PropertyKey {
  return typeof segment === 'object' && segment !== null ? segment.key : segment;
}

/**
 * Validates a descriptor's options with its Standard Schema (zod, valibot, arktype...). Absent options
 * (`undefined` or `null`) are validated as `{}`, so a schema's defaults apply.
 *
 * @param providerId - the descriptor's id, for the message
 * @param schema - the options schema; it must validate synchronously
 * @param options - the options as the host's configuration wrote them
 * @returns the validated options
 * @throws ValidationError with one issue per problem, each path starting with `'options'`
 */
export function parseProviderOptions<Output>(
  providerId: string,
  schema: StandardSchemaV1<unknown, Output>,
  options: unknown,
): Output {
  const result = schema['~standard'].validate(options ?? {});
  if (result instanceof Promise) {
    throw providerSettingsError(providerId, [
      { path: ['options'], message: 'the options schema must validate synchronously' },
    ]);
  }
  if (result.issues === undefined) return result.value;
  // Only the path and the message travel: a schema library may put the offending value on its issues.
  throw providerSettingsError(
    providerId,
    result.issues.map((issue) => ({
      path: ['options', ...(issue.path ?? []).map(pathKey)],
      message: issue.message,
    })),
  );
}

/** How one environment variable must look. */
export interface ProviderEnvRule {
  /** The form of a valid value; absent: any non-empty value. */
  readonly pattern?: RegExp;
  /** The form in words, for the message (`'32 hexadecimal characters'`). */
  readonly expected?: string;
}

/**
 * Reads the variables a descriptor declares and checks their form. Empty values count as unset.
 *
 * @param providerId - the descriptor's id, for the message
 * @param env - the environment the host passed
 * @param rules - each variable to read, with the form it must have
 * @returns the values that are set, by name
 * @throws ValidationError naming each malformed variable (path `['env', NAME]`), never its value
 */
export function readProviderEnv<Name extends string>(
  providerId: string,
  env: Readonly<Record<string, string | undefined>>,
  rules: Readonly<Record<Name, ProviderEnvRule>>,
): Partial<Record<Name, string>> {
  const values: Partial<Record<Name, string>> = {};
  const issues: ValidationIssue[] = [];
  for (const name of Object.keys(rules) as Name[]) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const rule: ProviderEnvRule = rules[name];
    if (rule.pattern && !rule.pattern.test(value)) {
      issues.push({ path: ['env', name], message: `${name} must be ${rule.expected ?? 'well-formed'}` });
    } else values[name] = value;
  }
  if (issues.length > 0) throw providerSettingsError(providerId, issues);
  return values;
}

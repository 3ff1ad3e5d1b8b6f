import { type $ZodRawIssue, type $ZodType, safeParse, type util } from 'zod/v4/core';

/**
 * Words a zod issue for people, the same way in every package (zod/mini ships no messages of its own, and zod's
 * English ones quote values). Only the expectation is described: an issue's input is never put in a message,
 * since it can be a token or a phone number. The one exception is a key that is not known, which is the caller's
 * own spelling (`unknown key: rejectLnk`). A message a schema gives itself (`z.minLength(1, 'must not be empty')`)
 * wins over these.
 * @param issue - the issue zod is about to report
 */
function describeZodIssue(issue: $ZodRawIssue): string {
  const unit = (origin: unknown) =>
    origin === 'string' ? ' characters' : origin === 'array' ? ' items' : '';
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'too_small':
      return `must be at least ${issue.minimum}${unit(issue.origin)}`;
    case 'too_big':
      return `must be at most ${issue.maximum}${unit(issue.origin)}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'has the wrong format' : `expected a valid ${issue.format}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'key' : 'keys'}: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'has the wrong type';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    default:
      return 'is not valid';
  }
}

/**
 * `safeParse(schema, value)` with the issues worded for people by what is expected, never by the value (see
 * `describeZodIssue` above), for a zod or zod/mini schema, without changing zod's global configuration. What
 * every package of this repository validates input and responses with; `@x/messaging-core`'s
 * `toValidationIssues` and `formatValidationIssues` then carry and list the issues.
 * @param schema - a zod 4 schema (`zod` or `zod/mini`)
 * @param value - the value to check
 */
export function safeParseWithMessages<T>(schema: $ZodType<T>, value: unknown): util.SafeParseResult<T> {
  return safeParse(schema, value, { error: describeZodIssue });
}

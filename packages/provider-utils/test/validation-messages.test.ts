import { formatValidationIssues, toValidationIssues } from '@x/messaging-core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as zm from 'zod/mini';
import { safeParseWithMessages } from '../src/index';

function described(schema: Parameters<typeof safeParseWithMessages>[0], value: unknown): string {
  const result = safeParseWithMessages(schema, value);
  if (result.success) return 'valid';
  return formatValidationIssues(toValidationIssues(result.error.issues));
}

describe('safeParseWithMessages', () => {
  const options = zm.strictObject({
    timeoutHours: zm.optional(zm.int().check(zm.minimum(1), zm.maximum(48))),
    format: zm.optional(zm.enum(['json', 'xml'])),
    sender: zm.optional(zm.string().check(zm.minLength(1, 'must not be empty'))),
    to: zm.optional(zm.array(zm.string()).check(zm.maxLength(2))),
  });

  it('words each problem by what is expected, never by the value given', () => {
    expect(
      described(options, {
        timeoutHours: 90,
        format: 'yaml',
        to: ['+905321234567', '+905301234567', '+905311234567'],
        timeoutHour: 1,
      }),
    ).toBe(
      'timeoutHours: must be at most 48; format: expected one of "json", "xml"; to: must be at most 2 items; (root): unknown key: timeoutHour',
    );
    expect(described(options, { timeoutHours: 'soon' })).toBe('timeoutHours: expected number');
  });

  it("keeps a schema's own message", () => {
    expect(described(options, { sender: '' })).toBe('sender: must not be empty');
  });

  it('words a classic zod schema the same way', () => {
    const classic = z.strictObject({ timeoutHours: z.number().int().max(48) });
    expect(described(classic, { timeoutHours: 90, x: 1 })).toBe(
      'timeoutHours: must be at most 48; (root): unknown key: x',
    );
  });

  it('returns the parsed value when it is valid', () => {
    expect(safeParseWithMessages(options, { timeoutHours: 24 })).toEqual({
      success: true,
      data: { timeoutHours: 24 },
    });
  });
});

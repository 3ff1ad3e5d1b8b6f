import type { ValidationIssue } from './errors';

/** An issue as schema libraries report it (a zod issue fits); extra fields such as the input are ignored. */
export interface IssueLike {
  /** Where the problem is. */
  readonly path: readonly PropertyKey[];
  /** What is wrong. */
  readonly message: string;
  /** A machine-readable code. */
  readonly code?: string | undefined;
}

/**
 * Keeps the path, message and code of each issue and drops the rest. Schema libraries may put the offending
 * input on an issue; that input can be a secret or a phone number, so it never travels further.
 *
 * @param issues - issues from a schema library (zod's `error.issues`) or built by hand
 * @param prefix - path to put in front of each issue's path (`['shops', 'demo']`)
 * @returns issues safe to put on a {@link ValidationError}
 */
export function toValidationIssues(
  issues: readonly IssueLike[],
  prefix: readonly PropertyKey[] = [],
): ValidationIssue[] {
  return issues.map((issue) => {
    const result: ValidationIssue = { path: [...prefix, ...issue.path], message: issue.message };
    return issue.code === undefined ? result : { ...result, code: issue.code };
  });
}

/**
 * Describes issues for people, one `path: message` per issue, separated by `; `
 * (`'shops.demo.provider: unknown provider; server.port: expected a number'`). An empty path reads `(root)`.
 *
 * @param issues - the issues
 * @param options - `max`: how many issues to describe before `(+N more)` (default all)
 */
export function formatValidationIssues(issues: readonly IssueLike[], options: { max?: number } = {}): string {
  const max = options.max ?? issues.length;
  const described = issues
    .slice(0, max)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`);
  if (issues.length > max) described.push(`(+${issues.length - max} more)`);
  return described.join('; ');
}

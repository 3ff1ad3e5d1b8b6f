import { formatValidationIssues, ValidationError, type ValidationIssue } from '@x/messaging-core';
import { AdminActionError, ConfigError } from '@x/order-notifications';
import type { FastifyReply } from 'fastify';
import { isProviderFailure, sendError } from '../http-errors';

/** One problem of a refused input, as the admin API answers it: a dotted path, a message, and for an unknown template variable the variable and its position. */
export interface AnswerIssue {
  path: string;
  message: string;
  variable?: string;
  index?: number;
}

/** The most issues an answer lists; the message counts the others. */
const MAX_ANSWER_ISSUES = 50;

function answerIssues(issues: readonly ValidationIssue[]): AnswerIssue[] {
  return issues.slice(0, MAX_ANSWER_ISSUES).map((issue) => {
    const extra = issue as { variable?: unknown; index?: unknown };
    return {
      path: issue.path.map(String).join('.'),
      message: issue.message,
      ...(typeof extra.variable === 'string' ? { variable: extra.variable } : {}),
      ...(typeof extra.index === 'number' ? { index: extra.index } : {}),
    };
  });
}

/**
 * Answers what the engine refused, or returns false for any other error (which the server answers 500):
 * - `AdminActionError` `not_found` → 404 (`notFoundCode`), its other codes → 409 with the same code;
 * - `ConfigError` and `ValidationError` → 400 (`invalidCode`) with `error.issues: [{ path, message, variable?,
 *   index? }]` (the first 50) and `error.message` listing them as `path: message; …` (`formatValidationIssues`,
 *   the others counted as `(+N more)`). Their messages name fields and variables, never values.
 * @param reply - the reply
 * @param error - what the engine threw
 * @param codes - the codes of this route's 404 and 400
 */
export function answerEngineError(
  reply: FastifyReply,
  error: unknown,
  codes: { notFound: string; invalid: string },
): boolean {
  if (AdminActionError.isInstance(error)) {
    if (error.code === 'not_found') sendError(reply, 404, codes.notFound, error.message);
    else sendError(reply, 409, error.code, error.message);
    return true;
  }
  if (isProviderFailure(error)) return false;
  if (ConfigError.isInstance(error) || ValidationError.isInstance(error)) {
    const message = formatValidationIssues(error.issues, { max: MAX_ANSWER_ISSUES }) || error.message;
    reply.code(400).send({ error: { code: codes.invalid, message, issues: answerIssues(error.issues) } });
    return true;
  }
  return false;
}

/**
 * Reads a page of a list with a cursor (the message log, the audit, opt-outs): what the engine refuses in the
 * query, such as a cursor it did not make (tampered, or another list's), answers 400 `invalid_query` with the
 * issues ({@link answerEngineError}) and gives undefined; any other error goes on to the server.
 * @param reply - the reply
 * @param read - reads the page from the engine
 */
export async function readPage<T>(reply: FastifyReply, read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (answerEngineError(reply, error, { notFound: 'not_found', invalid: 'invalid_query' }))
      return undefined;
    throw error;
  }
}

import { AppError, isAppError, type AppErrorCode } from "./app-error";
import { isDatabaseUnavailable } from "./database-unavailable";
import { noteDatabaseUnavailable } from "./database-outage";

/** What a person is shown for an error, and the HTTP status it is answered with. */
export type ErrorDescription = {
  code: AppErrorCode;
  status: number;
  title: string;
  userMessage: string;
  field: string | undefined;
  fieldErrors: Record<string, string> | undefined;
  retryAfterSeconds: number | undefined;
};

/**
 * The one translation of any thrown value into words and a status. An AppError says what it is; any
 * other error is a bug: it is logged here (once, with its stack) and the person reads a general
 * sentence that reveals nothing of it. A lost database connection is not a bug but an outage: it
 * reads UNAVAILABLE (503, "please try again"), logged in one line.
 */
export function describeError(error: unknown): ErrorDescription {
  const known = isAppError(error) ? error : unexpected(error);
  return {
    code: known.code,
    status: known.status,
    title: known.title,
    userMessage: known.userMessage,
    field: known.field,
    fieldErrors: known.fieldErrors,
    retryAfterSeconds: known.retryAfterSeconds,
  };
}

// While the database is away every request fails the same way: one line each, not a stack each.
const RETRY_AFTER_SECONDS = 10;

function unexpected(error: unknown): AppError {
  if (isDatabaseUnavailable(error)) {
    noteDatabaseUnavailable();
    console.error(
      `[database] unavailable: ${error instanceof Error ? error.message.trim().split("\n").at(-1) : error}`,
    );
    return new AppError("UNAVAILABLE", { cause: error, retryAfterSeconds: RETRY_AFTER_SECONDS });
  }
  console.error(error);
  return new AppError("INTERNAL", { cause: error });
}

import { AppError, isAppError, type AppErrorCode } from "./app-error";

/** What a person is shown for an error, and the HTTP status it is answered with. */
export type ErrorDescription = {
  code: AppErrorCode;
  status: number;
  title: string;
  userMessage: string;
  field: string | undefined;
  retryAfterSeconds: number | undefined;
};

/**
 * The one translation of any thrown value into words and a status. An AppError says what it is; any
 * other error is a bug: it is logged here (once, with its stack) and the person reads a general
 * sentence that reveals nothing of it.
 */
export function describeError(error: unknown): ErrorDescription {
  const known = isAppError(error) ? error : unexpected(error);
  return {
    code: known.code,
    status: known.status,
    title: known.title,
    userMessage: known.userMessage,
    field: known.field,
    retryAfterSeconds: known.retryAfterSeconds,
  };
}

function unexpected(error: unknown): AppError {
  console.error(error);
  return new AppError("INTERNAL", { cause: error });
}

import { ERROR_MESSAGES, type AppErrorCode } from "./error-messages";

export type { AppErrorCode } from "./error-messages";

export type AppErrorOptions = {
  /** What the person reading it should be told; without it, the code's general sentence. */
  userMessage?: string;
  /** The form field the problem belongs to, so the form shows it next to that field. */
  field?: string;
  /** Further problems of the same input, each with the field it belongs to (all shown at once). */
  fieldErrors?: Record<string, string>;
  /** Overrides the code's HTTP status, for the rare code used at more than one status. */
  status?: number;
  /** When a client should try again, in seconds (sent as Retry-After). */
  retryAfterSeconds?: number;
  cause?: unknown;
};

/**
 * An error the domain raises on purpose: a code (stable, for tests and API clients), a sentence for
 * a person, the field it belongs to and an HTTP status. `describeError` (lib/errors/describe-error.ts)
 * turns it, or any other error, into what a form or a response shows.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly title: string;
  readonly userMessage: string;
  readonly field: string | undefined;
  readonly fieldErrors: Record<string, string> | undefined;
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: AppErrorCode, options: AppErrorOptions = {}) {
    const known = ERROR_MESSAGES[code];
    const userMessage = options.userMessage ?? known.message;
    super(`${code}: ${userMessage}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.title = known.title;
    this.userMessage = userMessage;
    this.field = options.field;
    this.fieldErrors = options.fieldErrors;
    this.status = options.status ?? known.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

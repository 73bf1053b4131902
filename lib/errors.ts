// Errors the domain raises on purpose. Pages and route handlers turn a code into a sentence and an
// HTTP status in one place (lib/error-messages.ts); anything else is a bug and is logged.
export type AppErrorCode =
  | "NOT_FOUND"
  | "LINK_UNKNOWN"
  | "LINK_EXPIRED"
  | "LINK_REVOKED"
  | "AGREEMENT_VOIDED"
  | "ALREADY_SIGNED"
  | "ALREADY_DECLINED"
  | "NOT_SIGNABLE"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "INVALID_INPUT"
  | "RATE_LIMITED"
  | "LAST_ADMIN"
  | "SEAL_PENDING"
  | "SEAL_FAILED";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message?: string,
  ) {
    super(message ?? code);
    this.name = "AppError";
  }
}

export function isAppError(error: unknown, code?: AppErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

import "server-only";
import { AppError, isAppError } from "@/lib/errors/app-error";

/**
 * Runs an operation for an API handler. By then the body was JSON and passed the route's schema, so
 * an operation's own INVALID_INPUT (a rule that needs the stored record, e.g. a reissue's authors
 * that no longer include the corresponding author) is content the API cannot process: 422, with
 * the operation's sentence. 400 stays what it means in the API: a body that is not JSON.
 */
export async function unprocessableOnInvalid<T>(operation: Promise<T>): Promise<T> {
  try {
    return await operation;
  } catch (error) {
    if (!isAppError(error, "INVALID_INPUT") || error.status !== 400) throw error;
    throw new AppError("INVALID_INPUT", {
      status: 422,
      userMessage: error.userMessage,
      fieldErrors: error.fieldErrors,
      cause: error,
    });
  }
}

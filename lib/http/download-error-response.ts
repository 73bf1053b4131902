import "server-only";
import { isAppError } from "@/lib/errors";
import { errorResponse } from "./pdf-response";

/** errorResponse for PDF downloads: a seal still being prepared says when to come back. */
export function downloadErrorResponse(error: unknown) {
  const response = errorResponse(error);
  if (isAppError(error, "SEAL_PENDING")) response.headers.set("Retry-After", "60");
  return response;
}

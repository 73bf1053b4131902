import "server-only";
import { describeError } from "@/lib/errors/describe-error";

export type ErrorResponseOptions = {
  /** "text" (default) for downloads and pages a browser opens; "json" for routes a script of ours calls. */
  as?: "text" | "json";
};

/**
 * The one way any error becomes an HTTP response: the error's own status and its specific sentence
 * (an AppError's userMessage; anything else is logged by describeError and answered as INTERNAL),
 * with Retry-After when the error says when to come back. Never cached: it describes this moment.
 */
export function errorResponse(error: unknown, { as = "text" }: ErrorResponseOptions = {}): Response {
  const { code, status, title, userMessage, retryAfterSeconds } = describeError(error);
  const headers = new Headers({ "Cache-Control": "no-store" });
  if (retryAfterSeconds !== undefined) headers.set("Retry-After", String(retryAfterSeconds));
  if (as === "json") return Response.json({ error: userMessage, code }, { status, headers });
  headers.set("Content-Type", "text/plain; charset=utf-8");
  return new Response(`${title}\n\n${userMessage}\n`, { status, headers });
}
